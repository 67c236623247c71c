package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/provenance-dev/provenance"
	"github.com/provenance-dev/provenance/cluster"
	"github.com/provenance-dev/provenance/document"
	"github.com/provenance-dev/provenance/internal/textgen"
	"github.com/provenance-dev/provenance/report"
	"github.com/provenance-dev/provenance/shingle"
)

const chainDir = "testdata/chain"

// runCompare runs compare's Run in-process with stdin as its standard
// input, and returns the exit status run would give, standard output and
// standard error.
func runCompare(t *testing.T, stdin io.Reader, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	c := &compareCommand{stdout: &out, stderr: &errb, stdin: stdin}
	err := c.Run(context.Background(), args)
	code := 0
	var ue *usageError
	switch {
	case err == nil:
	case errors.As(err, &ue):
		code = 2
		errb.WriteString("provenance: " + ue.msg + "\n")
	default:
		code = 1
		errb.WriteString("provenance: " + err.Error() + "\n")
	}
	return code, out.String(), errb.String()
}

// writeFiles writes files (name: content) under dir.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func readSeed(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(seedDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func ids(out *report.Output) []string {
	var s []string
	for _, d := range out.Documents {
		s = append(s, d.ID)
	}
	return s
}

// TestCompare_flagOrder: flags before, between and after the paths give
// the same report; "--" ends the flags; a flag is never read as a path.
func TestCompare_flagOrder(t *testing.T) {
	_, want, _ := runCmd(t, "compare", "--format", "json", "--workers", "2", seedDir)
	for _, args := range [][]string{
		{"compare", seedDir, "--format", "json", "--workers", "2"},
		{"compare", "--workers=2", seedDir, "--format=json"},
		{"compare", "-format", "json", seedDir, "-workers", "2"},
		{"compare", "--format", "json", "--workers", "2", "--", seedDir},
	} {
		code, stdout, stderr := runCmd(t, args...)
		if code != 0 || stdout != want || stderr != "" {
			t.Errorf("%q: exit %d, stderr %q, output equal: %v; want 0, nothing, true", args, code, stderr, stdout == want)
		}
	}
	// After "--", a name that looks like a flag is a path.
	code, _, stderr := runCmd(t, "compare", "--", "--format")
	if code != 1 || !strings.Contains(stderr, "skipped --format: no such file") {
		t.Errorf("compare -- --format: exit %d, stderr %q; want 1 and the path --format missing", code, stderr)
	}
}

// TestCompare_folderByContent: a folder of an article.md and notes (no
// extension) gives both, as the same files named do; a binary file and a
// JSON Lines file of offsets in the folder are passed over without a
// line, and counted in the summary; named directly, they are errors.
func TestCompare_folderByContent(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"article.md":     readSeed(t, "003_4a810195dea697d2.txt"),
		"notes":          readSeed(t, "001_c70f748901129dd0.txt"),
		"photo.jpg":      "\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00",
		"archive":        "PK\x03\x04\x14\x00\x00\x00\x08\x00",
		"offsets.jsonl":  "{\"pair\": 1, \"start\": 10, \"end\": 20}\n{\"pair\": 2, \"start\": 5, \"end\": 9}\n",
		"truth.json":     `{"families": [], "unrelated": []}`,
		"sub/empty.txt":  "",
		"sub/notes.meta": "\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10\x11\x12\x13\x14",
	})
	code, stdout, stderr := runCmd(t, "compare", dir, "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d, stderr %s", code, stderr)
	}
	if want := "provenance: skipped " + filepath.Join(dir, "sub", "empty.txt") + ": empty file\n"; stderr != want {
		t.Errorf("stderr = %q, want only %q", stderr, want)
	}
	out := decode(t, stdout)
	if got := ids(out); !slices.Equal(got, []string{"article.md", "notes"}) {
		t.Errorf("documents %q, want article.md and notes", got)
	}
	if len(out.Families) != 1 || out.Families[0].Original != "article.md" {
		t.Errorf("families %+v, want article.md's", out.Families)
	}
	// Passed over: photo.jpg, archive and sub/notes.meta (binary), and
	// offsets.jsonl and truth.json (no documents).
	want := &report.Summary{Files: 8, Documents: 2, Skipped: 1, SkippedByReason: map[string]int{"empty": 1},
		PassedOver: 5, PassedOverByReason: map[string]int{"binary": 3, "no_documents": 2}}
	if s := out.Summary; s == nil || s.Files != want.Files || s.Documents != want.Documents || s.Skipped != want.Skipped ||
		s.PassedOver != want.PassedOver || !equalCounts(s.SkippedByReason, want.SkippedByReason) ||
		!equalCounts(s.PassedOverByReason, want.PassedOverByReason) {
		t.Errorf("summary = %+v, want %+v", s, want)
	}

	// Named directly, what a folder passes over is an error.
	for name, reason := range map[string]string{
		"photo.jpg":     "photo.jpg: binary file",
		"offsets.jsonl": "offsets.jsonl: no documents: no line holds an object with a text field",
		"truth.json":    "truth.json: no documents: no object has a text field",
	} {
		code, _, stderr := runCmd(t, "compare", filepath.Join(dir, name))
		if code != 1 || !strings.Contains(stderr, reason) {
			t.Errorf("compare %s: exit %d, stderr %q; want 1 and %q", name, code, stderr, reason)
		}
	}
}

