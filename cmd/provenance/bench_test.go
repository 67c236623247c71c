package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/provenance-dev/provenance/cmd/provenance/internal/bench"
)

// TestMain lets the test binary stand in for provenance when bench runs
// it as a child (bench runs os.Executable(), which is this binary here).
func TestMain(m *testing.M) {
	if os.Getenv(bench.ChildEnv) != "" {
		os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

func TestBench_usage(t *testing.T) {
	dir := t.TempDir()
	runCases(t, []cliCase{
		{name: "help", args: []string{"bench", "--help"}, code: 0, stdout: "provenance bench index"},
		{name: "help bench", args: []string{"help", "bench"}, code: 0, stdout: "--size SIZE"},
		{name: "index help", args: []string{"bench", "index", "--help"}, code: 0, stdout: "--docs SIZES"},
		{name: "nothing to bench", args: []string{"bench"}, code: 2, stderr: "give --size SIZE"},
		{name: "size and path", args: []string{"bench", "--size", "1MB", dir}, code: 2, stderr: "not both"},
		{name: "dir and path", args: []string{"bench", "--dir", dir, dir}, code: 2, stderr: "not both"},
		{name: "two paths", args: []string{"bench", dir, dir}, code: 2, stderr: "at most one PATH"},
		{name: "bad size", args: []string{"bench", "--size", "lots"}, code: 2, stderr: `--size "lots": want a size in bytes`},
		{name: "bad unit", args: []string{"bench", "--size", "3PB"}, code: 2, stderr: `--size "3PB": want a size in bytes`},
		{name: "zero size", args: []string{"bench", "--size", "0"}, code: 2, stderr: `--size 0: want a size above 0`},
		{name: "bad runs", args: []string{"bench", "--runs", "0", "--size", "1MB"}, code: 2, stderr: "--runs 0"},
		{name: "bad format", args: []string{"bench", "--format", "xml", "--size", "1MB"}, code: 2, stderr: `unknown format "xml"`},
		{name: "bad flag", args: []string{"bench", "--nope"}, code: 2, stderr: "bench: unknown flag --nope"},
		{name: "empty path", args: []string{"bench", dir}, code: 1, stderr: "no text files"},
		{name: "index bad docs", args: []string{"bench", "index", "--docs", "10,x"}, code: 2, stderr: `--docs "10,x"`},
		{name: "index descending", args: []string{"bench", "index", "--docs", "100,10"}, code: 2, stderr: "ascending"},
		{name: "index argument", args: []string{"bench", "index", "more"}, code: 2, stderr: `unexpected argument "more"`},
		{name: "index bad pool", args: []string{"bench", "index", "--pool", "3"}, code: 2, stderr: "--pool 3"},
		{name: "index bad format", args: []string{"bench", "index", "--format", "csv"}, code: 2, stderr: `unknown format "csv"`},
	})
}

// TestCompare_statsHidden: --stats works but is not in compare's help.
func TestCompare_statsHidden(t *testing.T) {
	code, stdout, _ := runCmd(t, "compare", "--help")
	if code != 0 || strings.Contains(stdout, "-stats") || !strings.Contains(stdout, "--workers") {
		t.Errorf("compare --help: exit %d, stdout %q: want 0, --workers listed and --stats not", code, stdout)
	}
	path := filepath.Join(t.TempDir(), "stats.json")
	code, _, stderr := runCmd(t, "compare", "--stats", path, "--workers", "3", seedDir)
	if code != 0 {
		t.Fatalf("exit %d, stderr %s", code, stderr)
	}
	st, err := bench.ReadStats(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Files != 5 || st.Bytes <= 0 || st.Workers != 3 || st.TotalSeconds <= 0 {
		t.Errorf("stats = %+v, want 5 files, bytes, 3 workers, a total", st)
	}
	var names []string
	for _, s := range st.Stages {
		names = append(names, s.Name)
	}
	if got, want := strings.Join(names, ","), "read,tokenize,sketch,checksum,index+query,verify+align,lineage,output"; got != want {
		t.Errorf("stages = %s, want %s", got, want)
	}
}

// TestBench_tinyCorpus generates a tiny corpus, benchmarks it, checks the
// report's fields are plausible, then reruns on the same --dir and checks
// the corpus is reused.
func TestBench_tinyCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("generates a corpus and runs compare twice")
	}
	dir := filepath.Join(t.TempDir(), "corpus")
	args := []string{"bench", "--size", "300KB", "--dir", dir, "--runs", "2", "--workers", "2", "--format", "json"}
	code, stdout, stderr := runCmd(t, args...)
	if code != 0 {
		t.Fatalf("exit %d, stderr %s", code, stderr)
	}
	if !strings.Contains(stderr, "generated ") {
		t.Errorf("stderr = %q, want progress", stderr)
	}
	rep := decodeReport(t, stdout)
	c := rep.Corpus
	if c.Files < 10 || c.Bytes < 200_000 || c.Bytes > 400_000 || c.Generated == nil || c.Generated.Reused {
		t.Errorf("corpus = %+v, want a freshly generated corpus of about 300 KB", c)
	}
	if rep.Runs != 2 || len(rep.AllSeconds) != 2 || len(rep.RefAllSeconds) != 2 || rep.Workers != 2 {
		t.Errorf("runs %d, workers %d, %v, %v: want 2 runs of each on 2 workers", rep.Runs, rep.Workers, rep.AllSeconds, rep.RefAllSeconds)
	}
	cr := rep.Compare
	if rep.MBps <= 0 || rep.DocsPerS <= 0 || cr.Seconds <= 0 || cr.CPUSeconds <= 0 {
		t.Errorf("MB/s %g, docs/s %g, seconds %g, CPU %g: want all > 0", rep.MBps, rep.DocsPerS, cr.Seconds, cr.CPUSeconds)
	}
	if runtime.GOOS == "linux" && (rep.PeakRSS < 1<<20 || rep.RSSRatio <= 0) {
		t.Errorf("peak RSS %d, ratio %g: want a plausible figure", rep.PeakRSS, rep.RSSRatio)
	}
	if cr.Stats.Files != int64(c.Files) || cr.Stats.Bytes <= 0 || cr.Stats.Workers != 2 {
		t.Errorf("compare stats %+v: want %d files on 2 workers", cr.Stats, c.Files)
	}
	var sum float64
	for _, s := range cr.Stats.Stages {
		if s.Seconds < 0 {
			t.Errorf("stage %s: %g s", s.Name, s.Seconds)
		}
		sum += s.Seconds
	}
	if len(cr.Stats.Stages) < 7 || sum <= 0 || sum > cr.Seconds {
		t.Errorf("%d stages summing to %g s, want >= 7 summing to at most the run's %g s", len(cr.Stats.Stages), sum, cr.Seconds)
	}
	ref := rep.Reference
	if ref.Files != c.Files || ref.Bytes != c.Bytes || rep.RefMBps <= 0 || rep.Ratio <= 0 {
		t.Errorf("reference %+v, MB/s %g, ratio %g: want the corpus's files and bytes, speeds > 0", ref, rep.RefMBps, rep.Ratio)
	}
	if len(rep.PairRatios) != 2 {
		t.Errorf("pair ratios %v, want one for each of 2 runs", rep.PairRatios)
	}
	for i, x := range rep.PairRatios {
		if want := rep.RefAllSeconds[i] / rep.AllSeconds[i]; x != want {
			t.Errorf("pair ratio %d = %g, want reference/compare seconds %g", i, x, want)
		}
	}
	if lo := min(rep.PairRatios[0], rep.PairRatios[1]); rep.PairRatio != lo {
		t.Errorf("pair ratio %g, want the lower middle of %v", rep.PairRatio, rep.PairRatios)
	}
	if rep.Machine.Cores < 1 || !strings.HasPrefix(rep.Machine.GoVersion, "go") {
		t.Errorf("machine = %+v", rep.Machine)
	}

	// Same parameters: reused. Text output names the figures.
	code, stdout, stderr = runCmd(t, "bench", "--size", "300KB", "--dir", dir, "--quiet")
	if code != 0 {
		t.Fatalf("rerun: exit %d, stderr %s", code, stderr)
	}
	for _, want := range []string{"(reused: seed 1", "MB/s", "peak RSS", "tokenize", "sketch", "reference", "compare/reference"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("text report lacks %q:\n%s", want, stdout)
		}
	}
	if stderr != "" {
		t.Errorf("--quiet: stderr = %q, want nothing", stderr)
	}

	// Other parameters, same folder: refused, nothing overwritten.
	code, _, stderr = runCmd(t, "bench", "--size", "300KB", "--seed", "2", "--dir", dir)
	if code != 1 || !strings.Contains(stderr, "not empty") {
		t.Errorf("other seed, same dir: exit %d, stderr %q; want 1 and not empty", code, stderr)
	}
}

