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
//     Doe", "Published: July 3, 2025", or a short title line.
//   - HTML (.html, .htm): the article's main text, found by a readability
//     extractor (menus, footers, related links and scripts removed) and
//     rendered as plain text, paragraphs separated by blank lines;
//     metadata from Open Graph and article: meta tags, JSON-LD
//     (NewsArticle and its kin), the canonical link and the author meta.
//   - JSON (.json) and JSON Lines (.jsonl, .ndjson): one document per
//     object, with field names from [Fields] ([DefaultFields] when unset).
//   - Feeds (.rss, .atom, .xml, and JSON Feed): each item a document; the
//     source is the channel's title, the date the item's, the text the
//     item's full content when present, else its description, with HTML
//     stripped.
//
// A sidecar file NAME.meta.json beside any input (NAME being the file's
// name with or without its extension) overrides or adds metadata.
//
// # Document IDs
//
// A file that holds one document gives it the file's ID: its path relative
// to the folder named, or its base name for a file named directly. A file
// that holds many (JSON arrays, JSON Lines, feeds) gives each the ID
// FILEID#ITEM, where ITEM is the item's own id (JSON id field; feed GUID,
// else link) or, when it has none, its position: the line number in JSON
// Lines, the 1-based index in an array or feed. IDs are stable as a file
// grows. An item whose ID repeats one earlier in the file is refused with
// [ErrDuplicateID].
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
	"time"
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
	// URL is the canonical address, when known.
	URL string
	// Published is the publication time, zero when unknown. When
	// PublishedDay is set only the calendar day is known and the time is
	// midnight UTC.
	Published    time.Time
	PublishedDay bool
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
)

// FileError is the error for one input file that cannot be used. Its
// message is one line naming the file and the reason.
type FileError struct {
	Path string
	Err  error
}

func (e *FileError) Error() string { return fmt.Sprintf("%s: %v", e.Path, e.Err) }

// Unwrap returns the reason.
func (e *FileError) Unwrap() error { return e.Err }
