package generate

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/provenance-dev/provenance/internal/textgen"
)

// Modes of [Config.Mode]; see "Modes" in the package documentation.
const (
	ModeDefault     = ""
	ModeIndependent = "independent"
	ModeStar        = "star"
	ModeChain       = "chain"
	ModeVersions    = "versions"
	ModeEarly       = "early"
	ModeCuts        = "cuts"
)

// ModeInfo names a mode of [Config.Mode] and says in one line what it
// makes.
type ModeInfo struct {
	Name, Summary string
}

// Modes returns the modes other than the default, with a line each.
func Modes() []ModeInfo {
	return []ModeInfo{
		{ModeIndependent, "the default families, but dates, cuts, outlet names and credits chosen independently of the detector"},
		{ModeStar, "each original with 10 to --max-copies (at most 300) copies of it, no copies of copies"},
		{ModeChain, "each family a chain original -> c1 -> c2 ... of 2 to --max-copies copies, each crediting its parent's outlet"},
		{ModeVersions, "each family 2 to min(--max-copies, 5) versions of one outlet's story, each containing the one before"},
		{ModeEarly, "the default corpus, but every copy dated 1 minute to 3 hours before its parent"},
		{ModeCuts, "the default corpus, but copies cut from the middle or the end of their parent, never the start"},
		{ModeBoilerplate, "the default families, plus long notices (licences, disclaimers, about-blocks) shared by unrelated documents"},
		{ModeShort, "each original with 1 to --max-copies short copies (150 to 300 words) lifted from it, some reworded"},
		{ModeWire, "each original with 3/4 to all of --max-copies (at most 3000) near-identical copies, each by another outlet"},
		{ModeDuplicates, "the default corpus, plus AMP and print pages by the same outlet of a quarter of family members"},
		{ModeSeries, "the default corpus, every document of one series that names no source and carries its status notice and licence"},
		{ModeReworded, "the default corpus, but every copy rewords every sentence (1 word in 3 replaced, half the clauses reordered)"},
	}
}

func modeNames() []string {
	var out []string
	for _, m := range Modes() {
		out = append(out, fmt.Sprintf("%q", m.Name))
	}
	return append([]string{`""`}, out...)
}

func knownMode(m string) bool {
	return m == ModeDefault || slices.ContainsFunc(Modes(), func(i ModeInfo) bool { return i.Name == m })
}

// maxStarCopies is the limit of Config.MaxCopies in the star mode.
const maxStarCopies = 300

// anyNames reports whether the mode draws outlet names of any shape
// ([anyOutletName]) rather than those of the default corpus.
func anyNames(mode string) bool {
	switch mode {
	case ModeIndependent, ModeStar, ModeChain, ModeVersions:
		return true
	}
	return false
}

// familySize draws the number of copies (in the versions mode, of
// updates) of a family.
func familySize(plan *rand.Rand, cfg Config) int {
	switch cfg.Mode {
	case ModeStar:
		if cfg.MaxCopies <= minStarCopies {
			return cfg.MaxCopies
		}
		return minStarCopies + plan.IntN(cfg.MaxCopies-minStarCopies+1)
	case ModeChain:
		return 2 + plan.IntN(cfg.MaxCopies-1)
	case ModeWire:
		lo := max(1, cfg.MaxCopies*3/4)
		return lo + plan.IntN(cfg.MaxCopies-lo+1)
	case ModeVersions:
		// 2 to min(MaxCopies, 5) versions; at least 2.
		return 1 + plan.IntN(max(1, min(cfg.MaxCopies, maxVersions)-1))
	}
	return 1 + plan.IntN(cfg.MaxCopies)
}

// originalDating says whether the originals of the mode show their date.
func originalDating(mode string) dating {
	switch mode {
	case ModeEarly, ModeStar, ModeChain:
		return dateAlways
	}
	return dateSometimes
}

