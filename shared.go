package provenance

import (
	"context"
	"errors"
	"fmt"
)

// SharedStore is a [Store] that several engines, in several processes,
// write. They take turns under its lock: an engine takes the lock, replays
// the batches the others applied since its last one (its memory then
// holds what the store holds), computes its own batch and applies it, and
// gives the lock back. Every batch applied is kept in the store's log, in
// order, for the others to replay.
//
// Each engine's file records and kept events are its own (see
// [Store.File], [Store.Outbox]): a SharedStore is opened under a name for
// one daemon.
type SharedStore interface {
	Store
	// Lock takes the store's write lock, waiting while another holds it.
	// The lock is held until Unlock, or lost if its holder stops renewing
	// it; Apply fails when the lock is not held, so a batch computed on a
	// memory that may be behind is never applied.
	Lock(ctx context.Context) error
	// Unlock gives the lock back.
	Unlock(ctx context.Context) error
	// Since calls fn, in order, for each batch applied after log position
	// pos, with its position; the batches come without texts. It returns
	// [ErrLogTrimmed] if the log no longer holds the batch after pos.
	Since(ctx context.Context, pos uint64, fn func(pos uint64, b *Batch) error) error
	// Position returns the log position of the last batch applied, 0 if
	// none was.
	Position(ctx context.Context) (uint64, error)
}

// ErrLogTrimmed is what [SharedStore.Since] returns for a position the log
// no longer reaches back to: the engine then reloads its memory whole.
var ErrLogTrimmed = errors.New("log trimmed past the position asked for")

// Sync replays the batches other engines applied to a shared store since
// this engine's last, so that lookups (Check, FamilyOf, Stats) see them.
// It does nothing for a store of one engine.
func (e *Engine) Sync(ctx context.Context) error {
	if e.shared == nil {
		return nil
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if err := e.fresh(ctx); err != nil {
		return err
	}
	if err := e.catchUp(ctx); err != nil {
		e.stale = true
		return err
	}
	e.publish()
	return nil
}

// catchUp replays the shared store's batches after e.pos; it reloads the
// whole memory if the log no longer reaches back that far. The caller
// holds e.mu.
func (e *Engine) catchUp(ctx context.Context) error {
	err := e.shared.Since(ctx, e.pos, func(pos uint64, b *Batch) error {
		if err := e.replay(b); err != nil {
			return fmt.Errorf("replay batch %d: %w", pos, err)
		}
		e.pos = pos
		return nil
	})
	if errors.Is(err, ErrLogTrimmed) {
		return e.load(ctx)
	}
	return err
}

// lockShared takes the shared store's lock and brings the memory up to
// date; unlock gives the lock back. For a store of one engine both do
// nothing. The caller holds e.mu.
func (e *Engine) lockShared(ctx context.Context) (unlock func(), err error) {
	if e.shared == nil {
		return func() {}, nil
	}
	if err := e.shared.Lock(ctx); err != nil {
		return nil, fmt.Errorf("lock the store: %w", err)
	}
	unlock = func() {
		// A lock not given back is lost when its lease ends.
		e.shared.Unlock(context.WithoutCancel(ctx))
	}
	if err := e.fresh(ctx); err != nil {
		unlock()
		return nil, err
	}
	if err := e.catchUp(ctx); err != nil {
		e.stale = true
		unlock()
		return nil, fmt.Errorf("catch up with the store: %w", err)
	}
	return unlock, nil
}

// replay applies a batch another engine applied to the shared store to
// this engine's memory: documents, derivations and families, and the
// boilerplate the documents' arrival made, as the engine that computed
// the batch learnt it. Replaying a batch the memory already holds changes
// nothing. The caller holds e.mu.
func (e *Engine) replay(b *Batch) error {
	for _, seq := range b.DeleteDocs {
		if n := e.number(seq); n >= 0 && e.docs[n].alive {
			e.kill(n)
		}
	}
	for _, p := range b.DeleteMatches {
		if a, c := e.number(p[0]), e.number(p[1]); a >= 0 && c >= 0 {
			e.unlink(a, c)
		}
	}
	for _, d := range b.Docs {
		if e.number(d.Seq) >= 0 {
			continue // held already (a document marked deleted, say)
		}
		if len(e.docs) > 0 && d.Seq < e.docs[len(e.docs)-1].seq {
			return fmt.Errorf("document %d stored after %d: %w", d.Seq, e.docs[len(e.docs)-1].seq, errDangling)
		}
		n := int32(len(e.docs))
		md := e.memOf(d)
		md.watchAll = true // its pairs are verified by the other engine
		e.docs = append(e.docs, md)
		if old, ok := e.byID[d.ID]; ok && e.docs[old].alive {
			return fmt.Errorf("document %s stored twice", d.ID)
		}
		e.byID[d.ID] = n
		e.enter(n, d.Keys, d.FuzzyKeys, nil, nil, false)
	}
	for _, m := range b.Matches {
		a, c := e.number(m.A), e.number(m.B)
		if a < 0 || c < 0 {
			return fmt.Errorf("match of %d and %d: %w", m.A, m.B, errDangling)
		}
		e.unlink(a, c)
		if m.Match.Derived(e.opt.Cluster) {
			e.link(a, c, &m.Match)
		}
	}
	for _, seq := range b.DeleteFamilies {
		if f := e.families[seq]; f != nil {
			for _, n := range f.members {
				if e.docs[n].family == seq {
					e.docs[n].family = 0
				}
			}
			delete(e.families, seq)
		}
	}
	for _, f := range b.Families {
		if old := e.families[f.Seq]; old != nil {
			for _, n := range old.members {
				if e.docs[n].family == f.Seq {
					e.docs[n].family = 0
				}
			}
		}
		mf := &memFamily{seq: f.Seq, id: f.ID, created: f.Created, original: e.number(f.Original)}
		for _, s := range f.Members {
			n := e.number(s)
			if n < 0 {
				return fmt.Errorf("family %s member %d: %w", f.ID, s, errDangling)
			}
			mf.members = append(mf.members, n)
			e.docs[n].family = f.Seq
		}
		e.families[f.Seq] = mf
	}
	// The events are numbered by each engine for its own log.
	events := e.counters.Events
	e.counters = b.Counters
	e.counters.Events = events
	return nil
}
