// Package shingle implements the text side of provenance: normalisation,
// tokens that keep their byte spans in the original text, and k-word shingle
// hashes.
//
// A token is a run of Unicode letters, digits and combining marks. Each token
// is normalised (NFKC, then Unicode case folding) and hashed once with
// murmur3; punctuation, quotes (straight or curly), apostrophes and dashes
// separate tokens, so "Moscow’s" and "Moscow's" give the same tokens. Scripts
// written without spaces (Han, Hiragana, Katakana, Thai, Lao, Khmer, Myanmar)
// make one token per character (with the combining marks after it), so their
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
	"errors"
	"math/bits"
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
}

// Len returns the number of tokens.
func (t *Tokens) Len() int { return len(t.Spans) }

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

// asciiClass: 0 separator, 1 letter or digit (lower), 2 upper-case letter.
var asciiClass = func() (t [128]uint8) {
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
func (tk *Tokenizer) Tokenize(dst *Tokens, text []byte) *Tokens {
	if dst == nil {
		dst = &Tokens{}
	}
	n := len(text)
	i := 0
	for i < n {
		c := text[i]
		if c < utf8.RuneSelf {
			if asciiClass[c] == 0 {
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
				// The character and the combining marks after it are one
				// token, so that NFKC composes them (か+U+3099 = が).
				start := i
				for i += size; i < n; i += size {
					r, size = utf8.DecodeRune(text[i:])
					if !isCombining(r) {
						break
					}
				}
				dst.add(uint32(start), uint32(i), tk.hashSlow(text[start:i]))
				continue
			}
		}
		// A token starts at i: scan it, lower-casing ASCII into buf as we
		// go and noting whether any non-ASCII rune needs the slow path.
		start := i
		buf := tk.buf[:0]
		ascii := true
		for i < n {
			c := text[i]
			if c < utf8.RuneSelf {
				cl := asciiClass[c]
				if cl == 0 {
					break
				}
				if cl == 2 {
					c += 'a' - 'A'
				}
				buf = append(buf, c)
				i++
				continue
			}
			r, size := utf8.DecodeRune(text[i:])
			if !isWordRune(r) || isSingleCharScript(r) {
				break
			}
			ascii = false
			i += size
		}
		tk.buf = buf
		var h uint64
		if ascii {
			h = murmur3.Sum64WithSeed(buf, tk.seed)
		} else {
			h = tk.hashSlow(text[start:i])
		}
		dst.add(uint32(start), uint32(i), h)
	}
	return dst
}

func (t *Tokens) add(start, end uint32, h uint64) {
	t.Spans = append(t.Spans, Span{start, end})
	t.Hashes = append(t.Hashes, h)
}

// hashSlow normalises a token with NFKC and case folding, then hashes it.
func (tk *Tokenizer) hashSlow(tok []byte) uint64 {
	b := norm.NFKC.Append(tk.buf[:0], tok...)
	folded := tk.folder.Bytes(b)
	tk.buf = b
	return murmur3.Sum64WithSeed(folded, tk.seed)
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
