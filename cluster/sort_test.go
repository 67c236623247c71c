package cluster

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
)

func TestSortKeyDocs(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	gens := map[string]func(i int) uint64{
		"uniform": func(int) uint64 { return rng.Uint64() },
		// Keys sharing their top bits: the runs the radix passes leave
		// are long and must be finished by comparison.
		"low bits only": func(int) uint64 { return rng.Uint64() & 0xffff },
		"few distinct":  func(int) uint64 { return uint64(rng.IntN(7)) << 61 },
		"skewed top": func(int) uint64 {
			if rng.IntN(2) == 0 {
				return 1<<63 | rng.Uint64()&0xfff
			}
			return rng.Uint64()
		},
	}
	for name, gen := range gens {
		for _, n := range []int{0, 1, 2, 20, 25, 33, 255, 256, 1000, 70000, 300000} {
			a := make([]keyDoc, n)
			for i := range a {
				a[i] = keyDoc{gen(i), int32(rng.IntN(50))}
			}
			want := slices.Clone(a)
			slices.SortFunc(want, func(x, y keyDoc) int { return cmp.Or(cmp.Compare(x.key, y.key), cmp.Compare(x.doc, y.doc)) })
			sortKeyDocs(a)
			if !slices.Equal(a, want) {
				t.Fatalf("%s, %d postings: not sorted by key, then document", name, n)
			}
			// The same keys with their top known bits made equal, as in
			// a bucket of BuildIndex.
			for _, known := range []int{8, 12, 16} {
				top := uint64(0x5a5a) << 48 >> (64 - known) << (64 - known)
				for i := range a {
					a[i].key = top | want[i].key<<known>>known
				}
				rng.Shuffle(len(a), func(i, j int) { a[i], a[j] = a[j], a[i] })
				want2 := slices.Clone(a)
				slices.SortFunc(want2, func(x, y keyDoc) int { return cmp.Or(cmp.Compare(x.key, y.key), cmp.Compare(x.doc, y.doc)) })
				sortKeyDocsBuf(a, nil, known)
				if !slices.Equal(a, want2) {
					t.Fatalf("%s, %d postings, top %d bits known: not sorted by key, then document", name, n, known)
				}
			}
		}
	}
}

func TestBuildIndexMatchesAdd(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	cfg := DefaultConfig()
	cfg.MaxKeyDocs = 40
	// Documents drawing fingerprints from a small pool share many; some
	// keys have no top bits set, some share the top byte.
	pool := make([]uint64, 3000)
	for i := range pool {
		switch i % 3 {
		case 0:
			pool[i] = rng.Uint64()
		case 1:
			pool[i] = rng.Uint64() >> 40
		default:
			pool[i] = 0xab<<56 | rng.Uint64()>>20
		}
	}
	defer func(n int) { bucketPostings = n }(bucketPostings)
	// Buckets of about 16 postings: 256 to 2^16 of them, on more bits
	// than the directory has (or fewer) depending on the size.
	for _, tc := range []struct{ ndocs, bucketPostings int }{
		{0, 1 << 15}, {1, 1 << 15}, {7, 1 << 15}, {500, 1 << 15},
		{7, 1}, {500, 16}, {500, 1}, {3000, 4},
	} {
		ndocs := tc.ndocs
		bucketPostings = tc.bucketPostings
		keys := make([][]uint64, ndocs)
		for d := range keys {
			n := rng.IntN(60)
			if d%5 == 0 {
				n = 0
			}
			for range n {
				keys[d] = append(keys[d], pool[rng.IntN(len(pool))])
			}
			slices.Sort(keys[d])
			keys[d] = slices.Compact(keys[d])
		}
		want := NewIndex(cfg)
		for d, ks := range keys {
			want.Add(int32(d), ks)
		}
		want.Compact()
		for _, workers := range []int{1, 2, 3} {
			got := BuildIndex(cfg, keys, workers)
			if got.Len() != want.Len() || got.Postings() != want.Postings() {
				t.Fatalf("%d docs, %d workers: %d docs %d postings, want %d and %d", ndocs, workers, got.Len(), got.Postings(), want.Len(), want.Postings())
			}
			if len(want.segs) > 0 && (!slices.Equal(got.segs[0].keys, want.segs[0].keys) || !slices.Equal(got.segs[0].docs, want.segs[0].docs)) {
				t.Fatalf("%d docs, %d workers: postings differ from Add+Compact", ndocs, workers)
			}
			if len(want.segs) > 0 && (got.segs[0].shift != want.segs[0].shift || !slices.Equal(got.segs[0].dir, want.segs[0].dir)) {
				t.Fatalf("%d docs, %d workers, buckets of %d: directory differs from Add+Compact", ndocs, workers, bucketPostings)
			}
			for d, ks := range keys {
				a, b := got.Query(ks, nil), want.Query(ks, nil)
				if !slices.Equal(a, b) {
					t.Fatalf("%d docs, %d workers: doc %d query %v, want %v", ndocs, workers, d, a, b)
				}
			}
		}
	}
}

