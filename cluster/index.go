package cluster

import (
	"math"
	"math/bits"

	"slices"
	"unsafe"

	"github.com/provenance-dev/provenance/internal/hugepage"

	"github.com/provenance-dev/provenance/internal/work"
)

// flushEntries is how many postings the mutable part of an index holds
// before they are sorted into a segment.
const flushEntries = 1 << 18

// Index maps fingerprints to the documents that hold them. Documents are
// numbered by the caller.
//
// Postings live in sorted segments: parallel arrays of keys and document
// numbers (12 bytes a posting) with a directory on the top bits of the key,
// so a lookup is two array reads and a short scan. New postings go to a
// small hash table first and are sorted into a segment when it fills;
// segments of similar size are merged, so there are O(log n) of them.
//
// The zero value is not ready: use [NewIndex]. An Index is not safe for
// concurrent use, except that after [Index.Compact], with no Add since,
// Query may run on many goroutines at once (a query otherwise moves
// pending postings into the hash table).
type Index struct {
	minCollisions, maxKeyDocs int
	hugePages                 bool

	// New postings: pend in the order added, moved into the hash table
	// (head, ent) when a query needs them, so a bulk load followed by
	// Compact never builds the table.
	pend []keyDoc
	head headTable // key -> its newest posting in ent
	ent  []posting
	segs []*segment
	docs int

	// filter has a bit for each value of a key's top bits after a
	// multiplication, set for every key held: a key whose bit is clear
	// is held by no document and needs no lookup in the segments. Most
	// keys of a query are held by none, and a lookup costs a cache miss
	// or two per segment. It is made by the first lookup (an index built
	// to be walked never needs it), kept by Add, and remade at twice the
	// size when the postings pass an eighth of its bits.
	filter     []uint64
	filterBits uint
	filterN    int // the postings it was sized for
}

type keyDoc struct {
	key uint64
	doc int32
}

type posting struct {
	doc  int32
	next int32 // the key's previous posting in ent, or -1
}

// NewIndex returns an empty index using cfg's MinCollisions and
// MaxKeyDocs.
func NewIndex(cfg Config) *Index {
	return &Index{
		minCollisions: cfg.MinCollisions,
		maxKeyDocs:    cfg.MaxKeyDocs,
		hugePages:     cfg.HugePages,
	}
}

// Len returns the number of documents added.
func (ix *Index) Len() int { return ix.docs }

// Postings returns the number of (fingerprint, document) pairs held.
func (ix *Index) Postings() int {
	n := len(ix.ent) + len(ix.pend)
	for _, s := range ix.segs {
		n += len(s.keys)
	}
	return n
}

// ArrayBytes returns the bytes of the arrays the index holds (their
// capacity): its postings, their directories and the table of the newest.
// It leaves out the runtime's own overhead.
func (ix *Index) ArrayBytes() int64 {
	n := int64(cap(ix.pend))*int64(unsafe.Sizeof(keyDoc{})) +
		int64(cap(ix.ent))*int64(unsafe.Sizeof(posting{})) +
		int64(cap(ix.head.slots))*int64(unsafe.Sizeof(headSlot{})) + int64(cap(ix.filter))*8
	for _, s := range ix.segs {
		n += int64(cap(s.keys))*8 + int64(cap(s.docs))*4 + int64(cap(s.dir))*4
	}
	return n
}

// Add records the fingerprints of document doc, as [Sketcher.Keys]
// returns them (no repeats). Add a document once.
func (ix *Index) Add(doc int32, keys []uint64) {
	ix.docs++
	for _, k := range keys {
		ix.pend = append(ix.pend, keyDoc{k, doc})
	}
	if ix.filter != nil {
		if ix.Postings() > ix.filterN {
			ix.makeFilter()
		} else {
			for _, k := range keys {
				ix.setFilter(k)
			}
		}
	}
	if len(ix.ent)+len(ix.pend) >= flushEntries {
		ix.flush()
	}
}

// absorb moves pending postings into the hash table.
func (ix *Index) absorb() {
	for _, p := range ix.pend {
		prev := ix.head.swap(p.key, int32(len(ix.ent)))
		ix.ent = append(ix.ent, posting{p.doc, prev})
	}
	ix.pend = ix.pend[:0]
}

// Compact sorts all postings into one segment. It makes later queries
// faster and lets [Index.Shared] run.
func (ix *Index) Compact() {
	ix.flush()
	for len(ix.segs) > 1 {
		n := len(ix.segs)
		ix.segs = append(ix.segs[:n-2], mergeSegments(ix.segs[n-2], ix.segs[n-1], ix.hugePages))
	}
}

