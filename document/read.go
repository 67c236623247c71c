package document

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"
)

// DefaultMaxSize is the default limit on the size of one input file.
const DefaultMaxSize = 64 << 20

// Input is one file to read and the ID it will have.
type Input struct {
	Path string
	ID   string
	// Walked is set when the file was found by walking a folder rather
	// than named directly. A walked .json or .xml file that holds no
	// documents (a manifest, a sitemap) is passed over without an error.
	Walked bool

	// listed is what [Reader.Find] saw of the file, so that Read can
	// skip a system call; the zero value knows nothing.
	listed listing
}

// listing is what a listing saw of one input file.
type listing uint8

const (
	// listedRegular: the file was a regular file, not a link, so it can
	// be opened before it is looked at.
	listedRegular listing = 1 << iota
	// listedNoSidecar: the folder held no name of a sidecar
	// (*.meta.json, in any case), so there is none to look for.
	listedNoSidecar
)

// skipName reports whether a file or folder found while walking is left
// alone: hidden files, files still being written (*.tmp, *.part), and
// metadata sidecars (*.meta.json), which are read with their files.
func skipName(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasSuffix(name, ".tmp") || strings.HasSuffix(name, ".part") ||
		isSidecarName(name)
}

// SkipName reports whether a file or folder of this name is left alone
// when found in a folder: hidden files, files still being written (*.tmp,
// *.part), and metadata sidecars (*.meta.json, read with their files).
func SkipName(name string) bool { return skipName(name) }

// IsSidecar reports whether name is a metadata sidecar's, NAME.meta.json
// in any case, and returns NAME.
func IsSidecar(name string) (string, bool) {
	if !isSidecarName(name) {
		return "", false
	}
	return name[:len(name)-len(sidecarSuffix)], true
}

// Readable reports whether a file found in a folder is read for its
// extension (see [Find]).
func Readable(path string) bool {
	_, ok := extFormats[strings.ToLower(filepath.Ext(path))]
	return ok
}

// isSidecarName reports whether name is a sidecar's (in any case).
func isSidecarName(name string) bool {
	return strings.HasSuffix(strings.ToLower(name), sidecarSuffix)
}

// Find lists the input files under paths: a file is itself (its ID is its
// base name), read whatever its name; a folder is walked recursively for
// files of the known extensions (.txt, .text, .html, .htm, .xhtml, .json,
// .jsonl, .ndjson, .rss, .atom, .xml), whose IDs are paths relative to it.
// Symbolic links to files are followed, links to folders are not (so a
// link loop ends), and other special files are left alone. Inputs come
// back sorted by ID, then path. Paths that cannot be listed come back as
// [*FileError]s, and the walk goes on.
func Find(paths []string) ([]Input, []error) {
	return find(paths, false)
}

// find is [Find]; with note set, it also notes on each input what the
// listing saw of it (see [listing]).
func find(paths []string, note bool) ([]Input, []error) {
	var ins []Input
	var errs []error
	for _, root := range paths {
		info, err := os.Stat(root)
		if err != nil {
			errs = append(errs, &FileError{root, cause(err)})
			continue
		}
		if !info.IsDir() {
			in := Input{Path: root, ID: filepath.Base(root)}
			if note && info.Mode().IsRegular() {
				in.listed = listedRegular
			}
			ins = append(ins, in)
			continue
		}
		// WalkDir does not follow a symlink, not even the root: name a
		// symlinked folder with a trailing separator so that it is walked.
		walkRoot := root
		if li, err := os.Lstat(root); err == nil && li.Mode()&fs.ModeSymlink != 0 {
			walkRoot = root + string(filepath.Separator)
		}
		// sideDirs holds the folders (as the prefix of their files' paths)
		// that may hold a sidecar: those with a sidecar's name in them, and
		// those that could not be listed whole.
		first, sideDirs := len(ins), map[string]bool{}
		err = filepath.WalkDir(walkRoot, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				errs = append(errs, &FileError{path, cause(err)})
				if j := filepath.Join(path, "x"); d != nil && d.IsDir() {
					sideDirs[j[:len(j)-1]] = true
				}
				return nil
			}
			if path != walkRoot && skipName(d.Name()) {
				if isSidecarName(d.Name()) {
					sideDirs[path[:len(path)-len(d.Name())]] = true
				}
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.IsDir() || !d.Type().IsRegular() && d.Type()&fs.ModeSymlink == 0 {
				return nil
			}
			if _, ok := extFormats[strings.ToLower(filepath.Ext(path))]; !ok {
				return nil
			}
			rel, err := relPath(walkRoot, path)
			if err != nil {
				return err
			}
			in := Input{Path: path, ID: filepath.ToSlash(rel), Walked: true}
			if note && d.Type().IsRegular() {
				in.listed = listedRegular
			}
			ins = append(ins, in)
			return nil
		})
		if err != nil {
			errs = append(errs, &FileError{root, err})
		}
		for i := first; note && i < len(ins); i++ {
			if p := ins[i].Path; !sideDirs[p[:len(p)-len(filepath.Base(p))]] {
				ins[i].listed |= listedNoSidecar
			}
		}
	}
	slices.SortFunc(ins, func(a, b Input) int {
		if c := strings.Compare(a.ID, b.ID); c != 0 {
			return c
		}
		return strings.Compare(a.Path, b.Path)
	})
	// The first of several files with one ID wins; the rest are refused.
	out := ins[:0]
	for i, in := range ins {
		if i > 0 && in.ID == ins[i-1].ID {
			errs = append(errs, &FileError{in.Path, fmt.Errorf("%w %q (also %s)", ErrDuplicateID, in.ID, ins[i-1].Path)})
			continue
		}
		out = append(out, in)
	}
	return out, errs
}

