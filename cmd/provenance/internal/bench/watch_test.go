package bench

import (
	"testing"

	"github.com/provenance-dev/provenance/generate"
)

// TestRunWatch runs the daemon's benchmark on a small corpus, fed at full
// speed and at a rate, and checks its figures hold together.
func TestRunWatch(t *testing.T) {
	dir := t.TempDir()
	cfg := generate.DefaultConfig()
	cfg.Families, cfg.Seed = 20, 4
	if _, err := generate.Write(cfg, dir); err != nil {
		t.Fatal(err)
	}
	for _, rate := range []float64{0, 200} {
		r, err := RunWatch(WatchConfig{Corpus: dir, Rate: rate, Files: 60})
		if err != nil {
			t.Fatal(err)
		}
		if r.Files != 60 || r.Docs != 60 {
			t.Errorf("rate %v: %d files, %d documents; want 60 of each", rate, r.Files, r.Docs)
		}
		if r.DocsPerSec <= 0 || r.LatencyP50 <= 0 || r.LatencyP99 < r.LatencyP50 || r.LatencyMax < r.LatencyP99 {
			t.Errorf("rate %v: %.0f documents/s, latency p50 %.3f p99 %.3f max %.3f", rate, r.DocsPerSec,
				r.LatencyP50, r.LatencyP99, r.LatencyMax)
		}
		if rate > 0 && r.Seconds < 60/rate*0.9 {
			t.Errorf("rate %v: 60 files took %.2f s, faster than they were delivered", rate, r.Seconds)
		}
		if r.StoreBytes <= 0 || r.PeakRSS <= 0 {
			t.Errorf("rate %v: store %d bytes, peak RSS %d", rate, r.StoreBytes, r.PeakRSS)
		}
	}
}
