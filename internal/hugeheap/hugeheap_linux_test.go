package hugeheap

import (
	"bufio"
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"
	"unsafe"
)

func TestDisabled(t *testing.T) {
	for _, c := range []struct {
		godebug string
		want    bool
	}{
		{"", false},
		{"disablethp=1", true},
		{"disablethp=0", false},
		{"gctrace=1,disablethp=1", true},
		{"disablethp=1,disablethp=0", false},
		{"madvdontneed=1", false},
	} {
		if got := disabled(c.godebug); got != c.want {
			t.Errorf("disabled(%q) = %v, want %v", c.godebug, got, c.want)
		}
	}
}

// reserveRuns counts TestReserve's runs in this process.
var reserveRuns int

// TestReserve checks that memory the heap hands out after Reserve lies
// in a mapping marked for huge pages ("hg" in its VmFlags), and marked
// against them ("nh") after End.
func TestReserve(t *testing.T) {
	if !madviseMode() || !overcommits() {
		t.Skip("transparent huge pages are not in madvise mode here, or overcommit is strict: Reserve does nothing")
	}
	if reserveRuns++; reserveRuns > 1 {
		// With -count=2, the heap's free memory left by the first run (in
		// the range End unmarked) serves the block before the new range.
		t.Skip("Reserve is made once per process, at its start; this process has run it already")
	}
	t.Setenv("GODEBUG", "")
	if !Reserve(64 << 20) {
		t.Fatal("Reserve(64 MiB) = false")
	}
	block := make([]byte, 16<<20)
	for i := 0; i < len(block); i += 4096 {
		block[i] = 1
	}
	flags, err := vmFlags(uintptr(unsafe.Pointer(&block[len(block)/2])))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(" "+flags+" ", " hg ") {
		t.Errorf("a block allocated after Reserve lies in a mapping with VmFlags %q, without hg", flags)
	}
	End()
	if flags, err = vmFlags(uintptr(unsafe.Pointer(&block[len(block)/2]))); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(" "+flags+" ", " nh ") || strings.Contains(" "+flags+" ", " hg ") {
		t.Errorf("after End, the block lies in a mapping with VmFlags %q, want nh and no hg", flags)
	}
	End() // a second End does nothing
}

// TestSettle checks that Settle leaves the range marked while the heap
// grows and unmarks it once collections leave the heap goal as it was.
func TestSettle(t *testing.T) {
	if !madviseMode() || !overcommits() {
		t.Skip("transparent huge pages are not in madvise mode here, or overcommit is strict: Reserve does nothing")
	}
	t.Setenv("GODEBUG", "")
	if !Reserve(256 << 20) {
		t.Fatal("Reserve(256 MiB) = false")
	}
	sp := reserved.Load()
	defer End()
	settle.cycles, settle.goal = 0, 0 // what an earlier test left
	runtime.GC()
	Settle()
	var blocks [][]byte
	for range 3 { // the live heap doubles each time: not settled
		blocks = append(blocks, make([]byte, 8<<20<<len(blocks)))
		runtime.GC()
		Settle()
		if reserved.Load() == nil {
			t.Fatalf("after %d MiB more live heap and a collection, Settle unmarked the range", 8<<(len(blocks)-1))
		}
	}
	for range 3 { // nothing allocated: settled
		runtime.GC()
		Settle()
	}
	if reserved.Load() != nil {
		t.Fatal("after collections that left the heap as it was, Settle left the range marked")
	}
	flags, err := vmFlags(sp.beg)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(" "+flags+" ", " nh ") {
		t.Errorf("after Settle ended the marking, the range has VmFlags %q, want nh", flags)
	}
	runtime.KeepAlive(blocks)
}

func TestReserveDisabled(t *testing.T) {
	t.Setenv("GODEBUG", "disablethp=1")
	if Reserve(64 << 20) {
		t.Error("Reserve with GODEBUG=disablethp=1 = true")
	}
}

// vmFlags returns the VmFlags of the mapping holding address a.
func vmFlags(a uintptr) (string, error) {
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		return "", err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	in := false
	for sc.Scan() {
		line := sc.Text()
		var lo, hi uintptr
		if n, _ := fmt.Sscanf(line, "%x-%x", &lo, &hi); n == 2 && strings.Contains(line, " ") {
			in = lo <= a && a < hi
			continue
		}
		if in && strings.HasPrefix(line, "VmFlags:") {
			return strings.TrimSpace(strings.TrimPrefix(line, "VmFlags:")), nil
		}
	}
	return "", fmt.Errorf("no mapping holds %#x", a)
}
