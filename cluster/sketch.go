// Package cluster implements passage-level reuse detection: MinHash
// signatures of overlapping passage windows, a banded LSH index over them,
// verification of candidate document pairs by their exact shared shingles,
// alignment of those shingles into passages with byte spans in both
// documents, and families of documents joined by derivation.
//
// Signatures are MinHash (A. Broder, "On the resemblance and containment of
// documents", 1997) computed with github.com/dgryski/go-minhash; the index is
// the banding scheme of Leskovec, Rajaraman and Ullman, "Mining of Massive
// Datasets", ch. 3: with b bands of r rows, two windows of Jaccard similarity
// s share at least one band with probability 1-(1-s^r)^b.
//
// The package is pure: no I/O, flags, logging or globals. Seeds come in
// through [Config], so results are deterministic.
package cluster

import (
	"encoding/binary"
	"fmt"
	"slices"

	minhash "github.com/dgryski/go-minhash"

	"github.com/provenance-dev/provenance/shingle"
)

// Config holds the parameters of sketching, indexing, alignment and
// families. [DefaultConfig] gives values measured to work; the zero value
// is not usable.
type Config struct {
	// K is the shingle width in tokens.
	K int
	// Window and Stride are the passage window length and step, in
	// shingles. Window must be a multiple of Stride.
	Window, Stride int
	// Bands and Rows shape the LSH index; Bands*Rows values of MinHash are
	// computed per window.
	Bands, Rows int
	// MinCollisions is how many distinct band keys two documents must
	// share (over all their windows) to become a candidate pair.
	MinCollisions int
	// Seed seeds the MinHash functions.
	Seed uint64

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
	// repeats in both documents.
	MaxPairsPerShingle int
}

// DefaultConfig returns the default parameters: 5-word shingles, windows of
// 64 shingles with stride 32, 64 bands of 2 rows (128 MinHash values), so
// that windows of Jaccard 0.4 become candidates with probability 0.99998.
func DefaultConfig() Config {
	return Config{
		K:                  shingle.DefaultK,
		Window:             64,
		Stride:             32,
		Bands:              64,
		Rows:               2,
		MinCollisions:      2,
		Seed:               0x70726f76656e616e, // "provenan"
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
	case c.Stride < 1 || c.Window < c.Stride || c.Window%c.Stride != 0:
		return fmt.Errorf("window %d and stride %d: want stride >= 1 dividing window", c.Window, c.Stride)
	case c.Bands < 1 || c.Rows < 1:
		return fmt.Errorf("bands %d and rows %d: want both >= 1", c.Bands, c.Rows)
	case c.MinCollisions < 1:
		return fmt.Errorf("min collisions %d: want >= 1", c.MinCollisions)
	case c.MaxGap < 0 || c.MinPassageWords < 1 || c.MinMatchWords < 1:
		return fmt.Errorf("gap %d, passage words %d, match words %d: want >= 0, >= 1, >= 1",
			c.MaxGap, c.MinPassageWords, c.MinMatchWords)
	case c.DeriveCoverage < 0 || c.DeriveCoverage > 1:
		return fmt.Errorf("derive coverage %g: want 0..1", c.DeriveCoverage)
	case c.MaxPairsPerShingle < 1:
		return fmt.Errorf("max pairs per shingle %d: want >= 1", c.MaxPairsPerShingle)
	}
	return nil
}

// Sketcher computes window signatures and band keys. It is not safe for
// concurrent use; give each goroutine its own.
type Sketcher struct {
	cfg    Config
	h1, h2 minhash.Hash64
}

// NewSketcher returns a Sketcher for cfg.
func NewSketcher(cfg Config) *Sketcher {
	s1, s2 := cfg.Seed, shingle.Mix(cfg.Seed^0x9e3779b97f4a7c15)
	return &Sketcher{
		cfg: cfg,
		// go-minhash derives value i as h1(x) + i*h2(x); shingle hashes are
		// already uniform, so each function is a keyed remix of them. h2 is
		// odd so that i*h2 visits distinct values.
		h1: func(b []byte) uint64 { return shingle.Mix(binary.LittleEndian.Uint64(b) ^ s1) },
		h2: func(b []byte) uint64 { return shingle.Mix(binary.LittleEndian.Uint64(b)^s2) | 1 },
	}
}

