package provenance

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/provenance-dev/provenance/cluster"
	"github.com/provenance-dev/provenance/document"
	"github.com/provenance-dev/provenance/internal/work"
	"github.com/provenance-dev/provenance/shingle"
)

// FileUpdate is what became of one input file, for [Engine.Ingest].
type FileUpdate struct {
	// File is the file's record as it is to be stored (nil for an
	// update that only reports Errors): its Items list
	// the documents read from it now and before (a feed drops old items
	// that stay published). Ingest sets the Seq of the items of Docs.
	File *FileRecord
	// Docs are the documents of the file that are new or changed; a
	// document whose ID is stored from this file replaces it.
	Docs []*Prepared
	// Gone is set when the file was deleted: its documents stay, marked
	// deleted (File.Deleted is set).
	Gone bool
	// Errors are what could not be read of the file, for the events
	// log.
	Errors []error
}

// Outcome is what one [Engine.Ingest] did. It counts only what was
// stored.
type Outcome struct {
	// Docs and Bytes count the documents stored.
	Docs  int
	Bytes int64
	// Candidates is the number of document pairs verified, Matches the
	// new matches, Dropped the matches found no longer to hold (their
	// shared text turned out to be boilerplate).
	Candidates, Matches, Dropped int
	// Copies counts the documents that became copies in the batch (of a
	// document stored with them or before; or, for a late original, the
	// documents it now precedes), and Attributed those of them that
	// credit their source. A document counts once, when it first gets a
	// parent.
	Copies, Attributed int
	// Families created, changed and removed; Rerooted counts families
	// whose original changed.
	FamiliesCreated, FamiliesChanged, FamiliesRemoved, Rerooted int
	// Removed counts documents taken out (replaced by a new version, or
	// expired), Replaced those replaced.
	Removed, Replaced int
	// Stored are the documents stored, as they were stored.
	Stored []*StoredDoc
	// Refused are the documents that could not be stored, each a
	// *document.FileError.
	Refused []error
	// Events are the events of the batch (see [Event]), as stored.
	Events []Event
	// Stages time the steps of the batch.
	Stages IngestTimes
}

// IngestTimes are the wall times of the steps of [Engine.Ingest].
type IngestTimes struct {
	Index, Verify, Lineage, Store time.Duration
}

// ErrDuplicateID is why a document is refused whose ID is stored from
// another file.
var ErrDuplicateID = document.ErrDuplicateID

// Ingest stores the documents of ups: each new or changed document is
// looked up in the index of those stored before it (and before it in
// ups), verified against its candidates and added; families are updated
// and their lineage inferred again; then everything is stored in one
// batch. Nothing counts until the batch is stored: on an error, nothing
// of ups is stored and the engine is as before (it reloads its memory
// from the store), so the caller may try again.
func (e *Engine) Ingest(ctx context.Context, ups []FileUpdate) (*Outcome, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	unlock, err := e.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	c := e.newChange(ctx)
	for i := range ups {
		if err := c.file(&ups[i]); err != nil {
			return nil, e.fail(err)
		}
	}
	if err := c.stage(); err != nil {
		return nil, err
	}
	return c.commit()
}

// Staged is a batch computed by [Engine.Stage], held in the engine's
// memory, not yet stored.
type Staged struct {
	c *change
}

// ErrAborted is why [Staged.Commit] refuses a batch computed on top of
// one whose commit failed: the engine's memory is rebuilt from the store,
// and the batches are to be staged again, in order.
var ErrAborted = errors.New("batch computed on top of one that failed to be stored")

