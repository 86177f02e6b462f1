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
//
// [Boost] is for the live preview's opening of the book, which makes much
// garbage while its live data grows: it raises GOGC while the heap that
// allows stays under a ceiling, and leaves GOGC as it was past it.
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

// tuner re-arms itself after each collection while the process runs,
// calling set with the live heap the collection found.
type tuner struct {
	set     func(live int64)
	sample  []metrics.Sample
	mu      sync.Mutex
	stopped bool
}

// follow calls set after each collection from now on, until the returned
// function is called.
func follow(set func(live int64)) (stop func()) {
	t := &tuner{set: set, sample: []metrics.Sample{{Name: "/gc/heap/live:bytes"}}}
	t.arm()
	return func() {
		t.mu.Lock()
		t.stopped = true
		t.mu.Unlock()
	}
}

// Follow sets the soft memory limit to low and, after each collection
// from then on, to Limit of the live heap (the runtime metric
// /gc/heap/live:bytes), until the returned function is called. It is
// meant to be called once, at the start of a process that builds.
func Follow(low, high int64) (stop func()) {
	debug.SetMemoryLimit(low)
	return follow(func(live int64) { debug.SetMemoryLimit(Limit(live, low, high)) })
}

// Boost sets GOGC to percent while the heap that lets grow between
// collections, (100 + percent) / 100 times the live heap, stays under
// ceiling bytes; after a collection that finds more live data, GOGC is
// set back to what it was, and is raised again when the live data
// shrinks. The returned function sets GOGC back to what it was and stops
// following. A process that reads a whole book at once so collects less
// often while its heap is small, and as with GOGC alone once it is large.
func Boost(percent int, ceiling int64) (stop func()) {
	prev := debug.SetGCPercent(percent)
	stopFollow := follow(func(live int64) {
		if Boosted(live, percent, ceiling) {
			debug.SetGCPercent(percent)
		} else {
			debug.SetGCPercent(prev)
		}
	})
	return func() {
		stopFollow()
		debug.SetGCPercent(prev)
	}
}

// Boosted reports whether Boost(percent, ceiling) keeps GOGC at percent
// with live bytes of live data.
func Boosted(live int64, percent int, ceiling int64) bool {
	return live+live*int64(percent)/100 <= ceiling
}

// sentinel is an object that nothing keeps, so that the collection after
// it is made frees it and runs its cleanup. It holds a pointer so that it
// is not put in a tiny block with other objects, which could keep it.
type sentinel struct{ _ *int }

// arm makes a new sentinel whose cleanup adjusts the limit and arms again.
func (t *tuner) arm() {
	runtime.AddCleanup(&sentinel{}, func(t *tuner) { t.adjust() }, t)
}

// adjust calls set with the live heap the last collection found.
func (t *tuner) adjust() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.stopped {
		return
	}
	metrics.Read(t.sample)
	if t.sample[0].Value.Kind() == metrics.KindUint64 {
		t.set(int64(t.sample[0].Value.Uint64()))
	}
	t.arm()
}
