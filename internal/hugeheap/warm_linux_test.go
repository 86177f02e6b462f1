package hugeheap

import (
	"bytes"
	"runtime"
	"syscall"
	"testing"
	"unsafe"
)

// TestWarm checks that Warm makes the first n bytes of the reserved range
// resident and no more, leaves what the heap holds there as it was, and
// that memory the heap hands out from the warmed range reads as zero.
func TestWarm(t *testing.T) {
	if !madviseMode() || !overcommits() {
		t.Skip("transparent huge pages are not in madvise mode here, or overcommit is strict: Reserve does nothing, nor Warm")
	}
	t.Setenv("GODEBUG", "")
	if !Reserve(256 << 20) {
		t.Fatal("Reserve(256 MiB) = false")
	}
	defer End()
	sp := reserved.Load()
	// A block the heap holds in the range's first 64 MiB, which Warm must
	// leave as it is: the heap fills memory freed before the range first.
	var kept []byte
	var held [][]byte
	for range 200 {
		kept = bytes.Repeat([]byte{0xab}, 1<<20)
		if a := uintptr(unsafe.Pointer(&kept[0])); a >= sp.beg && a < sp.beg+32<<20 {
			break
		}
		held = append(held, kept)
	}
	if a := uintptr(unsafe.Pointer(&kept[0])); a < sp.beg || a >= sp.beg+32<<20 {
		t.Fatalf("no block allocated in the first 32 MiB of the range Reserve marked (%#x-%#x)", sp.beg, sp.end)
	}
	Warm(64<<20, 19)
	got := Warmed()
	if got == 0 && warming.failed {
		t.Skip("the kernel has no MADV_POPULATE_WRITE (Linux 5.14)")
	}
	if got != 64<<20 {
		t.Fatalf("after Warm(64 MiB), %d bytes warmed", got)
	}
	if r := resident(t, sp.beg, 64<<20); r != 64<<20 {
		t.Errorf("after Warm(64 MiB), %d bytes of its first 64 MiB resident, want all", r)
	}
	if r := resident(t, sp.beg+128<<20, 64<<20); r != 0 {
		t.Errorf("after Warm(64 MiB), %d bytes resident 128 MiB into the range, want none", r)
	}
	Warm(32<<20, 19) // less than done: nothing to do
	if got := Warmed(); got != 64<<20 {
		t.Errorf("after Warm(32 MiB), %d bytes warmed, want still 64 MiB", got)
	}
	if bytes.Count(kept, []byte{0xab}) != len(kept) {
		t.Error("Warm changed memory the heap held")
	}
	block := make([]byte, 16<<20)
	if bytes.Count(block, []byte{0}) != len(block) {
		t.Error("a block allocated after Warm does not read as zero")
	}
	Warm(0, 0) // no more memory: only the priority
	if warming.nice != 0 || Warmed() != 64<<20 {
		t.Errorf("after Warm(0, 0): nice %d, %d bytes warmed; want nice 0, still 64 MiB", warming.nice, Warmed())
	}
	Warm(64<<20+1, 0) // up to a whole huge page, on a thread of normal priority
	if got := Warmed(); got != 66<<20 {
		t.Errorf("after Warm(64 MiB + 1 byte), %d bytes warmed, want 66 MiB", got)
	}
	End()
	Warm(128<<20, 19) // once unmarked: nothing to do
	if got := Warmed(); got != 66<<20 {
		t.Errorf("Warm after End warmed up to %d bytes, want still 66 MiB", got)
	}
	runtime.KeepAlive(kept)
	runtime.KeepAlive(held)
}

// resident returns how many bytes of the n from address a are resident
// (mincore(2)).
func resident(t *testing.T, a, n uintptr) uintptr {
	t.Helper()
	page := uintptr(syscall.Getpagesize())
	vec := make([]byte, (n+page-1)/page)
	if _, _, errno := syscall.Syscall(syscall.SYS_MINCORE, a, n, uintptr(unsafe.Pointer(&vec[0]))); errno != 0 {
		t.Fatalf("mincore: %v", errno)
	}
	var r uintptr
	for _, v := range vec {
		if v&1 != 0 {
			r += page
		}
	}
	return r
}
