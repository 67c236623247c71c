package generate

import (
	"fmt"
	"strings"
	"testing"

	"github.com/provenance-dev/provenance/document"
)

// flat is text with its runs of white space made single spaces.
func flat(b []byte) string { return strings.Join(strings.Fields(string(b)), " ") }

// bodyIn reports whether the file of d holds each of its paragraphs.
func bodyIn(d *doc, file []byte) bool {
	f := flat(file)
	for _, p := range d.paras {
		if !strings.Contains(f, strings.Join(strings.Fields(strings.Join(p.sents, " ")), " ")) {
			return false
		}
	}
	return true
}

// TestMode_boilerplate: each about-block is 60 to 150 words and found
// verbatim in 3 or more unrelated documents of different outlets; an
// outlet's notice is in every document of the outlet; documents that
// carry an about-block are unrelated in the truth.
func TestMode_boilerplate(t *testing.T) {
	c, tr := modeCorpus(t, Config{Seed: 31, Families: 40, Unrelated: 80, QuoteGroups: 2, MaxCopies: 4, Mode: ModeBoilerplate})
	unrelated := map[string]bool{}
	for _, u := range tr.Unrelated {
		unrelated[u] = true
	}
	if len(c.det.notices) < 5 {
		t.Fatalf("%d about-blocks", len(c.det.notices))
	}
	carried := 0
	for _, n := range c.det.notices {
		if w := len(strings.Fields(n)); w < minNoticeWords || w > maxNoticeWords {
			t.Errorf("notice of %d words: %q", w, n)
		}
		outlets := map[string]bool{}
		docs := 0
		for _, d := range c.docs {
			if !strings.Contains(string(d.text), n) {
				continue
			}
			docs++
			outlets[d.outlet.name] = true
			if !unrelated[d.path] {
				t.Errorf("%s carries an about-block but is not unrelated", d.path)
			}
		}
		carried += docs
		if docs < 3 || len(outlets) != docs {
			t.Errorf("about-block in %d documents of %d outlets, want 3 or more of as many outlets", docs, len(outlets))
		}
	}
	share(t, "unrelated documents with an about-block", carried, 80, pPressNotice, 0.1)

	// Outlets' notices: in every document of the outlet.
	byOutlet := map[string][]*doc{}
	for _, d := range c.docs {
		byOutlet[d.outlet.slug] = append(byOutlet[d.outlet.slug], d)
	}
	shared := 0
	for _, o := range c.outlets {
		if len(o.bottom) == 0 || len(strings.Fields(o.bottom[0])) < minNoticeWords {
			continue
		}
		n := o.bottom[0]
		if w := len(strings.Fields(n)); w > maxNoticeWords {
			t.Errorf("outlet notice of %d words", w)
		}
		for _, d := range byOutlet[o.slug] {
			if !strings.Contains(string(d.text), n) {
				t.Errorf("%s lacks its outlet's notice", d.path)
			}
		}
		if len(byOutlet[o.slug]) >= 2 {
			shared++
		}
	}
	if shared == 0 {
		t.Error("no outlet notice is shared by two documents")
	}
}

// TestMode_short: short copies have 150 to 300 words of body, found in
// their files; most of their sentences are the original's, and some
// copies are reworded.
func TestMode_short(t *testing.T) {
	c, tr := modeCorpus(t, Config{Seed: 32, Families: 60, Unrelated: 10, MaxCopies: 4, Mode: ModeShort})
	edges := edgesByCopy(tr)
	reworded, lifted, total := 0, 0, 0
	for _, d := range copyDocs(c) {
		if w := paraWords(d.paras); w < minShortWords || w > maxShortWords {
			t.Errorf("%s: %d words", d.path, w)
		}
		if !bodyIn(d, d.text) {
			t.Errorf("%s: body not in the file", d.path)
		}
		if w := paraWords(d.parent.paras); w < 2*maxShortWords-50 {
			t.Errorf("%s: original of %d words", d.path, w)
		}
		orig := flat(d.parent.text)
		for _, p := range d.paras {
			for _, s := range p.sents {
				total++
				if strings.Contains(orig, s) {
					lifted++
				}
			}
		}
		if d.det.syn+d.det.reorder > 0 {
			reworded++
		}
		if e := edges[d.path]; e.From != d.parent.path || !strings.Contains(e.Why, "short copy") {
			t.Errorf("%s: edge %+v", d.path, e)
		}
	}
	if lifted*10 < total*7 {
		t.Errorf("%d of %d sentences lifted verbatim, want 70%% or more", lifted, total)
	}
	share(t, "reworded copies", reworded, len(copyDocs(c)), pReworded, 0.15)
}

