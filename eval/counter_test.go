package eval

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/provenance-dev/provenance/report"
)

func writeCounterPairs(t *testing.T, lines ...string) string {
	t.Helper()
	dir := t.TempDir()
	text := "derived\tsource\tlabel\tderived_outlet\tsource_outlet\tderived_date\tsource_date\tdomain\n" + strings.Join(lines, "\n") + "\n"
	if err := os.WriteFile(filepath.Join(dir, "pairs.tsv"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestLoadCounter(t *testing.T) {
	dir := writeCounterPairs(t,
		"d1\ts1\twholly\tdaily_waqt\tAPP\t2014-12-02\t2014-12-01\tsports",
		"d2\ts1\tnon\texpress\tAPP\t2014-12-02\t2014-12-01\tsports",
		"s1\td1\twholly", // the same pair again, the other way round: one pair
	)
	c, err := LoadCounter(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []CounterPair{
		{Derived: "d1", Source: "s1", Label: Wholly, DerivedOutlet: "daily_waqt", SourceOutlet: "APP", DerivedDate: "2014-12-02", SourceDate: "2014-12-01", Domain: "sports"},
		{Derived: "d2", Source: "s1", Label: NonDerived, DerivedOutlet: "express", SourceOutlet: "APP", DerivedDate: "2014-12-02", SourceDate: "2014-12-01", Domain: "sports"},
	}
	if fmt.Sprint(c.Pairs) != fmt.Sprint(want) {
		t.Errorf("pairs = %+v, want %+v", c.Pairs, want)
	}
	if c.Texts() != filepath.Join(dir, "texts") {
		t.Errorf("Texts() = %q", c.Texts())
	}
	for _, tt := range []struct {
		name  string
		lines []string
		want  string
	}{
		{"bad label", []string{"d1\ts1\tmostly"}, `label "mostly"`},
		{"short line", []string{"d1 s1 wholly"}, "want derived, source and label"},
		{"two labels", []string{"d1\ts1\twholly", "s1\td1\tnon"}, "labelled both wholly and non"},
		{"no pairs", nil, "no pairs"},
	} {
		if _, err := LoadCounter(writeCounterPairs(t, tt.lines...)); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want it to say %q", tt.name, err, tt.want)
		}
	}
	if _, err := LoadCounter(t.TempDir()); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("no pairs.tsv: error %v, want fs.ErrNotExist", err)
	}
}

func TestScoreCounter(t *testing.T) {
	dir := writeCounterPairs(t,
		"d1\ts1\twholly",    // found, s1 d1's parent: upstream
		"d2\ts1\twholly",    // found, d2 the family's original: downstream
		"d3\ts2\twholly",    // missed
		"m1\ts7\twholly",    // m1 not read
		"d4\ts3\tpartially", // found, s3 d4's grandparent: upstream
		"d6\ts4\tpartially", // missed
		"n1\ts5\tnon",       // joined, wrongly
		"n2\ts6\tnon",       // not joined
	)
	c, err := LoadCounter(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := &report.Output{Families: []report.Family{
		fam("d2", []string{"d1", "d2", "s1"}, report.Edge{From: "d2", To: "s1"}, report.Edge{From: "s1", To: "d1"}),
		fam("s3", []string{"d4", "d5", "s3"}, report.Edge{From: "s3", To: "d5"}, report.Edge{From: "d5", To: "d4"}),
		fam("s5", []string{"n1", "s5"}, report.Edge{From: "s5", To: "n1"}),
		fam("x", []string{"d3", "x"}, report.Edge{From: "x", To: "d3"}),
	}}
	for _, id := range []string{"s1", "d1", "d2", "d3", "s2", "d4", "d5", "s3", "d6", "s4", "n1", "s5", "n2", "s6", "s7", "x"} {
		out.Documents = append(out.Documents, report.Document{ID: id})
	}
	s := ScoreCounter(c, out)
	want := []CounterLabel{
		{Label: Wholly, Pairs: 3, Missing: 1, InOneFamily: 2, InOneFamilyShare: 2.0 / 3, AgencyUpstream: 1, AgencyUpstreamShare: 0.5},
		{Label: Partially, Pairs: 2, InOneFamily: 1, InOneFamilyShare: 0.5, AgencyUpstream: 1, AgencyUpstreamShare: 1},
		{Label: NonDerived, Pairs: 2, InOneFamily: 1, InOneFamilyShare: 0.5, AgencyUpstream: 1, AgencyUpstreamShare: 1},
	}
	if fmt.Sprint(s.Labels) != fmt.Sprint(want) {
		t.Errorf("labels:\n got %+v\nwant %+v", s.Labels, want)
	}
	near(t, "wholly in one family", s.WhollyInOneFamily, 2.0/3)
	near(t, "agency upstream", s.AgencyUpstream, 0.5)
	near(t, "partially in one family", s.PartiallyInOneFamily, 0.5)
	near(t, "non joined", s.NonJoined, 0.5)
	// Found pairs: 3 + 3 + 1 + 1. Labelled: s1-d1, s1-d2 (wholly), s3-d4
	// (partially), s5-n1 (non).
	if s.FoundPairs != 8 || s.PairsJudged != 4 || s.PairsDerived != 3 {
		t.Errorf("found %d pairs, judged %d, derived %d; want 8, 4, 3", s.FoundPairs, s.PairsJudged, s.PairsDerived)
	}
	near(t, "pair precision", s.PairPrecision, 0.75)
	// Both named: s1-d1, s1-d2, d1-d2 (siblings of s1: right), s3-d4
	// (right), s5-n1 (wrong); d5 and x are named by no pair.
	if s.FamilyPairsJudged != 5 || s.FamilyPairsRight != 4 {
		t.Errorf("family pairs: %d right of %d judged, want 4 of 5", s.FamilyPairsRight, s.FamilyPairsJudged)
	}
	near(t, "family pair precision", s.FamilyPairPrecision, 0.8)
	wantErrs := []Error{
		{Kind: "agency_downstream", A: "d2", B: "s1", Detail: "no parent found"},
		{Kind: "joined_non", A: "n1", B: "s5", Detail: "family of original s5"},
		{Kind: "missed_partially", A: "d6", B: "s4", Detail: "derived in no family, source in no family"},
		{Kind: "missed_wholly", A: "d3", B: "s2", Detail: "derived in a family of 2, source in no family"},
	}
	if fmt.Sprint(s.Errors) != fmt.Sprint(wantErrs) {
		t.Errorf("errors:\n got %+v\nwant %+v", s.Errors, wantErrs)
	}

	// Nothing found: every derived pair missed, nothing joined.
	none := ScoreCounter(c, &report.Output{Documents: out.Documents})
	if none.WhollyInOneFamily != 0 || none.NonJoined != 0 || none.AgencyUpstream != 1 || none.PairsJudged != 0 || none.PairPrecision != 1 {
		t.Errorf("nothing found: %+v", none)
	}
}
