package cluster

import (
	"cmp"
	"slices"

	"github.com/provenance-dev/provenance/internal/unionfind"
)

// Families returns the connected components, of two or more documents, of
// the derivation edges among matches (see [Match.Derived]) over documents
// numbered 0..n-1. Matches that only share a passage do not join
// documents, so a quoted paragraph cannot chain unrelated families
// together. Each family is sorted, and families are ordered by their first
// member.
func Families(n int, matches []Match, cfg Config) [][]int32 {
	docs := make([]int32, n)
	for i := range docs {
		docs[i] = int32(i)
	}
	return FamiliesAmong(docs, matches, cfg)
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
	forest := unionfind.New(len(docs))
	joined := false
	for i := range matches {
		if m := &matches[i]; m.Derived(cfg) && forest.Union(at[m.A], at[m.B]) {
			joined = true
		}
	}
	if !joined {
		return nil
	}
	groups := make(map[int32][]int32)
	for i, d := range docs {
		r := forest.Find(int32(i))
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
