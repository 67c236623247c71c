package document

import (
	"strings"
	"time"
)

// Date lines: a header line that is only dates, each with or without a
// label, in the usual written and numeric shapes:
//
//	Updated: March 3, 2025 10:42 AM
//	Last updated: 2025-03-03
//	Published 3 March 2025, 09:00 · Updated 4 March 2025, 14:10
//	Posted Mon, 03 Mar 2025 10:42:00 +0000
//	Updated 10:42 AM EST, Mon March 3, 2025
//	March 2025
//
// A line is read only when the whole of it is dates and their labels
// (and separators between them); a date in running text ("in March 2025
// the council...", "Updated figures for March 2025") is not read. The
// parser is hand-written: each part is tried at an index and gives the
// index after it, or fails.

// dateKind is what a date line's label says a date is.
type dateKind uint8

const (
	kindPublished dateKind = iota // "Published", "Posted", "Date", or no label
	kindUpdated                   // "Updated", "Last modified", "Revised"...
)

// dateLabels are the labels of date lines, lower case, words separated
// by one space; longer ones first where one starts another.
var dateLabels = []struct {
	words string
	kind  dateKind
}{
	{"originally published", kindPublished}, {"first published", kindPublished},
	{"originally posted", kindPublished}, {"first posted", kindPublished},
	{"date published", kindPublished}, {"published date", kindPublished}, {"publication date", kindPublished},
	{"publish date", kindPublished}, {"pub date", kindPublished}, {"published", kindPublished},
	{"posted", kindPublished}, {"dated", kindPublished}, {"date modified", kindUpdated}, {"date", kindPublished},
	{"last updated", kindUpdated}, {"last modified", kindUpdated}, {"last revised", kindUpdated},
	{"last edited", kindUpdated}, {"updated", kindUpdated}, {"modified", kindUpdated},
	{"revised", kindUpdated}, {"edited", kindUpdated},
}

// weekdays are the names and abbreviations of the days of the week.
var weekdays = map[string]bool{
	"mon": true, "monday": true, "tue": true, "tues": true, "tuesday": true, "wed": true, "wednesday": true,
	"thu": true, "thur": true, "thurs": true, "thursday": true, "fri": true, "friday": true,
	"sat": true, "saturday": true, "sun": true, "sunday": true,
}

// lineDate is a date read from a header line or a metadata field.
type lineDate struct {
	t    time.Time // UTC
	prec Precision
}

// dateLine reads s as a date line: one or more dates, each but the first
// after a label, the first after a label or none, with separators
// (white space, "·", "|", ",", dashes, brackets) between them. It gives
// the first publication date and the first update date, either of which
// may be unknown (zero), and whether s is a date line at all. A date
// that is written well but not a real one (30 February, 25:00) makes s
// no date line.
func dateLine(s string) (pub, upd lineDate, ok bool) {
	i := skipSpace(s, 0)
	for n := 0; ; n++ {
		kind, j, labelled := dateLabel(s, i)
		if !labelled {
			if n > 0 {
				return lineDate{}, lineDate{}, false // a second date needs its label
			}
			kind, j = kindPublished, i
		}
		d, end, ok := dateExpr(s, j)
		if !ok {
			return lineDate{}, lineDate{}, false
		}
		switch {
		case kind == kindPublished && pub.t.IsZero():
			pub = d
		case kind == kindUpdated && upd.t.IsZero():
			upd = d
		}
		i = skipSeparators(s, end)
		if i == len(s) {
			return pub, upd, true
		}
		if i == end {
			return lineDate{}, lineDate{}, false // the date runs on into something else
		}
	}
}

// skipSeparators skips what may stand between the dates of a line.
func skipSeparators(s string, i int) int {
	for i < len(s) {
		switch {
		case strings.IndexByte(" \t\f\r\n,;|-()[]/", s[i]) >= 0:
			i++
		default:
			n := wideSeparator(s[i:])
			if n == 0 {
				return i
			}
			i += n
		}
	}
	return i
}