// mergeRatio is how many times the size of the newest segment the one
// before it may be without the two being merged. At 2, a million
// documents added one at a time are held in up to 6 segments, each probed
// by every query, and each posting is merged about 8 times; at 4, in up
// to 4, merged about 11 times, and the whole cost per document (add and
// query) was 12% less at 1M and 17% less at 400k, adds costing about the
// same; at 8 (3 segments, 15 merges) adds cost more and queries no less.
const mergeRatio = 4

// flush sorts the mutable postings into a new segment and merges segments
// while the newest is at least 1/mergeRatio the size of the one before.
func (ix *Index) flush() {
	if len(ix.ent)+len(ix.pend) == 0 {
		return
	}
	all := ix.pend
	for _, sl := range ix.head.slots {
		if sl.head == 0 {
			continue
		}
		for e := sl.head - 1; e >= 0; e = ix.ent[e].next {
			all = append(all, keyDoc{sl.key, ix.ent[e].doc})
		}
	}
	ix.segs = append(ix.segs, segmentOf(all, ix.hugePages))
	ix.head.reset()
	ix.ent = ix.ent[:0:0]
	ix.pend = ix.pend[:0:0]
	for n := len(ix.segs); n > 1 && mergeRatio*len(ix.segs[n-1].keys) >= len(ix.segs[n-2].keys); n = len(ix.segs) {
		ix.segs = append(ix.segs[:n-2], mergeSegments(ix.segs[n-2], ix.segs[n-1], ix.hugePages))
	}
}

// Shared calls fn for every fingerprint held by at least minDocs
// documents, with those documents in ascending order. It compacts the
// index first. fn must not keep docs.
func (ix *Index) Shared(minDocs int, fn func(key uint64, docs []int32)) {
	ix.SharedParts(minDocs, 1, func(_ int, key uint64, docs []int32) { fn(key, docs) })
}

// SharedParts is [Index.Shared] on parts goroutines: the fingerprints
// are cut into parts ranges of keys, and fn(part, key, docs) is called
// for those of each part in key order, by the part's own goroutine. fn
// must not keep docs.
func (ix *Index) SharedParts(minDocs, parts int, fn func(part int, key uint64, docs []int32)) {
	ix.Compact()
	if len(ix.segs) == 0 {
		return
	}
	s := ix.segs[0]
	parts = max(1, min(parts, len(s.keys)))
	bounds := groupBounds(s.keys, parts)
	work.Each(parts, parts, func(w int) {
		for i := bounds[w]; i < bounds[w+1]; {
			j := i + 1
			for j < len(s.keys) && s.keys[j] == s.keys[i] {
				j++
			}
			if j-i >= minDocs {
				fn(w, s.keys[i], s.docs[i:j])
			}
			i = j
		}
	})
}

// Candidate is a document that shares fingerprints with a query.
type Candidate struct {
	Doc        int32
	Collisions int
}

// Scratch holds a query's working space; reuse one per goroutine to save
// allocations. The zero value is ready.
type Scratch struct {
	ids   []int32
	group []int32
	at    []int32
	held  []uint64
	spans [][2]int
	heads []int32
}

// Query returns the documents in the index that share at least
// MinCollisions of keys (fingerprints, as [Sketcher.Keys] returns them),
// ordered by document number. A key held by more than MaxKeyDocs documents
// is passed over. s may be nil.
func (ix *Index) Query(keys []uint64, s *Scratch) []Candidate {
	if s == nil {
		s = new(Scratch)
	}
	ids := s.ids[:0]
	ix.lookup(keys, s, ix.maxKeyDocs, func(_, _ int, docs []int32) {
		if docs != nil {
			ids = append(ids, docs...)
		}
	})
	s.ids = ids
	return collisions(nil, ids, ix.minCollisions)
}

// Lookup calls fn(i, docs) for each key keys[i] that the index holds, with
// the documents that hold it, in no particular order, however many they
// are (MaxKeyDocs is for the caller to apply). fn must not keep or change
// docs. s may be nil. Lookup is for a caller that weighs keys itself: one
// that counts a key's holders by source, or leaves some keys out.
func (ix *Index) Lookup(keys []uint64, s *Scratch, fn func(i int, docs []int32)) {
	if s == nil {
		s = new(Scratch)
	}
	ix.lookup(keys, s, -1, func(i, _ int, docs []int32) { fn(i, docs) })
}

