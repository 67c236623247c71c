package document

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Format is an input format.
type Format string

// The formats. FormatAuto picks one for each file by its content and the
// extension of its name.
const (
	FormatAuto  Format = ""
	FormatText  Format = "text"
	FormatHTML  Format = "html"
	FormatJSON  Format = "json"
	FormatJSONL Format = "jsonl"
	FormatFeed  Format = "feed"
)

// Formats lists the format names [ParseFormat] accepts.
var Formats = []string{"auto", "text", "html", "json", "jsonl", "feed"}

// ParseFormat returns the format named s ("auto" or "" for FormatAuto).
func ParseFormat(s string) (Format, error) {
	switch f := Format(strings.ToLower(s)); f {
	case "auto", "":
		return FormatAuto, nil
	case FormatText, FormatHTML, FormatJSON, FormatJSONL, FormatFeed:
		return f, nil
	}
	return "", fmt.Errorf("unknown input format %q (want %s)", s, strings.Join(Formats, ", "))
}

// extFormats are the formats of the extensions read from folders.
var extFormats = map[string]Format{
	".txt": FormatText, ".text": FormatText,
	".html": FormatHTML, ".htm": FormatHTML, ".xhtml": FormatHTML,
	".json":  FormatJSON,
	".jsonl": FormatJSONL, ".ndjson": FormatJSONL,
	".rss": FormatFeed, ".atom": FormatFeed, ".xml": FormatFeed,
}

// sidecarSuffix ends the name of a metadata sidecar.
const sidecarSuffix = ".meta.json"

// Progress is told of a run's reading. Its methods are called from many
// goroutines at once.
type Progress interface {
	// Found is called once, after listing, with the number of files and
	// their total size.
	Found(files int, bytes int64)
	// Read is called after each file, usable or not, with its size.
	Read(in Input, bytes int64)
}

// Options configure a [Reader]. The zero value reads every format with the
// default limits and field names.
type Options struct {
	// Format forces one format for every file; FormatAuto chooses by
	// content and extension.
	Format Format
	// MaxSize is the largest file read, in bytes; 0 means
	// [DefaultMaxSize].
	MaxSize int64
	// Fields are the JSON field names; unset parts take the defaults.
	Fields Fields
	// Canon, when set, gives the canonical name of a source (an alias
	// table's); sources are stored under it.
	Canon func(string) string
	// Progress, when set, is told of the reading.
	Progress Progress
	// FollowLinks reads symbolic links found in folders to files outside
	// them; by default such a link is refused with [ErrLinkOutside].
	FollowLinks bool
	// Passed, when set, is told of each file passed over without an
	// error, and why (see [PassedOver]). It is called from many
	// goroutines at once.
	Passed func(in Input, why error)
}

// Sniffing: a file larger than sniffAt is looked at by its first
// sniffSize bytes before it is read whole, so that a large binary file
// (a 10 GB sparse file of zeros) is refused without being read.
const (
	sniffAt   = 1 << 20
	sniffSize = 8 << 10
)

// Reader reads input files of every format into documents. It is safe for
// concurrent use.
type Reader struct {
	opt    Options
	fields Fields
}

// NewReader returns a reader with the given options.
func NewReader(opt Options) *Reader {
	if opt.MaxSize <= 0 {
		opt.MaxSize = DefaultMaxSize
	}
	return &Reader{opt: opt, fields: opt.Fields.withDefaults()}
}

// Find lists the inputs under paths as the package's [Find] does, and
// tells the progress reporter how many there are and their total size.
// The inputs also carry what the listing saw of each file (whether it was
// a regular file, whether its folder held any sidecar), which spares
// [Reader.Read] a system call or two; a sidecar added after the listing is
// not read.
func (r *Reader) Find(paths []string) ([]Input, []error) {
	ins, errs := find(paths, true)
	if r.opt.Progress != nil {
		var total int64
		for _, in := range ins {
			if fi, err := os.Stat(in.Path); err == nil && fi.Mode().IsRegular() {
				total += fi.Size()
			}
		}
		r.opt.Progress.Found(len(ins), total)
	}
	return ins, errs
}

// Read reads one input: the documents it holds, and an error for each part
// that cannot be used: the whole file, or single items of a file that
// holds many. Every error is a one-line [*FileError]; see the package
// documentation for IDs and formats. A file found by walking a folder that
// turns out to hold no documents at all, or not to be text (see
// [PassedOver]), gives neither documents nor errors, and is told to
// [Options].Passed.
func (r *Reader) Read(in Input) ([]*Document, []error) {
	return r.read(in, nil)
}