// TestMode_wire: families of 3/4 to all of MaxCopies copies, each by
// another outlet, each crediting the original's outlet, identical to it
// or nearly; 3000 copies are made with numbered outlets.
func TestMode_wire(t *testing.T) {
	c, tr := modeCorpus(t, Config{Seed: 33, Families: 3, Unrelated: 5, MaxCopies: 200, Mode: ModeWire})
	for _, f := range tr.Families {
		if n := len(f.Members) - 1; n < 150 || n > 200 {
			t.Errorf("family of %d copies", n)
		}
	}
	for _, fam := range c.families {
		outlets := map[string]bool{}
		identical := 0
		for _, d := range fam {
			if outlets[d.outlet.name] {
				t.Errorf("%s: outlet %s twice in a family", d.path, d.outlet.name)
			}
			outlets[d.outlet.name] = true
			if d.kind != kindCopy {
				continue
			}
			if !strings.Contains(string(d.text), fam[0].outlet.name) || d.creditTo != fam[0] {
				t.Errorf("%s does not credit %s", d.path, fam[0].outlet.name)
			}
			if bodyIn(fam[0], d.text) {
				identical++
			}
		}
		share(t, "identical wire copies", identical, len(fam)-1, pWireIdentical, 0.12)
	}

	c, tr = modeCorpus(t, Config{Seed: 34, Families: 1, MaxCopies: 3000, Mode: ModeWire})
	if n := len(tr.Families[0].Edges); n < 2250 {
		t.Errorf("%d copies, want 2250 or more", n)
	}
	names := map[string]bool{}
	for _, d := range c.families[0] {
		names[d.outlet.name] = true
	}
	if len(names) != len(c.families[0]) {
		t.Errorf("%d outlets for %d documents", len(names), len(c.families[0]))
	}
	if err := (Config{Seed: 1, Families: 1, MaxCopies: 3001, Mode: ModeWire}).Validate(); err == nil {
		t.Error("3001 copies accepted")
	}
}

// TestMode_duplicates: a quarter of the family members have one or two pages
// by the same outlet with the same text in another layout, each a copy of
// the page it duplicates in the truth.
func TestMode_duplicates(t *testing.T) {
	c, tr := modeCorpus(t, Config{Seed: 35, Families: 150, Unrelated: 100, QuoteGroups: 5, MaxCopies: 4, Mode: ModeDuplicates})
	edges := edgesByCopy(tr)
	withPages := map[*doc]int{}
	pages := 0
	for _, d := range c.docs {
		if d.det.page == "" {
			continue
		}
		pages++
		m := d.parent
		withPages[m]++
		if d.outlet.slug != m.outlet.slug || d.outlet.name != m.outlet.name || d.title != m.title {
			t.Errorf("%s: outlet or title differ from %s", d.path, m.path)
		}
		if !bodyIn(m, d.text) || !bodyIn(d, m.text) {
			t.Errorf("%s and %s do not share their text", d.path, m.path)
		}
		if string(d.text) == string(m.text) {
			t.Errorf("%s: same file as %s", d.path, m.path)
		}
		if e := edges[d.path]; e.From != m.path || !strings.Contains(e.Why, fmt.Sprintf("%s page", d.det.page)) {
			t.Errorf("%s: edge %+v", d.path, e)
		}
	}
	share(t, "family members with other pages", len(withPages), len(c.docs)-pages-len(tr.Unrelated), pDuplicate, 0.07)
	for m, n := range withPages {
		if n > 2 {
			t.Errorf("%s has %d other pages", m.path, n)
		}
	}
}