// relPath is filepath.Rel(root, path) for a path found by walking root,
// with no work for the usual case of a path that is root, a separator
// and the rest, already clean.
func relPath(root, path string) (string, error) {
	if len(path) > len(root) && strings.HasPrefix(path, root) {
		if root[len(root)-1] == filepath.Separator {
			return path[len(root):], nil
		}
		if path[len(root)] == filepath.Separator {
			return path[len(root)+1:], nil
		}
	}
	return filepath.Rel(root, path)
}

// cause strips the path from an *fs.PathError, since FileError names it.
func cause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// ReadFile reads one input as plain text whatever its name (see [Reader]
// for the other formats), refusing files larger than maxSize bytes (0
// means [DefaultMaxSize]). UTF-16 with a byte-order mark and Windows-1252
// are decoded. Errors are [*FileError]s that wrap [ErrEmpty], [ErrBinary],
// [ErrInvalidUTF8], [ErrEncoding], [ErrTooLarge], [ErrNotRegular] or the
// I/O error.
func ReadFile(in Input, maxSize int64) (*Document, error) {
	docs, errs := NewReader(Options{Format: FormatText, MaxSize: maxSize}).Read(in)
	if len(errs) > 0 {
		return nil, errs[0]
	}
	return docs[0], nil
}

// ParseText checks that data is usable UTF-8 text and returns it as a
// document with the metadata its header lines give. It returns
// [ErrEmpty], [ErrBinary] or [ErrInvalidUTF8].
func ParseText(data []byte) (*Document, error) {
	return parseText(data, false)
}

// parseText is [ParseText]; checked says that data is known to be
// UTF-8 that is not empty or white space after its byte-order mark and
// has no NUL byte.
func parseText(data []byte, checked bool) (*Document, error) {
	body := bytes.TrimPrefix(data, bomUTF8)
	if !checked {
		if len(bytes.TrimSpace(body)) == 0 {
			return nil, ErrEmpty
		}
		if bytes.IndexByte(body, 0) >= 0 {
			return nil, ErrBinary
		}
		if !utf8.Valid(body) {
			off := validPrefix(body)
			return nil, fmt.Errorf("%w at byte %d", ErrInvalidUTF8, off+len(data)-len(body))
		}
	}
	if controlShare(body) > 0.1 {
		return nil, ErrBinary
	}
	doc := &Document{Text: data}
	parseHeader(doc, body)
	return doc, nil
}

func validPrefix(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return len(b)
}

// controlShare is the share of bytes that are control characters other
// than tab, line feed, carriage return and form feed.
func controlShare(b []byte) float64 {
	if len(b) == 0 {
		return 0 // not NaN, though that too is over no limit
	}
	n := 0
	i := 0
	// Eight bytes at a time: only a word with a byte under 0x20 or a DEL
	// is looked at byte by byte.
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	for ; i+8 <= len(b); i += 8 {
		w := binary.LittleEndian.Uint64(b[i:])
		del := w ^ 0x7f*ones
		if (w-0x20*ones)&^w&highs == 0 && (del-ones)&^del&highs == 0 {
			continue
		}
		n += countControl(b[i : i+8])
	}
	n += countControl(b[i:])
	return float64(n) / float64(len(b))
}

// countControl counts the bytes controlShare counts.
func countControl(b []byte) int {
	n := 0
	for _, c := range b {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' || c == 0x7f {
			n++
		}
	}
	return n
}
