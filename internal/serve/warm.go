package serve

import (
	"runtime/metrics"
	"time"

	"github.com/briefbook/briefbook/internal/hugeheap"
)

// warmHeap asks for the memory the heap will grow into to be made
// resident in the background (see hugeheap.Warm), so that the first
// edits after the book is opened are as fast as the later ones: at
// 10,000 briefs an edit allocates some 17 MB, and until the heap has
// grown to its working size each edit's allocations land in memory the
// process touches for the first time, which on this project's virtual
// machines cost more than the edit's own work (45 to 95 ms a rebuild for
// the first 15 edits, 13 to 18 ms once the heap reuses its memory).
// opened says whether the book has just been opened, before any update;
// nice is the warming thread's nice value (see hugeheap.Warm).
//
// While the book opens (see warmAhead) and until the first page is
// served (see firstServed), the warming runs at the lowest CPU priority
// (nice 19), so that the opening and the first page keep the cores;
// afterwards at normal priority: the memory is the next edits', which
// would fault it in themselves at the same cost, and warming it at once
// gets it done before the first edit rather than during it, even on a
// busy machine.
func warmHeap(opened bool, nice int) {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}, {Name: "/gc/heap/goal:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 || s[1].Value.Kind() != metrics.KindUint64 {
		return
	}
	hugeheap.Warm(warmSize(s[0].Value.Uint64(), s[1].Value.Uint64(), opened), nice)
}

// warmAhead runs f while warming the heap ahead of its goal every 25
// ms (warmHeap(false, 19)): the opening of a book grows the heap from nothing
// to some 300 MB at 10,000 briefs, and memory faulted in ahead by the
// warming thread, when a core is free, is memory the opening does not
// fault in itself.
func warmAhead(f func()) {
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(25 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				warmHeap(false, 19)
			}
		}
	}()
	defer close(done)
	f()
}

// warmSize returns how many bytes of heap to make resident ahead of use,
// given the live heap at the last collection and the heap goal, both in
// bytes. The heap settles at twice its live data (GOGC 100), plus what
// is allocated while the collector runs (a tenth more, to be safe);
// right after the opening, the live data is about half again what it
// becomes once edits are made (the served generation and the one being
// made, with what only updates keep: at 10,000 briefs, 155 MB live at
// the opening's last collection, about 240 MB after the first edit, for
// a heap goal settling near 470 MB), so then three times the live data.
// It never asks less than the goal and a tenth: memory made resident but
// never used stays with the process, so the estimate stays close.
func warmSize(live, goal uint64, opened bool) int64 {
	n := goal + goal/10
	if opened {
		n = max(n, 3*live)
	}
	return int64(n)
}

// firstServed is called after each page request: the first time, the
// warming of the heap, at the lowest priority while the book opened and
// its first page was served, goes on at normal priority.
func (s *Server) firstServed() {
	s.served.Do(func() { hugeheap.Warm(0, 0) })
}
