package report

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/provenance-dev/provenance"
	"github.com/provenance-dev/provenance/cluster"
	"github.com/provenance-dev/provenance/document"
)

// TextOptions choose how the text report is laid out. The zero value
// wraps nothing and shows the main view.
type TextOptions struct {
	// Width is the column lines are wrapped at; 0 does not wrap. A word
	// longer than a line (a long file name) is not broken.
	Width int
	// Verbose adds, for every copy and every pair that shares passages,
	// the similarity figures (Jaccard similarity, the share of each
	// document in the other) and every shared passage with its byte
	// offsets; the families' IDs; and every document in no family, where
	// the main view names the first noFamilyShown.
	Verbose bool
	// Summary, when set, says on the first lines what was skipped and
	// passed over.
	Summary *Summary
}

// The main view's limits.
const (
	// excerptChars is about how much of a shared passage is quoted.
	excerptChars = 100
	// noFamilyShown is how many documents in no family are named.
	noFamilyShown = 30
)

// WriteText writes the report for people, wrapped at 80 columns: see
// [WriteTextWith].
func WriteText(w io.Writer, res *provenance.Result) error {
	return WriteTextWith(w, res, TextOptions{Width: 80})
}

// WriteTextWith writes a report for people to read at a glance: a line of
// counts; then each family as a tree, its original at the top and each
// copy under the document it was copied from, lettered A, B, C... in tree
// order, with its source, date and title, how sure the direction is,
// whether it credits a source, how much of it is in its parent with a
// quotation of the longest shared passage, and the reasons in words;
// then pairs that share passages without one being a copy of the other;
// then the documents in no family. File names, titles and all other text
// from the inputs are printed with their control characters escaped (see
// document.Printable), so that no input can move the cursor or split a
// line.
func WriteTextWith(w io.Writer, res *provenance.Result, opt TextOptions) error {
	t := &textReport{res: res, opt: opt, bw: bufio.NewWriter(w)}
	t.write()
	return t.bw.Flush()
}

type textReport struct {
	res *provenance.Result
	opt TextOptions
	bw  *bufio.Writer
}

// line writes one line, as it is.
func (t *textReport) line(s string) {
	t.bw.WriteString(strings.TrimRight(s, " "))
	t.bw.WriteByte('\n')
}

// para writes text wrapped at the width: the first line starts with
// first, the others with rest.
func (t *textReport) para(first, rest, text string) {
	for _, l := range wrap(text, t.opt.Width, first, rest) {
		t.line(l)
	}
}

