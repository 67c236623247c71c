package lineage

// This file finds maximum-weight spanning arborescences in
// O(m log n) time and O(n + m) memory, by Tarjan's version of Edmonds'
// algorithm: each node keeps a heap of the arcs into it; the nodes are
// walked along their heaviest arcs in, and a cycle met on the way is
// contracted into one set whose heap is the union of its members', the
// keys of each less the key of the arc that member chose. Every node and
// contraction is recorded in a forest, from which an arborescence is read
// at the end: the arc chosen into a contraction replaces the arc its
// target had chosen inside it.

// arc is a weighted directed edge from node from to node to.
type arc struct {
	from, to int32
	w        float64
	// tag is the caller's: the functions here do not read it.
	tag int32
}

// arborescence returns, for each of n nodes, the index in arcs of the arc
// into it in a maximum-weight spanning arborescence, rooted at root, of the
// nodes that root reaches: -1 for root and for the nodes it does not reach.
// Arcs from a node to itself are left out, and arcs may be parallel.
//
// When several arcs into a node weigh the same, the first in arcs is
// preferred: as long as no contraction happens, each node keeps the first
// of its heaviest arcs in. A node no contraction holds then takes, of its
// heaviest arcs in, one from a node no contraction holds if it can (see
// [forest.settle]). Where several arborescences weigh the most, which one
// is returned depends on these rules and on the order of the arcs.
func arborescence(n int, arcs []arc, root int) []int32 {
	if root < 0 || root >= n {
		in := make([]int32, n)
		for v := range in {
			in[v] = -1
		}
		return in
	}
	f := contract(n, arcs, root)
	in := f.expand(root, nil)
	f.settle(root, in)
	return in
}

// forest is the record of the contractions of [contract]: its nodes are
// the graph's, 0 to n-1, then one for each contraction, each after those
// it contracts.
type forest struct {
	n      int
	arcs   []arc
	parent []int32   // the contraction that holds each node, -1 for none
	chosen []int32   // the index in arcs of the arc chosen into it, or -1
	key    []float64 // the key of the chosen arc when it was chosen, or 0
	// replaced is expand's, kept from one call to the next.
	replaced []bool
	// The target and weight of the arc chosen into each forest node, and
	// a weight for each node, for weightFrom.
	to     []int32
	w, inW []float64
}

// contract walks and contracts n nodes along arcs. With a root in 0 to
// n-1, it walks the nodes root reaches, and root chooses no arc: the
// forest gives the arborescence from root. With root -1, it walks every
// node, and every set of nodes chooses the heaviest arc into it from the
// others while there is one: when every node reaches every other, all
// are contracted into one, which chooses nothing, and the forest gives a
// maximum arborescence from each node.
func contract(n int, arcs []arc, root int) *forest {
	var reached []bool
	if root >= 0 {
		reached = reach(n, arcs, root)
	}

	h := make(heap, len(arcs))
	top := make([]int32, n) // by set: the heap of the arcs into it
	for v := range top {
		top[v] = -1
	}
	for i, a := range arcs {
		if a.from != a.to && (reached == nil || reached[a.from]) {
			h[i] = heapNode{key: a.w, left: -1, right: -1}
			top[a.to] = h.meld(top[a.to], int32(i))
		}
	}

	f := &forest{n: n, arcs: arcs,
		parent: make([]int32, n, 2*n),
		chosen: make([]int32, n, 2*n),
		key:    make([]float64, n, 2*n)}
	for v := range n {
		f.parent[v], f.chosen[v] = -1, -1
	}
	sets := newDisjoint(n)
	fnode := make([]int32, n) // by set: its node in the forest
	for v := range fnode {
		fnode[v] = int32(v)
	}
	const (
		fresh = iota
		onPath
		done
	)
	state := make([]uint8, n) // by set
	if root >= 0 {
		for v := range state {
			if !reached[v] {
				state[v] = done
			}
		}
		state[root] = done
	}
	var path []int32
	for s := range n {
		cur := sets.find(int32(s))
		if state[cur] != fresh {
			continue
		}
		for {
			state[cur] = onPath
			path = append(path, cur)
			// The heaviest arc into cur from another set, if there is
			// another.
			e := top[cur]
			if int(sets.size[cur]) == n {
				e = -1
			}
			for e >= 0 && sets.find(arcs[e].from) == cur {
				top[cur] = h.pop(e)
				e = top[cur]
			}
			if e < 0 {
				break // nothing enters cur: it chooses nothing
			}
			top[cur] = h.pop(e)
			x := fnode[cur]
			f.chosen[x], f.key[x] = e, h[e].key
			u := sets.find(arcs[e].from)
			if state[u] == done {
				break
			}
			if state[u] == fresh {
				cur = u
				continue
			}
			// u is on the path: contract the cycle from u to cur.
			c := int32(len(f.parent))
			f.parent = append(f.parent, -1)
			f.chosen = append(f.chosen, -1)
			f.key = append(f.key, 0)
			merged, set := int32(-1), int32(-1)
			for {
				y := path[len(path)-1]
				path = path[:len(path)-1]
				h.add(top[y], -f.key[fnode[y]])
				merged = h.meld(merged, top[y])
				f.parent[fnode[y]] = c
				if set < 0 {
					set = y
				} else {
					set = sets.union(set, y)
				}
				if y == u {
					break
				}
			}
			fnode[set], top[set] = c, merged
			cur = set
		}
		for _, y := range path {
			state[y] = done
		}
		path = path[:0]
	}
	return f
}

