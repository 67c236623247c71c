package generate

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/provenance-dev/provenance/internal/textgen"
)

// Modes of [Config.Mode] that make the cases a detector of shared text
// gets wrong easily: shared boilerplate, short derivatives, wire stories
// with thousands of copies and duplicate pages of one document.
const (
	ModeBoilerplate = "boilerplate"
	ModeShort       = "short"
	ModeWire        = "wire"
	ModeDuplicates  = "duplicates"
	ModeSeries      = "series"
	ModeReworded    = "reworded"
)

// Bounds of the detection modes.
const (
	maxWireCopies = 3000 // the limit of Config.MaxCopies in the wire mode

	minNoticeWords = 60
	maxNoticeWords = 150
	pPressNotice   = 0.6  // unrelated documents of the boilerplate mode that carry an about-block
	pOutletNotice  = 0.12 // outlets whose every document carries a notice

	minShortWords    = 150
	maxShortWords    = 300
	minShortOriginal = 600 // words of a short family's original, at least
	pReworded        = 0.5 // short copies that are reworded
	rewordRate       = 3   // the reworded mode replaces about 1 word in rewordRate (of 4 letters or more)
	pWireIdentical   = 0.6 // wire copies identical to the original but for the layout
	pDuplicate       = 0.25
	minWireDelay     = time.Minute
	maxWireDelay     = 12 * time.Hour
)

// detectInfo records how a document of a detection mode was made.
type detectInfo struct {
	notice string // the about-block (boilerplate mode), if any
	// short copies: sentences lifted from the original, of how many,
	// their words, and how many were reworded by substitution and by
	// reordering clauses.
	lifted, of, words, syn, reorder int
	short                           bool
	wire                            bool
	page                            string // "AMP" or "print" for a duplicate page
}

// detectState is the plan of the boilerplate mode: its about-blocks, and
// for each unrelated document the one it carries (-1 for none).
type detectState struct {
	notices  []string
	noticeOf []int
	used     []map[*outlet]bool
	// The series mode's status notice and licence.
	status, licence string
}

// detectSetup adds what the detection modes need once the outlets exist:
// more outlets, numbered, for the wire mode's big families; notices for
// the boilerplate mode.
func (c *corpus) detectSetup(total int) {
	cfg := c.cfg
	switch cfg.Mode {
	case ModeWire:
		r := newRand(cfg.Seed, streamNotices, 0)
		need := max(total/8, cfg.MaxCopies+8)
		base := len(c.outlets)
		for i := base; i < need; i++ {
			b := c.outlets[i%base]
			c.outlets = append(c.outlets, newOutlet(r, fmt.Sprintf("%s %d", b.name, 1+i/base)))
		}
	case ModeSeries:
		r := newRand(cfg.Seed, streamNotices, 0)
		tg := newGen(cfg.Seed, streamNotices, 0)
		name := seriesNames[r.IntN(len(seriesNames))]
		domain := slugify(name) + ".org"
		c.det.status = makeNotice(r, tg, noticeStatus, name, domain)
		c.det.licence = makeNotice(r, tg, noticeLicence, name, domain)
	case ModeBoilerplate:
		r := newRand(cfg.Seed, streamNotices, 0)
		tg := newGen(cfg.Seed, streamNotices, 0)
		// Notices of an outlet: every one of its documents carries it.
		for _, o := range c.outlets {
			if r.Float64() < pOutletNotice {
				kind := []int{noticeLicence, noticeStatus, noticeDisclaimer}[r.IntN(3)]
				o.bottom = append([]string{makeNotice(r, tg, kind, o.name, o.domain)}, o.bottom...)
			}
		}
		// About-blocks of companies, each carried by 3 to 8 unrelated
		// documents of different outlets.
		c.det.noticeOf = make([]int, cfg.Unrelated)
		for i := range c.det.noticeOf {
			c.det.noticeOf[i] = -1
		}
		order := r.Perm(cfg.Unrelated)
		carriers := int(float64(cfg.Unrelated) * pPressNotice)
		for i := 0; i+3 <= carriers; {
			k := min(3+r.IntN(6), carriers-i)
			n := len(c.det.notices)
			name := companyName(r)
			c.det.notices = append(c.det.notices, makeNotice(r, tg, noticeAbout, name, slugify(name)+".com"))
			c.det.used = append(c.det.used, map[*outlet]bool{})
			for _, u := range order[i : i+k] {
				c.det.noticeOf[u] = n
			}
			i += k
		}
	}
}

