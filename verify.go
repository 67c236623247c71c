package provenance

import (
	"cmp"
	"slices"
	"sync"

	"github.com/provenance-dev/provenance/cluster"
	"github.com/provenance-dev/provenance/internal/unionfind"
	"github.com/provenance-dev/provenance/internal/work"
	"github.com/provenance-dev/provenance/lineage"
)

// A component of more than verifyTaskWords words is verified by all
// workers together, in batches whose documents hold at most
// verifyBatchWords words (a prepared document holds about 50 bytes a
// word, more with the fuzzy channel); a document needed in two batches is
// prepared twice. Tests lower both.
var (
	verifyTaskWords  = 1 << 20
	verifyBatchWords = 8 << 20
)

// verify checks every candidate pair. Pairs are grouped by the connected
// components of the candidate graph, so that each document is prepared
// (read again, tokenized, indexed) once. A component is a task of its own:
// a worker prepares its documents, verifies its pairs and lets them go,
// with no wait on other workers, and memory holds one component per
// worker. A component of more than verifyTaskWords words is verified by
// all workers together, in two steps (prepare, then verify). Passages are
// checked for boilerplate only in documents holdsBoiler marks. Each
// component's lineage is inferred through lin as soon as it is verified,
// its texts at hand; the large components, whose texts are gone by then,
// are returned in late, for lin.inferLate. It also returns the matches,
// ordered by (A, B), and the errors of documents that could not be read
// again.
func verify(ents []*entry, pairs []candidate, boiler, common *cluster.KeySet, holdsBoiler []bool, lin *lineager, opt Options) (matches []cluster.Match, bad []error, late []verified) {
	if len(pairs) == 0 {
		return nil, nil, nil
	}
	// Components of the candidate graph, each named by its smallest
	// document.
	parent := unionfind.New(len(ents))
	for _, p := range pairs {
		parent.Union(p.a, p.b)
	}
	for i := range parent {
		parent[i] = parent.Find(int32(i)) // flat: a root is one step away
	}
	// Pairs by component, then (a, b): a stable counting sort by
	// component of pairs in (a, b) order, as mergePairs gives them.
	byAB := func(x, y candidate) int { return cmp.Or(cmp.Compare(x.a, y.a), cmp.Compare(x.b, y.b)) }
	if !slices.IsSortedFunc(pairs, byAB) {
		slices.SortFunc(pairs, byAB)
	}
	pairs = sortByKey(pairs, len(ents), func(p *candidate) int32 { return parent[p.a] })
	// Each component's pairs, and its documents in order of first
	// appearance.
	type component struct {
		pairs   []candidate
		docs    []int32
		words   int
		matches []cluster.Match
		errs    []error
	}
	var comps []*component
	seen := make([]bool, len(ents))
	for lo := 0; lo < len(pairs); {
		hi := lo + 1
		for hi < len(pairs) && parent[pairs[hi].a] == parent[pairs[lo].a] {
			hi++
		}
		c := &component{pairs: pairs[lo:hi]}
		for _, p := range c.pairs {
			for _, d := range [2]int32{p.a, p.b} {
				if !seen[d] {
					seen[d] = true
					c.docs = append(c.docs, d)
					c.words += ents[d].words
				}
			}
		}
		comps = append(comps, c)
		lo = hi
	}
	v := &verifier{ents: ents, boiler: boiler, common: common, holdsBoiler: holdsBoiler, opt: opt,
		pool: sync.Pool{New: func() any { return newSketcher(opt) }}}
	var large []*component
	var small []*component
	for _, c := range comps {
		if c.words > verifyTaskWords {
			large = append(large, c)
		} else {
			small = append(small, c)
		}
	}
	// A document is in one component: tasks use disjoint elements.
	prep := make([]prepared, len(ents))
	work.Each(len(small), opt.workers(), func(i int) {
		c := small[i]
		s := v.pool.Get().(*sketcher)
		for _, d := range c.docs {
			var err error
			if prep[d], err = v.prepare(d, s); err != nil {
				c.errs = append(c.errs, err)
			}
		}
		for _, p := range c.pairs {
			if m, ok := v.check(p, prep[p.a], prep[p.b]); ok {
				c.matches = append(c.matches, m)
			}
		}
		// The component's families, while their texts are at hand.
		lin.infer(c.docs, c.matches, func(d int32) []byte { return prep[d].text })
		for _, d := range c.docs {
			v.release(prep[d], s)
			prep[d] = prepared{}
		}
		v.pool.Put(s)
	})
	for _, c := range large {
		v.verifyLarge(c.pairs, c.docs, &c.matches, &c.errs)
	}
	n := 0
	for _, c := range comps {
		n += len(c.matches)
	}
	matches = make([]cluster.Match, 0, n)
	for _, c := range comps {
		matches = append(matches, c.matches...)
		bad = append(bad, c.errs...)
	}
	for _, c := range large {
		// Their texts are gone: their lineage is inferred after, reading
		// texts again where it must.
		late = append(late, verified{c.docs, c.matches})
	}
	// A document is in one component, whose matches are in (A, B)
	// order: a stable sort by A orders them all.
	matches = sortByKey(matches, len(ents), func(m *cluster.Match) int32 { return m.A })
	matchAB := func(x, y cluster.Match) int { return cmp.Or(cmp.Compare(x.A, y.A), cmp.Compare(x.B, y.B)) }
	if !slices.IsSortedFunc(matches, matchAB) {
		slices.SortFunc(matches, matchAB)
	}
	return matches, bad, late
}

