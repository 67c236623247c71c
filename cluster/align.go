package cluster

import (
	"bytes"
	"cmp"
	"slices"
	"sync"
	"unicode/utf8"

	"github.com/provenance-dev/provenance/shingle"
)

// Doc is one document prepared for verification: its text, tokens,
// shingle hashes (by position and by hash) and fingerprint positions.
// A Doc is immutable once made and safe for concurrent reads.
type Doc struct {
	// Spans are the byte spans of the tokens in the text.
	Spans []shingle.Span
	// Shingles are the shingle hashes by position.
	Shingles []uint64

	text     []byte
	fp       []int32   // fingerprint positions, ascending
	sorted   []posHash // shingles ordered by hash, then position
	distinct int       // distinct shingle hashes
}

// posHash is a shingle hash and its position; it shares keyDoc's layout
// so the index's radix sort orders it.
type posHash = keyDoc

// NewDoc prepares a document from its text and tokens; the Doc keeps
// both. It returns [shingle.ErrTooShort] if the text has fewer than cfg.K
// tokens.
func NewDoc(text []byte, toks *shingle.Tokens, cfg Config) (*Doc, error) {
	sh, err := shingle.Hashes(nil, toks.Hashes, cfg.K)
	if err != nil {
		return nil, err
	}
	d := &Doc{Spans: toks.Spans, Shingles: sh, text: text}
	d.fp = Winnow(nil, sh, cfg.Winnow)
	d.sorted = make([]posHash, len(sh))
	for i, h := range sh {
		d.sorted[i] = posHash{h, int32(i)}
	}
	buf := sortBufs.Get().(*[]keyDoc)
	*buf = sortKeyDocsBuf(d.sorted, *buf, 0)
	sortBufs.Put(buf)
	for i := range d.sorted {
		if i == 0 || d.sorted[i].key != d.sorted[i-1].key {
			d.distinct++
		}
	}
	return d, nil
}

// Words returns the number of tokens.
func (d *Doc) Words() int { return len(d.Spans) }

