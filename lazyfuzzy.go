package provenance

import (
	"sync"

	"github.com/provenance-dev/provenance/cluster"
	"github.com/provenance-dev/provenance/shingle"
)

// lazyFuzzy is a document's form for the fuzzy channel, made the first
// time a pair needs it: most candidate pairs of a family of copies are
// confirmed by exact shingles, and their documents' fuzzy forms (which
// cost about as much to make as their fingerprints) are never used. It is
// safe for concurrent use. Its text must not change until it is made.
type lazyFuzzy struct {
	once sync.Once
	text []byte
	toks *shingle.Tokens
	doc  *cluster.FuzzyDoc
}

func newLazyFuzzy(text []byte, toks *shingle.Tokens) *lazyFuzzy {
	return &lazyFuzzy{text: text, toks: toks}
}

// get returns the fuzzy form, making it if it was not made yet.
func (l *lazyFuzzy) get() *cluster.FuzzyDoc {
	l.once.Do(func() {
		l.doc = cluster.NewFuzzyDoc(l.text, l.toks)
		l.text, l.toks = nil, nil
	})
	return l.doc
}
