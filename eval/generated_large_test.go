//go:build largeeval

package eval

// The accuracy targets on a generated corpus of 2,000 families, as the
// README states them. It takes about a minute, so it runs only with
// -tags largeeval (CI does so):
//
//	go test -tags largeeval -run TestGenerated2000 -v ./eval/

import (
	"testing"

	"github.com/provenance-dev/provenance/generate"
)

// TestGenerated2000 scores the README's corpus: what
// "provenance generate --families 2000" writes (as many unrelated
// documents as families, a tenth as many quote groups).
func TestGenerated2000(t *testing.T) {
	s := scoreMode(t, modeCase{mode: generate.ModeDefault, families: 2000})
	t.Logf("pair P %.4f R %.4f F1 %.4f; original %.4f; edge direction %.4f (edge accuracy %.4f); attributed %.4f",
		s.PairPrecision, s.PairRecall, s.PairF1, s.OriginalAccuracy, s.EdgeDirectionAccuracy, s.EdgeAccuracy, s.AttributedAccuracy)
	for _, k := range append(s.ByCredit, s.ByDated...) {
		t.Logf("parent accuracy, %-9s %.4f (%d of %d)", k.Kind, k.Accuracy, k.Right, k.Copies)
	}
	for _, b := range s.Reliability {
		t.Logf("confidence [%.1f, %.1f): %4d edges, mean %.4f, right %.4f", b.Lo, b.Hi, b.Edges, b.MeanConfidence, b.ShareRight)
	}
	t.Logf("Brier %.4f (base rate %.4f); %d edges not judged", s.Brier, s.BrierBaseRate, s.EdgesNotJudged)
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"pair F1", s.PairF1, 0.98},
		{"original accuracy", s.OriginalAccuracy, 0.95},
		{"edge direction accuracy", s.EdgeDirectionAccuracy, 0.95},
		// Edges found and pointed right, over the truth's edges: it
		// counts missed edges, which direction accuracy does not.
		{"edge accuracy", s.EdgeAccuracy, 0.95},
		{"attributed flag accuracy", s.AttributedAccuracy, 0.98},
	} {
		if c.got < c.want {
			t.Errorf("%s %.4f, want >= %.2f", c.name, c.got, c.want)
		}
	}
}

// TestModesLarge scores the README's corpus of each generator mode and
// asserts its targets: parent accuracy of 0.95 in each, one outlet's
// versions (half with neither date nor source) included.
func TestModesLarge(t *testing.T) {
	for _, c := range []modeCase{
		{mode: generate.ModeIndependent, families: 500, f1: 0.99, parent: 0.95, brier: 0.04},
		{mode: generate.ModeStar, families: 20, maxCopies: 300, f1: 0.99, parent: 0.95, brier: 0.04},
		{mode: generate.ModeChain, families: 300, maxCopies: 5, f1: 0.99, parent: 0.95, brier: 0.04},
		{mode: generate.ModeCuts, families: 500, f1: 0.99, parent: 0.95, brier: 0.04},
		{mode: generate.ModeEarly, families: 500, f1: 0.99, parent: 0.95, brier: 0.05},
		{mode: generate.ModeVersions, families: 300, maxCopies: 5, f1: 0.98, parent: 0.95, brier: 0.07},
	} {
		t.Run(c.mode, func(t *testing.T) { checkMode(t, c) })
	}
}
