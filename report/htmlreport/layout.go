package htmlreport

import (
	"slices"
	"strings"

	"github.com/provenance-dev/provenance/report"
)

// Sizes of the lineage graph, in SVG user units (CSS pixels).
const (
	nodeW   = 200 // a document's box
	nodeH   = 46
	colW    = 224 // a leaf's share of the width
	rowH    = 104 // a generation's height
	marginX = 10
	marginY = 10
)

// treeNode is a document placed in a family's graph.
type treeNode struct {
	ID       string
	Depth    int
	Parent   int // index in the layout's nodes; -1 for a root
	Edge     int // index of the edge into it in the family; -1 for a root
	Children []int
	// Slot is the node's centre in leaf widths; X and Y its box's top
	// left corner.
	Slot float64
	X, Y float64
}

// treeLayout is a family's graph laid out as layered trees: the original
// at the top, each copy one row below the document it came from. Each
// subtree gets a width of as many columns as it has leaves, subtrees side
// by side in the order of their IDs; a leaf is centred in its column, a
// parent over its first and last children. Members no edge reaches from the original (which lineage
// does not produce) are roots of trees of their own, to the right.
type treeLayout struct {
	Nodes         []treeNode
	Width, Height float64
}

// layoutFamily lays out a family's lineage; see treeLayout.
func layoutFamily(f *report.Family) treeLayout {
	index := make(map[string]int, len(f.Members)+1)
	var l treeLayout
	add := func(id string) int {
		if i, ok := index[id]; ok {
			return i
		}
		index[id] = len(l.Nodes)
		l.Nodes = append(l.Nodes, treeNode{ID: id, Parent: -1, Edge: -1})
		return len(l.Nodes) - 1
	}
	root := add(f.Original)
	for _, m := range f.Members {
		add(m)
	}
	for _, e := range f.Edges {
		add(e.From)
		add(e.To)
	}
	// Each node's parent is the source of the first edge into it that
	// does not close a cycle; the original has none.
	children := make([][]int, len(l.Nodes))
	for ei, e := range f.Edges {
		from, to := index[e.From], index[e.To]
		if to == root || l.Nodes[to].Edge >= 0 || from == to || reaches(l.Nodes, to, from) {
			continue
		}
		l.Nodes[to].Parent, l.Nodes[to].Edge = from, ei
		children[from] = append(children[from], to)
	}
	for i := range children {
		slices.SortFunc(children[i], func(x, y int) int { return strings.Compare(l.Nodes[x].ID, l.Nodes[y].ID) })
		l.Nodes[i].Children = children[i]
	}
	roots := []int{root}
	var others []int
	for i := range l.Nodes {
		if i != root && l.Nodes[i].Parent < 0 {
			others = append(others, i)
		}
	}
	slices.SortFunc(others, func(x, y int) int { return strings.Compare(l.Nodes[x].ID, l.Nodes[y].ID) })
	roots = append(roots, others...)

	// Widths bottom up, then slots top down, without recursion: a chain
	// of copies may be long.
	width := make([]float64, len(l.Nodes))
	order := make([]int, 0, len(l.Nodes)) // parents before children
	for _, r := range roots {
		order = append(order, r)
	}
	for i := 0; i < len(order); i++ {
		n := &l.Nodes[order[i]]
		for _, c := range n.Children {
			l.Nodes[c].Depth = n.Depth + 1
			order = append(order, c)
		}
	}
	for i := len(order) - 1; i >= 0; i-- {
		n := &l.Nodes[order[i]]
		for _, c := range n.Children {
			width[order[i]] += width[c]
		}
		width[order[i]] = max(width[order[i]], 1)
	}
	left := make([]float64, len(l.Nodes))
	next := 0.0
	for _, r := range roots {
		left[r] = next
		next += width[r]
	}
	for _, i := range order {
		at := left[i]
		for _, c := range l.Nodes[i].Children {
			left[c] = at
			at += width[c]
		}
	}
	depth := 0
	for k := len(order) - 1; k >= 0; k-- {
		n := &l.Nodes[order[k]]
		if len(n.Children) == 0 {
			n.Slot = left[order[k]] + width[order[k]]/2
		} else {
			n.Slot = (l.Nodes[n.Children[0]].Slot + l.Nodes[n.Children[len(n.Children)-1]].Slot) / 2
		}
		n.X = marginX + (n.Slot-0.5)*colW
		n.Y = marginY + float64(n.Depth)*rowH
		depth = max(depth, n.Depth)
	}
	l.Width = 2*marginX + next*colW - (colW - nodeW)
	l.Height = 2*marginY + float64(depth)*rowH + nodeH
	return l
}

// reaches reports whether node to is an ancestor of node from, or from
// itself: an edge to -> from would close a cycle.
func reaches(nodes []treeNode, to, from int) bool {
	for i, n := from, 0; i >= 0 && n <= len(nodes); i, n = nodes[i].Parent, n+1 {
		if i == to {
			return true
		}
	}
	return false
}