// TestBench_path benchmarks a given folder.
func TestBench_path(t *testing.T) {
	code, stdout, stderr := runCmd(t, "bench", "--quiet", "--format", "json", seedDir)
	if code != 0 {
		t.Fatalf("exit %d, stderr %s", code, stderr)
	}
	rep := decodeReport(t, stdout)
	if rep.Corpus.Files != 5 || rep.Corpus.Generated != nil || rep.Compare.Stats.Files != 5 {
		t.Errorf("corpus %+v, compare read %d files: want the 5 seeds", rep.Corpus, rep.Compare.Stats.Files)
	}
	if rep.Fuzzy != nil {
		t.Errorf("fuzzy runs %+v without --fuzzy", rep.Fuzzy)
	}
}

// TestBench_fuzzy: with --fuzzy, each compare run is followed by one of
// compare --fuzzy, and their times' ratios are reported.
func TestBench_fuzzy(t *testing.T) {
	code, stdout, stderr := runCmd(t, "bench", "--quiet", "--fuzzy", "--runs", "2", "--format", "json", seedDir)
	if code != 0 {
		t.Fatalf("exit %d, stderr %s", code, stderr)
	}
	rep := decodeReport(t, stdout)
	f := rep.Fuzzy
	if f == nil {
		t.Fatal("no fuzzy runs reported")
	}
	if len(f.AllSeconds) != 2 || len(f.TimeRatios) != 2 || f.Compare.Stats.Files != 5 {
		t.Fatalf("fuzzy %+v: want 2 runs over the 5 seeds", f)
	}
	for i, x := range f.TimeRatios {
		if want := f.AllSeconds[i] / rep.AllSeconds[i]; x != want {
			t.Errorf("time ratio %d = %g, want fuzzy/compare seconds %g", i, x, want)
		}
	}
	if lo := min(f.TimeRatios[0], f.TimeRatios[1]); f.TimeRatio != lo {
		t.Errorf("time ratio %g, want the lower middle of %v", f.TimeRatio, f.TimeRatios)
	}
	if f.PeakRSS > 0 && f.RSSRatio != float64(f.PeakRSS)/float64(rep.PeakRSS) {
		t.Errorf("RSS ratio %g, want %d/%d", f.RSSRatio, f.PeakRSS, rep.PeakRSS)
	}
	_, text, _ := runCmd(t, "bench", "--quiet", "--fuzzy", seedDir)
	if !strings.Contains(text, "compare --fuzzy") || !strings.Contains(text, "fuzzy time <= 1.3x") {
		t.Errorf("text report lacks the fuzzy runs:\n%s", text)
	}
}

