package htmlreport

import (
	"testing"

	"github.com/provenance-dev/provenance/report"
)

func nodeByID(t *testing.T, l treeLayout, id string) treeNode {
	t.Helper()
	for _, n := range l.Nodes {
		if n.ID == id {
			return n
		}
	}
	t.Fatalf("no node %q", id)
	return treeNode{}
}

func TestLayoutFamily(t *testing.T) {
	// o has copies a and b; a has copies a1 and a2; a2 has a copy a21.
	f := &report.Family{Original: "o", Members: []string{"a", "a1", "a2", "a21", "b", "o"}, Edges: []report.Edge{
		{From: "o", To: "b"}, {From: "o", To: "a"}, {From: "a", To: "a2"}, {From: "a", To: "a1"}, {From: "a2", To: "a21"},
	}}
	l := layoutFamily(f)
	if len(l.Nodes) != 6 {
		t.Fatalf("%d nodes, want 6", len(l.Nodes))
	}
	depth := map[string]int{"o": 0, "a": 1, "b": 1, "a1": 2, "a2": 2, "a21": 3}
	for id, d := range depth {
		n := nodeByID(t, l, id)
		if n.Depth != d || n.Y != marginY+float64(d)*rowH {
			t.Errorf("%s: depth %d at y %v, want depth %d", id, n.Depth, n.Y, d)
		}
	}
	// Leaves a1, a21 (under a2) and b take one slot each, in ID order
	// under each parent; parents are centred over their children.
	slots := map[string]float64{"a1": 0.5, "a2": 1.5, "a21": 1.5, "a": 1, "b": 2.5, "o": 1.75}
	for id, s := range slots {
		if n := nodeByID(t, l, id); n.Slot != s {
			t.Errorf("%s: slot %v, want %v", id, n.Slot, s)
		}
	}
	if n := nodeByID(t, l, "a2"); l.Nodes[n.Parent].ID != "a" || f.Edges[n.Edge].To != "a2" {
		t.Errorf("a2: parent %q, edge %d", l.Nodes[n.Parent].ID, n.Edge)
	}
	// Nodes of one row do not overlap; all are inside the drawing.
	for i, x := range l.Nodes {
		if x.X < 0 || x.Y < 0 || x.X+nodeW > l.Width || x.Y+nodeH > l.Height {
			t.Errorf("%s at (%v, %v) is outside %v x %v", x.ID, x.X, x.Y, l.Width, l.Height)
		}
		for _, y := range l.Nodes[i+1:] {
			if x.Depth == y.Depth && x.X < y.X+nodeW && y.X < x.X+nodeW {
				t.Errorf("%s and %s overlap", x.ID, y.ID)
			}
		}
	}
	if l.Width != 2*marginX+3*colW-(colW-nodeW) || l.Height != 2*marginY+3*rowH+nodeH {
		t.Errorf("size %v x %v", l.Width, l.Height)
	}
}

// TestLayoutFamily_odd checks edges lineage does not make: a second
// parent, a cycle, a member no edge reaches, and a long chain.
func TestLayoutFamily_odd(t *testing.T) {
	f := &report.Family{Original: "o", Members: []string{"a", "b", "lone", "o", "x", "y"}, Edges: []report.Edge{
		{From: "o", To: "a"}, {From: "b", To: "a"}, {From: "a", To: "o"}, {From: "x", To: "y"}, {From: "y", To: "x"},
	}}
	l := layoutFamily(f)
	if n := nodeByID(t, l, "o"); n.Parent != -1 || n.Depth != 0 {
		t.Errorf("the original has parent %d, depth %d", n.Parent, n.Depth)
	}
	if n := nodeByID(t, l, "a"); l.Nodes[n.Parent].ID != "o" {
		t.Errorf("a's parent is %s, want the first edge's o", l.Nodes[n.Parent].ID)
	}
	for _, id := range []string{"b", "lone", "x"} {
		if n := nodeByID(t, l, id); n.Parent != -1 || n.Depth != 0 || n.X <= nodeByID(t, l, "o").X {
			t.Errorf("%s: parent %d, depth %d, x %v: want a root right of the original", id, n.Parent, n.Depth, n.X)
		}
	}
	if n := nodeByID(t, l, "y"); l.Nodes[n.Parent].ID != "x" {
		t.Errorf("y's parent is %d", n.Parent)
	}

	chain := &report.Family{Original: "d0000"}
	prev := "d0000"
	for i := 1; i < 5000; i++ {
		id := "d" + string(rune('0'+i/1000)) + string(rune('0'+i/100%10)) + string(rune('0'+i/10%10)) + string(rune('0'+i%10))
		chain.Members = append(chain.Members, id)
		chain.Edges = append(chain.Edges, report.Edge{From: prev, To: id})
		prev = id
	}
	l = layoutFamily(chain)
	if last := nodeByID(t, l, prev); last.Depth != 4999 || last.X != l.Nodes[0].X {
		t.Errorf("chain: last at depth %d, x %v", last.Depth, last.X)
	}
}
