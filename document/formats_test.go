package document

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite golden files")

// formatsDir holds the fixtures of every format, each with its golden file
// (testdata/formats/NAME.golden here).
var formatsDir = filepath.Join("..", "testdata", "formats")

// fixtureOptions are the reader options of fixtures that need their own.
var fixtureOptions = map[string]Options{
	"json/custom-fields.jsonl": {Fields: Fields{
		ID: []string{"uid"}, URL: []string{"link"}, Title: []string{"headline"},
		Source: []string{"outlet.name"}, Published: []string{"ts"}, Text: []string{"body"},
	}},
}

// dump renders what a reader made of a file, for golden files: each
// document's ID, metadata and text, then each error, with paths relative
// to root.
func dump(root string, docs []*Document, errs []error) string {
	var b strings.Builder
	orDash := func(s string) string {
		if s == "" {
			return "-"
		}
		return s
	}
	date := func(t time.Time, p Precision) string {
		if t.IsZero() {
			return "-"
		}
		if p != PrecisionTime {
			return t.Format(time.RFC3339) + " (" + p.String() + ")"
		}
		return t.Format(time.RFC3339)
	}
	for _, d := range docs {
		fmt.Fprintf(&b, "== %s\nsource:    %s\ntitle:     %s\nurl:       %s\n", d.ID, orDash(d.Source), orDash(d.Title), orDash(d.URL))
		// Lines for the newer fields only when they are set, so that the
		// golden files of documents without them stay as they were.
		if d.Canonical != "" {
			fmt.Fprintf(&b, "canonical: %s\n", d.Canonical)
		}
		fmt.Fprintf(&b, "author:    %s\npublished: %s\n", orDash(d.Author), date(d.Published, d.PublishedPrecision()))
		if !d.Updated.IsZero() {
			fmt.Fprintf(&b, "updated:   %s\n", date(d.Updated, d.UpdatedPrecision()))
		}
		fmt.Fprintf(&b, "--- text (%d bytes)\n%s", len(d.Text), d.Text)
		if len(d.Text) > 0 && d.Text[len(d.Text)-1] != '\n' {
			b.WriteString("\n[no final newline]\n")
		}
	}
	for _, err := range errs {
		fmt.Fprintf(&b, "== error: %s\n", strings.ReplaceAll(err.Error(), root+string(filepath.Separator), ""))
	}
	return b.String()
}

// TestReader_golden reads every fixture in testdata/formats and compares
// the documents, metadata, extracted text and errors with its golden file
// (go test -update rewrites them).
func TestReader_golden(t *testing.T) {
	ins, errs := Find([]string{formatsDir})
	if len(errs) > 0 || len(ins) < 10 {
		t.Fatalf("Find(%s) = %d inputs, errors %v", formatsDir, len(ins), errs)
	}
	// The fixtures are the files of the formats' extensions; anything
	// else there (a README) is not one.
	ins = slices.DeleteFunc(ins, func(in Input) bool { return !knownExt(in.Path) || strings.HasSuffix(in.Path, ".golden") })
	for _, in := range ins {
		t.Run(in.ID, func(t *testing.T) {
			docs, errs := NewReader(fixtureOptions[in.ID]).Read(in)
			if len(docs) == 0 && len(errs) == 0 {
				t.Fatalf("Read(%s) gave nothing", in.ID)
			}
			for _, d := range docs {
				if d.Path != in.Path || d.ID != in.ID && !strings.HasPrefix(d.ID, in.ID+"#") {
					t.Errorf("document %q of %s has path %q, want %q and ID %q or %q#ITEM", d.ID, in.ID, d.Path, in.Path, in.ID, in.ID)
				}
			}
			got := dump(formatsDir, docs, errs)
			// Golden files live here, not beside the fixtures, where
			// compare would read them as documents.
			golden := filepath.Join("testdata", "formats", filepath.FromSlash(in.ID)+".golden")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to write it)", err)
			}
			if got != string(want) {
				t.Errorf("Read(%s) differs from %s (run go test -update to accept):\n%s", in.ID, golden, got)
			}
		})
	}
}