// Probabilities and bounds of the modes.
const (
	minStarCopies = 10
	maxVersions   = 5

	pUndatedIndependent = 0.25 // copies that show no date
	pBeforeIndependent  = 0.10 // dated copies dated before their parent
	pUndatedStar        = 0.10
	pUncreditedStar     = 0.10
	pUndatedChain       = 0.15
	pChainRewrite       = 0.5 // a chain's links make edits of their own
	pChainLocal         = 0.5
	minChainShare       = 800 // per mille of its parent a link keeps at least

	minEarly = time.Minute // how far before its parent a copy is dated
	maxEarly = 3 * time.Hour

	minUpdate      = 30 * time.Minute // how long after the last version an update comes
	maxUpdate      = 48 * time.Hour
	pCorrection    = 0.4 // an update corrects a sentence
	pDropPara      = 0.2 // an update drops a paragraph
	pRetitle       = 0.3 // an update changes words of the headline
	maxUpdateShare = 150 // per mille of the last version's words an update may change or drop
)

// stampLayout is the time of a "Published:" or "Updated:" line, which
// document.ParseText reads to the minute.
const stampLayout = "January 2, 2006 3:04 PM UTC"

// HeldBackPhrasings are credit lines in common real-world forms that are
// not in [CreditPhrasings], the phrasings lineage was written for; %s is
// the credited outlet's name, and one names nobody. The dateline form
// ("LONDON (%s) — ") goes before the first paragraph, and its city is
// drawn from a list; the others go at the top or the bottom of the text,
// where such lines are found. They are held back from the detector's
// tests, so that a corpus made with them measures how credits the
// detector was not written for are read.
var HeldBackPhrasings = []string{
	"Credit: %s",
	"Via %s",
	"Courtesy of %s.",
	"(c) %s. Used with permission.",
	"Originally appeared at %s.",
	"This content was produced by %s.",
	"Copyright %s. Distributed by Newsbridge Content Services.",
	"Story by %s",
	"-- %s",
	"First published on %s.",
	"LONDON (%s) — ",
	"%s contributed to this report.",
	"Published in partnership with %s.",
	"Read the original story at %s.",
	"Used with permission.",
}

// agencyDateline is the held-back dateline; its city is replaced.
const agencyDateline = "LONDON (%s) — "

var datelineCities = []string{
	"LONDON", "WASHINGTON", "NAIROBI", "KYIV", "BRUSSELS", "SYDNEY", "TORONTO", "MANILA", "LAGOS", "LIMA",
	"BERLIN", "NEW DELHI", "MEXICO CITY", "JOHANNESBURG", "CHICAGO", "SEOUL",
}

// Where a credit line goes.
type placement int

const (
	placeEither placement = iota
	placeTop
	placeBottom
	placeDateline
)

// heldBackPlace is where each held-back phrasing goes.
var heldBackPlace = map[string]placement{
	"Credit: %s":                       placeEither,
	"Via %s":                           placeTop,
	"Courtesy of %s.":                  placeBottom,
	"(c) %s. Used with permission.":    placeBottom,
	"Originally appeared at %s.":       placeBottom,
	"This content was produced by %s.": placeBottom,
	"Copyright %s. Distributed by Newsbridge Content Services.": placeBottom,
	"Story by %s":                       placeTop,
	"-- %s":                             placeBottom,
	"First published on %s.":            placeEither,
	agencyDateline:                      placeDateline,
	"%s contributed to this report.":    placeBottom,
	"Published in partnership with %s.": placeEither,
	"Read the original story at %s.":    placeBottom,
	"Used with permission.":             placeBottom,
}

// cutPos is where a copy's paragraphs were in its parent.
type cutPos int

const (
	fromStart cutPos = iota
	fromMiddle
	fromEnd
)

var cutNames = [...]string{"from the start", "from the middle", "from the end"}