// noticeDoc makes unrelated document u of the boilerplate mode: as in
// the default mode, with its about-block, if any, at the bottom.
func (c *corpus) noticeDoc(r *rand.Rand, tg *textgen.Gen, src prose, u int) *doc {
	n := c.det.noticeOf[u]
	if n < 0 {
		return c.standalone(r, tg, src, kindUnrelated, nil, dateSometimes)
	}
	d := c.standalone(r, tg, src, kindUnrelated, c.det.used[n], dateSometimes)
	o := *d.outlet
	o.bottom = append([]string{c.det.notices[n]}, o.bottom...)
	d.outlet, d.det.notice = &o, c.det.notices[n]
	return d
}

// seriesNames name the publishing series of the series mode.
var seriesNames = []string{"The Harbor Papers", "Northfield Working Papers", "The Meridian Review Series", "Lantern Reports"}

// inSeries makes d a document of the series mode's series: a header that
// names no source (a dated one keeps its date), the series' status
// notice at the top and its licence at the bottom.
func (c *corpus) inSeries(d *doc) {
	switch d.style {
	case styleSourceDate:
		d.style = styleISODate
	case styleTitleSite:
		d.style, d.glue = styleTitle, false
	}
	d.dotSite = false
	o := *d.outlet
	o.top = append([]string{c.det.status}, o.top...)
	o.bottom = append(slices.Clone(o.bottom), c.det.licence)
	d.outlet = &o
}

// Kinds of notice.
const (
	noticeLicence = iota
	noticeStatus
	noticeAbout
	noticeDisclaimer
)

// noticeSentences are the sentences of each kind of notice; %[1]s is the
// name, %[2]s the domain. The first opens the notice.
var noticeSentences = [...][]string{
	noticeLicence: {
		"This work by %[1]s is licensed under a Creative Commons Attribution-NonCommercial-NoDerivatives 4.0 International License.",
		"You may copy and redistribute the material in any medium or format, provided that you give appropriate credit and provide a link to the licence.",
		"You may not use the material for commercial purposes without the prior written consent of %[1]s.",
		"If you remix, transform or build upon the material, you may not distribute the modified material.",
		"No additional restrictions may be applied that legally restrict others from doing anything the licence permits.",
		"Permissions beyond the scope of this licence may be available from the licensing desk at licensing@%[2]s.",
		"Photographs, graphics and other third-party material are excluded from this licence unless stated otherwise.",
	},
	noticeStatus: {
		"Status of this document: this section describes the status of this document at the time of its publication by %[1]s.",
		"Other documents may supersede this document, and a list of current publications can be found in the index at %[2]s.",
		"Publication as a working draft does not imply endorsement by the members of the editorial board.",
		"This is a draft document and may be updated, replaced or made obsolete by other documents at any time.",
		"It is inappropriate to cite this document as other than work in progress.",
		"Comments on this document are welcome and should be sent to the public mailing list of %[1]s.",
		"The disclosure obligations of participants are described in the policy published on the same site.",
	},
	noticeAbout: {
		"About %[1]s: founded more than twenty years ago, %[1]s is a leading provider of services to businesses and public institutions.",
		"The company employs more than four thousand people in offices across three continents and serves customers in over sixty countries.",
		"Its products help organisations manage their data, their supply chains and their relations with customers.",
		"%[1]s is listed on several stock exchanges and has been recognised for its commitment to sustainability.",
		"For more information about the company and its services, please visit %[2]s or follow it on social media.",
		"Media contact: the press office of %[1]s can be reached at press@%[2]s.",
		"Forward-looking statements in this release involve risks and uncertainties that could cause actual results to differ materially.",
	},
	noticeDisclaimer: {
		"Disclaimer: the views and opinions expressed in this article are those of the authors and do not necessarily reflect the official policy or position of %[1]s.",
		"Any content provided by our contributors is of their opinion and is not intended to malign any religion, group, club, organisation, company or individual.",
		"The information in this article is provided for general information only and does not constitute legal, financial or medical advice.",
		"%[1]s makes no representations as to the accuracy or completeness of any information on this site or found by following any link on this site.",
		"%[1]s will not be liable for any errors or omissions in this information nor for the availability of this information.",
		"Readers should seek professional advice before acting on any of the information published here.",
	},
}