func equalCounts(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestCompare_quietFolders: a folder of the PAN layout's JSON Lines of
// offsets beside the documents gives no line for it (the PAN folder gave
// one a line, 624 of them), whichever JSON format it is in.
func TestCompare_quietFolders(t *testing.T) {
	dir := t.TempDir()
	var offsets strings.Builder
	for i := range 624 {
		offsets.WriteString(`{"susp": "suspicious-document00005.txt", "offset": ` + strings.Repeat("1", 1+i%5) + "}\n")
	}
	writeFiles(t, dir, map[string]string{
		"susp/a.txt":                        readSeed(t, "001_c70f748901129dd0.txt"),
		"src/b.txt":                         readSeed(t, "003_4a810195dea697d2.txt"),
		"02-no-obfuscation-realigned.jsonl": offsets.String(),
		"cases.ndjson":                      `{"case": 1}` + "\n",
		"sitemap.xml":                       `<?xml version="1.0"?><urlset><url><loc>https://x.example/</loc></url></urlset>`,
		"manifest.json":                     `[{"file": "a.txt"}]`,
	})
	code, stdout, stderr := runCmd(t, "compare", dir)
	if code != 0 || stderr != "" {
		t.Errorf("exit %d, stderr %q; want 0 and nothing", code, stderr)
	}
	if !strings.HasPrefix(stdout, "2 documents: 1 family of copies (2 documents).\n") {
		t.Errorf("report starts %q", strings.SplitN(stdout, "\n", 2)[0])
	}
}

// TestCompare_stdin: - reads standard input: one document, or many by
// content or --format-in; it is limited like a file; its documents are
// named stdin and their path is -.
func TestCompare_stdin(t *testing.T) {
	seed003 := readSeed(t, "003_4a810195dea697d2.txt")
	t.Run("one document", func(t *testing.T) {
		code, stdout, stderr := runCompare(t, strings.NewReader(seed003), "--format", "json", "-", filepath.Join(seedDir, "001_c70f748901129dd0.txt"))
		if code != 0 || stderr != "" {
			t.Fatalf("exit %d, stderr %q", code, stderr)
		}
		out := decode(t, stdout)
		var got []string
		for _, d := range out.Documents {
			got = append(got, d.ID+"@"+d.Path)
		}
		if want := []string{"001_c70f748901129dd0.txt@" + filepath.Join(seedDir, "001_c70f748901129dd0.txt"), "stdin@-"}; !slices.Equal(got, want) {
			t.Errorf("documents %q, want %q", got, want)
		}
		if len(out.Families) != 1 || out.Families[0].Original != "stdin" {
			t.Errorf("families %+v, want stdin the original", out.Families)
		}
	})
	t.Run("json lines", func(t *testing.T) {
		lines := `{"id": "a", "text": ` + jsonString(seed003) + "}\n" + `{"id": "b", "text": ` + jsonString(readSeed(t, "001_c70f748901129dd0.txt")) + "}\n"
		for _, args := range [][]string{{"--format-in", "jsonl", "-"}, {"-"}} {
			code, stdout, stderr := runCompare(t, strings.NewReader(lines), append([]string{"--format", "json"}, args...)...)
			if code != 0 || stderr != "" {
				t.Fatalf("%q: exit %d, stderr %q", args, code, stderr)
			}
			if got := ids(decode(t, stdout)); len(got) != 2 || !strings.HasPrefix(got[0], "stdin#") {
				t.Errorf("%q: documents %q, want two stdin#ITEM", args, got)
			}
		}
	})
	t.Run("too large", func(t *testing.T) {
		code, _, stderr := runCompare(t, strings.NewReader(seed003), "--max-size", "1KB", "-")
		if code != 1 || !strings.Contains(stderr, "provenance: skipped -: file too large: over the limit of 1000 bytes") {
			t.Errorf("exit %d, stderr %q; want 1 and stdin skipped as too large", code, stderr)
		}
	})
	t.Run("binary", func(t *testing.T) {
		code, _, stderr := runCompare(t, strings.NewReader("\x00\x01\x02"), "-")
		if code != 1 || !strings.Contains(stderr, "provenance: skipped -: binary file") {
			t.Errorf("exit %d, stderr %q; want 1 and - named", code, stderr)
		}
	})
}

// TestCompare_output: -o writes the report to a file, through a temporary
// file renamed into place; a run that fails leaves neither the file nor
// its temporary; a folder that is not there fails before the work.
func TestCompare_output(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "report.json")
	if err := os.WriteFile(out, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCmd(t, "compare", seedDir, "-o", out, "--format", "json")
	if code != 0 || stdout != "" || stderr != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q; want 0 and nothing", code, stdout, stderr)
	}
	_, want, _ := runCmd(t, "compare", "--format", "json", seedDir)
	if got, err := os.ReadFile(out); err != nil || string(got) != want {
		t.Errorf("report file holds %d bytes (%v), want the report of %d", len(got), err, len(want))
	}
	if fi, err := os.Stat(out); err != nil || fi.Mode().Perm() != 0o644 {
		t.Errorf("report file mode %v (%v), want 0644", fi.Mode(), err)
	}
	// A failed run leaves the old file as it was, and no temporary.
	empty := t.TempDir()
	code, _, _ = runCmd(t, "compare", "--output", out, empty)
	if code != 1 {
		t.Errorf("compare of an empty folder: exit %d, want 1", code)
	}
	if got, _ := os.ReadFile(out); string(got) != want {
		t.Errorf("a failed run changed the report file")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("folder holds %v, want only report.json", entries)
	}
	code, _, stderr = runCmd(t, "compare", "-o", filepath.Join(dir, "no", "such", "r.txt"), seedDir)
	if code != 1 || !strings.Contains(stderr, "compare: output: ") || !strings.Contains(stderr, "no such file") {
		t.Errorf("-o into a missing folder: exit %d, stderr %q", code, stderr)
	}
	code, _, stderr = runCmd(t, "compare", "-o", dir, seedDir)
	if code != 1 || !strings.Contains(stderr, "is a folder") {
		t.Errorf("-o a folder: exit %d, stderr %q", code, stderr)
	}
}