// cut gives d a contiguous run of parent's paragraphs, where the mode
// says.
func (c *corpus) cut(r *rand.Rand, d, parent *doc) {
	lo := 300
	var pos cutPos
	switch c.cfg.Mode {
	case ModeDefault, ModeEarly, ModeBoilerplate, ModeDuplicates, ModeSeries:
		cutStart(r, d, parent)
		return
	case ModeCuts:
		pos = fromMiddle + cutPos(r.IntN(2))
	case ModeChain:
		pos, lo = cutPos(r.IntN(3)), minChainShare
	default:
		pos = cutPos(r.IntN(3))
	}
	share := lo + r.IntN(1001-lo)
	ps := parent.paras
	n := len(ps)
	keep := min(n, max(1, (n*share+999)/1000))
	if pos == fromMiddle && n < 3 {
		pos = fromEnd
	}
	var a, b int
	switch {
	case pos == fromStart:
		a, b = 0, keep
		for b < n && paraWords(ps[:b]) < minCopyWords {
			b++
		}
	case pos == fromEnd && n == 1:
		// One paragraph: keep its last sentences, or all of it when it
		// has only one.
		sents := ps[0].sents
		k := 0
		if len(sents) > 1 {
			k = 1 + r.IntN(len(sents)-1)
			for k > 1 && len(strings.Fields(strings.Join(sents[k:], " "))) < minCopyWords {
				k--
			}
			d.edits.sentences = true
		} else {
			pos = fromStart
		}
		d.paras = []para{{sents: slices.Clone(sents[k:])}}
		d.edits.kept, d.edits.of, d.edits.from, d.edits.cut = 1, 1, 0, pos
		return
	case pos == fromEnd:
		keep = min(keep, n-1)
		a, b = n-keep, n
		for a > 1 && paraWords(ps[a:]) < minCopyWords {
			a--
		}
	default: // the middle: neither the first paragraph nor the last
		keep = min(keep, n-2)
		a = 1 + r.IntN(n-keep-1)
		b = a + keep
		for paraWords(ps[a:b]) < minCopyWords && (b < n-1 || a > 1) {
			if b < n-1 {
				b++
			} else {
				a--
			}
		}
	}
	for _, p := range ps[a:b] {
		d.paras = append(d.paras, para{sents: slices.Clone(p.sents)})
	}
	d.edits.kept, d.edits.of, d.edits.from, d.edits.cut = b-a, n, a, pos
}

// dateCopy sets when d was published and whether it shows it.
func (c *corpus) dateCopy(r *rand.Rand, d, parent *doc) {
	switch c.cfg.Mode {
	case ModeEarly:
		d.when, d.dated = parent.when.Add(-logDelay(r, minEarly, maxEarly)), true
	case ModeIndependent:
		d.dated = r.Float64() >= pUndatedIndependent
		if d.dated && r.Float64() < pBeforeIndependent {
			d.when = parent.when.Add(-logDelay(r, minEarly, maxEarly))
		} else {
			d.when = parent.when.Add(logDelay(r, minDelay, maxDelay))
		}
	case ModeStar, ModeChain:
		p := pUndatedStar
		if c.cfg.Mode == ModeChain {
			p = pUndatedChain
		}
		d.when = parent.when.Add(logDelay(r, minDelay, maxDelay))
		d.dated = r.Float64() >= p
	default:
		dateAfter(r, d, parent)
	}
}

// creditCopy gives d its credit line, if any.
func (c *corpus) creditCopy(r *rand.Rand, d, parent, root *doc) {
	switch c.cfg.Mode {
	case ModeIndependent:
		if r.Float64() < pUnattributed {
			return
		}
		to := root
		if parent != root && r.IntN(2) == 0 {
			to = parent
		}
		pickCredit(r, d, to, r.IntN(2) == 0, false)
	case ModeStar:
		if r.Float64() < pUncreditedStar {
			return
		}
		pickCredit(r, d, root, r.IntN(2) == 0, true)
	case ModeChain:
		pickCredit(r, d, parent, r.IntN(2) == 0, true)
	case ModeBoilerplate, ModeDuplicates, ModeSeries:
		creditMixed(r, d, root)
	default:
		creditTrained(r, d, root)
	}
}

// pickCredit gives d a credit line naming to's outlet (or, unless named
// is set, perhaps nobody), from HeldBackPhrasings when heldBack is set and
// from CreditPhrasings otherwise.
func pickCredit(r *rand.Rand, d, to *doc, heldBack, named bool) {
	list, kind := CreditPhrasings, CreditTrained
	if heldBack {
		list, kind = HeldBackPhrasings, CreditHeldBack
	}
	ph := list[r.IntN(len(list))]
	for named && !strings.Contains(ph, "%s") {
		ph = list[r.IntN(len(list))]
	}
	d.credit, d.creditKind = ph, kind
	if strings.Contains(ph, "%s") {
		d.creditName, d.creditTo = to.outlet.name, to
		d.credit = fmt.Sprintf(ph, d.creditName)
	}
	place := placeEither
	switch {
	case heldBack:
		place = heldBackPlace[ph]
	case ph == datelinePhrasing:
		place = placeDateline
	}
	if ph == agencyDateline {
		d.credit = datelineCities[r.IntN(len(datelineCities))] + strings.TrimPrefix(d.credit, "LONDON")
	}
	switch place {
	case placeDateline:
		d.dateline, d.creditTop = true, true
	case placeTop:
		d.creditTop = true
	case placeEither:
		d.creditTop = r.IntN(2) == 0
	}
}

