package shingle

import (
	"errors"
	"fmt"
	"math/bits"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/spaolacci/murmur3"
)

const testSeed = 0x5eed

// tokenTexts returns the text of each token, cut from text by its span.
func tokenTexts(text string, toks *Tokens) []string {
	out := make([]string, 0, toks.Len())
	for _, sp := range toks.Spans {
		out = append(out, text[sp.Start:sp.End])
	}
	return out
}

// tokenHashes returns the token hashes of text.
func tokenHashes(text string) []uint64 {
	return NewTokenizer(testSeed).Tokenize(nil, []byte(text)).Hashes
}

func TestTokenizer_spans(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		want  []string
		spans []Span // nil: check the token texts only
	}{
		{
			name:  "ascii",
			text:  "Hello, world! It's 2024.",
			want:  []string{"Hello", "world", "It", "s", "2024"},
			spans: []Span{{0, 5}, {7, 12}, {14, 16}, {17, 18}, {19, 23}},
		},
		{
			name:  "accented latin",
			text:  "Café naïve, São Paulo",
			want:  []string{"Café", "naïve", "São", "Paulo"},
			spans: []Span{{0, 5}, {6, 12}, {14, 18}, {19, 24}},
		},
		{
			name:  "decomposed accent stays in token",
			text:  "Cafe\u0301 ok",
			want:  []string{"Cafe\u0301", "ok"},
			spans: []Span{{0, 6}, {7, 9}},
		},
		{
			name:  "cyrillic",
			text:  "Путин заявил, что «Ёлка» — 5 лет",
			want:  []string{"Путин", "заявил", "что", "Ёлка", "5", "лет"},
			spans: []Span{{0, 10}, {11, 23}, {25, 31}, {34, 42}, {49, 50}, {51, 57}},
		},
		{
			name:  "curly quotes and apostrophe",
			text:  "Moscow’s “plan”",
			want:  []string{"Moscow", "s", "plan"},
			spans: []Span{{0, 6}, {9, 10}, {14, 18}},
		},
		{
			name:  "utf-8 bom",
			text:  "\uFEFFBreaking news",
			want:  []string{"Breaking", "news"},
			spans: []Span{{3, 11}, {12, 16}},
		},
		{
			name:  "crlf",
			text:  "Line one\r\nLine two\r\n",
			want:  []string{"Line", "one", "Line", "two"},
			spans: []Span{{0, 4}, {5, 8}, {10, 14}, {15, 18}},
		},
		{
			name:  "invalid utf-8 separates",
			text:  "abc\xffdef\xc3(ghi\xe2\x82",
			want:  []string{"abc", "def", "ghi"},
			spans: []Span{{0, 3}, {4, 7}, {9, 12}},
		},
		{
			name:  "invalid utf-8 inside non-ascii word",
			text:  "é\xffé\xed\xa0\x80ü", // \xed\xa0\x80 is an encoded surrogate
			want:  []string{"é", "é", "ü"},
			spans: []Span{{0, 2}, {3, 5}, {8, 10}},
		},
		{
			name: "empty",
			text: "",
		},
		{
			name: "separators only",
			text: " \t\r\n—…“”‘’\u00a0\u3000!?\xff",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			toks := NewTokenizer(testSeed).Tokenize(nil, []byte(tt.text))
			if len(toks.Hashes) != len(toks.Spans) {
				t.Fatalf("Tokenize(%q): %d hashes for %d spans", tt.text, len(toks.Hashes), len(toks.Spans))
			}
			if got := tokenTexts(tt.text, toks); !slices.Equal(got, tt.want) {
				t.Errorf("Tokenize(%q) tokens = %q, want %q", tt.text, got, tt.want)
			}
			if tt.spans != nil && !slices.Equal(toks.Spans, tt.spans) {
				t.Errorf("Tokenize(%q) spans = %v, want %v", tt.text, toks.Spans, tt.spans)
			}
		})
	}
}

