// Package hugeheap lets the Go heap be backed by transparent huge pages on
// Linux systems that give them only to memory that asks for them.
//
// The Go runtime takes memory from the kernel in 4 KiB pages, and touching
// each page for the first time costs a page fault. On the virtual machines
// this project is measured on, a fault costs about 20 µs (a native one
// well under 1 µs): opening a 10,000-brief book for the live preview
// touches about 300 MB, some 72,000 faults, about a quarter of its CPU
// time. A transparent huge page is 2 MiB, one fault for 512 small pages.
// Most Linux distributions set transparent huge pages to "madvise": only
// memory marked with madvise(MADV_HUGEPAGE) gets them, and the Go runtime
// no longer marks its heap (it did in Go 1.21.0 only). [Reserve] marks
// the address space the heap grows into next: it makes the heap grow by
// a block of that size, marks it, and frees it, so that the runtime
// hands it out again for the allocations that follow.
//
// Huge pages do not make memory cheap to touch the first time on a
// virtual machine whose hypervisor takes back the memory the guest frees
// (see [Warm]); [Warm] makes the reserved range resident ahead of use, in
// the background, for a process that knows the size its heap will reach.
package hugeheap

import (
	"runtime/metrics"
	"sync"
)

// maxReserve bounds the reservation: address space only, but the kernel
// refuses a mapping much larger than the machine's memory.
const maxReserve = 4 << 30

// Size returns the reservation [Reserve] makes by default: a quarter of the
// machine's memory, at most 4 GiB; 0 where the reservation is not made
// (see [Reserve]).
func Size() int64 {
	total := memTotal()
	if total <= 0 {
		return 0
	}
	return min(total/4, maxReserve)
}

// settleGrowth is how much the heap goal may grow between two collections
// for the heap to count as settled at its working size (10%).
const settleGrowth = 0.10

// settle is what Settle saw at its previous call.
var settle struct {
	sync.Mutex
	cycles, goal uint64
}

// Settle calls [End] once the heap has settled at its working size: at
// the first call that finds a collection ended since the previous call
// and a heap goal at most 10% above the goal it found then. A process
// that goes on running after its big allocations (the live preview, which
// makes a new version of the book at each change) calls it after each
// unit of work instead of End: the memory it takes as its heap grows to
// twice the live data then still comes in huge pages, a page fault per 2
// MiB and not per 4 KiB (at 10,000 briefs, the first edits after the
// book is opened allocate some 16 MB each in memory never touched before,
// 3,000 faults costing more than the edit's own work); once the heap is
// at its working size, that memory is the process's resident memory
// anyway, and End keeps it from creeping up after a peak.
func Settle() {
	var s [2]metrics.Sample
	s[0].Name, s[1].Name = "/gc/cycles/total:gc-cycles", "/gc/heap/goal:bytes"
	metrics.Read(s[:])
	if s[0].Value.Kind() != metrics.KindUint64 || s[1].Value.Kind() != metrics.KindUint64 {
		End()
		return
	}
	settle.Lock()
	defer settle.Unlock()
	cycles, goal := s[0].Value.Uint64(), s[1].Value.Uint64()
	if settled(settle.cycles, settle.goal, cycles, goal) {
		End()
	}
	settle.cycles, settle.goal = cycles, goal
}

// settled reports whether a heap whose collections and goal went from
// cycles0, goal0 (goal0 0: not known) to cycles, goal has settled: a
// collection ended in between, and the goal grew by at most settleGrowth.
func settled(cycles0, goal0, cycles, goal uint64) bool {
	return goal0 > 0 && cycles > cycles0 && float64(goal) <= float64(goal0)*(1+settleGrowth)
}
