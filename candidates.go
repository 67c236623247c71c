package provenance

import (
	"cmp"
	"math"
	"slices"

	"github.com/provenance-dev/provenance/cluster"
	"github.com/provenance-dev/provenance/document"
	"github.com/provenance-dev/provenance/lineage"
)

// query returns the candidate pairs (a, b), a < b, of the indexed
// documents, leaving out the boilerplate fingerprints. Fingerprints held by
// more than MaxKeyDocs documents pair their holders with anchors, the
// earliest published (pop; zero for none).
func query(ix *cluster.Index, n int, boiler *cluster.KeySet, pop cluster.Popular, opt Options) [][2]int32 {
	found := make([][][2]int32, n)
	ix.PairsBelowWith(boiler, pop, opt.workers(), func(d int32, cands []cluster.Candidate) {
		f := make([][2]int32, len(cands))
		for i, c := range cands {
			f[i] = [2]int32{c.Doc, d}
		}
		found[d] = f
	})
	var pairs [][2]int32
	for _, f := range found {
		pairs = append(pairs, f...)
	}
	return pairs
}

// candidate is a document pair to verify, with the channels that proposed
// it.
type candidate struct {
	a, b         int32
	exact, fuzzy bool
}

// mergePairs joins the candidate pairs of both channels, each pair once,
// ordered by (a, b); documents are numbered below n.
func mergePairs(exact, fuzzy [][2]int32, n int) []candidate {
	out := make([]candidate, 0, len(exact)+len(fuzzy))
	for _, p := range exact {
		out = append(out, candidate{a: p[0], b: p[1], exact: true})
	}
	for _, p := range fuzzy {
		out = append(out, candidate{a: p[0], b: p[1], fuzzy: true})
	}
	// One channel's pairs, as query gives them, are in strictly
	// increasing (b, a) order, so distinct: a stable sort by a puts them
	// in (a, b) order.
	increasing := len(fuzzy) == 0
	for i := 1; increasing && i < len(out); i++ {
		x, y := out[i-1], out[i]
		increasing = x.b < y.b || x.b == y.b && x.a < y.a
	}
	if increasing {
		return sortByKey(out, n, func(c *candidate) int32 { return c.a })
	}
	slices.SortFunc(out, func(x, y candidate) int { return cmp.Or(cmp.Compare(x.a, y.a), cmp.Compare(x.b, y.b)) })
	j := 0
	for i := range out {
		if j > 0 && out[j-1].a == out[i].a && out[j-1].b == out[i].b {
			out[j-1].exact = out[j-1].exact || out[i].exact
			out[j-1].fuzzy = out[j-1].fuzzy || out[i].fuzzy
			continue
		}
		out[j] = out[i]
		j++
	}
	return out[:j]
}

// boilerplate returns the fingerprints held by at least
// cfg.BoilerplateDocs documents of one named source, and which documents
// hold any of them (nil if none does). Documents of one source with the
// same body (see bodyOf), given by document in bodies, count once: an
// outlet's copies of one article (its AMP, print and web pages) do not
// make the article its boilerplate.
func boilerplate(ix *cluster.Index, docs []*document.Document, bodies []uint64, cfg cluster.Config, aliases *lineage.Aliases, workers int) (*cluster.KeySet, []bool) {
	if cfg.BoilerplateDocs == 0 {
		return nil, nil
	}
	source := make([]int32, len(docs)) // 0: not named
	ids := map[string]int32{}
	// Many documents name one source the same way: its key is found once
	// for each way (the alias table's Key folds and looks up the name).
	byName := map[string]int32{}
	for i, d := range docs {
		id, ok := byName[d.Source]
		if !ok {
			if k := aliases.Key(d.Source); k != "" {
				if id, ok = ids[k]; !ok {
					id = int32(len(ids) + 1)
					ids[k] = id
				}
			}
			byName[d.Source] = id
		}
		source[i] = id
	}
	if len(ids) == 0 {
		return nil, nil
	}
	// Each part of the index, on a worker of its own, gathers the bodies
	// of each source among one fingerprint's documents, in an array by
	// source (touched lists those to reset), and notes the boilerplate
	// keys and the documents that hold them.
	type part struct {
		seen    []distinct
		touched []int32
		keys    []uint64
		holds   []bool
	}
	parts := make([]part, workers)
	for w := range parts {
		parts[w] = part{seen: make([]distinct, len(ids)+1), holds: make([]bool, len(docs))}
	}
	ix.SharedParts(cfg.BoilerplateDocs, workers, func(w int, key uint64, docs []int32) {
		p := &parts[w]
		for _, s := range p.touched {
			p.seen[s] = p.seen[s][:0]
		}
		p.touched = p.touched[:0]
		for _, d := range docs {
			s := source[d]
			if s == 0 {
				continue
			}
			if len(p.seen[s]) == 0 {
				p.touched = append(p.touched, s)
			}
			if p.seen[s] = p.seen[s].add(bodies[d], cfg.BoilerplateDocs); len(p.seen[s]) >= cfg.BoilerplateDocs {
				p.keys = append(p.keys, key)
				for _, d := range docs {
					p.holds[d] = true
				}
				return
			}
		}
	})
	out := &cluster.KeySet{}
	holds := parts[0].holds
	for w, p := range parts {
		for _, k := range p.keys {
			out.Add(k)
		}
		if w > 0 {
			for d, h := range p.holds {
				holds[d] = holds[d] || h
			}
		}
	}
	return out, holds
}

