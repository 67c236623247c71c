package provenance

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/provenance-dev/provenance/cluster"
	"github.com/provenance-dev/provenance/document"
	"github.com/provenance-dev/provenance/lineage"
	"github.com/provenance-dev/provenance/shingle"
	"github.com/spaolacci/murmur3"
)

// Engine is the pipeline taking documents one batch at a time, as the
// daemon needs: each document is fingerprinted ([Engine.Prepare]), looked
// up in the index of those stored before it, verified against its
// candidates, and joined to the families it derives from, whose lineage is
// inferred again; the whole batch is then stored ([Engine.Ingest]). It
// gives the answer [CompareFiles] gives over the same documents: the same
// candidates, matches, families, originals and edges (but for a
// fingerprint held by more than Cluster.MaxKeyDocs documents: here it
// pairs all its holders until it is that common, and a document arriving
// among its earliest published pairs with all of them, so the engine
// makes more pairs than compare, never fewer).
//
// The index, the derivation edges and what lineage needs of each document
// live in memory and are rebuilt from the [Store] by [OpenEngine];
// texts, matches and families are read from the store when needed.
//
// An Engine is safe for concurrent use: Prepare runs on any goroutine,
// while Ingest, Check and Expire take turns.
type Engine struct {
	opt     Options
	aliases *lineage.Aliases // taken once: the engine's sources keep their keys
	store   Store
	shared  SharedStore // store, if it is shared; nil otherwise
	pos     uint64      // the shared store's log position the memory holds
	now     func() time.Time

	mu      sync.Mutex
	ix, fix *cluster.Index
	docs    []*memDoc // by number, in the index's numbering
	byID    map[string]int32
	boiler  *cluster.KeySet
	common  *cluster.KeySet // fingerprints many documents hold (see cluster.Config.CommonDocs)
	// watch holds, for a document n, the documents x such that verifying
	// (n, x) dropped common text because n's other text is its own (see
	// cluster.VerifyOwn), with whether the pair was a fuzzy candidate too:
	// the pairs to verify again once more of n's text is common. A
	// document with watchAll has watches not known: read from the store
	// when the engine opened, or, with a shared store, always, since other
	// engines verify its pairs too.
	watch    map[int32]map[int32]bool
	sources  map[string]int32 // source key -> number, from 1
	families map[uint64]*memFamily
	counters Counters
	dead     int  // numbers of documents no longer stored
	stale    bool // memory to rebuild from the store before use
	cache    *prepCache
	scratch  cluster.Scratch
	// scratchIDs holds a query's candidate documents.
	scratchIDs []int32
	// scratchKeys holds a document's keys that are not boilerplate.
	scratchKeys   []uint64
	scratchBodies distinct
	// capped and fcapped hold the fingerprints found held by more
	// documents than MaxKeyDocs, in the exact and fuzzy channels: what
	// Stats reports as caps, as compare does.
	capped, fcapped map[uint64]struct{}
	scratch2        cluster.Scratch    // for a popular key's holders
	pop             map[uint64]*popKey // popular keys' anchors and sources
	loaded          time.Duration
	events          bool // keep events with each batch

	sketchers sync.Pool // of *sketcher, for Prepare
	stats     atomic.Pointer[EngineStats]

	// Batches staged and being stored (see Stage): applying counts them,
	// inflight holds them (under imu) for reads the store cannot answer
	// yet, and poisoned is set when one failed to be stored.
	applying sync.WaitGroup
	imu      sync.Mutex
	inflight []*Batch
	poisoned atomic.Bool
}

// memDoc is what an Engine keeps in memory of a stored document.
type memDoc struct {
	seq          uint64
	id           string
	file         string
	source       string
	sourceKey    int32
	published    time.Time
	publishedDay bool
	words        int
	ev           *lineage.Evidence
	url          string       // its own address, which a copy may name canonical
	more         *moreLineage // nil when it has none
	added        time.Time
	family       uint64 // 0: in none
	edges        []edge // derivations with other documents
	alive        bool
	holdsBoiler  bool // holds a boilerplate fingerprint
	// nkeys is its number of fingerprints, nboiler how many of them are
	// boilerplate (see nearDuplicates).
	nkeys, nboiler int32
	// body is the digest of its fingerprints that copies of one text
	// share (see bodyOf).
	body uint64
	// watchAll: the pairs whose verification depends on how much of its
	// text is common are not known (see Engine.watch).
	watchAll bool
}

