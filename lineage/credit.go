package lineage

import (
	"bytes"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Credit is an attribution or reprint line found in a document.
type Credit struct {
	// Line is the sentence that carries the credit, trimmed.
	Line string
	// Name is the outlet the line credits, or empty when it names none
	// ("reprinted with permission").
	Name string
	// Dateline is set for a name put before the text with a dash
	// ("Metro Ledger — The minister said..."). A dateline more often
	// names a place than an outlet, so it counts as a credit only where
	// the name is another document's source (see [Infer]).
	Dateline bool
	// Edge is set for a short line at the top or bottom of a text that
	// names another member's outlet in no wording the patterns know:
	// [Infer] makes such credits, [FindCredits] none.
	Edge bool
}

// reDateline is a name of one to six capitalised words, then a dash, at
// the start of a line or after a "· site.com" header run into the text.
//
// Nothing before the dash it matches can be an em or en dash, so that dash
// is the first in the line, and the match ends one rune after the spaces
// that follow it: [dateline] runs it on that much of the line only.
var reDateline = regexp.MustCompile(`^\s*(?:[·•|]\s*(?:[a-z0-9-]+\.)+[a-z]{2,6})?((?:The\s+)?\p{Lu}[\pL\pN&.'’-]*(?:\s+(?:of\s+|the\s+|&\s+)?\p{Lu}[\pL\pN&.'’-]*){0,5})\s+[—–]\s+\S`)

// datelineLines is how many non-empty lines at the top of a text may
// carry a dateline.
const datelineLines = 6

// Names are matched up to the end of the clause: "and is reprinted...",
// "with permission", a full stop or a line end.
const name = `([\p{Lu}0-9][^.;:\n()]{1,80}?)(?:\s+(?:and|with|under|on|as)\b|[.;:\n()]|,\s|\s*$)`

// creditPattern is a credit pattern, with words that show where it may
// match. The words are lower-case ASCII, found ignoring ASCII case; see
// [lineCredit] for when that is exact.
type creditPattern struct {
	re *regexp.Regexp
	// starts are the words one of which a match starts with; none for a
	// pattern anchored at the start of the line.
	starts []string
	// needs are sets of words a match holds one of each.
	needs [][]string
}

// published are the words that start the reprint-with-permission
// patterns.
var published = []string{"republished", "reprinted", "reposted", "published", "printed", "posted"}

var creditPatterns = []creditPattern{
	{re: regexp.MustCompile(`(?i:originally\s+(?:published|appeared|ran|posted)\s+(?:by|in|on|at))\s+(?:the\s+)?` + name),
		starts: []string{"originally"}},
	{re: regexp.MustCompile(`(?i:(?:first|previously)\s+(?:published|appeared)\s+(?:by|in|on|at))\s+(?:the\s+)?` + name),
		starts: []string{"first", "previously"}, needs: [][]string{{"published", "appeared"}}},
	{re: regexp.MustCompile(`(?i:(?:re)?(?:published|printed|posted)\s+(?:here\s+)?with\s+(?:the\s+)?(?:kind\s+)?permission\s+(?:of|from))\s+(?:the\s+)?` + name),
		starts: published, needs: [][]string{{"permission"}, {"with"}}},
	{re: regexp.MustCompile(`(?i:republished\s+from)\s+(?:the\s+)?` + name),
		starts: []string{"republished"}},
	{re: regexp.MustCompile(`(?i:courtesy\s+of)\s+(?:the\s+)?` + name),
		starts: []string{"courtesy"}},
	{re: regexp.MustCompile(`(?m)^\s*(?i:source|via|credit)\s*:\s*` + name),
		needs: [][]string{{"source", "via", "credit"}, {":"}}},
	{re: regexp.MustCompile(`(?m)^[^\n]{0,60}\((Reuters|AP|AFP|Bloomberg|dpa|UPI|Xinhua|TASS|RIA Novosti|Interfax)\)\s*[-–—]`),
		needs: [][]string{{"("}, {")"}}},
	// Credits that name nobody.
	{re: regexp.MustCompile(`(?i:(?:re)?(?:printed|published|posted)\s+(?:here\s+)?with\s+(?:the\s+)?(?:kind\s+)?permission)()`),
		starts: published, needs: [][]string{{"permission"}, {"with"}}},
	{re: regexp.MustCompile(`(?i:this\s+(?:article|story|post)\s+(?:was\s+)?(?:originally|first)\s+(?:published|appeared))()`),
		starts: []string{"this"}, needs: [][]string{{"originally", "first"}, {"published", "appeared"}}},
}

// triggers are words one of which every credit pattern needs; lines
// without any are not searched. The check ignores ASCII case only.
var triggers = []string{
	"originally", "first published", "first appeared", "previously", "permission",
	"republished", "courtesy of", "source:", "source :", "via:", "credit:",
	"(reuters)", "(ap)", "(afp)", "(bloomberg)", "(dpa)", "(upi)", "(xinhua)", "(tass)", "(ria novosti)", "(interfax)",
}

// Triggers are found in one pass over the text for each of the rare bytes
// '(' and ':', which the short triggers hold, and one for the long ones.
// That pass looks at every gramStride-th trigram of the text only: a
// trigger of gramStride+2 or more bytes holds gramStride trigrams, one of
// which is sampled wherever the trigger occurs. Its last gramStride
// trigrams are indexed, those being the rarer in prose.
const gramStride = 8

// trigger is a trigger word and the offset in it of a byte or trigram
// that leads to it.
type trigger struct {
	word string
	at   int
}

// gramClass numbers the bytes a long trigger may hold: letters, either
// case, from 1, and the space. Other bytes are 0.
var gramClass = func() (t [256]uint8) {
	for c := 'a'; c <= 'z'; c++ {
		t[c] = uint8(c-'a') + 1
		t[c-'a'+'A'] = uint8(c-'a') + 1
	}
	t[' '] = 27
	return t
}()

// gramKey returns the index of the trigram b0 b1 b2 in gramSet.
func gramKey(b0, b1, b2 byte) uint {
	return (uint(gramClass[b0])*28+uint(gramClass[b1]))*28 + uint(gramClass[b2])
}

var (
	gramSet      [(28*28*28 + 63) / 64]uint64 // the indexed trigrams
	gramTriggers = map[uint][]trigger{}       // by trigram
	byteTriggers [2][]trigger                 // by '(' and ':'
)

// triggerBytes are the bytes of byteTriggers.
const triggerBytes = "(:"

func init() {
	for _, w := range triggers {
		if i := strings.IndexAny(w, triggerBytes); i >= 0 {
			b := strings.IndexByte(triggerBytes, w[i])
			byteTriggers[b] = append(byteTriggers[b], trigger{w, i})
			continue
		}
		if len(w) < gramStride+2 || strings.ContainsFunc(w, func(r rune) bool { return r > 0x7f || gramClass[r] == 0 }) {
			panic("lineage: trigger " + w + " can be found neither by byte nor by trigram")
		}
		for at := len(w) - 2 - gramStride; at <= len(w)-3; at++ {
			k := gramKey(w[at], w[at+1], w[at+2])
			gramSet[k/64] |= 1 << (k % 64)
			gramTriggers[k] = append(gramTriggers[k], trigger{w, at})
		}
	}
}

// FindCredits returns the attribution and reprint lines in text, at most
// one per line, with the outlet each names when it names one.
func FindCredits(text []byte) []Credit {
	var out []Credit
	nonEmpty := 0
	for line := range bytes.Lines(text) {
		if len(bytes.TrimSpace(line)) > 0 {
			nonEmpty++
		}
		if nonEmpty > datelineLines {
			break
		}
		if name, ok := dateline(line); ok {
			out = append(out, Credit{Line: sentence(line, 0), Name: name, Dateline: true})
		} else if name, ok := parenDateline(line); ok {
			out = append(out, Credit{Line: sentence(line, 0), Name: name, Dateline: true})
		}
	}
	datelines := len(out)
	triggerLines(text, func(line []byte) {
		trimmed := bytes.TrimSpace(line)
		for _, c := range out[:datelines] {
			if len(trimmed) >= len(c.Line) && string(trimmed[:len(c.Line)]) == c.Line {
				return // the line's dateline is its credit
			}
		}
		if c, ok := lineCredit(line); ok {
			out = append(out, c)
		}
	})
	return out
}

// dateline returns the name of the dateline line starts with, if it
// starts with one (see [reDateline]).
func dateline(line []byte) (string, bool) {
	d := indexDash(line)
	// The dash must have ASCII space before it and after it, then a rune
	// that is not.
	if d <= 0 || !isSpace(line[d-1]) {
		return "", false
	}
	end := d + len("—")
	for end < len(line) && isSpace(line[end]) {
		end++
	}
	if end == d+len("—") || end == len(line) {
		return "", false
	}
	_, n := utf8.DecodeRune(line[end:])
	m := reDateline.FindSubmatch(line[:end+n])
	if m == nil {
		return "", false
	}
	return string(m[1]), true
}

// reParenDateline is a place (and maybe a date), then a name in brackets,
// at the start of a line: "WASHINGTON (AP) —", "بنکاک ۔ 13 ستمبر (اے پی پی)",
// "ممبئی(وقت نیوز)". The text runs on after the bracket, after a dash or
// colon or not.
var reParenDateline = regexp.MustCompile(`^\s*(\pL[^()\n]{0,79}?)\s*\(([^()\n]{1,40})\)\s*(?:[-–—:]\s*)?[^\s\-–—:]`)

// parenDateline returns the name in brackets of a dateline that line
// starts with, if it starts with one and no credit pattern reads the line
// (those name agencies known by name, and count wherever they stand). In
// a script with case, the place starts with a capital; it holds at most
// eight words and no full stop before a space (a sentence: "Sen. Kay
// (R-Ohio) said"), and the name at most four words, one with a letter.
// Like a dash dateline it counts only where the name is an outlet (see
// [Infer]).
func parenDateline(line []byte) (string, bool) {
	if bytes.IndexByte(line, '(') < 0 {
		return "", false
	}
	m := reParenDateline.FindSubmatch(line)
	if m == nil {
		return "", false
	}
	place, name := m[1], bytes.TrimSpace(m[2])
	if r, _ := utf8.DecodeRune(place); unicode.IsLower(r) {
		return "", false
	}
	if len(bytes.Fields(place)) > 8 || bytes.Contains(place, []byte(". ")) {
		return "", false
	}
	if len(bytes.Fields(name)) > 4 || !bytes.ContainsFunc(name, unicode.IsLetter) {
		return "", false
	}
	if _, ok := lineCredit(line); ok {
		return "", false
	}
	return string(name), true
}

// indexDash returns the offset of the first em or en dash in line, or -1.
func indexDash(line []byte) int {
	// Both are E2 80 93 or 94 in UTF-8; E2 starts a sequence and is never
	// inside one.
	for off := 0; ; {
		i := bytes.IndexByte(line[off:], 0xe2)
		if i < 0 {
			return -1
		}
		i += off
		if i+2 < len(line) && line[i+1] == 0x80 && (line[i+2] == 0x93 || line[i+2] == 0x94) {
			return i
		}
		off = i + 1
	}
}

// isSpace reports whether c is a space to regexp's \s.
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}

