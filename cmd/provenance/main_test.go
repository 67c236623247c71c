package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/provenance-dev/provenance/report"
)

var update = flag.Bool("update", false, "rewrite golden files")

const seedDir = "../../testdata/seeds"

// runCmd runs a command line in-process and returns its exit status,
// standard output and standard error.
func runCmd(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

// truth is the answer file's shape (see testdata/seeds/truth.json).
type truth struct {
	Families []struct {
		Members  []string `json:"members"`
		Original string   `json:"original"`
		Edges    []struct {
			From       string `json:"from"`
			To         string `json:"to"`
			Attributed bool   `json:"attributed"`
		} `json:"edges"`
	} `json:"families"`
	Unrelated []string `json:"unrelated"`
}

func readTruth(t *testing.T) truth {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(seedDir, "truth.json"))
	if err != nil {
		t.Fatal(err)
	}
	var tr truth
	if err := json.Unmarshal(data, &tr); err != nil {
		t.Fatal(err)
	}
	return tr
}

// checkAgainstTruth checks families, originals, edges and attribution of
// out against the truth, with document IDs mapped through rename (truth
// name -> ID in out).
func checkAgainstTruth(t *testing.T, out *report.Output, tr truth, rename func(string) string) {
	t.Helper()
	if len(out.Families) != len(tr.Families) {
		t.Fatalf("got %d families, want %d", len(out.Families), len(tr.Families))
	}
	inFamily := map[string]bool{}
	for i, wf := range tr.Families {
		var want []string
		for _, m := range wf.Members {
			want = append(want, rename(m))
		}
		slices.Sort(want)
		var gf *report.Family
		for j := range out.Families {
			got := slices.Clone(out.Families[j].Members)
			slices.Sort(got)
			if slices.Equal(got, want) {
				gf = &out.Families[j]
			}
		}
		if gf == nil {
			t.Errorf("family %d: no family with members %v; got %+v", i, want, out.Families)
			continue
		}
		for _, m := range gf.Members {
			inFamily[m] = true
		}
		if gf.Original != rename(wf.Original) {
			t.Errorf("family %v: original = %s, want %s", want, gf.Original, rename(wf.Original))
		}
		for _, we := range wf.Edges {
			found := false
			for _, ge := range gf.Edges {
				if ge.From == rename(we.From) && ge.To == rename(we.To) {
					found = true
					if ge.Attributed != we.Attributed {
						t.Errorf("edge %s -> %s: attributed = %v, want %v", ge.From, ge.To, ge.Attributed, we.Attributed)
					}
					if ge.Confidence <= 0.5 || len(ge.Evidence) == 0 {
						t.Errorf("edge %s -> %s: confidence %.3f with %d pieces of evidence, want > 0.5 and some",
							ge.From, ge.To, ge.Confidence, len(ge.Evidence))
					}
				}
			}
			if !found {
				t.Errorf("no edge %s -> %s; edges %+v", rename(we.From), rename(we.To), gf.Edges)
			}
		}
	}
	for _, u := range tr.Unrelated {
		if inFamily[rename(u)] {
			t.Errorf("%s is in a family, want none", rename(u))
		}
	}
}

func decode(t *testing.T, stdout string) *report.Output {
	t.Helper()
	var out report.Output
	dec := json.NewDecoder(strings.NewReader(stdout))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&out); err != nil {
		t.Fatalf("output is not the JSON contract: %v\n%s", err, stdout)
	}
	if out.Version != 1 {
		t.Errorf("version = %d, want 1", out.Version)
	}
	return &out
}

