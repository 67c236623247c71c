package generate

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestTruth_Validate(t *testing.T) {
	good := func() *Truth {
		return &Truth{
			Families: []Family{{
				Members:  []string{"a", "b", "c"},
				Original: "a",
				Edges:    []Edge{{From: "a", To: "b"}, {From: "b", To: "c"}},
			}},
			Unrelated:   []string{"u", "v", "w"},
			QuoteGroups: [][]string{{"u", "v"}},
		}
	}
	tests := []struct {
		name   string
		change func(*Truth)
		want   string // "" for valid
	}{
		{"valid", func(*Truth) {}, ""},
		{"one member", func(t *Truth) { t.Families[0].Members = []string{"a"}; t.Families[0].Edges = nil }, "1 members"},
		{"original not a member", func(t *Truth) { t.Families[0].Original = "x" }, "not a member"},
		{"member twice", func(t *Truth) { t.Families[0].Members = append(t.Families[0].Members, "b") }, "named in"},
		{"member also unrelated", func(t *Truth) { t.Unrelated = append(t.Unrelated, "c") }, "named in"},
		{"empty name", func(t *Truth) { t.Unrelated = append(t.Unrelated, "") }, "empty document name"},
		{"two parents", func(t *Truth) { t.Families[0].Edges = append(t.Families[0].Edges, Edge{From: "a", To: "c"}) }, "two parents"},
		{"edge into original", func(t *Truth) { t.Families[0].Edges = append(t.Families[0].Edges, Edge{From: "c", To: "a"}) }, "points at the original"},
		{"edge to a stranger", func(t *Truth) { t.Families[0].Edges[1].To = "u" }, "non-member"},
		{"member without parent", func(t *Truth) { t.Families[0].Edges = t.Families[0].Edges[:1] }, "not reached"},
		{"cycle off the root", func(t *Truth) {
			t.Families[0].Edges = []Edge{{From: "c", To: "b"}, {From: "b", To: "c"}}
		}, "not reached"},
		{"quote group member in a family", func(t *Truth) { t.QuoteGroups[0] = []string{"u", "b"} }, "not in unrelated"},
		{"quote group of one", func(t *Truth) { t.QuoteGroups[0] = []string{"u"} }, "at least 2"},
		{"quote group repeats", func(t *Truth) { t.QuoteGroups[0] = []string{"u", "u"} }, "at least 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := good()
			tt.change(tr)
			err := tr.Validate()
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("Validate() = %v, want nil", err)
			case tt.want != "" && (err == nil || !errors.Is(err, ErrBadTruth) || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("Validate() = %v, want an ErrBadTruth saying %q", err, tt.want)
			}
		})
	}
}

// TestReadTruth_seeds reads the seeds' hand-written truth: the format is
// the same.
func TestReadTruth_seeds(t *testing.T) {
	tr, err := ReadTruth("../testdata/seeds/truth.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := tr.Validate(); err != nil {
		t.Error(err)
	}
	if len(tr.Families) != 1 || tr.Families[0].Original != "003_4a810195dea697d2.txt" || len(tr.Unrelated) != 3 ||
		len(tr.Families[0].Edges) != 1 || !tr.Families[0].Edges[0].Attributed {
		t.Errorf("seeds truth read as %+v", tr)
	}
}

func TestTruth_writeRead(t *testing.T) {
	_, want, err := Corpus(Config{Seed: 9, Families: 5, Unrelated: 2, QuoteGroups: 1, MaxCopies: 3})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "truth.json")
	if err := want.WriteFile(path); err != nil {
		t.Fatal(err)
	}
	got, err := ReadTruth(path)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := want.Marshal()
	b, _ := got.Marshal()
	if string(a) != string(b) {
		t.Errorf("truth changed on a round trip:\n%s\nwant\n%s", b, a)
	}
	for _, key := range []string{`"families"`, `"members"`, `"original"`, `"edges"`, `"from"`, `"to"`, `"attributed"`, `"why"`, `"unrelated"`, `"about"`, `"note"`} {
		if !strings.Contains(string(a), key) {
			t.Errorf("truth JSON lacks %s", key)
		}
	}

	if _, err := ReadTruth(filepath.Join(t.TempDir(), "missing.json")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("ReadTruth(missing) = %v, want ErrNotExist", err)
	}
	bad := filepath.Join(t.TempDir(), "bad.json")
	if err := os.WriteFile(bad, []byte("{"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadTruth(bad); err == nil || !strings.HasPrefix(err.Error(), "read truth") {
		t.Errorf("ReadTruth(bad JSON) = %v, want a read truth error", err)
	}
}
