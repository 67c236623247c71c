package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

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
	res := sample()
	res.Docs[0].Title = "Wire\x1b]0;title\x07 story"
	if err := WriteText(&buf, res); err != nil {
		t.Fatal(err)
	}
	want := `3 documents: 1 family of copies (2 documents); 1 document in no family.

Family 1: 2 documents, 1 copy, none credited
  A  a.txt  original
  │  “Wire\x1b]0;title\x07 story”
  └─ B  b.txt  copy of A, not credited, 70% sure
        Wire · 3 July 2025, 12:27 UTC
        Shares 6 words in 1 passage with A (86% of its wording is A's), such as
        “alpha beta gamma delta epsilon zeta”
        Why:
        - because

In no family (1): c.txt.
`
	if got := buf.String(); got != want {
		t.Errorf("text report =\n%s\nwant\n%s", got, want)
	}
}

// TestWriteTextWith_verbose: the verbose view adds the figures and every
// passage with its offsets, and names every document in no family; the
// main view names the first few; skipped inputs are counted.
func TestWriteTextWith_verbose(t *testing.T) {
	res := sample()
	for i := range 40 {
		res.Docs = append(res.Docs, &document.Document{ID: fmt.Sprintf("z%02d.txt", i)})
		res.Words = append(res.Words, 1)
	}
	res.Skipped = []error{errors.New("x"), errors.New("y")}
	var main, verbose bytes.Buffer
	if err := WriteTextWith(&main, res, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := WriteTextWith(&verbose, res, TextOptions{Verbose: true, Summary: &Summary{Skipped: 2, PassedOver: 3}}); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"2 inputs could not be used (named on standard error).\n", "and 11 more (--verbose names them all)."} {
		if !strings.Contains(main.String(), w) {
			t.Errorf("main view lacks %q:\n%s", w, main.String())
		}
	}
	for _, w := range []string{"Jaccard similarity 0.12; 86% of B is in A, 100% of A in B.",
		"Shared passages (byte offsets in B, then in A):", "- 6 words, 3–38, 0–35: “alpha beta",
		"z39.txt.", "3 files in folders passed over", "[f"} {
		if !strings.Contains(verbose.String(), w) {
			t.Errorf("verbose view lacks %q:\n%s", w, verbose.String())
		}
	}
	if strings.Contains(main.String(), "Jaccard") || strings.Contains(main.String(), "3–38") {
		t.Errorf("main view shows figures or offsets:\n%s", main.String())
	}
}

func TestExcerpt(t *testing.T) {
	for _, tt := range []struct {
		in   string
		n    int
		want string
	}{
		{"a\n\nb  c", 10, "a b c"},
		{"the quick brown fox jumps", 12, "the quick…"},
		{"the quick, brown", 11, "the quick…"},
		{strings.Repeat("é", 20), 5, "ééééé…"},
		{"bell\x07 rings", 40, `bell\x07 rings`},
	} {
		if got := excerpt([]byte(tt.in), tt.n); got != tt.want {
			t.Errorf("excerpt(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}

func TestWrap(t *testing.T) {
	got := wrap("one two  three four five", 12, "> ", "  ")
	want := []string{"> one two", "  three four", "  five"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("wrap = %q, want %q", got, want)
	}
	if got := wrap("averyveryverylongword x", 8, "", ""); strings.Join(got, "|") != "averyveryverylongword|x" {
		t.Errorf("wrap of a long word = %q", got)
	}
	if got := wrap("a  b", 0, "", ""); len(got) != 1 || got[0] != "a  b" {
		t.Errorf("wrap without a width = %q", got)
	}
}

func TestRelabel(t *testing.T) {
	ids := map[string]string{"a.txt": "A", "aa.txt": "B"}
	for in, want := range map[string]string{
		`aa.txt credits a.txt's source: "a.txt is quoted"`: `B credits A's source: "a.txt is quoted"`,
		`xa.txt and a.txt.bak and a.txt`:                   `xa.txt and a.txt.bak and A`,
		`"esc \" a.txt" a.txt`:                             `"esc \" a.txt" A`,
	} {
		if got := relabel(in, ids); got != want {
			t.Errorf("relabel(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLettersPlural(t *testing.T) {
	for i, want := range map[int]string{0: "A", 25: "Z", 26: "AA", 27: "AB", 701: "ZZ", 702: "AAA"} {
		if got := letters(i); got != want {
			t.Errorf("letters(%d) = %q, want %q", i, got, want)
		}
	}
	for _, tt := range []struct {
		n    int
		want string
	}{{1, "1 match"}, {2, "2 matches"}, {0, "0 matches"}, {12345, "12,345 matches"}} {
		if got := plural(tt.n, "match", "matches"); got != tt.want {
			t.Errorf("plural(%d) = %q, want %q", tt.n, got, tt.want)
		}
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
