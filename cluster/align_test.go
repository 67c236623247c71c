package cluster

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/provenance-dev/provenance/internal/textgen"
	"github.com/provenance-dev/provenance/shingle"
)

func prepare(t *testing.T, text string, cfg Config) *Doc {
	t.Helper()
	toks := shingle.NewTokenizer(1).Tokenize(nil, []byte(text))
	d, err := NewDoc([]byte(text), toks, cfg)
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
	m, ok := Verify(0, 1, prepare(t, a, cfg), prepare(t, b, cfg), cfg, nil, nil)
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
	m, ok := Verify(0, 1, prepare(t, join(words), cfg), prepare(t, join(edited), cfg), cfg, nil, nil)
	if !ok {
		t.Fatal("no match")
	}
	if len(m.Passages) != 1 || m.Passages[0].Words < 280 {
		t.Errorf("got %d passages, first of %d words; want one of >= 280 (edits at both ends cost a few)", len(m.Passages), m.Passages[0].Words)
	}
}

// quotedTokensReference marks the tokens that start inside quotation
// marks by scanning the whole text: the definition quotedCount must match.
func quotedTokensReference(text []byte, spans []shingle.Span) []bool {
	out := make([]bool, len(spans))
	in := false
	ti := 0
	for i := 0; i < len(text) && ti < len(spans); {
		for ti < len(spans) && int(spans[ti].Start) <= i {
			out[ti] = in
			ti++
		}
		c := text[i]
		if c < utf8.RuneSelf {
			switch c {
			case '"':
				in = !in
			case '\n':
				in = false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(text[i:])
		switch r {
		case '“', '„', '«', '‟':
			in = true
		case '”', '»':
			in = false
		}
		i += size
	}
	for ; ti < len(spans); ti++ {
		out[ti] = in
	}
	return out
}

func TestQuotedCount(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	parts := []string{"word", "said", " ", " ", "\n", "\"", "“", "”", "«", "»", "„", "‟", ",", "été", "\xff"}
	tk := shingle.NewTokenizer(1)
	for range 2000 {
		var b strings.Builder
		for range rng.IntN(40) {
			b.WriteString(parts[rng.IntN(len(parts))])
		}
		text := []byte(b.String())
		var toks shingle.Tokens
		tk.Tokenize(&toks, text)
		ref := quotedTokensReference(text, toks.Spans)
		for lo := 0; lo <= len(ref); lo++ {
			want := 0
			for hi := lo; hi <= len(ref); hi++ {
				if got := quotedCount(text, toks.Spans, lo, hi); got != want {
					t.Fatalf("%q tokens [%d,%d): %d quoted, want %d", text, lo, hi, got, want)
				}
				if hi < len(ref) && ref[hi] {
					want++
				}
			}
		}
	}
}

func TestAnchorOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	type ab struct{ a, b int32 }
	var want []ab
	var got []anchor
	for range 5000 {
		p := ab{rng.Int32N(1 << 20), rng.Int32N(1 << 20)}
		if rng.IntN(4) == 0 {
			p.b = p.a + rng.Int32N(5) - 2 // near the main diagonal
		}
		p.b = max(p.b, 0)
		want = append(want, p)
		got = append(got, makeAnchor(p.a, p.b))
	}
	slices.SortFunc(want, func(x, y ab) int { return cmp.Or(cmp.Compare(x.b-x.a, y.b-y.a), cmp.Compare(x.a, y.a)) })
	slices.Sort(got)
	for i, an := range got {
		if a, b := an.pos(); a != want[i].a || b != want[i].b {
			t.Fatalf("anchor %d: (%d, %d), want (%d, %d) in (diagonal, a) order", i, a, b, want[i].a, want[i].b)
		}
	}
}

// TestVerify_boilerplate: a passage mostly made of boilerplate
// fingerprints, in either document, is dropped; a document marked
// NoBoilerplate is not checked; the other passage stays.
func TestVerify_boilerplate(t *testing.T) {
	cfg := DefaultConfig()
	g := textgen.New(12)
	boilerText, story := g.Text(40), g.Text(60)
	a := g.Text(80) + "\n\n" + boilerText + "\n\n" + g.Text(80) + "\n\n" + story + "\n\n" + g.Text(80)
	b := g.Text(70) + "\n\n" + story + "\n\n" + g.Text(90) + "\n\n" + boilerText + "\n\n" + g.Text(60)
	// The boilerplate set: the fingerprints of the boilerplate text.
	bd := prepare(t, boilerText, cfg)
	boiler := &KeySet{}
	for _, p := range Winnow(nil, bd.Shingles, cfg.Winnow) {
		boiler.Add(bd.Shingles[p])
	}
	words := func(m Match) []int {
		var w []int
		for _, p := range m.Passages {
			w = append(w, p.Words)
		}
		slices.Sort(w)
		return w
	}
	for _, tc := range []struct {
		name         string
		boiler       *KeySet
		noA, noB     bool
		wantPassages int
	}{
		{"no boilerplate set", nil, false, false, 2},
		{"boilerplate set", boiler, false, false, 1},
		{"only b checked", boiler, true, false, 1},
		{"only a checked", boiler, false, true, 1},
		{"neither checked", boiler, true, true, 2},
	} {
		da, db := prepare(t, a, cfg), prepare(t, b, cfg)
		da.NoBoilerplate, db.NoBoilerplate = tc.noA, tc.noB
		m, ok := Verify(0, 1, da, db, cfg, tc.boiler, nil)
		if !ok || len(m.Passages) != tc.wantPassages {
			t.Fatalf("%s: ok %v, passages of %v words, want %d passages", tc.name, ok, words(m), tc.wantPassages)
		}
		// The story (60 words) is always kept.
		if w := words(m); w[len(w)-1] < 58 || w[len(w)-1] > 62 {
			t.Errorf("%s: passages of %v words, want the 60-word story among them", tc.name, w)
		}
		// A second check of the same documents gives the same answer
		// (their boilerplate positions are found once).
		if m2, _ := Verify(0, 1, da, db, cfg, tc.boiler, nil); len(m2.Passages) != len(m.Passages) {
			t.Errorf("%s: second Verify gave %d passages, first %d", tc.name, len(m2.Passages), len(m.Passages))
		}
	}
}

// TestVerify_common: a passage of common text (Config.CommonDocs) that is
// a small part of both documents is dropped; so is one that is the bulk of
// one but a small part of the other, whose other text is its own; where
// that other text is common too (the other is a popular text, the first a
// short copy of part of it), it stays. A passage part boilerplate and part
// common counts as common.
func TestVerify_common(t *testing.T) {
	cfg := DefaultConfig()
	g := textgen.New(13)
	notice, story := g.Text(60), g.Text(60)
	setOf := func(text string) *KeySet {
		d := prepare(t, text, cfg)
		s := &KeySet{}
		for _, p := range Winnow(nil, d.Shingles, cfg.Winnow) {
			s.Add(d.Shingles[p])
		}
		return s
	}
	common := setOf(notice)
	long := func() string { return g.Text(300) + "\n\n" + notice + "\n\n" + g.Text(100) }
	a, b := long()+"\n\n"+story, story+"\n\n"+long()
	short := notice + " " + g.Text(20)
	half := strings.Fields(notice)
	// Cut where neither part alone holds half the notice's fingerprints.
	front, back := setOf(strings.Join(half[:25], " ")), setOf(strings.Join(half[25:], " "))
	for _, tc := range []struct {
		name           string
		a, b           string
		boiler, common *KeySet
		want           int // passages
	}{
		{"no common set", a, b, nil, nil, 2},
		{"common notice in long documents", a, b, nil, common, 1},
		{"common notice as the bulk of one, the other's text its own", a, short, nil, common, 0},
		{"common notice as the bulk of one, the other's text common too", a, short, nil, setOf(a), 1},
		{"part boilerplate", a, b, front, nil, 2},
		{"part common", a, b, nil, back, 2},
		{"part boilerplate, part common", a, b, front, back, 1},
	} {
		m, ok := Verify(0, 1, prepare(t, tc.a, cfg), prepare(t, tc.b, cfg), cfg, tc.boiler, tc.common)
		if ok != (tc.want > 0) || ok && len(m.Passages) != tc.want {
			t.Errorf("%s: ok %v, %d passages, want %d", tc.name, ok, len(m.Passages), tc.want)
		}
	}
}

// TestKeySet checks Has against a map for keys in the set, keys that share
// their filter bit with one in the set, and others; and the nil set.
func TestKeySet(t *testing.T) {
	var none *KeySet
	if none.Has(1) || none.Len() != 0 {
		t.Fatal("nil KeySet: want empty")
	}
	r := rand.New(rand.NewPCG(41, 42))
	s := &KeySet{}
	in := map[uint64]bool{}
	for range 5000 {
		k := r.Uint64()
		s.Add(k)
		in[k] = true
	}
	s.Add(0)
	in[0] = true
	for k := range in {
		s.Add(k) // again: no change
	}
	if s.Len() != len(in) {
		t.Fatalf("Len = %d, want %d", s.Len(), len(in))
	}
	for k := range in {
		if !s.Has(k) {
			t.Fatalf("Has(%x) = false for a key added", k)
		}
		// Same low 18 bits: passes the filter, must still be refused.
		if other := k ^ 1<<40; !in[other] && s.Has(other) {
			t.Fatalf("Has(%x) = true for a key not added", other)
		}
	}
	for range 20000 {
		if k := r.Uint64(); s.Has(k) != in[k] {
			t.Fatalf("Has(%x) = %v, want %v", k, s.Has(k), in[k])
		}
	}
}

// BenchmarkNewDoc prepares a generated article of about 700 words for
// verification: shingle hashes, spans and the hash table.
func BenchmarkNewDoc(b *testing.B) {
	cfg := DefaultConfig()
	text := []byte(textgen.New(21).Text(700))
	toks := shingle.NewTokenizer(0).Tokenize(nil, text)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		d, err := NewDoc(text, toks, cfg)
		if err != nil {
			b.Fatal(err)
		}
		d.Release()
	}
}

