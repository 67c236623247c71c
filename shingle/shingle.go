// Package shingle implements the text side of provenance: normalisation,
// tokens that keep their byte spans in the original text, and k-word shingle
// hashes.
//
// A token is a run of Unicode letters, digits and combining marks. Each token
// is normalised (NFKC, then Unicode case folding) and hashed once with
// murmur3; punctuation, quotes (straight or curly), apostrophes and dashes
// separate tokens, so "Moscow’s" and "Moscow's" give the same tokens. Scripts
// written without spaces (Han, Hiragana, Katakana, Thai, Lao, Khmer, Myanmar)
// make one token per character (with the combining marks after it; in Thai
// and Lao, per cluster of characters that cannot be split), so their
// shingles are character n-grams.
//
// A shingle is k consecutive tokens (default [DefaultK] = 5, the word 5-gram
// of Broder's resemblance and containment work: A. Broder, "On the
// resemblance and containment of documents", 1997). Shingle hashes are
// combined from the k token hashes with a rolling rotate-and-xor (a cyclic
// polynomial, or "buzhash") and a final avalanche, so each shingle costs O(1)
// whatever k is; no bytes are hashed twice.
//
// The package is pure: no I/O and no globals; the seed is passed in, so
// results are deterministic.
package shingle

import (
	"encoding/binary"
	"errors"
	"math/bits"
	"slices"
	"unicode"
	"unicode/utf8"

	"github.com/spaolacci/murmur3"
	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// DefaultK is the default shingle width in tokens.
const DefaultK = 5

// ErrTooShort is returned when a text has fewer tokens than one shingle needs.
var ErrTooShort = errors.New("too short to shingle")

// Span is the byte range [Start, End) of a token in the original text.
type Span struct {
	Start, End uint32
}

// Tokens holds the tokens of one text: their byte spans in the text as given
// and the murmur3 hash of each token's normalised form.
type Tokens struct {
	Spans  []Span
	Hashes []uint64
	// NoSpans, when set, has Tokenize append hashes only, leaving Spans
	// as they are: for a caller that needs no offsets, it saves their
	// writes.
	NoSpans bool
}

// Len returns the number of tokens.
func (t *Tokens) Len() int { return len(t.Hashes) }

// Tokenizer splits text into normalised, hashed tokens. The zero value is not
// ready: use [NewTokenizer]. A Tokenizer keeps scratch buffers and is not safe
// for concurrent use; give each goroutine its own.
type Tokenizer struct {
	seed   uint32
	buf    []byte
	folder cases.Caser
}

// NewTokenizer returns a Tokenizer whose token hashes use seed.
func NewTokenizer(seed uint32) *Tokenizer {
	return &Tokenizer{seed: seed, buf: make([]byte, 0, 64), folder: cases.Fold()}
}

// Byte classes of the tokenizer's fast path.
const (
	classSep   = iota // ASCII separator
	classWord         // ASCII lower-case letter or digit
	classUpper        // ASCII upper-case letter
	classHigh         // first or later byte of a multi-byte UTF-8 sequence
)

var asciiClass = func() (t [256]uint8) {
	for c := 0x80; c < 0x100; c++ {
		t[c] = classHigh
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = 1
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c] = 1
	}
	for c := 'A'; c <= 'Z'; c++ {
		t[c] = 2
	}
	return t
}()

// Tokenize appends the tokens of text to dst (which may be nil) and returns
// it. Spans are byte offsets into text. Invalid UTF-8 bytes separate tokens.
//
// Text is looked at 64 bytes at a time, as bit masks of its ASCII letters
// and digits and of its non-ASCII bytes (see windowMasks). Each run of
// either that holds ASCII alone is a token, its bytes read straight from
// the text; a run with non-ASCII bytes, and the last bytes of the text, go
// a token at a time (see step).
func (tk *Tokenizer) Tokenize(dst *Tokens, text []byte) *Tokens {
	if dst == nil {
		dst = &Tokens{}
	}
	n := len(text)
	// News text averages about six bytes a token: grow once, not often.
	if want := len(dst.Hashes) + n/5 + 8; cap(dst.Hashes) < want {
		dst.Hashes = slices.Grow(dst.Hashes, want-len(dst.Hashes))
	}
	if want := len(dst.Spans) + n/5 + 8; !dst.NoSpans && cap(dst.Spans) < want {
		dst.Spans = slices.Grow(dst.Spans, want-len(dst.Spans))
	}
	// i is never inside a token: at the start, or just after a token.
	i := 0
	for i+64 <= n {
		words, high := windowMasks((*[64]byte)(text[i : i+64]))
		// Runs of letters, digits and non-ASCII bytes: each ends at an
		// ASCII separator. A run of ASCII alone is one token.
		runs := words | high
		starts := runs &^ (runs << 1)
		ends := ^runs & (runs << 1)
		for ends != 0 {
			s, e := bits.TrailingZeros64(starts), bits.TrailingZeros64(ends)
			starts &= starts - 1
			ends &= ends - 1
			if high>>s&(1<<(e-s)-1) == 0 {
				dst.add(uint32(i+s), uint32(i+e), tk.hashASCII(text, i+s, i+e))
				continue
			}
			for j := i + s; j < i+e; {
				j = tk.step(dst, text, j, i+e)
			}
		}
		if runs>>63 == 0 {
			i += 64
			continue
		}
		// A run goes on past the window: the next window starts with
		// it, unless it fills this one.
		if s := bits.TrailingZeros64(starts); s > 0 {
			i += s
			continue
		}
		for end := i + 64; i < end; {
			i = tk.step(dst, text, i, n)
		}
	}
	for i < n {
		i = tk.step(dst, text, i, n)
	}
	return dst
}

// step adds the token after the separators at text[i:], if one starts
// before lim, and returns the offset just after it; without one, it
// returns lim.
func (tk *Tokenizer) step(dst *Tokens, text []byte, i, lim int) int {
	n := len(text)
	for i < lim {
		c := text[i]
		if c < utf8.RuneSelf {
			if asciiClass[c] != classSep {
				break
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(text[i:])
		if !isWordRune(r) {
			i += size
			continue
		}
		if isSingleCharScript(r) {
			start := i
			i = clusterEnd(text, i, r, size)
			dst.add(uint32(start), uint32(i), tk.hashSlow(text[start:i]))
			return i
		}
		break
	}
	if i >= lim {
		return lim
	}
	// A token starts at i: scan it, noting any non-ASCII rune (the slow
	// path).
	start := i
	ascii := true
	for {
		for i < n && asciiClass[text[i]]-classWord <= classUpper-classWord {
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
	var h uint64
	if ascii {
		h = tk.hashASCII(text, start, i)
	} else {
		h = tk.hashSlow(text[start:i])
	}
	dst.add(uint32(start), uint32(i), h)
	return i
}

// hashASCII returns the hash of the ASCII token text[start:end], lower-cased.
func (tk *Tokenizer) hashASCII(text []byte, start, end int) uint64 {
	n := end - start
	if n >= 16 {
		return tk.hashLongASCII(text[start:end])
	}
	// Most words: their bytes straight from the text as two words of 8,
	// lower-cased in place (no copy).
	k1, k2 := loadShort(text, start, n)
	return sum64Words(lowerASCII(k1), lowerASCII(k2), n, tk.seed)
}

// hashLongASCII is hashASCII for tokens of 16 bytes or more.
func (tk *Tokenizer) hashLongASCII(tok []byte) uint64 {
	buf := tk.buf[:0]
	for _, c := range tok {
		if asciiClass[c] == classUpper {
			c += 'a' - 'A'
		}
		buf = append(buf, c)
	}
	tk.buf = buf
	return sum64(buf, tk.seed)
}

// windowMasks returns, for 64 bytes of text, a bit for each byte (bit j for
// b[j]) that is an ASCII letter or digit, and one for each byte of a
// multi-byte rune (any byte from 0x80).
func windowMasks(b *[64]byte) (words, high uint64) {
	for j := 0; j < 64; j += 8 {
		w := binary.LittleEndian.Uint64(b[j : j+8])
		words |= gatherHigh(asciiWords(w)) << j
		high |= gatherHigh(w&highBits) << j
	}
	return words, high
}

// gatherHigh packs the high bits of the eight bytes of x, all its other
// bits zero, into the low eight bits: the high bit of byte j becomes bit j.
// The multiplier puts a copy of byte j's bit at bit 56+j; no other product
// term or carry reaches bits 56 to 63.
func gatherHigh(x uint64) uint64 {
	return x * 0x0002040810204081 >> 56
}

// Masks of the byte-parallel ("SWAR") scans: a constant in every byte.
const (
	lowBits  = 0x0101010101010101
	highBits = 0x8080808080808080
)

// asciiWords returns the high bit of each byte of w (eight bytes of text,
// little-endian) that is an ASCII letter or digit; other bits are zero.
// A byte x of 7 bits is in [lo, hi] if x+(0x80-lo) reaches 0x80 and
// x+(0x7f-hi) does not; no sum carries into the next byte.
func asciiWords(w uint64) uint64 {
	x := w &^ highBits
	y := x | 0x20*lowBits // lower case, for letters
	letter := (y + (0x80-'a')*lowBits) &^ (y + (0x7f-'z')*lowBits)
	digit := (x + (0x80-'0')*lowBits) &^ (x + (0x7f-'9')*lowBits)
	return (letter | digit) & highBits &^ w
}

func (t *Tokens) add(start, end uint32, h uint64) {
	if !t.NoSpans {
		t.Spans = append(t.Spans, Span{start, end})
	}
	t.Hashes = append(t.Hashes, h)
}

// hashSlow normalises a token with NFKC and case folding, then hashes it.
func (tk *Tokenizer) hashSlow(tok []byte) uint64 {
	b := norm.NFKC.Append(tk.buf[:0], tok...)
	folded := tk.folder.Bytes(b)
	tk.buf = b
	return sum64(folded, tk.seed)
}

// sum64 is murmur3.Sum64WithSeed (the first half of MurmurHash3 x64 128),
// computed inline for inputs under 16 bytes, which have no full block:
// most words.
func sum64(b []byte, seed uint32) uint64 {
	if len(b) >= 16 {
		return murmur3.Sum64WithSeed(b, seed)
	}
	var pad [16]byte
	copy(pad[:], b)
	return sum64Words(binary.LittleEndian.Uint64(pad[:8]), binary.LittleEndian.Uint64(pad[8:]), len(b), seed)
}

// sum64Words is sum64 of an input of n < 16 bytes given as two
// little-endian words, zero beyond n.
func sum64Words(k1, k2 uint64, n int, seed uint32) uint64 {
	const c1, c2 = 0x87c37b91114253d5, 0x4cf5ad432745937f
	h1, h2 := uint64(seed), uint64(seed)
	if n > 8 {
		k2 *= c2
		k2 = bits.RotateLeft64(k2, 33)
		k2 *= c1
		h2 ^= k2
	}
	if n > 0 {
		k1 *= c1
		k1 = bits.RotateLeft64(k1, 31)
		k1 *= c2
		h1 ^= k1
	}
	h1 ^= uint64(n)
	h2 ^= uint64(n)
	h1 += h2
	h2 += h1
	h1 = Mix(h1)
	h2 = Mix(h2)
	return h1 + h2
}

// loadShort returns text[start:start+n], n < 16, as two little-endian
// words, zero beyond n: whole 8-byte loads where the text allows.
func loadShort(text []byte, start, n int) (k1, k2 uint64) {
	if start+16 <= len(text) {
		k1 = binary.LittleEndian.Uint64(text[start:])
		k2 = binary.LittleEndian.Uint64(text[start+8:])
	} else {
		var pad [16]byte
		copy(pad[:], text[start:])
		k1 = binary.LittleEndian.Uint64(pad[:8])
		k2 = binary.LittleEndian.Uint64(pad[8:])
	}
	if n < 8 {
		return k1 & (1<<(8*n) - 1), 0
	}
	return k1, k2 & (1<<(8*(n-8)) - 1)
}

// lowerASCII lower-cases the ASCII capitals among the 8 bytes of w, all
// of them under 0x80: a byte b is a capital if b+0x3f reaches 0x80 ('A')
// and b+0x25 does not ('Z'); no sum carries into the next byte.
func lowerASCII(w uint64) uint64 {
	const ones = 0x0101010101010101
	upper := (w + 0x3f*ones) &^ (w + 0x25*ones) & (0x80 * ones)
	return w | upper>>2
}

// Normalize returns the normalised form of text as the tokenizer sees it:
// NFKC, case folded, tokens joined by single spaces. It is meant for tests
// and display, not the hot path.
func Normalize(text string) string {
	tk := NewTokenizer(0)
	toks := tk.Tokenize(nil, []byte(text))
	out := make([]byte, 0, len(text))
	for i, sp := range toks.Spans {
		if i > 0 {
			out = append(out, ' ')
		}
		out = append(out, tk.folder.Bytes(norm.NFKC.Bytes([]byte(text[sp.Start:sp.End])))...)
	}
	return string(out)
}

func isWordRune(r rune) bool {
	if r == utf8.RuneError {
		return false
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) ||
		unicode.Is(unicode.No, r) || unicode.Is(unicode.Nl, r)
}

// isCombining reports whether r attaches to the character before it: a
// combining mark, or a halfwidth katakana sound mark (NFKC maps U+FF9E and
// U+FF9F to the combining U+3099 and U+309A).
func isCombining(r rune) bool {
	return unicode.IsMark(r) || r == '\uFF9E' || r == '\uFF9F'
}

// clusterEnd returns the end of the token of a script written without
// spaces that starts with rune r (of size bytes) at text[i]: the
// character and the combining marks after it, so that NFKC composes them
// (か+U+3099 = が). In Thai and Lao, whose vowels are letters written
// around a consonant, the token is the cluster of characters that cannot
// be split: a vowel written before its consonant takes that consonant,
// and vowels that cannot begin a syllable (Thai ะ า ำ ๅ, Lao ະ າ ຳ) join
// the cluster before them. A cluster is about half a word, where a
// character is a third; five of them span two or three words, as five
// Chinese characters do.
func clusterEnd(text []byte, i int, r rune, size int) int {
	n := len(text)
	i += size
	if isLeadingVowel(r) && i < n {
		if c, sz := utf8.DecodeRune(text[i:]); unicode.In(c, unicode.Thai, unicode.Lao) && unicode.IsLetter(c) && !isLeadingVowel(c) && !isFollowingVowel(c) {
			i += sz
		}
	}
	for i < n {
		c, sz := utf8.DecodeRune(text[i:])
		if !isCombining(c) && !isFollowingVowel(c) {
			break
		}
		i += sz
	}
	return i
}

// isLeadingVowel reports whether r is a Thai or Lao vowel written before
// the consonant it follows in speech.
func isLeadingVowel(r rune) bool {
	return r >= '\u0E40' && r <= '\u0E44' || r >= '\u0EC0' && r <= '\u0EC4'
}

// isFollowingVowel reports whether r is a Thai or Lao vowel letter that
// cannot begin a syllable.
func isFollowingVowel(r rune) bool {
	switch r {
	case '\u0E30', '\u0E32', '\u0E33', '\u0E45', '\u0EB0', '\u0EB2', '\u0EB3':
		return true
	}
	return false
}

func isSingleCharScript(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana,
		unicode.Thai, unicode.Lao, unicode.Khmer, unicode.Myanmar)
}

// Hashes returns the k-shingle hashes of a token hash sequence: element p is
// the hash of tokens p..p+k-1, so there are len(tokens)-k+1 of them. It
// appends to dst. It returns [ErrTooShort] if there are fewer than k tokens,
// and panics if k is not in [1, 63].
func Hashes(dst []uint64, tokens []uint64, k int) ([]uint64, error) {
	if k < 1 || k > 63 {
		panic("shingle: k out of range")
	}
	if len(tokens) < k {
		return dst, ErrTooShort
	}
	// h = xor over the window of rotl(t[p+i], k-1-i); sliding right
	// rotates every term by one, drops the outgoing token (now rotated by
	// k) and adds the incoming one unrotated.
	var h uint64
	for i := 0; i < k; i++ {
		h = bits.RotateLeft64(h, 1) ^ tokens[i]
	}
	dst = append(dst, Mix(h))
	for p := k; p < len(tokens); p++ {
		h = bits.RotateLeft64(h, 1) ^ bits.RotateLeft64(tokens[p-k], k) ^ tokens[p]
		dst = append(dst, Mix(h))
	}
	return dst, nil
}

// Mix is the 64-bit finaliser of murmur3 (fmix64): a bijection that spreads
// every input bit over the output.
func Mix(h uint64) uint64 {
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return h
}
