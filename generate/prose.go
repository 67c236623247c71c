package generate

import (
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/provenance-dev/provenance/internal/textgen"
)

// Article lengths, in words.
const (
	minArticleWords = 300
	maxArticleWords = 1200
	// MinBaseWords is the fewest words a base file must have, after
	// its repeated text is dropped, to be used: the shortest article.
	MinBaseWords = minArticleWords
)

// Errors about base prose.
var (
	// ErrNoBase means that none of the base files named could be used.
	ErrNoBase = errors.New("no usable base files")
	// ErrShortBase is the reason a base file with fewer than
	// [MinBaseWords] words is skipped.
	ErrShortBase = errors.New("too few words for base prose")
)

// prose supplies the text of originals, unrelated documents and quote
// group reports.
type prose interface {
	// article returns paragraphs, each a list of sentences, of about
	// words words (fewer when the source runs short), and where they came
	// from.
	article(r *rand.Rand, words int) (paras [][]string, from origin)
	// quotes returns n sentences for a quotation and where they came
	// from.
	quotes(r *rand.Rand, n int) (sentences []string, from origin)
}

// origin is where prose came from: paragraphs [start, end) of a base
// file, or generated prose when path is empty.
type origin struct {
	path       string
	start, end int
}

// genProse is prose from internal/textgen.
type genProse struct{ g *textgen.Gen }

func (p genProse) article(r *rand.Rand, words int) ([][]string, origin) {
	return groupParagraphs(r, p.g.Sentences(words)), origin{}
}

func (p genProse) quotes(r *rand.Rand, n int) ([]string, origin) {
	out := make([]string, n)
	for i := range out {
		out[i] = p.g.Sentence(8 + r.IntN(11))
	}
	return out, origin{}
}

// groupParagraphs groups sentences into paragraphs of 1 to 4 sentences.
func groupParagraphs(r *rand.Rand, sentences []string) [][]string {
	var out [][]string
	for len(sentences) > 0 {
		n := min(len(sentences), 1+r.IntN(4))
		out = append(out, slices.Clone(sentences[:n]))
		sentences = sentences[n:]
	}
	return out
}

// baseFile is one file of base prose, split into paragraphs of sentences.
type baseFile struct {
	path  string
	paras [][]string
	words []int // per paragraph
	total int
	// used are the paragraph ranges [start, end) already drawn.
	used [][2]int
}

// baseProse draws articles from base files, each file in turn: every
// file is used once before any is used again, and a file used again gives
// text it has not given yet while it has some.
type baseProse struct {
	files []*baseFile
	next  int
}

func (b *baseProse) nextFile() *baseFile {
	f := b.files[b.next%len(b.files)]
	b.next++
	return f
}

func (b *baseProse) article(r *rand.Rand, words int) ([][]string, origin) {
	f := b.nextFile()
	s, e := f.pick(r, words)
	f.used = append(f.used, [2]int{s, e})
	paras := make([][]string, e-s)
	for i := range paras {
		paras[i] = slices.Clone(f.paras[s+i])
	}
	return paras, origin{f.path, s, e}
}

func (b *baseProse) quotes(r *rand.Rand, n int) ([]string, origin) {
	f := b.nextFile()
	// Look for n consecutive quotable sentences in paragraphs not drawn
	// on yet, starting from a random paragraph.
	used := f.usedParas()
	start := r.IntN(len(f.paras))
	for k := range len(f.paras) {
		i := (start + k) % len(f.paras)
		var run []string
		for j := i; j < len(f.paras) && !used[j]; j++ {
			for _, s := range f.paras[j] {
				if !quotable(s) {
					run = run[:0]
					continue
				}
				if run = append(run, s); len(run) == n {
					f.used = append(f.used, [2]int{i, j + 1})
					return slices.Clone(run), origin{f.path, i, j + 1}
				}
			}
		}
	}
	q, _ := genProse{textgen.New(r.Uint64())}.quotes(r, n)
	return q, origin{path: f.path}
}

// usedParas reports which paragraphs have been drawn on.
func (f *baseFile) usedParas() []bool {
	used := make([]bool, len(f.paras))
	for _, u := range f.used {
		for i := u[0]; i < u[1]; i++ {
			used[i] = true
		}
	}
	return used
}

