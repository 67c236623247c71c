// Package watch implements provenance's daemon: it watches feed folders,
// reads every new or changed file as compare would, and passes the
// documents to a provenance.Engine, which matches them against everything
// stored before and keeps families and lineage current in an embedded
// store. An HTTP API answers questions about what is stored, and an events
// log tells other tools what changed.
//
// # Files
//
// The folders are scanned at start, then watched recursively with
// fsnotify (new folders are watched and scanned as they appear). Events
// are gathered per file and a file is read once no event has come for it
// for Options.Debounce; a file whose size or time changes while it is read
// is read again later. Hidden files, *.tmp and *.part are left alone:
// writers should write a temporary name and rename it into place. A
// sidecar NAME.meta.json changing makes its file be read again.
//
// A file is ingested once per content. A file whose size and modification
// time are as stored is not read; one whose bytes hash as stored is not
// parsed; of a file with many items (a feed), only the items that are new
// or changed are fingerprinted. A deleted file's documents stay, marked
// deleted.
//
// # Durability
//
// The documents of a batch of files count (in the API, events and
// metrics) once the store has committed the batch with the files' records.
// After a crash, a file whose batch was not committed is read again at the
// next start; one whose batch was committed is not. Events are kept in the
// store with their batch and copied to the events log after, so a crash
// between the two loses none.
package watch

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/provenance-dev/provenance"
	"github.com/provenance-dev/provenance/document"

	"github.com/provenance-dev/provenance/lineage"
	"github.com/provenance-dev/provenance/metrics"
	"github.com/provenance-dev/provenance/store/bolt"
	"github.com/provenance-dev/provenance/store/redis"
)