// TestCompare_seedsGolden runs compare --format json on the seeds, checks
// the answer against truth.json and the whole output against the golden
// file (go test -update rewrites it). The output is the golden file's, byte
// for byte, with the summary (an addition to the contract) after the
// families.
func TestCompare_seedsGolden(t *testing.T) {
	code, stdout, stderr := runCmd(t, "compare", "--format", "json", seedDir)
	if code != 0 {
		t.Fatalf("exit %d, stderr %s", code, stderr)
	}
	if stderr != "" {
		t.Errorf("stderr = %q, want nothing", stderr)
	}
	checkAgainstTruth(t, decode(t, stdout), readTruth(t), func(s string) string { return s })

	const summary = `,
  "summary": {
    "files": 6,
    "documents": 5,
    "skipped": 0,
    "skipped_by_reason": {},
    "passed_over": 1,
    "passed_over_by_reason": {
      "no_documents": 1
    }
  }
}
`
	contract, ok := strings.CutSuffix(stdout, summary)
	if !ok {
		t.Fatalf("output does not end with the summary %s:\n%s", summary, stdout)
	}
	contract += "\n}\n"
	golden := "../../testdata/seeds.golden.json"
	if *update {
		if err := os.WriteFile(golden, []byte(contract), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if contract != string(want) {
		t.Errorf("output less its summary differs from %s (run go test -update to accept):\n%s", golden, contract)
	}
}

// TestCompare_seedsRenamed: renamed, reordered and nested copies of the
// seeds give the same answer.
func TestCompare_seedsRenamed(t *testing.T) {
	tr := readTruth(t)
	names, err := filepath.Glob(filepath.Join(seedDir, "*.txt"))
	if err != nil || len(names) != 5 {
		t.Fatalf("seeds: %v %v", names, err)
	}
	for _, perm := range [][]int{{4, 3, 2, 1, 0}, {2, 0, 4, 1, 3}, {1, 4, 0, 3, 2}} {
		t.Run(fmt.Sprint(perm), func(t *testing.T) {
			dir := t.TempDir()
			rename := map[string]string{}
			for i, p := range perm {
				// The new names sort in a different order from the old.
				id := fmt.Sprintf("z%d/article-%c.txt", i%2, 'a'+rune(p))
				rename[filepath.Base(names[i])] = id
				data, err := os.ReadFile(names[i])
				if err != nil {
					t.Fatal(err)
				}
				if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, id)), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, id), data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			code, stdout, stderr := runCmd(t, "compare", "--format=json", dir)
			if code != 0 {
				t.Fatalf("exit %d, stderr %s", code, stderr)
			}
			checkAgainstTruth(t, decode(t, stdout), tr, func(s string) string { return rename[s] })
		})
	}
}

// cliCase is one command line and what it must give: the exit status and
// text that standard output and standard error contain.
type cliCase struct {
	name           string
	args           []string
	code           int
	stdout, stderr string
}

func runCases(t *testing.T, tests []cliCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCmd(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit = %d, want %d (stderr %q)", code, tt.code, stderr)
			}
			if !strings.Contains(stdout, tt.stdout) {
				t.Errorf("stdout = %q, want it to contain %q", stdout, tt.stdout)
			}
			if !strings.Contains(stderr, tt.stderr) {
				t.Errorf("stderr = %q, want it to contain %q", stderr, tt.stderr)
			}
		})
	}
}

