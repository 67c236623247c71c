// Package lineage implements direction and family trees for matched
// documents: which document of a family is the original, and from which
// document each copy came, with a confidence and the evidence in words.
//
// Evidence, strongest first: an attribution or reprint line in one document
// ("originally published by X", "reprinted with permission", "(Reuters) -")
// that names the other's source; publication times; and containment
// asymmetry (a trimmed copy lies almost wholly inside its original, while a
// revised or extended version also contains its predecessor, so this is the
// weakest). Each is scored, the scores add up, and a logistic function turns
// the sum into a confidence. Unknown stays unknown: a missing date or source
// adds no evidence.
//
// The package is pure: no I/O, clocks or globals.
package lineage

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"time"
)

// Doc is what lineage needs of a document.
type Doc struct {
	ID     string
	Source string
	// Published is zero when unknown; PublishedDay means only the day is
	// known.
	Published    time.Time
	PublishedDay bool
	Text         []byte
}

// Pair is a derivation between documents A and B (indexes into the docs
// given to [Infer]).
type Pair struct {
	A, B int
	// Jaccard is their shingle similarity; CoverageA is the share of A in
	// passages shared with B, CoverageB the reverse.
	Jaccard, CoverageA, CoverageB float64
}

// Edge says that To was copied from From.
type Edge struct {
	From, To int
	// Confidence in the direction, from 0.5 (no evidence) to 1.
	Confidence float64
	// Attributed is set when the copy carries an attribution or reprint
	// line.
	Attributed bool
	Evidence   []string
}

// Family is a lineage tree: an original and one edge into every other
// member.
type Family struct {
	Members  []int
	Original int
	Edges    []Edge
}

// Evidence weights, in log-odds.
const (
	weightNamedCredit   = 3.0  // the copy credits the other's source by name
	weightMentionCredit = 2.0  // the copy credits a name the other uses in its text
	weightOtherCredit   = 1.5  // the copy has a credit line, the other none
	weightDate          = 2.0  // published earlier
	weightContainment   = 0.75 // at most, for a trimmed copy
)

// Infer builds the lineage of one family: members (indexes into docs) and
// the derivation pairs among them, which must connect them. The original is
// the member with the most evidence of being a source; each other member
// gets a parent along the most similar derivation, so a copy of a copy
// points at the copy it came from.
func Infer(docs []Doc, members []int, pairs []Pair) Family {
	credits := make(map[int][]Credit, len(members))
	for _, m := range members {
		credits[m] = FindCredits(docs[m].Text)
	}
	type dir struct {
		score      float64
		evidence   []string
		attributed bool
	}
	// scores[[2]int{x, y}] is the evidence that x is the source of y.
	scores := make(map[[2]int]dir, 2*len(pairs))
	adj := make(map[int][]Pair)
	net := make(map[int]float64)
	for _, p := range pairs {
		s, ev := direction(&docs[p.A], &docs[p.B], credits[p.A], credits[p.B], p.CoverageA, p.CoverageB)
		scores[[2]int{p.A, p.B}] = dir{s, ev, hasCredit(&docs[p.B], credits[p.B])}
		scores[[2]int{p.B, p.A}] = dir{-s, ev, hasCredit(&docs[p.A], credits[p.A])}
		net[p.A] += s
		net[p.B] -= s
		adj[p.A] = append(adj[p.A], p)
		adj[p.B] = append(adj[p.B], p)
	}

	f := Family{Members: slices.Clone(members)}
	slices.Sort(f.Members)
	f.Original = f.Members[0]
	for _, m := range f.Members[1:] {
		if better(&docs[m], &docs[f.Original], net[m], net[f.Original]) {
			f.Original = m
		}
	}

	// Grow the tree from the original, always along the frontier pair the
	// evidence does not contradict with the highest similarity (Prim's
	// algorithm for a maximum spanning tree).
	in := map[int]bool{f.Original: true}
	for len(in) < len(f.Members) {
		var bestFrom, bestTo = -1, -1
		bestKey := [2]float64{math.Inf(-1), 0}
		for _, u := range f.Members {
			if !in[u] {
				continue
			}
			for _, p := range adj[u] {
				v := p.B
				if v == u {
					v = p.A
				}
				if in[v] {
					continue
				}
				ok := 0.0
				if scores[[2]int{u, v}].score > -1 {
					ok = 1
				}
				key := [2]float64{ok, p.Jaccard}
				if key[0] > bestKey[0] || key[0] == bestKey[0] && key[1] > bestKey[1] ||
					key == bestKey && (u < bestFrom || u == bestFrom && v < bestTo) {
					bestFrom, bestTo, bestKey = u, v, key
				}
			}
		}
		if bestFrom < 0 {
			break // pairs do not connect the members; leave the rest out
		}
		d := scores[[2]int{bestFrom, bestTo}]
		ev := d.evidence
		if len(ev) == 0 {
			ev = []string{"no evidence of direction: the order is arbitrary"}
		}
		f.Edges = append(f.Edges, Edge{
			From: bestFrom, To: bestTo,
			Confidence: round(sigmoid(d.score)),
			Attributed: d.attributed,
			Evidence:   ev,
		})
		in[bestTo] = true
	}
	slices.SortFunc(f.Edges, func(a, b Edge) int {
		if c := cmp.Compare(a.From, b.From); c != 0 {
			return c
		}
		return cmp.Compare(a.To, b.To)
	})
	return f
}

