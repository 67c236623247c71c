// Package eval implements provenance's accuracy measures: scoring families
// and lineage against a truth file (pair precision, recall and F1, original
// accuracy, edge direction, parent and attribution accuracy, the
// calibration of edge confidence, with the list of errors), text alignment
// scoring on PAN-format corpora (macro precision and recall, granularity
// and plagdet), and families and direction on the COUNTER corpus of Urdu
// news-agency copy.
package eval

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/provenance-dev/provenance/generate"
	"github.com/provenance-dev/provenance/report"
)

// Truth is a truth file (the format of testdata/seeds/truth.json), as the
// generate package writes it.
type Truth = generate.Truth

// TruthFamily is one family of a truth file.
type TruthFamily = generate.Family

// TruthEdge says that To was copied from From.
type TruthEdge = generate.Edge

// ReadTruth reads a truth file.
func ReadTruth(path string) (*Truth, error) { return generate.ReadTruth(path) }

// Score is the outcome of scoring families against a truth.
type Score struct {
	// Pair measures count unordered pairs of documents in one family.
	TruePairs      int     `json:"true_pairs"`
	FoundPairs     int     `json:"found_pairs"`
	CorrectPairs   int     `json:"correct_pairs"`
	PairPrecision  float64 `json:"pair_precision"`
	PairRecall     float64 `json:"pair_recall"`
	PairF1         float64 `json:"pair_f1"`
	Families       int     `json:"families"`
	OriginalsRight int     `json:"originals_right"`
	// Matches counts the matches found; StrayMatches those between two
	// documents the truth puts in no one family and no one quote group:
	// what they share is boilerplate, or chance.
	Matches      int `json:"matches"`
	StrayMatches int `json:"stray_matches"`
	// OriginalAccuracy is the share of true families whose original is
	// the original of the family found holding it.
	OriginalAccuracy float64 `json:"original_accuracy"`
	TrueEdges        int     `json:"true_edges"`
	// EdgesFound counts true edges joined by a found edge in either
	// direction; EdgesRight those in the right direction.
	EdgesFound int `json:"edges_found"`
	EdgesRight int `json:"edges_right"`
	// EdgeDirectionAccuracy is EdgesRight / EdgesFound; EdgeAccuracy is
	// EdgesRight / TrueEdges, which also counts edges not found.
	EdgeDirectionAccuracy float64 `json:"edge_direction_accuracy"`
	EdgeAccuracy          float64 `json:"edge_accuracy"`
	// ParentAccuracy is the share of true copies (TrueEdges: one true
	// edge into each) whose found parent, the From of the found edge into
	// them, is their true parent. A found edge From -> To is a true edge
	// exactly when From is To's found parent, so ParentRight equals
	// EdgesRight and ParentAccuracy equals EdgeAccuracy: the same figure
	// under the name that says what it counts.
	ParentRight    int     `json:"parent_right"`
	ParentAccuracy float64 `json:"parent_accuracy"`
	// ByCredit and ByDated split ParentAccuracy by the kinds the truth's
	// edges carry ("credit": "trained", "held-back" or none; "dated":
	// "after", "before", "undated" or none), kind "none" standing for an
	// edge without the field. They are empty when no edge of the truth
	// carries the field.
	ByCredit []KindAccuracy `json:"by_credit,omitempty"`
	ByDated  []KindAccuracy `json:"by_dated,omitempty"`
	// Reliability bins the found edges whose two ends are in one true
	// family by confidence, to tell whether confidence is a probability
	// (of the edges with confidence near 0.7, about 70% right). See
	// [ReliabilityBin] for the bins and what "right" means.
	Reliability []ReliabilityBin `json:"reliability"`
	// EdgesJudged counts the found edges whose ends are in one true
	// family, EdgesJudgedRight those of them that are right (From an
	// ancestor of To in the truth); EdgesNotJudged the found edges whose
	// ends are in no common true family (a false pair: no direction to
	// be right about).
	EdgesJudged      int `json:"edges_judged"`
	EdgesJudgedRight int `json:"edges_judged_right"`
	EdgesNotJudged   int `json:"edges_not_judged"`
	// Brier is the mean of (confidence - right)² over the judged edges,
	// right being 1 or 0; BrierBaseRate is the same for a constant
	// answer, the share of judged edges that are right (p), which is
	// p(1-p). A confidence that tells right edges from wrong ones scores
	// below the base rate. Both are 0 when no edge is judged.
	Brier         float64 `json:"brier"`
	BrierBaseRate float64 `json:"brier_base_rate"`
	// Attribution is judged on every true copy that has a found parent.
	AttributedJudged   int     `json:"attributed_judged"`
	AttributedRight    int     `json:"attributed_right"`
	AttributedAccuracy float64 `json:"attributed_accuracy"`
	Errors             []Error `json:"errors"`
}

