package lineage_test

import (
	"bytes"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/provenance-dev/provenance/generate"
	"github.com/provenance-dev/provenance/lineage"
)

var corpusDir = flag.String("corpus", "", "also check and benchmark the .txt files under this `folder`")

// corpus returns realistic texts: the seed articles, a generated corpus
// (the documents of `provenance generate --families 300`) and the files
// under -corpus.
var corpus = sync.OnceValues(func() (map[string][][]byte, error) {
	out := map[string][][]byte{}
	seeds, err := filepath.Glob("../testdata/seeds/*.txt")
	if err != nil {
		return nil, err
	}
	for _, p := range seeds {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		out["seeds"] = append(out["seeds"], b)
	}
	files, _, err := generate.Corpus(generate.Config{Seed: 1, Families: 300, Unrelated: 300, QuoteGroups: 30, MaxCopies: 4})
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		out["generated"] = append(out["generated"], f.Text)
	}
	if *corpusDir != "" {
		err := filepath.WalkDir(*corpusDir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".txt") {
				return err
			}
			b, err := os.ReadFile(p)
			out["dir"] = append(out["dir"], b)
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
})

func texts(tb testing.TB) map[string][][]byte {
	tb.Helper()
	c, err := corpus()
	if err != nil {
		tb.Fatalf("corpus: %v", err)
	}
	return c
}

// variants returns text and versions of it that exercise case, line ends
// and Unicode spaces.
func variants(text []byte) [][]byte {
	return [][]byte{
		text,
		bytes.ToUpper(text),
		bytes.ToLower(text),
		bytes.ReplaceAll(text, []byte("\n"), []byte("\r\n")),
		bytes.ReplaceAll(text, []byte(" "), []byte("\u00a0")),
		bytes.ReplaceAll(text, []byte("\n"), []byte(" ")),
	}
}

// tricky are texts on the edges of the shortcuts FindCredits takes.
var tricky = []string{
	"Metro Ledger — The council voted.\n",
	"· ashford.example Metro Ledger – text\n",
	"Metro Ledger —\n",
	"Metro Ledger —  \xff\n",
	"Metro Ledger—text — more\n",
	"Metro  Ledger \t–\t\tmore – Of \u2014 the\n",
	"WASHINGTON (Reuters) - The Senate voted.",
	"WASHINGTON (REUTERS) — The Senate voted. (AP) —",
	"This article was originally\u00a0published by The Daily Origin and is reprinted with permission.",
	"Source :\tKaiser Health News\r\nmore",
	"VIA: the Wire\v Service\n",
	"Republished from ſome outlet",
	"Courtesy of The \xffBad Bytes\n",
	// The patterns ignore case the Unicode way: ſ is s, K is k.
	"Originally noted. Reprinted with permiſſion of The Long S Times.\n",
	"Originally noted. Reprinted with the \u212aind permission of Kelvin Daily.\n",
	"Previously: thiſ story first publiſhed by The Wire.\n",
	"Republished without permission. Republished with permission of X Daily.\n",
	"first appeare",
	"xfirst appeared in The Wire\n",
	"Courtesy ofThe Wire",
}

// TestFindCredits_reference: FindCredits agrees with the first
// implementation on every realistic text, and on variants of them.
func TestFindCredits_reference(t *testing.T) {
	credits := 0
	for i, text := range tricky {
		got, want := lineage.FindCredits([]byte(text)), lineage.FindCreditsRef([]byte(text))
		if !reflect.DeepEqual(got, want) {
			t.Errorf("tricky text %d: FindCredits(%q) = %+v, want %+v", i, text, got, want)
		}
	}
	for name, docs := range texts(t) {
		for i, doc := range docs {
			for v, text := range variants(doc) {
				got, want := lineage.FindCredits(text), lineage.FindCreditsRef(text)
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("%s text %d variant %d: FindCredits = %+v, want %+v", name, i, v, got, want)
				}
				credits += len(got)
			}
		}
	}
	if credits == 0 {
		t.Fatal("no credits found: the corpus does not test anything")
	}
}

// FuzzFindCredits: FindCredits agrees with the first implementation on
// any input.
func FuzzFindCredits(f *testing.F) {
	// Short inputs keep the fuzzer fast, its minimizing most.
	seeds, err := filepath.Glob("../testdata/seeds/*.txt")
	if err != nil {
		f.Fatal(err)
	}
	for _, p := range seeds {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b[:min(len(b), 1500)])
	}
	files, _, err := generate.Corpus(generate.Config{Seed: 2, Families: 10, MaxCopies: 4})
	if err != nil {
		f.Fatal(err)
	}
	for _, file := range files {
		f.Add(file.Text[:min(len(file.Text), 600)])
	}
	for _, s := range tricky {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		got, want := lineage.FindCredits(text), lineage.FindCreditsRef(text)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("FindCredits(%q) = %+v, want %+v", text, got, want)
		}
	})
}

func benchmarkCredits(b *testing.B, find func([]byte) []lineage.Credit) {
	for _, name := range []string{"seeds", "generated", "dir"} {
		docs := texts(b)[name]
		if len(docs) == 0 {
			continue
		}
		b.Run(name, func(b *testing.B) {
			n := 0
			for _, d := range docs {
				n += len(d)
			}
			b.SetBytes(int64(n))
			b.ReportAllocs()
			for b.Loop() {
				for _, d := range docs {
					find(d)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(docs)), "ns/doc")
		})
	}
}

func BenchmarkFindCredits(b *testing.B) { benchmarkCredits(b, lineage.FindCredits) }

func BenchmarkFindCreditsRef(b *testing.B) { benchmarkCredits(b, lineage.FindCreditsRef) }

// TestFindCredits_parenDateline: a name in brackets after a dateline's
// place is a dateline credit in any script; an agency the patterns know
// by name is a credit as it stands; a sentence with a bracket is none.
func TestFindCredits_parenDateline(t *testing.T) {
	for _, tt := range []struct {
		text     string
		name     string
		dateline bool
		none     bool
	}{
		{text: "بنکاک ۔ 13 ستمبر (اے پی پی) ڈیوس کپ ٹائی میں تھائی لینڈ نے", name: "اے پی پی", dateline: true},
		{text: "ممبئی(وقت نیوز) بالی وڈ کے اداکار", name: "وقت نیوز", dateline: true},
		{text: "Title\n\nKYIV, March 3 (Ukrinform) — The council met.", name: "Ukrinform", dateline: true},
		{text: "MOSCOW (ТАСС): Talks resumed.", name: "ТАСС", dateline: true},
		{text: "WASHINGTON (AP) — The Senate voted.", name: "AP"},
		{text: "Sen. Kay (R-Ohio) said the bill would pass.", none: true},
		{text: "the council (which met on Monday) said no.", none: true},
		{text: "The report (2025) found little.", none: true},
		{text: "BERLIN (dpa)\n", none: true}, // nothing follows on the line
	} {
		cs := lineage.FindCredits([]byte(tt.text))
		if tt.none {
			if len(cs) != 0 {
				t.Errorf("FindCredits(%q) = %+v, want none", tt.text, cs)
			}
			continue
		}
		if len(cs) != 1 || cs[0].Name != tt.name || cs[0].Dateline != tt.dateline {
			t.Errorf("FindCredits(%q) = %+v, want one credit of %q, dateline %v", tt.text, cs, tt.name, tt.dateline)
		}
	}
}
