package document

import (
	"math/rand/v2"
	"testing"
)

// TestControlShare checks the word-at-a-time count against a count byte
// by byte, for every control byte and DEL at every offset of a word, and
// for random bytes.
func TestControlShare(t *testing.T) {
	naive := func(b []byte) int {
		n := 0
		for _, c := range b {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' || c == 0x7f {
				n++
			}
		}
		return n
	}
	check := func(b []byte) {
		t.Helper()
		if got, want := controlShare(b), float64(naive(b))/float64(len(b)); got != want {
			t.Fatalf("controlShare(%q) = %v, want %v", b, got, want)
		}
	}
	base := []byte("A line of “text”, twenty-four bytes long.\n")
	for c := range 256 {
		for off := range 17 {
			b := append([]byte(nil), base...)
			b[off] = byte(c)
			check(b)
			check(b[1:])
		}
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 2000 {
		b := make([]byte, 1+rng.IntN(100))
		for i := range b {
			b[i] = byte(rng.IntN(256))
			if rng.IntN(2) == 0 {
				b[i] = byte(0x1c + rng.IntN(8)) // around the 0x20 bound
			}
		}
		check(b)
	}
	if got := controlShare([]byte("\x01\x02 ab")); got != 0.4 {
		t.Errorf("controlShare(2 of 5) = %v, want 0.4", got)
	}
}
