package document

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Elements whose content is never article text.
var hiddenElems = map[atom.Atom]bool{
	atom.Head: true, atom.Script: true, atom.Style: true, atom.Noscript: true,
	atom.Template: true, atom.Svg: true, atom.Math: true, atom.Iframe: true,
	atom.Object: true, atom.Embed: true, atom.Canvas: true, atom.Audio: true,
	atom.Video: true, atom.Button: true, atom.Select: true, atom.Textarea: true,
	atom.Input: true, atom.Title: true,
}

// Elements that are page furniture, not article, when a whole page is
// rendered without an extractor.
var furnitureElems = map[atom.Atom]bool{
	atom.Nav: true, atom.Header: true, atom.Footer: true, atom.Aside: true,
	atom.Form: true, atom.Menu: true, atom.Dialog: true,
}

// Elements that start and end a paragraph.
var blockElems = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Section: true, atom.Article: true,
	atom.Main: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true,
	atom.H5: true, atom.H6: true, atom.Ul: true, atom.Ol: true, atom.Li: true,
	atom.Dl: true, atom.Dt: true, atom.Dd: true, atom.Blockquote: true,
	atom.Pre: true, atom.Table: true, atom.Thead: true, atom.Tbody: true,
	atom.Tfoot: true, atom.Tr: true, atom.Caption: true, atom.Figure: true,
	atom.Figcaption: true, atom.Hr: true, atom.Address: true, atom.Header: true,
	atom.Footer: true, atom.Aside: true, atom.Nav: true, atom.Details: true,
	atom.Summary: true, atom.Fieldset: true, atom.Form: true, atom.Body: true,
	atom.Center: true, atom.Picture: true,
}

// htmlText renders the text under n as plain text: runs of white space
// become one space, block elements are paragraphs separated by a blank
// line, <br> is a line break, <pre> keeps its white space, and table cells
// are separated by a space. Paragraphs are trimmed; the result ends with a
// newline unless it is empty. With furniture set, navigation, headers,
// footers, asides and forms are left out.
func htmlText(n *html.Node, furniture bool) string {
	var w textWriter
	w.render(n, furniture, false)
	return w.String()
}

// textWriter collects words, spaces and breaks, writing a space or break
// only between words, so that nothing dangles at paragraph edges.
type textWriter struct {
	b     strings.Builder
	space bool // a space is due before the next word
	brk   int  // 0, or 1 (line) or 2 (paragraph) breaks due before the next word
}

func (w *textWriter) String() string {
	if w.b.Len() == 0 {
		return ""
	}
	return w.b.String() + "\n"
}

// breakLine asks for n line breaks (1 or 2) before the next word.
func (w *textWriter) breakLine(n int) {
	w.brk = max(w.brk, n)
	w.space = false
}

// word writes s, which has no white space to collapse, after any space or
// break that is due.
func (w *textWriter) word(s string) {
	if strings.TrimSpace(s) == "" { // empty, or only no-break and other Unicode spaces
		if s != "" && w.brk == 0 {
			w.space = true
		}
		return
	}
	if w.b.Len() > 0 {
		switch {
		case w.brk > 0:
			w.b.WriteString("\n\n"[:w.brk])
		case w.space:
			w.b.WriteByte(' ')
		}
	}
	w.brk, w.space = 0, false
	w.b.WriteString(s)
}

// text writes a text node's content, collapsing ASCII white space (HTML's
// white space; a no-break space is text).
func (w *textWriter) text(s string) {
	start := -1
	for i := 0; i < len(s); i++ {
		if isHTMLSpace(s[i]) {
			if start >= 0 {
				w.word(s[start:i])
				start = -1
			}
			if w.brk == 0 {
				w.space = true
			}
			continue
		}
		if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		w.word(s[start:])
	}
}

// pre writes preformatted text line by line, keeping spaces within lines.
func (w *textWriter) pre(s string) {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	for i, line := range strings.Split(s, "\n") {
		if i > 0 {
			w.breakLine(1)
		}
		line = strings.TrimRight(line, " \t\r\f")
		w.word(line)
	}
}

func (w *textWriter) render(n *html.Node, furniture, inPre bool) {
	switch n.Type {
	case html.TextNode:
		if inPre {
			w.pre(n.Data)
		} else {
			w.text(n.Data)
		}
		return
	case html.ElementNode:
	case html.DocumentNode:
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			w.render(c, furniture, inPre)
		}
		return
	default: // comments, doctypes
		return
	}
	a := n.DataAtom
	if hiddenElems[a] || furniture && furnitureElems[a] || hasAttr(n, "hidden") {
		return
	}
	switch a {
	case atom.Br:
		w.breakLine(1)
		return
	case atom.Td, atom.Th:
		if w.brk == 0 {
			w.space = true
		}
	case atom.Pre:
		inPre = true
	}
	block := blockElems[a]
	if block {
		w.breakLine(2)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.render(c, furniture, inPre)
	}
	if block {
		w.breakLine(2)
	}
}

func isHTMLSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

// attr returns the value of n's attribute key, or "".
func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}