// expand returns the arborescence from root the forest gives: for each
// node, the index in arcs of the arc into it, -1 for root and for nodes
// that get none. It returns it in in if in has room.
func (f *forest) expand(root int, in []int32) []int32 {
	if cap(in) < f.n {
		in = make([]int32, f.n)
	}
	in = in[:f.n]
	for v := range in {
		in[v] = -1
	}
	// The contractions are expanded from the latest: the arc chosen into
	// one enters one of its nodes, and replaces the arcs chosen into that
	// node and into each contraction between the two. Root enters every
	// contraction that holds it, and replaces their arcs likewise.
	if f.replaced == nil {
		f.replaced = make([]bool, len(f.parent))
	}
	replaced := f.replaced
	clear(replaced)
	for y := int32(root); y >= 0; y = f.parent[y] {
		replaced[y] = true
	}
	for x := len(f.parent) - 1; x >= 0; x-- {
		e := f.chosen[x]
		if replaced[x] || e < 0 {
			continue
		}
		v := f.arcs[e].to
		in[v] = e
		for y := v; y != int32(x); y = f.parent[y] {
			replaced[y] = true
		}
	}
	return in
}

// weightFrom returns the weight of the arborescence from root that expand
// gives, the weights of its arcs summed in the order of the nodes they
// enter, as [treeWeight] sums them.
func (f *forest) weightFrom(root int) float64 {
	if f.to == nil {
		f.to, f.w = make([]int32, len(f.parent)), make([]float64, len(f.parent))
		for x, e := range f.chosen {
			if e >= 0 {
				f.to[x], f.w[x] = f.arcs[e].to, f.arcs[e].w
			}
		}
		f.inW = make([]float64, f.n)
		f.replaced = make([]bool, len(f.parent))
	}
	// As expand, but for the weight of the arc into each node, 0 for
	// none, which adds nothing to the sum.
	inW, replaced := f.inW, f.replaced
	clear(inW)
	clear(replaced)
	for y := int32(root); y >= 0; y = f.parent[y] {
		replaced[y] = true
	}
	for x := len(f.parent) - 1; x >= 0; x-- {
		if replaced[x] || f.chosen[x] < 0 {
			continue
		}
		v := f.to[x]
		inW[v] = f.w[x]
		for y := v; y != int32(x); y = f.parent[y] {
			replaced[y] = true
		}
	}
	sum := 0.0
	for _, w := range inW {
		sum += w
	}
	return sum
}

