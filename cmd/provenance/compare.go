package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/provenance-dev/provenance"
	"github.com/provenance-dev/provenance/report"
)

const compareUsage = `Usage: provenance compare [flags] PATH...

Compare documents and report which share passages, the families they form,
and each family's original and lineage with the evidence.

PATH is a file or a folder; folders are walked recursively for .txt files
(hidden files and *.tmp, *.part are skipped). A document's ID is its path
relative to the folder named, or its base name for a file named directly.
Files that cannot be used (missing, unreadable, empty, binary, invalid
UTF-8, too large) are named on standard error and skipped.

Flags:
`

type compareCommand struct {
	stdout, stderr io.Writer
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
	case "json":
		write = report.WriteJSON
	default:
		return &usageError{fmt.Sprintf("compare: unknown format %q (want text or json)", *format)}
	}
	if err := opt.Validate(); err != nil {
		return &usageError{"compare: " + err.Error()}
	}

	// The JSON report needs no text: let the pipeline drop it and read
	// files again when it must, so memory holds the index, not the corpus.
	opt.DropText = *format == "json"
	res, err := provenance.CompareFiles(fs.Args(), opt)
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
	return nil
}
