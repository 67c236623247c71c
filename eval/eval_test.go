package eval

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/provenance-dev/provenance"
	"github.com/provenance-dev/provenance/internal/textgen"
	"github.com/provenance-dev/provenance/report"
)

func truthOf() *Truth {
	return &Truth{
		Families: []TruthFamily{
			{Members: []string{"o", "c1", "c2"}, Original: "o", Edges: []TruthEdge{
				{From: "o", To: "c1", Attributed: true}, {From: "c1", To: "c2"}}},
			{Members: []string{"p", "q"}, Original: "p", Edges: []TruthEdge{{From: "p", To: "q", Attributed: true}}},
		},
		Unrelated: []string{"u1", "u2"},
	}
}

func fam(original string, members []string, edges ...report.Edge) report.Family {
	return report.Family{Original: original, Members: members, Edges: edges}
}

func TestScoreFamilies(t *testing.T) {
	right := &report.Output{Families: []report.Family{
		fam("o", []string{"c1", "c2", "o"}, report.Edge{From: "o", To: "c1", Attributed: true}, report.Edge{From: "c1", To: "c2"}),
		fam("p", []string{"p", "q"}, report.Edge{From: "p", To: "q", Attributed: true}),
	}}
	wrong := &report.Output{Families: []report.Family{
		// c2 hung on the original, c1's credit missed, and u1 pulled in.
		fam("o", []string{"c1", "c2", "o", "u1"}, report.Edge{From: "o", To: "c1", Attributed: false},
			report.Edge{From: "o", To: "c2"}, report.Edge{From: "o", To: "u1"}),
		// reversed: q is the true copy and has no found parent, so its
		// attribution is not judged.
		fam("q", []string{"p", "q"}, report.Edge{From: "q", To: "p", Attributed: false}),
	}}
	s := ScoreFamilies(right, truthOf())
	if s.PairF1 != 1 || s.OriginalAccuracy != 1 || s.EdgeAccuracy != 1 || s.AttributedAccuracy != 1 || len(s.Errors) != 0 {
		t.Fatalf("right answer scored %+v", s)
	}
	w := ScoreFamilies(wrong, truthOf())
	checks := []struct {
		name      string
		got, want float64
	}{
		{"pair precision", w.PairPrecision, 4.0 / 7},
		{"pair recall", w.PairRecall, 1},
		{"original accuracy", w.OriginalAccuracy, 0.5},
		{"edge direction", w.EdgeDirectionAccuracy, 0.5},
		{"edge accuracy", w.EdgeAccuracy, 1.0 / 3},
		{"attributed", w.AttributedAccuracy, 0.5},
	}
	for _, c := range checks {
		if math.Abs(c.got-c.want) > 1e-9 {
			t.Errorf("%s = %.4f, want %.4f", c.name, c.got, c.want)
		}
	}
	kinds := map[string]int{}
	for _, e := range w.Errors {
		kinds[e.Kind]++
	}
	want := map[string]int{"false_pair": 3, "wrong_original": 1, "wrong_direction": 1, "missed_edge": 1, "wrong_attributed": 1}
	if fmt.Sprint(kinds) != fmt.Sprint(want) {
		t.Errorf("errors by kind = %v, want %v", kinds, want)
	}
}