// versionFamily makes family f of the versions mode: a story and n
// updates of it by the same outlet, each made from the one before.
func (c *corpus) versionFamily(r *rand.Rand, tg *textgen.Gen, src prose, f, n int) {
	dt := dateNever
	if r.IntN(2) == 0 {
		dt = dateAlways
	}
	v1 := c.standalone(r, tg, src, kindOriginal, nil, dt)
	v1.family, v1.version = f, 1
	if dt == dateAlways && r.IntN(2) == 0 {
		// A title, then "Published: ..." with the first version's time
		// (and "Updated: ..." with their own in the updates).
		v1.style, v1.dotSite, v1.stamped, v1.first = styleTitle, false, true, v1.when
	}
	fam := []*doc{v1}
	for range n {
		fam = append(fam, c.updateOf(r, tg, fam[len(fam)-1], v1))
	}
	c.families = append(c.families, fam)
	c.docs = append(c.docs, fam...)
}

// updateOf makes the next version of prev: its text with light edits,
// perhaps a corrected sentence and a paragraph fewer, and one to three
// new paragraphs; laid out as prev, by the same outlet, a while later.
func (c *corpus) updateOf(r *rand.Rand, tg *textgen.Gen, prev, root *doc) *doc {
	d := &doc{kind: kindCopy, family: prev.family, group: -1, parent: prev, root: root, outlet: prev.outlet, version: prev.version + 1}
	for _, p := range prev.paras {
		d.paras = append(d.paras, para{sents: slices.Clone(p.sents)})
	}
	total := paraWords(d.paras)
	budget := total * maxUpdateShare / 1000
	d.edits.rate = 80 + r.IntN(121)
	d.edits.substituted = substitute(r, tg, d.paras, d.edits.rate)
	changed := d.edits.substituted
	if r.Float64() < pCorrection {
		p := &d.paras[r.IntN(len(d.paras))]
		i := r.IntN(len(p.sents))
		if w := len(strings.Fields(p.sents[i])); changed+w <= budget {
			p.sents[i] = tg.Sentence(min(30, max(6, w)))
			d.edits.rewritten, changed = true, changed+w
		}
	}
	d.edits.of = len(d.paras)
	d.edits.added = 1 + r.IntN(3)
	for range d.edits.added {
		at := r.IntN(len(d.paras) + 1)
		d.paras = slices.Insert(d.paras, at, para{sents: tg.Sentences(25 + r.IntN(56)), local: true})
	}
	// Perhaps drop a paragraph of the last version, not its first, while
	// the update stays longer than it.
	if d.edits.of >= 4 && r.Float64() < pDropPara {
		var old []int
		for i, p := range d.paras {
			if !p.local {
				old = append(old, i)
			}
		}
		i := old[1+r.IntN(len(old)-1)]
		w := paraWords(d.paras[i : i+1])
		if changed+w <= budget && paraWords(d.paras)-w > total {
			d.paras = slices.Delete(d.paras, i, i+1)
			d.edits.dropped, changed = 1, changed+w
		}
	}
	// The update is longer than the last version, whatever the
	// correction did.
	for paraWords(d.paras) <= total {
		for i := range d.paras {
			if d.paras[i].local {
				d.paras[i].sents = append(d.paras[i].sents, tg.Sentence(12))
				break
			}
		}
	}
	d.edits.kept = d.edits.of - d.edits.dropped
	d.edits.keptWords = 1000 - changed*1000/max(1, total)
	d.title = prev.title
	if r.Float64() < pRetitle {
		d.title, d.edits.variantTitle = variantTitle(r, tg, prev.title), true
	}
	d.when = prev.when.Add(logDelay(r, minUpdate, maxUpdate))
	d.dated = prev.dated
	d.style, d.dotSite, d.glue, d.wrap, d.sep = prev.style, prev.dotSite, prev.glue, prev.wrap, prev.sep
	d.stamped, d.first = prev.stamped, prev.first
	return d
}

