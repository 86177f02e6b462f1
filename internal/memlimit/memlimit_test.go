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
