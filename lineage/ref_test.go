package lineage

// The reference implementation of Infer: the code Infer had before it
// took O(m log n) time, a dense Chu-Liu/Edmonds arborescence for each
// candidate root, kept to test the current code against.

import (
	"cmp"
	"math"
	"regexp"
	"slices"
	"strings"
	"unicode"
)

// inferRef is the reference [Infer]. It builds the lineage of one family:
// members (indexes into docs) and the derivation pairs among them, which
// must connect them. The original is the member with the most evidence
// of being a source. The parents of the others form the maximum spanning
// arborescence from the original (Chu-Liu and Edmonds), where an edge
// u -> v weighs the share of v's shingles found in u, less 1 if the
// direction evidence says v came first.
func inferRef(docs []Doc, members []int, pairs []Pair) Family {
	in := newInference(docs, builtin)
	credits := make(map[int][]Credit, len(members))
	for _, m := range members {
		e := in.evidence(m)
		for i, c := range e.Credits {
			if !c.Dateline || datelineCreditRef(in, members, m, c.Name, e.NameCounts[i]) {
				if c.Name != "" && !c.Dateline {
					if n := edgeNameRef(in, members, c.Line, docs[m].Source); len(n) > len(c.Name) && strings.HasPrefix(n, c.Name) {
						c.Name = n
					}
				}
				credits[m] = append(credits[m], c)
			}
		}
		for _, line := range e.Lines {
			carried := func(name string) bool {
				for _, o := range members {
					if s := docs[o].Source; s != "" && in.same(s, name) && slices.Contains(in.evidence(o).Lines, line) {
						return true
					}
				}
				return false
			}
			if name := edgeNameRef(in, members, line, docs[m].Source); name != "" && !carried(name) {
				credits[m] = append(credits[m], Credit{Line: line, Name: name, Edge: true})
			}
		}
	}
	type dir struct {
		score      float64
		pair       int // the pair it was weighed for
		attributed bool
		revision   bool // one outlet's versions
	}
	// scores[[2]int{x, y}] is the evidence that x is the source of y.
	scores := make(map[[2]int]dir, 2*len(pairs))
	net := make(map[int]float64)
	for i, p := range pairs {
		// Its description is written only for the edges kept, below.
		s, _, _, r := direction(in, p.A, p.B, credits[p.A], credits[p.B], p.CoverageA, p.CoverageB, false)
		scores[[2]int{p.A, p.B}] = dir{s, i, hasCredit(in, p.B, credits[p.B]), r}
		scores[[2]int{p.B, p.A}] = dir{-s, i, hasCredit(in, p.A, credits[p.A]), r}
		net[p.A] += s
		net[p.B] -= s
	}

	f := Family{Members: slices.Clone(members)}
	slices.Sort(f.Members)
	f.Original = f.Members[0]
	for _, m := range f.Members[1:] {
		if better(&docs[m], &docs[f.Original], net[m], net[f.Original]) {
			f.Original = m
		}
	}

	idx := make(map[int]int, len(f.Members))
	for i, m := range f.Members {
		idx[m] = i
	}
	n := len(f.Members)
	w := make([][]float64, n)
	for i := range w {
		w[i] = make([]float64, n)
		for j := range w[i] {
			w[i][j] = math.Inf(-1)
		}
	}
	weight := func(u, v int, containV float64) float64 {
		x := containV
		if d := scores[[2]int{u, v}]; d.score <= -1.5 || d.revision && d.score < 0 {
			x--
		}
		return x
	}
	// A credit line both carry is taken off the copy's containment.
	shared := func(u, v int) int {
		best := 0
		for _, x := range credits[u] {
			for _, y := range credits[v] {
				lx := strings.Join(strings.Fields(strings.ToLower(x.Line)), " ")
				ly := strings.Join(strings.Fields(strings.ToLower(y.Line)), " ")
				if n := len(strings.Fields(lx)); lx != "" && lx == ly && n > best {
					best = n
				}
			}
		}
		return best
	}
	share := func(words, total int) float64 {
		if words == 0 || total <= 0 {
			return 0
		}
		return math.Min(1, float64(words)/float64(total))
	}
	for _, p := range pairs {
		a, b := idx[p.A], idx[p.B]
		l := shared(p.A, p.B)
		w[a][b] = weight(p.A, p.B, p.ContainmentB-share(l, docs[p.B].Words))
		w[b][a] = weight(p.B, p.A, p.ContainmentA-share(l, docs[p.A].Words))

	}
	// Among the members the evidence nearly ties, prefer the root from
	// which the family's text descends best: the heaviest arborescence.
	parent := arborescenceRef(w, idx[f.Original])
	best := net[f.Original] + rootWeight*treeWeightRef(w, parent)
	for _, m := range f.Members {
		if m == f.Original || net[m] < net[f.Original]-rootMargin {
			continue
		}
		p := arborescenceRef(w, idx[m])
		if x := net[m] + rootWeight*treeWeightRef(w, p); x > best {
			best, parent, f.Original = x, p, m
		}
	}
	// Arcs from the original outweigh those from copies by a margin, which
	// grows by 1 for each tenfold of members past 10.
	g := 1.0
	if len(f.Members) > 10 {
		g = 1 + math.Log10(float64(len(f.Members))/10)
	}
	root := idx[f.Original]
	for v := range w[root] {
		w[root][v] += siblingMargin * g
	}
	// A copy naming another copy's outlet: creditMargin more.
	for u, from := range f.Members {
		for v, to := range f.Members {
			if u == root || math.IsInf(w[u][v], -1) {
				continue
			}
			for _, c := range credits[to] {
				if src := docs[from].Source; src != "" && c.Name != "" && in.same(c.Name, src) {
					w[u][v] += creditMargin + siblingMargin*(g-1)
					break
				}
			}
		}
	}
	parent = arborescenceRef(w, root)
	for vi, ui := range parent {
		if ui < 0 {
			continue // the root, or not connected: left out
		}
		u, v := f.Members[ui], f.Members[vi]
		d := scores[[2]int{u, v}]
		p := pairs[d.pair]
		_, ev, known, _ := direction(in, p.A, p.B, credits[p.A], credits[p.B], p.CoverageA, p.CoverageB, true)
		conf := confidence(d.score, known)
		if len(ev) == 0 {
			ev = []string{"no evidence of direction: the order is arbitrary"}
			conf = 0.5
		}
		f.Edges = append(f.Edges, Edge{
			From: u, To: v,
			Confidence: round(conf),
			Attributed: d.attributed,
			Evidence:   ev,
		})
	}
	slices.SortFunc(f.Edges, func(a, b Edge) int {
		if c := cmp.Compare(a.From, b.From); c != 0 {
			return c
		}
		return cmp.Compare(a.To, b.To)
	})
	return f
}

