package bench

import (
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	minhash "github.com/dgryski/go-minhash"

	"github.com/provenance-dev/provenance"
	"github.com/provenance-dev/provenance/shingle"
)

// TestReference_signature: the reference signature is go-minhash's, with
// the hash functions written out here from the seed, over the 5-word
// shingles of the text.
func TestReference_signature(t *testing.T) {
	opt := provenance.DefaultOptions()
	seed := uint64(0x70726f76656e616e)
	h1 := func(b []byte) uint64 { return shingle.Mix(binary.LittleEndian.Uint64(b) ^ seed) }
	h2 := func(b []byte) uint64 {
		return shingle.Mix(binary.LittleEndian.Uint64(b)^shingle.Mix(seed^0x9e3779b97f4a7c15)) | 1
	}
	r := NewReference()
	for _, text := range []string{
		"one two three four five",
		"The quick brown fox jumps over the lazy dog, and the dog sleeps on.",
		"Ünïcödé wörds, ÇASE folded: the same five words here.",
	} {
		t.Run(text[:10], func(t *testing.T) {
			toks := shingle.NewTokenizer(opt.TokenSeed).Tokenize(nil, []byte(text))
			sh, err := shingle.Hashes(nil, toks.Hashes, 5)
			if err != nil {
				t.Fatal(err)
			}
			mw := minhash.NewMinWise(h1, h2, 128)
			for _, h := range sh {
				var b [8]byte
				binary.LittleEndian.PutUint64(b[:], h)
				mw.Push(b[:])
			}
			got := r.Signature([]byte(text))
			if want := mw.Signature(); !slices.Equal(got, want) {
				t.Errorf("Signature(%q) = %x..., want %x...", text, got[:2], want[:2])
			}
		})
	}
	if got := r.Signature([]byte("too short")); got != nil {
		t.Errorf("Signature of two words = %v, want nil", got)
	}
}

