package cluster

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// setPair returns two sets of n random hashes each sharing c elements: their
// Jaccard similarity is c / (2n - c).
func setPair(r *rand.Rand, n, c int) (a, b []uint64) {
	a = make([]uint64, n)
	b = make([]uint64, n)
	for i := range n {
		a[i] = r.Uint64()
		if i < c {
			b[i] = a[i]
		} else {
			b[i] = r.Uint64()
		}
	}
	r.Shuffle(n, func(i, j int) { b[i], b[j] = b[j], b[i] })
	return a, b
}

// sharedFor returns the intersection size c that gives two sets of n
// elements the Jaccard similarity closest to s, and that similarity.
func sharedFor(n int, s float64) (int, float64) {
	c := int(math.Round(2 * float64(n) * s / (1 + s)))
	return c, float64(c) / float64(2*n-c)
}

// TestIndex_candidateCurve measures how often two windows of Jaccard s
// become candidates in the index, and checks it against the banding curve
// 1-(1-s^r)^b within four binomial standard errors plus 0.03 (the MinHash
// values of go-minhash are not fully independent).
func TestIndex_candidateCurve(t *testing.T) {
	const trials = 400
	const n = 64 // shingles per window
	shapes := []struct{ bands, rows int }{{64, 2}, {32, 4}, {16, 8}}
	for _, sh := range shapes {
		cfg := DefaultConfig()
		cfg.Bands, cfg.Rows, cfg.MinCollisions = sh.bands, sh.rows, 1
		sk := NewSketcher(cfg)
		r := rand.New(rand.NewPCG(1, uint64(sh.bands)))
		for _, target := range []float64{0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9} {
			c, s := sharedFor(n, target)
			t.Run(fmt.Sprintf("b=%d,r=%d,s=%.3f", sh.bands, sh.rows, s), func(t *testing.T) {
				hits := 0
				for range trials {
					a, b := setPair(r, n, c)
					ix := NewIndex(cfg)
					ix.Add(0, sk.appendBandKeys(nil, sk.Signature(a)))
					if len(ix.Query(sk.appendBandKeys(nil, sk.Signature(b)), nil)) > 0 {
						hits++
					}
				}
				got := float64(hits) / trials
				want := 1 - math.Pow(1-math.Pow(s, float64(sh.rows)), float64(sh.bands))
				tol := 4*math.Sqrt(want*(1-want)/trials) + 0.03
				if math.Abs(got-want) > tol {
					t.Errorf("candidate rate at s=%.3f = %.3f, want %.3f ± %.3f", s, got, want, tol)
				}
			})
		}
	}
}

// TestDefaultConfig_recall checks the design target: windows of Jaccard
// 0.4 become candidates with probability at least 0.99.
func TestDefaultConfig_recall(t *testing.T) {
	cfg := DefaultConfig()
	p := 1 - math.Pow(1-math.Pow(0.4, float64(cfg.Rows)), float64(cfg.Bands))
	if p < 0.99 {
		t.Errorf("candidate probability at s=0.4 = %.5f, want >= 0.99", p)
	}
}

// TestSignature_estimate checks that the share of equal signature values
// estimates the exact Jaccard similarity within four standard errors
// sqrt(J(1-J)/k) plus 0.02, on average over trials and per trial within
// six.
func TestSignature_estimate(t *testing.T) {
	cfg := DefaultConfig()
	sk := NewSketcher(cfg)
	k := cfg.Bands * cfg.Rows
	r := rand.New(rand.NewPCG(7, 7))
	const trials = 50
	for _, n := range []int{50, 500} {
		for _, target := range []float64{0, 0.1, 0.3, 0.5, 0.7, 0.9, 1} {
			c, s := sharedFor(n, target)
			t.Run(fmt.Sprintf("n=%d,s=%.3f", n, s), func(t *testing.T) {
				se := math.Sqrt(s * (1 - s) / float64(k))
				sum := 0.0
				for range trials {
					a, b := setPair(r, n, c)
					sa, sb := sk.Signature(a), sk.Signature(b)
					eq := 0
					for i := range sa {
						if sa[i] == sb[i] {
							eq++
						}
					}
					est := float64(eq) / float64(k)
					if math.Abs(est-s) > 6*se+0.02 {
						t.Errorf("estimate = %.3f, want %.3f ± %.3f", est, s, 6*se+0.02)
					}
					sum += est
				}
				mean := sum / trials
				tol := 4*se/math.Sqrt(trials) + 0.02
				if math.Abs(mean-s) > tol {
					t.Errorf("mean estimate = %.3f, want %.3f ± %.3f", mean, s, tol)
				}
			})
		}
	}
}

// TestSketcher_BandKeys checks that windows built from blocks sign the
// same set as signing the window's shingles directly.
func TestSketcher_BandKeys(t *testing.T) {
	cfg := DefaultConfig()
	sk := NewSketcher(cfg)
	r := rand.New(rand.NewPCG(3, 3))
	for _, n := range []int{1, 10, 63, 64, 65, 100, 200, 333} {
		sh := make([]uint64, n)
		for i := range sh {
			sh[i] = r.Uint64()
		}
		var want []uint64
		for _, w := range cfg.Windows(n) {
			want = sk.appendBandKeys(want, sk.Signature(sh[w[0]:w[1]]))
		}
		got := sk.BandKeys(sh)
		set := map[uint64]bool{}
		for _, k := range got {
			set[k] = true
		}
		for _, k := range want {
			if !set[k] {
				t.Errorf("n=%d: key %x of a directly signed window missing from BandKeys", n, k)
				break
			}
		}
		if len(set) != len(got) {
			t.Errorf("n=%d: BandKeys has repeats", n)
		}
	}
}

func TestConfig_Windows(t *testing.T) {
	cfg := DefaultConfig() // window 64, stride 32
	tests := []struct {
		n    int
		want [][2]int
	}{
		{0, nil},
		{1, [][2]int{{0, 1}}},
		{64, [][2]int{{0, 64}}},
		{70, [][2]int{{0, 70}}},
		{96, [][2]int{{0, 64}, {32, 96}}},
		{100, [][2]int{{0, 64}, {32, 100}}},
		{130, [][2]int{{0, 64}, {32, 96}, {64, 130}}},
	}
	for _, tt := range tests {
		got := cfg.Windows(tt.n)
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("Windows(%d) = %v, want %v", tt.n, got, tt.want)
		}
		covered := 0
		for _, w := range got {
			covered = max(covered, w[1])
		}
		if covered != tt.n {
			t.Errorf("Windows(%d) covers up to %d", tt.n, covered)
		}
	}
}

func BenchmarkSketcher_BandKeys(b *testing.B) {
	cfg := DefaultConfig()
	sk := NewSketcher(cfg)
	r := rand.New(rand.NewPCG(1, 2))
	// About 6 bytes of text per shingle of English prose.
	for _, kb := range []int{1, 10, 100} {
		n := kb * 1024 / 6
		sh := make([]uint64, n)
		for i := range sh {
			sh[i] = r.Uint64()
		}
		b.Run(fmt.Sprintf("text=%dKB", kb), func(b *testing.B) {
			b.SetBytes(int64(kb * 1024))
			for b.Loop() {
				sk.BandKeys(sh)
			}
		})
	}
}
