package generate

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/provenance-dev/provenance/document"
)

// modeCorpus builds a corpus of a mode and its truth, which must be
// valid and record the mode.
func modeCorpus(t *testing.T, cfg Config) (*corpus, *Truth) {
	t.Helper()
	c := mustBuild(t, cfg)
	tr := c.truth()
	if err := tr.Validate(); err != nil {
		t.Fatal(err)
	}
	if tr.Mode != cfg.Mode {
		t.Errorf("truth's mode = %q, want %q", tr.Mode, cfg.Mode)
	}
	return c, tr
}

// edgesByCopy maps each copy's path to the truth's edge into it.
func edgesByCopy(tr *Truth) map[string]Edge {
	out := map[string]Edge{}
	for _, f := range tr.Families {
		for _, e := range f.Edges {
			out[e.To] = e
		}
	}
	return out
}

func copyDocs(c *corpus) []*doc {
	var out []*doc
	for _, d := range c.docs {
		if d.kind == kindCopy {
			out = append(out, d)
		}
	}
	return out
}

// share checks that an observed share is within tol of want.
func share(t *testing.T, what string, k, n int, want, tol float64) {
	t.Helper()
	if n == 0 {
		t.Errorf("%s: nothing to count", what)
		return
	}
	if got := float64(k) / float64(n); math.Abs(got-want) > tol {
		t.Errorf("%s: %d of %d = %.3f, want %.2f ± %.2f", what, k, n, got, want, tol)
	}
}

// found is a credit line found in a file.
type found struct {
	kind     string // CreditTrained or CreditHeldBack
	name     string // the outlet named, "" for nobody
	dateline bool
}

var reAgency = regexp.MustCompile(`^[A-Z][A-Z ]+ \((.+?)\) — `)

// creditsIn returns the credit lines of the file of d: whole lines that
// are a phrasing of CreditPhrasings or HeldBackPhrasings naming an outlet
// of names or nobody, and datelines naming one of names that open a
// line.
func creditsIn(d *doc, names []string) []found {
	var out []found
	for _, line := range strings.Split(string(d.text), "\n") {
		line = strings.TrimPrefix(line, "· "+d.outlet.domain) // text glued to the domain line
		for _, l := range []struct {
			kind string
			list []string
		}{{CreditTrained, CreditPhrasings}, {CreditHeldBack, HeldBackPhrasings}} {
			for _, ph := range l.list {
				switch {
				case ph == agencyDateline:
					if m := reAgency.FindStringSubmatch(line); m != nil && slices.Contains(names, m[1]) {
						out = append(out, found{l.kind, m[1], true})
					}
				case ph == datelinePhrasing:
					for _, n := range names {
						if strings.HasPrefix(line, n+" — ") {
							out = append(out, found{l.kind, n, true})
						}
					}
				case !strings.Contains(ph, "%s"):
					if line == ph {
						out = append(out, found{l.kind, "", false})
					}
				default:
					for _, n := range names {
						if line == fmt.Sprintf(ph, n) {
							out = append(out, found{l.kind, n, false})
						}
					}
				}
			}
		}
	}
	return out
}

// familyNames returns the outlet names of the family of d.
func familyNames(c *corpus, d *doc) []string {
	var out []string
	for _, m := range c.families[d.family] {
		out = append(out, m.outlet.name)
	}
	// Duplicate pages (the duplicates mode) share their outlet's name.
	slices.Sort(out)
	return slices.Compact(out)
}

var reUpdated = regexp.MustCompile(`(?m)^Updated: (.+ UTC)$`)

// shownDate is the date the file of d shows for itself: the "Updated:"
// line of an update, else the publication date its header gives; day
// says it is known to the day only.
func shownDate(t *testing.T, d *doc) (when time.Time, day bool) {
	t.Helper()
	if m := reUpdated.FindSubmatch(d.text[:min(len(d.text), 300)]); m != nil {
		w, err := time.Parse(stampLayout, string(m[1]))
		if err != nil {
			t.Fatal(err)
		}
		return w, false
	}
	got, err := document.ParseText(d.text)
	if err != nil {
		t.Fatal(err)
	}
	return got.Published, got.PublishedDay
}