// ReadBuffered is [Reader.Read] with the file read into *buf when it fits;
// when it does not, *buf is replaced by a larger buffer that it is read
// into. Reusing one buffer spares the allocation of, and the page faults
// on, fresh memory for each file. The documents' Text may share *buf's
// memory: the caller must be done with them before the next read into it.
func (r *Reader) ReadBuffered(in Input, buf *[]byte) ([]*Document, []error) {
	return r.read(in, buf)
}

func (r *Reader) read(in Input, buf *[]byte) ([]*Document, []error) {
	data, size, err := r.load(in, buf)
	if r.opt.Progress != nil {
		r.opt.Progress.Read(in, size)
	}
	if err != nil {
		if PassedOver(in, err) {
			r.passed(in, err)
			return nil, nil
		}
		return nil, []error{&FileError{in.Path, err}}
	}
	return r.ReadData(in, data)
}

// passed tells Options.Passed of a file passed over.
func (r *Reader) passed(in Input, why error) {
	if r.opt.Passed != nil {
		r.opt.Passed(in, why)
	}
}

// Load reads input in's file whole, as [Reader.Read] does before it
// parses it: a file that is not regular, or larger than the limit, or a
// link out of in.Root (see [Input]), is refused with a [*FileError]; so
// is a file over 1 MiB whose first bytes show it is binary, without
// being read whole. It returns the file's bytes. For a walked input,
// [PassedOver] tells whether the error is one to pass the file over
// without a word.
func (r *Reader) Load(in Input) ([]byte, error) {
	data, _, err := r.load(in, nil)
	if err != nil {
		return nil, &FileError{in.Path, err}
	}
	return data, nil
}

// ReadData is [Reader.Read] of a file whose bytes, data, were read
// already (see [Reader.Load]): the documents they hold, with the
// metadata of the file's sidecar, if any, and source names made
// canonical.
//
// A walked file passed over (see [PassedOver]) gives neither documents
// nor errors, and is told to [Options].Passed.
func (r *Reader) ReadData(in Input, data []byte) ([]*Document, []error) {
	docs, errs, passed := r.parse(in, data)
	if passed != nil {
		r.passed(in, passed)
		return nil, nil
	}
	if len(docs) > 0 && in.listed&listedNoSidecar == 0 {
		if side, err := findSidecar(in.Path); err != nil {
			errs = append(errs, err)
		} else if side != nil {
			for _, d := range docs {
				side.apply(d)
			}
		}
	}
	if r.opt.Canon != nil {
		for _, d := range docs {
			if d.Source != "" {
				d.Source = r.opt.Canon(d.Source)
			}
		}
	}
	return docs, errs
}

// load reads a file whole, refusing what is not a regular file, is a
// link out of its folder, or is larger than the limit, before reading
// it. It returns the file's size as listed, read or not.
//
// A file that is not known to be regular is looked at before it is
// opened, so that no special file is opened. One that [Reader.Find] saw as
// a regular file is opened first and looked at through the open file
// (see loadOpen); should that fail, or the file no longer be regular, it
// is looked at by name to tell why, as any other is.
func (r *Reader) load(in Input, buf *[]byte) (data []byte, size int64, err error) {
	if in.listed&listedRegular != 0 {
		if data, size, err = r.loadOpen(in, buf); err != errLookByName {
			return data, size, err
		}
	}
	if in.Root != "" && !r.opt.FollowLinks {
		if err := checkLink(in.Root, in.Path); err != nil {
			return nil, 0, err
		}
	}
	fi, err := os.Stat(in.Path)
	if err != nil {
		return nil, 0, cause(err)
	}
	if err := r.check(fi); err != nil {
		return nil, 0, err
	}
	f, err := os.OpenFile(in.Path, openFlags, 0)
	if err != nil {
		return nil, fi.Size(), cause(err)
	}
	defer f.Close()
	data, err = readOpen(r, in, f, fi.Size(), buf)
	if err != nil {
		return nil, fi.Size(), err
	}
	return data, fi.Size(), nil
}

