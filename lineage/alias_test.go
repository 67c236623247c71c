package lineage

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestAliases_Same(t *testing.T) {
	a := DefaultAliases()
	tests := []struct {
		x, y string
		want bool
	}{
		{"RFE/RL", "Radio Free Europe/Radio Liberty", true},
		{"rferl.org", "Radio Free Europe/Radio Liberty", true},
		{"www.rferl.org", "RFE/RL", true},
		{"WWW.RFERL.ORG", "rferl.org", true},
		{"The Reuters", "reuters.com", true},
		{"Kaiser Health News", "KFF Health News", true},
		{"The Associated Press", "apnews.com", true},
		{"BBC News", "bbc.co.uk", true},
		{"Reuters", "AP", false},
		{"www.example.com", "example.com", true},
		{"Example Daily", "example.com", false},
		{"", "", false},
		{"---", "...", false},
	}
	for _, tt := range tests {
		if got := a.Same(tt.x, tt.y); got != tt.want {
			t.Errorf("Same(%q, %q) = %v, want %v", tt.x, tt.y, got, tt.want)
		}
		if got := a.Same(tt.y, tt.x); got != tt.want {
			t.Errorf("Same(%q, %q) = %v, want %v", tt.y, tt.x, got, tt.want)
		}
	}
}

func TestAliases_Canonical(t *testing.T) {
	a := DefaultAliases()
	tests := []struct{ in, want string }{
		{"RFE/RL", "Radio Free Europe/Radio Liberty"},
		{"www.rferl.org", "Radio Free Europe/Radio Liberty"},
		{"  BBC   News ", "BBC"},
		{"novinite.com", "novinite.com"},
		{"Unknown  Gazette ", "Unknown Gazette"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := a.Canonical(tt.in); got != tt.want {
			t.Errorf("Canonical(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestAliases_With(t *testing.T) {
	base := NewAliases([]string{"Daily Origin", "origin.example"}, []string{"Wire One", "W1"})
	groups, err := ReadAliases(strings.NewReader(`
# a new group
Second Hand News | secondhand.example
# this one joins two groups of the base table under a new name
Origin Media Group | origin.example | W1 | OMG
`))
	if err != nil {
		t.Fatalf("ReadAliases: %v", err)
	}
	a := base.With(groups...)
	for _, tt := range []struct {
		x, y string
		want bool
	}{
		{"secondhand.example", "Second Hand News", true},
		{"Daily Origin", "Wire One", true}, // merged through the new line
		{"OMG", "Daily Origin", true},
		{"Second Hand News", "Daily Origin", false},
	} {
		if got := a.Same(tt.x, tt.y); got != tt.want {
			t.Errorf("Same(%q, %q) = %v, want %v", tt.x, tt.y, got, tt.want)
		}
	}
	if got := a.Canonical("W1"); got != "Origin Media Group" {
		t.Errorf("Canonical(W1) = %q, want the new line's first name", got)
	}
	// The base table is unchanged.
	if base.Same("Daily Origin", "Wire One") {
		t.Errorf("With changed the table it was called on")
	}
	want := [][]string{{"Second Hand News", "secondhand.example"}, {"Origin Media Group", "origin.example", "W1", "OMG", "Daily Origin", "Wire One"}}
	if got := a.Groups(); !reflect.DeepEqual(got, want) {
		t.Errorf("Groups() = %q, want %q", got, want)
	}
}

func TestReadAliases_errors(t *testing.T) {
	tests := []struct {
		name, in string
		want     string
	}{
		{"one name", "Solo Outlet\n", "line 1: want two or more names"},
		{"empty names", "\n# c\n | \n", "line 3: want two or more names"},
		{"no letters", "Outlet | ---\n", `line 1: name "---" has no letter or digit`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadAliases(strings.NewReader(tt.in))
			if !errors.Is(err, ErrAliasFile) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ReadAliases(%q) error = %v, want ErrAliasFile with %q", tt.in, err, tt.want)
			}
		})
	}
	groups, err := ReadAliases(strings.NewReader("\ufeffA Outlet | a.example\r\n"))
	if err != nil || !reflect.DeepEqual(groups, [][]string{{"A Outlet", "a.example"}}) {
		t.Errorf("ReadAliases(BOM, CRLF) = %q, %v", groups, err)
	}
}

// TestInferWith: a user's table reaches credit matching in InferWith,
// and the built-in table, which Infer uses, stays as it was.
func TestInferWith(t *testing.T) {
	if SameSource("Origin Daily", "origin.example") {
		t.Fatal("built-in table already knows the test outlet")
	}
	table := DefaultAliases().With([]string{"Origin Daily", "origin.example", "The OD", "OD Media Group"})
	if !table.Same("Origin Daily", "origin.example") || table.Key("The OD") != table.Key("origin.example") {
		t.Errorf("the extended table does not group the test outlet's names")
	}
	if got := table.Canonical("the od"); got != "Origin Daily" {
		t.Errorf("Canonical(the od) = %q, want Origin Daily", got)
	}
	if !table.Same("RFE/RL", "rferl.org") {
		t.Errorf("extended table lost the built-in groups")
	}
	docs := []Doc{
		{ID: "copy", Source: "Second Hand", Text: []byte("This article was originally published by OD Media Group and is reprinted with permission.\nShared text.")},
		{ID: "orig", Source: "Origin Daily", Text: []byte("Shared text.")},
	}
	pairs := []Pair{{A: 0, B: 1, Jaccard: 0.5, CoverageA: 0.9, CoverageB: 0.9}}
	f := InferWith(table, docs, []int{0, 1}, pairs)
	if f.Original != 1 || len(f.Edges) != 1 || !f.Edges[0].Attributed {
		t.Errorf("InferWith a user alias: original %d, edges %+v; want orig, attributed", f.Original, f.Edges)
	}
	if !strings.Contains(f.Edges[0].Evidence[0], "credits orig's source") {
		t.Errorf("InferWith a user alias: evidence %q, want the credit naming orig's source", f.Edges[0].Evidence)
	}
	if g := Infer(docs, []int{0, 1}, pairs); len(g.Edges) == 1 && g.Edges[0].Evidence[0] == f.Edges[0].Evidence[0] {
		t.Errorf("Infer, with the built-in table, weighed the credit as the user's table does: %q", g.Edges[0].Evidence)
	}
	if SameSource("Origin Daily", "origin.example") {
		t.Errorf("the built-in table changed")
	}
}

// FuzzFold: fold agrees with its first implementation; the seeds are
// the built-in names, as written and as host names.
func FuzzFold(f *testing.F) {
	for _, g := range builtinAliases {
		for _, n := range g {
			f.Add(n)
			f.Add(" WwW." + n + " ")
		}
	}
	f.Add("www2.Ünïcode.example")
	f.Add("wwW.\xff.com")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := fold(s), foldRef(s); got != want {
			t.Fatalf("fold(%q) = %q, want %q", s, got, want)
		}
	})
}
