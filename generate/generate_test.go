package generate

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/provenance-dev/provenance/document"
	"github.com/provenance-dev/provenance/lineage"
)

func smallConfig(seed uint64) Config {
	return Config{Seed: seed, Families: 30, Unrelated: 20, QuoteGroups: 5, MaxCopies: 4}
}

func mustBuild(t testing.TB, cfg Config) *corpus {
	t.Helper()
	c, err := build(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestConfig_Validate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Config)
		want   string
	}{
		{"default", func(*Config) {}, ""},
		{"families only", func(c *Config) { c.Unrelated, c.QuoteGroups = 0, 0 }, ""},
		{"unrelated only", func(c *Config) { c.Families, c.QuoteGroups = 0, 0 }, ""},
		{"negative families", func(c *Config) { c.Families = -1 }, "families = -1"},
		{"negative unrelated", func(c *Config) { c.Unrelated = -2 }, "unrelated = -2"},
		{"negative quote groups", func(c *Config) { c.QuoteGroups = -3 }, "quote groups = -3"},
		{"too many families", func(c *Config) { c.Families = maxCount + 1 }, "families"},
		{"no copies", func(c *Config) { c.MaxCopies = 0 }, "max copies = 0"},
		{"too many copies", func(c *Config) { c.MaxCopies = maxMaxCopies + 1 }, "max copies"},
		{"nothing", func(c *Config) { c.Families, c.Unrelated, c.QuoteGroups = 0, 0, 0 }, "nothing to generate"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := DefaultConfig()
			tt.change(&cfg)
			err := cfg.Validate()
			if tt.want == "" {
				if err != nil {
					t.Errorf("Validate() = %v, want nil", err)
				}
				return
			}
			if !errors.Is(err, ErrConfig) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Validate() = %v, want ErrConfig saying %q", err, tt.want)
			}
			if _, _, err := Corpus(cfg); !errors.Is(err, ErrConfig) {
				t.Errorf("Corpus() error = %v, want ErrConfig", err)
			}
		})
	}
}

