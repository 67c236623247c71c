package watch

import (
	"context"
	"sync"
	"time"
)

// item is a file to look at.
type item struct {
	path string
	// seen is when the file was first known to need a look: its event,
	// or the scan that found it.
	seen time.Time
	// force reads the file even if its size and time are as stored (its
	// sidecar changed).
	force bool
}

// queue holds the files waiting to be read, in the order they came, each
// once, up to a bound. A file is busy from when it is taken until its
// update is stored (done): pushed meanwhile, it is taken again after, so
// that two looks at one file never overlap. When the queue is full, push
// drops the file and notes the overflow: a later scan finds what was
// dropped, since the store knows what it holds. So memory stays bounded
// in a burst of any size and every file is read in the end.
type queue struct {
	mu       sync.Mutex
	notEmpty chan struct{} // an item added
	notFull  chan struct{} // an item taken
	items    []item
	queued   map[string]bool
	busy     map[string]bool
	again    map[string]item
	max      int
	overflow bool
}

func newQueue(max int) *queue {
	return &queue{notEmpty: make(chan struct{}, 1), notFull: make(chan struct{}, 1), queued: map[string]bool{}, busy: map[string]bool{},
		again: map[string]item{}, max: max}
}

// signal wakes one waiter on c, if any waits; the wake is kept for the
// next if none does.
func signal(c chan struct{}) {
	select {
	case c <- struct{}{}:
	default:
	}
}

// push adds a file unless it is queued already. It returns false, and
// notes the overflow, if the queue is full.
func (q *queue) push(it item) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.pushLocked(it)
}

func (q *queue) pushLocked(it item) bool {
	if q.queued[it.path] {
		return true
	}
	if q.busy[it.path] {
		if old, ok := q.again[it.path]; ok {
			it.seen = old.seen
			it.force = it.force || old.force
		}
		q.again[it.path] = it
		return true
	}
	if len(q.items) >= q.max {
		q.overflow = true
		return false
	}
	q.items = append(q.items, it)
	q.queued[it.path] = true
	signal(q.notEmpty)
	return true
}

// pushWait adds a file, waiting while the queue is full: the back
// pressure on a scan.
func (q *queue) pushWait(ctx context.Context, it item) error {
	for {
		q.mu.Lock()
		full := len(q.items) >= q.max && !q.queued[it.path] && !q.busy[it.path]
		if !full {
			q.pushLocked(it)
			q.mu.Unlock()
			return nil
		}
		q.mu.Unlock()
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-q.notFull:
		}
	}
}

// pop takes the oldest file, waiting for one; it fails when ctx is done.
func (q *queue) pop(ctx context.Context) (item, error) {
	for {
		q.mu.Lock()
		if len(q.items) > 0 {
			it := q.items[0]
			q.items[0] = item{}
			q.items = q.items[1:]
			delete(q.queued, it.path)
			q.busy[it.path] = true
			if len(q.items) > 0 {
				signal(q.notEmpty) // for the next taker
			}
			signal(q.notFull)
			q.mu.Unlock()
			return it, nil
		}
		q.mu.Unlock()
		select {
		case <-ctx.Done():
			return item{}, ctx.Err()
		case <-q.notEmpty:
		}
	}
}

// done ends the look at a file taken by pop; pushed meanwhile, it is
// queued again.
func (q *queue) done(path string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	delete(q.busy, path)
	if it, ok := q.again[path]; ok {
		delete(q.again, path)
		q.pushLocked(it)
	}
}

// takeOverflow reports whether files were dropped since the last call.
func (q *queue) takeOverflow() bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	o := q.overflow
	q.overflow = false
	return o
}

// stats returns the number of files queued or busy, and when the oldest
// queued one was first seen (zero if none).
func (q *queue) stats() (n int, oldest time.Time) {
	q.mu.Lock()
	defer q.mu.Unlock()
	n = len(q.items) + len(q.busy)
	if len(q.items) > 0 {
		oldest = q.items[0].seen
	}
	return n, oldest
}
