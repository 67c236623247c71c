// Package htmlreport renders provenance's report as one self-contained
// HTML page: the run's figures, its families, each family's lineage drawn
// as a graph with the evidence for each edge, and each copy side by side
// with the document it came from, the shared passages highlighted.
//
// The page makes no network requests: its CSS and JavaScript are inline,
// there are no fonts or images, and a Content-Security-Policy (in a meta
// element) allows only those two blocks, by hash, so that even a failure
// of escaping could run nothing. All markup is made by html/template,
// which escapes every piece of document text and metadata. The page works
// opened from disk; its views are addressed by the URL's fragment
// (#f=FAMILY, #f=FAMILY&p=EDGE), so the back button and links work.
//
// # Large runs
//
// The overview rows, one a family, are rendered eagerly and are small;
// the browser skips laying out and painting those off screen
// (content-visibility: auto), and a family with many copies lists the
// first few in its row. Each family's detail (its graph and evidence) and
// each pair's side-by-side view (which holds both texts) are in <template>
// elements: the browser parses them into inert fragments that are neither
// laid out nor rendered, and the script instantiates one when it is
// opened. Thousands of families thus cost parse time, not layout time. The
// daemon serves pages of its families (see watch) and, on its overview,
// no texts: a family's page holds them.
//
// # Pairs
//
// A pair view shows the source (the edge's From) on the left and the copy
// on the right. Each aligned passage is one element on each side, in the
// same colour and numbered, and clicking one scrolls the other side to
// its counterpart. Text of the source outside every passage is marked as
// cut (<del>), text of the copy outside every passage as added (<ins>).
// Inside a passage the two sides' words are compared (a Myers diff over
// words, case and quotes folded), and the words of one side the other
// lacks are marked. The credit line an edge's evidence quotes is found in
// the copy's text and marked.
package htmlreport

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/provenance-dev/provenance/report"
)

// Options configure the page.
type Options struct {
	// Title is the page's title; empty means "provenance report".
	Title string
	// Summary gives the run's figures (files, documents read, skipped);
	// nil means the Output's own, if any.
	Summary *report.Summary
	// Figures, when set, are shown instead of the figures Write counts
	// from the Output and Summary: a page of a larger whole (the daemon's)
	// gives the whole's.
	Figures []Figure
	// BaseLink, when set, is the daemon's root as the page links to it
	// (such as "/" or "../"): each family's row links to its own page,
	// BaseLink+"families/"+ID, where the texts are, and Paging's links
	// are relative to it.
	BaseLink string
	// Paging, when set, says which page of the families this is.
	Paging *Paging
	// Open is the ID of a family to open when the page's address names
	// none.
	Open string
	// KeepOrder keeps the Output's order of families; otherwise they are
	// sorted by size, then by their latest publication date, newest
	// first.
	KeepOrder bool
}

// Figure is a figure shown at the top of the page.
type Figure struct {
	Label, Value string
}

// Paging says which page of the families a page shows.
type Paging struct {
	// Page counts from 1; Pages is the number of pages; Total the number
	// of families on all pages.
	Page, Pages, Total int
	// Prev and Next are the links to the pages before and after, if any.
	Prev, Next string
}

// overviewCopies is how many copies a family's row lists; its detail
// lists them all.
const overviewCopies = 6

// maxLoose is how many documents in no family the page lists.
const maxLoose = 500

//go:embed assets/page.html
var pageTemplate string

//go:embed assets/style.css
var styleCSS string

//go:embed assets/app.js
var appJS string

var tmpl = template.Must(template.New("page").Funcs(template.FuncMap{
	"pct": func(x float64) string { return strconv.Itoa(int(x*100+0.5)) + "%" },
}).Parse(pageTemplate))

// csp is the page's Content-Security-Policy: nothing but its own style
// and script, and the empty icon.
var csp = "default-src 'none'; script-src '" + hash(appJS) + "'; style-src '" + hash(styleCSS) +
	"'; img-src data:; base-uri 'none'; form-action 'none'"

func hash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
}

