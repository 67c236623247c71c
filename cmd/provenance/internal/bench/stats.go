package bench

import (
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/provenance-dev/provenance"
)

// RunStats is what `provenance compare --stats FILE` writes: the counts and
// stage times of one run, as JSON.
type RunStats struct {
	Files       int64 `json:"files"`
	Bytes       int64 `json:"bytes"`
	Candidates  int   `json:"candidates"`
	Postings    int   `json:"postings"`
	Boilerplate int   `json:"boilerplate"`
	Common      int   `json:"common"`
	Workers     int   `json:"workers"`
	// Stages are in pipeline order.
	Stages []Stage `json:"stages"`
	// TotalSeconds is the wall time of reading and comparing, without
	// writing the report.
	TotalSeconds float64 `json:"total_seconds"`
	// PeakRSS is the process's own peak resident set when it wrote the
	// stats, in bytes (VmHWM; 0 where unknown).
	PeakRSS int64 `json:"peak_rss_bytes,omitempty"`
}

// Stage is the time of one pipeline stage.
type Stage struct {
	Name string `json:"name"`
	// Seconds is wall time. For a stage timed per item and summed over
	// workers it is that sum divided by the workers, which is at most the
	// stage's wall time (equal when the workers are never idle).
	Seconds float64 `json:"seconds"`
	// WorkerSeconds, when set, is the time summed over workers.
	WorkerSeconds float64 `json:"worker_seconds,omitempty"`
}

// FromStats maps a run's Stats, the workers it used and the time taken to
// write its report to RunStats. It is the one place that knows the fields
// of provenance.Stats.
func FromStats(s provenance.Stats, workers int, output time.Duration) RunStats {
	summed := func(name string, d time.Duration) Stage {
		return Stage{Name: name, Seconds: d.Seconds() / float64(workers), WorkerSeconds: d.Seconds()}
	}
	wall := func(name string, d time.Duration) Stage { return Stage{Name: name, Seconds: d.Seconds()} }
	// Lineage inferred within verification counts as lineage, by its
	// time summed over workers divided by the workers.
	inVerify := s.LineageWork / time.Duration(max(workers, 1))
	return RunStats{
		Files:       s.Files,
		Bytes:       s.Bytes,
		Candidates:  s.Candidates,
		Postings:    s.Postings,
		Boilerplate: s.Boilerplate,
		Common:      s.Common,
		Workers:     workers,
		Stages: []Stage{
			summed("read", s.Read),
			summed("tokenize", s.Tokenize),
			summed("sketch", s.Sketch),
			summed("checksum", s.Checksum),
			wall("index+query", s.Index),
			wall("verify+align", s.Verify-inVerify),
			wall("lineage", s.Lineage+inVerify),
			wall("output", output),
		},
		TotalSeconds: s.Total.Seconds(),
	}
}

// WriteStats writes s as JSON to path.
func WriteStats(path string, s RunStats) error {
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return fmt.Errorf("write stats: %w", err)
	}
	if err := os.WriteFile(path, append(data, '\n'), 0o644); err != nil {
		return fmt.Errorf("write stats: %w", err)
	}
	return nil
}

// ReadStats reads what [WriteStats] wrote.
func ReadStats(path string) (RunStats, error) {
	var s RunStats
	data, err := os.ReadFile(path)
	if err != nil {
		return s, fmt.Errorf("read stats: %w", err)
	}
	if err := json.Unmarshal(data, &s); err != nil {
		return s, fmt.Errorf("read stats %s: %w", path, err)
	}
	return s, nil
}