// TestCompare_sizeUnits: sizes take units wherever they are taken.
func TestCompare_sizeUnits(t *testing.T) {
	for _, tt := range []struct {
		size string
		code int
	}{{"1KB", 1}, {"1kib", 1}, {"2000", 1}, {"8KiB", 0}, {"1M", 0}, {"0.5MB", 0}, {"0", 0}} {
		code, _, stderr := runCmd(t, "compare", "--max-size", tt.size, seedDir)
		if code != tt.code {
			t.Errorf("--max-size %s: exit %d, want %d (stderr %q)", tt.size, code, tt.code, stderr)
		}
	}
	for _, s := range []struct {
		in   string
		want int64
	}{{"64MiB", 64 << 20}, {"500KB", 500_000}, {"1.5GB", 1_500_000_000}, {"2k", 2048}, {"7", 7}, {"0", 0}} {
		if got, err := parseSize(s.in); err != nil || got != s.want {
			t.Errorf("parseSize(%q) = %d, %v, want %d", s.in, got, err, s.want)
		}
	}
	for _, s := range []string{"", "-1", "lots", "3PB", "1..5MB"} {
		if got, err := parseSize(s); err == nil {
			t.Errorf("parseSize(%q) = %d, want an error", s, got)
		}
	}
}

// TestCompare_textGolden: the text report of the seeds, and of a family
// with a copy of a copy, a file name with a newline and a source with
// terminal escapes, against golden files (go test -update rewrites them).
func TestCompare_textGolden(t *testing.T) {
	chain := t.TempDir()
	err := filepath.WalkDir(chainDir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(chainDir, p)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if strings.HasPrefix(rel, "tidewater-bulletin") {
			rel = "tidewater-bulletin/779\n108.txt" // a copy of a copy, under a name with a newline
		}
		writeFiles(t, chain, map[string]string{filepath.ToSlash(rel): string(data)})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Two more copies of the original: one known by its day only, one
	// from an outlet whose name holds terminal escapes; and a document in
	// no family.
	original, err := os.ReadFile(filepath.Join(chainDir, "county-press", "837487.txt"))
	if err != nil {
		t.Fatal(err)
	}
	_, body, _ := strings.Cut(string(original), "\n\n")
	writeFiles(t, chain, map[string]string{
		"evil/bulletin.txt": "Evil\x1b[2J\x1b]0;pwned\x07 News 10/1/2025 10:00:00 AM\n\n" + body,
		"date-only.json":    `{"id": "day", "published": "2025-10-02", "title": "A day\u0007 and no time", "text": ` + jsonString(body) + "}",
		"seed.txt":          readSeed(t, "000_2937969c31d5780b.txt"),
	})
	for _, tt := range []struct {
		name string
		args []string
	}{
		{"seeds", []string{seedDir}},
		{"seeds-verbose", []string{"--verbose", seedDir}},
		{"chain", []string{chain}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCmd(t, append([]string{"compare", "--width", "80"}, tt.args...)...)
			if code != 0 || stderr != "" {
				t.Fatalf("exit %d, stderr %q", code, stderr)
			}
			for i, l := range strings.Split(stdout, "\n") {
				if n := len([]rune(l)); n > 80 && !strings.Contains(l, "Putin") {
					t.Errorf("line %d has %d characters, over the width of 80: %q", i+1, n, l)
				}
				if strings.ContainsFunc(l, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
					t.Errorf("line %d holds a control character: %q", i+1, l)
				}
			}
			golden := filepath.Join("testdata", tt.name+".txt.golden")
			if *update {
				if err := os.WriteFile(golden, []byte(stdout), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if stdout != string(want) {
				t.Errorf("report differs from %s (run go test -update to accept):\n%s", golden, stdout)
			}
		})
	}
}

// TestCompare_hostileNames: control characters in file names and sources
// are escaped in the report and on standard error; names that differ in
// bytes that are not UTF-8 keep distinct IDs; a link out of the folder is
// not followed unless --follow-links; a named pipe met in a folder is
// named.
func TestCompare_hostileNames(t *testing.T) {
	dir, outside := t.TempDir(), t.TempDir()
	secret := filepath.Join(outside, "passwd")
	writeFiles(t, outside, map[string]string{"passwd": readSeed(t, "004_6b21d0cdad09919a.txt")})
	writeFiles(t, dir, map[string]string{
		"a\xff.txt":             readSeed(t, "003_4a810195dea697d2.txt"),
		"a\xfe.txt":             readSeed(t, "001_c70f748901129dd0.txt"),
		"evil\x1b[2J\x07.txt":   "",
		"inside/original.txt":   readSeed(t, "000_2937969c31d5780b.txt"),
		"new\nline/article.txt": readSeed(t, "002_c253e86c6cc8b476.txt"),
	})
	if err := os.Symlink(secret, filepath.Join(dir, "passwd.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "inside", "original.txt"), filepath.Join(dir, "alias.txt")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe"), 0o644); err != nil {
		t.Fatal(err)
	}

	code, stdout, stderr := runCmd(t, "compare", "--format", "json", "--include-text", dir)
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	out := decode(t, stdout)
	want := []string{`a\xfe.txt`, `a\xff.txt`, "alias.txt", "inside/original.txt", "new\nline/article.txt"}
	if got := ids(out); !slices.Equal(got, want) {
		t.Errorf("documents %q, want %q", got, want)
	}
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	wantLines := []string{
		filepath.Join(dir, `evil\x1b[2J\x07.txt`) + ": empty file",
		filepath.Join(dir, "passwd.txt") + ": symbolic link to a file outside the folder, not followed (see --follow-links)",
		filepath.Join(dir, "pipe") + ": not a regular file: a named pipe",
	}
	for _, w := range wantLines {
		if !slices.Contains(lines, "provenance: skipped "+w) {
			t.Errorf("stderr lacks %q:\n%s", w, stderr)
		}
	}
	if len(lines) != len(wantLines) || strings.ContainsAny(stderr, "\x1b\x07") {
		t.Errorf("stderr = %q, want %d lines, no control characters", stderr, len(wantLines))
	}

	// --follow-links reads the link; the help says so.
	code, stdout, _ = runCmd(t, "compare", "--format", "json", "--follow-links", dir)
	if got := ids(decode(t, stdout)); code != 0 || !slices.Contains(got, "passwd.txt") {
		t.Errorf("--follow-links: exit %d, documents %q; want passwd.txt read", code, got)
	}
	if _, help, _ := runCmd(t, "compare", "--help"); !strings.Contains(help, "--follow-links") || !strings.Contains(help, "links to files outside") {
		t.Errorf("compare --help does not tell of links out of the folder")
	}

	// The text report shows names escaped, on one line each.
	_, text, _ := runCmd(t, "compare", "--width", "0", dir)
	if !strings.Contains(text, `new\nline/article.txt`) || strings.ContainsAny(text, "\x1b\x07") {
		t.Errorf("text report:\n%s", text)
	}
}

// TestCompare_interrupt sends SIGINT and SIGTERM to the binary while it
// compares a generated corpus, and while it waits on standard input: it
// exits 130 (143) at once, says it was interrupted, and leaves no report
// file, partial or temporary.
func TestCompare_interrupt(t *testing.T) {
	bin := buildBinary(t)
	corpus := t.TempDir()
	if code, _, stderr := runCmd(t, "generate", "--force", "--families", "3000", corpus); code != 0 {
		t.Fatalf("generate: %s", stderr)
	}
	for _, tt := range []struct {
		name  string
		sig   syscall.Signal
		code  int
		args  []string
		stdin bool // a standard input that never ends
	}{
		{"SIGINT while comparing", syscall.SIGINT, 130, []string{"--fuzzy", corpus}, false},
		{"SIGTERM while comparing", syscall.SIGTERM, 143, []string{"--fuzzy", corpus}, false},
		{"SIGINT while reading standard input", syscall.SIGINT, 130, []string{"-"}, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			outDir := t.TempDir()
			cmd := exec.Command(bin, append([]string{"compare", "--format", "json", "-o", filepath.Join(outDir, "out.json")}, tt.args...)...)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if tt.stdin {
				r, w, err := os.Pipe()
				if err != nil {
					t.Fatal(err)
				}
				defer w.Close()
				cmd.Stdin = r
				defer r.Close()
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			time.Sleep(400 * time.Millisecond)
			sent := time.Now()
			if err := cmd.Process.Signal(tt.sig); err != nil {
				t.Fatal(err)
			}
			err := cmd.Wait()
			took := time.Since(sent)
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != tt.code {
				t.Errorf("exit %v, want status %d", err, tt.code)
			}
			if took > time.Second {
				t.Errorf("exit %v after the signal, want at once", took)
			}
			if got := stderr.String(); got != "provenance: interrupted\n" {
				t.Errorf("stderr = %q, want provenance: interrupted", got)
			}
			if entries, _ := os.ReadDir(outDir); len(entries) != 0 {
				t.Errorf("output folder holds %v, want nothing", entries)
			}
		})
	}
	// The same binary: --version, and a pipe read by -.
	out, err := exec.Command(bin, "--version").Output()
	if err != nil || !strings.HasPrefix(string(out), "provenance ") {
		t.Errorf("--version = %q, %v", out, err)
	}
	cmd := exec.Command(bin, "compare", "--format", "json", "-", filepath.Join(seedDir, "001_c70f748901129dd0.txt"))
	cmd.Stdin = strings.NewReader(readSeed(t, "003_4a810195dea697d2.txt"))
	out, err = cmd.Output()
	if err != nil || !strings.Contains(string(out), `"original": "stdin"`) {
		t.Errorf("a pipe on -: %v\n%s", err, out)
	}
}

// TestEval_truthMismatch: a truth none of whose documents is read is an
// error naming both sides; one partly read gives a warning and the score.
func TestEval_truthMismatch(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"other.json":   `{"families": [{"members": ["x/1.txt", "x/2.txt"], "original": "x/1.txt", "edges": [{"from": "x/1.txt", "to": "x/2.txt"}]}], "unrelated": ["x/3.txt"]}`,
		"partial.json": `{"families": [{"members": ["001_c70f748901129dd0.txt", "003_4a810195dea697d2.txt"], "original": "003_4a810195dea697d2.txt", "edges": [{"from": "003_4a810195dea697d2.txt", "to": "001_c70f748901129dd0.txt", "attributed": true}]}], "unrelated": ["gone.txt"]}`,
	})
	code, stdout, stderr := runCmd(t, "eval", "--truth", filepath.Join(dir, "other.json"), seedDir)
	if code != 1 || stdout != "" ||
		!strings.Contains(stderr, "provenance: eval: the truth and the documents compared do not overlap: none of the truth's 3 documents is among those read (the truth names x/1.txt, x/2.txt, x/3.txt; the corpus has 000_2937969c31d5780b.txt") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	code, stdout, stderr = runCmd(t, "eval", "--truth", filepath.Join(dir, "partial.json"), seedDir)
	if code != 0 || !strings.Contains(stdout, "pair F1            1.0000") ||
		stderr != "provenance: eval: warning: 1 of the truth's 3 documents were not read (first: gone.txt); they count as missed\n" {
		t.Errorf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

// TestVersionLine: the version names the revision a build with VCS
// information was made from, not "(devel)".
func TestVersionLine(t *testing.T) {
	bi := &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{
		{Key: "vcs.revision", Value: "e04a7c4dbdeb70d291133df0fb78bf3e1a94ab93"},
		{Key: "vcs.time", Value: "2026-12-04T23:39:50Z"},
		{Key: "vcs.modified", Value: "true"},
	}}
	for _, tt := range []struct {
		set  string
		bi   *debug.BuildInfo
		want string
	}{
		{"", bi, "devel (revision e04a7c4dbdeb of 2026-12-04T23:39:50Z, modified; go"},
		{"v1.2.0", bi, "v1.2.0 (revision e04a7c4dbdeb"},
		{"", &debug.BuildInfo{Main: debug.Module{Version: "v0.3.1"}}, "v0.3.1 (go"},
		{"", nil, "devel (go"},
	} {
		if got := versionLine(tt.set, tt.bi); !strings.HasPrefix(got, tt.want) || strings.Contains(got, "(devel)") {
			t.Errorf("versionLine(%q, ...) = %q, want it to start %q", tt.set, got, tt.want)
		}
	}
}

// TestCompare_jsonSummaryAdditive: the JSON with a summary decodes into
// the contract's shapes, and the summary counts what was skipped.
func TestCompare_jsonSummaryAdditive(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"empty.txt": "", "bad.json": "{", "a.txt": readSeed(t, "000_2937969c31d5780b.txt")})
	code, stdout, _ := runCmd(t, "compare", "--format", "json", dir)
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal([]byte(stdout), &raw); err != nil {
		t.Fatal(err)
	}
	keys := slices.Sorted(func(yield func(string) bool) {
		for k := range raw {
			if !yield(k) {
				return
			}
		}
	})
	if !slices.Equal(keys, []string{"documents", "families", "matches", "summary", "version"}) {
		t.Errorf("keys %q", keys)
	}
	s := decode(t, stdout).Summary
	if s == nil || s.Files != 3 || s.Documents != 1 || s.Skipped != 2 || s.SkippedByReason["empty"] != 1 || s.SkippedByReason["malformed"] != 1 {
		t.Errorf("summary = %+v", s)
	}
}