// ContentSecurityPolicy returns the policy the page declares, for a
// server to send as a header too.
func ContentSecurityPolicy() string { return csp }

// Write renders out as one HTML page. The documents should carry their
// Text (report.JSONOptions.IncludeText): a pair whose texts are missing
// has no side-by-side view.
func Write(w io.Writer, out *report.Output, opt Options) error {
	p := build(out, opt)
	var buf bytes.Buffer
	buf.Grow(1 << 16)
	if err := tmpl.Execute(&buf, p); err != nil {
		return fmt.Errorf("html report: %w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// The page's view model. Strings are as shown: html/template escapes
// them.
type pageView struct {
	Title      string
	CSP        string
	CSS        template.CSS
	JS         template.JS
	Figures    []Figure
	Skipped    string // the reasons inputs were skipped, in words
	Families   []*famView
	Sources    []sourceOpt
	Loose      []docView // documents in no family
	LooseMore  int
	Paging     *Paging
	Open       string
	HasDetail  bool
	Back       string // where a family's view goes back to
	NoFamilies bool
}

type sourceOpt struct {
	Name  string
	Count int
}

type docView struct {
	ID, Name, Title, Source, Author, URL, Path, Deleted string
	Published                                           string // as shown
	Words                                               int
}

type famView struct {
	I        int
	ID       string
	Href     string // opens the detail: in the page, or the family's page
	Size     int
	Original docView
	Copies   []*edgeView // all edges, in the family's order
	Shown    []*edgeView // the first overviewCopies
	More     int
	Attr     string // all, none or some copies credit their source; "" if there are none
	Credited int
	Q        string // what the search box searches, lower case
	Sources  string // JSON list
	Dates    string // the members' days, space-separated
	latest   time.Time
	Detail   bool
	Graph    graphView
}

type edgeView struct {
	F, I       int // the family's index, the edge's
	From, To   docView
	FromOrig   bool // From is the family's original
	Confidence string
	Attributed bool
	Evidence   []string
	Summary    string
	Href       string // the pair's view
	FamHref    string // the family's
	Match      *matchView
	Pair       *pairView
}

type matchView struct {
	Jaccard           string
	CopyIn, SourceIn  float64 // containment of the copy in the source, and back
	SharedWords, Psgs int
}

type pairView struct {
	Source, Copy sideView
	Passages     []passageNav
}

type passageNav struct {
	P, Label, Color, Words int
	Fuzzy                  bool
}

type sideView struct {
	Side string // a (source) or b (copy)
	Doc  docView
	Segs []seg
}

type seg struct {
	Kind  string // psg, cut or add
	P     int    // the passage's index in the match
	Label int
	Color int
	Fuzzy bool
	Parts []part
}

type part struct {
	Text string
	Mark string // "", chg, credit or "chg credit"
	sp   span   // of the text
}

type graphView struct {
	Width, Height string
	NodeW, NodeH  string
	ViewBox       string
	Nodes         []graphNode
	Edges         []graphEdge
}

type graphNode struct {
	X, Y, TX, TY1, TY2 string
	Name, Sub, Tip     string
	Original           bool
	Unattributed       bool
	Loose              bool // no edge reaches it
	Href               string
}

type graphEdge struct {
	Path       string
	LX, LY, LW string // the label's box
	CX, CY     string // the label's text
	Label      string
	Attributed bool
	Href       string
	Tip        string
}

// build makes the page's view model.
func build(out *report.Output, opt Options) *pageView {
	p := &pageView{Title: cmp.Or(opt.Title, "provenance report"), CSP: csp, CSS: template.CSS(styleCSS), JS: template.JS(appJS),
		Paging: opt.Paging, Open: clean(opt.Open), Back: "#"}
	if opt.BaseLink != "" && opt.Open != "" {
		p.Back = opt.BaseLink
	}
	docs := make(map[string]*report.Document, len(out.Documents))
	for i := range out.Documents {
		docs[out.Documents[i].ID] = &out.Documents[i]
	}
	matches := make(map[[2]string]*report.Match, len(out.Matches))
	for i := range out.Matches {
		m := &out.Matches[i]
		matches[[2]string{m.A, m.B}] = m
	}
	view := func(id string) docView {
		if d, ok := docs[id]; ok {
			return docOf(d)
		}
		return docView{ID: clean(id), Name: clean(id)}
	}

	sum := cmp.Or(opt.Summary, out.Summary)
	copies, credited := 0, 0
	inFamily := map[string]bool{}
	for _, f := range out.Families {
		for _, m := range f.Members {
			inFamily[m] = true
		}
		for _, e := range f.Edges {
			copies++
			if e.Attributed {
				credited++
			}
		}
	}
	if sum != nil {
		p.Figures = append(p.Figures, Figure{"Files", strconv.Itoa(sum.Files)},
			Figure{"Documents read", strconv.Itoa(sum.Documents)}, Figure{"Skipped", strconv.Itoa(sum.Skipped)})
		p.Skipped = reasons(sum.SkippedByReason)
	} else {
		p.Figures = append(p.Figures, Figure{"Documents", strconv.Itoa(len(out.Documents))})
	}
	p.Figures = append(p.Figures, Figure{"Matches", strconv.Itoa(len(out.Matches))},
		Figure{"Families", strconv.Itoa(len(out.Families))},
		Figure{"Copies", strconv.Itoa(copies)},
		Figure{"Credit their source", strconv.Itoa(credited)},
		Figure{"Do not", strconv.Itoa(copies - credited)})
	p.Figures = append(p.Figures, Figure{"In no family", strconv.Itoa(len(out.Documents) - len(inFamily))})
	if len(opt.Figures) > 0 {
		p.Figures, p.Skipped = opt.Figures, ""
	}

	sources := map[string]int{}
	for fi := range out.Families {
		f := &out.Families[fi]
		fv := &famView{I: fi, ID: clean(f.ID), Size: len(f.Members), Original: view(f.Original)}
		var q strings.Builder
		srcs := map[string]bool{}
		days := map[string]bool{}
		for _, id := range append([]string{f.ID}, f.Members...) {
			q.WriteString(strings.ToLower(clean(id)))
			q.WriteByte('\n')
			d, ok := docs[id]
			if !ok {
				continue
			}
			for _, s := range []string{d.Title, d.Source, d.Author, d.URL} {
				if s != "" {
					q.WriteString(strings.ToLower(clean(s)))
					q.WriteByte('\n')
				}
			}
			if d.Source != "" {
				srcs[clean(d.Source)] = true
			}
			if t, err := time.Parse(time.RFC3339, d.Published); err == nil {
				days[t.UTC().Format(time.DateOnly)] = true
				if t.After(fv.latest) {
					fv.latest = t
				}
			}
		}
		fv.Q = q.String()
		names := mapKeys(srcs)
		for _, n := range names {
			sources[n]++
		}
		js, _ := json.Marshal(names)
		fv.Sources = string(js)
		fv.Dates = strings.Join(mapKeys(days), " ")
		fv.Detail = opt.BaseLink == "" || hasText(docs, f)
		if fv.Detail {
			fv.Href = "#f=" + url.QueryEscape(fv.ID)
		} else {
			fv.Href = opt.BaseLink + "families/" + url.PathEscape(f.ID)
		}
		for ei, e := range f.Edges {
			ev := &edgeView{F: fi, I: ei, From: view(e.From), To: view(e.To), FromOrig: e.From == f.Original,
				Confidence: strconv.FormatFloat(e.Confidence, 'f', 2, 64), Attributed: e.Attributed,
				Evidence: cleanAll(e.Evidence)}
			if e.Attributed {
				fv.Credited++
			}
			ev.FamHref = fv.Href
			if fv.Detail {
				ev.Href = fv.Href + "&p=" + strconv.Itoa(ei)
			} else {
				ev.Href = fv.Href + "#p=" + strconv.Itoa(ei)
			}
			m, swap := matches[[2]string{e.From, e.To}], false
			if m == nil {
				m, swap = matches[[2]string{e.To, e.From}], true
			}
			if m != nil {
				mv := &matchView{Jaccard: strconv.FormatFloat(m.Jaccard, 'f', 2, 64), SharedWords: m.SharedWords, Psgs: len(m.Passages)}
				mv.SourceIn, mv.CopyIn = m.ContainmentA, m.ContainmentB
				if swap {
					mv.SourceIn, mv.CopyIn = mv.CopyIn, mv.SourceIn
				}
				ev.Match = mv
				src, cp := docs[e.From], docs[e.To]
				if fv.Detail && src != nil && cp != nil && src.Text != "" && cp.Text != "" {
					ev.Pair = buildPair(src, cp, m, swap, e.Evidence)
				}
			}
			ev.Summary = summary(ev)
			fv.Copies = append(fv.Copies, ev)
		}
		fv.Shown = fv.Copies[:min(len(fv.Copies), overviewCopies)]
		fv.More = len(fv.Copies) - len(fv.Shown)
		switch {
		case len(f.Edges) == 0:
			fv.Attr = "" // no copies: lineage makes none such
		case fv.Credited == len(f.Edges):
			fv.Attr = "all"
		case fv.Credited == 0:
			fv.Attr = "none"
		default:
			fv.Attr = "some"
		}
		fv.Graph = graphOf(f, fv)
		p.HasDetail = p.HasDetail || fv.Detail
		p.Families = append(p.Families, fv)
	}
	if !opt.KeepOrder {
		slices.SortStableFunc(p.Families, func(x, y *famView) int {
			return cmp.Or(cmp.Compare(y.Size, x.Size), y.latest.Compare(x.latest), strings.Compare(x.ID, y.ID))
		})
	}
	for _, n := range mapKeys(sources) {
		p.Sources = append(p.Sources, sourceOpt{Name: n, Count: sources[n]})
	}
	if opt.Paging == nil {
		for i := range out.Documents {
			if !inFamily[out.Documents[i].ID] {
				if len(p.Loose) == maxLoose {
					p.LooseMore++
					continue
				}
				p.Loose = append(p.Loose, docOf(&out.Documents[i]))
			}
		}
	}
	p.NoFamilies = len(p.Families) == 0
	return p
}

func hasText(docs map[string]*report.Document, f *report.Family) bool {
	for _, m := range f.Members {
		if d := docs[m]; d == nil || d.Text == "" {
			return false
		}
	}
	return true
}

// summary says what an edge means, in words.
func summary(e *edgeView) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s copied %s", e.To.Name, e.From.Name)
	if e.Attributed {
		b.WriteString(" and credits it.")
	} else {
		b.WriteString(" without crediting it.")
	}
	if m := e.Match; m != nil {
		fmt.Fprintf(&b, " %.0f%% of the copy is text found in the source, and %.0f%% of the source is in the copy (%d shared words in %d passages).",
			100*m.CopyIn, 100*m.SourceIn, m.SharedWords, m.Psgs)
	}
	fmt.Fprintf(&b, " Confidence in this direction: %s.", e.Confidence)
	return b.String()
}

func reasons(by map[string]int) string {
	var parts []string
	for _, k := range mapKeys(by) {
		parts = append(parts, fmt.Sprintf("%s %d", strings.ReplaceAll(k, "_", " "), by[k]))
	}
	return strings.Join(parts, ", ")
}

func mapKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// docOf returns a document's view, its metadata made printable.
func docOf(d *report.Document) docView {
	v := docView{ID: clean(d.ID), Title: clean(d.Title), Source: clean(d.Source), Author: clean(d.Author),
		URL: clean(d.URL), Path: clean(d.Path), Words: d.Words, Published: showDate(d.Published)}
	v.Name = cmp.Or(v.Title, v.ID)
	if d.Deleted != "" {
		v.Deleted = showDate(d.Deleted)
	}
	return v
}

// showDate shows an RFC 3339 time in UTC, without a midnight time (a
// date known to the day).
func showDate(s string) string {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return clean(s)
	}
	t = t.UTC()
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 {
		return t.Format(time.DateOnly)
	}
	return t.Format("2006-01-02 15:04 UTC")
}

// clean makes a string printable as it is shown: invalid UTF-8 becomes
// U+FFFD and control characters other than tab, line feed and carriage
// return their Unicode pictures (U+2400...), C1 controls U+FFFD. Its
// length in bytes changes only where it changes something.
func clean(s string) string {
	ok := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f || c == 0xc2 {
			ok = false
			break
		}
	}
	if ok && utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		switch {
		case r < 0x20 && r != '\t' && r != '\n' && r != '\r':
			b.WriteRune(0x2400 + r)
		case r == 0x7f:
			b.WriteRune(0x2421)
		case r >= 0x80 && r < 0xa0:
			b.WriteRune(0xFFFD)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func cleanAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = clean(s)
	}
	return out
}

