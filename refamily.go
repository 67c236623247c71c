package provenance

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/provenance-dev/provenance/internal/work"
	"github.com/provenance-dev/provenance/lineage"
)

// refamily finds the families of the documents the batch touched (those
// whose derivations changed, and the members of their families), infers
// each one's lineage and puts the families that changed in the batch.
func (c *change) refamily() error {
	e := c.e
	// The region: the touched documents and their families' members. A
	// derivation never leaves it, since both ends of a changed one are
	// touched and a family holds all its derivations.
	inRegion := map[int32]bool{}
	old := map[uint64]*memFamily{}
	var region []int32
	addDoc := func(n int32) {
		if !inRegion[n] {
			inRegion[n] = true
			region = append(region, n)
		}
	}
	for n := range c.touched {
		addDoc(n)
		if f := e.families[e.docs[n].family]; f != nil && old[f.seq] == nil {
			old[f.seq] = f
			for _, m := range f.members {
				addDoc(m)
			}
		}
	}
	slices.Sort(region)
	// Components of the derivations among the living.
	seen := map[int32]bool{}
	var comps [][]int32
	for _, n := range region {
		if seen[n] || !e.docs[n].alive || len(e.docs[n].edges) == 0 {
			continue
		}
		comp := []int32{n}
		seen[n] = true
		for i := 0; i < len(comp); i++ {
			for _, ed := range e.docs[comp[i]].edges {
				if !seen[ed.other] {
					seen[ed.other] = true
					comp = append(comp, ed.other)
				}
			}
		}
		slices.SortFunc(comp, func(x, y int32) int { return strings.Compare(e.docs[x].id, e.docs[y].id) })
		comps = append(comps, comp)
	}
	// Each component keeps the number of the old family it shares most
	// members with, if no other component took it first; the largest
	// components choose first.
	order := make([]int, len(comps))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(x, y int) int { return cmp.Compare(len(comps[y]), len(comps[x])) })
	seqs := make([]uint64, len(comps))
	taken := map[uint64]bool{}
	for _, i := range order {
		count := map[uint64]int{}
		for _, n := range comps[i] {
			if f := e.docs[n].family; f != 0 && old[f] != nil && !taken[f] {
				count[f]++
			}
		}
		var best uint64
		for f, k := range count {
			if best == 0 || k > count[best] || k == count[best] && f < best {
				best = f
			}
		}
		if best == 0 {
			best = e.counters.NextFamily
			e.counters.NextFamily++
		}
		taken[best] = true
		seqs[i] = best
	}
	// Lineage, a family per worker at a time.
	fams := make([]lineage.Family, len(comps))
	loads := &textLoads{c: c}
	work.Each(len(comps), e.opt.workers(), func(i int) {
		fams[i] = e.infer(comps[i], loads)
	})
	if err := loads.err(); err != nil {
		return err
	}
	// Which documents were copies before the batch: a copy counts once,
	// when it first gets a parent (it may arrive before its original).
	wasCopy := map[int32]bool{}
	for n := range inRegion {
		if f := e.families[e.docs[n].family]; f != nil && f.original != n {
			wasCopy[n] = true
		}
	}
	c.wasCopy = wasCopy
	for n := range inRegion {
		e.docs[n].family = 0
	}
	for i, comp := range comps {
		if err := c.putFamily(seqs[i], comp, fams[i], old[seqs[i]]); err != nil {
			return err
		}
	}
	for seq, f := range old {
		if taken[seq] {
			continue
		}
		delete(e.families, seq)
		c.b.DeleteFamilies = append(c.b.DeleteFamilies, seq)
		c.b.DeleteFamilyIDs = append(c.b.DeleteFamilyIDs, f.id)
		c.out.FamiliesRemoved++
		c.event(Event{Type: EventFamilyRemoved, Family: f.id})
	}
	return nil
}

