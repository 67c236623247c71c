package document

import (
	"strings"
	"time"
)

// timeLayouts are the date-time shapes read from metadata fields (meta
// tags, JSON-LD, JSON fields, sidecars), tried in order. A layout without a
// zone is read as UTC.
var timeLayouts = []struct {
	layout string
	prec   Precision // how much of the date the layout gives
}{
	{time.RFC3339Nano, PrecisionTime},
	{"2006-01-02T15:04:05.999999999Z0700", PrecisionTime},
	{"2006-01-02T15:04Z07:00", PrecisionTime},
	{"2006-01-02T15:04:05.999999999", PrecisionTime},
	{"2006-01-02T15:04", PrecisionTime},
	{"2006-01-02 15:04:05.999999999Z07:00", PrecisionTime},
	{"2006-01-02 15:04:05.999999999 -0700", PrecisionTime},
	{"2006-01-02 15:04:05.999999999", PrecisionTime},
	{"2006-01-02 15:04", PrecisionTime},
	{time.RFC1123Z, PrecisionTime},
	{time.RFC1123, PrecisionTime},
	{"Mon, 2 Jan 2006 15:04:05 -0700", PrecisionTime},
	{"Mon, 2 Jan 2006 15:04:05 MST", PrecisionTime},
	{"2 Jan 2006 15:04:05 -0700", PrecisionTime},
	{time.RFC822Z, PrecisionTime},
	{time.RFC822, PrecisionTime},
	{"2006-01-02", PrecisionDay},
	{"2006/01/02", PrecisionDay},
	{"January 2, 2006", PrecisionDay},
	{"Jan 2, 2006", PrecisionDay},
	{"2 January 2006", PrecisionDay},
	{"2 Jan 2006", PrecisionDay},
	{"2006-01", PrecisionMonth},
}

// zoneOffsets are the offsets, in hours, of the zone abbreviations common
// in feeds and pages. A time in any other named zone is not known (in a
// header line or a written date, its day is).
var zoneOffsets = map[string]int{
	"UT": 0, "UTC": 0, "GMT": 0, "Z": 0,
	"EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
	"AKST": -9, "AKDT": -8, "HST": -10,
	"WET": 0, "WEST": 1, "BST": 1, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3, "MSK": 3,
	"WAT": 1, "CAT": 2, "SAST": 2, "EAT": 3, "PKT": 5,
	"HKT": 8, "SGT": 8, "JST": 9, "KST": 9, "AEST": 10, "AEDT": 11, "NZST": 12, "NZDT": 13,
}

// parseTime reads a metadata date, returning it in UTC and how much of it
// is known. Besides [timeLayouts] it reads the written and numeric dates
// of header lines, without a label ("March 3, 2025 10:42 AM EST", "Mon
// 3 Mar 2025 10.42 GMT", "3/3/2025", "March 2025": see [dateExpr]). It
// refuses years outside 1900 to 2200 (in UTC) and anything it cannot
// read: an unknown date stays unknown.
func parseTime(s string) (t time.Time, prec Precision, ok bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 64 {
		return time.Time{}, 0, false
	}
	for _, l := range timeLayouts {
		t, err := time.Parse(l.layout, s)
		if err != nil {
			continue
		}
		if strings.Contains(l.layout, "MST") {
			// Go gives an abbreviation it does not know a zero offset.
			name, _ := t.Zone()
			off, known := zoneOffsets[strings.ToUpper(name)]
			if !known {
				break // the written dates below keep its day
			}
			t = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.FixedZone(name, off*3600))
		}
		if y := t.UTC().Year(); y < 1900 || y > 2200 {
			return time.Time{}, 0, false
		}
		return t.UTC(), l.prec, true
	}
	if !has4Digits(s) {
		return time.Time{}, 0, false
	}
	s = wideSpaces.Replace(s)
	if d, end, ok := dateExpr(s, 0); ok && end == len(s) {
		return d.t, d.prec, true
	}
	return time.Time{}, 0, false
}
