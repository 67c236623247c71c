package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/provenance-dev/provenance"
	"github.com/provenance-dev/provenance/document"
	"github.com/provenance-dev/provenance/eval"
	"github.com/provenance-dev/provenance/report"
)

const evalUsage = `Usage:
  provenance eval --truth TRUTH.json [flags] PATH...
  provenance eval pan [flags] DIR

The first form runs the same pipeline as compare over PATH and scores its
families against a truth file (the format of testdata/seeds/truth.json;
documents named by path relative to the folder compared): pair precision,
recall and F1 (a pair is two documents in one family), original accuracy,
edge direction accuracy, attributed flag accuracy, and the list of errors.

The truth and the documents read must overlap: when none of the truth's
documents is read, eval says so and exits 1; when some are missing, it
warns on standard error and scores what is there.

The second form scores text alignment on a PAN-format corpus (susp/, src/,
and NN-type/pairs files with PAN XML truth or *-realigned.jsonl offsets):
per obfuscation type, the share of pairs detected, and macro precision,
macro recall, granularity and plagdet where offsets exist. The corpus is
PAN 2013's text alignment training corpus
(pan13-text-alignment-training-corpus-2013-01-21, from the PAN shared
task at pan.webis.de), which is not shipped with provenance.

Flags:
`

type evalCommand struct {
	stdout, stderr io.Writer
}

