package document

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// headerLines is how many non-empty lines at the top of a text are read as
// a possible header.
const headerLines = 3

var (
	// "American Military News 7/3/2025 12:27:12 PM": source, then a US
	// date with an optional time.
	reSourceDate = regexp.MustCompile(`^(.*?)\s*\b(\d{1,2})/(\d{1,2})/(\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?\s*$`)
	// " date 2025-07-04 Title" or "Published: 2025-07-04T10:00:00Z"
	// (fractional seconds are read and dropped).
	reISODate = regexp.MustCompile(`^(?i:date|published|posted|updated)?:?\s*(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?\s*(.*)$`)
	// "· novinite.com" (the text may follow with no space:
	// "· novinite.comUS President...").
	reDotSite = regexp.MustCompile(`^[·•|]\s*((?:[a-z0-9-]+\.)+[a-z]{2,6})(?:[^a-z0-9.-]|$)`)
	// "By Jane Doe" bylines are not titles.
	reByline = regexp.MustCompile(`^(?i:by)\s+\p{Lu}`)
)

// parseHeader fills doc's source, date and title from the first lines of
// text, where they look like a header. It never guesses: a line that fits
// no shape leaves the fields empty.
func parseHeader(doc *Document, text []byte) {
	seen := 0
	for line := range bytes.Lines(text) {
		s := strings.TrimSpace(string(line))
		if s == "" {
			continue
		}
		if seen++; seen > headerLines {
			return
		}
		switch {
		case parseSourceDate(doc, s):
		case parseISODate(doc, s):
		case parseDotSite(doc, s):
		case seen == 1 && looksLikeTitle(s):
			doc.Title = s
		}
	}
}

func parseSourceDate(doc *Document, s string) bool {
	// Cheap checks first: the pattern backtracks on long lines.
	if len(s) > 160 || strings.Count(s, "/") < 2 {
		return false
	}
	m := reSourceDate.FindStringSubmatch(s)
	if m == nil || !doc.Published.IsZero() {
		return false
	}
	month, day, year := atoi(m[2]), atoi(m[3]), atoi(m[4])
	if month > 12 && day <= 12 { // day first
		month, day = day, month
	}
	hour, minute, sec := 0, 0, 0
	hasTime := m[5] != ""
	if hasTime {
		hour, minute, sec = atoi(m[5]), atoi(m[6]), atoi(m[7])
		switch strings.ToLower(m[8]) {
		case "pm":
			if hour < 12 {
				hour += 12
			}
		case "am":
			if hour == 12 {
				hour = 0
			}
		}
	}
	t, ok := makeTime(year, month, day, hour, minute, sec, time.UTC)
	if !ok {
		return false
	}
	doc.Published, doc.PublishedDay = t, !hasTime
	if src := strings.TrimSpace(m[1]); src != "" && utf8.RuneCountInString(src) <= 80 {
		doc.Source = src
	}
	return true
}

func parseISODate(doc *Document, s string) bool {
	if i := strings.IndexByte(s, '-'); i < 4 || i > 16 {
		return false
	}
	m := reISODate.FindStringSubmatch(s)
	if m == nil || !doc.Published.IsZero() {
		return false
	}
	hasTime := m[4] != ""
	loc := time.UTC
	if z := m[7]; z != "" && z != "Z" {
		z = strings.ReplaceAll(z, ":", "")
		off := atoi(z[1:3])*3600 + atoi(z[3:5])*60
		if z[0] == '-' {
			off = -off
		}
		loc = time.FixedZone("", off)
	}
	t, ok := makeTime(atoi(m[1]), atoi(m[2]), atoi(m[3]), atoi(m[4]), atoi(m[5]), atoi(m[6]), loc)
	if !ok {
		return false
	}
	doc.Published, doc.PublishedDay = t.UTC(), !hasTime
	if rest := strings.TrimSpace(m[8]); rest != "" && doc.Title == "" && looksLikeTitle(rest) {
		doc.Title = rest
	}
	return true
}

func parseDotSite(doc *Document, s string) bool {
	if !strings.HasPrefix(s, "·") && !strings.HasPrefix(s, "•") && !strings.HasPrefix(s, "|") {
		return false
	}
	m := reDotSite.FindStringSubmatch(s)
	if m == nil {
		return false
	}
	if doc.Source == "" {
		doc.Source = m[1]
	}
	return true
}

// looksLikeTitle: a short line that is not a sentence of running text.
func looksLikeTitle(s string) bool {
	n := utf8.RuneCountInString(s)
	if n < 8 || n > 200 || reByline.MatchString(s) {
		return false
	}
	last := s[len(s)-1]
	return last != '.' && last != ',' && last != ';' && last != ':'
}

// makeTime builds a time and checks that every field was in range (Go's
// time.Date normalises 31 June to 1 July; a header that says so is wrong),
// and that the year is still in range in UTC.
func makeTime(y, mo, d, h, mi, s int, loc *time.Location) (time.Time, bool) {
	if y < 1900 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(mo), d, h, mi, s, 0, loc)
	if uy := t.UTC().Year(); t.Day() != d || uy < 1900 || uy > 2200 {
		return time.Time{}, false
	}
	return t, true
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