// TestMode_series: every document carries the series' status notice and
// licence, each of 60 to 150 words, and its header names no source; the
// families are those of the default corpus of the same seed.
func TestMode_series(t *testing.T) {
	cfg := Config{Seed: 36, Families: 60, Unrelated: 40, QuoteGroups: 3, MaxCopies: 4, Mode: ModeSeries}
	c, tr := modeCorpus(t, cfg)
	for _, n := range []string{c.det.status, c.det.licence} {
		if w := len(strings.Fields(n)); w < minNoticeWords || w > maxNoticeWords {
			t.Errorf("notice of %d words: %q", w, n)
		}
	}
	named := 0
	for _, d := range c.docs {
		text := string(d.text)
		if !strings.Contains(text, c.det.status) || !strings.Contains(text, c.det.licence) {
			t.Errorf("%s lacks a notice of the series", d.path)
		}
		if strings.Index(text, c.det.status) > strings.Index(text, c.det.licence) {
			t.Errorf("%s: the licence comes before the status notice", d.path)
		}
		got, err := document.ParseText(d.text)
		if err != nil {
			t.Fatal(err)
		}
		if got.Source != "" {
			named++
		}
	}
	// A header the body confused falls back to the source-and-time one.
	if named > len(c.docs)/50 {
		t.Errorf("%d of %d documents name a source", named, len(c.docs))
	}
	cfg.Mode = ModeDefault
	_, def := modeCorpus(t, cfg)
	if len(tr.Families) != len(def.Families) {
		t.Fatalf("%d families, the default corpus %d", len(tr.Families), len(def.Families))
	}
	for i, f := range tr.Families {
		if len(f.Members) != len(def.Families[i].Members) {
			t.Errorf("family %d: %d members, the default corpus's %d", i, len(f.Members), len(def.Families[i].Members))
		}
	}
}

// TestMode_reworded: every copy rewords every sentence it took, and says
// so in its edge; few of its word 5-grams are its parent's (exact
// shingles find little) while most of its longer words are (a reworded
// copy keeps its content words). (Rewording the parent's sentences too,
// through a shared array, would keep the 5-grams.)
func TestMode_reworded(t *testing.T) {
	c, tr := modeCorpus(t, Config{Seed: 33, Families: 60, Unrelated: 10, MaxCopies: 4, Mode: ModeReworded})
	edges := edgesByCopy(tr)
	grams := func(s string) map[string]bool {
		w := strings.Fields(strings.ToLower(s))
		out := map[string]bool{}
		for i := 0; i+5 <= len(w); i++ {
			out[strings.Join(w[i:i+5], " ")] = true
		}
		return out
	}
	words := func(s string) map[string]bool {
		out := map[string]bool{}
		for _, w := range strings.Fields(strings.ToLower(s)) {
			if w = strings.Trim(w, ".,;:!?\"'()"); len(w) >= 4 {
				out[w] = true
			}
		}
		return out
	}
	var gramShare, wordShare float64
	n := 0
	for _, d := range copyDocs(c) {
		if d.edits.reworded == 0 || d.edits.reordered == 0 {
			t.Errorf("%s: reworded %d sentences, reordered %d", d.path, d.edits.reworded, d.edits.reordered)
		}
		if e := edges[d.path]; !strings.Contains(e.Why, "reworded every sentence") {
			t.Errorf("%s: edge %+v does not say it was reworded", d.path, e)
		}
		var body strings.Builder
		for _, p := range d.paras {
			if !p.local {
				body.WriteString(strings.Join(p.sents, " ") + " ")
			}
		}
		parent := ""
		for _, p := range d.parent.paras {
			parent += strings.Join(p.sents, " ") + " "
		}
		pg, pw := grams(parent), words(parent)
		cg, cw := grams(body.String()), words(body.String())
		in := func(set, of map[string]bool) float64 {
			k := 0
			for x := range set {
				if of[x] {
					k++
				}
			}
			return float64(k) / float64(max(len(set), 1))
		}
		gramShare += in(cg, pg)
		wordShare += in(cw, pw)
		n++
	}
	gramShare, wordShare = gramShare/float64(n), wordShare/float64(n)
	t.Logf("%d copies: mean share of word 5-grams in the parent %.3f, of words of 4 letters or more %.3f", n, gramShare, wordShare)
	if gramShare > 0.3 {
		t.Errorf("copies keep %.3f of their 5-grams from their parent, want at most 0.3", gramShare)
	}
	if wordShare < 0.6 {
		t.Errorf("copies keep %.3f of their longer words from their parent, want at least 0.6", wordShare)
	}
}
