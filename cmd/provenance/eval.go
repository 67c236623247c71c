package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/provenance-dev/provenance"
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

The second form scores text alignment on a PAN-format corpus (susp/, src/,
and NN-type/pairs files with PAN XML truth or *-realigned.jsonl offsets):
per obfuscation type, the share of pairs detected, and macro precision,
macro recall, granularity and plagdet where offsets exist.

Flags:
`

type evalCommand struct {
	stdout, stderr io.Writer
}

// Run parses the flags and runs eval.
func (c *evalCommand) Run(ctx context.Context, args []string) error {
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
	fs.IntVar(&opt.Workers, "workers", 0, "worker goroutines (`n`; 0: one per CPU)")
	fs.IntVar(&opt.Cluster.K, "shingle", opt.Cluster.K, "shingle width in `words`")
	fs.BoolVar(&opt.Fuzzy, "fuzzy", false,
		"also find reworded reuse (synonyms, shuffled words, translation): slower, more memory")
	fs.IntVar(&opt.Cluster.MinMatchWords, "min-words", opt.Cluster.MinMatchWords, "least `words` of shared passages for a match")
	fs.Usage = func() {
		fmt.Fprint(c.stderr, evalUsage)
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *format != "text" && *format != "json" {
		return &usageError{fmt.Sprintf("eval: unknown format %q (want text or json)", *format)}
	}
	if pan {
		if fs.NArg() != 1 {
			return &usageError{"eval pan: want one DIR"}
		}
		return c.pan(ctx, fs.Arg(0), opt, *format)
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
	res, err := provenance.CompareFiles(fs.Args(), opt)
	if err != nil {
		return fmt.Errorf("eval: %w", err)
	}
	for _, e := range res.Skipped {
		fmt.Fprintf(c.stderr, "provenance: skipped %v\n", e)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	score := eval.ScoreFamilies(report.Build(res), truth)
	if *format == "json" {
		return writeJSON(c.stdout, score)
	}
	return writeScore(c.stdout, score, *errorsShown)
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
		fmt.Fprintf(&b, "  %-16s %s", e.Kind, e.A)
		if e.B != "" {
			fmt.Fprintf(&b, " %s", e.B)
		}
		if e.Detail != "" {
			fmt.Fprintf(&b, " (%s)", e.Detail)
		}
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func (c *evalCommand) pan(ctx context.Context, dir string, opt provenance.Options, format string) error {
	corpus, err := eval.LoadPAN(dir)
	if err != nil {
		return fmt.Errorf("eval pan: %w", err)
	}
	res, err := provenance.CompareFiles([]string{filepath.Join(dir, "susp"), filepath.Join(dir, "src")}, opt)
	if err != nil {
		return fmt.Errorf("eval pan: %w", err)
	}
	if n := len(res.Skipped); n > 0 {
		fmt.Fprintf(c.stderr, "provenance: %d files skipped, first: %v\n", n, res.Skipped[0])
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	scores := eval.ScorePAN(corpus, res)
	if format == "json" {
		return writeJSON(c.stdout, map[string]any{"corpus": dir, "cases_from": corpus.CasesFrom, "types": scores})
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
	_, err = io.WriteString(c.stdout, b.String())
	return err
}