// shownRelation compares the dates the files of d and its parent show:
// Undated, DatedBefore, DatedAfter, or "" when a date known to the day
// only leaves the two on the same day.
func shownRelation(t *testing.T, d *doc) string {
	a, aDay := shownDate(t, d.parent)
	b, bDay := shownDate(t, d)
	switch {
	case a.IsZero() || b.IsZero():
		return Undated
	case aDay || bDay:
		a, b = a.Truncate(24*time.Hour), b.Truncate(24*time.Hour)
	}
	switch {
	case b.Before(a):
		return DatedBefore
	case b.After(a):
		return DatedAfter
	}
	return ""
}

// TestModes_truth: in every mode the truth is valid, and each edge's
// credit kind, attribution and dating are what the files show.
func TestModes_truth(t *testing.T) {
	for _, m := range Modes() {
		t.Run(m.Name, func(t *testing.T) {
			cfg := Config{Seed: 21, Families: 40, Unrelated: 10, QuoteGroups: 2, MaxCopies: 4, Mode: m.Name}
			if m.Name == ModeStar {
				cfg.Families, cfg.MaxCopies = 4, 20
			}
			c, tr := modeCorpus(t, cfg)
			edges := edgesByCopy(tr)
			if !strings.Contains(tr.About, "--mode "+m.Name) || tr.Note == "" {
				t.Errorf("about %q, note %q", tr.About, tr.Note)
			}
			for _, d := range c.docs {
				if d.kind != kindCopy {
					if cr := creditsIn(d, familyNamesOrOwn(c, d)); len(cr) > 0 {
						t.Errorf("%s is no copy but has credits %+v", d.path, cr)
					}
					continue
				}
				e, ok := edges[d.path]
				if !ok || e.From != d.parent.path {
					t.Fatalf("%s: edge %+v, want one from %s", d.path, e, d.parent.path)
				}
				cr := creditsIn(d, familyNames(c, d))
				switch {
				case e.Attributed != (e.Credit != ""):
					t.Errorf("%s: attributed %v but credit %q", d.path, e.Attributed, e.Credit)
				case e.Credit == "" && len(cr) > 0:
					t.Errorf("%s: truth says no credit, file has %+v", d.path, cr)
				case e.Credit != "" && (len(cr) != 1 || cr[0].kind != e.Credit):
					t.Errorf("%s: truth says a %s credit, file has %+v", d.path, e.Credit, cr)
				}
				switch shown := shownRelation(t, d); {
				case e.Dated != Undated && e.Dated != DatedBefore && e.Dated != DatedAfter:
					t.Errorf("%s: dated = %q", d.path, e.Dated)
				case shown != "" && shown != e.Dated:
					t.Errorf("%s: truth says %q, files show %q", d.path, e.Dated, shown)
				}
				if m.Name == ModeVersions {
					if !strings.Contains(e.Why, "version") || !strings.Contains(e.Why, "added") {
						t.Errorf("%s: why = %q", d.path, e.Why)
					}
					continue
				}
				for _, w := range []string{"cut from", "dated", "credit"} {
					if !strings.Contains(e.Why, w) && !(w == "cut from" && strings.Contains(e.Why, "kept all")) {
						t.Errorf("%s: why %q does not say %q", d.path, e.Why, w)
					}
				}
			}
		})
	}
}

// familyNamesOrOwn is the names a document's credits could name: its
// family's outlets, or its own.
func familyNamesOrOwn(c *corpus, d *doc) []string {
	if d.family >= 0 {
		return familyNames(c, d)
	}
	return []string{d.outlet.name}
}

// TestModes_deterministic: every mode gives the same bytes for the same
// config, and none gives the default corpus.
func TestModes_deterministic(t *testing.T) {
	base := Config{Seed: 4, Families: 6, Unrelated: 3, QuoteGroups: 1, MaxCopies: 4}
	def, _, err := Corpus(base)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range Modes() {
		cfg := base
		cfg.Mode = m.Name
		if m.Name == ModeStar {
			cfg.MaxCopies = 12
		}
		a, ta, err := Corpus(cfg)
		if err != nil {
			t.Fatal(err)
		}
		b, tb, _ := Corpus(cfg)
		ja, _ := ta.Marshal()
		jb, _ := tb.Marshal()
		if !slices.EqualFunc(a, b, func(x, y File) bool { return x.Path == y.Path && bytes.Equal(x.Text, y.Text) }) || !bytes.Equal(ja, jb) {
			t.Errorf("%s: two runs differ", m.Name)
		}
		if slices.EqualFunc(a, def, func(x, y File) bool { return x.Path == y.Path && bytes.Equal(x.Text, y.Text) }) {
			t.Errorf("%s: same corpus as the default mode", m.Name)
		}
	}
}

