package cluster

import (
	"math/bits"
	"slices"
	"sync"

	"github.com/provenance-dev/provenance/internal/work"
)

// bucketPostings is about how many postings a bucket of [BuildIndex]
// holds: 16 bytes each to sort, twice, in a core's 1 MiB of L2 cache.
// Tests lower it.
var bucketPostings = 1 << 15

// BuildIndex returns the compacted index of documents 0..len(keys)-1,
// keys[d] being document d's fingerprints as [Sketcher.Keys] returns them.
// It gives the same index as adding each document in turn and calling
// [Index.Compact], in less time and memory: postings are counted and
// scattered by their key's top byte straight into the final arrays, and
// the 256 buckets are then sorted independently, on up to workers
// goroutines.
func BuildIndex(cfg Config, keys [][]uint64, workers int) *Index {
	ix := NewIndex(cfg)
	ix.docs = len(keys)
	workers = max(1, min(workers, len(keys)))
	// Workers take contiguous ranges of documents, so within a bucket
	// the postings of worker w follow those of worker w-1 and documents
	// stay ascending.
	ranges := make([][2]int, workers)
	for w := range ranges {
		ranges[w] = [2]int{w * len(keys) / workers, (w + 1) * len(keys) / workers}
	}
	// Enough buckets (of the keys' top bits) that one bucket's sort
	// works within a core's caches: about bucketPostings each.
	total := 0
	for _, ks := range keys {
		total += len(ks)
	}
	bb := min(max(8, bits.Len(uint(total/bucketPostings))), 16)
	nb, shift := 1<<bb, uint(64-bb)
	counts := make([][]int, workers)
	work.Each(workers, workers, func(w int) {
		c := make([]int, nb)
		for _, ks := range keys[ranges[w][0]:ranges[w][1]] {
			for _, k := range ks {
				c[k>>shift]++
			}
		}
		counts[w] = c
	})
	bucket := make([]int, nb+1) // bucket b's postings are [bucket[b], bucket[b+1])
	next := make([][]int, workers)
	for w := range next {
		next[w] = make([]int, nb)
	}
	at := 0
	for b := range nb {
		bucket[b] = at
		for w := range workers {
			next[w][b] = at
			at += counts[w][b]
		}
	}
	bucket[nb] = total
	if total == 0 {
		return ix
	}
	s := newSegment(total, cfg.HugePages)
	work.Each(workers, workers, func(w int) {
		at := next[w]
		for d := ranges[w][0]; d < ranges[w][1]; d++ {
			for _, k := range keys[d] {
				i := at[k>>shift]
				s.keys[i], s.docs[i] = k, int32(d)
				at[k>>shift]++
			}
		}
	})
	bufs := make([][]keyDoc, workers)
	var mu sync.Mutex
	free := make([]int, 0, workers)
	for w := range workers {
		free = append(free, w)
	}
	// The directory is filled bucket by bucket too, each bucket's part
	// while its keys are in cache, when its slots hold no other bucket's
	// keys.
	s.makeDir(cfg.HugePages)
	dirBits := 64 - int(s.shift)
	perBucket := dirBits >= bb
	work.Each(nb, workers, func(b int) {
		lo, hi := bucket[b], bucket[b+1]
		if n := hi - lo; n >= 2 {
			mu.Lock()
			w := free[len(free)-1]
			free = free[:len(free)-1]
			mu.Unlock()
			if cap(bufs[w]) < 2*n {
				bufs[w] = make([]keyDoc, 2*n)
			}
			buf := bufs[w][:n]
			for i := range buf {
				buf[i] = keyDoc{s.keys[lo+i], s.docs[lo+i]}
			}
			// Every key of the bucket has the same top bb bits.
			sortKeyDocsBuf(buf, bufs[w][n:2*n], bb)
			for i, p := range buf {
				s.keys[lo+i], s.docs[lo+i] = p.key, p.doc
			}
			mu.Lock()
			free = append(free, w)
			mu.Unlock()
		}
		if perBucket {
			per := 1 << (dirBits - bb)
			s.fillDir(b*per, (b+1)*per, lo, hi)
		}
	})
	if !perBucket {
		s.fillDir(0, len(s.dir)-1, 0, total)
	}
	ix.segs = []*segment{s}
	return ix
}

// PairsBelow finds, for every document d of a compacted index (see
// [BuildIndex] and [Index.Compact]), the documents numbered below d that
// share at least MinCollisions fingerprints with it, as [Index.Query]
// would with d's fingerprints less those in skip. It calls fn(d, cands)
// for each d with candidates, on up to workers goroutines at once; fn must
// not keep cands.
//
// It walks the postings once to list, for each document, the groups of
// postings (one key's documents) it belongs to that could make pairs:
// shared by 2 to MaxKeyDocs documents and not skipped. A document then
// reads only those groups, with no lookup of its keys.
func (ix *Index) PairsBelow(skip *KeySet, workers int, fn func(d int32, cands []Candidate)) {
	ix.PairsBelowWith(skip, Popular{}, workers, fn)
}

