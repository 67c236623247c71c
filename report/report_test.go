package report

import (
	"bytes"
	"encoding/json"
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

// TestWriteJSONWith_includeText: with IncludeText each document carries
// its text, and every passage's offsets cut the shared words out of both
// texts; without it there is no text and the rest is unchanged.
func TestWriteJSONWith_includeText(t *testing.T) {
	res := sample()
	res.Docs[1].Author = "Jane Doe"
	var plain, with bytes.Buffer
	if err := WriteJSON(&plain, res); err != nil {
		t.Fatal(err)
	}
	if err := WriteJSONWith(&with, res, JSONOptions{IncludeText: true}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(plain.String(), `"text"`) {
		t.Errorf("WriteJSON output has text without IncludeText:\n%s", plain.String())
	}
	if !strings.Contains(plain.String(), `"author": "Jane Doe"`) {
		t.Errorf("WriteJSON output lacks the author:\n%s", plain.String())
	}
	var out Output
	if err := json.Unmarshal(with.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	text := map[string]string{}
	for i, d := range out.Documents {
		if d.Text != string(res.Docs[i].Text) {
			t.Errorf("document %s text = %q, want %q", d.ID, d.Text, res.Docs[i].Text)
		}
		text[d.ID] = d.Text
	}
	for _, m := range out.Matches {
		for _, p := range m.Passages {
			a, b := text[m.A][p.AStart:p.AEnd], text[m.B][p.BStart:p.BEnd]
			if a != b {
				t.Errorf("passage %+v: %q in %s, %q in %s; want the same words", p, a, m.A, b, m.B)
			}
		}
	}
	// Removing the texts gives the output without them, byte for byte.
	for i := range out.Documents {
		out.Documents[i].Text = ""
	}
	var again bytes.Buffer
	enc := json.NewEncoder(&again)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(&out); err != nil {
		t.Fatal(err)
	}
	if again.String() != plain.String() {
		t.Errorf("output with text, less the text, differs from the output without:\n%s\nwant\n%s", again.String(), plain.String())
	}
}
