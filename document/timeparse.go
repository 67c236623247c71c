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
	day    bool // only the day is known
}{
	{time.RFC3339Nano, false},
	{"2006-01-02T15:04:05.999999999Z0700", false},
	{"2006-01-02T15:04Z07:00", false},
	{"2006-01-02T15:04:05.999999999", false},
	{"2006-01-02T15:04", false},
	{"2006-01-02 15:04:05.999999999Z07:00", false},
	{"2006-01-02 15:04:05.999999999 -0700", false},
	{"2006-01-02 15:04:05.999999999", false},
	{"2006-01-02 15:04", false},
	{time.RFC1123Z, false},
	{time.RFC1123, false},
	{"Mon, 2 Jan 2006 15:04:05 -0700", false},
	{"Mon, 2 Jan 2006 15:04:05 MST", false},
	{"2 Jan 2006 15:04:05 -0700", false},
	{time.RFC822Z, false},
	{time.RFC822, false},
	{"2006-01-02", true},
	{"2006/01/02", true},
	{"January 2, 2006", true},
	{"Jan 2, 2006", true},
	{"2 January 2006", true},
	{"2 Jan 2006", true},
}

// zoneOffsets are the offsets, in hours, of the zone abbreviations common
// in feeds and pages. A date in any other named zone is unknown.
var zoneOffsets = map[string]int{
	"UT": 0, "UTC": 0, "GMT": 0, "Z": 0,
	"EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
	"BST": 1, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3, "MSK": 3,
}

// parseTime reads a metadata date, returning it in UTC and whether only
// the day is known. It refuses years outside 1900 to 2200 (in UTC) and
// anything it cannot read: an unknown date stays unknown.
func parseTime(s string) (t time.Time, day, ok bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 64 {
		return time.Time{}, false, false
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
				return time.Time{}, false, false
			}
			t = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.FixedZone(name, off*3600))
		}
		if y := t.UTC().Year(); y < 1900 || y > 2200 {
			return time.Time{}, false, false
		}
		return t.UTC(), l.day, true
	}
	return time.Time{}, false, false
}