// Error is one mistake, for a person to read.
type Error struct {
	Kind   string `json:"kind"` // missed_pair, false_pair, wrong_original, wrong_direction, missed_edge, wrong_attributed
	A      string `json:"a"`
	B      string `json:"b,omitempty"`
	Detail string `json:"detail,omitempty"`
}

type pair [2]string

func mkPair(a, b string) pair {
	if b < a {
		a, b = b, a
	}
	return pair{a, b}
}

func familyPairs(members []string, into map[pair]bool) {
	for i, a := range members {
		for _, b := range members[i+1:] {
			into[mkPair(a, b)] = true
		}
	}
}

// ScoreFamilies scores the families of out against truth. Ratios with an
// empty denominator are 1 (nothing to get wrong). The kinds of the
// truth's edges (credit, dated) are those the truth itself carries (see
// [KindsOf]); [ScoreFamiliesWith] takes them from elsewhere.
func ScoreFamilies(out *report.Output, truth *Truth) *Score {
	return ScoreFamiliesWith(out, truth, nil)
}

// ScoreFamiliesWith is [ScoreFamilies] with the kinds of the truth's edges
// given by copy (as [ReadEdgeKinds] reads them from a truth file); nil
// means [KindsOf](truth).
func ScoreFamiliesWith(out *report.Output, truth *Truth, kinds EdgeKinds) *Score {
	if kinds == nil {
		kinds = KindsOf(truth)
	}
	s := &Score{}
	want, got := map[pair]bool{}, map[pair]bool{}
	for _, f := range truth.Families {
		familyPairs(f.Members, want)
	}
	for _, f := range out.Families {
		familyPairs(f.Members, got)
	}
	s.TruePairs, s.FoundPairs = len(want), len(got)
	for p := range want {
		if got[p] {
			s.CorrectPairs++
		} else {
			s.Errors = append(s.Errors, Error{Kind: "missed_pair", A: p[0], B: p[1]})
		}
	}
	for p := range got {
		if !want[p] {
			s.Errors = append(s.Errors, Error{Kind: "false_pair", A: p[0], B: p[1]})
		}
	}
	s.PairPrecision = ratio(s.CorrectPairs, s.FoundPairs)
	s.PairRecall = ratio(s.CorrectPairs, s.TruePairs)
	together := map[pair]bool{}
	for p := range want {
		together[p] = true
	}
	for _, g := range truth.QuoteGroups {
		familyPairs(g, together)
	}
	s.Matches = len(out.Matches)
	for _, m := range out.Matches {
		if !together[mkPair(m.A, m.B)] {
			s.StrayMatches++
		}
	}
	if s.PairPrecision+s.PairRecall > 0 {
		s.PairF1 = 2 * s.PairPrecision * s.PairRecall / (s.PairPrecision + s.PairRecall)
	}

	famOf := map[string]*report.Family{}
	parent := map[string]report.Edge{} // copy -> its found edge
	for i := range out.Families {
		f := &out.Families[i]
		for _, m := range f.Members {
			famOf[m] = f
		}
		for _, e := range f.Edges {
			parent[e.To] = e
		}
	}
	edge := map[[2]string]bool{}
	for _, f := range out.Families {
		for _, e := range f.Edges {
			edge[[2]string{e.From, e.To}] = true
		}
	}

	s.Families = len(truth.Families)
	for _, tf := range truth.Families {
		if f := famOf[tf.Original]; f != nil && f.Original == tf.Original {
			s.OriginalsRight++
		} else {
			detail := "in no family"
			if f != nil {
				detail = "found original " + f.Original
			}
			s.Errors = append(s.Errors, Error{Kind: "wrong_original", A: tf.Original, Detail: detail})
		}
		for _, te := range tf.Edges {
			s.TrueEdges++
			switch {
			case edge[[2]string{te.From, te.To}]:
				s.EdgesFound++
				s.EdgesRight++
			case edge[[2]string{te.To, te.From}]:
				s.EdgesFound++
				s.Errors = append(s.Errors, Error{Kind: "wrong_direction", A: te.From, B: te.To, Detail: "found " + te.To + " -> " + te.From})
			default:
				detail := "no parent found"
				if e, ok := parent[te.To]; ok {
					detail = "found parent " + e.From
				}
				s.Errors = append(s.Errors, Error{Kind: "missed_edge", A: te.From, B: te.To, Detail: detail})
			}
			if e, ok := parent[te.To]; ok {
				s.AttributedJudged++
				if e.Attributed == te.Attributed {
					s.AttributedRight++
				} else {
					s.Errors = append(s.Errors, Error{Kind: "wrong_attributed", A: te.To,
						Detail: fmt.Sprintf("found attributed=%v, want %v", e.Attributed, te.Attributed)})
				}
			}
		}
	}
	s.OriginalAccuracy = ratio(s.OriginalsRight, s.Families)
	s.EdgeDirectionAccuracy = ratio(s.EdgesRight, s.EdgesFound)
	s.EdgeAccuracy = ratio(s.EdgesRight, s.TrueEdges)
	s.AttributedAccuracy = ratio(s.AttributedRight, s.AttributedJudged)
	s.ParentRight = s.EdgesRight
	s.ParentAccuracy = ratio(s.ParentRight, s.TrueEdges)
	s.ByCredit, s.ByDated = splitByKind(truth, kinds, parent)
	s.calibrate(out, truth)
	slices.SortFunc(s.Errors, func(x, y Error) int {
		return cmp.Or(cmp.Compare(x.Kind, y.Kind), cmp.Compare(x.A, y.A), cmp.Compare(x.B, y.B))
	})
	return s
}

