package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/push"

	"github.com/provenance-dev/provenance"
	"github.com/provenance-dev/provenance/document"
	"github.com/provenance-dev/provenance/lineage"
	"github.com/provenance-dev/provenance/metrics"
	"github.com/provenance-dev/provenance/report"
	"github.com/provenance-dev/provenance/report/htmlreport"
)

const compareUsage = `Usage: provenance compare [flags] PATH...

Compare documents and report which share passages, the families they form,
and each family's original and lineage with the evidence.

PATH is a file, a folder, or - for standard input (one document, or many
in JSON Lines, JSON or a feed: chosen by content, or by --format-in).
Flags may come before, between or after the paths; "--" ends them.

Folders are walked recursively. Hidden files, *.tmp, *.part and
*.meta.json sidecars are left alone; symbolic links to folders are not
followed, nor (unless --follow-links) links to files outside the folder
named, which are named on standard error and skipped. Files are read by
their content and extension:

  .txt .text          plain text: UTF-8, UTF-16 with a byte-order mark, or
                      Windows-1252/Latin-1; source, date, title and byline
                      from header lines
  .html .htm .xhtml   the article's main text; metadata from Open Graph,
                      article: and author meta tags, JSON-LD, canonical link
  .json               one document per object (or an array of them, or
                      {"items": [...]}-style wrappers)
  .jsonl .ndjson      one document per line
  .rss .atom .xml     feeds, and JSON Feed files: one document per item
  any other name      read as its content shows (plain text, HTML, JSON, a
                      feed) when it is text; passed over quietly when it
                      is not (images, archives, other binaries)

A file in a folder that holds no documents at all (JSON, JSON Lines or
XML of another kind: a manifest, a sitemap, offsets, a truth file) is
passed over quietly too; named directly, it is an error. The JSON
report's summary counts what was passed over.

A sidecar NAME.meta.json beside a file (NAME with or without the file's
extension) sets or overrides its source, title, url, author and published
date: {"source": "...", "published": "2025-07-03T12:00:00Z"} (or Unix
seconds).

A document's ID is its path relative to the folder named, or its base name
for a file named directly ("stdin" for -); a file with many documents
gives each the ID FILE#ITEM, ITEM being the item's id (JSON id, feed GUID
or link) or its line or position. A byte of a file name that is not UTF-8
is written \xHH in the ID. Offsets in the JSON output are byte offsets
into each document's text as read (the extracted text for HTML, JSON and
feeds); --include-text puts that text in the output.

The text report shows each family as a tree, its original at the top and
each copy under the document it was copied from, with the share of text
they share, the confidence and the reasons; --verbose adds similarity
figures and every shared passage with its byte offsets. It is wrapped to
the terminal's width (--width).

Files and items that cannot be used (missing, unreadable, empty, binary,
damaged UTF-8, malformed JSON or XML, a feed without items, too large, a
special file, a link out of the folder) are named on standard error, one
line each, and skipped. A limit of the pipeline that some data went past
is named there too, and in the report's summary: as a warning when it
left data out (with --fuzzy, a key held by over 30 documents makes no
candidates), as a note when it did not (a fingerprint held by over 1,000
documents pairs its holders only with its 4 earliest). On a terminal,
reading shows its progress on standard error, unless --quiet. Exit
status: 0 when a report was written, 1 when nothing could be used or the
run failed, 2 on bad usage, 130 when interrupted (no partial -o file is
left).

Flags:
`

