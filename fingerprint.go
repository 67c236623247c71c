package provenance

import (
	"slices"
	"sync/atomic"
	"time"

	"github.com/provenance-dev/provenance/cluster"
	"github.com/provenance-dev/provenance/document"
	"github.com/provenance-dev/provenance/lineage"
	"github.com/provenance-dev/provenance/shingle"
)

// entry is a document in a run with what the pipeline keeps of it.
type entry struct {
	doc   *document.Document
	in    document.Input // to read the text again, when dropped
	rd    *document.Reader
	sum   uint64 // textSum of the text, to check a second read
	bytes int64
	words int
	keys  []uint64
	fkeys []uint64 // fuzzy channel keys
	// ev is the lineage evidence of a dropped text in a component too
	// large to infer its lineage while its texts are at hand, found when
	// it is read again to verify; loadErr why the text could not be read
	// again for lineage.
	ev      *lineage.Evidence
	loadErr error
	err     error
	// keepTokens asks fingerprint to keep the tokens, with their spans,
	// in toks (for an Engine, which verifies a new document next).
	keepTokens bool
	toks       *shingle.Tokens
}

// stageTimes sums per-worker durations.
type stageTimes struct{ read, tokenize, sketch, checksum atomic.Int64 }

// sketcher fingerprints texts; one per goroutine.
type sketcher struct {
	tk   *shingle.Tokenizer
	sk   *cluster.Sketcher
	toks shingle.Tokens
	sh   []uint64
	buf  []byte             // file bytes, reused while no document keeps its text
	bufs [][]byte           // buffers for texts read again, free to reuse
	fz   *cluster.FuzzyPrep // made when the fuzzy channel first needs it
}

func newSketcher(opt Options) *sketcher {
	return &sketcher{tk: shingle.NewTokenizer(opt.TokenSeed), sk: cluster.NewSketcher(opt.Cluster)}
}

// fingerprint sets e.words and e.keys (and e.fkeys) from text.
func (s *sketcher) fingerprint(e *entry, text []byte, opt *Options, st *stageTimes) {
	k := opt.Cluster.K
	t := time.Now()
	s.toks.Spans, s.toks.Hashes = s.toks.Spans[:0], s.toks.Hashes[:0]
	s.toks.NoSpans = !opt.Fuzzy && !e.keepTokens // only the fuzzy keys need offsets here
	s.tk.Tokenize(&s.toks, text)
	if e.keepTokens {
		e.toks = &shingle.Tokens{Spans: slices.Clone(s.toks.Spans), Hashes: slices.Clone(s.toks.Hashes)}
	}
	t2 := time.Now()
	st.tokenize.Add(int64(t2.Sub(t)))
	e.words = s.toks.Len()
	e.bytes = int64(len(text))
	if e.words == 0 {
		e.err = &document.FileError{Path: e.doc.Path, Err: document.ErrNoText}
		return
	}
	var err error
	s.sh, err = shingle.Hashes(s.sh[:0], s.toks.Hashes, k)
	if err == nil {
		e.keys = s.sk.Keys(s.sh)
	} // else shorter than one shingle: it stays a document and matches nothing
	if opt.Fuzzy {
		if s.fz == nil {
			s.fz = cluster.NewFuzzyPrep()
		}
		e.fkeys = s.fz.Keys(text, &s.toks, opt.FuzzyConfig)
	}
	st.sketch.Add(int64(time.Since(t2)))
}
