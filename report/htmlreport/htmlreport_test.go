package htmlreport

import (
	"bytes"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/provenance-dev/provenance"
	"github.com/provenance-dev/provenance/report"
)

const (
	seedCopy     = "001_c70f748901129dd0.txt"
	seedOriginal = "003_4a810195dea697d2.txt"
	creditLine   = "This article was originally published by Radio Free Europe/Radio Liberty and is reprinted with permission."
)

var seeds struct {
	once sync.Once
	out  *report.Output
	err  error
}

// seedsOutput returns the report of the seeds, with texts. Callers may
// not change it.
func seedsOutput(t testing.TB) *report.Output {
	t.Helper()
	seeds.once.Do(func() {
		res, err := provenance.CompareFiles([]string{filepath.Join("..", "..", "testdata", "seeds")}, provenance.DefaultOptions())
		if err != nil {
			seeds.err = err
			return
		}
		seeds.out = report.BuildWith(res, report.JSONOptions{IncludeText: true})
	})
	if seeds.err != nil {
		t.Fatal(seeds.err)
	}
	return seeds.out
}

// cloneOutput copies an Output deeply enough to change its families.
func cloneOutput(o *report.Output) *report.Output {
	c := *o
	c.Families = slices.Clone(o.Families)
	for i := range c.Families {
		c.Families[i].Edges = slices.Clone(c.Families[i].Edges)
	}
	return &c
}

func docText(out *report.Output, id string) string {
	for _, d := range out.Documents {
		if d.ID == id {
			return d.Text
		}
	}
	return ""
}

