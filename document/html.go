package document

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"

	readability "codeberg.org/readeck/go-readability"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
)

// maxHTMLElements bounds the page the extractor scores; a larger page is
// rendered whole, less its furniture (navigation, header, footer, asides).
const maxHTMLElements = 100_000

// readHTML reads an HTML page: the article's main text, found by the
// readability extractor and rendered as plain text, and the page's
// metadata. It returns [ErrInvalidUTF8], [ErrEncoding] or [ErrNoText].
func readHTML(data []byte) (*Document, error) {
	text, err := decodeHTML(data)
	if err != nil {
		return nil, err
	}
	var meta pageMeta
	var body string
	var art article
	if len(text) > htmlStreamAt {
		// A page this large is no article page: its tree would take ten
		// times its size. It is rendered as it streams by, less its
		// furniture, with the metadata of its tags.
		body, meta = streamHTML(text)
	} else {
		root, err := html.Parse(bytes.NewReader(text))
		if err != nil { // only read errors, which a byte reader does not have
			return nil, fmt.Errorf("%w HTML: %w", ErrMalformed, err)
		}
		meta = readPageMeta(root)
		body, art = extractArticle(root)
	}
	if !hasWord(body) {
		return nil, ErrNoText
	}
	doc := &Document{Text: []byte(body)}
	meta.apply(doc, art)
	return doc, nil
}

// apply sets doc's metadata from the page's markup and what the extractor
// found (art; nothing for a page read as it streams by). Every field is
// one trimmed line, whichever source it came from.
func (m *pageMeta) apply(doc *Document, art article) {
	doc.Title = oneLine(firstOf(m.ogTitle, m.ld.headline, m.twitterTitle, art.title, m.title))
	doc.Source = oneLine(firstOf(m.siteName, m.ld.publisher))
	doc.Author = oneLine(firstOf(m.ld.author, m.author, stripBy(art.byline)))
	// The page's own address: its og:url (which a copy sets to its own
	// page more often than its JSON-LD, copied with the article), else
	// its JSON-LD url. Its canonical link may name another page.
	own := oneLine(firstOf(m.ogURL, m.ld.url))
	doc.Canonical = resolveURL(oneLine(firstOf(m.canonical, m.ogURL)), own)
	doc.URL = firstOf(own, doc.Canonical)
	for _, s := range []string{m.publishedTime, m.ld.datePublished, m.itemPublished, m.datePublished} {
		if t, prec, ok := parseTime(s); ok {
			doc.SetPublished(t, prec)
			break
		}
	}
	for _, s := range []string{m.modifiedTime, m.ld.dateModified, m.itemModified, m.dateModified} {
		if t, prec, ok := parseTime(s); ok {
			doc.SetUpdated(t, prec)
			break
		}
	}
}

// resolveURL makes ref, a page's canonical link, absolute against base,
// the page's own address, when ref is relative ("/a/story") and base is
// absolute; otherwise ref is kept as it is.
func resolveURL(ref, base string) string {
	if ref == "" || base == "" || strings.HasPrefix(ref, "http://") || strings.HasPrefix(ref, "https://") {
		return ref
	}
	b, err := url.Parse(base)
	if err != nil || !b.IsAbs() || b.Host == "" {
		return ref
	}
	r, err := url.Parse(ref)
	if err != nil || r.IsAbs() {
		return ref
	}
	return b.ResolveReference(r).String()
}

// decodeHTML returns the page as UTF-8. The encoding is the one a
// byte-order mark or a <meta charset> declares; UTF-8 and Windows-1252
// (also what an undeclared page is) go through [decodeText], so damaged
// UTF-8 is refused rather than mangled.
func decodeHTML(data []byte) ([]byte, error) {
	if bytes.HasPrefix(data, bomUTF16LE) || bytes.HasPrefix(data, bomUTF16BE) {
		out, _, err := decodeText(data)
		return out, err
	}
	_, name, _ := charset.DetermineEncoding(data, "")
	if name == "utf-8" || name == "windows-1252" {
		out, _, err := decodeText(data)
		return out, err
	}
	enc, _ := charset.Lookup(name)
	if enc == nil {
		out, _, err := decodeText(data)
		return out, err
	}
	out, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrEncoding, name, err)
	}
	return out, nil
}

// article is what the extractor found besides the text.
type article struct {
	title, byline string
}