// Popular says how a fingerprint held by more than MaxKeyDocs documents
// (a wire story carried by a thousand outlets) makes candidates: each of
// its holders is paired with its Anchors holders of lowest rank, not with
// all of them, so that the pairs grow with the holders, not with their
// square. Rank(d) orders documents (lower first; ties by document
// number); nil ranks by document number. Anchors 0 makes such a
// fingerprint make no candidates at all.
type Popular struct {
	Anchors int
	Rank    func(d int32) int64
}

// anchorsOf returns the anchors of a group of documents: the n of lowest
// rank, ties by document number, in ascending document number.
func (p Popular) anchorsOf(docs []int32, n int) []int32 {
	out := make([]int32, 0, n+1)
	rank := func(d int32) int64 {
		if p.Rank == nil {
			return int64(d)
		}
		return p.Rank(d)
	}
	less := func(a, b int32) bool {
		ra, rb := rank(a), rank(b)
		return ra < rb || ra == rb && a < b
	}
	for _, d := range docs {
		if len(out) == n && !less(d, out[n-1]) {
			continue
		}
		i := len(out)
		if i < n {
			out = append(out, d)
		} else {
			i = n - 1
		}
		for ; i > 0 && less(d, out[i-1]); i-- {
			out[i] = out[i-1]
		}
		out[i] = d
	}
	slices.Sort(out)
	return out
}

// PairsBelowWith is [Index.PairsBelow] with fingerprints held by more than
// MaxKeyDocs documents making candidates as pop says.
func (ix *Index) PairsBelowWith(skip *KeySet, pop Popular, workers int, fn func(d int32, cands []Candidate)) {
	ix.Compact()
	if len(ix.segs) == 0 {
		return
	}
	s := ix.segs[0]
	// The postings are walked in parts, one per worker, cut at group
	// boundaries; part w's groups come after part w-1's, so each
	// document's list of groups is in the order one walk would give.
	parts := max(1, min(workers, len(s.keys)))
	bounds := groupBounds(s.keys, parts)
	// Each part's groups that can make pairs, in chunks of groupChunk
	// (no copies as they grow).
	partGroups := make([][][][2]uint32, parts)
	partLen := make([]int, parts)
	partMax := make([]int, parts) // 1 + the largest document number
	// The groups over MaxKeyDocs that make anchored pairs, by part.
	partPopular := make([][]popGroup, parts)
	work.Each(parts, workers, func(w int) {
		var chunk [][2]uint32
		for i := bounds[w]; i < bounds[w+1]; {
			j := i + 1
			for j < len(s.keys) && s.keys[j] == s.keys[i] {
				j++
			}
			for _, d := range s.docs[i:j] {
				partMax[w] = max(partMax[w], int(d)+1)
			}
			if n := j - i; n > ix.maxKeyDocs && pop.Anchors > 0 {
				if skip == nil || !skip.mayHold(s.keys[i]) || !skip.lookup(s.keys[i]) {
					partPopular[w] = append(partPopular[w], popGroup{uint32(i), uint32(j), pop.anchorsOf(s.docs[i:j], pop.Anchors)})
				}
			}
			if n := j - i; n >= 2 && n <= ix.maxKeyDocs {
				if skip == nil || !skip.mayHold(s.keys[i]) || !skip.lookup(s.keys[i]) {
					if len(chunk) == cap(chunk) {
						if chunk != nil {
							partGroups[w] = append(partGroups[w], chunk)
						}
						chunk = make([][2]uint32, 0, groupChunk)
					}
					chunk = append(chunk, [2]uint32{uint32(i), uint32(j)})
					partLen[w]++
				}
			}
			i = j
		}
		if len(chunk) > 0 {
			partGroups[w] = append(partGroups[w], chunk)
		}
	})
	ndocs := slices.Max(partMax)
	// The parts' groups in one array, each part copied by a worker; part
	// w's are groups[first[w]:first[w+1]].
	first := make([]uint32, parts+1)
	for w := range parts {
		first[w+1] = first[w] + uint32(partLen[w])
	}
	groups := make([][2]uint32, first[parts])
	work.Each(parts, workers, func(w int) {
		at := first[w]
		for _, c := range partGroups[w] {
			at += uint32(copy(groups[at:], c))
		}
		partGroups[w] = nil
	})
	// count[w][d]: how many of part w's groups document d is in; then
	// where part w writes d's next group in of.
	count := make([][]uint32, parts)
	work.Each(parts, workers, func(w int) {
		c := make([]uint32, ndocs)
		for _, r := range groups[first[w]:first[w+1]] {
			for _, d := range s.docs[r[0]:r[1]] {
				c[d]++
			}
		}
		count[w] = c
	})
	start := make([]uint32, ndocs+1) // each document's first entry in of
	for d := range ndocs {
		at := start[d]
		for w := range parts {
			c := count[w][d]
			count[w][d] = at
			at += c
		}
		start[d+1] = at
	}
	of := make([]uint32, start[ndocs]) // group numbers, by document
	work.Each(parts, workers, func(w int) {
		at := count[w]
		for g, r := range groups[first[w]:first[w+1]] {
			for _, d := range s.docs[r[0]:r[1]] {
				of[at[d]] = first[w] + uint32(g)
				at[d]++
			}
		}
	})
	count = nil
	extraStart, extra := anchoredPairs(s, partPopular, ndocs)
	type scratch struct {
		ids    []int32
		ranges [][2]uint32
		cands  []Candidate
	}
	scr := make([]scratch, max(1, workers))
	var mu sync.Mutex
	free := make([]int, 0, len(scr))
	for w := range scr {
		free = append(free, w)
	}
	// Documents in the order of their first group: the members of a
	// family share most of their groups, so taken one after another they
	// find those groups, and the groups' documents, still in the caches.
	// (A document and its first group as one number sort fastest.)
	order := make([]uint64, 0, ndocs)
	for d := range ndocs {
		n := int(start[d+1] - start[d])
		if extra != nil {
			n += int(extraStart[d+1] - extraStart[d])
		}
		if n > 0 && n >= ix.minCollisions {
			first := uint32(0)
			if start[d+1] > start[d] {
				first = of[start[d]]
			}
			order = append(order, uint64(first)<<32|uint64(d))
		}
	}
	slices.Sort(order)
	work.Each(len(order), workers, func(k int) {
		d := int32(uint32(order[k]))
		gs := of[start[d]:start[d+1]]
		mu.Lock()
		w := free[len(free)-1]
		free = free[:len(free)-1]
		mu.Unlock()
		sc := &scr[w]
		// The groups' ranges first, then their documents: the loads of
		// each stage are independent of one another, so the processor
		// overlaps their cache misses (groups and postings are far
		// larger than the caches, and each document's are scattered).
		ranges := sc.ranges[:0]
		for _, g := range gs {
			ranges = append(ranges, groups[g])
		}
		ids := sc.ids[:0]
		for _, r := range ranges {
			// A group's documents are ascending.
			for _, o := range s.docs[r[0]:r[1]] {
				if o >= d {
					break
				}
				ids = append(ids, o)
			}
		}
		if extra != nil {
			ids = append(ids, extra[extraStart[d]:extraStart[d+1]]...)
		}
		cands := collisions(sc.cands[:0], ids, ix.minCollisions)
		sc.ids, sc.ranges, sc.cands = ids, ranges, cands
		if len(cands) > 0 {
			fn(d, cands)
		}
		mu.Lock()
		free = append(free, w)
		mu.Unlock()
	})
}