// TestREADME_example: the README's first example is what compare prints
// on the seeds, and its first screen names the two commands to run.
func TestREADME_example(t *testing.T) {
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	const cmd = "$ go run ./cmd/provenance compare testdata/seeds\n"
	i := strings.Index(readme, cmd)
	if i < 0 {
		t.Fatalf("README has no example %q", cmd)
	}
	example, _, ok := strings.Cut(readme[i+len(cmd):], "```")
	if !ok {
		t.Fatal("README's example has no end")
	}
	_, stdout, _ := runCmd(t, "compare", "--width", "80", seedDir)
	if example != stdout {
		t.Errorf("README's example differs from compare's output:\n%s", stdout)
	}
	first := strings.Join(strings.Split(readme, "\n")[:25], "\n")
	for _, w := range []string{"go run ./cmd/provenance compare testdata/seeds", "go test ./..."} {
		if !strings.Contains(first, w) {
			t.Errorf("the README's first screen lacks %q", w)
		}
	}
	if strings.Contains(readme, "@latest") {
		t.Errorf("README installs with @latest, which cannot resolve an unpublished module")
	}
}

// TestCompare_capsSeeds: the seeds go past no limit of the pipeline,
// with or without the fuzzy channel: no warning or note on standard
// error, none in the text report, and no caps in the JSON summary.
func TestCompare_capsSeeds(t *testing.T) {
	for _, fuzzy := range []bool{false, true} {
		args := []string{"compare", "--format", "json", seedDir}
		if fuzzy {
			args = append(args, "--fuzzy")
		}
		code, stdout, stderr := runCmd(t, args...)
		if code != 0 {
			t.Fatalf("fuzzy %v: exit %d: %s", fuzzy, code, stderr)
		}
		if strings.Contains(stderr, "warning:") || strings.Contains(stderr, "note:") {
			t.Errorf("fuzzy %v: standard error names a cap: %s", fuzzy, stderr)
		}
		if strings.Contains(stdout, `"caps"`) {
			t.Errorf("fuzzy %v: the JSON summary has caps", fuzzy)
		}
		_, text, _ := runCmd(t, slices.DeleteFunc(args, func(a string) bool { return a == "--format" || a == "json" })...)
		if strings.Contains(text, "Warning:") || strings.Contains(text, "Note:") {
			t.Errorf("fuzzy %v: the text report names a cap:\n%s", fuzzy, text)
		}
	}
}

