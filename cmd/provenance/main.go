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
// Flags may come before, between or after the paths; "--" ends the flags,
// and "-" as a PATH is standard input. Sizes take units (64MiB, 500KB,
// 1GB). --help prints a command's help on standard output.
//
// compare reads the files and folders named (folders are walked
// recursively), finds every pair of documents that share passages, and
// prints families of derivation: each with its original, a parent for
// every copy, a confidence and the evidence, as a tree. With --format json
// it prints the JSON contract (version 1), with a summary of what was read
// and skipped; --include-text adds each document's text; -o FILE writes
// the report to FILE atomically.
//
// Inputs may be plain text (UTF-8, UTF-16 with a byte-order mark,
// Windows-1252), HTML pages (the main text is extracted), JSON, JSON Lines,
// and RSS, Atom or JSON Feed files (one document per item); the format is
// chosen by content and extension, or forced with --format-in. In folders,
// files of other names are read when their content is text and passed
// over quietly when it is not. Metadata comes from header lines, meta
// tags, JSON-LD, JSON fields (named with --json-field), feed fields and
// NAME.meta.json sidecars; source names go through an alias table that
// --aliases FILE extends. On a terminal, progress shows on standard error
// unless --quiet.
//
// bench times compare end to end on a generated corpus or a folder (MB/s,
// documents/s, peak memory, time per stage) against a reference pass of
// plain go-minhash signatures; bench index times the fingerprint index at
// several sizes. See docs/benchmarks.md.
//
// Exit status: 0 on success, 1 on a runtime failure (including no usable
// input), 2 on bad usage, 130 when interrupted (143 on SIGTERM; watch
// stops cleanly and exits 0). Files that cannot be used are named on
// standard error, one line each, and skipped. Errors are one line,
// "provenance: COMMAND: ...", with a hint line after a usage error.
//
// Example:
//
//	$ provenance compare testdata/seeds
//	5 documents: 1 family of copies (2 documents); 3 documents in no family.
//
//	Family 1: 2 documents
//	  A  003_4a810195dea697d2.txt  (original)
//	  │  “Putin Tells Trump He Won’t Give Up Goals In Ukraine, Kremlin Says”
//	  └─ B  001_c70f748901129dd0.txt  copy of A, 94% sure, credits its source
//	        American Military News, 3 July 2025 12:27 UTC
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
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/provenance-dev/provenance/cmd/provenance/internal/bench"
	"github.com/provenance-dev/provenance/document"
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
  provenance version, --version        print the version
  provenance help [COMMAND]            show help