// makeNotice returns a notice of the kind, of 60 to 150 words: the
// kind's opening sentence, others of the kind in a random order, and
// generated sentences if need be.
func makeNotice(r *rand.Rand, tg *textgen.Gen, kind int, name, domain string) string {
	target := minNoticeWords + r.IntN(maxNoticeWords-minNoticeWords+1)
	all := noticeSentences[kind]
	// A sentence without the name or the domain is taken as it is
	// (Sprintf would append its unused arguments).
	fill := func(s string) string {
		if !strings.Contains(s, "%[") {
			return s
		}
		return fmt.Sprintf(s, name, domain)
	}
	sents := []string{fill(all[0])}
	words := len(strings.Fields(sents[0]))
	for _, i := range r.Perm(len(all) - 1) {
		s := fill(all[1+i])
		if w := len(strings.Fields(s)); words+w <= target {
			sents, words = append(sents, s), words+w
		}
	}
	for words < minNoticeWords {
		n := min(20, max(6, minNoticeWords-words))
		sents, words = append(sents, tg.Sentence(n)), words+n
	}
	return strings.Join(sents, " ")
}

var (
	companyFirst = []string{"Northwind", "Bluepeak", "Ardent", "Solvane", "Keystone", "Meridian", "Halcyon", "Brightline", "Corvus", "Lumen", "Tessaract", "Orrin"}
	companyLast  = []string{"Holdings", "Systems", "Group", "Technologies", "Industries", "Partners", "Solutions", "Logistics", "Energy", "Analytics"}
)

func companyName(r *rand.Rand) string {
	return companyFirst[r.IntN(len(companyFirst))] + " " + partners[r.IntN(len(partners))] + " " + companyLast[r.IntN(len(companyLast))]
}

// shortFamily makes family f of the short mode: an original of 600 or
// more words and n short copies lifted from it.
func (c *corpus) shortFamily(r *rand.Rand, tg *textgen.Gen, src prose, f, n int) {
	used := map[*outlet]bool{}
	orig := c.standaloneWords(r, tg, src, kindOriginal, used, dateSometimes, minShortOriginal+r.IntN(maxArticleWords-minShortOriginal+1))
	orig.family = f
	fam := []*doc{orig}
	for range n {
		d := &doc{kind: kindCopy, family: f, group: -1, parent: orig, root: orig, outlet: c.pickOutlet(r, used)}
		d.det.short = true
		liftShort(r, tg, d, orig)
		if r.Float64() < pFreshTitle {
			d.title = newTitle(r, tg)
		} else {
			d.title, d.edits.variantTitle = variantTitle(r, tg, orig.title), true
		}
		dateAfter(r, d, orig)
		creditMixed(r, d, orig)
		layout(r, d)
		fam = append(fam, d)
	}
	c.families = append(c.families, fam)
	c.docs = append(c.docs, fam...)
}