func TestTokenizer_appends(t *testing.T) {
	tk := NewTokenizer(testSeed)
	dst := tk.Tokenize(nil, []byte("first text"))
	first := slices.Clone(dst.Hashes)
	got := tk.Tokenize(dst, []byte("second"))
	if got != dst {
		t.Errorf("Tokenize(dst, ...) returned a new *Tokens, want dst")
	}
	want := append(first, tokenHashes("second")...)
	if !slices.Equal(got.Hashes, want) {
		t.Errorf("Tokenize(dst, %q) hashes = %x, want %x", "second", got.Hashes, want)
	}
	wantSpans := []Span{{0, 5}, {6, 10}, {0, 6}}
	if !slices.Equal(got.Spans, wantSpans) {
		t.Errorf("Tokenize(dst, %q) spans = %v, want %v", "second", got.Spans, wantSpans)
	}
}

func TestTokenizer_folding(t *testing.T) {
	tests := []struct {
		name string
		a, b string
		same bool
	}{
		{"curly apostrophe", "Moscow’s", "Moscow's", true},
		{"curly double quotes", "“Sanctions”, he said", `"Sanctions", he said`, true},
		{"curly single quotes", "‘no’", "'no'", true},
		{"guillemets", "«non»", `"non"`, true},
		{"em dash", "well—known", "well-known", true},
		{"en dash", "2014–2016", "2014-2016", true},
		{"minus sign", "−5", "-5", true},
		{"ascii case", "WASHINGTON Post", "washington post", true},
		{"latin case", "ÉTAT", "état", true},
		{"cyrillic case", "ПУТИН", "путин", true},
		{"greek final sigma", "ΛΌΓΟΣ", "λόγος", true},
		{"fullwidth latin and digits", "ＮＡＴＯ　２０２４", "NATO 2024", true},
		{"ligature fi", "ﬁnancial", "financial", true},
		{"sharp s folds to ss", "Straße", "STRASSE", true},
		{"capital sharp s", "STRAẞE", "strasse", true},
		{"decomposed e acute", "e\u0301te\u0301", "été", true},
		{"decomposed capital E acute", "E\u0301TE\u0301", "été", true},
		{"superscript digit", "km²", "km2", true},
		{"roman numeral", "Louis Ⅻ", "Louis XII", true},
		{"decomposed kana", "か\u3099っこう", "がっこう", true},
		{"halfwidth katakana", "ｶﾞｽ", "ガス", true},
		{"different words", "cat", "cot", false},
		{"prefix word", "the", "then", false},
		{"accents are kept", "résumé", "resume", false},
		{"apostrophe splits", "don't", "dont", false},
		{"dotted capital I is not i", "İstanbul", "Istanbul", false},
		{"word order", "dog bites man", "man bites dog", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ha, hb := tokenHashes(tt.a), tokenHashes(tt.b)
			if len(ha) == 0 {
				t.Fatalf("Tokenize(%q) gave no tokens", tt.a)
			}
			if got := slices.Equal(ha, hb); got != tt.same {
				t.Errorf("hashes(%q) == hashes(%q) = %v, want %v (%x vs %x)", tt.a, tt.b, got, tt.same, ha, hb)
			}
		})
	}
}

func TestTokenizer_seed(t *testing.T) {
	text := []byte("Moscow")
	h1 := NewTokenizer(1).Tokenize(nil, text).Hashes[0]
	h2 := NewTokenizer(2).Tokenize(nil, text).Hashes[0]
	if h1 == h2 {
		t.Errorf("hash(%q) with seeds 1 and 2 = %x and %x, want different", text, h1, h2)
	}
}