// LookupLimit is [Index.Lookup] that does not gather the documents of a
// key held by more than limit of them: fn(i, n, docs) has the number of
// holders n, and docs nil when n > limit. A key held by thousands of
// documents then costs a count, not a copy of them.
func (ix *Index) LookupLimit(keys []uint64, s *Scratch, limit int, fn func(i, n int, docs []int32)) {
	if s == nil {
		s = new(Scratch)
	}
	ix.lookup(keys, s, limit, fn)
}

// lookup is LookupLimit (limit < 0: no limit). The documents passed to
// fn are in s.group, or a segment's own; fn must not change them.
func (ix *Index) lookup(keys []uint64, s *Scratch, limit int, fn func(i, n int, docs []int32)) {
	if len(ix.pend) > 0 {
		ix.absorb()
	}
	if ix.filter == nil {
		ix.makeFilter()
	}
	// Only the keys the filter lets through are looked up; at is their
	// place in keys.
	at := s.at[:0]
	held := s.held[:0]
	for i, k := range keys {
		if ix.inFilter(k) {
			at = append(at, int32(i))
			held = append(held, k)
		}
	}
	s.at, s.held = at, held
	keys = held
	// Look the keys up segment by segment and stage by stage (directory,
	// keys, documents): the loads of one stage are independent, so the
	// processor overlaps their cache misses instead of waiting on each.
	spans := s.spans[:0]
	for _, sg := range ix.segs {
		for _, k := range keys {
			slot := k >> sg.shift
			spans = append(spans, [2]int{int(sg.dir[slot]), int(sg.dir[slot+1])})
		}
	}
	for j, sg := range ix.segs {
		sp := spans[j*len(keys) : (j+1)*len(keys)]
		for i, k := range keys {
			lo, hi := sp[i][0], sp[i][1]
			if hi-lo > 16 {
				at, _ := slices.BinarySearch(sg.keys[lo:hi], k)
				lo += at
			} else {
				for lo < hi && sg.keys[lo] < k {
					lo++
				}
			}
			end := lo
			for end < hi && end-lo < 16 && sg.keys[end] == k {
				end++
			}
			if end-lo == 16 { // a common key: its end by bisection
				n, _ := slices.BinarySearch(sg.keys[end:hi], k+1)
				if k == math.MaxUint64 {
					n = hi - end
				}
				end += n
			}
			sp[i] = [2]int{lo, end}
		}
	}
	s.spans = spans
	// The newest postings' heads, in a loop of their own for the same
	// reason.
	heads := s.heads[:0]
	if ix.head.n > 0 {
		for _, k := range keys {
			heads = append(heads, ix.head.get(k))
		}
	}
	s.heads = heads
	for i := range keys {
		if limit >= 0 {
			n := 0
			for j := range ix.segs {
				sp := spans[j*len(keys)+i]
				n += sp[1] - sp[0]
			}
			if len(heads) > 0 {
				for e := heads[i]; e >= 0; e = ix.ent[e].next {
					n++
				}
			}
			if n > limit {
				fn(int(at[i]), n, nil)
				continue
			}
		}
		// A key in one segment only, with no newest postings, is passed
		// as the segment's own run: no copy.
		only, parts := -1, 0
		for j := range ix.segs {
			if sp := spans[j*len(keys)+i]; sp[1] > sp[0] {
				only, parts = j, parts+1
			}
		}
		if parts == 1 && (len(heads) == 0 || heads[i] < 0) {
			sp := spans[only*len(keys)+i]
			fn(int(at[i]), sp[1]-sp[0], ix.segs[only].docs[sp[0]:sp[1]])
			continue
		}
		group := s.group[:0]
		for j, sg := range ix.segs {
			sp := spans[j*len(keys)+i]
			group = append(group, sg.docs[sp[0]:sp[1]]...)
		}
		if len(heads) > 0 {
			for e := heads[i]; e >= 0; e = ix.ent[e].next {
				group = append(group, ix.ent[e].doc)
			}
		}
		s.group = group
		if len(group) > 0 {
			fn(int(at[i]), len(group), group)
		}
	}
}

// filterSlot returns the word and bit of key k in the filter.
func (ix *Index) filterSlot(k uint64) (int, uint64) {
	h := (k * headMul) >> (64 - ix.filterBits)
	return int(h >> 6), 1 << (h & 63)
}