// capsCorpus writes n documents that each hold one wire paragraph and
// text of their own, and returns their folder.
func capsCorpus(t *testing.T, n int) string {
	t.Helper()
	g := textgen.New(77)
	wire := g.Text(60)
	files := map[string]string{}
	for i := range n {
		files[fmt.Sprintf("d%04d.txt", i)] = g.Text(40) + "\n\n" + wire + "\n\n" + g.Text(40)
	}
	dir := t.TempDir()
	writeFiles(t, dir, files)
	return dir
}

// TestCompare_capsReported: 1,001 documents that share a paragraph go
// past the exact index's MaxKeyDocs (1,000: its fingerprints pair their
// holders with the 4 earliest, a note) and, with --fuzzy, the fuzzy
// index's (30: its keys make no candidates, a warning); each is named on
// standard error, in the text report and in the JSON summary.
func TestCompare_capsReported(t *testing.T) {
	dir := capsCorpus(t, 1001)
	code, stdout, stderr := runCmd(t, "compare", "--format", "json", "--fuzzy", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	out := decode(t, stdout)
	if out.Summary == nil || len(out.Summary.Caps) != 2 {
		t.Fatalf("summary caps %+v, want 2", out.Summary)
	}
	exact, fuzzy := out.Summary.Caps[0], out.Summary.Caps[1]
	if exact.Name != "cluster.Config.MaxKeyDocs" || exact.Limit != 1000 || exact.Count < 1 || exact.Dropped ||
		exact.What != capPlural(exact.Count, "fingerprint", "fingerprints")+" held by over 1,000 documents paired only with "+
			capPlural(exact.Count, "its", "their")+" 4 earliest holders" {
		t.Errorf("exact cap %+v", exact)
	}
	if fuzzy.Name != "cluster.FuzzyConfig.MaxKeyDocs" || fuzzy.Limit != 30 || fuzzy.Count < 1 || !fuzzy.Dropped ||
		!strings.HasSuffix(fuzzy.What, " held by over 30 documents made no candidates") {
		t.Errorf("fuzzy cap %+v", fuzzy)
	}
	// The note still makes one family of them all.
	if len(out.Families) != 1 || len(out.Families[0].Members) != 1001 {
		t.Errorf("%d families, want 1 of 1,001", len(out.Families))
	}
	for _, want := range []string{
		fmt.Sprintf("provenance: note: %d %s (cluster.Config.MaxKeyDocs)\n", exact.Count, exact.What),
		fmt.Sprintf("provenance: warning: %d %s (cluster.FuzzyConfig.MaxKeyDocs)\n", fuzzy.Count, fuzzy.What),
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("standard error lacks %q:\n%s", want, stderr)
		}
	}
	_, text, _ := runCmd(t, "compare", "--fuzzy", "--width", "0", dir)
	for _, want := range []string{
		fmt.Sprintf("\nNote: %d %s (cluster.Config.MaxKeyDocs).\n", exact.Count, exact.What),
		fmt.Sprintf("\nWarning: %d %s (cluster.FuzzyConfig.MaxKeyDocs).\n", fuzzy.Count, fuzzy.What),
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the text report lacks %q", want)
		}
	}
}