// wideSeparator gives the length of the separator s opens with that is
// not ASCII, a middle dot, a bullet or a dash, or 0.
func wideSeparator(s string) int {
	for _, sep := range []string{"·", "•", "—", "–"} {
		if strings.HasPrefix(s, sep) {
			return len(sep)
		}
	}
	return 0
}

// dateLabel reads a label at s[i:]: its words (in any case, with any
// white space between them), an optional "on" or "at", an optional colon
// or dash, and an optional "on" or "at" after it ("Updated on: ...",
// "Published on 3 March", "Posted at 10:42 AM, March 3, 2025"). A label
// is followed by a colon or white space, and then something else. It
// gives the index of what follows.
func dateLabel(s string, i int) (dateKind, int, bool) {
	if i >= len(s) || !isLetter(s[i]) {
		return 0, i, false
	}
	for _, l := range dateLabels {
		j, ok := matchWords(s, i, l.words)
		if !ok {
			continue
		}
		k := skipSpace(s, j)
		if k > j {
			k = skipOnAt(s, k)
		}
		switch dash := wideSeparator(s[k:]); {
		case k < len(s) && (s[k] == ':' || s[k] == '-'):
			k = skipOnAt(s, skipSpace(s, k+1))
		case dash > 0 && s[k] != 0xc2: // a dash, not a middle dot
			k = skipOnAt(s, skipSpace(s, k+dash))
		case k == j: // "Updated2025", "Dated."
			return 0, i, false
		}
		if k == len(s) {
			return 0, i, false
		}
		return l.kind, k, true
	}
	return 0, i, false
}

// skipOnAt skips "on" or "at" and the white space after it, at s[i:]
// ("on:" keeps its colon).
func skipOnAt(s string, i int) int {
	for _, w := range []string{"on", "at"} {
		if m, ok := matchWords(s, i, w); ok && m < len(s) && (isSpace(s[m]) || s[m] == ':') {
			return skipSpace(s, m)
		}
	}
	return i
}

// matchWords reports whether s at i holds words (lower case, one space
// between words) in any case, with any white space between them and no
// letter after them, and gives the index after them.
func matchWords(s string, i int, words string) (int, bool) {
	for n, w := range strings.Split(words, " ") {
		if n > 0 {
			j := skipSpace(s, i)
			if j == i {
				return 0, false
			}
			i = j
		}
		if len(s)-i < len(w) || !strings.EqualFold(s[i:i+len(w)], w) {
			return 0, false
		}
		i += len(w)
	}
	if i < len(s) && isLetter(s[i]) {
		return 0, false
	}
	return i, true
}