func (ix *Index) setFilter(k uint64) {
	w, b := ix.filterSlot(k)
	ix.filter[w] |= b
}

func (ix *Index) inFilter(k uint64) bool {
	w, b := ix.filterSlot(k)
	return ix.filter[w]&b != 0
}

// makeFilter makes the filter anew, with 16 bits a posting (at least 2^16
// bits), for twice the postings held: one in 16 or fewer clear keys
// passes it until it is remade.
func (ix *Index) makeFilter() {
	n := max(ix.Postings(), 1<<12)
	ix.filterBits = uint(bits.Len(uint(16*n - 1)))
	ix.filterN = 2 * n
	if words := 1 << (ix.filterBits - 6); cap(ix.filter) >= words {
		ix.filter = ix.filter[:words]
		clear(ix.filter)
	} else {
		ix.filter = make([]uint64, words)
	}
	for _, p := range ix.pend {
		ix.setFilter(p.key)
	}
	for _, sl := range ix.head.slots {
		if sl.head != 0 {
			ix.setFilter(sl.key)
		}
	}
	for _, sg := range ix.segs {
		for _, k := range sg.keys {
			ix.setFilter(k)
		}
	}
}

// headTable maps a key to its newest posting in Index.ent: open
// addressing on the key's top bits after a multiplication, probed
// linearly, at most half full. A slot holds its key and head beside it,
// so a lookup usually costs one cache miss. A Go map in its place took a
// third of the time of 100k documents added one at a time, each queried
// first, in lookups, inserts and growth; this table, a twentieth.
type headTable struct {
	slots []headSlot
	n     int
	shift uint
}

type headSlot struct {
	key  uint64
	head int32 // the posting's index in ent plus 1; 0 for an empty slot
}

// headMul spreads keys that differ only in their low bits (as tests'
// keys may) over the table's slots.
const headMul = 0x9e3779b97f4a7c15

// get returns k's newest posting, or -1.
func (t *headTable) get(k uint64) int32 {
	if t.n == 0 {
		return -1
	}
	mask := len(t.slots) - 1
	for i := int((k * headMul) >> t.shift); ; i = (i + 1) & mask {
		sl := &t.slots[i]
		if sl.head == 0 {
			return -1
		}
		if sl.key == k {
			return sl.head - 1
		}
	}
}

// swap makes e k's newest posting and returns the one before, or -1.
func (t *headTable) swap(k uint64, e int32) int32 {
	if 2*(t.n+1) > len(t.slots) {
		t.grow()
	}
	mask := len(t.slots) - 1
	for i := int((k * headMul) >> t.shift); ; i = (i + 1) & mask {
		sl := &t.slots[i]
		if sl.head == 0 {
			sl.key, sl.head = k, e+1
			t.n++
			return -1
		}
		if sl.key == k {
			prev := sl.head - 1
			sl.head = e + 1
			return prev
		}
	}
}

// grow doubles the table (to 1,024 slots at first) and places its keys
// again.
func (t *headTable) grow() {
	old := t.slots
	size := max(1024, 2*len(old))
	t.slots = make([]headSlot, size)
	t.shift = uint(64 - bits.Len(uint(size-1)))
	mask := size - 1
	for _, sl := range old {
		if sl.head == 0 {
			continue
		}
		i := int((sl.key * headMul) >> t.shift)
		for t.slots[i].head != 0 {
			i = (i + 1) & mask
		}
		t.slots[i] = sl
	}
}

// reset empties the table and keeps its slots for the next postings.
func (t *headTable) reset() {
	clear(t.slots)
	t.n = 0
}

// collisions sorts ids (documents, once for each shared key) and appends
// to dst those that occur at least min times, with their counts.
func collisions(dst []Candidate, ids []int32, min int) []Candidate {
	slices.Sort(ids)
	for i := 0; i < len(ids); {
		j := i + 1
		for j < len(ids) && ids[j] == ids[i] {
			j++
		}
		if j-i >= min {
			dst = append(dst, Candidate{ids[i], j - i})
		}
		i = j
	}
	return dst
}

// segment is a sorted run of postings. dir[b] is the first posting whose
// key's top bits are b or more.
type segment struct {
	keys  []uint64
	docs  []int32
	dir   []uint32
	shift uint
}

// newSegment returns a segment of n postings, its arrays advised to
// use huge pages if huge.
func newSegment(n int, huge bool) *segment {
	s := &segment{keys: make([]uint64, n), docs: make([]int32, n)}
	if huge {
		hugepage.Advise(s.keys)
		hugepage.Advise(s.docs)
	}
	return s
}

