package document

import (
	"bytes"
	"strings"
	"unsafe"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// htmlStreamAt is the size of a page (decoded) above which it is read
// with streamHTML rather than parsed into a tree for the extractor: a
// tree takes about ten times the page's size, times the workers.
const htmlStreamAt = 8 << 20

// streamHTML renders a page as htmlText renders a whole page without its
// furniture, from the tokens as they stream by, holding no tree: text in
// hidden elements (head, script, style...), in furniture (navigation,
// headers, footers, asides, forms) and in elements marked hidden is left
// out; block elements are paragraphs, <br> a line break, <pre> keeps its
// white space. It also collects the page's metadata, as readPageMeta
// does. Tags left open are closed by their end tags only, so a page whose
// markup is broken may lose text after an unclosed furniture element.
func streamHTML(data []byte) (string, pageMeta) {
	var m pageMeta
	var w textWriter
	w.b.Grow(len(data))
	z := html.NewTokenizer(bytes.NewReader(data))
	// depth counts open elements whose text is left out, by atom (or by
	// name, for the hidden attribute), so that nesting ends them right.
	skip := map[string]int{}
	skipping := 0
	pre := 0
	var inTitle, inLD bool
	var titleText, ldText strings.Builder
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			if w.b.Len() > 0 {
				w.b.WriteByte('\n') // as textWriter.String ends it, without a copy
			}
			return w.b.String(), m
		case html.TextToken:
			// The token's bytes live until the next token; the writer
			// copies what it keeps.
			raw := z.Text()
			t := unsafe.String(unsafe.SliceData(raw), len(raw))
			switch {
			case inTitle:
				titleText.WriteString(t)
			case inLD:
				ldText.WriteString(t)
			case skipping > 0:
			case pre > 0:
				w.pre(t)
			default:
				w.text(t)
			}
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			name, hasAttr := z.TagName()
			a := atom.Lookup(name)
			var attrs map[string]string
			if hasAttr {
				attrs = map[string]string{}
			}
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				if _, seen := attrs[string(k)]; !seen {
					attrs[string(k)] = string(v)
				}
			}
			key := string(name)
			if tt == html.EndTagToken {
				switch {
				case a == atom.Title && inTitle:
					inTitle = false
					if m.title == "" {
						setMeta(&m.title, titleText.String())
					}
				case a == atom.Script && inLD:
					inLD = false
					if !m.ld.found {
						m.ld = readJSONLD(ldText.String())
					}
				}
				if skip[key] > 0 {
					skip[key]--
					skipping--
				}
				if a == atom.Pre && pre > 0 {
					pre--
				}
				if blockElems[a] {
					w.breakLine(2)
				}
				continue
			}
			switch a {
			case atom.Meta:
				m.meta(strings.ToLower(firstOf(attrs["property"], attrs["name"], attrs["itemprop"])), attrs["content"])
			case atom.Link:
				if isCanonicalLink(attrs["rel"]) {
					setMeta(&m.canonical, attrs["href"])
				}
			case atom.Time:
				m.time(attrs["itemprop"], hasKey(attrs, "pubdate"), attrs["datetime"])
			case atom.Title:
				inTitle = tt == html.StartTagToken
				titleText.Reset()
			case atom.Script:
				inLD = tt == html.StartTagToken && strings.EqualFold(strings.TrimSpace(attrs["type"]), "application/ld+json")
				ldText.Reset()
			}
			if tt == html.SelfClosingTagToken || isVoid(a) {
				if a == atom.Br && skipping == 0 {
					w.breakLine(1)
				}
				continue
			}
			if hiddenElems[a] || furnitureElems[a] || hasKey(attrs, "hidden") {
				skip[key]++
				skipping++
				continue
			}
			switch a {
			case atom.Td, atom.Th:
				if w.brk == 0 {
					w.space = true
				}
			case atom.Pre:
				pre++
			case atom.Body:
				// A page without </head> ends its head here.
				if n := skip["head"]; n > 0 {
					skip["head"] = 0
					skipping -= n
				}
			}
			if blockElems[a] {
				w.breakLine(2)
			}
		}
	}
}

func hasKey(m map[string]string, k string) bool {
	_, ok := m[k]
	return ok
}

// isVoid reports whether an element has no end tag.
func isVoid(a atom.Atom) bool {
	switch a {
	case atom.Area, atom.Base, atom.Br, atom.Col, atom.Embed, atom.Hr, atom.Img, atom.Input,
		atom.Link, atom.Meta, atom.Source, atom.Track, atom.Wbr:
		return true
	}
	return false
}