func TestConfig_ValidateModes(t *testing.T) {
	tests := []struct {
		mode string
		max  int
		want string // "" for valid
	}{
		{"", 100, ""},
		{"", 101, "max copies = 101, want 1 to 100"},
		{ModeStar, 300, ""},
		{ModeStar, 301, "want 1 to 300 in the star mode"},
		{ModeStar, 1, ""},
		{ModeIndependent, 101, "want 1 to 100"},
		{ModeChain, 1, "want 2 to 100 in the chain mode"},
		{ModeChain, 2, ""},
		{ModeVersions, 1, ""},
		{ModeEarly, 4, ""},
		{ModeCuts, 4, ""},
		{"Star", 4, `mode "Star"`},
		{"nope", 4, `mode "nope", want one of "", "independent"`},
	}
	for _, tt := range tests {
		cfg := DefaultConfig()
		cfg.Mode, cfg.MaxCopies = tt.mode, tt.max
		err := cfg.Validate()
		if tt.want == "" {
			if err != nil {
				t.Errorf("mode %q, max %d: %v", tt.mode, tt.max, err)
			}
			continue
		}
		if !errors.Is(err, ErrConfig) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("mode %q, max %d: %v, want ErrConfig saying %q", tt.mode, tt.max, err, tt.want)
		}
	}
	if len(Modes()) != 12 {
		t.Errorf("%d modes", len(Modes()))
	}
}

// TestHeldBackPhrasings: the held-back phrasings are others than the
// trained ones, at least ten, each with a place, and all but one name
// the outlet once.
func TestHeldBackPhrasings(t *testing.T) {
	if len(HeldBackPhrasings) < 10 {
		t.Errorf("%d held-back phrasings, want at least 10", len(HeldBackPhrasings))
	}
	norm := func(s string) string { return strings.Join(strings.Fields(strings.ToLower(s)), " ") }
	generic := 0
	places := map[placement]int{}
	for _, h := range HeldBackPhrasings {
		for _, ph := range CreditPhrasings {
			if norm(h) == norm(ph) {
				t.Errorf("held-back %q is a trained phrasing", h)
			}
		}
		place, ok := heldBackPlace[h]
		if !ok {
			t.Errorf("%q has no place", h)
		}
		places[place]++
		switch strings.Count(h, "%s") {
		case 0:
			generic++
		case 1:
		default:
			t.Errorf("%q names the outlet twice", h)
		}
	}
	if len(heldBackPlace) != len(HeldBackPhrasings) {
		t.Errorf("%d places for %d phrasings", len(heldBackPlace), len(HeldBackPhrasings))
	}
	if generic != 1 || places[placeTop] == 0 || places[placeBottom] == 0 || places[placeDateline] != 1 {
		t.Errorf("%d generic phrasings, places %v; want 1, and some at the top, some at the bottom, one dateline", generic, places)
	}
}

// TestAnyOutletName: the names of the modes that choose any shape have
// every shape promised, and every one reads back from a source-and-time
// header, the style documents fall back to.
func TestAnyOutletName(t *testing.T) {
	outlets := newOutlets(newRand(3, streamOutlets, 0), 2000, anyOutletName)
	shapes := map[string]*regexp.Regexp{
		"News":                regexp.MustCompile(`\bNews\b`),
		"Post":                regexp.MustCompile(`\bPost\b`),
		"Times":               regexp.MustCompile(`\bTimes\b`),
		"Wire":                regexp.MustCompile(`\bWire\b`),
		"Media":               regexp.MustCompile(`\bMedia\b`),
		"Press":               regexp.MustCompile(`\bPress\b`),
		"Agency":              regexp.MustCompile(`\bAgency\b`),
		"Network":             regexp.MustCompile(`\bNetwork\b`),
		"ampersand":           regexp.MustCompile(`&`),
		"digits":              regexp.MustCompile(`[0-9]`),
		"call letters":        regexp.MustCompile(`^[KW][A-Z]{3}$`),
		"slashed acronym":     regexp.MustCompile(`^[A-Z]{3}/[A-Z]{2}$`),
		"one word":            regexp.MustCompile(`^[A-Za-z]+$`),
		"lower-case last":     regexp.MustCompile(` [a-z]+$`),
		"the inside":          regexp.MustCompile(`. the `),
		"and, on, under, ...": regexp.MustCompile(` (and|on|under|with|as) `),
	}
	count := map[string]int{}
	when := time.Date(2025, 7, 3, 12, 27, 12, 0, time.UTC)
	for _, o := range outlets {
		for s, re := range shapes {
			if re.MatchString(o.name) {
				count[s]++
			}
		}
		d := &doc{outlet: o, style: styleSourceDate, dated: true, when: when, title: "A Title", sep: "\n\n",
			paras: []para{{sents: []string{"Some text of the body here."}}}}
		if err := d.checkHeaderAfterRender(); err != nil {
			t.Errorf("outlet %q: %v", o.name, err)
		}
		if o.slug == "" || strings.ContainsAny(o.domain, " &/") {
			t.Errorf("outlet %q: slug %q, domain %q", o.name, o.slug, o.domain)
		}
	}
	for s := range shapes {
		if count[s] < 5 {
			t.Errorf("%d names of shape %q in %d", count[s], s, len(outlets))
		}
	}
}

