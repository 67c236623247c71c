package bench

import (
	"encoding/binary"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"time"

	minhash "github.com/dgryski/go-minhash"

	"github.com/provenance-dev/provenance"
	"github.com/provenance-dev/provenance/shingle"
)

// RefSize is the number of values in a reference signature.
const RefSize = 128

// Reference is the fixed yardstick compare is timed against: one plain
// go-minhash signature per document. It is not safe for concurrent use;
// give each goroutine its own.
type Reference struct {
	tk     *shingle.Tokenizer
	k      int
	h1, h2 minhash.Hash64
	toks   shingle.Tokens
	sh     []uint64
	buf    [8]byte
}

// RefSeed seeds the reference MinHash functions. It is the seed, and they
// are the functions, that cluster's Sketcher used while it computed MinHash
// signatures; they stay fixed so that the reference does not move.
const RefSeed = 0x70726f76656e616e // "provenan"

// NewReference returns a Reference that tokenizes with the default token
// seed and seeds the MinHash functions with RefSeed: value i of a
// signature is h1(x) + i*h2(x), with h1 and h2 keyed remixes of the
// shingle hash x.
func NewReference() *Reference {
	opt := provenance.DefaultOptions()
	s1, s2 := uint64(RefSeed), shingle.Mix(RefSeed^0x9e3779b97f4a7c15)
	return &Reference{
		tk: shingle.NewTokenizer(opt.TokenSeed),
		k:  opt.Cluster.K,
		h1: func(b []byte) uint64 { return shingle.Mix(binary.LittleEndian.Uint64(b) ^ s1) },
		h2: func(b []byte) uint64 { return shingle.Mix(binary.LittleEndian.Uint64(b)^s2) | 1 },
	}
}

// Signature returns the MinWise signature of RefSize values over all the
// 5-word shingles of text, or nil if text has fewer than 5 words. The
// slice is the MinWise's own.
func (r *Reference) Signature(text []byte) []uint64 {
	r.toks.Spans, r.toks.Hashes = r.toks.Spans[:0], r.toks.Hashes[:0]
	r.tk.Tokenize(&r.toks, text)
	var err error
	r.sh, err = shingle.Hashes(r.sh[:0], r.toks.Hashes, r.k)
	if err != nil {
		return nil
	}
	return r.sign(r.sh)
}

func (r *Reference) sign(shingles []uint64) []uint64 {
	mw := minhash.NewMinWise(r.h1, r.h2, RefSize)
	for _, h := range shingles {
		binary.LittleEndian.PutUint64(r.buf[:], h)
		mw.Push(r.buf[:])
	}
	return mw.Signature()
}

// RefResult is the outcome of a reference pass.
type RefResult struct {
	Files   int     `json:"files"`
	Bytes   int64   `json:"bytes"`
	Seconds float64 `json:"seconds"`
	// ReadSeconds, TokenizeSeconds and MinHashSeconds are summed over
	// workers.
	ReadSeconds     float64 `json:"read_worker_seconds"`
	TokenizeSeconds float64 `json:"tokenize_worker_seconds"`
	MinHashSeconds  float64 `json:"minhash_worker_seconds"`
	// Checksum folds every signature together, so that the work cannot be
	// skipped and runs can be compared.
	Checksum uint64 `json:"checksum"`
}

// RunReference reads every text file under dir (as compare finds them),
// tokenizes it and computes its [Reference] signature, on workers
// goroutines, and times the whole.
func RunReference(dir string, workers int) (*RefResult, error) {
	start := time.Now()
	ins, err := textInputs(dir)
	if err != nil {
		return nil, fmt.Errorf("reference pass: %w", err)
	}
	var (
		next     atomic.Int64
		mu       sync.Mutex
		res      RefResult
		firstErr error
		wg       sync.WaitGroup
	)
	for range max(1, workers) {
		wg.Go(func() {
			r := NewReference()
			var read, tok, mh time.Duration
			var bytes int64
			var sum uint64
			for {
				i := int(next.Add(1)) - 1
				if i >= len(ins) {
					break
				}
				t0 := time.Now()
				data, err := os.ReadFile(ins[i].Path)
				if err != nil {
					mu.Lock()
					firstErr = cmpErr(firstErr, fmt.Errorf("reference pass: %w", err))
					mu.Unlock()
					return
				}
				t1 := time.Now()
				r.toks.Spans, r.toks.Hashes = r.toks.Spans[:0], r.toks.Hashes[:0]
				r.tk.Tokenize(&r.toks, data)
				r.sh, err = shingle.Hashes(r.sh[:0], r.toks.Hashes, r.k)
				t2 := time.Now()
				if err == nil {
					var h uint64
					for _, v := range r.sign(r.sh) {
						h = shingle.Mix(h ^ v)
					}
					sum ^= h // order-free, so any split over workers gives the same sum
				}
				t3 := time.Now()
				read += t1.Sub(t0)
				tok += t2.Sub(t1)
				mh += t3.Sub(t2)
				bytes += int64(len(data))
			}
			mu.Lock()
			res.Bytes += bytes
			res.ReadSeconds += read.Seconds()
			res.TokenizeSeconds += tok.Seconds()
			res.MinHashSeconds += mh.Seconds()
			res.Checksum ^= sum
			mu.Unlock()
		})
	}
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	res.Files = len(ins)
	res.Seconds = time.Since(start).Seconds()
	return &res, nil
}

func cmpErr(old, err error) error {
	if old != nil {
		return old
	}
	return err
}
