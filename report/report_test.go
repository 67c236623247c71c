package report

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/provenance-dev/provenance"
	"github.com/provenance-dev/provenance/cluster"
	"github.com/provenance-dev/provenance/document"
	"github.com/provenance-dev/provenance/lineage"
)

func sample() *provenance.Result {
	return &provenance.Result{
		Docs: []*document.Document{
			{ID: "a.txt", Path: "in/a.txt", Text: []byte("alpha beta gamma delta epsilon zeta")},
			{ID: "b.txt", Path: "in/b.txt", Source: "Wire", Published: time.Date(2025, 7, 3, 12, 27, 12, 0, time.UTC),
				Text: []byte("xx alpha beta gamma delta epsilon zeta")},
			{ID: "c.txt", Path: "in/c.txt", Text: []byte("unrelated words here")},
		},
		Words: []int{6, 7, 3},
		Matches: []cluster.Match{{A: 0, B: 1, Jaccard: 0.123456, ContainmentA: 1, ContainmentB: 0.85714, SharedWords: 6,
			Passages: []cluster.Passage{{AStart: 0, AEnd: 35, BStart: 3, BEnd: 38, Words: 6}}}},
		Families: []lineage.Family{{Members: []int{0, 1}, Original: 0,
			Edges: []lineage.Edge{{From: 0, To: 1, Confidence: 0.7, Evidence: []string{"because"}}}}},
	}
}

func TestWriteJSON(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteJSON(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	s := buf.String()
	for _, want := range []string{
		`"version": 1`,
		`"published": "2025-07-03T12:27:12Z"`,
		`"jaccard": 0.1235`,
		`"containment_b": 0.8571`,
		`"a_start": 0`, `"b_end": 38`,
		`"original": "a.txt"`,
		`"from": "a.txt"`, `"to": "b.txt"`, `"attributed": false`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("JSON lacks %s:\n%s", want, s)
		}
	}
	// a.txt has no source, title, url or date: those keys are left out.
	first := s[strings.Index(s, `"id": "a.txt"`):strings.Index(s, `"id": "b.txt"`)]
	for _, absent := range []string{"source", "title", "url", "published"} {
		if strings.Contains(first, absent) {
			t.Errorf("document a.txt has %q though it is unknown:\n%s", absent, first)
		}
	}
}

func TestFamilyID(t *testing.T) {
	a := FamilyID([]string{"x", "y"})
	if a != FamilyID([]string{"x", "y"}) {
		t.Error("FamilyID is not stable")
	}
	if a == FamilyID([]string{"x", "z"}) || a == FamilyID([]string{"xy"}) {
		t.Error("FamilyID collides for different members")
	}
	if len(a) != 13 || a[0] != 'f' {
		t.Errorf("FamilyID = %q, want f and 12 hex digits", a)
	}
}

func TestWriteText(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteText(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	s := buf.String()
	for _, want := range []string{
		"3 documents, 1 matches, 1 families",
		"original  a.txt",
		"copy      b.txt (Wire, 2025-07-03T12:27:12Z)",
		"from a.txt, confidence 0.70, unattributed",
		"- because",
		`"alpha beta gamma delta epsilon zeta"`,
		"In no family: c.txt",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("text report lacks %q:\n%s", want, s)
		}
	}
}

func TestExcerpt(t *testing.T) {
	long := strings.Repeat("é", 200)
	got := excerpt([]byte(long))
	if !utf8.ValidString(got) || !strings.HasSuffix(got, "…") || len(got) > excerptBytes+len("…") {
		t.Errorf("excerpt of a long text = %q", got)
	}
	if got := excerpt([]byte("a\n\nb  c")); got != "a b c" {
		t.Errorf("excerpt = %q, want spaces folded", got)
	}
}