// Options configure a [Daemon].
type Options struct {
	// DataDir holds the store, or, with a shared store, what belongs to
	// this daemon: its name.
	DataDir string
	// Store names a shared store, redis://... or redis+cluster://...
	// (see package store/redis); empty means the embedded store in
	// DataDir.
	Store string
	// Name is the daemon's name in a shared store: its file records and
	// events are kept under it. Empty means the one saved in DataDir, or
	// a new one.
	Name string
	// Feeds are the folders watched.
	Feeds []string
	// Listen is the HTTP API's address; empty means none.
	Listen string
	// TokenFile holds the bearer token the API requires; it must be set
	// when Listen is not a loopback address.
	TokenFile string
	// EventsPath is the events log (JSON Lines); empty means none.
	EventsPath string
	// Engine configures matching; Read configures the readers.
	Engine provenance.Options
	Read   document.Options
	// Retain and MaxDocuments bound what is stored (0: no bound).
	Retain       time.Duration
	MaxDocuments int
	// Debounce is how long a file must be quiet before it is read; 0
	// means 200 ms.
	Debounce time.Duration
	// Queue bounds the files waiting to be read; 0 means 4096.
	Queue int
	// Workers read and fingerprint files; 0 means one per CPU.
	Workers int
	// BatchDocs is the most documents stored in one batch; 0 means 512.
	BatchDocs int
	// Metrics, if set, are kept current, and served on /metrics from
	// Gatherer (the registry they are registered on).
	Metrics  *metrics.Metrics
	Gatherer prometheus.Gatherer
	// OnStored, if set, is called after each batch is stored with the
	// paths of its files that held new documents (for benchmarks). It
	// runs on the daemon's ingest loop: it must be quick.
	OnStored func(paths []string, at time.Time)
	// Logger logs; nil means slog's default.
	Logger *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Daemon watches feed folders and keeps the store current. Open it with
// [Open], run it with [Daemon.Run].
type Daemon struct {
	opt       Options
	log       *slog.Logger
	store     provenance.Store
	unlockDir func() // lets the data folder go, with a shared store
	name      string // the daemon's name in a shared store
	engine    *provenance.Engine
	// capsLogged holds, by setting, the count past a limit last logged
	// (see noteCaps); the loop's.
	capsLogged map[string]int
	rd         *document.Reader
	q          *queue
	token      []byte
	roots      []string // the feed folders, absolute and clean
	events     *eventLog

	scanned   atomic.Bool
	pending   atomic.Int64 // paths with events, waiting to be quiet
	stopping  atomic.Bool
	expireDue bool                   // over --max-documents: the ingest loop expires (its own)
	storeErr  atomic.Pointer[string] // why the store refuses batches, if it does
	updates   chan *update           // read files, to the ingest loop
	rescan    chan struct{}
	ingested  atomic.Int64 // documents stored since start
	latencies *latencies
	apiAddr   atomic.Pointer[string]
	totals    totals
	wg        sync.WaitGroup
}

// StoreFile is the name of the store in the data folder.
const StoreFile = "provenance.db"

// ErrConfig is the reason Open refuses its options.
var ErrConfig = errors.New("bad configuration")

// Open opens the store in the data folder (creating both if need be) and
// rebuilds the engine's memory from it. A data folder in use by another
// daemon is refused at once (see bolt.ErrLocked); so is a store that is
// damaged or was made with other settings.
func Open(ctx context.Context, opt Options) (*Daemon, error) {
	if opt.DataDir == "" {
		return nil, fmt.Errorf("%w: no data folder", ErrConfig)
	}
	if len(opt.Feeds) == 0 {
		return nil, fmt.Errorf("%w: no feed folder", ErrConfig)
	}
	if opt.Debounce <= 0 {
		opt.Debounce = 200 * time.Millisecond
	}
	if opt.Queue <= 0 {
		opt.Queue = 4096
	}
	if opt.BatchDocs <= 0 {
		opt.BatchDocs = 512
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	log := opt.Logger
	if log == nil {
		log = slog.Default()
	}
	d := &Daemon{opt: opt, log: log, q: newQueue(opt.Queue), updates: make(chan *update, 1024),
		rescan: make(chan struct{}, 1), latencies: newLatencies(4096)}
	if opt.Listen != "" {
		token, err := readToken(opt.Listen, opt.TokenFile)
		if err != nil {
			return nil, err
		}
		d.token = token
	}
	for _, f := range opt.Feeds {
		abs, err := filepath.Abs(f)
		if err != nil {
			return nil, fmt.Errorf("feed folder %s: %w", f, err)
		}
		fi, err := os.Stat(abs)
		if err != nil {
			return nil, fmt.Errorf("feed folder: %w", err)
		}
		if !fi.IsDir() {
			return nil, fmt.Errorf("%w: feed folder %s is not a folder", ErrConfig, f)
		}
		d.roots = append(d.roots, abs)
	}
	if err := os.MkdirAll(opt.DataDir, 0o755); err != nil {
		return nil, fmt.Errorf("data folder: %w", err)
	}
	st, where, err := d.openStore(ctx)
	if err != nil {
		return nil, err
	}
	d.store = st
	d.rd = document.NewReader(opt.Read)
	d.engine, err = provenance.OpenEngine(ctx, st, provenance.EngineOptions{Options: opt.Engine, Now: opt.Now,
		Events: opt.EventsPath != ""})
	if err != nil {
		d.closeStore()
		return nil, fmt.Errorf("open store %s: %w", where, err)
	}
	if opt.EventsPath != "" {
		if d.events, err = openEventLog(opt.EventsPath); err != nil {
			d.closeStore()
			return nil, err
		}
	}
	log.Info("store open", "store", where, "documents", d.engine.Len(), "load", d.engine.LoadTime().Round(time.Millisecond))
	return d, nil
}

// openStore opens the embedded store in the data folder, or the shared
// store Options.Store names, with the data folder locked for this daemon.
// It returns the store and where it is, fit for a log (no password).
func (d *Daemon) openStore(ctx context.Context) (provenance.Store, string, error) {
	if d.opt.Store == "" {
		st, err := bolt.Open(filepath.Join(d.opt.DataDir, StoreFile), bolt.Options{})
		if err != nil {
			return nil, "", err
		}
		return st, st.Path(), nil
	}
	unlock, err := lockDir(d.opt.DataDir)
	if err != nil {
		return nil, "", err
	}
	name, err := daemonName(d.opt.DataDir, d.opt.Name)
	if err != nil {
		unlock()
		return nil, "", err
	}
	st, err := redis.Open(ctx, d.opt.Store, redis.Options{Daemon: name})
	if err != nil {
		unlock()
		return nil, "", err
	}
	d.unlockDir = unlock
	d.name = name
	return st, redis.Redact(d.opt.Store) + " as " + name, nil
}

// closeStore closes the store and lets the data folder go.
func (d *Daemon) closeStore() error {
	err := d.store.Close()
	if d.unlockDir != nil {
		d.unlockDir()
	}
	return err
}

// NameFile holds a daemon's name for a shared store, in its data folder.
const NameFile = "daemon-name"

// daemonName returns the daemon's name for a shared store: name if set
// (saved for next time), else the one saved in the data folder, else a
// new one made of the host's name and random letters, saved.
func daemonName(dataDir, name string) (string, error) {
	path := filepath.Join(dataDir, NameFile)
	if name == "" {
		if b, err := os.ReadFile(path); err == nil {
			return strings.TrimSpace(string(b)), nil
		}
		host, _ := os.Hostname()
		host = strings.Map(func(r rune) rune {
			if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '.' {
				return r
			}
			return -1
		}, host)
		var b [4]byte
		rand.Read(b[:])
		name = strings.Trim(host+"-"+hex.EncodeToString(b[:]), "-")
	}
	if err := os.WriteFile(path, []byte(name+"\n"), 0o644); err != nil {
		return "", fmt.Errorf("daemon name: %w", err)
	}
	return name, nil
}

// readToken reads the API's bearer token, required off loopback.
func readToken(listen, file string) ([]byte, error) {
	if file == "" {
		if loopback(listen) {
			return nil, nil
		}
		return nil, fmt.Errorf("%w: --listen %s is not a loopback address: the API needs --token-file", ErrConfig, listen)
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("token file: %w", err)
	}
	tok := []byte(strings.TrimSpace(string(b)))
	if len(tok) < 16 {
		return nil, fmt.Errorf("%w: token file %s: the token must be at least 16 characters", ErrConfig, file)
	}
	return tok, nil
}

// loopback reports whether a listen address is on the loopback
// interface only.
func loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// metricsHandler serves the metrics, the sampled ones taken first.
func (d *Daemon) metricsHandler() http.Handler {
	if d.opt.Metrics == nil || d.opt.Gatherer == nil {
		return nil
	}
	h := promhttp.HandlerFor(d.opt.Gatherer, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError, MaxRequestsInFlight: 4})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		d.sample()
		h.ServeHTTP(w, r)
	})
}

