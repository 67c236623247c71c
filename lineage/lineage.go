// Package lineage implements direction and family trees for matched
// documents: which document of a family is the original, and from which
// document each copy came, with a confidence and the evidence in words.
//
// Evidence, strongest first: a canonical link in one document to the
// other's address; an attribution or reprint line in one document
// ("originally published by X", "reprinted with permission", "(Reuters) -",
// or a short line at its top or bottom naming the other's outlet in any
// words) that names the other's source; publication and revision times;
// and containment asymmetry (a trimmed copy lies almost wholly inside its
// original, while a revised or extended version also contains its
// predecessor, so this is the weakest, and within one outlet it is read the
// other way). Each is scored, the scores add up, and a logistic curve
// fitted on generated corpora turns the sum into a confidence. Unknown
// stays unknown: a missing date or source adds no evidence.
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
// globals: the alias table is a value ([InferWith]).
package lineage

import (
	"bytes"
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
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
	// PublishedMonth means only the month is known (PublishedDay is then
	// set too).
	PublishedMonth bool
	// Updated, zero when unknown, is when the text was last revised, as
	// the document says; UpdatedDay and UpdatedMonth are as PublishedDay
	// and PublishedMonth. Two versions of one article share a Published
	// time and differ here.
	Updated                  time.Time
	UpdatedDay, UpdatedMonth bool
	// URL is the document's own address and Canonical the address it
	// declares canonical (rel=canonical), when known. A copy that
	// declares another member's address canonical names its source.
	URL, Canonical string
	// Words is the length of the text in tokens, 0 when unknown. It
	// sizes a credit line against the text (see [Infer]).
	Words int
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
	// Lines are short lines at the top and bottom of the text that are
	// not credits by any pattern (see [edgeLines]). One that names
	// another member's outlet is a credit all the same: credit lines
	// come in more wordings than any list of patterns holds.
	Lines []string
}

// Scan returns the evidence of a document's text, for [Doc.Evidence].
func Scan(text []byte) Evidence {
	e := Evidence{Credits: FindCredits(text)}
	e.Lines = edgeLines(text, e.Credits)
	for i, c := range e.Credits {
		e.Credits[i].Line = runOn(text, c)
	}
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
	// Confidence is the probability that the direction is right (see
	// confidence): 0.5 with no evidence at all, at most 0.75 for a guess
	// from containment, below 0.5 where the tree goes against the
	// evidence.
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
	weightEdgeCredit    = 2.5  // a short line at the copy's top or bottom names the other's source
	weightDate          = 2.0  // published earlier
	weightContainment   = 0.75 // at most, for a trimmed copy
)

// Infer builds the lineage of one family: members (indexes into docs) and
// the derivation pairs among them, which must connect them. The original is
// the member with the most evidence of being a source. The parents of the
// others form the maximum spanning arborescence from the original (Chu-Liu
// and Edmonds), where an edge u -> v weighs the share of v's shingles found
// in u (less a credit line both carry in the same words), less 1 if the
// direction evidence says v came first (see [edgeWeight]): a copy keeps its
// parent's edits and adds its own, so it contains more of its parent than
// of its parent's source or of a sibling, and a copy of a copy points at
// the copy it came from. Arcs from the original weigh a margin more, and
// arcs from a copy whose outlet v names weigh another, so that a copy that
// holds no more of another copy than the original does descends from the
// original. Credits are matched to sources through the built-in alias
// table; [InferWith] takes one.
func Infer(docs []Doc, members []int, pairs []Pair) Family {
	return InferWith(builtin, docs, members, pairs)
}

