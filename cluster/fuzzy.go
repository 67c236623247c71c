package cluster

// The fuzzy channel: reuse that was reworded.
//
// The exact channel (shingles, [Verify]) finds copies that keep runs of five
// words; a copy whose words were replaced by synonyms, dropped, inserted or
// shuffled, or that went through machine translation and back, keeps few
// such runs but most of its content words. The fuzzy channel works on those.
//
// Keys. [NewFuzzyDoc] keeps a document's content words: the function words
// of its language dropped, the rest folded ([shingle.Fold]: case, the
// Arabic script's letter variants and diacritics, digits of every script),
// stemmed lightly if in the Latin script ([shingle.Stem]) and hashed. The
// language is told per script by the text's own function words
// ([shingle.LangCounter]: English and ten other Latin-script languages,
// Urdu, Arabic and Persian, Russian, Ukrainian and Bulgarian, Hindi,
// Bengali, Greek, Hebrew, Korean, Chinese, Japanese), so that "کے", "میں"
// and "نے" are function words of an Urdu text and "die" is one of a
// German text only; it depends on the text alone, not on the other
// documents or the order they come in. In scripts written without spaces,
// whose characters are tokens, the content words are the pairs of adjacent
// content characters. [FuzzyDoc.Keys] hashes every unordered pair of
// adjacent content words and keeps those whose hash falls below
// KeyRate·2⁶⁴ (0.38 of them: 0.19 keys per word on PAN 2013), so the same
// pairs are kept in every document. Two documents are a candidate pair
// when they share MinSharedKeys (2) keys.
//
// Verification. [FuzzyVerify] splits both documents into sentences of at
// least five content words; a pair of sentences sharing at least three
// distinct stems with Dice >= 0.3, and whose numbers agree (if both hold
// numbers, at least half of those of the one with fewer are in both), is
// a seed; seeds close together in both documents (gaps of at most three
// sentences) chain into passages; a passage is kept if it spans at least
// 20 words on each side, has a seed for every two sentences it spans, and
// its stems in the two documents have a weighted Dice (each stem weighted
// by log(1 + sentences/sentences holding it), counted over both documents)
// of at least 0.3, or 0.5 for a passage of one seed. Passages come back as
// token ranges and byte spans in both documents, like [Passage].
//
// Sentences end at a full stop, question or exclamation mark or semicolon
// of the Latin script, or a blank line; the full stops of other scripts
// (the Urdu "۔", the Devanagari "।", the ideographic "。") do not end them,
// so that in those scripts a unit is a paragraph. Measured on COUNTER
// (Urdu agency stories and the newspaper stories rewritten from them, each
// story's body one paragraph): ending sentences at "۔" found 60 of the 68
// wholly derived pairs rather than 55, but joined 24 of 93 pairs written
// independently (not 9) and dropped family pair precision from 0.77 to
// 0.26: agency stories of one kind (match reports, previews) are written
// from one template, so their sentences pair up as seeds and chain, while
// their paragraphs, holding the names and figures of each story, do not.
//
// Measured on COUNTER's development half, with the fuzzy channel
// (eval counter --fuzzy; the exact channel alone finds 48 of the 68):
// wholly derived pairs in one family 55 of 68 (0.81; 59 with English
// stopwords only, every Urdu function word a content word), agency story
// upstream 0.98 (0.95), non-derived pairs joined 9 of 93 (0.097; 0.129),
// pair precision 0.90 (0.90), family pair precision 0.77 (0.10: a family
// of 43 cricket stories). The numbers rule alone: family pair precision
// 0.59 without it, 0.77 with it, for one wholly derived pair; with
// MinNumbers 2 (sentences of two numbers or more must share one) 0.64,
// 56 of 68, and PAN as it was without the rule (below).
//
// Use. Keys go into an inverted index beside the exact channel's fingerprints
// (the same index with the keys in their own namespace, or a second one);
// a document's candidates are the documents it shares at least
// MinSharedKeys fuzzy keys with. Verify with [VerifyFuzzy] only the fuzzy
// channel's candidate pairs that [Verify] did not match, and report its
// passages with the exact ones, marked fuzzy: it drops the passages that
// are boilerplate or common text by the exact channel's rules, so that a
// notice many documents carry is not found again, reworded. Keys that many
// documents hold (topic word pairs such as "rice farming") are noise: an
// index should drop keys held by more than a small share of its
// documents, as it does for boilerplate.
//
// Cost, measured on 2 shared cores: [FuzzyPrep.Keys] about 145 MB/s of
// English text on one core (PAN 2013's documents), 195 MB/s of generated
// English and 380 MB/s of synthetic Urdu. Folding a word, looking it up
// in the function word lists and stemming it cost about 60 ns; a
// [FuzzyPrep] keeps what each recent word is in a direct-mapped cache
// (32,768 entries of 40 bytes, at the tokenizer's hash with the word's
// first byte mixed in, so that "The" and "the" do not take turns in one
// entry; checked against the word's bytes; 99% hits on the 1 GB
// benchmark corpus), where a hit costs a few, and drops repeated keys
// through a hash set rather than by sorting. Without it, the keys were
// made at 45-55 MB/s of English and 35 MB/s of Urdu. [FuzzyVerify] runs
// at 600 MB/s of the two documents' text (two 1,500-word documents in
// about 30 µs): [NewFuzzyDoc] makes each
// document's inverted lists of sentences by stem once, sorted, and a pair
// is verified by merging them. Memory: the keys are 0.19 per word, 8
// bytes each (about 0.9 KB for a 600-word article, plus the index's
// posting per key); a FuzzyDoc holds about 40 bytes per content word (half
// of all words), so an index should keep only keys and rebuild the
// FuzzyDoc from the text of the few candidate documents, when a pair
// needs it.
//
// Measured on the PAN 2013 training corpus copy (fuzzy_pan_test.go):
// candidate recall / detected share (keys and verification) per type:
// no obfuscation 1.000/0.988, random obfuscation 0.970/0.902, translation
// 0.982/0.962, summary 0.718/0.157; no-plagiarism pairs wrongly detected
// 0.004; candidate load mean 142, p99 870 of 3,124 documents. (With
// English stopwords alone and no numbers rule: 0.992, 0.914, 0.964, 0.160;
// the numbers rule costs the random obfuscation pairs whose lists of
// figures PAN shuffled. eval pan --fuzzy, exact channel and fuzzy: random
// obfuscation 0.900, translation 0.950, was 0.910 and 0.952.)

