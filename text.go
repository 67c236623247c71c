package provenance

import (
	"errors"
	"hash/maphash"

	"github.com/provenance-dev/provenance/document"
)

// textSeed seeds textSum: set once, for the life of the process.
var textSeed = maphash.MakeSeed()

// textSum is the checksum that tells a text read again from the one first
// read. It lives no longer than a run, so the runtime's hash (maphash)
// serves: about twice murmur3's speed on 4 KB texts here (10 GB/s against
// 4.8), and every text is hashed twice.
func textSum(b []byte) uint64 { return maphash.Bytes(textSeed, b) }

// errChanged is the reason a file whose text was dropped is left out when
// it reads differently the second time.
var errChanged = errors.New("file changed while being compared")

// text returns the entry's text, reading its file again if it was
// dropped.
func (e *entry) text() ([]byte, error) { return e.textInto(nil) }

// textInto is text, reading a dropped text into buf if it has room.
func (e *entry) textInto(buf []byte) ([]byte, error) {
	if e.doc.Text != nil {
		return e.doc.Text, nil
	}
	// A plain-text document's text is its file's bytes: check those
	// first, then read the file as the first time.
	if data, err := document.ReadPrefix(buf, e.doc.Path, e.bytes); err == nil && textSum(data) == e.sum {
		return data, nil
	}
	ds, errs := e.rd.Read(e.in)
	if len(errs) > 0 {
		return nil, errs[0]
	}
	if len(ds) != 1 || textSum(ds[0].Text) != e.sum {
		return nil, &document.FileError{Path: e.doc.Path, Err: errChanged}
	}
	return ds[0].Text, nil
}