// triggerLines calls fn, in order, with each line of text (with its line
// end) that holds a trigger word.
func triggerLines(text []byte, fn func(line []byte)) {
	var starts []int
	found := func(at int) {
		starts = append(starts, bytes.LastIndexByte(text[:at], '\n')+1)
	}
	for b, ts := range byteTriggers {
		for i := 0; ; i++ {
			j := bytes.IndexByte(text[i:], triggerBytes[b])
			if j < 0 {
				break
			}
			i += j
			for _, t := range ts {
				if s := i - t.at; s >= 0 && hasFoldPrefix(text[s:], t.word) {
					found(s)
					break
				}
			}
		}
	}
	for i := 0; i+3 <= len(text); i += gramStride {
		g := text[i : i+3 : i+3]
		k := gramKey(g[0], g[1], g[2])
		if gramSet[k/64]&(1<<(k%64)) == 0 {
			continue
		}
		for _, t := range gramTriggers[k] {
			if s := i - t.at; s >= 0 && hasFoldPrefix(text[s:], t.word) {
				found(s)
				break
			}
		}
	}
	if len(starts) > 1 {
		slices.Sort(starts)
		starts = slices.Compact(starts)
	}
	for _, st := range starts {
		line := text[st:]
		if i := bytes.IndexByte(line, '\n'); i >= 0 {
			line = line[:i+1]
		}
		fn(line)
	}
}

