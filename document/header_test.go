package document

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// headerWant is what parseHeader should find. Published and Updated are
// RFC 3339, or empty for no date; Day and Month are PublishedDay and
// PublishedMonth, UDay and UMonth UpdatedDay and UpdatedMonth.
type headerWant struct {
	Source, Title, Author, Published string
	Day, Month                       bool
	Updated                          string
	UDay, UMonth                     bool
}

func headerOf(doc *Document) headerWant {
	got := headerWant{Source: doc.Source, Title: doc.Title, Author: doc.Author, Day: doc.PublishedDay, Month: doc.PublishedMonth,
		UDay: doc.UpdatedDay, UMonth: doc.UpdatedMonth}
	if !doc.Published.IsZero() {
		got.Published = doc.Published.Format(time.RFC3339)
	}
	if !doc.Updated.IsZero() {
		got.Updated = doc.Updated.Format(time.RFC3339)
	}
	return got
}

// readSeed returns the text of the seed file whose name starts with
// prefix, from the shared corpus in ../testdata/seeds.
func readSeed(t testing.TB, prefix string) []byte {
	t.Helper()
	names, err := filepath.Glob(filepath.Join("..", "testdata", "seeds", prefix+"_*.txt"))
	if err != nil || len(names) != 1 {
		t.Fatalf("seed %s: found %q, err %v; want one file", prefix, names, err)
	}
	data, err := os.ReadFile(names[0])
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// checkDates checks what holds of every document's dates: in UTC, at
// midnight when only the day is known, on the first of the month when
// only the month is, month only with day, no flags without a date.
func checkDates(t *testing.T, in []byte, doc *Document) {
	t.Helper()
	for _, d := range []struct {
		name       string
		t          time.Time
		day, month bool
	}{
		{"Published", doc.Published, doc.PublishedDay, doc.PublishedMonth},
		{"Updated", doc.Updated, doc.UpdatedDay, doc.UpdatedMonth},
	} {
		switch {
		case d.t.IsZero():
			if d.day || d.month {
				t.Errorf("%.60q: %s unknown, with day %v month %v", in, d.name, d.day, d.month)
			}
		case d.t.Location() != time.UTC:
			t.Errorf("%.60q: %s = %v, want UTC", in, d.name, d.t)
		case d.month && !d.day:
			t.Errorf("%.60q: %s month without day", in, d.name)
		case d.day && !d.t.Equal(d.t.Truncate(24*time.Hour)):
			t.Errorf("%.60q: %s = %v with day set, want midnight", in, d.name, d.t)
		case d.month && d.t.Day() != 1:
			t.Errorf("%.60q: %s = %v with month set, want the first", in, d.name, d.t)
		}
	}
}

func TestParseHeader(t *testing.T) {
	tests := []struct {
		name string
		seed string // read the text from this seed file instead of in
		in   string
		want headerWant
	}{
		// The seed articles, whole.
		{name: "seed 001 source and US date", seed: "001",
			want: headerWant{Source: "American Military News", Published: "2025-07-03T12:27:12Z"}},
		{name: "seed 004 ISO day and title", seed: "004",
			want: headerWant{Title: "Putin Informs Trump: Russia Will Not Abandon Its Objectives in Ukraine", Published: "2025-07-04T00:00:00Z", Day: true}},
		{name: "seed 002 title then dot site", seed: "002",
			want: headerWant{Source: "novinite.com", Title: "Trump Fails to Sway Putin on Ukraine as Kremlin Vows to Pursue War Goals"}},
		{name: "seed 003 title only", seed: "003",
			want: headerWant{Title: "Putin Tells Trump He Won’t Give Up Goals In Ukraine, Kremlin Says"}},
		{name: "seed 000 title only", seed: "000",
			want: headerWant{Title: "Kremlin says Russia won't retreat in Ukraine war after Trump-Putin Call"}},

		// Source and US date.
		{name: "12 AM is midnight", in: "Daily Post 1/2/2025 12:05 AM\n\nBody.",
			want: headerWant{Source: "Daily Post", Published: "2025-01-02T00:05:00Z"}},
		{name: "12 PM is noon", in: "Daily Post 1/2/2025 12:05 PM\n\nBody.",
			want: headerWant{Source: "Daily Post", Published: "2025-01-02T12:05:00Z"}},
		{name: "1 pm lower case", in: "Daily Post 1/2/2025 1:05 pm\n",
			want: headerWant{Source: "Daily Post", Published: "2025-01-02T13:05:00Z"}},
		{name: "11 AM unchanged", in: "Daily Post 1/2/2025 11:59:59 AM\n",
			want: headerWant{Source: "Daily Post", Published: "2025-01-02T11:59:59Z"}},
		{name: "24 hour time", in: "Daily Post 1/2/2025 23:15\n",
			want: headerWant{Source: "Daily Post", Published: "2025-01-02T23:15:00Z"}},
		{name: "comma before time", in: "Daily Post 7/3/2025, 9:30 AM\n",
			want: headerWant{Source: "Daily Post", Published: "2025-07-03T09:30:00Z"}},
		{name: "US date only", in: "Daily Post 7/3/2025\n",
			want: headerWant{Source: "Daily Post", Published: "2025-07-03T00:00:00Z", Day: true}},
		{name: "ambiguous date is month first", in: "Daily Post 3/7/2025\n",
			want: headerWant{Source: "Daily Post", Published: "2025-03-07T00:00:00Z", Day: true}},
		{name: "day first", in: "Daily Post 25/12/2025\n",
			want: headerWant{Source: "Daily Post", Published: "2025-12-25T00:00:00Z", Day: true}},
		{name: "long text before date is not a source", in: strings.Repeat("word ", 17) + "7/3/2025\n",
			want: headerWant{Published: "2025-07-03T00:00:00Z", Day: true}},
		{name: "80 runes before date is a source", in: strings.Repeat("wörd ", 16) + "7/3/2025\n",
			want: headerWant{Source: strings.TrimSpace(strings.Repeat("wörd ", 16)), Published: "2025-07-03T00:00:00Z", Day: true}},
		{name: "date with no source", in: "7/3/2025 12:27:12 PM\n",
			want: headerWant{Published: "2025-07-03T12:27:12Z"}},
		{name: "leap day", in: "Some Real Title\nDaily Post 2/29/2024\n",
			want: headerWant{Title: "Some Real Title", Source: "Daily Post", Published: "2024-02-29T00:00:00Z", Day: true}},
		{name: "invalid 2/30", in: "Some Real Title\nDaily Post 2/30/2025\n",
			want: headerWant{Title: "Some Real Title"}},
		{name: "invalid 13/13", in: "Some Real Title\nDaily Post 13/13/2025\n",
			want: headerWant{Title: "Some Real Title"}},
		{name: "invalid 2/29 in common year", in: "Some Real Title\nDaily Post 2/29/2025\n",
			want: headerWant{Title: "Some Real Title"}},
		{name: "invalid hour", in: "Some Real Title\nDaily Post 7/3/2025 25:00\n",
			want: headerWant{Title: "Some Real Title"}},
		{name: "year before 1900", in: "Some Real Title\nDaily Post 7/3/1899\n",
			want: headerWant{Title: "Some Real Title"}},

		// ISO dates.
		{name: "ISO date alone", in: "2025-07-04\n\nBody.",
			want: headerWant{Published: "2025-07-04T00:00:00Z", Day: true}},
		{name: "published with offset", in: "Published: 2025-07-04T10:00:00+02:00\n",
			want: headerWant{Published: "2025-07-04T08:00:00Z"}},
		{name: "updated in UTC", in: "Updated: 2025-07-04T10:00:00Z\n",
			want: headerWant{Updated: "2025-07-04T10:00:00Z"}},
		{name: "negative offset crosses midnight", in: "posted 2025-07-04T23:30:00-0230\n",
			want: headerWant{Published: "2025-07-05T02:00:00Z"}},
		{name: "offset without seconds", in: "2025-07-04T10:00+05:30\n",
			want: headerWant{Published: "2025-07-04T04:30:00Z"}},
		{name: "fractional seconds with offset", in: "Published: 2025-07-04T10:00:00.123+02:00\n",
			want: headerWant{Published: "2025-07-04T08:00:00Z"}},
		{name: "ISO date then sentence is not a title", in: " date 2025-07-04 Putin spoke to Trump on Thursday.\n",
			want: headerWant{Published: "2025-07-04T00:00:00Z", Day: true}},
		{name: "ISO title does not replace first line title", in: "Headline Goes Here\ndate 2025-07-04 Another Headline Here\n",
			want: headerWant{Title: "Headline Goes Here", Published: "2025-07-04T00:00:00Z", Day: true}},
		{name: "invalid ISO date", in: "Some Real Title\n2025-02-30\n",
			want: headerWant{Title: "Some Real Title"}},
		{name: "offset moves past 2200", in: "Some Real Title\n2200-12-31T23:00:00-05:00\n",
			want: headerWant{Title: "Some Real Title"}},
		{name: "offset moves before 1900", in: "Some Real Title\n1900-01-01T00:30:00+01:00\n",
			want: headerWant{Title: "Some Real Title"}},

		// Dot-site lines.
		{name: "dot site with text run on", in: "Title Of The Story\n· novinite.comUS President said",
			want: headerWant{Title: "Title Of The Story", Source: "novinite.com"}},
		{name: "bullet site", in: "Title Of The Story\n• news.example.co.uk\n",
			want: headerWant{Title: "Title Of The Story", Source: "news.example.co.uk"}},
		{name: "bar site", in: "Title Of The Story\n| reuters.com\n",
			want: headerWant{Title: "Title Of The Story", Source: "reuters.com"}},
		{name: "source from date line wins over site", in: "Daily Post 7/3/2025\n· example.com\n",
			want: headerWant{Source: "Daily Post", Published: "2025-07-03T00:00:00Z", Day: true}},

		// Titles.
		{name: "short first line is a title", in: "A short headline\n\nBody text here.",
			want: headerWant{Title: "A short headline"}},
		{name: "sentence is not a title", in: "This is a sentence of running text.\nMore text.",
			want: headerWant{}},
		{name: "line ending in comma is not a title", in: "This is running text that goes on,\nand on.",
			want: headerWant{}},
		{name: "byline is not a title", in: "By Jane Doe\n\nBody text here.",
			want: headerWant{Author: "Jane Doe"}},
		{name: "too short for a title", in: "Short\n\nBody text here.",
			want: headerWant{}},
		{name: "too long for a title", in: strings.Repeat("Word ", 41) + "End\n",
			want: headerWant{}},
		{name: "only the first line can be a title", in: "Body text starts here.\nLooks Like A Title\n",
			want: headerWant{}},
		{name: "title trimmed", in: "  \t Spaced Out Headline \t \n",
			want: headerWant{Title: "Spaced Out Headline"}},
		{name: "CRLF", in: "Headline Goes Here\r\nDaily Post 7/3/2025\r\n",
			want: headerWant{Title: "Headline Goes Here", Source: "Daily Post", Published: "2025-07-03T00:00:00Z", Day: true}},

		// Bylines.
		{name: "byline", in: "Headline Goes Here\nBy Jane Doe\n\nBody text.",
			want: headerWant{Title: "Headline Goes Here", Author: "Jane Doe"}},
		{name: "byline with two names", in: "By Jane Doe and John Roe\n\nBody text.",
			want: headerWant{Author: "Jane Doe and John Roe"}},
		{name: "byline then date", in: "Headline Goes Here\nBy JANE DOE | July 3, 2025\n",
			want: headerWant{Title: "Headline Goes Here", Author: "JANE DOE", Published: "2025-07-03T00:00:00Z", Day: true}},
		{name: "byline then US date with source", in: "By Jane Doe - Daily Post 7/3/2025 9:15 PM\n",
			want: headerWant{Author: "Jane Doe", Source: "Daily Post", Published: "2025-07-03T21:15:00Z"}},
		{name: "author label", in: "Author: Jane Doe\n",
			want: headerWant{Author: "Jane Doe"}},
		{name: "by and lower case is a sentence", in: "By the time the call ended, nothing had changed.\n",
			want: headerWant{}},
		{name: "byline sentence with full stop", in: "By Order Of The Court.\n",
			want: headerWant{}},
		{name: "first byline wins", in: "By Jane Doe\nBy John Roe\n",
			want: headerWant{Author: "Jane Doe"}},
		{name: "byline with date and no separator", in: "By Jane Doe 7/3/2025\n",
			want: headerWant{Author: "Jane Doe", Published: "2025-07-03T00:00:00Z", Day: true}},

		// Dates with month names.
		{name: "long US date", in: "Published: July 3, 2025\n",
			want: headerWant{Published: "2025-07-03T00:00:00Z", Day: true}},
		{name: "long date with weekday and time", in: "Thursday, 3 July 2025 10:15 AM\n",
			want: headerWant{Published: "2025-07-03T10:15:00Z"}},
		{name: "abbreviated month, ordinal, pm and UTC", in: "Jul. 3rd, 2025 at 9:30 p.m. UTC\n",
			want: headerWant{Published: "2025-07-03T21:30:00Z"}},
		{name: "12 am", in: "Updated Dec 31, 2024 12:05 am\n",
			want: headerWant{Updated: "2024-12-31T00:05:00Z"}},
		{name: "24 hour long date", in: "3 Sept 2025 17:45\n",
			want: headerWant{Published: "2025-09-03T17:45:00Z"}},
		{name: "not a month", in: "Some Real Title\n3 Smarch 2025\n",
			want: headerWant{Title: "Some Real Title"}},
		{name: "invalid long date", in: "Some Real Title\nFebruary 30, 2025\n",
			want: headerWant{Title: "Some Real Title"}},
		{name: "13 pm", in: "Some Real Title\nJuly 3, 2025 13:00 PM\n",
			want: headerWant{Title: "Some Real Title"}},

		// Which lines are read.
		{name: "blank lines before header", in: "\n \n\u00a0\nDaily Post 7/3/2025\n",
			want: headerWant{Source: "Daily Post", Published: "2025-07-03T00:00:00Z", Day: true}},
		{name: "third non-empty line read", in: "Headline Goes Here\n\nbody one.\n\nDaily Post 7/3/2025\n",
			want: headerWant{Title: "Headline Goes Here", Source: "Daily Post", Published: "2025-07-03T00:00:00Z", Day: true}},
		{name: "fourth non-empty line ignored", in: "Headline Goes Here\nbody one.\nbody two.\nDaily Post 7/3/2025\n· example.com\n",
			want: headerWant{Title: "Headline Goes Here"}},
		{name: "first date wins", in: "Daily Post 7/3/2025\n2025-08-01\n",
			want: headerWant{Source: "Daily Post", Published: "2025-07-03T00:00:00Z", Day: true}},
		{name: "no header", in: "the quick brown fox jumps over the lazy dog.",
			want: headerWant{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := []byte(tt.in)
			if tt.seed != "" {
				in = readSeed(t, tt.seed)
			}
			doc := &Document{}
			parseHeader(doc, in)
			if got := headerOf(doc); got != tt.want {
				t.Errorf("parseHeader(%.60q) = %+v, want %+v", in, got, tt.want)
			}
			checkDates(t, in, doc)
		})
	}
}
