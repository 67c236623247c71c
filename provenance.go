// Package provenance implements the pipeline that finds where news text
// came from: it reads documents, finds the pairs that share passages,
// aligns the shared text, groups documents into families of derivation and
// infers each family's original and lineage.
//
// The same pipeline serves the one-shot `provenance compare` and the
// daemon. The algorithms live in the packages shingle (tokens and shingle
// hashes), cluster (fingerprints, the index, alignment, families) and
// lineage (direction and evidence); document reads the inputs.
package provenance

import (
	"cmp"
	"errors"
	"fmt"
	"hash/maphash"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/provenance-dev/provenance/cluster"
	"github.com/provenance-dev/provenance/document"
	"github.com/provenance-dev/provenance/internal/unionfind"
	"github.com/provenance-dev/provenance/internal/work"
	"github.com/provenance-dev/provenance/lineage"
	"github.com/provenance-dev/provenance/shingle"
)

// Options configure a run. [DefaultOptions] gives working values.
type Options struct {
	Cluster cluster.Config
	// TokenSeed seeds the token hashes.
	TokenSeed uint32
	// Workers is how many goroutines prepare and verify documents; 0 means
	// one per CPU.
	Workers int
	// MaxSize is the largest input file read, in bytes; 0 means
	// document.DefaultMaxSize.
	MaxSize int64
	// DropText lets [CompareFiles] drop each document's text once it is
	// fingerprinted and read the file again when the text is needed (to
	// verify a candidate pair, for lineage), so memory holds the index
	// rather than the corpus. Result.Docs then have no Text. A file that
	// changed in between is reported in Result.Skipped and left out of
	// the matches.
	DropText bool
	// Fuzzy turns on the fuzzy channel, for reworded reuse (synonyms,
	// shuffled or dropped words, translation and back): content-word pair
	// keys in a second index, and sentence-level verification of the
	// pairs exact shingles do not confirm. It costs about twice the time
	// and index memory.
	Fuzzy       bool
	FuzzyConfig cluster.FuzzyConfig
	// Read configures the readers (input format, JSON field names, source
	// names, progress); a zero Read.MaxSize means MaxSize.
	Read document.Options
}

// DefaultOptions returns the default options.
func DefaultOptions() Options {
	return Options{Cluster: cluster.DefaultConfig(), FuzzyConfig: cluster.DefaultFuzzyConfig(), TokenSeed: 0x5eed}
}

// Validate reports the first option that is out of range.
func (o *Options) Validate() error {
	if err := o.Cluster.Validate(); err != nil {
		return err
	}
	if o.Fuzzy {
		return o.FuzzyConfig.Validate()
	}
	return nil
}

// Result is the outcome of a run. Documents are ordered by ID; matches
// and families refer to them by index.
type Result struct {
	Docs []*document.Document
	// Words is the number of tokens of each document.
	Words []int
	// Matches are ordered by (A, B), with A < B.
	Matches []cluster.Match
	// Families are ordered by their first member.
	Families []lineage.Family
	// Skipped are the inputs that could not be used, each a
	// *document.FileError.
	Skipped []error
	Stats   Stats
}

// Stats counts work and times each stage of a run. Read, Tokenize,
// Sketch, Checksum and LineageWork are summed over workers; the others
// are wall time.
type Stats struct {
	Files, Bytes int64
	// Postings is the number of (fingerprint, document) pairs indexed;
	// Boilerplate the number of fingerprints found to be boilerplate.
	Postings, Boilerplate int
	// Candidates is the number of document pairs verified.
	Candidates int

	Read, Tokenize, Sketch time.Duration
	// Checksum is the time spent, summed over workers, checksumming
	// texts as they are read, when texts are dropped (to tell a file
	// that changed before it is read again).
	Checksum               time.Duration
	Index, Verify, Lineage time.Duration
	// LineageWork is the time, summed over workers, of the lineage
	// inferred within Verify: families are inferred as soon as the
	// documents that hold them are verified (all but those of the largest
	// components, whose lineage is in Lineage).
	LineageWork time.Duration
	Total       time.Duration
}

// entry is a document in a run with what the pipeline keeps of it.
type entry struct {
	doc   *document.Document
	in    document.Input // to read the text again, when dropped
	rd    *document.Reader
	sum   uint64 // textSum of the text, to check a second read
	bytes int64
	words int
	keys  []uint64
	fkeys []uint64 // fuzzy channel keys
	// ev is the lineage evidence of a dropped text in a component too
	// large to infer its lineage while its texts are at hand, found when
	// it is read again to verify; loadErr why the text could not be read
	// again for lineage.
	ev      *lineage.Evidence
	loadErr error
	err     error
}

