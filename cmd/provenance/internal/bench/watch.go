package bench

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/provenance-dev/provenance"
	"github.com/provenance-dev/provenance/lineage"
	"github.com/provenance-dev/provenance/store/bolt"
	"github.com/provenance-dev/provenance/store/redis"
	"github.com/provenance-dev/provenance/watch"
)

// Targets of the daemon's issue, on 2 cores.
const (
	TargetWatchDocsPerSec = 5000
	TargetWatchP99        = time.Second // at 1,000 documents a second
)

// WatchConfig says how to run the daemon's benchmark.
type WatchConfig struct {
	// Corpus is a folder of documents, one a file (a generated corpus);
	// its files are delivered to the watched folder as hard links (or
	// copies, across file systems), each under a name of its own.
	Corpus string
	// Files bounds how many are delivered (0: all).
	Files int
	// Rate is how many files are delivered a second, evenly; 0 delivers
	// them as fast as they can be linked.
	Rate float64
	// Dir holds the watched folder and the data folder (a temporary
	// folder when empty; removed after).
	Dir string
	// Workers is the daemon's readers (0: one per CPU).
	Workers int
	Log     io.Writer
	// HeapProfile, if set, gets a heap profile once every file is stored.
	HeapProfile string
	// Store is a shared store's URL (see watch.Options.Store); empty
	// means the embedded store. Daemons is how many daemons run, in this
	// process, each on a folder of its own, files dealt to them in turn
	// (0 means 1; more than 1 needs Store).
	Store   string
	Daemons int
}

// WatchReport is what the daemon's benchmark measured.
type WatchReport struct {
	Machine Machine `json:"machine"`
	Rate    float64 `json:"rate"`
	Daemons int     `json:"daemons"`
	Store   string  `json:"store,omitempty"`
	Files   int     `json:"files"`
	Docs    int     `json:"documents"`
	Bytes   int64   `json:"bytes"`
	// Seconds runs from the first file delivered to the last stored.
	Seconds    float64 `json:"seconds"`
	DocsPerSec float64 `json:"documents_per_second"`
	MBPerSec   float64 `json:"mb_per_second"`
	// Latency is from a file delivered to its documents stored (and so in
	// the API), in seconds.
	LatencyP50 float64 `json:"latency_p50_seconds"`
	LatencyP99 float64 `json:"latency_p99_seconds"`
	LatencyMax float64 `json:"latency_max_seconds"`
	// PeakRSS is this process's peak resident set, the daemon in it.
	PeakRSS    int64   `json:"peak_rss_bytes"`
	StoreBytes int64   `json:"store_bytes"`
	StorePer   float64 `json:"store_bytes_per_document"`
	// Reopen is the time to open the store again and rebuild the
	// engine's memory from it.
	Reopen float64 `json:"reopen_seconds"`
}

