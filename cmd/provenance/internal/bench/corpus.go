package bench

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/provenance-dev/provenance/document"
	"github.com/provenance-dev/provenance/generate"
)

// ParseSize reads a byte count: a number with an optional unit, B, KB, MB,
// GB or TB (powers of 1000) or KiB, MiB, GiB, TiB (powers of 1024), in any
// case: "1GB", "200MB", "1.5 GiB", "4096".
func ParseSize(s string) (int64, error) {
	t := strings.TrimSpace(s)
	i := strings.IndexFunc(t, func(r rune) bool { return (r < '0' || r > '9') && r != '.' })
	num, unit := t, ""
	if i >= 0 {
		num, unit = t[:i], strings.ToLower(strings.TrimSpace(t[i:]))
	}
	mult := map[string]float64{
		"": 1, "b": 1,
		"kb": 1e3, "mb": 1e6, "gb": 1e9, "tb": 1e12,
		"kib": 1 << 10, "mib": 1 << 20, "gib": 1 << 30, "tib": 1 << 40,
	}[unit]
	v, err := strconv.ParseFloat(num, 64)
	if err != nil || mult == 0 || v <= 0 {
		return 0, fmt.Errorf("size %q: want a positive number of bytes with an optional unit (KB, MB, GB, MiB, GiB)", s)
	}
	return int64(v * mult), nil
}

// Corpus is the set of files a benchmark reads.
type Corpus struct {
	Dir   string `json:"dir"`
	Files int    `json:"files"`
	Bytes int64  `json:"bytes"`
	// Generated describes how the corpus was generated, if it was.
	Generated *Generated `json:"generated,omitempty"`
}

// Generated is how a corpus was generated. It is also the manifest kept in
// the corpus folder, so that a later run with the same parameters reuses
// the files.
type Generated struct {
	Seed      uint64   `json:"seed"`
	Families  int      `json:"families"`
	Unrelated int      `json:"unrelated"`
	Quotes    int      `json:"quote_groups"`
	MaxCopies int      `json:"max_copies"`
	Base      []string `json:"base,omitempty"`
	// Target is the size asked for, in bytes.
	Target int64 `json:"target_bytes"`
	// Reused says the files were already there.
	Reused  bool    `json:"reused"`
	Seconds float64 `json:"seconds,omitempty"`
}

// manifestName is the manifest's file name in a generated corpus. Its dot
// keeps compare from reading it.
const manifestName = ".provenance-bench.json"

// ErrNotEmpty is returned by [GenerateCorpus] when the folder holds files
// that are not a corpus generated with the same parameters.
var ErrNotEmpty = errors.New("folder is not empty and holds no corpus generated with these parameters")

// calibrationFamilies is the size of the sample generated to learn the
// bytes per family.
const calibrationFamilies = 300

// GenerateCorpus writes a corpus of about target bytes with the syndication
// generator (seed, and base prose from base if any) into dir, or reuses the
// one there if it was generated with the same parameters. Progress goes to
// log. Errors wrap [ErrNotEmpty], generate's errors or I/O errors.
func GenerateCorpus(dir string, target int64, seed uint64, base []string, log io.Writer) (*Corpus, error) {
	cfg := generate.DefaultConfig()
	cfg.Seed = seed
	cfg.Base = base
	cfg.Skip = func(string, error) {}

	// Learn the bytes per family (with its share of unrelated documents
	// and quote groups) from a small sample, then scale.
	sample := cfg
	sample.Families = calibrationFamilies
	sample.Unrelated = calibrationFamilies
	sample.QuoteGroups = calibrationFamilies / 10
	files, _, err := generate.Corpus(sample)
	if err != nil {
		return nil, fmt.Errorf("generate corpus: %w", err)
	}
	var sampleBytes int64
	for _, f := range files {
		sampleBytes += int64(len(f.Text))
	}
	cfg.Families = max(1, int(float64(target)*calibrationFamilies/float64(sampleBytes)+0.5))
	cfg.Unrelated = cfg.Families
	cfg.QuoteGroups = cfg.Families / 10
	want := Generated{
		Seed: seed, Families: cfg.Families, Unrelated: cfg.Unrelated, Quotes: cfg.QuoteGroups,
		MaxCopies: cfg.MaxCopies, Base: base, Target: target,
	}

	manifest := filepath.Join(dir, manifestName)
	if data, err := os.ReadFile(manifest); err == nil {
		var had Generated
		if json.Unmarshal(data, &had) == nil && had.sameAs(want) {
			c, err := ScanCorpus(dir)
			if err != nil {
				return nil, err
			}
			want.Reused = true
			c.Generated = &want
			fmt.Fprintf(log, "reusing the corpus in %s (%d files, %s)\n", dir, c.Files, FormatBytes(c.Bytes))
			return c, nil
		}
	}
	switch entries, err := os.ReadDir(dir); {
	case errors.Is(err, os.ErrNotExist):
	case err != nil:
		return nil, fmt.Errorf("generate corpus: %w", err)
	case len(entries) > 0:
		return nil, fmt.Errorf("generate corpus in %s: %w", dir, ErrNotEmpty)
	}
	fmt.Fprintf(log, "generating about %s (%d families, seed %d) in %s\n", FormatBytes(target), cfg.Families, seed, dir)
	start := time.Now()
	if _, err := generate.Write(cfg, dir); err != nil {
		return nil, fmt.Errorf("generate corpus: %w", err)
	}
	want.Seconds = time.Since(start).Seconds()
	data, err := json.MarshalIndent(want, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("generate corpus: %w", err)
	}
	if err := os.WriteFile(manifest, append(data, '\n'), 0o644); err != nil {
		return nil, fmt.Errorf("generate corpus: %w", err)
	}
	c, err := ScanCorpus(dir)
	if err != nil {
		return nil, err
	}
	c.Generated = &want
	fmt.Fprintf(log, "generated %d files, %s in %.1f s\n", c.Files, FormatBytes(c.Bytes), want.Seconds)
	return c, nil
}

func (g Generated) sameAs(h Generated) bool {
	return g.Seed == h.Seed && g.Families == h.Families && g.Unrelated == h.Unrelated &&
		g.Quotes == h.Quotes && g.MaxCopies == h.MaxCopies && slices.Equal(g.Base, h.Base)
}

// ScanCorpus lists the plain-text files compare would read under dir and
// totals their sizes. The benchmark measures plain-text corpora: other
// files (a generator's truth.json) are left out of the totals.
func ScanCorpus(dir string) (*Corpus, error) {
	ins, err := textInputs(dir)
	if err != nil {
		return nil, fmt.Errorf("scan corpus: %w", err)
	}
	c := &Corpus{Dir: dir, Files: len(ins)}
	for _, in := range ins {
		info, err := os.Stat(in.Path)
		if err != nil {
			return nil, fmt.Errorf("scan corpus: %w", err)
		}
		c.Bytes += info.Size()
	}
	if c.Files == 0 {
		return nil, fmt.Errorf("scan corpus: no text files in %s", dir)
	}
	return c, nil
}

// textInputs returns the .txt and .text files that document.Find lists
// under dir.
func textInputs(dir string) ([]document.Input, error) {
	ins, errs := document.Find([]string{dir})
	if len(errs) > 0 {
		return nil, errs[0]
	}
	return slices.DeleteFunc(ins, func(in document.Input) bool {
		ext := strings.ToLower(filepath.Ext(in.Path))
		return ext != ".txt" && ext != ".text"
	}), nil
}