func TestPairsBelowMatchesQuery(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	cfg := DefaultConfig()
	cfg.MaxKeyDocs = 25
	pool := make([]uint64, 800)
	for i := range pool {
		pool[i] = rng.Uint64()
	}
	for _, ndocs := range []int{0, 1, 2, 300} {
		keys := make([][]uint64, ndocs)
		for d := range keys {
			for range rng.IntN(40) {
				keys[d] = append(keys[d], pool[rng.IntN(len(pool))])
			}
			slices.Sort(keys[d])
			keys[d] = slices.Compact(keys[d])
		}
		skip := &KeySet{}
		for _, k := range pool[:40] {
			skip.Add(k)
		}
		ix := BuildIndex(cfg, keys, 2)
		got := make([][]Candidate, ndocs)
		var mu sync.Mutex
		ix.PairsBelow(skip, 3, func(d int32, cands []Candidate) {
			mu.Lock()
			got[d] = slices.Clone(cands)
			mu.Unlock()
		})
		for d, ks := range keys {
			ks = slices.DeleteFunc(slices.Clone(ks), skip.Has)
			want := slices.DeleteFunc(ix.Query(ks, nil), func(c Candidate) bool { return c.Doc >= int32(d) })
			if len(want) == 0 {
				want = nil
			}
			if !slices.Equal(got[d], want) {
				t.Fatalf("%d docs: doc %d pairs %v, want %v", ndocs, d, got[d], want)
			}
		}
	}
}

// BenchmarkSortKeyDocs sorts one bucket of BuildIndex (keys sharing their
// top byte) of the sizes a 1 GB corpus (115k postings) and a million
// documents (520k) give.
func BenchmarkSortKeyDocs(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{5000, 115000, 520000} {
		src := make([]keyDoc, n)
		for i := range src {
			src[i] = keyDoc{0x5a<<56 | rng.Uint64()>>8, int32(i)}
		}
		a := make([]keyDoc, n)
		buf := make([]keyDoc, n)
		b.Run(fmt.Sprintf("postings=%d", n), func(b *testing.B) {
			b.SetBytes(int64(n) * 12)
			for b.Loop() {
				copy(a, src)
				sortKeyDocsBuf(a, buf, 8)
			}
		})
	}
}

