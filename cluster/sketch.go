// Package cluster implements passage-level reuse detection: fingerprints
// of each document's shingles, an index over them, verification of
// candidate document pairs by their exact shared shingles, alignment of
// those shingles into passages with byte spans in both documents, and
// families of documents joined by derivation.
//
// Fingerprints are selected by winnowing (S. Schleimer, D. Wilkerson and
// A. Aiken, "Winnowing: local algorithms for document fingerprinting",
// SIGMOD 2003): every window of w consecutive shingle hashes contributes
// its minimum, a one-value MinHash of the window. Consecutive windows
// mostly share their minimum, so a document keeps about 2/(w+1) of its
// shingles, and any passage of at least w+k-1 words shared by two
// documents gives both at least one common fingerprint, wherever it lies.
// Unlike a banded MinHash index over passage windows, which stores
// bands x windows keys per document, this keeps a fixed small share of the
// shingles, and each key is a shingle hash, so keys that turn out to be
// boilerplate map back to text.
//
// The package is pure: no I/O, flags, logging or globals (beyond pools of
// scratch buffers); results are
// deterministic.
package cluster

import (
	"fmt"
	"math/bits"

	"github.com/provenance-dev/provenance/shingle"
)

// Config holds the parameters of sketching, indexing, alignment and
// families. [DefaultConfig] gives values measured to work; the zero value
// is not usable.
type Config struct {
	// K is the shingle width in tokens.
	K int
	// Winnow is the winnowing window in shingles: each run of Winnow
	// consecutive shingles gives its smallest hash as a fingerprint. A
	// shared passage of Winnow+K-1 words or more always shares one.
	Winnow int
	// MinCollisions is how many distinct fingerprints two documents must
	// share to become a candidate pair.
	MinCollisions int
	// MaxKeyDocs: a fingerprint held by more documents than this makes
	// candidates only through anchors: each holder is paired with the
	// PopularAnchors holders of lowest rank (earliest published, in
	// compare and the engine), so that a wire story carried by thousands
	// of outlets is still one family, at a cost that grows with its
	// copies, not their square. PopularAnchors 0 makes such a
	// fingerprint make no candidates.
	MaxKeyDocs     int
	PopularAnchors int
	// BoilerplateDocs: a fingerprint held by at least this many documents
	// of one named source is that source's boilerplate (a newsletter
	// prompt, a copyright line); it makes no candidates, and passages
	// made mostly of boilerplate are dropped. 0 turns this off.
	BoilerplateDocs int
	// NearDuplicate: two documents of which one has this share of its
	// fingerprints (or shingles) in the other are near duplicates (an
	// article's versions, an outlet's print and web pages): the
	// boilerplate they share still makes them a candidate pair and is
	// kept in their passages, so that one outlet's copies of one text are
	// not taken for its boilerplate. 0 turns this off.
	NearDuplicate float64
	// CommonDocs and CommonShare find boilerplate that no source name
	// explains (a series' status and licence paragraphs, a company's
	// about-block in its releases carried by many outlets): a fingerprint
	// held by at least CommonDocs documents of distinct bodies is common,
	// and a passage whose shared fingerprints are mostly common (or
	// boilerplate) is dropped, but between near duplicates, where it is
	// less than CommonShare of both documents' words, or of one document
	// whose other text is mostly its own. Where that other text is common
	// too, the document is a text many carry (a wire story, an original
	// many copies took parts of) and the passage a part of it: it stays.
	// CommonDocs 0 turns this off.
	CommonDocs  int
	CommonShare float64

	// MaxGap is the largest gap, in tokens, bridged when aligned runs of
	// shared shingles are chained into one passage.
	MaxGap int
	// MinPassageWords drops aligned passages shorter than this.
	MinPassageWords int
	// QuoteMaxWords: a passage that lies inside quotation marks in both
	// documents and is shorter than this is a shared quotation, not reuse.
	QuoteMaxWords int
	// MinMatchWords is the least number of words in accepted passages for a
	// document pair to be a match.
	MinMatchWords int
	// DeriveCoverage is the share of one document that must lie in passages
	// shared with the other for the pair to be a derivation (a family edge).
	DeriveCoverage float64
	// MaxPairsPerShingle caps the anchor pairs made by one shingle that
	// repeats in both documents; the occurrences it passes over are then
	// paired along the diagonals of nearby runs and in order, so that
	// repeated text still aligns (see [Verify]).
	MaxPairsPerShingle int

	// HugePages asks the kernel to back an index's large arrays with
	// huge pages (see internal/hugepage). It pays for an index that
	// answers many queries ([Index.Query]), whose lookups land at random
	// places; an index built to be walked once ([Index.PairsBelow]) gains
	// nothing, and huge pages can cost more to fault in.
	HugePages bool
}

// DefaultConfig returns the default parameters: 5-word shingles winnowed
// in windows of 10, so a document keeps about 2 shingles in 11 and any
// shared passage of 14 words gives a common fingerprint; pairs sharing 2
// fingerprints are verified.
func DefaultConfig() Config {
	return Config{
		K:                  shingle.DefaultK,
		Winnow:             10,
		MinCollisions:      2,
		MaxKeyDocs:         1000,
		PopularAnchors:     4,
		BoilerplateDocs:    3,
		NearDuplicate:      0.8,
		CommonDocs:         5,
		CommonShare:        0.3,
		MaxGap:             25,
		MinPassageWords:    12,
		QuoteMaxWords:      60,
		MinMatchWords:      25,
		DeriveCoverage:     0.3,
		MaxPairsPerShingle: 16,
	}
}

