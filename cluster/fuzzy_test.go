package cluster

import (
	"slices"
	"strings"
	"testing"

	"github.com/provenance-dev/provenance/internal/textgen"
	"github.com/provenance-dev/provenance/shingle"
)

func fuzzyDoc(text string) *FuzzyDoc {
	toks := shingle.NewTokenizer(1).Tokenize(nil, []byte(text))
	return NewFuzzyDoc([]byte(text), toks)
}

// obfuscate rewrites words the way PAN's random obfuscation does: of every
// word, with the given chances, replace it with a random word, drop it, or
// swap it with the next; a word that carries the sentence's full stop
// keeps it.
func obfuscate(g *textgen.Gen, text string, replace, drop, swap int) string {
	words := strings.Fields(text)
	var out []string
	for i := 0; i < len(words); i++ {
		w := words[i]
		r := g.Intn(100)
		switch {
		case r < replace:
			nw := g.Word()
			if strings.HasSuffix(w, ".") {
				nw += "."
			}
			out = append(out, nw)
		case r < replace+drop && !strings.HasSuffix(w, "."):
		case r < replace+drop+swap && i+1 < len(words) && !strings.HasSuffix(w, ".") && !strings.HasSuffix(words[i+1], "."):
			out = append(out, words[i+1], w)
			i++
		default:
			out = append(out, w)
		}
	}
	return strings.Join(out, " ")
}

// TestFuzzyVerify_obfuscated: a passage copied with a fifth of its words
// replaced, some dropped and some swapped, into an otherwise unrelated
// document, is found, and at its place in both documents.
func TestFuzzyVerify_obfuscated(t *testing.T) {
	cfg := DefaultFuzzyConfig()
	for seed := uint64(1); seed <= 20; seed++ {
		g := textgen.New(seed)
		passage := g.Text(120)
		copied := obfuscate(g, passage, 20, 10, 10)
		before := g.Text(300) + "\n\n"
		a := before + passage + "\n\n" + g.Text(300)
		b := g.Text(150) + "\n\n" + copied + "\n\n" + g.Text(200)
		da, db := fuzzyDoc(a), fuzzyDoc(b)
		if n := countCommon(sortedSet(da.Keys(cfg)), sortedSet(db.Keys(cfg))); n < cfg.MinSharedKeys {
			t.Errorf("seed %d: %d shared keys, want >= %d", seed, n, cfg.MinSharedKeys)
		}
		m, ok := FuzzyVerify(0, 1, da, db, cfg)
		if !ok {
			t.Errorf("seed %d: obfuscated copy not found", seed)
			continue
		}
		// The passages found must lie on the copied text, give or take a
		// sentence, and cover most of it.
		lo, hi := len(before), len(before)+len(passage)
		covered := 0
		for _, p := range m.Passages {
			if p.AStart < lo-200 || p.AEnd > hi+200 {
				t.Errorf("seed %d: passage at bytes [%d,%d) of a, copy at [%d,%d)", seed, p.AStart, p.AEnd, lo, hi)
			}
			if got := a[p.AStart:p.AEnd]; len(got) == 0 {
				t.Errorf("seed %d: empty passage", seed)
			}
			covered += min(p.AEnd, hi) - max(p.AStart, lo)
		}
		if covered < (hi-lo)*2/3 {
			t.Errorf("seed %d: passages cover %d of the %d bytes copied", seed, covered, hi-lo)
		}
	}
}

// TestFuzzyVerify_unrelated: independent texts over the same vocabulary,
// and texts that share a topic (one word in eight drawn from a list of 30),
// are not matched. (A harsher topic, one word in five from a list of 20,
// makes one or two false matches in 30 pairs: short passages of two seeds.)
func TestFuzzyVerify_unrelated(t *testing.T) {
	cfg := DefaultFuzzyConfig()
	topic := strings.Fields(`rice farming irrigation harvest paddy seed monsoon crop yield fertiliser
		soil water planting farmers field drought export price market village cattle grain
		wheat rainfall tractor storage subsidy cooperative land flood`)
	topical := func(g *textgen.Gen, n int) string {
		words := strings.Fields(g.Text(n))
		for i, w := range words {
			if g.Intn(8) == 0 && !strings.HasSuffix(w, ".") {
				words[i] = topic[g.Intn(len(topic))]
			}
		}
		return strings.Join(words, " ")
	}
	false1, false2 := 0, 0
	for seed := uint64(1); seed <= 30; seed++ {
		g := textgen.New(100 + seed)
		if _, ok := FuzzyVerify(0, 1, fuzzyDoc(g.Text(800)), fuzzyDoc(g.Text(800)), cfg); ok {
			false1++
		}
		if _, ok := FuzzyVerify(0, 1, fuzzyDoc(topical(g, 800)), fuzzyDoc(topical(g, 800)), cfg); ok {
			false2++
		}
	}
	if false1 > 0 || false2 > 0 {
		t.Errorf("of 30 pairs, %d unrelated and %d topical pairs matched, want 0", false1, false2)
	}
}

