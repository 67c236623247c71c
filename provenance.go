// Package provenance implements the pipeline that finds where news text
// came from: it reads documents, finds the pairs that share passages,
// aligns the shared text, groups documents into families of derivation and
// infers each family's original and lineage.
//
// The same pipeline serves the one-shot `provenance compare` and the
// daemon. The algorithms live in the packages shingle (tokens and shingle
// hashes), cluster (signatures, the LSH index, alignment, families) and
// lineage (direction and evidence); document reads the inputs.
package provenance

import (
	"cmp"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/provenance-dev/provenance/cluster"
	"github.com/provenance-dev/provenance/document"
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
	// Read configures the readers (input format, JSON field names, source
	// names, progress); a zero Read.MaxSize means MaxSize.
	Read document.Options
}

// DefaultOptions returns the default options.
func DefaultOptions() Options {
	return Options{Cluster: cluster.DefaultConfig(), TokenSeed: 0x5eed}
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

// Stats counts work and times each stage of a run.
type Stats struct {
	Files, Bytes   int64
	Candidates     int
	Read, Prepare  time.Duration // summed over workers
	Index, Verify  time.Duration // wall time
	Lineage, Total time.Duration
	IndexKeys      int
}

// CompareFiles finds the inputs under paths (see document.Find), reads
// them in every format (see document.Reader) and runs [Compare]. Inputs that cannot be read are reported in
// Result.Skipped; the error is non-nil only if the options are invalid.
func CompareFiles(paths []string, opt Options) (*Result, error) {
	start := time.Now()
	ropt := opt.Read
	if ropt.MaxSize == 0 {
		ropt.MaxSize = opt.MaxSize
	}
	rd := document.NewReader(ropt)
	ins, errs := rd.Find(paths)
	docs := make([][]*document.Document, len(ins))
	readErrs := make([][]error, len(ins))
	var readTime time.Duration
	var mu sync.Mutex
	parallel(len(ins), opt.workers(), func(i int) {
		t := time.Now()
		docs[i], readErrs[i] = rd.Read(ins[i])
		d := time.Since(t)
		mu.Lock()
		readTime += d
		mu.Unlock()
	})
	var kept []*document.Document
	for i := range ins {
		errs = append(errs, readErrs[i]...)
		kept = append(kept, docs[i]...)
	}
	kept, dupErrs := document.Dedupe(kept)
	errs = append(errs, dupErrs...)
	res, err := Compare(kept, opt)
	if err != nil {
		return nil, err
	}
	res.Skipped = append(errs, res.Skipped...)
	res.Stats.Read = readTime
	res.Stats.Total = time.Since(start)
	return res, nil
}

// Compare runs the pipeline over docs, which must have distinct IDs.
// Documents with no words are left out and reported in Result.Skipped.
// The result depends only on the documents and options, not on their
// order.
func Compare(docs []*document.Document, opt Options) (*Result, error) {
	start := time.Now()
	cfg := opt.Cluster
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("options: %w", err)
	}
	docs = slices.Clone(docs)
	slices.SortFunc(docs, func(a, b *document.Document) int { return strings.Compare(a.ID, b.ID) })
	for i := 1; i < len(docs); i++ {
		if docs[i].ID == docs[i-1].ID {
			return nil, fmt.Errorf("document %q: %w", docs[i].ID, document.ErrDuplicateID)
		}
	}

	// Prepare: tokens, shingles and band keys, in parallel.
	workers := opt.workers()
	prepared := make([]*cluster.Doc, len(docs))
	words := make([]int, len(docs))
	prepErrs := make([]error, len(docs))
	var prepTime time.Duration
	var mu sync.Mutex
	pool := sync.Pool{New: func() any {
		return &preparer{tk: shingle.NewTokenizer(opt.TokenSeed), sk: cluster.NewSketcher(cfg)}
	}}
	parallel(len(docs), workers, func(i int) {
		t := time.Now()
		p := pool.Get().(*preparer)
		toks := p.tk.Tokenize(nil, docs[i].Text)
		words[i] = toks.Len()
		if toks.Len() == 0 {
			prepErrs[i] = &document.FileError{Path: docs[i].Path, Err: document.ErrNoText}
		} else if d, err := cluster.NewDoc(docs[i].Text, toks, cfg, p.sk); err == nil {
			prepared[i] = d
		} // else shorter than one shingle: it stays a document and matches nothing

		pool.Put(p)
		d := time.Since(t)
		mu.Lock()
		prepTime += d
		mu.Unlock()
	})
	res := &Result{}
	var keep []int
	for i := range docs {
		if prepErrs[i] != nil {
			res.Skipped = append(res.Skipped, prepErrs[i])
			continue
		}
		keep = append(keep, i)
	}
	res.Docs = make([]*document.Document, len(keep))
	res.Words = make([]int, len(keep))
	pdocs := make([]*cluster.Doc, len(keep))
	for j, i := range keep {
		res.Docs[j], res.Words[j], pdocs[j] = docs[i], words[i], prepared[i]
	}
	res.Stats.Prepare = prepTime
	for _, d := range res.Docs {
		res.Stats.Files++
		res.Stats.Bytes += int64(len(d.Text))
	}

	// Index: each document queries the documents before it, then joins.
	t := time.Now()
	ix := cluster.NewIndex(cfg)
	var pairs [][2]int32
	scratch := make(map[int32]int)
	for i, d := range pdocs {
		if d == nil {
			continue
		}
		for _, c := range ix.Query(d.Keys, scratch) {
			pairs = append(pairs, [2]int32{c.Doc, int32(i)})
		}
		ix.Add(int32(i), d.Keys)
	}
	res.Stats.Index = time.Since(t)
	res.Stats.IndexKeys = ix.Keys()
	res.Stats.Candidates = len(pairs)

	// Verify every candidate pair, in parallel.
	t = time.Now()
	found := make([]cluster.Match, len(pairs))
	ok := make([]bool, len(pairs))
	parallel(len(pairs), workers, func(i int) {
		a, b := pairs[i][0], pairs[i][1]
		found[i], ok[i] = cluster.Verify(a, b, pdocs[a], pdocs[b], cfg)
	})
	for i := range pairs {
		if ok[i] {
			res.Matches = append(res.Matches, found[i])
		}
	}
	slices.SortFunc(res.Matches, func(x, y cluster.Match) int {
		if c := cmp.Compare(x.A, y.A); c != 0 {
			return c
		}
		return cmp.Compare(x.B, y.B)
	})
	res.Stats.Verify = time.Since(t)

	// Families and their lineage.
	t = time.Now()
	res.Families = families(res.Docs, res.Matches, cfg)
	res.Stats.Lineage = time.Since(t)
	res.Stats.Total = time.Since(start)
	return res, nil
}

