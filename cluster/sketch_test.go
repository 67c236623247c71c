package cluster

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"

	minhash "github.com/dgryski/go-minhash"

	"github.com/provenance-dev/provenance/shingle"
)

// winnowBrute is winnowing by its definition: the rightmost minimum of
// every window.
func winnowBrute(h []uint64, w int) []int32 {
	if len(h) == 0 {
		return nil
	}
	w = min(w, len(h))
	var out []int32
	for s := 0; s+w <= len(h); s++ {
		m := s
		for j := s; j < s+w; j++ {
			if h[j] <= h[m] {
				m = j
			}
		}
		if len(out) == 0 || out[len(out)-1] != int32(m) {
			out = append(out, int32(m))
		}
	}
	return out
}

func randHashes(r *rand.Rand, n int, max uint64) []uint64 {
	h := make([]uint64, n)
	for i := range h {
		if max == 0 {
			h[i] = r.Uint64()
		} else {
			h[i] = r.Uint64N(max) // small values make ties
		}
	}
	return h
}

func TestWinnow_definition(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	for _, n := range []int{0, 1, 5, 9, 10, 11, 50, 333} {
		for _, w := range []int{1, 2, 10, 16} {
			for _, max := range []uint64{0, 4} {
				h := randHashes(r, n, max)
				got := Winnow(nil, h, w)
				want := winnowBrute(h, w)
				if !slices.Equal(got, want) {
					t.Errorf("n=%d w=%d max=%d: Winnow = %v, want %v", n, w, max, got, want)
				}
			}
		}
	}
}

// TestWinnow_density checks that winnowing keeps 2/(w+1) of random
// hashes, within 0.01.
func TestWinnow_density(t *testing.T) {
	r := rand.New(rand.NewPCG(2, 2))
	h := randHashes(r, 200000, 0)
	for _, w := range []int{4, 10, 16} {
		got := float64(len(Winnow(nil, h, w))) / float64(len(h))
		want := 2 / float64(w+1)
		if math.Abs(got-want) > 0.01 {
			t.Errorf("w=%d: density %.4f, want %.4f ± 0.01", w, got, want)
		}
	}
}

// passagePair returns the shingle hashes of two documents of n shingles
// made of distinct random text except one shared run of l shingles at
// random places.
func passagePair(r *rand.Rand, n, l int) (a, b []uint64) {
	a, b = randHashes(r, n, 0), randHashes(r, n, 0)
	shared := randHashes(r, l, 0)
	copy(a[r.IntN(n-l+1):], shared)
	copy(b[r.IntN(n-l+1):], shared)
	return a, b
}

// TestIndex_sharedPassage checks winnowing's guarantee through the index:
// two documents sharing a passage of 2*Winnow+K words (two disjoint
// windows' worth of shingles) always share two fingerprints, so they are
// always a candidate pair at MinCollisions 2, wherever the passage lies.
// The default MinMatchWords asks no less.
func TestIndex_sharedPassage(t *testing.T) {
	cfg := DefaultConfig()
	if words := 2*cfg.Winnow + cfg.K; cfg.MinMatchWords < words {
		t.Fatalf("MinMatchWords %d below the guaranteed passage length %d", cfg.MinMatchWords, words)
	}
	sk := NewSketcher(cfg)
	r := rand.New(rand.NewPCG(3, 3))
	l := 2*cfg.Winnow + 1 // shingles of a 2*Winnow+K word passage
	for trial := range 2000 {
		a, b := passagePair(r, 300, l)
		ix := NewIndex(cfg)
		ix.Add(0, sk.Keys(a))
		if c := ix.Query(sk.Keys(b), nil); len(c) != 1 || c[0].Doc != 0 {
			t.Fatalf("trial %d: shared passage of %d shingles gave candidates %v", trial, l, c)
		}
	}
}

