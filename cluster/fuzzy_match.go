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
//
// A passage that is boilerplate or common text is dropped by the rules of
// [VerifyOwn], with ccfg, boiler and common as there, which own also
// reports as there: a notice or an about-block that the exact channel
// drops is not found again reworded. Those rules count the exact
// fingerprints in the passage, all of them (see commonPassage), so a
// reworded passage, most of whose fingerprints are its own, is kept.
func VerifyFuzzy(ia, ib int32, a, b *Doc, fa, fb *FuzzyDoc, cfg FuzzyConfig, ccfg Config, boiler, common *KeySet) (m Match, ok bool, own [2]bool) {
	fm, ok := FuzzyVerify(ia, ib, fa, fb, cfg)
	if !ok {
		return Match{A: ia, B: ib}, false, own
	}
	m = Match{A: ia, B: ib}
	if shared := sharedCount(a, b); shared > 0 {
		m.Jaccard = float64(shared) / float64(a.distinct+b.distinct-shared)
		m.ContainmentA = float64(shared) / float64(a.distinct)
		m.ContainmentB = float64(shared) / float64(b.distinct)
	}
	near := ccfg.NearDuplicate > 0 && max(m.ContainmentA, m.ContainmentB) >= ccfg.NearDuplicate
	k := ccfg.K
	for _, fp := range fm.Passages {
		p := Passage{
			AStart: fp.AStart, AEnd: fp.AEnd, BStart: fp.BStart, BEnd: fp.BEnd,
			ATok: fp.ATok, BTok: fp.BTok, Words: fp.Words, Fuzzy: true,
		}
		if !near && dropShared(p, a, b, k, ccfg, boiler, common, true, &own) {
			continue
		}
		m.Passages = append(m.Passages, p)
	}
	if len(m.Passages) == 0 {
		return m, false, own
	}
	covA := unionLen(m.Passages, func(p Passage) [2]int { return p.ATok })
	covB := unionLen(m.Passages, func(p Passage) [2]int { return p.BTok })
	m.SharedWords = covA
	m.CoverageA = float64(covA) / float64(max(a.Words(), 1))
	m.CoverageB = float64(covB) / float64(max(b.Words(), 1))
	return m, true, own
}