// liftShort gives d 150 to 300 words of sentences of parent, from a
// random one on, skipping any that would take it over its length, and
// rewords a third of them in half the copies.
func liftShort(r *rand.Rand, tg *textgen.Gen, d, parent *doc) {
	var all []string
	for _, p := range parent.paras {
		all = append(all, p.sents...)
	}
	target := minShortWords + r.IntN(maxShortWords-minShortWords+1)
	start := r.IntN(max(1, len(all)/2))
	var sents []string
	words := 0
	for k := range all {
		if words >= target-20 {
			break
		}
		s := all[(start+k)%len(all)]
		if w := len(strings.Fields(s)); words+w <= target {
			sents, words = append(sents, s), words+w
		}
	}
	d.det.lifted, d.det.of = len(sents), len(all)
	if words < minShortWords { // very long sentences: add some of its own
		sents = append(sents, tg.Sentences(minShortWords-words)...)
		d.edits.local = true
		words = minShortWords
	}
	d.det.words = words
	if r.Float64() < pReworded {
		for i, s := range sents[:d.det.lifted] {
			if r.IntN(3) != 0 {
				continue
			}
			if r.IntN(2) == 0 {
				if t, ok := synonyms(r, tg, s); ok {
					sents[i] = t
					d.det.syn++
				}
			} else if t, ok := reorder(r, s); ok {
				sents[i] = t
				d.det.reorder++
			}
		}
	}
	for len(sents) > 0 {
		k := min(len(sents), 2+r.IntN(3))
		d.paras = append(d.paras, para{sents: sents[:k:k]})
		sents = sents[k:]
	}
	d.edits.kept, d.edits.of = len(d.paras), len(parent.paras)
}

// rewordAll rewords every sentence of d's paragraphs but those it added
// (the reworded mode): about one word in rewordRate of four letters or
// more replaced, as a synonym would be, and the clauses of half the
// sentences reordered, so that few runs of five words stay as they were
// while most content words do.
func rewordAll(r *rand.Rand, tg *textgen.Gen, d *doc) {
	for i := range d.paras {
		p := &d.paras[i]
		if p.local {
			continue
		}
		sents := p.sents // the cut gave the copy its own
		for j, s := range sents {
			if t, ok := synonymsAt(r, tg, s, rewordRate); ok {
				s = t
				d.edits.reworded++
			}
			if r.IntN(2) == 0 {
				if t, ok := reorder(r, s); ok {
					s = t
					d.edits.reordered++
				}
			}
			sents[j] = s
		}
	}
}

// synonyms replaces about one word in four of s, words of four letters or
// more, with words of internal/textgen's vocabulary.
func synonyms(r *rand.Rand, tg *textgen.Gen, s string) (string, bool) {
	return synonymsAt(r, tg, s, 4)
}

// synonymsAt is synonyms replacing about one word in n.
func synonymsAt(r *rand.Rand, tg *textgen.Gen, s string, n int) (string, bool) {
	toks := strings.Split(s, " ")
	changed := false
	for i, t := range toks {
		if len(t) < 4 || r.IntN(n) != 0 {
			continue
		}
		if nt, ok := replaceWord(t, tg.Word()); ok && nt != t {
			toks[i], changed = nt, true
		}
	}
	return strings.Join(toks, " "), changed
}

// reorder swaps the clauses of s around its first comma, or its two
// halves when it has none: "A, B." becomes "B, a." It keeps every word.
func reorder(r *rand.Rand, s string) (string, bool) {
	end := ""
	if n := len(s); n > 0 && strings.ContainsRune(".!?", rune(s[n-1])) {
		s, end = s[:n-1], s[n-1:]
	}
	var a, b string
	if i := strings.Index(s, ", "); i > 0 {
		a, b = s[:i], s[i+2:]
	} else {
		toks := strings.Fields(s)
		if len(toks) < 6 {
			return "", false
		}
		k := len(toks)/3 + r.IntN(len(toks)/3+1)
		a, b = strings.Join(toks[:k], " "), strings.Join(toks[k:], " ")
	}
	if a == "" || b == "" {
		return "", false
	}
	// Lower-case a's first letter unless it looks like a name ("I", an
	// acronym).
	if f := strings.Fields(a)[0]; len(f) > 1 && strings.ToUpper(f) != f {
		a = strings.ToLower(a[:1]) + a[1:]
	}
	return capitalize(b) + ", " + a + end, true
}