// datedRelation is the value of Edge.Dated for the edge into d.
func (d *doc) datedRelation() string {
	switch {
	case !d.dated || !d.parent.dated:
		return Undated
	case d.when.Before(d.parent.when):
		return DatedBefore
	}
	return DatedAfter
}

// modeWhy says how a document of a mode other than the default was made:
// for a copy, where it was cut from, how it is dated against its parent
// and what kind of credit it carries.
func (d *doc) modeWhy() string {
	if d.version > 0 {
		return d.versionWhy()
	}
	if w, ok := d.detectWhy(); ok {
		return w
	}
	var parts []string
	p := d.parent
	what := "the original"
	if p != d.root {
		what = "a copy"
	}
	parts = append(parts, fmt.Sprintf("%s (%s) republished %s from %s", d.path, d.outlet.name, what, p.outlet.name))
	switch {
	case d.edits.sentences && d.edits.cut == fromEnd:
		parts = append(parts, "cut from the end: kept the last sentences of its parent's one paragraph")
	case d.edits.kept == d.edits.of:
		parts = append(parts, fmt.Sprintf("kept all %d paragraphs", d.edits.of))
	default:
		parts = append(parts, fmt.Sprintf("cut %s: kept paragraphs %d to %d of %d",
			cutNames[d.edits.cut], d.edits.from+1, d.edits.from+d.edits.kept, d.edits.of))
	}
	parts = d.edits.describe(parts)
	parts = append(parts, d.datingWhy())
	switch {
	case d.credit == "":
		parts = append(parts, "gave no credit")
	default:
		where := "a bottom"
		switch {
		case d.dateline:
			where = "a dateline"
		case d.creditTop:
			where = "a top"
		}
		whom := "nobody by name"
		if d.creditTo != nil {
			whom = d.creditTo.outlet.name
			switch {
			case d.creditTo == p && p != d.root:
				whom += " (its parent's outlet)"
			case d.creditTo == d.root:
				whom += " (the original's outlet)"
			}
		}
		parts = append(parts, fmt.Sprintf("%s credit, %s line naming %s: %q", d.creditKind, where, whom, d.credit))
	}
	if d.wrap > 0 {
		parts = append(parts, fmt.Sprintf("hard line breaks at %d columns", d.wrap))
	}
	parts = append(parts, d.headerWhy())
	return strings.Join(parts, "; ")
}

// datingWhy says how d's date compares with its parent's.
func (d *doc) datingWhy() string {
	delay := d.when.Sub(d.parent.when)
	switch d.datedRelation() {
	case DatedBefore:
		return fmt.Sprintf("dated %s before its parent", showDelay(-delay))
	case DatedAfter:
		return fmt.Sprintf("dated %s after its parent", showDelay(delay))
	}
	switch {
	case !d.dated && !d.parent.dated:
		return "undated, as is its parent"
	case !d.dated:
		return fmt.Sprintf("undated (published %s after its parent)", showDelay(delay))
	}
	return "dated, but its parent is not"
}

func (d *doc) headerWhy() string {
	switch {
	case d.stamped && d.version > 1:
		return `title, "Published:" (the first version's time) and "Updated:" header`
	case d.stamped:
		return `title and "Published:" header`
	}
	header := styleNames[d.style] + " header"
	if !d.dated {
		header += ", undated"
	}
	return header
}

// versionWhy says how an update was made.
func (d *doc) versionWhy() string {
	p := d.parent
	parts := []string{fmt.Sprintf("%s is version %d of a story by %s, updated from version %d (%s) %s later",
		d.path, d.version, d.outlet.name, p.version, p.path, showDelay(d.when.Sub(p.when)))}
	kept := fmt.Sprintf("kept %d of %d paragraphs", d.edits.kept, d.edits.of)
	if d.edits.dropped > 0 {
		kept += ", dropping one"
	}
	parts = append(parts, fmt.Sprintf("%s (%d%% of the words unchanged)", kept, d.edits.keptWords/10))
	if d.edits.substituted > 0 {
		parts = append(parts, fmt.Sprintf("changed %d words (about 1 in %d)", d.edits.substituted, d.edits.rate))
	}
	if d.edits.rewritten {
		parts = append(parts, "corrected a sentence")
	}
	if d.edits.added == 1 {
		parts = append(parts, "added a new paragraph")
	} else {
		parts = append(parts, fmt.Sprintf("added %d new paragraphs", d.edits.added))
	}
	if d.edits.variantTitle {
		parts = append(parts, "changed words of the headline")
	} else {
		parts = append(parts, "kept the headline")
	}
	parts = append(parts, "no credit line (same outlet)")
	if d.datedRelation() == DatedAfter {
		parts = append(parts, "dated after the previous version")
	} else {
		parts = append(parts, "undated")
	}
	if d.wrap > 0 {
		parts = append(parts, fmt.Sprintf("hard line breaks at %d columns", d.wrap))
	}
	parts = append(parts, d.headerWhy())
	return strings.Join(parts, "; ")
}

