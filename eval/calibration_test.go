package eval

import (
	"math"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/provenance-dev/provenance/report"
)

// calibTruth is a family o -> c1 -> c2, o -> c3, a family p -> q and an
// unrelated u, with the kinds of their edges as a truth file gives them.
const calibTruth = `{
  "families": [
    {"members": ["c1", "c2", "c3", "o"], "original": "o", "edges": [
      {"from": "o", "to": "c1", "attributed": true, "credit": "trained", "dated": "after"},
      {"from": "c1", "to": "c2", "credit": "held-back", "dated": "undated"},
      {"from": "o", "to": "c3", "dated": "before"}]},
    {"members": ["p", "q"], "original": "p", "edges": [
      {"from": "p", "to": "q", "attributed": true, "credit": "trained", "dated": "after"}]}
  ],
  "unrelated": ["u"]
}`

// calibFound answers: o -> c1 (0.95, right and the true parent), o -> c2
// (0.75, right: o is c2's grandparent; not its parent), c1 -> c3 (0.55,
// wrong: c1 and c3 are siblings), o -> u (0.65, not judged: u is in no
// true family), q -> p (0.45, wrong way round).
func calibFound() *report.Output {
	return &report.Output{Families: []report.Family{
		fam("o", []string{"c1", "c2", "c3", "o", "u"},
			report.Edge{From: "o", To: "c1", Confidence: 0.95, Attributed: true},
			report.Edge{From: "o", To: "c2", Confidence: 0.75},
			report.Edge{From: "c1", To: "c3", Confidence: 0.55},
			report.Edge{From: "o", To: "u", Confidence: 0.65}),
		fam("q", []string{"p", "q"}, report.Edge{From: "q", To: "p", Confidence: 0.45}),
	}}
}

