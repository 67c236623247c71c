package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	goredis "github.com/redis/go-redis/v9"

	"github.com/provenance-dev/provenance"
	"github.com/provenance-dev/provenance/document"
	"github.com/provenance-dev/provenance/lineage"
	"github.com/provenance-dev/provenance/metrics"
	"github.com/provenance-dev/provenance/store/bolt"
	"github.com/provenance-dev/provenance/watch"
)

const watchUsage = `Usage: provenance watch --data-dir DIR [flags] FEEDDIR...

Watch feed folders and keep families and lineage current as documents
arrive, in a store under --data-dir, with an HTTP API.

The folders are scanned at start, then watched recursively: every file
compare reads (text, HTML, JSON, JSON Lines, RSS, Atom, JSON Feed, with
NAME.meta.json sidecars) is read once it has been quiet for --debounce,
matched against everything stored, and stored with its matches; families
and their lineage are updated, and re-rooted when an earlier original
arrives after its copies. Hidden files, *.tmp and *.part are left alone:
write a temporary name and rename it into place. A file is ingested once
per content: the same bytes rewritten do nothing, a changed file replaces
its documents, a feed rewritten with more items adds the new items, and a
deleted file's documents are kept, marked deleted.

A batch of documents counts (API, events) once it is stored; after a crash
or kill, files whose batch was not stored are read again at the next start,
and files that arrived while the daemon was down are picked up.

HTTP (--listen, loopback by default):
  GET  /healthz                  alive
  GET  /readyz                   ready: store open, start-up scan done
  GET  /metrics                  Prometheus metrics
  GET  /api/v1/documents/ID      a document, its matches and family
  GET  /api/v1/families          families, newest last; ?limit= &after=
                                 &since= &until= (RFC 3339) &source=
                                 &min_size= &max_size= &attributed=
  GET  /api/v1/families/ID       members, original, edges with evidence,
                                 and the matches along them with passages
  POST /api/v1/check             {"text": "...", "source": "...", ...}:
                                 the stored documents it shares passages
                                 with and its likely original; nothing is
                                 stored
Bound to anything but loopback, /api/ needs "Authorization: Bearer TOKEN",
TOKEN read from --token-file.

SIGINT or SIGTERM stops watching, stores what was read, and exits 0. A
second daemon on the same --data-dir fails at once.

With --store redis://... several daemons, each watching its own folders,
share one index in Redis or Redis Cluster: a copy ingested by one is
matched to an original another ingested, and every daemon's API answers
the same. While the store cannot be reached, a daemon keeps what it read,
reports not ready, tries again with growing pauses, and catches up when
it is back.

Flags:
`

type watchCommand struct {
	stdout, stderr io.Writer
	// ready, if set, is called with the daemon once it runs (tests).
	ready func(*watch.Daemon)
}

