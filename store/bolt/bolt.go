// Package bolt implements provenance's embedded store on bbolt
// (go.etcd.io/bbolt): one file, written in transactions that are atomic
// and durable when they return, and locked so that one process at a time
// has it open for writing.
//
// Records are kept in buckets: documents by number (their texts apart,
// compressed with S2), document numbers by ID, matches by their documents'
// numbers (with an entry under each document, to find a document's
// matches), families by number and by ID, file records by path, the
// counters, and the events a batch kept until the events log has them.
package bolt

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"slices"
	"time"

	"github.com/klauspost/compress/s2"
	"go.etcd.io/bbolt"
	bolterr "go.etcd.io/bbolt/errors"

	"github.com/provenance-dev/provenance"
	"github.com/provenance-dev/provenance/internal/codec"
)

// Store is a provenance.Store in a bbolt file. It is safe for concurrent
// use.
type Store struct {
	db   *bbolt.DB
	path string
}

var _ provenance.Store = (*Store)(nil)

// Bucket names.
var (
	bMeta     = []byte("meta")
	bDocs     = []byte("docs")
	bTexts    = []byte("texts")
	bIDs      = []byte("ids")
	bMatches  = []byte("matches")
	bAdj      = []byte("adjacent")
	bFamilies = []byte("families")
	bFamIDs   = []byte("family_ids")
	bFiles    = []byte("files")
	bOutbox   = []byte("outbox")

	allBuckets = [][]byte{bMeta, bDocs, bTexts, bIDs, bMatches, bAdj, bFamilies, bFamIDs, bFiles, bOutbox}

	kFormat   = []byte("format")
	kCounters = []byte("counters")
	// format marks a file as this store's, in this layout.
	format = []byte("provenance store 1")
)

// ErrLocked is the reason Open fails when another process has the store
// open.
var ErrLocked = errors.New("store is in use by another process")

// ErrForeign is the reason Open refuses a file that is not a provenance
// store, or is damaged.
var ErrForeign = errors.New("not a provenance store, or damaged")

// Options configure Open.
type Options struct {
	// LockTimeout is how long Open waits for another process to let the
	// file go; 0 means 100 ms.
	LockTimeout time.Duration
	// ReadOnly opens the store for reading, beside a process writing it.
	ReadOnly bool
}

// Open opens the store at path, creating it if there is none. A store
// another process holds is refused at once with [ErrLocked]; a file that
// is not a store of this kind, with [ErrForeign].
func Open(path string, opt Options) (*Store, error) {
	timeout := opt.LockTimeout
	if timeout <= 0 {
		timeout = 100 * time.Millisecond
	}
	if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() && fi.Size() > 0 && fi.Size() < 4096 {
		return nil, fmt.Errorf("open %s: %w (%d bytes)", path, ErrForeign, fi.Size())
	}
	db, err := bbolt.Open(path, 0o600, &bbolt.Options{
		Timeout:        timeout,
		ReadOnly:       opt.ReadOnly,
		FreelistType:   bbolt.FreelistMapType,
		NoFreelistSync: true,
	})
	switch {
	case errors.Is(err, bolterr.ErrTimeout):
		return nil, fmt.Errorf("open %s: %w", path, ErrLocked)
	case errors.Is(err, bolterr.ErrInvalid), errors.Is(err, bolterr.ErrVersionMismatch), errors.Is(err, bolterr.ErrChecksum):
		return nil, fmt.Errorf("open %s: %w: %v", path, ErrForeign, err)
	case err != nil:
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	s := &Store{db: db, path: path}
	if err := s.init(opt.ReadOnly); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return s, nil
}

// init checks the file's format mark, or makes the buckets of a new one.
func (s *Store) init(readOnly bool) error {
	check := func(tx *bbolt.Tx) error {
		m := tx.Bucket(bMeta)
		if m == nil {
			return errNoMeta
		}
		if !bytes.Equal(m.Get(kFormat), format) {
			return fmt.Errorf("%w: format %q", ErrForeign, m.Get(kFormat))
		}
		for _, b := range allBuckets {
			if tx.Bucket(b) == nil {
				return fmt.Errorf("%w: no bucket %s", ErrForeign, b)
			}
		}
		return nil
	}
	err := s.db.View(check)
	if !errors.Is(err, errNoMeta) {
		return err
	}
	if readOnly {
		return fmt.Errorf("%w: empty", ErrForeign)
	}
	return s.db.Update(func(tx *bbolt.Tx) error {
		empty := true
		tx.ForEach(func([]byte, *bbolt.Bucket) error { empty = false; return nil })
		if !empty {
			return fmt.Errorf("%w: holds other data", ErrForeign)
		}
		for _, b := range allBuckets {
			if _, err := tx.CreateBucket(b); err != nil {
				return err
			}
		}
		return tx.Bucket(bMeta).Put(kFormat, format)
	})
}

var errNoMeta = errors.New("no meta bucket")

// Path returns the store's file.
func (s *Store) Path() string { return s.path }

// Close closes the store.
func (s *Store) Close() error { return s.db.Close() }

// Size returns the size of the file's data.
func (s *Store) Size() (int64, error) {
	var n int64
	err := s.db.View(func(tx *bbolt.Tx) error { n = tx.Size(); return nil })
	return n, err
}

func u64key(x uint64) []byte { return binary.BigEndian.AppendUint64(nil, x) }

func pairKey(a, b uint64) []byte {
	k := make([]byte, 16)
	binary.BigEndian.PutUint64(k, a)
	binary.BigEndian.PutUint64(k[8:], b)
	return k
}

// Counters returns the counters of the last batch.
func (s *Store) Counters(ctx context.Context) (provenance.Counters, error) {
	var c provenance.Counters
	err := s.db.View(func(tx *bbolt.Tx) error {
		v := tx.Bucket(bMeta).Get(kCounters)
		if v == nil {
			return nil
		}
		var err error
		c, err = codec.Counters(v)
		return err
	})
	return c, err
}

// Docs calls fn for each document, by number.
func (s *Store) Docs(ctx context.Context, fn func(*provenance.StoredDoc) error) error {
	return s.db.View(func(tx *bbolt.Tx) error {
		return tx.Bucket(bDocs).ForEach(func(k, v []byte) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			d, err := codec.Doc(v)
			if err != nil {
				return fmt.Errorf("document %x: %w", k, err)
			}
			return fn(d)
		})
	})
}

