package lineage

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// arcsOf returns the arcs of a dense matrix of weights, -Inf for none.
func arcsOf(w [][]float64) []arc {
	var arcs []arc
	for u := range w {
		for v, x := range w[u] {
			if u != v && !math.IsInf(x, -1) {
				arcs = append(arcs, arc{from: int32(u), to: int32(v), w: x})
			}
		}
	}
	return arcs
}

// parentsOf returns the parent of each node of an arborescence given by
// the index in arcs of the arc into each node, -1 for none.
func parentsOf(arcs []arc, in []int32) []int {
	parent := make([]int, len(in))
	for v, e := range in {
		parent[v] = -1
		if e >= 0 {
			parent[v] = int(arcs[e].from)
		}
	}
	return parent
}

// denseOf returns the matrix of weights of arcs among n nodes, the
// heaviest of parallel arcs, -Inf where there is none and for every arc
// into or out of a node not in keep.
func denseOf(n int, arcs []arc, keep []bool) [][]float64 {
	w := make([][]float64, n)
	for u := range w {
		w[u] = make([]float64, n)
		for v := range w[u] {
			w[u][v] = math.Inf(-1)
		}
	}
	for _, a := range arcs {
		if a.from != a.to && keep[a.from] && keep[a.to] {
			w[a.from][a.to] = max(w[a.from][a.to], a.w)
		}
	}
	return w
}

// reachable returns which nodes root reaches, by a search independent of
// the one arborescence makes.
func reachable(n int, arcs []arc, root int) []bool {
	seen := make([]bool, n)
	seen[root] = true
	for changed := true; changed; {
		changed = false
		for _, a := range arcs {
			if seen[a.from] && !seen[a.to] {
				seen[a.to], changed = true, true
			}
		}
	}
	return seen
}

// checkArborescence reports what is wrong with in as an arborescence
// rooted at root of the nodes it reaches along arcs, "" if nothing.
func checkArborescence(n int, arcs []arc, root int, in []int32) string {
	if len(in) != n {
		return "wrong length"
	}
	seen := reachable(n, arcs, root)
	for v, e := range in {
		switch {
		case v == root || !seen[v]:
			if e != -1 {
				return "an arc into the root or a node it does not reach"
			}
			continue
		case e < 0 || int(e) >= len(arcs):
			return "no arc into a node the root reaches"
		case int(arcs[e].to) != v:
			return "an arc into another node"
		case arcs[e].from == arcs[e].to:
			return "an arc from a node to itself"
		}
		x := v
		for steps := 0; x != root; steps++ {
			if steps > n || in[x] < 0 {
				return "a node that does not descend from the root"
			}
			x = int(arcs[in[x]].from)
		}
	}
	return ""
}

// randomArcs returns a random graph: n nodes, a root, and arcs in random
// order, with parallel arcs, arcs from a node to itself, nodes no arc
// enters and nodes no arc leaves. Weights are uniform in [-1, 1) (kind
// 0: ties have probability 0), 0, 1 or 2 (kind 1: many ties), or
// eighths in [-1, 1] (kind 2: sums are exact, in any order).
func randomArcs(r *rand.Rand, maxN, kind int) (int, []arc, int) {
	n := 1 + r.IntN(maxN)
	root := r.IntN(n)
	weight := func() float64 {
		switch kind {
		case 0:
			return 2*r.Float64() - 1
		case 1:
			return float64(r.IntN(3))
		}
		return float64(r.IntN(17)-8) / 8
	}
	density := r.Float64()
	noIn, noOut := make([]bool, n), make([]bool, n)
	for v := range n {
		noIn[v] = r.IntN(12) == 0
		noOut[v] = r.IntN(12) == 0
	}
	var arcs []arc
	for u := range n {
		for v := range n {
			switch {
			case u == v:
				if r.IntN(20) == 0 {
					arcs = append(arcs, arc{from: int32(u), to: int32(v), w: weight()})
				}
			case noOut[u] || noIn[v] || r.Float64() >= density:
			default:
				arcs = append(arcs, arc{from: int32(u), to: int32(v), w: weight()})
				if r.IntN(10) == 0 {
					arcs = append(arcs, arc{from: int32(u), to: int32(v), w: weight()})
				}
			}
		}
	}
	r.Shuffle(len(arcs), func(i, j int) { arcs[i], arcs[j] = arcs[j], arcs[i] })
	return n, arcs, root
}