// TestWrite_seeds checks the page of the seeds: the family of 003 and its
// copy 001 in the overview; its graph, an edge labelled with the
// confidence; the pair's two texts whole, each passage the text of the
// JSON's offsets, the credit line marked, cut and added text and changed
// words.
func TestWrite_seeds(t *testing.T) {
	out := seedsOutput(t)
	if len(out.Families) != 1 || out.Families[0].Original != seedOriginal {
		t.Fatalf("the seeds' families: %+v", out.Families)
	}
	fam := out.Families[0]
	page, doc := render(t, out, Options{Title: "Seeds"})
	if !strings.HasPrefix(page, "<!DOCTYPE html>") {
		t.Errorf("the page starts %q", page[:min(len(page), 40)])
	}
	row := one(t, doc, "li.fam of the family", byAttr("li", "data-id", fam.ID))
	if v, _ := attr(row, "data-attr"); v != "all" {
		t.Errorf("row data-attr %q, want all", v)
	}
	open := one(t, row, "a.open", byClass("a", "open"))
	if got := text(open); got != "Putin Tells Trump He Won’t Give Up Goals In Ukraine, Kremlin Says" {
		t.Errorf("the family is named %q", got)
	}
	if h, _ := attr(open, "href"); h != "#f="+fam.ID {
		t.Errorf("the family links to %q", h)
	}
	for _, id := range []string{seedOriginal, seedCopy, "American Military News", "credits its source", "61% of it from the source"} {
		if !strings.Contains(text(row), id) {
			t.Errorf("the family's row does not show %q", id)
		}
	}
	copyLink := one(t, row, "a.copy", byClass("a", "copy"))
	if h, _ := attr(copyLink, "href"); h != "#f="+fam.ID+"&p=0" {
		t.Errorf("the copy links to %q", h)
	}

	// The detail: the graph.
	tf := one(t, doc, "#tf-0", byID("tf-0"))
	svg := one(t, tf, "svg.lineage", byClass("svg", "lineage"))
	if nodes := all(svg, byClass("", "gnode")); len(nodes) != 2 {
		t.Errorf("%d nodes in the graph, want 2", len(nodes))
	}
	one(t, svg, "the original's node", byClass("g", "orig"))
	edge := one(t, svg, "path.gedge", byClass("path", "gedge"))
	if hasClass(edge, "unattr") {
		t.Errorf("the attributed edge is marked unattributed")
	}
	label := one(t, svg, "a.glabel", byClass("a", "glabel"))
	conf := fmt.Sprintf("%.2f", out.Families[0].Edges[0].Confidence)
	if got := text(one(t, label, "label text", func(n *html.Node) bool { return n.Data == "text" })); got != conf {
		t.Errorf("the edge is labelled %q, want the confidence %s", got, conf)
	}
	if h, _ := attr(label, "href"); h != "#f="+fam.ID+"&p=0" {
		t.Errorf("the edge links to %q", h)
	}
	ev := one(t, tf, "li.edge", byClass("li", "edge"))
	for _, e := range fam.Edges[0].Evidence {
		if !strings.Contains(text(ev), e) {
			t.Errorf("the evidence %q is not shown", e)
		}
	}

	// The pair: 003 (the match's b) on the left, 001 on the right.
	tp := one(t, doc, "#tp-0-0", byID("tp-0-0"))
	sides := map[string]*html.Node{}
	for _, s := range all(tp, byClass("div", "side")) {
		v, _ := attr(s, "data-side")
		sides[v] = one(t, s, "div.text", byClass("div", "text"))
	}
	src, cp := docText(out, seedOriginal), docText(out, seedCopy)
	if got := text(sides["a"]); got != src {
		t.Errorf("the source's side is not its text whole: %d bytes of %d", len(got), len(src))
	}
	if got := text(sides["b"]); got != cp {
		t.Errorf("the copy's side is not its text whole: %d bytes of %d", len(got), len(cp))
	}
	m := out.Matches[0]
	if m.A != seedCopy || m.B != seedOriginal {
		t.Fatalf("the match is %s-%s", m.A, m.B)
	}
	for i, p := range m.Passages {
		sel := func(n *html.Node) bool { v, _ := attr(n, "data-p"); return hasClass(n, "psg") && v == fmt.Sprint(i) }
		if got, want := text(one(t, sides["a"], "passage on the source's side", sel)), src[p.BStart:p.BEnd]; got != want {
			t.Errorf("passage %d on the source's side: %q, want %q", i, got, want)
		}
		if got, want := text(one(t, sides["b"], "passage on the copy's side", sel)), cp[p.AStart:p.AEnd]; got != want {
			t.Errorf("passage %d on the copy's side: %q, want %q", i, got, want)
		}
	}
	credit := one(t, sides["b"], "mark.credit", byClass("mark", "credit"))
	if got := strings.Join(strings.Fields(text(credit)), " "); got != creditLine {
		t.Errorf("the credit line marked is %q", got)
	}
	if len(all(sides["a"], byClass("del", "cut"))) == 0 || len(all(sides["b"], byClass("ins", "add"))) == 0 {
		t.Errorf("no cut or no added text")
	}
	if len(all(sides["a"], byClass("del", "add"))) != 0 || len(all(sides["b"], byClass("", "cut"))) != 0 {
		t.Errorf("added text on the source's side or cut text on the copy's")
	}
	chg := all(sides["a"], byClass("mark", "chg"))
	var words []string
	for _, c := range chg {
		words = append(words, text(c))
	}
	// 003: "told his US counterpart, Donald Trump, that Moscow would not
	// give up its objectives"; 001: "told US President Donald Trump in a
	// phone call that Moscow will not give up its goals".
	for _, w := range []string{"his", "counterpart", "would", "objectives"} {
		if !slices.Contains(words, w) {
			t.Errorf("%q is not marked changed on the source's side (marked: %q)", w, words[:min(len(words), 12)])
		}
	}
	for _, c := range chg {
		if c.Parent == nil || !hasClass(c.Parent, "psg") {
			t.Errorf("changed words %q outside a passage", text(c))
		}
	}
}

// TestWrite_unattributed checks that a copy that does not credit its
// source is marked: in the row, on the edge and on its node.
func TestWrite_unattributed(t *testing.T) {
	out := cloneOutput(seedsOutput(t))
	out.Families[0].Edges[0].Attributed = false
	_, doc := render(t, out, Options{})
	row := one(t, doc, "li.fam", byClass("li", "fam"))
	if v, _ := attr(row, "data-attr"); v != "none" {
		t.Errorf("row data-attr %q, want none", v)
	}
	if !strings.Contains(text(row), "does not credit its source") {
		t.Errorf("the row does not say the copy gives no credit")
	}
	tf := one(t, doc, "#tf-0", byID("tf-0"))
	edge := one(t, tf, "path.gedge", byClass("path", "gedge"))
	if !hasClass(edge, "unattr") {
		t.Errorf("the edge is not marked unattributed")
	}
	label := one(t, tf, "a.glabel", byClass("a", "glabel"))
	if got := text(label); !strings.Contains(got, fmt.Sprintf("%.2f · no credit", out.Families[0].Edges[0].Confidence)) || !hasClass(label, "unattr") {
		t.Errorf("the edge's label: %q", got)
	}
	node := one(t, tf, "a.gnode", byClass("a", "gnode"))
	if !hasClass(node, "unattr") || !strings.Contains(text(node), "no credit") {
		t.Errorf("the copy's node is not marked unattributed: %q", text(node))
	}
}

