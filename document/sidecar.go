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
	Source string `json:"source"`
	Title  string `json:"title"`
	URL    string `json:"url"`
	Author string `json:"author"`
	// Published is a date (a string, as JSON documents take it) or Unix
	// seconds or milliseconds (a number).
	Published json.RawMessage `json:"published"`

	published time.Time
	day       bool
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
// title, url, author and published, all strings but published, which may
// also be a number of seconds (or, above 1e11, milliseconds) since 1970,
// as in JSON documents.
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
	if p := bytes.TrimSpace(s.Published); len(p) > 0 && !bytes.Equal(p, []byte("null")) {
		var v any
		d := json.NewDecoder(bytes.NewReader(p))
		d.UseNumber()
		if err := d.Decode(&v); err != nil {
			return nil, fmt.Errorf("%w JSON: published: %w", ErrMalformed, err)
		}
		switch x := v.(type) {
		case string:
			if x != "" {
				var ok bool
				if s.published, s.day, ok = parseTime(x); !ok {
					return nil, fmt.Errorf("%w: cannot read published date %q", ErrMalformed, x)
				}
			}
		case json.Number:
			if s.published, s.day = jsonTime(x); s.published.IsZero() {
				return nil, fmt.Errorf("%w: published %s is no time from 1970 to 2200 in Unix seconds or milliseconds", ErrMalformed, x)
			}
		default:
			return nil, fmt.Errorf("%w: published is a JSON %s, not a date or a number", ErrMalformed, jsonKind(v))
		}
	}
	s.Source, s.Title, s.URL, s.Author = oneLine(s.Source), oneLine(s.Title), oneLine(s.URL), oneLine(s.Author)
	return &s, nil
}

// apply overrides d's metadata with the sidecar's.
func (s *sidecar) apply(d *Document) {
	for _, f := range []struct {
		dst *string
		v   string
	}{
		{&d.Source, s.Source}, {&d.Title, s.Title}, {&d.URL, s.URL}, {&d.Author, s.Author},
	} {
		if f.v != "" {
			*f.dst = f.v
		}
	}
	if !s.published.IsZero() {
		d.Published, d.PublishedDay = s.published, s.day
	}
}