// TestFuzzyVerify_exactCopy: an unchanged copy is one passage over all of
// it.
func TestFuzzyVerify_exactCopy(t *testing.T) {
	g := textgen.New(7)
	text := g.Text(400)
	m, ok := FuzzyVerify(0, 1, fuzzyDoc(text), fuzzyDoc(text), DefaultFuzzyConfig())
	if !ok || len(m.Passages) != 1 {
		t.Fatalf("ok %v, %d passages, want one", ok, len(m.Passages))
	}
	p := m.Passages[0]
	if p.ATok != p.BTok || p.Words < 390 || p.Dice != 1 || p.WDice < 0.999 {
		t.Errorf("passage %+v, want the whole text in both, Dice 1", p)
	}
	if m.CoverageA < 0.97 || m.CoverageB < 0.97 {
		t.Errorf("coverage %.2f %.2f, want ~1", m.CoverageA, m.CoverageB)
	}
}

// TestFuzzyKeys: keys are sorted and distinct, about KeyRate of the
// adjacent content-word pairs, blind to the order of the pair, to
// stopwords and to inflections.
func TestFuzzyKeys(t *testing.T) {
	cfg := DefaultFuzzyConfig()
	g := textgen.New(3)
	text := g.Text(5000)
	toks := shingle.NewTokenizer(1).Tokenize(nil, []byte(text))
	keys := FuzzyKeys([]byte(text), toks, cfg)
	if len(sortedSet(keys)) != len(keys) {
		t.Error("keys not distinct")
	}
	pairs := len(NewFuzzyDoc([]byte(text), toks).stem) - 1
	if r := float64(len(keys)) / float64(pairs); r > cfg.KeyRate*1.1 || r < cfg.KeyRate*0.7 {
		t.Errorf("%d keys of %d content-word pairs (%.3f), want about %.2f", len(keys), pairs, r, cfg.KeyRate)
	}
	all := cfg
	all.KeyRate = 1
	same := [][2]string{
		{"rice farming", "farming rice"},
		{"The farmers planted rice in the fields", "farmer planting rice fields"},
		{"Cities were irrigated", "a city irrigating"},
	}
	for _, c := range same {
		ka, kb := FuzzyKeys([]byte(c[0]), shingle.NewTokenizer(1).Tokenize(nil, []byte(c[0])), all),
			FuzzyKeys([]byte(c[1]), shingle.NewTokenizer(1).Tokenize(nil, []byte(c[1])), all)
		if !slices.Equal(ka, kb) || len(ka) == 0 {
			t.Errorf("%q and %q: keys %x and %x, want equal", c[0], c[1], ka, kb)
		}
	}
	stop := []byte("it is the one of them and all of those")
	if k := FuzzyKeys(stop, shingle.NewTokenizer(1).Tokenize(nil, stop), all); len(k) != 0 {
		t.Errorf("stopwords made keys %x", k)
	}
}

// TestNewFuzzyDoc_units: units cover all tokens in order, each sentence
// unit has at least minUnitWords content words but the last, and a text
// without words gives an empty document that verifies to nothing.
func TestNewFuzzyDoc_units(t *testing.T) {
	g := textgen.New(5)
	text := "Dr. J. R. Smith wrote it. " + g.Text(300) + " Ok."
	d := fuzzyDoc(text)
	next := int32(0)
	for i, u := range d.units {
		if u.tok[0] != next {
			t.Fatalf("unit %d starts at token %d, want %d", i, u.tok[0], next)
		}
		next = u.tok[1]
		if i < len(d.units)-1 && u.cw[1]-u.cw[0] < minUnitWords {
			t.Errorf("unit %d has %d content words", i, u.cw[1]-u.cw[0])
		}
	}
	if int(next) != d.Words() {
		t.Errorf("units end at token %d of %d", next, d.Words())
	}
	empty := fuzzyDoc("")
	if _, ok := FuzzyVerify(0, 1, empty, d, DefaultFuzzyConfig()); ok {
		t.Error("empty document matched")
	}
	if k := empty.Keys(DefaultFuzzyConfig()); len(k) != 0 {
		t.Errorf("empty document has keys %x", k)
	}
}

func BenchmarkFuzzyKeys(b *testing.B) {
	benchFuzzyKeys(b, []byte(textgen.New(1).Text(100000)))
}

// benchFuzzyKeys times FuzzyKeys on text, with the default settings.
func benchFuzzyKeys(b *testing.B, text []byte) {
	toks := shingle.NewTokenizer(1).Tokenize(nil, text)
	cfg := DefaultFuzzyConfig()
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for b.Loop() {
		FuzzyKeys(text, toks, cfg)
	}
}

// BenchmarkFuzzyVerify verifies pairs of 1,500-word documents (the PAN
// median) that share an obfuscated passage; bytes are those of both.
func BenchmarkFuzzyVerify(b *testing.B) {
	g := textgen.New(2)
	passage := g.Text(200)
	a := g.Text(600) + "\n\n" + passage + "\n\n" + g.Text(700)
	c := g.Text(500) + "\n\n" + obfuscate(g, passage, 20, 10, 10) + "\n\n" + g.Text(800)
	da, dc := fuzzyDoc(a), fuzzyDoc(c)
	cfg := DefaultFuzzyConfig()
	b.SetBytes(int64(len(a) + len(c)))
	b.ResetTimer()
	for b.Loop() {
		if _, ok := FuzzyVerify(0, 1, da, dc, cfg); !ok {
			b.Fatal("not found")
		}
	}
}
