package lineage

import (
	"bytes"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file keeps the first implementation of FindCredits, unchanged but
// for its names, as the reference the faster one must agree with. Its
// patterns are copies, so a change to those of credit.go shows up as a
// difference instead of changing both sides.

var refDateline = regexp.MustCompile(`^\s*(?:[·•|]\s*(?:[a-z0-9-]+\.)+[a-z]{2,6})?((?:The\s+)?\p{Lu}[\pL\pN&.'’-]*(?:\s+(?:of\s+|the\s+|&\s+)?\p{Lu}[\pL\pN&.'’-]*){0,5})\s+[—–]\s+\S`)

const refDatelineLines = 6

const refName = `([\p{Lu}0-9][^.;:\n()]{1,80}?)(?:\s+(?:and|with|under|on|as)\b|[.;:\n()]|,\s|\s*$)`

var refCreditPatterns = []*regexp.Regexp{
	regexp.MustCompile(`(?i:originally\s+(?:published|appeared|ran|posted)\s+(?:by|in|on|at))\s+(?:the\s+)?` + refName),
	regexp.MustCompile(`(?i:(?:first|previously)\s+(?:published|appeared)\s+(?:by|in|on|at))\s+(?:the\s+)?` + refName),
	regexp.MustCompile(`(?i:(?:re)?(?:published|printed|posted)\s+(?:here\s+)?with\s+(?:the\s+)?(?:kind\s+)?permission\s+(?:of|from))\s+(?:the\s+)?` + refName),
	regexp.MustCompile(`(?i:republished\s+from)\s+(?:the\s+)?` + refName),
	regexp.MustCompile(`(?i:courtesy\s+of)\s+(?:the\s+)?` + refName),
	regexp.MustCompile(`(?m)^\s*(?i:source|via|credit)\s*:\s*` + refName),
	regexp.MustCompile(`(?m)^[^\n]{0,60}\((Reuters|AP|AFP|Bloomberg|dpa|UPI|Xinhua|TASS|RIA Novosti|Interfax)\)\s*[-–—]`),
	regexp.MustCompile(`(?i:(?:re)?(?:printed|published|posted)\s+(?:here\s+)?with\s+(?:the\s+)?(?:kind\s+)?permission)()`),
	regexp.MustCompile(`(?i:this\s+(?:article|story|post)\s+(?:was\s+)?(?:originally|first)\s+(?:published|appeared))()`),
}

var refTriggers = func() [][]byte {
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

// findCreditsRef is the reference FindCredits.
func findCreditsRef(text []byte) []Credit {
	var out []Credit
	nonEmpty := 0
	for line := range bytes.Lines(text) {
		if len(bytes.TrimSpace(line)) > 0 {
			nonEmpty++
		}
		if nonEmpty > refDatelineLines {
			break
		}
		if bytes.ContainsAny(line, "—–") {
			if m := refDateline.FindSubmatch(line); m != nil {
				out = append(out, Credit{Line: sentenceRef(line, 0), Name: string(m[1]), Dateline: true})
				continue
			}
		}
		if name, ok := parenDatelineRef(line); ok {
			out = append(out, Credit{Line: sentenceRef(line, 0), Name: name, Dateline: true})
		}
	}
	lower := make([]byte, len(text))
	for i, c := range text {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		lower[i] = c
	}
	var starts []int
	for _, t := range refTriggers {
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
			continue
		}
		out = append(out, lineCreditsRef(line)...)
	}
	return out
}

func lineCreditsRef(line []byte) []Credit {
	line = []byte(strings.Map(func(r rune) rune {
		if r != '\n' && unicode.IsSpace(r) {
			return ' '
		}
		return r
	}, string(line)))
	var c *Credit
	for _, re := range refCreditPatterns {
		m := re.FindSubmatchIndex(line)
		if m == nil {
			continue
		}
		if c == nil {
			c = &Credit{Line: sentenceRef(line, m[0])}
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

func sentenceRef(text []byte, at int) string {
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

// The first implementations of countWord and containsWord, as references.

func countWordRef(text []byte, name string, max int) int {
	n := 0
	for n < max {
		i := indexWordRef(text, name)
		if i < 0 {
			break
		}
		n++
		text = text[i+1:]
	}
	return n
}

func indexWordRef(text []byte, name string) int {
	first, _ := utf8.DecodeRuneInString(name)
	for i := 0; i < len(text); {
		r, sz := utf8.DecodeRune(text[i:])
		if r == first || equalFoldRuneRef(r, first) {
			if end := i + matchLenRef(text[i:], name, false); end > i && wordEdgeRef(text, i, end) {
				return i
			}
		}
		i += sz
	}
	return -1
}

func containsWordRef(text []byte, name string, exact bool) bool {
	first, _ := utf8.DecodeRuneInString(name)
	for i := 0; i < len(text); {
		r, sz := utf8.DecodeRune(text[i:])
		if r == first || !exact && equalFoldRuneRef(r, first) {
			end := i + matchLenRef(text[i:], name, exact)
			if end > i && wordEdgeRef(text, i, end) {
				return true
			}
		}
		i += sz
	}
	return false
}

func equalFoldRuneRef(a, b rune) bool {
	for f := unicode.SimpleFold(a); f != a; f = unicode.SimpleFold(f) {
		if f == b {
			return true
		}
	}
	return false
}

func matchLenRef(text []byte, name string, exact bool) int {
	i := 0
	for _, want := range name {
		if i >= len(text) {
			return 0
		}
		r, sz := utf8.DecodeRune(text[i:])
		if r != want && (exact || !equalFoldRuneRef(r, want)) {
			return 0
		}
		i += sz
	}
	return i
}

func wordEdgeRef(text []byte, start, end int) bool {
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

// foldRef is the first implementation of fold.
func foldRef(s string) string {
	s = strings.TrimSpace(s)
	if m := reHost.FindStringSubmatch(s); m != nil {
		s = m[1]
	}
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// parenDatelineRef reads a bracketed dateline by hand: the place up to the
// first bracket, the name up to the closing one. Spaces are those of
// regexp's \s (not \v).
func parenDatelineRef(line []byte) (string, bool) {
	s := strings.TrimLeft(string(line), " \t\r\f")
	open := strings.IndexByte(s, '(')
	if open < 0 || strings.ContainsAny(s[:open], ")\n") {
		return "", false
	}
	place := strings.TrimRight(s[:open], " \t\r\f")
	first, _ := utf8.DecodeRuneInString(place)
	if place == "" || len(place) > 80 || !unicode.IsLetter(first) || unicode.IsLower(first) {
		return "", false
	}
	if len(strings.Fields(place)) > 8 || strings.Contains(place, ". ") {
		return "", false
	}
	rest := s[open+1:]
	end := strings.IndexAny(rest, "()\n")
	if end < 1 || end > 40 || rest[end] != ')' {
		return "", false
	}
	name := strings.TrimSpace(rest[:end])
	if len(strings.Fields(name)) > 4 || !strings.ContainsFunc(name, unicode.IsLetter) {
		return "", false
	}
	after := strings.TrimLeft(rest[end+1:], " \t\r\f")
	for _, d := range []string{"-", "–", "—", ":"} {
		if strings.HasPrefix(after, d) {
			after = strings.TrimLeft(after[len(d):], " \t\r\f")
			break
		}
	}
	if after == "" || after[0] == '\n' || strings.IndexAny(after[:1], "-:") == 0 ||
		strings.HasPrefix(after, "–") || strings.HasPrefix(after, "—") {
		return "", false
	}
	if c := lineCreditsRef(line); len(c) > 0 {
		return "", false
	}
	return name, true
}
