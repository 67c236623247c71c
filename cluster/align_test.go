package cluster

import (
	"testing"

	"github.com/provenance-dev/provenance/internal/textgen"
	"github.com/provenance-dev/provenance/shingle"
)

func prepare(t *testing.T, text string, cfg Config) *Doc {
	t.Helper()
	toks := shingle.NewTokenizer(1).Tokenize(nil, []byte(text))
	d, err := NewDoc([]byte(text), toks, cfg, NewSketcher(cfg))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestVerify_repeatedText: a passage that appears once in a and twice in b
// is aligned once, to one of its places, not twice.
func TestVerify_repeatedText(t *testing.T) {
	cfg := DefaultConfig()
	g := textgen.New(11)
	p := g.Text(60)
	a := g.Text(200) + "\n\n" + p + "\n\n" + g.Text(200)
	b := g.Text(150) + "\n\n" + p + "\n\n" + g.Text(150) + "\n\n" + p + "\n\n" + g.Text(100)
	m, ok := Verify(0, 1, prepare(t, a, cfg), prepare(t, b, cfg), cfg, nil)
	if !ok {
		t.Fatal("no match")
	}
	if len(m.Passages) != 1 {
		t.Fatalf("got %d passages, want 1: %+v", len(m.Passages), m.Passages)
	}
	if w := m.Passages[0].Words; w < 58 || w > 62 {
		t.Errorf("passage has %d words, want 60 ± 2", w)
	}
}

// TestVerify_edits: a copy with one word in ten changed and a word
// inserted now and then is still one passage, bridged across the edits.
func TestVerify_edits(t *testing.T) {
	cfg := DefaultConfig()
	g := textgen.New(12)
	words := make([]string, 300)
	for i := range words {
		words[i] = g.Word()
	}
	var edited []string
	for i, w := range words {
		switch {
		case i%10 == 5:
			edited = append(edited, "changed")
		case i%37 == 0:
			edited = append(edited, w, "inserted")
		default:
			edited = append(edited, w)
		}
	}
	join := func(ws []string) string {
		s := ""
		for _, w := range ws {
			s += w + " "
		}
		return s
	}
	m, ok := Verify(0, 1, prepare(t, join(words), cfg), prepare(t, join(edited), cfg), cfg, nil)
	if !ok {
		t.Fatal("no match")
	}
	if len(m.Passages) != 1 || m.Passages[0].Words < 280 {
		t.Errorf("got %d passages, first of %d words; want one of >= 280 (edits at both ends cost a few)", len(m.Passages), m.Passages[0].Words)
	}
}