// putFamily records family seq, made of comp with lineage f, in memory
// and in the batch, with its events. was is the family as it was under
// that number, if it was.
func (c *change) putFamily(seq uint64, comp []int32, f lineage.Family, was *memFamily) error {
	e := c.e
	ids := make([]string, len(comp))
	for i, n := range comp {
		ids[i] = e.docs[n].id
		e.docs[n].family = seq
	}
	mf := &memFamily{seq: seq, id: FamilyID(ids), members: comp, original: comp[f.Original], created: c.now}
	sf := &StoredFamily{Seq: seq, ID: mf.id, Original: e.docs[mf.original].seq, Created: c.now, Updated: c.now}
	if was != nil {
		mf.created, sf.Created = was.created, was.created
	}
	for _, n := range comp {
		sf.Members = append(sf.Members, e.docs[n].seq)
	}
	for _, ed := range f.Edges {
		from, to := comp[ed.From], comp[ed.To]
		sf.Edges = append(sf.Edges, StoredEdge{From: e.docs[from].seq, To: e.docs[to].seq, Confidence: ed.Confidence,
			Attributed: ed.Attributed, Evidence: ed.Evidence})
		if !c.wasCopy[to] {
			c.out.Copies++
			if ed.Attributed {
				c.out.Attributed++
			}
		}
	}
	e.families[seq] = mf
	c.b.Families = append(c.b.Families, sf)
	ev := Event{Family: mf.id, Original: e.docs[mf.original].id, Members: len(comp)}
	switch {
	case was == nil:
		ev.Type = EventFamilyCreated
		c.out.FamiliesCreated++
	default:
		ev.Type = EventFamilyChanged
		c.out.FamiliesChanged++
		if was.id != mf.id {
			c.b.DeleteFamilyIDs = append(c.b.DeleteFamilyIDs, was.id)
			ev.Previous = was.id
		}
		if was.original != mf.original {
			ev.PreviousOriginal = e.docs[was.original].id
			ev.Rerooted = true
			c.out.Rerooted++
		}
	}
	c.event(ev)
	return nil
}

// FamilyID is the contract's ID of a family: a hash of its member IDs, in
// order (see report.FamilyID, which is the same).
func FamilyID(members []string) string {
	return familyID(members)
}

// infer infers the lineage of one family, its members in the order of
// their IDs, as compare does.
func (e *Engine) infer(members []int32, loads *textLoads) lineage.Family {
	return e.inferFamily(members, -1, func(n int32) *memDoc { return e.docs[n] }, loads.text)
}

// inferFamily infers the lineage of members, in the order of their IDs,
// from the derivations among them, as compare does. docOf gives each
// member and text its text, if lineage needs it. Derivations are linked
// both ways but those of the document numbered q (a checked text, which
// no stored document links to).
func (e *Engine) inferFamily(members []int32, q int32, docOf func(int32) *memDoc, text func(int32) []byte) lineage.Family {
	at := make(map[int32]int, len(members))
	docs := make([]lineage.Doc, len(members))
	idx := make([]int, len(members))
	for i, n := range members {
		at[n] = i
		idx[i] = i
		d := docOf(n)
		docs[i] = lineage.Doc{ID: d.id, Source: d.source, Published: d.published, PublishedDay: d.publishedDay,
			URL: d.url, Words: d.words, Evidence: d.ev, Load: func() []byte { return text(n) }}
		if m := d.more; m != nil {
			docs[i].Canonical, docs[i].PublishedMonth = m.canonical, m.publishedMonth
			docs[i].Updated, docs[i].UpdatedDay, docs[i].UpdatedMonth = m.updated, m.updatedDay, m.updatedMonth
		}
	}
	var pairs []lineage.Pair
	for i, n := range members {
		for _, ed := range docOf(n).edges {
			j, ok := at[ed.other]
			if !ok || j < i && n != q {
				continue
			}
			if i < j {
				pairs = append(pairs, lineage.Pair{A: i, B: j, Jaccard: ed.jaccard, CoverageA: ed.covSelf,
					CoverageB: ed.covOther, ContainmentA: ed.containSelf, ContainmentB: ed.containOther})
			} else {
				pairs = append(pairs, lineage.Pair{A: j, B: i, Jaccard: ed.jaccard, CoverageA: ed.covOther,
					CoverageB: ed.covSelf, ContainmentA: ed.containOther, ContainmentB: ed.containSelf})
			}
		}
	}
	slices.SortFunc(pairs, func(x, y lineage.Pair) int { return cmp.Or(cmp.Compare(x.A, y.A), cmp.Compare(x.B, y.B)) })
	return lineage.InferWith(e.aliases, docs, idx, pairs)
}

// textLoads gives lineage the texts it asks for: those of the batch, or
// read from the store. It is safe for concurrent use.
type textLoads struct {
	c    *change
	mu   sync.Mutex
	errs []error
}

func (l *textLoads) text(n int32) []byte {
	e := l.c.e
	if t, ok := l.c.texts[n]; ok {
		return t
	}
	t, err := e.readText(l.c.ctx, e.docs[n].seq)
	if err != nil {
		l.mu.Lock()
		l.errs = append(l.errs, fmt.Errorf("text of %s: %w", e.docs[n].id, err))
		l.mu.Unlock()
		return nil
	}
	return t
}

func (l *textLoads) err() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.errs) > 0 {
		return l.errs[0]
	}
	return nil
}
