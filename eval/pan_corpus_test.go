//go:build paneval

package eval

// The PAN 2013 evaluation reads ../shared/eval/pan13, which is not part of
// this repository: it runs only with -tags paneval (CI does so).
//
//	go test -tags paneval -run TestPAN13 -v ./eval/

import (
	"path/filepath"
	"testing"

	"github.com/provenance-dev/provenance"
)

const pan13 = "../../shared/eval/pan13"

// TestPAN13 guards the measured text alignment accuracy on the PAN 2013
// training corpus copy against regressions. The floors are the figures
// measured when each was last improved, less a small margin.
func TestPAN13(t *testing.T) {
	corpus, err := LoadPAN(pan13)
	if err != nil {
		t.Fatal(err)
	}
	res, err := provenance.CompareFiles([]string{filepath.Join(pan13, "susp"), filepath.Join(pan13, "src")}, provenance.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	floors := map[string]struct{ detected, plagdet float64 }{
		"no-obfuscation":          {0.99, 0.95},
		"random-obfuscation":      {0.10, 0},
		"translation-obfuscation": {0.25, 0},
	}
	for _, s := range ScorePAN(corpus, res) {
		t.Logf("%-24s pairs %d detected %.4f", s.Type, s.Pairs-s.Missing, s.DetectedShare)
		if s.Plagdet != nil {
			t.Logf("%-24s precision %.4f recall %.4f granularity %.4f plagdet %.4f", s.Type, *s.MacroPrecision, *s.MacroRecall, *s.Granularity, *s.Plagdet)
		}
		if s.Type == NoPlagiarism {
			if s.DetectedShare > 0.01 {
				t.Errorf("no-plagiarism: %.4f of pairs wrongly detected, want <= 0.01", s.DetectedShare)
			}
			continue
		}
		f, ok := floors[s.Type]
		if !ok {
			continue
		}
		if s.DetectedShare < f.detected {
			t.Errorf("%s: detected %.4f, want >= %.2f", s.Type, s.DetectedShare, f.detected)
		}
		if s.Plagdet != nil && *s.Plagdet < f.plagdet {
			t.Errorf("%s: plagdet %.4f, want >= %.2f", s.Type, *s.Plagdet, f.plagdet)
		}
	}
}
