package generate

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/provenance-dev/provenance/document"
	"github.com/provenance-dev/provenance/internal/textgen"
)

func TestSplitSentences(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"One two. Three four.", []string{"One two.", "Three four."}},
		{"He said “no.” Then left! Why? 42 came.", []string{"He said “no.”", "Then left!", "Why?", "42 came."}},
		{"lower case. after a stop stays", []string{"lower case. after a stop stays"}},
		{"  spaced \n  out.  Next  ", []string{"spaced out.", "Next"}},
		{"", nil},
		{strings.Repeat("w ", 70), []string{strings.TrimSpace(strings.Repeat("w ", 40)), strings.TrimSpace(strings.Repeat("w ", 30))}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%.20q", tt.in), func(t *testing.T) {
			if got := splitSentences(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("splitSentences(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseBase(t *testing.T) {
	long := strings.Repeat("Word word word word word word word word word word. ", 20) // 200 words
	tests := []struct {
		name  string
		in    string
		paras int // -1: more than one
		words int
	}{
		{"blank lines", "First para here.\n\nSecond para. Two sentences.\n", 2, 7},
		{"hard-wrapped block", "A sentence that is\nwrapped over lines.\n\nNext one.", 2, 9},
		{"long lines", strings.Repeat(strings.Repeat("x", 120)+" y. Z "+strings.Repeat("q", 90)+".\n", 3), 3, 12},
		{"long paragraph regrouped", long, -1, 200},
		{"CRLF", "One two.\r\n\r\nThree.\r\n", 2, 3},
		{"Latin-1 and controls", "caf\xe9 cr\xe8me\x01here.", 1, 3},
		{"empty", " \n\n \t\n", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := parseBase("x.txt", []byte(tt.in), newRand(1, streamBase, 0))
			if tt.paras >= 0 && len(f.paras) != tt.paras || tt.paras < 0 && len(f.paras) < 2 {
				t.Errorf("%d paragraphs %q, want %d", len(f.paras), f.paras, tt.paras)
			}
			if f.total != tt.words {
				t.Errorf("%d words, want %d", f.total, tt.words)
			}
			for _, p := range f.paras {
				for _, s := range p {
					if !strings.Contains(strings.Join(strings.Fields(cleanText([]byte(tt.in))), " "), s) {
						t.Errorf("sentence %q is not in the text", s)
					}
				}
			}
		})
	}
	if got := cleanText([]byte("caf\xe9\r\nx\ty")); got != "café\nx y" {
		t.Errorf("cleanText = %q", got)
	}
}

// writeBase writes base files to a new folder: n files of prose with
// distinct seeds, in the layouts web corpora have, plus files that must
// be skipped. It returns the folder and the names of the skipped files.
func writeBase(t *testing.T, n, words int) (string, []string) {
	t.Helper()
	dir := t.TempDir()
	write := func(name, text string) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for i := range n {
		text := textgen.New(uint64(1000 + i)).Text(words)
		switch i % 3 {
		case 1: // hard-wrapped, no blank lines (as PAN sources)
			text = wrapText(strings.ReplaceAll(text, "\n\n", " "), 150)
		case 2: // one paragraph a line
			text = strings.ReplaceAll(text, "\n\n", "\n")
		}
		write(fmt.Sprintf("sub%d/doc%03d.txt", i%2, i), text)
	}
	write("empty.txt", "")
	write("short.txt", "Too short to use.\n")
	write("zz-dup.txt", textgen.New(1000).Text(words)) // doc000 again, later in path order
	write(".hidden.txt", textgen.New(1).Text(words))
	write("notes.md", textgen.New(2).Text(words))
	return dir, []string{"empty.txt", "short.txt", "zz-dup.txt"}
}

func TestLoadBase(t *testing.T) {
	dir, skipped := writeBase(t, 6, 500)
	var got []string
	b, err := loadBase([]string{dir}, newRand(1, streamBase, 0), func(p string, err error) {
		if !errors.Is(err, ErrShortBase) {
			t.Errorf("skip %s: %v, want ErrShortBase", p, err)
		}
		rel, _ := filepath.Rel(dir, p)
		got = append(got, rel)
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, skipped) {
		t.Errorf("skipped %q, want %q", got, skipped)
	}
	if len(b.files) != 6 {
		t.Errorf("%d base files, want 6", len(b.files))
	}
	for _, f := range b.files {
		if f.total < 450 || len(f.paras) < 5 {
			t.Errorf("%s: %d words in %d paragraphs", f.path, f.total, len(f.paras))
		}
	}

	// A file named directly is read whatever its name.
	b, err = loadBase([]string{filepath.Join(dir, "notes.md")}, newRand(1, streamBase, 0), func(string, error) {})
	if err != nil || len(b.files) != 1 {
		t.Errorf("loadBase(notes.md) = %v, %v", b, err)
	}

	if _, err := loadBase([]string{filepath.Join(dir, "missing")}, newRand(1, streamBase, 0), func(string, error) {}); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("loadBase(missing) error = %v, want ErrNotExist", err)
	}
	if _, err := loadBase([]string{filepath.Join(dir, "short.txt")}, newRand(1, streamBase, 0), func(string, error) {}); !errors.Is(err, ErrNoBase) {
		t.Errorf("loadBase(short) error = %v, want ErrNoBase", err)
	}
	cfg := smallConfig(1)
	cfg.Base = []string{filepath.Join(dir, "empty.txt")}
	if _, _, err := Corpus(cfg); !errors.Is(err, ErrNoBase) {
		t.Errorf("Corpus with an empty base = %v, want ErrNoBase", err)
	}
}

func TestBaseFile_dropRepeats(t *testing.T) {
	seen := map[uint64]bool{}
	a := parseBase("a", []byte("One two three four five six seven eight nine.\n\nAlpha beta gamma delta epsilon zeta eta theta.\n"), newRand(1, 1, 0))
	b := parseBase("b", []byte("Other words here that are new to us all.\n\nSaid: one two three four five six seven eight, and more.\n\nAlpha beta gamma.\n"), newRand(1, 1, 0))
	a.dropRepeats(seen)
	b.dropRepeats(seen)
	if len(a.paras) != 2 {
		t.Errorf("first file kept %q, want both paragraphs", a.paras)
	}
	if len(b.paras) != 2 || b.paras[0][0] != "Other words here that are new to us all." || b.total != 12 {
		t.Errorf("second file kept %q (%d words), want all but the repeat", b.paras, b.total)
	}
}

// baseUses counts how often each base file was drawn on, and checks that
// the ranges drawn from one file do not overlap.
func baseUses(t *testing.T, c *corpus) map[string]int {
	t.Helper()
	uses := map[string]int{}
	ranges := map[string][]origin{}
	for _, d := range c.docs {
		if d.kind == kindCopy {
			continue
		}
		if d.from.path == "" {
			t.Errorf("%s: prose not from a base file", d.path)
		}
		uses[d.from.path]++
		ranges[d.from.path] = append(ranges[d.from.path], d.from)
	}
	for _, g := range c.groups {
		uses[g[0].quotesFrom.path]++
		ranges[g[0].quotesFrom.path] = append(ranges[g[0].quotesFrom.path], g[0].quotesFrom)
	}
	for p, rs := range ranges {
		for i, a := range rs {
			for _, b := range rs[:i] {
				if a.start < b.end && b.start < a.end {
					t.Errorf("%s: paragraphs %d-%d and %d-%d both drawn", p, a.start, a.end, b.start, b.end)
				}
			}
		}
	}
	return uses
}

// TestCorpus_base: with enough base files, each is drawn on once, and an
// original is a run of one file's paragraphs; with too few, files are
// drawn on again from other paragraphs.
func TestCorpus_base(t *testing.T) {
	t.Run("enough files", func(t *testing.T) {
		dir, _ := writeBase(t, 40, 1500)
		cfg := Config{Seed: 3, Families: 10, Unrelated: 10, QuoteGroups: 3, MaxCopies: 3, Base: []string{dir}}
		c := mustBuild(t, cfg)
		for p, n := range baseUses(t, c) {
			if n > 1 {
				t.Errorf("%s drawn on %d times", p, n)
			}
		}
		files := map[string]*baseFile{}
		b, err := loadBase(cfg.Base, newRand(cfg.Seed, streamBase, 0), func(string, error) {})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range b.files {
			files[f.path] = f
		}
		for _, d := range c.docs {
			if d.kind != kindOriginal && d.kind != kindUnrelated {
				continue
			}
			f := files[d.from.path]
			var want []string
			for _, p := range f.paras[d.from.start:d.from.end] {
				want = append(want, strings.Join(p, " "))
			}
			var got []string
			for _, p := range d.paras {
				got = append(got, strings.Join(p.sents, " "))
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s is not paragraphs %d-%d of %s", d.path, d.from.start, d.from.end, f.path)
			}
			if n := paraWords(d.paras); n < minArticleWords || n > maxArticleWords+200 {
				t.Errorf("%s: %d words, want %d to about %d", d.path, n, minArticleWords, maxArticleWords)
			}
		}
		checkNoSharing(t, c)
	})
	t.Run("too few files", func(t *testing.T) {
		dir, _ := writeBase(t, 6, 10000)
		c := mustBuild(t, Config{Seed: 4, Families: 6, Unrelated: 6, QuoteGroups: 1, MaxCopies: 2, Base: []string{dir}})
		uses := baseUses(t, c)
		if len(uses) != 6 {
			t.Errorf("%d files drawn on, want all 6", len(uses))
		}
		checkNoSharing(t, c)
	})
}

// TestCorpus_baseHeaderFallback: base prose whose lines end in dates
// would be read as header dates; such documents take the source-and-time
// header, and every header still reads back as written.
func TestCorpus_baseHeaderFallback(t *testing.T) {
	dir := t.TempDir()
	for i := range 30 {
		g := textgen.New(uint64(i))
		var b strings.Builder
		// Short lines, as a header line would be.
		for range 80 {
			b.WriteString(strings.Join(g.Sentences(12), " ") + " Filed 12/5/2007\n\n")
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%02d.txt", i)), []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c := mustBuild(t, Config{Seed: 5, Families: 10, Unrelated: 10, MaxCopies: 3, Base: []string{dir}})
	fallbacks := 0
	for _, d := range c.docs {
		if d.edits.fallbackStyle {
			fallbacks++
		}
		got, err := document.ParseText(d.text)
		if err != nil {
			t.Fatal(err)
		}
		if want := d.meta(); got.Source != want.source || !got.Published.Equal(want.published) || got.Title != want.title {
			t.Errorf("%s: header reads as %q %v %q, want %q %v %q", d.path, got.Source, got.Published, got.Title, want.source, want.published, want.title)
		}
	}
	if fallbacks == 0 {
		t.Error("no document needed the fallback header")
	}
}

// checkNoSharing checks that documents of different families or groups
// share no 8 words outside site lines.
func checkNoSharing(t *testing.T, c *corpus) {
	t.Helper()
	owner := map[string]string{}
	for i, d := range c.docs {
		group := fmt.Sprintf("doc %d", i)
		switch {
		case d.family >= 0:
			group = fmt.Sprintf("family %d", d.family)
		case d.group >= 0:
			group = fmt.Sprintf("quote group %d", d.group)
		}
		for g := range grams(withoutSiteLines(d)) {
			if o, ok := owner[g]; ok && o != group {
				t.Errorf("%s (%s) shares %q with %s", d.path, group, g, o)
				return
			}
			owner[g] = group
		}
	}
}