Flags may come before or after paths; "--" ends them. Run
'provenance COMMAND --help' for a command's flags.
`

// usageError is bad usage: its message is printed with a hint, exit 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

// signalError is the cause of the context of a run stopped by a signal.
type signalError struct{ sig os.Signal }

func (e *signalError) Error() string { return e.sig.String() + " signal received" }

func main() {
	ctx, cancel := context.WithCancelCause(context.Background())
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		s := <-sigs
		// A second signal ends the process at once.
		signal.Stop(sigs)
		cancel(&signalError{s})
	}()
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	os.Exit(code)
}

// run executes one command line and returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	err := dispatch(ctx, args, stdout, stderr)
	var ue *usageError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case ctx.Err() != nil:
		// Whatever failed once the run was asked to stop failed because
		// of it.
		fmt.Fprintln(stderr, "provenance: interrupted")
		return interruptedStatus(ctx)
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "provenance: %s\n", document.Printable(ue.msg))
		fmt.Fprintf(stderr, "provenance: hint: run '%s' for usage\n", helpFor(ue.msg))
		return 2
	default:
		fmt.Fprintf(stderr, "provenance: %s\n", document.Printable(err.Error()))
		return 1
	}
}

// interruptedStatus is the exit status of a run stopped by a signal: 128
// and the signal's number, as shells report it (130 for an interrupt).
func interruptedStatus(ctx context.Context) int {
	var se *signalError
	if errors.As(context.Cause(ctx), &se) {
		if s, ok := se.sig.(syscall.Signal); ok {
			return 128 + int(s)
		}
	}
	return 130
}

// commands are the commands and subcommands whose help a usage error's
// hint names, longest first, by the prefix of the error's message.
var commands = []string{"bench index", "bench watch", "bench engine", "eval pan", "compare", "watch", "eval", "generate", "bench"}

// helpFor is the command line that shows the help for a usage error.
func helpFor(msg string) string {
	for _, c := range commands {
		if strings.HasPrefix(msg, c+":") {
			return "provenance " + c + " --help"
		}
	}
	return "provenance help"
}

func dispatch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return &usageError{"no command given"}
	}
	cmd, rest := args[0], args[1:]
	// Each command writes its help where parseFlags sends it: standard
	// output when asked for.
	errw := &helpWriter{stderr: stderr, stdout: stdout}
	switch cmd {
	case "compare":
		return (&compareCommand{stdout: stdout, stderr: errw}).Run(ctx, rest)
	case "watch":
		return (&watchCommand{stdout: stdout, stderr: errw}).Run(ctx, rest)
	case "eval":
		return (&evalCommand{stdout: stdout, stderr: errw}).Run(ctx, rest)
	case "generate":
		return (&generateCommand{stdout: stdout, stderr: errw}).Run(ctx, rest)
	case "bench":
		return (&benchCommand{stdout: stdout, stderr: errw}).Run(ctx, rest)
	case "version", "-version", "--version":
		if len(rest) > 0 {
			return &usageError{fmt.Sprintf("version: unexpected argument %q", rest[0])}
		}
		bi, _ := debug.ReadBuildInfo()
		fmt.Fprintf(stdout, "provenance %s\n", versionLine(Version, bi))
		return nil
	case "help", "-h", "-help", "--help":
		if len(rest) > 0 {
			if !slices.Contains([]string{"compare", "watch", "eval", "generate", "bench"}, rest[0]) {
				return &usageError{fmt.Sprintf("help: unknown command %q", rest[0])}
			}
			return dispatch(ctx, []string{rest[0], "--help"}, stdout, stderr)
		}
		fmt.Fprint(stdout, usage)
		return nil
	}
	if strings.HasPrefix(cmd, "-") {
		return &usageError{fmt.Sprintf("flag %s given before a command: flags follow the command (provenance COMMAND --flag)", cmd)}
	}
	return &usageError{fmt.Sprintf("unknown command %q", cmd)}
}

// helpWriter is the standard error a command writes to: while parseFlags
// prints help that was asked for, it writes to standard output instead.
// It is not safe for concurrent use while the help is printed, which is
// before any command starts goroutines.
type helpWriter struct {
	stderr, stdout io.Writer
	help           bool
}

func (w *helpWriter) Write(p []byte) (int, error) {
	if w.help {
		return w.stdout.Write(p)
	}
	return w.stderr.Write(p)
}

// parseFlags parses a subcommand's flags, which may come before, between
// and after its arguments; "--" ends them, and "-" alone is an argument.
// A flag is -name or --name, its value the next argument or after "=".
// The values of flags whose placeholder (the back-quoted word of their
// usage) is `size` or `bytes` are sizes with optional units: 64MiB,
// 500KB, 1.5GB. -h, -help and --help print the help (fs.Usage) on
// standard output, when the command's output is a helpWriter, and come
// back as flag.ErrHelp; anything else wrong is a one-line usageError
// that starts with the flag set's name.
func parseFlags(fs *flag.FlagSet, args []string) error {
	var positional []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			positional = append(positional, args[i+1:]...)
			break
		}
		if len(a) < 2 || a[0] != '-' {
			positional = append(positional, a)
			continue
		}
		spec := strings.TrimPrefix(a[1:], "-")
		name, value, hasValue := strings.Cut(spec, "=")
		f := fs.Lookup(name)
		if f == nil || name == "" {
			if name == "h" || name == "help" {
				return showHelp(fs)
			}
			return &usageError{fmt.Sprintf("%s: unknown flag %s", fs.Name(), flagName(name))}
		}
		if isBoolFlag(f) {
			if !hasValue {
				value = "true"
			}
		} else if !hasValue {
			if i+1 >= len(args) {
				return &usageError{fmt.Sprintf("%s: %s needs a value", fs.Name(), flagName(name))}
			}
			i++
			value = args[i]
		}
		if isSizeFlag(f) {
			n, err := parseSize(value)
			if err != nil {
				return &usageError{fmt.Sprintf("%s: %s %q: %v", fs.Name(), flagName(name), value, err)}
			}
			value = strconv.FormatInt(n, 10)
		}
		if err := fs.Set(name, value); err != nil {
			return &usageError{fmt.Sprintf("%s: %s %q: %s", fs.Name(), flagName(name), value, valueProblem(f, err))}
		}
	}
	// The flag set keeps the arguments, for fs.Args.
	if err := fs.Parse(append([]string{"--"}, positional...)); err != nil {
		return &usageError{fmt.Sprintf("%s: %v", fs.Name(), err)}
	}
	return nil
}

// showHelp prints a flag set's help on standard output (see helpWriter)
// and returns flag.ErrHelp.
func showHelp(fs *flag.FlagSet) error {
	if hw, ok := fs.Output().(*helpWriter); ok {
		hw.help = true
		defer func() { hw.help = false }()
	}
	if fs.Usage != nil {
		fs.Usage()
	} else {
		printFlags(fs)
	}
	return flag.ErrHelp
}

// flagName writes a flag's name as help shows it: -q for one letter,
// --name otherwise.
func flagName(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}

func isBoolFlag(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// isSizeFlag reports whether f takes a size (see parseFlags).
func isSizeFlag(f *flag.Flag) bool {
	name, _ := flag.UnquoteUsage(f)
	return name == "size" || name == "bytes"
}

// valueProblem says what is wrong with a flag's value in words.
func valueProblem(f *flag.Flag, err error) string {
	g, ok := f.Value.(flag.Getter)
	if !ok {
		return err.Error()
	}
	switch g.Get().(type) {
	case int, int64, uint, uint64:
		return "want a whole number"
	case float64:
		return "want a number"
	case bool:
		return "want true or false"
	case time.Duration:
		return "want a duration such as 200ms, 30s or 5m"
	}
	return err.Error()
}

// parseSize reads a size in bytes: a number with an optional unit, B, KB,
// MB, GB or TB (powers of 1000) or KiB, MiB, GiB, TiB (powers of 1024),
// in any case; K, M, G and T alone are powers of 1024. Zero is allowed
// (flags give it a meaning of their own).
func parseSize(s string) (int64, error) {
	t := strings.TrimSpace(s)
	for _, u := range []struct{ short, long string }{{"k", "kib"}, {"m", "mib"}, {"g", "gib"}, {"t", "tib"}} {
		if strings.HasSuffix(strings.ToLower(t), u.short) {
			t = t[:len(t)-1] + u.long
			break
		}
	}
	if n, err := strconv.ParseInt(t, 10, 64); err == nil && n == 0 {
		return 0, nil
	}
	n, err := bench.ParseSize(t)
	if err != nil {
		return 0, errors.New("want a size in bytes, with an optional unit: 500KB, 64MiB, 1GB")
	}
	return n, nil
}

// printFlags prints a flag set's flags, as --name VALUE lines with their
// usage below, leaving out the hidden ones and putting a one-letter
// alias ("short for --name") beside its flag.
func printFlags(fs *flag.FlagSet) {
	w := fs.Output()
	alias := map[string]string{}
	fs.VisitAll(func(f *flag.Flag) {
		if long, ok := strings.CutPrefix(f.Usage, "short for --"); ok {
			alias[long] = f.Name
		}
	})
	fs.VisitAll(func(f *flag.Flag) {
		if hiddenFlags[f.Name] || strings.HasPrefix(f.Usage, "short for --") {
			return
		}
		placeholder, text := flag.UnquoteUsage(f)
		line := "  " + flagName(f.Name)
		if s, ok := alias[f.Name]; ok {
			line = "  -" + s + ", --" + f.Name
		}
		if placeholder != "" && !isBoolFlag(f) {
			line += " " + strings.ToUpper(placeholder)
		}
		if d := f.DefValue; d != "" && d != "0" && d != "false" && d != "0s" && !isBoolFlag(f) {
			text += fmt.Sprintf(" (default %s)", d)
		}
		fmt.Fprintln(w, line)
		for l := range strings.SplitSeq(text, "\n") {
			fmt.Fprintln(w, "        "+l)
		}
	})
}

// versionLine describes the build: the version set at link time, else
// the module's, else "devel"; then the revision it was built from, when
// known, and the Go version.
func versionLine(set string, bi *debug.BuildInfo) string {
	v := set
	var details []string
	if bi != nil {
		if v == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			v = bi.Main.Version
		}
		var rev, at string
		modified := false
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.time":
				at = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
		if rev != "" {
			d := "revision " + rev[:min(12, len(rev))]
			if at != "" {
				d += " of " + at
			}
			if modified {
				d += ", modified"
			}
			details = append(details, d)
		}
	}
	if v == "" {
		v = "devel"
	}
	details = append(details, runtime.Version()+" "+runtime.GOOS+"/"+runtime.GOARCH)
	return v + " (" + strings.Join(details, "; ") + ")"
}

// version is the version alone, for metrics.
func version() string {
	if Version != "" {
		return Version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" {
				return "devel-" + s.Value[:min(12, len(s.Value))]
			}
		}
	}
	return "devel"
}
