package cluster

import (
	"bytes"
	"cmp"
	"math/bits"
	"slices"
	"sync"
	"unicode/utf8"

	"github.com/provenance-dev/provenance/shingle"
)

// Doc is one document prepared for verification: its text, tokens,
// shingle hashes (by position and by hash) and fingerprint positions.
// A Doc is safe for concurrent reads once made (its fingerprint positions
// are found on first use, once).
type Doc struct {
	// Spans are the byte spans of the tokens in the text.
	Spans []shingle.Span
	// Shingles are the shingle hashes by position.
	Shingles []uint64
	// NoBoilerplate may be set by a caller that knows none of the
	// document's fingerprints is in the boilerplate set given to
	// [Verify]; Verify then skips the boilerplate check on its side.
	NoBoilerplate bool

	text   []byte
	winnow int
	boiler keyMarks // where the boilerplate fingerprints are
	common keyMarks // where the common ones are (see Verify)
	fpOnce sync.Once
	fp     []int32  // fingerprint positions, ascending, once fpOnce ran
	fph    []uint64 // their hashes, sorted
	// A hash table of the shingles: table holds 1 + the first position
	// of each distinct hash (0: empty slot), first[p] is the first
	// position of p's hash and next[p] its next position, or -1.
	// count[p], for a first position p, is how many times its hash
	// occurs.
	table              []int32
	first, next, count []int32
	tail               []int32 // for a first position, its hash's last, while indexing
	distinct           int     // distinct shingle hashes
}

// NewDoc prepares a document from its text and tokens. The Doc keeps the
// text and copies what it needs of toks, which the caller may reuse. It
// returns [shingle.ErrTooShort] if the text has fewer than cfg.K tokens.
func NewDoc(text []byte, toks *shingle.Tokens, cfg Config) (*Doc, error) {
	if toks.Len() < cfg.K {
		return nil, shingle.ErrTooShort
	}
	d := docPool.Get().(*Doc)
	var err error
	if d.Shingles, err = shingle.Hashes(d.Shingles[:0], toks.Hashes, cfg.K); err != nil {
		d.Release()
		return nil, err
	}
	d.Spans = append(d.Spans[:0], toks.Spans...)
	d.text = text
	d.winnow = cfg.Winnow
	d.index()
	return d, nil
}

// docPool recycles released Docs' arrays: preparing documents for
// verification would otherwise allocate about 50 bytes a token.
var docPool = sync.Pool{New: func() any { return new(Doc) }}

// Release hands d's memory back for reuse by [NewDoc]. d must not be used
// after; Matches made from it hold no part of it.
func (d *Doc) Release() {
	*d = Doc{
		Spans: d.Spans[:0], Shingles: d.Shingles[:0], fp: d.fp[:0], fph: d.fph[:0],
		boiler: d.boiler.reuse(), common: d.common.reuse(),
		table: d.table[:0], first: d.first[:0], next: d.next[:0], count: d.count[:0], tail: d.tail[:0],
	}
	docPool.Put(d)
}

// ForgetCommon makes d find the places of the common fingerprints again
// at its next Verify, which may then be given a larger common set. It
// must not be called while d is in use.
func (d *Doc) ForgetCommon() {
	d.common = d.common.reuse()
}

