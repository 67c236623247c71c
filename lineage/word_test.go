package lineage

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// wordCases are names and texts on the edges of indexName's shortcuts.
var wordCases = []struct{ text, name string }{
	{"The Kelvin \u212aelvin kelvin", "kelvin"},
	{"long ſ and S and s", "S"},
	{"ſtate of the ſtate", "state"},
	{"\xff\xfeAP \xffAP", "\xffAP"},
	{"\ufffdAP AP", "\ufffdAP"},
	{"é\x80AP", "\x80AP"},
	{"ÉCOLE école Ecole", "école"},
	{"ΣΊΣΥΦΟΣ σίσυφος ς", "ς"},
	{"aaaa", "aa"},
	{"Metro Ledger — Metro Ledger's story", "Metro Ledger"},
	{"", "AP"},
	{"AP", ""},
}

// TestIndexName_reference: containsWord and countWord agree with their
// first implementations, on the cases above and on the seeds with the
// names of the built-in aliases.
func TestIndexName_reference(t *testing.T) {
	check := func(text []byte, name string) {
		t.Helper()
		for _, exact := range []bool{false, true} {
			if got, want := containsWord(text, name, exact), containsWordRef(text, name, exact); got != want {
				t.Errorf("containsWord(%.40q, %q, %v) = %v, want %v", text, name, exact, got, want)
			}
		}
		for _, max := range []int{1, 2, 5} {
			if got, want := countWord(text, name, max), countWordRef(text, name, max); got != want {
				t.Errorf("countWord(%.40q, %q, %d) = %d, want %d", text, name, max, got, want)
			}
		}
	}
	for _, c := range wordCases {
		check([]byte(c.text), c.name)
	}
	seeds, err := filepath.Glob("../testdata/seeds/*.txt")
	if err != nil || len(seeds) == 0 {
		t.Fatalf("no seeds: %v", err)
	}
	for _, p := range seeds {
		text, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range builtinAliases {
			for _, n := range g {
				check(text, n)
				check(text, strings.ToUpper(n))
			}
		}
		for _, n := range []string{"Trump", "Putin", "Kremlin", "Ukraine", "the", "Radio"} {
			check(text, n)
		}
	}
}

// FuzzIndexName: containsWord and countWord agree with their first
// implementations on any text and name.
func FuzzIndexName(f *testing.F) {
	for _, c := range wordCases {
		f.Add([]byte(c.text), c.name)
	}
	f.Fuzz(func(t *testing.T, text []byte, name string) {
		for _, exact := range []bool{false, true} {
			if got, want := containsWord(text, name, exact), containsWordRef(text, name, exact); got != want {
				t.Fatalf("containsWord(%q, %q, %v) = %v, want %v", text, name, exact, got, want)
			}
		}
		if got, want := countWord(text, name, 3), countWordRef(text, name, 3); got != want {
			t.Fatalf("countWord(%q, %q, 3) = %d, want %d", text, name, got, want)
		}
	})
}
