package bench

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/provenance-dev/provenance"
	"github.com/provenance-dev/provenance/document"
	"github.com/provenance-dev/provenance/generate"
	"github.com/provenance-dev/provenance/store/bolt"
)

// EngineSize is what the engine's benchmark measured at one size: the
// cost of storing documents when the store already holds Docs of them,
// and of opening the store again.
type EngineSize struct {
	Docs int `json:"documents"`
	// BuildSeconds is the time to store the Docs documents, in batches
	// of 512 as the daemon stores them (each batch prepared on all cores
	// first, then stored).
	BuildSeconds float64 `json:"build_seconds"`
	// CostMicros is the time per document, in µs, of storing the next
	// Probe documents (prepared before, as the daemon's readers do).
	CostMicros float64 `json:"cost_us_per_document"`
	Probe      int     `json:"probe_documents"`
	// ReopenSeconds is the time to open the store and rebuild the
	// engine's memory from it (index, boilerplate, derivations,
	// families): the daemon's start-up.
	ReopenSeconds float64 `json:"reopen_seconds"`
	// HeapPerDoc is the engine's live heap a document after the reopen.
	HeapPerDoc float64 `json:"heap_bytes_per_document"`
	// StorePerDoc is the store file's bytes a document.
	StorePerDoc float64 `json:"store_bytes_per_document"`
}

// EngineReport is the engine's benchmark.
type EngineReport struct {
	Machine Machine      `json:"machine"`
	Sizes   []EngineSize `json:"sizes"`
	// Growth is the cost per document at the largest size over the
	// smallest.
	Growth float64 `json:"growth"`
}

// engineProbe is how many documents time the cost per document.
const engineProbe = 5000

