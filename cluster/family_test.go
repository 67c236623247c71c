package cluster

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
)

// TestFamiliesAmong checks FamiliesAmong, component by component of the
// candidate graph, against Families over all documents: random matches,
// some derived and some not, over random components.
func TestFamiliesAmong(t *testing.T) {
	cfg := DefaultConfig()
	r := rand.New(rand.NewPCG(51, 52))
	for round := range 200 {
		n := 2 + r.IntN(60)
		// Components: documents dealt at random into a few groups;
		// matches only within a group.
		comp := make([]int, n)
		k := 1 + r.IntN(6)
		for d := range comp {
			comp[d] = r.IntN(k)
		}
		var matches []Match
		for range r.IntN(3 * n) {
			a, b := int32(r.IntN(n)), int32(r.IntN(n))
			if a == b || comp[a] != comp[b] {
				continue
			}
			cov := 0.1
			if r.IntN(2) == 0 {
				cov = cfg.DeriveCoverage + 0.1
			}
			matches = append(matches, Match{A: min(a, b), B: max(a, b), CoverageA: cov})
		}
		want := Families(n, matches, cfg)
		var got [][]int32
		for c := range k {
			var docs []int32
			for d := range n {
				if comp[d] == c {
					docs = append(docs, int32(d))
				}
			}
			r.Shuffle(len(docs), func(i, j int) { docs[i], docs[j] = docs[j], docs[i] })
			var ms []Match
			for _, m := range matches {
				if comp[m.A] == c {
					ms = append(ms, m)
				}
			}
			got = append(got, FamiliesAmong(docs, ms, cfg)...)
		}
		slices.SortFunc(got, func(x, y []int32) int { return int(x[0] - y[0]) })
		if len(got) == 0 && len(want) == 0 {
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("round %d: FamiliesAmong by component = %v, Families = %v", round, got, want)
		}
	}
}
