package eval

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"slices"

	"github.com/provenance-dev/provenance/report"
)

// EdgeKind is what a truth file's edge says of how its copy was made,
// beyond From and To: "credit" is "trained" (the copy credits its source
// in a phrasing the credit reader was built from), "held-back" (in a
// phrasing kept out of it) or "" (no credit, or not said); "dated" is
// "after" (the copy is dated after its parent), "before" (dated before
// it), "undated" or "" (not said).
type EdgeKind struct {
	Credit string `json:"credit,omitempty"`
	Dated  string `json:"dated,omitempty"`
}

// EdgeKinds are the kinds of a truth's edges, by copy (the edge's To: a
// copy has one edge into it).
type EdgeKinds map[string]EdgeKind

// truthKinds is the part of a truth file that EdgeKinds are read from.
type truthKinds struct {
	Families []struct {
		Edges []struct {
			To string `json:"to"`
			EdgeKind
		} `json:"edges"`
	} `json:"families"`
}

func (t *truthKinds) kinds() EdgeKinds {
	k := EdgeKinds{}
	for _, f := range t.Families {
		for _, e := range f.Edges {
			if e.EdgeKind != (EdgeKind{}) {
				k[e.To] = e.EdgeKind
			}
		}
	}
	return k
}

// KindsOf returns the kinds the truth's edges carry, through their JSON
// form: empty (not nil) while the truth's edge type has no "credit" or
// "dated" field. A truth read from a file by [ReadTruth] keeps only the
// fields its type has; [ReadEdgeKinds] reads the file's own.
func KindsOf(t *Truth) EdgeKinds {
	data, err := json.Marshal(t)
	if err != nil {
		return EdgeKinds{}
	}
	var tk truthKinds
	if err := json.Unmarshal(data, &tk); err != nil {
		return EdgeKinds{}
	}
	return tk.kinds()
}

// ReadEdgeKinds reads the "credit" and "dated" fields of the edges of a
// truth file, by copy. Edges without them are left out.
func ReadEdgeKinds(path string) (EdgeKinds, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read truth: %w", err)
	}
	var tk truthKinds
	if err := json.Unmarshal(data, &tk); err != nil {
		return nil, fmt.Errorf("read truth %s: %w", path, err)
	}
	return tk.kinds(), nil
}

// KindAccuracy is parent accuracy over the true copies of one kind.
type KindAccuracy struct {
	Kind string `json:"kind"`
	// Copies counts the true copies of the kind, Right those whose found
	// parent is their true parent; Accuracy is Right / Copies.
	Copies   int     `json:"copies"`
	Right    int     `json:"right"`
	Accuracy float64 `json:"accuracy"`
}

// NoKind is the kind of a true edge that carries no kind of the split.
const NoKind = "none"

// Orders of the kinds in a split; kinds not listed follow, sorted.
var (
	creditOrder = []string{"trained", "held-back", NoKind}
	datedOrder  = []string{"after", "before", "undated", NoKind}
)

// splitByKind splits parent accuracy by credit kind and by dated kind.
// parent is the found edge into each copy. A split is nil when no edge
// carries its field.
func splitByKind(truth *Truth, kinds EdgeKinds, parent map[string]report.Edge) (byCredit, byDated []KindAccuracy) {
	credit, dated := map[string]*KindAccuracy{}, map[string]*KindAccuracy{}
	anyCredit, anyDated := false, false
	add := func(split map[string]*KindAccuracy, kind string, right bool) {
		if kind == "" {
			kind = NoKind
		}
		k := split[kind]
		if k == nil {
			k = &KindAccuracy{Kind: kind}
			split[kind] = k
		}
		k.Copies++
		if right {
			k.Right++
		}
	}
	for _, tf := range truth.Families {
		for _, te := range tf.Edges {
			e, ok := parent[te.To]
			right := ok && e.From == te.From
			k := kinds[te.To]
			anyCredit = anyCredit || k.Credit != ""
			anyDated = anyDated || k.Dated != ""
			add(credit, k.Credit, right)
			add(dated, k.Dated, right)
		}
	}
	if anyCredit {
		byCredit = ordered(credit, creditOrder)
	}
	if anyDated {
		byDated = ordered(dated, datedOrder)
	}
	return byCredit, byDated
}

func ordered(split map[string]*KindAccuracy, order []string) []KindAccuracy {
	var out []KindAccuracy
	for _, kind := range order {
		if k := split[kind]; k != nil {
			out = append(out, *k)
			delete(split, kind)
		}
	}
	rest := make([]string, 0, len(split))
	for kind := range split {
		rest = append(rest, kind)
	}
	slices.Sort(rest)
	for _, kind := range rest {
		out = append(out, *split[kind])
	}
	for i := range out {
		out[i].Accuracy = ratio(out[i].Right, out[i].Copies)
	}
	return out
}