// arborescenceRef is the reference arborescence, on a dense matrix of
// weights. It returns the parent of each node in a maximum-weight
// spanning arborescence rooted at root (Chu-Liu/Edmonds), with -1 for the
// root and for nodes no edge reaches. w[u][v] is the weight of edge u -> v,
// -Inf where there is none.
func arborescenceRef(w [][]float64, root int) []int {
	n := len(w)
	parent := make([]int, n)
	for v := range parent {
		parent[v] = -1
		if v == root {
			continue
		}
		best := math.Inf(-1)
		for u := range n {
			if u != v && w[u][v] > best {
				best, parent[v] = w[u][v], u
			}
		}
	}
	// Find a cycle among the chosen edges.
	color := make([]int, n) // 0 unseen, 1 on the current path, 2 done
	var cycle []int
	for s := 0; s < n && cycle == nil; s++ {
		var path []int
		v := s
		for v >= 0 && color[v] == 0 {
			color[v] = 1
			path = append(path, v)
			v = parent[v]
		}
		if v >= 0 && color[v] == 1 {
			i := slices.Index(path, v)
			cycle = slices.Clone(path[i:])
		}
		for _, p := range path {
			color[p] = 2
		}
	}
	if cycle == nil {
		return parent
	}
	// Contract the cycle into one node c and solve the smaller problem.
	inCycle := make([]bool, n)
	for _, v := range cycle {
		inCycle[v] = true
	}
	id := make([]int, n) // node -> contracted node
	m := 0
	for v := range n {
		if !inCycle[v] {
			id[v] = m
			m++
		}
	}
	c := m
	for _, v := range cycle {
		id[v] = c
	}
	m++
	cw := make([][]float64, m)
	for i := range cw {
		cw[i] = make([]float64, m)
		for j := range cw[i] {
			cw[i][j] = math.Inf(-1)
		}
	}
	enter := make([]int, m) // for u -> c: the cycle node it enters
	leave := make([][]int, m)
	for i := range leave {
		leave[i] = make([]int, m) // for c -> x: the cycle node it leaves
	}
	for u := range n {
		for v := range n {
			if u == v || math.IsInf(w[u][v], -1) || inCycle[u] && inCycle[v] {
				continue
			}
			cu, cv := id[u], id[v]
			x := w[u][v]
			if inCycle[v] {
				x -= w[parent[v]][v]
			}
			if x > cw[cu][cv] {
				cw[cu][cv] = x
				if inCycle[v] {
					enter[cu] = v
				}
				if inCycle[u] {
					leave[cu][cv] = u
				}
			}
		}
	}
	cp := arborescenceRef(cw, id[root])
	out := make([]int, n)
	orig := make([]int, m) // contracted node -> node, outside the cycle
	for v := range n {
		if !inCycle[v] {
			orig[id[v]] = v
		}
	}
	for v := range n {
		if inCycle[v] {
			out[v] = parent[v]
			continue
		}
		p := cp[id[v]]
		switch {
		case p < 0:
			out[v] = -1
		case p == c:
			out[v] = leave[c][id[v]]
		default:
			out[v] = orig[p]
		}
	}
	if p := cp[c]; p >= 0 {
		u := orig[p]
		out[enter[p]] = u
	} else {
		// Nothing reaches the cycle: leave it out.
		for _, v := range cycle {
			out[v] = -1
		}
	}
	return out
}

