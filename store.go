package provenance

import (
	"context"
	"errors"
	"time"

	"github.com/provenance-dev/provenance/cluster"
	"github.com/provenance-dev/provenance/lineage"
)

// Store persists what an [Engine] knows: documents with their metadata,
// fingerprints, lineage evidence and text, the matches among them, the
// families and their lineage, and the files documents came from. An
// Engine keeps its index and the derivation edges in memory and rebuilds
// them from the store when it opens ([Store.Docs], [Store.Matches],
// [Store.Families]); everything else it reads from the store when needed.
//
// Changes reach the store only through [Store.Apply], one [Batch] at a
// time, all or nothing: a batch that Apply acknowledged survives a crash,
// and one it did not leaves no trace. Reads see the state after some
// whole batch. Implementations are safe for concurrent use: one writer
// (the Engine) and any number of readers (an HTTP API).
type Store interface {
	// Docs calls fn for each stored document, in arrival order (by Seq),
	// without its text. An error of fn stops the walk and is returned.
	Docs(ctx context.Context, fn func(*StoredDoc) error) error
	// Matches calls fn for each stored match, in no particular order.
	Matches(ctx context.Context, fn func(*StoredMatch) error) error
	// Families calls fn for each stored family, by Seq from after (0:
	// from the first), until fn returns false or an error.
	Families(ctx context.Context, after uint64, fn func(*StoredFamily) (bool, error)) error

	// Doc returns the document numbered seq; DocByID the one with an ID.
	// Both return [ErrNotFound] if there is none.
	Doc(ctx context.Context, seq uint64) (*StoredDoc, error)
	DocByID(ctx context.Context, id string) (*StoredDoc, error)
	// Text returns the text of document seq, or [ErrNotFound].
	Text(ctx context.Context, seq uint64) ([]byte, error)
	// MatchesOf returns the stored matches that document seq is part of.
	MatchesOf(ctx context.Context, seq uint64) ([]*StoredMatch, error)
	// Match returns the match of documents a and b (in either order), or
	// [ErrNotFound].
	Match(ctx context.Context, a, b uint64) (*StoredMatch, error)
	// Family returns the family numbered seq; FamilyByID the one with a
	// contract ID (see report.FamilyID). Both return [ErrNotFound].
	Family(ctx context.Context, seq uint64) (*StoredFamily, error)
	FamilyByID(ctx context.Context, id string) (*StoredFamily, error)
	// File returns what is stored of the file at path, or [ErrNotFound].
	File(ctx context.Context, path string) (*FileRecord, error)
	// Files calls fn for every file record, in path order.
	Files(ctx context.Context, fn func(*FileRecord) error) error
	// Counters returns the counters saved with the last batch.
	Counters(ctx context.Context) (Counters, error)
	// Size returns the bytes the store takes on disk (or in memory).
	Size() (int64, error)

	// Apply makes the changes of b durable, all or none.
	Apply(ctx context.Context, b *Batch) error
	// Outbox calls fn, in order, for each event line a batch kept and
	// DropEvents has not yet dropped, with its number.
	Outbox(ctx context.Context, fn func(n uint64, line []byte) error) error
	// DropEvents forgets the kept events numbered up to n.
	DropEvents(ctx context.Context, n uint64) error
	// Close releases the store. Calls after it fail.
	Close() error
}

// ErrNotFound is what a Store's lookups return for a record it does not
// hold.
var ErrNotFound = errors.New("not found")

