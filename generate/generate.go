// Package generate implements a deterministic generator of news
// syndication corpora with their truth: families of an original and its
// copies, made the way syndication makes them, plus unrelated documents
// and groups of independent reports that share only quotations. The same
// [Config] gives the same corpus, byte for byte.
//
// # Families
//
// A family is an original and 1 to Config.MaxCopies copies. The first
// copy is copied from the original; each later one from an earlier copy
// with a probability chosen so that about a quarter of all copies are
// copies of copies, and from the original otherwise. Every member of a
// family is published by a different outlet. A copy
//
//   - keeps the first 30–100% of its parent's paragraphs (at least 80
//     words, when the parent has them);
//   - substitutes about one word in N, N drawn from 30 to 100, and
//     rewrites one sentence in 30% of copies;
//   - adds a paragraph of new prose somewhere after the first in 30%;
//   - gets a new headline: half fresh, half the parent's with one to
//     three words changed;
//   - carries, in 80% of copies, an attribution line naming the
//     original's outlet (a copy of a copy credits the original, as
//     syndication does) or naming nobody, at the top or the bottom, in one
//     of nine phrasings (see [CreditPhrasings]); the other 20% carry none;
//   - is published 5 minutes to 4 days after its parent (log-uniform);
//   - is laid out afresh, like every document: its outlet's boilerplate,
//     a header style, hard line breaks at 62–78 columns or one line per
//     paragraph (even odds), and blank lines or single line breaks
//     between paragraphs (70/30).
//
// # Outlets and headers
//
// Outlets ("The Valley Courier", valleycourier.com) are drawn from the
// seed, about one per eight documents. Each has its own boilerplate: a
// newsletter prompt (at the bottom, or after the second to fourth
// paragraph), a copyright or masthead line, sometimes a tip line and a
// line above the body. A document shows its publication date with
// probability 0.7. Dated documents have a "SOURCE M/D/YYYY h:mm:ss PM"
// line or a " date YYYY-MM-DD TITLE" line (with or without a
// "· domain" line below); undated ones have a "TITLE" line with or without
// a "· domain" line. Every header reads back through document.ParseText
// as the source, date and title it was written with; a document whose
// body would confuse the header reader is given the first style, which
// cannot be confused.
//
// # Base prose
//
// Without Config.Base, prose comes from internal/textgen. With it,
// originals, unrelated documents and quote group reports are runs of
// consecutive paragraphs (300–1200 words) from the base files, each file
// used once before any is used again, and a file used again gives text
// it has not given before while it has some. Text that a file repeats
// from another (web corpora repeat disclaimers, navigation and whole
// pages) is dropped first, by paragraph, so that documents made from
// different files share nothing by accident. Files that cannot be read or
// then have fewer than [MinBaseWords] words are skipped. Local
// paragraphs, rewritten sentences, substituted words and headlines always
// come from internal/textgen.
//
// # Quote groups
//
// A quote group is 2 to 4 independent reports, each written from other
// prose, that quote the same 2 or 3 sentences in curly quotes, each with
// its own introduction. They are in no family: the truth lists them as
// unrelated, and also in Truth.QuoteGroups.
//
// # Modes
//
// The corpus above leans on choices the detector was written around:
// copies are dated after their parent and cut from its start, every
// credit is in a phrasing lineage knows, and outlet names avoid the words
// that end a name in lineage's credit patterns. Config.Mode makes other
// corpora, to measure what those choices hide. Unrelated documents and
// quote groups are made as above in every mode. The truth records the
// mode (Truth.Mode) and, for every edge (in the default mode too), the
// kind of the copy's credit line (Edge.Credit: "trained" for a phrasing
// of [CreditPhrasings], "held-back" for one of [HeldBackPhrasings], ""
// for none) and how its date compares with its parent's (Edge.Dated:
// "after", "before" or "undated" when either shows none); in the other
// modes, Edge.Why says where the copy was cut from, how it is dated and
// what credit it carries. Headers are checked
// as above in every mode: a document whose body would confuse the header
// reader takes the source-and-time header, and the truth says what its
// header then shows. The outlet names of any shape and the held-back
// phrasings were not chosen with lineage in mind (names are kept from
// starting with "By ", which the header reader takes for a byline).
//
//   - "independent": the families of the default corpus, with choices
//     made independently of the detector. A quarter of copies show no
//     date, whether their parent does or not; a tenth of dated copies are
//     dated 1 minute to 3 hours before their parent (clock and time zone
//     errors), the rest after it as above. A copy keeps a contiguous run
//     of its parent's paragraphs from the start, the middle (without the
//     first and the last) or the end (without the first), a third each.
//     Outlet names have any shape: with "News", "Post", "Times", "Wire",
//     "Media", "Press", "Agency" or "Network", with "&", with digits,
//     acronyms ("KXRT", "ABC/DE"), one word, a lower-case last word, "the"
//     inside, "and", "on", "under", "with" or "as". Of the 80% of copies
//     with a credit line, half have a phrasing of CreditPhrasings and half
//     one of HeldBackPhrasings; a copy of a copy credits its parent's
//     outlet or the original's, even odds.
//   - "star": each family is an original and 10 to Config.MaxCopies
//     copies of it (MaxCopies may be up to 300 in this mode; below 10,
//     every family has MaxCopies copies), and no copies of copies. Copies are cut from the start, the middle or
//     the end (a third each), dated after the original, which is always
//     dated (a tenth undated), and credit the original's outlet by name,
//     half in trained phrasings and half in held-back ones; a tenth carry
//     no credit. Outlet names have any shape.
//   - "chain": each family is a chain original -> c1 -> c2 -> ... of 2 to
//     Config.MaxCopies copies, each copied from the one before. A link
//     keeps 80–100% of its parent's paragraphs, cut from the start, the
//     middle or the end; edits words as above, rewrites a sentence and
//     adds a paragraph in half the links each (and rewrites a sentence
//     when it made no other edit), so that a later link holds edits its
//     parent made that the original lacks; credits its
//     PARENT's outlet by name (trained and held-back phrasings, even
//     odds); and is dated after its parent (15% undated; the original is
//     always dated). Outlet names have any shape.
//   - "versions": each family is one outlet's story and its updates, 2 to
//     min(Config.MaxCopies, 5) versions, each made from the one before:
//     it keeps the text with light edits (one word in 80 to 200 changed,
//     a corrected sentence in 40%, a paragraph other than the first
//     dropped in up to 20%; never more than 15% of the words changed or
//     dropped), adds one to three new paragraphs anywhere (so that it is
//     longer than the version before), keeps the headline (changes a few
//     words of it in 30%) and the layout, and carries no credit line.
//     Half the families are dated, each update 30 minutes to 2 days after
//     the version before: half of them show each version's time in the
//     outlet's header as its publication time; the other half show a
//     title, then "Published: January 2, 2006 3:04 PM UTC" with the first
//     version's time and, in updates, "Updated: ..." with the update's
//     own (the header reader takes the "Published:" line for the
//     publication date). The other half of the families show no date.
//     Edges go from each version to the next. Outlet names have any
//     shape.
//   - "early": the default corpus, but every family member shows its date
//     and every copy is dated 1 minute to 3 hours before its parent. (A
//     header that shows only the day may show the parent's day.)
//   - "cuts": the default corpus, but every copy keeps a contiguous run of
//     its parent's paragraphs from the middle or the end, even odds, never
//     from the start. (A parent of one paragraph gives its last sentences;
//     of one sentence, all of it.)
//   - "boilerplate": the default families (but credits as in "short"),
//     plus long notices (60 to 150 words) shared by documents that share nothing else. A company's
//     about-block (as a press release carries) is at the bottom of 3 to
//     8 unrelated documents of different outlets (60% of unrelated
//     documents carry one); an eighth of outlets carry a licence notice,
//     a "status of this document" paragraph or a disclaimer on every
//     document, family members included. Documents that share only a
//     notice are unrelated in the truth.
//   - "short": each family is an original of 600 or more words and 1 to
//     Config.MaxCopies copies of it, each 150 to 300 words of its
//     sentences, taken in order from a random one on (skipping those that
//     would make it too long), in paragraphs of 2 to 4 sentences. Half
//     the copies reword a third of their sentences: a word in four
//     replaced by one of internal/textgen's vocabulary, or the clauses
//     swapped around the first comma (or halves around a word), keeping
//     every word. Copies are dated as in the default mode; 80% carry a
//     credit line naming the original's outlet or nobody, half in a
//     phrasing of CreditPhrasings, half in one of HeldBackPhrasings.
//   - "wire": each family is an original (always dated) and 3/4 to all of
//     Config.MaxCopies copies (MaxCopies may be up to 3000 in this mode),
//     each by another outlet (outlets are numbered, "The Valley Courier
//     2", when the names run out): 60% identical to the original but for
//     the layout, the others with one word in 150 to 400 changed, a third
//     of these without the last paragraph and a third with words of the
//     headline changed. Every copy credits the original's outlet by name
//     (a fifth in held-back phrasings) and is dated 1 minute to 12 hours
//     after it (a fifth undated).
//   - "duplicates": the default corpus (but credits as in "short"), plus,
//     for a quarter of family members, one or (a third of the time) two
//     other pages by the same outlet: an AMP page and a print page, with
//     the same text, headline and credit line in another header, line
//     layout and boilerplate, 1 minute to 12 hours later. Each page is a
//     copy of the page it duplicates (an edge from that page to it), in
//     its family.
package generate

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/provenance-dev/provenance/document"
	"github.com/provenance-dev/provenance/internal/textgen"
)

