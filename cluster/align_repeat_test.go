package cluster

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/provenance-dev/provenance/internal/textgen"
	"github.com/provenance-dev/provenance/shingle"
)

// repeated returns p n times, as paragraphs.
func repeated(p string, n int) string {
	return strings.Repeat(strings.TrimSpace(p)+"\n\n", n)
}

// prepareTB is prepare for tests and benchmarks.
func prepareTB(tb testing.TB, text string, cfg Config) *Doc {
	tb.Helper()
	toks := shingle.NewTokenizer(1).Tokenize(nil, []byte(text))
	d, err := NewDoc([]byte(text), toks, cfg)
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

// coveredTokens returns how many tokens of a (side 0) or b (side 1) lie
// inside m's passages.
func coveredTokens(m Match, side int) int {
	return unionLen(m.Passages, func(p Passage) [2]int {
		if side == 0 {
			return p.ATok
		}
		return p.BTok
	})
}

// TestVerify_repeatedParagraph: two identical texts that repeat one
// paragraph 5, 20 or 200 times (each shingle of the paragraph then pairs
// 25 to 40,000 ways, over MaxPairsPerShingle) match with containment 1
// both ways, and their passages cover both texts, with or without text of
// their own around the repeats.
func TestVerify_repeatedParagraph(t *testing.T) {
	cfg := DefaultConfig()
	g := textgen.New(31)
	p := g.Text(60)
	intro, outro := g.Text(80), g.Text(80)
	for _, n := range []int{5, 20, 200} {
		for _, frame := range []bool{false, true} {
			text := repeated(p, n)
			if frame {
				text = intro + "\n\n" + text + outro
			}
			t.Run(fmt.Sprintf("%d times, framed %v", n, frame), func(t *testing.T) {
				a, b := prepare(t, text, cfg), prepare(t, text, cfg)
				m, ok := Verify(0, 1, a, b, cfg, nil, nil)
				if !ok {
					t.Fatal("no match")
				}
				if m.ContainmentA != 1 || m.ContainmentB != 1 {
					t.Errorf("containment %.3f, %.3f; want 1, 1", m.ContainmentA, m.ContainmentB)
				}
				if ca, cb := coveredTokens(m, 0), coveredTokens(m, 1); ca != a.Words() || cb != b.Words() {
					t.Errorf("passages cover %d and %d tokens of %d; want all", ca, cb, a.Words())
				}
				if m.CoverageA != 1 || m.CoverageB != 1 {
					t.Errorf("coverage %.3f, %.3f; want 1, 1", m.CoverageA, m.CoverageB)
				}
			})
		}
	}
}

// TestVerify_repeatedShifted: the repeats are aligned when each document
// has text of its own before them, of different lengths, and when one
// document repeats the paragraph more often than the other.
func TestVerify_repeatedShifted(t *testing.T) {
	cfg := DefaultConfig()
	g := textgen.New(32)
	p := g.Text(50)
	outro := g.Text(70)
	for _, tc := range []struct{ na, nb int }{{6, 6}, {30, 30}, {6, 9}, {40, 25}} {
		a := g.Text(40) + "\n\n" + repeated(p, tc.na) + outro
		b := g.Text(90) + "\n\n" + repeated(p, tc.nb) + outro
		da, db := prepare(t, a, cfg), prepare(t, b, cfg)
		m, ok := Verify(0, 1, da, db, cfg, nil, nil)
		if !ok {
			t.Fatalf("%d and %d repeats: no match", tc.na, tc.nb)
		}
		// The shared text: the repeats the shorter side holds, and the
		// outro; give a few words at the seams.
		want := min(tc.na, tc.nb)*50 + 70 - 10
		if got := min(coveredTokens(m, 0), coveredTokens(m, 1)); got < want {
			t.Errorf("%d and %d repeats: passages cover %d tokens, want >= %d: %+v", tc.na, tc.nb, got, want, m.Passages)
		}
	}
}

// TestVerify_repeatedOnce: a text that repeats a paragraph 30 times
// matches a text that holds it once among text of its own, with one
// passage of the paragraph (30 x 1 pairings per shingle: over
// MaxPairsPerShingle).
func TestVerify_repeatedOnce(t *testing.T) {
	cfg := DefaultConfig()
	g := textgen.New(33)
	p := g.Text(60)
	a := repeated(p, 30)
	b := g.Text(200) + "\n\n" + p + "\n\n" + g.Text(200)
	for _, swap := range []bool{false, true} {
		da, db := prepare(t, a, cfg), prepare(t, b, cfg)
		if swap {
			da, db = db, da
		}
		m, ok := Verify(0, 1, da, db, cfg, nil, nil)
		if !ok {
			t.Fatalf("swap %v: no match", swap)
		}
		if len(m.Passages) != 1 || m.Passages[0].Words < 58 || m.Passages[0].Words > 62 {
			t.Errorf("swap %v: passages %+v; want one of 60 ± 2 words", swap, m.Passages)
		}
	}
}

// TestAlignRuns_repeats checks alignRuns on random shingle sequences full
// of repeats against what it promises:
//   - every run is made of anchors: its ends are shared shingles at the
//     same offset, and runs on one diagonal are more than maxStep apart;
//   - it keeps the runs of the anchors within the cap (sharedRuns's);
//   - each occurrence of a shingle over the cap, on the side where it is
//     rarer (either, when as many), lies in a run at a place where the
//     other side holds the same shingle: no occurrence is left out.
func TestAlignRuns_repeats(t *testing.T) {
	rng := rand.New(rand.NewPCG(71, 72))
	mk := func(sh []uint64) *Doc {
		d := &Doc{Shingles: sh}
		d.index()
		return d
	}
	var sc runScratch
	for iter := range 3000 {
		alpha := uint64(1 + rng.IntN(12))
		na := rng.IntN(200)
		a := make([]uint64, na)
		for i := range a {
			a[i] = rng.Uint64N(alpha) * 0x9e3779b97f4a7c15
		}
		var b []uint64
		if iter%4 == 0 {
			b = make([]uint64, rng.IntN(200))
			for i := range b {
				b[i] = rng.Uint64N(alpha) * 0x9e3779b97f4a7c15
			}
		} else {
			// b is a's text edited, or repeated.
			for range 1 + rng.IntN(3) {
				for i := 0; i < na; i++ {
					switch rng.IntN(10) {
					case 0:
						b = append(b, rng.Uint64N(alpha+3)*0x9e3779b97f4a7c15)
					case 1:
						i += rng.IntN(5)
					default:
						b = append(b, a[i])
					}
				}
			}
		}
		da, db := mk(a), mk(b)
		maxStep, maxPairs := 1+rng.IntN(7), 1+rng.IntN(20)
		capped, _ := sharedRuns(&sc, da, db, maxStep, maxPairs)
		capped = slices.Clone(capped)
		runs, shared := alignRuns(&sc, da, db, maxStep, maxPairs)
		runs = slices.Clone(runs)
		if want := sharedCount(da, db); shared != want {
			t.Fatalf("case %d: shared %d, want %d", iter, shared, want)
		}
		diag := func(r run) int { return r.bFirst - r.aFirst }
		slices.SortFunc(runs, func(x, y run) int { return cmp.Or(cmp.Compare(diag(x), diag(y)), cmp.Compare(x.aFirst, y.aFirst)) })
		for i, r := range runs {
			if r.aFirst > r.aLast || r.bLast-r.aLast != diag(r) ||
				a[r.aFirst] != b[r.bFirst] || a[r.aLast] != b[r.bLast] {
				t.Fatalf("case %d: run %+v is not made of anchors", iter, r)
			}
			if i > 0 && diag(runs[i-1]) == diag(r) && r.aFirst-runs[i-1].aLast <= maxStep {
				t.Fatalf("case %d: runs %+v and %+v on one diagonal, %d apart: want one run", iter, runs[i-1], r, r.aFirst-runs[i-1].aLast)
			}
		}
		inRun := func(pa, pb int) bool {
			for _, r := range runs {
				if r.aFirst <= pa && pa <= r.aLast && pb-pa == diag(r) {
					return true
				}
			}
			return false
		}
		for _, c := range capped {
			found := false
			for _, r := range runs {
				found = found || diag(r) == diag(c) && r.aFirst <= c.aFirst && c.aLast <= r.aLast
			}
			if !found {
				t.Fatalf("case %d: the capped run %+v is in no run of %+v", iter, c, runs)
			}
		}
		pos := func(sh []uint64) map[uint64][]int {
			m := map[uint64][]int{}
			for p, h := range sh {
				m[h] = append(m[h], p)
			}
			return m
		}
		pa, pb := pos(a), pos(b)
		for h, xs := range pa {
			ys := pb[h]
			if len(ys) == 0 || len(xs)*len(ys) <= maxPairs {
				continue
			}
			if len(xs) <= len(ys) {
				for _, x := range xs {
					if !slices.ContainsFunc(ys, func(y int) bool { return inRun(x, y) }) {
						t.Fatalf("case %d: occurrence %d in a of a shingle held %d and %d times is in no run: %+v", iter, x, len(xs), len(ys), runs)
					}
				}
			}
			if len(ys) <= len(xs) {
				for _, y := range ys {
					if !slices.ContainsFunc(xs, func(x int) bool { return inRun(x, y) }) {
						t.Fatalf("case %d: occurrence %d in b of a shingle held %d and %d times is in no run: %+v", iter, y, len(xs), len(ys), runs)
					}
				}
			}
		}
	}
}

// BenchmarkVerify_repeats verifies texts that repeat one paragraph of 60
// words: 1,000 times against a text of 400 words of its own that holds
// it once, and 200 or 1,000 times against the same text. Every shingle of
// the paragraph pairs 1,000 to a million ways; the alignment pairs each
// occurrence a bounded number of ways. For scale, "copy" is the common
// case, with no repeats: a 700-word article and a copy of it with
// paragraphs of its own around.
func BenchmarkVerify_repeats(b *testing.B) {
	cfg := DefaultConfig()
	g := textgen.New(34)
	p := g.Text(60)
	other := g.Text(200) + "\n\n" + p + "\n\n" + g.Text(200)
	article := g.Text(700)
	for _, tc := range []struct {
		name string
		a, b string
	}{
		{"copy", article, g.Text(100) + "\n\n" + article + "\n\n" + g.Text(100)},
		{"1000_vs_once", repeated(p, 1000), other},
		{"200_vs_200", repeated(p, 200), repeated(p, 200)},
		{"1000_vs_1000", repeated(p, 1000), repeated(p, 1000)},
	} {
		b.Run(tc.name, func(b *testing.B) {
			da, db := prepareTB(b, tc.a, cfg), prepareTB(b, tc.b, cfg)
			var m Match
			for b.Loop() {
				m, _ = Verify(0, 1, da, db, cfg, nil, nil)
			}
			b.ReportMetric(float64(coveredTokens(m, 1)), "covered-b")
		})
	}
}
