package document

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"
)

// item is one document of a file that holds many, before it has its ID.
type item struct {
	key string // the item's own ID (JSON id, feed GUID or link), or ""
	pos int    // its position: line number in JSON Lines, 1-based index otherwise
	doc *Document
	err error // why the item cannot be used
}

// readFeed reads an RSS, Atom or JSON Feed file: each item a document,
// with the channel's title as its source. The whole file is refused with
// [ErrMalformed] when it does not parse and with [ErrNoItems] when it has
// no items; an item without text is refused with [ErrNoText].
func readFeed(data []byte) ([]item, error) {
	f, err := parseFeed(utf8XMLDecl(data))
	if err != nil {
		if errors.Is(err, gofeed.ErrFeedTypeNotDetected) {
			return nil, fmt.Errorf("%w: not an RSS, Atom or JSON feed", ErrNoDocuments)
		}
		return nil, fmt.Errorf("%w feed: %s", ErrMalformed, oneLine(err.Error()))
	}
	if len(f.Items) == 0 {
		return nil, ErrNoItems
	}
	source := plainLine(f.Title)
	items := make([]item, len(f.Items))
	for i, it := range f.Items {
		items[i].pos = i + 1
		if it == nil {
			items[i].err = ErrNoText
			continue
		}
		items[i].key = firstOf(strings.TrimSpace(it.GUID), strings.TrimSpace(it.Link))
		text := markupText(it.Content)
		if !hasWord(text) {
			text = markupText(it.Description)
		}
		if !hasWord(text) {
			items[i].err = fmt.Errorf("%w (neither content nor description has words)", ErrNoText)
			continue
		}
		doc := &Document{Text: []byte(text), Source: source, Title: plainLine(it.Title), URL: strings.TrimSpace(it.Link)}
		var authors []string
		for _, p := range it.Authors {
			if p != nil && oneLine(p.Name) != "" {
				authors = append(authors, oneLine(p.Name))
			}
		}
		if len(authors) == 0 && it.DublinCoreExt != nil {
			authors = it.DublinCoreExt.Creator
		}
		doc.Author = stripBy(strings.Join(authors, ", "))
		if p := it.PublishedParsed; p != nil && inRange(*p) {
			doc.Published = p.UTC()
		}
		if u := it.UpdatedParsed; u != nil && inRange(*u) && revised(f.FeedType, it) {
			doc.Updated = u.UTC()
		}
		items[i].doc = doc
	}
	return items, nil
}

// inRange reports whether t is in the years read, 1900 to 2200 (in UTC).
func inRange(t time.Time) bool {
	y := t.UTC().Year()
	return y >= 1900 && y <= 2200
}

// revised reports whether an item's update time, when it has one, is the
// time its text was last revised, distinct from its publication time: an
// Atom entry's updated when the entry also has a published (without one,
// the parser gives updated as published too, and it stays that); a JSON
// Feed item's date_modified; an RSS item's atom:updated (not its
// dc:date, which RSS uses for publication).
func revised(feedType string, it *gofeed.Item) bool {
	switch feedType {
	case "atom":
		return it.Published != "" && it.Published != it.Updated
	case "rss":
		return it.DublinCoreExt == nil || len(it.DublinCoreExt.Date) == 0
	}
	return true
}

// parseFeed runs the feed parser. A feed that makes it panic (gofeed
// v1.4.2 does on a JSON Feed with a null item) is malformed, not a reason
// to stop the run.
func parseFeed(data []byte) (f *gofeed.Feed, err error) {
	defer func() {
		if p := recover(); p != nil {
			f, err = nil, fmt.Errorf("the feed parser failed: %v", p)
		}
	}()
	return gofeed.NewParser().Parse(bytes.NewReader(data))
}

// reXMLDecl finds an XML declaration's encoding.
var reXMLDecl = regexp.MustCompile(`^(\s*<\?xml[^>]*?encoding\s*=\s*["'])([^"']*)(["'])`)

// utf8XMLDecl: a feed that arrived in UTF-16 has been decoded to UTF-8
// already, so a declaration saying UTF-16 must say UTF-8 now.
func utf8XMLDecl(data []byte) []byte {
	m := reXMLDecl.FindSubmatchIndex(data)
	if m == nil || !strings.HasPrefix(strings.ToLower(string(data[m[4]:m[5]])), "utf-16") {
		return data
	}
	out := make([]byte, 0, len(data))
	out = append(out, data[:m[4]]...)
	out = append(out, "UTF-8"...)
	return append(out, data[m[5]:]...)
}

var (
	reTag    = regexp.MustCompile(`(?i)<(?:/?[a-z][a-z0-9]*(?:\s[^>]*)?/?>|!--)`)
	reEntity = regexp.MustCompile(`&(?:[a-zA-Z][a-zA-Z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});`)
)

// markupText turns a feed or JSON field into plain text: HTML (a tag or an
// entity) is rendered as [htmlText] does; plain text keeps its lines, with
// CRLF made LF, trailing spaces dropped and the whole trimmed. The result
// ends with a newline unless it is empty.
func markupText(s string) string {
	// A feed's parser may pass bytes that are not UTF-8 through.
	s = strings.ToValidUTF8(s, "\uFFFD")
	if reTag.MatchString(s) || reEntity.MatchString(s) {
		root, err := html.Parse(strings.NewReader(s))
		if err != nil {
			return ""
		}
		return htmlText(root, false)
	}
	s = strings.TrimSpace(s)
	if !strings.ContainsAny(s, "\r\t\f\v") && !strings.Contains(s, " \n") && !strings.Contains(s, "\n\n\n") {
		if s == "" {
			return ""
		}
		return s + "\n" // nothing to tidy: one copy, not four
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t\r\f\v")
	}
	s = strings.Join(lines, "\n")
	// Paragraphs are separated by one blank line.
	for strings.Contains(s, "\n\n\n") {
		s = strings.ReplaceAll(s, "\n\n\n", "\n\n")
	}
	if s == "" {
		return ""
	}
	return s + "\n"
}

// plainLine makes a title or name one line of plain text.
func plainLine(s string) string {
	if reTag.MatchString(s) || reEntity.MatchString(s) {
		return oneLine(markupText(s))
	}
	return oneLine(s)
}

// itemPos names an item in an error: "item 3" or "line 7".
func itemPos(label string, pos int) string { return label + " " + strconv.Itoa(pos) }