// better reports whether a is a likelier original than b: more net
// evidence, then an earlier known date.
func better(a, b *Doc, netA, netB float64) bool {
	if netA != netB {
		return netA > netB
	}
	if !a.Published.IsZero() && !b.Published.IsZero() {
		return a.Published.Before(b.Published)
	}
	return false
}

func hasCredit(d *Doc, cs []Credit) bool {
	for _, c := range cs {
		if c.Name == "" || d.Source == "" || !SameSource(c.Name, d.Source) {
			return true
		}
	}
	return false
}

// direction weighs the evidence that x is the source of y: positive for
// x -> y, negative for y -> x. covX is the share of x in shared passages.
func direction(x, y *Doc, cx, cy []Credit, covX, covY float64) (float64, []string) {
	var score float64
	var ev []string
	if s, e := creditScore(y, x, cy, cx); s > 0 {
		score += s
		ev = append(ev, e)
	}
	if s, e := creditScore(x, y, cx, cy); s > 0 {
		score -= s
		ev = append(ev, e)
	}
	if s, e := dateScore(x, y); e != "" {
		score += s
		ev = append(ev, e)
	}
	if d := covY - covX; math.Abs(d) >= 0.1 {
		w := weightContainment * math.Min(1, math.Abs(d)/0.4)
		small, big, cs, cb := y, x, covY, covX
		if d < 0 {
			w = -w
			small, big, cs, cb = x, y, covX, covY
		}
		score += w
		ev = append(ev, fmt.Sprintf("%.0f%% of %s lies in text shared with %s, but only %.0f%% of %s: %s looks cut from %s",
			100*cs, small.ID, big.ID, 100*cb, big.ID, small.ID, big.ID))
	}
	return score, ev
}

// creditScore weighs the credit lines of copy as evidence that it came from
// src, returning the strongest and its description.
func creditScore(copy, src *Doc, cc, cs []Credit) (float64, string) {
	best, desc := 0.0, ""
	for _, c := range cc {
		var w float64
		var e string
		switch {
		case c.Name != "" && copy.Source != "" && SameSource(c.Name, copy.Source):
			continue // a site crediting itself
		case c.Name != "" && src.Source != "" && SameSource(c.Name, src.Source):
			w, e = weightNamedCredit, fmt.Sprintf("%s credits %s's source (%s): %q", copy.ID, src.ID, src.Source, c.Line)
		case c.Name != "" && src.Source != "":
			continue // it credits a third outlet
		case c.Name != "" && len(cs) == 0:
			if n := mentions(src.Text, c.Name); n != "" {
				w, e = weightMentionCredit, fmt.Sprintf("%s credits %s, which %s names in its own text (%q): %q", copy.ID, c.Name, src.ID, n, c.Line)
			} else {
				w, e = weightOtherCredit, fmt.Sprintf("%s credits %s and %s credits nobody: %q", copy.ID, c.Name, src.ID, c.Line)
			}
		case c.Name == "" && len(cs) == 0:
			w, e = weightOtherCredit, fmt.Sprintf("%s has a reprint line and %s none: %q", copy.ID, src.ID, c.Line)
		default:
			continue
		}
		if w > best {
			best, desc = w, e
		}
	}
	return best, desc
}

// dateScore compares publication dates, at the precision both have.
func dateScore(x, y *Doc) (float64, string) {
	switch {
	case x.Published.IsZero() && y.Published.IsZero():
		return 0, ""
	case x.Published.IsZero() || y.Published.IsZero():
		known, unknown := x, y
		if x.Published.IsZero() {
			known, unknown = y, x
		}
		return 0, fmt.Sprintf("%s is dated %s; %s has no date", known.ID, showDate(known), unknown.ID)
	}
	a, b := x.Published, y.Published
	if x.PublishedDay || y.PublishedDay {
		a, b = a.Truncate(24*time.Hour), b.Truncate(24*time.Hour)
	} else if d := a.Sub(b); d > -time.Minute && d < time.Minute {
		a = b
	}
	switch {
	case a.Before(b):
		return weightDate, fmt.Sprintf("%s was published %s, before %s (%s)", x.ID, showDate(x), y.ID, showDate(y))
	case b.Before(a):
		return -weightDate, fmt.Sprintf("%s was published %s, before %s (%s)", y.ID, showDate(y), x.ID, showDate(x))
	}
	return 0, fmt.Sprintf("%s and %s carry the same date (%s)", x.ID, y.ID, showDate(x))
}

func showDate(d *Doc) string {
	if d.PublishedDay {
		return d.Published.Format("2006-01-02")
	}
	return d.Published.Format("2006-01-02 15:04 UTC")
}

func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

func round(x float64) float64 { return math.Round(x*1000) / 1000 }
