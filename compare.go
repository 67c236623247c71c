package provenance

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/provenance-dev/provenance/cluster"
	"github.com/provenance-dev/provenance/document"
	"github.com/provenance-dev/provenance/internal/work"
)

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
	res.Bytes = make([]int64, len(ents))
	for i, e := range ents {
		res.Docs[i], res.Words[i], res.Bytes[i] = e.doc, e.words, e.bytes
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
	bodies := bodiesOf(keys)
	clear(keys)
	boiler, holdsBoiler := boilerplate(ix, res.Docs, bodies, cfg, opt.aliases(), opt.workers())
	common := commonKeys(ix, bodies, boiler, cfg, opt.workers())
	res.Stats.Postings = ix.Postings()
	res.Stats.Boilerplate, res.Stats.Common = boiler.Len(), common.Len()
	if n := countOutside(overKeys(ix, cfg.MaxKeyDocs, opt.workers()), boiler); n > 0 {
		res.Capped = append(res.Capped, popularCap(n, cfg))
	}
	exact := query(ix, len(ents), boiler, popular(res.Docs, cfg), opt)
	// Near duplicates whose shared text is boilerplate are candidates
	// too (see cluster.Config.NearDuplicate).
	exact = append(exact, ix.NearDuplicates(boiler, cfg.NearDuplicate, opt.workers())...)
	ix = nil
	var fuzzy [][2]int32
	if opt.Fuzzy {
		for i, e := range ents {
			keys[i], e.fkeys = e.fkeys, nil
		}
		fix := cluster.BuildIndex(opt.FuzzyConfig.IndexConfig(), keys, opt.workers())
		clear(keys)
		res.Stats.Postings += fix.Postings()
		if n := len(overKeys(fix, opt.FuzzyConfig.MaxKeyDocs, opt.workers())); n > 0 {
			res.Capped = append(res.Capped, fuzzyCap(n, opt.FuzzyConfig))
		}
		fuzzy = query(fix, len(ents), nil, cluster.Popular{}, opt)
	}
	pairs := mergePairs(exact, fuzzy, len(ents))
	res.Stats.Index = time.Since(t)
	res.Stats.Candidates = len(pairs)
	res.Stats.Tokenize = time.Duration(st.tokenize.Load())
	res.Stats.Sketch = time.Duration(st.sketch.Load())
	res.Stats.Checksum = time.Duration(st.checksum.Load())

	t = time.Now()
	lin := newLineager(ents, opt)
	matches, bad, late := verify(ents, pairs, boiler, common, holdsBoiler, lin, opt)
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

// Cap is a limit of the pipeline that some of a run's data went past:
// what the limit left out (Dropped), or still used another way (a note
// rather than a warning).
type Cap struct {
	// Name is the setting, such as "cluster.Config.MaxKeyDocs", and Limit
	// its value.
	Name  string
	Limit int
	// Count is how many items went past the limit, and What says what
	// they are and what became of them, to follow the count: "fuzzy keys
	// held by over 30 documents made no candidates".
	Count int
	What  string
	// Dropped is set when the items were left out: candidate pairs may
	// be missing. It is clear when they were still used, another way
	// (fingerprints paired with their earliest holders still make
	// candidates, and a family of all their holders).
	Dropped bool
}

// String says what the cap did: "1,204 fuzzy keys held by over 30
// documents made no candidates (cluster.FuzzyConfig.MaxKeyDocs)".
func (c Cap) String() string {
	return grouped(c.Count) + " " + c.What + " (" + c.Name + ")"
}

// fuzzyCap describes the n fuzzy keys held by more than the fuzzy
// channel's MaxKeyDocs documents, which make no candidates.
func fuzzyCap(n int, cfg cluster.FuzzyConfig) Cap {
	return Cap{Name: "cluster.FuzzyConfig.MaxKeyDocs", Limit: cfg.MaxKeyDocs, Count: n, Dropped: true,
		What: plural(n, "fuzzy key", "fuzzy keys") + " held by over " + grouped(cfg.MaxKeyDocs) + " documents made no candidates"}
}

// popularCap describes the n fingerprints held by more than MaxKeyDocs
// documents (boilerplate aside), which pair their holders with their
// PopularAnchors earliest holders (see cluster.Popular), or, with no
// anchors, make no candidates.
func popularCap(n int, cfg cluster.Config) Cap {
	c := Cap{Name: "cluster.Config.MaxKeyDocs", Limit: cfg.MaxKeyDocs, Count: n,
		What: plural(n, "fingerprint", "fingerprints") + " held by over " + grouped(cfg.MaxKeyDocs) + " documents "}
	switch its := plural(n, "its", "their"); cfg.PopularAnchors {
	case 0:
		c.What += "made no candidates"
		c.Dropped = true
	case 1:
		c.What += "paired only with " + its + " earliest holder"
	default:
		c.What += "paired only with " + its + " " + grouped(cfg.PopularAnchors) + " earliest holders"
	}
	return c
}

// overKeys returns the keys of ix held by more than limit documents.
func overKeys(ix *cluster.Index, limit, workers int) map[uint64]struct{} {
	parts := make([][]uint64, workers)
	ix.SharedParts(limit+1, workers, func(w int, key uint64, _ []int32) {
		parts[w] = append(parts[w], key)
	})
	out := map[uint64]struct{}{}
	for _, p := range parts {
		for _, k := range p {
			out[k] = struct{}{}
		}
	}
	return out
}

// countOutside returns the number of keys not in skip (which may be nil).
func countOutside(keys map[uint64]struct{}, skip *cluster.KeySet) int {
	n := 0
	for k := range keys {
		if !skip.Has(k) {
			n++
		}
	}
	return n
}

// plural returns one if n is 1, else many.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// grouped writes n, not negative, with commas between groups of three
// digits.
func grouped(n int) string {
	s := strconv.Itoa(n)
	var b strings.Builder
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
