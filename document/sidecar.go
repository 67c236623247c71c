package document

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"os"
	"path/filepath"
	"time"
)

// maxSidecarSize is the largest sidecar read.
const maxSidecarSize = 1 << 20

// sidecar is the metadata in a NAME.meta.json file. Fields that are set
// override what the file itself says, for every document it holds.
type sidecar struct {
	Source    string `json:"source"`
	Title     string `json:"title"`
	URL       string `json:"url"`
	Canonical string `json:"canonical"`
	Author    string `json:"author"`
	// Published is a date (a string, as JSON documents take it) or Unix
	// seconds or milliseconds (a number).
	Published json.RawMessage `json:"published"`
	// Updated (or Modified, its other name) is the date the text was
	// last revised, written as Published is.
	Updated  json.RawMessage `json:"updated"`
	Modified json.RawMessage `json:"modified"`

	published, updated         time.Time
	publishedPrec, updatedPrec Precision
}

// sidecarPaths returns where the sidecar of the file at path may be:
// NAME.EXT.meta.json, then NAME.meta.json.
func sidecarPaths(path string) []string {
	out := []string{path + sidecarSuffix}
	if ext := filepath.Ext(path); ext != "" && ext != path {
		out = append(out, path[:len(path)-len(ext)]+sidecarSuffix)
	}
	return out
}

// findSidecar reads the sidecar of the file at path, if there is one. A
// sidecar that cannot be read or holds anything but the known fields is a
// [*FileError] naming it; the file is then read without it.
func findSidecar(path string) (*sidecar, error) {
	for _, p := range sidecarPaths(path) {
		fi, err := os.Stat(p)
		if err != nil {
			continue
		}
		if !fi.Mode().IsRegular() {
			return nil, &FileError{p, fmt.Errorf("sidecar: %w", ErrNotRegular)}
		}
		s, err := readSidecar(p)
		if err != nil {
			return nil, &FileError{p, fmt.Errorf("sidecar: %w", err)}
		}
		return s, nil
	}
	return nil, nil
}

func readSidecar(path string) (*sidecar, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, cause(err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxSidecarSize+1))
	if err != nil {
		return nil, cause(err)
	}
	if len(data) > maxSidecarSize {
		return nil, fmt.Errorf("%w: over %d bytes", ErrTooLarge, maxSidecarSize)
	}
	return parseSidecar(data)
}

// parseSidecar reads a sidecar's JSON: an object with any of source,
// title, url, canonical, author, published and updated (or modified),
// all strings but the dates, which may also be numbers of seconds (or,
// above 1e11, milliseconds) since 1970, as in JSON documents. When both
// updated and modified are given, updated is read.
func parseSidecar(data []byte) (*sidecar, error) {
	text, _, err := decodeText(data)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(bytes.TrimPrefix(text, bomUTF8)))
	dec.DisallowUnknownFields()
	var s sidecar
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("%w JSON: %w", ErrMalformed, err)
	}
	if dec.More() {
		return nil, fmt.Errorf("%w JSON: more than one value", ErrMalformed)
	}
	if s.published, s.publishedPrec, err = sidecarTime("published", s.Published); err != nil {
		return nil, err
	}
	name, raw := "updated", s.Updated
	if isNull(raw) {
		name, raw = "modified", s.Modified
	}
	if s.updated, s.updatedPrec, err = sidecarTime(name, raw); err != nil {
		return nil, err
	}
	s.Source, s.Title, s.Author = oneLine(s.Source), oneLine(s.Title), oneLine(s.Author)
	s.URL, s.Canonical = oneLine(s.URL), oneLine(s.Canonical)
	return &s, nil
}

// isNull reports whether a JSON value is absent or null.
func isNull(raw json.RawMessage) bool {
	p := bytes.TrimSpace(raw)
	return len(p) == 0 || bytes.Equal(p, []byte("null"))
}

// sidecarTime reads the date of the sidecar's field name: absent, null
// or "" (unknown, zero), a date or a number of Unix seconds or
// milliseconds. Anything else is [ErrMalformed].
func sidecarTime(name string, raw json.RawMessage) (time.Time, Precision, error) {
	if isNull(raw) {
		return time.Time{}, 0, nil
	}
	var v any
	d := json.NewDecoder(bytes.NewReader(bytes.TrimSpace(raw)))
	d.UseNumber()
	if err := d.Decode(&v); err != nil {
		return time.Time{}, 0, fmt.Errorf("%w JSON: %s: %w", ErrMalformed, name, err)
	}
	switch x := v.(type) {
	case string:
		if x == "" {
			return time.Time{}, 0, nil
		}
		t, prec, ok := parseTime(x)
		if !ok {
			return time.Time{}, 0, fmt.Errorf("%w: cannot read %s date %q", ErrMalformed, name, x)
		}
		return t, prec, nil
	case json.Number:
		t, prec := jsonTime(x)
		if t.IsZero() {
			return time.Time{}, 0, fmt.Errorf("%w: %s %s is no time from 1970 to 2200 in Unix seconds or milliseconds", ErrMalformed, name, x)
		}
		return t, prec, nil
	}
	return time.Time{}, 0, fmt.Errorf("%w: %s is a JSON %s, not a date or a number", ErrMalformed, name, jsonKind(v))
}

// apply overrides d's metadata with the sidecar's.
func (s *sidecar) apply(d *Document) {
	for _, f := range []struct {
		dst *string
		v   string
	}{
		{&d.Source, s.Source}, {&d.Title, s.Title}, {&d.URL, s.URL}, {&d.Canonical, s.Canonical}, {&d.Author, s.Author},
	} {
		if f.v != "" {
			*f.dst = f.v
		}
	}
	if !s.published.IsZero() {
		d.SetPublished(s.published, s.publishedPrec)
	}
	if !s.updated.IsZero() {
		d.SetUpdated(s.updated, s.updatedPrec)
	}
}