// Config says what corpus to generate. [DefaultConfig] gives working
// values; the zero value generates nothing and fails validation.
type Config struct {
	// Seed chooses the corpus.
	Seed uint64
	// Families is the number of families (an original and its copies).
	Families int
	// Unrelated is the number of documents in no family, besides quote
	// group reports.
	Unrelated int
	// QuoteGroups is the number of groups of independent reports that
	// share only quotations.
	QuoteGroups int
	// MaxCopies is the most copies in a family (at least 1; at least 2
	// in the chain mode); at most 100, or 300 in the star mode.
	MaxCopies int
	// Mode chooses how families are made: "" for the corpus described
	// above, or one of the modes of [Modes] (see "Modes" in the package
	// documentation).
	Mode string
	// Base names files and folders of .txt files whose prose is used;
	// empty means generated prose.
	Base []string
	// Skip, if set, is told about each base file that is skipped and why.
	Skip func(path string, err error)
}

// DefaultConfig returns the defaults: seed 1, 100 families of up to 4
// copies, 100 unrelated documents and 10 quote groups.
func DefaultConfig() Config {
	return Config{Seed: 1, Families: 100, Unrelated: 100, QuoteGroups: 10, MaxCopies: 4}
}

// Limits of a Config.
const (
	maxCount     = 1_000_000
	maxMaxCopies = 100
)

// ErrConfig is wrapped by the errors of [Config.Validate].
var ErrConfig = errors.New("invalid config")

// Validate checks the config. Errors wrap [ErrConfig].
func (c Config) Validate() error {
	for _, f := range []struct {
		name string
		n    int
	}{{"families", c.Families}, {"unrelated", c.Unrelated}, {"quote groups", c.QuoteGroups}} {
		if f.n < 0 || f.n > maxCount {
			return fmt.Errorf("%w: %s = %d, want 0 to %d", ErrConfig, f.name, f.n, maxCount)
		}
	}
	if !knownMode(c.Mode) {
		return fmt.Errorf("%w: mode %q, want one of %s", ErrConfig, c.Mode, strings.Join(modeNames(), ", "))
	}
	lo, hi, in := 1, maxMaxCopies, ""
	switch c.Mode {
	case ModeStar:
		hi, in = maxStarCopies, " in the star mode"
	case ModeChain:
		lo, in = 2, " in the chain mode"
	case ModeWire:
		hi, in = maxWireCopies, " in the wire mode"
	}
	if c.MaxCopies < lo || c.MaxCopies > hi {
		return fmt.Errorf("%w: max copies = %d, want %d to %d%s", ErrConfig, c.MaxCopies, lo, hi, in)
	}
	if c.Families+c.Unrelated+c.QuoteGroups == 0 {
		return fmt.Errorf("%w: nothing to generate", ErrConfig)
	}
	return nil
}

