// Package memlimit sets the Go runtime's soft memory limit for a one-shot
// build, following the live heap.
//
// The collector lets the heap grow to twice the live data between
// collections (GOGC 100). A fixed soft limit below that caps the heap, but
// the closer the live data comes to the limit, the more often the
// collector runs: a limit that suits a 100,000-brief build makes a
// bigger one collect without a pause. So the limit starts at Low and,
// after each collection, is raised to 1.5 times the live data when that is
// more, never above High: a book whose live data stays under two thirds of
// Low builds as with no limit, a larger one at most collects about twice
// as often as with GOGC 100 alone, until the live data passes two thirds
// of High, where the limit stays, as a fixed limit would.
package memlimit

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// Limit returns the soft memory limit, in bytes, for live bytes of live
// data: 1.5 times live, at least low and at most high.
func Limit(live, low, high int64) int64 {
	return min(max(live+live/2, low), high)
}

// tuner re-arms itself after each collection while the process runs.
type tuner struct {
	low, high int64
	sample    []metrics.Sample
	mu        sync.Mutex
	stopped   bool
}

// Follow sets the soft memory limit to low and, after each collection
// from then on, to Limit of the live heap (the runtime metric
// /gc/heap/live:bytes), until the returned function is called. It is
// meant to be called once, at the start of a process that builds.
func Follow(low, high int64) (stop func()) {
	t := &tuner{low: low, high: high, sample: []metrics.Sample{{Name: "/gc/heap/live:bytes"}}}
	debug.SetMemoryLimit(low)
	t.arm()
	return func() {
		t.mu.Lock()
		t.stopped = true
		t.mu.Unlock()
	}
}

// sentinel is an object that nothing keeps, so that the collection after
// it is made frees it and runs its cleanup. It holds a pointer so that it
// is not put in a tiny block with other objects, which could keep it.
type sentinel struct{ _ *int }

// arm makes a new sentinel whose cleanup adjusts the limit and arms again.
func (t *tuner) arm() {
	runtime.AddCleanup(&sentinel{}, func(t *tuner) { t.adjust() }, t)
}

// adjust sets the limit from the live heap the last collection found.
func (t *tuner) adjust() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.stopped {
		return
	}
	metrics.Read(t.sample)
	if t.sample[0].Value.Kind() == metrics.KindUint64 {
		debug.SetMemoryLimit(Limit(int64(t.sample[0].Value.Uint64()), t.low, t.high))
	}
	t.arm()
}