// TestRunReference: every file counted, and the checksum does not depend
// on the number of workers.
func TestRunReference(t *testing.T) {
	dir := t.TempDir()
	var bytes int64
	for i := range 7 {
		text := fmt.Sprintf("document %d says the same thing as the others but number %d differs\n", i, i*i)
		bytes += int64(len(text))
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%d.txt", i)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	one, err := RunReference(dir, 1)
	if err != nil {
		t.Fatal(err)
	}
	three, err := RunReference(dir, 3)
	if err != nil {
		t.Fatal(err)
	}
	if one.Files != 7 || one.Bytes != bytes || one.Seconds <= 0 {
		t.Errorf("RunReference = %+v, want 7 files, %d bytes", one, bytes)
	}
	if one.Checksum == 0 || one.Checksum != three.Checksum {
		t.Errorf("checksums %x (1 worker), %x (3): want equal, non-zero", one.Checksum, three.Checksum)
	}
}

func TestParseSize(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want int64
	}{
		{"1GB", 1e9}, {"200MB", 200e6}, {"200mb", 200e6}, {"1.5 GiB", 3 << 29}, {"4096", 4096},
		{"10KiB", 10240}, {"7B", 7}, {"", 0}, {"MB", 0}, {"-1MB", 0}, {"1XB", 0}, {"0", 0},
	} {
		got, err := ParseSize(tt.in)
		if got != tt.want || (err == nil) != (tt.want > 0) {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
	}
}

// TestFromStats: the stages are in order, summed stages are divided by
// the workers, and their sum is at most the total plus output.
func TestFromStats(t *testing.T) {
	s := provenance.Stats{
		Files: 3, Bytes: 100, Candidates: 2, Postings: 9, Boilerplate: 1,
		Read: 4 * time.Second, Tokenize: 8 * time.Second, Sketch: 2 * time.Second, Checksum: 4 * time.Second,
		Index: time.Second, Verify: 2 * time.Second, Lineage: time.Second, Total: 9 * time.Second,
	}
	got := FromStats(s, 4, time.Second)
	want := []Stage{
		{"read", 1, 4}, {"tokenize", 2, 8}, {"sketch", 0.5, 2}, {"checksum", 1, 4}, {"index+query", 1, 0},
		{"verify+align", 2, 0}, {"lineage", 1, 0}, {"output", 1, 0},
	}
	if !slices.Equal(got.Stages, want) || got.Files != 3 || got.Workers != 4 || got.TotalSeconds != 9 {
		t.Errorf("FromStats = %+v, want stages %v", got, want)
	}
	path := filepath.Join(t.TempDir(), "s.json")
	if err := WriteStats(path, got); err != nil {
		t.Fatal(err)
	}
	back, err := ReadStats(path)
	if err != nil || !slices.Equal(back.Stages, got.Stages) || back.Postings != 9 {
		t.Errorf("ReadStats = %+v, %v; want what was written", back, err)
	}
}

// TestPool_keys: every document of the stream has sorted, distinct keys;
// round 0 is the pool; a later round is the pool shifted, so it has the
// same counts and shares keys with round 0 only by chance.
func TestPool_keys(t *testing.T) {
	p, err := NewPool(60, 3, 2)
	if err != nil {
		t.Fatal(err)
	}
	n := len(p.keys)
	if n < 40 || p.Info.Copies == 0 || p.Info.KeysPerDoc < 10 {
		t.Fatalf("pool info %+v: want about 60 documents with copies and keys", p.Info)
	}
	seen := map[uint64]int{}
	for i := range 3 * n {
		k := p.Keys(i)
		if len(k) != len(p.keys[i%n]) {
			t.Fatalf("doc %d: %d keys, want %d", i, len(k), len(p.keys[i%n]))
		}
		for j := 1; j < len(k); j++ {
			if k[j] <= k[j-1] {
				t.Fatalf("doc %d: keys not sorted and distinct at %d", i, j)
			}
		}
		if i < n && !slices.Equal(k, p.keys[i]) {
			t.Fatalf("doc %d of round 0 differs from the pool", i)
		}
		for _, x := range k {
			if r, ok := seen[x]; ok && r != i/n {
				t.Fatalf("key %x in rounds %d and %d", x, r, i/n)
			}
			seen[x] = i / n
		}
	}
}

func TestMeasureIndex(t *testing.T) {
	p, err := NewPool(60, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	rep := RunIndex(p, []int{30, 150}, nil)
	if len(rep.Sizes) != 2 || rep.Growth == nil {
		t.Fatalf("report %+v: want 2 sizes and a growth", rep)
	}
	for _, s := range rep.Sizes {
		if s.Skipped != "" || s.InsertNs <= 0 || s.FirstInsertNs <= 0 || s.QueryNs <= 0 || s.QueryP99Ns < s.QueryP50Ns ||
			s.KeysPerDoc < 10 || s.Postings == 0 || s.Seconds <= 0 {
			t.Errorf("size %d: %+v, want plausible figures", s.Docs, s)
		}
	}
	if rep.Sizes[1].CandidatesPerDoc == 0 {
		t.Errorf("no candidates in %d documents with copies", rep.Sizes[1].Docs)
	}
}

func TestPercentile(t *testing.T) {
	v := []int64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	for _, tt := range []struct {
		q    float64
		want int64
	}{{0.5, 5}, {0.99, 10}, {0.1, 1}, {0, 1}, {1, 10}} {
		if got := percentile(v, tt.q); got != tt.want {
			t.Errorf("percentile(1..10, %g) = %d, want %d", tt.q, got, tt.want)
		}
	}
}

// TestMeasureAdds: the index built by adds finds, for each document, the
// earlier documents that the index built at once finds among all: each
// pair once, where the bulk measure counts it from both sides.
func TestMeasureAdds(t *testing.T) {
	p, err := NewPool(60, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	rep := RunIndex(p, []int{30, 150}, nil)
	rep.RunAdds(p, []int{30, 150}, nil)
	if len(rep.Adds) != 2 || rep.AddsGrowth == nil {
		t.Fatalf("adds %+v: want 2 sizes and a growth", rep.Adds)
	}
	for i, s := range rep.Adds {
		if s.Skipped != "" || s.AddNs <= 0 || s.QueryNs <= 0 || s.FirstNs <= 0 || s.QueryP99Ns < s.QueryP50Ns ||
			s.BytesPerDoc <= 0 || s.Seconds <= 0 {
			t.Errorf("size %d: %+v, want plausible figures", s.Docs, s)
		}
		bulk := rep.Sizes[i]
		// The heap holds about the index's arrays (small ones may share
		// spans the baseline had already); much less means something
		// the baseline counted was let go.
		if s.ArrayBytesPerDoc < 12*bulk.KeysPerDoc || s.BytesPerDoc < 0.9*s.ArrayBytesPerDoc {
			t.Errorf("size %d: %.0f bytes a document in the heap, %.0f in the index's arrays (%.0f keys a document)",
				s.Docs, s.BytesPerDoc, s.ArrayBytesPerDoc, bulk.KeysPerDoc)
		}
		if got, want := s.CandidatesPerDoc*float64(s.Docs), bulk.CandidatesPerDoc*float64(bulk.Docs)/2; math.Abs(got-want) > 1e-6 {
			t.Errorf("size %d: %.0f candidate pairs by adds, %.0f built at once", s.Docs, got, want)
		}
	}
	if rep.Adds[1].CandidatesPerDoc == 0 {
		t.Errorf("no candidates by adds in %d documents with copies", rep.Adds[1].Docs)
	}
	var out strings.Builder
	if err := rep.WriteText(&out); err != nil || !strings.Contains(out.String(), "by adds") {
		t.Errorf("WriteText: %v; want the adds table in:\n%s", err, out.String())
	}
}
