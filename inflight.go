package provenance

import (
	"context"
	"errors"
	"slices"
)

// addInflight notes a batch staged and not yet stored: reads of the
// documents, texts and matches it puts or deletes are answered from it.
func (e *Engine) addInflight(b *Batch) {
	e.imu.Lock()
	e.inflight = append(e.inflight, b)
	e.imu.Unlock()
}

// dropInflight forgets a batch once it is stored (or failed).
func (e *Engine) dropInflight(b *Batch) {
	e.imu.Lock()
	e.inflight = slices.DeleteFunc(e.inflight, func(x *Batch) bool { return x == b })
	e.imu.Unlock()
}

// inflightBatches returns the batches being stored, oldest first.
func (e *Engine) inflightBatches() []*Batch {
	e.imu.Lock()
	defer e.imu.Unlock()
	return slices.Clone(e.inflight)
}

// readDoc returns document seq as the store will hold it once the
// batches being stored are.
func (e *Engine) readDoc(ctx context.Context, seq uint64) (*StoredDoc, error) {
	bs := e.inflightBatches()
	for i := len(bs) - 1; i >= 0; i-- {
		for j := len(bs[i].Docs) - 1; j >= 0; j-- {
			if d := bs[i].Docs[j]; d.Seq == seq {
				c := *d
				c.Text = nil
				return &c, nil
			}
		}
		if slices.Contains(bs[i].DeleteDocs, seq) {
			return nil, ErrNotFound
		}
	}
	return e.store.Doc(ctx, seq)
}

// readText returns document seq's text, as readDoc does.
func (e *Engine) readText(ctx context.Context, seq uint64) ([]byte, error) {
	bs := e.inflightBatches()
	for i := len(bs) - 1; i >= 0; i-- {
		for j := len(bs[i].Docs) - 1; j >= 0; j-- {
			if d := bs[i].Docs[j]; d.Seq == seq && d.Text != nil {
				return d.Text, nil
			}
		}
		if slices.Contains(bs[i].DeleteDocs, seq) {
			return nil, ErrNotFound
		}
	}
	return e.store.Text(ctx, seq)
}

// readMatchesOf returns document seq's matches, as readDoc does.
func (e *Engine) readMatchesOf(ctx context.Context, seq uint64) ([]*StoredMatch, error) {
	ms, err := e.store.MatchesOf(ctx, seq)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return nil, err
	}
	for _, b := range e.inflightBatches() {
		if slices.Contains(b.DeleteDocs, seq) {
			ms = nil
		}
		for _, p := range b.DeleteMatches {
			if p[0] == seq || p[1] == seq {
				ms = slices.DeleteFunc(ms, func(m *StoredMatch) bool {
					return m.A == p[0] && m.B == p[1] || m.A == p[1] && m.B == p[0]
				})
			}
		}
		for _, m := range b.Matches {
			if m.A != seq && m.B != seq {
				continue
			}
			ms = slices.DeleteFunc(ms, func(x *StoredMatch) bool { return x.A == m.A && x.B == m.B })
			ms = append(ms, m)
		}
	}
	return ms, nil
}

// readMatch returns the match of documents a and b (in either order), or
// nil if there is none, as readDoc does.
func (e *Engine) readMatch(ctx context.Context, a, b uint64) (*StoredMatch, error) {
	m, err := e.store.Match(ctx, a, b)
	if errors.Is(err, ErrNotFound) {
		m, err = nil, nil
	}
	if err != nil {
		return nil, err
	}
	same := func(x, y uint64) bool { return x == a && y == b || x == b && y == a }
	for _, bt := range e.inflightBatches() {
		if slices.Contains(bt.DeleteDocs, a) || slices.Contains(bt.DeleteDocs, b) {
			m = nil
		}
		for _, p := range bt.DeleteMatches {
			if same(p[0], p[1]) {
				m = nil
			}
		}
		for _, x := range bt.Matches {
			if same(x.A, x.B) {
				m = x
			}
		}
	}
	return m, nil
}
