package cluster

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"
)

// The sorted-merge alignment sharedRuns replaced, kept as its reference.

// posHash is a shingle hash and its position, in keyDoc's layout so that
// sortKeyDocs orders it.
type posHash = keyDoc

// sortedShingles returns d's shingles ordered by hash, then position.
func sortedShingles(d *Doc) []posHash {
	out := make([]posHash, len(d.Shingles))
	for i, h := range d.Shingles {
		out[i] = posHash{h, int32(i)}
	}
	sortKeyDocs(out)
	return out
}

// An anchor is a shared shingle's positions (pa, pb), packed so that
// anchors sort by diagonal (pb-pa), then by pa.
type anchor uint64

func makeAnchor(pa, pb int32) anchor {
	return anchor(uint64(uint32(pb-pa)^1<<31)<<32 | uint64(uint32(pa)))
}

func (x anchor) pos() (pa, pb int32) {
	pa = int32(uint32(x))
	return pa, pa + int32(uint32(x>>32)^1<<31)
}

// sharedShingles is the reference for sharedRuns's anchors: it merges
// the two sorted shingle lists. It returns the
// anchors of every shared shingle, leaving out shingles repeated so often
// that they would pair more than maxPairs ways, and the number of distinct
// shared shingles.
func sharedShingles(anchors []anchor, a, b *Doc, maxPairs int) ([]anchor, int) {
	shared := 0
	x, y := sortedShingles(a), sortedShingles(b)
	i, j := 0, 0
	for i < len(x) && j < len(y) {
		switch {
		case x[i].key < y[j].key:
			i++
		case x[i].key > y[j].key:
			j++
		default:
			h := x[i].key
			i2, j2 := i, j
			for i2 < len(x) && x[i2].key == h {
				i2++
			}
			for j2 < len(y) && y[j2].key == h {
				j2++
			}
			shared++
			if (i2-i)*(j2-j) <= maxPairs {
				for _, pa := range x[i:i2] {
					for _, pb := range y[j:j2] {
						anchors = append(anchors, makeAnchor(pa.doc, pb.doc))
					}
				}
			}
			i, j = i2, j2
		}
	}
	return anchors, shared
}

// diagonalRuns is the reference for sharedRuns's runs: it groups anchors into runs along one diagonal (the same
// offset between positions in a and b) whose consecutive anchors are at
// most maxStep apart: a run survives one substituted word, which removes k
// shingles.
func diagonalRuns(anchors []anchor, maxStep int) []run {
	slices.Sort(anchors)
	var runs []run
	for i, an := range anchors {
		pa, pb := an.pos()
		a, b := int(pa), int(pb)
		if i > 0 {
			last := &runs[len(runs)-1]
			if b-a == last.bLast-last.aLast && a-last.aLast <= maxStep {
				last.aLast, last.bLast = a, b
				continue
			}
		}
		runs = append(runs, run{a, a, b, b})
	}
	return runs
}

func TestSharedRunsMatchesSortedMerge(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	mk := func(sh []uint64) *Doc {
		d := &Doc{Shingles: sh}
		d.index()
		return d
	}
	var sc runScratch
	for iter := range 3000 {
		// Shingles from a small alphabet repeat within and across the
		// documents; b is a's text edited.
		alpha := uint64(2 + rng.IntN(60))
		if iter%3 == 0 {
			alpha = 1 << 20 // mostly unique shingles: long runs
		}
		na := rng.IntN(120)
		a := make([]uint64, na)
		for i := range a {
			a[i] = rng.Uint64N(alpha) * 0x9e3779b97f4a7c15
		}
		var b []uint64
		for i := 0; i < na; i++ {
			switch rng.IntN(10) {
			case 0:
				b = append(b, rng.Uint64N(alpha)*0x9e3779b97f4a7c15)
			case 1:
				i += rng.IntN(5)
			default:
				b = append(b, a[i])
			}
		}
		da, db := mk(a), mk(b)
		maxStep, maxPairs := 1+rng.IntN(7), 1+rng.IntN(20)
		anchors, wantShared := sharedShingles(nil, da, db, maxPairs)
		want := diagonalRuns(anchors, maxStep)
		got, shared := sharedRuns(&sc, da, db, maxStep, maxPairs)
		got = slices.Clone(got)
		order := func(x, y run) int { return cmp.Or(cmp.Compare(x.aFirst, y.aFirst), cmp.Compare(x.bFirst, y.bFirst)) }
		slices.SortFunc(want, order)
		slices.SortFunc(got, order)
		if shared != wantShared || !slices.Equal(got, want) {
			t.Fatalf("case %d: shared %d, runs %v; want %d, %v", iter, shared, got, wantShared, want)
		}
		// Each way round: sharedRuns walks the shorter document.
		for _, from := range [][2]*Doc{{da, db}, {db, da}} {
			got, shared := sharedRunsFrom(&sc, from[0], from[1], maxStep, maxPairs)
			got = slices.Clone(got)
			if from[0] == db {
				for i := range got {
					r := &got[i]
					r.aFirst, r.aLast, r.bFirst, r.bLast = r.bFirst, r.bLast, r.aFirst, r.aLast
				}
			}
			slices.SortFunc(got, order)
			if shared != wantShared || !slices.Equal(got, want) {
				t.Fatalf("case %d, walking %s: shared %d, runs %v; want %d, %v", iter,
					map[bool]string{true: "a", false: "b"}[from[0] == da], shared, got, wantShared, want)
			}
		}
		if n := sharedCount(da, db); n != wantShared {
			t.Fatalf("case %d: sharedCount %d, want %d", iter, n, wantShared)
		}
		if want := len(slices.Compact(slices.Sorted(slices.Values(a)))); da.distinct != want {
			t.Fatalf("case %d: %d distinct shingles, want %d", iter, da.distinct, want)
		}
	}
}
