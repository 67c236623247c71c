package shingle

import "testing"

// TestStem_conflates: the forms of one word meet on one stem.
func TestStem_conflates(t *testing.T) {
	groups := [][]string{
		{"use", "used", "using", "uses"},
		{"city", "cities"},
		{"cultivation", "cultivated", "cultivating", "cultivate"},
		{"stop", "stopped", "stopping", "stops"},
		{"farm", "farms", "farming", "farmed", "farmer", "farmers"},
		{"agree", "agreed", "agreement"},
		{"relate", "related", "relational"},
		{"box", "boxes"},
		{"need", "needs", "needed"},
		{"happy", "happily", "happiness"},
	}
	for _, g := range groups {
		want := string(Stem(nil, []byte(g[0])))
		for _, w := range g[1:] {
			if got := string(Stem(nil, []byte(w))); got != want {
				t.Errorf("Stem(%q) = %q, Stem(%q) = %q: want equal", w, got, g[0], want)
			}
		}
	}
}

// TestStem_keeps: distinct words stay apart, short and non-letter words
// are their own stems, and Stem appends to dst.
func TestStem_keeps(t *testing.T) {
	apart := [][2]string{{"rice", "rise"}, {"farm", "form"}, {"water", "waiter"}, {"nation", "notion"}}
	for _, p := range apart {
		if a, b := string(Stem(nil, []byte(p[0]))), string(Stem(nil, []byte(p[1]))); a == b {
			t.Errorf("%q and %q both stem to %q", p[0], p[1], a)
		}
	}
	for _, w := range []string{"is", "x", "2024", "covid19", "ab"} {
		if got := string(Stem(nil, []byte(w))); got != w {
			t.Errorf("Stem(%q) = %q, want unchanged", w, got)
		}
	}
	if got := string(Stem([]byte("pre:"), []byte("cities"))); got != "pre:citi" {
		t.Errorf("Stem appended %q, want %q", got, "pre:citi")
	}
}

func TestIsStopword(t *testing.T) {
	for _, w := range []string{"the", "of", "which", "s", "ll", "themselves"} {
		if !IsStopword([]byte(w)) {
			t.Errorf("%q is not a stopword", w)
		}
	}
	for _, w := range []string{"rice", "kremlin", "said2", ""} {
		if IsStopword([]byte(w)) {
			t.Errorf("%q is a stopword", w)
		}
	}
}