// stageTimes sums per-worker durations.
type stageTimes struct{ read, tokenize, sketch, checksum atomic.Int64 }

// sketcher fingerprints texts; one per goroutine.
type sketcher struct {
	tk   *shingle.Tokenizer
	sk   *cluster.Sketcher
	toks shingle.Tokens
	sh   []uint64
	buf  []byte   // file bytes, reused while no document keeps its text
	bufs [][]byte // buffers for texts read again, free to reuse
}

func newSketcher(opt Options) *sketcher {
	return &sketcher{tk: shingle.NewTokenizer(opt.TokenSeed), sk: cluster.NewSketcher(opt.Cluster)}
}

// fingerprint sets e.words and e.keys (and e.fkeys) from text.
func (s *sketcher) fingerprint(e *entry, text []byte, opt *Options, st *stageTimes) {
	k := opt.Cluster.K
	t := time.Now()
	s.toks.Spans, s.toks.Hashes = s.toks.Spans[:0], s.toks.Hashes[:0]
	s.toks.NoSpans = !opt.Fuzzy // only the fuzzy keys need offsets here
	s.tk.Tokenize(&s.toks, text)
	t2 := time.Now()
	st.tokenize.Add(int64(t2.Sub(t)))
	e.words = s.toks.Len()
	e.bytes = int64(len(text))
	if e.words == 0 {
		e.err = &document.FileError{Path: e.doc.Path, Err: document.ErrNoText}
		return
	}
	var err error
	s.sh, err = shingle.Hashes(s.sh[:0], s.toks.Hashes, k)
	if err == nil {
		e.keys = s.sk.Keys(s.sh)
	} // else shorter than one shingle: it stays a document and matches nothing
	if opt.Fuzzy {
		e.fkeys = cluster.FuzzyKeys(text, &s.toks, opt.FuzzyConfig)
	}
	st.sketch.Add(int64(time.Since(t2)))
}

// CompareFiles finds the inputs under paths (see document.Find), reads
// them in every format (see document.Reader) and runs the pipeline of
// [Compare], fingerprinting each document as soon as it is read. Inputs
// that cannot be read are reported in Result.Skipped; the error is non-nil
// only if the options are invalid.
func CompareFiles(paths []string, opt Options) (*Result, error) {
	start := time.Now()
	if err := opt.Validate(); err != nil {
		return nil, fmt.Errorf("options: %w", err)
	}
	ropt := opt.Read
	if ropt.MaxSize == 0 {
		ropt.MaxSize = opt.MaxSize
	}
	rd := document.NewReader(ropt)
	ins, errs := rd.Find(paths)
	per := make([][]*entry, len(ins))
	readErrs := make([][]error, len(ins))
	var st stageTimes
	pool := sync.Pool{New: func() any { return newSketcher(opt) }}
	work.Each(len(ins), opt.workers(), func(i int) {
		s := pool.Get().(*sketcher)
		t := time.Now()
		docs, es := rd.ReadBuffered(ins[i], &s.buf)
		st.read.Add(int64(time.Since(t)))
		readErrs[i] = es
		for _, d := range docs {
			e := &entry{doc: d, in: ins[i], rd: rd}
			s.fingerprint(e, d.Text, &opt, &st)
			// Only a file that holds one document is read again for it.
			if opt.DropText && len(docs) == 1 && e.err == nil {
				t := time.Now()
				e.sum = textSum(d.Text)
				d.Text = nil
				st.checksum.Add(int64(time.Since(t)))
			}
			per[i] = append(per[i], e)
		}
		for _, d := range docs {
			if d.Text != nil {
				s.buf = nil // the text may be in it: the document keeps it
				break
			}
		}
		pool.Put(s)
	})
	var all []*entry
	for i := range ins {
		errs = append(errs, readErrs[i]...)
		all = append(all, per[i]...)
	}
	docs := make([]*document.Document, len(all))
	for i, e := range all {
		docs[i] = e.doc
	}
	keep, dupErrs := document.DedupeOrder(docs)
	errs = append(errs, dupErrs...)
	ents := make([]*entry, len(keep))
	for i, k := range keep {
		ents[i] = all[k]
	}
	res, err := run(ents, errs, opt, &st)
	if err != nil {
		return nil, err
	}
	res.Stats.Total = time.Since(start)
	return res, nil
}