// wireFamily makes family f of the wire mode: an original and n copies of
// it, identical but for the layout or nearly so, each by another outlet,
// each crediting the original's.
func (c *corpus) wireFamily(r *rand.Rand, tg *textgen.Gen, src prose, f, n int) {
	used := map[*outlet]bool{}
	orig := c.standalone(r, tg, src, kindOriginal, used, dateAlways)
	orig.family = f
	fam := []*doc{orig}
	for range n {
		d := &doc{kind: kindCopy, family: f, group: -1, parent: orig, root: orig, outlet: c.pickOutlet(r, used)}
		d.det.wire = true
		for _, p := range orig.paras {
			d.paras = append(d.paras, para{sents: slices.Clone(p.sents)})
		}
		d.edits.kept, d.edits.of = len(d.paras), len(d.paras)
		d.title = orig.title
		if r.Float64() >= pWireIdentical {
			d.edits.rate = 150 + r.IntN(251)
			d.edits.substituted = substitute(r, tg, d.paras, d.edits.rate)
			if len(d.paras) > 2 && r.IntN(3) == 0 {
				d.paras = d.paras[:len(d.paras)-1]
				d.edits.kept--
			}
			if r.IntN(3) == 0 {
				d.title, d.edits.variantTitle = variantTitle(r, tg, orig.title), true
			}
		}
		d.when = orig.when.Add(logDelay(r, minWireDelay, maxWireDelay))
		d.dated = r.Float64() < 0.8
		pickCredit(r, d, orig, r.IntN(5) == 0, true)
		layout(r, d)
		fam = append(fam, d)
	}
	c.families = append(c.families, fam)
	c.docs = append(c.docs, fam...)
}

// addDuplicates gives a quarter of the members of fam one or two other
// pages by the same outlet (an AMP page, a print page): the same text,
// headline and credit in another layout. Each page is a copy of the one
// it duplicates, in its family. It returns fam with the pages.
func (c *corpus) addDuplicates(r *rand.Rand, fam []*doc) []*doc {
	for _, m := range slices.Clone(fam) {
		if r.Float64() < pDuplicate {
			fam = append(fam, duplicatePages(r, m)...)
		}
	}
	return fam
}

// duplicatePages returns one or two pages duplicating m.
func duplicatePages(r *rand.Rand, m *doc) []*doc {
	kinds := []string{"AMP", "print"}
	if r.IntN(2) == 0 {
		kinds[0], kinds[1] = kinds[1], kinds[0]
	}
	if r.IntN(3) != 0 {
		kinds = kinds[:1]
	}
	root := m.root
	if root == nil {
		root = m
	}
	var out []*doc
	for _, k := range kinds {
		d := &doc{kind: kindCopy, family: m.family, group: -1, parent: m, root: root, title: m.title}
		for _, p := range m.paras {
			d.paras = append(d.paras, para{sents: slices.Clone(p.sents)})
		}
		d.edits.kept, d.edits.of = len(d.paras), len(d.paras)
		d.credit, d.creditName, d.creditKind, d.creditTo = m.credit, m.creditName, m.creditKind, m.creditTo
		d.dateline, d.creditTop = m.dateline, m.creditTop
		d.det.page = k
		d.outlet = pageOutlet(m.outlet, k)
		d.when, d.dated = m.when.Add(logDelay(r, minWireDelay, maxWireDelay)), m.dated
		layout(r, d)
		if k == "AMP" {
			d.wrap, d.sep = 0, "\n\n"
		} else {
			d.wrap = 72
		}
		out = append(out, d)
	}
	return out
}

// creditMixed gives d, with probability 1-pUnattributed, a credit line
// naming root's outlet or nobody, half from CreditPhrasings and half from
// HeldBackPhrasings.
func creditMixed(r *rand.Rand, d, root *doc) {
	if r.Float64() >= pUnattributed {
		pickCredit(r, d, root, r.IntN(2) == 0, false)
	}
}

// pageOutlet is o with the boilerplate of its AMP or print pages.
func pageOutlet(o *outlet, kind string) *outlet {
	p := &outlet{name: o.name, short: o.short, domain: o.domain, slug: o.slug}
	if kind == "AMP" {
		p.top = []string{"Menu", "Share this article on social media"}
		p.bottom = []string{"Back to top", "View the full site at https://" + o.domain + "/", "Privacy policy · Terms of use · Contact us"}
		return p
	}
	p.top = []string{"Printer-friendly version of an article from " + o.domain}
	p.bottom = []string{"This article was printed from https://" + o.domain + "/. To order presentation-ready copies, contact the reprints desk."}
	return p
}