// TestScoreFamilies_seeds runs the pipeline on the seeds and scores it
// against their truth: everything must be exact.
func TestScoreFamilies_seeds(t *testing.T) {
	res, err := provenance.CompareFiles([]string{"../testdata/seeds"}, provenance.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	truth, err := ReadTruth("../testdata/seeds/truth.json")
	if err != nil {
		t.Fatal(err)
	}
	s := ScoreFamilies(report.Build(res), truth)
	if s.PairF1 != 1 || s.OriginalAccuracy != 1 || s.EdgeAccuracy != 1 || s.AttributedAccuracy != 1 || len(s.Errors) != 0 {
		t.Errorf("seeds scored %+v", s)
	}
}

// writePAN makes a small PAN-format corpus: pairs with a verbatim copied
// passage (with XML truth), and pairs with no reuse.
func writePAN(t *testing.T, dir string) {
	t.Helper()
	for _, d := range []string{"susp", "src", "01-no-plagiarism", "02-no-obfuscation"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write := func(path, text string) {
		if err := os.WriteFile(filepath.Join(dir, path), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	g := textgen.New(5)
	var plag, none []string
	for i := range 6 {
		susp, src := fmt.Sprintf("suspicious-document%05d.txt", i), fmt.Sprintf("source-document%05d.txt", i)
		srcText := g.Text(600)
		if i%2 == 1 {
			write("src/"+src, srcText)
			write("susp/"+susp, "Café déjà vu. "+g.Text(500))
			none = append(none, susp+" "+src)
			continue
		}
		// Copy whole sentences from the middle of the source.
		from := strings.Index(srcText[len(srcText)/3:], ". ") + len(srcText)/3 + 2
		to := strings.Index(srcText[from+800:], ". ") + from + 800 + 1
		passage := srcText[from:to]
		prefix := "Naïve café. " + g.Text(300) + "\n"
		write("src/"+src, srcText)
		write("susp/"+susp, prefix+passage+"\n"+g.Text(200))
		// PAN offsets are in characters.
		soff := len([]rune(prefix))
		roff := len([]rune(srcText[:from]))
		n := len([]rune(passage))
		write("02-no-obfuscation/"+strings.TrimSuffix(susp, ".txt")+"-"+strings.TrimSuffix(src, ".txt")+".xml",
			fmt.Sprintf(`<document reference="%s"><feature name="plagiarism" obfuscation="none" this_offset="%d" this_length="%d" source_reference="%s" source_offset="%d" source_length="%d"/></document>`,
				susp, soff, n, src, roff, n))
		plag = append(plag, susp+" "+src)
	}
	write("01-no-plagiarism/pairs", strings.Join(none, "\n")+"\n")
	write("02-no-obfuscation/pairs", strings.Join(plag, "\n")+"\n")
}

func TestScorePAN(t *testing.T) {
	dir := t.TempDir()
	writePAN(t, dir)
	corpus, err := LoadPAN(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(corpus.Types) != 2 || corpus.CasesFrom != "PAN XML" || len(corpus.Cases) != 3 {
		t.Fatalf("LoadPAN = %d types, %d pairs with cases, from %q", len(corpus.Types), len(corpus.Cases), corpus.CasesFrom)
	}
	res, err := provenance.CompareFiles([]string{filepath.Join(dir, "susp"), filepath.Join(dir, "src")}, provenance.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	scores := ScorePAN(corpus, res)
	byType := map[string]TypeScore{}
	for _, s := range scores {
		byType[s.Type] = s
	}
	if s := byType[NoPlagiarism]; s.Pairs != 3 || s.Detected != 0 {
		t.Errorf("no-plagiarism: %d of %d detected, want 0 of 3", s.Detected, s.Pairs)
	}
	s := byType["no-obfuscation"]
	if s.Detected != 3 || s.Plagdet == nil {
		t.Fatalf("no-obfuscation: %+v", s)
	}
	// Passages run from the first word to the last; the case from the
	// sentence start to its full stop. Allow that one character.
	if *s.MacroRecall < 0.99 || *s.MacroPrecision < 0.99 || *s.Granularity != 1 || *s.Plagdet < 0.99 {
		t.Errorf("no-obfuscation: recall %.4f precision %.4f granularity %.4f plagdet %.4f, want >= 0.99, 0.99, 1, 0.99",
			*s.MacroRecall, *s.MacroPrecision, *s.Granularity, *s.Plagdet)
	}

	// A wrong answer scores worse: drop the second half of every passage.
	for i := range res.Matches {
		for j := range res.Matches[i].Passages {
			p := &res.Matches[i].Passages[j]
			p.AEnd = p.AStart + (p.AEnd-p.AStart)/2
			p.BEnd = p.BStart + (p.BEnd-p.BStart)/2
		}
	}
	for _, w := range ScorePAN(corpus, res) {
		if w.Type == "no-obfuscation" && (*w.MacroRecall > 0.6 || *w.Plagdet > 0.8) {
			t.Errorf("halved passages: recall %.4f plagdet %.4f, want recall <= 0.6", *w.MacroRecall, *w.Plagdet)
		}
	}
}

func TestUnionLen(t *testing.T) {
	tests := []struct {
		in   []span
		want int
	}{
		{nil, 0},
		{[]span{{0, 10}}, 10},
		{[]span{{0, 10}, {5, 15}}, 15},
		{[]span{{20, 30}, {0, 10}, {10, 12}}, 22},
		{[]span{{0, 10}, {2, 3}}, 10},
	}
	for _, tt := range tests {
		if got := unionLen(tt.in); got != tt.want {
			t.Errorf("unionLen(%v) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

// TestScoreFamilies_stray: a match within a true family or a quote group
// is not stray; one between documents the truth keeps apart is.
func TestScoreFamilies_stray(t *testing.T) {
	truth := truthOf()
	truth.QuoteGroups = [][]string{{"u1", "u2"}}
	truth.Unrelated = append(truth.Unrelated, "u3")
	out := &report.Output{Matches: []report.Match{
		{A: "c1", B: "o"}, {A: "u1", B: "u2"}, {A: "o", B: "p"}, {A: "u3", B: "q"}, {A: "c2", B: "o"},
	}}
	s := ScoreFamilies(out, truth)
	if s.Matches != 5 || s.StrayMatches != 2 {
		t.Errorf("%d matches, %d stray; want 5 and 2 (o-p, u3-q)", s.Matches, s.StrayMatches)
	}
}