// TestArborescence_reference compares arborescence with the dense
// reference on random graphs, restricted to the nodes the root reaches:
// the trees weigh the same, exactly, and where weights do not tie they
// are the same tree.
func TestArborescence_reference(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for trial := range 6000 {
		kind := trial % 3
		maxN := 12
		if trial%10 == 0 {
			maxN = 80
		}
		n, arcs, root := randomArcs(r, maxN, kind)
		in := arborescence(n, arcs, root)
		if msg := checkArborescence(n, arcs, root, in); msg != "" {
			t.Fatalf("trial %d: %s: arborescence(%d, %v, %d) = %v", trial, msg, n, arcs, root, in)
		}
		w := denseOf(n, arcs, reachable(n, arcs, root))
		want := arborescenceRef(w, root)
		got := parentsOf(arcs, in)
		gotW, wantW := treeWeight(arcs, in), treeWeightRef(w, want)
		if kind != 0 && gotW != wantW {
			t.Fatalf("trial %d: weight %v, want %v\narcs %v, root %d\ngot parents %v\nwant %v", trial, gotW, wantW, arcs, root, got, want)
		}
		if kind == 0 && !slices.Equal(got, want) {
			t.Fatalf("trial %d: parents %v, want %v (weights %v, %v)\narcs %v, root %d", trial, got, want, gotW, wantW, arcs, root)
		}
	}
}

// TestArborescence_ties compares arborescence with brute force over
// every choice of an arc into each node the root reaches, on small
// graphs whose weights often tie: the weight is the best, exactly, and
// where only one choice of parents gives it, those are the parents.
func TestArborescence_ties(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	unique := 0
	for trial := range 3000 {
		n, arcs, root := randomArcs(r, 6, 1+trial%2)
		seen := reachable(n, arcs, root)
		into := make([][]int32, n) // the arcs into each node the root reaches
		for i, a := range arcs {
			if a.from != a.to && seen[a.to] && int(a.to) != root {
				into[a.to] = append(into[a.to], int32(i))
			}
		}
		best, count := math.Inf(-1), 0
		var bestParents []int
		pick := make([]int32, n)
		for v := range pick {
			pick[v] = -1
		}
		var walk func(v int)
		walk = func(v int) {
			if v == n {
				if checkArborescence(n, arcs, root, pick) != "" {
					return
				}
				p, s := parentsOf(arcs, pick), treeWeight(arcs, pick)
				switch {
				case s > best:
					best, count, bestParents = s, 1, p
				case s == best && !slices.Equal(p, bestParents):
					count++ // parallel arcs give the same parents
				}
				return
			}
			if len(into[v]) == 0 {
				walk(v + 1)
				return
			}
			for _, e := range into[v] {
				pick[v] = e
				walk(v + 1)
			}
			pick[v] = -1
		}
		walk(0)
		in := arborescence(n, arcs, root)
		if msg := checkArborescence(n, arcs, root, in); msg != "" {
			t.Fatalf("trial %d: %s: arborescence(%d, %v, %d) = %v", trial, msg, n, arcs, root, in)
		}
		if s := treeWeight(arcs, in); s != best {
			t.Fatalf("trial %d: weight %v, want %v\narcs %v, root %d, got %v", trial, s, best, arcs, root, in)
		}
		if count == 1 {
			unique++
			if got := parentsOf(arcs, in); !slices.Equal(got, bestParents) {
				t.Fatalf("trial %d: parents %v, want the only best %v\narcs %v, root %d", trial, got, bestParents, arcs, root)
			}
		}
	}
	if unique < 300 {
		t.Errorf("only %d graphs of 3000 had one best arborescence", unique)
	}
}

// TestArborescence_firstOfTies: where each node's heaviest arcs in form
// no cycle, each node keeps the first of them.
func TestArborescence_firstOfTies(t *testing.T) {
	const n = 50
	r := rand.New(rand.NewPCG(5, 6))
	var arcs []arc
	for u := range n {
		for v := range n {
			if u != v {
				arcs = append(arcs, arc{from: int32(u), to: int32(v), w: 1})
			}
		}
	}
	r.Shuffle(len(arcs), func(i, j int) { arcs[i], arcs[j] = arcs[j], arcs[i] })
	// Put an arc from node 0 first among the arcs into each node.
	for v := 1; v < n; v++ {
		i := slices.IndexFunc(arcs, func(a arc) bool { return a.from == 0 && a.to == int32(v) })
		j := slices.IndexFunc(arcs, func(a arc) bool { return a.to == int32(v) })
		arcs[i], arcs[j] = arcs[j], arcs[i]
	}
	in := arborescence(n, arcs, 0)
	for v, p := range parentsOf(arcs, in) {
		want := 0
		if v == 0 {
			want = -1
		}
		if p != want {
			t.Errorf("parent of %d = %d, want %d", v, p, want)
		}
	}
}