import (
	"cmp"
	"math"
	"slices"
	"sync"
	"unicode/utf8"

	"github.com/spaolacci/murmur3"

	"github.com/provenance-dev/provenance/shingle"
)

// FuzzyConfig holds the parameters of the fuzzy channel.
type FuzzyConfig struct {
	// KeyRate is the share of the unordered pairs of adjacent content
	// words kept as index keys: a pair is kept if its hash is below
	// KeyRate·2⁶⁴, so the same pairs are kept in every document.
	KeyRate float64
	// MinSharedKeys is how many fuzzy keys two documents must share to be
	// a candidate pair.
	MinSharedKeys int
	// MaxKeyDocs: a key held by more documents than this (a pair of topic
	// words) makes no candidates.
	MaxKeyDocs int

	// A seed is a pair of sentences, one in each document, sharing at
	// least SeedShared distinct stems with Dice coefficient at least
	// SeedDice.
	SeedShared int
	SeedDice   float64
	// MaxGapUnits is the largest gap, in sentences, bridged in each
	// document when seeds are chained into passages.
	MaxGapUnits int
	// A passage is kept if it holds at least MinWords tokens in each
	// document and the weighted Dice coefficient of its stems in the two
	// documents ([FuzzyPassage].WDice) is at least PassageDice; one made of
	// a single seed needs SingleSeedDice.
	MinWords       int
	PassageDice    float64
	SingleSeedDice float64
	// MinSeedDensity is the least number of seeds of a passage per
	// sentence it spans in the longer side: a reworded copy is similar
	// sentence by sentence, while documents on one topic make seeds here
	// and there.
	MinSeedDensity float64
	// A pair of sentences that both hold at least MinNumbers distinct
	// numbers (tokens that start with a digit) is a seed only if they
	// share at least MinNumberShare of those of the one with fewer, and
	// at least one. A reworded copy keeps its figures; two reports of one
	// kind (match results, market prices, the weather) are worded alike
	// and differ in theirs. MinNumbers 0 turns the rule off.
	MinNumbers     int
	MinNumberShare float64
}

// DefaultFuzzyConfig returns the measured defaults.
func DefaultFuzzyConfig() FuzzyConfig {
	return FuzzyConfig{
		KeyRate:        0.38,
		MinSharedKeys:  2,
		MaxKeyDocs:     30,
		SeedShared:     3,
		SeedDice:       0.3,
		MaxGapUnits:    3,
		MinWords:       20,
		PassageDice:    0.3,
		SingleSeedDice: 0.5,
		MinSeedDensity: 0.5,
		MinNumbers:     1,
		MinNumberShare: 0.5,
	}
}

