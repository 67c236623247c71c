// Package document implements provenance's input side: the [Document]
// type, finding input files under the paths a user names, and reading them
// with their metadata (source, date, title, URL, author) into documents.
//
// # Formats
//
// A [Reader] reads each file in the format its content and name show
// (or the one [Options].Format forces):
//
//   - Plain text (.txt, .text, and anything unrecognised): UTF-8 is kept
//     byte for byte (a byte-order mark and CRLF line ends are fine), so
//     offsets into the text are offsets into the file; UTF-16 with a
//     byte-order mark and Windows-1252 / Latin-1 are decoded to UTF-8, and
//     offsets refer to the decoded text. Metadata comes from the first
//     lines when they look like a header: "American Military News 7/3/2025
//     12:27:12 PM", " date 2025-07-04 Title", "· novinite.com", "By Jane
//     Doe", a short title line, or a line of dates alone, labelled or not:
//     "Published: July 3, 2025", "Updated 10:42 AM EST, Mon March 3,
//     2025", "Published 3 March 2025, 09:00 · Updated 4 March 2025,
//     14:10", "Mon, 03 Mar 2025 10:42:00 +0000", "March 2025" (see
//     [Document.Updated] and [Precision]). Numeric dates are read
//     3/4/2025 month first, as in the US (unless the first number is over
//     12), and 3.4.2025 day first. The first three non-empty lines are
//     read, and up to six while each was a header line.
//   - HTML (.html, .htm): the article's main text, found by a readability
//     extractor (menus, footers, related links and scripts removed) and
//     rendered as plain text, paragraphs separated by blank lines;
//     metadata from Open Graph and article: meta tags, JSON-LD
//     (NewsArticle and its kin), the canonical link and the author meta.
//     The page's own address (og:url, else JSON-LD url) is the URL and its
//     canonical link (else og:url) the Canonical; article:modified_time,
//     og:updated_time and dateModified give the update time.
//   - JSON (.json) and JSON Lines (.jsonl, .ndjson): one document per
//     object, with field names from [Fields] ([DefaultFields] when unset).
//   - Feeds (.rss, .atom, .xml, and JSON Feed): each item a document; the
//     source is the channel's title, the date the item's, the text the
//     item's full content when present, else its description, with HTML
//     stripped. An Atom entry's updated, beside its published, a JSON
//     Feed's date_modified and an RSS item's atom:updated are its update
//     time.
//
// A sidecar file NAME.meta.json beside any input (NAME being the file's
// name with or without its extension) overrides or adds metadata: source,
// title, url, canonical, author, published, updated (or modified).
//
// # Document IDs
//
// A file that holds one document gives it the file's ID: its path relative
// to the folder named, or its base name for a file named directly (see
// [FileID]: a byte of the name that is not UTF-8 is written \xHH). A file
// that holds many (JSON arrays, JSON Lines, feeds) gives each the ID
// FILEID#ITEM, where ITEM is the item's own id (JSON id field; feed GUID,
// else link) or, when it has none, its position: the line number in JSON
// Lines, the 1-based index in an array or feed. IDs are stable as a file
// grows. An item whose ID repeats one earlier in the file is refused with
// [ErrDuplicateID].
//
// # Folders
//
// In a folder, files of the extensions above are read, and so is any
// other file whose content is text (read in the format its content
// shows); one whose content is not text (an image, an archive) is passed
// over without an error, and so is a file of any name that holds no
// documents at all (JSON, JSON Lines or XML of another kind): see
// [PassedOver]. Hidden files, *.tmp, *.part and sidecars are left alone
// by name ([SkipName]). Symbolic links to folders are not followed, nor,
// unless [Options].FollowLinks, links to files outside the folder named
// ([ErrLinkOutside]). Special files (named pipes, sockets, devices) are
// refused with [ErrNotRegular].
//
// # Errors
//
// A file or item that cannot be used comes back as a [*FileError] naming
// the file (and the item or line), one line of text, wrapping one of the
// sentinel errors below or an I/O error. Reading goes on past it.
package document

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Document is one input text and what is known about it. Fields that are
// not known are empty; nothing is guessed.
type Document struct {
	// ID is stable: the path relative to the argument it was found under
	// (with forward slashes), or the file's base name for a file argument.
	ID string
	// Path is the file it was read from, as found.
	Path string
	// Source names the outlet, when known.
	Source string
	// Title is the headline, when known.
	Title string
	// URL is the document's own address, when known: a feed item's link,
	// the url field of a JSON document or of a sidecar, a page's JSON-LD
	// url or og:url. When nothing gives it, it is the canonical address
	// (so a page that names only its canonical link has URL ==
	// Canonical, and URL may then not be the page's own).
	URL string
	// Canonical is the address the document declares canonical, when it
	// does: a page's <link rel="canonical">, else its og:url (made
	// absolute against the page's own address when it is relative), a
	// JSON document's or a sidecar's canonical field. A copy whose
	// Canonical is another outlet's page says which page it copies.
	Canonical string
	// Published is the publication time, zero when unknown. When
	// PublishedDay is set only the calendar day is known (as the document
	// writes it, in its own time zone) and the time is midnight UTC. When
	// PublishedMonth is set too, only the month is known, and Published
	// is midnight UTC on its first day. PublishedMonth is never set
	// without PublishedDay, so a reader that knows only PublishedDay
	// takes such a date as no finer than a day. See [Precision].
	Published      time.Time
	PublishedDay   bool
	PublishedMonth bool
	// Updated is the time the document says its text was last revised
	// ("Updated: ...", article:modified_time, JSON-LD dateModified, an
	// Atom entry's updated beside its published), zero when unknown.
	// A text whose header gives only an update time has no Published: the
	// update is no publication time, though the text was published no
	// later. (An Atom entry with only updated, the one date Atom
	// requires, has it as Published, as before, and no Updated.)
	// UpdatedDay and UpdatedMonth are as PublishedDay and PublishedMonth.
	Updated      time.Time
	UpdatedDay   bool
	UpdatedMonth bool
	// Author is the byline, when known.
	Author string
	// Format is the format the document was read in (empty for a
	// document not read by a Reader).
	Format Format
	// Text is the document's text as read, UTF-8: for plain UTF-8 text,
	// the file's bytes; for other encodings, the decoded text; for HTML,
	// feeds and JSON, the extracted plain text. Offsets in reports are
	// byte offsets into it.
	Text []byte
}