// edge is a derivation between two documents, seen from one of them:
// the match's figures with this document as A.
type edge struct {
	other                      int32
	jaccard, covSelf, covOther float64
	containSelf, containOther  float64
}

// memFamily is a family in memory: its members, in the order of their
// IDs, and its original.
type memFamily struct {
	seq      uint64
	id       string
	members  []int32
	original int32
	created  time.Time
}

// EngineOptions configure [OpenEngine].
type EngineOptions struct {
	Options
	// CacheWords bounds the documents kept prepared for verification
	// (tokenized, indexed by shingle: about 300 bytes a word with the
	// pool's slack), counted in words; 0 means 1M, about 300 MB. At a
	// quarter of that, a daemon fed 100k generated documents at full
	// speed stored 5,000 a second instead of 6,000.
	CacheWords int
	// Now is the clock (time.Now when nil).
	Now func() time.Time
	// Events keeps each batch's events in the store with it (see
	// [Batch].Events), for an events log.
	Events bool
}

// ErrSettings is the reason [OpenEngine] refuses a store made with other
// settings than its options: fingerprints and matches would not agree.
var ErrSettings = errors.New("store made with other settings")

// settings describes the options that shape what is stored.
func (o *Options) settings() string {
	c := o.Cluster
	// v2: repeated text aligned past the per-shingle cap; near duplicates
	// keep the boilerplate they share. v3: an outlet's copies of one text
	// count once toward its boilerplate; Thai and Lao tokens are clusters.
	// v4: passages of text many documents hold are dropped where they are
	// a small part of both, or of one whose other text is its own.
	s := fmt.Sprintf("v4 k=%d winnow=%d seed=%d collisions=%d maxkeydocs=%d anchors=%d boilerplate=%d neardup=%g common=%d,%g gap=%d passage=%d quote=%d words=%d derive=%g pairs=%d",
		c.K, c.Winnow, o.TokenSeed, c.MinCollisions, c.MaxKeyDocs, c.PopularAnchors, c.BoilerplateDocs, c.NearDuplicate, c.CommonDocs, c.CommonShare, c.MaxGap,
		c.MinPassageWords, c.QuoteMaxWords, c.MinMatchWords, c.DeriveCoverage, c.MaxPairsPerShingle)
	if o.Fuzzy {
		f := o.FuzzyConfig
		s += fmt.Sprintf(" fuzzy=%g,%d,%d,%d,%g,%d,%d,%g,%g,%g", f.KeyRate, f.MinSharedKeys, f.MaxKeyDocs, f.SeedShared,
			f.SeedDice, f.MaxGapUnits, f.MinWords, f.PassageDice, f.SingleSeedDice, f.MinSeedDensity)
	}
	return s
}

// OpenEngine returns an engine over store, rebuilding its memory from
// what the store holds. A store that holds documents made with other
// settings (see [Options]) is refused with an error wrapping
// [ErrSettings].
func OpenEngine(ctx context.Context, store Store, opt EngineOptions) (*Engine, error) {
	if err := opt.Validate(); err != nil {
		return nil, fmt.Errorf("options: %w", err)
	}
	e := &Engine{opt: opt.Options, store: store, now: opt.Now, events: opt.Events, aliases: opt.aliases()}
	if ss, ok := store.(SharedStore); ok {
		e.shared = ss
	}
	e.sketchers.New = func() any { return newSketcher(e.opt) }
	if e.now == nil {
		e.now = time.Now
	}
	words := opt.CacheWords
	if words <= 0 {
		words = 1 << 20
	}
	e.cache = newPrepCache(words)
	if err := e.load(ctx); err != nil {
		return nil, err
	}
	return e, nil
}