// FuzzyDoc is a document prepared for the fuzzy channel: its content words
// (function words removed, folded, stemmed and hashed) with their token
// positions, its sentences and their numbers. It is immutable once made
// and safe for concurrent reads.
type FuzzyDoc struct {
	// Spans are the byte spans of all tokens in the text.
	Spans []shingle.Span
	// pos[i] is the token index of content word i; stem[i] its stem hash.
	pos  []int32
	stem []uint64
	// units are the sentences that hold content words.
	units []unit
	// bag holds each unit's distinct stems, sorted: unit u's are
	// bag[units[u].bag[0]:units[u].bag[1]].
	bag []uint64
	// vocab are the distinct stems, sorted; the units holding vocab[i]
	// are vocabUnits[vocabAt[i]:vocabAt[i+1]], in order.
	vocab      []uint64
	vocabAt    []int32
	vocabUnits []int32
	// bagVocab[k] is the index in vocab of bag[k].
	bagVocab []int32
	// unitNums holds each unit's distinct numbers (tokens that start with
	// a digit, as the hash of their leading digits), sorted: unit u's are
	// unitNums[units[u].num[0]:units[u].num[1]].
	unitNums []uint64
}

type unit struct {
	tok [2]int32 // token range [first, end)
	cw  [2]int32 // content-word range
	bag [2]int32 // range in FuzzyDoc.bag
	num [2]int32 // range in FuzzyDoc.unitNums
}

// minUnitWords is the least number of content words of a sentence unit.
const minUnitWords = 5

// stemSeed keys the stem hashes; it is fixed so that keys made by
// different processes meet in one index.
const stemSeed = 0x66757a7a // "fuzz"

// NewFuzzyDoc prepares the fuzzy form of a document from its text and
// tokens (made by a [shingle.Tokenizer]; only their spans are used, so the
// tokenizer's seed does not matter).
//
// Its content words are its tokens less the function words of its
// language (of each script: see [shingle.LangCounter]), each folded
// ([shingle.Fold]); those that are ASCII once folded are stemmed
// ([shingle.Stem]). In scripts written without spaces, whose characters
// are tokens, a content word is each run of unspacedGram content
// characters (so that words, which are mostly two Chinese characters, meet
// rather than single characters).
//
// It takes a [FuzzyPrep] from a pool; a caller that prepares many
// documents on one goroutine can keep its own.
func NewFuzzyDoc(text []byte, toks *shingle.Tokens) *FuzzyDoc {
	p := fuzzyPreps.Get().(*FuzzyPrep)
	defer fuzzyPreps.Put(p)
	return p.Doc(text, toks)
}

// FuzzyKeys returns the fuzzy index keys of a text: see [FuzzyDoc.Keys].
// It takes a [FuzzyPrep] from a pool, as [NewFuzzyDoc] does.
func FuzzyKeys(text []byte, toks *shingle.Tokens, cfg FuzzyConfig) []uint64 {
	p := fuzzyPreps.Get().(*FuzzyPrep)
	defer fuzzyPreps.Put(p)
	return p.Keys(text, toks, cfg)
}

var fuzzyPreps = sync.Pool{New: func() any { return NewFuzzyPrep() }}

// FuzzyPrep makes the fuzzy forms of documents ([FuzzyPrep.Doc]) and their
// keys ([FuzzyPrep.Keys]) on one goroutine: it is not safe for concurrent
// use. It keeps scratch space, and what it learnt of the words it met: for
// each recent token, whether it is a function word and of which languages,
// and the hash of its stem. Looking a word up there costs a few
// nanoseconds, where folding it, looking it up in the function word lists
// and stemming it cost about 60 (measured on English text). What it
// returns depends on the text alone, not on the words it met before.
type FuzzyPrep struct {
	words []fuzzyWord // a direct-mapped cache, by the tokenizer's hash and the first byte
	info  []wordInfo  // of each token of the current text
	fold  []byte
	st    []byte
	nums  []uint64
	numAt []int32
	kd    FuzzyDoc    // the content words of Keys' text
	seen  distinctSet // Keys' set of the keys made
}

// fuzzyWordBytes is the longest token (in bytes) that FuzzyPrep's cache
// keeps; longer ones are worked out each time.
const fuzzyWordBytes = 22

// FuzzyPrep's cache has fuzzyWords entries (40 bytes each: 1.3 MB), found
// by the top fuzzyWordBits bits of a token's hash.
const (
	fuzzyWordBits = 15
	fuzzyWords    = 1 << fuzzyWordBits
)

