package unionfind

import (
	"math/rand/v2"
	"testing"
)

// TestForest checks Find and Union against components tracked by
// relabelling, on random unions: same component exactly when the same
// label, the root the smallest member, Union true exactly when it joins.
func TestForest(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 50 {
		n := 1 + r.IntN(200)
		f := New(n)
		label := make([]int, n)
		for i := range label {
			label[i] = i
		}
		for range r.IntN(3 * n) {
			a, b := int32(r.IntN(n)), int32(r.IntN(n))
			apart := label[a] != label[b]
			if got := f.Union(a, b); got != apart {
				t.Fatalf("Union(%d, %d) = %v, want %v", a, b, got, apart)
			}
			if apart {
				old, nu := label[b], label[a]
				for i := range label {
					if label[i] == old {
						label[i] = nu
					}
				}
			}
		}
		for x := range n {
			smallest := x
			for y := range n {
				if label[y] == label[x] {
					smallest = min(smallest, y)
				}
				if same := f.Find(int32(x)) == f.Find(int32(y)); same != (label[x] == label[y]) {
					t.Fatalf("Find(%d) == Find(%d) is %v, want %v", x, y, same, !same)
				}
			}
			if root := f.Find(int32(x)); int(root) != smallest {
				t.Fatalf("Find(%d) = %d, want the smallest member %d", x, root, smallest)
			}
		}
	}
}