// TestIndex_Lookup checks Lookup against a map of each key's holders, on
// an index whose postings are spread over segments, the table of the
// newest and pending ones, with keys held by more documents than
// MaxKeyDocs.
func TestIndex_Lookup(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	cfg := DefaultConfig()
	cfg.MaxKeyDocs = 5
	pool := make([]uint64, 20000)
	for i := range pool {
		pool[i] = rng.Uint64()
	}
	ix := NewIndex(cfg)
	holders := map[uint64][]int32{}
	var s Scratch
	check := func(d int32) {
		q := make([]uint64, 60)
		for i := range q {
			q[i] = pool[rng.IntN(len(pool))]
		}
		q[0] = rng.Uint64() // held by none
		q[1] = pool[0]      // held by every document
		seen := make([]bool, len(q))
		ix.Lookup(q, &s, func(i int, docs []int32) {
			seen[i] = true
			got := slices.Sorted(slices.Values(docs))
			want := slices.Sorted(slices.Values(holders[q[i]]))
			if !slices.Equal(got, want) {
				t.Fatalf("after %d docs: key %d holders %v, want %v", d, i, got, want)
			}
		})
		for i, k := range q {
			if !seen[i] && len(holders[k]) > 0 {
				t.Fatalf("after %d docs: key %d held by %v not reported", d, i, holders[k])
			}
		}
		// With a limit, keys over it come counted, without documents.
		ix.LookupLimit(q, &s, 20, func(i, n int, docs []int32) {
			want := holders[q[i]]
			if n != len(want) || (n > 20) != (docs == nil) || docs != nil && len(docs) != n {
				t.Fatalf("after %d docs: key %d: n %d, %d docs; want %d holders, documents only up to 20", d, i, n, len(docs), len(want))
			}
		})
	}
	// About 300k postings: more than one segment's flush. A few keys are
	// held by most documents (so by long runs of a segment).
	for d := int32(0); d < 3000; d++ {
		keys := make([]uint64, 100)
		for i := range keys {
			keys[i] = pool[rng.IntN(len(pool))]
		}
		keys[0], keys[1] = pool[0], pool[1]
		slices.Sort(keys)
		keys = slices.Compact(keys)
		ix.Add(d, keys)
		for _, k := range keys {
			holders[k] = append(holders[k], d)
		}
		if d%250 == 0 {
			check(d)
		}
	}
	check(3000)
	if len(ix.segs) == 0 {
		t.Fatal("no segment was made: the test does not cover them")
	}
}

// TestPairsBelowWith_anchors checks the pairs of fingerprints held by more
// than MaxKeyDocs documents against a reference that pairs each holder
// with the anchors (the lowest ranks) and each anchor with every holder.
func TestPairsBelowWith_anchors(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	cfg := DefaultConfig()
	cfg.MaxKeyDocs = 6
	pool := make([]uint64, 60)
	for i := range pool {
		pool[i] = rng.Uint64()
	}
	for _, ndocs := range []int{1, 5, 40, 200} {
		keys := make([][]uint64, ndocs)
		for d := range keys {
			for range 1 + rng.IntN(12) {
				keys[d] = append(keys[d], pool[rng.IntN(len(pool))])
			}
			slices.Sort(keys[d])
			keys[d] = slices.Compact(keys[d])
		}
		rank := make([]int64, ndocs)
		for d := range rank {
			rank[d] = int64(rng.IntN(5)) // ties, broken by document number
		}
		pop := Popular{Anchors: 2, Rank: func(d int32) int64 { return rank[d] }}
		holders := map[uint64][]int32{}
		for d, ks := range keys {
			for _, k := range ks {
				holders[k] = append(holders[k], int32(d))
			}
		}
		// want[d][c]: how many keys pair c below d.
		want := make([]map[int32]int, ndocs)
		for d := range want {
			want[d] = map[int32]int{}
		}
		for _, hs := range holders {
			if len(hs) <= cfg.MaxKeyDocs {
				for i, a := range hs {
					for _, b := range hs[i+1:] {
						want[b][a]++
					}
				}
				continue
			}
			byRank := slices.Clone(hs)
			slices.SortStableFunc(byRank, func(x, y int32) int { return int(rank[x] - rank[y]) })
			anchors := byRank[:2]
			for _, x := range hs {
				for _, a := range anchors {
					if a == x || slices.Contains(anchors, x) && x > a {
						continue
					}
					lo, hi := min(a, x), max(a, x)
					want[hi][lo]++
				}
			}
		}
		ix := BuildIndex(cfg, keys, 2)
		got := make([][]Candidate, ndocs)
		var mu sync.Mutex
		ix.PairsBelowWith(nil, pop, 3, func(d int32, cands []Candidate) {
			mu.Lock()
			got[d] = slices.Clone(cands)
			mu.Unlock()
		})
		for d := range ndocs {
			var w []Candidate
			for c, n := range want[d] {
				if n >= cfg.MinCollisions {
					w = append(w, Candidate{c, n})
				}
			}
			slices.SortFunc(w, func(x, y Candidate) int { return int(x.Doc - y.Doc) })
			if !slices.Equal(got[d], w) {
				t.Fatalf("%d docs: doc %d pairs %v, want %v", ndocs, d, got[d], w)
			}
		}
	}
}