// File is one generated document: its path relative to the corpus
// folder, with forward slashes, and its text.
type File struct {
	Path string
	Text []byte
}

// Corpus generates the corpus in memory: its files, sorted by path, and
// its truth. Errors wrap [ErrConfig], [ErrNoBase] or the I/O error of a
// base path.
func Corpus(cfg Config) ([]File, *Truth, error) {
	var files []File
	truth, err := Generate(cfg, func(f File) error {
		files = append(files, f)
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	slices.SortFunc(files, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	return files, truth, nil
}

// Generate generates the corpus a document at a time, handing each file
// to emit as soon as it is made (in the order of generation, not of path;
// emit may keep f.Text), and returns the truth. Memory holds one family's
// text at a time, the truth's records of every document, and the base
// prose, if any, not the corpus. Errors are those of [Corpus] and those
// of emit, which stop the generation.
func Generate(cfg Config, emit func(f File) error) (*Truth, error) {
	c, err := build(cfg, emit)
	if err != nil {
		return nil, err
	}
	return c.truth(), nil
}

// Write generates the corpus and writes its documents under dir (created
// if need be), one folder per outlet, as they are made; files of the same
// names are overwritten. It returns the truth and does not write it: see
// [Truth.WriteFile]. Errors are those of [Corpus] and I/O errors.
func Write(cfg Config, dir string) (*Truth, error) {
	made := map[string]bool{}
	return Generate(cfg, func(f File) error {
		p := filepath.Join(dir, filepath.FromSlash(f.Path))
		if d := filepath.Dir(p); !made[d] {
			if err := os.MkdirAll(d, 0o755); err != nil {
				return fmt.Errorf("write corpus: %w", err)
			}
			made[d] = true
		}
		if err := os.WriteFile(p, f.Text, 0o644); err != nil {
			return fmt.Errorf("write corpus: %w", err)
		}
		return nil
	})
}

// Probabilities of the syndication effects.
const (
	pDated        = 0.7
	pUnattributed = 0.2
	pCopyOfCopy   = 0.25 // share of all copies
	pRewrite      = 0.3
	pLocal        = 0.3
	pFreshTitle   = 0.5
	minCopyWords  = 80
	minDelay      = 5 * time.Minute
	maxDelay      = 4 * 24 * time.Hour
)

// CreditPhrasings are the attribution lines copies carry, with %s for the
// credited outlet's name; one names nobody. The dateline form ("%s — ",
// put before the first paragraph) is read by lineage as a possible credit,
// kept only when the name is another family member's outlet.
var CreditPhrasings = []string{
	"This article was originally published by %s and is reprinted with permission.",
	"Republished with permission from %s.",
	"This story first appeared in %s.",
	"Source: %s",
	"%s — ",
	"Reprinted with permission.",
	"This story was originally published by %s.",
	"Republished from %s under a content-sharing agreement.",
	"This article first appeared on %s and is republished here with permission.",
}

const datelinePhrasing = "%s — "

type kind int

const (
	kindOriginal kind = iota
	kindCopy
	kindUnrelated
	kindQuote
)

// style is a header style.
type style int

const (
	styleSourceDate style = iota // "SOURCE M/D/YYYY h:mm:ss PM"
	styleISODate                 // " date YYYY-MM-DD TITLE", then maybe "· domain"
	styleTitleSite               // "TITLE", then "· domain"
	styleTitle                   // "TITLE"
)

var styleNames = [...]string{"source and time", "ISO date and title", "title and domain", "title"}

// para is a paragraph: its sentences, and whether it was written for this
// document rather than inherited from its parent.
type para struct {
	sents []string
	local bool
}

// doc is one generated document and how it was made.
type doc struct {
	kind          kind
	family, group int
	parent, root  *doc
	outlet        *outlet
	title         string
	when          time.Time // true publication time, shown when dated
	dated         bool
	style         style
	dotSite, glue bool
	paras         []para
	// credit is the attribution line (or the dateline prefix), creditName
	// the outlet it names ("" for a generic line).
	credit, creditName  string
	dateline, creditTop bool
	creditKind          string // CreditTrained, CreditHeldBack or ""
	creditTo            *doc   // the member whose outlet is credited, if any
	// stamped, in the versions mode, puts below the title a "Published:"
	// line with the first version's time, first, and in later versions
	// an "Updated:" line with their own.
	stamped    bool
	first      time.Time
	version    int // in the versions mode: 1 for the first version
	wrap       int // hard line breaks at this column; 0: none
	sep        string
	from       origin   // where the prose came from
	quotes     []string // quoted sentences, for quote group reports
	quotesFrom origin
	edits      edits
	det        detectInfo // how a document of the detection modes was made
	path       string
	text       []byte
}

// edits records what a copy changed, for the truth's "why".
type edits struct {
	kept, of      int
	from          int    // the first paragraph kept (0 for a cut from the start)
	cut           cutPos // where the kept paragraphs were in the parent
	sentences     bool   // the cut kept sentences of a one-paragraph parent
	added         int    // paragraphs added by an update
	dropped       int    // paragraphs an update dropped
	keptWords     int    // per mille of the previous version's words an update kept
	substituted   int
	rate          int
	reworded      int // sentences with words substituted by rewordAll
	reordered     int // sentences whose clauses rewordAll reordered
	rewritten     bool
	local         bool
	variantTitle  bool
	fallbackStyle bool
}

// describe appends what e says of a copy's words, sentences, paragraphs
// and headline to parts, for a copy's "why".
func (e *edits) describe(parts []string) []string {
	if e.substituted > 0 {
		parts = append(parts, fmt.Sprintf("changed %d words (about 1 in %d)", e.substituted, e.rate))
	}
	if e.reworded+e.reordered > 0 {
		parts = append(parts, fmt.Sprintf("reworded every sentence: words substituted in %d, clauses reordered in %d", e.reworded, e.reordered))
	}
	if e.rewritten {
		parts = append(parts, "rewrote a sentence")
	}
	if e.local {
		parts = append(parts, "added a paragraph of its own")
	}
	if e.variantTitle {
		return append(parts, "changed words of the headline")
	}
	return append(parts, "wrote a new headline")
}

// corpus is a generated corpus as it is made. Documents are named,
// rendered and emitted a family (or group) at a time, by flush, and then
// keep only what the truth needs.
type corpus struct {
	cfg      Config
	outlets  []*outlet
	pChain   float64 // chance that a later copy is a copy of a copy
	docs     []*doc
	families [][]*doc // each original first
	groups   [][]*doc

	emit    func(File) error
	flushed int // docs[:flushed] are named, emitted and dropped
	names   namer
	det     detectState // the notices of the boilerplate mode
}

// Random streams: each part of the corpus draws from its own generator,
// so that the parts do not shift each other.
const (
	streamPlan = iota + 1
	streamOutlets
	streamBase
	streamProse
	streamFamily
	streamUnrelated
	streamQuote
	streamNames
	streamNotices
)

func mix(x uint64) uint64 { // splitmix64
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

func newRand(seed uint64, stream, index int) *rand.Rand {
	return rand.New(rand.NewPCG(mix(seed^mix(uint64(stream))), mix(uint64(index)^mix(seed+uint64(stream)))))
}

func newGen(seed uint64, stream, index int) *textgen.Gen {
	return textgen.New(mix(mix(seed+uint64(stream)<<32) ^ uint64(index)))
}

func build(cfg Config, emit func(File) error) (*corpus, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	plan := newRand(cfg.Seed, streamPlan, 0)
	copies := make([]int, cfg.Families)
	total := cfg.Unrelated
	for i := range copies {
		copies[i] = familySize(plan, cfg)
		total += 1 + copies[i]
	}
	sizes := make([]int, cfg.QuoteGroups)
	for i := range sizes {
		sizes[i] = 2 + plan.IntN(3)
		total += sizes[i]
	}

	c := &corpus{cfg: cfg, emit: emit, names: newNamer(newRand(cfg.Seed, streamNames, 0), total)}
	if m := float64(cfg.MaxCopies); m > 1 {
		// Copies per family are uniform on 1..m; all but the first may
		// be copies of copies.
		c.pChain = min(1, pCopyOfCopy*(m+1)/(m-1))
	}
	name := outletName
	if anyNames(cfg.Mode) {
		name = anyOutletName
	}
	c.outlets = newOutlets(newRand(cfg.Seed, streamOutlets, 0), min(2000, max(total/8, cfg.MaxCopies+8)), name)
	c.detectSetup(total)

	var src prose = genProse{newGen(cfg.Seed, streamProse, 0)}
	if len(cfg.Base) > 0 {
		skip := cfg.Skip
		if skip == nil {
			skip = func(string, error) {}
		}
		b, err := loadBase(cfg.Base, newRand(cfg.Seed, streamBase, 0), skip)
		if err != nil {
			return nil, err
		}
		src = b
	}

	for f, n := range copies {
		c.family(newRand(cfg.Seed, streamFamily, f), newGen(cfg.Seed, streamFamily, f), src, f, n)
		if err := c.flush(); err != nil {
			return nil, err
		}
	}
	for u := range cfg.Unrelated {
		r := newRand(cfg.Seed, streamUnrelated, u)
		var d *doc
		if cfg.Mode == ModeBoilerplate {
			d = c.noticeDoc(r, newGen(cfg.Seed, streamUnrelated, u), src, u)
		} else {
			d = c.standalone(r, newGen(cfg.Seed, streamUnrelated, u), src, kindUnrelated, nil, dateSometimes)
		}
		c.docs = append(c.docs, d)
		if err := c.flush(); err != nil {
			return nil, err
		}
	}
	for g, n := range sizes {
		c.quoteGroup(newRand(cfg.Seed, streamQuote, g), newGen(cfg.Seed, streamQuote, g), src, g, n)
		if err := c.flush(); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// flush names, renders and emits the documents made since the last
// flush, in the order they were made, then drops their text and
// paragraphs: the family they belong to is complete, and nothing made
// later reads them.
func (c *corpus) flush() error {
	for _, d := range c.docs[c.flushed:] {
		d.path = c.names.next(d.outlet.slug)
		if c.cfg.Mode == ModeSeries {
			c.inSeries(d)
		}
		if err := d.finish(); err != nil {
			return err
		}
		if c.emit != nil {
			if err := c.emit(File{Path: d.path, Text: d.text}); err != nil {
				return err
			}
		}
	}
	if c.emit != nil { // without emit (tests), everything is kept
		for _, d := range c.docs[c.flushed:] {
			d.text, d.paras, d.quotes = nil, nil, nil
		}
	}
	c.flushed = len(c.docs)
	return nil
}

// namer gives documents paths: their outlet's folder and a random
// number, so that names say nothing of families or order. The numbers
// have enough digits for twenty times the documents, and none repeats.
type namer struct {
	r     *rand.Rand
	lo    int64
	taken map[int64]bool
}

// newNamer returns a namer for a corpus of total documents.
func newNamer(r *rand.Rand, total int) namer {
	digits := max(6, len(strconv.Itoa(20*total)))
	return namer{r: r, lo: int64(math.Pow10(digits - 1)), taken: map[int64]bool{}}
}

// next is the path of the next document, of the outlet with this slug.
func (n *namer) next(slug string) string {
	x := n.lo + n.r.Int64N(9*n.lo)
	for n.taken[x] {
		x = n.lo + n.r.Int64N(9*n.lo)
	}
	n.taken[x] = true
	return slug + "/" + strconv.FormatInt(x, 10) + ".txt"
}

// dating says whether a document made by standalone shows its date.
type dating int

const (
	dateSometimes dating = iota // with probability pDated
	dateAlways
	dateNever
)

// standalone makes a document from fresh prose: an original, an
// unrelated document or a quote group report. Its outlet is not one of
// avoid; dt says whether it shows its date.
func (c *corpus) standalone(r *rand.Rand, tg *textgen.Gen, src prose, k kind, avoid map[*outlet]bool, dt dating) *doc {
	words := minArticleWords + r.IntN(maxArticleWords-minArticleWords+1)
	return c.standaloneWords(r, tg, src, k, avoid, dt, words)
}

// standaloneWords is standalone with an article of about words words.
func (c *corpus) standaloneWords(r *rand.Rand, tg *textgen.Gen, src prose, k kind, avoid map[*outlet]bool, dt dating, words int) *doc {
	d := &doc{kind: k, family: -1, group: -1}
	paras, from := src.article(r, words)
	for _, p := range paras {
		d.paras = append(d.paras, para{sents: p, local: true})
	}
	d.from = from
	d.outlet = c.pickOutlet(r, avoid)
	d.title = newTitle(r, tg)
	d.when = time.Date(2025, 1, 6, 0, 0, 0, 0, time.UTC).Add(time.Duration(r.Int64N(320*24*3600)) * time.Second)
	d.dated = r.Float64() < pDated
	switch dt {
	case dateAlways:
		d.dated = true
	case dateNever:
		d.dated = false
	}
	layout(r, d)
	return d
}

func (c *corpus) pickOutlet(r *rand.Rand, avoid map[*outlet]bool) *outlet {
	for {
		o := c.outlets[r.IntN(len(c.outlets))]
		if !avoid[o] {
			if avoid != nil {
				avoid[o] = true
			}
			return o
		}
	}
}

// layout chooses how a document looks: header style, line wrapping and
// paragraph separator.
func layout(r *rand.Rand, d *doc) {
	switch {
	case d.dated && r.IntN(2) == 0:
		d.style = styleSourceDate
	case d.dated:
		d.style, d.dotSite = styleISODate, r.IntN(2) == 0
	case r.IntN(2) == 0:
		d.style, d.glue = styleTitleSite, r.IntN(5) == 0
	default:
		d.style = styleTitle
	}
	if r.IntN(2) == 0 {
		d.wrap = 62 + r.IntN(17)
	}
	d.sep = "\n\n"
	if r.IntN(10) < 3 {
		d.sep = "\n"
	}
}

// family makes family f: an original and n copies (in the versions
// mode, n updates).
func (c *corpus) family(r *rand.Rand, tg *textgen.Gen, src prose, f, n int) {
	switch c.cfg.Mode {
	case ModeVersions:
		c.versionFamily(r, tg, src, f, n)
		return
	case ModeShort:
		c.shortFamily(r, tg, src, f, n)
		return
	case ModeWire:
		c.wireFamily(r, tg, src, f, n)
		return
	}
	used := map[*outlet]bool{}
	orig := c.standalone(r, tg, src, kindOriginal, used, originalDating(c.cfg.Mode))
	orig.family, orig.root = f, nil
	fam := []*doc{orig}
	for i := range n {
		parent := orig
		switch c.cfg.Mode {
		case ModeStar:
		case ModeChain:
			parent = fam[i]
		default:
			if i > 0 && r.Float64() < c.pChain {
				parent = fam[1+r.IntN(i)]
			}
		}
		fam = append(fam, c.copyOf(r, tg, parent, orig, used))
	}
	if c.cfg.Mode == ModeDuplicates {
		fam = c.addDuplicates(r, fam)
	}
	c.families = append(c.families, fam)
	c.docs = append(c.docs, fam...)
}

// copyOf makes a copy of parent in the family of root, by an outlet not
// in used.
func (c *corpus) copyOf(r *rand.Rand, tg *textgen.Gen, parent, root *doc, used map[*outlet]bool) *doc {
	d := &doc{kind: kindCopy, family: parent.family, group: -1, parent: parent, root: root}
	d.outlet = c.pickOutlet(r, used)

	// Trim the ending (or, in some modes, the beginning, or both).
	c.cut(r, d, parent)

	// Edit words and maybe a sentence.
	d.edits.rate = 30 + r.IntN(71)
	d.edits.substituted = substitute(r, tg, d.paras, d.edits.rate)
	pRw, pLoc := pRewrite, pLocal
	if c.cfg.Mode == ModeChain {
		pRw, pLoc = pChainRewrite, pChainLocal
	}
	if r.Float64() < pRw {
		rewriteSentence(r, tg, d)
	}
	if r.Float64() < pLoc {
		at := 1 + r.IntN(len(d.paras))
		d.paras = slices.Insert(d.paras, at, para{sents: tg.Sentences(25 + r.IntN(56)), local: true})
		d.edits.local = true
	}
	if c.cfg.Mode == ModeChain && d.edits.substituted == 0 && !d.edits.rewritten && !d.edits.local {
		rewriteSentence(r, tg, d) // every link edits its parent
	}
	if c.cfg.Mode == ModeReworded {
		rewordAll(r, tg, d)
	}

	// A new headline.
	if r.Float64() < pFreshTitle {
		d.title = newTitle(r, tg)
	} else {
		d.title, d.edits.variantTitle = variantTitle(r, tg, parent.title), true
	}

	c.dateCopy(r, d, parent)
	c.creditCopy(r, d, parent, root)
	layout(r, d)
	return d
}

// rewriteSentence replaces a sentence of d with a new one of about its
// length.
func rewriteSentence(r *rand.Rand, tg *textgen.Gen, d *doc) {
	p := &d.paras[r.IntN(len(d.paras))]
	i := r.IntN(len(p.sents))
	p.sents[i] = tg.Sentence(min(30, max(6, len(strings.Fields(p.sents[i])))))
	d.edits.rewritten = true
}

// logDelay returns a delay from lo to hi, log-uniform, to the second.
func logDelay(r *rand.Rand, lo, hi time.Duration) time.Duration {
	l, h := math.Log(float64(lo)), math.Log(float64(hi))
	return time.Duration(math.Exp(l + (h-l)*r.Float64())).Round(time.Second)
}

// cutStart makes d's paragraphs those of the first 30–100% of parent's,
// as in the default mode.
func cutStart(r *rand.Rand, d, parent *doc) {
	n := len(parent.paras)
	share := 300 + r.IntN(701) // per mille; integers keep this exact everywhere
	keep := min(n, max(1, (n*share+999)/1000))
	for keep < n && paraWords(parent.paras[:keep]) < minCopyWords {
		keep++
	}
	for _, p := range parent.paras[:keep] {
		d.paras = append(d.paras, para{sents: slices.Clone(p.sents)})
	}
	d.edits.kept, d.edits.of = keep, n
}

// dateAfter dates d 5 minutes to 4 days after its parent, and shows the
// date with probability pDated, as in the default mode.
func dateAfter(r *rand.Rand, d, parent *doc) {
	d.when = parent.when.Add(logDelay(r, minDelay, maxDelay))
	d.dated = r.Float64() < pDated
}

// creditTrained gives d, with probability 1-pUnattributed, a credit line
// from CreditPhrasings naming the original's outlet or nobody, as in the
// default mode.
func creditTrained(r *rand.Rand, d, root *doc) {
	if r.Float64() >= pUnattributed {
		ph := CreditPhrasings[r.IntN(len(CreditPhrasings))]
		if strings.Contains(ph, "%s") {
			d.creditName, d.creditTo = root.outlet.name, root
			d.credit = fmt.Sprintf(ph, d.creditName)
		} else {
			d.credit = ph
		}
		d.dateline = ph == datelinePhrasing
		d.creditTop = d.dateline || r.IntN(2) == 0
		d.creditKind = CreditTrained
	}
}

// Speakers of quotations.
var (
	firstNames = []string{
		"Anna", "Daniel", "Maria", "James", "Olena", "Ahmed", "Sofia", "Peter", "Leila", "Tomas", "Grace", "Marek",
		"Ines", "Samuel", "Yuki", "Rosa", "Viktor", "Amara", "Jonas", "Elena", "Carlos", "Nadia", "Felix", "Hana",
	}
	lastNames = []string{
		"Kowalski", "Okafor", "Lindqvist", "Moreno", "Haddad", "Brennan", "Novak", "Tanaka", "Petrenko", "Schultz",
		"Castillo", "Adeyemi", "Marchetti", "Holm", "Farouk", "Delgado", "Nakamura", "Weber", "Osei", "Duarte",
		"Keller", "Rahimi", "Quinn", "Sorensen",
	}
	roles = []string{
		"a government spokesman", "the regional governor", "a ministry official", "the company's chief executive",
		"a police spokeswoman", "the mayor", "a union representative", "the committee chair", "a senior diplomat",
	}
	weekdays = []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday"}
)

// speaker is who is quoted: "Anna Kowalski", "Kowalski" when named
// again, and "a ministry official". Introductions keep the role next to
// the name, so that reports of different groups share no 8 words.
type speaker struct{ name, short, role string }

// quoteGroup makes quote group g: n independent reports that quote the
// same sentences, each introduced in its own way.
func (c *corpus) quoteGroup(r *rand.Rand, tg *textgen.Gen, src prose, g, n int) {
	quotes, qfrom := src.quotes(r, 2+r.IntN(2))
	last := lastNames[r.IntN(len(lastNames))]
	who := speaker{name: firstNames[r.IntN(len(firstNames))] + " " + last, short: last, role: roles[r.IntN(len(roles))]}
	intros := r.Perm(numIntros)
	used := map[*outlet]bool{}
	var group []*doc
	for i := range n {
		d := c.standalone(r, tg, src, kindQuote, used, dateSometimes)
		d.group, d.quotes, d.quotesFrom = g, quotes, qfrom
		qp := quoteParas(r, quotes, who, intros[i])
		at := 1 + r.IntN(len(d.paras))
		for j, p := range qp {
			d.paras = slices.Insert(d.paras, min(at+j*(1+r.IntN(2)), len(d.paras)), para{sents: []string{p}, local: true})
		}
		group = append(group, d)
	}
	c.groups = append(c.groups, group)
	c.docs = append(c.docs, group...)
}

const numIntros = 6

// quoteParas returns the paragraphs that carry the quotation, introduced
// in way intro (0 to numIntros-1).
func quoteParas(r *rand.Rand, quotes []string, who speaker, intro int) []string {
	all := strings.Join(quotes, " ")
	// "S1 S2," for a quotation followed by who said it.
	lead := func(q string) string {
		if strings.HasSuffix(q, ".") {
			return q[:len(q)-1] + ","
		}
		return q
	}
	allLead := strings.Join(append(slices.Clone(quotes[:len(quotes)-1]), lead(quotes[len(quotes)-1])), " ")
	day := weekdays[r.IntN(len(weekdays))]
	switch intro {
	case 0:
		return []string{fmt.Sprintf("In a statement released on %s, %s, %s, said: “%s”", day, who.name, who.role, all)}
	case 1:
		return []string{fmt.Sprintf("“%s” said %s, %s.", allLead, who.name, who.role)}
	case 2:
		return []string{fmt.Sprintf("Speaking to reporters, %s, %s, said: “%s”", who.name, who.role, all)}
	case 3:
		return []string{
			fmt.Sprintf("“%s” %s said.", lead(quotes[0]), who.name),
			fmt.Sprintf("%s, %s, added: “%s”", who.short, who.role, strings.Join(quotes[1:], " ")),
		}
	case 4:
		return []string{fmt.Sprintf("%s told local media on %s: “%s”", who.name, day, all)}
	default:
		return []string{fmt.Sprintf("Asked about the matter on %s, %s, %s, replied: “%s”", day, who.name, who.role, all)}
	}
}

func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

func paraWords(ps []para) int {
	n := 0
	for _, p := range ps {
		for _, s := range p.sents {
			n += len(strings.Fields(s))
		}
	}
	return n
}

// substitute replaces each word of paras with a random word with
// probability 1/rate, keeping punctuation and capitals, and returns how
// many words changed.
func substitute(r *rand.Rand, tg *textgen.Gen, paras []para, rate int) int {
	n := 0
	for i := range paras {
		for j, s := range paras[i].sents {
			toks := strings.Split(s, " ")
			changed := false
			for k, t := range toks {
				if r.IntN(rate) != 0 {
					continue
				}
				if nt, ok := replaceWord(t, tg.Word()); ok && nt != t {
					toks[k], changed = nt, true
					n++
				}
			}
			if changed {
				paras[i].sents[j] = strings.Join(toks, " ")
			}
		}
	}
	return n
}

// replaceWord replaces the letters of token t (from its first letter to
// its last) with w, in t's case. It reports false if t has no letter.
func replaceWord(t, w string) (string, bool) {
	a := strings.IndexFunc(t, unicode.IsLetter)
	if a < 0 {
		return t, false
	}
	b := strings.LastIndexFunc(t, unicode.IsLetter)
	_, size := utf8.DecodeRuneInString(t[b:])
	core := t[a : b+size]
	first, _ := utf8.DecodeRuneInString(core)
	switch {
	case utf8.RuneCountInString(core) > 1 && strings.ToUpper(core) == core:
		w = strings.ToUpper(w)
	case unicode.IsUpper(first):
		w = capitalize(w)
	}
	return t[:a] + w + t[b+size:], true
}

var smallWords = map[string]bool{
	"a": true, "an": true, "the": true, "of": true, "and": true, "to": true, "in": true, "is": true,
	"for": true, "as": true, "by": true, "on": true, "at": true, "or": true, "with": true, "from": true,
}

// newTitle returns a headline of 6 to 11 words.
func newTitle(r *rand.Rand, tg *textgen.Gen) string {
	words := make([]string, 6+r.IntN(6))
	for i := range words {
		words[i] = tg.Word()
	}
	return titleCase(words)
}

// variantTitle returns old with one to three words changed.
func variantTitle(r *rand.Rand, tg *textgen.Gen, old string) string {
	for range 10 {
		words := strings.Fields(strings.ToLower(old))
		for range 1 + r.IntN(3) {
			words[r.IntN(len(words))] = tg.Word()
		}
		if t := titleCase(words); t != old {
			return t
		}
	}
	return newTitle(r, tg)
}

// titleCase capitalises words but small ones inside, and never begins
// with "By", which would read as a byline.
func titleCase(words []string) string {
	if words[0] == "by" {
		words[0] = "near"
	}
	out := make([]string, len(words))
	for i, w := range words {
		if i == 0 || i == len(words)-1 || !smallWords[w] {
			w = capitalize(w)
		}
		out[i] = w
	}
	return strings.Join(out, " ")
}

// meta is what a document's header says.
type meta struct {
	source, title string
	published     time.Time
	day           bool
}

// meta returns the metadata the header is written to carry.
func (d *doc) meta() meta {
	switch d.style {
	case styleSourceDate:
		return meta{source: d.outlet.name, published: d.when}
	case styleISODate:
		m := meta{title: d.title, published: d.when.Truncate(24 * time.Hour), day: true}
		if d.dotSite {
			m.source = d.outlet.domain
		}
		return m
	case styleTitleSite:
		return meta{source: d.outlet.domain, title: d.title}
	default:
		if d.stamped {
			return meta{title: d.title, published: d.first.Truncate(time.Minute)}
		}
		return meta{title: d.title}
	}
}

// finish renders the document and checks that its header reads back as
// written. If the body confuses the header reader (a line of it that
// looks like a date, say), the document takes the source-and-time header,
// which the body cannot change.
func (d *doc) finish() error {
	d.render()
	if d.checkHeader() == nil {
		return nil
	}
	d.style, d.dated, d.glue, d.edits.fallbackStyle = styleSourceDate, true, false, true
	d.render()
	if err := d.checkHeader(); err != nil {
		return fmt.Errorf("generate %s: %w", d.path, err)
	}
	return nil
}

// checkHeader reads the rendered text with document.ParseText and
// compares what it finds with d.meta.
func (d *doc) checkHeader() error {
	got, err := document.ParseText(d.text)
	if err != nil {
		return fmt.Errorf("header: %w", err)
	}
	want := d.meta()
	if got.Source != want.source || got.Title != want.title || !got.Published.Equal(want.published) || got.PublishedDay != want.day {
		return fmt.Errorf("header reads as source %q, title %q, published %v (day %v); want %q, %q, %v (day %v)",
			got.Source, got.Title, got.Published, got.PublishedDay, want.source, want.title, want.published, want.day)
	}
	return nil
}

// render writes the document's text.
func (d *doc) render() {
	var b strings.Builder
	o := d.outlet
	glue := false
	switch d.style {
	case styleSourceDate:
		b.WriteString(o.name + " " + d.when.Format("1/2/2006 3:04:05 PM") + "\n\n")
	case styleISODate:
		b.WriteString(" date " + d.when.Format("2006-01-02") + " " + d.title + "\n")
		if d.dotSite {
			b.WriteString("· " + o.domain + "\n")
		}
		b.WriteString("\n")
	case styleTitleSite:
		b.WriteString(d.title + "\n· " + o.domain)
		glue = d.glue
	case styleTitle:
		b.WriteString(d.title + "\n")
		if d.stamped {
			b.WriteString("Published: " + d.first.Format(stampLayout) + "\n")
			if d.version > 1 {
				b.WriteString("Updated: " + d.when.Format(stampLayout) + "\n")
			}
		}
		b.WriteString("\n")
	}

	blocks := slices.Clone(o.top)
	if d.credit != "" && d.creditTop && !d.dateline {
		blocks = append(blocks, d.credit)
	}
	for i, p := range d.paras {
		text := strings.Join(p.sents, " ")
		if i == 0 && d.dateline {
			text = d.credit + text
		}
		blocks = append(blocks, wrapText(text, d.wrap))
		if o.mid != "" && i+1 == o.midAfter && i+1 < len(d.paras) {
			blocks = append(blocks, o.mid)
		}
	}
	if o.mid != "" && o.midAfter >= len(d.paras) {
		blocks = append(blocks, o.mid)
	}
	if d.credit != "" && !d.creditTop {
		blocks = append(blocks, d.credit)
	}
	blocks = append(blocks, o.bottom...)
	if d.style == styleTitleSite {
		// "· novinite.comUS President...": scraped text may follow the
		// domain at once, when it begins with a capital.
		if c := blocks[0][0]; !glue || c < 'A' || c > 'Z' {
			b.WriteString("\n\n")
		}
	}
	b.WriteString(strings.Join(blocks, d.sep))
	b.WriteString("\n")
	d.text = []byte(b.String())
}

// wrapText breaks text into lines of at most width columns (longer words
// stand alone); width 0 leaves it on one line.
func wrapText(text string, width int) string {
	if width <= 0 {
		return text
	}
	var b strings.Builder
	col := 0
	for _, w := range strings.Fields(text) {
		n := utf8.RuneCountInString(w)
		switch {
		case col == 0:
		case col+1+n > width:
			b.WriteByte('\n')
			col = 0
		default:
			b.WriteByte(' ')
			col++
		}
		b.WriteString(w)
		col += n
	}
	return b.String()
}

// truth builds the corpus's truth.
func (c *corpus) truth() *Truth {
	cfg := c.cfg
	t := &Truth{
		About: fmt.Sprintf("Synthetic syndication corpus (provenance generate, seed %d): %d families of an original "+
			"and 1 to %d copies, %d unrelated documents and %d quote groups; prose from %s.",
			cfg.Seed, cfg.Families, cfg.MaxCopies, cfg.Unrelated, cfg.QuoteGroups, proseName(cfg)),
		Families:  []Family{},
		Unrelated: []string{},
		Note: "Copies are trimmed, re-headlined, lightly edited, re-wrapped and published by another outlet with " +
			"its own boilerplate; most credit the original's outlet, some credit nobody by name, some carry no " +
			"credit; about a quarter are copies of copies. Documents of a quote group are independent reports " +
			"that share only a few quoted sentences: they belong to no family.",
	}
	if cfg.Mode != ModeDefault {
		t.Mode = cfg.Mode
		t.About, t.Note = c.modeAbout(), modeNote(cfg.Mode)
	}
	for _, fam := range c.families {
		f := Family{Original: fam[0].path}
		for _, d := range fam {
			f.Members = append(f.Members, d.path)
			if d.parent != nil {
				why := d.why()
				if cfg.Mode != ModeDefault {
					why = d.modeWhy()
				}
				f.Edges = append(f.Edges, Edge{From: d.parent.path, To: d.path, Attributed: d.credit != "",
					Credit: d.creditKind, Dated: d.datedRelation(), Why: why})
			}
		}
		slices.Sort(f.Members)
		slices.SortFunc(f.Edges, func(a, b Edge) int {
			if c := strings.Compare(a.From, b.From); c != 0 {
				return c
			}
			return strings.Compare(a.To, b.To)
		})
		t.Families = append(t.Families, f)
	}
	slices.SortFunc(t.Families, func(a, b Family) int { return strings.Compare(a.Original, b.Original) })
	for _, d := range c.docs {
		if d.kind == kindUnrelated || d.kind == kindQuote {
			t.Unrelated = append(t.Unrelated, d.path)
		}
	}
	slices.Sort(t.Unrelated)
	for _, g := range c.groups {
		var names []string
		for _, d := range g {
			names = append(names, d.path)
		}
		slices.Sort(names)
		t.QuoteGroups = append(t.QuoteGroups, names)
	}
	slices.SortFunc(t.QuoteGroups, func(a, b []string) int { return strings.Compare(a[0], b[0]) })
	return t
}

func proseName(cfg Config) string {
	if len(cfg.Base) == 0 {
		return "internal/textgen"
	}
	names := make([]string, len(cfg.Base))
	for i, b := range cfg.Base {
		names[i] = path.Base(filepath.ToSlash(b))
	}
	return "base files in " + strings.Join(names, ", ")
}

// why says how a copy was made.
func (d *doc) why() string {
	var parts []string
	p := d.parent
	what := "the original"
	if p != d.root {
		what = "a copy"
	}
	parts = append(parts, fmt.Sprintf("%s (%s) republished %s from %s, %s later",
		d.path, d.outlet.name, what, p.outlet.name, showDelay(d.when.Sub(p.when))))
	parts = append(parts, fmt.Sprintf("kept %d of %d paragraphs", d.edits.kept, d.edits.of))
	parts = d.edits.describe(parts)
	switch {
	case d.credit == "":
		parts = append(parts, "gave no credit")
	case d.dateline:
		parts = append(parts, fmt.Sprintf("credits %s in a dateline", d.creditName))
	default:
		where := "at the bottom"
		if d.creditTop {
			where = "at the top"
		}
		parts = append(parts, fmt.Sprintf("credit line %s: %q", where, d.credit))
	}
	if d.wrap > 0 {
		parts = append(parts, fmt.Sprintf("hard line breaks at %d columns", d.wrap))
	}
	header := styleNames[d.style] + " header"
	if !d.dated {
		header += ", undated"
	}
	parts = append(parts, header)
	return strings.Join(parts, "; ")
}

// showDelay formats a delay in minutes, hours and minutes, or days and
// hours.
func showDelay(t time.Duration) string {
	m := int(t.Round(time.Minute) / time.Minute)
	switch {
	case m < 60:
		return fmt.Sprintf("%d minutes", m)
	case m < 48*60:
		return fmt.Sprintf("%dh%02dm", m/60, m%60)
	default:
		return fmt.Sprintf("%d days %d hours", m/(24*60), m/60%24)
	}
}