// TestCorpus_deterministic: the same config gives the same bytes, in
// memory and on disk; another seed gives other bytes.
func TestCorpus_deterministic(t *testing.T) {
	cfg := smallConfig(7)
	files1, truth1, err := Corpus(cfg)
	if err != nil {
		t.Fatal(err)
	}
	files2, truth2, err := Corpus(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.EqualFunc(files1, files2, func(a, b File) bool { return a.Path == b.Path && bytes.Equal(a.Text, b.Text) }) {
		t.Error("two runs with one config gave different files")
	}
	j1, _ := truth1.Marshal()
	j2, _ := truth2.Marshal()
	if !bytes.Equal(j1, j2) {
		t.Error("two runs with one config gave different truths")
	}

	dirs := []string{t.TempDir(), t.TempDir()}
	for _, d := range dirs {
		tr, err := Write(cfg, d)
		if err != nil {
			t.Fatal(err)
		}
		if err := tr.WriteFile(filepath.Join(d, "truth.json")); err != nil {
			t.Fatal(err)
		}
	}
	tree0, tree1 := readTree(t, dirs[0]), readTree(t, dirs[1])
	if len(tree0) != len(files1)+1 {
		t.Errorf("wrote %d files, want %d documents and the truth", len(tree0), len(files1))
	}
	for p, data := range tree0 {
		if !bytes.Equal(tree1[p], data) {
			t.Errorf("%s differs between two writes", p)
		}
	}
	for _, f := range files1 {
		if !bytes.Equal(tree0[f.Path], f.Text) {
			t.Errorf("%s on disk differs from Corpus", f.Path)
		}
	}

	other, _, err := Corpus(smallConfig(8))
	if err != nil {
		t.Fatal(err)
	}
	if slices.EqualFunc(files1, other, func(a, b File) bool { return a.Path == b.Path && bytes.Equal(a.Text, b.Text) }) {
		t.Error("seeds 7 and 8 gave the same corpus")
	}
	same := 0
	for _, f := range other {
		if i, ok := slices.BinarySearchFunc(files1, f.Path, func(a File, p string) int { return strings.Compare(a.Path, p) }); ok && bytes.Equal(files1[i].Text, f.Text) {
			same++
		}
	}
	if same > 0 {
		t.Errorf("seeds 7 and 8 share %d identical files", same)
	}
}

func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		data, err := os.ReadFile(p)
		out[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestCorpus_truth: the truth is consistent, names exactly the files
// written, and has the families and documents asked for; names reveal
// nothing of families.
func TestCorpus_truth(t *testing.T) {
	for _, cfg := range []Config{smallConfig(1), {Seed: 2, Families: 40, MaxCopies: 1}, {Seed: 3, Unrelated: 5, QuoteGroups: 3, MaxCopies: 2}} {
		t.Run(fmt.Sprintf("seed=%d", cfg.Seed), func(t *testing.T) {
			dir := t.TempDir()
			tr, err := Write(cfg, dir)
			if err != nil {
				t.Fatal(err)
			}
			if err := tr.Validate(); err != nil {
				t.Fatal(err)
			}
			tree := readTree(t, dir)
			docs := tr.Documents()
			if len(docs) != len(tree) {
				t.Errorf("truth names %d documents, %d files written", len(docs), len(tree))
			}
			for _, d := range docs {
				if _, ok := tree[d]; !ok {
					t.Errorf("truth names %s, which was not written", d)
				}
			}
			if len(tr.Families) != cfg.Families {
				t.Errorf("%d families, want %d", len(tr.Families), cfg.Families)
			}
			reports := 0
			for _, g := range tr.QuoteGroups {
				reports += len(g)
				if len(g) < 2 || len(g) > 4 {
					t.Errorf("quote group of %d, want 2 to 4", len(g))
				}
			}
			if len(tr.QuoteGroups) != cfg.QuoteGroups || len(tr.Unrelated) != cfg.Unrelated+reports {
				t.Errorf("%d quote groups and %d unrelated, want %d and %d", len(tr.QuoteGroups), len(tr.Unrelated), cfg.QuoteGroups, cfg.Unrelated+reports)
			}
			for _, f := range tr.Families {
				if n := len(f.Members) - 1; n < 1 || n > cfg.MaxCopies {
					t.Errorf("family of %s has %d copies, want 1 to %d", f.Original, n, cfg.MaxCopies)
				}
				if len(f.Edges) != len(f.Members)-1 {
					t.Errorf("family of %s: %d edges for %d members", f.Original, len(f.Edges), len(f.Members))
				}
				for _, e := range f.Edges {
					if !strings.Contains(e.Why, "republished") {
						t.Errorf("edge %s -> %s: why = %q", e.From, e.To, e.Why)
					}
				}
			}
			for _, d := range docs {
				dir, base, _ := strings.Cut(d, "/")
				if dir == "" || strings.Contains(base, "/") || len(strings.TrimSuffix(base, ".txt")) < 6 || !strings.HasSuffix(base, ".txt") {
					t.Errorf("path %q is not <outlet>/<number>.txt", d)
				}
			}
		})
	}
}

// TestCorpus_names: document numbers are random, not in the order of
// families and members.
func TestCorpus_names(t *testing.T) {
	c := mustBuild(t, smallConfig(4))
	rising := 0
	for i := 1; i < len(c.docs); i++ {
		if filepath.Base(c.docs[i].path) > filepath.Base(c.docs[i-1].path) {
			rising++
		}
	}
	if share := float64(rising) / float64(len(c.docs)-1); share < 0.35 || share > 0.65 {
		t.Errorf("%.2f of consecutive documents have rising numbers, want about half", share)
	}
}

// words returns the lower-cased letter and digit runs of s.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// grams returns the 8-word sequences of s.
func grams(s string) map[string]bool {
	w := words(s)
	out := map[string]bool{}
	for i := 0; i+8 <= len(w); i++ {
		out[strings.Join(w[i:i+8], " ")] = true
	}
	return out
}

// bodyText is a document's body paragraphs; inherited only leaves out
// paragraphs written for it.
func (d *doc) bodyText(inherited bool) string {
	var b strings.Builder
	for _, p := range d.paras {
		if inherited && p.local {
			continue
		}
		b.WriteString(strings.Join(p.sents, " "))
		b.WriteString("\n")
	}
	return b.String()
}

// TestCorpus_copiesShareText: a copy's inherited text is mostly in its
// parent, and begins with words of its parent's beginning.
func TestCorpus_copiesShareText(t *testing.T) {
	c := mustBuild(t, Config{Seed: 5, Families: 60, MaxCopies: 4})
	var total float64
	n := 0
	for _, d := range c.docs {
		if d.kind != kindCopy {
			continue
		}
		parent := grams(string(d.parent.text))
		mine := grams(d.bodyText(true))
		in := 0
		for g := range mine {
			if parent[g] {
				in++
			}
		}
		share := float64(in) / float64(len(mine))
		if share < 0.5 {
			t.Errorf("%s: %.2f of its inherited 8-word sequences are in its parent %s, want >= 0.5", d.path, share, d.parent.path)
		}
		total += share
		n++

		// The first 20 body words, in the parent, bar substitutions.
		first := words(strings.Join(d.paras[0].sents, " "))
		pw := words(d.parent.bodyText(false))
		if len(first) > 20 {
			first = first[:20]
		}
		diff := 0
		for i := range first {
			if i >= len(pw) || first[i] != pw[i] {
				diff++
			}
		}
		if diff > 4 && !d.edits.rewritten {
			t.Errorf("%s: %d of its first %d words differ from its parent's", d.path, diff, len(first))
		}
		if bytes.Equal(d.text, d.parent.text) || d.title == d.parent.title {
			t.Errorf("%s: same text or headline as its parent", d.path)
		}
	}
	if mean := total / float64(n); mean < 0.7 {
		t.Errorf("mean share of inherited text in the parent = %.2f, want >= 0.7", mean)
	}
}

// TestCorpus_noAccidentalSharing: documents of different families, and
// unrelated documents, share no 8-word sequence outside their outlets'
// boilerplate and their credit lines; quote group reports count as one
// family here (TestCorpus_quoteGroups checks them).
func TestCorpus_noAccidentalSharing(t *testing.T) {
	c := mustBuild(t, Config{Seed: 6, Families: 40, Unrelated: 60, QuoteGroups: 8, MaxCopies: 4})
	checkNoSharing(t, c)
}

// withoutSiteLines returns d's text without its outlet's boilerplate
// lines, its credit line and its domain line.
func withoutSiteLines(d *doc) string {
	drop := append(d.outlet.boilerplate(), d.credit)
	var b strings.Builder
	for _, l := range strings.Split(string(d.text), "\n") {
		l = strings.TrimPrefix(l, "· "+d.outlet.domain) // text glued to the domain line
		if !slices.Contains(drop, l) {
			b.WriteString(l)
			b.WriteString("\n")
		}
	}
	return b.String()
}

// TestCorpus_headersRoundTrip: every header reads back through
// document.ParseText as written, and all styles occur.
func TestCorpus_headersRoundTrip(t *testing.T) {
	c := mustBuild(t, Config{Seed: 11, Families: 80, Unrelated: 80, QuoteGroups: 8, MaxCopies: 4})
	styles := map[style]int{}
	glued := 0
	for _, d := range c.docs {
		styles[d.style]++
		got, err := document.ParseText(d.text)
		if err != nil {
			t.Fatalf("%s: %v", d.path, err)
		}
		want := d.meta()
		if got.Source != want.source || got.Title != want.title || !got.Published.Equal(want.published) || got.PublishedDay != want.day {
			t.Errorf("%s: header reads as (%q, %q, %v, day %v), want (%q, %q, %v, day %v)\n%s", d.path,
				got.Source, got.Title, got.Published, got.PublishedDay, want.source, want.title, want.published, want.day, firstLines(d.text))
		}
		if want.published.IsZero() == d.dated {
			t.Errorf("%s: dated = %v but header date %v", d.path, d.dated, want.published)
		}
		if d.style == styleSourceDate && want.source != d.outlet.name || d.style == styleTitleSite && want.source != d.outlet.domain {
			t.Errorf("%s: source %q is not its outlet %s", d.path, want.source, d.outlet.name)
		}
		if d.style == styleTitleSite && !bytes.Contains(d.text, []byte("· "+d.outlet.domain+"\n")) {
			glued++
		}
	}
	for s := range styleNames {
		if styles[style(s)] == 0 {
			t.Errorf("no document has the %s header", styleNames[s])
		}
	}
	if glued == 0 {
		t.Error("no document has text glued to its domain line")
	}
}

func firstLines(text []byte) string {
	lines := strings.SplitN(string(text), "\n", 5)
	return strings.Join(lines[:min(4, len(lines))], "\n")
}

// TestCorpus_dates: a copy is published after its parent, and when both
// show a date the copy's is not earlier (at the precision both have).
func TestCorpus_dates(t *testing.T) {
	c := mustBuild(t, Config{Seed: 12, Families: 100, MaxCopies: 4})
	both := 0
	for _, d := range c.docs {
		if d.kind != kindCopy {
			continue
		}
		delay := d.when.Sub(d.parent.when)
		if delay < minDelay || delay > maxDelay+time.Second {
			t.Errorf("%s: published %v after its parent, want %v to %v", d.path, delay, minDelay, maxDelay)
		}
		a, err := document.ParseText(d.parent.text)
		if err != nil {
			t.Fatal(err)
		}
		b, err := document.ParseText(d.text)
		if err != nil {
			t.Fatal(err)
		}
		if a.Published.IsZero() || b.Published.IsZero() {
			continue
		}
		both++
		pa, pb := a.Published, b.Published
		if a.PublishedDay || b.PublishedDay {
			pa, pb = pa.Truncate(24*time.Hour), pb.Truncate(24*time.Hour)
			if pb.Before(pa) {
				t.Errorf("%s dated %v, before its parent %s (%v)", d.path, pb, d.parent.path, pa)
			}
		} else if !pb.After(pa) {
			t.Errorf("%s dated %v, not after its parent %s (%v)", d.path, pb, d.parent.path, pa)
		}
	}
	if both == 0 {
		t.Error("no copy and parent both dated")
	}
}

// within checks that an observed share is within 4 standard errors of p.
func within(t *testing.T, what string, k, n int, p float64) {
	t.Helper()
	got := float64(k) / float64(n)
	if tol := 4 * math.Sqrt(p*(1-p)/float64(n)); math.Abs(got-p) > tol {
		t.Errorf("%s: %d of %d = %.3f, want %.3f ± %.3f", what, k, n, got, p, tol)
	}
}

// TestCorpus_rates: the syndication effects happen about as often as
// documented.
func TestCorpus_rates(t *testing.T) {
	c := mustBuild(t, Config{Seed: 13, Families: 600, Unrelated: 200, MaxCopies: 4})
	var copies, chained, unattributed, top, dateline, generic, local, rewritten, wrapped, dated, docs, fallback int
	var keptShare float64
	for _, d := range c.docs {
		docs++
		if d.dated {
			dated++
		}
		if d.wrap > 0 {
			wrapped++
		}
		if d.edits.fallbackStyle {
			fallback++
		}
		if d.kind != kindCopy {
			continue
		}
		copies++
		if d.parent != d.root {
			chained++
		}
		switch {
		case d.credit == "":
			unattributed++
		case d.dateline:
			dateline++
		case d.creditName == "":
			generic++
		}
		if d.credit != "" && d.creditTop && !d.dateline {
			top++
		}
		if d.edits.local {
			local++
		}
		if d.edits.rewritten {
			rewritten++
		}
		k := float64(d.edits.kept) / float64(d.edits.of)
		if k < 0.3-1e-9 || k > 1 {
			t.Errorf("%s kept %d of %d paragraphs", d.path, d.edits.kept, d.edits.of)
		}
		keptShare += k
		if r := d.edits.rate; r < 30 || r > 100 {
			t.Errorf("%s: substitution rate 1 in %d", d.path, r)
		}
	}
	within(t, "copies of copies", chained, copies, pCopyOfCopy)
	within(t, "unattributed copies", unattributed, copies, pUnattributed)
	within(t, "datelines among copies", dateline, copies, (1-pUnattributed)/float64(len(CreditPhrasings)))
	within(t, "generic credits among copies", generic, copies, (1-pUnattributed)/float64(len(CreditPhrasings)))
	within(t, "credit lines at the top", top, copies-unattributed-dateline, 0.5)
	within(t, "local paragraphs", local, copies, pLocal)
	within(t, "rewritten sentences", rewritten, copies, pRewrite)
	within(t, "hard-wrapped documents", wrapped, docs, 0.5)
	within(t, "dated documents", dated-fallback, docs, pDated)
	if mean := keptShare / float64(copies); mean < 0.6 || mean > 0.75 {
		t.Errorf("mean share of paragraphs kept = %.3f, want about 0.65", mean)
	}
}

// TestCorpus_credits: credit lines name the family's original outlet (or
// nobody), lineage finds them, and documents that are not copies carry
// none; boilerplate is no credit.
func TestCorpus_credits(t *testing.T) {
	c := mustBuild(t, Config{Seed: 14, Families: 80, Unrelated: 30, QuoteGroups: 4, MaxCopies: 4})
	for _, o := range c.outlets {
		for _, l := range o.boilerplate() {
			if cr := lineage.FindCredits([]byte(l)); len(cr) > 0 {
				t.Errorf("boilerplate %q reads as a credit: %+v", l, cr)
			}
		}
	}
	for _, d := range c.docs {
		found := lineage.FindCredits(d.text)
		if d.dateline {
			// A dateline reads as a possible credit, for lineage to
			// check against the family's sources.
			if len(found) != 1 || !found[0].Dateline || found[0].Name != d.creditName {
				t.Errorf("%s: credits %+v, want the dateline naming %s", d.path, found, d.creditName)
			}
			continue
		}
		if d.kind != kindCopy || d.credit == "" {
			if len(found) > 0 {
				t.Errorf("%s (no credit line) has credits %+v", d.path, found)
			}
			continue
		}
		if d.creditName != "" && d.creditName != d.root.outlet.name {
			t.Errorf("%s credits %s, want the original's outlet %s", d.path, d.creditName, d.root.outlet.name)
		}
		if len(found) != 1 {
			t.Errorf("%s: credits %+v, want one (%q)", d.path, found, d.credit)
			continue
		}
		switch {
		case d.creditName == "" && found[0].Name != "":
			t.Errorf("%s: generic credit %q read as naming %q", d.path, d.credit, found[0].Name)
		case d.creditName != "" && !lineage.SameSource(found[0].Name, d.creditName):
			t.Errorf("%s: credit %q read as naming %q, want %q", d.path, d.credit, found[0].Name, d.creditName)
		}
	}
}

// TestCreditPhrasings: every phrasing but the dateline is read by
// lineage with the outlet's name, for outlet names of every shape.
func TestCreditPhrasings(t *testing.T) {
	outlets := newOutlets(newRand(1, streamOutlets, 0), 300, outletName)
	for _, ph := range CreditPhrasings {
		t.Run(ph, func(t *testing.T) {
			for _, o := range outlets {
				line := ph
				if strings.Contains(ph, "%s") {
					line = fmt.Sprintf(ph, o.name)
				}
				found := lineage.FindCredits([]byte(line + "\n"))
				switch {
				case ph == datelinePhrasing:
					return // lineage has no pattern for an outlet's dateline
				case len(found) != 1:
					t.Fatalf("FindCredits(%q) = %+v, want one credit", line, found)
				case strings.Contains(ph, "%s") && !lineage.SameSource(found[0].Name, o.name):
					t.Fatalf("FindCredits(%q) names %q, want %q", line, found[0].Name, o.name)
				case !strings.Contains(ph, "%s") && found[0].Name != "":
					t.Fatalf("FindCredits(%q) names %q, want nobody", line, found[0].Name)
				}
			}
		})
	}
}

// TestCorpus_outlets: outlets are distinct as lineage sees them; a family
// has one outlet per member; every document carries its outlet's
// boilerplate.
func TestCorpus_outlets(t *testing.T) {
	c := mustBuild(t, Config{Seed: 15, Families: 100, Unrelated: 50, QuoteGroups: 10, MaxCopies: 4})
	if len(c.outlets) < 10 {
		t.Fatalf("%d outlets", len(c.outlets))
	}
	slugs, domains := map[string]bool{}, map[string]bool{}
	for i, a := range c.outlets {
		if slugs[a.slug] || domains[a.domain] || a.slug == "" {
			t.Errorf("outlet %q: slug %q or domain %q repeated or empty", a.name, a.slug, a.domain)
		}
		slugs[a.slug], domains[a.domain] = true, true
		for _, b := range c.outlets[:i] {
			if lineage.SameSource(a.name, b.name) {
				t.Errorf("outlets %q and %q are one source to lineage", a.name, b.name)
			}
		}
	}
	for _, fam := range c.families {
		seen := map[*outlet]bool{}
		for _, d := range fam {
			if seen[d.outlet] {
				t.Errorf("family of %s: outlet %s publishes twice", fam[0].path, d.outlet.name)
			}
			seen[d.outlet] = true
		}
	}
	for _, d := range c.docs {
		if !strings.HasPrefix(d.path, d.outlet.slug+"/") {
			t.Errorf("%s is not in its outlet's folder %s", d.path, d.outlet.slug)
		}
		for _, l := range d.outlet.boilerplate() {
			if !bytes.Contains(d.text, []byte(l+"\n")) {
				t.Errorf("%s lacks its outlet's line %q", d.path, l)
			}
		}
	}
}

// TestCorpus_quoteGroups: every report of a group quotes the same
// sentences in curly quotes, from another outlet and with other prose.
func TestCorpus_quoteGroups(t *testing.T) {
	c := mustBuild(t, Config{Seed: 16, Families: 5, QuoteGroups: 12, MaxCopies: 2})
	for _, g := range c.groups {
		if len(g) < 2 || len(g) > 4 {
			t.Errorf("group of %d reports", len(g))
		}
		quotes := g[0].quotes
		if len(quotes) < 2 || len(quotes) > 3 {
			t.Errorf("%d quoted sentences", len(quotes))
		}
		outlets := map[*outlet]bool{}
		intros := map[string]bool{}
		for _, d := range g {
			if d.family >= 0 || d.kind != kindQuote || !slices.Equal(d.quotes, quotes) {
				t.Errorf("%s: kind %d, family %d, quotes %q", d.path, d.kind, d.family, d.quotes)
			}
			if outlets[d.outlet] {
				t.Errorf("%s: outlet %s has two reports in one group", d.path, d.outlet.name)
			}
			outlets[d.outlet] = true
			flat := strings.Join(strings.Fields(string(d.text)), " ")
			for _, q := range quotes {
				core := strings.TrimRight(q, ".!?")
				i := strings.Index(flat, core)
				if i < 0 {
					t.Errorf("%s does not quote %q", d.path, core)
					continue
				}
				open, shut := strings.LastIndex(flat[:i], "“"), strings.LastIndex(flat[:i], "”")
				if open < 0 || shut > open || !strings.Contains(flat[i:], "”") {
					t.Errorf("%s: %q is not inside curly quotes", d.path, core)
				}
			}
			// The introduction: the quotation's paragraph without the
			// quoted words.
			for _, p := range d.paras {
				s := strings.Join(p.sents, " ")
				if strings.Contains(s, "“") {
					for _, q := range quotes {
						s = strings.ReplaceAll(s, strings.TrimRight(q, ".!?"), "")
					}
					intros[s] = true
					break
				}
			}
		}
		if len(intros) != len(g) {
			t.Errorf("group of %d reports has %d distinct introductions", len(g), len(intros))
		}
		// Their prose, quotations aside, is their own.
		owner := map[string]string{}
		for _, d := range g {
			var b strings.Builder
			for _, p := range d.paras {
				if s := strings.Join(p.sents, " "); !strings.Contains(s, "“") {
					b.WriteString(s + "\n")
				}
			}
			for w := range grams(b.String()) {
				if o, ok := owner[w]; ok && o != d.path {
					t.Errorf("%s shares %q with %s", d.path, w, o)
				}
				owner[w] = d.path
			}
		}
	}
}

func BenchmarkCorpus(b *testing.B) {
	cfg := DefaultConfig()
	var size int64
	for b.Loop() {
		files, _, err := Corpus(cfg)
		if err != nil {
			b.Fatal(err)
		}
		size = 0
		for _, f := range files {
			size += int64(len(f.Text))
		}
	}
	b.SetBytes(size)
}

func ExampleCorpus() {
	files, truth, err := Corpus(Config{Seed: 1, Families: 3, Unrelated: 2, QuoteGroups: 1, MaxCopies: 2})
	if err != nil {
		fmt.Println(err)
		return
	}
	copies := 0
	for _, f := range truth.Families {
		copies += len(f.Edges)
	}
	fmt.Printf("%d files: %d families with %d copies, %d unrelated\n", len(files), len(truth.Families), copies, len(truth.Unrelated))
	// Output: 15 files: 3 families with 6 copies, 6 unrelated
}

// TestGenerate_streams: Generate hands out the files Corpus returns, byte
// for byte, as they are made, holding no more than a few families' text:
// the live heap while it runs stays far below the corpus's size.
func TestGenerate_streams(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Families, cfg.Unrelated, cfg.QuoteGroups = 1500, 500, 50
	files, truth, err := Corpus(cfg)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{}
	var total int
	for _, f := range files {
		want[f.Path] = string(f.Text)
		total += len(f.Text)
	}
	files = nil
	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	var peak uint64
	n := 0
	got, err := Generate(cfg, func(f File) error {
		if want[f.Path] != string(f.Text) {
			t.Errorf("Generate gave %s different from Corpus's", f.Path)
		}
		delete(want, f.Path)
		if n++; n%400 == 0 {
			runtime.GC()
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			peak = max(peak, m.HeapAlloc-min(m.HeapAlloc, base.HeapAlloc))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(want) != 0 {
		t.Errorf("%d files of Corpus not given by Generate", len(want))
	}
	a, _ := truth.Marshal()
	b, _ := got.Marshal()
	if string(a) != string(b) {
		t.Errorf("Generate's truth differs from Corpus's")
	}
	if peak > uint64(total)/4 {
		t.Errorf("live heap grew by %d bytes while generating %d bytes of text, want under a quarter", peak, total)
	}
	stop := errors.New("stop")
	if _, err := Generate(cfg, func(File) error { return stop }); !errors.Is(err, stop) {
		t.Errorf("Generate with a failing emit = %v, want its error", err)
	}
}