// Matches calls fn for each match.
func (s *Store) Matches(ctx context.Context, fn func(*provenance.StoredMatch) error) error {
	return s.db.View(func(tx *bbolt.Tx) error {
		return tx.Bucket(bMatches).ForEach(func(k, v []byte) error {
			m, err := codec.Match(v)
			if err != nil {
				return fmt.Errorf("match %x: %w", k, err)
			}
			return fn(m)
		})
	})
}

// Families calls fn for each family numbered after after.
func (s *Store) Families(ctx context.Context, after uint64, fn func(*provenance.StoredFamily) (bool, error)) error {
	return s.db.View(func(tx *bbolt.Tx) error {
		c := tx.Bucket(bFamilies).Cursor()
		for k, v := c.Seek(u64key(after + 1)); k != nil; k, v = c.Next() {
			if err := ctx.Err(); err != nil {
				return err
			}
			f, err := codec.Family(v)
			if err != nil {
				return fmt.Errorf("family %x: %w", k, err)
			}
			if more, err := fn(f); err != nil || !more {
				return err
			}
		}
		return nil
	})
}

// Doc returns document seq.
func (s *Store) Doc(ctx context.Context, seq uint64) (*provenance.StoredDoc, error) {
	var d *provenance.StoredDoc
	err := s.db.View(func(tx *bbolt.Tx) error {
		var err error
		d, err = getDoc(tx, seq)
		return err
	})
	return d, err
}

func getDoc(tx *bbolt.Tx, seq uint64) (*provenance.StoredDoc, error) {
	v := tx.Bucket(bDocs).Get(u64key(seq))
	if v == nil {
		return nil, provenance.ErrNotFound
	}
	return codec.Doc(v)
}

// DocByID returns the document with an ID.
func (s *Store) DocByID(ctx context.Context, id string) (*provenance.StoredDoc, error) {
	var d *provenance.StoredDoc
	err := s.db.View(func(tx *bbolt.Tx) error {
		v := tx.Bucket(bIDs).Get([]byte(id))
		if len(v) != 8 {
			return provenance.ErrNotFound
		}
		var err error
		d, err = getDoc(tx, binary.BigEndian.Uint64(v))
		return err
	})
	return d, err
}

// Text returns document seq's text.
func (s *Store) Text(ctx context.Context, seq uint64) ([]byte, error) {
	var text []byte
	err := s.db.View(func(tx *bbolt.Tx) error {
		v := tx.Bucket(bTexts).Get(u64key(seq))
		if v == nil {
			return provenance.ErrNotFound
		}
		var err error
		if text, err = s2.Decode(nil, v); err != nil {
			return fmt.Errorf("text %d: %w: %v", seq, codec.ErrCorrupt, err)
		}
		return nil
	})
	return text, err
}

