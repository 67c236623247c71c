package provenance

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/provenance-dev/provenance/cluster"
	"github.com/provenance-dev/provenance/lineage"
)

// CheckResult is what [Engine.Check] finds of a text.
type CheckResult struct {
	// Words is the number of tokens of the text.
	Words int
	// Matches are the stored documents that share passages with the
	// text, most shared words first. The match's A side is the text.
	Matches []CheckMatch
	// Original is the ID of the stored document the text most likely
	// descends from at the root, and Parent the edge into the text (its
	// likely source, with confidence and evidence), when the text is a
	// copy of stored documents; both are empty otherwise. A text found
	// to be the original of the family it would join has Original set
	// to its own ID and no Parent.
	Original string
	Parent   *lineage.Edge
	// ParentID is the ID of Parent's source.
	ParentID string
}

// CheckMatch is a match of a checked text with one stored document.
type CheckMatch struct {
	Doc *StoredDoc
	// Match's A side is the checked text, B the stored document.
	Match cluster.Match
	// Derived is set when the match is a derivation (see
	// cluster.Match.Derived), and Family is then the stored document's
	// family ID, if it is in one.
	Derived bool
	Family  string
}

// Check looks for a prepared document in the index, verifies it against
// its candidates and, if it derives from stored documents, infers the
// lineage of the family it would join, without storing anything.
func (e *Engine) Check(ctx context.Context, p *Prepared) (*CheckResult, error) {
	if p.Err != nil {
		return nil, p.Err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if err := e.fresh(ctx); err != nil {
		return nil, err
	}
	if e.shared != nil {
		if err := e.catchUp(ctx); err != nil {
			e.stale = true
			return nil, fmt.Errorf("catch up with the store: %w", err)
		}
	}
	cfg := e.opt.Cluster
	res := &CheckResult{Words: p.words}
	q := int32(len(e.docs)) // the text's number while checked
	text := &memDoc{id: p.Doc.ID, published: p.Doc.Published, alive: true}
	exact, fuzzy := e.candidates(text, false, p.keys, p.fkeys, nil, nil, true)
	type channels struct{ exact, fuzzy bool }
	found := map[int32]channels{}
	for _, c := range fuzzy {
		found[c] = channels{fuzzy: true}
	}
	for _, c := range exact {
		ch := found[c]
		ch.exact = true
		found[c] = ch
	}
	cands := make([]int32, 0, len(found))
	for c := range found {
		cands = append(cands, c)
	}
	slices.Sort(cands)
	self := e.prepare(q, p.Doc.Text)
	if self.doc != nil {
		defer self.doc.Release()
		self.doc.NoBoilerplate = true
		for _, k := range p.keys {
			if e.boiler.Has(k) {
				self.doc.NoBoilerplate = false
				break
			}
		}
	}
	var derived []int32
	var mine []edge
	for _, c := range cands {
		pd := e.cache.get(c)
		if pd == nil {
			text, err := e.readText(ctx, e.docs[c].seq)
			if err != nil {
				return nil, fmt.Errorf("text of %s: %w", e.docs[c].id, err)
			}
			pd = e.prepare(c, text)
			e.cache.put(pd)
		}
		if pd.doc != nil {
			pd.doc.NoBoilerplate = !e.docs[c].holdsBoiler
		}
		m, ok, _ := e.check(found[c].exact, found[c].fuzzy, q, c, self, pd)
		if !ok {
			continue
		}
		d, err := e.readDoc(ctx, e.docs[c].seq)
		if err != nil {
			return nil, fmt.Errorf("document %s: %w", e.docs[c].id, err)
		}
		cm := CheckMatch{Doc: d, Match: m, Derived: m.Derived(cfg)}
		if cm.Derived {
			derived = append(derived, c)
			mine = append(mine, edge{other: c, jaccard: m.Jaccard, covSelf: m.CoverageA, covOther: m.CoverageB,
				containSelf: m.ContainmentA, containOther: m.ContainmentB})
			if f := e.families[e.docs[c].family]; f != nil {
				cm.Family = f.id
			}
		}
		res.Matches = append(res.Matches, cm)
	}
	slices.SortStableFunc(res.Matches, func(x, y CheckMatch) int {
		return cmp.Or(cmp.Compare(y.Match.SharedWords, x.Match.SharedWords), strings.Compare(x.Doc.ID, y.Doc.ID))
	})
	if len(derived) == 0 {
		return res, nil
	}
	// The family the text would join: the families of what it derives
	// from, and the text.
	members := map[int32]bool{}
	for _, c := range derived {
		members[c] = true
		if f := e.families[e.docs[c].family]; f != nil {
			for _, m := range f.members {
				members[m] = true
			}
		}
	}
	id := p.Doc.ID
	for {
		if _, taken := e.byID[id]; !taken {
			break
		}
		id += "'"
	}
	tmp := &memDoc{id: id, source: p.Doc.Source, published: p.Doc.Published, publishedDay: p.Doc.PublishedDay,
		words: p.words, ev: &p.ev, alive: true, edges: mine}
	list := []int32{q}
	for m := range members {
		list = append(list, m)
	}
	docOf := func(n int32) *memDoc {
		if n == q {
			return tmp
		}
		return e.docs[n]
	}
	slices.SortFunc(list, func(x, y int32) int { return strings.Compare(docOf(x).id, docOf(y).id) })
	f := e.inferFamily(list, q, docOf, func(n int32) []byte {
		if n == q {
			return p.Doc.Text
		}
		t, _ := e.readText(ctx, e.docs[n].seq)
		return t
	})
	res.Original = docOf(list[f.Original]).id
	for _, ed := range f.Edges {
		if list[ed.To] == q {
			ed := ed
			res.Parent = &ed
			res.ParentID = docOf(list[ed.From]).id
		}
	}
	return res, nil
}
