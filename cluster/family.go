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

// FamiliesAmong is [Families] for the documents docs (numbers, in any
// order, each once) and matches among them only: the components of two or
// more of them, each sorted, ordered by their first member. It is meant
// for one component of the candidate graph at a time.
func FamiliesAmong(docs []int32, matches []Match, cfg Config) [][]int32 {
	at := make(map[int32]int32, len(docs))
	for i, d := range docs {
		at[d] = int32(i)
	}
	parent := make([]int32, len(docs))
	for i := range parent {
		parent[i] = int32(i)
	}
	find := func(x int32) int32 {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	joined := false
	for i := range matches {
		m := &matches[i]
		if !m.Derived(cfg) {
			continue
		}
		ra, rb := find(at[m.A]), find(at[m.B])
		if ra != rb {
			parent[max(ra, rb)] = min(ra, rb)
			joined = true
		}
	}
	if !joined {
		return nil
	}
	groups := make(map[int32][]int32)
	for i, d := range docs {
		r := find(int32(i))
		groups[r] = append(groups[r], d)
	}
	var out [][]int32
	for _, g := range groups {
		if len(g) > 1 {
			slices.Sort(g)
			out = append(out, g)
		}
	}
	slices.SortFunc(out, func(x, y []int32) int { return cmp.Compare(x[0], y[0]) })
	return out
}