// Validate reports the first parameter that is out of range.
func (c *Config) Validate() error {
	switch {
	case c.K < 1 || c.K > 63:
		return fmt.Errorf("shingle width %d: want 1..63", c.K)
	case c.Winnow < 1:
		return fmt.Errorf("winnowing window %d: want >= 1", c.Winnow)
	case c.NearDuplicate < 0 || c.NearDuplicate > 1:
		return fmt.Errorf("near-duplicate share %g: want 0..1", c.NearDuplicate)
	case c.PopularAnchors < 0:
		return fmt.Errorf("popular anchors %d: want >= 0", c.PopularAnchors)
	case c.MinCollisions < 1 || c.MaxKeyDocs < 2 || c.BoilerplateDocs < 0:
		return fmt.Errorf("min collisions %d, max key documents %d, boilerplate documents %d: want >= 1, >= 2, >= 0",
			c.MinCollisions, c.MaxKeyDocs, c.BoilerplateDocs)
	case c.MaxGap < 0 || c.MinPassageWords < 1 || c.MinMatchWords < 1:
		return fmt.Errorf("gap %d, passage words %d, match words %d: want >= 0, >= 1, >= 1",
			c.MaxGap, c.MinPassageWords, c.MinMatchWords)
	case c.DeriveCoverage < 0 || c.DeriveCoverage > 1:
		return fmt.Errorf("derive coverage %g: want 0..1", c.DeriveCoverage)
	case c.MaxPairsPerShingle < 1:
		return fmt.Errorf("max pairs per shingle %d: want >= 1", c.MaxPairsPerShingle)
	case c.CommonDocs == 1 || c.CommonDocs < 0:
		return fmt.Errorf("common documents %d: want 0 (off) or >= 2", c.CommonDocs)
	case c.CommonDocs > 0 && (c.CommonShare <= 0 || c.CommonShare >= 1):
		return fmt.Errorf("common share %g: want above 0 and under 1", c.CommonShare)
	}
	return nil
}

// Winnow appends to dst the positions of the fingerprints of a shingle hash
// sequence, ascending: for each window of w consecutive hashes, the
// position of the smallest (the rightmost on ties), each position once. A
// sequence shorter than w is one window.
func Winnow(dst []int32, hashes []uint64, w int) []int32 {
	n := len(hashes)
	if n == 0 {
		return dst
	}
	w = min(w, n)
	last := int32(-1)
	m := -1
	for end := w - 1; end < n; end++ {
		start := end - w + 1
		if m < start {
			// The minimum left the window: scan it again.
			m = start
			for j := start + 1; j <= end; j++ {
				if hashes[j] <= hashes[m] {
					m = j
				}
			}
		} else if hashes[end] <= hashes[m] {
			m = end
		}
		if int32(m) != last {
			last = int32(m)
			dst = append(dst, last)
		}
	}
	return dst
}

// Sketcher selects documents' fingerprints. It keeps scratch space and is
// not safe for concurrent use; give each goroutine its own.
type Sketcher struct {
	w    int
	pos  []int32
	seen distinctSet // the keys taken
}

// NewSketcher returns a Sketcher for cfg.
func NewSketcher(cfg Config) *Sketcher { return &Sketcher{w: cfg.Winnow} }

// Keys returns the fingerprints of a document with the given shingle
// hashes, as index keys: the selected shingle hashes in the order of their
// positions, without repeats (text repeated within a document counts
// once).
func (s *Sketcher) Keys(shingles []uint64) []uint64 {
	s.pos = Winnow(s.pos[:0], shingles, s.w)
	keys := make([]uint64, 0, len(s.pos))
	s.seen.reset(len(s.pos))
	for _, p := range s.pos {
		if k := shingles[p]; s.seen.add(k) {
			keys = append(keys, k)
		}
	}
	return keys
}

// distinctSet is an open-addressing set of keys, for dropping a
// document's repeated keys: sorting each document's keys took about 40%
// of the time of selecting its fingerprints, and half that of making its
// fuzzy keys. The keys must be mixed hashes, whose low bits spread well.
type distinctSet struct {
	slots []uint64 // 0 marks an empty slot
	mask  uint64
	zero  bool // whether key 0, which cannot be kept in a slot, was added
}

// reset empties the set, sized for up to n keys (twice as many slots or
// more).
func (s *distinctSet) reset(n int) {
	size := 1 << bits.Len(uint(2*n))
	if cap(s.slots) < size {
		s.slots = make([]uint64, size)
	}
	s.slots = s.slots[:size]
	clear(s.slots)
	s.mask = uint64(size - 1)
	s.zero = false
}

// add adds k and reports whether it was not in the set. The set must not
// be filled past the n of reset.
func (s *distinctSet) add(k uint64) bool {
	if k == 0 {
		was := s.zero
		s.zero = true
		return !was
	}
	for i := k & s.mask; ; i = (i + 1) & s.mask {
		switch s.slots[i] {
		case k:
			return false
		case 0:
			s.slots[i] = k
			return true
		}
	}
}
