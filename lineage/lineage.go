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
// # Texts
//
// Infer needs little of a document's text: its credit lines, how often
// a dateline's name recurs in it, and, for a document with no source,
// whether it names an outlet another member credits. A caller that drops
// texts once it has read them keeps [Scan] of each text in
// [Doc.Evidence] and gives a [Doc.Load] that reads the text again; Infer
// then loads only texts of members with no Source, and only when a
// credit in the family needs that look, once per call:
//
//	e := lineage.Scan(text) // when the text is first read
//	doc := lineage.Doc{ID: id, Source: source, Evidence: &e, Load: reread}
//
// The package is pure: no I/O (but what a caller's Load does), clocks or
// globals other than the alias table of [UseAliases].
package lineage

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"time"
)

// Doc is what lineage needs of a document: its text, or the text's
// evidence and a way to load the text (see Texts in the package doc).
type Doc struct {
	ID     string
	Source string
	// Published is zero when unknown; PublishedDay means only the day is
	// known.
	Published    time.Time
	PublishedDay bool
	// Text is the document's text. When it is nil, Load gives it.
	Text []byte
	// Evidence, when set, is Scan(text), and Infer does not scan the text.
	Evidence *Evidence
	// Load, when set, returns the text if Text is nil. Infer calls it
	// only when it needs the text, at most once a call, and takes nil for
	// no text: a caller that cannot read the text records why and returns
	// nil. Calls of Infer on several goroutines may call Loads at once.
	Load func() []byte
}

// Evidence is what [Infer] needs of a document's text that does not
// depend on the other documents: its credit lines, and how often each
// dateline credit's name occurs in the text. [Scan] finds it.
type Evidence struct {
	// Credits are the text's credits, as [FindCredits] returns them.
	Credits []Credit
	// NameCounts[i] is, for a dateline credit Credits[i], how many times
	// its name occurs in the text as a whole word (case ignored), counted
	// up to 2; 0 for other credits. It is as long as Credits.
	NameCounts []int
}

// Scan returns the evidence of a document's text, for [Doc.Evidence].
func Scan(text []byte) Evidence {
	e := Evidence{Credits: FindCredits(text)}
	if len(e.Credits) > 0 {
		e.NameCounts = make([]int, len(e.Credits))
		for i, c := range e.Credits {
			if c.Dateline {
				e.NameCounts[i] = countWord(text, c.Name, 2)
			}
		}
	}
	return e
}

