package metrics

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/provenance-dev/provenance"
	"github.com/provenance-dev/provenance/document"
)

// TestReason checks the label values of errors: every one in the label
// sets, wrapped errors seen through.
func TestReason(t *testing.T) {
	wrap := func(err error) error { return &document.FileError{Path: "a.txt", Err: fmt.Errorf("read: %w", err)} }
	for _, c := range []struct {
		err  error
		want string
	}{
		{wrap(document.ErrEmpty), "empty"},
		{wrap(document.ErrNoItems), "malformed"},
		{wrap(document.ErrInvalidUTF8), "encoding"},
		{wrap(document.ErrLinkOutside), "link_outside"},
		{wrap(fs.ErrNotExist), "vanished"},
		{wrap(fs.ErrPermission), "unreadable"},
		{wrap(document.ErrDuplicateID), "duplicate_id"},
		{errors.New("something else"), "other"},
	} {
		got := Reason(c.err)
		if got != c.want {
			t.Errorf("Reason(%v) = %q, want %q", c.err, got, c.want)
		}
		if !slices.Contains(FileSkipReasons, got) && !slices.Contains(DocSkipReasons, got) {
			t.Errorf("Reason(%v) = %q, in no label set", c.err, got)
		}
	}
}

// TestNew checks every labelled series exists before anything happened,
// and that Set and Stored move them.
func TestNew(t *testing.T) {
	reg := prometheus.NewRegistry()
	m := New(reg, BuildInfo{Version: "v1", Revision: "abc", GoVersion: "go1"})
	for _, c := range []struct {
		name   string
		values []string
	}{
		{"provenance_documents_ingested_total", Formats},
		{"provenance_files_skipped_total", FileSkipReasons},
		{"provenance_family_changes_total", FamilyChanges},
		{"provenance_watcher_events_total", WatcherOps},
	} {
		n, err := testutil.GatherAndCount(reg, c.name)
		if err != nil || n != len(c.values) {
			t.Errorf("%s: %d series (%v), want %d from the start", c.name, n, err, len(c.values))
		}
	}
	m.FileSkipped("empty")
	m.Set(Sample{Ready: true, MaxDocuments: 7})
	want := `
# HELP provenance_max_documents The bound on documents stored (--max-documents), 0 for none.
# TYPE provenance_max_documents gauge
provenance_max_documents 7
# HELP provenance_ready 1 when the daemon is ready (store open, start-up scan done, store writable).
# TYPE provenance_ready gauge
provenance_ready 1
`
	if err := testutil.GatherAndCompare(reg, strings.NewReader(want), "provenance_ready", "provenance_max_documents"); err != nil {
		t.Error(err)
	}
	if got := testutil.ToFloat64(m.filesSkipped.WithLabelValues("empty")); got != 1 {
		t.Errorf("files skipped as empty: %v, want 1", got)
	}
	var nilM *Metrics
	nilM.FileSkipped("empty") // no panic: a nil *Metrics does nothing
}

// TestCapped: the engine's caps become provenance_capped, by setting, and
// a setting no longer among them goes back to 0.
func TestCapped(t *testing.T) {
	reg := prometheus.NewRegistry()
	m := New(reg, BuildInfo{})
	if n, err := testutil.GatherAndCount(reg, "provenance_capped"); err != nil || n != len(CapSettings) {
		t.Fatalf("provenance_capped: %d series (%v), want %d from the start", n, err, len(CapSettings))
	}
	caps := []provenance.Cap{{Name: "cluster.FuzzyConfig.MaxKeyDocs", Limit: 30, Count: 1204, Dropped: true}}
	m.Set(Sample{Engine: provenance.EngineStats{Capped: caps}})
	if got := testutil.ToFloat64(m.capped.WithLabelValues("cluster.FuzzyConfig.MaxKeyDocs")); got != 1204 {
		t.Errorf("fuzzy keys capped: %v, want 1204", got)
	}
	if got := testutil.ToFloat64(m.capped.WithLabelValues("cluster.Config.MaxKeyDocs")); got != 0 {
		t.Errorf("fingerprints capped: %v, want 0", got)
	}
	m.Set(Sample{})
	if got := testutil.ToFloat64(m.capped.WithLabelValues("cluster.FuzzyConfig.MaxKeyDocs")); got != 0 {
		t.Errorf("fuzzy keys capped after none: %v, want 0", got)
	}
}