// InferWith is [Infer] with credits matched to sources through the alias
// table a (nil: the built-in table).
func InferWith(a *Aliases, docs []Doc, members []int, pairs []Pair) Family {
	if a == nil {
		a = builtin
	}
	in := newInference(docs, a)
	f := Family{Members: slices.Clone(members)}
	slices.Sort(f.Members)
	n := len(f.Members)
	// at returns the position of document d in f.Members, -1 for none.
	at := func(d int) int32 {
		i, ok := slices.BinarySearch(f.Members, d)
		if !ok {
			return -1
		}
		return int32(i)
	}
	credits := make([][]Credit, n) // by position
	creditsAt := func(i int32) []Credit {
		if i < 0 {
			return nil
		}
		return credits[i]
	}
	dl := datelines{in: in, members: members}
	var named *familyNames
	for _, m := range members {
		e := in.evidence(m)
		i := at(m)
		for k, c := range e.Credits {
			if !c.Dateline || dl.credit(m, c.Name, e.NameCounts[k]) {
				if c.Name != "" && !c.Dateline {
					// A pattern ends a name at "on", "and", "with": where
					// a member's outlet has such a word in its name
					// ("Eye on the Bay"), the line names it whole.
					if named == nil {
						named = newFamilyNames(in, members)
					}
					if n := named.find(c.Line, docs[m].Source); len(n) > len(c.Name) && strings.HasPrefix(n, c.Name) {
						c.Name = n
					}
				}
				credits[i] = append(credits[i], c)
			}
		}
		for _, line := range e.Lines {
			if named == nil {
				named = newFamilyNames(in, members)
			}
			// A line the named outlet's own document carries too is its
			// masthead or tagline, copied with its text: not a credit.
			if name := named.find(line, docs[m].Source); name != "" && !named.carries(in.key(name), line) {
				credits[i] = append(credits[i], Credit{Line: line, Name: name, Edge: true})
			}
		}
	}
	// score[i] is the evidence that pairs[i].A is the source of
	// pairs[i].B, whose positions are ends[i]; net is the sum of each
	// member's evidence of being the source, by position.
	score := make([]float64, len(pairs))
	revision := make([]bool, len(pairs)) // whether a pair is one outlet's versions
	ends := make([][2]int32, len(pairs))
	net := make([]float64, n)
	for i, p := range pairs {
		a, b := at(p.A), at(p.B)
		ends[i] = [2]int32{a, b}
		// Its description is written only for the edges kept, below.
		s, _, _, r := direction(in, p.A, p.B, creditsAt(a), creditsAt(b), p.CoverageA, p.CoverageB, false)
		score[i], revision[i] = s, r
		if a >= 0 {
			net[a] += s
		}
		if b >= 0 {
			net[b] -= s
		}
	}

	o := 0 // the original's position
	for i := 1; i < n; i++ {
		if better(&docs[f.Members[i]], &docs[f.Members[o]], net[i], net[o]) {
			o = i
		}
	}

	// The arcs between positions, each tagged with its pair. A credit
	// line two members carry alike is text they share but not evidence
	// that one copied the other (outlets credit a source in the same
	// words): its share of the copy is taken off the arc's weight.
	lines := creditLines(credits)
	arcs := make([]arc, 0, 2*len(pairs))
	for i, p := range pairs {
		a, b := ends[i][0], ends[i][1]
		if a < 0 || b < 0 || a == b {
			continue
		}
		shared := sharedLine(lines[a], lines[b])
		wab := edgeWeight(p.ContainmentB-lineShare(shared, docs[p.B].Words), score[i], revision[i])
		wba := edgeWeight(p.ContainmentA-lineShare(shared, docs[p.A].Words), -score[i], revision[i])
		arcs = append(arcs, arc{from: a, to: b, w: wab, tag: int32(i)}, arc{from: b, to: a, w: wba, tag: int32(i)})
	}
	arcs = bySource(n, arcs)
	// Among the members the evidence nearly ties, prefer the root from
	// which the family's text descends best: the heaviest arborescence.
	o = chooseRoot(arcs, net, o)
	// A copy descends from another copy rather than from the original
	// only if it holds something of that copy the original lacks: the
	// copy's edits, its added text, its credit. Copies of one source share
	// the parts they all took; that makes them siblings, not parent and
	// child. So an arc from the original outweighs one from a copy that
	// holds no more of the child than the original does.
	// A copy that names a copy's outlet came from that copy or from a
	// copy of it: where no edit of a copy between them shows, the one it
	// names is its parent. (One that names the original's tells nothing
	// of which copy between: syndication credits the original.)
	// In a big family some copy shares a copy's layout (a title line, a
	// date's form) by chance, beyond what the original holds of it: the
	// margins grow with the log of the members past 10.
	g := familyGrowth(n)
	for i := range arcs {
		a := &arcs[i]
		switch {
		case a.from == int32(o):
			a.w += siblingMargin * g
		case creditsName(in, credits[a.to], docs[f.Members[a.from]].Source):
			a.w += creditMargin + siblingMargin*(g-1)
		}
	}
	tree := arborescence(n, arcs, o)
	f.Original = f.Members[o]

	for v, e := range tree {
		if e < 0 {
			continue // the root, or not connected: left out
		}
		a := arcs[e]
		i := a.tag
		p := pairs[i]
		s := score[i]
		if a.from != ends[i][0] {
			s = -s // the arc from B to A
		}
		_, ev, known, _ := direction(in, p.A, p.B, creditsAt(ends[i][0]), creditsAt(ends[i][1]), p.CoverageA, p.CoverageB, true)
		conf := confidence(s, known)
		if len(ev) == 0 {
			ev = []string{"no evidence of direction: the order is arbitrary"}
			conf = 0.5
		}
		to := f.Members[v]
		f.Edges = append(f.Edges, Edge{
			From: f.Members[a.from], To: to,
			Confidence: round(conf),
			Attributed: hasCredit(in, to, credits[v]),
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

// creditMargin is the share of a copy by which the containment of a copy
// in a member whose outlet it credits by name counts more.
const creditMargin = 0.05

// creditsName reports whether one of credits cs names the outlet name
// (none when name is empty).
func creditsName(in *inference, cs []Credit, name string) bool {
	for _, c := range cs {
		if c.Name != "" && in.same(c.Name, name) {
			return true
		}
	}
	return false
}

// siblingMargin is the share of a copy that another copy must hold beyond
// what the original holds of it to be taken as its parent, in a family of
// up to 10 members (see familyGrowth).
const siblingMargin = 0.02

// familyGrowth is the factor of the margins in a family of n members: 1
// up to 10 members, then 1 more for each tenfold (about 3 at 1,000). The
// most any of n copies holds of another by chance grows with n. Measured
// (parent accuracy, fixed margins -> growing): star 0.977 -> 0.999, wire
// 0.790 -> 0.863; families of 10 or fewer are as before.
func familyGrowth(n int) float64 {
	return max(1, 1+math.Log10(float64(n)/10))
}

// creditLines returns, by position, the members' credit lines in a form
// that compares equal for the same words, with their lengths in words.
func creditLines(credits [][]Credit) [][]creditLine {
	out := make([][]creditLine, len(credits))
	for i, cs := range credits {
		for _, c := range cs {
			words := strings.Fields(strings.ToLower(c.Line))
			if len(words) > 0 {
				out[i] = append(out[i], creditLine{strings.Join(words, " "), len(words)})
			}
		}
	}
	return out
}

// creditLine is a credit line, normalised, and its length in words.
type creditLine struct {
	text  string
	words int
}

// sharedLine returns the words of the longest credit line a and b both
// carry, 0 for none.
func sharedLine(a, b []creditLine) int {
	best := 0
	for _, x := range a {
		for _, y := range b {
			if x.text == y.text && x.words > best {
				best = x.words
			}
		}
	}
	return best
}

// lineShare returns the share of a text of total words that a line of
// words makes up, 0 when either is unknown.
func lineShare(words, total int) float64 {
	if words == 0 || total <= 0 {
		return 0
	}
	return math.Min(1, float64(words)/float64(total))
}

// edgeWeight is the weight of an edge u -> v: contain, the share of v's
// shingles found in u, less 1 if score, the evidence that u is the source
// of v, says v came first by 1.5 or more: a credit, or dates some five
// hours apart or more (see dateWeight). Dates minutes or an hour or two
// apart, which clocks and time zones get wrong, do not outweigh the
// containment that shows a copy's parent. Measured on the generator's
// modes (parent accuracy at -1, -1.5, -2): early 0.939, 0.959, 0.962;
// default 0.968, 0.971, 0.975.
//
// Between two versions of one outlet's text (revision), whatever says v
// came first takes the 1 off: the later version holds all of the
// earlier, so without it an arc from a later version into an earlier one
// would outweigh the arc from the version before.
func edgeWeight(contain, score float64, revision bool) float64 {
	if score <= -1.5 || revision && score < 0 {
		return contain - 1
	}
	return contain
}

// bySource returns arcs among n nodes ordered by source, then target, and
// otherwise in the order given, keeping only the last of arcs with the
// same source and target. It reuses the array of arcs.
//
// Of arcs of equal weight into a node, [arborescence] prefers the first:
// the one from the lowest position, as the dense algorithm it replaced
// did. Ties between arcs into contracted cycles that algorithm broke by
// its own numbering of the cycles, which this order follows only in
// part: there the trees can differ, though they weigh the same.
func bySource(n int, arcs []arc) []arc {
	count := make([]int32, n+1)
	tmp := make([]arc, len(arcs))
	// A stable counting sort by target into tmp, then by source back
	// into arcs.
	for _, a := range arcs {
		count[a.to+1]++
	}
	for v := range n {
		count[v+1] += count[v]
	}
	for _, a := range arcs {
		tmp[count[a.to]] = a
		count[a.to]++
	}
	clear(count)
	for _, a := range tmp {
		count[a.from+1]++
	}
	for v := range n {
		count[v+1] += count[v]
	}
	for _, a := range tmp {
		arcs[count[a.from]] = a
		count[a.from]++
	}
	out := arcs[:0]
	for i, a := range arcs {
		if i+1 < len(arcs) && arcs[i+1].from == a.from && arcs[i+1].to == a.to {
			continue
		}
		out = append(out, a)
	}
	return out
}

// chooseRoot returns the position of the original among the members,
// given the arcs between them, each member's net evidence, and o, the
// position of the member with the most: o, unless a member within
// rootMargin of the net evidence of the original chosen so far gives a
// heavier arborescence, by the sum of its net evidence and rootWeight
// times the tree's weight. The members are tried in order; one replaces
// the original chosen so far only if it does strictly better.
//
// One contraction of the whole family gives the weight of the heaviest
// arborescence from every member at once, to within rounding; where two
// are that close, the trees are read out and their weights summed as
// [treeWeight] does. When the arcs do not join every member to every
// other, it returns o.
func chooseRoot(arcs []arc, net []float64, o int) int {
	n := len(net)
	others := false // whether a member other than o is within rootMargin of it
	for r, x := range net {
		if r != o && !(x < net[o]-rootMargin) {
			others = true
			break
		}
	}
	if !others {
		return o
	}
	c := contract(n, arcs, -1)
	weights := c.rootWeights()
	if weights == nil {
		return o
	}
	// exact is the score of member r with its tree's weight summed arc by
	// arc.
	exact := func(r int) float64 { return net[r] + rootWeight*c.weightFrom(r) }
	best := net[o] + rootWeight*weights[o]
	bestExact, known := 0.0, false
	for r := range n {
		if r == o || net[r] < net[o]-rootMargin {
			continue
		}
		x := net[r] + rootWeight*weights[r]
		xExact, xKnown := 0.0, false
		// The weights of the contraction are sums of at most 2n keys of
		// a few units at most, each rounded at most n times: off by some
		// n*n units of 2^-52 at worst, less than this margin below
		// 100,000 members (5e-11 on BenchmarkInfer_big's 10,000).
		if math.Abs(x-best) <= 1e-9*(float64(n)+math.Abs(x)+math.Abs(best)) {
			if !known {
				bestExact, known = exact(o), true
			}
			xExact, xKnown = exact(r), true
			if !(xExact > bestExact) {
				continue
			}
		} else if !(x > best) {
			continue
		}
		o, best, bestExact, known = r, x, xExact, xKnown
	}
	return o
}

// treeWeight sums the weights of the arcs of an arborescence, tree[v]
// being the index in arcs of the arc into v, or -1.
func treeWeight(arcs []arc, tree []int32) float64 {
	sum := 0.0
	for _, e := range tree {
		if e >= 0 {
			sum += arcs[e].w
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
	scanned map[int]Evidence   // by document, for those with no Evidence
}

type mention struct {
	doc  int
	name string
}

func newInference(docs []Doc, a *Aliases) *inference {
	return &inference{docs: docs, aliases: a,
		texts: map[int][]byte{}, named: map[mention]string{}, keys: map[string]string{}, scanned: map[int]Evidence{}}
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
	// Scanned once: the members' credits and each pair's footers ask.
	e, ok := in.scanned[d]
	if !ok {
		e = Scan(in.text(d))
		in.scanned[d] = e
	}
	return e
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

// datelines tells, for the members of one family, whether a member's
// dateline names an outlet: another member's source, or a name another
// member uses in its text that the member uses only in the dateline (an
// outlet names itself in its boilerplate; a place is named throughout a
// story). It answers in time linear in the members for all the members
// of a family together, where looking through the members for each would
// take time quadratic in them, and reads no text that such a look would
// not.
type datelines struct {
	in      *inference
	members []int // in the order given to Infer
	// sources holds the keys of the members' sources, once one is asked.
	sources map[string]bool
	// looks are, by name, how far the members have been looked through
	// for one that uses it in its text.
	looks map[string]*look
}

// look is how far the members of a family have been looked through for
// those that use a name in their texts.
type look struct {
	next    int   // members[:next] have been looked at, but for skipped
	skipped int   // the position in members of one passed over, or -1
	found   []int // the members found to use the name, in their order
}

// credit reports whether the dateline name of member m is an outlet.
// count is the number of times m's text holds the name, up to 2.
func (d *datelines) credit(m int, name string, count int) bool {
	in := d.in
	if d.sources == nil {
		d.sources = make(map[string]bool)
		for _, n := range d.members {
			if s := in.docs[n].Source; s != "" {
				if k := in.key(s); k != "" {
					d.sources[k] = true
				}
			}
		}
	}
	// A member with that source is not m, whose source is another.
	if k := in.key(name); k != "" && d.sources[k] && !in.same(name, in.docs[m].Source) {
		return true
	}
	if count != 1 {
		return false
	}
	// Only now look in texts of members with no source, which may have to
	// be read, in the members' order, each once for each name.
	if d.looks == nil {
		d.looks = make(map[string]*look)
	}
	l := d.looks[name]
	if l == nil {
		l = &look{skipped: -1}
		d.looks[name] = l
	}
	for _, n := range l.found {
		if n != m {
			return true
		}
	}
	if l.skipped >= 0 && d.members[l.skipped] != m {
		n := d.members[l.skipped]
		l.skipped = -1
		if in.mentions(n, name) != "" {
			l.found = append(l.found, n)
			return true
		}
	}
	for l.next < len(d.members) {
		n := d.members[l.next]
		l.next++
		switch {
		case in.docs[n].Source != "":
		case n == m:
			if l.skipped < 0 {
				l.skipped = l.next - 1
			}
		case in.mentions(n, name) != "":
			l.found = append(l.found, n)
			return true
		}
	}
	return false
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
// describe, it returns the score only; with describe, also the evidence
// in words and whether a credit, a link or dates speak (known), or only
// containment, or nothing.
func direction(in *inference, x, y int, cx, cy []Credit, covX, covY float64, describe bool) (float64, []string, bool, bool) {
	var score float64
	var ev []string
	add := func(s float64, e string) {
		score += s
		if describe {
			ev = append(ev, e)
		}
	}
	known := false // whether a credit, link or date speaks
	if s, e := canonicalScore(in, y, x, describe); s > 0 {
		add(s, e)
		known = true
	} else if s, e := canonicalScore(in, x, y, describe); s > 0 {
		add(-s, e)
		known = true
	}
	if s, e := creditScore(in, y, x, cy, cx, describe); s > 0 {
		add(s, e)
		known = true
	}
	if s, e := creditScore(in, x, y, cx, cy, describe); s > 0 {
		add(-s, e)
		known = true
	}
	dx, dy := &in.docs[x], &in.docs[y]
	if dated(dx) || dated(dy) {
		s, e := dateScore(dx, dy, describe)
		if s != 0 {
			known = true
		}
		if e != "" {
			add(s, e)
		} else {
			score += s
		}
	}
	// One outlet's two versions of a text: a revision keeps the old text
	// and adds to it, so the longer is the later; a paragraph added to a
	// long text tells it, where a copy's trim must cut a tenth.
	d := covY - covX
	revision := false
	if math.Abs(d) >= minRevisionAsym {
		revision = dx.Source != "" && in.same(dx.Source, dy.Source) || sameArticle(dx, dy) || sameFooter(in, x, y)
	}
	if math.Abs(d) >= 0.1 || revision {
		w := weightContainment * math.Min(1, math.Abs(d)/0.4)
		small, big, cs, cb := dy, dx, covY, covX
		if d < 0 {
			w = -w
			small, big, cs, cb = dx, dy, covX, covY
		}
		if revision {
			w = -w
		}
		if !describe {
			return score + w, nil, known, revision
		}
		if revision {
			one := "both look like one outlet's"
			if dx.Source != "" {
				one = "both are " + dx.Source + "'s"
			}
			add(w, fmt.Sprintf("%.0f%% of %s lies in text shared with %s, but only %.0f%% of %s, and %s: %s looks like a revision of %s",
				100*cs, small.ID, big.ID, 100*cb, big.ID, one, big.ID, small.ID))
		} else {
			add(w, fmt.Sprintf("%.0f%% of %s lies in text shared with %s, but only %.0f%% of %s: %s looks cut from %s",
				100*cs, small.ID, big.ID, 100*cb, big.ID, small.ID, big.ID))
		}
	}
	if describe && !known && len(ev) > 0 {
		ev = append(ev, "no credit, link or date tells the order: the direction is a guess")
	}
	return score, ev, known, revision
}

// minRevisionAsym is the least difference of coverage that orders two
// versions of one outlet's text.
const minRevisionAsym = 0.03

// sameFooter reports whether documents x and y, of no known source, both
// carry a line at their top or bottom that reads like an outlet's own (a
// masthead or copyright line: four words or more, the first not in lower
// case, two of the others capitalised, numbers or ©): then they are
// likely one outlet's. A line of wrapped prose, which begins in lower
// case or names one thing, is not.
func sameFooter(in *inference, x, y int) bool {
	if in.docs[x].Source != "" || in.docs[y].Source != "" {
		return false
	}
	lx, ly := in.evidence(x).Lines, in.evidence(y).Lines
	for _, l := range lx {
		if !slices.Contains(ly, l) {
			continue
		}
		words := strings.Fields(l)
		if len(words) < 4 {
			continue
		}
		if r, _ := utf8.DecodeRuneInString(words[0]); unicode.IsLower(r) {
			continue
		}
		marked := 0
		for _, w := range words[1:] {
			r, _ := utf8.DecodeRuneInString(w)
			if unicode.IsUpper(r) || unicode.IsDigit(r) || r == '©' {
				marked++
			}
		}
		if marked >= 2 {
			return true
		}
	}
	return false
}

// sameArticle reports whether x and y look like versions of one article:
// published at the same minute, and revised at different times.
func sameArticle(x, y *Doc) bool {
	if x.Published.IsZero() || x.PublishedDay || y.PublishedDay || x.Updated.IsZero() || y.Updated.IsZero() {
		return false
	}
	d := x.Published.Sub(y.Published)
	return d > -time.Minute && d < time.Minute && !x.Updated.Equal(y.Updated)
}

// weightCanonical is the weight of a copy declaring the other's address
// canonical.
const weightCanonical = 4.0

// canonicalScore weighs the evidence that document cp came from document
// sr because cp declares sr's address as its canonical one, returning
// the weight and, if describe, its description.
func canonicalScore(in *inference, cp, sr int, describe bool) (float64, string) {
	c, s := &in.docs[cp], &in.docs[sr]
	link := normURL(c.Canonical)
	if link == "" || link == normURL(c.URL) {
		return 0, "" // it names itself, or its own address is unknown
	}
	if link != normURL(s.URL) && link != normURL(s.Canonical) {
		return 0, ""
	}
	if !describe {
		return weightCanonical, ""
	}
	return weightCanonical, fmt.Sprintf("%s declares %s's address canonical (%s)", c.ID, s.ID, c.Canonical)
}

// normURL returns an address without scheme, "www.", fragment and final
// slash, its host in lower case; "" for none.
func normURL(u string) string {
	u = strings.TrimSpace(u)
	if u == "" {
		return ""
	}
	if i := strings.Index(u, "://"); i >= 0 {
		u = u[i+3:]
	}
	if i := strings.IndexByte(u, '#'); i >= 0 {
		u = u[:i]
	}
	host, rest := u, ""
	if i := strings.IndexAny(u, "/?"); i >= 0 {
		host, rest = u[:i], u[i:]
	}
	host = strings.TrimPrefix(strings.ToLower(host), "www.")
	return strings.TrimSuffix(host+rest, "/")
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
			if c.Edge {
				w = weightEdgeCredit
			}
		case c.Name != "" && src.Source != "":
			continue // it credits a third outlet
		case c.Name != "":
			// src has no source: does it name the outlet in its own text
			// (a masthead, a sign-up line), not as a credit of its own?
			if n = in.mentions(sr, c.Name); n != "" && !creditsName(in, cs, c.Name) {
				w, kind = weightMentionCredit, mentioned
			} else if len(cs) == 0 {
				w, kind = weightOtherCredit, unmatched
			} else {
				continue
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

// dated reports whether a document has a known date.
func dated(d *Doc) bool { return !d.Published.IsZero() || !d.Updated.IsZero() }

// dateScore compares dates: publication dates, at the precision both
// have, and where they tie or one is missing, the dates each text was
// last revised (its publication date when it gives none): two versions
// of one article share a publication date. Unless describe, it returns
// the score only.
func dateScore(x, y *Doc, describe bool) (float64, string) {
	s, tie := 0.0, false
	xt, xd, yt, yd := x.Published, precisionOf(x.PublishedDay, x.PublishedMonth), y.Published, precisionOf(y.PublishedDay, y.PublishedMonth)
	updated := false
	if !xt.IsZero() && !yt.IsZero() {
		s = compareTimes(xt, xd, yt, yd)
		tie = s == 0
	}
	if s == 0 && (!x.Updated.IsZero() || !y.Updated.IsZero()) {
		ut, ud, vt, vd := revised(x), precisionOf(x.UpdatedDay, x.UpdatedMonth), revised(y), precisionOf(y.UpdatedDay, y.UpdatedMonth)
		if x.Updated.IsZero() {
			ud = xd
		}
		if y.Updated.IsZero() {
			vd = yd
		}
		if !ut.IsZero() && !vt.IsZero() {
			if u := compareTimes(ut, ud, vt, vd); u != 0 {
				s, updated, tie = u, true, false
				xt, xd, yt, yd = ut, ud, vt, vd
				if sameArticle(x, y) {
					// One article's versions: one clock, whatever the gap.
					s = math.Copysign(weightDate, s)
				}
			} else {
				tie = true
			}
		}
	}
	if !describe {
		return s, ""
	}
	verb := "published"
	if updated {
		verb = "last revised"
	}
	switch {
	case s > 0:
		return s, fmt.Sprintf("%s was %s %s, before %s (%s)", x.ID, verb, showTime(xt, xd), y.ID, showTime(yt, yd))
	case s < 0:
		return s, fmt.Sprintf("%s was %s %s, before %s (%s)", y.ID, verb, showTime(yt, yd), x.ID, showTime(xt, xd))
	case tie:
		return 0, fmt.Sprintf("%s and %s carry the same date (%s)", x.ID, y.ID, showTime(xt, xd))
	}
	known, unknown := x, y
	if !dated(x) {
		known, unknown = y, x
	}
	return 0, fmt.Sprintf("%s is dated %s; %s has no date", known.ID, showDate(known), unknown.ID)
}

// revised returns when d's text was last revised, as far as it says: its
// Updated time, else its Published time.
func revised(d *Doc) time.Time {
	if !d.Updated.IsZero() {
		return d.Updated
	}
	return d.Published
}

// precision is how much of a date is known.
type precision uint8

const (
	precTime precision = iota
	precDay
	precMonth
)

func precisionOf(day, month bool) precision {
	switch {
	case month:
		return precMonth
	case day:
		return precDay
	}
	return precTime
}

// compareTimes returns weightDate if a is before b, -weightDate if after,
// 0 if they are the same at the coarser precision of the two (a minute
// when both know the time).
func compareTimes(a time.Time, ap precision, b time.Time, bp precision) float64 {
	switch max(ap, bp) {
	case precMonth:
		a = time.Date(a.Year(), a.Month(), 1, 0, 0, 0, 0, time.UTC)
		b = time.Date(b.Year(), b.Month(), 1, 0, 0, 0, 0, time.UTC)
	case precDay:
		a, b = a.Truncate(24*time.Hour), b.Truncate(24*time.Hour)
	default:
		if d := a.Sub(b); d > -time.Minute && d < time.Minute {
			a = b
		}
	}
	switch {
	case a.Before(b):
		return dateWeight(b.Sub(a))
	case b.Before(a):
		return -dateWeight(a.Sub(b))
	}
	return 0
}

// dateWeight is the weight of one date coming gap before another: the
// full weightDate from a day apart, less for less, down to 40% at a few
// minutes (clocks are wrong by minutes, time zones by hours, a copy made
// a day early seldom). It grows with the log of the gap.
func dateWeight(gap time.Duration) float64 {
	const lo = 0.4
	x := math.Log(max(1, gap.Minutes())) / math.Log(24*60)
	return weightDate * min(1, max(lo, x))
}

func showTime(t time.Time, p precision) string {
	switch p {
	case precMonth:
		return t.Format("2006-01")
	case precDay:
		return t.Format("2006-01-02")
	}
	return t.Format("2006-01-02 15:04 UTC")
}

func showDate(d *Doc) string {
	if d.Published.IsZero() {
		return showTime(d.Updated, precisionOf(d.UpdatedDay, d.UpdatedMonth))
	}
	return showTime(d.Published, precisionOf(d.PublishedDay, d.PublishedMonth))
}

func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// Calibration: an edge's confidence is the probability that it points the
// right way (its From an ancestor of its To), fitted by logistic
// regression on the edges found in generated corpora of every mode
// (provenance generate --mode; 13,371 edges, see README.md, Measuring
// accuracy), apart for edges a credit, link or date speaks for and for
// guesses from containment alone. Guesses are capped: the corpora hold
// few revised versions by other outlets, where containment points the
// wrong way.
const (
	calKnownSlope, calKnownBias = 0.99, 2.53
	calGuessSlope, calGuessBias = 2.875, 1.375
	maxGuess                    = 0.75
)

// confidence returns the confidence of an edge whose direction evidence
// sums to s; known says whether a credit, a link or a date speaks.
func confidence(s float64, known bool) float64 {
	if known {
		return sigmoid(calKnownSlope*s + calKnownBias)
	}
	return min(maxGuess, sigmoid(calGuessSlope*s+calGuessBias))
}

func round(x float64) float64 { return math.Round(x*1000) / 1000 }

// Edge lines: how many non-empty lines at each end of a text are kept
// (the top's first, a title or header, left out), and how long one may
// be.
const (
	edgeTop, edgeBottom = 5, 5
	edgeMaxWords        = 24
	edgeMaxBytes        = 220
)

// edgeLines returns the short lines near the top and bottom of text that
// are not among its credits' lines and may name an outlet ([mayName]):
// where credit lines and an outlet's own lines stand, whatever their
// wording.
func edgeLines(text []byte, credits []Credit) []string {
	// The non-empty lines, as slices of text: the first edgeTop+1, found
	// from the start, and the last edgeBottom after those, found from the
	// end back to the top ones' end. The lines between are not read.
	var top [edgeTop + 1][]byte
	var bottom [edgeBottom][]byte // last first
	n, nb := 0, 0                 // non-empty lines found at the top and bottom
	topEnd := 0                   // where the lines after the top ones start
	for line := range bytes.Lines(text) {
		topEnd += len(line)
		if t := bytes.TrimSpace(line); len(t) > 0 {
			top[n] = t
			if n++; n > edgeTop {
				break
			}
		}
	}
	for end := len(text); end > topEnd && nb < edgeBottom; {
		// The line that ends at end (with its newline, if any).
		start := topEnd + bytes.LastIndexByte(text[topEnd:end-1], '\n') + 1
		if t := bytes.TrimSpace(text[start:end]); len(t) > 0 {
			bottom[nb] = t
			nb++
		}
		end = start
	}
	var out []string
	keep := func(b []byte) {
		if len(b) > edgeMaxBytes {
			return
		}
		if !mayNameShort(b, edgeMaxWords) {
			return
		}
		l := string(b)
		for _, c := range credits {
			if c.Line == l || strings.HasPrefix(l, c.Line) {
				return
			}
		}
		if !slices.Contains(out, l) {
			out = append(out, l)
		}
	}
	for i := 1; i < n; i++ {
		keep(top[i])
	}
	for i := nb - 1; i >= 0; i-- {
		keep(bottom[i])
	}
	return out
}

// mayName reports whether line may name an outlet, or be an outlet's own
// line: it is short (8 words at most), or a word after its first starts
// with a capital, a digit or ©, or holds a dot (a web address), or it is
// written in a script without case. Lines of plain prose are not kept.
func mayName(line string) bool {
	return mayNameShort([]byte(line), math.MaxInt)
}

// mayNameShort reports whether line has at most max words (as
// strings.Fields splits them) and may name an outlet (see mayName), in
// one walk of its bytes.
func mayNameShort(line []byte, max int) bool {
	n := 0       // the words begun
	may := false // a rune shows the line may name (past 8 words, it must)
	start := -1  // where the current word starts; -1 between words
	for k := 0; k < len(line); {
		c := line[k]
		r, size, space := rune(c), 1, false
		if c < utf8.RuneSelf {
			space = asciiSpace[c]
		} else {
			r, size = utf8.DecodeRune(line[k:])
			space = unicode.IsSpace(r)
		}
		if space {
			start = -1
			k += size
			continue
		}
		if start < 0 {
			start = k
			if n++; n > max {
				return false
			}
		}
		if !may {
			first := k == start // the first rune of a word
			if c < utf8.RuneSelf {
				switch {
				case n > 1 && first && ('A' <= c && c <= 'Z' || '0' <= c && c <= '9'):
					may = true
				case n > 1 && c == '.' && !first && k+1 < len(line):
					may = !nextSpace(line, k+1) // a dot inside a word
				}
			} else {
				switch {
				case unicode.IsLetter(r) && !unicode.IsUpper(r) && !unicode.IsLower(r):
					may = true // a script without case
				case n > 1 && first && (unicode.IsUpper(r) || unicode.IsDigit(r) || r == '©'):
					may = true
				}
			}
		}
		k += size
	}
	return n <= 8 || may
}

// nextSpace reports whether the rune at byte k of b is a space
// (unicode.IsSpace).
func nextSpace(b []byte, k int) bool {
	if c := b[k]; c < utf8.RuneSelf {
		return asciiSpace[c]
	}
	r, _ := utf8.DecodeRune(b[k:])
	return unicode.IsSpace(r)
}

// asciiSpace tells the ASCII bytes unicode.IsSpace reports.
var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// familyNames finds the sources of a family's members named in a line.
type familyNames struct {
	in      *inference
	members []int
	keys    map[string]bool // the keys of the members' sources
	most    int             // the most words of a run tried as a name
	// names are the folded names of the members' sources, sorted: a run
	// of words whose first word, folded, begins none of them names none
	// ("eye" begins "eyeonthebay", the key of eyeonthebay.news, which
	// "Eye on the Bay" folds to).
	names []string
	first [256]bool       // the first bytes of names
	lines map[string]bool // key of a source, NUL, a line of a member of that source; made when asked
	acc   []byte          // find's scratch
	spans [][2]int        // find's scratch
	ends  []int           // find's scratch
}

// runKey is the key of a run of words (see inference.key), as a string
// or, made without one, as bytes.
type runKey struct {
	s     string
	b     []byte
	bytes bool
}

// keyOfRun returns the key of run, a run of words of a line whose fold
// (foldAppend) is folded. A run without a dot (no web address) keys as
// its fold does, which needs no string made.
func (f *familyNames) keyOfRun(run string, folded []byte) runKey {
	if strings.IndexByte(run, '.') >= 0 {
		return runKey{s: f.in.key(run)}
	}
	if canon, ok := f.in.aliases.keyOfFold(folded); ok {
		return runKey{s: canon}
	}
	return runKey{b: bytes.TrimPrefix(folded, []byte("the")), bytes: true}
}

// is reports whether the key is s.
func (k runKey) is(s string) bool {
	if k.bytes {
		return string(k.b) == s
	}
	return k.s == s
}

// in reports whether the key is not empty and among m's.
func (k runKey) in(m map[string]bool) bool {
	if k.bytes {
		return len(k.b) > 0 && m[string(k.b)]
	}
	return k.s != "" && m[k.s]
}

func newFamilyNames(in *inference, members []int) *familyNames {
	f := &familyNames{in: in, members: members, keys: map[string]bool{}}
	for _, m := range members {
		s := in.docs[m].Source
		if s == "" {
			continue
		}
		if k := in.key(s); k != "" && !f.keys[k] {
			f.keys[k] = true
			f.names = append(f.names, k)
			for _, n := range in.aliases.Names(s) {
				fn := fold(n)
				f.names = append(f.names, fn, strings.TrimPrefix(fn, "the"))
			}
		}
	}
	slices.Sort(f.names)
	f.names = slices.Compact(f.names)
	for _, n := range f.names {
		if n != "" {
			f.first[n[0]] = true
		}
	}
	// A web address's name folds from any number of words: "Eye on the
	// Bay" for eyeonthebay.news.
	f.most = 8
	return f
}

// begins reports whether a folded name of a member's source begins with
// w.
func (f *familyNames) begins(w []byte) bool {
	if len(w) == 0 || !f.first[w[0]] {
		return false
	}
	lo, hi := 0, len(f.names)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if f.names[m] < string(w) {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo < len(f.names) && len(f.names[lo]) >= len(w) && f.names[lo][:len(w)] == string(w)
}

// carries reports whether a member of the source keyed k has line among
// its lines.
func (f *familyNames) carries(k, line string) bool {
	if f.lines == nil {
		f.lines = map[string]bool{}
		for _, m := range f.members {
			if s := f.in.docs[m].Source; s != "" {
				if mk := f.in.key(s); mk != "" {
					for _, l := range f.in.evidence(m).Lines {
						f.lines[mk+"\x00"+l] = true
					}
				}
			}
		}
	}
	return f.lines[k+"\x00"+line]
}

func notWordRune(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }

// find returns the longest run of words of line that names a member's
// source other than own, or "".
func (f *familyNames) find(line, own string) string {
	if len(f.keys) == 0 {
		return ""
	}
	ownKey := ""
	if own != "" {
		ownKey = f.in.key(own)
	}
	// Word spans of the line.
	spans := f.spans[:0]
	defer func() { f.spans = spans }()
	start := -1
	for i := 0; i < len(line); {
		c, size, word := line[i], 1, false
		if c < utf8.RuneSelf {
			word = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
		} else {
			var r rune
			r, size = utf8.DecodeRuneInString(line[i:])
			word = !notWordRune(r)
		}
		if !word {
			if start >= 0 {
				spans = append(spans, [2]int{start, i})
				start = -1
			}
		} else if start < 0 {
			start = i
		}
		i += size
	}
	if start >= 0 {
		spans = append(spans, [2]int{start, len(line)})
	}
	best := ""
	ownEnd := 0 // the words before it are inside the own outlet's name
	for i := range spans {
		acc := foldAppend(f.acc[:0], line[spans[i][0]:spans[i][1]])
		f.acc = acc
		if !f.begins(acc) {
			continue
		}
		// ends[w] is where the fold of word i+w ends in acc.
		ends := append(f.ends[:0], len(acc))
		// The run from word i folds to the beginning of a name up to
		// word last; one word more may end a web address's name
		// ("ashfordreport.com").
		last := i + 1
		for j := i + 1; j < min(len(spans), i+f.most); j++ {
			acc = foldAppend(acc, line[spans[j][0]:spans[j][1]])
			ends = append(ends, len(acc))
			if !f.begins(acc) {
				break
			}
			last = j + 1
		}
		f.acc, f.ends = acc, ends
		top := min(len(spans), i+f.most, last+1)
		// run returns the key of words i to j-1.
		run := func(j int) runKey {
			return f.keyOfRun(line[spans[i][0]:spans[j-1][1]], acc[:ends[j-1-i]])
		}
		// The line's own outlet named from word i: no name begins inside
		// it ("Ashford News Network" in "Central Ashford News Network").
		// endsName below catches most such names too, but not in a
		// script without case (Urdu, Arabic).
		if ownKey != "" {
			for j := top; j > i; j-- {
				if run(j).is(ownKey) {
					ownEnd = max(ownEnd, j)
					break
				}
			}
		}
		if i < ownEnd || i > 1 && endsName(line[spans[i-1][0]:spans[i-1][1]]) {
			// Inside the own outlet's name, or the end of a longer one
			// ("Ironwood Observer" in "Sign up for Central Ironwood
			// Observer's newsletter").
			continue
		}
		for j := top; j > i; j-- {
			name := line[spans[i][0]:spans[j-1][1]]
			if len(name) <= len(best) {
				break
			}
			if k := run(j); k.in(f.keys) && !k.is(ownKey) {
				best = name
				break
			}
		}
	}
	return best
}

// runOn returns the line of credit c, and the next line of text if c's
// name runs to the end of its line and text goes on in the next: a hard
// line break may cut an outlet's name ("... published by Crescent News &"
// / "Views and is ..."), which [Infer] reads whole from the two.
func runOn(text []byte, c Credit) string {
	if c.Name == "" || c.Dateline || !strings.HasSuffix(c.Line, c.Name) {
		return c.Line
	}
	i := bytes.Index(text, []byte(c.Line))
	if i < 0 {
		return c.Line
	}
	rest := text[i+len(c.Line):]
	rest = bytes.TrimLeft(rest, " \t\r")
	if len(rest) == 0 || rest[0] != '\n' {
		return c.Line
	}
	next := rest[1:]
	if j := bytes.IndexByte(next, '\n'); j >= 0 {
		next = next[:j]
	}
	next = bytes.TrimSpace(next)
	if len(next) == 0 || len(c.Line)+1+len(next) > 300 {
		return c.Line
	}
	return c.Line + " " + string(next)
}

// endsName reports whether a name after word w, not the first of its
// line, would be the end of a longer name: w is capitalised, and not
// "The", which a name's key leaves out.
func endsName(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r) && !strings.EqualFold(w, "the")
}