// modeAbout is Truth.About for a mode other than the default.
func (c *corpus) modeAbout() string {
	cfg := c.cfg
	var fams string
	switch cfg.Mode {
	case ModeStar:
		fams = fmt.Sprintf("%d families of an original and %d to %d copies of it", cfg.Families, min(minStarCopies, cfg.MaxCopies), cfg.MaxCopies)
	case ModeChain:
		fams = fmt.Sprintf("%d families, each a chain of an original and 2 to %d copies, each of the one before", cfg.Families, cfg.MaxCopies)
	case ModeVersions:
		fams = fmt.Sprintf("%d families of 2 to %d versions of one outlet's story", cfg.Families, max(2, min(cfg.MaxCopies, maxVersions)))
	case ModeShort:
		fams = fmt.Sprintf("%d families of an original and 1 to %d short copies lifted from it", cfg.Families, cfg.MaxCopies)
	case ModeWire:
		fams = fmt.Sprintf("%d families of an original and %d to %d near-identical copies of it", cfg.Families, max(1, cfg.MaxCopies*3/4), cfg.MaxCopies)
	default:
		fams = fmt.Sprintf("%d families of an original and 1 to %d copies", cfg.Families, cfg.MaxCopies)
	}
	return fmt.Sprintf("Synthetic syndication corpus (provenance generate --mode %s, seed %d): %s, %d unrelated documents "+
		"and %d quote groups; prose from %s.", cfg.Mode, cfg.Seed, fams, cfg.Unrelated, cfg.QuoteGroups, proseName(cfg))
}

// modeNote is Truth.Note for a mode other than the default.
func modeNote(mode string) string {
	const quotes = " Documents of a quote group are independent reports that share only a few quoted sentences: they belong to no family."
	switch mode {
	case ModeIndependent:
		return "Made as the default corpus, but with choices that do not follow the detector: a quarter of copies show no date " +
			"and a tenth of dated copies are dated 1 minute to 3 hours before their parent; copies are cut from the start, " +
			"the middle or the end of their parent; outlet names have any shape; credit lines are half from the phrasings " +
			"lineage was written for (credit \"trained\") and half from others (\"held-back\"); a copy of a copy credits its " +
			"parent's outlet or the original's, even odds." + quotes
	case ModeStar:
		return "Each family is an original and 10 or more copies of it, no copies of copies; each copy is cut from the start, " +
			"the middle or the end, dated after the original (a tenth undated) and credits the original's outlet in a " +
			"trained or held-back phrasing (a tenth carry no credit)." + quotes
	case ModeChain:
		return "Each family is a chain: the original, a copy of it, a copy of that copy and so on; each copy keeps most of its " +
			"parent, makes edits of its own that later links inherit, credits its parent's outlet (not the original's) and " +
			"is dated after its parent (15% undated)." + quotes
	case ModeVersions:
		return "Each family is one outlet's story and its updates: each version keeps 85-100% of the one before and adds one " +
			"to three paragraphs; no version carries a credit line. Half the families show dates (an update 30 minutes to " +
			"2 days after the version before), half none. Edges go from each version to the next." + quotes
	case ModeEarly:
		return "Made as the default corpus, but every family member shows its date and every copy is dated 1 minute to " +
			"3 hours before its parent, as clock and time zone errors do." + quotes
	case ModeCuts:
		return "Made as the default corpus, but every copy is cut from the middle or the end of its parent (even odds), " +
			"never from the start." + quotes
	case ModeBoilerplate, ModeShort, ModeWire, ModeDuplicates, ModeSeries, ModeReworded:
		return detectNote(mode) + quotes
	}
	return ""
}
