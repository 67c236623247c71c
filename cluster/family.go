package cluster

import (
	"cmp"
	"slices"
)

// Families returns the connected components, of two or more documents, of
// the derivation edges among matches (see [Match.Derived]) over documents
// numbered 0..n-1. Matches that only share a passage do not join
// documents, so a quoted paragraph cannot chain unrelated families
// together. Each family is sorted, and families are ordered by their first
// member.
func Families(n int, matches []Match, cfg Config) [][]int32 {
	parent := make([]int32, n)
	for i := range parent {
		parent[i] = int32(i)
	}
	var find func(int32) int32
	find = func(x int32) int32 {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	for i := range matches {
		m := &matches[i]
		if !m.Derived(cfg) {
			continue
		}
		ra, rb := find(m.A), find(m.B)
		if ra != rb {
			parent[max(ra, rb)] = min(ra, rb)
		}
	}
	groups := make(map[int32][]int32)
	for i := range n {
		r := find(int32(i))
		groups[r] = append(groups[r], int32(i))
	}
	var out [][]int32
	for _, g := range groups {
		if len(g) > 1 {
			out = append(out, g)
		}
	}
	slices.SortFunc(out, func(x, y []int32) int { return cmp.Compare(x[0], y[0]) })
	return out
}
