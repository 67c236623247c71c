package cluster

import (
	"slices"
	"testing"

	"github.com/provenance-dev/provenance/internal/textgen"
)

// TestNearDuplicates: one outlet's versions of a text, whose every shared
// fingerprint is boilerplate (three documents of one source hold them),
// are candidates and keep their passages; documents that share only a
// boilerplate block are neither.
func TestNearDuplicates(t *testing.T) {
	cfg := DefaultConfig()
	g := textgen.New(31)
	story, more, notice := g.Text(300), g.Text(60), g.Text(40)
	texts := []string{
		story,                 // 0: version 1
		story + "\n\n" + more, // 1: version 2, adds a paragraph
		story + "\n\n" + more + "\n\n" + g.Text(50), // 2: version 3
		g.Text(200) + "\n\n" + notice,               // 3 and 4: other stories with one
		g.Text(220) + "\n\n" + notice,               //   notice in common
	}
	docs := make([]*Doc, len(texts))
	keys := make([][]uint64, len(texts))
	sk := NewSketcher(cfg)
	for i, s := range texts {
		docs[i] = prepare(t, s, cfg)
		keys[i] = sk.Keys(docs[i].Shingles)
	}
	// The boilerplate: every fingerprint of the story and the notice.
	boiler := &KeySet{}
	for _, i := range []int{0, 3} {
		for _, k := range keys[i] {
			boiler.Add(k)
		}
	}
	for _, k := range prepareKeys(t, notice, cfg) {
		boiler.Add(k)
	}
	ix := BuildIndex(cfg, keys, 2)
	got := ix.NearDuplicates(boiler, cfg.NearDuplicate, 2)
	// Versions 2 and 3 also share the added paragraph, which is no
	// boilerplate: they are a candidate pair the usual way, and near
	// duplicates through boilerplate only are 1 with 2 and 1 with 3.
	want := [][2]int32{{0, 1}, {0, 2}}
	if !slices.Equal(got, want) {
		t.Errorf("NearDuplicates = %v, want %v", got, want)
	}
	var usual [][2]int32
	ix.PairsBelow(boiler, 1, func(d int32, cands []Candidate) {
		for _, c := range cands {
			usual = append(usual, [2]int32{c.Doc, d})
		}
	})
	if !slices.Equal(usual, [][2]int32{{1, 2}}) {
		t.Errorf("PairsBelow(boilerplate) = %v, want [[1 2]]", usual)
	}
	if got := ix.NearDuplicates(boiler, 0, 2); got != nil {
		t.Errorf("NearDuplicates with share 0 = %v, want none", got)
	}

	// Verify keeps the versions' shared text, boilerplate as it is, and
	// drops it with near duplicates off.
	m, ok := Verify(0, 1, docs[0], docs[1], cfg, boiler, nil)
	if !ok || m.ContainmentA < 0.95 || m.SharedWords < 280 {
		t.Errorf("versions 1 and 2: ok %v, containment %.2f, %d words shared; want a match of the story", ok, m.ContainmentA, m.SharedWords)
	}
	off := cfg
	off.NearDuplicate = 0
	if _, ok := Verify(0, 1, prepare(t, texts[0], off), prepare(t, texts[1], off), off, boiler, nil); ok {
		t.Errorf("versions 1 and 2 matched with near duplicates off: their shared text is boilerplate")
	}
	if _, ok := Verify(3, 4, docs[3], docs[4], cfg, boiler, nil); ok {
		t.Errorf("two stories sharing only a notice matched")
	}
}

func prepareKeys(t *testing.T, text string, cfg Config) []uint64 {
	t.Helper()
	return NewSketcher(cfg).Keys(prepare(t, text, cfg).Shingles)
}