type compareCommand struct {
	stdout, stderr io.Writer
	// stdin is what - reads (nil: os.Stdin).
	stdin io.Reader
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
	format := fs.String("format", "text", "output `format`: text, json, or html (one self-contained page: the lineage\ndrawn, the texts side by side)")
	output := fs.String("output", "", "write the report to `file`, atomically (a temporary file renamed into place), not to standard output")
	fs.StringVar(output, "o", "", "short for --output")
	verbose := fs.Bool("verbose", false, "text report: also similarity figures and every shared passage with its byte offsets,\nand every document in no family")
	fs.BoolVar(verbose, "v", false, "short for --verbose")
	width := fs.Int("width", -1, "wrap the text report at `columns` (default: the terminal's width, else 80; 0: do not wrap)")
	fs.IntVar(&opt.Cluster.K, "shingle", opt.Cluster.K, "shingle width in `words`")
	fs.BoolVar(&opt.Fuzzy, "fuzzy", false,
		"also find reworded reuse (synonyms, shuffled words, translation): 1.3 to 7 times slower")
	fs.IntVar(&opt.Cluster.MinMatchWords, "min-words", opt.Cluster.MinMatchWords,
		"least `words` of shared passages for a match")
	fs.Float64Var(&opt.Cluster.DeriveCoverage, "derive", opt.Cluster.DeriveCoverage,
		"share of a document in shared passages that makes it a copy (a family edge), 0..1")
	fs.IntVar(&opt.Cluster.CommonDocs, "common", opt.Cluster.CommonDocs,
		"text that `n` or more documents hold is boilerplate where it is under 30% of a document whose\nother text is its own (a series' notice, a company's about-block; 0: keep all shared text)")
	fs.IntVar(&opt.Workers, "workers", 0, "worker goroutines (`n`; 0: one per CPU)")
	fs.Int64Var(&opt.MaxSize, "max-size", 0, "largest input file, a `size` such as 500KB or 1GiB (0: 64 MiB)")
	formatIn := fs.String("format-in", "auto", "input `format` for every file: auto, text, html, json, jsonl or feed")
	includeText := fs.Bool("include-text", false, "with --format json, include each document's text as read")
	fs.BoolVar(&opt.Read.FollowLinks, "follow-links", false, "read symbolic links to files outside the folders named (by default they are skipped)")
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
		fmt.Fprint(fs.Output(), compareUsage)
		printFlags(fs)
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	paths := fs.Args()
	if len(paths) == 0 {
		return &usageError{"compare: no PATH given"}
	}
	if n := countOf(paths, "-"); n > 1 {
		return &usageError{fmt.Sprintf("compare: - (standard input) given %d times", n)}
	}
	if opt.Workers < 0 {
		return &usageError{fmt.Sprintf("compare: --workers %d: want 0 (one per CPU) or more", opt.Workers)}
	}
	if opt.MaxSize < 0 {
		return &usageError{"compare: --max-size: want 0 (64 MiB) or more"}
	}
	if *width < -1 {
		return &usageError{fmt.Sprintf("compare: --width %d: want 0 (no wrapping) or more", *width)}
	}
	var write func(w io.Writer, res *provenance.Result, sum *report.Summary) error
	switch *format {
	case "text":
		if *includeText {
			return &usageError{"compare: --include-text needs --format json"}
		}
		cols := *width
		if cols < 0 {
			cols = c.columns()
		}
		write = func(w io.Writer, res *provenance.Result, sum *report.Summary) error {
			return report.WriteTextWith(w, res, report.TextOptions{Width: cols, Verbose: *verbose, Summary: sum})
		}
	case "json":
		if *verbose {
			return &usageError{"compare: --verbose is for the text report (--format json holds everything)"}
		}
		write = func(w io.Writer, res *provenance.Result, sum *report.Summary) error {
			return report.WriteJSONWith(w, res, report.JSONOptions{IncludeText: *includeText, Summary: sum})
		}
	case "html":
		if *verbose || *includeText {
			return &usageError{"compare: --verbose and --include-text are for the text and JSON reports (the page holds everything)"}
		}
		write = func(w io.Writer, res *provenance.Result, sum *report.Summary) error {
			return htmlreport.Write(w, report.BuildWith(res, report.JSONOptions{IncludeText: true}),
				htmlreport.Options{Summary: sum})
		}
	default:
		return &usageError{fmt.Sprintf("compare: unknown format %q (want text, json or html)", *format)}
	}
	var err error
	if opt.Read.Format, err = document.ParseFormat(*formatIn); err != nil {
		return &usageError{"compare: --format-in: " + err.Error()}
	}
	if err := opt.Validate(); err != nil {
		return &usageError{"compare: " + err.Error()}
	}
	table := lineage.DefaultAliases()
	if *aliases != "" {
		var err error
		if table, err = readAliasFile(*aliases); err != nil {
			return fmt.Errorf("compare: aliases: %w", err)
		}
	}
	opt.Aliases = table
	opt.Read.Canon = table.Canonical

	// The report's file is made first, so that a folder that is not
	// there fails the run before the work, not after.
	out := c.stdout
	var dest *atomicFile
	if *output != "" && *output != "-" {
		if dest, err = createAtomic(*output); err != nil {
			return fmt.Errorf("compare: %w", err)
		}
		defer dest.Abort() // a no-op once committed
		out = dest
	}

	// Standard input is copied to a file of its own, which the pipeline
	// reads (and reads again) as any other.
	var in *stdinFile
	var inErr error
	if slices.Contains(paths, "-") {
		stdin := c.stdin
		if stdin == nil {
			stdin = os.Stdin
		}
		maxSize := opt.MaxSize
		if maxSize == 0 {
			maxSize = document.DefaultMaxSize
		}
		in, inErr = spoolStdin(ctx, stdin, maxSize)
		if in != nil {
			defer in.Remove()
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		var fe *document.FileError
		if inErr != nil && !errors.As(inErr, &fe) {
			return fmt.Errorf("compare: %w", inErr)
		}
		paths = slices.DeleteFunc(slices.Clone(paths), func(p string) bool { return p == "-" })
		if in != nil {
			paths = append(paths, in.Path)
		}
	}

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
	tally := &tally{}
	opt.Read.Progress = tally
	opt.Read.Passed = tally.passed
	var prog *progress
	if !*quiet && terminal(c.stderr) {
		prog = newProgress(c.stderr, now)
		tally.next = prog
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
	res, err := compareFiles(ctx, paths, opt)
	if prog != nil {
		prog.Done()
	}
	if err != nil {
		return fmt.Errorf("compare: %w", err)
	}
	if in != nil {
		in.Rename(res)
	}
	if inErr != nil {
		res.Skipped = append(res.Skipped, inErr)
	}
	for _, e := range res.Skipped {
		fmt.Fprintf(c.stderr, "provenance: skipped %s\n", document.Printable(e.Error()))
	}
	for _, cp := range res.Capped {
		level := "note"
		if cp.Dropped {
			level = "warning"
		}
		fmt.Fprintf(c.stderr, "provenance: %s: %s\n", level, cp)
	}
	sum := tally.summary(res, inErr != nil)
	if len(res.Docs) == 0 {
		return fmt.Errorf("compare: no usable documents (%s)", describeSummary(sum))
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	wrote := time.Now()
	if err := write(ctxWriter{ctx, out}, res, sum); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("compare: write report: %w", err)
	}
	if dest != nil {
		if err := dest.Commit(); err != nil {
			return fmt.Errorf("compare: %w", err)
		}
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

// columns is the width the text report is wrapped at: the terminal's,
// when standard output is one, else $COLUMNS, else 80.
func (c *compareCommand) columns() int {
	if f, ok := c.stdout.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		if w, _, err := term.GetSize(int(f.Fd())); err == nil && w > 0 {
			return w
		}
	}
	if n, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && n > 0 {
		return n
	}
	return 80
}

// compareFiles runs provenance.CompareFiles, returning as soon as ctx is
// done: the pipeline cannot be stopped, but the process that asked for
// it ends without waiting.
func compareFiles(ctx context.Context, paths []string, opt provenance.Options) (*provenance.Result, error) {
	type outcome struct {
		res *provenance.Result
		err error
	}
	done := make(chan outcome, 1)
	go func() {
		res, err := provenance.CompareFiles(paths, opt)
		done <- outcome{res, err}
	}()
	select {
	case o := <-done:
		return o.res, o.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func countOf(ss []string, s string) int {
	n := 0
	for _, x := range ss {
		if x == s {
			n++
		}
	}
	return n
}

// tally counts, for the report's summary, the files found and those
// passed over, and passes the reading's progress on to next, if set. It
// is safe for concurrent use.
type tally struct {
	next document.Progress

	mu         sync.Mutex
	files      int
	passedOver map[string]int
}

func (t *tally) Found(files int, bytes int64) {
	t.mu.Lock()
	t.files += files
	t.mu.Unlock()
	if t.next != nil {
		t.next.Found(files, bytes)
	}
}

func (t *tally) Read(in document.Input, bytes int64) {
	if t.next != nil {
		t.next.Read(in, bytes)
	}
}

// passed counts a file passed over quietly (document.Options.Passed).
func (t *tally) passed(_ document.Input, why error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.passedOver == nil {
		t.passedOver = map[string]int{}
	}
	t.passedOver[document.Reason(why)]++
}

// summary is the report's summary of a run; stdinRefused says that
// standard input was refused before the pipeline saw it.
func (t *tally) summary(res *provenance.Result, stdinRefused bool) *report.Summary {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := &report.Summary{Files: t.files, Documents: len(res.Docs), Skipped: len(res.Skipped),
		SkippedByReason: map[string]int{}, PassedOverByReason: map[string]int{}}
	if stdinRefused {
		s.Files++
	}
	for _, err := range res.Skipped {
		s.SkippedByReason[document.Reason(err)]++
	}
	for r, n := range t.passedOver {
		s.PassedOver += n
		s.PassedOverByReason[r] = n
	}
	s.Caps = report.CapsOf(res.Capped)
	return s
}

// describeSummary says in words what a run read and left out.
func describeSummary(s *report.Summary) string {
	counts := func(m map[string]int) string {
		var parts []string
		for _, r := range slices.Sorted(maps.Keys(m)) {
			parts = append(parts, fmt.Sprintf("%s %d", r, m[r]))
		}
		return strings.Join(parts, ", ")
	}
	d := fmt.Sprintf("%d files, %d skipped", s.Files, s.Skipped)
	if s.Skipped > 0 {
		d += " (" + counts(s.SkippedByReason) + ")"
	}
	if s.PassedOver > 0 {
		d += fmt.Sprintf(", %d passed over in folders (%s): name a file directly to see why", s.PassedOver, counts(s.PassedOverByReason))
	}
	return d
}

// ctxWriter fails its writes once ctx is done, so that a report being
// written stops when the run is interrupted.
type ctxWriter struct {
	ctx context.Context
	w   io.Writer
}

func (c ctxWriter) Write(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.w.Write(p)
}

// atomicFile is a report written to a temporary file beside its
// destination and renamed into place by Commit, so that the destination
// holds either the old content or the whole new report, never a part.
type atomicFile struct {
	*os.File
	dest      string
	committed bool
}

// createAtomic creates the temporary file of a report bound for dest. Its
// name starts with a dot and ends in .tmp, so that a folder watcher
// (provenance watch included) leaves it alone.
func createAtomic(dest string) (*atomicFile, error) {
	if fi, err := os.Stat(dest); err == nil && fi.IsDir() {
		return nil, fmt.Errorf("output %s: is a folder", dest)
	}
	f, err := os.CreateTemp(filepath.Dir(dest), "."+filepath.Base(dest)+".*.tmp")
	if err != nil {
		return nil, fmt.Errorf("output: %w", err)
	}
	return &atomicFile{File: f, dest: dest}, nil
}

// Commit flushes the file to disk and renames it to its destination.
func (a *atomicFile) Commit() error {
	err := a.Sync()
	if err == nil {
		err = a.Chmod(0o644)
	}
	if cerr := a.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(a.Name(), a.dest)
	}
	if err != nil {
		os.Remove(a.Name())
		return fmt.Errorf("output %s: %w", a.dest, err)
	}
	a.committed = true
	return nil
}

// Abort removes the temporary file, unless it was committed.
func (a *atomicFile) Abort() {
	if !a.committed {
		a.Close()
		os.Remove(a.Name())
	}
}

// stdinFile is standard input copied to a file named "stdin" in a
// temporary folder: its documents get the ID "stdin" (or stdin#ITEM),
// and their path and errors name "-".
type stdinFile struct {
	Path string
	dir  string
}

// spoolStdin copies r, up to limit bytes, to a stdinFile. Input over the
// limit comes back as a *document.FileError (the input is skipped, as a
// file over the limit is); other errors are the run's. It returns early,
// with ctx's error, when ctx is done first.
func spoolStdin(ctx context.Context, r io.Reader, limit int64) (*stdinFile, error) {
	dir, err := os.MkdirTemp("", "provenance-stdin-")
	if err != nil {
		return nil, fmt.Errorf("standard input: %w", err)
	}
	s := &stdinFile{Path: filepath.Join(dir, "stdin"), dir: dir}
	f, err := os.Create(s.Path)
	if err != nil {
		s.Remove()
		return nil, fmt.Errorf("standard input: %w", err)
	}
	done := make(chan error, 1)
	var n int64
	go func() {
		var err error
		n, err = io.Copy(f, io.LimitReader(r, limit+1))
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		done <- err
	}()
	select {
	case <-ctx.Done():
		// The copy may be blocked in a read of a terminal; the process
		// ends without it. The file goes with the folder.
		s.Remove()
		return nil, ctx.Err()
	case err = <-done:
	}
	switch {
	case err != nil:
		s.Remove()
		return nil, &document.FileError{Path: "-", Err: fmt.Errorf("read standard input: %w", err)}
	case n > limit:
		s.Remove()
		return nil, &document.FileError{Path: "-", Err: fmt.Errorf("%w: over the limit of %d bytes (see --max-size)", document.ErrTooLarge, limit)}
	}
	return s, nil
}

// Rename gives the documents and errors of the spooled file the path "-".
func (s *stdinFile) Rename(res *provenance.Result) {
	for _, d := range res.Docs {
		if d.Path == s.Path {
			d.Path = "-"
		}
	}
	for _, e := range res.Skipped {
		var fe *document.FileError
		if errors.As(e, &fe) && fe.Path == s.Path {
			fe.Path = "-"
		}
	}
}

// Remove removes the spooled file and its folder.
func (s *stdinFile) Remove() { os.RemoveAll(s.dir) }

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
