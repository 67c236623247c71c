package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/provenance-dev/provenance"
)

// TestWriteJSONWith_caps: the summary's caps (an optional addition) are
// written as encoding/json writes them, and left out when there are none.
func TestWriteJSONWith_caps(t *testing.T) {
	res := sample()
	caps := []Cap{
		{Name: "cluster.Config.MaxKeyDocs", Limit: 1000, Count: 1204, What: "fingerprints held by over 1,000 documents paired only with their 4 earliest holders"},
		{Name: "cluster.FuzzyConfig.MaxKeyDocs", Limit: 30, Count: 1, What: `fuzzy key "x" made no candidates`, Dropped: true},
	}
	for _, cs := range [][]Cap{nil, {}, caps[:1], caps} {
		s := &Summary{Files: 2, Documents: 2, SkippedByReason: map[string]int{}, PassedOverByReason: map[string]int{}, Caps: cs}
		checkSame(t, res, JSONOptions{Summary: s})
		var out bytes.Buffer
		if err := WriteJSONWith(&out, res, JSONOptions{Summary: s}); err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(out.String(), `"caps"`); got != (len(cs) > 0) {
			t.Errorf("%d caps: output has caps %v", len(cs), got)
		}
	}
}

// TestWriteText_caps: the text report names each cap of the result under
// its first line: a note for one that dropped nothing, a warning for one
// that did.
func TestWriteText_caps(t *testing.T) {
	res := sample()
	res.Capped = []provenance.Cap{
		{Name: "cluster.Config.MaxKeyDocs", Limit: 1000, Count: 1204, What: "fingerprints held by over 1,000 documents paired only with their 4 earliest holders"},
		{Name: "cluster.FuzzyConfig.MaxKeyDocs", Limit: 30, Count: 13, What: "fuzzy keys held by over 30 documents made no candidates", Dropped: true},
	}
	var out bytes.Buffer
	if err := WriteTextWith(&out, res, TextOptions{Width: 0}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(out.String(), "\n")
	want := []string{
		"Note: 1,204 fingerprints held by over 1,000 documents paired only with their 4 earliest holders (cluster.Config.MaxKeyDocs).",
		"Warning: 13 fuzzy keys held by over 30 documents made no candidates (cluster.FuzzyConfig.MaxKeyDocs).",
	}
	if len(lines) < 3 || lines[1] != want[0] || lines[2] != want[1] {
		t.Errorf("report starts\n%s\nwant the caps on lines 2 and 3:\n%s", strings.Join(lines[:min(4, len(lines))], "\n"), strings.Join(want, "\n"))
	}
}