// Precision is how much of a date is known.
type Precision uint8

const (
	// PrecisionTime: the time is known (to the minute or second), with
	// its zone, or in UTC when the document gives no zone.
	PrecisionTime Precision = iota
	// PrecisionDay: only the calendar day is known; the time is midnight
	// UTC of that day.
	PrecisionDay
	// PrecisionMonth: only the month is known; the time is midnight UTC
	// on its first day.
	PrecisionMonth
)

// String names the precision: "time", "day" or "month".
func (p Precision) String() string {
	switch p {
	case PrecisionDay:
		return "day"
	case PrecisionMonth:
		return "month"
	}
	return "time"
}

// Span returns the interval, from (inclusive) to (exclusive), that t
// stands for at precision p: t alone for PrecisionTime, the day or the
// month from t. The day and the month are the document's own, written in
// its time zone, which is not known: the true instant may lie up to 14
// hours either side of the span.
func (p Precision) Span(t time.Time) (from, to time.Time) {
	switch p {
	case PrecisionDay:
		return t, t.AddDate(0, 0, 1)
	case PrecisionMonth:
		return t, t.AddDate(0, 1, 0)
	}
	return t, t
}

// precisionOf gives the precision of the flags day and month.
func precisionOf(day, month bool) Precision {
	switch {
	case month:
		return PrecisionMonth
	case day:
		return PrecisionDay
	}
	return PrecisionTime
}

// PublishedPrecision is how much of Published is known.
func (d *Document) PublishedPrecision() Precision {
	return precisionOf(d.PublishedDay, d.PublishedMonth)
}

// UpdatedPrecision is how much of Updated is known.
func (d *Document) UpdatedPrecision() Precision {
	return precisionOf(d.UpdatedDay, d.UpdatedMonth)
}

// SetPublished sets Published and its flags to t (made UTC) known to
// precision p; a zero t makes it unknown.
func (d *Document) SetPublished(t time.Time, p Precision) {
	known := !t.IsZero()
	d.Published, d.PublishedDay, d.PublishedMonth = t.UTC(), known && p >= PrecisionDay, known && p >= PrecisionMonth
}

