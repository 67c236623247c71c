package document

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// headerLines is how many non-empty lines at the top of a text are read as
// a possible header; up to maxHeaderLines are while every line before was
// read as a header line (a title, a byline, a date, a site).
const (
	headerLines    = 3
	maxHeaderLines = 6
)

// maxHeaderLine is the longest line, in bytes, read as a header line; a
// longer one is running text (a title may have 200 characters, some of
// them multi-byte).
const maxHeaderLine = 600

var (
	// "· novinite.com" (the text may follow with no space:
	// "· novinite.comUS President...").
	reDotSite = regexp.MustCompile(`^[·•|]\s*((?:[a-z0-9-]+\.)+[a-z]{2,6})(?:[^a-z0-9.-]|$)`)
	// "By Jane Doe" bylines are not titles.
	reByline = regexp.MustCompile(`^(?i:by)\s+\p{Lu}`)
	// "By Jane Doe", "By JANE DOE | July 3, 2025", "Author: Jane Doe".
	reBylineLine = regexp.MustCompile(`^(?:(?i:by)\s+|(?i:author|byline)\s*:\s*)(\p{Lu}.*)$`)
	// Separators after which a byline goes on with something else.
	reBylineEnd = regexp.MustCompile(`\s+[|·•—–-]\s+`)
)