// capPlural returns one if n is 1, else many.
func capPlural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// TestCompare_capsOptions: the pipeline counts the fingerprints held by
// more than MaxKeyDocs documents as a reference count finds them, and
// says what became of them: paired with the earliest holders (a note) or,
// with PopularAnchors 0, left out (a warning, and no match); the fuzzy
// keys over the fuzzy channel's limit likewise; below the limits, none.
func TestCompare_capsOptions(t *testing.T) {
	g := textgen.New(78)
	wire := g.Text(60)
	var docs []*document.Document
	for i := range 12 {
		docs = append(docs, &document.Document{ID: fmt.Sprintf("d%02d", i),
			Text: []byte(g.Text(40) + "\n\n" + wire + "\n\n" + g.Text(40))})
	}
	opt := provenance.DefaultOptions()
	opt.Workers = 2
	opt.Cluster.MaxKeyDocs = 10
	opt.FuzzyConfig.MaxKeyDocs = 11
	// The reference: each document's fingerprints and fuzzy keys, and
	// how many are held by more documents than the limits.
	held, fheld := map[uint64]int{}, map[uint64]int{}
	tk := shingle.NewTokenizer(opt.TokenSeed)
	sk := cluster.NewSketcher(opt.Cluster)
	for _, d := range docs {
		toks := tk.Tokenize(nil, d.Text)
		sh, err := shingle.Hashes(nil, toks.Hashes, opt.Cluster.K)
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range sk.Keys(sh) {
			held[k]++
		}
		for _, k := range cluster.FuzzyKeys(d.Text, toks, opt.FuzzyConfig) {
			fheld[k]++
		}
	}
	over := func(m map[uint64]int, limit int) int {
		n := 0
		for _, c := range m {
			if c > limit {
				n++
			}
		}
		return n
	}
	wantExact, wantFuzzy := over(held, opt.Cluster.MaxKeyDocs), over(fheld, opt.FuzzyConfig.MaxKeyDocs)
	if wantExact == 0 || wantFuzzy == 0 {
		t.Fatalf("the corpus goes past no limit: %d fingerprints, %d fuzzy keys", wantExact, wantFuzzy)
	}
	for _, tc := range []struct {
		anchors, fuzzyLimit int
		fuzzy               bool
		what                string
		dropped             bool
		families            int
	}{
		{4, 11, false, "held by over 10 documents paired only with their 4 earliest holders", false, 1},
		{1, 11, false, "held by over 10 documents paired only with their earliest holder", false, 1},
		{0, 11, false, "held by over 10 documents made no candidates", true, 0},
		{4, 11, true, "held by over 10 documents paired only with their 4 earliest holders", false, 1},
		{4, 12, true, "held by over 10 documents paired only with their 4 earliest holders", false, 1},
	} {
		o := opt
		o.Cluster.PopularAnchors, o.Fuzzy, o.FuzzyConfig.MaxKeyDocs = tc.anchors, tc.fuzzy, tc.fuzzyLimit
		res, err := provenance.Compare(docs, o)
		if err != nil {
			t.Fatal(err)
		}
		want := []provenance.Cap{{Name: "cluster.Config.MaxKeyDocs", Limit: 10, Count: wantExact,
			What: capPlural(wantExact, "fingerprint", "fingerprints") + " " + tc.what, Dropped: tc.dropped}}
		if tc.fuzzy && tc.fuzzyLimit == 11 {
			want = append(want, provenance.Cap{Name: "cluster.FuzzyConfig.MaxKeyDocs", Limit: 11, Count: wantFuzzy,
				What: capPlural(wantFuzzy, "fuzzy key", "fuzzy keys") + " held by over 11 documents made no candidates", Dropped: true})
		}
		if !slices.Equal(res.Capped, want) {
			t.Errorf("%+v: capped\n%+v\nwant\n%+v", tc, res.Capped, want)
		}
		if len(res.Families) != tc.families {
			t.Errorf("%+v: %d families, want %d", tc, len(res.Families), tc.families)
		}
	}
	// Below the limits: nothing to say.
	o := opt
	o.Cluster.MaxKeyDocs, o.FuzzyConfig.MaxKeyDocs, o.Fuzzy = 12, 12, true
	if res, err := provenance.Compare(docs, o); err != nil || len(res.Capped) != 0 {
		t.Errorf("at the limits: capped %+v, error %v", res.Capped, err)
	}
}

