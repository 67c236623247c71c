package document

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"time"
)

// Fields are the names of the JSON fields a document's parts are read
// from. Each part lists names tried in order; a name may be a dotted path
// into nested objects ("site.name"). A nil list means the default
// ([DefaultFields]).
type Fields struct {
	ID, URL, Canonical, Source, Title, Published, Updated, Author, Text []string
}

// DefaultFields returns the field names read when none are set.
func DefaultFields() Fields {
	return Fields{
		ID:        []string{"id", "guid"},
		URL:       []string{"url", "link"},
		Canonical: []string{"canonical", "canonical_url", "canonicalUrl"},
		Source:    []string{"source", "site"},
		Title:     []string{"title", "headline"},
		Published: []string{"published", "date", "published_at", "datePublished"},
		Updated:   []string{"updated", "modified", "date_modified", "updated_at", "modified_at", "dateModified"},
		Author:    []string{"author", "byline"},
		Text:      []string{"text", "content", "body"},
	}
}

// fieldParts maps the part names used by [Fields.Set] to their lists.
func (f *Fields) fieldParts() map[string]*[]string {
	return map[string]*[]string{
		"id": &f.ID, "url": &f.URL, "canonical": &f.Canonical, "source": &f.Source, "title": &f.Title,
		"published": &f.Published, "updated": &f.Updated, "author": &f.Author, "text": &f.Text,
	}
}

// Set reads one field setting, PART=NAME[,NAME...], where PART is id, url,
// canonical, source, title, published, updated, author or text:
// "text=body,summary". It replaces that part's names.
func (f *Fields) Set(spec string) error {
	part, list, ok := strings.Cut(spec, "=")
	dst := f.fieldParts()[strings.ToLower(strings.TrimSpace(part))]
	if !ok || dst == nil {
		return fmt.Errorf("want PART=NAME[,NAME...] with PART one of id, url, canonical, source, title, published, updated, author, text; got %q", spec)
	}
	var names []string
	for _, n := range strings.Split(list, ",") {
		if n = strings.TrimSpace(n); n != "" {
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		return fmt.Errorf("no field names in %q", spec)
	}
	*dst = names
	return nil
}

// withDefaults fills the parts that are not set.
func (f Fields) withDefaults() Fields {
	d := DefaultFields()
	for part, dst := range f.fieldParts() {
		if *dst == nil {
			*dst = *d.fieldParts()[part]
		}
	}
	return f
}

// containerKeys are the keys of a top-level object whose array holds the
// documents, in a file such as {"articles": [...]}.
var containerKeys = []string{"items", "articles", "documents", "docs", "data", "results", "entries", "posts"}

// readJSON reads a JSON file: one object is one document (returned as
// single); an array of objects, an object whose items/articles/... field
// is such an array, or several objects one after another are many. A file
// that does not parse is refused with [ErrMalformed]; one in which no
// object has a text field with [ErrNoDocuments].
func readJSON(data []byte, f Fields) (single *Document, items []item, err error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var values []any
	for {
		var v any
		err := dec.Decode(&v)
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, jsonError(err, dec.InputOffset(), len(data))
		}
		values = append(values, v)
	}
	if len(values) == 1 {
		if o, ok := values[0].(map[string]any); ok {
			if _, has := lookup(o, f.Text); has {
				doc, _, err := jsonDoc(o, f)
				return doc, nil, err
			}
			for _, k := range containerKeys {
				if a, ok := o[k].([]any); ok {
					values = a
					break
				}
			}
		} else if a, ok := values[0].([]any); ok {
			values = a
		}
	}
	shaped := false
	items = make([]item, len(values))
	for i, v := range values {
		items[i].pos = i + 1
		o, ok := v.(map[string]any)
		if !ok {
			items[i].err = fmt.Errorf("%w record: a JSON %s, not an object", ErrMalformed, jsonKind(v))
			continue
		}
		if _, has := lookup(o, f.Text); has {
			shaped = true
		}
		items[i].doc, items[i].key, items[i].err = jsonDoc(o, f)
	}
	if !shaped {
		return nil, nil, fmt.Errorf("%w: no object has a text field (%s)", ErrNoDocuments, strings.Join(f.Text, ", "))
	}
	return nil, items, nil
}

// jsonError describes a JSON syntax error at its byte offset.
func jsonError(err error, offset int64, size int) error {
	var se *json.SyntaxError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("%w JSON: cut off at byte %d (truncated)", ErrMalformed, size)
	case errors.As(err, &se):
		offset = se.Offset
	}
	return fmt.Errorf("%w JSON at byte %d: %w", ErrMalformed, offset, err)
}