// load rebuilds the engine's memory from the store. A shared store is
// read under its lock, so that what is read is one state.
func (e *Engine) load(ctx context.Context) error {
	start := time.Now()
	if e.shared != nil {
		if err := e.shared.Lock(ctx); err != nil {
			return fmt.Errorf("lock the store: %w", err)
		}
		defer e.shared.Unlock(context.WithoutCancel(ctx))
		pos, err := e.shared.Position(ctx)
		if err != nil {
			return fmt.Errorf("open store: %w", err)
		}
		e.pos = pos
	}
	c, err := e.store.Counters(ctx)
	if err != nil {
		return fmt.Errorf("open store: %w", err)
	}
	want := e.opt.settings()
	if c.Settings == "" && c.NextDoc == 0 {
		c.Settings = want
	} else if c.Settings != want {
		return fmt.Errorf("%w: stored with %q, asked for %q", ErrSettings, c.Settings, want)
	}
	if c.NextDoc == 0 {
		c.NextDoc, c.NextFamily = 1, 1
	}
	e.counters = c
	e.stale = true // until the end
	e.docs, e.byID, e.sources, e.families = nil, map[string]int32{}, map[string]int32{}, map[uint64]*memFamily{}
	e.dead = 0
	e.pop = nil
	e.boiler, e.common = &cluster.KeySet{}, &cluster.KeySet{}
	e.watch = map[int32]map[int32]bool{}
	e.cache.clear()
	var keys, fkeys [][]uint64
	err = e.store.Docs(ctx, func(d *StoredDoc) error {
		n := int32(len(e.docs))
		md := e.memOf(d)
		md.watchAll = true
		e.docs = append(e.docs, md)
		e.byID[d.ID] = n
		keys = append(keys, d.Keys)
		if e.opt.Fuzzy {
			fkeys = append(fkeys, d.FuzzyKeys)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("load documents: %w", err)
	}
	e.ix = cluster.BuildIndex(e.opt.Cluster, keys, e.opt.workers())
	if e.opt.Fuzzy {
		e.fix = cluster.BuildIndex(e.opt.FuzzyConfig.IndexConfig(), fkeys, e.opt.workers())
		e.fcapped = overKeys(e.fix, e.opt.FuzzyConfig.MaxKeyDocs, e.opt.workers())
	}
	e.capped = overKeys(e.ix, e.opt.Cluster.MaxKeyDocs, e.opt.workers())
	// The boilerplate fingerprints, as compare finds them.
	srcDocs := make([]*document.Document, len(e.docs))
	for i, d := range e.docs {
		srcDocs[i] = &document.Document{Source: d.source}
	}
	bodies := bodiesOf(keys)
	for i, b := range bodies {
		e.docs[i].body = b
	}
	boiler, holds := boilerplate(e.ix, srcDocs, bodies, e.opt.Cluster, e.aliases, e.opt.workers())
	if boiler != nil {
		e.boiler = boiler
	}
	if common := commonKeys(e.ix, bodies, boiler, e.opt.Cluster, e.opt.workers()); common != nil {
		e.common = common
	}
	for i, h := range holds {
		e.docs[i].holdsBoiler = h
	}
	for i, ks := range keys {
		d := e.docs[i]
		d.nkeys = int32(len(ks))
		if d.holdsBoiler {
			for _, k := range ks {
				if e.boiler.Has(k) {
					d.nboiler++
				}
			}
		}
	}
	err = e.store.Matches(ctx, func(m *StoredMatch) error {
		if !m.Match.Derived(e.opt.Cluster) {
			return nil
		}
		a, b := e.number(m.A), e.number(m.B)
		if a < 0 || b < 0 {
			return fmt.Errorf("match of %d and %d: %w", m.A, m.B, errDangling)
		}
		e.link(a, b, &m.Match)
		return nil
	})
	if err != nil {
		return fmt.Errorf("load matches: %w", err)
	}
	err = e.store.Families(ctx, 0, func(f *StoredFamily) (bool, error) {
		mf := &memFamily{seq: f.Seq, id: f.ID, created: f.Created, original: e.number(f.Original)}
		for _, s := range f.Members {
			n := e.number(s)
			if n < 0 {
				return false, fmt.Errorf("family %s member %d: %w", f.ID, s, errDangling)
			}
			mf.members = append(mf.members, n)
			e.docs[n].family = f.Seq
		}
		e.families[f.Seq] = mf
		return true, nil
	})
	if err != nil {
		return fmt.Errorf("load families: %w", err)
	}
	e.loaded = time.Since(start)
	e.stale = false
	e.publish()
	return nil
}

// moreLineage is what lineage reads of a document beyond its source and
// publication date, which few documents have: kept apart, so that those
// without cost a pointer.
type moreLineage struct {
	canonical                string
	publishedMonth           bool
	updated                  time.Time
	updatedDay, updatedMonth bool
}

// moreOf returns the moreLineage of d, nil when it has none to tell.
func moreOf(d *StoredDoc) *moreLineage {
	if d.Canonical == "" && !d.PublishedMonth && d.Updated.IsZero() {
		return nil
	}
	return &moreLineage{canonical: d.Canonical, publishedMonth: d.PublishedMonth,
		updated: d.Updated, updatedDay: d.UpdatedDay, updatedMonth: d.UpdatedMonth}
}

// errDangling is the reason a store whose records refer to a document it
// does not hold is refused.
var errDangling = errors.New("refers to a document not stored")

// memOf returns the memory form of a stored document.
func (e *Engine) memOf(d *StoredDoc) *memDoc {
	m := &memDoc{seq: d.Seq, id: d.ID, file: d.File, source: d.Source, published: d.Published,
		publishedDay: d.PublishedDay, words: d.Words, url: d.URL, more: moreOf(d), added: d.Added, alive: true}
	m.sourceKey = e.sourceKey(d.Source)
	ev := d.Evidence
	m.ev = &ev
	if len(ev.Credits) == 0 && len(ev.Lines) == 0 {
		m.ev = &noEvidence
	}
	return m
}

// noEvidence is the evidence of every text without credits.
var noEvidence lineage.Evidence

// sourceKey returns the number of a source name's key, 0 for none.
func (e *Engine) sourceKey(name string) int32 {
	k := e.aliases.Key(name)
	if k == "" {
		return 0
	}
	n, ok := e.sources[k]
	if !ok {
		n = int32(len(e.sources) + 1)
		e.sources[k] = n
	}
	return n
}

// number returns the number of the document stored as seq, or -1.
func (e *Engine) number(seq uint64) int32 {
	i, ok := slices.BinarySearchFunc(e.docs, seq, func(d *memDoc, s uint64) int {
		switch {
		case d.seq < s:
			return -1
		case d.seq > s:
			return 1
		}
		return 0
	})
	if !ok {
		return -1
	}
	return int32(i)
}

// link records the derivation m between documents a and b (numbers; m's
// A side is a).
func (e *Engine) link(a, b int32, m *cluster.Match) {
	e.docs[a].edges = append(e.docs[a].edges, edge{other: b, jaccard: m.Jaccard,
		covSelf: m.CoverageA, covOther: m.CoverageB, containSelf: m.ContainmentA, containOther: m.ContainmentB})
	e.docs[b].edges = append(e.docs[b].edges, edge{other: a, jaccard: m.Jaccard,
		covSelf: m.CoverageB, covOther: m.CoverageA, containSelf: m.ContainmentB, containOther: m.ContainmentA})
}

// unlink removes the derivation between a and b, if any.
func (e *Engine) unlink(a, b int32) bool {
	ea := &e.docs[a].edges
	i := slices.IndexFunc(*ea, func(x edge) bool { return x.other == b })
	if i < 0 {
		return false
	}
	*ea = slices.Delete(*ea, i, i+1)
	eb := &e.docs[b].edges
	if j := slices.IndexFunc(*eb, func(x edge) bool { return x.other == a }); j >= 0 {
		*eb = slices.Delete(*eb, j, j+1)
	}
	return true
}

// Prepared is a document fingerprinted by [Engine.Prepare], ready for
// [Engine.Ingest] or [Engine.Check].
type Prepared struct {
	Doc *document.Document
	// Sum is [DocSum] of the document.
	Sum   uint64
	words int
	keys  []uint64
	fkeys []uint64
	toks  *shingle.Tokens // with spans: verification needs no second pass
	ev    lineage.Evidence
	// Err is why the document cannot be used (no words), or nil.
	Err error
	// Tokenize and Sketch are the times Prepare took to tokenize the
	// text and to select its fingerprints.
	Tokenize, Sketch time.Duration
}

// Prepare fingerprints a document. It may run on many goroutines at once,
// and keeps d.
func (e *Engine) Prepare(d *document.Document) *Prepared {
	s := e.sketchers.Get().(*sketcher)
	defer e.sketchers.Put(s)
	var st stageTimes
	en := &entry{doc: d, keepTokens: true}
	s.fingerprint(en, d.Text, &e.opt, &st)
	p := &Prepared{Doc: d, Sum: DocSum(d), words: en.words, keys: en.keys, fkeys: en.fkeys, toks: en.toks, Err: en.err,
		Tokenize: time.Duration(st.tokenize.Load()), Sketch: time.Duration(st.sketch.Load())}
	if p.Err == nil {
		p.ev = lineage.Scan(d.Text)
	}
	return p
}

// DocSum is a hash of a document's text and metadata: two reads of an
// item give one sum unless the item changed.
func DocSum(d *document.Document) uint64 {
	h := murmur3.New64()
	for _, s := range []string{d.ID, d.Source, d.Title, d.URL, d.Author, d.Published.UTC().Format(time.RFC3339Nano)} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	if d.PublishedDay {
		h.Write([]byte{1})
	}
	h.Write(d.Text)
	return h.Sum64()
}

// Len returns the number of documents stored.
func (e *Engine) Len() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return len(e.docs) - e.dead
}

// EngineStats are figures of an engine's memory.
type EngineStats struct {
	// Documents is the number stored; Removed the numbers of documents
	// taken out whose fingerprints are still in the index, skipped.
	Documents, Removed int
	// Postings is the number of (fingerprint, document) pairs indexed,
	// IndexBytes the bytes of the index's arrays (both channels).
	Postings   int
	IndexBytes int64
	// Families is the number of families.
	Families int
	// Capped lists the limits that some of the documents went past, as
	// compare's [Result].Capped does: fingerprints held by more documents
	// than MaxKeyDocs (paired with their earliest holders) and fuzzy keys
	// over the fuzzy channel's limit (no candidates).
	Capped []Cap
}

// Stats returns figures of the engine's memory as of the end of the last
// batch: it does not wait for one under way.
func (e *Engine) Stats() EngineStats {
	if s := e.stats.Load(); s != nil {
		return *s
	}
	return EngineStats{}
}

// publish takes the figures Stats returns. The caller holds e.mu.
func (e *Engine) publish() { e.stats.Store(e.figures()) }

// figures returns the engine's figures. The caller holds e.mu.
func (e *Engine) figures() *EngineStats {
	s := EngineStats{Documents: len(e.docs) - e.dead, Removed: e.dead, Families: len(e.families)}
	for _, ix := range []*cluster.Index{e.ix, e.fix} {
		if ix != nil {
			s.Postings += ix.Postings()
			s.IndexBytes += ix.ArrayBytes()
		}
	}
	if n := countOutside(e.capped, e.boiler); n > 0 {
		s.Capped = append(s.Capped, popularCap(n, e.opt.Cluster))
	}
	if len(e.fcapped) > 0 {
		s.Capped = append(s.Capped, fuzzyCap(len(e.fcapped), e.opt.FuzzyConfig))
	}
	return &s
}

// Families returns the number of families.
func (e *Engine) Families() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return len(e.families)
}

// FamilyOf returns the number of the family of document seq, 0 if it is
// in none.
func (e *Engine) FamilyOf(seq uint64) uint64 {
	e.mu.Lock()
	defer e.mu.Unlock()
	n := e.number(seq)
	if n < 0 || !e.docs[n].alive {
		return 0
	}
	return e.docs[n].family
}

// LoadTime returns how long the engine took to rebuild its memory from
// the store when it opened.
func (e *Engine) LoadTime() time.Duration { return e.loaded }