// sortByKey returns xs ordered stably by key, a number in [0, n): a
// counting sort, in time linear in len(xs) and n. Sorting the 300k
// candidate pairs, or the matches, of a 1 GB corpus by comparison took
// 0.05 to 0.13 s on one core while the other waited.
func sortByKey[T any](xs []T, n int, key func(*T) int32) []T {
	at := make([]int32, n+1)
	for i := range xs {
		at[key(&xs[i])+1]++
	}
	for k := 1; k <= n; k++ {
		at[k] += at[k-1]
	}
	out := make([]T, len(xs))
	for i := range xs {
		k := key(&xs[i])
		out[at[k]] = xs[i]
		at[k]++
	}
	return out
}

// verifier holds what verifying pairs needs.
type verifier struct {
	ents        []*entry
	boiler      *cluster.KeySet
	common      *cluster.KeySet
	holdsBoiler []bool
	opt         Options
	pool        sync.Pool // of *sketcher
}

// prepared is a document made ready for verification: its text (in a
// buffer to reuse if the text had been dropped), and its Docs for the
// exact and fuzzy channels (nil if it is too short or unreadable).
type prepared struct {
	text   []byte
	reused bool // text is a buffer read into, to hand back
	doc    *cluster.Doc
	fuzzy  *lazyFuzzy // nil unless the fuzzy channel is on
}

// prepare reads document d's text again if it was dropped, tokenizes it
// and makes its Docs, with s's tokenizer and buffers.
func (v *verifier) prepare(d int32, s *sketcher) (prepared, error) {
	e := v.ents[d]
	var buf []byte
	dropped := e.doc.Text == nil
	if dropped && len(s.bufs) > 0 {
		buf, s.bufs = s.bufs[len(s.bufs)-1], s.bufs[:len(s.bufs)-1]
	}
	text, err := e.textInto(buf)
	if err != nil {
		return prepared{}, err
	}
	p := prepared{text: text, reused: dropped}
	// The exact channel's Doc copies the tokens it needs; the fuzzy
	// channel's form, if a pair needs it, tokenizes the text again.
	toks := &s.toks
	toks.Spans, toks.Hashes, toks.NoSpans = toks.Spans[:0], toks.Hashes[:0], false
	s.tk.Tokenize(toks, text)
	if cd, err := cluster.NewDoc(text, toks, v.opt.Cluster); err == nil {
		cd.NoBoilerplate = v.holdsBoiler == nil || !v.holdsBoiler[d]
		p.doc = cd
		if v.opt.Fuzzy {
			p.fuzzy = newLazyFuzzy(text, nil)
		}
	}
	return p, nil
}

// release hands p's memory back: its Doc, and its text buffer to s.
func (v *verifier) release(p prepared, s *sketcher) {
	if p.doc != nil {
		p.doc.Release()
	}
	if p.reused && cap(p.text) > 0 {
		s.bufs = append(s.bufs, p.text[:0])
	}
}

// check verifies one candidate pair: with exact shingles if the exact
// channel proposed it and, if that finds no match, sentence by sentence if
// the fuzzy channel did.
func (v *verifier) check(c candidate, a, b prepared) (cluster.Match, bool) {
	if a.doc == nil || b.doc == nil {
		return cluster.Match{}, false
	}
	var m cluster.Match
	ok := false
	if c.exact {
		m, ok = cluster.Verify(c.a, c.b, a.doc, b.doc, v.opt.Cluster, v.boiler, v.common)
	}
	if !ok && c.fuzzy && v.opt.Fuzzy {
		m, ok, _ = cluster.VerifyFuzzy(c.a, c.b, a.doc, b.doc, a.fuzzy.get(), b.fuzzy.get(), v.opt.FuzzyConfig, v.opt.Cluster, v.boiler, v.common)
	}
	return m, ok
}

// verifyLarge verifies the pairs of one large component, among whose
// documents docs are, on all workers: batches of documents up to
// verifyBatchWords words are prepared in parallel, then the pairs whose
// documents are all prepared are verified in parallel. A document is
// prepared again in each batch that needs it.
func (v *verifier) verifyLarge(pairs []candidate, docs []int32, matches *[]cluster.Match, errs *[]error) {
	prep := make([]prepared, len(v.ents))
	have := make([]bool, len(v.ents))
	for lo := 0; lo < len(pairs); {
		// A batch: pairs in order until the words of their documents
		// reach the budget.
		var need []int32
		words := 0
		hi := lo
		for hi < len(pairs) && (hi == lo || words < verifyBatchWords) {
			for _, d := range [2]int32{pairs[hi].a, pairs[hi].b} {
				if !have[d] {
					have[d] = true
					need = append(need, d)
					words += v.ents[d].words
				}
			}
			hi++
		}
		bad := make([]error, len(need))
		work.Each(len(need), v.opt.workers(), func(j int) {
			s := v.pool.Get().(*sketcher)
			d := need[j]
			prep[d], bad[j] = v.prepare(d, s)
			// The component's lineage is inferred after its texts are
			// gone: keep what it needs of a dropped one, once.
			if e := v.ents[d]; bad[j] == nil && e.doc.Text == nil && e.ev == nil {
				ev := lineage.Scan(prep[d].text)
				e.ev = &ev
			}
			v.pool.Put(s)
		})
		for _, err := range bad {
			if err != nil {
				*errs = append(*errs, err)
			}
		}
		batch := pairs[lo:hi]
		out := make([]cluster.Match, len(batch))
		ok := make([]bool, len(batch))
		work.Each(len(batch), v.opt.workers(), func(i int) {
			out[i], ok[i] = v.check(batch[i], prep[batch[i].a], prep[batch[i].b])
		})
		for i := range batch {
			if ok[i] {
				*matches = append(*matches, out[i])
			}
		}
		s := v.pool.Get().(*sketcher)
		for _, d := range need {
			v.release(prep[d], s)
			prep[d], have[d] = prepared{}, false
		}
		v.pool.Put(s)
		lo = hi
	}
}