// checkLink refuses path, found under root, when it is a symbolic link
// to a file outside root. A link that leads nowhere is let through: the
// read says why it cannot be read.
func checkLink(root, path string) error {
	li, err := os.Lstat(path)
	if err != nil || li.Mode()&fs.ModeSymlink == 0 {
		return nil
	}
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		return nil
	}
	base, err := filepath.EvalSymlinks(root)
	if err != nil {
		return nil
	}
	rel, err := filepath.Rel(base, target)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return ErrLinkOutside
	}
	return nil
}

// errLookByName is loadOpen's answer when a file could not be opened or
// is not regular: load then looks at it by name, to give the reason.
var errLookByName = errors.New("look by name")

// check refuses a file that is not regular.
func (r *Reader) check(fi os.FileInfo) error {
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("%w: %s", ErrNotRegular, specialKind(fi.Mode()))
	}
	return nil
}

// readOpen reads an open file of the given size whole, for r.load: a file
// over the limit is refused, and one larger than sniffAt is first looked
// at by its first bytes and refused with [ErrBinary] if they show it is
// binary; a file whose content decides its format is looked at before it
// is refused for its size, so that a large binary is passed over.
func readOpen[F io.Reader](r *Reader, in Input, f F, size int64, buf *[]byte) ([]byte, error) {
	byContent := in.Walked && !knownExt(in.Path)
	if size > r.opt.MaxSize && !byContent {
		return nil, tooLarge(size, r.opt.MaxSize)
	}
	var head []byte
	if size > sniffAt || size > r.opt.MaxSize {
		head = make([]byte, min(size, sniffSize))
		n, err := io.ReadFull(f, head)
		if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
			return nil, cause(err)
		}
		head = head[:n]
		if looksBinary(head, byContent) {
			return nil, ErrBinary
		}
	}
	if size > r.opt.MaxSize {
		return nil, tooLarge(size, r.opt.MaxSize)
	}
	return readAll(f, size, r.opt.MaxSize, buf, head)
}

// looksBinary reports whether the first bytes of a file show it is not
// text: a NUL byte (UTF-16 with a byte-order mark aside). With strict set,
// for a file whose name says nothing of its format, also more than a
// tenth of control characters, or bytes that are not UTF-8 and of which
// more than a third are above 0x7f (Windows-1252 text has few).
func looksBinary(head []byte, strict bool) bool {
	if bytes.HasPrefix(head, bomUTF16LE) || bytes.HasPrefix(head, bomUTF16BE) {
		return false
	}
	if bytes.IndexByte(head, 0) >= 0 {
		return true
	}
	if !strict {
		return false
	}
	body := bytes.TrimPrefix(head, bomUTF8)
	if controlShare(body) > 0.1 {
		return true
	}
	// A character cut at the end of the head is no sign of anything.
	valid := body
	for i := 1; i <= 3 && i <= len(body); i++ {
		if utf8.RuneStart(body[len(body)-i]) {
			if !utf8.FullRune(body[len(body)-i:]) {
				valid = body[:len(body)-i]
			}
			break
		}
	}
	if utf8.Valid(valid) {
		return false
	}
	high := 0
	for _, c := range body {
		if c >= 0x80 {
			high++
		}
	}
	return high*3 > len(body)
}

// readAll reads f, a file of the given size, whole; head, when set, is
// what was read of it already. A file that reads as long as its size
// takes one read, into a buffer of that size and a byte more; a file that
// has grown since is read on up to the limit plus one byte, and refused
// beyond the limit. The buffer is *into if that is large enough;
// otherwise a new one, which replaces *into (into may be nil).
func readAll[F io.Reader](f F, size, limit int64, into *[]byte, head []byte) ([]byte, error) {
	var buf []byte
	switch {
	case into != nil && int64(cap(*into)) > size:
		buf = (*into)[:size+1]
	case into != nil:
		buf = make([]byte, size+1)
		*into = buf
	default:
		buf = make([]byte, size+1)
	}
	n := copy(buf, head)
	if size > 0 && int64(n) == size {
		return buf[:n:n], nil
	}
	for n < len(buf) {
		m, err := f.Read(buf[n:])
		n += m
		if err == io.EOF || size > 0 && int64(n) == size {
			return buf[:n:n], nil
		}
		if err != nil {
			return nil, cause(err)
		}
	}
	// The file has grown since: read no more than the limit allows.
	rest, err := io.ReadAll(io.LimitReader(f, limit+1-int64(n)))
	if err != nil {
		return nil, cause(err)
	}
	data := append(buf, rest...)
	if int64(len(data)) > limit {
		return nil, tooLarge(-1, limit)
	}
	return data, nil
}