// detectWhy says how a copy of a detection mode was made, if it was made
// by one.
func (d *doc) detectWhy() (string, bool) {
	var parts []string
	switch {
	case d.det.page != "":
		parts = append(parts, fmt.Sprintf("%s is the %s page of %s, by the same outlet (%s): the same text in another layout; kept all %d paragraphs",
			d.path, d.det.page, d.parent.path, d.outlet.name, d.edits.of))
	case d.det.short:
		s := fmt.Sprintf("%s (%s) is a short copy of the original by %s: cut from sentences of it, lifted %d of its %d sentences (%d words)",
			d.path, d.outlet.name, d.parent.outlet.name, d.det.lifted, d.det.of, d.det.words)
		if d.det.syn+d.det.reorder > 0 {
			s += fmt.Sprintf(", reworded %d (words substituted in %d, clauses reordered in %d)", d.det.syn+d.det.reorder, d.det.syn, d.det.reorder)
		}
		if d.edits.local {
			s += ", and added sentences of its own"
		}
		parts = append(parts, s)
	case d.det.wire:
		s := fmt.Sprintf("%s (%s) is a wire copy of the original by %s", d.path, d.outlet.name, d.parent.outlet.name)
		switch {
		case d.edits.kept < d.edits.of:
			s += fmt.Sprintf(", cut from the start: kept paragraphs 1 to %d of %d", d.edits.kept, d.edits.of)
		default:
			s += fmt.Sprintf(", kept all %d paragraphs", d.edits.of)
		}
		if d.edits.substituted > 0 {
			s += fmt.Sprintf(", changed %d words (about 1 in %d)", d.edits.substituted, d.edits.rate)
		}
		if d.edits.variantTitle {
			s += ", changed words of the headline"
		}
		parts = append(parts, s)
	default:
		return "", false
	}
	parts = append(parts, d.datingWhy())
	if d.credit == "" {
		parts = append(parts, "gave no credit")
	} else {
		parts = append(parts, fmt.Sprintf("%s credit line: %q", d.creditKind, d.credit))
	}
	if d.wrap > 0 {
		parts = append(parts, "hard line breaks at "+strconv.Itoa(d.wrap)+" columns")
	}
	parts = append(parts, d.headerWhy())
	return strings.Join(parts, "; "), true
}

// detectNote is Truth.Note for the detection modes, without the note on
// quote groups.
func detectNote(mode string) string {
	switch mode {
	case ModeReworded:
		return "Made as the default corpus, but every copy rewords every sentence it took: about one word in " +
			fmt.Sprint(rewordRate) + " of four letters or more replaced by another (as a synonym would be), and the " +
			"clauses of half the sentences reordered. Few runs of five words stay as they were; most content words do."
	case ModeBoilerplate:
		return "Made as the default corpus, but some outlets carry a long notice (a licence, a status paragraph, a " +
			"disclaimer) on every document, and many unrelated documents of different outlets carry a company's " +
			"about-block (60 to 150 words). Documents that share only such a notice are unrelated. Credit lines are half in " +
			"trained phrasings, half in held-back ones."
	case ModeShort:
		return "Each family is an original of 600 or more words and short copies of it (150 to 300 words of its sentences, " +
			"from a random one on); half the copies reword a third of their sentences (words substituted or clauses reordered). " +
			"Credit lines are half in trained phrasings, half in held-back ones."
	case ModeWire:
		return "Each family is a wire story and hundreds or thousands of copies of it, each by another outlet (numbered when " +
			"the names run out), identical but for the layout or nearly so, each crediting the original's outlet."
	case ModeSeries:
		return "Made as the default corpus, but every document is of one publishing series and no header names a source " +
			"or a site: each document carries the series' status notice (60 to 150 words) at its top and its licence (as " +
			"long) at its bottom. Documents that share only the notices are unrelated. Credit lines are half in trained " +
			"phrasings, half in held-back ones."
	case ModeDuplicates:
		return "Made as the default corpus, but a quarter of family members have one or two other pages by the same outlet " +
			"(an AMP page, a print page: the same text in another layout); each such page is a copy of the page it " +
			"duplicates, in its family. Credit lines are half in trained phrasings, half in held-back ones."
	}
	return ""
}
