package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"runtime/pprof"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/push"

	"github.com/provenance-dev/provenance"
	"github.com/provenance-dev/provenance/document"
	"github.com/provenance-dev/provenance/lineage"
	"github.com/provenance-dev/provenance/metrics"
	"github.com/provenance-dev/provenance/report"
)

const compareUsage = `Usage: provenance compare [flags] PATH...

Compare documents and report which share passages, the families they form,
and each family's original and lineage with the evidence.

PATH is a file or a folder; folders are walked recursively for the files
provenance reads (hidden files, *.tmp, *.part and *.meta.json are skipped):

  .txt .text          plain text: UTF-8, UTF-16 with a byte-order mark, or
                      Windows-1252/Latin-1; source, date, title and byline
                      from header lines
  .html .htm .xhtml   the article's main text; metadata from Open Graph,
                      article: and author meta tags, JSON-LD, canonical link
  .json               one document per object (or an array of them, or
                      {"items": [...]}-style wrappers)
  .jsonl .ndjson      one document per line
  .rss .atom .xml     feeds, and JSON Feed files: one document per item

The format is chosen by content, then extension; --format-in forces one.
A sidecar NAME.meta.json beside a file (NAME with or without the file's
extension) sets or overrides its source, title, url, author and published
date: {"source": "...", "published": "2025-07-03T12:00:00Z"}.

A document's ID is its path relative to the folder named, or its base name
for a file named directly; a file with many documents gives each the ID
FILE#ITEM, ITEM being the item's id (JSON id, feed GUID or link) or its
line or position. Offsets in the JSON output are byte offsets into each
document's text as read (the extracted text for HTML, JSON and feeds);
--include-text puts that text in the output.

Files and items that cannot be used (missing, unreadable, empty, binary,
damaged UTF-8, malformed JSON or XML, a feed without items, too large) are
named on standard error, one line each, and skipped. On a terminal, reading
shows its progress on standard error, unless --quiet.

Flags:
`

type compareCommand struct {
	stdout, stderr io.Writer
	// terminal reports whether progress can be shown on w (nil: isTerminal).
	terminal func(w io.Writer) bool
	// now is the clock of the progress line (nil: time.Now).
	now func() time.Time
}

