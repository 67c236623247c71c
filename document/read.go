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
	// than named directly. A walked file that holds no documents (a
	// manifest, a sitemap), or whose name has no known extension and
	// whose content is not text, is passed over without an error (see
	// [PassedOver]).
	Walked bool
	// Root is the folder named that a walked file was found under. When
	// it is set, a symbolic link to a file outside it is refused with
	// [ErrLinkOutside] unless [Options].FollowLinks.
	Root string

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

// Readable reports whether a file found in a folder is read (see [Find]):
// every file that is not left alone by its name ([SkipName]) is, whatever
// its extension; its content then decides, and a file of no known
// extension whose content is not text is passed over ([PassedOver]).
func Readable(path string) bool {
	return !skipName(filepath.Base(path))
}

// knownExt reports whether path's extension names a format.
func knownExt(path string) bool {
	_, ok := extFormats[strings.ToLower(filepath.Ext(path))]
	return ok
}

// PassedOver reports whether err, met reading in, passes the file over
// without an error: in is a file found in a folder, and it holds no
// documents at all (err wraps [ErrNoDocuments]: JSON, JSON Lines or XML
// of another kind), or its name has no known extension and its content is
// not text (err wraps [ErrBinary], [ErrEncoding], [ErrInvalidUTF8],
// [ErrEmpty], [ErrMalformed] or [ErrNoItems]). A file named directly is
// never passed over.
func PassedOver(in Input, err error) bool {
	if !in.Walked || err == nil {
		return false
	}
	if errors.Is(err, ErrNoDocuments) {
		return true
	}
	if knownExt(in.Path) {
		return false
	}
	for _, e := range []error{ErrBinary, ErrEncoding, ErrInvalidUTF8, ErrEmpty, ErrMalformed, ErrNoItems} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

// FileID is the ID of a file at rel, a path relative to the folder named
// or a base name: rel with forward slashes, and each byte that is not
// part of valid UTF-8 written \xHH (lower-case hex), so that two names
// that differ in such bytes keep distinct IDs, the ID is valid UTF-8 (as
// JSON needs), and the name can be read back from it.
func FileID(rel string) string {
	id := filepath.ToSlash(rel)
	if utf8.ValidString(id) {
		return id
	}
	var b strings.Builder
	for i := 0; i < len(id); {
		r, size := utf8.DecodeRuneInString(id[i:])
		if r == utf8.RuneError && size == 1 {
			fmt.Fprintf(&b, `\x%02x`, id[i])
		} else {
			b.WriteString(id[i : i+size])
		}
		i += size
	}
	return b.String()
}

// specialKind names the kind of a file that is not regular.
func specialKind(m fs.FileMode) string {
	switch t := m.Type(); {
	case m.IsDir():
		return "is a directory"
	case t&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case t&fs.ModeSocket != 0:
		return "a socket"
	case t&fs.ModeDevice != 0, t&fs.ModeCharDevice != 0:
		return "a device"
	case t&fs.ModeSymlink != 0:
		return "a symbolic link"
	default:
		return t.String()
	}
}

// isSidecarName reports whether name is a sidecar's (in any case).
func isSidecarName(name string) bool {
	return strings.HasSuffix(strings.ToLower(name), sidecarSuffix)
}

// Find lists the input files under paths: a file is itself (its ID is its
// base name), read whatever its name; a folder is walked recursively for
// every file not left alone by its name ([SkipName]), whose IDs are paths
// relative to it (see [FileID]); which of them hold documents, their
// content tells when they are read ([PassedOver]). Symbolic links to
// files are listed (whether one out of the folder is read is
// [Options].FollowLinks's to say), links to folders are not followed (so
// a link loop ends), and other special files (named pipes, sockets,
// devices) come back as errors that wrap [ErrNotRegular]. Inputs come back
// sorted by ID, then path. Paths that cannot be listed come back as
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
			in := Input{Path: root, ID: FileID(filepath.Base(root))}
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
			switch typ := d.Type(); {
			case d.IsDir(), typ.IsRegular():
				if d.IsDir() {
					return nil
				}
			case typ&fs.ModeSymlink != 0:
				// A link to a folder is not followed; a dangling link is
				// listed, and reading it says why it cannot be read.
				if fi, err := os.Stat(path); err == nil && fi.IsDir() {
					return nil
				}
			default:
				errs = append(errs, &FileError{path, fmt.Errorf("%w: %s", ErrNotRegular, specialKind(typ))})
				return nil
			}
			rel, err := relPath(walkRoot, path)
			if err != nil {
				return err
			}
			in := Input{Path: path, ID: FileID(rel), Walked: true, Root: root}
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