// sample sets the metrics taken at each scrape.
func (d *Daemon) sample() {
	n, oldest := d.q.stats()
	s := metrics.Sample{Engine: d.engine.Stats(), QueueFiles: n, PendingFiles: int(d.pending.Load()),
		MaxDocuments: d.opt.MaxDocuments}
	if !oldest.IsZero() {
		s.QueueOldest = d.opt.Now().Sub(oldest)
	}
	s.Ready, _ = d.Ready()
	if size, err := d.store.Size(); err == nil {
		s.StoreBytes = size
	}
	d.opt.Metrics.Set(s)
}

// sameSource reports whether two source names name one outlet.
func (d *Daemon) sameSource(a, b string) bool {
	t := d.opt.Engine.Aliases
	if t == nil {
		t = lineage.DefaultAliases()
	}
	return t.Same(a, b)
}

// Engine returns the daemon's engine.
func (d *Daemon) Engine() *provenance.Engine { return d.engine }

// Store returns the daemon's store.
func (d *Daemon) Store() provenance.Store { return d.store }

// Ready reports whether the daemon is ready: the store is open, the
// start-up scan is done and the store takes batches; if not, why.
func (d *Daemon) Ready() (bool, string) {
	if msg := d.storeErr.Load(); msg != nil {
		return false, "store: " + *msg
	}
	if !d.scanned.Load() {
		return false, "start-up scan under way"
	}
	return true, ""
}

// Run watches the folders and ingests files until ctx is done, serving
// the API if Options.Listen is set. It then stops watching, stores what
// was read, stops the API and closes the store. It returns an error if
// the watch or the API cannot start.
func (d *Daemon) Run(ctx context.Context) error {
	defer d.close()
	var srv *server
	if d.opt.Listen != "" {
		var err error
		if srv, err = d.startAPI(); err != nil {
			return err
		}
		d.log.Info("api listening", "addr", srv.addr)
	}
	w, err := newWatcher(d)
	if err != nil {
		if srv != nil {
			srv.stop()
		}
		return err
	}
	if d.events != nil {
		if err := d.flushEvents(); err != nil {
			d.log.Error("events log", "err", err)
		}
	}
	readCtx, stopReading := context.WithCancel(ctx)
	workers := d.opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var readers sync.WaitGroup
	for range workers {
		readers.Go(func() { d.reader(readCtx) })
	}
	loopDone := make(chan struct{})
	go func() {
		defer close(loopDone)
		d.ingestLoop()
	}()
	d.wg.Go(func() { w.run(readCtx) })
	d.wg.Go(func() { d.scanLoop(readCtx) })
	d.wg.Go(func() { d.expireLoop(readCtx) })
	if _, shared := d.store.(provenance.SharedStore); shared {
		d.wg.Go(func() { d.syncLoop(readCtx) })
	}

	<-ctx.Done()
	d.log.Info("stopping")
	d.stopping.Store(true)
	stopReading()
	d.wg.Wait()
	readers.Wait()
	close(d.updates) // the loop stores what the readers sent, then ends
	<-loopDone
	t := &d.totals
	d.log.Info("stopped", "batches", t.batches, "documents", t.docs, "index", t.index.Round(time.Millisecond),
		"verify", t.verify.Round(time.Millisecond), "lineage", t.lineage.Round(time.Millisecond),
		"store", t.store.Round(time.Millisecond))
	if srv != nil {
		srv.stop()
	}
	return nil
}

// close closes the events log and the store.
func (d *Daemon) close() {
	if d.events != nil {
		d.events.close()
	}
	if err := d.closeStore(); err != nil {
		d.log.Error("close store", "err", err)
	}
}

// Close releases a daemon that was opened but not run.
func (d *Daemon) Close() error {
	if d.events != nil {
		d.events.close()
	}
	return d.closeStore()
}

// syncLoop brings the engine up to date with the batches other daemons
// store in a shared store, four times a second, so that lookups answer
// with them.
func (d *Daemon) syncLoop(ctx context.Context) {
	t := time.NewTicker(250 * time.Millisecond)
	defer t.Stop()
	failing := false
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if err := d.engine.Sync(ctx); err != nil {
			if !failing && ctx.Err() == nil {
				d.log.Warn("sync with the shared store", "err", err)
			}
			failing = true
			continue
		}
		failing = false
	}
}
