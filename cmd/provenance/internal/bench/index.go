package bench

import (
	"fmt"
	"io"
	"math"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/provenance-dev/provenance"
	"github.com/provenance-dev/provenance/cluster"
	"github.com/provenance-dev/provenance/generate"
	"github.com/provenance-dev/provenance/shingle"
)

// Pool is a set of real documents' index keys (fingerprints) from which a stream of any
// number of documents is derived for the index benchmark.
//
// Sketching a million documents would take longer than indexing them, so
// the pool holds the keys that cluster's Sketcher gives to a generated
// syndication corpus (originals, trimmed and edited copies, copies of
// copies, unrelated documents and quote groups, so keys repeat across
// documents as they do in news), and the stream repeats the pool in
// rounds: document i is pool document i mod P with every key shifted by a
// constant of round i / P. Adding a constant modulo 2^64 is a bijection, so
// each round has exactly the pool's key counts and sharing between
// documents, and different rounds share keys only by chance, like
// unrelated documents. The shift keeps the keys sorted up to a rotation,
// which is undone in O(keys).
//
// A Pool is safe for concurrent use once made.
type Pool struct {
	keys [][]uint64
	Info PoolInfo
}

// PoolInfo describes a pool.
type PoolInfo struct {
	Seed        uint64  `json:"seed"`
	Docs        int     `json:"documents"`
	Copies      int     `json:"copies"`
	KeysPerDoc  float64 `json:"keys_per_document"`
	WordsPerDoc float64 `json:"words_per_document"`
	Seconds     float64 `json:"seconds"`
}

// NewPool generates a syndication corpus of about n documents with seed,
// one in five of them copies, and sketches it with cluster's defaults on
// workers goroutines (0: one per CPU).
func NewPool(n int, seed uint64, workers int) (*Pool, error) {
	start := time.Now()
	if workers <= 0 {
		workers = defaultWorkers()
	}
	// A family averages about 3.5 documents, 2.5 of them copies: with
	// n/12 families copies are a fifth of the documents; the rest are
	// unrelated documents and quote group reports (about 3 per group).
	cfg := generate.DefaultConfig()
	cfg.Seed = seed
	cfg.Families = max(1, n/12)
	cfg.QuoteGroups = cfg.Families / 10
	cfg.Unrelated = max(0, n-cfg.Families*7/2-cfg.QuoteGroups*3)
	files, truth, err := generate.Corpus(cfg)
	if err != nil {
		return nil, fmt.Errorf("index pool: %w", err)
	}
	p := &Pool{keys: make([][]uint64, len(files))}
	ccfg := provenance.DefaultOptions().Cluster
	tokenSeed := provenance.DefaultOptions().TokenSeed
	var next atomic.Int64
	var words atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			tk := shingle.NewTokenizer(tokenSeed)
			sk := cluster.NewSketcher(ccfg)
			var toks shingle.Tokens
			var sh []uint64
			for {
				i := int(next.Add(1)) - 1
				if i >= len(files) {
					return
				}
				toks.Spans, toks.Hashes = toks.Spans[:0], toks.Hashes[:0]
				tk.Tokenize(&toks, files[i].Text)
				words.Add(int64(toks.Len()))
				var short error
				sh, short = shingle.Hashes(sh[:0], toks.Hashes, ccfg.K)
				if short == nil {
					// Sorted, for the shift of later rounds (see Keys).
					p.keys[i] = sk.Keys(sh)
					slices.Sort(p.keys[i])
				}
			}
		})
	}
	wg.Wait()
	var keys int
	for _, k := range p.keys {
		keys += len(k)
	}
	copies := 0
	for _, f := range truth.Families {
		copies += len(f.Edges)
	}
	p.Info = PoolInfo{
		Seed: seed, Docs: len(files), Copies: copies,
		KeysPerDoc:  float64(keys) / float64(len(files)),
		WordsPerDoc: float64(words.Load()) / float64(len(files)),
		Seconds:     time.Since(start).Seconds(),
	}
	return p, nil
}

// Keys returns the keys of document i of the stream, sorted and
// without repeats, in a new slice.
func (p *Pool) Keys(i int) []uint64 {
	base := p.keys[i%len(p.keys)]
	round := uint64(i / len(p.keys))
	out := make([]uint64, len(base))
	if round == 0 {
		copy(out, base)
		return out
	}
	shift := shingle.Mix(round * 0x9e3779b97f4a7c15)
	// Keys above MaxUint64-shift wrap around and become the smallest.
	w := sort.Search(len(base), func(j int) bool { return base[j] > math.MaxUint64-shift })
	n := copy(out, base[w:])
	copy(out[n:], base[:w])
	for j := range out {
		out[j] += shift
	}
	return out
}

