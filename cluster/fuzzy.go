package cluster

// The fuzzy channel: reuse that was reworded.
//
// The exact channel (shingles, [Verify]) finds copies that keep runs of five
// words; a copy whose words were replaced by synonyms, dropped, inserted or
// shuffled, or that went through machine translation and back, keeps few
// such runs but most of its content words. The fuzzy channel works on those.
//
// Keys. [NewFuzzyDoc] keeps a document's content words: stopwords dropped,
// the rest stemmed lightly ([shingle.Stem]) and hashed. [FuzzyDoc.Keys]
// hashes every unordered pair of adjacent content words and keeps those
// whose hash falls below KeyRate·2⁶⁴ (0.38 of them: 0.19 keys per word on
// PAN 2013), so the same pairs are kept in every document. Two documents
// are a candidate pair when they share MinSharedKeys (2) keys.
//
// Verification. [FuzzyVerify] splits both documents into sentences of at
// least five content words; a pair of sentences sharing at least three
// distinct stems with Dice >= 0.3 is a seed; seeds close together in both
// documents (gaps of at most three sentences) chain into passages; a passage
// is kept if it spans at least 20 words on each side, has a seed for every
// two sentences it spans, and its stems in the two documents have a
// weighted Dice (each stem weighted by log(1 + sentences/sentences holding
// it), counted over both documents) of at least 0.3, or 0.5 for a passage
// of one seed. Passages come back as token ranges and byte spans in both
// documents, like [Passage].
//
// Use. Keys go into an inverted index beside the exact channel's fingerprints
// (the same index with the keys in their own namespace, or a second one);
// a document's candidates are the documents it shares at least
// MinSharedKeys fuzzy keys with. Verify with [FuzzyVerify] only the
// candidate pairs that [Verify] did not match, and report its passages with
// the exact ones, marked fuzzy. Keys that many documents hold (topic word
// pairs such as "rice farming") are noise: an index should drop keys held
// by more than a small share of its documents, as it does for boilerplate.
//
// Cost, measured on 2 shared cores that were busy (load 3-5), so roughly:
// [FuzzyKeys] (with [NewFuzzyDoc]) 20-30 MB/s of text; [FuzzyVerify] 70-90
// MB/s of the two documents' text (two 1,500-word documents in about
// 0.2 ms). Memory: the keys are
// 0.19 per word, 8 bytes each (about 0.9 KB for a 600-word article, plus
// the index's posting per key); a FuzzyDoc holds about 20 bytes per
// content word (half of all words), so an index should keep only keys and
// rebuild the FuzzyDoc from the text of the few candidate documents.
//
// Measured on the PAN 2013 training corpus copy (fuzzy_pan_test.go):
// candidate recall / detected share (keys and verification) per type:
// no obfuscation 1.000/0.992, random obfuscation 0.970/0.914, translation
// 0.982/0.964, summary 0.718/0.160; no-plagiarism pairs wrongly detected
// 0.004; candidate load mean 142, p99 870 of 3,124 documents.

import (
	"cmp"
	"math"
	"slices"
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
	}
}

// FuzzyDoc is a document prepared for the fuzzy channel: its content words
// (stopwords removed, stemmed and hashed) with their token positions, and
// its sentences. It is immutable once made and safe for concurrent reads.
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
}

type unit struct {
	tok [2]int32 // token range [first, end)
	cw  [2]int32 // content-word range
	bag [2]int32 // range in FuzzyDoc.bag
}

// minUnitWords is the least number of content words of a sentence unit.
const minUnitWords = 5

// stemSeed keys the stem hashes; it is fixed so that keys made by
// different processes meet in one index.
const stemSeed = 0x66757a7a // "fuzz"