func (t *textReport) write() {
	res := t.res
	inFamily := make([]bool, len(res.Docs))
	famDocs := 0
	for _, f := range res.Families {
		for _, m := range f.Members {
			inFamily[m] = true
		}
		famDocs += len(f.Members)
	}
	edgeMatch := map[[2]int]bool{}
	for _, f := range res.Families {
		for _, e := range f.Edges {
			edgeMatch[[2]int{min(e.From, e.To), max(e.From, e.To)}] = true
		}
	}
	familyOf := make([]int, len(res.Docs))
	for i := range familyOf {
		familyOf[i] = -1
	}
	for fi, f := range res.Families {
		for _, m := range f.Members {
			familyOf[m] = fi
		}
	}
	// Pairs along no edge: in the main view, those not both in one
	// family (whose tree says how they are related).
	var others []int
	for i, m := range res.Matches {
		if edgeMatch[[2]int{int(m.A), int(m.B)}] {
			continue
		}
		if !t.opt.Verbose && familyOf[m.A] >= 0 && familyOf[m.A] == familyOf[m.B] {
			continue
		}
		others = append(others, i)
	}
	alone := len(res.Docs) - famDocs

	head := plural(len(res.Docs), "document", "documents") + ": "
	if len(res.Families) == 0 {
		head += "no family of copies"
	} else {
		head += plural(len(res.Families), "family", "families") + " of copies (" + plural(famDocs, "document", "documents") + ")"
	}
	if len(others) > 0 {
		head += ", " + plural(len(others), "other pair", "other pairs") + " sharing passages"
	}
	if alone > 0 {
		head += "; " + plural(alone, "document", "documents") + " in no family"
	}
	head += "."
	t.para("", "", head)
	skipped, passed := len(res.Skipped), 0
	if s := t.opt.Summary; s != nil {
		skipped, passed = s.Skipped, s.PassedOver
	}
	var notes []string
	if skipped > 0 {
		notes = append(notes, plural(skipped, "input", "inputs")+" could not be used (named on standard error)")
	}
	if passed > 0 && t.opt.Verbose {
		notes = append(notes, plural(passed, "file", "files")+" in folders passed over (not text, or no documents)")
	}
	if len(notes) > 0 {
		t.para("", "", upperFirst(strings.Join(notes, "; "))+".")
	}
	for _, c := range res.Capped {
		label := "Note: "
		if c.Dropped {
			label = "Warning: "
		}
		t.para("", "", label+c.String()+".")
	}

	for fi := range res.Families {
		t.family(fi)
	}

	if len(others) > 0 {
		t.line("")
		t.para("", "", "Shared passages that make neither document a copy of the other:")
		for _, mi := range others {
			t.otherMatch(mi)
		}
	}

	if alone > 0 {
		t.line("")
		var names []string
		for i, d := range res.Docs {
			if !inFamily[i] {
				names = append(names, document.Printable(d.ID))
			}
		}
		text := fmt.Sprintf("In no family (%s): ", thousands(len(names)))
		if !t.opt.Verbose && len(names) > noFamilyShown {
			more := len(names) - noFamilyShown
			names = append(names[:noFamilyShown:noFamilyShown], fmt.Sprintf("and %s more (--verbose names them all)", thousands(more)))
		}
		t.para("", "  ", text+strings.Join(names, ", ")+".")
	}
}

// node is one member of a family tree.
type node struct {
	doc      int
	label    string
	edge     *edgeInfo // nil for the original
	children []*node
}

type edgeInfo struct {
	from       int
	confidence float64
	attributed bool
	evidence   []string
}

// family writes family fi as a tree.
func (t *textReport) family(fi int) {
	res := t.res
	f := &res.Families[fi]
	parent := map[int]edgeInfo{}
	unattributed := 0
	for _, e := range f.Edges {
		parent[e.To] = edgeInfo{from: e.From, confidence: e.Confidence, attributed: e.Attributed, evidence: e.Evidence}
		if !e.Attributed {
			unattributed++
		}
	}
	nodes := map[int]*node{}
	for _, m := range f.Members {
		nodes[m] = &node{doc: m}
	}
	for _, m := range f.Members {
		if e, ok := parent[m]; ok && nodes[e.from] != nil {
			n := nodes[m]
			n.edge = &e
			nodes[e.from].children = append(nodes[e.from].children, n)
		}
	}
	// Copies under a document in order of publication (undated last),
	// then of ID.
	for _, n := range nodes {
		slices.SortFunc(n.children, func(a, b *node) int {
			da, db := res.Docs[a.doc], res.Docs[b.doc]
			if c := cmp.Compare(boolInt(da.Published.IsZero()), boolInt(db.Published.IsZero())); c != 0 {
				return c
			}
			if c := da.Published.Compare(db.Published); c != 0 {
				return c
			}
			return strings.Compare(da.ID, db.ID)
		})
	}
	root := nodes[f.Original]
	var order []*node
	var walk func(n *node)
	walk = func(n *node) {
		n.label = letters(len(order))
		order = append(order, n)
		for _, c := range n.children {
			walk(c)
		}
	}
	walk(root)

	t.line("")
	head := fmt.Sprintf("Family %d: %s", fi+1, plural(len(f.Members), "document", "documents"))
	copies := len(f.Members) - 1
	head += ", " + plural(copies, "copy", "copies")
	switch {
	case copies > 0 && unattributed == copies:
		head += ", none credited"
	case unattributed > 0:
		head += fmt.Sprintf(", %d not credited", unattributed)
	}
	if len(order) < len(f.Members) {
		// Members the edges do not reach (there should be none).
		head += fmt.Sprintf(" (%d not in the tree)", len(f.Members)-len(order))
	}
	if t.opt.Verbose {
		head += " [" + FamilyID(t.memberIDs(f.Members)) + "]"
	}
	t.line(head)
	labels := map[int]string{}
	for _, n := range order {
		labels[n.doc] = n.label
	}
	t.node(root, "  ", "  ", labels)
}

