package codec

import (
	"errors"
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/provenance-dev/provenance"
	"github.com/provenance-dev/provenance/cluster"
	"github.com/provenance-dev/provenance/lineage"
)

func sampleDoc() *provenance.StoredDoc {
	return &provenance.StoredDoc{Seq: 42, ID: "a/b.txt", Path: "/feeds/a/b.txt", Source: "Radio Free Europe/Radio Liberty",
		Title: "Putin Tells Trump", URL: "https://x.example/1", Author: "Jane Doe",
		Published: time.Date(2025, 7, 3, 12, 27, 12, 5, time.UTC), PublishedDay: true, Words: 512, Bytes: 3001,
		Sum: math.MaxUint64, Keys: []uint64{1, 1 << 63, 7}, FuzzyKeys: []uint64{9},
		Evidence: lineage.Evidence{Credits: []lineage.Credit{{Line: "via AP", Name: "AP"}, {Line: "X — y", Name: "X", Dateline: true}},
			NameCounts: []int{0, 2}, Lines: []string{"Via The Daily Origin", "© 2025 Outlet"}},
		File: "/feeds/a/b.txt", Added: time.Unix(1700000000, 0).UTC(),
		Canonical: "https://origin.example/story", PublishedMonth: true,
		Updated: time.Date(2025, 7, 4, 9, 30, 0, 0, time.UTC), UpdatedDay: true}
}

// TestDoc_before: a document record written before canonical links and
// revision dates were stored reads back, with those fields empty.
func TestDoc_before(t *testing.T) {
	d := sampleDoc()
	d.Canonical, d.PublishedMonth, d.Updated, d.UpdatedDay, d.UpdatedMonth = "", false, time.Time{}, false, false
	d.Evidence.Lines = nil
	rec := AppendDoc(nil, d)
	var tail writer
	tail.str("")
	tail.bool(false)
	tail.time(time.Time{})
	tail.bool(false)
	tail.bool(false)
	tail.uvarint(0)
	old := append([]byte{fmtDoc1}, rec[1:len(rec)-len(tail.b)]...)
	if got, err := Doc(old); err != nil || !reflect.DeepEqual(got, d) {
		t.Errorf("Doc(record of before) = %+v, %v; want %+v", got, err, d)
	}
	if _, err := Doc(rec[:len(rec)-len(tail.b)]); !errors.Is(err, ErrCorrupt) {
		t.Errorf("Doc(record cut before its new fields) = %v, want ErrCorrupt", err)
	}
}

func sampleMatch() *provenance.StoredMatch {
	return &provenance.StoredMatch{A: 3, B: 1, Match: cluster.Match{Jaccard: 0.26, ContainmentA: 0.61, ContainmentB: 1.0 / 3,
		CoverageA: 0.85, CoverageB: 0.48, SharedWords: 385,
		Passages: []cluster.Passage{{AStart: 1, AEnd: 2, BStart: 3, BEnd: 4, ATok: [2]int{5, 6}, BTok: [2]int{7, 8}, Words: 9, Fuzzy: true}}}}
}

func sampleFamily() *provenance.StoredFamily {
	return &provenance.StoredFamily{Seq: 5, ID: "f0123456789ab", Members: []uint64{3, 1, 9}, Original: 3,
		Edges: []provenance.StoredEdge{{From: 3, To: 1, Confidence: 0.94, Attributed: true, Evidence: []string{"a", ""}},
			{From: 1, To: 9, Confidence: 0.5}},
		Created: time.Unix(1, 2).UTC(), Updated: time.Unix(3, 4).UTC()}
}

func sampleFile() *provenance.FileRecord {
	return &provenance.FileRecord{Path: "/feeds/feed.xml", Size: 1234, MTime: time.Unix(1700000001, 999).UTC(), Hash: 77,
		Items: []provenance.FileItem{{ID: "feed.xml#1", Seq: 4, Sum: 8}, {ID: "feed.xml#2"}}, Deleted: true}
}