// settle re-chooses, in the arborescence in from root that expand gave,
// the arc into each node that no contraction holds among the arcs of the
// same weight, as the dense algorithm [arborescence] replaced did: that
// algorithm chose again the arc into every node after each contraction,
// of those of the greatest weight the one from the lowest number, the
// nodes no contraction held numbered first, in order, then the
// contractions, in the order they were made; and of the arcs from a
// contraction, the one from the member of the lowest number at the time
// it was made, likewise. Here the order is that of the walk of the
// forest, the roots and the children of each node in order of number,
// which gives the same order where the two algorithms make the same
// contractions in the same order. An arc is chosen only if its source does
// not descend from the node it enters, so that in stays an arborescence,
// as heavy as it was; and settle stops choosing once it has looked at
// 4(n+m) nodes to find out.
func (f *forest) settle(root int, in []int32) {
	n, nodes := f.n, len(f.parent)
	// The children of each forest node, in order of number, as offsets
	// into one slice.
	start := make([]int32, nodes+1)
	for _, p := range f.parent {
		if p >= 0 {
			start[p+1]++
		}
	}
	for x := range nodes {
		start[x+1] += start[x]
	}
	next := make([]int32, nodes)
	copy(next, start[:nodes])
	kids := make([]int32, nodes)
	for x, p := range f.parent {
		if p >= 0 {
			kids[next[p]] = int32(x)
			next[p]++
		}
	}
	// rank[v] is the place of node v in the walk.
	rank := make([]int32, n)
	walked := int32(0)
	stack := next[:0] // next is no longer needed
	for x := range nodes {
		if f.parent[x] >= 0 {
			continue
		}
		stack = append(stack, int32(x))
		for len(stack) > 0 {
			y := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if int(y) < n {
				rank[y] = walked
				walked++
				continue
			}
			for i := start[y+1] - 1; i >= start[y]; i-- {
				stack = append(stack, kids[i])
			}
		}
	}
	// The arcs into each node, as offsets into one slice.
	into := make([]int32, n+1)
	for _, a := range f.arcs {
		into[a.to+1]++
	}
	for v := range n {
		into[v+1] += into[v]
	}
	at := make([]int32, n)
	copy(at, into[:n])
	byTo := make([]int32, len(f.arcs))
	for i, a := range f.arcs {
		byTo[at[a.to]] = int32(i)
		at[a.to]++
	}
	// descends reports whether node u descends from node x in in. It
	// looks at most budget nodes in all, so that settle takes time linear
	// in the nodes and arcs; then it reports true.
	budget := 4 * (n + len(f.arcs))
	descends := func(u, x int32) bool {
		for ; budget > 0; budget-- {
			if u == x {
				return true
			}
			e := in[u]
			if e < 0 {
				return false
			}
			u = f.arcs[e].from
		}
		return true
	}
	for x := range n {
		e := in[x]
		if e < 0 || f.parent[x] >= 0 {
			continue
		}
		w, best := f.arcs[e].w, e
		for _, c := range byTo[into[x]:into[x+1]] {
			u := f.arcs[c].from
			if c == best || f.arcs[c].w != w || int(u) == x || int(u) != root && in[u] < 0 {
				continue
			}
			if rank[u] < rank[f.arcs[best].from] && !descends(u, int32(x)) {
				best = c
			}
		}
		in[x] = best
	}
}

// rootWeights returns, for a forest that contract made with no root and
// that ends in one contraction of every node, the weight of the
// arborescence [forest.expand] gives from each node: the sum of the keys
// of all chosen arcs, less those replaced by the root, the arcs chosen
// into it and into each contraction that holds it. It returns nil for
// another forest.
func (f *forest) rootWeights() []float64 {
	tops := 0
	for x, p := range f.parent {
		if p < 0 {
			tops++
			if f.chosen[x] >= 0 {
				return nil
			}
		}
	}
	if tops != 1 {
		return nil
	}
	sum := 0.0
	for _, k := range f.key {
		sum += k
	}
	// above[x] is the sum of the keys of x and the contractions that
	// hold it.
	above := make([]float64, len(f.parent))
	for x := len(f.parent) - 1; x >= 0; x-- {
		above[x] = f.key[x]
		if p := f.parent[x]; p >= 0 {
			above[x] += above[p]
		}
	}
	w := make([]float64, f.n)
	for v := range w {
		w[v] = sum - above[v]
	}
	return w
}

