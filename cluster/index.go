package cluster

import "sort"

// Index is a banded LSH index of passage windows. Each band key maps to the
// documents that have a window with that key. Documents are numbered by the
// caller, densely from 0.
//
// The zero value is not ready: use [NewIndex]. An Index is not safe for
// concurrent use.
type Index struct {
	minCollisions int
	// one holds keys seen in exactly one document: most keys, so they take
	// no slice. A key seen in more documents moves to many.
	one  map[uint64]int32
	many map[uint64][]int32
	docs int
}

// NewIndex returns an empty index using cfg's MinCollisions.
func NewIndex(cfg Config) *Index {
	return &Index{
		minCollisions: cfg.MinCollisions,
		one:           make(map[uint64]int32),
		many:          make(map[uint64][]int32),
	}
}

// Len returns the number of documents added.
func (ix *Index) Len() int { return ix.docs }

// Keys returns the number of distinct band keys held.
func (ix *Index) Keys() int { return len(ix.one) + len(ix.many) }

// Add records the band keys of document doc, as [Sketcher.BandKeys] returns
// them (sorted, no repeats). Add a document once.
func (ix *Index) Add(doc int32, keys []uint64) {
	ix.docs++
	for _, k := range keys {
		if list, ok := ix.many[k]; ok {
			ix.many[k] = append(list, doc)
			continue
		}
		if d, ok := ix.one[k]; ok {
			delete(ix.one, k)
			ix.many[k] = []int32{d, doc}
			continue
		}
		ix.one[k] = doc
	}
}

// Candidate is a document that shares band keys with a query.
type Candidate struct {
	Doc        int32
	Collisions int
}

// Query returns the documents already in the index that share at least
// MinCollisions band keys with keys (as [Sketcher.BandKeys] returns them), ordered by
// document number. scratch may be nil; passing the same map between calls
// saves allocations.
func (ix *Index) Query(keys []uint64, scratch map[int32]int) []Candidate {
	if scratch == nil {
		scratch = make(map[int32]int)
	} else {
		clear(scratch)
	}
	for _, k := range keys {
		if d, ok := ix.one[k]; ok {
			scratch[d]++
			continue
		}
		for _, d := range ix.many[k] {
			scratch[d]++
		}
	}
	var out []Candidate
	for d, n := range scratch {
		if n >= ix.minCollisions {
			out = append(out, Candidate{d, n})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Doc < out[j].Doc })
	return out
}
