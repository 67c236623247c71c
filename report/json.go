// Package report implements provenance's renderers: the JSON contract
// (version 1) and a text report for people. Renderers compute nothing; they
// show a provenance.Result in a deterministic order.
package report

import (
	"io"
	"math"
	"time"

	"github.com/provenance-dev/provenance"
)

// Version is the version of the JSON contract.
const Version = 1

// Output is the JSON document `compare --format json` prints.
type Output struct {
	Version   int        `json:"version"`
	Documents []Document `json:"documents"`
	Matches   []Match    `json:"matches"`
	Families  []Family   `json:"families"`
	// Summary counts what the run read and left out (an addition to
	// version 1, in compare's output: the daemon's API has none).
	Summary *Summary `json:"summary,omitempty"`
}

// Summary counts the inputs of a run: a script can tell from it whether
// the run lost any. Reasons are words such as empty, binary, encoding,
// malformed, too_large, not_regular, link_outside, no_documents,
// no_text, duplicate_id, missing, unreadable or other.
type Summary struct {
	// Files is the number of inputs found: files, and standard input.
	Files int `json:"files"`
	// Documents is the number of documents in the report.
	Documents int `json:"documents"`
	// Skipped counts the inputs (files, or items of files) that could
	// not be used, each named on standard error, and SkippedByReason
	// them by reason.
	Skipped         int            `json:"skipped"`
	SkippedByReason map[string]int `json:"skipped_by_reason"`
	// PassedOver counts the files found in folders that were passed over
	// without a word: not text, or holding no documents.
	PassedOver         int            `json:"passed_over"`
	PassedOverByReason map[string]int `json:"passed_over_by_reason"`
	// Caps lists the limits of the pipeline that some of the run's data
	// went past (an optional addition: absent when none was).
	Caps []Cap `json:"caps,omitempty"`
}

// Cap is a limit that some of a run's data went past (see
// provenance.Cap): the setting and its value, how many items went past
// it and, in words, what they are and what became of them. Dropped is
// true when they were left out (candidate pairs may be missing), false
// when they were still used, another way.
type Cap struct {
	Name    string `json:"name"`
	Limit   int    `json:"limit"`
	Count   int    `json:"count"`
	What    string `json:"what"`
	Dropped bool   `json:"dropped"`
}

// CapsOf returns the pipeline's caps in the report's form.
func CapsOf(caps []provenance.Cap) []Cap {
	var out []Cap
	for _, c := range caps {
		out = append(out, Cap{Name: c.Name, Limit: c.Limit, Count: c.Count, What: c.What, Dropped: c.Dropped})
	}
	return out
}

// Document describes one input document. Unknown fields are omitted.
type Document struct {
	ID        string `json:"id"`
	Path      string `json:"path,omitempty"`
	Source    string `json:"source,omitempty"`
	Title     string `json:"title,omitempty"`
	URL       string `json:"url,omitempty"`
	Published string `json:"published,omitempty"`
	Words     int    `json:"words"`
	// Author is the byline, when known (an addition to version 1: an
	// optional field that older readers ignore).
	Author string `json:"author,omitempty"`
	// Text is the document's text as read, which passage offsets index
	// (as UTF-8 bytes); only with JSONOptions.IncludeText.
	Text string `json:"text,omitempty"`
	// Deleted is when the daemon found the document's file deleted (an
	// addition to version 1); a deleted file's documents are kept.
	Deleted string `json:"deleted,omitempty"`
}

// JSONOptions choose the optional parts of the JSON output.
type JSONOptions struct {
	// IncludeText adds each document's text, so that passage offsets can
	// be checked against it.
	IncludeText bool
	// Summary, when set, is written after the families.
	Summary *Summary
}

// Match is a verified pair of documents that share passages.
type Match struct {
	A            string    `json:"a"`
	B            string    `json:"b"`
	Jaccard      float64   `json:"jaccard"`
	ContainmentA float64   `json:"containment_a"`
	ContainmentB float64   `json:"containment_b"`
	SharedWords  int       `json:"shared_words"`
	Passages     []Passage `json:"passages"`
}

