package htmlreport

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func TestWords(t *testing.T) {
	text := "Putin’s call — “won’t” 40-month, Ünïcode\u00a0x"
	var got []string
	for _, w := range words(text, 100) {
		if text[w.start-100:w.end-100] == "" {
			t.Fatalf("empty word at %d", w.start)
		}
		got = append(got, text[w.start-100:w.end-100]+"="+w.key)
	}
	want := []string{"Putin=putin", "s=s", "call=call", "won=won", "t=t", "40=40", "month=month", "Ünïcode=ünïcode", "x=x"}
	if !slices.Equal(got, want) {
		t.Errorf("words:\n got %q\nwant %q", got, want)
	}
}

// lcsLen is the length of a longest common subsequence, by the textbook
// table.
func lcsLen(a, b []string) int {
	prev, cur := make([]int, len(b)+1), make([]int, len(b)+1)
	for i := range a {
		for j := range b {
			if a[i] == b[j] {
				cur[j+1] = prev[j] + 1
			} else {
				cur[j+1] = max(cur[j], prev[j+1])
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func kept(ws []string, keep []bool) []string {
	var out []string
	for i, k := range keep {
		if k {
			out = append(out, ws[i])
		}
	}
	return out
}

func TestDiffWords(t *testing.T) {
	for _, c := range []struct{ a, b, wantA, wantB string }{
		{"a b c", "a b c", "111", "111"},
		{"", "a b", "", "00"},
		{"a b", "", "00", ""},
		{"the cat sat on the mat", "the dog sat on a mat", "101101", "101101"},
		{"x a b c", "a b c y", "0111", "1110"},
		{"a b c d", "d c b a", "0001", "1000"},
	} {
		a, b := strings.Fields(c.a), strings.Fields(c.b)
		ka, kb := diffWords(a, b)
		if g := bits(ka); g != c.wantA {
			t.Errorf("diff %q %q: a %s, want %s", c.a, c.b, g, c.wantA)
		}
		if g := bits(kb); g != c.wantB {
			t.Errorf("diff %q %q: b %s, want %s", c.a, c.b, g, c.wantB)
		}
	}
}

func bits(bs []bool) string {
	var s strings.Builder
	for _, b := range bs {
		if b {
			s.WriteByte('1')
		} else {
			s.WriteByte('0')
		}
	}
	return s.String()
}

// TestDiffWords_random checks, on random word lists, that what both sides
// keep is one common subsequence, as long as the longest.
func TestDiffWords_random(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	vocab := strings.Fields("a b c d e f")
	gen := func() []string {
		out := make([]string, r.IntN(30))
		for i := range out {
			out[i] = vocab[r.IntN(len(vocab))]
		}
		return out
	}
	for n := 0; n < 2000; n++ {
		a, b := gen(), gen()
		if r.IntN(3) == 0 { // mostly equal, as passages are
			b = slices.Clone(a)
			for k := r.IntN(4); k > 0 && len(b) > 0; k-- {
				b[r.IntN(len(b))] = "z"
			}
		}
		ka, kb := diffWords(a, b)
		sa, sb := kept(a, ka), kept(b, kb)
		if !slices.Equal(sa, sb) {
			t.Fatalf("%q / %q: kept %q and %q", a, b, sa, sb)
		}
		if want := lcsLen(a, b); len(sa) != want {
			t.Fatalf("%q / %q: kept %d words, the longest common subsequence has %d", a, b, len(sa), want)
		}
	}
}

// TestDiffWords_limit checks that past maxEdits the words between the
// common head and tail are all marked, quickly.
func TestDiffWords_limit(t *testing.T) {
	var a, b []string
	a = append(a, "head")
	b = append(b, "head")
	for i := 0; i < maxEdits; i++ {
		a = append(a, "x")
		b = append(b, "y")
	}
	a = append(a, "tail")
	b = append(b, "tail")
	ka, kb := diffWords(a, b)
	if bits(ka) != "1"+strings.Repeat("0", maxEdits)+"1" || bits(kb) != bits(ka) {
		t.Errorf("past the limit: %s / %s", bits(ka)[:8], bits(kb)[:8])
	}
}

func TestChanges(t *testing.T) {
	a := "Moscow would not give up its objectives in Ukraine."
	b := "Moscow will not give up its goals in Ukraine."
	sa, sb := changes(a, 10, b, 20)
	var ga, gb []string
	for _, s := range sa {
		ga = append(ga, a[s.start-10:s.end-10])
	}
	for _, s := range sb {
		gb = append(gb, b[s.start-20:s.end-20])
	}
	if !slices.Equal(ga, []string{"would", "objectives"}) || !slices.Equal(gb, []string{"will", "goals"}) {
		t.Errorf("changes: %q / %q", ga, gb)
	}
	// Adjacent changed words make one span, with what is between them.
	sa, _ = changes("one two three four", 0, "one 2 3 four", 0)
	if len(sa) != 1 || sa[0] != (span{4, 13}) {
		t.Errorf("adjacent changes: %v, want one span 4-13", sa)
	}
}