func (t *textReport) memberIDs(members []int) []string {
	ids := make([]string, len(members))
	for i, m := range members {
		ids[i] = t.res.Docs[m].ID
	}
	return ids
}

// node writes n and its subtree: head starts n's first line, tail the
// lines below it.
func (t *textReport) node(n *node, head, tail string, labels map[int]string) {
	res := t.res
	d := res.Docs[n.doc]
	title := n.label + "  " + document.Printable(d.ID) + "  "
	if n.edge == nil {
		title += "original"
	} else {
		credit := "not credited"
		if n.edge.attributed {
			credit = "credited"
		}
		title += fmt.Sprintf("copy of %s, %s, %.0f%% sure", labels[n.edge.from], credit, 100*n.edge.confidence)
	}
	// Details hang under the label, with the tree's line going on down
	// to the children.
	down := "   "
	if len(n.children) > 0 {
		down = "│  "
	}
	t.para(head, tail+down+strings.Repeat(" ", len(n.label)+2), title)
	pre := tail + down
	if meta := describe(d); meta != "" {
		t.para(pre, pre, meta)
	}
	if n.edge != nil {
		t.edgeDetails(n, pre, labels)
	}
	for i, c := range n.children {
		if i == len(n.children)-1 {
			t.node(c, tail+"└─ ", tail+"   ", labels)
		} else {
			t.node(c, tail+"├─ ", tail+"│  ", labels)
		}
	}
}

// edgeDetails writes what the copy n shares with its parent and why it
// is taken for a copy.
func (t *textReport) edgeDetails(n *node, pre string, labels map[int]string) {
	res := t.res
	from := n.edge.from
	mi, ok := t.matchOf(from, n.doc)
	if ok {
		m := &res.Matches[mi]
		share := m.ContainmentA
		if int(m.B) == n.doc {
			share = m.ContainmentB
		}
		text := fmt.Sprintf("Shares %s in %s with %s (%.0f%% of its wording is %s's)",
			plural(m.SharedWords, "word", "words"), plural(len(m.Passages), "passage", "passages"), labels[from], 100*share, labels[from])
		if q := t.quote(mi, n.doc); q != "" {
			text += ", such as " + q
		}
		t.para(pre, pre, text)
	}
	if len(n.edge.evidence) > 0 {
		t.para(pre, pre, "Why:")
		for _, ev := range n.edge.evidence {
			ev = relabel(ev, map[string]string{res.Docs[n.doc].ID: labels[n.doc], res.Docs[from].ID: labels[from]})
			t.para(pre+"- ", pre+"  ", document.Printable(ev))
		}
	}
	if t.opt.Verbose && ok {
		t.figures(mi, n.doc, from, labels[n.doc], labels[from], pre)
	}
}

// matchOf finds the match between documents a and b.
func (t *textReport) matchOf(a, b int) (int, bool) {
	lo, hi := int32(min(a, b)), int32(max(a, b))
	i, ok := slices.BinarySearchFunc(t.res.Matches, [2]int32{lo, hi}, func(m cluster.Match, k [2]int32) int {
		return cmp.Or(cmp.Compare(m.A, k[0]), cmp.Compare(m.B, k[1]))
	})
	if ok {
		return i, true
	}
	for i, m := range t.res.Matches { // not in the documented order
		if m.A == lo && m.B == hi {
			return i, true
		}
	}
	return 0, false
}