// TestCompare_commonFlag: ten unrelated documents that share a notice
// make no match by default; with --common 0 the notice pairs all of them.
func TestCompare_commonFlag(t *testing.T) {
	dir := t.TempDir()
	g := textgen.New(81)
	notice := "Status of this memo: " + g.Text(90)
	files := map[string]string{}
	for i := range 10 {
		files[fmt.Sprintf("d%d.txt", i)] = g.Text(400) + "\n\n" + notice
	}
	writeFiles(t, dir, files)
	matches := func(args ...string) int {
		t.Helper()
		code, stdout, stderr := runCompare(t, nil, append([]string{"--format", "json", "-q"}, append(args, dir)...)...)
		if code != 0 {
			t.Fatalf("compare %v: exit %d: %s", args, code, stderr)
		}
		var out report.Output
		if err := json.Unmarshal([]byte(stdout), &out); err != nil {
			t.Fatal(err)
		}
		return len(out.Matches)
	}
	if n := matches(); n != 0 {
		t.Errorf("default: %d matches, want none", n)
	}
	if n := matches("--common", "0"); n != 45 {
		t.Errorf("--common 0: %d matches, want 45 (every pair, through the notice)", n)
	}
	if n := matches("--common", "11"); n != 45 {
		t.Errorf("--common 11: %d matches, want 45 (ten documents are not 11)", n)
	}
}