// months maps English month names and their usual abbreviations to
// numbers.
var months = map[string]int{
	"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3,
	"apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7,
	"aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9, "oct": 10,
	"october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}

// parseHeader fills doc's source, dates, author and title from the first
// lines of text, where they look like a header. It never guesses: a line
// that fits no shape leaves the fields empty.
func parseHeader(doc *Document, text []byte) {
	seen := 0
	header := true // every line so far was read as a header line
	for line := range bytes.Lines(text) {
		b := bytes.TrimSpace(line)
		if len(b) == 0 {
			continue
		}
		if seen++; seen > maxHeaderLines || seen > headerLines && !header {
			return
		}
		read := false
		switch {
		case len(b) > maxHeaderLine: // running text, though a site line may run on into it
			read = isDotSite(b) && parseDotSite(doc, string(b))
		case mayBeHeader(b, seen):
			read = parseHeaderLine(doc, string(b), seen)
		}
		header = header && read
	}
}

// parseHeaderLine reads s, the header line seen (1 for the first), and
// reports whether it was read as one.
func parseHeaderLine(doc *Document, s string, seen int) bool {
	switch {
	case parseByline(doc, s):
	case parseDateLine(doc, s):
	case parseSourceDate(doc, s):
	case parseISODate(doc, s):
	case parseDotSite(doc, s):
	case seen == 1 && looksLikeTitle(s):
		doc.Title = s
	default:
		return false
	}
	return true
}

func parseSourceDate(doc *Document, s string) bool {
	// Cheap checks first: the pattern backtracks on long lines.
	if len(s) > 160 || strings.Count(s, "/") < 2 {
		return false
	}
	m, ok := matchSourceDate(s)
	if !ok || !doc.Published.IsZero() {
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
	doc.SetPublished(t, dayIf(!hasTime))
	if src := strings.TrimSpace(m[1]); src != "" && utf8.RuneCountInString(src) <= 80 {
		doc.Source = src
	}
	return true
}

// parseISODate reads " date 2025-07-04 Title", "Updated:
// 2025-07-04T10:00:00Z" (see [matchISODate]): the date is the update
// date after "updated", else the publication date; a title may follow it.
func parseISODate(doc *Document, s string) bool {
	if !hasISODate(s) {
		return false
	}
	m, ok := matchISODate(s)
	if !ok {
		return false
	}
	_, updated := foldPrefix(s, "updated")
	if updated && !doc.Updated.IsZero() || !updated && !doc.Published.IsZero() {
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
	if updated {
		doc.SetUpdated(t, dayIf(!hasTime))
	} else {
		doc.SetPublished(t, dayIf(!hasTime))
	}
	if rest := strings.TrimSpace(m[8]); rest != "" && doc.Title == "" && looksLikeTitle(rest) {
		doc.Title = rest
	}
	return true
}

// dayIf is PrecisionDay when day is set, else PrecisionTime.
func dayIf(day bool) Precision {
	if day {
		return PrecisionDay
	}
	return PrecisionTime
}

// parseByline reads "By Jane Doe" into the author; what follows a
// separator (" | July 3, 2025", " | Published 3 March 2025 | Updated 4
// March 2025") is read as a date line.
func parseByline(doc *Document, s string) bool {
	if !startsByline(s) {
		return false
	}
	m := reBylineLine.FindStringSubmatch(s)
	if m == nil {
		return false
	}
	name, rest := m[1], ""
	if loc := reBylineEnd.FindStringIndex(name); loc != nil {
		name, rest = name[:loc[0]], strings.TrimSpace(name[loc[1]:])
	}
	name = strings.TrimSpace(name)
	if rest == "" {
		// "By Jane Doe 7/3/2025": the date is read and the name is what
		// comes before it.
		var d Document
		if parseSourceDate(&d, name) {
			name = d.Source
			if doc.Published.IsZero() {
				doc.SetPublished(d.Published, d.PublishedPrecision())
			}
		}
	}
	if n := utf8.RuneCountInString(name); n < 2 || n > 80 || strings.HasSuffix(name, ".") {
		return false
	}
	if doc.Author == "" {
		doc.Author = name
	}
	if rest != "" && !parseDateLine(doc, rest) && !parseSourceDate(doc, rest) {
		parseISODate(doc, rest)
	}
	return true
}

func parseDotSite(doc *Document, s string) bool {
	if !isDotSite(s) {
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
	if n < 8 || n > 200 || startsByline(s) && reByline.MatchString(s) {
		return false
	}
	last := s[len(s)-1]
	return last != '.' && last != ',' && last != ';' && last != ':'
}

// The two date lines read most often are matched by hand rather than by
// regular expression, which costs a few microseconds a line. Each matcher
// gives the groups its pattern (quoted in its comment, with the
// regexp package's syntax) would, for a line without '\n'; the tests hold
// them to the patterns.

// matchSourceDate matches "American Military News 7/3/2025 12:27:12 PM",
// a source, then a US date with an optional time:
//
//	^(.*?)\s*\b(\d{1,2})/(\d{1,2})/(\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?\s*$
//
// The source is shortest, so the date is the first place a date and
// what may follow it run to the end of the line.
func matchSourceDate(s string) (m [9]string, ok bool) {
	for q := 0; q < len(s); q++ {
		if !isDigit(s[q]) || q > 0 && isWordByte(s[q-1]) { // \b\d
			continue
		}
		if m, ok = matchUSDate(s, q); ok {
			p := q
			for p > 0 && isSpace(s[p-1]) {
				p--
			}
			m[0], m[1] = s, s[:p]
			return m, true
		}
	}
	return m, false
}

// matchUSDate matches s from i to its end against the date and time part
// of matchSourceDate's pattern, filling groups 2 to 8.
func matchUSDate(s string, i int) (m [9]string, ok bool) {
	if m[2], i, ok = digits12(s, i, '/'); !ok {
		return m, false
	}
	if m[3], i, ok = digits12(s, i, '/'); !ok {
		return m, false
	}
	if m[4], i, ok = digitsN(s, i, 4); !ok {
		return m, false
	}
	if j := skipSpace(s, i); j == len(s) {
		return m, true // no time
	}
	// ,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?\s*$
	if i < len(s) && s[i] == ',' {
		i++
	}
	j := skipSpace(s, i)
	if j == i {
		return m, false
	}
	i = j
	if m[5], i, ok = digits12(s, i, ':'); !ok {
		return m, false
	}
	if m[6], i, ok = digitsN(s, i, 2); !ok {
		return m, false
	}
	if i < len(s) && s[i] == ':' {
		if m[7], i, ok = digitsN(s, i+1, 2); !ok {
			return m, false
		}
	}
	i = skipSpace(s, i)
	if i+2 <= len(s) && strings.IndexByte("AaPp", s[i]) >= 0 && (s[i+1] == 'M' || s[i+1] == 'm') {
		m[8], i = s[i:i+2], skipSpace(s, i+2)
	}
	return m, i == len(s)
}

// matchISODate matches " date 2025-07-04 Title" or "Published:
// 2025-07-04T10:00:00Z" (fractional seconds are read and dropped):
//
//	^(?i:date|published|posted|updated)?:?\s*(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?\s*(.*)$
//
// As the pattern ends with (.*), every optional part is taken where it
// can be.
func matchISODate(s string) (m [9]string, ok bool) {
	for _, w := range []string{"date", "published", "posted", "updated"} {
		if n, ok := foldPrefix(s, w); ok {
			if m, ok = matchISODateAt(s, n); ok {
				return m, true
			}
			break // no other word starts so
		}
	}
	return matchISODateAt(s, 0)
}

// matchISODateAt matches s from i, after the word, against the rest of
// matchISODate's pattern.
func matchISODateAt(s string, i int) (m [9]string, ok bool) {
	if i < len(s) && s[i] == ':' {
		i++
	}
	i = skipSpace(s, i)
	if m[1], i, ok = digitsN(s, i, 4); !ok || i >= len(s) || s[i] != '-' {
		return m, false
	}
	if m[2], i, ok = digitsN(s, i+1, 2); !ok || i >= len(s) || s[i] != '-' {
		return m, false
	}
	if m[3], i, ok = digitsN(s, i+1, 2); !ok {
		return m, false
	}
	// (?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?
	if i+6 <= len(s) && (s[i] == 'T' || s[i] == ' ') && isDigits(s[i+1:i+3]) && s[i+3] == ':' && isDigits(s[i+4:i+6]) {
		m[4], m[5], i = s[i+1:i+3], s[i+4:i+6], i+6
		if i+3 <= len(s) && s[i] == ':' && isDigits(s[i+1:i+3]) {
			m[6], i = s[i+1:i+3], i+3
			if i+2 <= len(s) && (s[i] == '.' || s[i] == ',') && isDigit(s[i+1]) {
				for i++; i < len(s) && isDigit(s[i]); i++ {
				}
			}
		}
		switch {
		case i < len(s) && s[i] == 'Z':
			m[7], i = s[i:i+1], i+1
		case i+5 <= len(s) && (s[i] == '+' || s[i] == '-') && isDigits(s[i+1:i+3]):
			if i+6 <= len(s) && s[i+3] == ':' && isDigits(s[i+4:i+6]) {
				m[7], i = s[i:i+6], i+6
			} else if isDigits(s[i+3 : i+5]) {
				m[7], i = s[i:i+5], i+5
			}
		}
	}
	m[0], m[8] = s, s[skipSpace(s, i):]
	return m, true
}

// digits12 matches (\d{1,2}) then the byte end at s[i:], giving the
// digits and the index after end.
func digits12(s string, i int, end byte) (string, int, bool) {
	switch {
	case i+2 < len(s) && isDigit(s[i]) && isDigit(s[i+1]) && s[i+2] == end:
		return s[i : i+2], i + 3, true
	case i+1 < len(s) && isDigit(s[i]) && s[i+1] == end:
		return s[i : i+1], i + 2, true
	}
	return "", i, false
}

// digitsN matches (\d{n}) at s[i:], giving the digits and the index after
// them.
func digitsN(s string, i, n int) (string, int, bool) {
	if i+n > len(s) || !isDigits(s[i:i+n]) {
		return "", i, false
	}
	return s[i : i+n], i + n, true
}

// foldPrefix reports whether s starts with word, a lower-case ASCII word,
// under (?i)'s case folding (so "ſ" is an "s"), and its length in s.
func foldPrefix(s, word string) (int, bool) {
	i := 0
	for _, w := range word {
		if i >= len(s) {
			return 0, false
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r != w && !foldsTo(r, w) {
			return 0, false
		}
		i += size
	}
	return i, true
}

// foldsTo reports whether r is in w's case-folding orbit.
func foldsTo(r, w rune) bool {
	for f := unicode.SimpleFold(w); f != w; f = unicode.SimpleFold(f) {
		if f == r {
			return true
		}
	}
	return false
}

// skipSpace skips \s, ASCII white space, from s[i].
func skipSpace(s string, i int) int {
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	return i
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' }

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// isWordByte reports whether c is \w: an ASCII letter, digit or '_'.
func isWordByte(c byte) bool {
	return isDigit(c) || 'a' <= c|0x20 && c|0x20 <= 'z' || c == '_'
}

// The cheap checks below rule lines out before they are copied and
// matched: each holds for every line its parser reads. They take a line as
// a string or as bytes.
type byteString interface{ ~string | ~[]byte }

// mayBeHeader reports whether any parser of parseHeader may read b, the
// line seen (1 for the first); a line for which it is false is passed
// over without a copy. (Every date has a year of four digits: a date
// line, a source and US date line and an ISO date pass has4Digits.)
func mayBeHeader(b []byte, seen int) bool {
	return seen == 1 && len(b) >= 8 && utf8.RuneCount(b) <= 200 || // a title
		startsByline(b) || has4Digits(b) || isDotSite(b)
}

// startsByline reports whether s may be a byline, reBylineLine's "By
// Jane Doe", "Author: Jane Doe", "Byline: ...", or reByline's "By Jane".
// (Under (?i) none of these letters folds to a non-ASCII one.)
func startsByline[S byteString](s S) bool {
	return len(s) >= 2 && s[0]|0x20 == 'b' && s[1]|0x20 == 'y' ||
		len(s) >= 6 && s[0]|0x20 == 'a' && s[1]|0x20 == 'u' && s[2]|0x20 == 't' &&
			s[3]|0x20 == 'h' && s[4]|0x20 == 'o' && s[5]|0x20 == 'r'
}

// hasISODate reports whether s may open with matchISODate's date: only
// letters, a colon and spaces may come before the year, so the first '-'
// ends it, "2025-07-", and is not far in.
func hasISODate[S byteString](s S) bool {
	for i := 0; i < len(s) && i <= 16; i++ {
		if s[i] == '-' {
			return i >= 4 && i+3 < len(s) && isDigits(s[i-4:i]) && isDigits(s[i+1:i+3]) && s[i+3] == '-'
		}
	}
	return false
}

// isDigits reports whether s is all ASCII digits.
func isDigits[S byteString](s S) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// isDotSite reports whether s opens as reDotSite's "· site.com" does.
func isDotSite[S byteString](s S) bool {
	return len(s) >= 2 && s[0] == 0xc2 && s[1] == 0xb7 || // ·
		len(s) >= 3 && s[0] == 0xe2 && s[1] == 0x80 && s[2] == 0xa2 || // •
		len(s) >= 1 && s[0] == '|'
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

// atoi reads the digits a pattern captured; an optional group that did
// not match ("") is 0, without the error value strconv would make.
func atoi(s string) int {
	if s == "" {
		return 0
	}
	n, _ := strconv.Atoi(s)
	return n
}