// extractArticle returns the main text of the page at root and what the
// extractor found of title and byline. When the extractor finds nothing
// (or fails) the whole body is rendered without its furniture. root is
// changed.
func extractArticle(root *html.Node) (text string, art article) {
	whole := htmlText(root, true)
	defer func() {
		// The extractor is a large heuristic library; a page that makes it
		// panic is read without it rather than stopping the run.
		if recover() != nil {
			text, art = whole, article{}
		}
	}()
	p := readability.NewParser()
	p.MaxElemsToParse = maxHTMLElements
	a, err := p.ParseAndMutate(root, nil)
	if err != nil || a.Node == nil {
		return whole, article{}
	}
	art = article{title: strings.TrimSpace(a.Title), byline: strings.TrimSpace(a.Byline)}
	// Navigation, headers, footers and asides the extractor kept inside
	// the article are left out too.
	if t := htmlText(a.Node, true); hasWord(t) {
		return t, art
	}
	return whole, art
}

// pageMeta is the metadata found in a page's markup.
type pageMeta struct {
	title, ogTitle, twitterTitle, siteName, author string
	canonical, ogURL                               string
	publishedTime, itemPublished, datePublished    string
	modifiedTime, itemModified, dateModified       string
	ld                                             ldArticle
}

// dateMetaNames are meta names that carry a publication date, besides
// article:published_time and itemprop=datePublished.
var dateMetaNames = map[string]bool{
	"pubdate": true, "publishdate": true, "publish-date": true, "publish_date": true,
	"date": true, "dc.date": true, "dc.date.issued": true, "dcterms.created": true,
	"dcterms.issued": true, "sailthru.date": true, "parsely-pub-date": true,
	"og:published_time": true, "article.published": true,
}

// modifiedMetaNames are meta names that carry the date a page was last
// revised, besides article:modified_time, og:updated_time and
// itemprop=dateModified.
var modifiedMetaNames = map[string]bool{
	"dc.date.modified": true, "dcterms.modified": true, "last-modified": true, "lastmod": true,
	"article.updated": true, "parsely-updated-date": true, "sailthru.lastmodified": true,
}

// isCanonicalLink reports whether a link's rel attribute, a list of
// words, names it canonical.
func isCanonicalLink(rel string) bool {
	for _, w := range strings.Fields(rel) {
		if strings.EqualFold(w, "canonical") {
			return true
		}
	}
	return false
}

// readPageMeta collects metadata from meta and link tags, JSON-LD scripts,
// the title and <time> elements. The first value of each kind wins.
func readPageMeta(root *html.Node) pageMeta {
	var m pageMeta
	set := setMeta
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Meta:
				m.meta(strings.ToLower(firstOf(attr(n, "property"), attr(n, "name"), attr(n, "itemprop"))), attr(n, "content"))
			case atom.Link:
				if isCanonicalLink(attr(n, "rel")) {
					set(&m.canonical, attr(n, "href"))
				}
			case atom.Title:
				if m.title == "" {
					set(&m.title, nodeText(n))
				}
			case atom.Time:
				m.time(attr(n, "itemprop"), hasAttr(n, "pubdate"), attr(n, "datetime"))
			case atom.Script:
				if strings.EqualFold(strings.TrimSpace(attr(n, "type")), "application/ld+json") && !m.ld.found {
					m.ld = readJSONLD(nodeText(n))
				}
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	return m
}

// setMeta sets *dst to v, made one line, unless *dst is set already: the
// first value of each kind wins.
func setMeta(dst *string, v string) {
	if v = strings.Join(strings.Fields(v), " "); *dst == "" && v != "" {
		*dst = v
	}
}

// time records a <time> element of the given itemprop, with or without
// the pubdate attribute, and datetime.
func (m *pageMeta) time(itemprop string, pubdate bool, datetime string) {
	switch {
	case strings.EqualFold(itemprop, "datePublished") || pubdate:
		setMeta(&m.itemPublished, datetime)
	case strings.EqualFold(itemprop, "dateModified"):
		setMeta(&m.itemModified, datetime)
	}
}