// IndexSize is the index benchmark at one number of documents.
type IndexSize struct {
	Docs int `json:"documents"`
	// Skipped, if set, says why this size was not run.
	Skipped    string  `json:"skipped,omitempty"`
	KeysPerDoc float64 `json:"keys_per_document,omitempty"`
	Postings   int     `json:"postings,omitempty"`
	// InsertNs is the time of building the index, per document, in
	// memory the process has used before (the second of two builds);
	// FirstInsertNs that of the first build, whose memory is new to the
	// process (see MeasureIndex).
	InsertNs      float64 `json:"insert_ns_per_document,omitempty"`
	FirstInsertNs float64 `json:"first_insert_ns_per_document,omitempty"`
	// QueryNs is the mean time of Query per document (each document
	// queries the complete index, as compare does), QueryP50Ns and
	// QueryP99Ns its percentiles.
	QueryNs    float64 `json:"query_ns_per_document,omitempty"`
	QueryP50Ns float64 `json:"query_p50_ns,omitempty"`
	QueryP99Ns float64 `json:"query_p99_ns,omitempty"`
	// CandidatesPerDoc counts the documents a query returns, less the
	// document itself.
	CandidatesPerDoc float64 `json:"candidates_per_document,omitempty"`
	// BytesPerDoc is the Go heap in use after a GC with the index built,
	// less that before it was made, per document.
	BytesPerDoc float64 `json:"bytes_per_document,omitempty"`
	Seconds     float64 `json:"seconds,omitempty"`
}

// MeasureIndex does with the first n documents of the pool's stream what
// compare does with its documents: builds the index of them all at once
// (cluster.BuildIndex, on one goroutine, so the figure is per core), then
// queries it with each; it measures time and memory. The documents'
// keys are made before the memory baseline and dropped before the
// measure, so bytes per document are the index's alone.
//
// The index is built twice and the second build is the one timed and
// queried: the first touches memory new to the process, whose first
// writes cost page faults, and on a virtual machine also the host's
// faults for memory the guest never used (seen here at about 320 MB/s,
// against 8.7 GB/s for memory used before, which adds some 5 µs a
// document at a million documents and little at 10k). The second build
// is what an index built again in a running process costs; the first is
// reported beside it.
func MeasureIndex(p *Pool, n int) IndexSize {
	cfg := provenance.DefaultOptions().Cluster
	// An index built to answer queries, as a daemon's is (compare walks
	// its index once instead, with PairsBelow).
	cfg.HugePages = true
	queries := make([]int64, n) // made before the baseline, so not counted
	all := make([][]uint64, n)
	var keys int64
	for i := range n {
		all[i] = p.Keys(i)
		keys += int64(len(all[i]))
	}
	first := time.Now()
	cluster.BuildIndex(cfg, all, 1) // timed, then left to the collector
	firstInsert := time.Since(first)
	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)

	start := time.Now()
	ix := cluster.BuildIndex(cfg, all, 1)
	insert := time.Since(start)
	// The keys now count against the baseline: drop them from both
	// sides of the difference.
	var keyBytes uint64
	for _, k := range all {
		keyBytes += uint64(cap(k)) * 8
	}
	clear(all)
	var after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&after)
	after.HeapInuse += keyBytes

	var cands int64
	var scratch cluster.Scratch
	for i := range n {
		k := p.Keys(i)
		t := time.Now()
		c := ix.Query(k, &scratch)
		queries[i] = int64(time.Since(t))
		cands += int64(len(c))
		if _, self := slices.BinarySearchFunc(c, int32(i), func(c cluster.Candidate, d int32) int { return int(c.Doc - d) }); self {
			cands--
		}
	}
	elapsed := time.Since(start)
	postings := ix.Postings()
	runtime.KeepAlive(ix)

	var qsum int64
	for _, q := range queries {
		qsum += q
	}
	slices.Sort(queries)
	return IndexSize{
		Docs:             n,
		KeysPerDoc:       float64(keys) / float64(n),
		Postings:         postings,
		InsertNs:         float64(insert.Nanoseconds()) / float64(n),
		FirstInsertNs:    float64(firstInsert.Nanoseconds()) / float64(n),
		QueryNs:          float64(qsum) / float64(n),
		QueryP50Ns:       float64(percentile(queries, 0.50)),
		QueryP99Ns:       float64(percentile(queries, 0.99)),
		CandidatesPerDoc: float64(cands) / float64(n),
		BytesPerDoc:      (float64(after.HeapInuse) - float64(before.HeapInuse)) / float64(n),
		Seconds:          elapsed.Seconds(),
	}
}

