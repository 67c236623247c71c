package document

import (
	"strings"
	"testing"
	"time"
)

// TestParseHeader_dateLines: header lines that are only dates, with or
// without labels, in every shape read, and lines that are not.
func TestParseHeader_dateLines(t *testing.T) {
	const title = "The Council Votes On The Budget\n"
	tests := []struct {
		name string
		in   string // a line, put under a title; or, with a newline in it, the whole text
		want headerWant
	}{
		// Labels, with or without a colon, in any case.
		{name: "updated with time", in: "Updated: March 3, 2025 10:42 AM",
			want: headerWant{Updated: "2025-03-03T10:42:00Z"}},
		{name: "updated day first", in: "Updated 3 March 2025",
			want: headerWant{Updated: "2025-03-03T00:00:00Z", UDay: true}},
		{name: "last updated ISO", in: "Last updated: 2025-03-03",
			want: headerWant{Updated: "2025-03-03T00:00:00Z", UDay: true}},
		{name: "last modified US", in: "Last modified: 03/04/2025",
			want: headerWant{Updated: "2025-03-04T00:00:00Z", UDay: true}},
		{name: "modified RFC 1123", in: "Modified: Mon, 03 Mar 2025 10:42:00 +0000",
			want: headerWant{Updated: "2025-03-03T10:42:00Z"}},
		{name: "revised", in: "Revised March 3, 2025",
			want: headerWant{Updated: "2025-03-03T00:00:00Z", UDay: true}},
		{name: "last edited", in: "Last edited: 3 Mar 2025",
			want: headerWant{Updated: "2025-03-03T00:00:00Z", UDay: true}},
		{name: "posted dotted day first", in: "Posted: 4.3.2025",
			want: headerWant{Published: "2025-03-04T00:00:00Z", Day: true}},
		{name: "published ISO with offset", in: "Published: 2025-03-03T10:42:00-05:00",
			want: headerWant{Published: "2025-03-03T15:42:00Z"}},
		{name: "first published", in: "First published: 4 March 2025",
			want: headerWant{Published: "2025-03-04T00:00:00Z", Day: true}},
		{name: "originally published on", in: "Originally published on March 4, 2025",
			want: headerWant{Published: "2025-03-04T00:00:00Z", Day: true}},
		{name: "date label month", in: "Date: March 2025",
			want: headerWant{Published: "2025-03-01T00:00:00Z", Day: true, Month: true}},
		{name: "upper case", in: "UPDATED MARCH 3, 2025",
			want: headerWant{Updated: "2025-03-03T00:00:00Z", UDay: true}},
		{name: "label with on", in: "Last Updated On: March 3, 2025",
			want: headerWant{Updated: "2025-03-03T00:00:00Z", UDay: true}},
		{name: "label with dash", in: "Posted - March 3, 2025",
			want: headerWant{Published: "2025-03-03T00:00:00Z", Day: true}},
		{name: "posted at time then date", in: "Posted at 10:42 AM, March 3, 2025",
			want: headerWant{Published: "2025-03-03T10:42:00Z"}},
		{name: "time and zone first", in: "Updated 10:42 AM EST, Mon March 3, 2025",
			want: headerWant{Updated: "2025-03-03T15:42:00Z"}},
		{name: "zone that does not say summer time leaves the day", in: "Updated 10:42 AM ET, Mon March 3, 2025",
			want: headerWant{Updated: "2025-03-03T00:00:00Z", UDay: true}},
		{name: "published in the old label list goes on being read", in: "Published: July 3, 2025",
			want: headerWant{Published: "2025-07-03T00:00:00Z", Day: true}},
		{name: "published US date is no source", in: "Published 7/3/2025",
			want: headerWant{Published: "2025-07-03T00:00:00Z", Day: true}},

		// Two dates on a line: publication first, update second, or the
		// other way round.
		{name: "published and updated with middle dot", in: "Published 3 March 2025, 09:00 · Updated 4 March 2025, 14:10",
			want: headerWant{Published: "2025-03-03T09:00:00Z", Updated: "2025-03-04T14:10:00Z"}},
		{name: "published and updated with bar", in: "Published March 3, 2025 | Updated March 4, 2025",
			want: headerWant{Published: "2025-03-03T00:00:00Z", Day: true, Updated: "2025-03-04T00:00:00Z", UDay: true}},
		{name: "published then last updated", in: "Published March 3, 2025 Last updated March 4, 2025 at 2:10 pm",
			want: headerWant{Published: "2025-03-03T00:00:00Z", Day: true, Updated: "2025-03-04T14:10:00Z"}},
		{name: "updated in brackets", in: "Published: 3 March 2025 (Updated: 4 March 2025)",
			want: headerWant{Published: "2025-03-03T00:00:00Z", Day: true, Updated: "2025-03-04T00:00:00Z", UDay: true}},
		{name: "bullet and em dash", in: "Published 3 March 2025 • Updated — March 4, 2025 — 2:10 PM",
			want: headerWant{Published: "2025-03-03T00:00:00Z", Day: true, Updated: "2025-03-04T14:10:00Z"}},
		{name: "RFC 1123 then en dash", in: "Posted Mon, 03 Mar 2025 10:42:00 +0000 – Modified Tue, 04 Mar 2025 08:00:00 -0500",
			want: headerWant{Published: "2025-03-03T10:42:00Z", Updated: "2025-03-04T13:00:00Z"}},
		{name: "updated first", in: "Updated 4 March 2025 · Published 3 March 2025",
			want: headerWant{Published: "2025-03-03T00:00:00Z", Day: true, Updated: "2025-03-04T00:00:00Z", UDay: true}},
		{name: "unlabelled date then updated", in: "3 March 2025 · Updated 4 March 2025",
			want: headerWant{Published: "2025-03-03T00:00:00Z", Day: true, Updated: "2025-03-04T00:00:00Z", UDay: true}},
		{name: "British paper's dotted times", in: "First published on Mon 3 Mar 2025 09.00 GMT · Last modified on Tue 4 Mar 2025 14.10 GMT",
			want: headerWant{Published: "2025-03-03T09:00:00Z", Updated: "2025-03-04T14:10:00Z"}},

		// A month and year alone.
		{name: "month", in: "March 2025",
			want: headerWant{Published: "2025-03-01T00:00:00Z", Day: true, Month: true}},
		{name: "abbreviated month", in: "Mar. 2025",
			want: headerWant{Published: "2025-03-01T00:00:00Z", Day: true, Month: true}},
		{name: "month with comma", in: "March, 2025",
			want: headerWant{Published: "2025-03-01T00:00:00Z", Day: true, Month: true}},
		{name: "updated month", in: "Updated: Sept 2025",
			want: headerWant{Updated: "2025-09-01T00:00:00Z", UDay: true, UMonth: true}},

		// Dates alone, numeric and written.
		{name: "ISO", in: "2025-03-03",
			want: headerWant{Published: "2025-03-03T00:00:00Z", Day: true}},
		{name: "ISO with slashes", in: "2025/3/3",
			want: headerWant{Published: "2025-03-03T00:00:00Z", Day: true}},
		{name: "US order", in: "03/04/2025",
			want: headerWant{Published: "2025-03-04T00:00:00Z", Day: true}},
		{name: "day first when the first is over 12", in: "13/03/2025",
			want: headerWant{Published: "2025-03-13T00:00:00Z", Day: true}},
		{name: "dotted is day first", in: "25.12.2025",
			want: headerWant{Published: "2025-12-25T00:00:00Z", Day: true}},
		{name: "day month year", in: "3 March 2025",
			want: headerWant{Published: "2025-03-03T00:00:00Z", Day: true}},
		{name: "ordinal and comma", in: "3rd March, 2025",
			want: headerWant{Published: "2025-03-03T00:00:00Z", Day: true}},
		{name: "dashed month", in: "03-Mar-2025",
			want: headerWant{Published: "2025-03-03T00:00:00Z", Day: true}},
		{name: "month day year", in: "March 3, 2025",
			want: headerWant{Published: "2025-03-03T00:00:00Z", Day: true}},
		{name: "weekday", in: "Monday, March 3, 2025",
			want: headerWant{Published: "2025-03-03T00:00:00Z", Day: true}},
		{name: "abbreviated weekday with stop", in: "Tues. 4 March 2025",
			want: headerWant{Published: "2025-03-04T00:00:00Z", Day: true}},
		{name: "RFC 1123 numeric zone", in: "Mon, 03 Mar 2025 10:42:00 +0000",
			want: headerWant{Published: "2025-03-03T10:42:00Z"}},
		{name: "RFC 1123 GMT", in: "Mon, 03 Mar 2025 10:42:00 GMT",
			want: headerWant{Published: "2025-03-03T10:42:00Z"}},
		{name: "RFC 822 offset", in: "03 Mar 2025 10:42 -0800",
			want: headerWant{Published: "2025-03-03T18:42:00Z"}},
		{name: "ISO with zone", in: "2025-03-03T10:42:00+01:00",
			want: headerWant{Published: "2025-03-03T09:42:00Z"}},
		{name: "ISO with fraction and Z", in: "2025-03-03T10:42:00.123Z",
			want: headerWant{Published: "2025-03-03T10:42:00Z"}},
		{name: "ISO with space and UTC", in: "2025-03-03 10:42 UTC",
			want: headerWant{Published: "2025-03-03T10:42:00Z"}},
		{name: "AM with zone", in: "March 3, 2025 10:42 AM EST",
			want: headerWant{Published: "2025-03-03T15:42:00Z"}},
		{name: "PM in Pacific time", in: "March 3, 2025 10:42 PM PDT",
			want: headerWant{Published: "2025-03-04T05:42:00Z"}},
		{name: "a.m. and CET", in: "March 3, 2025, 10:42 a.m. CET",
			want: headerWant{Published: "2025-03-03T09:42:00Z"}},
		{name: "hour alone", in: "March 3, 2025 at 10am",
			want: headerWant{Published: "2025-03-03T10:00:00Z"}},
		{name: "UTC with offset", in: "March 3, 2025 10:42 UTC+2",
			want: headerWant{Published: "2025-03-03T08:42:00Z"}},
		{name: "GMT with offset", in: "March 3, 2025 10:42 GMT-05:00",
			want: headerWant{Published: "2025-03-03T15:42:00Z"}},
		{name: "unknown zone leaves the day", in: "March 3, 2025 10:42 IST",
			want: headerWant{Published: "2025-03-03T00:00:00Z", Day: true}},
		{name: "no-break spaces", in: "March\u00a03,\u00a02025 10:42\u202fAM",
			want: headerWant{Published: "2025-03-03T10:42:00Z"}},
		{name: "lower-case zone is no zone", in: "March 3, 2025 10:42 est",
			want: headerWant{}},
		{name: "lower-case utc", in: "March 3, 2025 10:42 utc",
			want: headerWant{Published: "2025-03-03T10:42:00Z"}},
		{name: "time on date", in: "Posted 10:42 AM on March 3, 2025",
			want: headerWant{Published: "2025-03-03T10:42:00Z"}},
		{name: "date bar time", in: "March 3, 2025 | 10:42 AM",
			want: headerWant{Published: "2025-03-03T10:42:00Z"}},
		{name: "seconds", in: "3 March 2025 10:42:59",
			want: headerWant{Published: "2025-03-03T10:42:59Z"}},

		// Where the lines are.
		{name: "date above the title", in: "Updated: March 3, 2025\n" + title,
			want: headerWant{Updated: "2025-03-03T00:00:00Z", UDay: true}},
		{name: "dates under a byline, four lines down", in: title + "By Jane Doe\nPublished: March 3, 2025\nUpdated: March 4, 2025\n\nBody.",
			want: headerWant{Title: strings.TrimSpace(title), Author: "Jane Doe", Published: "2025-03-03T00:00:00Z", Day: true,
				Updated: "2025-03-04T00:00:00Z", UDay: true}},
		{name: "six header lines", in: title + "· example.com\nBy Jane Doe\nPublished: March 3, 2025\nMarch 2025\nUpdated: March 4, 2025\n",
			want: headerWant{Title: strings.TrimSpace(title), Source: "example.com", Author: "Jane Doe", Published: "2025-03-03T00:00:00Z", Day: true,
				Updated: "2025-03-04T00:00:00Z", UDay: true}},
		{name: "not seven", in: title + "· example.com\nBy Jane Doe\nMarch 2025\nMarch 2025\nMarch 2025\nUpdated: March 4, 2025\n",
			want: headerWant{Title: strings.TrimSpace(title), Source: "example.com", Author: "Jane Doe", Published: "2025-03-01T00:00:00Z", Day: true, Month: true}},
		{name: "body ends the header", in: title + "The council met on Monday.\nIt voted.\nUpdated: March 4, 2025\n",
			want: headerWant{Title: strings.TrimSpace(title)}},
		{name: "byline then dates", in: "By Jane Doe | Published March 3, 2025 | Updated March 4, 2025",
			want: headerWant{Author: "Jane Doe", Published: "2025-03-03T00:00:00Z", Day: true, Updated: "2025-03-04T00:00:00Z", UDay: true}},
		{name: "first publication date wins, update still read", in: "Daily Post 7/3/2025\nPublished: 2025-08-01\nUpdated: 2025-08-02\n",
			want: headerWant{Source: "Daily Post", Published: "2025-07-03T00:00:00Z", Day: true, Updated: "2025-08-02T00:00:00Z", UDay: true}},
		{name: "first update wins", in: "Updated: 2025-08-02\nLast modified: 2025-08-03\n",
			want: headerWant{Updated: "2025-08-02T00:00:00Z", UDay: true}},

		// Not date lines.
		{name: "year in prose", in: "In March 2025 the council approved the plan",
			want: headerWant{}},
		{name: "year in a sentence as the first line", in: "In March 2025 the council approved the plan.\n",
			want: headerWant{}},
		{name: "updated at the start of a sentence", in: "Updated figures for March 2025 show a rise",
			want: headerWant{}},
		{name: "updated inside a sentence", in: "The list was updated on March 3, 2025.",
			want: headerWant{}},
		{name: "date then the sentence goes on", in: "Updated March 3, 2025, the figures show a rise",
			want: headerWant{}},
		{name: "date ending a sentence", in: "Published 3 March 2025.",
			want: headerWant{}},
		{name: "published by", in: "Published by Reuters on March 3, 2025",
			want: headerWant{}},
		{name: "headline with a number", in: "10 Things To Know About March 2025",
			want: headerWant{}},
		{name: "headline opening with a month", in: "March 2025 Jobs Report Beats Forecasts",
			want: headerWant{}},
		{name: "headline opening with a year", in: "2025 Budget: What Changes in March",
			want: headerWant{}},
		{name: "headline opening with a date", in: "3 March 2025 protests turn violent",
			want: headerWant{}},
		{name: "May the month or the verb", in: "May 2025 Be Your Best Year",
			want: headerWant{}},
		{name: "date night", in: "Date night ideas for March 2025",
			want: headerWant{}},
		{name: "two dates, the second unlabelled", in: "March 3, 2025 March 4, 2025",
			want: headerWant{}},
		{name: "date then reading time", in: "Published 3 March 2025 · 5 min read",
			want: headerWant{}},
		{name: "label without date", in: "Updated: 10:42 AM 2025",
			want: headerWant{}},
		{name: "invalid day", in: "Updated: March 32, 2025",
			want: headerWant{}},
		{name: "30 February", in: "Published: 2/30/2025",
			want: headerWant{}},
		{name: "dotted date with month over 12", in: "Posted: 3.13.2025",
			want: headerWant{}},
		{name: "hour 25", in: "March 3, 2025 25:00",
			want: headerWant{}},
		{name: "13 PM", in: "March 3, 2025 13:00 PM",
			want: headerWant{}},
		{name: "five-digit year", in: "March 3, 20251",
			want: headerWant{}},
		{name: "score", in: "Final score 2025-26 season",
			want: headerWant{}},
		{name: "version", in: "Release 1.2.2025 notes",
			want: headerWant{}},
		{name: "phone number", in: "Call 0800 123 4567",
			want: headerWant{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.in
			want := tt.want
			if !strings.Contains(in, "\n") {
				in = title + in + "\n\nBody text of the story."
				want.Title = strings.TrimSpace(title)
			}
			doc := &Document{}
			parseHeader(doc, []byte(in))
			if got := headerOf(doc); got != want {
				t.Errorf("parseHeader(%q)\n = %+v\nwant %+v", in, got, want)
			}
			checkDates(t, []byte(in), doc)
			// As ParseText reads it, and mayBeHeader lets it through.
			d2, err := ParseText([]byte(in))
			if err != nil || headerOf(d2) != want {
				t.Errorf("ParseText(%q) = %+v, %v", in, d2, err)
			}
		})
	}
}

