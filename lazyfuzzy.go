package provenance

import (
	"sync"

	"github.com/provenance-dev/provenance/cluster"
	"github.com/provenance-dev/provenance/shingle"
)

// lazyFuzzy is a document's form for the fuzzy channel, made the first
// time a pair needs it: most candidate pairs are confirmed by exact
// shingles or are not the fuzzy channel's, and their documents' fuzzy
// forms (which cost about as much to make as their fingerprints) are
// never used. It is safe for concurrent use. Its text must not change
// until the form is made.
type lazyFuzzy struct {
	once sync.Once
	text []byte
	toks *shingle.Tokens // nil: the text is tokenized again
	doc  *cluster.FuzzyDoc
}

// newLazyFuzzy returns the lazy fuzzy form of text, whose tokens are toks
// if known (nil: they are found again if the form is needed, so that the
// caller can reuse its own).
func newLazyFuzzy(text []byte, toks *shingle.Tokens) *lazyFuzzy {
	return &lazyFuzzy{text: text, toks: toks}
}

// get returns the fuzzy form, making it if it was not made yet.
func (l *lazyFuzzy) get() *cluster.FuzzyDoc {
	l.once.Do(func() {
		toks := l.toks
		if toks == nil {
			// The fuzzy form uses the tokens' spans only, which the
			// tokenizer's seed does not change.
			tk := spanTokenizers.Get().(*shingle.Tokenizer)
			toks = tk.Tokenize(nil, l.text)
			spanTokenizers.Put(tk)
		}
		l.doc = cluster.NewFuzzyDoc(l.text, toks)
		l.text, l.toks = nil, nil
	})
	return l.doc
}

var spanTokenizers = sync.Pool{New: func() any { return shingle.NewTokenizer(0) }}