// TestRoundTrip checks that every record reads back as it was written,
// floats to the bit.
func TestRoundTrip(t *testing.T) {
	d := sampleDoc()
	if got, err := Doc(AppendDoc(nil, d)); err != nil || !reflect.DeepEqual(got, d) {
		t.Errorf("Doc(AppendDoc(d)) = %+v, %v; want %+v", got, err, d)
	}
	empty := &provenance.StoredDoc{Seq: 1, ID: "x"}
	if got, err := Doc(AppendDoc(nil, empty)); err != nil || !reflect.DeepEqual(got, empty) {
		t.Errorf("Doc(AppendDoc(empty)) = %+v, %v; want %+v", got, err, empty)
	}
	m := sampleMatch()
	if got, err := Match(AppendMatch(nil, m)); err != nil || !reflect.DeepEqual(got, m) {
		t.Errorf("Match(AppendMatch(m)) = %+v, %v; want %+v", got, err, m)
	}
	f := sampleFamily()
	if got, err := Family(AppendFamily(nil, f)); err != nil || !reflect.DeepEqual(got, f) {
		t.Errorf("Family(AppendFamily(f)) = %+v, %v; want %+v", got, err, f)
	}
	r := sampleFile()
	if got, err := File(AppendFile(nil, r)); err != nil || !reflect.DeepEqual(got, r) {
		t.Errorf("File(AppendFile(r)) = %+v, %v; want %+v", got, err, r)
	}
	c := provenance.Counters{NextDoc: 9, NextFamily: 3, Events: 100, Settings: "v1 k=5"}
	if got, err := Counters(AppendCounters(nil, c)); err != nil || got != c {
		t.Errorf("Counters(AppendCounters(c)) = %+v, %v; want %+v", got, err, c)
	}
}

// TestCorrupt checks that every truncation and a changed format byte of
// each record is refused with ErrCorrupt, without a panic.
func TestCorrupt(t *testing.T) {
	recs := map[string][]byte{
		"doc":      AppendDoc(nil, sampleDoc()),
		"match":    AppendMatch(nil, sampleMatch()),
		"family":   AppendFamily(nil, sampleFamily()),
		"file":     AppendFile(nil, sampleFile()),
		"counters": AppendCounters(nil, provenance.Counters{NextDoc: 1, Settings: "s"}),
	}
	decode := map[string]func([]byte) error{
		"doc":      func(b []byte) error { _, err := Doc(b); return err },
		"match":    func(b []byte) error { _, err := Match(b); return err },
		"family":   func(b []byte) error { _, err := Family(b); return err },
		"file":     func(b []byte) error { _, err := File(b); return err },
		"counters": func(b []byte) error { _, err := Counters(b); return err },
	}
	for name, rec := range recs {
		for n := range len(rec) {
			if err := decode[name](rec[:n]); !errors.Is(err, ErrCorrupt) {
				t.Errorf("%s cut to %d of %d bytes: error %v, want ErrCorrupt", name, n, len(rec), err)
			}
		}
		bad := append([]byte{'?'}, rec[1:]...)
		if err := decode[name](bad); !errors.Is(err, ErrCorrupt) {
			t.Errorf("%s with a wrong format byte: error %v, want ErrCorrupt", name, err)
		}
		if err := decode[name](append(rec, 0)); !errors.Is(err, ErrCorrupt) {
			t.Errorf("%s with a byte too many: error %v, want ErrCorrupt", name, err)
		}
	}
}

// FuzzDoc checks that no input makes Doc panic, and that what it accepts
// writes back the same.
func FuzzDoc(f *testing.F) {
	f.Add(AppendDoc(nil, sampleDoc()))
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := Doc(b)
		if err != nil {
			return
		}
		if again, err := Doc(AppendDoc(nil, d)); err != nil || !reflect.DeepEqual(again, d) {
			t.Fatalf("a decoded record does not read back the same: %v", err)
		}
	})
}

// TestBatch_roundTrip checks a batch reads back as written, texts and
// files left out, and that every truncation is refused.
func TestBatch_roundTrip(t *testing.T) {
	d := sampleDoc()
	d.Text = []byte("dropped")
	b := &provenance.Batch{Docs: []*provenance.StoredDoc{d, {Seq: 2, ID: "y"}}, DeleteDocs: []uint64{7, 8},
		Matches: []*provenance.StoredMatch{sampleMatch()}, DeleteMatches: [][2]uint64{{1, 2}},
		Families: []*provenance.StoredFamily{sampleFamily()}, DeleteFamilies: []uint64{4}, DeleteFamilyIDs: []string{"fold"},
		Files: []*provenance.FileRecord{sampleFile()}, Events: [][]byte{[]byte("{}")},
		Counters: provenance.Counters{NextDoc: 3, NextFamily: 5, Events: 9, Settings: "s"}}
	rec := AppendBatch(nil, b)
	got, err := Batch(rec)
	if err != nil {
		t.Fatal(err)
	}
	want := *b
	dd := *d
	dd.Text = nil
	want.Docs = []*provenance.StoredDoc{&dd, b.Docs[1]}
	want.Files, want.Events = nil, nil
	if !reflect.DeepEqual(got, &want) {
		t.Errorf("Batch(AppendBatch(b)) = %+v, want %+v", got, &want)
	}
	for n := range len(rec) {
		if _, err := Batch(rec[:n]); !errors.Is(err, ErrCorrupt) {
			t.Fatalf("batch cut to %d of %d bytes: %v, want ErrCorrupt", n, len(rec), err)
		}
	}
}