// NewFuzzyDoc prepares the fuzzy form of a document from its text and
// tokens (made by a [shingle.Tokenizer] whose seed is the same for all
// documents compared).
func NewFuzzyDoc(text []byte, toks *shingle.Tokens) *FuzzyDoc {
	d := &FuzzyDoc{Spans: toks.Spans}
	n := toks.Len()
	d.pos = make([]int32, 0, n/2+1)
	d.stem = make([]uint64, 0, n/2+1)
	var low, st []byte
	prevEnd := 0
	cur := unit{}
	// A sentence with fewer than minUnitWords content words (a heading,
	// an initial, an abbreviation's full stop) runs on into the next.
	flush := func(end int32, last bool) {
		if int(len(d.pos))-int(cur.cw[0]) < minUnitWords && !last {
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
	for i, sp := range toks.Spans {
		if i > 0 && sentenceBreak(text[prevEnd:sp.Start]) {
			flush(int32(i), false)
		}
		prevEnd = int(sp.End)
		tok := text[sp.Start:sp.End]
		if len(tok) < 2 {
			continue
		}
		low = low[:0]
		ascii := true
		for _, c := range tok {
			if c >= utf8.RuneSelf {
				ascii = false
				break
			}
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			low = append(low, c)
		}
		var h uint64
		if ascii {
			if shingle.IsStopword(low) {
				continue
			}
			st = shingle.Stem(st[:0], low)
			h = murmur3.Sum64WithSeed(st, stemSeed)
		} else {
			// Not stemmed: the token's own (normalised) hash, remixed so it
			// cannot meet an ASCII stem's.
			h = shingle.Mix(toks.Hashes[i] ^ 0x5bd1e9955bd1e995)
		}
		d.pos = append(d.pos, int32(i))
		d.stem = append(d.stem, h)
	}
	flush(int32(n), true)
	if len(d.units) > 0 && d.units[0].tok[0] > 0 {
		d.units[0].tok[0] = 0
	}
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
	}
	return d
}

// sentenceBreak reports whether the bytes between two tokens end a
// sentence: a full stop, question or exclamation mark, semicolon, or a
// blank line.
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

// Keys returns the document's fuzzy index keys, sorted and without
// repeats: the hashes of unordered pairs of adjacent content words, the
// share cfg.KeyRate of them.
func (d *FuzzyDoc) Keys(cfg FuzzyConfig) []uint64 {
	limit := uint64(math.MaxUint64)
	if cfg.KeyRate < 1 {
		limit = uint64(max(cfg.KeyRate, 0) * (1 << 64))
	}
	out := make([]uint64, 0, int(float64(len(d.stem))*min(max(cfg.KeyRate, 0), 1))+1)
	for i := 1; i < len(d.stem); i++ {
		a, b := d.stem[i-1], d.stem[i]
		if a == b {
			continue
		}
		if a > b {
			a, b = b, a
		}
		k := shingle.Mix(a*0x9e3779b97f4a7c15 ^ b)
		if k < limit {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// FuzzyKeys returns the fuzzy index keys of a text: see [FuzzyDoc.Keys].
func FuzzyKeys(text []byte, toks *shingle.Tokens, cfg FuzzyConfig) []uint64 {
	return NewFuzzyDoc(text, toks).Keys(cfg)
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

// fuzzySeeds returns the unit pairs whose stem sets are similar, ordered
// by unit in a, then in b, and the weight of each stem: log of the number
// of units in both documents over the number that hold the stem.
func fuzzySeeds(a, b *FuzzyDoc, cfg FuzzyConfig) ([]seed, func(uint64) float64) {
	// Inverted lists of a's units by stem.
	where := make(map[uint64][]int32, len(a.bag))
	for u, un := range a.units {
		for _, h := range a.bag[un.bag[0]:un.bag[1]] {
			where[h] = append(where[h], int32(u))
		}
	}
	dfB := make(map[uint64]int32, len(b.bag))
	for _, h := range b.bag {
		dfB[h]++
	}
	nUnits := float64(len(a.units) + len(b.units))
	weight := func(h uint64) float64 {
		return math.Log(1 + nUnits/float64(len(where[h])+int(dfB[h])))
	}
	counts := make([]int32, len(a.units))
	var touched []int32
	var seeds []seed
	for v, un := range b.units {
		nb := int(un.bag[1] - un.bag[0])
		if nb < cfg.SeedShared {
			continue
		}
		touched = touched[:0]
		for _, h := range b.bag[un.bag[0]:un.bag[1]] {
			for _, u := range where[h] {
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
			if c >= cfg.SeedShared && 2*float64(c) >= cfg.SeedDice*float64(na+nb) {
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