// quote is the start of the longest passage of match mi, quoted, as
// document doc has it.
func (t *textReport) quote(mi, doc int) string {
	m := &t.res.Matches[mi]
	d := t.res.Docs[doc]
	best := -1
	for i, p := range m.Passages {
		if best < 0 || p.Words > m.Passages[best].Words {
			best = i
		}
	}
	if best < 0 || len(d.Text) == 0 {
		return ""
	}
	p := m.Passages[best]
	start, end := p.AStart, p.AEnd
	if int(m.B) == doc {
		start, end = p.BStart, p.BEnd
	}
	if start < 0 || end > len(d.Text) || start >= end {
		return ""
	}
	return "“" + excerpt(d.Text[start:end], excerptChars) + "”"
}

// figures writes the similarity figures and every passage of match mi,
// for the verbose view; x and y are its documents, labelled lx and ly.
func (t *textReport) figures(mi, x, y int, lx, ly, pre string) {
	m := &t.res.Matches[mi]
	cx, cy := m.ContainmentA, m.ContainmentB
	if int(m.A) != x {
		cx, cy = cy, cx
	}
	t.para(pre, pre, fmt.Sprintf("Jaccard similarity %.2f; %.0f%% of %s is in %s, %.0f%% of %s in %s.",
		m.Jaccard, 100*cx, lx, ly, 100*cy, ly, lx))
	t.passages(mi, x, lx, ly, pre)
}

// passages lists the passages of match mi with their byte offsets, x's
// first.
func (t *textReport) passages(mi, x int, lx, ly, pre string) {
	m := &t.res.Matches[mi]
	t.para(pre, pre, fmt.Sprintf("Shared passages (byte offsets in %s, then in %s):", lx, ly))
	xd := t.res.Docs[x]
	for _, p := range m.Passages {
		xs, xe, ys, ye := p.AStart, p.AEnd, p.BStart, p.BEnd
		if int(m.A) != x {
			xs, xe, ys, ye = ys, ye, xs, xe
		}
		kind := plural(p.Words, "word", "words")
		if p.Fuzzy {
			kind += " reworded"
		}
		text := fmt.Sprintf("%s, %d–%d, %d–%d", kind, xs, xe, ys, ye)
		if len(xd.Text) >= xe && xs < xe {
			text += ": “" + excerpt(xd.Text[xs:xe], 2*excerptChars) + "”"
		}
		t.para(pre+"- ", pre+"  ", text)
	}
}

// otherMatch writes a pair that shares passages outside any family tree.
func (t *textReport) otherMatch(mi int) {
	m := &t.res.Matches[mi]
	a, b := t.res.Docs[m.A], t.res.Docs[m.B]
	t.para("  ", "    ", fmt.Sprintf("%s and %s: %s in %s (%.0f%% of the first, %.0f%% of the second)",
		document.Printable(a.ID), document.Printable(b.ID), plural(m.SharedWords, "word", "words"),
		plural(len(m.Passages), "passage", "passages"), 100*m.ContainmentA, 100*m.ContainmentB))
	if q := t.quote(mi, int(m.A)); q != "" {
		t.para("    ", "    ", q)
	}
	if t.opt.Verbose {
		t.para("    ", "    ", fmt.Sprintf("Jaccard similarity %.2f.", m.Jaccard))
		t.passages(mi, int(m.A), "the first", "the second", "    ")
	}
}

// describe is a document's source, date and title, as far as known.
func describe(d *document.Document) string {
	var parts []string
	if d.Source != "" {
		parts = append(parts, document.Printable(d.Source))
	}
	if !d.Published.IsZero() {
		parts = append(parts, showDate(d.Published, d.PublishedDay))
	}
	if d.Title != "" {
		parts = append(parts, "“"+document.Printable(d.Title)+"”")
	}
	return strings.Join(parts, " · ")
}