// Run parses the flags and runs compare.
func (c *compareCommand) Run(ctx context.Context, args []string) error {
	opt := provenance.DefaultOptions()
	fs := flag.NewFlagSet("compare", flag.ContinueOnError)
	fs.SetOutput(c.stderr)
	format := fs.String("format", "text", "output `format`: text or json")
	fs.IntVar(&opt.Cluster.K, "shingle", opt.Cluster.K, "shingle width in `words`")
	fs.BoolVar(&opt.Fuzzy, "fuzzy", false,
		"also find reworded reuse (synonyms, shuffled words, translation): slower, more memory")
	fs.IntVar(&opt.Cluster.MinMatchWords, "min-words", opt.Cluster.MinMatchWords,
		"least `words` of shared passages for a match")
	fs.Float64Var(&opt.Cluster.DeriveCoverage, "derive", opt.Cluster.DeriveCoverage,
		"share of a document in shared passages that makes it a copy (a family edge), 0..1")
	fs.IntVar(&opt.Workers, "workers", 0, "worker goroutines (`n`; 0: one per CPU)")
	fs.Int64Var(&opt.MaxSize, "max-size", 0, "largest input file in `bytes` (0: 64 MiB)")
	formatIn := fs.String("format-in", "auto", "input `format` for every file: auto, text, html, json, jsonl or feed")
	includeText := fs.Bool("include-text", false, "with --format json, include each document's text as read")
	quiet := fs.Bool("quiet", false, "show no progress on the terminal")
	fs.BoolVar(quiet, "q", false, "short for --quiet")
	aliases := fs.String("aliases", "", "`file` of source aliases to add, one source a line: Canonical Name | alias | domain.com")
	fs.Func("json-field", "JSON field names for a document part, `PART=NAME[,NAME...]`; PART is id, url, source,\n"+
		"title, published, author or text; NAME may be a dotted path (source=site.name); repeatable\n"+
		"(defaults: id=id,guid url=url,link source=source,site title=title,headline\n"+
		"published=published,date,published_at,datePublished author=author,byline text=text,content,body)",
		opt.Read.Fields.Set)
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the run to `file` (for go tool pprof)")
	memProfile := fs.String("memprofile", "", "write a heap profile, taken after the report is written, to `file`")
	metricsOut := fs.String("metrics-out", "", "write the run's metrics to `file` in Prometheus's text format, atomically\n(for node_exporter's textfile collector)")
	pushURL := fs.String("pushgateway", "", "push the run's metrics to the Prometheus Pushgateway at `URL` (job provenance_compare)")
	pushJob := fs.String("push-job", "provenance_compare", "the `job` label of metrics pushed to --pushgateway")
	statsPath := fs.String("stats", "", "") // hidden: for bench, see bench.go
	fs.Usage = func() {
		fmt.Fprint(c.stderr, compareUsage)
		printFlags(fs)
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return &usageError{"compare: no PATH given"}
	}
	write := report.WriteText
	switch *format {
	case "text":
		if *includeText {
			return &usageError{"compare: --include-text needs --format json"}
		}
	case "json":
		write = func(w io.Writer, res *provenance.Result) error {
			return report.WriteJSONWith(w, res, report.JSONOptions{IncludeText: *includeText})
		}
	default:
		return &usageError{fmt.Sprintf("compare: unknown format %q (want text or json)", *format)}
	}
	var err error
	if opt.Read.Format, err = document.ParseFormat(*formatIn); err != nil {
		return &usageError{"compare: --format-in: " + err.Error()}
	}
	if err := opt.Validate(); err != nil {
		return &usageError{"compare: " + err.Error()}
	}
	if *aliases != "" {
		table, err := readAliasFile(*aliases)
		if err != nil {
			return fmt.Errorf("compare: aliases: %w", err)
		}
		defer lineage.UseAliases(lineage.UseAliases(table))
	}
	opt.Read.Canon = lineage.CanonicalName

	// The JSON report needs no text: let the pipeline drop it and read
	// files again when it must, so memory holds the index, not the corpus.
	opt.DropText = *format == "json" && !*includeText
	// compare is a batch job whose live heap (the index, then batches of
	// documents) grows to a good share of the corpus: let the heap grow
	// by half of it between collections, not all of it, unless GOGC
	// says otherwise. It costs little CPU and keeps the peak near 1.5x
	// the corpus size.
	if os.Getenv("GOGC") == "" {
		defer debug.SetGCPercent(debug.SetGCPercent(50))
	}
	terminal, now := c.terminal, c.now
	if terminal == nil {
		terminal = isTerminal
	}
	if now == nil {
		now = time.Now
	}
	var prog *progress
	if !*quiet && terminal(c.stderr) {
		prog = newProgress(c.stderr, now)
		opt.Read.Progress = prog
		prog.Start()
	}
	if *cpuProfile != "" {
		stop, err := startCPUProfile(*cpuProfile)
		if err != nil {
			return fmt.Errorf("compare: %w", err)
		}
		defer stop()
	}
	began := time.Now()
	res, err := provenance.CompareFiles(fs.Args(), opt)
	if prog != nil {
		prog.Done()
	}
	if err != nil {
		return fmt.Errorf("compare: %w", err)
	}
	for _, e := range res.Skipped {
		fmt.Fprintf(c.stderr, "provenance: skipped %v\n", e)
	}
	if len(res.Docs) == 0 {
		return fmt.Errorf("compare: no usable documents (%d skipped)", len(res.Skipped))
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	wrote := time.Now()
	if err := write(c.stdout, res); err != nil {
		return fmt.Errorf("compare: write report: %w", err)
	}
	if err := writeStats(*statsPath, res, opt, time.Since(wrote)); err != nil {
		return fmt.Errorf("compare: %w", err)
	}
	if *metricsOut != "" || *pushURL != "" {
		if err := exportMetrics(ctx, res, time.Since(began), *metricsOut, *pushURL, *pushJob); err != nil {
			return fmt.Errorf("compare: %w", err)
		}
	}
	if *memProfile != "" {
		if err := writeHeapProfile(*memProfile); err != nil {
			return fmt.Errorf("compare: %w", err)
		}
	}
	return nil
}

// startCPUProfile starts writing a CPU profile to path; stop ends it.
func startCPUProfile(path string) (stop func(), err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("cpu profile: %s: %w", path, err)
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}

// writeHeapProfile writes a heap profile (allocations since the start,
// and what is live) to path.
func writeHeapProfile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("heap profile: %w", err)
	}
	if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
		f.Close()
		return fmt.Errorf("heap profile: %s: %w", path, err)
	}
	return f.Close()
}

// readAliasFile reads a user's alias file (see lineage.ReadAliases) and
// returns the built-in table extended with it.
func readAliasFile(path string) (*lineage.Aliases, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	groups, err := lineage.ReadAliases(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return lineage.DefaultAliases().With(groups...), nil
}

// exportMetrics writes a successful run's metrics to a file (atomically:
// a temporary file renamed into place) and pushes them to a Pushgateway,
// as asked.
func exportMetrics(ctx context.Context, res *provenance.Result, took time.Duration, path, url, job string) error {
	reg := prometheus.NewRegistry()
	m := metrics.NewBatch(reg, buildInfo())
	m.Compared(res, took, time.Now())
	if path != "" {
		if err := prometheus.WriteToTextfile(path, reg); err != nil {
			return fmt.Errorf("metrics: %w", err)
		}
	}
	if url != "" {
		if err := push.New(url, job).Gatherer(reg).PushContext(ctx); err != nil {
			return fmt.Errorf("push metrics to %s: %w", url, err)
		}
	}
	return nil
}
