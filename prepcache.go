package provenance

import (
	"container/list"

	"github.com/provenance-dev/provenance/cluster"
)

// prepDoc is a document made ready for verification by an Engine: its
// text and its Docs for the exact and fuzzy channels (nil if it is too
// short).
type prepDoc struct {
	n     int32
	text  []byte
	doc   *cluster.Doc
	fuzzy *lazyFuzzy // nil unless the fuzzy channel is on
	words int
}

// prepCache keeps the documents an Engine prepared most recently, up to a
// number of words: a document arriving in a burst of copies is verified
// against the ones before it, which are then at hand. It is used under
// the Engine's lock.
type prepCache struct {
	max, words int
	order      *list.List // of *prepDoc, most recent first
	at         map[int32]*list.Element
}

func newPrepCache(maxWords int) *prepCache {
	return &prepCache{max: maxWords, order: list.New(), at: map[int32]*list.Element{}}
}

// get returns document n if it is kept, and marks it recently used.
func (c *prepCache) get(n int32) *prepDoc {
	el, ok := c.at[n]
	if !ok {
		return nil
	}
	c.order.MoveToFront(el)
	return el.Value.(*prepDoc)
}

// put keeps p, letting the least recently used go while over the limit.
// The documents let go are released for reuse: put must not be called
// while a document it may let go is in use.
func (c *prepCache) put(p *prepDoc) {
	if el, ok := c.at[p.n]; ok {
		c.remove(el)
	}
	c.at[p.n] = c.order.PushFront(p)
	c.words += p.words
	for c.words > c.max && c.order.Len() > 1 {
		c.remove(c.order.Back())
	}
}

// drop lets document n go, if it is kept.
func (c *prepCache) drop(n int32) {
	if el, ok := c.at[n]; ok {
		c.remove(el)
	}
}

func (c *prepCache) remove(el *list.Element) {
	p := c.order.Remove(el).(*prepDoc)
	delete(c.at, p.n)
	c.words -= p.words
	if p.doc != nil {
		p.doc.Release()
	}
}

// forgetCommon makes document n, if it is kept, find the places of the
// common fingerprints again at its next verification: the set grew.
func (c *prepCache) forgetCommon(n int32) {
	if el, ok := c.at[n]; ok {
		if p := el.Value.(*prepDoc); p.doc != nil {
			p.doc.ForgetCommon()
		}
	}
}

// clear lets every document go.
func (c *prepCache) clear() {
	for c.order.Len() > 0 {
		c.remove(c.order.Back())
	}
}