// segmentOf sorts postings and returns them as a segment, its arrays
// advised to use huge pages if huge.
func segmentOf(postings []keyDoc, huge bool) *segment {
	sortKeyDocs(postings)
	s := newSegment(len(postings), huge)
	for i, p := range postings {
		s.keys[i], s.docs[i] = p.key, p.doc
	}
	s.buildDir(huge)
	return s
}

func (s *segment) buildDir(huge bool) {
	s.makeDir(huge)
	s.fillDir(0, len(s.dir)-1, 0, len(s.keys))
}

// makeDir allocates the directory, about four postings a slot, advised
// to use huge pages if huge.
func (s *segment) makeDir(huge bool) {
	b := max(1, bits.Len(uint(len(s.keys)/4)))
	s.shift = uint(64 - b)
	s.dir = make([]uint32, 1<<b+1)
	if huge {
		hugepage.Advise(s.dir)
	}
	s.dir[1<<b] = uint32(len(s.keys))
}

// fillDir sets the directory's slots [lo, hi), whose keys are the
// postings [at, end).
func (s *segment) fillDir(lo, hi, at, end int) {
	for slot := lo; slot < hi; slot++ {
		for at < end && s.keys[at]>>s.shift < uint64(slot) {
			at++
		}
		s.dir[slot] = uint32(at)
	}
}

// sortKeyDocs sorts postings by key, then document. Keys are hashes,
// uniform over 64 bits, so a stable radix sort on only the top bits (8 a
// pass, enough bits that groups sharing them hold about one posting)
// leaves short runs sharing those bits, which insertion sort finishes;
// a long run (skewed keys) is sorted by comparison. Equal keys keep their
// input order, which callers give in ascending document order, so the
// insertion sort also orders documents.
func sortKeyDocs(a []keyDoc) {
	sortKeyDocsBuf(a, nil, 0)
}

// sortKeyDocsBuf is sortKeyDocs with a scratch buffer to reuse (grown if
// short; it returns the buffer), for keys whose top known bits are all
// the same: the digits start below them.
func sortKeyDocsBuf(a, buf []keyDoc, known int) []keyDoc {
	if len(a) < 2 {
		return buf
	}
	if len(a) <= 24 {
		insertionSortKeyDocs(a)
		return buf
	}
	if cap(buf) < len(a) {
		buf = make([]keyDoc, len(a))
	}
	buf = buf[:len(a)]
	// Enough bits below the known ones for about one posting per value,
	// in 8-bit digits.
	passes := min((64-known)/8, (bits.Len(uint(len(a)))+7)/8)
	src, dst := a, buf
	for p := range passes {
		shift := uint(64 - known - 8*(passes-p))
		var count [257]int
		for _, e := range src {
			count[(e.key>>shift)&0xff+1]++
		}
		if count[(src[0].key>>shift)&0xff+1] == len(src) {
			continue // every key has this digit
		}
		for i := 1; i < 257; i++ {
			count[i] += count[i-1]
		}
		for _, e := range src {
			d := (e.key >> shift) & 0xff
			dst[count[d]] = e
			count[d]++
		}
		src, dst = dst, src
	}
	if &src[0] != &a[0] {
		copy(a, src)
	}
	// Finish runs that share the sorted top bits.
	shift := uint(64 - known - 8*passes)
	for i := 0; i < len(a); {
		j := i + 1
		for j < len(a) && a[j].key>>shift == a[i].key>>shift {
			j++
		}
		switch {
		case j-i <= 1:
		case j-i <= 32:
			insertionSortKeyDocs(a[i:j])
		default:
			slices.SortStableFunc(a[i:j], func(x, y keyDoc) int {
				if x.key != y.key {
					if x.key < y.key {
						return -1
					}
					return 1
				}
				return int(x.doc) - int(y.doc)
			})
		}
		i = j
	}
	return buf
}

// insertionSortKeyDocs sorts a short run by key, then document.
func insertionSortKeyDocs(a []keyDoc) {
	for i := 1; i < len(a); i++ {
		for j := i; j > 0 && (a[j].key < a[j-1].key || a[j].key == a[j-1].key && a[j].doc < a[j-1].doc); j-- {
			a[j], a[j-1] = a[j-1], a[j]
		}
	}
}