// MatchesOf returns document seq's matches.
func (s *Store) MatchesOf(ctx context.Context, seq uint64) ([]*provenance.StoredMatch, error) {
	var out []*provenance.StoredMatch
	err := s.db.View(func(tx *bbolt.Tx) error {
		c := tx.Bucket(bAdj).Cursor()
		prefix := u64key(seq)
		ms := tx.Bucket(bMatches)
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			if len(k) != 16 || len(v) != 1 {
				return fmt.Errorf("adjacency %x: %w", k, codec.ErrCorrupt)
			}
			other := binary.BigEndian.Uint64(k[8:])
			key := pairKey(seq, other)
			if v[0] == 1 { // seq is the B side
				key = pairKey(other, seq)
			}
			mv := ms.Get(key)
			if mv == nil {
				return fmt.Errorf("match %x: %w", key, codec.ErrCorrupt)
			}
			m, err := codec.Match(mv)
			if err != nil {
				return err
			}
			out = append(out, m)
		}
		return nil
	})
	return out, err
}

// Match returns the match of a and b.
func (s *Store) Match(ctx context.Context, a, b uint64) (*provenance.StoredMatch, error) {
	var m *provenance.StoredMatch
	err := s.db.View(func(tx *bbolt.Tx) error {
		ms := tx.Bucket(bMatches)
		v := ms.Get(pairKey(a, b))
		if v == nil {
			v = ms.Get(pairKey(b, a))
		}
		if v == nil {
			return provenance.ErrNotFound
		}
		var err error
		m, err = codec.Match(v)
		return err
	})
	return m, err
}

// Family returns family seq.
func (s *Store) Family(ctx context.Context, seq uint64) (*provenance.StoredFamily, error) {
	var f *provenance.StoredFamily
	err := s.db.View(func(tx *bbolt.Tx) error {
		var err error
		f, err = getFamily(tx, seq)
		return err
	})
	return f, err
}

func getFamily(tx *bbolt.Tx, seq uint64) (*provenance.StoredFamily, error) {
	v := tx.Bucket(bFamilies).Get(u64key(seq))
	if v == nil {
		return nil, provenance.ErrNotFound
	}
	return codec.Family(v)
}

// FamilyByID returns the family with a contract ID.
func (s *Store) FamilyByID(ctx context.Context, id string) (*provenance.StoredFamily, error) {
	var f *provenance.StoredFamily
	err := s.db.View(func(tx *bbolt.Tx) error {
		v := tx.Bucket(bFamIDs).Get([]byte(id))
		if len(v) != 8 {
			return provenance.ErrNotFound
		}
		var err error
		f, err = getFamily(tx, binary.BigEndian.Uint64(v))
		return err
	})
	return f, err
}

// File returns the record of the file at path.
func (s *Store) File(ctx context.Context, path string) (*provenance.FileRecord, error) {
	var f *provenance.FileRecord
	err := s.db.View(func(tx *bbolt.Tx) error {
		v := tx.Bucket(bFiles).Get([]byte(path))
		if v == nil {
			return provenance.ErrNotFound
		}
		var err error
		f, err = codec.File(v)
		return err
	})
	return f, err
}

// Files calls fn for each file record, by path.
func (s *Store) Files(ctx context.Context, fn func(*provenance.FileRecord) error) error {
	return s.db.View(func(tx *bbolt.Tx) error {
		return tx.Bucket(bFiles).ForEach(func(k, v []byte) error {
			f, err := codec.File(v)
			if err != nil {
				return fmt.Errorf("file %q: %w", k, err)
			}
			return fn(f)
		})
	})
}

