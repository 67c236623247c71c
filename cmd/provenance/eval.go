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
  provenance eval counter [flags] DIR

The first form runs the same pipeline as compare over PATH and scores its
families against a truth file (the format of testdata/seeds/truth.json;
documents named by path relative to the folder compared): pair precision,
recall and F1 (a pair is two documents in one family), the stray matches
(between documents the truth puts in no one family or quote group: what
they share is boilerplate or chance), original accuracy, edge direction
accuracy, parent accuracy (split by the credit and dated
kinds the truth's edges carry, when they do), attributed flag accuracy,
the reliability of edge confidence (found edges binned by confidence, with
the share right in each: From an ancestor of To in the truth) and its
Brier score, and the list of errors.

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

The third form scores families and direction on COUNTER, real Urdu news
agency copy and the newspaper stories made from it (texts/ with
NAME.meta.json sidecars, and pairs.tsv: derived, source, label wholly,
partially or non, ...; the agency story is the original). It runs the
pipeline over DIR/texts and gives, per label, the share of pairs whose
two stories are in one found family and, of those, the share with the
agency story upstream (an ancestor of the derived story), and the pair
precision: of the found pairs that are labelled pairs, the share labelled
wholly or partially (and the family pair precision: of all found pairs,
the share within one agency story's labelled family). The corpus (Sharjeel, Nawab and Rayson, "COUNTER:
COrpus of Urdu News TExt Reuse", 2017; CC BY-NC-SA) is not shipped with
provenance.

Flags:
`

type evalCommand struct {
	stdout, stderr io.Writer
}

// Run parses the flags and runs eval.
func (c *evalCommand) Run(ctx context.Context, args []string) (err error) {
	pan := len(args) > 0 && args[0] == "pan"
	counter := len(args) > 0 && args[0] == "counter"
	if pan || counter {
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
		"also find reworded reuse (synonyms, shuffled words, translation): 1.3 to 7 times slower")
	fs.IntVar(&opt.Cluster.MinMatchWords, "min-words", opt.Cluster.MinMatchWords, "least `words` of shared passages for a match")
	fs.IntVar(&opt.Cluster.CommonDocs, "common", opt.Cluster.CommonDocs,
		"text that `n` or more documents hold is boilerplate where it is under 30% of a document whose\nother text is its own (a series' notice, a company's about-block; 0: keep all shared text)")
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
	if counter {
		if fs.NArg() != 1 {
			return &usageError{"eval counter: want one DIR"}
		}
		return c.counter(ctx, out, fs.Arg(0), opt, *format, *errorsShown)
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
	kinds, err := eval.ReadEdgeKinds(*truthPath)
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
	score := eval.ScoreFamiliesWith(found, truth, kinds)
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
	fmt.Fprintf(&b, "stray matches      %d of %d  (between documents in no one true family or quote group)\n", s.StrayMatches, s.Matches)
	fmt.Fprintf(&b, "original accuracy  %.4f  (%d of %d families)\n", s.OriginalAccuracy, s.OriginalsRight, s.Families)
	fmt.Fprintf(&b, "edge direction     %.4f  (%d of %d true edges found as edges are the right way round)\n",
		s.EdgeDirectionAccuracy, s.EdgesRight, s.EdgesFound)
	fmt.Fprintf(&b, "edge accuracy      %.4f  (%d of %d true edges found, right way round)\n", s.EdgeAccuracy, s.EdgesRight, s.TrueEdges)
	fmt.Fprintf(&b, "parent accuracy    %.4f  (%d of %d true copies have their true parent)\n", s.ParentAccuracy, s.ParentRight, s.TrueEdges)
	for _, k := range s.ByCredit {
		fmt.Fprintf(&b, "  credit %-10s %.4f  (%d of %d)\n", document.Printable(k.Kind), k.Accuracy, k.Right, k.Copies)
	}
	for _, k := range s.ByDated {
		fmt.Fprintf(&b, "  dated %-11s %.4f  (%d of %d)\n", document.Printable(k.Kind), k.Accuracy, k.Right, k.Copies)
	}
	fmt.Fprintf(&b, "attributed flag    %.4f  (%d of %d copies with a found parent)\n", s.AttributedAccuracy, s.AttributedRight, s.AttributedJudged)
	fmt.Fprintf(&b, "%-17s %6s  %9s  %11s  (found edges within a true family; right: from an ancestor)\n",
		"confidence", "edges", "mean conf", "share right")
	for _, r := range s.Reliability {
		closing := ")"
		if r.Hi >= 1 {
			closing = "]"
		}
		fmt.Fprintf(&b, "  %-15s %6d", fmt.Sprintf("[%.1f,%.1f%s", r.Lo, r.Hi, closing), r.Edges)
		if r.Edges > 0 {
			fmt.Fprintf(&b, "  %9.4f  %11.4f\n", r.MeanConfidence, r.ShareRight)
		} else {
			fmt.Fprintf(&b, "  %9s  %11s\n", "-", "-")
		}
	}
	fmt.Fprintf(&b, "  %-15s %6d  (ends in no common true family)\n", "not judged", s.EdgesNotJudged)
	fmt.Fprintf(&b, "brier              %.4f  (base rate %.4f: always answering %.4f, the share of %d judged edges right)\n",
		s.Brier, s.BrierBaseRate, ratioOf(s.EdgesJudgedRight, s.EdgesJudged), s.EdgesJudged)
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

func ratioOf(n, d int) float64 {
	if d == 0 {
		return 0
	}
	return float64(n) / float64(d)
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

func (c *evalCommand) counter(ctx context.Context, out io.Writer, dir string, opt provenance.Options, format string, maxErrors int) error {
	corpus, err := eval.LoadCounter(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("eval counter: %w (DIR is COUNTER, the COrpus of Urdu News TExt Reuse, "+
			"flattened to texts/ and pairs.tsv: see eval counter --help)", err)
	}
	if err != nil {
		return fmt.Errorf("eval counter: %w", err)
	}
	opt.DropText = true // scoring needs no text
	res, err := compareFiles(ctx, []string{corpus.Texts()}, opt)
	if err != nil {
		return fmt.Errorf("eval counter: %w", err)
	}
	if n := len(res.Skipped); n > 0 {
		fmt.Fprintf(c.stderr, "provenance: %d files skipped, first: %s\n", n, document.Printable(res.Skipped[0].Error()))
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	s := eval.ScoreCounter(corpus, report.Build(res))
	if format == "json" {
		return writeJSON(ctxWriter{ctx, out}, map[string]any{"corpus": dir, "fuzzy": opt.Fuzzy, "score": s})
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%-10s %6s %11s %7s %16s %7s\n", "label", "pairs", "one family", "share", "agency upstream", "share")
	for _, l := range s.Labels {
		fmt.Fprintf(&b, "%-10s %6d %11d %7.4f %16d %7.4f", l.Label, l.Pairs, l.InOneFamily, l.InOneFamilyShare, l.AgencyUpstream, l.AgencyUpstreamShare)
		if l.Missing > 0 {
			fmt.Fprintf(&b, "  (%d pairs not read)", l.Missing)
		}
		b.WriteByte('\n')
	}
	fmt.Fprintf(&b, "wholly in one family  %.4f  (target >= %.2f)\n", s.WhollyInOneFamily, eval.TargetWhollyInOneFamily)
	fmt.Fprintf(&b, "agency upstream       %.4f  (of wholly pairs in one family; target >= %.2f)\n", s.AgencyUpstream, eval.TargetAgencyUpstream)
	fmt.Fprintf(&b, "non derived joined    %.4f  (target <= %.2f)\n", s.NonJoined, eval.TargetNonJoined)
	fmt.Fprintf(&b, "pair precision        %.4f  (%d of %d found pairs that are labelled pairs are wholly or partially derived; %d found pairs unlabelled, not judged; target >= %.2f)\n",
		s.PairPrecision, s.PairsDerived, s.PairsJudged, s.FoundPairs-s.PairsJudged, eval.TargetPairPrecision)
	fmt.Fprintf(&b, "family pair precision %.4f  (%d of %d found pairs are within a labelled family: an agency story and the stories wholly or partially derived from it)\n",
		s.FamilyPairPrecision, s.FamilyPairsRight, s.FamilyPairsJudged)
	fmt.Fprintf(&b, "errors                %d\n", len(s.Errors))
	for i, e := range s.Errors {
		if maxErrors >= 0 && i >= maxErrors {
			fmt.Fprintf(&b, "  ... %d more (--errors -1 lists all)\n", len(s.Errors)-i)
			break
		}
		fmt.Fprintf(&b, "  %-17s %s %s (%s)\n", e.Kind, document.Printable(e.A), document.Printable(e.B), document.Printable(e.Detail))
	}
	_, err = io.WriteString(ctxWriter{ctx, out}, b.String())
	return err
}