// TestIndex_candidateCurve measures the share of document pairs that
// become candidates against the length of the passage they share: it must
// rise with length, and be small (chance) with nothing shared.
func TestIndex_candidateCurve(t *testing.T) {
	cfg := DefaultConfig()
	sk := NewSketcher(cfg)
	r := rand.New(rand.NewPCG(4, 4))
	const trials = 500
	prev := -1.0
	for _, words := range []int{0, 8, 12, 16, 20, 25} {
		hits := 0
		for range trials {
			a, b := passagePair(r, 300, max(0, words-cfg.K+1))
			ix := NewIndex(cfg)
			ix.Add(0, sk.Keys(a))
			if len(ix.Query(sk.Keys(b), nil)) > 0 {
				hits++
			}
		}
		rate := float64(hits) / trials
		t.Logf("passage of %2d words: candidate rate %.3f", words, rate)
		if rate < prev-0.05 {
			t.Errorf("%d words: rate %.3f fell from %.3f", words, rate, prev)
		}
		prev = rate
		if words == 0 && rate != 0 {
			t.Errorf("nothing shared: rate %.3f, want 0", rate)
		}
	}
	if prev != 1 {
		t.Errorf("25 words: rate %.3f, want 1", prev)
	}
}

// TestKeys_estimate checks that the Jaccard similarity of two documents'
// fingerprint sets estimates the exact Jaccard similarity of their
// shingle sets, for documents that share contiguous passages as reprints
// do, within 0.05 + 4 standard errors per pair, and that on average it is
// no worse than a 128-value go-minhash signature of the whole documents.
func TestKeys_estimate(t *testing.T) {
	cfg := DefaultConfig()
	sk := NewSketcher(cfg)
	s1, s2 := cfg.K, uint64(0x9e3779b97f4a7c15)
	mw := func(sh []uint64) []uint64 {
		m := minhash.NewMinWise(
			func(b []byte) uint64 { return shingle.Mix(binary.LittleEndian.Uint64(b) ^ uint64(s1)) },
			func(b []byte) uint64 { return shingle.Mix(binary.LittleEndian.Uint64(b)^s2) | 1 }, 128)
		var b [8]byte
		for _, h := range sh {
			binary.LittleEndian.PutUint64(b[:], h)
			m.Push(b[:])
		}
		return m.Signature()
	}
	r := rand.New(rand.NewPCG(5, 5))
	var errFP, errMH float64
	n := 0
	for _, size := range []int{300, 1000, 3000} {
		for _, share := range []float64{0, 0.1, 0.3, 0.5, 0.7, 0.9, 1} {
			for range 10 {
				// b is a copy of a with a share of its text kept and the
				// rest new, in runs of 40 shingles.
				a := randHashes(r, size, 0)
				b := slices.Clone(a)
				for i := 0; i < size; i += 40 {
					if r.Float64() >= share {
						copy(b[i:min(i+40, size)], randHashes(r, 40, 0))
					}
				}
				exact := jaccard(a, b)
				ka, kb := sk.Keys(a), sk.Keys(b)
				est := jaccard(ka, kb)
				se := math.Sqrt(exact * (1 - exact) / float64(len(ka)+len(kb)) * 2)
				if math.Abs(est-exact) > 0.05+4*se {
					t.Errorf("size %d share %.1f: estimate %.3f, exact %.3f", size, share, est, exact)
				}
				sa, sb := mw(a), mw(b)
				eq := 0
				for i := range sa {
					if sa[i] == sb[i] {
						eq++
					}
				}
				errFP += math.Abs(est - exact)
				errMH += math.Abs(float64(eq)/128 - exact)
				n++
			}
		}
	}
	errFP /= float64(n)
	errMH /= float64(n)
	t.Logf("mean absolute error: fingerprints %.4f, go-minhash 128 values %.4f", errFP, errMH)
	if errFP > errMH {
		t.Errorf("fingerprint estimate error %.4f worse than go-minhash's %.4f", errFP, errMH)
	}
}