func (d *doc) checkHeaderAfterRender() error {
	d.render()
	return d.checkHeader()
}

// cutOf says where the file of d was cut from its parent: it holds the
// parent's first paragraph or not, its last or not (each when at least
// a third of the paragraph's 4-word sequences are in the file).
func cutOf(d *doc) cutPos {
	text := " " + strings.Join(words(string(d.text)), " ") + " "
	holds := func(p para) bool {
		w := words(strings.Join(p.sents, " "))
		k := min(4, len(w))
		in, n := 0, 0
		for i := 0; i+k <= len(w); i++ {
			n++
			if strings.Contains(text, " "+strings.Join(w[i:i+k], " ")+" ") {
				in++
			}
		}
		return 3*in >= n
	}
	ps := d.parent.paras
	switch first, last := holds(ps[0]), holds(ps[len(ps)-1]); {
	case first:
		return fromStart
	case last:
		return fromEnd
	}
	return fromMiddle
}

func TestMode_independent(t *testing.T) {
	c, tr := modeCorpus(t, Config{Seed: 22, Families: 400, MaxCopies: 4, Mode: ModeIndependent})
	edges := edgesByCopy(tr)
	var n, undated, datedCopies, before, credited, heldBack, chainedNamed, namesParent, agree int
	undatedBy := map[bool][2]int{} // by whether the parent shows a date: undated copies, copies
	cuts := map[cutPos]int{}
	phrasings := map[string]bool{}
	for _, d := range copyDocs(c) {
		n++
		e := edges[d.path]
		got, err := document.ParseText(d.text)
		if err != nil {
			t.Fatal(err)
		}
		pd, _ := shownDate(t, d.parent)
		u := undatedBy[!pd.IsZero()]
		u[1]++
		if got.Published.IsZero() {
			undated++
			u[0]++
		} else {
			datedCopies++
			if d.when.Before(d.parent.when) {
				before++
				if delay := d.parent.when.Sub(d.when); delay < minEarly || delay > maxEarly {
					t.Errorf("%s dated %v before its parent", d.path, delay)
				}
			}
		}
		undatedBy[!pd.IsZero()] = u
		pos := cutOf(d)
		cuts[pos]++
		if pos == d.edits.cut {
			agree++
		}
		cr := creditsIn(d, familyNames(c, d))
		if len(cr) == 1 {
			credited++
			if cr[0].kind == CreditHeldBack {
				heldBack++
			}
			if d.parent != d.root && cr[0].name != "" {
				chainedNamed++
				if cr[0].name == d.parent.outlet.name {
					namesParent++
				} else if cr[0].name != d.root.outlet.name {
					t.Errorf("%s credits %s, neither its parent's outlet nor the original's", d.path, cr[0].name)
				}
			}
			if cr[0].kind == CreditHeldBack {
				phrasings[heldBackPhrasingOf(d)] = true
			}
		}
		if e.Credit == "" != (len(cr) == 0) {
			t.Errorf("%s: truth credit %q, file credits %+v", d.path, e.Credit, cr)
		}
	}
	t.Logf("%d copies: %d undated, %d of %d dated before their parent, %d credited (%d held back), cuts %v",
		n, undated, before, datedCopies, credited, heldBack, cuts)
	if n < 800 {
		t.Fatalf("%d copies", n)
	}
	share(t, "undated copies", undated, n, pUndatedIndependent, 0.05)
	for parentDated, u := range undatedBy {
		share(t, fmt.Sprintf("undated copies of parents dated %v", parentDated), u[0], u[1], pUndatedIndependent, 0.07)
	}
	share(t, "dated copies dated before their parent", before, datedCopies, pBeforeIndependent, 0.04)
	share(t, "copies with credit lines", credited, n, 1-pUnattributed, 0.05)
	share(t, "held-back credits among credits", heldBack, credited, 0.5, 0.07)
	share(t, "copies of copies crediting their parent's outlet", namesParent, chainedNamed, 0.5, 0.15)
	for p := fromStart; p <= fromEnd; p++ {
		share(t, "copies cut "+cutNames[p], cuts[p], n, 1.0/3, 0.06)
	}
	if float64(agree) < 0.97*float64(n) {
		t.Errorf("the files show the recorded cut for %d of %d copies", agree, n)
	}
	if len(phrasings) < 12 {
		t.Errorf("%d held-back phrasings used, want nearly all of %d", len(phrasings), len(HeldBackPhrasings))
	}
	// Outlet names of any shape make no prose shared between families.
	owner := map[string]int{}
	for _, d := range c.docs {
		for g := range grams(strings.Join(bodyWords(d), " ")) {
			if f, ok := owner[g]; ok && f != d.family {
				t.Errorf("%s (family %d) shares %q with family %d", d.path, d.family, g, f)
				break
			}
			owner[g] = d.family
		}
	}
}