// dateExpr reads one date at s[i:]:
//
//	[TIME [ZONE] [,] [on]] [WEEKDAY[.][,]] DATE [[,] [at|-|@|||·] TIME [ZONE]]
//
// where DATE is 2025-03-03 (or 2025/03/03, with a time after a T or a
// space and a zone: ISO 8601), 3/3/2025 (month first, as in the US,
// unless the first number is over 12), 3.3.2025 (day first), 3 March
// 2025, 3rd March, 2025, 03-Mar-2025, March 3, 2025, Mar. 3rd 2025, or
// March 2025 (a month, with no time); TIME is 10:42, 10:42:05.123,
// 10:42 AM, 10 a.m., and after a date also 10.42; ZONE is Z, UTC, GMT,
// UTC+2, +01:00, -0500 or an abbreviation of [zoneOffsets]. A time in
// another zone (10:42 AM IST, 9:00 ET) leaves only the day known. A time
// without a zone is read as UTC. It gives the index after the date.
func dateExpr(s string, i int) (lineDate, int, bool) {
	var c clock
	lead := false
	if i < len(s) && isDigit(s[i]) {
		// "10:42 AM EST, Mon March 3, 2025": a time first.
		if lc, j, ok := clockAt(s, i, false); ok {
			if j < len(s) && s[j] == ',' {
				j++
			}
			if k := skipSpace(s, j); k > j {
				c, i, lead = lc, skipOnAt(s, k), true // "10:42 AM on March 3, 2025"
			}
		}
	}
	// An optional weekday: "Mon,", "Thursday", "Tues.".
	if i < len(s) && isLetter(s[i]) {
		w := wordEnd(s, i)
		if weekdays[strings.ToLower(s[i:w])] {
			j := w
			if j < len(s) && s[j] == '.' {
				j++
			}
			comma := j < len(s) && s[j] == ','
			if comma {
				j++
			}
			if k := skipSpace(s, j); k > j || comma {
				i = k
			}
		}
	}
	cd, end, ok := calendarDate(s, i)
	if !ok {
		return lineDate{}, i, false
	}
	if cd.iso && !lead && end < len(s) && (s[end] == 'T' || s[end] == ' ') && end+3 < len(s) && isDigit(s[end+1]) && isDigit(s[end+2]) && s[end+3] == ':' {
		// ISO 8601: "2025-03-03T10:42:00+01:00", "2025-03-03 10:42 UTC".
		if tc, j, ok := clockAt(s, end+1, false); ok {
			c, end = tc, j
		}
	} else if !lead && cd.prec == PrecisionDay {
		// A time after the date: ", 09:00", " at 9:30 p.m. UTC", " - 10.42 GMT".
		if tc, j, ok := trailingClock(s, end); ok {
			c, end = tc, j
		}
	}
	if lead && cd.prec != PrecisionDay {
		return lineDate{}, i, false // a time in a month
	}
	if !c.set || c.badZone {
		// The day (or the month) as written.
		t, ok := makeTime(cd.y, cd.m, max(cd.d, 1), 0, 0, 0, time.UTC)
		if !ok {
			return lineDate{}, i, false
		}
		return lineDate{t, cd.prec}, end, true
	}
	t, ok := makeTime(cd.y, cd.m, cd.d, c.h, c.min, c.sec, time.FixedZone("", c.off))
	if !ok {
		return lineDate{}, i, false
	}
	return lineDate{t.UTC(), PrecisionTime}, end, true
}

// trailingClock reads a time after a date at s[i:]: a comma or white
// space, an optional "at", "@", "-", "|", "·" or dash, then the time.
func trailingClock(s string, i int) (clock, int, bool) {
	j := i
	if j < len(s) && s[j] == ',' {
		j++
	}
	k := skipSpace(s, j)
	if k == i {
		return clock{}, i, false
	}
	if m, ok := matchWords(s, k, "at"); ok {
		k = skipSpace(s, m)
	} else if k < len(s) && (s[k] == '@' || s[k] == '-' || s[k] == '|') {
		k = skipSpace(s, k+1)
	} else if n := wideSeparator(s[k:]); n > 0 {
		k = skipSpace(s, k+n)
	}
	return clockAt(s, k, true)
}

// calDate is a calendar date as written.
type calDate struct {
	y, m, d int
	prec    Precision // PrecisionDay or PrecisionMonth (d is 0)
	iso     bool      // written YYYY-MM-DD
}