// Passage is one aligned passage: byte offsets, end exclusive, into each
// document's text as read.
type Passage struct {
	AStart int `json:"a_start"`
	AEnd   int `json:"a_end"`
	BStart int `json:"b_start"`
	BEnd   int `json:"b_end"`
	Words  int `json:"words"`
	// Fuzzy marks a reworded passage found by the fuzzy channel
	// (compare --fuzzy); absent otherwise.
	Fuzzy bool `json:"fuzzy,omitempty"`
}

// Family is a lineage tree of documents joined by derivation.
type Family struct {
	ID       string   `json:"id"`
	Members  []string `json:"members"`
	Original string   `json:"original"`
	Edges    []Edge   `json:"edges"`
}

// Edge says that To was copied from From.
type Edge struct {
	From       string   `json:"from"`
	To         string   `json:"to"`
	Confidence float64  `json:"confidence"`
	Attributed bool     `json:"attributed"`
	Evidence   []string `json:"evidence"`
}

// Build converts a result to the JSON contract's shapes.
func Build(res *provenance.Result) *Output { return BuildWith(res, JSONOptions{}) }

// BuildWith converts a result to the JSON contract's shapes, with the
// optional parts opt asks for.
func BuildWith(res *provenance.Result, opt JSONOptions) *Output {
	out := &Output{
		Version:   Version,
		Documents: make([]Document, len(res.Docs)),
		Matches:   make([]Match, len(res.Matches)),
		Families:  make([]Family, len(res.Families)),
		Summary:   opt.Summary,
	}
	id := func(i int) string { return res.Docs[i].ID }
	for i, d := range res.Docs {
		out.Documents[i] = Document{ID: d.ID, Path: d.Path, Source: d.Source, Title: d.Title, URL: d.URL, Words: res.Words[i], Author: d.Author}
		if opt.IncludeText {
			out.Documents[i].Text = string(d.Text)
		}
		if !d.Published.IsZero() {
			out.Documents[i].Published = d.Published.UTC().Format(time.RFC3339)
		}
	}
	for i, m := range res.Matches {
		jm := Match{
			A: id(int(m.A)), B: id(int(m.B)),
			Jaccard: round4(m.Jaccard), ContainmentA: round4(m.ContainmentA), ContainmentB: round4(m.ContainmentB),
			SharedWords: m.SharedWords,
			Passages:    make([]Passage, len(m.Passages)),
		}
		for j, p := range m.Passages {
			jm.Passages[j] = Passage{AStart: p.AStart, AEnd: p.AEnd, BStart: p.BStart, BEnd: p.BEnd, Words: p.Words, Fuzzy: p.Fuzzy}
		}
		out.Matches[i] = jm
	}
	for i, f := range res.Families {
		jf := Family{Original: id(f.Original), Members: make([]string, len(f.Members)), Edges: make([]Edge, len(f.Edges))}
		for j, m := range f.Members {
			jf.Members[j] = id(m)
		}
		jf.ID = FamilyID(jf.Members)
		for j, e := range f.Edges {
			jf.Edges[j] = Edge{From: id(e.From), To: id(e.To), Confidence: e.Confidence, Attributed: e.Attributed, Evidence: e.Evidence}
		}
		out.Families[i] = jf
	}
	return out
}

// FamilyID is a stable ID for a family: a hash of its sorted member IDs.
func FamilyID(members []string) string { return provenance.FamilyID(members) }

// WriteJSON writes res as the JSON contract, indented, with a final
// newline.
func WriteJSON(w io.Writer, res *provenance.Result) error {
	return WriteJSONWith(w, res, JSONOptions{})
}

// WriteJSONWith writes res as the JSON contract with the optional parts
// opt asks for. The output is what encoding/json, indenting by two
// spaces and with HTML escaping off, makes of BuildWith(res, opt), but
// it is encoded from res as it is written, a buffer at a time, without
// building the Output. A NaN or infinite float is reported as a
// *json.UnsupportedValueError before anything is written; an error of w
// stops the output where it is.
func WriteJSONWith(w io.Writer, res *provenance.Result, opt JSONOptions) error {
	return writeJSON(w, res, opt)
}

func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }
