package document

import (
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The patterns matchSourceDate and matchISODate stand for: the tests hold
// the matchers to them.
var (
	reSourceDate = regexp.MustCompile(`^(.*?)\s*\b(\d{1,2})/(\d{1,2})/(\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?\s*$`)
	reISODate    = regexp.MustCompile(`^(?i:date|published|posted|updated)?:?\s*(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?\s*(.*)$`)
)

// checkMatchers checks that both matchers give for s what their
// patterns give.
func checkMatchers(t *testing.T, s string) (source, iso bool) {
	t.Helper()
	for _, c := range []struct {
		name  string
		match func(string) ([9]string, bool)
		re    *regexp.Regexp
	}{
		{"matchSourceDate", matchSourceDate, reSourceDate},
		{"matchISODate", matchISODate, reISODate},
	} {
		m, ok := c.match(s)
		want := c.re.FindStringSubmatch(s)
		if ok != (want != nil) || ok && !slices.Equal(m[:], want) {
			t.Fatalf("%s(%q) = %q, %v; the pattern gives %q", c.name, s, m, ok, want)
		}
		if c.re == reSourceDate {
			source = ok
		} else {
			iso = ok
		}
	}
	return source, iso
}

// TestMatchers: on header lines of every shape, and on lines made at
// random from their pieces, the matchers give the groups of their
// patterns.
func TestMatchers(t *testing.T) {
	lines := []string{
		"", "1/2/2025", "American Military News 7/3/2025 12:27:12 PM", "Daily Post 7/3/2025 9:15 PM",
		"By Jane Doe 7/3/2025", "x7/3/2025", "x 17/3/2025 1:05", "a_1/2/2025", "é1/2/2025", "123/4/2025",
		"1/2/2025, 10:15", "1/2/2025 10:15:1", "1/2/2025 10:15 PMX", "1/2/2025 10:15 pm  ", "1/2/2025  am",
		"9/9/2025 1/2/2025", "Source 12/31/2025\t10:00:00\tAM", "1/2/20255", "Src 1/2/2025 10:15:00:00",
		" date 2025-07-04 Title", "Published: 2025-07-04T10:00:00Z", "posted:2025-07-04T10:00:00.123+02:00 x",
		"PUBLIſHED 2025-07-04", "UPDATED: 2025-07-04 10:00:00,5-0500 Title", "Dates 2025-07-04", "2025-07-04T10",
		"2025-07-04 10:00+02:0 x", "2025-07-04 10:00:0 x", "2025-07-04T10:00:00.Z", "date:  2025-07-04   ",
		"2025-7-04", "2025-07-04-05", "datepublished 2025-07-04", ":2025-07-04", ": 2025-07-04", "date2025-07-04",
	}
	pieces := strings.Fields("date Date DATE: published poſted Updated : , . T Z + - ſ é _ x Src News " +
		"1 7 12 31 123 2025 20255 7/3/2025 12/31/1999 1/2/ 2025-07-04 2025-7-4 07 04 10:00 10:00:00 :5 .123 ,5 " +
		"+02:00 -0500 +02 AM pm Pm am. PMX")
	seps := []string{"", " ", "  ", "\t", "/", "-", ":", "\r"}
	rng := rand.New(rand.NewPCG(7, 8))
	for range 100000 {
		var b strings.Builder
		for j := range 1 + rng.IntN(7) {
			if j > 0 {
				b.WriteString(seps[rng.IntN(len(seps))])
			}
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		lines = append(lines, b.String())
	}
	var sources, isos int
	for _, s := range lines {
		src, iso := checkMatchers(t, s)
		if src {
			sources++
		}
		if iso {
			isos++
		}
	}
	if sources < 1000 || isos < 1000 {
		t.Errorf("%d lines matched the source-date pattern and %d the ISO one, want 1000 or more each", sources, isos)
	}
}

// FuzzMatchers: the matchers give the groups of their patterns for any
// line.
func FuzzMatchers(f *testing.F) {
	for _, s := range []string{"American Military News 7/3/2025 12:27:12 PM", " date 2025-07-04 Title",
		"Published: 2025-07-04T10:00:00.5+02:00", "By X 1/2/2025, 9:05:59 am"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if strings.Contains(s, "\n") {
			return // the matchers take one line
		}
		checkMatchers(t, s)
	})
}
