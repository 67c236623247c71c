package provenance

import (
	"cmp"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/provenance-dev/provenance/cluster"
	"github.com/provenance-dev/provenance/internal/work"
	"github.com/provenance-dev/provenance/lineage"
)

// verified is a component whose lineage is yet to be inferred: its
// documents and the matches among them.
type verified struct {
	docs    []int32
	matches []cluster.Match
}

// lineager groups documents into families by derivation and infers each
// family's lineage, one verified component at a time. A family lies within
// one component of the candidate graph, since its derivations are matches
// among candidates. The texts of a component are at hand while its
// lineage is inferred, but for the largest components: a text dropped
// after fingerprinting leaves its lineage evidence (lineage.Scan) when it
// is read again to verify such a component, and is read a third time
// only if Infer needs more of it.
type lineager struct {
	ents    []*entry
	ldocs   []lineage.Doc
	opt     Options
	aliases *lineage.Aliases
	work    atomic.Int64 // time in infer, summed over workers
	mu      sync.Mutex
	found   []inferred
}

// inferred is a family with its lineage.
type inferred struct {
	first  int32 // its first member, for the order of families
	family lineage.Family
}

func newLineager(ents []*entry, opt Options) *lineager {
	l := &lineager{ents: ents, ldocs: make([]lineage.Doc, len(ents)), opt: opt, aliases: opt.aliases()}
	for i, e := range ents {
		d := e.doc
		l.ldocs[i] = lineage.Doc{ID: d.ID, Source: d.Source, Published: d.Published, PublishedDay: d.PublishedDay,
			PublishedMonth: d.PublishedMonth, Updated: d.Updated, UpdatedDay: d.UpdatedDay, UpdatedMonth: d.UpdatedMonth,
			URL: d.URL, Canonical: d.Canonical, Words: e.words, Text: d.Text}
		if d.Text == nil { // dropped: its evidence comes with verification
			l.ldocs[i].Load = func() []byte {
				text, err := e.text()
				e.loadErr = err // each entry is in one family: one writer
				return text
			}
		}
	}
	return l
}

// infer finds the families among docs, one component's documents, from
// the matches among them, and infers their lineage. text, if not nil,
// gives a document's text when it is at hand (nil otherwise). Calls for
// different components may run at once: each touches only its own
// documents.
func (l *lineager) infer(docs []int32, matches []cluster.Match, text func(d int32) []byte) {
	t := time.Now()
	groups, pairs := l.families(docs, matches)
	if len(groups) == 0 {
		return
	}
	// Texts at hand stand in for dropped ones while Infer runs.
	var lent []int32
	if text != nil {
		for _, g := range groups {
			for _, d := range g {
				if l.ldocs[d].Text == nil {
					if t := text(d); t != nil {
						l.ldocs[d].Text = t
						lent = append(lent, d)
					}
				}
			}
		}
	}
	out := make([]inferred, len(groups))
	for f := range groups {
		out[f] = l.inferOne(groups[f], pairs[f])
	}
	for _, d := range lent {
		l.ldocs[d].Text = nil
	}
	l.add(out)
	l.work.Add(int64(time.Since(t)))
}

// families returns the families among docs, from the matches among them,
// and each family's derivation pairs.
func (l *lineager) families(docs []int32, matches []cluster.Match) ([][]int32, [][]lineage.Pair) {
	cfg := l.opt.Cluster
	groups := cluster.FamiliesAmong(docs, matches, cfg)
	if len(groups) == 0 {
		return nil, nil
	}
	famOf := make(map[int32]int, len(docs))
	for f, g := range groups {
		for _, m := range g {
			famOf[m] = f
		}
	}
	pairs := make([][]lineage.Pair, len(groups))
	for _, m := range matches {
		if !m.Derived(cfg) {
			continue
		}
		f := famOf[m.A]
		pairs[f] = append(pairs[f], lineage.Pair{A: int(m.A), B: int(m.B), Jaccard: m.Jaccard,
			CoverageA: m.CoverageA, CoverageB: m.CoverageB, ContainmentA: m.ContainmentA, ContainmentB: m.ContainmentB})
	}
	return groups, pairs
}

// inferOne infers the lineage of one family.
func (l *lineager) inferOne(members []int32, pairs []lineage.Pair) inferred {
	ms := make([]int, len(members))
	for i, m := range members {
		ms[i] = int(m)
	}
	return inferred{members[0], lineage.InferWith(l.aliases, l.ldocs, ms, pairs)}
}

func (l *lineager) add(fs []inferred) {
	l.mu.Lock()
	l.found = append(l.found, fs...)
	l.mu.Unlock()
}

// inferLate infers the lineage of components whose texts are no longer
// at hand, a family per worker at a time.
func (l *lineager) inferLate(comps []verified) {
	for _, c := range comps {
		for _, d := range c.docs {
			if e := l.ents[d]; e.ev != nil {
				l.ldocs[d].Evidence = e.ev
			}
		}
		groups, pairs := l.families(c.docs, c.matches)
		out := make([]inferred, len(groups))
		work.Each(len(groups), l.opt.workers(), func(f int) {
			out[f] = l.inferOne(groups[f], pairs[f])
		})
		l.add(out)
	}
}

// result returns the families found, ordered by their first member.
func (l *lineager) result() []lineage.Family {
	if len(l.found) == 0 {
		return nil
	}
	slices.SortFunc(l.found, func(x, y inferred) int { return cmp.Compare(x.first, y.first) })
	out := make([]lineage.Family, len(l.found))
	for i, f := range l.found {
		out[i] = f.family
	}
	return out
}

// errors returns the errors of files that could not be read again for
// lineage (their families were inferred without their text), in document
// order.
func (l *lineager) errors() []error {
	var bad []error
	for _, e := range l.ents {
		if e.loadErr != nil {
			bad = append(bad, e.loadErr)
		}
	}
	return bad
}
