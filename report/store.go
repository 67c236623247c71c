package report

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/provenance-dev/provenance"
)

// DocumentOf returns the contract's shape of a stored document.
func DocumentOf(d *provenance.StoredDoc) Document {
	out := Document{ID: d.ID, Path: d.Path, Source: d.Source, Title: d.Title, URL: d.URL, Words: d.Words, Author: d.Author}
	if !d.Published.IsZero() {
		out.Published = d.Published.UTC().Format(time.RFC3339)
	}
	if !d.Deleted.IsZero() {
		out.Deleted = d.Deleted.UTC().Format(time.RFC3339)
	}
	return out
}

// MatchOf returns the contract's shape of a stored match, whose documents
// have IDs a and b.
func MatchOf(m *provenance.StoredMatch, a, b string) Match {
	x := &m.Match
	out := Match{A: a, B: b, Jaccard: round4(x.Jaccard), ContainmentA: round4(x.ContainmentA),
		ContainmentB: round4(x.ContainmentB), SharedWords: x.SharedWords, Passages: make([]Passage, len(x.Passages))}
	for i, p := range x.Passages {
		out.Passages[i] = Passage{AStart: p.AStart, AEnd: p.AEnd, BStart: p.BStart, BEnd: p.BEnd, Words: p.Words, Fuzzy: p.Fuzzy}
	}
	return out
}

// FamilyOf returns the contract's shape of a stored family; id gives the
// ID of a document by its number.
func FamilyOf(f *provenance.StoredFamily, id func(seq uint64) string) Family {
	out := Family{ID: f.ID, Original: id(f.Original), Members: make([]string, len(f.Members)), Edges: make([]Edge, len(f.Edges))}
	for i, m := range f.Members {
		out.Members[i] = id(m)
	}
	for i, e := range f.Edges {
		out.Edges[i] = Edge{From: id(e.From), To: id(e.To), Confidence: e.Confidence, Attributed: e.Attributed, Evidence: e.Evidence}
	}
	return out
}

// FromStore returns everything a store holds in the contract's shapes,
// in the order compare gives: documents by ID, matches by their
// documents' IDs, families by their first member's.
func FromStore(ctx context.Context, st provenance.Store) (*Output, error) {
	out := &Output{Version: Version, Documents: []Document{}, Matches: []Match{}, Families: []Family{}}
	ids := map[uint64]string{}
	err := st.Docs(ctx, func(d *provenance.StoredDoc) error {
		ids[d.Seq] = d.ID
		out.Documents = append(out.Documents, DocumentOf(d))
		return nil
	})
	if err != nil {
		return nil, err
	}
	id := func(seq uint64) string { return ids[seq] }
	var bad error
	err = st.Matches(ctx, func(m *provenance.StoredMatch) error {
		a, oka := ids[m.A]
		b, okb := ids[m.B]
		if !oka || !okb {
			bad = fmt.Errorf("match of %d and %d: %w", m.A, m.B, provenance.ErrNotFound)
		}
		out.Matches = append(out.Matches, MatchOf(m, a, b))
		return nil
	})
	if err == nil {
		err = bad
	}
	if err != nil {
		return nil, err
	}
	err = st.Families(ctx, 0, func(f *provenance.StoredFamily) (bool, error) {
		out.Families = append(out.Families, FamilyOf(f, id))
		return true, nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out.Documents, func(x, y Document) int { return strings.Compare(x.ID, y.ID) })
	slices.SortFunc(out.Matches, func(x, y Match) int { return cmp.Or(strings.Compare(x.A, y.A), strings.Compare(x.B, y.B)) })
	slices.SortFunc(out.Families, func(x, y Family) int { return strings.Compare(x.Members[0], y.Members[0]) })
	return out, nil
}