// commonKeys returns the fingerprints held by at least cfg.CommonDocs
// documents with distinct bodies (see bodyOf), whatever their sources,
// but those in boiler (nil if CommonDocs is 0). Verify counts both sets
// alike in a common passage, and the engine, which looks no boilerplate
// fingerprint up, learns no common one among them.
func commonKeys(ix *cluster.Index, bodies []uint64, boiler *cluster.KeySet, cfg cluster.Config, workers int) *cluster.KeySet {
	if cfg.CommonDocs == 0 {
		return nil
	}
	keys := make([][]uint64, workers)
	seen := make([]distinct, workers)
	ix.SharedParts(cfg.CommonDocs, workers, func(w int, key uint64, docs []int32) {
		if boiler.Has(key) {
			return
		}
		seen[w] = seen[w][:0]
		for _, d := range docs {
			if seen[w] = seen[w].add(bodies[d], cfg.CommonDocs); len(seen[w]) >= cfg.CommonDocs {
				keys[w] = append(keys[w], key)
				return
			}
		}
	})
	out := &cluster.KeySet{}
	for _, ks := range keys {
		for _, k := range ks {
			out.Add(k)
		}
	}
	return out
}

// bodyOf returns a digest of a document's fingerprints keys that copies
// of one text share: the least of them, mixed. Two pages of one article
// whose other text (menus, a print notice) differs share it unless the
// least falls in that text; two articles share it only if the least is
// text both carry (an outlet's notice), about as often as that text's
// share of their fingerprints.
func bodyOf(keys []uint64) uint64 {
	least := ^uint64(0)
	for _, k := range keys {
		// Keys are the least hashes of their windows: mixed by the
		// finalizer of splitmix64, the least of them is a fair pick.
		k ^= k >> 30
		k *= 0xbf58476d1ce4e5b9
		k ^= k >> 27
		k *= 0x94d049bb133111eb
		k ^= k >> 31
		least = min(least, k)
	}
	return least
}

// bodiesOf returns the bodies of documents with fingerprints keys.
func bodiesOf(keys [][]uint64) []uint64 {
	out := make([]uint64, len(keys))
	for i, ks := range keys {
		out[i] = bodyOf(ks)
	}
	return out
}

// distinct is a short list of distinct bodies.
type distinct []uint64

// add returns l with b, if it is not in l and l holds fewer than max.
func (l distinct) add(b uint64, max int) distinct {
	if len(l) >= max || slices.Contains(l, b) {
		return l
	}
	return append(l, b)
}

// publishedRank ranks a document for anchoring (see cluster.Popular): its
// publication time, documents of unknown date last.
func publishedRank(d *document.Document) int64 {
	if d.Published.IsZero() {
		return math.MaxInt64
	}
	return d.Published.Unix()
}

// popular returns how compare anchors the holders of popular
// fingerprints: by publication time, then document number (ID order).
func popular(docs []*document.Document, cfg cluster.Config) cluster.Popular {
	return cluster.Popular{Anchors: cfg.PopularAnchors, Rank: func(d int32) int64 { return publishedRank(docs[d]) }}
}