// ReliabilityBin is one bin of the reliability table: the judged found
// edges (both ends in one true family) with confidence in [Lo, Hi) (the
// last bin, [0.9, 1.0], holds 1). An edge From -> To is right when From
// is an ancestor of To in the truth: To's true parent, or its parent's,
// and so on up to the original. The bins are [0.5,0.6), [0.6,0.7),
// [0.7,0.8), [0.8,0.9) and [0.9,1.0]; edges below 0.5 (found against
// the evidence of direction) have a bin [0, 0.5) of their own, listed
// first and only when it holds any.
type ReliabilityBin struct {
	Lo    float64 `json:"lo"`
	Hi    float64 `json:"hi"`
	Edges int     `json:"edges"`
	Right int     `json:"right"`
	// MeanConfidence is the mean confidence of the bin's edges and
	// ShareRight is Right / Edges; both are 0 in an empty bin.
	MeanConfidence float64 `json:"mean_confidence"`
	ShareRight     float64 `json:"share_right"`
}

// binOf returns the bin of a confidence: 0 below 0.5, then 1 to 5 for
// [0.5,0.6) to [0.9,1.0].
func binOf(c float64) int {
	if c < 0.5 {
		return 0
	}
	// Confidences are rounded to thousandths: 0.7 is 0.7, not
	// 0.6999..., which the small nudge keeps in its bin.
	return min(int(math.Floor(c*10+1e-9))-4, 5)
}

// calibrate fills the reliability table, the judged edge counts and the
// Brier scores.
func (s *Score) calibrate(out *report.Output, truth *Truth) {
	var tr trees
	for i, tf := range truth.Families {
		tr.add(i, tf.Members, func(yield func(from, to string)) {
			for _, e := range tf.Edges {
				yield(e.From, e.To)
			}
		})
	}
	famOf, ancestor := tr.family, tr.ancestor
	var bins [6]ReliabilityBin
	var sums [6]float64
	brier := 0.0
	for _, f := range out.Families {
		for _, e := range f.Edges {
			fa, okA := famOf[e.From]
			fb, okB := famOf[e.To]
			if !okA || !okB || fa != fb {
				s.EdgesNotJudged++
				continue
			}
			s.EdgesJudged++
			y := 0.0
			b := binOf(e.Confidence)
			bins[b].Edges++
			sums[b] += e.Confidence
			if ancestor(e.From, e.To) {
				s.EdgesJudgedRight++
				bins[b].Right++
				y = 1
			}
			brier += (e.Confidence - y) * (e.Confidence - y)
		}
	}
	s.Reliability = nil
	for i := range bins {
		b := bins[i]
		if i == 0 {
			if b.Edges == 0 {
				continue
			}
			b.Lo, b.Hi = 0, 0.5
		} else {
			b.Lo, b.Hi = float64(i+4)/10, float64(i+5)/10
		}
		if b.Edges > 0 {
			b.MeanConfidence = sums[i] / float64(b.Edges)
			b.ShareRight = float64(b.Right) / float64(b.Edges)
		}
		s.Reliability = append(s.Reliability, b)
	}
	if s.EdgesJudged > 0 {
		s.Brier = brier / float64(s.EdgesJudged)
		p := float64(s.EdgesJudgedRight) / float64(s.EdgesJudged)
		s.BrierBaseRate = p * (1 - p)
	}
}

// trees are families' members and parents, by document ID.
type trees struct {
	family map[string]int    // the family of each member
	parent map[string]string // the parent of each copy
	size   int               // the most members of a family
}

// add adds family i, its members and its edges (from a parent to a copy).
func (t *trees) add(i int, members []string, edges func(yield func(from, to string))) {
	if t.family == nil {
		t.family, t.parent = map[string]int{}, map[string]string{}
	}
	for _, m := range members {
		t.family[m] = i
	}
	edges(func(from, to string) { t.parent[to] = from })
	t.size = max(t.size, len(members))
}

// ancestor reports whether a is on d's path up to its family's original.
// It takes at most as many steps as a family has members: it ends on a
// cycle too.
func (t *trees) ancestor(a, d string) bool {
	for range t.size {
		p, ok := t.parent[d]
		if !ok {
			return false
		}
		if p == a {
			return true
		}
		d = p
	}
	return false
}
