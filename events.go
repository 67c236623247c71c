package provenance

import (
	"encoding/hex"
	"encoding/json"
	"strings"
	"time"

	"github.com/spaolacci/murmur3"
)

// Event is one line of the events log an [Engine] keeps with each batch:
// a document stored, a new match, a family created, changed or removed,
// a document removed, a file deleted, or an ingest error. Fields that do
// not apply are left out.
type Event struct {
	// Seq numbers events from 1, in the order they were made.
	Seq  uint64    `json:"seq"`
	Time time.Time `json:"time"`
	Type string    `json:"type"`
	// Doc, Path, Source and Words describe a document.
	Doc    string `json:"doc,omitempty"`
	Path   string `json:"path,omitempty"`
	Source string `json:"source,omitempty"`
	Words  int    `json:"words,omitempty"`
	// A and B are a match's documents, with its figures.
	A            string  `json:"a,omitempty"`
	B            string  `json:"b,omitempty"`
	SharedWords  int     `json:"shared_words,omitempty"`
	ContainmentA float64 `json:"containment_a,omitempty"`
	ContainmentB float64 `json:"containment_b,omitempty"`
	// Family is a family's ID, Previous its ID before the change (when
	// its members changed), Original its original and PreviousOriginal
	// the one before, when Rerooted.
	Family           string `json:"family,omitempty"`
	Previous         string `json:"previous,omitempty"`
	Original         string `json:"original,omitempty"`
	PreviousOriginal string `json:"previous_original,omitempty"`
	Rerooted         bool   `json:"rerooted,omitempty"`
	Members          int    `json:"members,omitempty"`
	// Count is how many documents a file deletion marked.
	Count int `json:"count,omitempty"`
	// Reason says why a document was removed: replaced or expired.
	Reason string `json:"reason,omitempty"`
	// Error is an ingest error, one line naming the file.
	Error string `json:"error,omitempty"`
}

// The types of events.
const (
	EventDocument      = "document"
	EventMatch         = "match"
	EventFamilyCreated = "family_created"
	EventFamilyChanged = "family_changed"
	EventFamilyRemoved = "family_removed"
	EventRemoved       = "document_removed"
	EventFileDeleted   = "file_deleted"
	EventError         = "error"
)

// line returns the event as one line of JSON, without the newline.
func (ev *Event) line() []byte {
	b, err := json.Marshal(ev)
	if err != nil { // an Event has no value JSON cannot hold
		panic("event: " + err.Error())
	}
	return b
}

// familyID hashes the member IDs, joined by NUL bytes (see
// [AppendFamilyID]).
func familyID(members []string) string {
	return string(AppendFamilyID(nil, []byte(strings.Join(members, "\x00"))))
}

// AppendFamilyID appends to dst the family ID of the members whose IDs,
// in order and joined by NUL bytes, are key: "f" and the top 48 bits of
// key's murmur3 hash in hex. [FamilyID] is the same for a list of IDs;
// a writer that streams the IDs builds key as it goes.
func AppendFamilyID(dst, key []byte) []byte {
	h1, _ := murmur3.Sum128(key)
	var b [6]byte
	for i := range b {
		b[i] = byte(h1 >> (56 - 8*i))
	}
	dst = append(dst, 'f')
	return hex.AppendEncode(dst, b[:])
}