// StoredDoc is a document as a [Store] holds it.
type StoredDoc struct {
	// Seq numbers documents in the order they were stored, from 1; a
	// document stored again (its file changed) gets a new number.
	Seq uint64
	// ID is the document's ID (see document.Document): unique among the
	// stored documents.
	ID, Path, Source, Title, URL, Author string
	// Canonical is the address the document declares canonical.
	Canonical string
	// Published and Updated are as in document.Document, with their
	// precisions.
	Published                time.Time
	PublishedDay             bool
	PublishedMonth           bool
	Updated                  time.Time
	UpdatedDay, UpdatedMonth bool
	// Words is the number of tokens of the text; Bytes its length.
	Words, Bytes int
	// Sum is a hash of the text and metadata, which tells a changed
	// item of a feed from the same item read again.
	Sum uint64
	// Keys are the fingerprints (as cluster.Sketcher.Keys gives them),
	// FuzzyKeys those of the fuzzy channel, if on.
	Keys, FuzzyKeys []uint64
	// Evidence is what lineage needs of the text (lineage.Scan).
	Evidence lineage.Evidence
	// File is the path of the file the document came from.
	File string
	// Added is when it was stored; Deleted when its file was found
	// deleted (zero while it exists). A deleted file's documents stay:
	// they were published.
	Added, Deleted time.Time
	// Text is the document's text. A Store keeps it apart (compressed)
	// and leaves it nil in what Docs, Doc and DocByID return; it is set
	// in a Batch.
	Text []byte
}

// StoredMatch is a verified pair of stored documents. A is the document
// whose ID sorts first.
type StoredMatch struct {
	A, B  uint64
	Match cluster.Match // its A and B are not set: see the Seqs above
}

// StoredFamily is a family of documents joined by derivation, with its
// lineage.
type StoredFamily struct {
	Seq uint64
	// ID is the contract's ID, a hash of the members' IDs
	// (report.FamilyID): it changes with the members.
	ID string
	// Members are in the order of their IDs.
	Members  []uint64
	Original uint64
	Edges    []StoredEdge
	// Created is when the family was first stored, Updated when it last
	// changed.
	Created, Updated time.Time
}

// StoredEdge says that To was copied from From (see lineage.Edge).
type StoredEdge struct {
	From, To   uint64
	Confidence float64
	Attributed bool
	Evidence   []string
}

// FileRecord is what a Store keeps of a file documents were read from,
// so that the same content is not ingested twice.
type FileRecord struct {
	Path  string
	Size  int64
	MTime time.Time
	// Hash is a hash of the file's bytes.
	Hash uint64
	// Items are the documents read from the file, by ID, with the Seq
	// and Sum of the stored version of each.
	Items []FileItem
	// Deleted is set when the file was found gone.
	Deleted bool
}

// FileItem is one document read from a file.
type FileItem struct {
	ID  string
	Seq uint64
	Sum uint64
}

// Counters are the Engine's numbering, saved with every batch.
type Counters struct {
	// NextDoc and NextFamily are the next Seqs to give.
	NextDoc, NextFamily uint64
	// Events is the number of events made so far.
	Events uint64
	// Settings describe the options the documents were fingerprinted
	// and matched with.
	Settings string
}

// Batch is a set of changes for [Store.Apply]. Deletions apply before
// puts.
type Batch struct {
	// Docs to put; one put with a nil Text keeps the text stored.
	Docs       []*StoredDoc
	DeleteDocs []uint64
	// Matches to put, and to delete by their documents.
	Matches       []*StoredMatch
	DeleteMatches [][2]uint64
	Families      []*StoredFamily
	// DeleteFamilies are Seqs of families gone, with their IDs: a family
	// that changed members is put under its new ID and its old ID
	// deleted.
	DeleteFamilies  []uint64
	DeleteFamilyIDs []string
	Files           []*FileRecord
	DeleteFiles     []string
	Counters        Counters
	// Position is set by a [SharedStore]'s Apply: the batch's place in
	// its log.
	Position uint64
	// Events are lines for the events log, the last numbered
	// Counters.Events: kept with the batch so that a crash between the
	// batch and the log cannot lose them (see [Store.Outbox]).
	Events [][]byte
}

// Empty reports whether the batch changes nothing but counters.
func (b *Batch) Empty() bool {
	return len(b.Docs)+len(b.DeleteDocs)+len(b.Matches)+len(b.DeleteMatches)+len(b.Families)+
		len(b.DeleteFamilies)+len(b.DeleteFamilyIDs)+len(b.Files)+len(b.DeleteFiles)+len(b.Events) == 0
}