// Apply stores a batch in one transaction.
func (s *Store) Apply(ctx context.Context, b *provenance.Batch) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.db.Update(func(tx *bbolt.Tx) error {
		docs, texts, ids := tx.Bucket(bDocs), tx.Bucket(bTexts), tx.Bucket(bIDs)
		ms, adj := tx.Bucket(bMatches), tx.Bucket(bAdj)
		fams, famIDs, files := tx.Bucket(bFamilies), tx.Bucket(bFamIDs), tx.Bucket(bFiles)
		for _, seq := range b.DeleteDocs {
			k := u64key(seq)
			if v := docs.Get(k); v != nil {
				if d, err := codec.Doc(v); err == nil {
					if cur := ids.Get([]byte(d.ID)); bytes.Equal(cur, k) {
						if err := ids.Delete([]byte(d.ID)); err != nil {
							return err
						}
					}
				}
			}
			if err := docs.Delete(k); err != nil {
				return err
			}
			if err := texts.Delete(k); err != nil {
				return err
			}
		}
		for _, p := range b.DeleteMatches {
			for _, k := range [][]byte{pairKey(p[0], p[1]), pairKey(p[1], p[0])} {
				if err := ms.Delete(k); err != nil {
					return err
				}
				if err := adj.Delete(k); err != nil {
					return err
				}
			}
		}
		for _, seq := range b.DeleteFamilies {
			if err := fams.Delete(u64key(seq)); err != nil {
				return err
			}
		}
		for _, id := range b.DeleteFamilyIDs {
			if err := famIDs.Delete([]byte(id)); err != nil {
				return err
			}
		}
		for _, p := range b.DeleteFiles {
			if err := files.Delete([]byte(p)); err != nil {
				return err
			}
		}
		// bbolt keeps a value until the transaction ends: each is a
		// buffer of its own. Each bucket's puts go in key order: a leaf
		// takes keys in order at its end, while keys out of order are
		// each inserted by a copy of the keys after them, which made a
		// batch of 500k matches (a family of 1,000 copies) quadratic.
		var docPuts, idPuts, textPuts, matchPuts, adjPuts, famPuts, famIDPuts, filePuts puts
		for _, d := range b.Docs {
			k := u64key(d.Seq)
			docPuts.add(k, codec.AppendDoc(nil, d))
			idPuts.add([]byte(d.ID), k)
			if d.Text != nil {
				textPuts.add(k, s2.Encode(nil, d.Text))
			}
		}
		for _, m := range b.Matches {
			matchPuts.add(pairKey(m.A, m.B), codec.AppendMatch(nil, m))
			adjPuts.add(pairKey(m.A, m.B), []byte{0})
			adjPuts.add(pairKey(m.B, m.A), []byte{1})
		}
		for _, f := range b.Families {
			k := u64key(f.Seq)
			famPuts.add(k, codec.AppendFamily(nil, f))
			famIDPuts.add([]byte(f.ID), k)
		}
		for _, f := range b.Files {
			filePuts.add([]byte(f.Path), codec.AppendFile(nil, f))
		}
		for _, p := range []struct {
			b  *bbolt.Bucket
			ps puts
		}{{docs, docPuts}, {ids, idPuts}, {texts, textPuts}, {ms, matchPuts}, {adj, adjPuts}, {fams, famPuts},
			{famIDs, famIDPuts}, {files, filePuts}} {
			if err := p.ps.apply(p.b); err != nil {
				return err
			}
		}
		out := tx.Bucket(bOutbox)
		first := b.Counters.Events - uint64(len(b.Events)) + 1
		for i, line := range b.Events {
			if err := out.Put(u64key(first+uint64(i)), line); err != nil {
				return err
			}
		}
		return tx.Bucket(bMeta).Put(kCounters, codec.AppendCounters(nil, b.Counters))
	})
}

// Outbox calls fn for each kept event, in order.
func (s *Store) Outbox(ctx context.Context, fn func(n uint64, line []byte) error) error {
	return s.db.View(func(tx *bbolt.Tx) error {
		return tx.Bucket(bOutbox).ForEach(func(k, v []byte) error {
			if len(k) != 8 {
				return fmt.Errorf("event %x: %w", k, codec.ErrCorrupt)
			}
			return fn(binary.BigEndian.Uint64(k), v)
		})
	})
}

// DropEvents forgets the kept events numbered up to n.
func (s *Store) DropEvents(ctx context.Context, n uint64) error {
	return s.db.Update(func(tx *bbolt.Tx) error {
		c := tx.Bucket(bOutbox).Cursor()
		for k, _ := c.First(); k != nil && binary.BigEndian.Uint64(k) <= n; k, _ = c.First() {
			if err := c.Delete(); err != nil {
				return err
			}
		}
		return nil
	})
}

// puts are the puts of one bucket in a transaction.
type puts []struct{ k, v []byte }

func (p *puts) add(k, v []byte) { *p = append(*p, struct{ k, v []byte }{k, v}) }

// apply puts them in key order; of two puts of one key, the later wins.
func (p puts) apply(b *bbolt.Bucket) error {
	slices.SortStableFunc(p, func(x, y struct{ k, v []byte }) int { return bytes.Compare(x.k, y.k) })
	for _, kv := range p {
		if err := b.Put(kv.k, kv.v); err != nil {
			return err
		}
	}
	return nil
}