// meta records a <meta> tag of the given key (property, name or
// itemprop, lower-cased) and content.
func (m *pageMeta) meta(key, val string) {
	switch {
	case key == "og:title":
		setMeta(&m.ogTitle, val)
	case key == "twitter:title":
		setMeta(&m.twitterTitle, val)
	case key == "og:site_name":
		setMeta(&m.siteName, val)
	case key == "og:url":
		setMeta(&m.ogURL, val)
	case key == "article:published_time":
		setMeta(&m.publishedTime, val)
	case key == "datepublished":
		setMeta(&m.itemPublished, val)
	case dateMetaNames[key]:
		setMeta(&m.datePublished, val)
	case key == "article:modified_time", key == "og:updated_time":
		setMeta(&m.modifiedTime, val)
	case key == "datemodified":
		setMeta(&m.itemModified, val)
	case modifiedMetaNames[key]:
		setMeta(&m.dateModified, val)
	case key == "author", key == "article:author" && !isURL(val), key == "byl", key == "dc.creator":
		setMeta(&m.author, stripBy(val))
	}
}

// nodeText returns the text nodes directly under n, joined.
func nodeText(n *html.Node) string {
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	}
	return b.String()
}

// ldArticle is what is read from a JSON-LD article object.
type ldArticle struct {
	found                                                         bool
	headline, datePublished, dateModified, author, publisher, url string
}

// ldArticleTypes are the schema.org types read as the page's article.
var ldArticleTypes = map[string]bool{
	"NewsArticle": true, "Article": true, "ReportageNewsArticle": true,
	"AnalysisNewsArticle": true, "OpinionNewsArticle": true, "BackgroundNewsArticle": true,
	"BlogPosting": true, "LiveBlogPosting": true, "Report": true, "WebPage": false,
}

// readJSONLD reads the first article object in a JSON-LD script: the top
// value, an element of a top-level array, or an element of @graph.
func readJSONLD(src string) ldArticle {
	var v any
	if json.Unmarshal([]byte(src), &v) != nil {
		return ldArticle{}
	}
	var objs []map[string]any
	var collect func(v any, depth int)
	collect = func(v any, depth int) {
		if depth > 3 {
			return
		}
		switch x := v.(type) {
		case []any:
			for _, e := range x {
				collect(e, depth+1)
			}
		case map[string]any:
			objs = append(objs, x)
			collect(x["@graph"], depth+1)
		}
	}
	collect(v, 0)
	for _, o := range objs {
		if !isArticleType(o["@type"]) {
			continue
		}
		a := ldArticle{found: true}
		a.headline = oneLine(str(o["headline"]))
		a.datePublished = str(o["datePublished"])
		a.dateModified = str(o["dateModified"])
		a.author = names(o["author"])
		a.publisher = names(o["publisher"])
		a.url = str(o["url"])
		if a.url == "" {
			a.url = firstOf(str(o["mainEntityOfPage"]), str(mapGet(o["mainEntityOfPage"], "@id")))
		}
		return a
	}
	return ldArticle{}
}

func isArticleType(t any) bool {
	switch x := t.(type) {
	case string:
		return ldArticleTypes[x]
	case []any:
		for _, e := range x {
			if s, ok := e.(string); ok && ldArticleTypes[s] {
				return true
			}
		}
	}
	return false
}

// names reads a person or organisation: a string, an object with a name,
// or a list of those, joined with ", ".
func names(v any) string {
	switch x := v.(type) {
	case string:
		return oneLine(x)
	case map[string]any:
		return oneLine(str(x["name"]))
	case []any:
		var out []string
		for _, e := range x {
			if n := names(e); n != "" {
				out = append(out, n)
			}
		}
		return strings.Join(out, ", ")
	}
	return ""
}

func str(v any) string {
	s, _ := v.(string)
	return strings.TrimSpace(s)
}

func mapGet(v any, key string) any {
	m, _ := v.(map[string]any)
	return m[key]
}

// firstOf returns the first of ss that is not empty.
func firstOf(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// oneLine collapses white space, making s one trimmed line.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// stripBy removes a leading "By " from a byline.
func stripBy(s string) string {
	s = oneLine(s)
	if len(s) > 3 && strings.EqualFold(s[:3], "by ") {
		return strings.TrimSpace(s[3:])
	}
	return s
}

func isURL(s string) bool {
	return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "/")
}

// parseHTMLTree parses a page into a tree.
func parseHTMLTree(page []byte) (*html.Node, error) {
	return html.Parse(bytes.NewReader(page))
}