// RunEngine stores growing numbers of documents through an engine, as the
// daemon does, in a store in dir (a temporary folder if empty), and at
// each size times the next documents and the store's reopening. Documents
// are a generated corpus of poolDocs documents, repeated with every word
// changed in each round so that rounds share nothing.
func RunEngine(sizes []int, poolDocs int, seed uint64, dir string, log io.Writer) (*EngineReport, error) {
	if log == nil {
		log = io.Discard
	}
	if dir == "" {
		tmp, err := os.MkdirTemp("", "provenance-bench-engine-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	}
	cfg := generate.DefaultConfig()
	cfg.Seed = seed
	cfg.Families = max(1, poolDocs*10/48)
	fmt.Fprintf(log, "generating a pool of about %d documents\n", poolDocs)
	files, _, err := generate.Corpus(cfg)
	if err != nil {
		return nil, err
	}
	var pool []*document.Document
	for _, f := range files {
		if !strings.HasSuffix(f.Path, ".txt") {
			continue
		}
		d, err := document.ParseText(f.Text)
		if err != nil {
			continue
		}
		d.ID, d.Path = f.Path, f.Path
		pool = append(pool, d)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	// The heap before any engine: the pool's documents. Two collections
	// empty the runtime's pools too.
	runtime.GC()
	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	path := filepath.Join(dir, "engine.db")
	os.Remove(path)
	st, err := bolt.Open(path, bolt.Options{})
	if err != nil {
		return nil, err
	}
	opt := provenance.DefaultOptions()
	e, err := provenance.OpenEngine(context.Background(), st, provenance.EngineOptions{Options: opt})
	if err != nil {
		st.Close()
		return nil, err
	}
	rep := &EngineReport{Machine: ReadMachine()}
	next := 0 // the next document to store
	doc := func(i int) *document.Document {
		round, at := i/len(pool), i%len(pool)
		src := pool[at]
		d := *src
		d.ID = fmt.Sprintf("r%d/%s", round, src.ID)
		d.Path = d.ID
		if round > 0 {
			d.Text = variant(src.Text, round)
		}
		return &d
	}
	// store stores documents [next, next+n) in batches of 512, prepared
	// on all cores first, and returns the time the engine took.
	store := func(n int) (time.Duration, error) {
		var took time.Duration
		for n > 0 {
			k := min(512, n)
			ups := make([]provenance.FileUpdate, k)
			prepared := make([]*provenance.Prepared, k)
			each(k, func(j int) { prepared[j] = e.Prepare(doc(next + j)) })
			for j, p := range prepared {
				ups[j] = provenance.FileUpdate{File: &provenance.FileRecord{Path: p.Doc.Path,
					Items: []provenance.FileItem{{ID: p.Doc.ID, Sum: p.Sum}}}, Docs: []*provenance.Prepared{p}}
			}
			t := time.Now()
			if _, err := e.Ingest(context.Background(), ups); err != nil {
				return took, err
			}
			took += time.Since(t)
			next += k
			n -= k
		}
		return took, nil
	}
	var built time.Duration
	for _, size := range sizes {
		if size < next {
			continue
		}
		fmt.Fprintf(log, "storing up to %d documents\n", size)
		t := time.Now()
		if _, err := store(size - next); err != nil {
			st.Close()
			return nil, err
		}
		built += time.Since(t)
		s := EngineSize{Docs: size, BuildSeconds: built.Seconds(), Probe: engineProbe}
		took, err := store(engineProbe)
		if err != nil {
			st.Close()
			return nil, err
		}
		s.CostMicros = float64(took.Microseconds()) / engineProbe
		st.Close()
		if fi, err := os.Stat(path); err == nil {
			s.StorePerDoc = float64(fi.Size()) / float64(next)
		}
		e = nil
		t = time.Now()
		if st, err = bolt.Open(path, bolt.Options{}); err != nil {
			return nil, err
		}
		if e, err = provenance.OpenEngine(context.Background(), st, provenance.EngineOptions{Options: opt}); err != nil {
			st.Close()
			return nil, err
		}
		s.ReopenSeconds = time.Since(t).Seconds()
		runtime.GC()
		runtime.GC()
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		s.HeapPerDoc = float64(int64(after.HeapAlloc)-int64(base.HeapAlloc)) / float64(next)
		fmt.Fprintf(log, "  %d documents: %.1f µs a document, reopened in %.2f s\n", size, s.CostMicros, s.ReopenSeconds)
		rep.Sizes = append(rep.Sizes, s)
	}
	st.Close()
	if n := len(rep.Sizes); n > 1 {
		rep.Growth = rep.Sizes[n-1].CostMicros / rep.Sizes[0].CostMicros
	}
	return rep, nil
}

// each runs fn(i) for i in [0, n) on all cores.
func each(n int, fn func(i int)) {
	workers := runtime.GOMAXPROCS(0)
	done := make(chan struct{})
	next := make(chan int)
	for range workers {
		go func() {
			for i := range next {
				fn(i)
			}
			done <- struct{}{}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	for range workers {
		<-done
	}
}

// variant returns text with a suffix of round's own added to every word
// of four letters or more: the same structure, no shingle in common with
// another round.
func variant(text []byte, round int) []byte {
	suffix := "q" + strconv.FormatInt(int64(round), 36)
	var b strings.Builder
	b.Grow(len(text) + len(text)/4)
	word := 0
	for _, c := range string(text) {
		isLetter := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		if !isLetter && word >= 4 {
			b.WriteString(suffix)
		}
		if isLetter {
			word++
		} else {
			word = 0
		}
		b.WriteRune(c)
	}
	if word >= 4 {
		b.WriteString(suffix)
	}
	return []byte(b.String())
}

// WriteText writes the report for people.
func (r *EngineReport) WriteText(w io.Writer) error {
	m := r.Machine
	var b strings.Builder
	fmt.Fprintf(&b, "machine    %s, %d cores (GOMAXPROCS %d), %s, %s memory, load %s\n",
		m.CPU, m.Cores, m.GOMAXPROCS, m.GoVersion, FormatBytes(m.MemoryBytes), orUnknown(m.Load))
	fmt.Fprintf(&b, "%10s %12s %14s %10s %12s %12s\n", "documents", "built (s)", "µs/document", "reopen (s)", "heap B/doc", "store B/doc")
	for _, s := range r.Sizes {
		fmt.Fprintf(&b, "%10d %12.1f %14.1f %10.2f %12.0f %12.0f\n", s.Docs, s.BuildSeconds, s.CostMicros, s.ReopenSeconds, s.HeapPerDoc, s.StorePerDoc)
	}
	if r.Growth > 0 {
		fmt.Fprintf(&b, "cost per document, largest size over smallest: %.2fx\n", r.Growth)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