// Run parses the flags and runs eval.
func (c *evalCommand) Run(ctx context.Context, args []string) (err error) {
	pan := len(args) > 0 && args[0] == "pan"
	if pan {
		args = args[1:]
	}
	opt := provenance.DefaultOptions()
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.SetOutput(c.stderr)
	truthPath := fs.String("truth", "", "truth `file` (JSON)")
	format := fs.String("format", "text", "output `format`: text or json")
	errorsShown := fs.Int("errors", 20, "most errors listed in text output (`n`; -1: all)")
	output := fs.String("output", "", "write the scores to `file`, atomically, not to standard output")
	fs.StringVar(output, "o", "", "short for --output")
	fs.IntVar(&opt.Workers, "workers", 0, "worker goroutines (`n`; 0: one per CPU)")
	fs.IntVar(&opt.Cluster.K, "shingle", opt.Cluster.K, "shingle width in `words`")
	fs.BoolVar(&opt.Fuzzy, "fuzzy", false,
		"also find reworded reuse (synonyms, shuffled words, translation): slower, more memory")
	fs.IntVar(&opt.Cluster.MinMatchWords, "min-words", opt.Cluster.MinMatchWords, "least `words` of shared passages for a match")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), evalUsage)
		printFlags(fs)
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *format != "text" && *format != "json" {
		return &usageError{fmt.Sprintf("eval: unknown format %q (want text or json)", *format)}
	}
	if *errorsShown < -1 {
		return &usageError{fmt.Sprintf("eval: --errors %d: want -1 (all) or more", *errorsShown)}
	}
	if opt.Workers < 0 {
		return &usageError{fmt.Sprintf("eval: --workers %d: want 0 (one per CPU) or more", opt.Workers)}
	}
	out := c.stdout
	if *output != "" && *output != "-" {
		dest, err := createAtomic(*output)
		if err != nil {
			return fmt.Errorf("eval: %w", err)
		}
		defer dest.Abort()
		out = dest
		defer func() {
			if err == nil {
				if err = dest.Commit(); err != nil {
					err = fmt.Errorf("eval: %w", err)
				}
			}
		}()
	}
	if pan {
		if fs.NArg() != 1 {
			return &usageError{"eval pan: want one DIR"}
		}
		return c.pan(ctx, out, fs.Arg(0), opt, *format)
	}
	if *truthPath == "" {
		return &usageError{"eval: --truth is required"}
	}
	if fs.NArg() == 0 {
		return &usageError{"eval: no PATH given"}
	}
	truth, err := eval.ReadTruth(*truthPath)
	if err != nil {
		return fmt.Errorf("eval: %w", err)
	}
	opt.DropText = true // scoring needs no text
	res, err := compareFiles(ctx, fs.Args(), opt)
	if err != nil {
		return fmt.Errorf("eval: %w", err)
	}
	for _, e := range res.Skipped {
		fmt.Fprintf(c.stderr, "provenance: skipped %s\n", document.Printable(e.Error()))
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	found := report.Build(res)
	cov := eval.CoverageOf(found, truth)
	if err := cov.Check(); err != nil {
		return fmt.Errorf("eval: %w", err)
	}
	if cov.Found < cov.Truth {
		fmt.Fprintf(c.stderr, "provenance: eval: warning: %d of the truth's %d documents were not read (first: %s); they count as missed\n",
			cov.Truth-cov.Found, cov.Truth, document.Printable(strings.Join(cov.Missing, ", ")))
	}
	score := eval.ScoreFamilies(found, truth)
	if *format == "json" {
		return writeJSON(ctxWriter{ctx, out}, score)
	}
	return writeScore(ctxWriter{ctx, out}, score, *errorsShown)
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func writeScore(w io.Writer, s *eval.Score, maxErrors int) error {
	var b strings.Builder
	fmt.Fprintf(&b, "pair precision     %.4f  (%d of %d found pairs are true)\n", s.PairPrecision, s.CorrectPairs, s.FoundPairs)
	fmt.Fprintf(&b, "pair recall        %.4f  (%d of %d true pairs found)\n", s.PairRecall, s.CorrectPairs, s.TruePairs)
	fmt.Fprintf(&b, "pair F1            %.4f\n", s.PairF1)
	fmt.Fprintf(&b, "original accuracy  %.4f  (%d of %d families)\n", s.OriginalAccuracy, s.OriginalsRight, s.Families)
	fmt.Fprintf(&b, "edge direction     %.4f  (%d of %d true edges found as edges are the right way round)\n",
		s.EdgeDirectionAccuracy, s.EdgesRight, s.EdgesFound)
	fmt.Fprintf(&b, "edge accuracy      %.4f  (%d of %d true edges found, right way round)\n", s.EdgeAccuracy, s.EdgesRight, s.TrueEdges)
	fmt.Fprintf(&b, "attributed flag    %.4f  (%d of %d copies with a found parent)\n", s.AttributedAccuracy, s.AttributedRight, s.AttributedJudged)
	fmt.Fprintf(&b, "errors             %d\n", len(s.Errors))
	for i, e := range s.Errors {
		if maxErrors >= 0 && i >= maxErrors {
			fmt.Fprintf(&b, "  ... %d more (--errors -1 lists all)\n", len(s.Errors)-i)
			break
		}
		fmt.Fprintf(&b, "  %-16s %s", e.Kind, document.Printable(e.A))
		if e.B != "" {
			fmt.Fprintf(&b, " %s", document.Printable(e.B))
		}
		if e.Detail != "" {
			fmt.Fprintf(&b, " (%s)", document.Printable(e.Detail))
		}
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func (c *evalCommand) pan(ctx context.Context, out io.Writer, dir string, opt provenance.Options, format string) error {
	corpus, err := eval.LoadPAN(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("eval pan: %w (DIR is a copy of PAN 2013's text alignment training corpus, "+
			"pan13-text-alignment-training-corpus-2013-01-21, from pan.webis.de: see README.md, Measuring accuracy)", err)
	}
	if err != nil {
		return fmt.Errorf("eval pan: %w", err)
	}
	res, err := compareFiles(ctx, []string{filepath.Join(dir, "susp"), filepath.Join(dir, "src")}, opt)
	if err != nil {
		return fmt.Errorf("eval pan: %w", err)
	}
	if n := len(res.Skipped); n > 0 {
		fmt.Fprintf(c.stderr, "provenance: %d files skipped, first: %s\n", n, document.Printable(res.Skipped[0].Error()))
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	scores := eval.ScorePAN(corpus, res)
	if format == "json" {
		return writeJSON(ctxWriter{ctx, out}, map[string]any{"corpus": dir, "cases_from": corpus.CasesFrom, "types": scores})
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%-24s %6s %9s %7s %7s %9s %9s %7s %8s\n", "type", "pairs", "detected", "share", "cases", "precision", "recall", "gran", "plagdet")
	for _, t := range scores {
		fmt.Fprintf(&b, "%-24s %6d %9d %7.4f", t.Type, t.Pairs-t.Missing, t.Detected, t.DetectedShare)
		if t.Plagdet != nil {
			fmt.Fprintf(&b, " %7d %9.4f %9.4f %7.4f %8.4f", t.Cases, *t.MacroPrecision, *t.MacroRecall, *t.Granularity, *t.Plagdet)
		}
		b.WriteByte('\n')
	}
	if corpus.CasesFrom != "" {
		fmt.Fprintf(&b, "offsets from %s\n", corpus.CasesFrom)
	}
	_, err = io.WriteString(ctxWriter{ctx, out}, b.String())
	return err
}
