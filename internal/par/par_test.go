package par

import (
	"sync/atomic"
	"testing"
)

func TestDoCallsEachItemOnce(t *testing.T) {
	for _, tt := range []struct{ n, chunk int }{{0, 1}, {1, 1}, {5, 2}, {1000, 7}, {1000, 1000}, {3, 0}} {
		counts := make([]atomic.Int32, tt.n)
		workers := Workers(tt.n, max(tt.chunk, 1))
		var badWorker atomic.Bool
		Do(tt.n, tt.chunk, func(w, i int) {
			if w < 0 || w >= workers {
				badWorker.Store(true)
			}
			counts[i].Add(1)
		})
		for i := range counts {
			if c := counts[i].Load(); c != 1 {
				t.Errorf("n=%d chunk=%d: item %d called %d times", tt.n, tt.chunk, i, c)
			}
		}
		if badWorker.Load() {
			t.Errorf("n=%d chunk=%d: worker number outside [0, %d)", tt.n, tt.chunk, workers)
		}
	}
}

func TestWorkers(t *testing.T) {
	if w := Workers(0, 10); w != 1 {
		t.Errorf("Workers(0, 10) = %d, want 1", w)
	}
	if w := Workers(5, 10); w != 1 {
		t.Errorf("Workers(5, 10) = %d, want 1 (one chunk)", w)
	}
}