// hasFoldPrefix reports whether s begins with lower, a lower-case ASCII
// word, ignoring ASCII case.
func hasFoldPrefix(s []byte, lower string) bool {
	if len(s) < len(lower) {
		return false
	}
	for i := range len(lower) {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}

// lineCredit runs the credit patterns over one line.
func lineCredit(line []byte) (Credit, bool) {
	// Non-breaking and other Unicode spaces are common in credit lines;
	// the patterns' \s knows only ASCII spaces.
	if needsSpaceMap(line) {
		line = []byte(strings.Map(func(r rune) rune {
			if r != '\n' && unicode.IsSpace(r) {
				return ' '
			}
			return r
		}, string(line)))
	}
	// The patterns' (?i) folds s with ſ (U+017F) and k with K (U+212A, the
	// Kelvin sign), and other ASCII letters with ASCII only: in a line
	// without those two, a match holds its pattern's words in ASCII.
	exact := !bytes.Contains(line, []byte("ſ")) && !bytes.Contains(line, []byte("\u212a"))
	var lower []byte
	if exact {
		lower = make([]byte, len(line))
		for i, c := range line {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			lower[i] = c
		}
	}
	var c Credit
	found := false
	for _, p := range creditPatterns {
		from := 0
		if exact {
			if !hasAll(lower, p.needs) {
				continue
			}
			// No match starts before the first of its start words, and
			// the patterns that have some look neither behind nor at the
			// start of the text.
			if len(p.starts) > 0 {
				from = firstIndex(lower, p.starts)
				if from < 0 {
					continue
				}
			}
		}
		m := p.re.FindSubmatchIndex(line[from:])
		if m == nil {
			continue
		}
		if !found {
			c, found = Credit{Line: sentence(line, from+m[0])}, true
		}
		if m[2] >= 0 {
			c.Name = strings.TrimSpace(string(line[from+m[2] : from+m[3]]))
		}
		if c.Name != "" {
			break // later patterns change nothing
		}
	}
	return c, found
}

// firstIndex returns the offset in s of the first of words, or -1.
func firstIndex(s []byte, words []string) int {
	first := -1
	for _, w := range words {
		end := len(s)
		if first >= 0 {
			end = min(len(s), first+len(w)-1)
		}
		if i := bytes.Index(s[:end], []byte(w)); i >= 0 {
			first = i
		}
	}
	return first
}

// needsSpaceMap reports whether line may hold a space other than ' ' or
// '\n': an ASCII control space, or any non-ASCII byte.
func needsSpaceMap(line []byte) bool {
	for _, c := range line {
		if c >= utf8.RuneSelf || c == '\t' || c == '\v' || c == '\f' || c == '\r' {
			return true
		}
	}
	return false
}

// hasAll reports whether s holds one word of each set.
func hasAll(s []byte, needs [][]string) bool {
	for _, set := range needs {
		if !slices.ContainsFunc(set, func(w string) bool { return bytes.Contains(s, []byte(w)) }) {
			return false
		}
	}
	return true
}

// sentence returns the line around byte offset at, trimmed, cut to 300
// bytes.
func sentence(text []byte, at int) string {
	start, end := at, at
	for start > 0 && text[start-1] != '\n' {
		start--
	}
	for end < len(text) && text[end] != '\n' {
		end++
	}
	s := strings.TrimSpace(string(text[start:end]))
	if len(s) > 300 {
		cut := 300
		for cut > 0 && s[cut]&0xc0 == 0x80 {
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}

// mentions reports which of names, the names of a source, appears in text
// as whole words, or "" if none does. Short all-capital names (RFE/RL, AP)
// must match case; others match in any case.
func mentions(text []byte, names []string) string {
	for _, n := range names {
		if len(n) < 2 {
			continue
		}
		exact := strings.ToUpper(n) == n && len(n) <= 6
		if containsWord(text, n, exact) {
			return n
		}
	}
	return ""
}

// countWord counts the occurrences of name in text as whole words (case
// ignored), stopping at max.
func countWord(text []byte, name string, max int) int {
	n := 0
	for n < max {
		i := indexWord(text, name)
		if i < 0 {
			break
		}
		n++
		text = text[i+1:]
	}
	return n
}

// indexWord returns the offset of the first whole-word occurrence of name
// in text (case ignored), or -1.
func indexWord(text []byte, name string) int {
	return indexName(text, name, false)
}

// containsWord reports whether name occurs in text with no letter or digit
// on either side; unless exact, case is ignored (simple folding).
func containsWord(text []byte, name string, exact bool) bool {
	return indexName(text, name, exact) >= 0
}

// indexName returns the offset of the first occurrence of name in text
// with no letter or digit on either side, or -1; unless exact, case is
// ignored (simple folding). Text is read as runes from its start, a byte
// that is not UTF-8 being one rune.
func indexName(text []byte, name string, exact bool) int {
	// The runes a match starts with: name's first, and unless exact
	// those it folds to. Only bytes that begin one of their encodings
	// need a closer look; such a byte is not a continuation byte, so it
	// begins a rune when text is read rune by rune.
	var buf [4]rune
	firsts := buf[:0]
	first, _ := utf8.DecodeRuneInString(name)
	firsts = append(firsts, first)
	for f := unicode.SimpleFold(first); !exact && f != first; f = unicode.SimpleFold(f) {
		firsts = append(firsts, f)
	}
	match := func(i int) bool {
		end := i + matchLen(text[i:], name, exact)
		return end > i && wordEdge(text, i, end)
	}
	if first == utf8.RuneError {
		// Any byte that is not UTF-8 reads as U+FFFD: read every rune.
		for i := 0; i < len(text); {
			r, sz := utf8.DecodeRune(text[i:])
			if r == first && match(i) {
				return i
			}
			i += sz
		}
		return -1
	}
	var lead [256]bool
	for _, r := range firsts {
		var enc [utf8.UTFMax]byte
		utf8.EncodeRune(enc[:], r)
		lead[enc[0]] = true
	}
	for i, c := range text {
		if !lead[c] {
			continue
		}
		if r, _ := utf8.DecodeRune(text[i:]); slices.Contains(firsts, r) && match(i) {
			return i
		}
	}
	return -1
}

func equalFoldRune(a, b rune) bool {
	for f := unicode.SimpleFold(a); f != a; f = unicode.SimpleFold(f) {
		if f == b {
			return true
		}
	}
	return false
}

// matchLen returns the length in text of a prefix equal to name, or 0.
func matchLen(text []byte, name string, exact bool) int {
	i := 0
	for _, want := range name {
		if i >= len(text) {
			return 0
		}
		r, sz := utf8.DecodeRune(text[i:])
		if r != want && (exact || !equalFoldRune(r, want)) {
			return 0
		}
		i += sz
	}
	return i
}

// wordEdge reports whether text[start:end] has no letter or digit just
// before or after it.
func wordEdge(text []byte, start, end int) bool {
	if start > 0 {
		r, _ := utf8.DecodeLastRune(text[:start])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return false
		}
	}
	if end < len(text) {
		r, _ := utf8.DecodeRune(text[end:])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return false
		}
	}
	return true
}