// heldBackPhrasingOf returns the held-back phrasing of d's credit line.
func heldBackPhrasingOf(d *doc) string {
	for _, ph := range HeldBackPhrasings {
		if ph == agencyDateline && reAgency.MatchString(d.credit) ||
			d.credit == ph || d.creditName != "" && d.credit == fmt.Sprintf(ph, d.creditName) {
			return ph
		}
	}
	return ""
}

func TestMode_star(t *testing.T) {
	c, tr := modeCorpus(t, Config{Seed: 23, Families: 8, Unrelated: 5, MaxCopies: 60, Mode: ModeStar})
	var n, uncredited, heldBack, undated int
	cuts := map[cutPos]int{}
	for _, f := range tr.Families {
		if k := len(f.Edges); k < minStarCopies || k > 60 {
			t.Errorf("family of %s has %d copies, want 10 to 60", f.Original, k)
		}
		for _, e := range f.Edges {
			if e.From != f.Original {
				t.Errorf("edge %s -> %s is not from the original %s", e.From, e.To, f.Original)
			}
			if e.Dated == DatedBefore {
				t.Errorf("%s dated before the original", e.To)
			}
		}
	}
	for _, d := range copyDocs(c) {
		n++
		cr := creditsIn(d, familyNames(c, d))
		switch {
		case len(cr) == 0:
			uncredited++
		case cr[0].name != d.root.outlet.name:
			t.Errorf("%s credits %q, want the original's outlet %s", d.path, cr[0].name, d.root.outlet.name)
		case cr[0].kind == CreditHeldBack:
			heldBack++
		}
		if p, _ := shownDate(t, d); p.IsZero() {
			undated++
		}
		if p, _ := shownDate(t, d.parent); p.IsZero() {
			t.Errorf("original %s shows no date", d.parent.path)
		}
		cuts[cutOf(d)]++
	}
	t.Logf("%d copies: %d uncredited, %d held back, %d undated, cuts %v", n, uncredited, heldBack, undated, cuts)
	share(t, "uncredited copies", uncredited, n, pUncreditedStar, 0.06)
	share(t, "held-back credits", heldBack, n-uncredited, 0.5, 0.1)
	share(t, "undated copies", undated, n, pUndatedStar, 0.06)
	for p := fromStart; p <= fromEnd; p++ {
		share(t, "copies cut "+cutNames[p], cuts[p], n, 1.0/3, 0.1)
	}

	// Up to 300 copies, and all of MaxCopies below 10.
	_, tr = modeCorpus(t, Config{Seed: 24, Families: 2, MaxCopies: 300, Mode: ModeStar})
	for _, f := range tr.Families {
		if k := len(f.Edges); k < minStarCopies || k > 300 {
			t.Errorf("family of %d copies, want 10 to 300", k)
		}
	}
	_, tr = modeCorpus(t, Config{Seed: 25, Families: 3, MaxCopies: 6, Mode: ModeStar})
	for _, f := range tr.Families {
		if len(f.Edges) != 6 {
			t.Errorf("family of %d copies, want MaxCopies 6", len(f.Edges))
		}
	}
}