// index builds the hash table of the shingles, in one pass: a position
// is added to the end of its hash's chain, found through tail.
func (d *Doc) index() {
	n := len(d.Shingles)
	d.first = slices.Grow(d.first[:0], n)[:n]
	d.next = slices.Grow(d.next[:0], n)[:n]
	d.count = slices.Grow(d.count[:0], n)[:n]
	d.tail = slices.Grow(d.tail[:0], n)[:n]
	size := 1 << bits.Len(uint(2*n))
	d.table = slices.Grow(d.table[:0], size)[:size]
	clear(d.table)
	d.distinct = 0
	mask := uint64(len(d.table) - 1)
	for p, h := range d.Shingles {
		i := h & mask
		for {
			t := d.table[i] - 1
			if t < 0 {
				// The hash's first position.
				d.table[i] = int32(p) + 1
				d.first[p], d.count[p], d.tail[p] = int32(p), 1, int32(p)
				d.distinct++
				break
			}
			if d.Shingles[t] == h {
				d.next[d.tail[t]] = int32(p)
				d.first[p], d.tail[t] = t, int32(p)
				d.count[t]++
				break
			}
			i = (i + 1) & mask
		}
		d.next[p] = -1
	}
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

// KeySet is a set of fingerprints. It answers most questions about keys
// it does not hold from a filter of 2^18 bits (one per value of a key's
// low 18 bits, 32 KB), and the rest from an open-addressing table at most
// half full: the fingerprints of boilerplate, a few thousand, are asked
// about for every shingle of the documents that hold any. A nil *KeySet
// is an empty set.
type KeySet struct {
	filter  [1 << 12]uint64
	slots   []uint64 // the keys other than 0; 0 marks an empty slot
	shift   uint     // a key's slot is its Fibonacci hash >> shift
	n       int      // keys in slots
	hasZero bool
}

// Add puts k in the set.
func (s *KeySet) Add(k uint64) {
	s.filter[k>>6&(1<<12-1)] |= 1 << (k & 63)
	if k == 0 {
		s.hasZero = true
		return
	}
	if 2*(s.n+1) > len(s.slots) {
		old := s.slots
		size := max(64, 2*len(old))
		s.slots, s.shift, s.n = make([]uint64, size), uint(64-bits.Len(uint(size-1))), 0
		for _, o := range old {
			if o != 0 {
				s.insert(o)
			}
		}
	}
	s.insert(k)
}

// insert puts k, not 0, in slots, which have room.
func (s *KeySet) insert(k uint64) {
	mask := len(s.slots) - 1
	for i := int(k * 0x9e3779b97f4a7c15 >> s.shift); ; i = (i + 1) & mask {
		switch s.slots[i] {
		case k:
			return
		case 0:
			s.slots[i] = k
			s.n++
			return
		}
	}
}

// Has reports whether k is in the set.
func (s *KeySet) Has(k uint64) bool {
	return s != nil && s.mayHold(k) && s.lookup(k)
}

// mayHold is Has's filter: false if k is not in s, which must not be nil.
func (s *KeySet) mayHold(k uint64) bool {
	return s.filter[k>>6&(1<<12-1)]>>(k&63)&1 != 0
}

// lookup is Has past the filter.
func (s *KeySet) lookup(k uint64) bool {
	if k == 0 {
		return s.hasZero
	}
	if len(s.slots) == 0 {
		return false
	}
	mask := len(s.slots) - 1
	for i := int(k * 0x9e3779b97f4a7c15 >> s.shift); ; i = (i + 1) & mask {
		switch s.slots[i] {
		case k:
			return true
		case 0:
			return false
		}
	}
}

// Len returns the number of keys in the set.
func (s *KeySet) Len() int {
	if s == nil {
		return 0
	}
	if s.hasZero {
		return s.n + 1
	}
	return s.n
}

// Verify compares documents a and b (numbered ia and ib) by their exact
// shared shingles, aligns those into passages and returns the match; ok is
// false if what they share is not reuse (too little, only short shared
// quotations, or boilerplate). boiler, which may be nil, holds the
// fingerprints known to be boilerplate: a passage whose fingerprints in
// either document are mostly boilerplate is dropped. common, which may be
// nil, holds the common fingerprints (see Config.CommonDocs): a passage of
// common text that is boilerplate to one of the documents is dropped (see
// commonPassage). Give a Doc the same boiler and common in every Verify.
func Verify(ia, ib int32, a, b *Doc, cfg Config, boiler, common *KeySet) (m Match, ok bool) {
	m, ok, _ = VerifyOwn(ia, ib, a, b, cfg, boiler, common)
	return m, ok
}

// VerifyOwn is [Verify], also telling, for each of a and b, whether a
// passage was dropped as common text because that document's other text
// is its own (see commonPassage): the answer may change once more of that
// text is common, and only then.
func VerifyOwn(ia, ib int32, a, b *Doc, cfg Config, boiler, common *KeySet) (m Match, ok bool, own [2]bool) {
	m.A, m.B = ia, ib
	k := cfg.K
	sc := runBufs.Get().(*runScratch)
	defer runBufs.Put(sc)
	runs, shared := alignRuns(sc, a, b, k+1, cfg.MaxPairsPerShingle)
	if shared == 0 {
		return m, false, own
	}
	m.Jaccard = float64(shared) / float64(a.distinct+b.distinct-shared)
	m.ContainmentA = float64(shared) / float64(a.distinct)
	m.ContainmentB = float64(shared) / float64(b.distinct)

	// Near duplicates keep the boilerplate and common text they share
	// (see Config.NearDuplicate).
	near := cfg.NearDuplicate > 0 && max(m.ContainmentA, m.ContainmentB) >= cfg.NearDuplicate
	for _, r := range chain(runs, k, cfg.MaxGap) {
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
		if !near && dropShared(p, a, b, k, cfg, boiler, common, false, &own) {
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
		return m, false, own
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
	return m, true, own
}

// dropShared reports whether passage p of a and b is to be dropped as
// boilerplate (mostly boilerplate in a document that has some) or as
// common text ([commonPassage], with all as there), adding to own what
// commonPassage reports.
func dropShared(p Passage, a, b *Doc, k int, cfg Config, boiler, common *KeySet, all bool, own *[2]bool) bool {
	if boiler.Len() > 0 && (!a.NoBoilerplate && a.mostlyIn(&a.boiler, p.ATok, k, boiler, nil) ||
		!b.NoBoilerplate && b.mostlyIn(&b.boiler, p.BTok, k, boiler, nil)) {
		return true
	}
	if common.Len() == 0 {
		return false
	}
	drop, o := commonPassage(p, a, b, k, cfg, boiler, common, all)
	own[0], own[1] = own[0] || o[0], own[1] || o[1]
	return drop
}

// commonPassage reports whether passage p of a and b is common text
// that is boilerplate to one of them: the fingerprints it shares are
// mostly common (or boilerplate) in both, and it is less than CommonShare
// of both documents, or of one whose other text is mostly its own (not
// common). Where that other text is common too, the document is itself a
// text many carry (a wire story, an original many copies took parts of),
// and p a part of it.
//
// own tells, for each of a and b, whether the passage is dropped because
// that document's other text is its own: were more of it common, the
// passage would stay.
//
// With all, the fingerprints counted are all those inside the passage, not
// only the ones the two documents share: for a reworded passage (the fuzzy
// channel's), whose few shared fingerprints may be a phrase many quote,
// while the rest of it is its own.
func commonPassage(p Passage, a, b *Doc, k int, cfg Config, boiler, common *KeySet, all bool) (drop bool, own [2]bool) {
	smallA := float64(p.Words) < cfg.CommonShare*float64(a.Words())
	smallB := float64(p.BTok[1]-p.BTok[0]) < cfg.CommonShare*float64(b.Words())
	if !smallA && !smallB {
		return false, own
	}
	if all {
		if !a.mostlyIn(&a.common, p.ATok, k, common, boiler) || !b.mostlyIn(&b.common, p.BTok, k, common, boiler) {
			return false, own
		}
	} else if !a.mostlySharedIn(&a.common, p.ATok, k, common, boiler, b) || !b.mostlySharedIn(&b.common, p.BTok, k, common, boiler, a) {
		return false, own
	}
	if smallA && smallB {
		return true, own
	}
	own = [2]bool{smallA && !a.commonOutside(p.ATok, k), smallB && !b.commonOutside(p.BTok, k)}
	return own[0] || own[1], own
}

// commonOutside reports whether half or more of d's fingerprints outside
// token range r are common, as marked in d.common (marked must have found
// some in r).
func (d *Doc) commonOutside(r [2]int, k int) bool {
	all := len(d.fp) - inside(d.fp, r, k)
	in := len(d.common.fp) - inside(d.common.fp, r, k)
	return 2*in >= all
}

// keyMarks are the places in a Doc of the fingerprints of one KeySet,
// found on first use.
type keyMarks struct {
	atOnce, fpOnce sync.Once
	at             []int32 // positions of shingles in the set
	fp             []int32 // those of fingerprints in the set
}

// reuse returns m emptied, keeping its arrays.
func (m *keyMarks) reuse() keyMarks {
	return keyMarks{at: m.at[:0], fp: m.fp[:0]}
}

// mostlyIn reports whether half or more of the fingerprints of the
// shingles inside token range r are in set or also (which may be nil),
// whose places are marked in m (see marked).
func (d *Doc) mostlyIn(m *keyMarks, r [2]int, k int, set, also *KeySet) bool {
	if !d.marked(m, r, k, set, also) {
		return false
	}
	in := inside(m.fp, r, k)
	return in > 0 && 2*in >= inside(d.fp, r, k)
}

// mostlySharedIn is mostlyIn over the sets set and also (which may be
// nil), counting only the fingerprints inside r that are fingerprints of
// other too: the text a passage chained across gaps (names that differ,
// say) shares, as the index knows it (documents holding a key), so that
// whether a passage is common changes only when a key both hold does.
func (d *Doc) mostlySharedIn(m *keyMarks, r [2]int, k int, set, also *KeySet, other *Doc) bool {
	if !d.marked(m, r, k, set, also) {
		return false
	}
	lo, _ := slices.BinarySearch(d.fp, int32(r[0]))
	hi, _ := slices.BinarySearch(d.fp, int32(r[1]-k+1))
	shared, in := 0, 0
	for _, p := range d.fp[lo:hi] {
		if !other.hasFingerprint(d.Shingles[p]) {
			continue
		}
		shared++
		if _, ok := slices.BinarySearch(m.fp, p); ok {
			in++
		}
	}
	return in > 0 && 2*in >= shared
}

// marked reports whether token range r holds a shingle in set or also,
// whose places it marks in m. The sets must be the same on every call
// with m. The positions of the document's shingles that are in the sets
// are found on the first call; the document's fingerprints, and those in
// the sets, on the first call that finds some in r.
func (d *Doc) marked(m *keyMarks, r [2]int, k int, set, also *KeySet) bool {
	m.atOnce.Do(func() {
		m.at = m.at[:0]
		for p, h := range d.Shingles {
			if set.Has(h) || also.Has(h) {
				m.at = append(m.at, int32(p))
			}
		}
	})
	if inside(m.at, r, k) == 0 {
		return false
	}
	d.fpOnce.Do(d.findFingerprints)
	m.fpOnce.Do(func() {
		m.fp = m.fp[:0]
		for _, p := range d.fp {
			if _, ok := slices.BinarySearch(m.at, p); ok {
				m.fp = append(m.fp, p)
			}
		}
	})
	return true
}

// hasFingerprint reports whether h is one of d's fingerprints.
func (d *Doc) hasFingerprint(h uint64) bool {
	d.fpOnce.Do(d.findFingerprints)
	_, ok := slices.BinarySearch(d.fph, h)
	return ok
}

// findFingerprints finds d's fingerprint positions and their hashes,
// sorted.
func (d *Doc) findFingerprints() {
	d.fp = Winnow(d.fp[:0], d.Shingles, d.winnow)
	d.fph = d.fph[:0]
	for _, p := range d.fp {
		d.fph = append(d.fph, d.Shingles[p])
	}
	slices.Sort(d.fph)
}

// inside counts the positions of ps (ascending) of the shingles inside
// token range r: [r[0], r[1]-k].
func inside(ps []int32, r [2]int, k int) int {
	lo, _ := slices.BinarySearch(ps, int32(r[0]))
	hi, _ := slices.BinarySearch(ps, int32(r[1]-k+1))
	return max(hi-lo, 0)
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

// runBufs reuses the scratch space of verifications, which run on many
// goroutines at once.
var runBufs = sync.Pool{New: func() any { return new(runScratch) }}

type runScratch struct {
	last []int32 // by diagonal pb-pa+len(a): index+1 of its newest run
	runs []run
	// skip holds the shingles of the walked document over the cap on
	// pairs, in its order, and walkedB says that the walk was b's (see
	// sharedRuns); alive and cursor are repeatRuns's (cursor is all 0
	// between calls).
	skip    []skipped
	walkedB bool
	alive   []int32
	cursor  []int32
}

// skipped is a shingle of the walked document that [sharedRunsFrom] left
// to [repeatRuns]: its position pa and the first position pb of its hash in
// the other document.
type skipped struct{ pa, pb int32 }

// lookup returns the first position of shingle hash h in d, or -1.
func (d *Doc) lookup(h uint64) int32 {
	mask := uint64(len(d.table) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		p := d.table[i] - 1
		if p < 0 || d.Shingles[p] == h {
			return p
		}
	}
}

// sharedRuns finds the shingles a and b share and groups them into runs
// (see sharedRunsFrom), walking the shorter document's shingles and
// probing the other's table: the runs, and the count, are the same
// either way, since along a diagonal both positions advance together.
func sharedRuns(sc *runScratch, a, b *Doc, maxStep, maxPairs int) (runs []run, shared int) {
	sc.walkedB = len(b.Shingles) < len(a.Shingles)
	if !sc.walkedB {
		return sharedRunsFrom(sc, a, b, maxStep, maxPairs)
	}
	runs, shared = sharedRunsFrom(sc, b, a, maxStep, maxPairs)
	swapRuns(runs)
	return runs, shared
}

// swapRuns turns runs of (a, b) into runs of (b, a).
func swapRuns(runs []run) {
	for i := range runs {
		r := &runs[i]
		r.aFirst, r.aLast, r.bFirst, r.bLast = r.bFirst, r.bLast, r.aFirst, r.aLast
	}
}

// alignRuns is [sharedRuns] with the shingles over the cap on pairs
// paired too, as [repeatRuns] does: text repeated in both documents is
// aligned, at a cost linear in its occurrences. Those extra runs depend
// on which document is walked (the shorter; a when as long), which the
// pair (a, b) decides.
func alignRuns(sc *runScratch, a, b *Doc, maxStep, maxPairs int) (runs []run, shared int) {
	runs, shared = sharedRuns(sc, a, b, maxStep, maxPairs)
	if len(sc.skip) == 0 {
		return runs, shared
	}
	if sc.walkedB {
		swapRuns(runs)
		runs = repeatRuns(sc, b, a, runs, maxStep, maxPairs)
		swapRuns(runs)
	} else {
		runs = repeatRuns(sc, a, b, runs, maxStep, maxPairs)
	}
	sc.runs = runs
	return runs, shared
}

// sharedRunsFrom finds the shingles a and b share, in a's order. It groups
// their anchors (a shared shingle's positions in both) into runs along
// one diagonal (the same offset between positions in a and b) whose
// consecutive anchors are at most maxStep apart (a run survives one
// substituted word, which removes k shingles), leaving out shingles
// repeated so often that they would pair more than maxPairs ways: those
// are listed in sc.skip for [repeatRuns]. It also returns the number of
// distinct shared shingles. The runs are in sc.runs, ordered by where
// they start in a.
func sharedRunsFrom(sc *runScratch, a, b *Doc, maxStep, maxPairs int) (runs []run, shared int) {
	runs = sc.runs[:0]
	sc.skip = sc.skip[:0]
	off := len(a.Shingles)
	if need := len(a.Shingles) + len(b.Shingles); cap(sc.last) < need {
		sc.last = make([]int32, need)
	} else {
		sc.last = sc.last[:need]
		clear(sc.last)
	}
	last := sc.last
	next := int32(-1) // where a's next shingle is in b if the text runs on
	for pa, h := range a.Shingles {
		var pb int32
		if next >= 0 && int(next) < len(b.Shingles) && b.Shingles[next] == h {
			// Shared text runs on along the diagonal: no probe.
			pb = b.first[next]
		} else if pb = b.lookup(h); pb < 0 {
			next = -1
			continue
		}
		next = -1
		if b.count[pb] == 1 {
			next = pb + 1
		}
		first := a.first[pa]
		if first == int32(pa) {
			shared++
		}
		if int(a.count[first])*int(b.count[pb]) > maxPairs {
			sc.skip = append(sc.skip, skipped{int32(pa), pb})
			continue
		}
		for ; pb >= 0; pb = b.next[pb] {
			d := int(pb) - pa + off
			if r := last[d] - 1; r >= 0 && pa-runs[r].aLast <= maxStep {
				runs[r].aLast, runs[r].bLast = pa, int(pb)
				continue
			}
			runs = append(runs, run{pa, pa, int(pb), int(pb)})
			last[d] = int32(len(runs))
		}
	}
	sc.runs = runs
	return runs, shared
}

// repeatRuns adds to runs, the runs [sharedRunsFrom] found walking a, the
// anchors of the shingles it left out (sc.skip), which repeat too often
// in a and b to be paired every way. Each occurrence of such a shingle in
// a, in a's order, is paired
//
//   - along the diagonals of the runs near it (a run that ends at most
//     maxStep before it or starts at most maxStep after it), where b
//     holds the same shingle, on at most maxPairs of them (in the order
//     the runs came): text that repeats inside shared text runs on;
//   - and, being its shingle's i-th occurrence in a, with the i-th in b
//     (if b holds that many): the repeats of two texts that hold the
//     same text repeated pair in order.
//
// The second rule pairs every occurrence on the side that holds the
// shingle fewer times (either side when as many), so no occurrence that
// could be aligned one to one is left out; the work is bounded by a
// constant (about maxStep x maxPairs) per occurrence, not by the product
// of the counts. runs must be ordered by aFirst; the anchors are joined
// into runs as sharedRunsFrom joins them, and the runs come back in no
// particular order.
func repeatRuns(sc *runScratch, a, b *Doc, runs []run, maxStep, maxPairs int) []run {
	off := len(a.Shingles)
	last := sc.last // by diagonal: 1 + the newest run made here
	clear(last)
	if cap(sc.cursor) < len(a.Shingles) {
		sc.cursor = make([]int32, len(a.Shingles))
	}
	// cursor[f], for the first position f in a of a shingle, is 1 + where
	// its last occurrence in a was paired in b by rank, 0 before its first
	// occurrence, -1 when b has no more.
	cursor := sc.cursor[:len(a.Shingles)]
	// alive lists the runs that may be near the occurrences to come.
	alive := sc.alive[:0]
	found := len(runs) // runs[:found] are sharedRunsFrom's
	enter := 0         // the next of those to enter alive
	// anchor joins (pa, pb) to the run of its diagonal that ends at most
	// maxStep before it, or starts a run; it reports whether the anchor
	// is new.
	anchor := func(pa, pb int) bool {
		d := pb - pa + off
		if r := last[d] - 1; r >= 0 {
			switch {
			case runs[r].aLast == pa:
				return false
			case pa-runs[r].aLast <= maxStep:
				runs[r].aLast, runs[r].bLast = pa, pb
				return true
			}
		}
		runs = append(runs, run{pa, pa, pb, pb})
		last[d] = int32(len(runs))
		alive = append(alive, int32(len(runs)-1))
		return true
	}
	for _, s := range sc.skip {
		pa := int(s.pa)
		h := a.Shingles[pa]
		for enter < found && runs[enter].aFirst <= pa+maxStep {
			alive = append(alive, int32(enter))
			enter++
		}
		kept := alive[:0]
		for _, r := range alive {
			if runs[r].aLast+maxStep >= pa {
				kept = append(kept, r)
			}
		}
		alive = kept
		made := 0
		for i, n := 0, len(alive); i < n && made < maxPairs; i++ {
			r := runs[alive[i]]
			if pb := pa + r.bFirst - r.aFirst; pb >= 0 && pb < len(b.Shingles) && b.Shingles[pb] == h && anchor(pa, pb) {
				made++
			}
		}
		f := a.first[pa]
		var pb int32 = -1
		switch c := cursor[f]; {
		case c == 0:
			pb = s.pb
		case c > 0:
			pb = b.next[c-1]
		}
		if pb < 0 {
			cursor[f] = -1
			continue
		}
		cursor[f] = pb + 1
		anchor(pa, int(pb))
	}
	for _, s := range sc.skip {
		cursor[a.first[s.pa]] = 0
	}
	sc.alive = alive[:0]
	if len(runs) == found {
		return runs
	}
	return mergeRuns(runs, maxStep)
}

// mergeRuns joins the runs on one diagonal that overlap or lie at most
// maxStep apart, as if their anchors had been grouped together: two sets
// of anchors, each grouped into runs, give the runs of their union.
func mergeRuns(runs []run, maxStep int) []run {
	diag := func(r run) int { return r.bFirst - r.aFirst }
	slices.SortFunc(runs, func(x, y run) int {
		return cmp.Or(cmp.Compare(diag(x), diag(y)), cmp.Compare(x.aFirst, y.aFirst))
	})
	out := runs[:0]
	for _, r := range runs {
		if n := len(out); n > 0 && diag(out[n-1]) == diag(r) && r.aFirst-out[n-1].aLast <= maxStep {
			if p := &out[n-1]; r.aLast > p.aLast {
				p.aLast, p.bLast = r.aLast, r.bLast
			}
			continue
		}
		out = append(out, r)
	}
	return out
}

// sharedCount returns the number of distinct shingles a and b share.
func sharedCount(a, b *Doc) int {
	n := 0
	for pa, h := range a.Shingles {
		if a.first[pa] == int32(pa) && b.lookup(h) >= 0 {
			n++
		}
	}
	return n
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
