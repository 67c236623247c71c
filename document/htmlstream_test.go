package document

import (
	"runtime"
	"strings"
	"testing"
)

// bigPage is an article page of about n bytes: head metadata, navigation
// and footer furniture, a script, and paragraphs of words.
func bigPage(n int) []byte {
	var b strings.Builder
	b.WriteString(`<!doctype html><html><head><title>Big page</title><meta property="og:site_name" content="Big News">` +
		`<meta property="article:published_time" content="2025-07-03T12:00:00Z"><link rel="canonical" href="https://big.example/a">` +
		`<meta property="og:url" content="https://copy.example/a"><meta property="article:modified_time" content="2025-07-04T08:00:00Z">` +
		`<script type="application/ld+json">{"@type": "NewsArticle", "headline": "The big one", "author": {"name": "Ann Lee"}}</script>` +
		`</head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav><script>var x = "<p>not text</p>";</script><article>`)
	words := strings.Fields("the river rose over the old mill road and the council met at dawn to weigh what the town would do next")
	for i := 0; b.Len() < n; i++ {
		b.WriteString("<p>")
		for j := range 40 {
			b.WriteString(words[(i+j)%len(words)])
			b.WriteByte(' ')
		}
		b.WriteString("<br>line <b>bold</b> end</p>\n")
	}
	b.WriteString(`</article><footer>(c) Big News, all rights reserved</footer></body></html>`)
	return []byte(b.String())
}

// TestReadHTML_stream: a page over htmlStreamAt is read as it streams by,
// with its metadata and text as the tree reader gives them, in memory a
// small multiple of its size rather than the tree's ten.
func TestReadHTML_stream(t *testing.T) {
	small := bigPage(200 << 10)
	tree, err := readHTML(small)
	if err != nil {
		t.Fatal(err)
	}
	text, meta := streamHTML(small)
	if text != htmlTextOf(t, small) {
		t.Errorf("streamed text differs from the tree's rendering of the whole page")
	}
	if meta.siteName != "Big News" || meta.title != "Big page" || meta.canonical != "https://big.example/a" ||
		meta.publishedTime != "2025-07-03T12:00:00Z" || meta.ld.headline != "The big one" || meta.ld.author != "Ann Lee" {
		t.Errorf("streamed metadata = %+v", meta)
	}
	if strings.Contains(text, "not text") || strings.Contains(text, "Home") || strings.Contains(text, "rights reserved") {
		t.Errorf("streamed text holds script, navigation or footer")
	}

	page := bigPage(htmlStreamAt + 1<<20)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	doc, err := readHTML(page)
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	if doc.Source != "Big News" || doc.Title != tree.Title || doc.Author != tree.Author || !doc.Published.Equal(tree.Published) ||
		doc.URL != tree.URL || doc.Canonical != tree.Canonical || !doc.Updated.Equal(tree.Updated) ||
		doc.URL != "https://copy.example/a" || doc.Canonical != "https://big.example/a" || doc.Updated.IsZero() {
		t.Errorf("large page = %q %q %q %v %q, want %q %q %q %v %q", doc.Source, doc.Title, doc.Author, doc.Published, doc.URL,
			tree.Source, tree.Title, tree.Author, tree.Published, tree.URL)
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 4*uint64(len(page)) {
		t.Errorf("reading a %d-byte page allocated %d bytes (%.1fx), want at most 4x", len(page), grew, float64(grew)/float64(len(page)))
	}
}

// htmlTextOf renders a page's whole body without its furniture, through
// the tree.
func htmlTextOf(t *testing.T, page []byte) string {
	t.Helper()
	root, err := parseHTMLTree(page)
	if err != nil {
		t.Fatal(err)
	}
	return htmlText(root, true)
}