// TestParseTime_written: metadata fields take the written and numeric
// dates of header lines too, without a label.
func TestParseTime_written(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string // RFC 3339, "" for unread
		prec Precision
	}{
		{"2025-07-03T12:00:00Z", "2025-07-03T12:00:00Z", PrecisionTime},
		{"2025-07-03", "2025-07-03T00:00:00Z", PrecisionDay},
		{"2025-07", "2025-07-01T00:00:00Z", PrecisionMonth},
		{"July 2025", "2025-07-01T00:00:00Z", PrecisionMonth},
		{"July 3, 2025 10:42 AM EST", "2025-07-03T15:42:00Z", PrecisionTime},
		{"Thu 3 Jul 2025 10.42 BST", "2025-07-03T09:42:00Z", PrecisionTime},
		{"Thu, 03 Jul 2025 10:42:00 IST", "2025-07-03T00:00:00Z", PrecisionDay},
		{"Thu, 03 Jul 2025 10:42:00 JST", "2025-07-03T01:42:00Z", PrecisionTime},
		{"7/3/2025", "2025-07-03T00:00:00Z", PrecisionDay},
		{"Published: July 3, 2025", "", 0},
		{"yesterday", "", 0},
		{"July 3", "", 0},
		{"2025", "", 0},
		{"1899-12-31", "", 0},
	} {
		tm, prec, ok := parseTime(tc.in)
		got := ""
		if ok {
			got = tm.Format(time.RFC3339)
			if tm.Location() != time.UTC {
				t.Errorf("parseTime(%q) = %v, want UTC", tc.in, tm)
			}
		}
		if got != tc.want || ok && prec != tc.prec {
			t.Errorf("parseTime(%q) = %q %v, want %q %v", tc.in, got, prec, tc.want, tc.prec)
		}
	}
}

