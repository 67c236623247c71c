package watch

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/provenance-dev/provenance"
	"github.com/provenance-dev/provenance/document"
)

// ingestLoop stores the updates the readers send, a batch at a time, until
// the channel is closed and drained. A batch the store refuses is tried
// again, with growing pauses, until it is stored: the daemon is not ready
// meanwhile, and the readers wait on the full channel.
func (d *Daemon) ingestLoop() {
	for {
		first, ok := <-d.updates
		if !ok {
			return
		}
		batch := []*update{first}
		docs := len(first.up.Docs)
		// Take what is waiting, up to the batch's size: under load
		// batches grow, and each costs one commit.
	gather:
		for docs < d.opt.BatchDocs && len(batch) < 4*d.opt.BatchDocs {
			select {
			case u, ok := <-d.updates:
				if !ok {
					break gather
				}
				batch = append(batch, u)
				docs += len(u.up.Docs)
			default:
				break gather
			}
		}
		d.store1(batch)
	}
}

// store1 stores one batch, trying again until the store takes it.
func (d *Daemon) store1(batch []*update) {
	ups := make([]provenance.FileUpdate, len(batch))
	for i, u := range batch {
		ups[i] = u.up
	}
	pause := 100 * time.Millisecond
	var out *provenance.Outcome
	for {
		var err error
		// Not cancelled with the daemon: what was read is stored before
		// it stops.
		out, err = d.engine.Ingest(context.Background(), ups)
		if err == nil {
			break
		}
		msg := err.Error()
		d.storeErr.Store(&msg)
		d.opt.Metrics.Error("store")
		if d.stopping.Load() {
			// Stopping: the files of the batch were not stored, so the
			// next start reads them again.
			d.log.Error("store a batch; stopping without it", "files", len(batch), "err", err)
			return
		}
		d.log.Error("store a batch; trying again", "files", len(batch), "err", err, "in", pause)
		time.Sleep(pause)
		pause = min(2*pause, 10*time.Second)
	}
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
	if d.opt.MaxDocuments > 0 && d.engine.Len() > d.opt.MaxDocuments {
		d.expire()
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