func TestMode_chain(t *testing.T) {
	const maxCopies = 6
	c, tr := modeCorpus(t, Config{Seed: 26, Families: 80, MaxCopies: maxCopies, Mode: ModeChain})
	for _, f := range tr.Families {
		if k := len(f.Edges); k < 2 || k > maxCopies {
			t.Errorf("chain of %s has %d copies, want 2 to %d", f.Original, k, maxCopies)
		}
		from := map[string]int{}
		for _, e := range f.Edges {
			from[e.From]++
		}
		for p, k := range from {
			if k > 1 {
				t.Errorf("%s has %d copies in a chain", p, k)
			}
		}
	}
	var n, links, inherits, undated, heldBack int
	for _, d := range copyDocs(c) {
		n++
		cr := creditsIn(d, familyNames(c, d))
		switch {
		case len(cr) != 1:
			t.Errorf("%s: credits %+v, want one", d.path, cr)
		case cr[0].name != d.parent.outlet.name:
			t.Errorf("%s credits %q, want its parent's outlet %s", d.path, cr[0].name, d.parent.outlet.name)
		case cr[0].kind == CreditHeldBack:
			heldBack++
		}
		if p, _ := shownDate(t, d); p.IsZero() {
			undated++
		}
		if d.parent == d.root {
			continue
		}
		// A later link holds edits of its parent that the original
		// lacks.
		links++
		body := func(d *doc) map[string]bool { return grams(strings.Join(bodyWords(d), " ")) }
		mine, parent, orig := body(d), body(d.parent), body(d.root)
		for g := range mine {
			if parent[g] && !orig[g] {
				inherits++
				break
			}
		}
	}
	t.Logf("%d copies, %d held back, %d undated; %d of %d later links hold their parent's edits", n, heldBack, undated, inherits, links)
	share(t, "held-back credits", heldBack, n, 0.5, 0.08)
	share(t, "undated copies", undated, n, pUndatedChain, 0.06)
	if float64(inherits) < 0.9*float64(links) {
		t.Errorf("%d of %d later links hold text of their parent that the original lacks, want >= 90%%", inherits, links)
	}
}

// bodyWords returns the words of the body of d's file: without its
// header lines, its outlet's boilerplate and its credit line.
func bodyWords(d *doc) []string {
	lines := strings.Split(withoutSiteLines(d), "\n")[1:] // the first line is the header's
	for len(lines) > 0 && (lines[0] == "" || strings.HasPrefix(lines[0], "· ") ||
		strings.HasPrefix(lines[0], "Published: ") || strings.HasPrefix(lines[0], "Updated: ")) {
		lines = lines[1:]
	}
	return words(strings.Join(lines, "\n"))
}

// bodyWithoutDateline is bodyWords without a dateline credit.
func bodyWithoutDateline(d *doc) []string {
	w := bodyWords(d)
	if d.dateline {
		w = w[len(words(d.credit)):]
	}
	return w
}