func jaccard(a, b []uint64) float64 {
	sa := map[uint64]bool{}
	for _, x := range a {
		sa[x] = true
	}
	sb := map[uint64]bool{}
	inter := 0
	for _, x := range b {
		if !sb[x] {
			sb[x] = true
			if sa[x] {
				inter++
			}
		}
	}
	union := len(sa) + len(sb) - inter
	if union == 0 {
		return 1
	}
	return float64(inter) / float64(union)
}

func TestIndex_segments(t *testing.T) {
	// Postings cross flushes and merges; queries see all of them.
	cfg := DefaultConfig()
	cfg.MinCollisions = 1
	ix := NewIndex(cfg)
	r := rand.New(rand.NewPCG(6, 6))
	docs := 3 * flushEntries / 100
	keys := make([][]uint64, docs)
	for d := range keys {
		keys[d] = randHashes(r, 100, 1<<30) // collisions between documents
		slices.Sort(keys[d])
		keys[d] = slices.Compact(keys[d])
		ix.Add(int32(d), keys[d])
	}
	if len(ix.segs) < 1 || len(ix.ent)+len(ix.pend) == 0 {
		t.Fatalf("want segments and mutable postings, got %d segments, %d postings", len(ix.segs), len(ix.ent)+len(ix.pend))
	}
	holders := map[uint64][]int32{}
	for d, ks := range keys {
		for _, k := range ks {
			holders[k] = append(holders[k], int32(d))
		}
	}
	check := func(when string) {
		for _, d := range []int{0, 1, docs / 2, docs - 1} {
			want := map[int32]int{}
			for _, k := range keys[d] {
				for _, o := range holders[k] {
					want[o]++
				}
			}
			got := ix.Query(keys[d], nil)
			if len(got) != len(want) {
				t.Fatalf("%s: doc %d: %d candidates, want %d", when, d, len(got), len(want))
			}
			for _, c := range got {
				if want[c.Doc] != c.Collisions {
					t.Fatalf("%s: doc %d: candidate %d with %d collisions, want %d", when, d, c.Doc, c.Collisions, want[c.Doc])
				}
			}
		}
	}
	check("before compaction")
	ix.Compact()
	if len(ix.segs) != 1 || ix.Postings() != len(ix.segs[0].keys) {
		t.Fatalf("after Compact: %d segments", len(ix.segs))
	}
	check("after compaction")
	n := 0
	ix.Shared(2, func(key uint64, ds []int32) {
		n++
		if !slices.Equal(ds, holders[key]) {
			t.Fatalf("Shared: key %x docs %v, want %v", key, ds, holders[key])
		}
	})
	want := 0
	for _, ds := range holders {
		if len(ds) >= 2 {
			want++
		}
	}
	if n != want {
		t.Errorf("Shared visited %d keys, want %d", n, want)
	}
	// SharedParts visits the same keys, each once, in key order within
	// each part.
	for parts := 1; parts <= 4; parts++ {
		seen := make([][]uint64, parts)
		var mu sync.Mutex
		total := 0
		ix.SharedParts(2, parts, func(w int, key uint64, ds []int32) {
			if !slices.Equal(ds, holders[key]) {
				t.Errorf("SharedParts(%d): key %x docs %v, want %v", parts, key, ds, holders[key])
			}
			seen[w] = append(seen[w], key)
			mu.Lock()
			total++
			mu.Unlock()
		})
		var all []uint64
		for _, ks := range seen {
			if !slices.IsSorted(ks) {
				t.Errorf("SharedParts(%d): a part's keys out of order", parts)
			}
			all = append(all, ks...)
		}
		if total != want || !slices.IsSorted(all) || len(slices.Compact(all)) != want {
			t.Errorf("SharedParts(%d) visited %d keys (parts in order: %v), want %d distinct", parts, total, slices.IsSorted(all), want)
		}
	}
}

