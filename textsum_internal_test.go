package provenance

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/provenance-dev/provenance/document"
)

// TestEntry_textInto: a dropped text read again is returned when the file
// holds the same bytes, and refused with errChanged when it has changed,
// even to other bytes of the same length.
func TestEntry_textInto(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.txt")
	orig := []byte("The minister said the talks would resume on Monday.\n")
	if err := os.WriteFile(path, orig, 0o644); err != nil {
		t.Fatal(err)
	}
	rd := document.NewReader(document.Options{})
	e := &entry{
		doc: &document.Document{ID: "a.txt", Path: path}, in: document.Input{ID: "a.txt", Path: path}, rd: rd,
		sum: textSum(orig), bytes: int64(len(orig)),
	}
	got, err := e.textInto(make([]byte, 0, 128))
	if err != nil || string(got) != string(orig) {
		t.Fatalf("unchanged file: %q, %v; want the text", got, err)
	}
	changed := []byte("The minister said the talks would resume on Friday.\n")
	changed = append(changed[:len(orig)-1:len(orig)-1], '\n')
	if err := os.WriteFile(path, changed, 0o644); err != nil {
		t.Fatal(err)
	}
	if got, err := e.textInto(nil); !errors.Is(err, errChanged) {
		t.Fatalf("changed file: %q, %v; want an error that is errChanged", got, err)
	}
}