// Run parses the flags and runs the daemon until ctx is done.
func (c *watchCommand) Run(ctx context.Context, args []string) error {
	opt := watch.Options{Engine: provenance.DefaultOptions()}
	fs := flag.NewFlagSet("watch", flag.ContinueOnError)
	fs.SetOutput(c.stderr)
	fs.StringVar(&opt.DataDir, "data-dir", "", "`folder` of the store, or of what belongs to this daemon with --store (required)")
	fs.StringVar(&opt.Store, "store", "", "a shared store, `URL` redis://[user:pass@]host:port[/db], rediss://... (TLS),\n"+
		"or redis+cluster://host1:port,host2:port,...; default: the embedded store in --data-dir")
	fs.StringVar(&opt.Name, "name", "", "this daemon's `name` in a shared store (default: the one saved in --data-dir, or host-random)")
	fs.StringVar(&opt.Listen, "listen", "127.0.0.1:9464", "`address` of the HTTP API and /metrics; empty for none")
	fs.StringVar(&opt.TokenFile, "token-file", "", "`file` holding the bearer token the API requires (needed off loopback)")
	fs.StringVar(&opt.EventsPath, "events", "", "append events to `file` as JSON Lines (documents, matches, family changes, errors)")
	retain := fs.String("retain", "", "keep documents this `long` after they are stored, then remove them: 30d, 12h, 90m")
	fs.IntVar(&opt.MaxDocuments, "max-documents", 0, "keep at most `n` documents, removing the oldest (0: no bound)")
	fs.DurationVar(&opt.Debounce, "debounce", 200*time.Millisecond, "read a file once it is quiet this `long`")
	fs.IntVar(&opt.Workers, "workers", 0, "goroutines reading files (`n`; 0: one per CPU)")
	fs.IntVar(&opt.Queue, "queue", 4096, "most `files` waiting to be read; past it a scan finds the rest")
	fs.IntVar(&opt.BatchDocs, "batch", 512, "most `documents` stored in one commit")
	fs.IntVar(&opt.Engine.Cluster.K, "shingle", opt.Engine.Cluster.K, "shingle width in `words`")
	fs.BoolVar(&opt.Engine.Fuzzy, "fuzzy", false, "also find reworded reuse: 1.3 to 7 times slower")
	fs.IntVar(&opt.Engine.Cluster.MinMatchWords, "min-words", opt.Engine.Cluster.MinMatchWords, "least `words` of shared passages for a match")
	fs.Float64Var(&opt.Engine.Cluster.DeriveCoverage, "derive", opt.Engine.Cluster.DeriveCoverage,
		"share of a document in shared passages that makes it a copy, 0..1")
	fs.IntVar(&opt.Engine.Cluster.CommonDocs, "common", opt.Engine.Cluster.CommonDocs,
		"text that `n` or more documents hold is boilerplate where it is under 30% of a document whose\nother text is its own (a series' notice, a company's about-block; 0: keep all shared text)")
	fs.Int64Var(&opt.Read.MaxSize, "max-size", 0, "largest input file, a `size` such as 500KB or 1GiB (0: 64 MiB)")
	fs.BoolVar(&opt.Read.FollowLinks, "follow-links", false, "read symbolic links to files outside the feed folders (by default they are skipped)")
	formatIn := fs.String("format-in", "auto", "input `format` for every file: auto, text, html, json, jsonl or feed")
	aliases := fs.String("aliases", "", "`file` of source aliases to add, one source a line: Canonical Name | alias | domain.com")
	fs.Func("json-field", "JSON field names for a document part, `PART=NAME[,NAME...]` (see compare --help); repeatable",
		opt.Read.Fields.Set)
	logLevel := fs.String("log-level", "info", "`level` of the log on standard error: debug, info, warn or error")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the run to `file` (for go tool pprof)")
	fs.Usage = func() {
		fmt.Fprint(c.stderr, watchUsage)
		printFlags(fs)
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	opt.Feeds = fs.Args()
	switch {
	case opt.DataDir == "":
		return &usageError{"watch: --data-dir is required"}
	case len(opt.Feeds) == 0:
		return &usageError{"watch: no FEEDDIR given"}
	}
	if *retain != "" {
		d, err := parseRetain(*retain)
		if err != nil {
			return &usageError{"watch: --retain: " + err.Error()}
		}
		opt.Retain = d
	}
	switch {
	case opt.MaxDocuments < 0:
		return &usageError{"watch: --max-documents must be 0 or more"}
	case opt.Workers < 0:
		return &usageError{fmt.Sprintf("watch: --workers %d: want 0 (one per CPU) or more", opt.Workers)}
	case opt.Read.MaxSize < 0:
		return &usageError{"watch: --max-size: want 0 (64 MiB) or more"}
	case opt.Queue < 1 || opt.BatchDocs < 1:
		return &usageError{"watch: --queue and --batch must be 1 or more"}
	case opt.Debounce < 0:
		return &usageError{"watch: --debounce must not be negative"}
	}
	var err error
	if opt.Read.Format, err = document.ParseFormat(*formatIn); err != nil {
		return &usageError{"watch: --format-in: " + err.Error()}
	}
	if err := opt.Engine.Validate(); err != nil {
		return &usageError{"watch: " + err.Error()}
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		return &usageError{"watch: --log-level: " + err.Error()}
	}
	opt.Logger = slog.New(slog.NewTextHandler(c.stderr, &slog.HandlerOptions{Level: level}))
	goredis.SetLogger(redisLog{opt.Logger})
	table := lineage.DefaultAliases()
	if *aliases != "" {
		var err error
		if table, err = readAliasFile(*aliases); err != nil {
			return fmt.Errorf("watch: aliases: %w", err)
		}
	}
	opt.Engine.Aliases = table
	opt.Read.Canon = table.Canonical
	reg := prometheus.NewRegistry()
	opt.Metrics = metrics.New(reg, buildInfo())
	opt.Gatherer = reg

	d, err := watch.Open(ctx, opt)
	if err != nil {
		if errors.Is(err, bolt.ErrLocked) || errors.Is(err, watch.ErrDataDirInUse) {
			return fmt.Errorf("watch: %w (is another provenance watch running on %s?)", err, opt.DataDir)
		}
		return fmt.Errorf("watch: %w", err)
	}
	if *cpuProfile != "" {
		stop, err := startCPUProfile(*cpuProfile)
		if err != nil {
			d.Close()
			return fmt.Errorf("watch: %w", err)
		}
		defer stop()
	}
	if c.ready != nil {
		c.ready(d)
	}
	if err := d.Run(ctx); err != nil {
		return fmt.Errorf("watch: %w", err)
	}
	return nil
}

// parseRetain parses a retention time: a Go duration, or a number of
// days with the suffix d.
func parseRetain(s string) (time.Duration, error) {
	var d time.Duration
	if n, ok := strings.CutSuffix(s, "d"); ok {
		days, err := strconv.ParseFloat(n, 64)
		if err != nil || days <= 0 {
			return 0, fmt.Errorf("%q: want a positive number of days (30d) or a duration (12h)", s)
		}
		d = time.Duration(days * 24 * float64(time.Hour))
	} else {
		var err error
		if d, err = time.ParseDuration(s); err != nil || d <= 0 {
			return 0, fmt.Errorf("%q: want a positive number of days (30d) or a duration (12h)", s)
		}
	}
	return d, nil
}

// buildInfo describes this binary for provenance_build_info.
func buildInfo() metrics.BuildInfo {
	bi := metrics.BuildInfo{Version: version(), GoVersion: runtime.Version(), Revision: "unknown"}
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" {
				bi.Revision = s.Value
			}
		}
	}
	return bi
}

// redisLog sends go-redis's own messages (connection retries) to the
// daemon's log, at debug level: the daemon reports store failures itself.
type redisLog struct{ l *slog.Logger }

func (r redisLog) Printf(ctx context.Context, format string, v ...any) {
	r.l.Debug("redis: " + fmt.Sprintf(format, v...))
}
