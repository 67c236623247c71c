package cluster

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// mergeSegmentsRef is the merge mergeSegments replaced, one branch per
// posting on which side goes next, directory and all.
func mergeSegmentsRef(a, b *segment) *segment {
	s := &segment{}
	i, j := 0, 0
	for i < len(a.keys) || j < len(b.keys) {
		if j == len(b.keys) || i < len(a.keys) &&
			(a.keys[i] < b.keys[j] || a.keys[i] == b.keys[j] && a.docs[i] <= b.docs[j]) {
			s.keys, s.docs = append(s.keys, a.keys[i]), append(s.docs, a.docs[i])
			i++
		} else {
			s.keys, s.docs = append(s.keys, b.keys[j]), append(s.docs, b.docs[j])
			j++
		}
	}
	s.buildDir(false)
	return s
}

// testSegment returns a segment of n postings with keys drawn from
// [0, keys) at the top of the word (so that top-bit directories and
// borrows see every bit) and documents from [-docs/2, docs-docs/2).
func testSegment(rng *rand.Rand, n int, keys uint64, docs int32) *segment {
	kd := make([]keyDoc, n)
	for i := range kd {
		kd[i] = keyDoc{rng.Uint64N(keys) * (^uint64(0) / keys), rng.Int32N(docs) - docs/2}
	}
	return segmentOf(kd, false)
}

// TestMergeSegments checks the merge against the reference: sizes from
// empty to uneven, keys unique or often the same, documents on both
// sides of each other, and the directory of the result.
func TestMergeSegments(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, c := range []struct {
		na, nb int
		keys   uint64
		docs   int32
	}{
		{0, 0, 10, 10}, {0, 7, 10, 10}, {9, 0, 10, 10}, {1, 1, 2, 2},
		{100, 3000, 1 << 62, 1 << 30}, {5000, 400, 50, 1000}, {2000, 2000, 3, 5},
		{4096, 4096, ^uint64(0), 1<<31 - 1},
	} {
		a, b := testSegment(rng, c.na, c.keys, c.docs), testSegment(rng, c.nb, c.keys, c.docs)
		got, want := mergeSegments(a, b, false), mergeSegmentsRef(a, b)
		if !slices.Equal(got.keys, want.keys) || !slices.Equal(got.docs, want.docs) {
			t.Fatalf("%d+%d postings (keys %d, docs %d): merge differs from the reference", c.na, c.nb, c.keys, c.docs)
		}
		for i := range got.keys {
			slot := got.keys[i] >> got.shift
			if int(got.dir[slot]) > i || int(got.dir[slot+1]) <= i {
				t.Fatalf("%d+%d postings: posting %d outside its directory slot %d [%d, %d)", c.na, c.nb, i, slot, got.dir[slot], got.dir[slot+1])
			}
		}
	}
}

// BenchmarkMergeSegments merges 2M and 1M random postings (a size-tiered
// merge of a daemon-sized index), by the reference and by mergeSegments.
func BenchmarkMergeSegments(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	x := testSegment(rng, 1<<21, ^uint64(0), 1<<20)
	y := testSegment(rng, 1<<20, ^uint64(0), 1<<20)
	for _, bc := range []struct {
		name  string
		merge func(a, b *segment) *segment
	}{
		{"reference", mergeSegmentsRef},
		{"branchless", func(a, b *segment) *segment { return mergeSegments(a, b, false) }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(x.keys)+len(y.keys)) * 12)
			for b.Loop() {
				bc.merge(x, y)
			}
		})
	}
}
