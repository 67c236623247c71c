// Command provenance finds where news text came from: it groups articles
// that share passages, aligns the shared text, and decides which article is
// the original and which are copies, with the evidence.
//
// Usage:
//
//	provenance compare [flags] PATH...
//	provenance watch --data-dir DIR [flags] FEEDDIR...
//	provenance eval --truth T PATH...
//	provenance generate [flags] OUTDIR
//	provenance bench [flags] --size SIZE | PATH
//	provenance bench index [flags]
//	provenance version
//
// compare reads the files and folders named (folders are walked
// recursively), finds every pair of documents that share passages, and
// prints families of derivation: each with its original, a parent for
// every copy, a confidence and the evidence. With --format json it prints
// the JSON contract (version 1); --include-text adds each document's text.
//
// Inputs may be plain text (UTF-8, UTF-16 with a byte-order mark,
// Windows-1252), HTML pages (the main text is extracted), JSON, JSON Lines,
// and RSS, Atom or JSON Feed files (one document per item); the format is
// chosen by content and extension, or forced with --format-in. Metadata
// comes from header lines, meta tags, JSON-LD, JSON fields (named with
// --json-field), feed fields and NAME.meta.json sidecars; source names go
// through an alias table that --aliases FILE extends. On a terminal,
// progress shows on standard error unless --quiet.
//
// bench times compare end to end on a generated corpus or a folder (MB/s,
// documents/s, peak memory, time per stage) against a reference pass of
// plain go-minhash signatures; bench index times the fingerprint index at several
// sizes. See README.md, "Benchmarks".
//
// Exit status: 0 on success, 1 on a runtime failure (including no usable
// input), 2 on bad usage. Files that cannot be used are named on standard
// error, one line each, and skipped.
//
// Example:
//
//	$ provenance compare testdata/seeds
//	5 documents, 1 matches, 1 families
//
//	Family 1 (f…): 2 documents
//	  original  003_4a810195dea697d2.txt ("Putin Tells Trump He Won’t Give Up Goals In Ukraine, Kremlin Says")
//	  copy      001_c70f748901129dd0.txt (American Military News, 2025-07-03T12:27:12Z)
//	            from 003_4a810195dea697d2.txt, confidence 0.94, attributed
//	...
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
)

// Version is set at build time with -ldflags "-X main.Version=...".
var Version string

const usage = `provenance finds where news text came from.

Usage:
  provenance compare [flags] PATH...   compare documents, report families and lineage
  provenance watch --data-dir DIR FEEDDIR...
                                       watch feed folders: a daemon with an HTTP API
  provenance eval --truth T PATH...    score families and lineage against a truth file
  provenance eval pan DIR              score text alignment on a PAN-format corpus
  provenance generate [flags] OUTDIR   write a synthetic syndication corpus and its truth
  provenance bench [flags] [PATH]      time compare on a generated corpus (--size) or PATH
  provenance bench index [flags]       time the fingerprint index at 10k to 1M documents
  provenance version                   print the version
  provenance help [COMMAND]            show help

Run 'provenance COMMAND --help' for a command's flags.
`

// usageError is bad usage: its message is printed with a hint, exit 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run executes one command line and returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	err := dispatch(ctx, args, stdout, stderr)
	var ue *usageError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "provenance: %s\n", ue.msg)
		fmt.Fprintf(stderr, "provenance: hint: run 'provenance help' for usage\n")
		return 2
	default:
		fmt.Fprintf(stderr, "provenance: %v\n", err)
		return 1
	}
}

func dispatch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return &usageError{"no command given"}
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "compare":
		return (&compareCommand{stdout: stdout, stderr: stderr}).Run(ctx, rest)
	case "watch":
		return (&watchCommand{stdout: stdout, stderr: stderr}).Run(ctx, rest)
	case "eval":
		return (&evalCommand{stdout: stdout, stderr: stderr}).Run(ctx, rest)
	case "generate":
		return (&generateCommand{stdout: stdout, stderr: stderr}).Run(ctx, rest)
	case "bench":
		return (&benchCommand{stdout: stdout, stderr: stderr}).Run(ctx, rest)
	case "version":
		fmt.Fprintf(stdout, "provenance %s\n", version())
		return nil
	case "help", "-h", "-help", "--help":
		if len(rest) > 0 {
			return dispatch(ctx, []string{rest[0], "--help"}, stdout, stderr)
		}
		fmt.Fprint(stdout, usage)
		return nil
	}
	return &usageError{fmt.Sprintf("unknown command %q", cmd)}
}

// parseFlags parses a subcommand's flags: --help comes back as
// flag.ErrHelp, anything else wrong as a usageError.
func parseFlags(fs *flag.FlagSet, args []string) error {
	err := fs.Parse(args)
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return err
	}
	return &usageError{err.Error()}
}

func version() string {
	if Version != "" {
		return Version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}