// showDate writes a date as people do: "3 July 2025, 12:27 UTC", or the
// day alone when only the day is known.
func showDate(t time.Time, day bool) string {
	t = t.UTC()
	if day {
		return t.Format("2 January 2006")
	}
	return t.Format("2 January 2006, 15:04 UTC")
}

// excerpt returns about the first n characters of a passage on one line,
// cut at the end of a word, with an ellipsis when cut, and with control
// characters escaped.
func excerpt(b []byte, n int) string {
	s := strings.Join(strings.Fields(string(b)), " ")
	if utf8.RuneCountInString(s) <= n {
		return document.Printable(s)
	}
	cut := 0
	for i := range s {
		if utf8.RuneCountInString(s[:i]) > n {
			break
		}
		if s[i] == ' ' {
			cut = i
		}
	}
	if cut == 0 { // one long word: cut it at a character
		cut = len(s)
		for i := range s {
			if utf8.RuneCountInString(s[:i]) >= n {
				cut = i
				break
			}
		}
	}
	return document.Printable(strings.TrimRight(s[:cut], ",;:")) + "…"
}

// relabel replaces the document IDs in an evidence line with their
// letters, outside quoted text (the quotations the line carries are
// written as Go strings). Longer IDs are replaced first, so that an ID
// inside another is not.
func relabel(s string, ids map[string]string) string {
	keys := make([]string, 0, len(ids))
	for k := range ids {
		if k != "" {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b string) int { return cmp.Compare(len(b), len(a)) })
	var b strings.Builder
	inQuote := false
	for i := 0; i < len(s); {
		c := s[i]
		if inQuote {
			b.WriteByte(c)
			switch c {
			case '\\':
				if i+1 < len(s) {
					b.WriteByte(s[i+1])
					i++
				}
			case '"':
				inQuote = false
			}
			i++
			continue
		}
		if c == '"' {
			inQuote = true
			b.WriteByte(c)
			i++
			continue
		}
		replaced := false
		for _, k := range keys {
			if strings.HasPrefix(s[i:], k) && boundary(s, i, i+len(k)) {
				b.WriteString(ids[k])
				i += len(k)
				replaced = true
				break
			}
		}
		if !replaced {
			b.WriteByte(c)
			i++
		}
	}
	return b.String()
}

// boundary reports whether s[i:j] stands alone: not inside a longer run
// of letters, digits or file-name characters.
func boundary(s string, i, j int) bool {
	inName := func(c byte) bool {
		return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '/' || c >= 0x80
	}
	return (i == 0 || !inName(s[i-1])) && (j == len(s) || !inName(s[j]) && !(s[j] == '.' && j+1 < len(s) && inName(s[j+1])))
}

// wrap breaks text into lines of at most width characters (0: no
// limit), the first starting with first and the others with rest. Lines
// break at spaces (a run of spaces within a line is kept); a word longer
// than a line has a line of its own.
func wrap(text string, width int, first, rest string) []string {
	var lines []string
	cur := first
	n := utf8.RuneCountInString(cur)
	empty := true
	gap := 0 // spaces due before the next word
	for _, w := range strings.Split(text, " ") {
		if w == "" {
			if !empty {
				gap++
			}
			continue
		}
		wl := utf8.RuneCountInString(w)
		if !empty {
			gap++
			if width > 0 && n+gap+wl > width {
				lines = append(lines, cur)
				cur, n, gap = rest, utf8.RuneCountInString(rest), 0
			}
		}
		cur += strings.Repeat(" ", gap) + w
		n += gap + wl
		gap, empty = 0, false
	}
	return append(lines, cur)
}

// letters is the label of the i-th member of a tree: A to Z, then AA, AB...
func letters(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return s
}

// plural writes a count and the noun that goes with it: "1 match",
// "2 matches", "12,345 documents".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return thousands(n) + " " + many
}

// thousands writes n with commas between thousands from 10,000 on.
func thousands(n int) string {
	s := strconv.Itoa(n)
	if n < 10000 {
		return s
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

func upperFirst(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
