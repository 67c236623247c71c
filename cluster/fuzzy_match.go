package cluster

import "fmt"

// Validate reports the first parameter that is out of range.
func (c *FuzzyConfig) Validate() error {
	switch {
	case c.KeyRate <= 0 || c.KeyRate > 1:
		return fmt.Errorf("fuzzy key rate %g: want (0, 1]", c.KeyRate)
	case c.MinSharedKeys < 1 || c.MaxKeyDocs < 2:
		return fmt.Errorf("fuzzy shared keys %d, max key documents %d: want >= 1, >= 2", c.MinSharedKeys, c.MaxKeyDocs)
	case c.MinWords < 1:
		return fmt.Errorf("fuzzy passage words %d: want >= 1", c.MinWords)
	case c.MinNumbers < 0:
		return fmt.Errorf("fuzzy seed numbers %d: want >= 0", c.MinNumbers)
	}
	return nil
}

// IndexConfig returns the index parameters of the fuzzy channel: its own
// collision count and key limit.
func (c *FuzzyConfig) IndexConfig() Config {
	cfg := DefaultConfig()
	cfg.MinCollisions, cfg.MaxKeyDocs = c.MinSharedKeys, c.MaxKeyDocs
	return cfg
}

// VerifyFuzzy runs [FuzzyVerify] on documents a and b and returns the
// outcome as a [Match]: the fuzzy passages, marked Fuzzy, with the exact
// shingle similarity of the two documents (what lineage weighs), and
// coverage from the passages.
func VerifyFuzzy(ia, ib int32, a, b *Doc, fa, fb *FuzzyDoc, cfg FuzzyConfig) (m Match, ok bool) {
	fm, ok := FuzzyVerify(ia, ib, fa, fb, cfg)
	if !ok {
		return Match{A: ia, B: ib}, false
	}
	m = Match{A: ia, B: ib, CoverageA: fm.CoverageA, CoverageB: fm.CoverageB, SharedWords: fm.SharedWords}
	if shared := sharedCount(a, b); shared > 0 {
		m.Jaccard = float64(shared) / float64(a.distinct+b.distinct-shared)
		m.ContainmentA = float64(shared) / float64(a.distinct)
		m.ContainmentB = float64(shared) / float64(b.distinct)
	}
	for _, p := range fm.Passages {
		m.Passages = append(m.Passages, Passage{
			AStart: p.AStart, AEnd: p.AEnd, BStart: p.BStart, BEnd: p.BEnd,
			ATok: p.ATok, BTok: p.BTok, Words: p.Words, Fuzzy: true,
		})
	}
	return m, true
}