// reach reports which of n nodes root reaches along arcs.
func reach(n int, arcs []arc, root int) []bool {
	// The arcs out of each node, as offsets into one slice.
	start := make([]int32, n+1)
	for _, a := range arcs {
		start[a.from+1]++
	}
	for v := range n {
		start[v+1] += start[v]
	}
	next := make([]int32, n)
	copy(next, start[:n])
	out := make([]int32, len(arcs))
	for _, a := range arcs {
		out[next[a.from]] = a.to
		next[a.from]++
	}
	reached := make([]bool, n)
	reached[root] = true
	queue := next[:0] // next is no longer needed
	queue = append(queue, int32(root))
	for i := 0; i < len(queue); i++ {
		u := queue[i]
		for _, v := range out[start[u]:start[u+1]] {
			if !reached[v] {
				reached[v] = true
				queue = append(queue, v)
			}
		}
	}
	return reached
}

// heapNode is an arc in a heap: its key, and what is still to be added to
// the keys below it.
type heapNode struct {
	key, lazy   float64
	left, right int32
}

// heap holds skew max-heaps of arcs, one node an arc, indexed as the arcs
// are; a heap is named by its top node, -1 for an empty one. Of arcs with
// equal keys, the one of lower index comes first.
type heap []heapNode

// above reports whether node a comes before node b.
func (h heap) above(a, b int32) bool {
	return h[a].key > h[b].key || h[a].key == h[b].key && a < b
}

// push passes node a's pending addition to its children.
func (h heap) push(a int32) {
	d := h[a].lazy
	if d == 0 {
		return
	}
	h[a].lazy = 0
	if c := h[a].left; c >= 0 {
		h[c].key += d
		h[c].lazy += d
	}
	if c := h[a].right; c >= 0 {
		h[c].key += d
		h[c].lazy += d
	}
}

// add adds d to every key of heap a.
func (h heap) add(a int32, d float64) {
	if a >= 0 {
		h[a].key += d
		h[a].lazy += d
	}
}

// meld returns the union of heaps a and b: down the right path of the
// one whose top comes first, each node takes as its left child the union
// of its right child and the other heap, and its left child moves right.
func (h heap) meld(a, b int32) int32 {
	if a < 0 {
		return b
	}
	if b < 0 {
		return a
	}
	if h.above(b, a) {
		a, b = b, a
	}
	top := a
	for {
		h.push(a)
		r := h[a].right
		h[a].right = h[a].left
		if r < 0 {
			h[a].left = b
			return top
		}
		if h.above(b, r) {
			r, b = b, r
		}
		h[a].left = r
		a = r
	}
}

// pop returns heap a without its top node a.
func (h heap) pop(a int32) int32 {
	h.push(a)
	return h.meld(h[a].left, h[a].right)
}

// disjoint is a union-find forest of sets of nodes, named by a member.
type disjoint struct {
	parent []int32
	size   []int32
}

// newDisjoint returns n singleton sets.
func newDisjoint(n int) *disjoint {
	d := &disjoint{parent: make([]int32, n), size: make([]int32, n)}
	for v := range d.parent {
		d.parent[v], d.size[v] = int32(v), 1
	}
	return d
}

// find returns the name of v's set.
func (d *disjoint) find(v int32) int32 {
	for d.parent[v] != v {
		d.parent[v] = d.parent[d.parent[v]]
		v = d.parent[v]
	}
	return v
}

// union joins the sets named a and b and returns the name of the union.
func (d *disjoint) union(a, b int32) int32 {
	if a == b {
		return a
	}
	if d.size[a] < d.size[b] {
		a, b = b, a
	}
	d.parent[b] = a
	d.size[a] += d.size[b]
	return a
}