// calendarDate reads the date proper at s[i:] (see [dateExpr]).
func calendarDate(s string, i int) (calDate, int, bool) {
	if i >= len(s) {
		return calDate{}, i, false
	}
	if isLetter(s[i]) {
		// "March 3, 2025", "Mar. 3rd 2025", "March 2025", "March, 2025".
		m, j, ok := monthAt(s, i)
		if !ok {
			return calDate{}, i, false
		}
		comma := j < len(s) && s[j] == ','
		if comma {
			j++
		}
		k := skipSpace(s, j)
		if k == j && !comma {
			return calDate{}, i, false
		}
		n, e := digitRun(s, k)
		switch {
		case e-k == 4 && !followsWord(s, e): // a month
			return calDate{y: atoi(n), m: m, prec: PrecisionMonth}, e, true
		case e-k >= 1 && e-k <= 2 && !comma:
			e = skipOrdinal(s, e)
			if e < len(s) && s[e] == ',' {
				e++
			}
			f := skipSpace(s, e)
			if f == e && s[e-1] != ',' {
				return calDate{}, i, false
			}
			y, g := digitRun(s, f)
			if g-f != 4 || followsWord(s, g) {
				return calDate{}, i, false
			}
			return calDate{y: atoi(y), m: m, d: atoi(n), prec: PrecisionDay}, g, true
		}
		return calDate{}, i, false
	}
	n1, j := digitRun(s, i)
	switch {
	case j-i == 4 && j < len(s) && (s[j] == '-' || s[j] == '/'):
		// "2025-03-03", "2025/3/3".
		sep := s[j]
		m, k := digitRun(s, j+1)
		if k-j-1 < 1 || k-j-1 > 2 || k >= len(s) || s[k] != sep {
			return calDate{}, i, false
		}
		d, e := digitRun(s, k+1)
		if e-k-1 < 1 || e-k-1 > 2 || e < len(s) && (isDigit(s[e]) || s[e] == sep) {
			return calDate{}, i, false
		}
		if e < len(s) && isLetter(s[e]) && s[e] != 'T' {
			return calDate{}, i, false
		}
		return calDate{y: atoi(n1), m: atoi(m), d: atoi(d), prec: PrecisionDay, iso: sep == '-'}, e, true
	case j-i < 1 || j-i > 2:
		return calDate{}, i, false
	case j < len(s) && (s[j] == '/' || s[j] == '.'):
		// "3/3/2025" (month first, as the US writes it, unless the first
		// is over 12), "3.3.2025" (day first).
		sep := s[j]
		n2, k := digitRun(s, j+1)
		if k-j-1 < 1 || k-j-1 > 2 || k >= len(s) || s[k] != sep {
			return calDate{}, i, false
		}
		y, e := digitRun(s, k+1)
		if e-k-1 != 4 || followsWord(s, e) || e < len(s) && s[e] == sep {
			return calDate{}, i, false
		}
		a, b := atoi(n1), atoi(n2)
		if sep == '.' {
			return calDate{y: atoi(y), m: b, d: a, prec: PrecisionDay}, e, true
		}
		if a > 12 && b <= 12 {
			a, b = b, a
		}
		return calDate{y: atoi(y), m: a, d: b, prec: PrecisionDay}, e, true
	case j < len(s) && s[j] == '-':
		// "03-Mar-2025".
		m, k, ok := monthAt(s, j+1)
		if !ok || k >= len(s) || s[k] != '-' {
			return calDate{}, i, false
		}
		y, e := digitRun(s, k+1)
		if e-k-1 != 4 || followsWord(s, e) {
			return calDate{}, i, false
		}
		return calDate{y: atoi(y), m: m, d: atoi(n1), prec: PrecisionDay}, e, true
	}
	// "3 March 2025", "3rd March, 2025".
	j = skipOrdinal(s, j)
	k := skipSpace(s, j)
	if k == j {
		return calDate{}, i, false
	}
	m, e, ok := monthAt(s, k)
	if !ok {
		return calDate{}, i, false
	}
	comma := e < len(s) && s[e] == ','
	if comma {
		e++
	}
	f := skipSpace(s, e)
	if f == e && !comma {
		return calDate{}, i, false
	}
	y, g := digitRun(s, f)
	if g-f != 4 || followsWord(s, g) {
		return calDate{}, i, false
	}
	return calDate{y: atoi(y), m: m, d: atoi(n1), prec: PrecisionDay}, g, true
}

// monthAt reads a month's name or abbreviation at s[i:], and a full stop
// after it.
func monthAt(s string, i int) (int, int, bool) {
	w := wordEnd(s, i)
	if w == i {
		return 0, i, false
	}
	m, ok := months[strings.ToLower(s[i:w])]
	if !ok {
		return 0, i, false
	}
	if w < len(s) && s[w] == '.' {
		w++
	}
	return m, w, true
}

// skipOrdinal skips "st", "nd", "rd" or "th" after a day's number.
func skipOrdinal(s string, i int) int {
	if i+2 <= len(s) {
		switch strings.ToLower(s[i : i+2]) {
		case "st", "nd", "rd", "th":
			if i+2 == len(s) || !isLetter(s[i+2]) {
				return i + 2
			}
		}
	}
	return i
}

