package htmlreport

import (
	"bytes"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/provenance-dev/provenance/report"
)

// render writes out and parses the page. Template contents are children
// of their template elements in the tree x/net/html builds.
func render(t *testing.T, out *report.Output, opt Options) (string, *html.Node) {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, out, opt); err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	return b.String(), doc
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func hasClass(n *html.Node, c string) bool {
	v, _ := attr(n, "class")
	return n.Type == html.ElementNode && strings.Contains(" "+v+" ", " "+c+" ")
}

// all returns the elements under n, n too, that match.
func all(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && match(n) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

func one(t *testing.T, n *html.Node, what string, match func(*html.Node) bool) *html.Node {
	t.Helper()
	got := all(n, match)
	if len(got) != 1 {
		t.Fatalf("%d elements %s, want 1", len(got), what)
	}
	return got[0]
}

func byID(id string) func(*html.Node) bool {
	return func(n *html.Node) bool { v, ok := attr(n, "id"); return ok && v == id }
}

func byClass(tag, class string) func(*html.Node) bool {
	return func(n *html.Node) bool { return (tag == "" || n.Data == tag) && hasClass(n, class) }
}

func byAttr(tag, key, val string) func(*html.Node) bool {
	return func(n *html.Node) bool { v, ok := attr(n, key); return (tag == "" || n.Data == tag) && ok && v == val }
}

// text is the DOM's textContent of n.
func text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}