func tooLarge(size, limit int64) error {
	if size < 0 {
		return fmt.Errorf("%w: over the limit of %d bytes (see --max-size)", ErrTooLarge, limit)
	}
	return fmt.Errorf("%w: %d bytes, over the limit of %d (see --max-size)", ErrTooLarge, size, limit)
}

// Parse reads the documents in data, the content of input in, as [Read]
// does, without touching the file system (no sidecar, no progress, no
// source names made canonical).
//
// A walked file passed over (see [PassedOver]) gives neither documents
// nor errors.
func (r *Reader) Parse(in Input, data []byte) ([]*Document, []error) {
	docs, errs, _ := r.parse(in, data)
	return docs, errs
}

// parse is [Reader.Parse]; when the file is passed over, passed is why,
// and docs and errs are nil.
func (r *Reader) parse(in Input, data []byte) (docs []*Document, errs []error, passed error) {
	docs, errs = r.parseData(in, data)
	if len(docs) == 0 && len(errs) == 1 && PassedOver(in, errs[0]) {
		return nil, nil, errs[0]
	}
	return docs, errs, nil
}

// parseData reads the documents in data, with no file passed over.
func (r *Reader) parseData(in Input, data []byte) (docs []*Document, errs []error) {
	var format Format
	defer func() {
		for _, d := range docs {
			d.Format = format
		}
	}()
	fail := func(err error) ([]*Document, []error) { return nil, []error{&FileError{in.Path, err}} }
	decoded := false // data is no longer the file's bytes but decoded UTF-16
	if len(bytes.TrimSpace(bytes.TrimPrefix(data, bomUTF8))) == 0 {
		return fail(ErrEmpty)
	}
	if bytes.HasPrefix(data, bomUTF16LE) || bytes.HasPrefix(data, bomUTF16BE) {
		text, _, err := decodeText(data)
		if err != nil {
			return fail(err)
		}
		if len(bytes.TrimSpace(text)) == 0 {
			return fail(ErrEmpty)
		}
		data, decoded = text, true
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return fail(ErrBinary)
	}
	ext := strings.ToLower(filepath.Ext(in.Path))
	if in.Walked && !knownExt(in.Path) && looksBinary(data[:min(len(data), sniffSize)], true) {
		return fail(ErrBinary) // passed over: its name promised nothing
	}
	format = r.opt.Format
	if format == FormatAuto {
		format = detect(ext, data)
	}
	switch format {
	case FormatText:
		text, enc, err := decodeText(data)
		if err != nil {
			return fail(err)
		}
		// UTF-8 read as it is has been checked as ParseText checks it:
		// not empty, no NUL byte, valid.
		doc, err := parseText(text, enc == encUTF8 && !decoded)
		if err != nil {
			return fail(err)
		}
		doc.ID, doc.Path = in.ID, in.Path
		return []*Document{doc}, nil
	case FormatHTML:
		doc, err := readHTML(data)
		if err != nil {
			return fail(err)
		}
		doc.ID, doc.Path = in.ID, in.Path
		return []*Document{doc}, nil
	case FormatJSON, FormatJSONL:
		text, _, err := decodeText(data)
		if err != nil {
			return fail(err)
		}
		if format == FormatJSONL {
			items, err := readJSONL(text, r.fields)
			if err != nil {
				return fail(err)
			}
			return itemDocs(in, "line", items)
		}
		doc, items, err := readJSON(text, r.fields)
		switch {
		case err != nil:
			return fail(err)
		case doc != nil:
			doc.ID, doc.Path = in.ID, in.Path
			return []*Document{doc}, nil
		}
		return itemDocs(in, "item", items)
	case FormatFeed:
		if b := bytes.TrimLeft(data, " \t\r\n\xef\xbb\xbf"); len(b) > 0 && b[0] == '{' {
			text, _, err := decodeText(data)
			if err != nil {
				return fail(err)
			}
			data = text
		}
		items, err := readFeed(data)
		if err != nil {
			return fail(err)
		}
		return itemDocs(in, "item", items)
	}
	return fail(fmt.Errorf("unknown input format %q", format))
}