// clock is a time of day read from a line, and its zone.
type clock struct {
	set         bool
	h, min, sec int
	off         int  // the zone's offset east of UTC, in seconds
	badZone     bool // a zone not known: only the day is
}

// clockAt reads a time at s[i:]: H:MM, H:MM:SS, with a fraction of a
// second, with AM or PM (also "a.m."), or an hour with AM or PM alone
// ("10am"); with dotted, also H.MM ("10.42", as some British papers
// write it). A zone may follow (see [zoneAt]).
func clockAt(s string, i int, dotted bool) (clock, int, bool) {
	c := clock{set: true}
	h, j := digitRun(s, i)
	if j-i < 1 || j-i > 2 {
		return clock{}, i, false
	}
	c.h = atoi(h)
	hasMin := false
	if j+2 < len(s) && (s[j] == ':' || dotted && s[j] == '.') && isDigit(s[j+1]) && isDigit(s[j+2]) && (j+3 == len(s) || !isDigit(s[j+3])) {
		c.min, j, hasMin = atoi(s[j+1:j+3]), j+3, true
		if s[j-3] == ':' && j+2 < len(s) && s[j] == ':' && isDigit(s[j+1]) && isDigit(s[j+2]) && (j+3 == len(s) || !isDigit(s[j+3])) {
			c.sec, j = atoi(s[j+1:j+3]), j+3
			if j+1 < len(s) && (s[j] == '.' || s[j] == ',') && isDigit(s[j+1]) {
				for j++; j < len(s) && isDigit(s[j]); j++ {
				}
			}
		}
	}
	// AM or PM: "AM", "pm", "a.m.", "P.M".
	k := skipSpace(s, j)
	if ampm, e, ok := meridiem(s, k); ok {
		if c.h < 1 || c.h > 12 {
			return clock{}, i, false
		}
		c.h %= 12
		if ampm == 'p' {
			c.h += 12
		}
		j = e
	} else if !hasMin {
		return clock{}, i, false
	}
	if j < len(s) && isLetter(s[j]) && s[j] != 'Z' {
		return clock{}, i, false // "10:42am" is read above; "10:42x" is no time
	}
	if c.h > 23 || c.min > 59 || c.sec > 59 {
		return clock{}, i, false
	}
	if off, bad, e, ok := zoneAt(s, j); ok {
		c.off, c.badZone, j = off, bad, e
	}
	return c, j, true
}

// meridiem reads AM or PM at s[i:] ("am", "P.M.", "p.m"), giving 'a' or
// 'p'.
func meridiem(s string, i int) (byte, int, bool) {
	if i >= len(s) {
		return 0, i, false
	}
	ap := s[i] | 0x20
	if ap != 'a' && ap != 'p' {
		return 0, i, false
	}
	j := i + 1
	if j < len(s) && s[j] == '.' {
		j++
	}
	if j >= len(s) || s[j]|0x20 != 'm' {
		return 0, i, false
	}
	j++
	if j < len(s) && s[j] == '.' {
		j++
	} else if j < len(s) && isLetter(s[j]) {
		return 0, i, false
	}
	return ap, j, true
}

// zoneAt reads a time zone after a time at s[i:]: "Z" right after it;
// an offset (+01:00, -0500, +02), right after it or after a space; or,
// after a space, a name: UTC or GMT, alone or with an offset (UTC+2,
// GMT-05:00), or an abbreviation of [zoneOffsets] in capitals. Another
// abbreviation in capitals ending in T (IST, which names three zones; ET
// and PT, which do not say whether summer time is on) is read as a zone
// that is not known: bad is set.
func zoneAt(s string, i int) (off int, bad bool, end int, ok bool) {
	if i < len(s) && s[i] == 'Z' && (i+1 == len(s) || !isLetter(s[i+1]) && !isDigit(s[i+1])) {
		return 0, false, i + 1, true
	}
	if off, e, ok := offsetAt(s, i); ok {
		return off, false, e, true
	}
	j := skipSpace(s, i)
	if j == i {
		return 0, false, i, false
	}
	if off, e, ok := offsetAt(s, j); ok {
		return off, false, e, true
	}
	w := wordEnd(s, j)
	name := s[j:w]
	if len(name) < 1 || len(name) > 5 || w < len(s) && isDigit(s[w]) {
		return 0, false, i, false
	}
	upper := strings.ToUpper(name)
	if upper == "UTC" || upper == "GMT" || upper == "UT" {
		if off, e, ok := offsetAt(s, w); ok {
			return off, false, e, true
		}
	}
	if h, known := zoneOffsets[upper]; known && (name == upper || upper == "UTC" || upper == "GMT") {
		return h * 3600, false, w, true
	}
	if lower := strings.ToLower(name); months[lower] != 0 || weekdays[lower] {
		return 0, false, i, false
	}
	if name == upper && len(name) >= 2 && name[len(name)-1] == 'T' {
		return 0, true, w, true
	}
	return 0, false, i, false
}

