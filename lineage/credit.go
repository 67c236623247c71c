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
}

// reDateline is a name of one to six capitalised words, then a dash, at
// the start of a line or after a "· site.com" header run into the text.
var reDateline = regexp.MustCompile(`^\s*(?:[·•|]\s*(?:[a-z0-9-]+\.)+[a-z]{2,6})?((?:The\s+)?\p{Lu}[\pL\pN&.'’-]*(?:\s+(?:of\s+|the\s+|&\s+)?\p{Lu}[\pL\pN&.'’-]*){0,5})\s+[—–]\s+\S`)

// datelineLines is how many non-empty lines at the top of a text may
// carry a dateline.
const datelineLines = 6

// Names are matched up to the end of the clause: "and is reprinted...",
// "with permission", a full stop or a line end.
const name = `([\p{Lu}0-9][^.;:\n()]{1,80}?)(?:\s+(?:and|with|under|on|as)\b|[.;:\n()]|,\s|\s*$)`

var creditPatterns = []*regexp.Regexp{
	regexp.MustCompile(`(?i:originally\s+(?:published|appeared|ran|posted)\s+(?:by|in|on|at))\s+(?:the\s+)?` + name),
	regexp.MustCompile(`(?i:(?:first|previously)\s+(?:published|appeared)\s+(?:by|in|on|at))\s+(?:the\s+)?` + name),
	regexp.MustCompile(`(?i:(?:re)?(?:published|printed|posted)\s+(?:here\s+)?with\s+(?:the\s+)?(?:kind\s+)?permission\s+(?:of|from))\s+(?:the\s+)?` + name),
	regexp.MustCompile(`(?i:republished\s+from)\s+(?:the\s+)?` + name),
	regexp.MustCompile(`(?i:courtesy\s+of)\s+(?:the\s+)?` + name),
	regexp.MustCompile(`(?m)^\s*(?i:source|via|credit)\s*:\s*` + name),
	regexp.MustCompile(`(?m)^[^\n]{0,60}\((Reuters|AP|AFP|Bloomberg|dpa|UPI|Xinhua|TASS|RIA Novosti|Interfax)\)\s*[-–—]`),
	// Credits that name nobody.
	regexp.MustCompile(`(?i:(?:re)?(?:printed|published|posted)\s+(?:here\s+)?with\s+(?:the\s+)?(?:kind\s+)?permission)()`),
	regexp.MustCompile(`(?i:this\s+(?:article|story|post)\s+(?:was\s+)?(?:originally|first)\s+(?:published|appeared))()`),
}

// triggers are words one of which every credit pattern needs; lines
// without any are not searched. The check is on ASCII-lower-cased bytes.
var triggers = func() [][]byte {
	var out [][]byte
	for _, t := range []string{
		"originally", "first published", "first appeared", "previously", "permission",
		"republished", "courtesy of", "source:", "source :", "via:", "credit:",
		"(reuters)", "(ap)", "(afp)", "(bloomberg)", "(dpa)", "(upi)", "(xinhua)", "(tass)", "(ria novosti)", "(interfax)",
	} {
		out = append(out, []byte(t))
	}
	return out
}()

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
		if bytes.ContainsAny(line, "—–") {
			if m := reDateline.FindSubmatch(line); m != nil {
				out = append(out, Credit{Line: sentence(line, 0), Name: string(m[1]), Dateline: true})
			}
		}
	}
	// Search the whole text for trigger words once, then run the patterns
	// on the lines that hold one.
	lower := make([]byte, len(text)) // ASCII lower-cased: offsets stay
	for i, c := range text {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		lower[i] = c
	}
	var starts []int
	for _, t := range triggers {
		for off := 0; ; {
			i := bytes.Index(lower[off:], t)
			if i < 0 {
				break
			}
			at := off + i
			start := bytes.LastIndexByte(text[:at], '\n') + 1
			starts = append(starts, start)
			end := bytes.IndexByte(lower[at:], '\n')
			if end < 0 {
				break
			}
			off = at + end
		}
	}
	slices.Sort(starts)
	starts = slices.Compact(starts)
	for _, st := range starts {
		line := text[st:]
		if i := bytes.IndexByte(line, '\n'); i >= 0 {
			line = line[:i+1]
		}
		if slices.ContainsFunc(out, func(c Credit) bool { return c.Dateline && strings.HasPrefix(strings.TrimSpace(string(line)), c.Line) }) {
			continue // the line's dateline is its credit
		}
		out = append(out, lineCredits(line)...)
	}
	return out
}

// lineCredits runs the credit patterns over one line.
func lineCredits(line []byte) []Credit {
	// Non-breaking and other Unicode spaces are common in credit lines;
	// the patterns' \s knows only ASCII spaces.
	line = []byte(strings.Map(func(r rune) rune {
		if r != '\n' && unicode.IsSpace(r) {
			return ' '
		}
		return r
	}, string(line)))
	var c *Credit
	for _, re := range creditPatterns {
		m := re.FindSubmatchIndex(line)
		if m == nil {
			continue
		}
		if c == nil {
			c = &Credit{Line: sentence(line, m[0])}
		}
		if c.Name == "" && m[2] >= 0 {
			c.Name = strings.TrimSpace(string(line[m[2]:m[3]]))
		}
	}
	if c == nil {
		return nil
	}
	return []Credit{*c}
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

// mentions reports which of the names of source appears in text as whole
// words, or "" if none does. Short all-capital names (RFE/RL, AP) must
// match case; others match in any case.
func mentions(text []byte, source string) string {
	for _, n := range namesOf(source) {
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
	first, _ := utf8.DecodeRuneInString(name)
	for i := 0; i < len(text); {
		r, sz := utf8.DecodeRune(text[i:])
		if r == first || equalFoldRune(r, first) {
			if end := i + matchLen(text[i:], name, false); end > i && wordEdge(text, i, end) {
				return i
			}
		}
		i += sz
	}
	return -1
}

// containsWord reports whether name occurs in text with no letter or digit
// on either side; unless exact, case is ignored (simple folding).
func containsWord(text []byte, name string, exact bool) bool {
	first, _ := utf8.DecodeRuneInString(name)
	for i := 0; i < len(text); {
		r, sz := utf8.DecodeRune(text[i:])
		if r == first || !exact && equalFoldRune(r, first) {
			end := i + matchLen(text[i:], name, exact)
			if end > i && wordEdge(text, i, end) {
				return true
			}
		}
		i += sz
	}
	return false
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