// RunWatch runs the daemon in this process on an empty folder, delivers
// the corpus's files into it at the configured rate, and measures how
// fast and how soon they are stored.
func RunWatch(cfg WatchConfig) (*WatchReport, error) {
	log := cfg.Log
	if log == nil {
		log = io.Discard
	}
	var files []string
	err := filepath.WalkDir(cfg.Corpus, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(path, ".txt") {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("corpus: %w", err)
	}
	slices.Sort(files)
	if cfg.Files > 0 && len(files) > cfg.Files {
		files = files[:cfg.Files]
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("corpus %s: no .txt files", cfg.Corpus)
	}
	dir := cfg.Dir
	if dir == "" {
		if dir, err = os.MkdirTemp("", "provenance-bench-watch-"); err != nil {
			return nil, err
		}
		defer os.RemoveAll(dir)
	}
	daemons := max(1, cfg.Daemons)
	if daemons > 1 && cfg.Store == "" {
		return nil, fmt.Errorf("%d daemons need a shared store", daemons)
	}
	var feeds, datas []string
	for i := range daemons {
		f, dd := filepath.Join(dir, fmt.Sprintf("feeds%d", i)), filepath.Join(dir, fmt.Sprintf("data%d", i))
		for _, d := range []string{f, dd} {
			if err := os.MkdirAll(d, 0o755); err != nil {
				return nil, err
			}
		}
		feeds, datas = append(feeds, f), append(datas, dd)
	}
	rep := &WatchReport{Machine: ReadMachine(), Rate: cfg.Rate, Files: len(files), Daemons: daemons}
	if cfg.Store != "" {
		rep.Store = redis.Redact(cfg.Store)
	}
	// Each file's name in a watched folder, and when it was delivered.
	names := make([]string, len(files))
	for i, f := range files {
		rel, _ := filepath.Rel(cfg.Corpus, f)
		names[i] = filepath.Join(feeds[i%daemons], strings.ReplaceAll(rel, string(filepath.Separator), "__"))
		if fi, err := os.Stat(f); err == nil {
			rep.Bytes += fi.Size()
		}
	}
	var mu sync.Mutex
	delivered := make(map[string]time.Time, len(files))
	var lat []time.Duration
	var last time.Time
	allStored := make(chan struct{})
	stored := 0
	onStored := func(paths []string, at time.Time) {
		mu.Lock()
		defer mu.Unlock()
		for _, p := range paths {
			if t, ok := delivered[p]; ok {
				lat = append(lat, at.Sub(t))
				delete(delivered, p)
			}
			stored++
		}
		last = at
		if stored == len(files) {
			close(allStored)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var ds []*watch.Daemon
	var opt watch.Options
	done := make(chan error, daemons)
	for i := range daemons {
		opt = watch.Options{DataDir: datas[i], Feeds: []string{feeds[i]}, Engine: provenance.DefaultOptions(),
			Workers: cfg.Workers, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), OnStored: onStored,
			Store: cfg.Store, Name: fmt.Sprintf("bench%d", i)}
		opt.Read.Canon = lineage.DefaultAliases().Canonical
		d, err := watch.Open(ctx, opt)
		if err != nil {
			return nil, err
		}
		ds = append(ds, d)
		go func() { done <- d.Run(ctx) }()
	}
	for _, d := range ds {
		for ok, _ := d.Ready(); !ok; ok, _ = d.Ready() {
			time.Sleep(10 * time.Millisecond)
		}
	}
	d := ds[0]
	fmt.Fprintf(log, "delivering %d files (%s) at %s\n", len(files), FormatBytes(rep.Bytes), rateText(cfg.Rate))
	start := time.Now()
	for i, f := range files {
		if cfg.Rate > 0 {
			if wait := time.Until(start.Add(time.Duration(float64(i) / cfg.Rate * float64(time.Second)))); wait > 0 {
				time.Sleep(wait)
			}
		}
		mu.Lock()
		delivered[names[i]] = time.Now()
		mu.Unlock()
		if err := os.Link(f, names[i]); err != nil {
			if err := copyFile(f, names[i]); err != nil {
				return nil, err
			}
		}
		if i > 0 && i%10000 == 0 {
			mu.Lock()
			n := stored
			mu.Unlock()
			fmt.Fprintf(log, "  %d delivered, %d stored, %.1f s\n", i, n, time.Since(start).Seconds())
		}
	}
	select {
	case <-allStored:
	case <-time.After(time.Hour):
		return nil, fmt.Errorf("not all files were stored within an hour")
	}
	mu.Lock()
	rep.Seconds = last.Sub(start).Seconds()
	slices.Sort(lat)
	mu.Unlock()
	if err := d.Engine().Sync(context.Background()); err != nil {
		return nil, err
	}
	rep.Docs = d.Engine().Len()
	rep.DocsPerSec = float64(rep.Docs) / rep.Seconds
	rep.MBPerSec = float64(rep.Bytes) / 1e6 / rep.Seconds
	q := func(p float64) float64 { return lat[min(len(lat)-1, int(p*float64(len(lat))))].Seconds() }
	rep.LatencyP50, rep.LatencyP99, rep.LatencyMax = q(0.5), q(0.99), lat[len(lat)-1].Seconds()
	rep.PeakRSS = selfPeakRSS()
	if cfg.HeapProfile != "" {
		runtime.GC()
		f, err := os.Create(cfg.HeapProfile)
		if err != nil {
			return nil, err
		}
		pprof.Lookup("heap").WriteTo(f, 0)
		f.Close()
	}
	if size, err := d.Store().Size(); err == nil {
		rep.StoreBytes = size
		rep.StorePer = float64(size) / float64(rep.Docs)
	}
	cancel()
	for range ds {
		if err := <-done; err != nil {
			return nil, err
		}
	}
	if cfg.Store != "" {
		return rep, nil
	}
	// Reopen: the daemon's start-up on what it stored.
	t := time.Now()
	st, err := bolt.Open(filepath.Join(datas[0], watch.StoreFile), bolt.Options{})
	if err != nil {
		return nil, err
	}
	defer st.Close()
	if _, err := provenance.OpenEngine(context.Background(), st, provenance.EngineOptions{Options: opt.Engine}); err != nil {
		return nil, err
	}
	rep.Reopen = time.Since(t).Seconds()
	return rep, nil
}

func rateText(r float64) string {
	if r <= 0 {
		return "full speed"
	}
	return fmt.Sprintf("%.0f files/s", r)
}

func copyFile(src, dst string) error {
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	tmp := dst + ".tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, dst)
}

// WriteText writes the report for people.
func (r *WatchReport) WriteText(w io.Writer) error {
	m := r.Machine
	var b strings.Builder
	fmt.Fprintf(&b, "machine    %s, %d cores (GOMAXPROCS %d), %s, %s memory, load %s\n",
		m.CPU, m.Cores, m.GOMAXPROCS, m.GoVersion, FormatBytes(m.MemoryBytes), orUnknown(m.Load))
	where := "the embedded store"
	if r.Store != "" {
		where = r.Store
	}
	fmt.Fprintf(&b, "daemons    %d on %s\n", r.Daemons, where)
	fmt.Fprintf(&b, "delivered  %d files, %d documents, %s, at %s\n", r.Files, r.Docs, FormatBytes(r.Bytes), rateText(r.Rate))
	fmt.Fprintf(&b, "ingest     %.0f documents/s, %.1f MB/s (%.2f s; target %d documents/s at full speed)\n",
		r.DocsPerSec, r.MBPerSec, r.Seconds, TargetWatchDocsPerSec)
	fmt.Fprintf(&b, "latency    file delivered to stored: p50 %.3f s, p99 %.3f s, max %.3f s (target p99 < %v at 1,000 files/s)\n",
		r.LatencyP50, r.LatencyP99, r.LatencyMax, TargetWatchP99)
	fmt.Fprintf(&b, "memory     peak RSS %s\n", FormatBytes(r.PeakRSS))
	if r.Store != "" {
		fmt.Fprintf(&b, "store      Redis uses %s, %.0f bytes a document\n", FormatBytes(r.StoreBytes), r.StorePer)
	} else {
		fmt.Fprintf(&b, "store      %s, %.0f bytes a document; reopened in %.2f s\n", FormatBytes(r.StoreBytes), r.StorePer, r.Reopen)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
