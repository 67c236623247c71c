// Package unionfind is a disjoint-set forest over the numbers 0..n-1, for
// the connected components the pipeline takes of its graphs (candidate
// pairs, derivations).
package unionfind

// Forest holds each number's parent; a root is its own parent. The union
// keeps the smaller number as the root, so a component's root is its
// smallest member.
type Forest []int32

// New returns a forest of n numbers, each alone.
func New(n int) Forest {
	f := make(Forest, n)
	for i := range f {
		f[i] = int32(i)
	}
	return f
}

// Find returns the root of x's component, halving the path on the way.
func (f Forest) Find(x int32) int32 {
	for f[x] != x {
		f[x] = f[f[x]]
		x = f[x]
	}
	return x
}

// Union joins the components of a and b, and reports whether they were
// apart.
func (f Forest) Union(a, b int32) bool {
	ra, rb := f.Find(a), f.Find(b)
	if ra == rb {
		return false
	}
	f[max(ra, rb)] = min(ra, rb)
	return true
}