// Compare runs the pipeline over docs, which must have distinct IDs.
// Documents with no words are left out and reported in Result.Skipped.
// The result depends only on the documents and options, not on their
// order.
func Compare(docs []*document.Document, opt Options) (*Result, error) {
	start := time.Now()
	if err := opt.Validate(); err != nil {
		return nil, fmt.Errorf("options: %w", err)
	}
	ents := make([]*entry, len(docs))
	var st stageTimes
	pool := sync.Pool{New: func() any { return newSketcher(opt) }}
	work.Each(len(docs), opt.workers(), func(i int) {
		e := &entry{doc: docs[i]}
		ents[i] = e
		s := pool.Get().(*sketcher)
		s.fingerprint(e, docs[i].Text, &opt, &st)
		pool.Put(s)
	})
	res, err := run(ents, nil, opt, &st)
	if err != nil {
		return nil, err
	}
	res.Stats.Total = time.Since(start)
	return res, nil
}

// run is the pipeline after fingerprinting: index, candidates,
// verification, families and lineage.
func run(ents []*entry, skipped []error, opt Options, st *stageTimes) (*Result, error) {
	cfg := opt.Cluster
	res := &Result{Skipped: skipped}
	kept := ents[:0:0]
	for _, e := range ents {
		if e.err != nil {
			res.Skipped = append(res.Skipped, e.err)
			continue
		}
		kept = append(kept, e)
	}
	ents = kept
	byID := func(a, b *entry) int { return strings.Compare(a.doc.ID, b.doc.ID) }
	if !slices.IsSortedFunc(ents, byID) { // CompareFiles gives them sorted
		slices.SortFunc(ents, byID)
	}
	for i := 1; i < len(ents); i++ {
		if ents[i].doc.ID == ents[i-1].doc.ID {
			return nil, fmt.Errorf("document %q: %w", ents[i].doc.ID, document.ErrDuplicateID)
		}
	}
	res.Docs = make([]*document.Document, len(ents))
	res.Words = make([]int, len(ents))
	for i, e := range ents {
		res.Docs[i], res.Words[i] = e.doc, e.words
		res.Stats.Files++
		res.Stats.Bytes += e.bytes
	}
	res.Stats.Read = time.Duration(st.read.Load())

	// Index every document, find boilerplate, then query: the index is
	// complete when queried, so candidates do not depend on order.
	t := time.Now()
	// The index holds the fingerprints from here: each document's own
	// are dropped as soon as it is built.
	keys := make([][]uint64, len(ents))
	for i, e := range ents {
		keys[i], e.keys = e.keys, nil
	}
	ix := cluster.BuildIndex(cfg, keys, opt.workers())
	clear(keys)
	boiler, holdsBoiler := boilerplate(ix, res.Docs, cfg, opt.workers())
	res.Stats.Postings = ix.Postings()
	res.Stats.Boilerplate = boiler.Len()
	exact := query(ix, len(ents), boiler, opt)
	ix = nil
	var fuzzy [][2]int32
	if opt.Fuzzy {
		for i, e := range ents {
			keys[i], e.fkeys = e.fkeys, nil
		}
		fix := cluster.BuildIndex(opt.FuzzyConfig.IndexConfig(), keys, opt.workers())
		clear(keys)
		res.Stats.Postings += fix.Postings()
		fuzzy = query(fix, len(ents), nil, opt)
	}
	pairs := mergePairs(exact, fuzzy, len(ents))
	res.Stats.Index = time.Since(t)
	res.Stats.Candidates = len(pairs)
	res.Stats.Tokenize = time.Duration(st.tokenize.Load())
	res.Stats.Sketch = time.Duration(st.sketch.Load())
	res.Stats.Checksum = time.Duration(st.checksum.Load())

	t = time.Now()
	lin := newLineager(ents, opt)
	matches, bad, late := verify(ents, pairs, boiler, holdsBoiler, lin, opt)
	res.Matches = matches
	res.Skipped = append(res.Skipped, bad...)
	res.Stats.Verify = time.Since(t)
	res.Stats.LineageWork = time.Duration(lin.work.Load())

	t = time.Now()
	lin.inferLate(late)
	res.Families = lin.result()
	res.Skipped = append(res.Skipped, lin.errors()...)
	res.Stats.Lineage = time.Since(t)
	return res, nil
}