func TestPrecision(t *testing.T) {
	var d Document
	day := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	for _, p := range []Precision{PrecisionTime, PrecisionDay, PrecisionMonth} {
		d.SetPublished(day, p)
		d.SetUpdated(day, p)
		if d.PublishedPrecision() != p || d.UpdatedPrecision() != p || d.PublishedDay != (p != PrecisionTime) || d.PublishedMonth != (p == PrecisionMonth) ||
			d.UpdatedDay != d.PublishedDay || d.UpdatedMonth != d.PublishedMonth {
			t.Errorf("Set %v: %+v", p, d)
		}
	}
	for _, tc := range []struct {
		p  Precision
		to time.Time
	}{
		{PrecisionTime, day}, {PrecisionDay, day.AddDate(0, 0, 1)}, {PrecisionMonth, time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC)},
	} {
		if from, to := tc.p.Span(day); !from.Equal(day) || !to.Equal(tc.to) {
			t.Errorf("%v.Span(%v) = %v, %v; want %v, %v", tc.p, day, from, to, day, tc.to)
		}
	}
}

// FuzzDateLine: dateLine and parseTime never panic, and what they read
// is a date in UTC, in the years read, at midnight (or on the first of the
// month) when only the day (or the month) is known, on a line with a year.
func FuzzDateLine(f *testing.F) {
	for _, s := range []string{
		"Published 3 March 2025, 09:00 · Updated 4 March 2025, 14:10", "Updated 10:42 AM EST, Mon March 3, 2025",
		"Mon, 03 Mar 2025 10:42:00 +0000", "2025-03-03T10:42:00.5-09:30", "March 2025", "Last Updated On: 3.3.2025",
		"First published on Mon 3 Mar 2025 09.00 GMT", "03-Mar-2025 10am UTC+2", "March 3, 2025 10:42 IST",
	} {
		f.Add(s)
	}
	minTime := time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	maxTime := time.Date(2201, 1, 1, 0, 0, 0, 0, time.UTC)
	check := func(t *testing.T, s, what string, d lineDate) {
		if d.t.IsZero() {
			return
		}
		switch {
		case d.t.Location() != time.UTC || d.t.Before(minTime) || !d.t.Before(maxTime):
			t.Errorf("%s(%q) = %v, want UTC in 1900 to 2200", what, s, d.t)
		case d.prec != PrecisionTime && !d.t.Equal(d.t.Truncate(24*time.Hour)):
			t.Errorf("%s(%q) = %v %v, want midnight", what, s, d.t, d.prec)
		case d.prec == PrecisionMonth && d.t.Day() != 1:
			t.Errorf("%s(%q) = %v %v, want the first", what, s, d.t, d.prec)
		case what == "dateLine" && !has4Digits(s):
			t.Errorf("%s(%q) read a date from a line with no year", what, s)
		}
	}
	f.Fuzz(func(t *testing.T, s string) {
		pub, upd, ok := dateLine(s)
		if !ok && (!pub.t.IsZero() || !upd.t.IsZero()) {
			t.Errorf("dateLine(%q) gave dates with ok false", s)
		}
		if ok && pub.t.IsZero() && upd.t.IsZero() {
			t.Errorf("dateLine(%q) ok with no date", s)
		}
		check(t, s, "dateLine", pub)
		check(t, s, "dateLine", upd)
		tm, prec, ok := parseTime(s)
		if ok {
			check(t, s, "parseTime", lineDate{tm, prec})
		}
	})
}
