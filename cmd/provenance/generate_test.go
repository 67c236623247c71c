package main

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/provenance-dev/provenance/generate"
	"github.com/provenance-dev/provenance/report"
)

// pairScore returns the pair precision and recall of found families
// against the truth, a pair being two documents in one family, and the
// share of true families whose original is the original of the found
// family holding it.
func pairScore(out *report.Output, tr *generate.Truth) (precision, recall, originals float64) {
	pairs := func(members []string, into map[[2]string]bool) {
		for i, a := range members {
			for _, b := range members[i+1:] {
				if b < a {
					a, b = b, a
				}
				into[[2]string{a, b}] = true
			}
		}
	}
	want, got := map[[2]string]bool{}, map[[2]string]bool{}
	for _, f := range tr.Families {
		pairs(f.Members, want)
	}
	for _, f := range out.Families {
		pairs(f.Members, got)
	}
	right := 0
	for p := range got {
		if want[p] {
			right++
		}
	}
	ratio := func(a, b int) float64 {
		if b == 0 {
			return 1
		}
		return float64(a) / float64(b)
	}
	originalOf := map[string]string{}
	for _, f := range out.Families {
		for _, m := range f.Members {
			originalOf[m] = f.Original
		}
	}
	ok := 0
	for _, f := range tr.Families {
		if originalOf[f.Original] == f.Original {
			ok++
		}
	}
	return ratio(right, len(got)), ratio(right, len(want)), ratio(ok, len(tr.Families))
}