// TestArborescence_settle: of two arcs of the same weight into a node,
// one from a node of a contracted cycle and one from a node no cycle
// holds, the second is chosen, though it comes later, as the dense
// reference chooses it.
func TestArborescence_settle(t *testing.T) {
	const a, b, x, y, root = 0, 1, 2, 3, 4
	arcs := []arc{
		{from: a, to: b, w: 1}, {from: a, to: x, w: 0.8},
		{from: b, to: a, w: 1},
		{from: y, to: x, w: 0.8},
		{from: root, to: a, w: 0.5}, {from: root, to: b, w: 0.4}, {from: root, to: x, w: 0.1}, {from: root, to: y, w: 0.9},
	}
	all := []bool{true, true, true, true, true}
	want := arborescenceRef(denseOf(5, arcs, all), root)
	if !slices.Equal(want, []int{root, a, y, root, -1}) {
		t.Fatalf("reference = %v", want)
	}
	if got := parentsOf(arcs, arborescence(5, arcs, root)); !slices.Equal(got, want) {
		t.Errorf("parents = %v, want %v", got, want)
	}
}

// TestArborescence_edges: no nodes, a root out of range, a root alone,
// and nodes no arc reaches.
func TestArborescence_edges(t *testing.T) {
	if got := arborescence(0, nil, 0); len(got) != 0 {
		t.Errorf("arborescence of no nodes = %v", got)
	}
	if got := arborescence(2, []arc{{from: 0, to: 1, w: 1}}, 5); !slices.Equal(got, []int32{-1, -1}) {
		t.Errorf("arborescence from a root out of range = %v, want none", got)
	}
	arcs := []arc{{from: 1, to: 2, w: 5}, {from: 0, to: 2, w: 1}, {from: 2, to: 1, w: 3}, {from: 3, to: 3, w: 9}}
	if got := arborescence(4, arcs, 0); !slices.Equal(got, []int32{-1, 2, 1, -1}) {
		t.Errorf("arborescence = %v, want [-1 2 1 -1]", got)
	}
	if got := arborescence(4, arcs, 3); !slices.Equal(got, []int32{-1, -1, -1, -1}) {
		t.Errorf("arborescence from a node with no arcs out = %v, want none", got)
	}
}

// TestForest_rootWeights: a contraction with no root of a graph whose
// nodes all reach each other gives, from every node, an arborescence as
// heavy as the dense reference's from that node, and its weight; with
// weights that do not tie, the same arborescence.
func TestForest_rootWeights(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 18))
	for trial := range 1500 {
		kind := trial % 3
		n, arcs, _ := randomArcs(r, 15, kind)
		// Join the nodes both ways along a random tree.
		weight := func() float64 {
			if kind == 0 {
				return 2*r.Float64() - 1
			}
			return float64(r.IntN(3))
		}
		for v := 1; v < n; v++ {
			u := r.IntN(v)
			arcs = append(arcs, arc{from: int32(u), to: int32(v), w: weight()},
				arc{from: int32(v), to: int32(u), w: weight()})
		}
		c := contract(n, arcs, -1)
		weights := c.rootWeights()
		if weights == nil {
			t.Fatalf("trial %d: no weights", trial)
		}
		all := make([]bool, n)
		for v := range all {
			all[v] = true
		}
		w := denseOf(n, arcs, all)
		var in []int32
		for root := range n {
			in = c.expand(root, in)
			if msg := checkArborescence(n, arcs, root, in); msg != "" {
				t.Fatalf("trial %d, root %d: %s: %v", trial, root, msg, in)
			}
			want := arborescenceRef(w, root)
			got, wantW := treeWeight(arcs, in), treeWeightRef(w, want)
			switch {
			case kind == 0 && !slices.Equal(parentsOf(arcs, in), want):
				t.Fatalf("trial %d, root %d: parents %v, want %v", trial, root, parentsOf(arcs, in), want)
			case kind != 0 && got != wantW:
				t.Fatalf("trial %d, root %d: weight %v, want %v", trial, root, got, wantW)
			case math.Abs(weights[root]-got) > 1e-12:
				t.Fatalf("trial %d, root %d: rootWeights %v, the tree weighs %v", trial, root, weights[root], got)
			case c.weightFrom(root) != got:
				t.Fatalf("trial %d, root %d: weightFrom %v, the tree weighs %v", trial, root, c.weightFrom(root), got)
			}
		}
	}
	// Node 2 reaches no other.
	arcs := []arc{{from: 0, to: 1, w: 1}, {from: 1, to: 0, w: 1}, {from: 1, to: 2, w: 1}}
	if w := contract(3, arcs, -1).rootWeights(); w != nil {
		t.Errorf("rootWeights where a node reaches no other = %v, want nil", w)
	}
}

// BenchmarkArborescence: 10,000 nodes, each with arcs to and from about
// 20 others.
func BenchmarkArborescence(b *testing.B) {
	r := rand.New(rand.NewPCG(7, 8))
	const n = 10000
	var arcs []arc
	for u := range n {
		for range 10 {
			v := r.IntN(n)
			if v != u {
				arcs = append(arcs, arc{from: int32(u), to: int32(v), w: 0.9 + r.Float64()/10},
					arc{from: int32(v), to: int32(u), w: 0.9 + r.Float64()/10})
			}
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		arborescence(n, arcs, 0)
	}
}