func writeCalibTruth(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "truth.json")
	if err := os.WriteFile(path, []byte(calibTruth), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func near(t *testing.T, name string, got, want float64) {
	t.Helper()
	if math.Abs(got-want) > 1e-9 {
		t.Errorf("%s = %.6f, want %.6f", name, got, want)
	}
}

func TestReadEdgeKinds(t *testing.T) {
	kinds, err := ReadEdgeKinds(writeCalibTruth(t))
	if err != nil {
		t.Fatal(err)
	}
	want := EdgeKinds{
		"c1": {Credit: "trained", Dated: "after"},
		"c2": {Credit: "held-back", Dated: "undated"},
		"c3": {Dated: "before"},
		"q":  {Credit: "trained", Dated: "after"},
	}
	if !reflect.DeepEqual(kinds, want) {
		t.Errorf("ReadEdgeKinds = %v, want %v", kinds, want)
	}
	if _, err := ReadEdgeKinds(filepath.Join(t.TempDir(), "none.json")); err == nil {
		t.Error("ReadEdgeKinds of a missing file: no error")
	}
}

func TestScoreFamilies_calibration(t *testing.T) {
	path := writeCalibTruth(t)
	truth, err := ReadTruth(path)
	if err != nil {
		t.Fatal(err)
	}
	kinds, err := ReadEdgeKinds(path)
	if err != nil {
		t.Fatal(err)
	}
	s := ScoreFamiliesWith(calibFound(), truth, kinds)

	// Parent accuracy: of c1, c2, c3 and q, only c1 has its true parent.
	if s.TrueEdges != 4 || s.ParentRight != 1 {
		t.Errorf("parent right %d of %d, want 1 of 4", s.ParentRight, s.TrueEdges)
	}
	near(t, "parent accuracy", s.ParentAccuracy, 0.25)
	near(t, "edge accuracy", s.EdgeAccuracy, s.ParentAccuracy)

	wantCredit := []KindAccuracy{
		{Kind: "trained", Copies: 2, Right: 1, Accuracy: 0.5}, // c1 right, q not
		{Kind: "held-back", Copies: 1, Right: 0, Accuracy: 0}, // c2
		{Kind: NoKind, Copies: 1, Right: 0, Accuracy: 0},      // c3
	}
	if !reflect.DeepEqual(s.ByCredit, wantCredit) {
		t.Errorf("by credit = %+v, want %+v", s.ByCredit, wantCredit)
	}
	wantDated := []KindAccuracy{
		{Kind: "after", Copies: 2, Right: 1, Accuracy: 0.5},
		{Kind: "before", Copies: 1, Right: 0, Accuracy: 0},
		{Kind: "undated", Copies: 1, Right: 0, Accuracy: 0},
	}
	if !reflect.DeepEqual(s.ByDated, wantDated) {
		t.Errorf("by dated = %+v, want %+v", s.ByDated, wantDated)
	}

	// Judged: o->c1 (0.95, right), o->c2 (0.75, right), c1->c3 (0.55,
	// wrong), q->p (0.45, wrong); o->u is not judged.
	if s.EdgesJudged != 4 || s.EdgesJudgedRight != 2 || s.EdgesNotJudged != 1 {
		t.Errorf("judged %d (right %d), not judged %d; want 4 (2), 1", s.EdgesJudged, s.EdgesJudgedRight, s.EdgesNotJudged)
	}
	wantBins := []ReliabilityBin{
		{Lo: 0, Hi: 0.5, Edges: 1, Right: 0, MeanConfidence: 0.45, ShareRight: 0},
		{Lo: 0.5, Hi: 0.6, Edges: 1, Right: 0, MeanConfidence: 0.55, ShareRight: 0},
		{Lo: 0.6, Hi: 0.7},
		{Lo: 0.7, Hi: 0.8, Edges: 1, Right: 1, MeanConfidence: 0.75, ShareRight: 1},
		{Lo: 0.8, Hi: 0.9},
		{Lo: 0.9, Hi: 1, Edges: 1, Right: 1, MeanConfidence: 0.95, ShareRight: 1},
	}
	if len(s.Reliability) != len(wantBins) {
		t.Fatalf("reliability = %+v, want %+v", s.Reliability, wantBins)
	}
	for i, b := range s.Reliability {
		w := wantBins[i]
		if b.Edges != w.Edges || b.Right != w.Right || math.Abs(b.Lo-w.Lo) > 1e-9 || math.Abs(b.Hi-w.Hi) > 1e-9 ||
			math.Abs(b.MeanConfidence-w.MeanConfidence) > 1e-9 || math.Abs(b.ShareRight-w.ShareRight) > 1e-9 {
			t.Errorf("bin %d = %+v, want %+v", i, b, w)
		}
	}
	// (0.05² + 0.25² + 0.55² + 0.45²) / 4; the base rate, half right,
	// scores 0.5 × 0.5.
	near(t, "brier", s.Brier, (0.0025+0.0625+0.3025+0.2025)/4)
	near(t, "brier base rate", s.BrierBaseRate, 0.25)

	// Without kinds, the truth's own (none here): no splits.
	plain := ScoreFamilies(calibFound(), truthOf())
	if plain.ByCredit != nil || plain.ByDated != nil {
		t.Errorf("splits without kinds: %+v, %+v", plain.ByCredit, plain.ByDated)
	}
}

// TestScoreFamilies_calibrationRight: every edge right, all in one bin,
// no edge below one half; the bins' table keeps its five bins.
func TestScoreFamilies_calibrationRight(t *testing.T) {
	right := &report.Output{Families: []report.Family{
		fam("o", []string{"c1", "c2", "o"}, report.Edge{From: "o", To: "c1", Confidence: 0.8, Attributed: true},
			report.Edge{From: "c1", To: "c2", Confidence: 0.8}),
		fam("p", []string{"p", "q"}, report.Edge{From: "p", To: "q", Confidence: 0.8, Attributed: true}),
	}}
	s := ScoreFamilies(right, truthOf())
	if len(s.Reliability) != 5 || s.Reliability[3].Edges != 3 || s.Reliability[3].Right != 3 || s.EdgesNotJudged != 0 {
		t.Errorf("reliability %+v, not judged %d", s.Reliability, s.EdgesNotJudged)
	}
	near(t, "brier", s.Brier, 0.04)
	near(t, "brier base rate", s.BrierBaseRate, 0)
	near(t, "parent accuracy", s.ParentAccuracy, 1)
}

func TestBinOf(t *testing.T) {
	for c, want := range map[float64]int{
		0: 0, 0.499: 0, 0.5: 1, 0.599: 1, 0.6: 2, 0.7: 3, 0.799: 3, 0.8: 4, 0.9: 5, 0.999: 5, 1: 5,
	} {
		if got := binOf(c); got != want {
			t.Errorf("binOf(%v) = %d, want %d", c, got, want)
		}
	}
}
