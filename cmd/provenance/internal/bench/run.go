package bench

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ChildEnv is set in the environment of the compare processes a benchmark
// starts, so that a test binary standing in for the command can tell it
// should act as the command.
const ChildEnv = "PROVENANCE_BENCH_CHILD"

// Config says how to benchmark compare on a corpus.
type Config struct {
	// Exe is the provenance binary whose compare is run as a child.
	Exe string
	// Runs is how many times compare and the reference pass run; the
	// report gives the median.
	Runs int
	// Workers is passed to compare --workers and sizes the reference
	// pass; 0 means one per CPU.
	Workers int
	// Fuzzy also runs compare --fuzzy after each compare run, for its
	// cost against compare's (Report.Fuzzy).
	Fuzzy bool
	// Log, if set, gets a line per step.
	Log io.Writer
}

// TargetFuzzyRatio is the most compare --fuzzy may take of compare's time
// (issue 20, "reworded reuse": within 1.3 times the default's end-to-end
// time on the 1 GB benchmark corpus).
const TargetFuzzyRatio = 1.3

// FuzzyReport is what the fuzzy channel costs: compare --fuzzy's runs,
// each run right after a compare run, against those.
type FuzzyReport struct {
	// Compare is the run of median wall time; PeakRSS is the largest of
	// all runs.
	Compare    CompareRun `json:"compare"`
	AllSeconds []float64  `json:"all_seconds"`
	PeakRSS    int64      `json:"peak_rss_bytes"`
	// TimeRatios are each fuzzy run's wall time over that of the compare
	// run before it, and TimeRatio their median (the lower middle).
	TimeRatios []float64 `json:"time_ratios"`
	TimeRatio  float64   `json:"time_ratio"`
	// RSSRatio is the fuzzy runs' peak resident set over compare's.
	RSSRatio float64 `json:"rss_ratio"`
}

// CompareRun is one run of compare as a child process.
type CompareRun struct {
	Seconds float64 `json:"seconds"`
	// PeakRSS is the child's peak resident set, in bytes: its own VmHWM
	// (see peak.go), not wait4's maxrss.
	PeakRSS    int64    `json:"peak_rss_bytes"`
	CPUSeconds float64  `json:"cpu_seconds"`
	Stats      RunStats `json:"stats"`
}

// Report is the outcome of a compare benchmark.
type Report struct {
	Machine Machine `json:"machine"`
	Corpus  Corpus  `json:"corpus"`
	Runs    int     `json:"runs"`
	Workers int     `json:"workers"`
	// Compare is the run of median wall time; PeakRSS is the largest of
	// all runs.
	Compare   CompareRun `json:"compare"`
	MBps      float64    `json:"mb_per_second"`
	DocsPerS  float64    `json:"documents_per_second"`
	PeakRSS   int64      `json:"peak_rss_bytes"`
	RSSRatio  float64    `json:"peak_rss_to_corpus"`
	Reference RefResult  `json:"reference"`
	RefMBps   float64    `json:"reference_mb_per_second"`
	// Ratio is compare's speed over the reference pass's.
	Ratio float64 `json:"ratio_to_reference"`
	// AllSeconds are the wall times of every compare run, and
	// RefAllSeconds of every reference pass.
	AllSeconds    []float64 `json:"all_seconds"`
	RefAllSeconds []float64 `json:"reference_all_seconds"`
	// PairRatios is compare's speed over the reference's for each run and
	// the reference pass that follows it, and PairRatio their median: the
	// two of a pair see much the same load on a shared machine, where
	// sets of runs minutes apart differ by more.
	PairRatios []float64 `json:"pair_ratios"`
	PairRatio  float64   `json:"pair_ratio"`
	// Fuzzy is set with Config.Fuzzy.
	Fuzzy *FuzzyReport `json:"fuzzy,omitempty"`
}

