package lineage

import (
	"bytes"
	"regexp"
	"slices"
	"strings"
	"unicode"
)

// Credit is an attribution or reprint line found in a document.
type Credit struct {
	// Line is the sentence that carries the credit, trimmed.
	Line string
	// Name is the outlet the line credits, or empty when it names none
	// ("reprinted with permission").
	Name string
}

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
	var lower []byte
	for line := range bytes.Lines(text) {
		lower = append(lower[:0], line...)
		for i, c := range lower {
			if 'A' <= c && c <= 'Z' {
				lower[i] = c + 'a' - 'A'
			}
		}
		if !slices.ContainsFunc(triggers, func(t []byte) bool { return bytes.Contains(lower, t) }) {
			continue
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
		pat := regexp.QuoteMeta(n)
		if strings.ToUpper(n) != n || len(n) > 6 {
			pat = "(?i:" + pat + ")"
		}
		if regexp.MustCompile(`(?:^|[^\pL\pN])` + pat + `(?:[^\pL\pN]|$)`).Match(text) {
			return n
		}
	}
	return ""
}