// lcs returns the length of the longest common subsequence of a and b.
func lcs(a, b []string) int {
	prev, cur := make([]int, len(b)+1), make([]int, len(b)+1)
	for i := range a {
		for j := range b {
			switch {
			case a[i] == b[j]:
				cur[j+1] = prev[j] + 1
			case prev[j+1] > cur[j]:
				cur[j+1] = prev[j+1]
			default:
				cur[j+1] = cur[j]
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func TestMode_versions(t *testing.T) {
	c, tr := modeCorpus(t, Config{Seed: 27, Families: 60, MaxCopies: 8, Mode: ModeVersions})
	for _, f := range tr.Families {
		if k := len(f.Members); k < 2 || k > maxVersions {
			t.Errorf("family of %s has %d versions, want 2 to %d", f.Original, k, maxVersions)
		}
		for _, e := range f.Edges {
			if e.Attributed || e.Credit != "" {
				t.Errorf("%s: credit %q", e.To, e.Credit)
			}
		}
	}
	datedFamilies := 0
	for _, fam := range c.families {
		first, _ := shownDate(t, fam[0])
		if !first.IsZero() {
			datedFamilies++
		}
		for i, d := range fam {
			got, err := document.ParseText(d.text)
			if err != nil {
				t.Fatal(err)
			}
			if got.Source != "" && got.Source != fam[0].outlet.name && got.Source != fam[0].outlet.domain {
				t.Errorf("%s: source %q, want the first version's outlet %s", d.path, got.Source, fam[0].outlet.name)
			}
			if !strings.HasPrefix(d.path, fam[0].outlet.slug+"/") {
				t.Errorf("%s is not in the folder of %s", d.path, fam[0].path)
			}
			if cr := creditsIn(d, []string{d.outlet.name}); len(cr) > 0 {
				t.Errorf("%s: credits %+v", d.path, cr)
			}
			when, _ := shownDate(t, d)
			if when.IsZero() != first.IsZero() {
				t.Errorf("%s: shown date %v in a family whose first version shows %v", d.path, when, first)
			}
			if i == 0 {
				continue
			}
			if rel := shownRelation(t, d); rel == DatedBefore {
				t.Errorf("%s dated before the version it updates", d.path)
			}
			if delay := d.when.Sub(d.parent.when); delay < minUpdate || delay > maxUpdate+time.Second {
				t.Errorf("%s: updated %v after the version before", d.path, delay)
			}
			old, now := bodyWords(d.parent), bodyWords(d)
			if len(now) <= len(old) {
				t.Errorf("%s: %d words, not more than the %d of the version before", d.path, len(now), len(old))
			}
			if kept := float64(lcs(old, now)) / float64(len(old)); kept < 0.85 {
				t.Errorf("%s keeps %.2f of the words of %s, want >= 0.85", d.path, kept, d.parent.path)
			}
		}
	}
	share(t, "dated families", datedFamilies, len(c.families), 0.5, 0.2)
}

func TestMode_early(t *testing.T) {
	c, tr := modeCorpus(t, Config{Seed: 28, Families: 200, MaxCopies: 4, Mode: ModeEarly})
	strict := 0
	for _, d := range copyDocs(c) {
		a, aDay := shownDate(t, d.parent)
		b, bDay := shownDate(t, d)
		if a.IsZero() || b.IsZero() {
			t.Errorf("%s or its parent %s shows no date", d.path, d.parent.path)
			continue
		}
		if aDay || bDay {
			if b.Truncate(24 * time.Hour).After(a.Truncate(24 * time.Hour)) {
				t.Errorf("%s dated %v, a day after its parent %s (%v)", d.path, b, d.parent.path, a)
			}
			continue
		}
		strict++
		if !b.Before(a) {
			t.Errorf("%s dated %v, not before its parent %s (%v)", d.path, b, d.parent.path, a)
		}
		if delay := a.Sub(b); delay < minEarly-time.Second || delay > maxEarly+time.Second {
			t.Errorf("%s dated %v before its parent", d.path, delay)
		}
	}
	if strict < 50 {
		t.Errorf("%d copies and parents both dated to the second", strict)
	}
	for _, f := range tr.Families {
		for _, e := range f.Edges {
			if e.Dated != DatedBefore {
				t.Errorf("%s: dated %q", e.To, e.Dated)
			}
		}
	}
}

func TestMode_cuts(t *testing.T) {
	c, _ := modeCorpus(t, Config{Seed: 29, Families: 200, MaxCopies: 4, Mode: ModeCuts})
	var n int
	cuts := map[cutPos]int{}
	for _, d := range copyDocs(c) {
		n++
		// The copy's body does not start with its parent's.
		mine, theirs := bodyWithoutDateline(d), bodyWithoutDateline(d.parent)
		k := min(8, len(mine), len(theirs))
		if slices.Equal(mine[:k], theirs[:k]) {
			t.Errorf("%s starts as its parent %s does: %q", d.path, d.parent.path, strings.Join(mine[:k], " "))
		}
		pos := cutOf(d)
		if pos == fromStart {
			t.Errorf("%s holds its parent's first paragraph", d.path)
		}
		cuts[pos]++
	}
	share(t, "copies cut from the middle", cuts[fromMiddle], n, 0.5, 0.08)
	share(t, "copies cut from the end", cuts[fromEnd], n, 0.5, 0.08)
}