// mergeSegments returns the postings of a and b in one segment, ordered
// by key, then document.
func mergeSegments(a, b *segment, huge bool) *segment {
	s := newSegment(len(a.keys)+len(b.keys), huge)
	ak, ad, bk, bd := a.keys, a.docs, b.keys, b.docs
	ok, od := s.keys, s.docs
	// Without a branch on which side is next: which one it is is a coin
	// toss for random keys, and a branch on it mispredicts half the time.
	i, j, o := 0, 0, 0
	for i < len(ak) && j < len(bk) && o < len(ok) && o < len(od) {
		ka, kb, da, db := ak[i], bk[j], ad[i], bd[j]
		// t is 1 if a's posting goes first: its key is less, or the same
		// with a document no greater. Borrows compare without a branch.
		_, lt := bits.Sub64(ka, kb, 0)
		_, gt := bits.Sub64(kb, ka, 0)
		_, dgt := bits.Sub64(uint64(uint32(db)^1<<31), uint64(uint32(da)^1<<31), 0)
		t := int(lt | (1^lt^gt)&(1^dgt))
		k, d := kb, db
		if t == 1 {
			k, d = ka, da
		}
		ok[o], od[o] = k, d
		o++
		i += t
		j += 1 - t
	}
	copy(od[o:], ad[i:])
	o += copy(ok[o:], ak[i:])
	copy(od[o:], bd[j:])
	copy(ok[o:], bk[j:])
	s.buildDir(huge)
	return s
}

// NearDuplicates returns the pairs (a, b), a < b, of documents that share
// fingerprints in skip (the boilerplate, which [Index.PairsBelowWith]
// passes over) held by at most MaxKeyDocs documents, at least frac of the
// fingerprints of the one with fewer: near duplicates (see
// Config.NearDuplicate). Only a document with at least frac of its own
// fingerprints in skip can be the one with fewer, so only those are
// looked at. The pairs are sorted.
func (ix *Index) NearDuplicates(skip *KeySet, frac float64, workers int) [][2]int32 {
	if skip.Len() == 0 || frac <= 0 {
		return nil
	}
	ix.Compact()
	if len(ix.segs) == 0 {
		return nil
	}
	s := ix.segs[0]
	n := 0
	for _, d := range s.docs {
		n = max(n, int(d)+1)
	}
	keys := make([]int32, n)   // fingerprints of each document
	boiler := make([]int32, n) // of those, in skip
	var groups [][2]int        // boilerplate groups of 2 to MaxKeyDocs
	for i := 0; i < len(s.keys); {
		j := i + 1
		for j < len(s.keys) && s.keys[j] == s.keys[i] {
			j++
		}
		in := skip.mayHold(s.keys[i]) && skip.lookup(s.keys[i])
		for _, d := range s.docs[i:j] {
			keys[d]++
			if in {
				boiler[d]++
			}
		}
		if in && j-i >= 2 && j-i <= ix.maxKeyDocs {
			groups = append(groups, [2]int{i, j})
		}
		i = j
	}
	mostly := func(d int32) bool { return keys[d] > 0 && float64(boiler[d]) >= frac*float64(keys[d]) }
	of := map[int32][]int32{} // a mostly-boilerplate document's groups
	for g, r := range groups {
		for _, d := range s.docs[r[0]:r[1]] {
			if mostly(d) {
				of[d] = append(of[d], int32(g))
			}
		}
	}
	docs := make([]int32, 0, len(of))
	for d := range of {
		docs = append(docs, d)
	}
	slices.Sort(docs)
	found := make([][][2]int32, len(docs))
	work.Each(len(docs), max(1, workers), func(i int) {
		d := docs[i]
		var ids []int32
		for _, g := range of[d] {
			for _, o := range s.docs[groups[g][0]:groups[g][1]] {
				if o != d {
					ids = append(ids, o)
				}
			}
		}
		slices.Sort(ids)
		for a := 0; a < len(ids); {
			b := a + 1
			for b < len(ids) && ids[b] == ids[a] {
				b++
			}
			o := ids[a]
			if float64(b-a) >= frac*float64(min(keys[d], keys[o])) {
				found[i] = append(found[i], [2]int32{min(d, o), max(d, o)})
			}
			a = b
		}
	})
	var out [][2]int32
	for _, f := range found {
		out = append(out, f...)
	}
	slices.SortFunc(out, func(x, y [2]int32) int {
		if x[0] != y[0] {
			return int(x[0] - y[0])
		}
		return int(x[1] - y[1])
	})
	return slices.Compact(out)
}