// synthetic returns an Output of n families, family i with 2+i%4
// members, dated one day apart, texts of sizes words, each copy the
// original with a word changed.
func synthetic(n, words int) *report.Output {
	out := &report.Output{Version: report.Version}
	base := time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		var b strings.Builder
		for w := 0; w < words; w++ {
			fmt.Fprintf(&b, "w%d_%d ", i, w)
		}
		orig := b.String()
		size := 2 + i%4
		var f report.Family
		for k := 0; k < size; k++ {
			id := fmt.Sprintf("fam%05d/doc%d.txt", i, k)
			text := orig
			if k > 0 {
				text = strings.Replace(orig, fmt.Sprintf("w%d_%d ", i, words/2), "changed ", 1)
			}
			out.Documents = append(out.Documents, report.Document{ID: id, Title: fmt.Sprintf("Story %d version %d", i, k),
				Source: fmt.Sprintf("Outlet %d", k), Published: base.Add(time.Duration(i*24+k) * time.Hour).Format(time.RFC3339),
				Words: words, Text: text})
			f.Members = append(f.Members, id)
			if k == 0 {
				f.Original = id
				continue
			}
			from := f.Original
			if k == 3 {
				from = f.Members[1] // a copy of a copy
			}
			f.Edges = append(f.Edges, report.Edge{From: from, To: id, Confidence: 0.8, Attributed: k%2 == 1,
				Evidence: []string{id + " is dated after " + from}})
			out.Matches = append(out.Matches, report.Match{A: from, B: id, Jaccard: 0.9, ContainmentA: 0.95, ContainmentB: 0.95,
				SharedWords: words - 1, Passages: []report.Passage{{AStart: 0, AEnd: len(orig) - 1, BStart: 0, BEnd: len(text) - 1, Words: words}}})
		}
		f.ID = report.FamilyID(f.Members)
		out.Families = append(out.Families, f)
	}
	return out
}

