// Package par runs independent pieces of work on every core.
//
// The pipeline's parallel stages (parsing files, scoring related briefs,
// building the page list, deleting a previous output) all have the same
// shape: n independent items, each handled by a call that touches only its
// own result. Do hands out the items in chunks to one goroutine per core, so
// results are the same whatever the scheduling.
package par

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// Workers returns the number of goroutines Do uses for n items handed out
// chunk at a time: one per core, but no more than there are chunks.
func Workers(n, chunk int) int {
	return max(1, min(runtime.GOMAXPROCS(0), (n+chunk-1)/chunk))
}

// Do calls f(w, i) for every i in [0, n) and returns when all calls have
// returned. The calls run on Workers(n, chunk) goroutines, numbered w from
// 0, which take chunk consecutive items at a time; w lets a caller give
// each goroutine scratch space of its own.
func Do(n, chunk int, f func(w, i int)) {
	chunk = max(chunk, 1)
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range Workers(n, chunk) {
		wg.Go(func() {
			for {
				start := int(next.Add(int64(chunk)) - int64(chunk))
				if start >= n {
					return
				}
				for i := start; i < min(start+chunk, n); i++ {
					f(w, i)
				}
			}
		})
	}
	wg.Wait()
}