// Stage computes a batch as [Engine.Ingest] does, and holds it in memory
// without storing it: [Staged.Commit] stores it. So a caller can store
// one batch while the next is computed: Stage may be called while the
// previous batch's Commit runs (not while two do), and Commits must be
// called in the order of the Stages. If a Commit fails, the batches
// staged after it are refused with ErrAborted; the next Stage rebuilds
// the engine's memory from the store first. A shared store's engine
// cannot stage (see [SharedStore]): use Ingest.
func (e *Engine) Stage(ctx context.Context, ups []FileUpdate) (*Staged, error) {
	if e.shared != nil {
		return nil, errors.New("stage: a shared store's batches are ingested whole")
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.settle(false)
	if err := e.fresh(ctx); err != nil {
		return nil, err
	}
	c := e.newChange(ctx)
	for i := range ups {
		if err := c.file(&ups[i]); err != nil {
			return nil, e.fail(err)
		}
	}
	if err := c.stage(); err != nil {
		return nil, err
	}
	e.applying.Add(1)
	e.addInflight(c.b)
	return &Staged{c: c}, nil
}

// Commit stores the staged batch. It fails with ErrAborted if a batch
// staged before it failed to be stored.
func (s *Staged) Commit() (*Outcome, error) {
	c := s.c
	e := c.e
	defer e.applying.Done()
	defer e.dropInflight(c.b)
	if e.poisoned.Load() {
		return nil, ErrAborted
	}
	t := time.Now()
	if err := e.store.Apply(c.ctx, c.b); err != nil {
		e.poisoned.Store(true)
		return nil, fmt.Errorf("store: %w", err)
	}
	c.out.Stages.Store = time.Since(t)
	c.out.Events = c.events
	e.stats.Store(c.stats)
	return c.out, nil
}

// Outcome returns what the staged batch holds, before it is stored.
func (s *Staged) Outcome() *Outcome { return s.c.out }

// Expire removes the documents stored before the time cutoff (if not
// zero) and, oldest first, those beyond the newest max (if max > 0),
// with their matches; families are updated. It returns what it did, as
// Ingest does. What the engine learnt to be boilerplate or common stays
// so: a match made only of text that was boilerplate or common in the
// documents removed is not made again.
func (e *Engine) Expire(ctx context.Context, cutoff time.Time, max int) (*Outcome, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	unlock, err := e.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	c := e.newChange(ctx)
	alive := len(e.docs) - e.dead
	for n, d := range e.docs {
		if !d.alive {
			continue
		}
		over := max > 0 && alive > max
		if !over && (cutoff.IsZero() || !d.added.Before(cutoff)) {
			break // documents are in the order they were added
		}
		if err := c.evict(int32(n), "expired"); err != nil {
			return nil, e.fail(err)
		}
		alive--
	}
	if len(c.touched) == 0 {
		return &Outcome{}, nil
	}
	if err := c.stage(); err != nil {
		return nil, err
	}
	return c.commit()
}

// begin readies the engine for a batch stored at once: after the batches
// being written, on a memory up to date (with a shared store, under its
// lock, which unlock gives back). The caller holds e.mu.
func (e *Engine) begin(ctx context.Context) (unlock func(), err error) {
	e.settle(true)
	if err := e.fresh(ctx); err != nil {
		return nil, err
	}
	return e.lockShared(ctx)
}

// settle makes the engine ready to compute a batch after staged ones: if
// one failed to be stored, the memory is to be rebuilt once no other is
// being stored; with wait, it also waits for those being stored (a batch
// stored at once must follow them). The caller holds e.mu.
func (e *Engine) settle(wait bool) {
	if e.poisoned.Load() {
		e.applying.Wait()
		e.stale = true
		e.poisoned.Store(false)
	} else if wait {
		e.applying.Wait()
	}
}

// fresh rebuilds the engine's memory from the store if it is stale.
func (e *Engine) fresh(ctx context.Context) error {
	if !e.stale {
		return nil
	}
	if err := e.load(ctx); err != nil {
		return fmt.Errorf("rebuild from the store: %w", err)
	}
	return nil
}

// fail restores the engine's memory from the store after a batch failed
// half way, and returns err.
func (e *Engine) fail(err error) error {
	e.applying.Wait() // a batch being stored is part of what to reload
	e.stale = true
	if lerr := e.fresh(context.Background()); lerr != nil {
		return errors.Join(err, lerr)
	}
	return err
}

// change is one batch of changes under way.
type change struct {
	e     *Engine
	ctx   context.Context
	now   time.Time
	b     *Batch
	out   *Outcome
	t0    time.Time
	added []int32          // documents added, in order
	texts map[int32][]byte // their texts
	// pairs to verify: new candidates, and stored matches to check again
	// now that some of their text is boilerplate.
	pairs   map[[2]int32]*pair
	recheck []int32 // documents whose stored matches are to be checked again
	// recommon: documents some of whose text became common (see
	// cluster.Config.CommonDocs); groups, the holders of each fingerprint
	// that did (see addCommonPairs).
	recommon []int32
	groups   [][]int32
	// keys are the fingerprints of the documents added, and of those
	// read back (when fingerprints became boilerplate in the batch).
	keys, fkeys map[int32][]uint64
	toks        map[int32]*shingle.Tokens // of the documents added
	touched     map[int32]bool
	events      []Event
	files       map[string]*FileRecord
	stats       *EngineStats   // the engine's figures with the batch
	wasCopy     map[int32]bool // documents that were copies before the batch
}

// pair is a document pair to verify, a's ID sorting first.
type pair struct {
	a, b         int32
	exact, fuzzy bool
	stored       bool // a stored match, checked again
	old          cluster.Match
	own          [2]bool // see cluster.VerifyOwn
	m            cluster.Match
	ok           bool
}

func (e *Engine) newChange(ctx context.Context) *change {
	return &change{e: e, ctx: ctx, now: e.now().UTC(), b: &Batch{}, out: &Outcome{}, t0: time.Now(),
		texts: map[int32][]byte{}, keys: map[int32][]uint64{}, fkeys: map[int32][]uint64{},
		toks: map[int32]*shingle.Tokens{}, pairs: map[[2]int32]*pair{}, touched: map[int32]bool{}, files: map[string]*FileRecord{}}
}

// file takes in one file's update.
func (c *change) file(u *FileUpdate) error {
	e := c.e
	for _, err := range u.Errors {
		path := ""
		var fe *document.FileError
		if errors.As(err, &fe) {
			path = fe.Path
		}
		c.event(Event{Type: EventError, Path: path, Error: oneLine(err)})
	}
	rec := u.File
	if rec == nil {
		return nil // errors only
	}
	c.files[rec.Path] = rec
	if u.Gone {
		rec.Deleted = true
		n := 0
		for _, it := range rec.Items {
			i := e.number(it.Seq)
			if i < 0 || !e.docs[i].alive {
				continue
			}
			d, err := e.readDoc(c.ctx, it.Seq)
			if errors.Is(err, ErrNotFound) {
				continue // added in this batch and gone with it: see finish
			}
			if err != nil {
				return fmt.Errorf("mark %s deleted: %w", it.ID, err)
			}
			if d.Deleted.IsZero() {
				d.Deleted = c.now
				c.b.Docs = append(c.b.Docs, d)
				n++
			}
		}
		c.event(Event{Type: EventFileDeleted, Path: rec.Path, Count: n})
		return nil
	}
	for _, p := range u.Docs {
		if p.Err != nil {
			c.refuse(p.Doc.Path, p.Err)
			continue
		}
		if old, ok := e.byID[p.Doc.ID]; ok {
			if e.docs[old].file != rec.Path {
				c.refuse(rec.Path, &document.FileError{Path: rec.Path,
					Err: fmt.Errorf("%w: %s is stored from %s", ErrDuplicateID, p.Doc.ID, e.docs[old].file)})
				c.dropItem(rec, p.Doc.ID)
				continue
			}
			if err := c.evict(old, "replaced"); err != nil {
				return err
			}
		}
		n := c.add(p, rec.Path)
		for i := range rec.Items {
			if rec.Items[i].ID == p.Doc.ID {
				rec.Items[i].Seq, rec.Items[i].Sum = e.docs[n].seq, p.Sum
			}
		}
	}
	return nil
}

// refuse records a document that cannot be stored.
func (c *change) refuse(path string, err error) {
	var fe *document.FileError
	if !errors.As(err, &fe) {
		err = &document.FileError{Path: path, Err: err}
	}
	c.out.Refused = append(c.out.Refused, err)
	c.event(Event{Type: EventError, Path: path, Error: oneLine(err)})
}

// dropItem takes the item id out of a file record.
func (c *change) dropItem(rec *FileRecord, id string) {
	rec.Items = slices.DeleteFunc(rec.Items, func(it FileItem) bool { return it.ID == id })
}

// oneLine returns an error's text on one line.
func oneLine(err error) string {
	return strings.Join(strings.Fields(err.Error()), " ")
}

// add numbers a new document, finds its candidates among the documents
// before it and adds it to the index.
func (c *change) add(p *Prepared, file string) int32 {
	e := c.e
	d := p.Doc
	n := int32(len(e.docs))
	sd := &StoredDoc{Seq: e.counters.NextDoc, ID: d.ID, Path: d.Path, Source: d.Source, Title: d.Title, URL: d.URL,
		Canonical: d.Canonical, Author: d.Author, Published: d.Published, PublishedDay: d.PublishedDay,
		PublishedMonth: d.PublishedMonth, Updated: d.Updated, UpdatedDay: d.UpdatedDay, UpdatedMonth: d.UpdatedMonth,
		Words: p.words, Bytes: len(d.Text),
		Sum: p.Sum, Keys: p.keys, FuzzyKeys: p.fkeys, Evidence: p.ev, File: file, Added: c.now, Text: d.Text}
	e.counters.NextDoc++
	md := e.memOf(sd)
	// With a shared store, other engines verify some of its pairs.
	md.watchAll = e.shared != nil
	e.docs = append(e.docs, md)
	e.byID[d.ID] = n
	c.added = append(c.added, n)
	c.texts[n] = d.Text
	c.keys[n], c.fkeys[n] = p.keys, p.fkeys
	if p.toks != nil {
		c.toks[n] = p.toks
	}
	c.touched[n] = true
	c.b.Docs = append(c.b.Docs, sd)
	c.out.Stored = append(c.out.Stored, sd)
	c.out.Docs++
	c.out.Bytes += int64(len(d.Text))
	c.event(Event{Type: EventDocument, Doc: d.ID, Path: d.Path, Source: d.Source, Words: p.words})

	exact, fuzzy := e.enter(n, p.keys, p.fkeys, func(h int32, boiler bool) {
		if boiler {
			c.recheck = append(c.recheck, h)
		} else {
			c.recommon = append(c.recommon, h)
		}
	}, func(holders []int32) { c.groups = append(c.groups, holders) }, true)
	c.proposeAll(n, exact, fuzzy)
	return n
}

// proposeAll proposes the pairs of document n with its candidates in the
// exact and fuzzy channels (n itself, if among them, aside).
func (c *change) proposeAll(n int32, exact, fuzzy []int32) {
	for _, h := range exact {
		if h != n {
			c.propose(n, h, true)
		}
	}
	for _, h := range fuzzy {
		if h != n {
			c.propose(n, h, false)
		}
	}
}

// enter adds document n, the last of e.docs, to the index, with its keys
// and fuzzy keys. It learns the boilerplate the document's arrival makes
// (fingerprints now held by BoilerplateDocs documents of its source) and
// the common fingerprints (now held by CommonDocs documents of distinct
// bodies), calling recheck with each document that holds a fingerprint
// that became boilerplate (boiler true) or common, and group with the
// alive holders of each fingerprint that became common; and, if cands, returns
// the document's candidates among those before it in the exact and fuzzy
// channels, as compare finds them.
func (e *Engine) enter(n int32, keys, fkeys []uint64, recheck func(n int32, boiler bool), group func(holders []int32), cands bool) (exact, fuzzy []int32) {
	md := e.docs[n]
	md.body = bodyOf(keys)
	exact, fuzzy = e.candidates(md, true, keys, fkeys, recheck, group, cands)
	md.nkeys = int32(len(keys))
	for _, k := range keys {
		if e.boiler.Has(k) {
			md.holdsBoiler = true
			md.nboiler++
		}
	}
	e.ix.Add(n, keys)
	e.notePopular(n, keys)
	if e.opt.Fuzzy {
		e.fix.Add(n, fkeys)
	}
	return exact, fuzzy
}

// candidates looks a document's keys up in the index. If learn (md being
// the document to add), it learns the boilerplate md's arrival makes, as
// enter says; if cands, it returns the documents that share enough keys
// (but boilerplate) with md in the exact and fuzzy channels. A key held by
// MaxKeyDocs documents or more pairs md with its anchors (see
// cluster.Popular), or, if md ranks among them, with all its holders.
func (e *Engine) candidates(md *memDoc, learn bool, keys, fkeys []uint64, recheck func(n int32, boiler bool), group func(holders []int32), cands bool) (exact, fuzzy []int32) {
	cfg := e.opt.Cluster
	// What md's arrival can teach: boilerplate needs its source, common
	// text does not.
	learnBoiler := learn && cfg.BoilerplateDocs > 0 && md.sourceKey != 0
	learnCommon := learn && cfg.CommonDocs > 0
	// Keys known to be boilerplate make no candidates and need no count:
	// they are not looked up.
	look := keys
	if e.boiler.Len() > 0 {
		look = e.scratchKeys[:0]
		for _, k := range keys {
			if !e.boiler.Has(k) {
				look = append(look, k)
			}
		}
		e.scratchKeys = look
	}
	// becomes makes k boilerplate from now on: matches made through it
	// are checked again.
	becomes := func(k uint64, holders []int32) {
		e.boiler.Add(k)
		for _, h := range holders {
			e.docs[h].nboiler++
			if hd := e.docs[h]; hd.alive {
				hd.holdsBoiler = true
				if recheck != nil {
					recheck(h, true)
				}
				// A prepared Doc knows its boilerplate once: it is
				// prepared again.
				e.cache.drop(h)
			}
		}
	}
	// common makes k common from now on, likewise; a prepared Doc
	// finds its common fingerprints again.
	common := func(k uint64, holders []int32) {
		e.common.Add(k)
		var alive []int32
		for _, h := range holders {
			if e.docs[h].alive {
				alive = append(alive, h)
				if recheck != nil {
					recheck(h, false)
				}
				e.cache.forgetCommon(h)
			}
		}
		if group != nil {
			group(alive)
		}
	}
	ids := e.scratchIDs[:0]
	var popular []uint64
	if learn || cands {
		e.ix.LookupLimit(look, &e.scratch, cfg.MaxKeyDocs-1, func(i, n int, holders []int32) {
			k := look[i]
			if holders == nil {
				popular = append(popular, k) // below, as they need lookups of their own
				e.capped[k] = struct{}{}
				return
			}
			if learnBoiler && !e.boiler.Has(k) {
				// The bodies of the source's documents that hold k, the
				// new one's first.
				same := append(e.scratchBodies[:0], md.body)
				for _, h := range holders {
					if hd := e.docs[h]; hd.alive && hd.sourceKey == md.sourceKey {
						same = same.add(hd.body, cfg.BoilerplateDocs)
					}
				}
				e.scratchBodies = same
				if len(same) >= cfg.BoilerplateDocs {
					becomes(k, holders)
				}
			}
			if learnCommon && len(holders)+1 >= cfg.CommonDocs && !e.boiler.Has(k) && !e.common.Has(k) {
				// The bodies of all the documents that hold k.
				all := append(e.scratchBodies[:0], md.body)
				for _, h := range holders {
					if hd := e.docs[h]; hd.alive {
						if all = all.add(hd.body, cfg.CommonDocs); len(all) >= cfg.CommonDocs {
							break
						}
					}
				}
				e.scratchBodies = all
				if len(all) >= cfg.CommonDocs {
					common(k, holders)
				}
			}
			if !cands || e.boiler.Has(k) {
				return
			}
			for _, h := range holders {
				if e.docs[h].alive {
					ids = append(ids, h)
				}
			}
		})
	}
	for _, k := range popular {
		pk := e.popularKey(k)
		if learnBoiler && len(pk.sources[md.sourceKey].add(md.body, cfg.BoilerplateDocs)) >= cfg.BoilerplateDocs && !e.boiler.Has(k) {
			becomes(k, e.holders(k))
		}
		if learnCommon && !e.boiler.Has(k) && !e.common.Has(k) && len(pk.bodies.add(md.body, cfg.CommonDocs)) >= cfg.CommonDocs {
			common(k, e.holders(k))
		}
		if !cands || e.boiler.Has(k) || cfg.PopularAnchors == 0 {
			continue
		}
		if len(pk.anchors) < cfg.PopularAnchors || e.anchorLess(md, e.docs[pk.anchors[len(pk.anchors)-1]]) {
			// md is one of the anchors: paired with every holder.
			for _, h := range e.holders(k) {
				if e.docs[h].alive {
					ids = append(ids, h)
				}
			}
			continue
		}
		ids = append(ids, pk.anchors...)
	}
	if cands {
		exact = collide(ids, cfg.MinCollisions)
	}
	if cands && e.opt.Fuzzy {
		fcfg := e.opt.FuzzyConfig.IndexConfig()
		ids = ids[:0]
		e.fix.LookupLimit(fkeys, &e.scratch, fcfg.MaxKeyDocs-1, func(i, n int, holders []int32) {
			if holders == nil {
				e.fcapped[fkeys[i]] = struct{}{}
			}
			for _, h := range holders { // none for a key over the limit
				if e.docs[h].alive {
					ids = append(ids, h)
				}
			}
		})
		fuzzy = collide(ids, fcfg.MinCollisions)
	}
	e.scratchIDs = ids
	return exact, fuzzy
}

// popKey is what the engine keeps of a fingerprint held by MaxKeyDocs
// documents or more: its anchors (the PopularAnchors holders of lowest
// rank, alive) and its holders' sources, so that a document holding it
// costs no walk of its thousands of holders.
type popKey struct {
	anchors []int32
	sources map[int32]distinct // the bodies of each source's holders, up to BoilerplateDocs
	bodies  distinct           // the bodies of its holders, up to CommonDocs
}

// popularKey returns the state of a popular key, made from its holders
// the first time, and again when an anchor was removed.
func (e *Engine) popularKey(k uint64) *popKey {
	if pk := e.pop[k]; pk != nil {
		ok := true
		for _, a := range pk.anchors {
			ok = ok && e.docs[a].alive
		}
		if ok {
			return pk
		}
	}
	pk := &popKey{sources: map[int32]distinct{}}
	for _, h := range e.holders(k) {
		if d := e.docs[h]; d.alive {
			pk.sources[d.sourceKey] = pk.sources[d.sourceKey].add(d.body, e.opt.Cluster.BoilerplateDocs)
			pk.bodies = pk.bodies.add(d.body, e.opt.Cluster.CommonDocs)
			pk.anchors = e.anchorInsert(pk.anchors, h)
		}
	}
	if e.pop == nil {
		e.pop = map[uint64]*popKey{}
	}
	e.pop[k] = pk
	return pk
}

// holders returns the documents that hold key k, dead ones included.
func (e *Engine) holders(k uint64) []int32 {
	var out []int32
	e.ix.Lookup([]uint64{k}, &e.scratch2, func(_ int, docs []int32) { out = append(out, docs...) })
	return out
}

// notePopular updates the popular keys' states with document n, just
// added to the index with keys.
func (e *Engine) notePopular(n int32, keys []uint64) {
	if len(e.pop) == 0 {
		return
	}
	d := e.docs[n]
	for _, k := range keys {
		if pk := e.pop[k]; pk != nil {
			pk.sources[d.sourceKey] = pk.sources[d.sourceKey].add(d.body, e.opt.Cluster.BoilerplateDocs)
			pk.bodies = pk.bodies.add(d.body, e.opt.Cluster.CommonDocs)
			pk.anchors = e.anchorInsert(pk.anchors, n)
		}
	}
}

// anchorInsert returns anchors with document n among them if it ranks
// among the PopularAnchors first.
func (e *Engine) anchorInsert(anchors []int32, n int32) []int32 {
	max := e.opt.Cluster.PopularAnchors
	if max == 0 {
		return anchors
	}
	i := len(anchors)
	for i > 0 && e.anchorLess(e.docs[n], e.docs[anchors[i-1]]) {
		i--
	}
	if i >= max {
		return anchors
	}
	anchors = slices.Insert(anchors, i, n)
	if len(anchors) > max {
		anchors = anchors[:max]
	}
	return anchors
}

// anchorLess orders documents for anchoring as compare does: earlier
// published first (unknown dates last), then by ID.
func (e *Engine) anchorLess(a, b *memDoc) bool {
	ra, rb := anchorRank(a), anchorRank(b)
	return ra < rb || ra == rb && a.id < b.id
}

func anchorRank(d *memDoc) int64 {
	if d.published.IsZero() {
		return math.MaxInt64
	}
	return d.published.Unix()
}

// collide sorts ids (documents, once for each shared key) and returns
// those that occur at least min times.
func collide(ids []int32, min int) []int32 {
	slices.Sort(ids)
	var out []int32
	for i := 0; i < len(ids); {
		j := i + 1
		for j < len(ids) && ids[j] == ids[i] {
			j++
		}
		if j-i >= min {
			out = append(out, ids[i])
		}
		i = j
	}
	return out
}

// propose adds a candidate pair, from the exact or the fuzzy channel.
func (c *change) propose(x, y int32, exact bool) {
	a, b := c.e.ordered(x, y)
	p := c.pairs[[2]int32{a, b}]
	if p == nil {
		p = &pair{a: a, b: b}
		c.pairs[[2]int32{a, b}] = p
	}
	if exact {
		p.exact = true
	} else {
		p.fuzzy = true
	}
}

// ordered returns x and y, the one whose ID sorts first first.
func (e *Engine) ordered(x, y int32) (int32, int32) {
	if e.docs[y].id < e.docs[x].id {
		return y, x
	}
	return x, y
}

// evict takes document n out: from the index (by marking it), its
// matches and families. why names the reason in the event.
func (c *change) evict(n int32, why string) error {
	e := c.e
	d := e.docs[n]
	if !d.alive {
		return nil
	}
	if _, fresh := c.texts[n]; !fresh {
		ms, err := e.readMatchesOf(c.ctx, d.seq)
		if err != nil {
			return fmt.Errorf("matches of %s: %w", d.id, err)
		}
		for _, m := range ms {
			c.b.DeleteMatches = append(c.b.DeleteMatches, [2]uint64{m.A, m.B})
		}
		c.b.DeleteDocs = append(c.b.DeleteDocs, d.seq)
	}
	for _, ed := range d.edges {
		c.touched[ed.other] = true
	}
	e.kill(n)
	c.touched[n] = true
	c.out.Removed++
	if why == "replaced" {
		c.out.Replaced++
	}
	c.event(Event{Type: EventRemoved, Doc: d.id, Reason: why})
	return nil
}

// kill takes document n out of the engine's memory: its derivations go,
// and its fingerprints stay in the index, skipped, until the memory is
// rebuilt.
func (e *Engine) kill(n int32) {
	d := e.docs[n]
	for len(d.edges) > 0 {
		e.unlink(n, d.edges[0].other)
	}
	d.alive = false
	e.dead++
	e.cache.drop(n)
	delete(e.watch, n) // those of others that name n go when next read
	if e.byID[d.id] == n {
		delete(e.byID, d.id)
	}
}

// stage verifies the pairs, updates families and lineage, and makes the
// batch to store. On an error, the engine's memory is rebuilt.
func (c *change) stage() error {
	e := c.e
	t := time.Now()
	c.out.Stages.Index = t.Sub(c.t0)
	if err := c.addNearDuplicates(); err != nil {
		return e.fail(err)
	}
	if err := c.addRechecks(); err != nil {
		return e.fail(err)
	}
	if err := c.addCommonPairs(); err != nil {
		return e.fail(err)
	}
	if err := c.verify(); err != nil {
		return e.fail(err)
	}
	t2 := time.Now()
	c.out.Stages.Verify = t2.Sub(t)
	if err := c.refamily(); err != nil {
		return e.fail(err)
	}
	c.out.Stages.Lineage = time.Since(t2)
	// Documents added and taken out in one batch are not stored, nor
	// their matches.
	c.b.Docs = slices.DeleteFunc(c.b.Docs, func(d *StoredDoc) bool {
		n := e.number(d.Seq)
		return n < 0 || !e.docs[n].alive
	})
	c.out.Stored = slices.DeleteFunc(c.out.Stored, func(d *StoredDoc) bool { return !e.docs[e.number(d.Seq)].alive })
	c.out.Docs, c.out.Bytes = len(c.out.Stored), 0
	for _, d := range c.out.Stored {
		c.out.Bytes += int64(d.Bytes)
	}
	c.b.Matches = slices.DeleteFunc(c.b.Matches, func(m *StoredMatch) bool {
		a, b := e.number(m.A), e.number(m.B)
		return !e.docs[a].alive || !e.docs[b].alive
	})
	for _, rec := range c.files {
		c.b.Files = append(c.b.Files, rec)
	}
	slices.SortFunc(c.b.Files, func(x, y *FileRecord) int { return strings.Compare(x.Path, y.Path) })
	for i := range c.events {
		e.counters.Events++
		c.events[i].Seq = e.counters.Events
		c.events[i].Time = c.now
	}
	if e.events {
		for _, ev := range c.events {
			c.b.Events = append(c.b.Events, ev.line())
		}
	}
	c.b.Counters = e.counters
	c.stats = e.figures()
	// Documents taken out keep their numbers, and their fingerprints stay
	// in the index, skipped, until the memory is rebuilt: when they are
	// a fifth of it, by the next call.
	if e.dead > 1024 && 5*e.dead > len(e.docs) {
		e.stale = true
	}
	return nil
}

// commit stores the staged batch, the engine locked.
func (c *change) commit() (*Outcome, error) {
	e := c.e
	t := time.Now()
	if err := e.store.Apply(c.ctx, c.b); err != nil {
		return nil, e.fail(fmt.Errorf("store: %w", err))
	}
	if e.shared != nil {
		e.pos = c.b.Position
	}
	c.out.Stages.Store = time.Since(t)
	c.out.Events = c.events
	e.stats.Store(c.stats)
	return c.out, nil
}

// event records an event of the batch.
func (c *change) event(ev Event) { c.events = append(c.events, ev) }

// keysOf returns the keys and fuzzy keys of document n: those of the
// batch, or read from the store (and kept for the batch).
func (c *change) keysOf(n int32) ([]uint64, []uint64, error) {
	if k, ok := c.keys[n]; ok {
		return k, c.fkeys[n], nil
	}
	e := c.e
	d, err := e.readDoc(c.ctx, e.docs[n].seq)
	if err != nil {
		return nil, nil, fmt.Errorf("document %s: %w", e.docs[n].id, err)
	}
	c.keys[n], c.fkeys[n] = d.Keys, d.FuzzyKeys
	return d.Keys, d.FuzzyKeys, nil
}

// mostlyBoiler reports whether document d could be the one with fewer
// fingerprints of a pair of near duplicates sharing boilerplate: at least
// NearDuplicate of its fingerprints are boilerplate.
func (e *Engine) mostlyBoiler(d *memDoc) bool {
	return d.nkeys > 0 && float64(d.nboiler) >= e.opt.Cluster.NearDuplicate*float64(d.nkeys)
}

// nearPartners returns the documents with which n makes a pair of near
// duplicates through boilerplate (as cluster.Index.NearDuplicates finds
// them in compare): those sharing, among the boilerplate fingerprints held
// by at most MaxKeyDocs documents, NearDuplicate of the fingerprints of
// the one of the two with fewer, one of the two being mostly
// boilerplate.
func (e *Engine) nearPartners(n int32, keys []uint64) []int32 {
	cfg := e.opt.Cluster
	if cfg.NearDuplicate <= 0 || e.boiler.Len() == 0 {
		return nil
	}
	var look []uint64
	for _, k := range keys {
		if e.boiler.Has(k) {
			look = append(look, k)
		}
	}
	if len(look) == 0 {
		return nil
	}
	md := e.docs[n]
	self := e.mostlyBoiler(md)
	var ids []int32
	e.ix.LookupLimit(look, &e.scratch, cfg.MaxKeyDocs, func(i, cnt int, holders []int32) {
		for _, h := range holders { // none for a key over the limit
			if hd := e.docs[h]; h != n && hd.alive && (self || e.mostlyBoiler(hd)) {
				ids = append(ids, h)
			}
		}
	})
	slices.Sort(ids)
	var out []int32
	for a := 0; a < len(ids); {
		b := a + 1
		for b < len(ids) && ids[b] == ids[a] {
			b++
		}
		if float64(b-a) >= cfg.NearDuplicate*float64(min(md.nkeys, e.docs[ids[a]].nkeys)) {
			out = append(out, ids[a])
		}
		a = b
	}
	return out
}

// addNearDuplicates proposes the pairs of near duplicates that share
// boilerplate, of the documents of the batch and of those holding a
// fingerprint that became boilerplate in it (the only ones whose pairs'
// counts changed).
func (c *change) addNearDuplicates() error {
	e := c.e
	if e.opt.Cluster.NearDuplicate <= 0 || e.boiler.Len() == 0 {
		return nil
	}
	todo := append(slices.Clone(c.added), c.recheck...)
	slices.Sort(todo)
	todo = slices.Compact(todo)
	for _, n := range todo {
		d := e.docs[n]
		if !d.alive || d.nboiler == 0 {
			continue
		}
		keys, _, err := c.keysOf(n)
		if err != nil {
			return err
		}
		for _, h := range e.nearPartners(n, keys) {
			c.propose(n, h, true)
		}
	}
	return nil
}

// addRechecks adds the stored matches of documents holding fingerprints
// that became boilerplate to the pairs to verify.
func (c *change) addRechecks() error {
	e := c.e
	slices.Sort(c.recheck)
	c.recheck = slices.Compact(c.recheck)
	for _, n := range c.recheck {
		d := e.docs[n]
		if _, fresh := c.texts[n]; fresh || !d.alive {
			continue // its matches are all new: verified anyway
		}
		if err := c.addStoredOf(n, nil); err != nil {
			return err
		}
	}
	return nil
}

// addStoredOf adds the stored matches of document n whose documents are
// alive, and, if keep is not nil, that keep takes, to the pairs to verify.
func (c *change) addStoredOf(n int32, keep func(a, b int32, m *StoredMatch) bool) error {
	e := c.e
	ms, err := e.readMatchesOf(c.ctx, e.docs[n].seq)
	if err != nil {
		return fmt.Errorf("matches of %s: %w", e.docs[n].id, err)
	}
	for _, m := range ms {
		a, b := e.number(m.A), e.number(m.B)
		if a >= 0 && b >= 0 && e.docs[a].alive && e.docs[b].alive && (keep == nil || keep(a, b, m)) {
			c.addStored(a, b, m)
		}
	}
	return nil
}

// addCommonPairs adds the pairs whose verification may change now that
// some fingerprints are common (see cluster.VerifyOwn), and only those:
// the stored matches among the holders of each (a passage they share may
// now be common text to drop), and the pairs a holder watches (a passage
// dropped as common text because the holder's other text was its own may
// now stay), and likewise for fingerprints that became boilerplate. A
// holder whose watches are not known has every stored match and candidate
// verified again, once.
func (c *change) addCommonPairs() error {
	e := c.e
	// stored adds the stored match of a and b, if any; with shared, only
	// if a fingerprint both hold becoming common can change it.
	stored := func(a, b int32, shared bool) error {
		a, b = e.ordered(a, b)
		if p := c.pairs[[2]int32{a, b}]; p != nil && p.stored {
			return nil
		}
		m, err := e.readMatch(c.ctx, e.docs[a].seq, e.docs[b].seq)
		if err != nil || m == nil || shared && e.commonProof(m) {
			return err
		}
		c.addStored(a, b, m)
		return nil
	}
	fresh := func(n int32) bool { _, ok := c.texts[n]; return ok }
	for _, g := range c.groups {
		// Pairs of fresh documents are verified anyway.
		if len(g) > maxGroupLookups {
			in := make(map[int32]bool, len(g))
			for _, h := range g {
				in[h] = true
			}
			among := func(a, b int32, m *StoredMatch) bool { return in[a] && in[b] && !e.commonProof(m) }
			for _, h := range g {
				if fresh(h) {
					continue
				}
				if err := c.addStoredOf(h, among); err != nil {
					return err
				}
			}
			continue
		}
		for i, h := range g {
			for _, x := range g[i+1:] {
				if fresh(h) || fresh(x) {
					continue
				}
				if err := stored(h, x, true); err != nil {
					return err
				}
			}
		}
	}
	// A fingerprint that became boilerplate counts as common text too.
	todo := append(slices.Clone(c.recommon), c.recheck...)
	slices.Sort(todo)
	for _, n := range slices.Compact(todo) {
		d := e.docs[n]
		if fresh(n) || !d.alive {
			continue // its candidates are proposed already
		}
		if d.watchAll {
			if err := c.addStoredOf(n, nil); err != nil {
				return err
			}
			keys, fkeys, err := c.keysOf(n)
			if err != nil {
				return err
			}
			exact, fuzzy := e.candidates(d, false, keys, fkeys, nil, nil, true)
			c.proposeAll(n, exact, fuzzy)
			// With a shared store, other engines verify pairs of n that
			// this one never sees: its watches stay unknown.
			d.watchAll = e.shared != nil
			continue
		}
		for x, fz := range e.watch[n] {
			if !e.docs[x].alive {
				delete(e.watch[n], x)
				continue
			}
			if err := stored(n, x, false); err != nil {
				return err
			}
			c.propose(n, x, true)
			if fz {
				c.propose(n, x, false)
			}
		}
	}
	return nil
}

// commonProof reports whether stored match m stays as it is whatever
// fingerprints its documents share become common: they are near
// duplicates, or every passage is CommonShare or more of both (see
// cluster.Verify: a passage of common text is dropped only where it is a
// small part of one of them).
func (e *Engine) commonProof(m *StoredMatch) bool {
	cfg := e.opt.Cluster
	if cfg.NearDuplicate > 0 && max(m.Match.ContainmentA, m.Match.ContainmentB) >= cfg.NearDuplicate {
		return true
	}
	a, b := e.number(m.A), e.number(m.B)
	if a < 0 || b < 0 {
		return false
	}
	wa, wb := float64(e.docs[a].words), float64(e.docs[b].words)
	for _, p := range m.Match.Passages {
		if p.Fuzzy || float64(p.ATok[1]-p.ATok[0]) < cfg.CommonShare*wa || float64(p.BTok[1]-p.BTok[0]) < cfg.CommonShare*wb {
			return false
		}
	}
	return true
}

// maxGroupLookups: the holders of a fingerprint that became common, up to
// this many, have their pairs looked up in the store one by one; more,
// and their matches are read.
const maxGroupLookups = 32

// addStored adds stored match m of documents a and b to the pairs to
// verify.
func (c *change) addStored(a, b int32, m *StoredMatch) {
	a, b = c.e.ordered(a, b)
	p := c.pairs[[2]int32{a, b}]
	if p == nil {
		p = &pair{a: a, b: b, exact: true}
		c.pairs[[2]int32{a, b}] = p
	}
	p.stored, p.old = true, m.Match
}

// watchPair records, after verifying the pair p, which of its documents
// watch the other (see Engine.watch), from p.own.
func (e *Engine) watchPair(p *pair) {
	set := func(n, x int32, on bool) {
		w := e.watch[n]
		if !on {
			delete(w, x)
			return
		}
		if w == nil {
			w = map[int32]bool{}
			e.watch[n] = w
		}
		w[x] = p.fuzzy
	}
	set(p.a, p.b, p.own[0])
	set(p.b, p.a, p.own[1])
}

// verify checks every pair, on all workers.
func (c *change) verify() error {
	e := c.e
	pairs := make([]*pair, 0, len(c.pairs))
	for _, p := range c.pairs {
		if e.docs[p.a].alive && e.docs[p.b].alive {
			pairs = append(pairs, p)
		}
	}
	if len(c.recheck) > 0 {
		// Fingerprints became boilerplate during the batch: a pair is a
		// candidate only if it still shares enough others, as compare
		// finds candidates with the boilerplate known.
		var err error
		if pairs, err = c.stillCandidates(pairs); err != nil {
			return err
		}
	}
	if e.opt.Fuzzy {
		// A stored match verified again is a candidate of the fuzzy
		// channel, whose verification it then gets if the exact one
		// fails, only if its documents share enough fuzzy keys, as in
		// compare.
		for _, p := range pairs {
			if !p.stored || p.fuzzy {
				continue
			}
			var err error
			if p.fuzzy, err = c.fuzzyCandidate(p.a, p.b); err != nil {
				return err
			}
		}
	}
	slices.SortFunc(pairs, func(x, y *pair) int {
		if x.a != y.a {
			return int(x.a - y.a)
		}
		return int(x.b - y.b)
	})
	c.out.Candidates = len(pairs)
	if len(pairs) == 0 {
		return nil
	}
	// The documents the pairs need, prepared once each.
	need := map[int32]*prepDoc{}
	var todo []int32
	for _, p := range pairs {
		for _, n := range [2]int32{p.a, p.b} {
			if _, ok := need[n]; ok {
				continue
			}
			if pd := e.cache.get(n); pd != nil {
				need[n] = pd
			} else {
				need[n] = nil
				todo = append(todo, n)
			}
		}
	}
	texts := make([][]byte, len(todo))
	for i, n := range todo {
		if t, ok := c.texts[n]; ok {
			texts[i] = t
			continue
		}
		t, err := e.readText(c.ctx, e.docs[n].seq)
		if err != nil {
			return fmt.Errorf("text of %s: %w", e.docs[n].id, err)
		}
		texts[i] = t
	}
	made := make([]*prepDoc, len(todo))
	work.Each(len(todo), e.opt.workers(), func(i int) {
		made[i] = e.prepareWith(todo[i], texts[i], c.toks[todo[i]])
	})
	for _, pd := range made {
		need[pd.n] = pd
	}
	for n, pd := range need {
		if pd.doc != nil {
			pd.doc.NoBoilerplate = !e.docs[n].holdsBoiler
		}
	}
	work.Each(len(pairs), e.opt.workers(), func(i int) {
		p := pairs[i]
		p.m, p.ok, p.own = e.check(p.exact, p.fuzzy, p.a, p.b, need[p.a], need[p.b])
	})
	// Kept for the next batches, now that none is in use.
	for _, pd := range made {
		e.cache.put(pd)
	}
	cfg := e.opt.Cluster
	for _, p := range pairs {
		if p.exact || p.fuzzy {
			e.watchPair(p)
		}
		sa, sb := e.docs[p.a].seq, e.docs[p.b].seq
		wasDerived := p.stored && p.old.Derived(cfg)
		switch {
		case p.ok:
			m := p.m
			m.A, m.B = 0, 0
			c.b.Matches = append(c.b.Matches, &StoredMatch{A: sa, B: sb, Match: m})
			if !p.stored {
				c.out.Matches++
				c.event(Event{Type: EventMatch, A: e.docs[p.a].id, B: e.docs[p.b].id, SharedWords: m.SharedWords,
					ContainmentA: round3(m.ContainmentA), ContainmentB: round3(m.ContainmentB)})
			}
			isDerived := m.Derived(cfg)
			if wasDerived {
				e.unlink(p.a, p.b)
			}
			if isDerived {
				e.link(p.a, p.b, &m)
			}
			if wasDerived || isDerived {
				c.touched[p.a], c.touched[p.b] = true, true
			}
		case p.stored:
			c.b.DeleteMatches = append(c.b.DeleteMatches, [2]uint64{sa, sb})
			c.out.Dropped++
			if wasDerived {
				e.unlink(p.a, p.b)
				c.touched[p.a], c.touched[p.b] = true, true
			}
		}
	}
	return nil
}

// fuzzyCandidate reports whether documents a and b share enough fuzzy
// keys, but those held by more documents than the fuzzy channel's limit,
// to be its candidate pair.
func (c *change) fuzzyCandidate(a, b int32) (bool, error) {
	_, fa, err := c.keysOf(a)
	if err != nil {
		return false, err
	}
	_, fb, err := c.keysOf(b)
	if err != nil {
		return false, err
	}
	return c.e.fuzzyPair(fa, fb), nil
}

// fuzzyPair reports whether documents of fuzzy keys fa and fb share
// enough of them, but those held by more documents than the fuzzy
// channel's limit, to be its candidate pair.
func (e *Engine) fuzzyPair(fa, fb []uint64) bool {
	n := sharedKeys(fa, fb, func(k uint64) bool { _, capped := e.fcapped[k]; return capped })
	return n >= e.opt.FuzzyConfig.IndexConfig().MinCollisions
}

// sharedKeys returns how many of keys y are in x too, but those skip
// takes.
func sharedKeys(x, y []uint64, skip func(uint64) bool) int {
	set := make(map[uint64]struct{}, len(x))
	for _, k := range x {
		set[k] = struct{}{}
	}
	n := 0
	for _, k := range y {
		if _, ok := set[k]; ok && !skip(k) {
			n++
		}
	}
	return n
}

// stillCandidates returns the pairs that share enough fingerprints but
// boilerplate to be candidates. The stored matches of the others are
// dropped.
func (c *change) stillCandidates(pairs []*pair) ([]*pair, error) {
	e := c.e
	keysOf := c.keysOf
	// A pair's count changes only through a key both hold that became
	// boilerplate: both are then among the holders checked again.
	held := make(map[int32]bool, len(c.recheck))
	for _, n := range c.recheck {
		held[n] = true
	}
	// The near duplicates of a document, found once for all its pairs.
	near := map[int32][]int32{}
	nearOf := func(n int32, keys []uint64) []int32 {
		ps, ok := near[n]
		if !ok {
			ps = e.nearPartners(n, keys)
			near[n] = ps
		}
		return ps
	}
	kept := pairs[:0]
	for _, p := range pairs {
		if !held[p.a] || !held[p.b] {
			kept = append(kept, p)
			continue
		}
		ka, fa, err := keysOf(p.a)
		if err != nil {
			return nil, err
		}
		kb, fb, err := keysOf(p.b)
		if err != nil {
			return nil, err
		}
		p.exact = sharedKeys(ka, kb, e.boiler.Has) >= e.opt.Cluster.MinCollisions ||
			slices.Contains(nearOf(p.a, ka), p.b)
		if e.opt.Fuzzy {
			p.fuzzy = e.fuzzyPair(fa, fb)
		}
		if p.exact || p.fuzzy {
			kept = append(kept, p)
			continue
		}
		if p.stored {
			c.b.DeleteMatches = append(c.b.DeleteMatches, [2]uint64{e.docs[p.a].seq, e.docs[p.b].seq})
			c.out.Dropped++
			if p.old.Derived(e.opt.Cluster) {
				e.unlink(p.a, p.b)
				c.touched[p.a], c.touched[p.b] = true, true
			}
		}
	}
	return kept, nil
}

// prepare makes document n ready for verification from its text.
func (e *Engine) prepare(n int32, text []byte) *prepDoc { return e.prepareWith(n, text, nil) }

// prepareWith is prepare with the text's tokens, if known (nil: the text
// is tokenized).
func (e *Engine) prepareWith(n int32, text []byte, known *shingle.Tokens) *prepDoc {
	s := e.sketchers.Get().(*sketcher)
	defer e.sketchers.Put(s)
	pd := &prepDoc{n: n, text: text}
	toks := known
	if toks == nil {
		toks = &s.toks
		toks.Spans, toks.Hashes, toks.NoSpans = toks.Spans[:0], toks.Hashes[:0], false
		s.tk.Tokenize(toks, text)
	}
	pd.words = toks.Len()
	if cd, err := cluster.NewDoc(text, toks, e.opt.Cluster); err == nil {
		pd.doc = cd
		if e.opt.Fuzzy {
			pd.fuzzy = newLazyFuzzy(text, known) // nil: tokenized again if needed
		}
	}
	return pd
}

// check verifies one pair of prepared documents, as compare does: with
// exact shingles if it is a candidate of the exact channel, and if that
// finds no match, sentence by sentence if it is one of the fuzzy channel.
func (e *Engine) check(exact, fuzzy bool, ia, ib int32, a, b *prepDoc) (m cluster.Match, ok bool, own [2]bool) {
	if a.doc == nil || b.doc == nil {
		return cluster.Match{}, false, own
	}
	if exact {
		m, ok, own = cluster.VerifyOwn(ia, ib, a.doc, b.doc, e.opt.Cluster, e.boiler, e.common)
	}
	if !ok && fuzzy && e.opt.Fuzzy {
		var fown [2]bool
		m, ok, fown = cluster.VerifyFuzzy(ia, ib, a.doc, b.doc, a.fuzzy.get(), b.fuzzy.get(), e.opt.FuzzyConfig, e.opt.Cluster, e.boiler, e.common)
		own = [2]bool{own[0] || fown[0], own[1] || fown[1]}
	}
	return m, ok, own
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }
