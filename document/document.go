// Package document implements provenance's input side: the [Document]
// type, finding input files under the paths a user names, and reading them
// with their metadata (source, date, title) into documents.
//
// Plain text is read as UTF-8 (a byte-order mark and CRLF line ends are
// fine; the text is kept byte for byte, so offsets into it are offsets into
// the file). Metadata comes from the first lines of the text when they look
// like a header: "American Military News 7/3/2025 12:27:12 PM",
// " date 2025-07-04 Title", "· novinite.com", or a short title line.
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
	// Text is the document's text as read: for plain text, the file's
	// bytes.
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
