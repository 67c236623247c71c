package watch

import (
	"context"
	"errors"
	"slices"
	"sync"
	"time"

	"github.com/provenance-dev/provenance"
	"github.com/provenance-dev/provenance/document"
)

// ingestLoop stores the updates the readers send, a batch at a time, until
// the channel is closed and drained. With the embedded store, a batch is
// computed while the one before it is being written (see Engine.Stage);
// with a shared store, batches are ingested whole, each under the
// store's lock. A batch the store refuses is tried again, with growing
// pauses, until it is stored: the daemon is not ready meanwhile, and the
// readers wait on the full channel.
func (d *Daemon) ingestLoop() {
	_, shared := d.store.(provenance.SharedStore)
	var again [][]*update // batches to compute again, first
	var pending *commit   // the batch being written
	pause := 100 * time.Millisecond
	for {
		if d.expireDue && pending == nil {
			d.expireDue = false
			d.expire()
		}
		var batch []*update
		if len(again) > 0 {
			batch, again = again[0], again[1:]
		} else {
			batch = d.gather(pending == nil)
			if batch == nil && pending == nil {
				return // closed and drained
			}
		}
		if batch == nil { // nothing waiting: finish the batch being written
			again = d.finish(pending, nil, nil)
			pending = nil
			continue
		}
		if shared {
			d.store1(batch)
			continue
		}
		st, err := d.engine.Stage(context.Background(), ups(batch))
		if err != nil {
			// A batch being written that fails can fail this one's
			// computing: both are computed again.
			again = append(d.finish(pending, nil, nil), batch)
			pending = nil
			if d.failed(err, batch, &pause) {
				return
			}
			continue
		}
		if pending != nil {
			again = d.finish(pending, st, batch)
			pending = nil
			if len(again) > 0 {
				if d.failed(pending0Err, again[0], &pause) {
					return
				}
				continue
			}
		}
		pause = 100 * time.Millisecond
		pending = &commit{batch: batch, done: make(chan commitResult, 1)}
		go func(c *commit) {
			out, err := st.Commit()
			c.done <- commitResult{out, err}
		}(pending)
	}
}

// pending0Err stands for the error of a batch that failed to be written,
// once its own error was logged.
var pending0Err = errors.New("an earlier batch failed to be stored")

// commit is a batch being written.
type commit struct {
	batch []*update
	done  chan commitResult
}

type commitResult struct {
	out *provenance.Outcome
	err error
}

// finish waits for the batch being written, if any, and acknowledges it.
// If it failed, it returns the batches to compute again: it, and next
// (staged as st meanwhile) unless next could still be written.
func (d *Daemon) finish(p *commit, st *provenance.Staged, next []*update) (again [][]*update) {
	if p == nil {
		return nil
	}
	r := <-p.done
	if r.err == nil {
		d.acked(p.batch, r.out)
		return nil
	}
	d.noteStoreError(r.err, p.batch)
	again = [][]*update{p.batch}
	if st != nil {
		// Computed on top of the failed batch, it is refused; computed
		// after the failure was known, it stands on its own.
		out, err := st.Commit()
		if err != nil {
			again = append(again, next)
		} else {
			d.acked(next, out)
		}
	}
	return again
}

// gather waits for updates (unless it may not: a batch is being written
// and there may be nothing to overlap it with) and takes what is
// waiting, up to the batch's size. It returns nil if the channel is
// closed and empty, or if it may not wait and nothing waits.
func (d *Daemon) gather(wait bool) []*update {
	var first *update
	var ok bool
	if wait {
		first, ok = <-d.updates
	} else {
		select {
		case first, ok = <-d.updates:
		default:
			return nil
		}
	}
	if !ok {
		return nil
	}
	batch := []*update{first}
	docs := len(first.up.Docs)
	// Under load batches grow, and each costs one commit.
	for docs < d.opt.BatchDocs && len(batch) < 4*d.opt.BatchDocs {
		select {
		case u, ok := <-d.updates:
			if !ok {
				return batch
			}
			batch = append(batch, u)
			docs += len(u.up.Docs)
		default:
			return batch
		}
	}
	return batch
}

func ups(batch []*update) []provenance.FileUpdate {
	out := make([]provenance.FileUpdate, len(batch))
	for i, u := range batch {
		out[i] = u.up
	}
	return out
}

// noteStoreError records a batch the store refused.
func (d *Daemon) noteStoreError(err error, batch []*update) {
	msg := err.Error()
	d.storeErr.Store(&msg)
	d.opt.Metrics.Error("store")
	d.log.Error("store a batch", "files", len(batch), "err", err)
}

// failed handles a batch that could not be computed or stored: the daemon
// is not ready, and pauses before the next try, longer each time. It
// reports true if the daemon is stopping: the files not stored are read
// again at the next start.
func (d *Daemon) failed(err error, batch []*update, pause *time.Duration) bool {
	if err != pending0Err {
		d.noteStoreError(err, batch)
	}
	if d.stopping.Load() {
		d.log.Error("stopping with batches not stored; their files are read again at the next start")
		return true
	}
	time.Sleep(*pause)
	*pause = min(2**pause, 10*time.Second)
	return false
}

// store1 stores one batch whole, trying again until the store takes it.
func (d *Daemon) store1(batch []*update) {
	pause := 100 * time.Millisecond
	for {
		// Not cancelled with the daemon: what was read is stored before
		// it stops.
		out, err := d.engine.Ingest(context.Background(), ups(batch))
		if err == nil {
			d.acked(batch, out)
			return
		}
		if d.failed(err, batch, &pause) {
			return
		}
	}
}