// query returns the candidate pairs (a, b), a < b, of the indexed
// documents, leaving out the boilerplate fingerprints.
func query(ix *cluster.Index, n int, boiler *cluster.KeySet, opt Options) [][2]int32 {
	found := make([][][2]int32, n)
	ix.PairsBelow(boiler, opt.workers(), func(d int32, cands []cluster.Candidate) {
		f := make([][2]int32, len(cands))
		for i, c := range cands {
			f[i] = [2]int32{c.Doc, d}
		}
		found[d] = f
	})
	var pairs [][2]int32
	for _, f := range found {
		pairs = append(pairs, f...)
	}
	return pairs
}

// candidate is a document pair to verify, with the channels that proposed
// it.
type candidate struct {
	a, b         int32
	exact, fuzzy bool
}

// mergePairs joins the candidate pairs of both channels, each pair once,
// ordered by (a, b); documents are numbered below n.
func mergePairs(exact, fuzzy [][2]int32, n int) []candidate {
	out := make([]candidate, 0, len(exact)+len(fuzzy))
	for _, p := range exact {
		out = append(out, candidate{a: p[0], b: p[1], exact: true})
	}
	for _, p := range fuzzy {
		out = append(out, candidate{a: p[0], b: p[1], fuzzy: true})
	}
	// One channel's pairs, as query gives them, are in strictly
	// increasing (b, a) order, so distinct: a stable sort by a puts them
	// in (a, b) order.
	increasing := len(fuzzy) == 0
	for i := 1; increasing && i < len(out); i++ {
		x, y := out[i-1], out[i]
		increasing = x.b < y.b || x.b == y.b && x.a < y.a
	}
	if increasing {
		return sortByKey(out, n, func(c *candidate) int32 { return c.a })
	}
	slices.SortFunc(out, func(x, y candidate) int { return cmp.Or(cmp.Compare(x.a, y.a), cmp.Compare(x.b, y.b)) })
	j := 0
	for i := range out {
		if j > 0 && out[j-1].a == out[i].a && out[j-1].b == out[i].b {
			out[j-1].exact = out[j-1].exact || out[i].exact
			out[j-1].fuzzy = out[j-1].fuzzy || out[i].fuzzy
			continue
		}
		out[j] = out[i]
		j++
	}
	return out[:j]
}

// boilerplate returns the fingerprints held by at least
// cfg.BoilerplateDocs documents of one named source, and which documents
// hold any of them (nil if none does).
func boilerplate(ix *cluster.Index, docs []*document.Document, cfg cluster.Config, workers int) (*cluster.KeySet, []bool) {
	if cfg.BoilerplateDocs == 0 {
		return nil, nil
	}
	source := make([]int32, len(docs)) // 0: not named
	ids := map[string]int32{}
	// Many documents name one source the same way: its key is found once
	// for each way (the alias table's Key folds and looks up the name).
	byName := map[string]int32{}
	for i, d := range docs {
		id, ok := byName[d.Source]
		if !ok {
			if k := lineage.SourceKey(d.Source); k != "" {
				if id, ok = ids[k]; !ok {
					id = int32(len(ids) + 1)
					ids[k] = id
				}
			}
			byName[d.Source] = id
		}
		source[i] = id
	}
	if len(ids) == 0 {
		return nil, nil
	}
	// Each part of the index, on a worker of its own, counts the
	// documents of each source among one fingerprint's documents, in an
	// array by source (touched lists the counts to reset), and notes the
	// boilerplate keys and the documents that hold them.
	type part struct {
		count   []int
		touched []int32
		keys    []uint64
		holds   []bool
	}
	parts := make([]part, workers)
	for w := range parts {
		parts[w] = part{count: make([]int, len(ids)+1), holds: make([]bool, len(docs))}
	}
	ix.SharedParts(cfg.BoilerplateDocs, workers, func(w int, key uint64, docs []int32) {
		p := &parts[w]
		for _, s := range p.touched {
			p.count[s] = 0
		}
		p.touched = p.touched[:0]
		for _, d := range docs {
			s := source[d]
			if s == 0 {
				continue
			}
			if p.count[s] == 0 {
				p.touched = append(p.touched, s)
			}
			if p.count[s]++; p.count[s] >= cfg.BoilerplateDocs {
				p.keys = append(p.keys, key)
				for _, d := range docs {
					p.holds[d] = true
				}
				return
			}
		}
	})
	out := &cluster.KeySet{}
	holds := parts[0].holds
	for w, p := range parts {
		for _, k := range p.keys {
			out.Add(k)
		}
		if w > 0 {
			for d, h := range p.holds {
				holds[d] = holds[d] || h
			}
		}
	}
	return out, holds
}