// fuzzyWord is an entry of FuzzyPrep's cache: a token's bytes, as in the
// text, and what it is.
type fuzzyWord struct {
	info wordInfo
	n    uint8
	b    [fuzzyWordBytes]byte
}

// wordInfo is what a token of two bytes or more is to the fuzzy channel.
type wordInfo struct {
	// h is the hash of its stem ([stemHash]); never zero.
	h uint64
	// fn are the languages it is a function word of.
	fn shingle.LangSet
	// unspaced tells a character of a script written without spaces.
	unspaced bool
}

// NewFuzzyPrep returns a FuzzyPrep.
func NewFuzzyPrep() *FuzzyPrep {
	return &FuzzyPrep{words: make([]fuzzyWord, fuzzyWords)}
}

// learn returns what token tok is, found out, and keeps it in cache entry
// w (if not nil).
func (p *FuzzyPrep) learn(tok []byte, w *fuzzyWord) wordInfo {
	var info wordInfo
	var ascii bool
	p.fold, ascii = foldToken(p.fold[:0], tok)
	info.fn = shingle.FunctionLangs(p.fold)
	info.h, p.st = stemHash(p.st, p.fold, ascii)
	info.unspaced = tok[0] >= utf8.RuneSelf && shingle.Unspaced(tok)
	if w != nil {
		w.info, w.n = info, uint8(len(tok))
		copy(w.b[:], tok)
	}
	return info
}

// Doc returns the fuzzy form of a document: see [NewFuzzyDoc].
func (p *FuzzyPrep) Doc(text []byte, toks *shingle.Tokens) *FuzzyDoc {
	d := &FuzzyDoc{Spans: toks.Spans}
	p.content(d, text, toks, true)
	d.index()
	return d
}

// Keys returns the fuzzy index keys of a text: see [FuzzyDoc.Keys].
func (p *FuzzyPrep) Keys(text []byte, toks *shingle.Tokens, cfg FuzzyConfig) []uint64 {
	d := &p.kd
	d.Spans = toks.Spans
	p.content(d, text, toks, false)
	d.Spans = nil
	return stemKeys(&p.seen, d.stem, cfg)
}

// content sets d's content words (stem) from the text and its tokens,
// and with units, their positions (pos), its units and their bags of
// stems and numbers.
func (p *FuzzyPrep) content(d *FuzzyDoc, text []byte, toks *shingle.Tokens, units bool) {
	n := toks.Len()
	hashed := len(toks.Hashes) == len(toks.Spans)
	// First what each token is, and the languages of the function words
	// among them, counted to tell the text's languages.
	p.info = slices.Grow(p.info[:0], n)[:n]
	var lc shingle.LangCounter
	// The numbers of the text, in token order, and their token indexes.
	p.nums, p.numAt = p.nums[:0], p.numAt[:0]
	for i, sp := range toks.Spans {
		tok := text[sp.Start:sp.End]
		if units {
			if n := leadingDigits(tok); n > 0 {
				p.nums = append(p.nums, murmur3.Sum64WithSeed(tok[:n], stemSeed))
				p.numAt = append(p.numAt, int32(i))
			}
		}
		if len(tok) < 2 {
			p.info[i] = wordInfo{}
			continue
		}
		// What the token is: from the cache (at the tokenizer's hash of
		// it), if the entry there is of the same bytes.
		var w *fuzzyWord
		if len(tok) <= fuzzyWordBytes {
			var h uint64
			if hashed {
				h = toks.Hashes[i]
			} else {
				h = murmur3.Sum64(tok)
			}
			// The tokenizer's hash is of the folded form: "The" and
			// "the" would take turns in one entry but for the first
			// byte mixed in.
			w = &p.words[(h^uint64(tok[0])*0x9e3779b97f4a7c15)>>(64-fuzzyWordBits)]
			if int(w.n) == len(tok) && string(w.b[:len(tok)]) == string(tok) {
				p.info[i] = w.info
				lc.Add(w.info.fn)
				continue
			}
		}
		p.info[i] = p.learn(tok, w)
		lc.Add(p.info[i].fn)
	}
	langs := lc.Langs()

	if units {
		d.pos = make([]int32, 0, n/2+1)
	}
	d.stem = slices.Grow(d.stem[:0], n/2+1)
	prevEnd := 0
	cur := unit{}
	// A sentence with fewer than minUnitWords content words (a heading,
	// an initial, an abbreviation's full stop) runs on into the next.
	flush := func(end int32, last bool) {
		if int32(len(d.pos))-cur.cw[0] < minUnitWords && !last {
			return
		}
		cur.tok[1], cur.cw[1] = end, int32(len(d.pos))
		if cur.cw[1] > cur.cw[0] {
			d.units = append(d.units, cur)
		} else if len(d.units) > 0 {
			// No content words: the tokens join the sentence before.
			d.units[len(d.units)-1].tok[1] = end
		}
		cur = unit{tok: [2]int32{end, 0}, cw: [2]int32{int32(len(d.pos)), 0}}
	}
	// gram holds the last content characters of a run of unspaced
	// characters, most recent first; grams how many it holds.
	var gram [unspacedGram]uint64
	grams := 0
	for i, sp := range toks.Spans {
		if units {
			gap := text[prevEnd:sp.Start]
			if i > 0 && sentenceBreak(gap) {
				flush(int32(i), false)
			}
		}
		w := &p.info[i]
		if !w.unspaced || (i > 0 && int(sp.Start) > prevEnd) {
			grams = 0
		}
		prevEnd = int(sp.End)
		if w.h == 0 || w.fn&langs != 0 {
			continue
		}
		h := w.h
		if w.unspaced {
			copy(gram[1:], gram[:])
			gram[0] = h
			grams = min(grams+1, unspacedGram)
			if grams < unspacedGram {
				continue
			}
			h = 0
			for _, g := range gram {
				h = shingle.Mix(h*0x9e3779b97f4a7c15 ^ g)
			}
			h |= 1
		}
		if units { // (the keys need the stems alone)
			d.pos = append(d.pos, int32(i))
		}
		d.stem = append(d.stem, h)
	}
	if !units {
		return
	}
	flush(int32(n), true)
	if len(d.units) > 0 && d.units[0].tok[0] > 0 {
		d.units[0].tok[0] = 0
	}
	d.numsOf(p.nums, p.numAt)
}