// TestGenerate_compare generates a corpus and runs compare over it: the
// families found must match the truth's.
func TestGenerate_compare(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "corpus")
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"generate", "--families", "20", "--seed", "3", dir}, &out, &errb); code != 0 {
		t.Fatalf("generate: exit %d, stderr %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "20 families") || errb.Len() != 0 {
		t.Errorf("generate: stdout %q, stderr %q", out.String(), errb.String())
	}
	tr, err := generate.ReadTruth(filepath.Join(dir, "truth.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := tr.Validate(); err != nil {
		t.Fatal(err)
	}
	// Defaults: as many unrelated documents as families, families/10
	// quote groups.
	reports := 0
	for _, g := range tr.QuoteGroups {
		reports += len(g)
	}
	if len(tr.Families) != 20 || len(tr.QuoteGroups) != 2 || len(tr.Unrelated)-reports != 20 {
		t.Errorf("%d families, %d quote groups, %d unrelated; want 20, 2, 20", len(tr.Families), len(tr.QuoteGroups), len(tr.Unrelated)-reports)
	}

	code, stdout, stderr := runCmd(t, "compare", "--format", "json", dir)
	if code != 0 {
		t.Fatalf("compare: exit %d, stderr %s", code, stderr)
	}
	res := decode(t, stdout)
	if len(res.Documents) != len(tr.Documents()) {
		t.Errorf("compare read %d documents, truth names %d", len(res.Documents), len(tr.Documents()))
	}
	p, r, o := pairScore(res, tr)
	t.Logf("pair precision %.3f, recall %.3f, original accuracy %.3f", p, r, o)
	if p < 0.9 || r < 0.9 {
		t.Errorf("pair precision %.3f, recall %.3f; want both >= 0.9", p, r)
	}
}

// TestGenerate_deterministic: the command writes the same bytes twice.
func TestGenerate_deterministic(t *testing.T) {
	var trees [2]map[string][]byte
	for i := range trees {
		dir := t.TempDir()
		if code, _, stderr := runCmd(t, "generate", "--families", "8", "--unrelated", "3", "--quote-groups", "1", "--seed", "42", dir); code != 0 {
			t.Fatalf("exit %d, stderr %s", code, stderr)
		}
		trees[i] = map[string][]byte{}
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(dir, p)
			trees[i][rel], err = os.ReadFile(p)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if _, ok := trees[0]["truth.json"]; !ok || len(trees[0]) < 8*2+3+2+1 {
		t.Errorf("wrote %d files, want the truth and at least %d documents", len(trees[0]), 8*2+3+2)
	}
	if len(trees[0]) != len(trees[1]) {
		t.Fatalf("%d files, then %d", len(trees[0]), len(trees[1]))
	}
	for p, data := range trees[0] {
		if !bytes.Equal(trees[1][p], data) {
			t.Errorf("%s differs between runs", p)
		}
	}
}

func TestGenerate_usage(t *testing.T) {
	full := t.TempDir()
	if err := os.WriteFile(filepath.Join(full, "x.txt"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	runCases(t, []cliCase{
		{"help", []string{"generate", "--help"}, 0, "Usage: provenance generate", ""},
		{"help generate", []string{"help", "generate"}, 0, "--quote-groups NUMBER", ""},
		{"listed in usage", []string{"help"}, 0, "provenance generate [flags] OUTDIR", ""},
		{"no OUTDIR", []string{"generate"}, 2, "", "want one OUTDIR, got 0"},
		{"two OUTDIRs", []string{"generate", "a", "b"}, 2, "", "want one OUTDIR, got 2"},
		{"bad flag", []string{"generate", "--nope", "x"}, 2, "", "provenance: generate: unknown flag --nope\nprovenance: hint: run 'provenance generate --help' for usage\n"},
		{"bad number", []string{"generate", "--families", "many", "x"}, 2, "", `generate: --families "many": want a whole number`},
		{"negative families", []string{"generate", "--families", "-1", "x"}, 2, "", "families = -1"},
		{"no copies", []string{"generate", "--max-copies", "0", "x"}, 2, "", "max copies = 0"},
		{"nothing", []string{"generate", "--families", "0", "x"}, 2, "", "nothing to generate"},
		{"not empty", []string{"generate", "--families", "2", full}, 1, "", "is not empty (use --force"},
		{"missing base", []string{"generate", "--families", "2", "--base", filepath.Join(full, "none"), filepath.Join(t.TempDir(), "out")}, 1, "", "no such file"},
		{"unusable base", []string{"generate", "--families", "2", "--base", full, filepath.Join(t.TempDir(), "out")}, 1, "", "no usable base files"},
	})
}

// TestGenerate_forceAndTruth: --force writes into a non-empty folder,
// leaving its files; --truth puts the truth elsewhere; --base reads
// prose from files.
func TestGenerate_forceAndTruth(t *testing.T) {
	dir := t.TempDir()
	keep := filepath.Join(dir, "keep.md")
	if err := os.WriteFile(keep, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	base := t.TempDir()
	files, _, err := generate.Corpus(generate.Config{Seed: 1, Unrelated: 12, MaxCopies: 1})
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range files {
		if err := os.WriteFile(filepath.Join(base, filepath.Base(f.Path)), f.Text, 0o644); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			if err := os.WriteFile(filepath.Join(base, "empty.txt"), nil, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	truthPath := filepath.Join(t.TempDir(), "answer.json")
	code, stdout, stderr := runCmd(t, "generate", "--force", "--families", "3", "--unrelated", "2", "--base", base, "--truth", truthPath, dir)
	if code != 0 {
		t.Fatalf("exit %d, stderr %s", code, stderr)
	}
	if !strings.Contains(stdout, "truth in "+truthPath) {
		t.Errorf("stdout = %q", stdout)
	}
	if !strings.Contains(stderr, "base files with fewer than") {
		t.Errorf("stderr = %q, want the empty base file counted", stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "truth.json")); err == nil {
		t.Error("truth.json written to OUTDIR despite --truth")
	}
	tr, err := generate.ReadTruth(truthPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := tr.Validate(); err != nil {
		t.Error(err)
	}
	for _, d := range tr.Documents() {
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(d))); err != nil {
			t.Error(err)
		}
	}
	if !strings.Contains(tr.About, "base files") {
		t.Errorf("about = %q, want it to name the base files", tr.About)
	}
	if data, err := os.ReadFile(keep); err != nil || string(data) != "mine" {
		t.Errorf("keep.md = %q, %v", data, err)
	}
}

// TestGenerate_modes: every mode generates, records itself in a truth
// that validates, and gives its edges the credit kinds and dating it
// promises; --mode is checked and listed in the help.
func TestGenerate_modes(t *testing.T) {
	for _, m := range generate.Modes() {
		t.Run(m.Name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "corpus")
			args := []string{"generate", "--mode", m.Name, "--families", "6", "--seed", "9", dir}
			if m.Name == generate.ModeStar {
				args = append(args[:1], append([]string{"--max-copies", "15"}, args[1:]...)...)
			}
			code, stdout, stderr := runCmd(t, args...)
			if code != 0 {
				t.Fatalf("exit %d, stderr %s", code, stderr)
			}
			if !strings.Contains(stdout, "6 families") {
				t.Errorf("stdout = %q", stdout)
			}
			tr, err := generate.ReadTruth(filepath.Join(dir, "truth.json"))
			if err != nil {
				t.Fatal(err)
			}
			if err := tr.Validate(); err != nil {
				t.Fatal(err)
			}
			if tr.Mode != m.Name || len(tr.Families) != 6 {
				t.Errorf("truth of mode %q with %d families, want %q and 6", tr.Mode, len(tr.Families), m.Name)
			}
			for _, d := range tr.Documents() {
				if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(d))); err != nil {
					t.Error(err)
				}
			}
			kinds := map[string]int{}
			for _, f := range tr.Families {
				for _, e := range f.Edges {
					kinds[e.Credit]++
					if e.Attributed != (e.Credit != "") || e.Dated == "" || e.Why == "" {
						t.Errorf("edge %s -> %s: attributed %v, credit %q, dated %q", e.From, e.To, e.Attributed, e.Credit, e.Dated)
					}
					switch {
					case m.Name == generate.ModeEarly && e.Dated != generate.DatedBefore,
						m.Name != generate.ModeEarly && m.Name != generate.ModeIndependent && e.Dated == generate.DatedBefore:
						t.Errorf("edge %s -> %s dated %q in the %s mode", e.From, e.To, e.Dated, m.Name)
					}
				}
			}
			switch m.Name {
			case generate.ModeVersions:
				if len(kinds) != 1 || kinds[""] == 0 {
					t.Errorf("credit kinds %v, want none", kinds)
				}
			case generate.ModeEarly, generate.ModeCuts, generate.ModeReworded:
				if kinds[generate.CreditHeldBack] > 0 || kinds[generate.CreditTrained] == 0 {
					t.Errorf("credit kinds %v, want trained only", kinds)
				}
			default:
				if kinds[generate.CreditHeldBack] == 0 || kinds[generate.CreditTrained] == 0 {
					t.Errorf("credit kinds %v, want trained and held-back", kinds)
				}
			}
		})
	}
	runCases(t, []cliCase{
		{"unknown mode", []string{"generate", "--mode", "nope", "x"}, 2, "", `mode "nope"`},
		{"chain of one", []string{"generate", "--mode", "chain", "--max-copies", "1", "x"}, 2, "", "want 2 to 100 in the chain mode"},
		{"star too big", []string{"generate", "--mode", "star", "--max-copies", "301", "x"}, 2, "", "want 1 to 300 in the star mode"},
		{"modes in help", []string{"generate", "--help"}, 0, "    versions     each family", ""},
	})
}

// TestGenerate_starDefault: in the star mode --max-copies defaults to
// 300, and the default mode's limit stays 100.
func TestGenerate_starDefault(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "corpus")
	if code, _, stderr := runCmd(t, "generate", "--mode", "star", "--families", "1", "--unrelated", "0", "--seed", "3", dir); code != 0 {
		t.Fatalf("exit %d, stderr %s", code, stderr)
	}
	tr, err := generate.ReadTruth(filepath.Join(dir, "truth.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(tr.About, "10 to 300 copies") {
		t.Errorf("about = %q", tr.About)
	}
	if code, _, stderr := runCmd(t, "generate", "--max-copies", "101", filepath.Join(t.TempDir(), "x")); code != 2 || !strings.Contains(stderr, "want 1 to 100") {
		t.Errorf("--max-copies 101: exit %d, stderr %q", code, stderr)
	}
}