// Run benchmarks compare on the corpus: cfg.Runs child runs of compare and
// as many reference passes, alternating.
func Run(ctx context.Context, c *Corpus, cfg Config) (*Report, error) {
	runs := max(1, cfg.Runs)
	workers := cfg.Workers
	if workers <= 0 {
		workers = defaultWorkers()
	}
	log := cfg.Log
	if log == nil {
		log = io.Discard
	}
	rep := &Report{Machine: ReadMachine(), Corpus: *c, Runs: runs, Workers: workers}
	var cmps, fuzzy []CompareRun
	var refs []RefResult
	for i := range runs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		cr, err := runCompare(ctx, cfg.Exe, c.Dir, workers)
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(log, "run %d/%d: compare %.2f s, peak RSS %s\n", i+1, runs, cr.Seconds, FormatBytes(cr.PeakRSS))
		cmps = append(cmps, *cr)
		if cfg.Fuzzy {
			fr, err := runCompare(ctx, cfg.Exe, c.Dir, workers, "--fuzzy")
			if err != nil {
				return nil, err
			}
			fmt.Fprintf(log, "run %d/%d: compare --fuzzy %.2f s, peak RSS %s\n", i+1, runs, fr.Seconds, FormatBytes(fr.PeakRSS))
			fuzzy = append(fuzzy, *fr)
		}
		rr, err := RunReference(c.Dir, workers)
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(log, "run %d/%d: reference %.2f s\n", i+1, runs, rr.Seconds)
		refs = append(refs, *rr)
	}
	for _, r := range cmps {
		rep.AllSeconds = append(rep.AllSeconds, r.Seconds)
		rep.PeakRSS = max(rep.PeakRSS, r.PeakRSS)
	}
	for i, r := range refs {
		rep.RefAllSeconds = append(rep.RefAllSeconds, r.Seconds)
		// Speeds over the same bytes: the ratio of times, reversed.
		rep.PairRatios = append(rep.PairRatios, r.Seconds/cmps[i].Seconds)
	}
	rep.PairRatio = median(rep.PairRatios)
	if cfg.Fuzzy {
		rep.Fuzzy = fuzzyReport(cmps, fuzzy, rep.PeakRSS)
	}
	slices.SortFunc(cmps, func(a, b CompareRun) int { return cmpFloat(a.Seconds, b.Seconds) })
	slices.SortFunc(refs, func(a, b RefResult) int { return cmpFloat(a.Seconds, b.Seconds) })
	rep.Compare, rep.Reference = cmps[(runs-1)/2], refs[(runs-1)/2]
	rep.MBps = float64(c.Bytes) / 1e6 / rep.Compare.Seconds
	rep.DocsPerS = float64(c.Files) / rep.Compare.Seconds
	rep.RSSRatio = float64(rep.PeakRSS) / float64(c.Bytes)
	rep.RefMBps = float64(rep.Reference.Bytes) / 1e6 / rep.Reference.Seconds
	rep.Ratio = rep.MBps / rep.RefMBps
	return rep, nil
}

// fuzzyReport sums up the fuzzy runs fuzzy, each made after compare run
// cmps[i], against those, whose peak resident set was peak.
func fuzzyReport(cmps, fuzzy []CompareRun, peak int64) *FuzzyReport {
	f := &FuzzyReport{}
	for i, r := range fuzzy {
		f.AllSeconds = append(f.AllSeconds, r.Seconds)
		f.PeakRSS = max(f.PeakRSS, r.PeakRSS)
		f.TimeRatios = append(f.TimeRatios, r.Seconds/cmps[i].Seconds)
	}
	f.TimeRatio = median(f.TimeRatios)
	if peak > 0 {
		f.RSSRatio = float64(f.PeakRSS) / float64(peak)
	}
	sorted := slices.Clone(fuzzy)
	slices.SortFunc(sorted, func(a, b CompareRun) int { return cmpFloat(a.Seconds, b.Seconds) })
	f.Compare = sorted[(len(sorted)-1)/2]
	return f
}

// median returns the median of xs (the lower of the middle two for an
// even count, as the runs' medians are taken), 0 for none.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[(len(s)-1)/2]
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// runCompare runs exe compare --format json --stats FILE (and the flags
// extra) over dir, with the report written to a temporary file, and
// measures it.
func runCompare(ctx context.Context, exe, dir string, workers int, extra ...string) (*CompareRun, error) {
	tmp, err := os.MkdirTemp("", "provenance-bench-")
	if err != nil {
		return nil, fmt.Errorf("run compare: %w", err)
	}
	defer os.RemoveAll(tmp)
	out, err := os.Create(filepath.Join(tmp, "report.json"))
	if err != nil {
		return nil, fmt.Errorf("run compare: %w", err)
	}
	defer out.Close()
	statsPath := filepath.Join(tmp, "stats.json")
	args := append([]string{"compare", "--format", "json", "--workers", strconv.Itoa(workers), "--stats", statsPath}, extra...)
	cmd := exec.CommandContext(ctx, exe, append(args, dir)...)
	cmd.Env = append(os.Environ(), ChildEnv+"=1")
	cmd.Stdout = out
	var stderr bytes.Buffer
	cmd.Stderr = &limitWriter{w: &stderr, n: 4096}
	start := time.Now()
	polled, err := runPolled(cmd)
	wall := time.Since(start)
	if err != nil {
		return nil, fmt.Errorf("run compare: %w: %s", err, strings.TrimSpace(stderr.String()))
	}
	st, err := ReadStats(statsPath)
	if err != nil {
		return nil, fmt.Errorf("run compare: %w", err)
	}
	ps := cmd.ProcessState
	return &CompareRun{
		Seconds:    wall.Seconds(),
		PeakRSS:    childPeak(st.PeakRSS, polled, peakRSS(ps)),
		CPUSeconds: (ps.UserTime() + ps.SystemTime()).Seconds(),
		Stats:      st,
	}, nil
}

// limitWriter keeps the first n bytes written to it and drops the rest.
type limitWriter struct {
	w io.Writer
	n int
}

func (l *limitWriter) Write(p []byte) (int, error) {
	if l.n > 0 {
		k := min(len(p), l.n)
		l.n -= k
		if _, err := l.w.Write(p[:k]); err != nil {
			return 0, err
		}
	}
	return len(p), nil
}