// textSeed seeds textSum: set once, for the life of the process.
var textSeed = maphash.MakeSeed()

// textSum is the checksum that tells a text read again from the one first
// read. It lives no longer than a run, so the runtime's hash (maphash)
// serves: about twice murmur3's speed on 4 KB texts here (10 GB/s against
// 4.8), and every text is hashed twice.
func textSum(b []byte) uint64 { return maphash.Bytes(textSeed, b) }

// errChanged is the reason a file whose text was dropped is left out when
// it reads differently the second time.
var errChanged = errors.New("file changed while being compared")

// text returns the entry's text, reading its file again if it was
// dropped.
func (e *entry) text() ([]byte, error) { return e.textInto(nil) }

// textInto is text, reading a dropped text into buf if it has room.
func (e *entry) textInto(buf []byte) ([]byte, error) {
	if e.doc.Text != nil {
		return e.doc.Text, nil
	}
	// A plain-text document's text is its file's bytes: check those
	// first, then read the file as the first time.
	if data, err := document.ReadPrefix(buf, e.doc.Path, e.bytes); err == nil && textSum(data) == e.sum {
		return data, nil
	}
	ds, errs := e.rd.Read(e.in)
	if len(errs) > 0 {
		return nil, errs[0]
	}
	if len(ds) != 1 || textSum(ds[0].Text) != e.sum {
		return nil, &document.FileError{Path: e.doc.Path, Err: errChanged}
	}
	return ds[0].Text, nil
}

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
func verify(ents []*entry, pairs []candidate, boiler *cluster.KeySet, holdsBoiler []bool, lin *lineager, opt Options) (matches []cluster.Match, bad []error, late []verified) {
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
	v := &verifier{ents: ents, boiler: boiler, holdsBoiler: holdsBoiler, opt: opt,
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
	fdoc   *cluster.FuzzyDoc
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
	// The exact channel's Doc copies the tokens it needs; the fuzzy one
	// keeps them.
	toks := &s.toks
	if v.opt.Fuzzy {
		toks = new(shingle.Tokens)
	}
	toks.Spans, toks.Hashes, toks.NoSpans = toks.Spans[:0], toks.Hashes[:0], false
	s.tk.Tokenize(toks, text)
	if cd, err := cluster.NewDoc(text, toks, v.opt.Cluster); err == nil {
		cd.NoBoilerplate = v.holdsBoiler == nil || !v.holdsBoiler[d]
		p.doc = cd
		if v.opt.Fuzzy {
			p.fdoc = cluster.NewFuzzyDoc(text, toks)
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

// check verifies one candidate pair.
func (v *verifier) check(c candidate, a, b prepared) (cluster.Match, bool) {
	if a.doc == nil || b.doc == nil {
		return cluster.Match{}, false
	}
	var m cluster.Match
	ok := false
	if c.exact {
		m, ok = cluster.Verify(c.a, c.b, a.doc, b.doc, v.opt.Cluster, v.boiler)
	}
	if !ok && v.opt.Fuzzy {
		m, ok = cluster.VerifyFuzzy(c.a, c.b, a.doc, b.doc, a.fdoc, b.fdoc, v.opt.FuzzyConfig)
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
	ents  []*entry
	ldocs []lineage.Doc
	opt   Options
	work  atomic.Int64 // time in infer, summed over workers
	mu    sync.Mutex
	found []inferred
}

// inferred is a family with its lineage.
type inferred struct {
	first  int32 // its first member, for the order of families
	family lineage.Family
}

func newLineager(ents []*entry, opt Options) *lineager {
	l := &lineager{ents: ents, ldocs: make([]lineage.Doc, len(ents)), opt: opt}
	for i, e := range ents {
		d := e.doc
		l.ldocs[i] = lineage.Doc{ID: d.ID, Source: d.Source, Published: d.Published, PublishedDay: d.PublishedDay, Text: d.Text}
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
	return inferred{members[0], lineage.Infer(l.ldocs, ms, pairs)}
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

func (o *Options) workers() int {
	if o.Workers > 0 {
		return o.Workers
	}
	return runtime.GOMAXPROCS(0)
}