func TestRun_usage(t *testing.T) {
	runCases(t, []cliCase{
		{name: "no command", args: nil, code: 2, stderr: "provenance: no command given\nprovenance: hint: run 'provenance help' for usage\n"},
		{name: "unknown command", args: []string{"frobnicate"}, code: 2, stderr: `unknown command "frobnicate"`},
		{name: "flag before the command", args: []string{"--format", "json", "compare"}, code: 2, stderr: "flag --format given before a command"},
		{name: "help", args: []string{"help"}, code: 0, stdout: "provenance compare"},
		{name: "--help", args: []string{"--help"}, code: 0, stdout: "provenance compare"},
		{name: "compare help", args: []string{"compare", "--help"}, code: 0, stdout: "\n  --format FORMAT\n"},
		{name: "compare -h", args: []string{"compare", "-h"}, code: 0, stdout: "Usage: provenance compare"},
		{name: "help after paths", args: []string{"compare", seedDir, "--help"}, code: 0, stdout: "Usage: provenance compare"},
		{name: "help compare", args: []string{"help", "compare"}, code: 0, stdout: "Usage: provenance compare"},
		{name: "help unknown", args: []string{"help", "frob"}, code: 2, stderr: `help: unknown command "frob"`},
		{name: "bad flag", args: []string{"compare", "--nope", seedDir}, code: 2,
			stderr: "provenance: compare: unknown flag --nope\nprovenance: hint: run 'provenance compare --help' for usage\n"},
		{name: "bad flag after path", args: []string{"compare", seedDir, "--nope"}, code: 2, stderr: "compare: unknown flag --nope\n"},
		{name: "missing value", args: []string{"compare", seedDir, "--format"}, code: 2, stderr: "compare: --format needs a value\n"},
		{name: "bad format", args: []string{"compare", "--format", "xml", seedDir}, code: 2, stderr: `unknown format "xml"`},
		{name: "bad value", args: []string{"compare", "--derive", "2", seedDir}, code: 2, stderr: "derive coverage"},
		{name: "bad common", args: []string{"compare", "--common", "1", seedDir}, code: 2, stderr: "common documents 1: want 0 (off) or >= 2"},
		{name: "not a number", args: []string{"compare", "--workers", "two", seedDir}, code: 2, stderr: `compare: --workers "two": want a whole number`},
		{name: "negative workers", args: []string{"compare", "--workers", "-1", seedDir}, code: 2, stderr: "compare: --workers -1: want 0 (one per CPU) or more"},
		{name: "negative width", args: []string{"compare", "--width", "-5", seedDir}, code: 2, stderr: "--width -5"},
		{name: "bad size", args: []string{"compare", "--max-size", "lots", seedDir}, code: 2, stderr: `compare: --max-size "lots": want a size in bytes`},
		{name: "verbose json", args: []string{"compare", "--format", "json", "--verbose", seedDir}, code: 2, stderr: "--verbose is for the text report"},
		{name: "no path", args: []string{"compare"}, code: 2, stderr: "no PATH given"},
		{name: "stdin twice", args: []string{"compare", "-", "-"}, code: 2, stderr: "- (standard input) given 2 times"},
		{name: "eval help", args: []string{"eval", "--help"}, code: 0, stdout: "Usage:\n  provenance eval --truth"},
		{name: "eval no truth", args: []string{"eval", seedDir}, code: 2, stderr: "--truth is required"},
		{name: "eval bad truth", args: []string{"eval", "--truth", "nope.json", seedDir}, code: 1, stderr: "no such file"},
		{name: "eval seeds", args: []string{"eval", "--truth", seedDir + "/truth.json", seedDir}, code: 0, stdout: "pair F1            1.0000"},
		{name: "eval flags after paths", args: []string{"eval", seedDir, "--truth", seedDir + "/truth.json", "--format", "json"}, code: 0, stdout: `"pair_f1": 1,`},
		{name: "eval pan no dir", args: []string{"eval", "pan"}, code: 2, stderr: "want one DIR"},
		{name: "eval pan bad dir", args: []string{"eval", "pan", seedDir}, code: 1, stderr: "no NN-type/pairs files"},
		{name: "eval pan missing dir", args: []string{"eval", "pan", "no/such/pan13"}, code: 1, stderr: "PAN 2013"},
		{name: "version", args: []string{"version"}, code: 0, stdout: "provenance "},
		{name: "--version", args: []string{"--version"}, code: 0, stdout: "provenance "},
		{name: "version argument", args: []string{"version", "x"}, code: 2, stderr: `version: unexpected argument "x"`},
	})
}

// TestCompare_badInputs: each bad file gives one line naming it and the
// reason; good inputs still give their answer (exit 0); with nothing
// usable the exit status is 1.
func TestCompare_badInputs(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	bad := map[string]string{
		write("empty.txt", nil):                              "empty file",
		write("blank.txt", []byte(" \n\r\n\t")):              "empty file",
		write("binary.txt", []byte("GIF89a\x00\x01\x02")):    "binary file",
		write("damaged.txt", []byte("caf\xc3\xa9 cr\xe8me")): "invalid UTF-8", // Latin-1 alone is decoded
		write("punct.txt", []byte("... --- !!!")):            "no words",
		filepath.Join(dir, "missing.txt"):                    "no such file",
	}

	var args []string
	for p := range bad {
		args = append(args, p)
	}
	slices.Sort(args)

	t.Run("with good input", func(t *testing.T) {
		code, stdout, stderr := runCmd(t, append([]string{"compare", "--format", "json", seedDir}, args...)...)
		if code != 0 {
			t.Fatalf("exit %d, want 0; stderr %s", code, stderr)
		}
		lines := strings.Split(strings.TrimSpace(stderr), "\n")
		if len(lines) != len(bad) {
			t.Errorf("stderr has %d lines, want %d:\n%s", len(lines), len(bad), stderr)
		}
		for p, reason := range bad {
			n := 0
			for _, l := range lines {
				if strings.Contains(l, p+":") {
					n++
					if !strings.Contains(l, reason) {
						t.Errorf("line for %s = %q, want reason %q", p, l, reason)
					}
				}
			}
			if n != 1 {
				t.Errorf("%d lines name %s, want 1", n, p)
			}
		}
		checkAgainstTruth(t, decode(t, stdout), readTruth(t), func(s string) string { return s })
	})
	t.Run("nothing usable", func(t *testing.T) {
		code, stdout, stderr := runCmd(t, append([]string{"compare"}, args...)...)
		if code != 1 {
			t.Errorf("exit %d, want 1", code)
		}
		if stdout != "" {
			t.Errorf("stdout = %q, want nothing", stdout)
		}
		if !strings.Contains(stderr, "no usable documents") {
			t.Errorf("stderr = %q, want it to say no usable documents", stderr)
		}
	})
}
