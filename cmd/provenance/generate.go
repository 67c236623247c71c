package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/provenance-dev/provenance/generate"
)

const generateUsage = `Usage: provenance generate [flags] OUTDIR

Write a synthetic corpus of news syndication, and its truth, to OUTDIR:
families of an original and its copies (trimmed, re-headlined, lightly
edited, re-wrapped, with another outlet's boilerplate and, mostly, a credit
line; about a quarter are copies of copies), unrelated documents, and
quote groups (independent reports that share only quoted sentences).
Documents go to OUTDIR/<outlet>/<number>.txt; the truth, in the format of
testdata/seeds/truth.json, to OUTDIR/truth.json unless --truth says
otherwise. The same flags give the same files, byte for byte.

--mode makes other corpora, whose choices do not lean on the detector
(see the generate package's documentation); the truth then records the
mode and, for each edge, the kind of credit line ("trained", "held-back")
and whether the copy is dated after or before its parent, or undated.

OUTDIR must be empty or missing unless --force is given; with --force,
files already there stay, and those of the same names are overwritten.

Flags:
`

// modeUsage is the usage of --mode: a line for each mode.
func modeUsage() string {
	var b strings.Builder
	b.WriteString("corpus `mode` (default: the standard corpus):")
	for _, m := range generate.Modes() {
		fmt.Fprintf(&b, "\n  %-12s %s", m.Name, m.Summary)
	}
	return b.String()
}

type generateCommand struct {
	stdout, stderr io.Writer
}

// Run parses the flags and runs generate.
func (c *generateCommand) Run(ctx context.Context, args []string) error {
	cfg := generate.DefaultConfig()
	fs := flag.NewFlagSet("generate", flag.ContinueOnError)
	fs.SetOutput(c.stderr)
	fs.Uint64Var(&cfg.Seed, "seed", cfg.Seed, "random `seed`")
	fs.IntVar(&cfg.Families, "families", cfg.Families, "`number` of families")
	fs.IntVar(&cfg.Unrelated, "unrelated", 0, "`number` of unrelated documents (default: as many as --families)")
	fs.IntVar(&cfg.QuoteGroups, "quote-groups", 0, "`number` of quote groups (default: --families / 10)")
	fs.IntVar(&cfg.MaxCopies, "max-copies", cfg.MaxCopies, "`number` of copies a family has at most (in the star mode, 300 unless given; in the wire mode, 1200)")
	fs.StringVar(&cfg.Mode, "mode", "", modeUsage())
	fs.Func("base", "`path` of a .txt file or a folder of them whose prose is used (repeatable; default: generated prose)",
		func(s string) error {
			cfg.Base = append(cfg.Base, s)
			return nil
		})
	truthPath := fs.String("truth", "", "truth `file` (default: OUTDIR/truth.json)")
	force := fs.Bool("force", false, "write into a non-empty OUTDIR")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), generateUsage)
		printFlags(fs)
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return &usageError{fmt.Sprintf("generate: want one OUTDIR, got %d arguments", fs.NArg())}
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if !set["unrelated"] {
		cfg.Unrelated = cfg.Families
	}
	if !set["quote-groups"] {
		cfg.QuoteGroups = cfg.Families / 10
	}
	if !set["max-copies"] {
		switch cfg.Mode {
		case generate.ModeStar:
			cfg.MaxCopies = 300
		case generate.ModeWire:
			cfg.MaxCopies = 1200
		}
	}
	if err := cfg.Validate(); err != nil {
		return &usageError{"generate: " + err.Error()}
	}
	dir := fs.Arg(0)
	if *truthPath == "" {
		*truthPath = filepath.Join(dir, "truth.json")
	}
	short := 0
	cfg.Skip = func(path string, err error) {
		if errors.Is(err, generate.ErrShortBase) {
			short++ // common in web corpora: counted, not listed
			return
		}
		fmt.Fprintf(c.stderr, "provenance: skipped base %s: %v\n", path, err)
	}

	switch entries, err := os.ReadDir(dir); {
	case errors.Is(err, os.ErrNotExist):
	case err != nil:
		return fmt.Errorf("generate: %w", err)
	case len(entries) > 0 && !*force:
		return fmt.Errorf("generate: %s is not empty (use --force to write into it)", dir)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	truth, err := generate.Write(cfg, dir)
	if short > 0 {
		fmt.Fprintf(c.stderr, "provenance: skipped %d base files with fewer than %d words of text not found in other base files\n",
			short, generate.MinBaseWords)
	}
	if err != nil {
		return fmt.Errorf("generate: %w", err)
	}
	if err := truth.WriteFile(*truthPath); err != nil {
		return fmt.Errorf("generate: %w", err)
	}
	copies, reports := 0, 0
	for _, f := range truth.Families {
		copies += len(f.Edges)
	}
	for _, g := range truth.QuoteGroups {
		reports += len(g)
	}
	fmt.Fprintf(c.stdout, "wrote %d documents to %s: %d families (%d copies), %d unrelated, %d quote groups (%d reports); truth in %s\n",
		len(truth.Documents()), dir, len(truth.Families), copies, len(truth.Unrelated)-reports, len(truth.QuoteGroups), reports, *truthPath)
	return nil
}