// numsOf sets each unit's bag of distinct stems and numbers (nums, at
// token indexes numAt).
func (d *FuzzyDoc) numsOf(nums []uint64, numPos []int32) {
	d.bag = make([]uint64, 0, len(d.stem))
	for u := range d.units {
		un := &d.units[u]
		start := len(d.bag)
		d.bag = append(d.bag, d.stem[un.cw[0]:un.cw[1]]...)
		s := d.bag[start:]
		slices.Sort(s)
		s = slices.Compact(s)
		d.bag = d.bag[:start+len(s)]
		un.bag = [2]int32{int32(start), int32(len(d.bag))}
		lo, _ := slices.BinarySearch(numPos, un.tok[0])
		hi, _ := slices.BinarySearch(numPos, un.tok[1])
		start = len(d.unitNums)
		d.unitNums = append(d.unitNums, nums[lo:hi]...)
		s = d.unitNums[start:]
		slices.Sort(s)
		s = slices.Compact(s)
		d.unitNums = d.unitNums[:start+len(s)]
		un.num = [2]int32{int32(start), int32(len(d.unitNums))}
	}
}

// index makes the inverted lists of the units by stem (vocab, vocabAt,
// vocabUnits), which [FuzzyVerify] looks stems up in.
func (d *FuzzyDoc) index() {
	type posting struct {
		h    uint64
		u, k int32 // unit, place in bag
	}
	ps := make([]posting, 0, len(d.bag))
	for u, un := range d.units {
		for k := un.bag[0]; k < un.bag[1]; k++ {
			ps = append(ps, posting{d.bag[k], int32(u), k})
		}
	}
	slices.SortFunc(ps, func(x, y posting) int {
		return cmp.Or(cmp.Compare(x.h, y.h), cmp.Compare(x.u, y.u))
	})
	d.vocabUnits = make([]int32, len(ps))
	d.bagVocab = make([]int32, len(d.bag))
	for i, p := range ps {
		if i == 0 || p.h != ps[i-1].h {
			d.vocab = append(d.vocab, p.h)
			d.vocabAt = append(d.vocabAt, int32(i))
		}
		d.vocabUnits[i] = p.u
		d.bagVocab[p.k] = int32(len(d.vocab) - 1)
	}
	d.vocabAt = append(d.vocabAt, int32(len(ps)))
}

// holding returns the units that hold stem h, in order.
func (d *FuzzyDoc) holding(h uint64) []int32 {
	i, ok := slices.BinarySearch(d.vocab, h)
	if !ok {
		return nil
	}
	return d.vocabUnits[d.vocabAt[i]:d.vocabAt[i+1]]
}