// graphOf draws a family's lineage.
func graphOf(f *report.Family, fv *famView) graphView {
	l := layoutFamily(f)
	px := func(x float64) string { return strconv.FormatFloat(x, 'f', 1, 64) }
	g := graphView{Width: px(l.Width), Height: px(l.Height), ViewBox: "0 0 " + px(l.Width) + " " + px(l.Height),
		NodeW: px(nodeW), NodeH: px(nodeH)}
	docs := map[string]docView{fv.Original.ID: fv.Original}
	for _, e := range fv.Copies {
		docs[e.From.ID], docs[e.To.ID] = e.From, e.To
	}
	for _, n := range l.Nodes {
		d, ok := docs[clean(n.ID)]
		if !ok {
			d = docView{ID: clean(n.ID), Name: clean(n.ID)}
		}
		sub := cmp.Or(d.Source, d.Published)
		if d.Source != "" && d.Published != "" {
			sub += " · " + d.Published[:min(len(d.Published), 10)]
		}
		gn := graphNode{X: px(n.X), Y: px(n.Y), TX: px(n.X + 10), TY1: px(n.Y + 19), TY2: px(n.Y + 36),
			Name: shorten(d.Name, 20), Original: n.ID == f.Original, Loose: n.ID != f.Original && n.Edge < 0}
		sub = cmp.Or(sub, d.ID)
		tip := []string{d.ID}
		if d.Title != "" {
			tip = append(tip, d.Title)
		}
		if d.Source != "" {
			tip = append(tip, d.Source)
		}
		if d.Published != "" {
			tip = append(tip, d.Published)
		}
		switch {
		case gn.Original:
			tip = append(tip, "the original")
		case n.Edge >= 0:
			e := fv.Copies[n.Edge]
			gn.Unattributed = !e.Attributed
			gn.Href = e.Href
			if e.Attributed {
				tip = append(tip, "copy that credits its source")
			} else {
				tip = append(tip, "copy that does not credit its source")
			}
		}
		switch {
		case gn.Original:
			sub = "original · " + sub
		case gn.Unattributed:
			sub = "no credit · " + sub
		}
		gn.Sub = shorten(sub, 30)
		gn.Tip = strings.Join(tip, " — ")
		g.Nodes = append(g.Nodes, gn)
		if n.Parent >= 0 {
			par := l.Nodes[n.Parent]
			x1, y1 := par.X+nodeW/2, par.Y+nodeH
			x2, y2 := n.X+nodeW/2, n.Y
			my := (y1 + y2) / 2
			e := fv.Copies[n.Edge]
			label := e.Confidence
			if !e.Attributed {
				label += " · no credit"
			}
			lw := 10 + 7*float64(utf8.RuneCountInString(label))
			g.Edges = append(g.Edges, graphEdge{
				Path: fmt.Sprintf("M%s %sC%s %s %s %s %s %s", px(x1), px(y1), px(x1), px(my), px(x2), px(my), px(x2), px(y2)),
				LX:   px((x1+x2)/2 - lw/2), LY: px(my - 10), LW: px(lw), CX: px((x1 + x2) / 2), CY: px(my + 4),
				Label: label, Attributed: e.Attributed, Href: e.Href,
				Tip: fmt.Sprintf("%s → %s, confidence %s", e.From.ID, e.To.ID, e.Confidence)})
		}
	}
	return g
}

// shorten cuts s to n runes, with an ellipsis.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}