func TestBenchIndex(t *testing.T) {
	code, stdout, stderr := runCmd(t, "bench", "index", "--docs", "50,200", "--format", "json", "--quiet")
	if code != 0 {
		t.Fatalf("exit %d, stderr %s", code, stderr)
	}
	var rep bench.IndexReport
	dec := json.NewDecoder(strings.NewReader(stdout))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&rep); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, stdout)
	}
	if len(rep.Sizes) != 2 || rep.Sizes[0].Docs != 50 || rep.Sizes[1].Docs != 200 || rep.Growth == nil {
		t.Fatalf("sizes %+v, growth %v: want 50 and 200 and a growth", rep.Sizes, rep.Growth)
	}
	if rep.Pool.Docs < 40 || rep.Pool.Docs > 60 || rep.Pool.Copies == 0 {
		t.Errorf("pool = %+v, want about 50 documents with copies", rep.Pool)
	}
	code, stdout, _ = runCmd(t, "bench", "index", "--docs", "50", "--quiet")
	if code != 0 || !strings.Contains(stdout, "bytes/doc") {
		t.Errorf("text: exit %d, stdout %q", code, stdout)
	}
}

func decodeReport(t *testing.T, stdout string) *bench.Report {
	t.Helper()
	var rep bench.Report
	dec := json.NewDecoder(strings.NewReader(stdout))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&rep); err != nil {
		t.Fatalf("not the report's JSON: %v\n%s", err, stdout)
	}
	return &rep
}
