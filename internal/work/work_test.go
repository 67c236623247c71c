package work

import (
	"sync/atomic"
	"testing"
)

func TestEach(t *testing.T) {
	for _, tc := range []struct{ n, workers int }{{0, 2}, {1, 2}, {5, 1}, {1000, 3}, {7, 0}, {3, 10}} {
		calls := make([]atomic.Int32, max(tc.n, 0))
		var running, most atomic.Int32
		Each(tc.n, tc.workers, func(i int) {
			r := running.Add(1)
			for m := most.Load(); r > m && !most.CompareAndSwap(m, r); m = most.Load() {
			}
			calls[i].Add(1)
			running.Add(-1)
		})
		for i := range calls {
			if c := calls[i].Load(); c != 1 {
				t.Fatalf("n %d, workers %d: index %d called %d times, want once", tc.n, tc.workers, i, c)
			}
		}
		if m := int(most.Load()); m > max(1, tc.workers) {
			t.Errorf("n %d, workers %d: %d calls at once, want at most %d", tc.n, tc.workers, m, max(1, tc.workers))
		}
	}
}