// TestDoc_index checks the hash table of a document's shingles against
// its definition, on random sequences with many repeats: first[p] is the
// first position of p's hash, the chain from it lists every position of
// the hash in order, count holds their number, lookup finds the first
// position, and distinct counts the hashes.
func TestDoc_index(t *testing.T) {
	r := rand.New(rand.NewPCG(61, 62))
	for round := range 300 {
		n := 1 + r.IntN(400)
		vals := 1 + r.IntN(n)
		d := &Doc{Shingles: make([]uint64, n)}
		for p := range d.Shingles {
			d.Shingles[p] = uint64(r.IntN(vals))*0x9e3779b97f4a7c15 + uint64(round)
		}
		d.index()
		positions := map[uint64][]int32{}
		for p, h := range d.Shingles {
			positions[h] = append(positions[h], int32(p))
		}
		if d.distinct != len(positions) {
			t.Fatalf("round %d: distinct = %d, want %d", round, d.distinct, len(positions))
		}
		for h, ps := range positions {
			f := ps[0]
			if got := d.lookup(h); got != f {
				t.Fatalf("round %d: lookup = %d, want %d", round, got, f)
			}
			if int(d.count[f]) != len(ps) {
				t.Fatalf("round %d: count = %d, want %d", round, d.count[f], len(ps))
			}
			var chain []int32
			for q := f; q >= 0; q = d.next[q] {
				chain = append(chain, q)
				if d.first[q] != f {
					t.Fatalf("round %d: first[%d] = %d, want %d", round, q, d.first[q], f)
				}
			}
			if !slices.Equal(chain, ps) {
				t.Fatalf("round %d: chain %v, want %v", round, chain, ps)
			}
		}
		if d.lookup(12345) != -1 && positions[12345] == nil {
			t.Fatalf("round %d: lookup of an absent hash found one", round)
		}
	}
}

