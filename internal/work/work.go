// Package work runs a loop's iterations on a few goroutines.
package work

import (
	"sync"
	"sync/atomic"
)

// Each calls fn(i) for i in [0, n) on up to workers goroutines (at least
// one). Each goroutine takes the next index from a shared counter: no
// goroutine hands out work, so none competes with the workers for a
// processor. It returns when every call has returned.
func Each(n, workers int, fn func(i int)) {
	if n <= 0 {
		return
	}
	workers = max(1, min(workers, n))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				fn(i)
			}
		})
	}
	wg.Wait()
}
