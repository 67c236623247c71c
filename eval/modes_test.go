package eval

import (
	"testing"

	"github.com/provenance-dev/provenance"
	"github.com/provenance-dev/provenance/generate"
	"github.com/provenance-dev/provenance/report"
)

// modeCase is a generator mode, the corpus made of it, and the least
// figures it must score.
type modeCase struct {
	mode      string
	families  int
	maxCopies int
	// Floors: pair F1, parent accuracy (edge accuracy), and the most
	// Brier score; stray, if set, the most share of matches that are
	// stray (see Score.StrayMatches).
	f1, parent, brier, stray float64
	// fuzzy turns the fuzzy channel on.
	fuzzy bool
}

// name is the case's subtest name: its mode, and "+fuzzy" with the fuzzy
// channel on.
func (c modeCase) name() string {
	if c.fuzzy {
		return c.mode + "+fuzzy"
	}
	return c.mode
}

// scoreMode generates the corpus of c, runs the pipeline and scores it.
func scoreMode(t *testing.T, c modeCase) *Score {
	t.Helper()
	dir := t.TempDir()
	cfg := generate.DefaultConfig()
	cfg.Mode, cfg.Families, cfg.Seed = c.mode, c.families, 1
	cfg.Unrelated, cfg.QuoteGroups = c.families, c.families/10
	if c.maxCopies > 0 {
		cfg.MaxCopies = c.maxCopies
	}
	truth, err := generate.Write(cfg, dir)
	if err != nil {
		t.Fatal(err)
	}
	opt := provenance.DefaultOptions()
	opt.DropText = true
	opt.Fuzzy = c.fuzzy
	res, err := provenance.CompareFiles([]string{dir}, opt)
	if err != nil {
		t.Fatal(err)
	}
	return ScoreFamilies(report.Build(res), truth)
}

// checkMode logs a mode's figures and fails where one is under its floor.
func checkMode(t *testing.T, c modeCase) {
	s := scoreMode(t, c)
	t.Logf("%s: %d families; pair precision %.4f, recall %.4f, F1 %.4f; original %.4f; parent %.4f (%d of %d); Brier %.4f (base rate %.4f); stray matches %d of %d",
		c.name(), s.Families, s.PairPrecision, s.PairRecall, s.PairF1, s.OriginalAccuracy, s.ParentAccuracy, s.ParentRight, s.TrueEdges, s.Brier, s.BrierBaseRate,
		s.StrayMatches, s.Matches)
	for _, k := range append(s.ByCredit, s.ByDated...) {
		t.Logf("  parent accuracy, %-9s %.4f (%d of %d)", k.Kind, k.Accuracy, k.Right, k.Copies)
	}
	if s.PairF1 < c.f1 {
		t.Errorf("%s: pair F1 %.4f, want >= %.2f", c.name(), s.PairF1, c.f1)
	}
	if s.ParentAccuracy < c.parent {
		t.Errorf("%s: parent accuracy %.4f, want >= %.2f", c.name(), s.ParentAccuracy, c.parent)
	}
	if s.Brier > c.brier {
		t.Errorf("%s: Brier score %.4f, want <= %.3f", c.name(), s.Brier, c.brier)
	}
	if c.stray > 0 && float64(s.StrayMatches) > c.stray*float64(s.Matches) {
		t.Errorf("%s: %d of %d matches stray, want at most %.2f of them", c.name(), s.StrayMatches, s.Matches, c.stray)
	}
}

// TestModes scores small corpora of each generator mode: copies cut from
// the middle or the end, undated or dated before their parent, credited in
// wordings lineage was not written for, by outlets of any name (the
// independent mode); stars of copies of one original; chains of copies
// crediting their parents; one outlet's versions of an article; copies
// all dated before their parents. The floors sit a little under what
// these corpora score (see the README for the large ones, which
// -tags largeeval checks).
func TestModes(t *testing.T) {
	for _, c := range []modeCase{
		{mode: generate.ModeIndependent, families: 150, f1: 0.99, parent: 0.93, brier: 0.05},
		{mode: generate.ModeStar, families: 3, maxCopies: 80, f1: 0.99, parent: 0.93, brier: 0.05},
		{mode: generate.ModeChain, families: 100, maxCopies: 5, f1: 0.99, parent: 0.92, brier: 0.05},
		{mode: generate.ModeVersions, families: 100, maxCopies: 5, f1: 0.97, parent: 0.95, brier: 0.07},
		{mode: generate.ModeEarly, families: 150, f1: 0.99, parent: 0.9, brier: 0.06},
		{mode: generate.ModeCuts, families: 150, f1: 0.99, parent: 0.93, brier: 0.04},
	} {
		t.Run(c.name(), func(t *testing.T) { checkMode(t, c) })
	}
}