// Pair is a derivation between documents A and B (indexes into the docs
// given to [Infer]).
type Pair struct {
	A, B int
	// Jaccard is their shingle similarity; CoverageA is the share of A in
	// passages shared with B, CoverageB the reverse; ContainmentA is the
	// share of A's shingles found in B, ContainmentB the reverse.
	Jaccard, CoverageA, CoverageB float64
	ContainmentA, ContainmentB    float64
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
// the member with the most evidence of being a source. The parents of the
// others form the maximum spanning arborescence from the original (Chu-Liu
// and Edmonds), where an edge u -> v weighs the share of v's shingles found
// in u, less 1 if the direction evidence says v came first: a copy keeps
// its parent's edits and adds its own, so it contains more of its parent
// than of its parent's source or of a sibling, and a copy of a copy points
// at the copy it came from.
func Infer(docs []Doc, members []int, pairs []Pair) Family {
	in := newInference(docs)
	credits := make(map[int][]Credit, len(members))
	for _, m := range members {
		e := in.evidence(m)
		for i, c := range e.Credits {
			if !c.Dateline || datelineCredit(in, members, m, c.Name, e.NameCounts[i]) {
				credits[m] = append(credits[m], c)
			}
		}
	}
	type dir struct {
		score      float64
		pair       int // the pair it was weighed for
		attributed bool
	}
	// scores[[2]int{x, y}] is the evidence that x is the source of y.
	scores := make(map[[2]int]dir, 2*len(pairs))
	net := make(map[int]float64)
	for i, p := range pairs {
		// Its description is written only for the edges kept, below.
		s, _ := direction(in, p.A, p.B, credits[p.A], credits[p.B], p.CoverageA, p.CoverageB, false)
		scores[[2]int{p.A, p.B}] = dir{s, i, hasCredit(in, p.B, credits[p.B])}
		scores[[2]int{p.B, p.A}] = dir{-s, i, hasCredit(in, p.A, credits[p.A])}
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
		if scores[[2]int{u, v}].score <= -1 {
			x--
		}
		return x
	}
	for _, p := range pairs {
		a, b := idx[p.A], idx[p.B]
		w[a][b] = weight(p.A, p.B, p.ContainmentB)
		w[b][a] = weight(p.B, p.A, p.ContainmentA)
	}
	// Among the members the evidence nearly ties, prefer the root from
	// which the family's text descends best: the heaviest arborescence.
	parent := arborescence(w, idx[f.Original])
	best := net[f.Original] + rootWeight*treeWeight(w, parent)
	for _, m := range f.Members {
		if m == f.Original || net[m] < net[f.Original]-rootMargin {
			continue
		}
		p := arborescence(w, idx[m])
		if x := net[m] + rootWeight*treeWeight(w, p); x > best {
			best, parent, f.Original = x, p, m
		}
	}
	for vi, ui := range parent {
		if ui < 0 {
			continue // the root, or not connected: left out
		}
		u, v := f.Members[ui], f.Members[vi]
		d := scores[[2]int{u, v}]
		p := pairs[d.pair]
		_, ev := direction(in, p.A, p.B, credits[p.A], credits[p.B], p.CoverageA, p.CoverageB, true)
		if len(ev) == 0 {
			ev = []string{"no evidence of direction: the order is arbitrary"}
		}
		f.Edges = append(f.Edges, Edge{
			From: u, To: v,
			Confidence: round(sigmoid(d.score)),
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

// The original is the member with the most net evidence, unless another
// within rootMargin of it gives a heavier arborescence: each unit of tree
// weight (containment) counts rootWeight units of log-odds.
const (
	rootMargin = 3.0
	rootWeight = 2.0
)

// treeWeight sums the weights of an arborescence's edges.
func treeWeight(w [][]float64, parent []int) float64 {
	sum := 0.0
	for v, u := range parent {
		if u >= 0 {
			sum += w[u][v]
		}
	}
	return sum
}

// inference is the state of one call of [Infer]: the documents, the
// alias table, and what it has learnt of texts and names.
type inference struct {
	docs    []Doc
	aliases *Aliases
	texts   map[int][]byte     // by document, loaded with Doc.Load
	named   map[mention]string // by document and name, see [mentions]
	keys    map[string]string  // by source name, see [Aliases.Key]
}

type mention struct {
	doc  int
	name string
}

func newInference(docs []Doc) *inference {
	return &inference{docs: docs, aliases: active.Load(),
		texts: map[int][]byte{}, named: map[mention]string{}, keys: map[string]string{}}
}

// same reports whether two source names name one outlet, as
// [Aliases.Same] does.
func (in *inference) same(x, y string) bool {
	kx, ky := in.key(x), in.key(y)
	return kx != "" && kx == ky
}

// key returns the key of a source name, once for each name.
func (in *inference) key(s string) string {
	k, ok := in.keys[s]
	if !ok {
		k = in.aliases.Key(s)
		in.keys[s] = k
	}
	return k
}

// text returns the text of document d, loading it if need be.
func (in *inference) text(d int) []byte {
	doc := &in.docs[d]
	if doc.Text != nil || doc.Load == nil {
		return doc.Text
	}
	t, ok := in.texts[d]
	if !ok {
		t = doc.Load()
		in.texts[d] = t
	}
	return t
}

// evidence returns the evidence of document d, scanning its text if it
// has none.
func (in *inference) evidence(d int) Evidence {
	if e := in.docs[d].Evidence; e != nil {
		return *e
	}
	return Scan(in.text(d))
}

// mentions returns mentions(text of d, name), once for each d and name.
func (in *inference) mentions(d int, name string) string {
	k := mention{d, name}
	n, ok := in.named[k]
	if !ok {
		n = mentions(in.text(d), in.aliases.Names(name))
		in.named[k] = n
	}
	return n
}

// datelineCredit reports whether the dateline name of member m is an
// outlet: another member's source, or a name another member uses in its
// text that m uses only in the dateline (an outlet names itself in its
// boilerplate; a place is named throughout a story). count is the
// number of times m's text holds the name, up to 2.
func datelineCredit(in *inference, members []int, m int, name string, count int) bool {
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

// arborescence returns the parent of each node in a maximum-weight
// spanning arborescence rooted at root (Chu-Liu/Edmonds), with -1 for the
// root and for nodes no edge reaches. w[u][v] is the weight of edge u -> v,
// -Inf where there is none.
func arborescence(w [][]float64, root int) []int {
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
	cp := arborescence(cw, id[root])
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

// hasCredit reports whether credits cs of document d hold one that is
// not d crediting itself.
func hasCredit(in *inference, d int, cs []Credit) bool {
	src := in.docs[d].Source
	for _, c := range cs {
		if c.Name == "" || src == "" || !in.same(c.Name, src) {
			return true
		}
	}
	return false
}

// direction weighs the evidence that document x is the source of
// document y: positive for x -> y, negative for y -> x. cx and cy are
// their credits, covX the share of x in shared passages. Unless
// describe, it returns the score only.
func direction(in *inference, x, y int, cx, cy []Credit, covX, covY float64, describe bool) (float64, []string) {
	var score float64
	var ev []string
	add := func(s float64, e string) {
		score += s
		if describe {
			ev = append(ev, e)
		}
	}
	if s, e := creditScore(in, y, x, cy, cx, describe); s > 0 {
		add(s, e)
	}
	if s, e := creditScore(in, x, y, cx, cy, describe); s > 0 {
		add(-s, e)
	}
	dx, dy := &in.docs[x], &in.docs[y]
	if !dx.Published.IsZero() || !dy.Published.IsZero() {
		add(dateScore(dx, dy, describe))
	}
	if d := covY - covX; math.Abs(d) >= 0.1 {
		w := weightContainment * math.Min(1, math.Abs(d)/0.4)
		small, big, cs, cb := dy, dx, covY, covX
		if d < 0 {
			w = -w
			small, big, cs, cb = dx, dy, covX, covY
		}
		if !describe {
			return score + w, nil
		}
		add(w, fmt.Sprintf("%.0f%% of %s lies in text shared with %s, but only %.0f%% of %s: %s looks cut from %s",
			100*cs, small.ID, big.ID, 100*cb, big.ID, small.ID, big.ID))
	}
	return score, ev
}

// creditScore weighs the credit lines of document cp as evidence that it
// came from document sr, returning the strongest and, if describe, its
// description. cc and cs are their credits.
func creditScore(in *inference, cp, sr int, cc, cs []Credit, describe bool) (float64, string) {
	copy, src := &in.docs[cp], &in.docs[sr]
	const (
		named     = iota // names src's source
		mentioned        // names an outlet src names
		unmatched        // names an outlet, src credits nobody
		unnamed          // names nobody, src credits nobody
	)
	best, desc := 0.0, ""
	for _, c := range cc {
		var w float64
		var kind int
		var n string // the name src uses, for mentioned
		switch {
		case c.Name != "" && copy.Source != "" && in.same(c.Name, copy.Source):
			continue // a site crediting itself
		case c.Name != "" && src.Source != "" && in.same(c.Name, src.Source):
			w, kind = weightNamedCredit, named
		case c.Name != "" && src.Source != "":
			continue // it credits a third outlet
		case c.Name != "" && len(cs) == 0:
			if n = in.mentions(sr, c.Name); n != "" {
				w, kind = weightMentionCredit, mentioned
			} else {
				w, kind = weightOtherCredit, unmatched
			}
		case c.Name == "" && len(cs) == 0:
			w, kind = weightOtherCredit, unnamed
		default:
			continue
		}
		if w <= best {
			continue
		}
		best = w
		if !describe {
			continue
		}
		switch kind {
		case named:
			desc = fmt.Sprintf("%s credits %s's source (%s): %q", copy.ID, src.ID, src.Source, c.Line)
		case mentioned:
			desc = fmt.Sprintf("%s credits %s, which %s names in its own text (%q): %q", copy.ID, c.Name, src.ID, n, c.Line)
		case unmatched:
			desc = fmt.Sprintf("%s credits %s and %s credits nobody: %q", copy.ID, c.Name, src.ID, c.Line)
		case unnamed:
			desc = fmt.Sprintf("%s has a reprint line and %s none: %q", copy.ID, src.ID, c.Line)
		}
	}
	return best, desc
}

// dateScore compares publication dates, at the precision both have.
// Unless describe, it returns the score only.
func dateScore(x, y *Doc, describe bool) (float64, string) {
	switch {
	case x.Published.IsZero() && y.Published.IsZero():
		return 0, ""
	case x.Published.IsZero() || y.Published.IsZero():
		if !describe {
			return 0, ""
		}
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
	var s float64
	switch {
	case a.Before(b):
		s = weightDate
	case b.Before(a):
		s = -weightDate
	}
	switch {
	case !describe:
		return s, ""
	case s > 0:
		return s, fmt.Sprintf("%s was published %s, before %s (%s)", x.ID, showDate(x), y.ID, showDate(y))
	case s < 0:
		return s, fmt.Sprintf("%s was published %s, before %s (%s)", y.ID, showDate(y), x.ID, showDate(x))
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
