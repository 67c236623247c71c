package shingle

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// tokenizeRef is the byte-at-a-time tokenizer that Tokenize replaced: the
// reference its results are checked against.
func (tk *Tokenizer) tokenizeRef(dst *Tokens, text []byte) *Tokens {
	if dst == nil {
		dst = &Tokens{}
	}
	n := len(text)
	// News text averages about six bytes a token: grow once, not often.
	if want := len(dst.Spans) + n/5 + 8; cap(dst.Spans) < want {
		dst.Spans = slices.Grow(dst.Spans, want-len(dst.Spans))
		dst.Hashes = slices.Grow(dst.Hashes, want-len(dst.Hashes))
	}
	i := 0
	for i < n {
		c := text[i]
		if c < utf8.RuneSelf {
			if asciiClass[c] == classSep {
				i++
				continue
			}
		} else {
			r, size := utf8.DecodeRune(text[i:])
			if !isWordRune(r) {
				i += size
				continue
			}
			if isSingleCharScript(r) {
				start := i
				i = clusterEnd(text, i, r, size)
				dst.add(uint32(start), uint32(i), tk.hashSlow(text[start:i]))
				continue
			}
		}
		// A token starts at i: scan it, noting upper-case ASCII (to be
		// lowered) and any non-ASCII rune (the slow path).
		start := i
		ascii := true
		var seen uint8 // the classes met, ORed: classUpper's bit marks capitals
		for {
			// ASCII letters and digits, the bulk of a token.
			for i < n {
				cl := asciiClass[text[i]]
				if cl-classWord > classUpper-classWord {
					break
				}
				seen |= cl
				i++
			}
			if i < n && asciiClass[text[i]] == classHigh {
				r, size := utf8.DecodeRune(text[i:])
				if isWordRune(r) && !isSingleCharScript(r) {
					ascii = false
					i += size
					continue
				}
			}
			break
		}
		upper := seen&classUpper != 0
		tok := text[start:i]
		var h uint64
		switch {
		case !ascii:
			h = tk.hashSlow(tok)
		case len(tok) < 16:
			// Most words: their bytes straight from the text as two
			// words of 8, lower-cased in place (no copy).
			k1, k2 := loadShort(text, start, len(tok))
			if upper {
				k1, k2 = lowerASCII(k1), lowerASCII(k2)
			}
			h = sum64Words(k1, k2, len(tok), tk.seed)
		case upper:
			buf := tk.buf[:0]
			for _, c := range tok {
				if asciiClass[c] == classUpper {
					c += 'a' - 'A'
				}
				buf = append(buf, c)
			}
			tk.buf = buf
			h = sum64(buf, tk.seed)
		default:
			h = sum64(tok, tk.seed)
		}
		dst.add(uint32(start), uint32(i), h)
	}
	return dst
}

// sameTokens fails t unless Tokenize and tokenizeRef agree on text.
func sameTokens(t *testing.T, text []byte) {
	t.Helper()
	got := NewTokenizer(testSeed).Tokenize(nil, text)
	want := NewTokenizer(testSeed).tokenizeRef(nil, text)
	if !slices.Equal(got.Spans, want.Spans) || !slices.Equal(got.Hashes, want.Hashes) {
		t.Fatalf("Tokenize(%q) = %v %x, want (reference) %v %x", text, got.Spans, got.Hashes, want.Spans, want.Hashes)
	}
	// Without spans: the same hashes, no spans.
	bare := NewTokenizer(testSeed).Tokenize(&Tokens{NoSpans: true}, text)
	if len(bare.Spans) != 0 || !slices.Equal(bare.Hashes, want.Hashes) || bare.Len() != want.Len() {
		t.Fatalf("Tokenize(%q) with NoSpans = %v %x, want no spans and %x", text, bare.Spans, bare.Hashes, want.Hashes)
	}
}

// TestTokenize_reference checks the word-at-a-time scan against the
// byte-at-a-time reference on generated English and on random mixes of
// letters, digits, capitals, separators of every kind, multi-byte runes
// (letters, marks, punctuation, Han) and invalid bytes, at every offset
// from the end of the text.
func TestTokenize_reference(t *testing.T) {
	for _, n := range []int{0, 1, 7, 8, 9, 100, 10 << 10} {
		sameTokens(t, genText(n))
	}
	pieces := []string{"a", "Z", "q", "7", "0", "xY", " ", ",", ".", "'", "-", "\n", "\t", "@", "[", "`", "{", "/", ":",
		"\x00", "\x7f", "é", "É", "ß", "’", "—", "е", "漢", "\u0301", "\xff", "\xc3", "ﬁ", "Ⅻ", "\u00a0",
		"abcdefgh", "ABCDEFGHIJKLMNOP", "0123456789abcdefghij"}
	r := rand.New(rand.NewPCG(5, 11))
	for range 20000 {
		var b []byte
		for range r.IntN(30) {
			b = append(b, pieces[r.IntN(len(pieces))]...)
		}
		sameTokens(t, b)
	}
}

// BenchmarkTokenizeVsReference compares Tokenize with the byte-at-a-time
// reference on generated English with curly quotes and on the same text in
// plain ASCII.
func BenchmarkTokenizeVsReference(b *testing.B) {
	mixed := genText(10 << 10)
	ascii := []byte(strings.NewReplacer("“", "\"", "”", "\"", "’", "'").Replace(string(mixed)))
	for _, text := range []struct {
		name string
		b    []byte
	}{{"mixed", mixed}, {"ascii", ascii}} {
		for _, ref := range []bool{false, true} {
			b.Run(fmt.Sprintf("text=%s/ref=%v", text.name, ref), func(b *testing.B) {
				tk := NewTokenizer(testSeed)
				var toks Tokens
				b.SetBytes(int64(len(text.b)))
				for b.Loop() {
					toks.Spans, toks.Hashes = toks.Spans[:0], toks.Hashes[:0]
					if ref {
						tk.tokenizeRef(&toks, text.b)
					} else {
						tk.Tokenize(&toks, text.b)
					}
				}
			})
		}
	}
}

// TestWindowMasks checks the packed masks bit by bit against the byte
// classes, on random bytes and on every byte value in every position.
func TestWindowMasks(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 1))
	var b [64]byte
	for round := range 2000 {
		for j := range b {
			if round < 256 {
				b[j] = byte(round + j)
			} else {
				b[j] = byte(r.Uint32())
			}
		}
		words, high := windowMasks(&b)
		for j, c := range b {
			isWord := c < 0x80 && asciiClass[c] != classSep
			if got := words>>j&1 == 1; got != isWord {
				t.Fatalf("byte %d = %#x: word bit %v, want %v", j, c, got, isWord)
			}
			if got := high>>j&1 == 1; got != (c >= 0x80) {
				t.Fatalf("byte %d = %#x: high bit %v, want %v", j, c, got, c >= 0x80)
			}
		}
	}
}
