package provenance

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestSortByKey checks the counting sort against a stable sort by
// comparison, on keys with many repeats and with none.
func TestSortByKey(t *testing.T) {
	type item struct{ key, seq int32 }
	r := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{1, 7, 1000} {
		for _, size := range []int{0, 1, 50, 5000} {
			xs := make([]item, size)
			for i := range xs {
				xs[i] = item{int32(r.IntN(n)), int32(i)}
			}
			want := slices.Clone(xs)
			slices.SortStableFunc(want, func(a, b item) int { return cmp.Compare(a.key, b.key) })
			got := sortByKey(xs, n, func(x *item) int32 { return x.key })
			if !slices.Equal(got, want) {
				t.Fatalf("%d keys, %d items: sortByKey differs from a stable sort", n, size)
			}
		}
	}
}

// TestMergePairs: one channel's pairs in the order query gives them, by
// (b, a), come back by (a, b); pairs of both channels are merged, each
// once with both flags, and out-of-order input is sorted.
func TestMergePairs(t *testing.T) {
	exact := [][2]int32{{0, 1}, {0, 2}, {1, 2}, {0, 3}, {2, 3}}
	got := mergePairs(exact, nil, 4)
	want := []candidate{{0, 1, true, false}, {0, 2, true, false}, {0, 3, true, false}, {1, 2, true, false}, {2, 3, true, false}}
	if !slices.Equal(got, want) {
		t.Errorf("mergePairs(exact) = %v, want %v", got, want)
	}
	got = mergePairs(exact, [][2]int32{{2, 3}, {1, 3}}, 4)
	want = []candidate{{0, 1, true, false}, {0, 2, true, false}, {0, 3, true, false}, {1, 2, true, false},
		{1, 3, false, true}, {2, 3, true, true}}
	if !slices.Equal(got, want) {
		t.Errorf("mergePairs(exact, fuzzy) = %v, want %v", got, want)
	}
	got = mergePairs([][2]int32{{2, 3}, {0, 1}, {0, 1}}, nil, 4)
	want = []candidate{{0, 1, true, false}, {2, 3, true, false}}
	if !slices.Equal(got, want) {
		t.Errorf("mergePairs(out of order, repeated) = %v, want %v", got, want)
	}
}