// percentile returns the q-quantile of sorted values (nearest rank).
func percentile(sorted []int64, q float64) int64 {
	if len(sorted) == 0 {
		return 0
	}
	i := int(math.Ceil(q*float64(len(sorted)))) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

// IndexReport is the outcome of the index benchmark.
type IndexReport struct {
	Machine Machine     `json:"machine"`
	Pool    PoolInfo    `json:"pool"`
	Sizes   []IndexSize `json:"sizes"`
	// Growth compares cost per document at the largest size measured with
	// the smallest: insert, query and bytes, each largest over smallest.
	Growth *Growth `json:"growth,omitempty"`
	// Adds, if measured (see RunAdds), is the index built a document at
	// a time, as a daemon builds it, with its growth.
	Adds       []AddSize `json:"adds,omitempty"`
	AddsGrowth *Growth   `json:"adds_growth,omitempty"`
}

// AddSize is the index built by adds at one number of documents: each
// document queried against those before it, then added ([Index.Query],
// then [Index.Add]), as a daemon that sees documents one by one does.
type AddSize struct {
	Docs int `json:"documents"`
	// Skipped, if set, says why this size was not run.
	Skipped string `json:"skipped,omitempty"`
	// AddNs is the mean time of Add per document, with the flushes and
	// merges it sets off; QueryNs that of the query before it, with its
	// percentiles. Both are of the second of two runs (see MeasureIndex).
	AddNs      float64 `json:"add_ns_per_document,omitempty"`
	QueryNs    float64 `json:"query_ns_per_document,omitempty"`
	QueryP50Ns float64 `json:"query_p50_ns,omitempty"`
	QueryP99Ns float64 `json:"query_p99_ns,omitempty"`
	// FirstNs is the first run's add and query time per document.
	FirstNs float64 `json:"first_ns_per_document,omitempty"`
	// CandidatesPerDoc counts the earlier documents a query returns.
	CandidatesPerDoc float64 `json:"candidates_per_document,omitempty"`
	// BytesPerDoc is the Go heap the index holds after a GC, per
	// document; ArrayBytesPerDoc is the part of it in the index's arrays
	// ([cluster.Index.ArrayBytes]).
	BytesPerDoc      float64 `json:"bytes_per_document,omitempty"`
	ArrayBytesPerDoc float64 `json:"array_bytes_per_document,omitempty"`
	Seconds          float64 `json:"seconds,omitempty"`
}

// MeasureAdds builds the index of the first n documents of the pool's
// stream a document at a time, each queried against the documents before
// it and then added, twice: the first run writes memory new to the
// process (see MeasureIndex), the second is the one measured.
func MeasureAdds(p *Pool, n int) AddSize {
	start := time.Now()
	cfg := provenance.DefaultOptions().Cluster
	cfg.HugePages = true
	queries := make([]int64, n)
	all := make([][]uint64, n)
	for i := range n {
		all[i] = p.Keys(i)
	}
	run := func() (ix *cluster.Index, add time.Duration, cands int64) {
		ix = cluster.NewIndex(cfg)
		var scratch cluster.Scratch
		for i, k := range all {
			t := time.Now()
			c := ix.Query(k, &scratch)
			t2 := time.Now()
			ix.Add(int32(i), k)
			add += time.Since(t2)
			queries[i] = int64(t2.Sub(t))
			cands += int64(len(c))
		}
		return ix, add, cands
	}
	first := time.Now()
	run()
	firstNs := float64(time.Since(first).Nanoseconds()) / float64(n)
	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	ix, add, cands := run()
	var after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(ix)
	// The keys were in the heap before; all is not used after the last
	// run, so without this the collector may take them before after is
	// read, and the index would seem smaller by them.
	runtime.KeepAlive(all)
	var qsum int64
	for _, q := range queries {
		qsum += q
	}
	slices.Sort(queries)
	return AddSize{
		Docs:             n,
		AddNs:            float64(add.Nanoseconds()) / float64(n),
		QueryNs:          float64(qsum) / float64(n),
		QueryP50Ns:       float64(percentile(queries, 0.50)),
		QueryP99Ns:       float64(percentile(queries, 0.99)),
		FirstNs:          firstNs,
		CandidatesPerDoc: float64(cands) / float64(n),
		BytesPerDoc:      (float64(after.HeapInuse) - float64(before.HeapInuse)) / float64(n),
		ArrayBytesPerDoc: float64(ix.ArrayBytes()) / float64(n),
		Seconds:          time.Since(start).Seconds(),
	}
}

// RunAdds measures the index built by adds at each size (ascending) into
// r, skipping a size whose memory would not fit as RunIndex does.
// Progress goes to log.
func (r *IndexReport) RunAdds(p *Pool, sizes []int, log io.Writer) {
	if log == nil {
		log = io.Discard
	}
	var last *AddSize
	for _, n := range sizes {
		if last != nil {
			need := int64(headroom * last.BytesPerDoc * float64(n))
			if avail := meminfo("MemAvailable"); avail > 0 && need > avail*8/10 {
				s := AddSize{Docs: n, Skipped: fmt.Sprintf("needs about %s at %.0f bytes per document; %s available",
					FormatBytes(need), last.BytesPerDoc, FormatBytes(avail))}
				fmt.Fprintf(log, "%d documents by adds: skipped: %s\n", n, s.Skipped)
				r.Adds = append(r.Adds, s)
				continue
			}
		}
		s := MeasureAdds(p, n)
		fmt.Fprintf(log, "%d documents by adds: %.1f s\n", n, s.Seconds)
		r.Adds = append(r.Adds, s)
		last = &r.Adds[len(r.Adds)-1]
	}
	var done []AddSize
	for _, s := range r.Adds {
		if s.Skipped == "" {
			done = append(done, s)
		}
	}
	if len(done) >= 2 {
		a, b := done[0], done[len(done)-1]
		r.AddsGrowth = &Growth{From: a.Docs, To: b.Docs, Insert: b.AddNs / a.AddNs,
			FirstInsert: b.FirstNs / a.FirstNs, Query: b.QueryNs / a.QueryNs, Bytes: b.BytesPerDoc / a.BytesPerDoc}
	}
}

// Growth is cost per document at one size over that at another.
type Growth struct {
	From   int     `json:"from_documents"`
	To     int     `json:"to_documents"`
	Insert float64 `json:"insert"`
	// FirstInsert is the growth of the first builds' cost.
	FirstInsert float64 `json:"first_insert"`
	Query       float64 `json:"query"`
	Bytes       float64 `json:"bytes"`
}

// headroom is how much more memory than the last size's bytes per
// document times the next size's documents a size needs free to run: maps
// double as they grow.
const headroom = 2.0

// RunIndex measures the index at each size (ascending), skipping a size
// whose memory, estimated from the size before, would not fit in the
// memory available. Progress goes to log.
func RunIndex(p *Pool, sizes []int, log io.Writer) *IndexReport {
	if log == nil {
		log = io.Discard
	}
	rep := &IndexReport{Machine: ReadMachine(), Pool: p.Info}
	var last *IndexSize
	for _, n := range sizes {
		if last != nil {
			need := int64(headroom * last.BytesPerDoc * float64(n))
			if avail := meminfo("MemAvailable"); avail > 0 && need > avail*8/10 {
				s := IndexSize{Docs: n, Skipped: fmt.Sprintf("needs about %s at %.0f bytes per document; %s available",
					FormatBytes(need), last.BytesPerDoc, FormatBytes(avail))}
				fmt.Fprintf(log, "%d documents: skipped: %s\n", n, s.Skipped)
				rep.Sizes = append(rep.Sizes, s)
				continue
			}
		}
		s := MeasureIndex(p, n)
		fmt.Fprintf(log, "%d documents: %.1f s\n", n, s.Seconds)
		rep.Sizes = append(rep.Sizes, s)
		last = &rep.Sizes[len(rep.Sizes)-1]
	}
	var done []IndexSize
	for _, s := range rep.Sizes {
		if s.Skipped == "" {
			done = append(done, s)
		}
	}
	if len(done) >= 2 {
		a, b := done[0], done[len(done)-1]
		rep.Growth = &Growth{From: a.Docs, To: b.Docs,
			Insert: b.InsertNs / a.InsertNs, FirstInsert: b.FirstInsertNs / a.FirstInsertNs,
			Query: b.QueryNs / a.QueryNs, Bytes: b.BytesPerDoc / a.BytesPerDoc}
	}
	return rep
}

// WriteText writes the index report for people.
func (r *IndexReport) WriteText(w io.Writer) error {
	var b strings.Builder
	m := r.Machine
	fmt.Fprintf(&b, "machine  %s, %d cores (GOMAXPROCS %d), %s, %s, %s memory, load %s\n",
		m.CPU, m.Cores, m.GOMAXPROCS, m.GoVersion, m.OS, FormatBytes(m.MemoryBytes), orUnknown(m.Load))
	p := r.Pool
	fmt.Fprintf(&b, "pool     %d generated documents (seed %d, %d copies, %.0f words and %.0f keys each), sketched in %.1f s;\n",
		p.Docs, p.Seed, p.Copies, p.WordsPerDoc, p.KeysPerDoc, p.Seconds)
	b.WriteString("         larger sizes repeat the pool with every key shifted by a constant per round\n")
	fmt.Fprintf(&b, "%10s %9s %12s %12s %12s %12s %12s %10s %10s\n",
		"documents", "keys/doc", "insert/doc", "first build", "query/doc", "query p50", "query p99", "cands/doc", "bytes/doc")
	for _, s := range r.Sizes {
		if s.Skipped != "" {
			fmt.Fprintf(&b, "%10d skipped: %s\n", s.Docs, s.Skipped)
			continue
		}
		fmt.Fprintf(&b, "%10d %9.0f %12s %12s %12s %12s %12s %10.2f %10.0f\n", s.Docs, s.KeysPerDoc,
			ns(s.InsertNs), ns(s.FirstInsertNs), ns(s.QueryNs), ns(s.QueryP50Ns), ns(s.QueryP99Ns), s.CandidatesPerDoc, s.BytesPerDoc)
	}
	if g := r.Growth; g != nil {
		fmt.Fprintf(&b, "growth   per document, %d over %d: insert %.2fx (first build %.2fx), query %.2fx, bytes %.2fx\n",
			g.To, g.From, g.Insert, g.FirstInsert, g.Query, g.Bytes)
	}
	for _, s := range r.Sizes {
		if s.Docs == 1_000_000 && s.Skipped == "" {
			fmt.Fprintf(&b, "targets  at 1M: %s bytes/doc <= %d; %s p99 query <= %d ms\n",
				check(s.BytesPerDoc <= TargetIndexBytes), TargetIndexBytes,
				check(s.QueryP99Ns <= TargetP99Millis*1e6), TargetP99Millis)
		}
	}
	if g := r.Growth; g != nil && g.From == 10_000 {
		worst := max(g.Insert, g.Query, g.Bytes)
		fmt.Fprintf(&b, "targets  %s growth %d over 10k <= %.1fx (worst %.2fx)\n", check(worst <= TargetGrowth), g.To, TargetGrowth, worst)
	}
	if len(r.Adds) > 0 {
		b.WriteString("by adds  each document queried against those before it, then added (a daemon's path)\n")
		fmt.Fprintf(&b, "%10s %12s %12s %12s %12s %12s %10s %10s\n",
			"documents", "add/doc", "query/doc", "query p50", "query p99", "first run", "cands/doc", "bytes/doc")
		for _, s := range r.Adds {
			if s.Skipped != "" {
				fmt.Fprintf(&b, "%10d skipped: %s\n", s.Docs, s.Skipped)
				continue
			}
			fmt.Fprintf(&b, "%10d %12s %12s %12s %12s %12s %10.2f %10.0f\n", s.Docs, ns(s.AddNs), ns(s.QueryNs),
				ns(s.QueryP50Ns), ns(s.QueryP99Ns), ns(s.FirstNs), s.CandidatesPerDoc, s.BytesPerDoc)
		}
		if g := r.AddsGrowth; g != nil {
			fmt.Fprintf(&b, "growth   per document, %d over %d: add %.2fx, query %.2fx (add and query, first run %.2fx), bytes %.2fx\n",
				g.To, g.From, g.Insert, g.Query, g.FirstInsert, g.Bytes)
			if g.From == 10_000 {
				worst := max(g.Insert, g.Query, g.Bytes)
				fmt.Fprintf(&b, "targets  by adds: %s growth %d over 10k <= %.1fx (worst %.2fx)\n", check(worst <= TargetGrowth), g.To, TargetGrowth, worst)
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// ns formats nanoseconds.
func ns(v float64) string {
	switch {
	case v >= 1e6:
		return fmt.Sprintf("%.2f ms", v/1e6)
	case v >= 1e3:
		return fmt.Sprintf("%.1f µs", v/1e3)
	}
	return fmt.Sprintf("%.0f ns", v)
}