// foldToken appends the folded form of a token to dst ([shingle.Fold],
// with a fast path for ASCII) and reports whether it is all ASCII.
func foldToken(dst, tok []byte) ([]byte, bool) {
	for _, c := range tok {
		if c >= utf8.RuneSelf {
			dst = shingle.Fold(dst[:0], tok)
			return dst, isASCII(dst)
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst, true
}

// stemHash returns the hash of a content word from its folded form: of
// its stem ([shingle.Stem]) if it is ASCII, of the folded form itself
// otherwise, with a seed of its own so that it cannot meet an ASCII stem's
// hash; never zero. st is scratch space, returned for reuse.
func stemHash(st, fold []byte, ascii bool) (uint64, []byte) {
	var h uint64
	if ascii {
		st = shingle.Stem(st[:0], fold)
		h = murmur3.Sum64WithSeed(st, stemSeed)
	} else {
		h = murmur3.Sum64WithSeed(fold, stemSeed+1)
	}
	if h == 0 {
		h = 1
	}
	return h, st
}

// leadingDigits returns the length of the ASCII digits a token starts
// with. (Digits of other scripts are counted only as content words, after
// [shingle.Fold] made them ASCII.)
func leadingDigits(tok []byte) int {
	n := 0
	for n < len(tok) && '0' <= tok[n] && tok[n] <= '9' {
		n++
	}
	return n
}

// unspacedGram is the number of characters of a content word of a script
// written without spaces.
const unspacedGram = 2

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// sentenceBreak reports whether the bytes between two tokens end a
// sentence: a full stop, question or exclamation mark, semicolon, or a
// blank line. The full stops of other scripts (the Urdu "۔", the
// Devanagari "।", the ideographic "。") are left out on purpose: see the
// package comment.
func sentenceBreak(gap []byte) bool {
	nl := 0
	for _, c := range gap {
		switch c {
		case '.', '!', '?', ';':
			return true
		case '\n':
			nl++
			if nl >= 2 {
				return true
			}
		}
	}
	return false
}

// Words returns the number of tokens.
func (d *FuzzyDoc) Words() int { return len(d.Spans) }

// Keys returns the document's fuzzy index keys, without repeats, in the
// order of their first pair: the hashes of unordered pairs of adjacent
// content words, the share cfg.KeyRate of them.
func (d *FuzzyDoc) Keys(cfg FuzzyConfig) []uint64 {
	var seen distinctSet
	return stemKeys(&seen, d.stem, cfg)
}

// stemKeys returns the keys of the content words whose stems are stem
// (see [FuzzyDoc.Keys]), with seen for dropping repeats.
func stemKeys(seen *distinctSet, stem []uint64, cfg FuzzyConfig) []uint64 {
	limit := uint64(math.MaxUint64)
	if cfg.KeyRate < 1 {
		limit = uint64(max(cfg.KeyRate, 0) * (1 << 64))
	}
	dst := make([]uint64, 0, int(float64(len(stem))*min(max(cfg.KeyRate, 0), 1))+1)
	seen.reset(len(stem))
	for i := 1; i < len(stem); i++ {
		a, b := stem[i-1], stem[i]
		if a == b {
			continue
		}
		if a > b {
			a, b = b, a
		}
		if k := shingle.Mix(a*0x9e3779b97f4a7c15 ^ b); k < limit && seen.add(k) {
			dst = append(dst, k)
		}
	}
	return dst
}

// FuzzyPassage is one stretch of text that documents a and b share in
// reworded form: byte offsets (end exclusive) into each text and token
// ranges, as in [Passage], with the evidence for it.
type FuzzyPassage struct {
	AStart, AEnd, BStart, BEnd int
	// ATok and BTok are the token ranges [first, end) in each document.
	ATok, BTok [2]int
	// Words is the number of tokens of the passage in a.
	Words int
	// Seeds is the number of sentence pairs it was grown from.
	Seeds int
	// Dice is the Dice coefficient of the passage's distinct stems in a
	// and in b.
	Dice float64
	// WDice is Dice with each stem weighted by its rarity among the
	// sentences of the two documents (an inverse sentence frequency), so
	// that the words of a shared topic count less than names and rare
	// words.
	WDice float64
}

// FuzzyMatch is the outcome of [FuzzyVerify] for one document pair.
type FuzzyMatch struct {
	A, B int32
	// CoverageA is the share of a's tokens inside accepted passages, and
	// CoverageB the same for b.
	CoverageA, CoverageB float64
	// SharedWords is the number of a's tokens inside accepted passages.
	SharedWords int
	// Score is the largest WDice of the passages: a quick ranking of
	// matches.
	Score    float64
	Passages []FuzzyPassage
}

type seed struct{ a, b int32 }

type chainRun struct {
	aFirst, aLast, bFirst, bLast int32 // units, inclusive
	seeds                        int
}

// FuzzyVerify looks for reworded passages shared by documents a and b
// (numbered ia and ib): sentence pairs with similar content words are
// seeds, seeds close together in both documents are chained into passages,
// and a passage is kept if its stems in a and b are similar enough as a
// whole. ok is false if no passage is kept.
func FuzzyVerify(ia, ib int32, a, b *FuzzyDoc, cfg FuzzyConfig) (m FuzzyMatch, ok bool) {
	m.A, m.B = ia, ib
	seeds, weight := fuzzySeeds(a, b, cfg)
	if len(seeds) == 0 {
		return m, false
	}
	for _, r := range chainSeeds(seeds, int32(cfg.MaxGapUnits)) {
		ua0, ua1 := a.units[r.aFirst], a.units[r.aLast]
		ub0, ub1 := b.units[r.bFirst], b.units[r.bLast]
		p := FuzzyPassage{
			ATok:  [2]int{int(ua0.tok[0]), int(ua1.tok[1])},
			BTok:  [2]int{int(ub0.tok[0]), int(ub1.tok[1])},
			Seeds: r.seeds,
		}
		p.Words = p.ATok[1] - p.ATok[0]
		if min(p.Words, p.BTok[1]-p.BTok[0]) < cfg.MinWords {
			continue
		}
		if span := max(r.aLast-r.aFirst, r.bLast-r.bFirst) + 1; float64(r.seeds) < cfg.MinSeedDensity*float64(span) {
			continue
		}
		p.Dice, p.WDice = diceOf(a.stem[ua0.cw[0]:ua1.cw[1]], b.stem[ub0.cw[0]:ub1.cw[1]], weight)
		need := cfg.PassageDice
		if r.seeds == 1 {
			need = cfg.SingleSeedDice
		}
		if p.WDice < need {
			continue
		}
		p.AStart, p.AEnd = int(a.Spans[p.ATok[0]].Start), int(a.Spans[p.ATok[1]-1].End)
		p.BStart, p.BEnd = int(b.Spans[p.BTok[0]].Start), int(b.Spans[p.BTok[1]-1].End)
		m.Passages = append(m.Passages, p)
		m.Score = max(m.Score, p.WDice)
	}
	if len(m.Passages) == 0 {
		return m, false
	}
	slices.SortFunc(m.Passages, func(x, y FuzzyPassage) int {
		return cmp.Or(cmp.Compare(x.AStart, y.AStart), cmp.Compare(x.BStart, y.BStart))
	})
	covA := unionLen(m.Passages, func(p FuzzyPassage) [2]int { return p.ATok })
	covB := unionLen(m.Passages, func(p FuzzyPassage) [2]int { return p.BTok })
	m.SharedWords = covA
	m.CoverageA = float64(covA) / float64(max(a.Words(), 1))
	m.CoverageB = float64(covB) / float64(max(b.Words(), 1))
	return m, true
}

// fuzzySeeds returns the unit pairs whose stem sets are similar and whose
// numbers agree ([FuzzyConfig].MinNumbers), ordered by unit in a, then
// in b, and the weight of each stem: log of the number of units in both
// documents over the number that hold the stem.
func fuzzySeeds(a, b *FuzzyDoc, cfg FuzzyConfig) ([]seed, func(uint64) float64) {
	nUnits := float64(len(a.units) + len(b.units))
	weight := func(h uint64) float64 {
		return math.Log(1 + nUnits/float64(len(a.holding(h))+len(b.holding(h))))
	}
	// in[j] is the index in a.vocab of b.vocab[j], or -1.
	in := make([]int32, len(b.vocab))
	for i, j := 0, 0; j < len(b.vocab); {
		switch {
		case i == len(a.vocab) || a.vocab[i] > b.vocab[j]:
			in[j] = -1
			j++
		case a.vocab[i] < b.vocab[j]:
			i++
		default:
			in[j] = int32(i)
			i++
			j++
		}
	}
	counts := make([]int32, len(a.units))
	var touched []int32
	var seeds []seed
	for v, un := range b.units {
		nb := int(un.bag[1] - un.bag[0])
		if nb < cfg.SeedShared {
			continue
		}
		// A unit of a shares at most sv of v's stems, those a holds at
		// all: where that is too few for a seed (SeedShared, and Dice
		// with a unit of a of sv stems, the smallest that could share
		// sv), no unit of a is counted against v.
		sv := 0
		for _, j := range b.bagVocab[un.bag[0]:un.bag[1]] {
			if in[j] >= 0 {
				sv++
			}
		}
		if sv < cfg.SeedShared || 2*float64(sv) < cfg.SeedDice*float64(sv+nb) {
			continue
		}
		touched = touched[:0]
		for _, j := range b.bagVocab[un.bag[0]:un.bag[1]] {
			i := in[j]
			if i < 0 {
				continue
			}
			for _, u := range a.vocabUnits[a.vocabAt[i]:a.vocabAt[i+1]] {
				if counts[u] == 0 {
					touched = append(touched, u)
				}
				counts[u]++
			}
		}
		for _, u := range touched {
			c := int(counts[u])
			counts[u] = 0
			na := int(a.units[u].bag[1] - a.units[u].bag[0])
			if c >= cfg.SeedShared && 2*float64(c) >= cfg.SeedDice*float64(na+nb) &&
				numbersAgree(a.unitNums[a.units[u].num[0]:a.units[u].num[1]], b.unitNums[un.num[0]:un.num[1]], &cfg) {
				seeds = append(seeds, seed{u, int32(v)})
			}
		}
	}
	slices.SortFunc(seeds, func(x, y seed) int {
		return cmp.Or(cmp.Compare(x.a, y.a), cmp.Compare(x.b, y.b))
	})
	return seeds, weight
}

// chainSeeds joins seeds into passages: a seed extends the open passage it
// follows in both documents with the smallest gap, if both gaps (in units)
// are at most maxGap. A seed may also fall inside a passage's span in b,
// since reworded sentences get split and merged.
func chainSeeds(seeds []seed, maxGap int32) []chainRun {
	var done, open []chainRun
	for _, s := range seeds {
		kept := open[:0]
		for _, p := range open {
			if s.a-p.aLast > maxGap+1 {
				done = append(done, p)
			} else {
				kept = append(kept, p)
			}
		}
		open = kept
		best, bestGap := -1, int32(0)
		for i, p := range open {
			ga, gb := s.a-p.aLast, s.b-p.bLast
			if ga < 0 || ga > maxGap+1 || gb > maxGap+1 || s.b < p.bFirst-1 {
				continue
			}
			gap := ga + max(gb, -gb)
			if best < 0 || gap < bestGap {
				best, bestGap = i, gap
			}
		}
		if best < 0 {
			open = append(open, chainRun{s.a, s.a, s.b, s.b, 1})
			continue
		}
		p := &open[best]
		p.aLast = s.a
		p.bFirst, p.bLast = min(p.bFirst, s.b), max(p.bLast, s.b)
		p.seeds++
	}
	return append(done, open...)
}

// numbersAgree reports whether the numbers of two sentences (sorted and
// distinct) agree, as cfg's MinNumbers and MinNumberShare tell.
func numbersAgree(nx, ny []uint64, cfg *FuzzyConfig) bool {
	if cfg.MinNumbers <= 0 || len(nx) < cfg.MinNumbers || len(ny) < cfg.MinNumbers {
		return true
	}
	n := countCommon(nx, ny)
	return n > 0 && float64(n) >= cfg.MinNumberShare*float64(min(len(nx), len(ny)))
}

// countCommon returns the number of values in both sorted, distinct
// slices.
func countCommon(a, b []uint64) int {
	i, j, n := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			n++
			i++
			j++
		}
	}
	return n
}

// diceOf returns the Dice coefficient of the distinct values of x and y,
// unweighted and weighted.
func diceOf(x, y []uint64, weight func(uint64) float64) (dice, wdice float64) {
	sx := slices.Clone(x)
	slices.Sort(sx)
	sx = slices.Compact(sx)
	sy := slices.Clone(y)
	slices.Sort(sy)
	sy = slices.Compact(sy)
	if len(sx)+len(sy) == 0 {
		return 0, 0
	}
	var wx, wy, ws float64
	for _, h := range sx {
		wx += weight(h)
	}
	for _, h := range sy {
		wy += weight(h)
	}
	i, j, n := 0, 0, 0
	for i < len(sx) && j < len(sy) {
		switch {
		case sx[i] < sy[j]:
			i++
		case sx[i] > sy[j]:
			j++
		default:
			n++
			ws += weight(sx[i])
			i++
			j++
		}
	}
	return 2 * float64(n) / float64(len(sx)+len(sy)), 2 * ws / (wx + wy)
}