// quotedCount returns how many of the tokens [lo, hi) start inside
// quotation marks. Straight double quotes toggle; curly and angle quotes
// open and close; a line break ends any quotation, since news quotes
// rarely close across paragraphs. So the state at a token depends only on
// its line up to it, and the scan starts at the line of token lo.
func quotedCount(text []byte, spans []shingle.Span, lo, hi int) int {
	if lo >= hi {
		return 0
	}
	n := 0
	in := false
	ti := lo
	for i := bytes.LastIndexByte(text[:spans[lo].Start], '\n') + 1; i < len(text) && ti < hi; {
		for ti < hi && int(spans[ti].Start) <= i {
			if in {
				n++
			}
			ti++
		}
		c := text[i]
		if c < utf8.RuneSelf {
			switch c {
			case '"':
				in = !in
			case '\n':
				in = false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(text[i:])
		switch r {
		case '“', '„', '«', '‟':
			in = true
		case '”', '»':
			in = false
		}
		i += size
	}
	if in {
		n += hi - ti
	}
	return n
}

// mostlyQuoted reports whether half or more of the tokens of r start
// inside quotation marks.
func (d *Doc) mostlyQuoted(r [2]int) bool {
	return 2*quotedCount(d.text, d.Spans, r[0], r[1]) >= r[1]-r[0]
}

// Passage is one aligned stretch of text shared by documents a and b: byte
// offsets (end exclusive) into each text, and token ranges.
type Passage struct {
	AStart, AEnd, BStart, BEnd int
	// ATok and BTok are the token ranges [first, end) in each document.
	ATok, BTok [2]int
	// Words is the number of tokens of the passage in a.
	Words int
	// Fuzzy is set for a passage found by the fuzzy channel (reworded
	// text, whole sentences) rather than by exact shingles.
	Fuzzy bool
}

// Match is a verified document pair: a and b share aligned passages.
type Match struct {
	A, B int32
	// Jaccard is the Jaccard similarity of the two shingle sets;
	// ContainmentA is the share of a's distinct shingles found in b, and
	// ContainmentB the reverse.
	Jaccard, ContainmentA, ContainmentB float64
	// CoverageA is the share of a's tokens inside accepted passages, and
	// CoverageB the same for b. Unlike containment, they leave out shared
	// quotations and stray phrases.
	CoverageA, CoverageB float64
	// SharedWords is the number of a's tokens inside accepted passages.
	SharedWords int
	Passages    []Passage
}

// Derived reports whether the match is a derivation: a substantial share
// of one document lies in passages shared with the other.
func (m *Match) Derived(cfg Config) bool {
	return max(m.CoverageA, m.CoverageB) >= cfg.DeriveCoverage
}

type run struct {
	aFirst, aLast, bFirst, bLast int // shingle positions, inclusive
}

// KeySet is a set of fingerprints.
type KeySet map[uint64]struct{}

// Verify compares documents a and b (numbered ia and ib) by their exact
// shared shingles, aligns those into passages and returns the match; ok is
// false if what they share is not reuse (too little, only short shared
// quotations, or boilerplate). boiler, which may be nil, holds the
// fingerprints known to be boilerplate: a passage whose fingerprints in
// either document are mostly boilerplate is dropped.
func Verify(ia, ib int32, a, b *Doc, cfg Config, boiler KeySet) (m Match, ok bool) {
	m.A, m.B = ia, ib
	buf := anchorBufs.Get().(*[]anchor)
	defer anchorBufs.Put(buf)
	anchors, shared := sharedShingles((*buf)[:0], a, b, cfg.MaxPairsPerShingle)
	*buf = anchors
	if shared == 0 {
		return m, false
	}
	m.Jaccard = float64(shared) / float64(a.distinct+b.distinct-shared)
	m.ContainmentA = float64(shared) / float64(a.distinct)
	m.ContainmentB = float64(shared) / float64(b.distinct)

	k := cfg.K
	for _, r := range chain(diagonalRuns(anchors, k+1), k, cfg.MaxGap) {
		p := Passage{
			ATok: [2]int{r.aFirst, r.aLast + k},
			BTok: [2]int{r.bFirst, r.bLast + k},
		}
		p.Words = p.ATok[1] - p.ATok[0]
		bw := p.BTok[1] - p.BTok[0]
		if min(p.Words, bw) < cfg.MinPassageWords {
			continue
		}
		if max(p.Words, bw) < cfg.QuoteMaxWords && a.mostlyQuoted(p.ATok) && b.mostlyQuoted(p.BTok) {
			continue
		}
		if len(boiler) > 0 && (a.boilerplate(p.ATok, k, boiler) || b.boilerplate(p.BTok, k, boiler)) {
			continue
		}
		p.AStart, p.AEnd = int(a.Spans[p.ATok[0]].Start), int(a.Spans[p.ATok[1]-1].End)
		p.BStart, p.BEnd = int(b.Spans[p.BTok[0]].Start), int(b.Spans[p.BTok[1]-1].End)
		m.Passages = append(m.Passages, p)
	}
	m.Passages = dropShadowed(m.Passages)
	covA := unionLen(m.Passages, func(p Passage) [2]int { return p.ATok })
	covB := unionLen(m.Passages, func(p Passage) [2]int { return p.BTok })
	if covA < cfg.MinMatchWords || covB < cfg.MinMatchWords {
		return m, false
	}
	m.SharedWords = covA
	m.CoverageA = float64(covA) / float64(a.Words())
	m.CoverageB = float64(covB) / float64(b.Words())
	slices.SortFunc(m.Passages, func(x, y Passage) int {
		if c := cmp.Compare(x.AStart, y.AStart); c != 0 {
			return c
		}
		return cmp.Compare(x.BStart, y.BStart)
	})
	return m, true
}

// boilerplate reports whether half or more of the fingerprints of the
// shingles inside token range r are in boiler.
func (d *Doc) boilerplate(r [2]int, k int, boiler KeySet) bool {
	lo, _ := slices.BinarySearch(d.fp, int32(r[0]))
	n, bp := 0, 0
	for _, p := range d.fp[lo:] {
		if int(p) > r[1]-k {
			break
		}
		n++
		if _, ok := boiler[d.Shingles[p]]; ok {
			bp++
		}
	}
	return bp > 0 && 2*bp >= n
}

// dropShadowed resolves text that repeats within a document: when one
// stretch of a aligns to two places in b (or the reverse), the longer
// alignment stands and a passage that lies mostly (half or more) inside
// kept passages on either side is dropped.
func dropShadowed(ps []Passage) []Passage {
	if len(ps) < 2 {
		return ps
	}
	slices.SortStableFunc(ps, func(x, y Passage) int {
		return cmp.Or(cmp.Compare(y.Words, x.Words), cmp.Compare(x.ATok[0], y.ATok[0]), cmp.Compare(x.BTok[0], y.BTok[0]))
	})
	kept := ps[:0:0]
	for _, p := range ps {
		if 2*overlapLen(kept, p.ATok, func(q Passage) [2]int { return q.ATok }) >= p.ATok[1]-p.ATok[0] ||
			2*overlapLen(kept, p.BTok, func(q Passage) [2]int { return q.BTok }) >= p.BTok[1]-p.BTok[0] {
			continue
		}
		kept = append(kept, p)
	}
	return kept
}

// overlapLen returns how many tokens of r lie inside the ranges of ps.
func overlapLen(ps []Passage, r [2]int, rng func(Passage) [2]int) int {
	clipped := make([]Passage, 0, len(ps))
	for _, p := range ps {
		q := rng(p)
		lo, hi := max(q[0], r[0]), min(q[1], r[1])
		if lo < hi {
			clipped = append(clipped, Passage{ATok: [2]int{lo, hi}})
		}
	}
	return unionLen(clipped, func(p Passage) [2]int { return p.ATok })
}

// unionLen returns the number of tokens covered by the union of ranges.
func unionLen[P any](ps []P, rng func(P) [2]int) int {
	rs := make([][2]int, len(ps))
	for i, p := range ps {
		rs[i] = rng(p)
	}
	slices.SortFunc(rs, func(x, y [2]int) int { return cmp.Compare(x[0], y[0]) })
	total, end := 0, -1
	for _, r := range rs {
		if r[0] > end {
			total += r[1] - r[0]
			end = r[1]
		} else if r[1] > end {
			total += r[1] - end
			end = r[1]
		}
	}
	return total
}

// Scratch buffers of sorts and verifications, which run on many
// goroutines at once.
var (
	sortBufs   = sync.Pool{New: func() any { return new([]keyDoc) }}
	anchorBufs = sync.Pool{New: func() any { return new([]anchor) }}
)

// An anchor is a shared shingle's positions (pa, pb), packed so that
// anchors sort by diagonal (pb-pa), then by pa.
type anchor uint64

func makeAnchor(pa, pb int32) anchor {
	return anchor(uint64(uint32(pb-pa)^1<<31)<<32 | uint64(uint32(pa)))
}

func (x anchor) pos() (pa, pb int32) {
	pa = int32(uint32(x))
	return pa, pa + int32(uint32(x>>32)^1<<31)
}

// sharedShingles merges the two sorted shingle lists. It returns the
// anchors of every shared shingle, leaving out shingles repeated so often
// that they would pair more than maxPairs ways, and the number of distinct
// shared shingles.
func sharedShingles(anchors []anchor, a, b *Doc, maxPairs int) ([]anchor, int) {
	shared := 0
	x, y := a.sorted, b.sorted
	i, j := 0, 0
	for i < len(x) && j < len(y) {
		switch {
		case x[i].key < y[j].key:
			i++
		case x[i].key > y[j].key:
			j++
		default:
			h := x[i].key
			i2, j2 := i, j
			for i2 < len(x) && x[i2].key == h {
				i2++
			}
			for j2 < len(y) && y[j2].key == h {
				j2++
			}
			shared++
			if (i2-i)*(j2-j) <= maxPairs {
				for _, pa := range x[i:i2] {
					for _, pb := range y[j:j2] {
						anchors = append(anchors, makeAnchor(pa.doc, pb.doc))
					}
				}
			}
			i, j = i2, j2
		}
	}
	return anchors, shared
}

// diagonalRuns groups anchors into runs along one diagonal (the same
// offset between positions in a and b) whose consecutive anchors are at
// most maxStep apart: a run survives one substituted word, which removes k
// shingles.
func diagonalRuns(anchors []anchor, maxStep int) []run {
	slices.Sort(anchors)
	var runs []run
	for i, an := range anchors {
		pa, pb := an.pos()
		a, b := int(pa), int(pb)
		if i > 0 {
			last := &runs[len(runs)-1]
			if b-a == last.bLast-last.aLast && a-last.aLast <= maxStep {
				last.aLast, last.bLast = a, b
				continue
			}
		}
		runs = append(runs, run{a, a, b, b})
	}
	return runs
}

// chain joins runs into passages: a run extends the open passage it
// follows in both documents with the smallest gap, if both gaps (in tokens,
// between the passage's last token and the run's first) are at most maxGap.
// Overlaps of up to k tokens count as gap zero.
func chain(runs []run, k, maxGap int) []run {
	slices.SortFunc(runs, func(x, y run) int {
		if c := cmp.Compare(x.aFirst, y.aFirst); c != 0 {
			return c
		}
		return cmp.Compare(x.bFirst, y.bFirst)
	})
	var done, open []run
	for _, r := range runs {
		// Passages that end too far before r can never be extended again:
		// later runs start later still.
		kept := open[:0]
		for _, p := range open {
			if r.aFirst-(p.aLast+k) > maxGap {
				done = append(done, p)
			} else {
				kept = append(kept, p)
			}
		}
		open = kept
		best, bestGap := -1, 0
		for i, p := range open {
			if r.aLast <= p.aLast || r.bLast <= p.bLast {
				continue
			}
			ga, gb := r.aFirst-(p.aLast+k), r.bFirst-(p.bLast+k)
			if ga < -k || gb < -k || ga > maxGap || gb > maxGap {
				continue
			}
			gap := max(ga, 0) + max(gb, 0)
			if best < 0 || gap < bestGap {
				best, bestGap = i, gap
			}
		}
		if best < 0 {
			open = append(open, r)
			continue
		}
		p := &open[best]
		p.aLast, p.bLast = r.aLast, r.bLast
		p.bFirst = min(p.bFirst, r.bFirst)
	}
	return append(done, open...)
}
