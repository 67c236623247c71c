package cluster

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/provenance-dev/provenance/internal/textgen"
	"github.com/provenance-dev/provenance/shingle"
)

// TestFuzzyPrep_history: what a FuzzyPrep makes of a text does not depend
// on the texts it saw before (its cache of words): one FuzzyPrep fed
// texts in two orders gives each text the keys and fuzzy form a new one
// gives it. The texts hold tokens that share a cache slot but differ
// (forms that the tokenizer's case folding makes one, "Straße" and
// "STRASSE", which fuzzy folding keeps apart), tokens too long for the
// cache, function words of several languages, Urdu and Chinese.
func TestFuzzyPrep_history(t *testing.T) {
	g := textgen.New(9)
	long := "Donaudampfschifffahrtsgesellschaftskapitän"
	texts := []string{
		g.Text(300),
		"Die Straße war leer. " + g.Text(80) + " The STRASSE and the strasse were full of " + long + " people. " + g.Text(60),
		"The strasse, the Straße and die " + long + "s of the city. " + g.Text(120),
		urduText(rand.New(rand.NewPCG(3, 4)), 200, 0),
		"北京市今天发布了新的交通规则。" + strings.Repeat("上海的经济发展很快，人民生活水平不断提高。", 5),
		"Ο Σωκράτης είπε ότι η ζωή είναι ωραία και ο κόσμος είναι μεγάλος και η πόλις της Αθήνας " + g.Text(40),
		g.Text(200),
	}
	tk := shingle.NewTokenizer(1)
	toks := make([]*shingle.Tokens, len(texts))
	for i, s := range texts {
		toks[i] = tk.Tokenize(nil, []byte(s))
	}
	// The test's point: two different tokens in one cache slot.
	a, b := tk.Tokenize(nil, []byte("Straße")), tk.Tokenize(nil, []byte("STRASSE"))
	if a.Hashes[0] != b.Hashes[0] {
		t.Fatal("the tokenizer hashes Straße and STRASSE apart: pick two tokens that share a slot")
	}
	cfg := DefaultFuzzyConfig()
	type made struct {
		keys []uint64
		doc  *FuzzyDoc
	}
	want := make([]made, len(texts))
	for i, s := range texts {
		want[i] = made{NewFuzzyPrep().Keys([]byte(s), toks[i], cfg), NewFuzzyPrep().Doc([]byte(s), toks[i])}
		if len(want[i].keys) == 0 {
			t.Fatalf("text %d has no keys", i)
		}
	}
	if reflect.DeepEqual(want[1].keys, want[2].keys) {
		t.Fatal("texts 1 and 2 have the same keys")
	}
	for _, order := range [][]int{{0, 1, 2, 3, 4, 5, 6}, {6, 2, 5, 1, 4, 3, 0, 2, 1}} {
		p := NewFuzzyPrep()
		for _, i := range order {
			s := []byte(texts[i])
			if got := p.Keys(s, toks[i], cfg); !reflect.DeepEqual(got, want[i].keys) {
				t.Errorf("order %v: text %d: keys differ from a new FuzzyPrep's", order, i)
			}
			if got := p.Doc(s, toks[i]); !reflect.DeepEqual(got, want[i].doc) {
				t.Errorf("order %v: text %d: fuzzy form differs from a new FuzzyPrep's", order, i)
			}
		}
	}
}
