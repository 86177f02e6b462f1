package memlimit

import (
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

func TestLimit(t *testing.T) {
	const low, high = 1400 << 20, 2304 << 20
	for _, c := range []struct {
		live, want int64
	}{
		{0, low},
		{200 << 20, low},
		{900 << 20, low},         // 1.5 × 900 MiB is under low
		{1000 << 20, 1500 << 20}, // raised: collections at most twice as often
		{1500 << 20, 2250 << 20},
		{1600 << 20, high},             // 2400 MiB would pass high
		{3000 << 20, high},             // live data above high: the limit stays
		{(high * 2 / 3) - 2, high - 3}, // just under two thirds of high
	} {
		if got := Limit(c.live, low, high); got != c.want {
			t.Errorf("Limit(%d MiB) = %d MiB, want %d MiB", c.live>>20, got>>20, c.want>>20)
		}
	}
}

// TestFollow checks that the limit starts at low and follows the live
// heap after collections, and stays where it is once stopped.
func TestFollow(t *testing.T) {
	prev := debug.SetMemoryLimit(-1)
	defer debug.SetMemoryLimit(prev)
	const low, high = 8 << 20, 1 << 30
	stop := Follow(low, high)
	if got := debug.SetMemoryLimit(-1); got != low {
		t.Fatalf("limit after Follow = %d, want %d", got, low)
	}
	live := make([]byte, 64<<20) // 64 MiB of live data: the limit must pass 96 MiB
	for i := range live {
		live[i] = byte(i)
	}
	deadline := time.Now().Add(time.Minute)
	for debug.SetMemoryLimit(-1) < 96<<20 {
		if time.Now().After(deadline) {
			t.Fatalf("the limit is still %d bytes after collections with 64 MiB live", debug.SetMemoryLimit(-1))
		}
		runtime.GC()
		time.Sleep(time.Millisecond)
	}
	runtime.KeepAlive(live)
	stop()
	debug.SetMemoryLimit(123 << 20)
	for range 3 {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	if got := debug.SetMemoryLimit(-1); got != 123<<20 {
		t.Errorf("limit after stop and collections = %d, want it left at %d", got, 123<<20)
	}
}

func TestBoosted(t *testing.T) {
	const ceiling = 1 << 30
	for _, c := range []struct {
		live    int64
		percent int
		want    bool
	}{
		{0, 200, true},
		{300 << 20, 200, true},  // 900 MiB
		{341 << 20, 200, true},  // 1023 MiB
		{342 << 20, 200, false}, // 1026 MiB
		{512 << 20, 100, true},  // 1 GiB exactly
		{2 << 30, 200, false},   // a 100,000-brief book
		{100 << 20, 900, true},  // 1000 MiB
		{103 << 20, 900, false}, // 1030 MiB
	} {
		if got := Boosted(c.live, c.percent, ceiling); got != c.want {
			t.Errorf("Boosted(%d MiB, %d) = %v, want %v", c.live>>20, c.percent, got, c.want)
		}
	}
}

// gcPercent returns GOGC as the runtime has it.
func gcPercent() int {
	v := debug.SetGCPercent(100)
	debug.SetGCPercent(v)
	return v
}

// TestBoost checks that GOGC is raised, set back once the live heap is
// too large for the ceiling, and restored by stop.
func TestBoost(t *testing.T) {
	prev := debug.SetGCPercent(70)
	defer debug.SetGCPercent(prev)
	stop := Boost(300, 128<<20)
	if got := gcPercent(); got != 300 {
		t.Fatalf("GOGC after Boost = %d, want 300", got)
	}
	live := make([]byte, 64<<20) // 4 × 64 MiB is over the ceiling
	for i := range live {
		live[i] = byte(i)
	}
	deadline := time.Now().Add(time.Minute)
	for gcPercent() != 70 {
		if time.Now().After(deadline) {
			t.Fatalf("GOGC is still %d after collections with 64 MiB live", gcPercent())
		}
		runtime.GC()
		time.Sleep(time.Millisecond)
	}
	runtime.KeepAlive(live)
	live = nil
	for gcPercent() != 300 {
		if time.Now().After(deadline) {
			t.Fatalf("GOGC is still %d after the live data was freed", gcPercent())
		}
		runtime.GC()
		time.Sleep(time.Millisecond)
	}
	stop()
	if got := gcPercent(); got != 70 {
		t.Errorf("GOGC after stop = %d, want 70", got)
	}
	runtime.GC()
	time.Sleep(10 * time.Millisecond)
	if got := gcPercent(); got != 70 {
		t.Errorf("GOGC after stop and a collection = %d, want 70", got)
	}
}