// itemDocs gives the items of one file their IDs (FILEID#KEY, or
// FILEID#POS for an item without a key) and paths, and refuses an item
// whose ID repeats an earlier one.
func itemDocs(in Input, label string, items []item) ([]*Document, []error) {
	var docs []*Document
	var errs []error
	seen := map[string]int{}
	for _, it := range items {
		where := itemPos(label, it.pos)
		if it.err != nil {
			errs = append(errs, &FileError{in.Path, fmt.Errorf("%s: %w", where, it.err)})
			continue
		}
		key := oneLine(it.key)
		if key == "" {
			key = fmt.Sprint(it.pos)
		}
		id := in.ID + "#" + key
		if prev, ok := seen[id]; ok {
			errs = append(errs, &FileError{in.Path, fmt.Errorf("%s: %w %q (also %s)", where, ErrDuplicateID, id, itemPos(label, prev))})
			continue
		}
		seen[id] = it.pos
		it.doc.ID, it.doc.Path = id, in.Path
		docs = append(docs, it.doc)
	}
	if len(docs) == 0 && len(errs) == 0 {
		errs = append(errs, &FileError{in.Path, ErrNoDocuments})
	}
	return docs, errs
}

// detect picks the format of a file from its content, falling back on its
// extension: markup that opens as a feed is a feed and as a page is HTML
// whatever the name; a JSON Feed is a feed; JSON under another extension
// is read as JSON only if all of it parses.
func detect(ext string, data []byte) Format {
	byExt, known := extFormats[ext]
	b := bytes.TrimLeft(data, " \t\r\n\f\xef\xbb\xbf")
	if len(b) == 0 {
		return byExt
	}
	switch b[0] {
	case '<':
		head := bytes.ToLower(b[:min(len(b), 1024)])
		hasAny := func(tags ...string) bool {
			return slices.ContainsFunc(tags, func(t string) bool { return bytes.Contains(head, []byte(t)) })
		}
		switch {
		case bytes.HasPrefix(head, []byte("<!doctype html")), bytes.HasPrefix(head, []byte("<html")):
			return FormatHTML
		case hasAny("<rss", "<feed", "<rdf:rdf"):
			return FormatFeed
		case hasAny("<html", "<head", "<body", "<p>", "<div", "<article", "<meta "):
			return FormatHTML
		case byExt == FormatHTML || byExt == FormatFeed:
			return byExt
		case bytes.HasPrefix(head, []byte("<?xml")):
			return FormatFeed
		}
	case '{', '[':
		switch {
		case b[0] == '{' && isJSONFeed(b):
			return FormatFeed
		case byExt == FormatJSON || byExt == FormatJSONL:
			return byExt
		case jsonValid(b):
			return FormatJSON
		}
	}
	if !known {
		return FormatText
	}
	return byExt
}

// jsonValid reports whether b is one or more JSON values.
func jsonValid(b []byte) bool {
	_, _, err := readJSON(b, DefaultFields())
	return err == nil || errors.Is(err, ErrNoDocuments)
}

// hasWord reports whether s has a letter or digit.
func hasWord(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}

// Dedupe returns docs with one document for each ID: ordered by ID, then
// path, the first of several with one ID is kept and the others are
// refused with [ErrDuplicateID]. (Files have distinct IDs, but an item ID
// FILE#ITEM can meet a file of that name.)
func Dedupe(docs []*Document) ([]*Document, []error) {
	keep, errs := DedupeOrder(docs)
	out := make([]*Document, len(keep))
	for i, k := range keep {
		out[i] = docs[k]
	}
	return out, errs
}

// DedupeOrder is [Dedupe] by position: the indexes in docs of the
// documents kept, in the order Dedupe gives them. Documents already in
// that order, as those of inputs from [Reader.Find] are, are not sorted
// again.
func DedupeOrder(docs []*Document) ([]int, []error) {
	less := func(a, b int) int {
		if c := strings.Compare(docs[a].ID, docs[b].ID); c != 0 {
			return c
		}
		return strings.Compare(docs[a].Path, docs[b].Path)
	}
	order := make([]int, len(docs))
	sorted := true
	for i := range order {
		order[i] = i
		if i > 0 && sorted && less(i-1, i) > 0 {
			sorted = false
		}
	}
	if !sorted {
		slices.SortStableFunc(order, less)
	}
	var errs []error
	out := order[:0]
	for _, i := range order {
		if len(out) > 0 && docs[i].ID == docs[out[len(out)-1]].ID {
			prev := docs[out[len(out)-1]]
			errs = append(errs, &FileError{docs[i].Path, fmt.Errorf("%w %q (also %s)", ErrDuplicateID, docs[i].ID, prev.Path)})
			continue
		}
		out = append(out, i)
	}
	return out, errs
}