// readJSONL reads JSON Lines: one object a line. A line that is not an
// object or has no text is refused on its own, and the others are read.
// A file in which no line is an object with a text field holds no
// documents: it is refused whole, with [ErrNoDocuments], or with
// [ErrMalformed] and the first bad line when some line is not JSON.
func readJSONL(data []byte, f Fields) ([]item, error) {
	var items []item
	n := 0
	shaped := false
	var bad error
	for line := range bytes.Lines(data) {
		n++
		line = bytes.TrimSpace(line)
		if n == 1 {
			line = bytes.TrimPrefix(line, bomUTF8)
		}
		if len(line) == 0 {
			continue
		}
		it := item{pos: n}
		var v any
		dec := json.NewDecoder(bytes.NewReader(line))
		dec.UseNumber()
		err := dec.Decode(&v)
		if err == nil && dec.More() {
			err = errors.New("more than one JSON value on the line")
		}
		if err != nil {
			it.err = fmt.Errorf("%w JSON: %w", ErrMalformed, err)
			if bad == nil {
				bad = fmt.Errorf("line %d: %w", n, it.err)
			}
			items = append(items, it)
			continue
		}
		o, ok := v.(map[string]any)
		if !ok {
			it.err = fmt.Errorf("%w record: a JSON %s, not an object", ErrMalformed, jsonKind(v))
			items = append(items, it)
			continue
		}
		if _, has := lookup(o, f.Text); has {
			shaped = true
		}
		it.doc, it.key, it.err = jsonDoc(o, f)
		items = append(items, it)
	}
	switch {
	case shaped || len(items) == 0:
		return items, nil
	case bad != nil:
		return nil, bad
	}
	return nil, fmt.Errorf("%w: no line holds an object with a text field (%s)", ErrNoDocuments, strings.Join(f.Text, ", "))
}

// jsonDoc makes a document of one JSON object, and returns its own ID.
func jsonDoc(o map[string]any, f Fields) (*Document, string, error) {
	tv, ok := lookup(o, f.Text)
	if !ok {
		return nil, "", fmt.Errorf("%w: the record has no text field (%s)", ErrNoText, strings.Join(f.Text, ", "))
	}
	ts, ok := tv.(string)
	if !ok {
		return nil, "", fmt.Errorf("%w record: its text is a JSON %s, not a string", ErrMalformed, jsonKind(tv))
	}
	text := markupText(ts)
	if !hasWord(text) {
		return nil, "", ErrNoText
	}
	doc := &Document{Text: []byte(text)}
	key := ""
	if v, ok := lookup(o, f.ID); ok {
		key = scalar(v)
	}
	if v, ok := lookup(o, f.URL); ok {
		doc.URL = oneLine(scalar(v))
	}
	if v, ok := lookup(o, f.Canonical); ok {
		doc.Canonical = oneLine(scalar(v))
	}
	if v, ok := lookup(o, f.Title); ok {
		doc.Title = plainLine(scalar(v))
	}
	if v, ok := lookup(o, f.Source); ok {
		doc.Source = names(v)
	}
	if v, ok := lookup(o, f.Author); ok {
		doc.Author = stripBy(names(v))
	}
	if v, ok := lookup(o, f.Published); ok {
		if t, prec := jsonTime(v); !t.IsZero() {
			doc.SetPublished(t, prec)
		}
	}
	if v, ok := lookup(o, f.Updated); ok {
		if t, prec := jsonTime(v); !t.IsZero() {
			doc.SetUpdated(t, prec)
		}
	}
	return doc, key, nil
}

// lookup returns the value of the first of names present in o; a name may
// be a dotted path into nested objects. A null value counts as absent.
func lookup(o map[string]any, names []string) (any, bool) {
	for _, n := range names {
		if v, ok := o[n]; ok && v != nil {
			return v, true
		}
		if !strings.Contains(n, ".") {
			continue
		}
		var cur any = o
		for _, part := range strings.Split(n, ".") {
			m, ok := cur.(map[string]any)
			if !ok {
				cur = nil
				break
			}
			cur = m[part]
		}
		if cur != nil {
			return cur, true
		}
	}
	return nil, false
}

// scalar returns a string or number as a trimmed string, else "".
func scalar(v any) string {
	switch x := v.(type) {
	case string:
		return strings.TrimSpace(x)
	case json.Number:
		return x.String()
	}
	return ""
}

// jsonTime reads a date: a string [parseTime] reads, or a number of
// seconds (or, above 1e11, milliseconds) since 1970. Anything else is
// unknown (zero).
func jsonTime(v any) (time.Time, Precision) {
	switch x := v.(type) {
	case string:
		t, prec, _ := parseTime(x)
		return t, prec
	case json.Number:
		f, err := x.Float64()
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || f < 0 {
			return time.Time{}, 0
		}
		if f > 1e11 {
			f /= 1000
		}
		if f > 7.3e9 { // past 2200
			return time.Time{}, 0
		}
		return time.Unix(int64(f), 0).UTC(), PrecisionTime
	}
	return time.Time{}, 0
}

func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case json.Number:
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	}
	return "object"
}

// isJSONFeed reports whether data is a JSON Feed (it names the spec's
// version URL near its start).
func isJSONFeed(data []byte) bool {
	head := data[:min(len(data), 4096)]
	i := bytes.Index(head, []byte(`"version"`))
	return i >= 0 && slices.ContainsFunc([]string{"https://jsonfeed.org/version/", "http://jsonfeed.org/version/"},
		func(s string) bool { return bytes.Contains(head[i:], []byte(s)) })
}
