package document

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// addFixtures adds the fixtures of testdata/formats with the given
// extensions to a fuzz corpus, and the inputs of the bad-input table.
func addFixtures(f *testing.F, exts ...string) {
	f.Helper()
	n := 0
	err := filepath.WalkDir(formatsDir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		for _, ext := range exts {
			if strings.HasSuffix(path, ext) {
				data, err := os.ReadFile(path)
				if err != nil {
					return err
				}
				f.Add(data)
				n++
			}
		}
		return nil
	})
	if err != nil || n == 0 {
		f.Fatalf("fixtures %v: %d found, %v", exts, n, err)
	}
	for _, ext := range exts {
		if g, ok := goodInputs[ext]; ok {
			f.Add([]byte(g.data))
		}
	}
}

// checkParsed checks what Parse made of data: the same again (it is
// deterministic), errors that are one-line *FileErrors for the file, and
// documents with IDs of the file, UTF-8 text with words, one-line metadata
// and dates in range.
func checkParsed(t *testing.T, r *Reader, in Input, data []byte) {
	docs, errs := r.Parse(in, data)
	docs2, errs2 := r.Parse(in, data)
	if !reflect.DeepEqual(docs, docs2) || len(errs) != len(errs2) {
		t.Fatalf("Parse(%q) is not deterministic", data)
	}
	if len(docs) == 0 && len(errs) == 0 {
		t.Errorf("Parse(%q) gave neither documents nor errors", data)
	}
	for _, err := range errs {
		var fe *FileError
		if !errors.As(err, &fe) || fe.Path != in.Path || strings.ContainsAny(err.Error(), "\r\n") {
			t.Errorf("Parse(%q) error %q: want a one-line *FileError for %s", data, err, in.Path)
		}
	}
	minTime := time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	maxTime := time.Date(2201, 1, 1, 0, 0, 0, 0, time.UTC)
	ids := map[string]bool{}
	for _, d := range docs {
		if d.ID != in.ID && !strings.HasPrefix(d.ID, in.ID+"#") || d.Path != in.Path || ids[d.ID] {
			t.Errorf("Parse(%q) document ID %q, path %q: want %s or %s#ITEM, unique, and the path", data, d.ID, d.Path, in.ID, in.ID)
		}
		ids[d.ID] = true
		if !utf8.Valid(d.Text) || !hasWord(string(d.Text)) {
			t.Errorf("Parse(%q) document %s text %q: want UTF-8 with words", data, d.ID, d.Text)
		}
		if strings.Contains(string(d.Text), "\n\n\n") || !strings.HasSuffix(string(d.Text), "\n") {
			t.Errorf("Parse(%q) document %s text %q: want paragraphs separated by one blank line, ending in a newline", data, d.ID, d.Text)
		}
		for field, s := range map[string]string{"Source": d.Source, "Title": d.Title, "URL": d.URL, "Canonical": d.Canonical, "Author": d.Author} {
			if !utf8.ValidString(s) || strings.ContainsAny(s, "\r\n") || s != strings.TrimSpace(s) {
				t.Errorf("Parse(%q) document %s %s = %q: want one trimmed line of UTF-8", data, d.ID, field, s)
			}
		}
		if p := d.Published; !p.IsZero() && (p.Location() != time.UTC || p.Before(minTime) || !p.Before(maxTime)) {
			t.Errorf("Parse(%q) document %s published %v: want UTC in 1900 to 2200", data, d.ID, p)
		}
		if u := d.Updated; !u.IsZero() && (u.Location() != time.UTC || u.Before(minTime) || !u.Before(maxTime)) {
			t.Errorf("Parse(%q) document %s updated %v: want UTC in 1900 to 2200", data, d.ID, u)
		}
		checkDates(t, data, d)
	}
}

// FuzzReadHTML: the HTML reader never panics and gives documents or
// errors of the promised shape.
func FuzzReadHTML(f *testing.F) {
	addFixtures(f, ".html", ".htm")
	for _, s := range []string{
		"<p>One<br>two</p><pre>  x\n  y</pre>",
		`<meta property="article:published_time" content="2025-07-03T25:00:00Z"><p>Text here.</p>`,
		`<script type="application/ld+json">{"@graph": [{"@type": ["NewsArticle"], "author": [[{"name": "A"}]], "datePublished": 5}]}</script><p>Words.</p>`,
		"<meta charset=\"shift_jis\"><p>\x82\xa0</p>",
		"\xff\xfe<\x00p\x00>\x00x\x00",
		"<table><tr><td>a</td><td>b</td></tr></table>",
	} {
		f.Add([]byte(s))
	}
	r := NewReader(Options{Format: FormatHTML})
	in := Input{Path: "fuzz.html", ID: "fuzz.html"}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkParsed(t, r, in, data)
	})
}

// FuzzReadFeed: the feed reader never panics and gives documents or
// errors of the promised shape.
func FuzzReadFeed(f *testing.F) {
	addFixtures(f, ".rss", ".atom", ".xml", "briefing.json")
	for _, s := range []string{
		`<rss><channel><item><guid>a</guid><guid>b</guid><description>x &amp;amp; y</description></item></channel></rss>`,
		`<feed xmlns="http://www.w3.org/2005/Atom"><entry><content type="xhtml"><div><p>Hi there</p></div></content></entry></feed>`,
		`{"version": "https://jsonfeed.org/version/1", "items": [{"id": 1, "content_html": "<p>x</p>"}, null]}`,
		`<?xml version="1.0" encoding="utf-16"?><rss><channel><item><title>t</title></item></channel></rss>`,
		`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><item><description>d</description></item></rdf:RDF>`,
	} {
		f.Add([]byte(s))
	}
	r := NewReader(Options{Format: FormatFeed})
	in := Input{Path: "fuzz.rss", ID: "fuzz.rss"}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkParsed(t, r, in, data)
	})
}