// acked acknowledges a batch stored: its files are done, its documents
// count, its events go to the log.
func (d *Daemon) acked(batch []*update, out *provenance.Outcome) {
	if d.storeErr.Load() != nil {
		d.storeErr.Store(nil)
		d.log.Info("store takes batches again")
	}
	now := d.opt.Now()
	var stored []string
	formats := map[string]document.Format{}
	for _, u := range batch {
		d.q.done(u.it.path)
		if len(u.up.Docs) > 0 {
			d.latencies.add(now.Sub(u.it.seen))
			d.opt.Metrics.FileToResult(now.Sub(u.it.seen))
			stored = append(stored, u.it.path)
		}
		for _, p := range u.up.Docs {
			formats[p.Doc.ID] = p.Doc.Format
		}
	}
	d.opt.Metrics.Stored(out, formats, now)
	if d.opt.OnStored != nil && len(stored) > 0 {
		d.opt.OnStored(stored, now)
	}
	d.ingested.Add(int64(out.Docs))
	d.totals.add(out)
	for _, err := range out.Refused {
		d.log.Warn("document refused", "err", err)
	}
	for _, u := range batch {
		for _, err := range u.up.Errors {
			d.log.Warn("file", "err", err)
		}
	}
	if out.Docs > 0 || out.FamiliesChanged+out.FamiliesCreated > 0 {
		d.log.Debug("batch stored", "documents", out.Docs, "matches", out.Matches, "families_created", out.FamiliesCreated,
			"families_changed", out.FamiliesChanged, "rerooted", out.Rerooted, "took", out.Stages.Index+out.Stages.Verify+out.Stages.Lineage+out.Stages.Store)
	}
	if d.events != nil {
		if err := d.flushEvents(); err != nil {
			d.log.Error("events log", "err", err)
		}
	}
	st := d.engine.Stats()
	d.noteCaps(st.Capped)
	if d.opt.MaxDocuments > 0 && st.Documents > d.opt.MaxDocuments {
		d.expireDue = true // by the loop, once no batch is staged
	}
}

// noteCaps logs a warning when data first goes past a limit of the
// pipeline, and again each time the count past it doubles, so that no
// cap acts unseen (provenance_capped and /status have the counts).
func (d *Daemon) noteCaps(caps []provenance.Cap) {
	for _, c := range caps {
		if c.Count < 2*d.capsLogged[c.Name] || c.Count == 0 {
			continue
		}
		if d.capsLogged == nil {
			d.capsLogged = map[string]int{}
		}
		d.capsLogged[c.Name] = c.Count
		d.log.Warn("limit reached: "+c.String(), "setting", c.Name, "limit", c.Limit, "count", c.Count, "dropped", c.Dropped)
	}
}

// expire removes what is past the retention bounds.
func (d *Daemon) expire() {
	var cutoff time.Time
	if d.opt.Retain > 0 {
		cutoff = d.opt.Now().Add(-d.opt.Retain)
	}
	out, err := d.engine.Expire(context.Background(), cutoff, d.opt.MaxDocuments)
	if err != nil {
		d.log.Error("expire", "err", err)
		d.opt.Metrics.Error("store")
		return
	}
	d.opt.Metrics.Stored(out, nil, d.opt.Now())
	if out.Removed > 0 {
		d.log.Info("expired", "documents", out.Removed)
	}
	if d.events != nil {
		if err := d.flushEvents(); err != nil {
			d.log.Error("events log", "err", err)
		}
	}
}

// expireLoop applies --retain once a minute (and at start).
func (d *Daemon) expireLoop(ctx context.Context) {
	if d.opt.Retain <= 0 && d.opt.MaxDocuments <= 0 {
		return
	}
	t := time.NewTicker(time.Minute)
	defer t.Stop()
	for {
		d.expire()
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// latencies keeps the most recent times from a file seen to its
// documents stored.
type latencies struct {
	mu   sync.Mutex
	ring []time.Duration
	next int
	full bool
}

func newLatencies(n int) *latencies { return &latencies{ring: make([]time.Duration, n)} }

func (l *latencies) add(x time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.ring[l.next] = x
	l.next++
	if l.next == len(l.ring) {
		l.next, l.full = 0, true
	}
}

// quantiles returns the q-quantiles of the times kept.
func (l *latencies) quantiles(qs ...float64) []time.Duration {
	l.mu.Lock()
	xs := slices.Clone(l.ring[:l.next])
	if l.full {
		xs = slices.Clone(l.ring)
	}
	l.mu.Unlock()
	out := make([]time.Duration, len(qs))
	if len(xs) == 0 {
		return out
	}
	slices.Sort(xs)
	for i, q := range qs {
		out[i] = xs[min(len(xs)-1, int(q*float64(len(xs))))]
	}
	return out
}

// totals sums the work of the batches stored, for the log at the end.
type totals struct {
	mu                            sync.Mutex
	batches, docs                 int
	index, verify, lineage, store time.Duration
}

func (t *totals) add(o *provenance.Outcome) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.batches++
	t.docs += o.Docs
	t.index += o.Stages.Index
	t.verify += o.Stages.Verify
	t.lineage += o.Stages.Lineage
	t.store += o.Stages.Store
}