func TestIndex_maxKeyDocs(t *testing.T) {
	cfg := DefaultConfig()
	cfg.MinCollisions, cfg.MaxKeyDocs = 1, 3
	ix := NewIndex(cfg)
	for d := range 4 {
		ix.Add(int32(d), []uint64{1, uint64(10 + d%2)})
	}
	// Key 1 is held by 4 documents, over the limit; key 10 by 2.
	got := ix.Query([]uint64{1, 10}, nil)
	if fmt.Sprint(got) != "[{0 1} {2 1}]" {
		t.Errorf("Query = %v, want documents 0 and 2 through key 10 only", got)
	}
}

func BenchmarkSketcher_Keys(b *testing.B) {
	cfg := DefaultConfig()
	sk := NewSketcher(cfg)
	r := rand.New(rand.NewPCG(1, 2))
	// About 6 bytes of text per shingle of English prose.
	for _, kb := range []int{1, 10, 100} {
		sh := randHashes(r, kb*1024/6, 0)
		b.Run(fmt.Sprintf("text=%dKB", kb), func(b *testing.B) {
			b.SetBytes(int64(kb * 1024))
			for b.Loop() {
				sk.Keys(sh)
			}
		})
	}
}

func BenchmarkWinnow(b *testing.B) {
	rng := rand.New(rand.NewPCG(13, 14))
	hashes := make([]uint64, 700) // an article's shingles
	for i := range hashes {
		hashes[i] = rng.Uint64()
	}
	var dst []int32
	b.SetBytes(int64(len(hashes)) * 8)
	for b.Loop() {
		dst = Winnow(dst[:0], hashes, 10)
	}
}

// TestKeys_repeats checks Keys against the winnowed hashes sorted and
// compacted: the same set, each key once, in the order first selected, on
// texts with repeated passages, repeated hashes and the key 0.
func TestKeys_repeats(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	sk := NewSketcher(DefaultConfig())
	for round := range 300 {
		h := randHashes(r, 1+r.IntN(3000), 0)
		if round%3 == 0 { // a passage repeated
			at, n := r.IntN(len(h)), r.IntN(200)
			h = append(h, h[at:min(at+n, len(h))]...)
		}
		if round%5 == 0 { // few distinct values, 0 among them
			for i := range h {
				h[i] = uint64(r.IntN(8))
			}
		}
		got := sk.Keys(h)
		var want, order []uint64
		seen := map[uint64]bool{}
		for _, p := range Winnow(nil, h, DefaultConfig().Winnow) {
			want = append(want, h[p])
			if !seen[h[p]] {
				seen[h[p]] = true
				order = append(order, h[p])
			}
		}
		slices.Sort(want)
		want = slices.Compact(want)
		sorted := slices.Sorted(slices.Values(got))
		if !slices.Equal(sorted, want) || !slices.Equal(got, order) {
			t.Fatalf("round %d: Keys = %d keys %v..., want %d keys in first-selected order", round, len(got), got[:min(5, len(got))], len(want))
		}
	}
}

// winnowRef is the definition of Winnow, window by window.
func winnowRef(hashes []uint64, w int) []int32 {
	var out []int32
	w = min(w, len(hashes))
	for start := 0; start+w <= len(hashes) && w > 0; start++ {
		m := start
		for j := start; j < start+w; j++ {
			if hashes[j] <= hashes[m] {
				m = j
			}
		}
		if len(out) == 0 || out[len(out)-1] != int32(m) {
			out = append(out, int32(m))
		}
	}
	return out
}

// TestWinnow_reference checks Winnow against winnowRef for every window
// up to 20 on random sequences, with many ties among few values too.
func TestWinnow_reference(t *testing.T) {
	r := rand.New(rand.NewPCG(31, 32))
	for round := range 3000 {
		h := randHashes(r, r.IntN(100), 0)
		if round%2 == 0 {
			for i := range h {
				h[i] = uint64(r.IntN(4))
			}
		}
		w := 1 + r.IntN(20)
		if got, want := Winnow(nil, h, w), winnowRef(h, w); !slices.Equal(got, want) {
			t.Fatalf("Winnow(%v, %d) = %v, want %v", h, w, got, want)
		}
	}
}