// TestVerify_commonAcrossNames: an about-block whose sentences each name
// the company, carried by many companies' releases: the passage two of
// them share chains across the names, and what it shares (the sentences
// but the names) is common, so it is dropped, though the shingles with a
// name in them, which it also spans, are most of its fingerprints.
func TestVerify_commonAcrossNames(t *testing.T) {
	cfg := DefaultConfig()
	g := textgen.New(14)
	var sents []string
	for range 14 {
		sents = append(sents, g.Sentence(7))
	}
	block := func(name string) string {
		var b []string
		for i, s := range sents {
			w := strings.Fields(s)
			at := 2 + i%4
			b = append(b, strings.Join(w[:at], " ")+" "+name+" "+strings.Join(w[at:], " "))
		}
		return strings.Join(b, " ")
	}
	common := &KeySet{}
	for _, n := range []string{"Alder Ridge Holdings", "Brent Vale Systems", "Corvin Marsh Group", "Dunmore Peak Energy", "Elden Ford Logistics"} {
		d := prepare(t, block(n)+" "+g.Text(50), cfg)
		for _, p := range Winnow(nil, d.Shingles, cfg.Winnow) {
			common.Add(d.Shingles[p])
		}
	}
	a := g.Text(400) + "\n\n" + block("Fenwick Hale Partners")
	b := g.Text(500) + "\n\n" + block("Garrow Lind Analytics")
	if m, ok := Verify(0, 1, prepare(t, a, cfg), prepare(t, b, cfg), cfg, nil, nil); !ok || len(m.Passages) != 1 {
		t.Fatalf("without a common set: ok %v, %d passages; want the block", ok, len(m.Passages))
	}
	if m, ok := Verify(0, 1, prepare(t, a, cfg), prepare(t, b, cfg), cfg, nil, common); ok {
		t.Errorf("the block's passage of %d words is kept", m.Passages[0].Words)
	}
}