// quotable reports whether s reads as a sentence someone said: 6 to 30
// words, a capital first and a full stop, question or exclamation mark
// last, and mostly letters.
func quotable(s string) bool {
	if w := len(strings.Fields(s)); w < 6 || w > 30 || !endsSentence(s) {
		return false
	}
	first, _ := utf8.DecodeRuneInString(s)
	letters, other := 0, 0
	for _, c := range s {
		switch {
		case unicode.IsLetter(c):
			letters++
		case c != ' ' && c != ',' && c != '.' && c != '\'':
			other++
		}
	}
	return unicode.IsUpper(first) && other*10 < letters
}

func endsSentence(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r == '.' || r == '!' || r == '?'
}

// pick chooses the paragraphs [s, e) for an article of about words words:
// a random run that overlaps nothing used before, if one is long enough;
// else the largest unused stretch, if it has MinBaseWords; else a run from
// a start not used before.
func (f *baseFile) pick(r *rand.Rand, words int) (int, int) {
	n := len(f.paras)
	usedPara := f.usedParas()
	usedStart := map[int]bool{}
	for _, u := range f.used {
		usedStart[u[0]] = true
	}
	var cands [][2]int
	bestS, bestE, bestW := -1, -1, 0
	for a := 0; a < n; {
		if usedPara[a] {
			a++
			continue
		}
		b := a
		gapW := 0
		for b < n && !usedPara[b] {
			gapW += f.words[b]
			b++
		}
		if gapW > bestW {
			bestS, bestE, bestW = a, b, gapW
		}
		for s := a; s < b; s++ {
			if e, w := f.extend(s, b, words); w >= words {
				cands = append(cands, [2]int{s, e})
			}
		}
		a = b
	}
	if len(cands) > 0 {
		c := cands[r.IntN(len(cands))]
		return c[0], c[1]
	}
	if bestW >= MinBaseWords {
		return bestS, bestE
	}
	var starts []int
	for s := range n {
		if !usedStart[s] {
			if _, w := f.extend(s, n, words); w >= min(words, MinBaseWords) {
				starts = append(starts, s)
			}
		}
	}
	s := 0
	if len(starts) > 0 {
		s = starts[r.IntN(len(starts))]
	}
	e, _ := f.extend(s, n, words)
	return s, e
}

// extend returns the end of the run of paragraphs from s, before limit,
// that first has words words, and the words it has.
func (f *baseFile) extend(s, limit, words int) (int, int) {
	e, w := s, 0
	for e < limit && w < words {
		w += f.words[e]
		e++
	}
	return e, w
}

// loadBase reads the base prose named by paths: files, and folders walked
// for .txt files (hidden files and folders skipped). Files are read in
// path order and shuffled with r. A path that does not exist is an error;
// files that cannot be used are passed to skip with the reason.
func loadBase(paths []string, r *rand.Rand, skip func(string, error)) (*baseProse, error) {
	var names []string
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("base: %w", err)
		}
		if !info.IsDir() {
			names = append(names, p)
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				skip(path, err)
				return nil
			}
			if path != p && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if !d.IsDir() && strings.EqualFold(filepath.Ext(path), ".txt") {
				names = append(names, path)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("base: %w", err)
		}
	}
	slices.Sort(names)
	names = slices.Compact(names)
	b := &baseProse{}
	seen := map[uint64]bool{}
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			skip(name, err)
			continue
		}
		f := parseBase(name, data, r)
		f.dropRepeats(seen)
		if f.total < MinBaseWords {
			skip(name, fmt.Errorf("%w: %d words, want %d", ErrShortBase, f.total, MinBaseWords))
			continue
		}
		b.files = append(b.files, f)
	}
	if len(b.files) == 0 {
		return nil, fmt.Errorf("base: %w among %d files", ErrNoBase, len(names))
	}
	r.Shuffle(len(b.files), func(i, j int) { b.files[i], b.files[j] = b.files[j], b.files[i] })
	return b, nil
}

