package shingle

// Stopwords and a light English stemmer, for the fuzzy reuse channel: a copy
// that was reworded (words swapped for synonyms, inflections changed, words
// dropped, inserted or shuffled) keeps most of its content words, and those
// in one form or another. The stemmer folds inflections and a few common
// derivational endings onto one stem; it is deliberately lighter than
// Porter's and makes no claim to produce real words, only that the forms of
// one word meet. The stopwords are English's function words among those of
// many languages (funcwords.go), the ones a text gets if it is English.

// stopwords are English function words and the clitic fragments the
// tokenizer leaves after splitting at apostrophes ("it's" → "it", "s").
var stopwords = func() map[string]struct{} {
	m := map[string]struct{}{}
	for _, w := range splitWords(`
a about above after again against ago all almost along already also although always am
among an and another any anybody anyone anything anyway are around as at away
b be became because become becomes been before behind being below beside besides between beyond both but by
c can cannot could d did do does doing done down during
e each either else enough etc even ever every everybody everyone everything
f few for from further g get gets getting got
h had has have having he her here hers herself him himself his how however
i if in into is it its itself j just k l least less like ll
m made make makes many may me might mine more most much must my myself
n neither never no nobody none nor not nothing now o of off often on once one only onto or other others
otherwise our ours ourselves out over own p per perhaps q quite r rather re really
s said same say says seem seemed seems shall she should since so some somebody someone something sometimes
still such t than that the their theirs them themselves then there therefore these they this
those though through thus to too toward towards u under until up upon us v ve very
w was we well were what whatever when whenever where whereas wherever whether which while who
whoever whole whom whose why will with within without would x y yet you your yours yourself
yourselves z also although amongst across thereby hence unless via
`) {
		m[w] = struct{}{}
	}
	return m
}()

func splitWords(s string) []string {
	var out []string
	start := -1
	for i := 0; i <= len(s); i++ {
		if i < len(s) && s[i] > ' ' {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			out = append(out, s[start:i])
			start = -1
		}
	}
	return out
}

// IsStopword reports whether the lower-case ASCII word is an English
// function word (or a clitic fragment such as "s" or "ll").
func IsStopword(word []byte) bool {
	_, ok := stopwords[string(word)]
	return ok
}

// derivational are the derivational endings, longest first; at most one is
// stripped, as long as at least minStem bytes remain and the rest holds a
// vowel.
var derivational = []string{"ational", "ization", "fulness", "iveness", "ousness", "ation", "ition", "ement", "ments", "ment", "ness", "ities", "ity", "ful", "ous", "ive", "ism", "ist", "able", "ible", "ance", "ence", "al", "at", "ic"}

// derivationalByLast indexes derivational by their last byte, keeping
// their order, so that a word is checked only against the endings that can
// match it.
var derivationalByLast = func() (t [256][]string) {
	for _, s := range derivational {
		c := s[len(s)-1]
		t[c] = append(t[c], s)
	}
	return t
}()

const minStem = 3

// Stem appends the stem of the lower-case ASCII word to dst and returns it.
// Words of one or two bytes, and words with non-letters, are their own
// stems. The rules: plurals and third persons (-s, -es, -ies), -ed, -ing,
// -ly, -er and -est; then one derivational ending (-ation, -ment, -ness,
// -ity, -ful, -ous, -ive, -able, -ance, -al and the like); finally a
// trailing "e" is dropped and "y" becomes "i", so that "use", "used" and
// "using" all give "us", and "city" and "cities" give "citi".
func Stem(dst, word []byte) []byte {
	start := len(dst)
	dst = append(dst, word...)
	w := dst[start:]
	if len(w) < 3 {
		return dst
	}
	for _, c := range w {
		if c < 'a' || c > 'z' {
			return dst
		}
	}
	w = dropE(inflection(w))
	w = dropE(derivation(w))
	// Final y, and a doubled final consonant ("stopp" from "stopped"):
	// forms of one word end alike.
	if n := len(w); n > minStem && w[n-1] == 'y' {
		w[n-1] = 'i'
	}
	if n := len(w); n > minStem && w[n-1] == w[n-2] && !isVowel(w[n-1]) && w[n-1] != 'l' && w[n-1] != 's' && w[n-1] != 'z' {
		w = w[:n-1]
	}
	return dst[:start+len(w)]
}

// dropE drops a final "e" from words of three bytes or more.
func dropE(w []byte) []byte {
	if n := len(w); n >= 3 && w[n-1] == 'e' {
		return w[:n-1]
	}
	return w
}

func isVowel(c byte) bool {
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'
}

func hasVowel(w []byte) bool {
	for _, c := range w {
		if isVowel(c) || c == 'y' {
			return true
		}
	}
	return false
}

func hasSuffix(w []byte, s string) bool {
	if len(w) < len(s) {
		return false
	}
	w = w[len(w)-len(s):]
	for i := len(s) - 1; i >= 0; i-- {
		if w[i] != s[i] {
			return false
		}
	}
	return true
}

// strip removes suffix s from w if a stem of at least min bytes with a
// vowel remains.
func strip(w []byte, s string, min int) ([]byte, bool) {
	if !hasSuffix(w, s) {
		return w, false
	}
	r := w[:len(w)-len(s)]
	if len(r) < min || !hasVowel(r) {
		return w, false
	}
	return r, true
}

func inflection(w []byte) []byte {
	// Plurals.
	switch {
	case hasSuffix(w, "sses"):
		w = w[:len(w)-2]
	case hasSuffix(w, "ies") && len(w) > 4:
		w = append(w[:len(w)-3], 'y')
	case hasSuffix(w, "ss") || hasSuffix(w, "us") || hasSuffix(w, "is"):
	case hasSuffix(w, "s") && len(w) > 3:
		w = w[:len(w)-1]
	}
	// Verb and adverb endings, at most one. A stem of two bytes is
	// allowed ("using", "used" → "us", as "use" gives after its final e
	// is dropped), except before -ed after an e ("need" stays).
	for _, s := range [...]string{"ingly", "edly", "ing", "ed", "ly", "est", "er"} {
		if s == "ed" && len(w) <= 5 && hasSuffix(w, "eed") {
			continue
		}
		if r, ok := strip(w, s, 2); ok {
			return r
		}
	}
	return w
}

func derivation(w []byte) []byte {
	if len(w) == 0 {
		return w
	}
	for _, s := range derivationalByLast[w[len(w)-1]] {
		if r, ok := strip(w, s, minStem); ok {
			return r
		}
	}
	return w
}