// treeWeightRef sums the weights of an arborescence's edges.
func treeWeightRef(w [][]float64, parent []int) float64 {
	sum := 0.0
	for v, u := range parent {
		if u >= 0 {
			sum += w[u][v]
		}
	}
	return sum
}

// datelineCreditRef is the reference datelineCredit. It reports whether
// the dateline name of member m is an outlet: another member's source, or a name another member uses in its
// text that m uses only in the dateline (an outlet names itself in its
// boilerplate; a place is named throughout a story). count is the
// number of times m's text holds the name, up to 2.
func datelineCreditRef(in *inference, members []int, m int, name string, count int) bool {
	docs := in.docs
	for _, n := range members {
		if n != m && docs[n].Source != "" && in.same(name, docs[n].Source) && !in.same(name, docs[m].Source) {
			return true
		}
	}
	if count != 1 {
		return false
	}
	// Only now look in texts, which may have to be read.
	for _, n := range members {
		if n != m && docs[n].Source == "" && in.mentions(n, name) != "" {
			return true
		}
	}
	return false
}

// edgeNameRef returns the longest run of at most eight words of line
// (the first of the longest) that names the source of a member other than
// own's, or "".
func edgeNameRef(in *inference, members []int, line, own string) string {
	words := regexp.MustCompile(`[\pL\pN]+`).FindAllStringIndex(line, -1)
	// Words inside a run that names the own outlet begin no name.
	inOwn := make([]bool, len(words))
	for i := range words {
		for j := i + 1; j <= len(words) && j-i <= 8; j++ {
			if own != "" && in.same(line[words[i][0]:words[j-1][1]], own) {
				for w := i; w < j; w++ {
					inOwn[w] = true
				}
			}
		}
	}
	best := ""
	for i := range words {
		// A name after a capitalised word other than "The", not the
		// line's first, ends a longer name.
		if i > 1 {
			prev := line[words[i-1][0]:words[i-1][1]]
			if unicode.IsUpper([]rune(prev)[0]) && strings.ToLower(prev) != "the" {
				continue
			}
		}
		if inOwn[i] {
			continue
		}
		for j := i + 1; j <= len(words) && j-i <= 8; j++ {
			name := line[words[i][0]:words[j-1][1]]
			if len(name) <= len(best) || own != "" && in.same(name, own) {
				continue
			}
			for _, m := range members {
				if s := in.docs[m].Source; s != "" && in.same(name, s) {
					best = name
					break
				}
			}
		}
	}
	return best
}