// parseBase splits a base file into paragraphs of sentences. Paragraphs
// are blocks between blank lines; a block whose lines are long holds one
// paragraph per line, otherwise its lines are hard-wrapped text and are
// joined. A paragraph of more than 150 words (a whole file of wrapped
// lines, say) is regrouped into paragraphs of 1 to 4 sentences.
func parseBase(path string, data []byte, r *rand.Rand) *baseFile {
	f := &baseFile{path: filepath.ToSlash(path)}
	text := cleanText(data)
	for _, block := range strings.Split(text, "\n\n") {
		var lines []string
		long := 0
		for _, l := range strings.Split(block, "\n") {
			if l = strings.TrimSpace(l); l != "" {
				lines = append(lines, l)
				if utf8.RuneCountInString(l) > 200 {
					long++
				}
			}
		}
		if len(lines) == 0 {
			continue
		}
		var paras []string
		if 2*long > len(lines) {
			paras = lines
		} else {
			paras = []string{strings.Join(lines, " ")}
		}
		for _, p := range paras {
			sents := splitSentences(p)
			if len(sents) == 0 {
				continue
			}
			if len(strings.Fields(p)) > 150 {
				f.paras = append(f.paras, groupParagraphs(r, sents)...)
			} else {
				f.paras = append(f.paras, sents)
			}
		}
	}
	f.count()
	return f
}

// count sets the word counts.
func (f *baseFile) count() {
	f.words = make([]int, len(f.paras))
	f.total = 0
	for i, p := range f.paras {
		for _, s := range p {
			f.words[i] += len(strings.Fields(s))
		}
		f.total += f.words[i]
	}
}

// repeatWidth is the width, in words, of the word sequences that make
// a base paragraph a repeat.
const repeatWidth = 8

// dropRepeats drops the paragraphs that share a sequence of repeatWidth
// words with a paragraph seen before, in this file or an earlier one
// (seen holds the hashes of those sequences, and gains this file's):
// base corpora scraped from the web repeat disclaimers, navigation and
// whole pages, and documents made from different files must not share
// text by accident.
func (f *baseFile) dropRepeats(seen map[uint64]bool) {
	kept := f.paras[:0]
	for _, p := range f.paras {
		hs := wordSeqHashes(strings.Join(p, " "), repeatWidth)
		if !slices.ContainsFunc(hs, func(h uint64) bool { return seen[h] }) {
			kept = append(kept, p)
		}
		for _, h := range hs {
			seen[h] = true
		}
	}
	f.paras = kept
	f.count()
}

// wordSeqHashes returns a hash of every sequence of n consecutive words
// of s, words being runs of letters and digits, lower-cased.
func wordSeqHashes(s string, n int) []uint64 {
	words := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	var out []uint64
	for i := 0; i+n <= len(words); i++ {
		h := uint64(14695981039346656037)
		for _, w := range words[i : i+n] {
			for j := 0; j < len(w); j++ {
				h = (h ^ uint64(w[j])) * 1099511628211
			}
			h = (h ^ ' ') * 1099511628211
		}
		out = append(out, h)
	}
	return out
}

// cleanText makes data usable text: invalid UTF-8 bytes are read as
// Latin-1, line ends become \n, control characters and other spaces
// become plain spaces, and a byte-order mark goes.
func cleanText(data []byte) string {
	var b strings.Builder
	for len(data) > 0 {
		c, size := utf8.DecodeRune(data)
		if c == utf8.RuneError && size == 1 {
			c = rune(data[0])
		}
		data = data[size:]
		switch {
		case c == '\r':
			if len(data) > 0 && data[0] == '\n' {
				continue
			}
			b.WriteByte('\n')
		case c == '\n':
			b.WriteByte('\n')
		case c == '\ufeff':
		case unicode.IsControl(c) || unicode.IsSpace(c):
			b.WriteByte(' ')
		default:
			b.WriteRune(c)
		}
	}
	return b.String()
}

// splitSentences splits a paragraph into sentences after ., ! or ?
// (and any closing quotes or brackets) followed by a space and a capital,
// digit or opening quote. Runs of more than 60 words without such an end
// are cut into pieces of 40 words.
func splitSentences(p string) []string {
	words := strings.Fields(p)
	var out []string
	start := 0
	flush := func(end int) {
		if end > start {
			out = append(out, strings.Join(words[start:end], " "))
		}
		start = end
	}
	for i, w := range words {
		if i+1-start > 60 {
			flush(start + 40)
		}
		if i+1 < len(words) && endsWithStop(w) && startsSentence(words[i+1]) {
			flush(i + 1)
		}
	}
	flush(len(words))
	return out
}

func endsWithStop(w string) bool {
	w = strings.TrimRight(w, `"'”’)]`)
	return endsSentence(w)
}

func startsSentence(w string) bool {
	c, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(c) || unicode.IsDigit(c) || strings.ContainsRune(`"'“‘(`, c)
}
