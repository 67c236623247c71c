package document

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
)

// metaWant is the metadata of a document the tests below look at. Dates
// are RFC 3339, with " day" or " month" after a date known only so far.
type metaWant struct {
	URL, Canonical, Published, Updated string
}

func metaOf(d *Document) metaWant {
	date := func(t time.Time, p Precision) string {
		if t.IsZero() {
			return ""
		}
		if p != PrecisionTime {
			return t.Format(time.RFC3339) + " " + p.String()
		}
		return t.Format(time.RFC3339)
	}
	return metaWant{URL: d.URL, Canonical: d.Canonical, Published: date(d.Published, d.PublishedPrecision()),
		Updated: date(d.Updated, d.UpdatedPrecision())}
}

// TestReadHTML_meta: the page's own address, its canonical link, and its
// publication and update dates, read the same from the tree and from the
// stream.
func TestReadHTML_meta(t *testing.T) {
	const body = `<body><article><p>The council met on Monday and voted on the budget for the year ahead.</p></article></body>`
	tests := []struct {
		name, head string
		want       metaWant
	}{
		{name: "canonical elsewhere, own og:url",
			head: `<link rel="canonical" href="https://origin.example/a"><meta property="og:url" content="https://copy.example/b">`,
			want: metaWant{URL: "https://copy.example/b", Canonical: "https://origin.example/a"}},
		{name: "canonical only: the URL falls back to it",
			head: `<link rel="canonical" href="https://origin.example/a">`,
			want: metaWant{URL: "https://origin.example/a", Canonical: "https://origin.example/a"}},
		{name: "og:url only is canonical and own",
			head: `<meta property="og:url" content="https://origin.example/a">`,
			want: metaWant{URL: "https://origin.example/a", Canonical: "https://origin.example/a"}},
		{name: "JSON-LD url is own, not canonical",
			head: `<script type="application/ld+json">{"@type": "NewsArticle", "url": "https://copy.example/b"}</script>`,
			want: metaWant{URL: "https://copy.example/b"}},
		{name: "JSON-LD url and canonical elsewhere",
			head: `<link rel="canonical" href="https://origin.example/a"><script type="application/ld+json">{"@type": "NewsArticle", "url": "https://copy.example/b"}</script>`,
			want: metaWant{URL: "https://copy.example/b", Canonical: "https://origin.example/a"}},
		{name: "og:url before JSON-LD url",
			head: `<meta property="og:url" content="https://copy.example/og"><script type="application/ld+json">{"@type": "NewsArticle", "url": "https://copy.example/ld"}</script>`,
			want: metaWant{URL: "https://copy.example/og", Canonical: "https://copy.example/og"}},
		{name: "relative canonical made absolute",
			head: `<link rel="canonical" href="/a/story?id=1"><meta property="og:url" content="https://copy.example/b/x">`,
			want: metaWant{URL: "https://copy.example/b/x", Canonical: "https://copy.example/a/story?id=1"}},
		{name: "relative canonical with nothing to resolve it kept",
			head: `<link rel="canonical" href="/a/story">`,
			want: metaWant{URL: "/a/story", Canonical: "/a/story"}},
		{name: "rel with other words",
			head: `<link rel="nofollow Canonical" href="https://origin.example/a">`,
			want: metaWant{URL: "https://origin.example/a", Canonical: "https://origin.example/a"}},
		{name: "first canonical wins",
			head: `<link rel="canonical" href="https://one.example/"><link rel="canonical" href="https://two.example/">`,
			want: metaWant{URL: "https://one.example/", Canonical: "https://one.example/"}},
		{name: "article modified time",
			head: `<meta property="article:published_time" content="2025-03-03T09:00:00Z"><meta property="article:modified_time" content="2025-03-04T14:10:00+01:00">`,
			want: metaWant{Published: "2025-03-03T09:00:00Z", Updated: "2025-03-04T13:10:00Z"}},
		{name: "og:updated_time",
			head: `<meta property="og:updated_time" content="2025-03-04T14:10:00Z">`,
			want: metaWant{Updated: "2025-03-04T14:10:00Z"}},
		{name: "JSON-LD dateModified",
			head: `<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2025-03-03", "dateModified": "2025-03-04T14:10:00Z"}</script>`,
			want: metaWant{Published: "2025-03-03T00:00:00Z day", Updated: "2025-03-04T14:10:00Z"}},
		{name: "time itemprop dateModified",
			head: `</head><body><time itemprop="datePublished" datetime="2025-03-03">3 March</time> <time itemprop="dateModified" datetime="March 4, 2025 2:10 PM EST">4 March</time>`,
			want: metaWant{Published: "2025-03-03T00:00:00Z day", Updated: "2025-03-04T19:10:00Z"}},
		{name: "meta itemprop and dcterms",
			head: `<meta name="dcterms.modified" content="2025-03"><meta itemprop="dateModified" content="2025-03-04">`,
			want: metaWant{Updated: "2025-03-04T00:00:00Z day"}},
		{name: "dcterms modified month",
			head: `<meta name="dcterms.modified" content="2025-03">`,
			want: metaWant{Updated: "2025-03-01T00:00:00Z month"}},
		{name: "article:modified_time first",
			head: `<meta name="last-modified" content="2025-03-05"><meta property="article:modified_time" content="2025-03-04T14:10:00Z">`,
			want: metaWant{Updated: "2025-03-04T14:10:00Z"}},
		{name: "published date written out",
			head: `<meta name="date" content="Mon, 3 Mar 2025 10.42 GMT">`,
			want: metaWant{Published: "2025-03-03T10:42:00Z"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page := []byte("<!doctype html><html><head><title>A page</title>" + tt.head + body + "</html>")
			doc, err := readHTML(page)
			if err != nil {
				t.Fatal(err)
			}
			if got := metaOf(doc); got != tt.want {
				t.Errorf("readHTML:\n got %+v\nwant %+v", got, tt.want)
			}
			// The stream collects the same metadata as the tree, so a
			// large page's document has the same fields.
			root, err := html.Parse(strings.NewReader(string(page)))
			if err != nil {
				t.Fatal(err)
			}
			treeMeta := readPageMeta(root)
			_, streamMeta := streamHTML(page)
			if !reflect.DeepEqual(treeMeta, streamMeta) {
				t.Errorf("metadata from the tree %+v\ndiffers from the stream's %+v", treeMeta, streamMeta)
			}
			var sd Document
			streamMeta.apply(&sd, article{})
			if got := metaOf(&sd); got != tt.want {
				t.Errorf("streamed:\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// TestReadFeed_updated: an item's update time is its own field, apart
// from its publication time, only where the feed says it is a revision.
func TestReadFeed_updated(t *testing.T) {
	const atom = `<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title>%s</feed>`
	tests := []struct {
		name, feed string
		want       metaWant
	}{
		{name: "atom published and updated",
			feed: strings.Replace(atom, "%s", `<entry><id>a</id><link href="https://wire.example/a"/><published>2025-03-03T09:00:00Z</published><updated>2025-03-04T14:10:00+01:00</updated><content>Text here.</content></entry>`, 1),
			want: metaWant{URL: "https://wire.example/a", Published: "2025-03-03T09:00:00Z", Updated: "2025-03-04T13:10:00Z"}},
		{name: "atom updated alone stays the publication time",
			feed: strings.Replace(atom, "%s", `<entry><id>a</id><updated>2025-03-04T14:10:00Z</updated><content>Text here.</content></entry>`, 1),
			want: metaWant{Published: "2025-03-04T14:10:00Z"}},
		{name: "atom updated equal to published",
			feed: strings.Replace(atom, "%s", `<entry><id>a</id><published>2025-03-04T14:10:00Z</published><updated>2025-03-04T14:10:00Z</updated><content>Text here.</content></entry>`, 1),
			want: metaWant{Published: "2025-03-04T14:10:00Z"}},
		{name: "rss atom:updated",
			feed: `<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>W</title><item><guid>a</guid><link>https://w.example/a</link><pubDate>Mon, 03 Mar 2025 09:00:00 GMT</pubDate><atom:updated>2025-03-04T14:10:00Z</atom:updated><description>Text here.</description></item></channel></rss>`,
			want: metaWant{URL: "https://w.example/a", Published: "2025-03-03T09:00:00Z", Updated: "2025-03-04T14:10:00Z"}},
		{name: "rss dc:date is no update",
			feed: `<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>W</title><item><guid>a</guid><pubDate>Mon, 03 Mar 2025 09:00:00 GMT</pubDate><dc:date>2025-03-04T14:10:00Z</dc:date><description>Text here.</description></item></channel></rss>`,
			want: metaWant{Published: "2025-03-03T09:00:00Z"}},
		{name: "JSON Feed date_modified",
			feed: `{"version": "https://jsonfeed.org/version/1.1", "title": "W", "items": [{"id": "a", "url": "https://w.example/a", "content_text": "Text here.", "date_published": "2025-03-03T09:00:00Z", "date_modified": "2025-03-04T14:10:00Z"}]}`,
			want: metaWant{URL: "https://w.example/a", Published: "2025-03-03T09:00:00Z", Updated: "2025-03-04T14:10:00Z"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, err := readFeed([]byte(tt.feed))
			if err != nil || len(items) != 1 || items[0].doc == nil {
				t.Fatalf("readFeed = %+v, %v", items, err)
			}
			if got := metaOf(items[0].doc); got != tt.want {
				t.Errorf("\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// TestReadJSON_updatedCanonical: JSON documents' update date and
// canonical address fields, and the field settings that name them.
func TestReadJSON_updatedCanonical(t *testing.T) {
	tests := []struct {
		name, in string
		fields   Fields
		want     metaWant
	}{
		{name: "updated", in: `{"text": "Words here.", "published": "2025-03-03", "updated": "2025-03-04T14:10:00Z"}`,
			want: metaWant{Published: "2025-03-03T00:00:00Z day", Updated: "2025-03-04T14:10:00Z"}},
		{name: "modified", in: `{"text": "Words here.", "modified": 1741097400}`,
			want: metaWant{Updated: "2025-03-04T14:10:00Z"}},
		{name: "date_modified month", in: `{"text": "Words here.", "date_modified": "March 2025"}`,
			want: metaWant{Updated: "2025-03-01T00:00:00Z month"}},
		{name: "unreadable update is unknown", in: `{"text": "Words here.", "updated": "yesterday"}`,
			want: metaWant{}},
		{name: "canonical and url", in: `{"text": "Words here.", "url": "https://copy.example/b", "canonical": "https://origin.example/a"}`,
			want: metaWant{URL: "https://copy.example/b", Canonical: "https://origin.example/a"}},
		{name: "field settings", in: `{"text": "Words here.", "rev": "2025-03-04", "orig": "https://origin.example/a"}`,
			fields: mustFields(t, "updated=rev", "canonical=orig"),
			want:   metaWant{Updated: "2025-03-04T00:00:00Z day", Canonical: "https://origin.example/a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, _, err := readJSON([]byte(tt.in), tt.fields.withDefaults())
			if err != nil || doc == nil {
				t.Fatalf("readJSON = %v, %v", doc, err)
			}
			if got := metaOf(doc); got != tt.want {
				t.Errorf("\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func mustFields(t *testing.T, specs ...string) Fields {
	t.Helper()
	var f Fields
	for _, s := range specs {
		if err := f.Set(s); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

// TestReader_sidecarUpdatedCanonical: a sidecar's canonical, updated
// and modified fields.
func TestReader_sidecarUpdatedCanonical(t *testing.T) {
	const text = "Daily Post 7/3/2025 9:15 PM\nUpdated: July 4, 2025\n\nBody text with a few words.\n"
	tests := []struct {
		name, sidecar string
		want          metaWant
		err           string
	}{
		{name: "none",
			want: metaWant{Published: "2025-07-03T21:15:00Z", Updated: "2025-07-04T00:00:00Z day"}},
		{name: "canonical and updated", sidecar: `{"canonical": " https://origin.example/a ", "updated": "2025-07-05T10:00:00Z"}`,
			want: metaWant{Canonical: "https://origin.example/a", Published: "2025-07-03T21:15:00Z", Updated: "2025-07-05T10:00:00Z"}},
		{name: "modified, in Unix seconds", sidecar: `{"modified": 1751709600}`,
			want: metaWant{Published: "2025-07-03T21:15:00Z", Updated: "2025-07-05T10:00:00Z"}},
		{name: "updated wins over modified", sidecar: `{"modified": "2025-07-06", "updated": "2025-07-05"}`,
			want: metaWant{Published: "2025-07-03T21:15:00Z", Updated: "2025-07-05T00:00:00Z day"}},
		{name: "null updated, modified read", sidecar: `{"updated": null, "modified": "2025-07-06"}`,
			want: metaWant{Published: "2025-07-03T21:15:00Z", Updated: "2025-07-06T00:00:00Z day"}},
		{name: "published month", sidecar: `{"published": "July 2025", "url": "https://o.example/a"}`,
			want: metaWant{URL: "https://o.example/a", Published: "2025-07-01T00:00:00Z month", Updated: "2025-07-04T00:00:00Z day"}},
		{name: "bad updated", sidecar: `{"updated": "soon"}`,
			want: metaWant{Published: "2025-07-03T21:15:00Z", Updated: "2025-07-04T00:00:00Z day"},
			err:  `sidecar: malformed: cannot read updated date "soon"`},
		{name: "bad modified", sidecar: `{"modified": [1]}`,
			want: metaWant{Published: "2025-07-03T21:15:00Z", Updated: "2025-07-04T00:00:00Z day"},
			err:  `sidecar: malformed: modified is a JSON array`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := writeFile(t, dir, "a.txt", text)
			if tt.sidecar != "" {
				writeFile(t, dir, "a.txt.meta.json", tt.sidecar)
			}
			docs, errs := NewReader(Options{}).Read(Input{Path: path, ID: "a.txt"})
			if len(docs) != 1 {
				t.Fatalf("Read = %d documents, errors %v", len(docs), errs)
			}
			if got := metaOf(docs[0]); got != tt.want {
				t.Errorf("\n got %+v\nwant %+v", got, tt.want)
			}
			switch {
			case tt.err == "" && len(errs) > 0:
				t.Errorf("errors %v, want none", errs)
			case tt.err != "" && (len(errs) != 1 || !strings.Contains(errs[0].Error(), tt.err)):
				t.Errorf("errors %v, want one with %q", errs, tt.err)
			}
		})
	}
}