// popGroup is a group of postings held by more than MaxKeyDocs documents,
// [lo, hi) in the segment, with its anchors.
type popGroup struct {
	lo, hi  uint32
	anchors []int32
}

// anchoredPairs lists, for each document d, the documents below it that
// popular groups pair it with, once for each group: a member with the
// group's anchors, an anchor with all the group's members. It returns
// them as one array, document d's being extra[start[d]:start[d+1]]; nil
// if there are no popular groups.
func anchoredPairs(s *segment, parts [][]popGroup, ndocs int) (start []uint32, extra []int32) {
	var pops []popGroup
	for _, p := range parts {
		pops = append(pops, p...)
	}
	if len(pops) == 0 {
		return nil, nil
	}
	// Each pair (a, x) of an anchor a and a member x of a group, a != x,
	// goes to the larger of the two; a pair of two anchors, once.
	each := func(fn func(to, below int32)) {
		for _, g := range pops {
			for _, x := range s.docs[g.lo:g.hi] {
				isAnchor := slices.Contains(g.anchors, x)
				for _, a := range g.anchors {
					switch {
					case a < x:
						fn(x, a)
					case a > x && !isAnchor:
						fn(a, x)
					}
				}
			}
		}
	}
	count := make([]uint32, ndocs+1)
	each(func(to, _ int32) { count[to+1]++ })
	for d := 1; d <= ndocs; d++ {
		count[d] += count[d-1]
	}
	start = slices.Clone(count)
	extra = make([]int32, count[ndocs])
	each(func(to, below int32) {
		extra[count[to]] = below
		count[to]++
	})
	return start, extra
}

// groupChunk is how many groups PairsBelow's walk gathers in one array.
const groupChunk = 1 << 16

// groupBounds cuts keys, sorted, into parts of about equal length at
// boundaries between runs of equal keys: part w is [b[w], b[w+1]).
func groupBounds(keys []uint64, parts int) []int {
	bounds := make([]int, parts+1)
	for w := 1; w < parts; w++ {
		b := max(w*len(keys)/parts, bounds[w-1])
		for b > 0 && b < len(keys) && keys[b] == keys[b-1] {
			b++
		}
		bounds[w] = b
	}
	bounds[parts] = len(keys)
	return bounds
}