// SetUpdated sets Updated and its flags to t (made UTC) known to
// precision p; a zero t makes it unknown.
func (d *Document) SetUpdated(t time.Time, p Precision) {
	known := !t.IsZero()
	d.Updated, d.UpdatedDay, d.UpdatedMonth = t.UTC(), known && p >= PrecisionDay, known && p >= PrecisionMonth
}

// Reasons a file is refused. Readers wrap them in a [*FileError].
var (
	ErrEmpty       = errors.New("empty file")
	ErrBinary      = errors.New("binary file")
	ErrInvalidUTF8 = errors.New("invalid UTF-8")
	ErrTooLarge    = errors.New("file too large")
	ErrNoText      = errors.New("no words in text")
	ErrDuplicateID = errors.New("duplicate document id")
	ErrMalformed   = errors.New("malformed")
	ErrNoItems     = errors.New("feed has no items")
	ErrNotRegular  = errors.New("not a regular file")
	ErrNoDocuments = errors.New("no documents")
	ErrEncoding    = errors.New("invalid text encoding")
	// ErrLinkOutside refuses a symbolic link, found in a folder, to a
	// file outside it (see [Options].FollowLinks).
	ErrLinkOutside = errors.New("symbolic link to a file outside the folder, not followed (see --follow-links)")
)

// FileError is the error for one input file that cannot be used. Its
// message is one line naming the file and the reason.
type FileError struct {
	Path string
	Err  error
}

// Error names the file, with its control characters escaped (see
// [Printable]), and the reason.
func (e *FileError) Error() string { return fmt.Sprintf("%s: %v", Printable(e.Path), e.Err) }

// Unwrap returns the reason.
func (e *FileError) Unwrap() error { return e.Err }

// Printable returns s safe to print on a terminal and on one line: each
// control character (C0, DEL, C1), each character that reorders or hides
// text (bidirectional overrides and isolates, zero-width and line
// separators) and each byte that is not UTF-8 is written as an escape,
// \n, \t, \x1b, \u202e or \xff as Go writes them; everything else,
// backslashes included, is left as it is.
func Printable(s string) string {
	if isPrintable(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, "\\x%02x", s[i])
		case unsafeRune(r):
			b.WriteString(escapeRune(r))
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// isPrintable reports whether Printable leaves s as it is.
func isPrintable(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return printableSlow(s)
		}
	}
	return true
}

func printableSlow(s string) bool {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				return false
			}
		}
		if unsafeRune(r) {
			return false
		}
	}
	return true
}

// unsafeRune reports whether Printable escapes r.
func unsafeRune(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r < 0xa0:
		return true
	case r == 0x200b, r == 0x200e, r == 0x200f, r == 0x2028, r == 0x2029, r == 0xfeff,
		r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return unicode.Is(unicode.Cc, r)
}

// escapeRune writes r as an escape: \n, \t, \r, else \xHH below
// 0x80 and \uHHHH above.
func escapeRune(r rune) string {
	switch r {
	case '\n':
		return `\n`
	case '\t':
		return `\t`
	case '\r':
		return `\r`
	}
	if r < 0x80 {
		return fmt.Sprintf(`\x%02x`, r)
	}
	return fmt.Sprintf(`\u%04x`, r)
}

// Reason names why an input could not be used, in one word: empty,
// binary, encoding, malformed, no_items, too_large, link_outside,
// not_regular, no_documents, no_text, duplicate_id, missing, unreadable,
// or other. The JSON summary counts inputs by it, and the metrics use it.
func Reason(err error) string {
	switch {
	case errors.Is(err, ErrEmpty):
		return "empty"
	case errors.Is(err, ErrBinary):
		return "binary"
	case errors.Is(err, ErrInvalidUTF8), errors.Is(err, ErrEncoding):
		return "encoding"
	case errors.Is(err, ErrMalformed):
		return "malformed"
	case errors.Is(err, ErrNoItems):
		return "no_items"
	case errors.Is(err, ErrTooLarge):
		return "too_large"
	case errors.Is(err, ErrLinkOutside):
		return "link_outside"
	case errors.Is(err, ErrNotRegular):
		return "not_regular"
	case errors.Is(err, ErrNoDocuments):
		return "no_documents"
	case errors.Is(err, ErrNoText):
		return "no_text"
	case errors.Is(err, ErrDuplicateID):
		return "duplicate_id"
	case errors.Is(err, fs.ErrNotExist):
		return "missing"
	case errors.Is(err, fs.ErrPermission):
		return "unreadable"
	}
	return "other"
}