// Windows returns the shingle ranges [start, end) of the passage windows of
// a document with n shingles: windows of cfg.Window shingles every
// cfg.Stride, the last one stretched to the end. A document shorter than a
// window has one window over all of it.
func (c *Config) Windows(n int) [][2]int {
	if n == 0 {
		return nil
	}
	blocks := c.blocks(n)
	per := c.Window / c.Stride
	if len(blocks) <= per {
		return [][2]int{{0, n}}
	}
	out := make([][2]int, 0, len(blocks)-per+1)
	for w := 0; w+per <= len(blocks); w++ {
		out = append(out, [2]int{blocks[w][0], blocks[w+per-1][1]})
	}
	return out
}

// blocks cuts n shingles into runs of Stride; a short tail joins the run
// before it.
func (c *Config) blocks(n int) [][2]int {
	var out [][2]int
	for start := 0; start < n; start += c.Stride {
		end := min(start+c.Stride, n)
		if end-start < c.Stride/2 && len(out) > 0 {
			out[len(out)-1][1] = end
			break
		}
		out = append(out, [2]int{start, end})
	}
	return out
}

// Signature returns the MinHash signature (Bands*Rows values) of a set of
// shingle hashes.
func (s *Sketcher) Signature(shingles []uint64) []uint64 {
	mw := minhash.NewMinWise(s.h1, s.h2, s.cfg.Bands*s.cfg.Rows)
	var b [8]byte
	for _, h := range shingles {
		binary.LittleEndian.PutUint64(b[:], h)
		mw.Push(b[:])
	}
	return mw.Signature()
}

// BandKeys returns the LSH band keys of all windows of a document with the
// given shingle hashes, sorted and without repeats (text repeated within a
// document counts once). Each
// block of Stride shingles is signed once and windows are merged from
// blocks, so every shingle is hashed into one signature only.
func (s *Sketcher) BandKeys(shingles []uint64) []uint64 {
	n := len(shingles)
	if n == 0 {
		return nil
	}
	size := s.cfg.Bands * s.cfg.Rows
	blocks := s.cfg.blocks(n)
	per := s.cfg.Window / s.cfg.Stride
	sigs := make([]*minhash.MinWise, len(blocks))
	var b [8]byte
	for i, bl := range blocks {
		mw := minhash.NewMinWise(s.h1, s.h2, size)
		for _, h := range shingles[bl[0]:bl[1]] {
			binary.LittleEndian.PutUint64(b[:], h)
			mw.Push(b[:])
		}
		sigs[i] = mw
	}
	nw := 1
	if len(blocks) > per {
		nw = len(blocks) - per + 1
	}
	keys := make([]uint64, 0, nw*s.cfg.Bands)
	win := minhash.NewMinWise(s.h1, s.h2, size)
	for w := 0; w < nw; w++ {
		sig := win.Signature()
		copy(sig, sigs[w].Signature())
		for j := w + 1; j < w+per && j < len(sigs); j++ {
			win.Merge(sigs[j])
		}
		keys = s.appendBandKeys(keys, sig)
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}

// appendBandKeys hashes each band's Rows values, and the band's number, into
// one key.
func (s *Sketcher) appendBandKeys(dst, sig []uint64) []uint64 {
	r := s.cfg.Rows
	for band := 0; band < s.cfg.Bands; band++ {
		h := uint64(band+1) * 0x9e3779b97f4a7c15
		for _, v := range sig[band*r : band*r+r] {
			h = shingle.Mix(h ^ v)
		}
		dst = append(dst, h)
	}
	return dst
}