// TestWrite_order checks that families are sorted by size, then newest
// first, and that every family has a row and a detail.
func TestWrite_order(t *testing.T) {
	out := synthetic(12, 30)
	_, doc := render(t, out, Options{})
	rows := all(doc, byClass("li", "fam"))
	if len(rows) != 12 {
		t.Fatalf("%d rows, want 12", len(rows))
	}
	var got []string
	for _, r := range rows {
		i, _ := attr(r, "data-i")
		got = append(got, i)
		one(t, doc, "the family's detail", byID("tf-"+i))
	}
	// Sizes 5 (i=3,7,11), 4 (2,6,10), 3 (1,5,9), 2 (0,4,8); later i are
	// newer.
	want := strings.Fields("11 7 3 10 6 2 9 5 1 8 4 0")
	if !slices.Equal(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
	_, doc = render(t, out, Options{KeepOrder: true})
	if v, _ := attr(all(doc, byClass("li", "fam"))[0], "data-i"); v != "0" {
		t.Errorf("KeepOrder: first row %s", v)
	}
	// A copy of a copy: family 3's third copy comes from its first.
	tf := one(t, doc, "#tf-3", byID("tf-3"))
	if n := len(all(tf, byClass("path", "gedge"))); n != 4 {
		t.Errorf("family 3 has %d edges drawn, want 4", n)
	}
}

// TestWrite_daemon checks the daemon's overview: no texts, rows link to
// the families' pages, the paging links.
func TestWrite_daemon(t *testing.T) {
	out := cloneOutput(seedsOutput(t))
	out.Documents = slices.Clone(out.Documents)
	for i := range out.Documents {
		out.Documents[i].Text = ""
	}
	_, doc := render(t, out, Options{BaseLink: "./", Paging: &Paging{Page: 2, Pages: 3, Total: 401, Prev: "./?page=1", Next: "./?page=3"},
		Figures: []Figure{{"Queued", "7"}}})
	open := one(t, doc, "a.open", byClass("a", "open"))
	if h, _ := attr(open, "href"); h != "./families/"+out.Families[0].ID {
		t.Errorf("the family links to %q", h)
	}
	if len(all(doc, func(n *html.Node) bool { return n.Data == "template" })) != 0 {
		t.Errorf("templates without texts")
	}
	if n := len(all(doc, byAttr("a", "rel", "next"))); n != 2 {
		t.Errorf("%d next links, want 2", n)
	}
	figs := one(t, doc, "dl.figures", byClass("dl", "figures"))
	if text(figs) != "Queued7" {
		t.Errorf("figures: %q, want only the daemon's", text(figs))
	}

	// A family's page opens the family, and goes back to the overview.
	_, doc = render(t, seedsOutput(t), Options{BaseLink: "../", Open: out.Families[0].ID})
	body := one(t, doc, "body", func(n *html.Node) bool { return n.Data == "body" })
	if v, _ := attr(body, "data-open"); v != out.Families[0].ID {
		t.Errorf("data-open %q", v)
	}
	if v, _ := attr(body, "data-back"); v != "../" {
		t.Errorf("data-back %q", v)
	}
	one(t, doc, "the pair", byID("tp-0-0"))
}

// TestWrite_empty checks a run without families.
func TestWrite_empty(t *testing.T) {
	out := &report.Output{Version: 1, Documents: []report.Document{{ID: "a.txt", Words: 3}}}
	page, doc := render(t, out, Options{})
	if !strings.Contains(page, "No families") || len(all(doc, byClass("li", "fam"))) != 0 {
		t.Errorf("an empty run's page")
	}
	if !strings.Contains(text(one(t, doc, "details.loose", byClass("details", "loose"))), "a.txt") {
		t.Errorf("the document in no family is not listed")
	}
}

// TestWrite_large checks that a run of thousands of families renders in
// a reasonable time and size: rows and templates only.
func TestWrite_large(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	out := synthetic(3000, 200)
	start := time.Now()
	var b bytes.Buffer
	if err := Write(&b, out, Options{}); err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	t.Logf("3000 families, %d documents: %.1f MB in %v", len(out.Documents), float64(b.Len())/1e6, took)
	if took > 20*time.Second {
		t.Errorf("rendering took %v", took)
	}
	if n := strings.Count(b.String(), `<li class="fam"`); n != 3000 {
		t.Errorf("%d rows, want 3000", n)
	}
}

// TestCreditLines checks the credit line is read from the evidence as
// lineage quotes it.
func TestCreditLines(t *testing.T) {
	ev := []string{
		`a.txt credits X, which b.txt names in its own text ("X: Y"): "Originally published by \"X: Y\" here."`,
		`a.txt is dated 2025-07-03 12:27 UTC; b.txt has no date`,
		`a.txt has a reprint line and b.txt none: "Reprinted with permission…"`,
	}
	got := creditLines(ev)
	want := []string{`Originally published by "X: Y" here.`, "Reprinted with permission…"}
	if !slices.Equal(got, want) {
		t.Errorf("creditLines: %q, want %q", got, want)
	}
	text := "Body.\nReprinted\u00a0with   permission of nobody.\n"
	sp := creditSpans(text, ev[2:])
	if len(sp) != 1 || text[sp[0].start:sp[0].end] != "Reprinted\u00a0with   permission" {
		t.Errorf("creditSpans: %v", sp)
	}
}

// TestSegment checks a side's segments: overlapping and out-of-range
// passages, marks crossing segments.
func TestSegment(t *testing.T) {
	text := "0123456789abcdefghij"
	ps := []sidePsg{{p: 1, sp: span{12, 16}}, {p: 0, sp: span{2, 6}}, {p: 2, sp: span{4, 8}}}
	segs := segment(text, ps, []span{{3, 5}}, []span{{5, 14}}, "add")
	var got []string
	for _, s := range segs {
		var parts []string
		for _, p := range s.Parts {
			parts = append(parts, p.Text+"/"+p.Mark)
		}
		got = append(got, fmt.Sprintf("%s%d[%s]", s.Kind, s.P, strings.Join(parts, " ")))
	}
	want := []string{"add0[01/]", "psg0[2/ 34/chg 5/credit]", "psg2[67/credit]", "add0[89ab/credit]",
		"psg1[cd/credit ef/]", "add0[ghij/]"}
	if !slices.Equal(got, want) {
		t.Errorf("segments:\n got %q\nwant %q", got, want)
	}
	var all strings.Builder
	for _, s := range segs {
		for _, p := range s.Parts {
			all.WriteString(p.Text)
		}
	}
	if all.String() != text {
		t.Errorf("the segments hold %q", all.String())
	}
}

func TestFixSpan(t *testing.T) {
	text := "aé€b" // é and € are 2 and 3 bytes
	for _, c := range []struct {
		in   span
		want span
		ok   bool
	}{
		{span{0, 1}, span{0, 1}, true},
		{span{2, 4}, span{3, 6}, true},
		{span{-5, 100}, span{0, 7}, true},
		{span{5, 3}, span{6, 3}, false},
	} {
		got, ok := fixSpan(text, c.in)
		if got != c.want || ok != c.ok {
			t.Errorf("fixSpan(%v) = %v, %v; want %v, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}