func ratio(n, d int) float64 {
	if d == 0 {
		return 1
	}
	return float64(n) / float64(d)
}

// Coverage is how far a truth and the documents of a run overlap.
type Coverage struct {
	// Truth is the number of documents the truth names, Found how many of
	// them the run has.
	Truth, Found int
	// Missing are the first documents of the truth the run lacks, and
	// Extra the first of the run's that the truth does not name (at most
	// a few of each, for a message).
	Missing, Extra []string
}

// CoverageOf measures how far truth and the documents of out overlap. A
// score over documents the truth does not name, or without those it
// names, means little: see [ErrNoOverlap].
func CoverageOf(out *report.Output, truth *Truth) Coverage {
	const shown = 3
	have := map[string]bool{}
	for _, d := range out.Documents {
		have[d.ID] = true
	}
	var c Coverage
	named := map[string]bool{}
	for _, id := range truth.Documents() {
		named[id] = true
		c.Truth++
		if have[id] {
			c.Found++
		} else if len(c.Missing) < shown {
			c.Missing = append(c.Missing, id)
		}
	}
	for _, d := range out.Documents {
		if !named[d.ID] && len(c.Extra) < shown {
			c.Extra = append(c.Extra, d.ID)
		}
	}
	return c
}

// ErrNoOverlap is wrapped by [Coverage.Check]'s error when none of the
// truth's documents was read.
var ErrNoOverlap = errors.New("the truth and the documents compared do not overlap")

// Check returns an error wrapping [ErrNoOverlap] when the run has none of
// the truth's documents (or the truth names none), saying which documents
// each has; otherwise nil.
func (c Coverage) Check() error {
	if c.Found > 0 {
		return nil
	}
	msg := fmt.Sprintf("%v: none of the truth's %d documents is among those read", ErrNoOverlap, c.Truth)
	if len(c.Missing) > 0 {
		msg += " (the truth names " + strings.Join(c.Missing, ", ")
		if len(c.Extra) > 0 {
			msg += "; the corpus has " + strings.Join(c.Extra, ", ")
		}
		msg += "): compare the folder the truth was written for; IDs are paths relative to the folder named"
	}
	return &coverageError{msg}
}

type coverageError struct{ msg string }

func (e *coverageError) Error() string { return e.msg }
func (e *coverageError) Unwrap() error { return ErrNoOverlap }