func TestTokenizer_cjk(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"han", "中国人民银行", []string{"中", "国", "人", "民", "银", "行"}},
		{"han with punctuation", "你好，世界。", []string{"你", "好", "世", "界"}},
		{"hiragana", "ありがとう", []string{"あ", "り", "が", "と", "う"}},
		{"katakana", "ニュース", []string{"ニ", "ュ", "ー", "ス"}},
		// Thai and Lao: clusters that cannot be split (a leading vowel
		// with its consonant, a following vowel with the cluster before).
		{"thai", "ภาษาไทย", []string{"ภา", "ษา", "ไท", "ย"}},
		{"thai leading vowel and marks", "เมืองกรุงเทพฯ", []string{"เมื", "อ", "ง", "ก", "รุ", "ง", "เท", "พ", "ฯ"}},
		{"thai leading vowel at the end", "ไ", []string{"ไ"}},
		{"thai following vowel first", "าก", []string{"า", "ก"}},
		{"lao", "ພາສາລາວ", []string{"ພາ", "ສາ", "ລາ", "ວ"}},
		{"lao leading vowel", "ເມືອງ", []string{"ເມື", "ອ", "ງ"}},
		{"mixed with latin and digits", "東京2024年のAI技術", []string{"東", "京", "2024", "年", "の", "AI", "技", "術"}},
		{"kanji numeral zero", "二〇二四年", []string{"二", "〇", "二", "四", "年"}},
		{"combining mark joins kana", "か\u3099き", []string{"か\u3099", "き"}},
		{"thai tone mark and sara am join the consonant", "น้ำ", []string{"น้ำ"}},
		{"hangul keeps words", "한국어 뉴스", []string{"한국어", "뉴스"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			toks := NewTokenizer(testSeed).Tokenize(nil, []byte(tt.text))
			if got := tokenTexts(tt.text, toks); !slices.Equal(got, tt.want) {
				t.Errorf("Tokenize(%q) tokens = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

// refHashes computes the shingle hashes directly: for each window p, the xor
// over i of t[p+i] rotated left by k-1-i, then Mix.
func refHashes(tokens []uint64, k int) []uint64 {
	var out []uint64
	for p := 0; p+k <= len(tokens); p++ {
		var h uint64
		for i := range k {
			h ^= bits.RotateLeft64(tokens[p+i], k-1-i)
		}
		out = append(out, Mix(h))
	}
	return out
}

func TestHashes(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, k := range []int{1, 2, 5, 13, 63} {
		lengths := []int{k, k + 1, 2 * k, 100, 1000}
		slices.Sort(lengths)
		for _, n := range slices.Compact(lengths) {
			t.Run(fmt.Sprintf("k=%d,n=%d", k, n), func(t *testing.T) {
				tokens := make([]uint64, n)
				for i := range tokens {
					tokens[i] = r.Uint64()
				}
				prefix := []uint64{42}
				got, err := Hashes(slices.Clone(prefix), tokens, k)
				if err != nil {
					t.Fatalf("Hashes(n=%d, k=%d) error = %v, want nil", n, k, err)
				}
				want := append(prefix, refHashes(tokens, k)...)
				if len(got) != n-k+2 {
					t.Fatalf("len(Hashes(n=%d, k=%d)) = %d, want %d", n, k, len(got), n-k+2)
				}
				if !slices.Equal(got, want) {
					i := 0
					for got[i] == want[i] {
						i++
					}
					t.Errorf("Hashes(n=%d, k=%d)[%d] = %x, want %x", n, k, i, got[i], want[i])
				}
			})
		}
	}
}

func TestHashes_tooShort(t *testing.T) {
	for _, tt := range []struct{ n, k int }{{0, 1}, {0, 5}, {4, 5}, {12, 13}} {
		t.Run(fmt.Sprintf("n=%d,k=%d", tt.n, tt.k), func(t *testing.T) {
			dst := []uint64{7}
			got, err := Hashes(dst, make([]uint64, tt.n), tt.k)
			if !errors.Is(err, ErrTooShort) {
				t.Errorf("Hashes(n=%d, k=%d) error = %v, want %v", tt.n, tt.k, err, ErrTooShort)
			}
			if !slices.Equal(got, dst) {
				t.Errorf("Hashes(n=%d, k=%d) = %x, want dst %x unchanged", tt.n, tt.k, got, dst)
			}
		})
	}
}

func TestHashes_panics(t *testing.T) {
	for _, k := range []int{-1, 0, 64, 100} {
		t.Run(fmt.Sprintf("k=%d", k), func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Errorf("Hashes(k=%d) did not panic", k)
				}
			}()
			Hashes(nil, make([]uint64, 200), k)
		})
	}
}

// shingleHashes tokenizes text and returns its k-shingle hashes.
func shingleHashes(t *testing.T, text string, k int) []uint64 {
	t.Helper()
	h, err := Hashes(nil, tokenHashes(text), k)
	if err != nil {
		t.Fatalf("Hashes(%q, k=%d) error = %v", text, k, err)
	}
	return h
}

func TestHashes_order(t *testing.T) {
	words := strings.Fields("the quick brown fox jumps")
	base := shingleHashes(t, strings.Join(words, " "), 5)[0]
	seen := map[uint64]string{base: strings.Join(words, " ")}
	// Every permutation of the five words gives its own hash.
	var permute func(i int)
	permute = func(i int) {
		if i == len(words) {
			text := strings.Join(words, " ")
			h := shingleHashes(t, text, 5)[0]
			if prev, ok := seen[h]; ok && prev != text {
				t.Errorf("shingle(%q) = shingle(%q) = %x, want different", text, prev, h)
			}
			seen[h] = text
			return
		}
		for j := i; j < len(words); j++ {
			words[i], words[j] = words[j], words[i]
			permute(i + 1)
			words[i], words[j] = words[j], words[i]
		}
	}
	permute(0)
	if len(seen) != 120 {
		t.Errorf("distinct hashes over permutations of %q = %d, want 120", words, len(seen))
	}
}

func TestHashes_repeated(t *testing.T) {
	const text = "the the the the the the the the"
	byK := map[uint64]int{}
	for k := 1; k <= 8; k++ {
		t.Run(fmt.Sprintf("k=%d", k), func(t *testing.T) {
			hs := shingleHashes(t, text, k)
			h := hs[0]
			if h == 0 {
				t.Errorf("shingle(%q, k=%d) = 0, want non-zero", text, k)
			}
			for i, g := range hs {
				if g != h {
					t.Errorf("shingle(%q, k=%d)[%d] = %x, want %x like [0]", text, k, i, g, h)
				}
			}
			if prev, ok := byK[h]; ok {
				t.Errorf("shingle(%q, k=%d) = shingle(k=%d) = %x, want different", text, k, prev, h)
			}
			byK[h] = k
		})
	}
}

func TestMix(t *testing.T) {
	// Values from an independent fmix64 (MurmurHash3.cpp) implementation.
	tests := []struct{ in, want uint64 }{
		{0, 0},
		{1, 0xb456bcfc34c2cb2c},
		{0xffffffffffffffff, 0x64b5720b4b825f21},
		{0x0123456789abcdef, 0x87cbfbfe89022cea},
	}
	for _, tt := range tests {
		if got := Mix(tt.in); got != tt.want {
			t.Errorf("Mix(%#x) = %#x, want %#x", tt.in, got, tt.want)
		}
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"  —  ", ""},
		{"Moscow’s “BIG” plan — STRASSE", "moscow s big plan strasse"},
		{"Straße", "strasse"},
		{"Café NAÏVE", "café naïve"},
		{"Cafe\u0301", "café"},
		{"ﬁnal ＡＢＣ　１２３", "final abc 123"},
		{"Путин, ЗАЯВИЛ", "путин заявил"},
		{"東京2024年", "東 京 2024 年"},
		{"か\u3099ｶﾞ", "が ガ"},
		{"Louis Ⅻ", "louis xii"},
		{"line\r\nbreak\xffhere", "line break here"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := Normalize(tt.in); got != tt.want {
				t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzTokenize(f *testing.F) {
	for _, s := range []string{
		"", "Hello, world!", "Moscow’s “plan” — 2014–2016", "\uFEFFBOM\r\nCRLF",
		"abc\xffdef\xc3(ghi\xe2\x82", "Путин заявил", "東京2024年のAI技術", "か\u3099ｶﾞ",
		"น้ำ", "ﬁ ＡＢＣ Straße Ⅻ", "e\u0301\u0301\u0301", "\u0301a", "漢\uFE00abc",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		sameTokens(t, text)
		tk := NewTokenizer(testSeed)
		toks := tk.Tokenize(nil, text)
		if len(toks.Spans) != len(toks.Hashes) {
			t.Fatalf("Tokenize(%q): %d spans, %d hashes", text, len(toks.Spans), len(toks.Hashes))
		}
		aloneTk, alone := NewTokenizer(testSeed), &Tokens{}
		end := uint32(0)
		for i, sp := range toks.Spans {
			if sp.Start < end || sp.End <= sp.Start || int(sp.End) > len(text) {
				t.Fatalf("Tokenize(%q) span %d = %v after end %d, want increasing, non-empty, within %d",
					text, i, sp, end, len(text))
			}
			end = sp.End
			if !utf8.Valid(text[sp.Start:sp.End]) {
				t.Fatalf("Tokenize(%q) token %d = %q, want valid UTF-8", text, i, text[sp.Start:sp.End])
			}
			// A token tokenized on its own is one token with the same hash.
			alone.Spans, alone.Hashes = alone.Spans[:0], alone.Hashes[:0]
			aloneTk.Tokenize(alone, text[sp.Start:sp.End])
			if alone.Len() != 1 || alone.Hashes[0] != toks.Hashes[i] {
				t.Fatalf("Tokenize(%q) = %d tokens %x, want the one token %x of %q",
					text[sp.Start:sp.End], alone.Len(), alone.Hashes, toks.Hashes[i], text)
			}
		}
		// The same tokenizer, with its scratch buffers used, gives the same hashes.
		if again := tk.Tokenize(nil, text); !slices.Equal(again.Hashes, toks.Hashes) {
			t.Fatalf("Tokenize(%q) again = %x, want %x", text, again.Hashes, toks.Hashes)
		}
		// A leading space shifts the spans and changes no hash.
		spaced := NewTokenizer(testSeed).Tokenize(nil, append([]byte(" "), text...))
		if !slices.Equal(spaced.Hashes, toks.Hashes) {
			t.Fatalf("Tokenize(%q) = %x, want %x as without the space", " "+string(text), spaced.Hashes, toks.Hashes)
		}
		for i, sp := range spaced.Spans {
			if want := (Span{toks.Spans[i].Start + 1, toks.Spans[i].End + 1}); sp != want {
				t.Fatalf("Tokenize(%q) span %d = %v, want %v", " "+string(text), i, sp, want)
			}
		}
		if toks.Len() >= DefaultK {
			sh, err := Hashes(nil, toks.Hashes, DefaultK)
			if err != nil || len(sh) != toks.Len()-DefaultK+1 {
				t.Fatalf("Hashes(%d tokens, k=%d) = %d hashes, %v, want %d, nil",
					toks.Len(), DefaultK, len(sh), err, toks.Len()-DefaultK+1)
			}
		}
		if got := Normalize(string(text)); !utf8.ValidString(got) {
			t.Fatalf("Normalize(%q) = %q, want valid UTF-8", text, got)
		}
	})
}

// benchWords are a few hundred common English words for generated text.
var benchWords = strings.Fields(`
the of and to in a is that for it as was with be by on not he this are or
his from at which but have an they you were her she there been one all we
their has would when if so no will can more said who about out up them some
could him into its then two time only new do these other may first now than
like people over such our man me even most made after also did many before
must through back years where much your way well down should because each
just those how too little state good very make world still own see men work
long get here between both life being under never day same another know while
last might us great old year off come since against go came right used take
three president government minister police week month report officials city
country news told percent million billion company market price share bank
court law election party vote campaign war army attack military forces
people children women school health hospital virus vaccine doctors water
energy oil gas climate weather storm fire power public national local
international security border trade deal talks meeting leaders statement
spokesman agency group members team season game match win lost points
chief executive business economy growth jobs workers union strike plan
budget tax money funds support help crisis emergency investigation charges
trial judge prison released according sources say says called added
including during without within among around across toward several
however although whether until recent early later today yesterday tomorrow
morning evening night north south east west central capital region area
town village street building home house family friends community church
foreign minister ambassador embassy sanctions ceasefire troops refugees
protest protesters demonstrators rally crowd arrested killed injured dead
wounded missing rescue survivors flood earthquake drought harvest food
prices inflation interest rates shares stocks investors profit losses
quarter revenue sales exports imports factory industry technology internet
data online phone users social media newspaper television radio reporters
`)

// genText returns about n bytes of English-like text: sentences of common
// words with capitals, commas, full stops, curly quotes and apostrophes. The
// text is the same on every call with the same n.
func genText(n int) []byte {
	r := rand.New(rand.NewPCG(2024, uint64(n)))
	var b strings.Builder
	for b.Len() < n {
		words := 5 + r.IntN(20)
		quote := r.IntN(6) == 0
		if quote {
			b.WriteString("“")
		}
		for i := range words {
			w := benchWords[r.IntN(len(benchWords))]
			if i == 0 {
				w = strings.ToUpper(w[:1]) + w[1:]
			}
			b.WriteString(w)
			switch {
			case r.IntN(25) == 0:
				b.WriteString("’s")
			case i < words-1 && r.IntN(10) == 0:
				b.WriteString(",")
			}
			if i < words-1 {
				b.WriteString(" ")
			}
		}
		if quote {
			b.WriteString(",” he said. ")
		} else {
			b.WriteString(". ")
		}
	}
	text := []byte(b.String())
	for n < len(text) && !utf8.RuneStart(text[n]) {
		n-- // cut at a rune boundary
	}
	return text[:n]
}

var benchSizes = []struct {
	name string
	n    int
}{{"1KB", 1 << 10}, {"10KB", 10 << 10}, {"100KB", 100 << 10}}

func BenchmarkTokenize(b *testing.B) {
	for _, sz := range benchSizes {
		b.Run("size="+sz.name, func(b *testing.B) {
			text := genText(sz.n)
			tk := NewTokenizer(testSeed)
			var toks Tokens
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			for b.Loop() {
				toks.Spans, toks.Hashes = toks.Spans[:0], toks.Hashes[:0]
				tk.Tokenize(&toks, text)
			}
		})
	}
}

func BenchmarkHashes(b *testing.B) {
	for _, sz := range benchSizes {
		b.Run("size="+sz.name, func(b *testing.B) {
			text := genText(sz.n)
			tokens := NewTokenizer(testSeed).Tokenize(nil, text).Hashes
			var dst []uint64
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			for b.Loop() {
				var err error
				dst, err = Hashes(dst[:0], tokens, DefaultK)
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestSum64 checks the inline short-input murmur3 against the library for
// every length around the 8 and 16 byte edges.
func TestSum64(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	for n := 0; n <= 40; n++ {
		for range 20 {
			b := make([]byte, n)
			for i := range b {
				b[i] = byte(r.Uint32())
			}
			seed := r.Uint32()
			if got, want := sum64(b, seed), murmur3.Sum64WithSeed(b, seed); got != want {
				t.Fatalf("len %d seed %d: sum64 = %x, murmur3 = %x", n, seed, got, want)
			}
		}
	}
}

// TestTokenizer_asciiHashes checks the in-place path for short ASCII
// words (loaded from the text as two words, lower-cased in the word)
// against murmur3 of the lower-cased token, for every length, any case,
// and tokens that end at the end of the text.
func TestTokenizer_asciiHashes(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 7))
	const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_'"
	tk := NewTokenizer(testSeed)
	var toks Tokens
	for range 3000 {
		var b strings.Builder
		for range 1 + r.IntN(6) {
			for range 1 + r.IntN(22) {
				b.WriteByte(letters[r.IntN(len(letters))])
			}
			b.WriteString([]string{" ", ", ", "\n", "-", "."}[r.IntN(5)])
		}
		text := []byte(strings.TrimRight(b.String(), " ,\n-."))
		toks.Spans, toks.Hashes = toks.Spans[:0], toks.Hashes[:0]
		tk.Tokenize(&toks, text)
		for i, sp := range toks.Spans {
			tok := strings.ToLower(string(text[sp.Start:sp.End]))
			if want := murmur3.Sum64WithSeed([]byte(tok), testSeed); toks.Hashes[i] != want {
				t.Fatalf("%q: token %q hash %x, want murmur3 %x of %q", text, text[sp.Start:sp.End], toks.Hashes[i], want, tok)
			}
		}
	}
}