// offsetAt reads a zone offset at s[i:]: +01:00, -0500, +0100, +02 or
// +2 (hours alone, as after UTC), giving it in seconds east of UTC.
func offsetAt(s string, i int) (int, int, bool) {
	if i >= len(s) || s[i] != '+' && s[i] != '-' && !strings.HasPrefix(s[i:], "−") {
		return 0, i, false
	}
	sign, j := 1, i+1
	if s[i] != '+' {
		sign = -1
		if s[i] != '-' {
			j = i + len("−")
		}
	}
	h, k := digitRun(s, j)
	var hh, mm int
	switch {
	case k-j == 4:
		hh, mm = atoi(h[:2]), atoi(h[2:])
	case k-j == 2 && k+2 < len(s) && s[k] == ':' && isDigits(s[k+1:k+3]) && (k+3 == len(s) || !isDigit(s[k+3])):
		hh, mm, k = atoi(h), atoi(s[k+1:k+3]), k+3
	case k-j == 1 || k-j == 2:
		hh = atoi(h)
	default:
		return 0, i, false
	}
	if hh > 14 || mm > 59 || k < len(s) && isLetter(s[k]) {
		return 0, i, false
	}
	return sign * (hh*3600 + mm*60), k, true
}

// digitRun gives the ASCII digits at s[i:] and the index after them.
func digitRun(s string, i int) (string, int) {
	j := i
	for j < len(s) && isDigit(s[j]) {
		j++
	}
	return s[i:j], j
}

// wordEnd gives the index after the ASCII letters at s[i:].
func wordEnd(s string, i int) int {
	for i < len(s) && isLetter(s[i]) {
		i++
	}
	return i
}

// followsWord reports whether s[i] goes on a number just read: a digit
// or a letter ("2025th", "20251").
func followsWord(s string, i int) bool {
	return i < len(s) && (isDigit(s[i]) || isLetter(s[i]))
}

func isLetter(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' }

// has4Digits reports whether s holds four ASCII digits in a row, as every
// date line (its year) does: the cheap check before [dateLine].
func has4Digits[S byteString](s S) bool {
	run := 0
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) {
			if run++; run == 4 {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}

// wideSpaces makes the no-break and thin spaces of a line plain spaces.
var wideSpaces = strings.NewReplacer("\u00a0", " ", "\u202f", " ", "\u2009", " ")

// parseDateLine sets doc's publication and update dates from a date line
// (see [dateLine]), each unless it is known already, and reports whether
// s is one.
func parseDateLine(doc *Document, s string) bool {
	if !has4Digits(s) {
		return false
	}
	if strings.Contains(s, "\u00a0") || strings.Contains(s, "\u202f") || strings.Contains(s, "\u2009") {
		// No-break and thin spaces, as in "10:42\u202fAM", are spaces.
		s = wideSpaces.Replace(s)
	}
	pub, upd, ok := dateLine(s)
	if !ok {
		return false
	}
	if !pub.t.IsZero() && doc.Published.IsZero() {
		doc.SetPublished(pub.t, pub.prec)
	}
	if !upd.t.IsZero() && doc.Updated.IsZero() {
		doc.SetUpdated(upd.t, upd.prec)
	}
	return true
}