type preparer struct {
	tk *shingle.Tokenizer
	sk *cluster.Sketcher
}

// families groups documents by derivation and infers each family's
// lineage.
func families(docs []*document.Document, matches []cluster.Match, cfg cluster.Config) []lineage.Family {
	groups := cluster.Families(len(docs), matches, cfg)
	if len(groups) == 0 {
		return nil
	}
	ldocs := make([]lineage.Doc, len(docs))
	for i, d := range docs {
		ldocs[i] = lineage.Doc{ID: d.ID, Source: d.Source, Published: d.Published, PublishedDay: d.PublishedDay, Text: d.Text}
	}
	famOf := make(map[int32]int)
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
		pairs[f] = append(pairs[f], lineage.Pair{A: int(m.A), B: int(m.B), Jaccard: m.Jaccard, CoverageA: m.CoverageA, CoverageB: m.CoverageB})
	}
	out := make([]lineage.Family, len(groups))
	for f, g := range groups {
		members := make([]int, len(g))
		for i, m := range g {
			members[i] = int(m)
		}
		out[f] = lineage.Infer(ldocs, members, pairs[f])
	}
	return out
}

func (o *Options) workers() int {
	if o.Workers > 0 {
		return o.Workers
	}
	return runtime.GOMAXPROCS(0)
}

// parallel calls fn(i) for i in [0, n) on up to workers goroutines.
func parallel(n, workers int, fn func(int)) {
	if n == 0 {
		return
	}
	workers = min(workers, n)
	var next sync.WaitGroup
	ch := make(chan int, workers)
	for range workers {
		next.Go(func() {
			for i := range ch {
				fn(i)
			}
		})
	}
	for i := range n {
		ch <- i
	}
	close(ch)
	next.Wait()
}
