package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/provenance-dev/provenance"
	"github.com/provenance-dev/provenance/cluster"
	"github.com/provenance-dev/provenance/document"
	"github.com/provenance-dev/provenance/generate"
	"github.com/provenance-dev/provenance/lineage"
)

// encodeJSON is the encoder WriteJSONWith replaced, and the reference
// its output must equal: encoding/json over BuildWith.
func encodeJSON(w io.Writer, res *provenance.Result, opt JSONOptions) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(BuildWith(res, opt))
}

// checkSame fails t unless WriteJSONWith and encodeJSON give the same
// bytes for res, or the same error and no output from WriteJSONWith.
func checkSame(t testing.TB, res *provenance.Result, opt JSONOptions) {
	t.Helper()
	var want, got bytes.Buffer
	werr := encodeJSON(&want, res, opt)
	gerr := WriteJSONWith(&got, res, opt)
	if werr != nil || gerr != nil {
		if werr == nil || gerr == nil || werr.Error() != gerr.Error() {
			t.Fatalf("WriteJSONWith error = %v, want %v", gerr, werr)
		}
		if got.Len() > 0 {
			t.Fatalf("WriteJSONWith wrote %d bytes before its error %v", got.Len(), gerr)
		}
		return
	}
	if !bytes.Equal(got.Bytes(), want.Bytes()) {
		g, w := got.Bytes(), want.Bytes()
		i := 0
		for i < len(g) && i < len(w) && g[i] == w[i] {
			i++
		}
		t.Fatalf("WriteJSONWith output differs from encoding/json's at byte %d (of %d, want %d):\ngot  …%s…\nwant …%s…",
			i, len(g), len(w), around(g, i), around(w, i))
	}
}

// around is b near offset i, for a failure message.
func around(b []byte, i int) string {
	return string(b[max(0, i-120):min(len(b), i+80)])
}

// bothTexts runs check without and with IncludeText.
func bothTexts(t *testing.T, res *provenance.Result) {
	for _, opt := range []JSONOptions{{}, {IncludeText: true}} {
		t.Run(fmt.Sprintf("text=%v", opt.IncludeText), func(t *testing.T) { checkSame(t, res, opt) })
	}
}

// countFuzzy is the number of fuzzy passages of res.
func countFuzzy(res *provenance.Result) int {
	n := 0
	for _, m := range res.Matches {
		for _, p := range m.Passages {
			if p.Fuzzy {
				n++
			}
		}
	}
	return n
}

func TestWriteJSONWith_sample(t *testing.T) {
	res := sample()
	res.Docs[1].Author = "Jane Doe"
	res.Matches[0].Passages[0].Fuzzy = true
	res.Families[0].Edges[0].Evidence = nil // null, not []
	res.Families = append(res.Families, lineage.Family{Members: []int{}, Edges: []lineage.Edge{{Evidence: []string{}}}})
	res.Matches = append(res.Matches, cluster.Match{A: 1, B: 2})
	bothTexts(t, res)
	checkSame(t, &provenance.Result{}, JSONOptions{})
}

// TestWriteJSONWith_summary: the summary, an addition to the contract,
// comes last and is written as encoding/json writes it (keys of the
// counts sorted, empty counts as {}); without one the output has no
// summary key.
func TestWriteJSONWith_summary(t *testing.T) {
	res := sample()
	for _, s := range []*Summary{
		{Files: 3, Documents: 2, SkippedByReason: map[string]int{}, PassedOverByReason: map[string]int{}},
		{Files: 9, Documents: 2, Skipped: 3, SkippedByReason: map[string]int{"too_large": 1, "binary": 2, "a\"q": 0},
			PassedOver: 4, PassedOverByReason: map[string]int{"no_documents": 4}},
		{Files: 1},
	} {
		checkSame(t, res, JSONOptions{Summary: s})
		checkSame(t, res, JSONOptions{Summary: s, IncludeText: true})
	}
	var out bytes.Buffer
	if err := WriteJSONWith(&out, res, JSONOptions{Summary: &Summary{Files: 7, Documents: 2, Skipped: 1,
		SkippedByReason: map[string]int{"empty": 1}, PassedOverByReason: map[string]int{}}}); err != nil {
		t.Fatal(err)
	}
	const want = `  "summary": {
    "files": 7,
    "documents": 2,
    "skipped": 1,
    "skipped_by_reason": {
      "empty": 1
    },
    "passed_over": 0,
    "passed_over_by_reason": {}
  }
}
`
	if !strings.HasSuffix(out.String(), "],\n"+want) {
		t.Errorf("output ends\n%s\nwant it to end with the families, then\n%s", around(out.Bytes(), out.Len()-60), want)
	}
	out.Reset()
	if err := WriteJSONWith(&out, res, JSONOptions{}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "summary") {
		t.Errorf("output without a summary has one:\n%s", out.String())
	}
}

func TestWriteJSONWith_seeds(t *testing.T) {
	for _, fuzzy := range []bool{false, true} {
		t.Run(fmt.Sprintf("fuzzy=%v", fuzzy), func(t *testing.T) {
			opt := provenance.DefaultOptions()
			opt.Fuzzy = fuzzy
			res, err := provenance.CompareFiles([]string{"../testdata/seeds"}, opt)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Matches) == 0 || len(res.Families) == 0 || fuzzy && countFuzzy(res) == 0 {
				t.Fatalf("seeds gave %d matches, %d families, %d fuzzy passages: the test would prove little",
					len(res.Matches), len(res.Families), countFuzzy(res))
			}
			bothTexts(t, res)
		})
	}
}

// generated compares a generated corpus of the given number of families,
// written to a temporary folder (so documents have paths, sources, titles
// and dates as compare reads them).
func generated(tb testing.TB, families int, fuzzy bool) *provenance.Result {
	tb.Helper()
	dir := tb.TempDir()
	cfg := generate.DefaultConfig()
	cfg.Families = families
	cfg.Unrelated = families / 2
	cfg.QuoteGroups = max(1, families/20)
	if _, err := generate.Write(cfg, dir); err != nil {
		tb.Fatal(err)
	}
	opt := provenance.DefaultOptions()
	opt.Fuzzy = fuzzy
	res, err := provenance.CompareFiles([]string{dir}, opt)
	if err != nil {
		tb.Fatal(err)
	}
	return res
}

func TestWriteJSONWith_generated(t *testing.T) {
	for _, c := range []struct {
		families int
		fuzzy    bool
	}{
		{200, false},
		// The fuzzy channel is slow on larger corpora.
		{40, true},
	} {
		if testing.Short() {
			c.families = 20
		}
		t.Run(fmt.Sprintf("families=%d,fuzzy=%v", c.families, c.fuzzy), func(t *testing.T) {
			res := generated(t, c.families, c.fuzzy)
			if len(res.Families) < c.families/2 || c.fuzzy && countFuzzy(res) == 0 {
				t.Fatalf("got %d families and %d fuzzy passages: the test would prove little",
					len(res.Families), countFuzzy(res))
			}
			bothTexts(t, res)
		})
	}
}

// TestSafe8: safe8 says yes exactly when all 8 bytes are safe, for any
// one byte among safe neighbours (the ones next to the unsafe ones, so
// that a borrow or carry would show).
func TestSafe8(t *testing.T) {
	for _, fill := range []byte{'a', ' ', '!', '#', '[', ']', 0x7f} {
		for pos := range 8 {
			for b := range 256 {
				w := [8]byte{fill, fill, fill, fill, fill, fill, fill, fill}
				w[pos] = byte(b)
				want := b < utf8.RuneSelf && safe[b]
				if got := safe8(load64(string(w[:]), 0)); got != want {
					t.Errorf("safe8(%q) = %v, want %v", w, got, want)
				}
			}
		}
	}
}

// oddStrings are strings whose escaping is easy to get wrong.
var oddStrings = []string{
	"",
	"plain",
	`"quoted" and back\slash\\`,
	"\x00\x01\x07\b\t\n\v\f\r\x1b\x1f \x7f",
	"<html> & </html>", // not escaped: HTML escaping is off
	"\u2028line\u2029paragraph\u2027\u202a",
	"emoji 🗞️ and flags 🇺🇦, é, ß, 中文",
	"\xff\xfe invalid \xc3 truncated \xe2\x80 \xed\xa0\x80 surrogate \xf4\x90\x80\x80 too big",
	"ends in a lone lead byte \xe2",
	"\xc0\xaf overlong",
	"\ufffd the replacement character itself",
	"/slash and 'single quotes'",
	// Long, so that WriteJSONWith escapes it in chunks: multi-byte and
	// invalid sequences fall across every chunk boundary.
	strings.Repeat("é\u2028\xe2\x80a🗞\n\"\\", 7000),
	strings.Repeat("\xf0\x9f", textChunk),
}

// oddFloats are numbers whose formatting is easy to get wrong. Matches
// show them rounded to 4 places, edges as they are.
var oddFloats = []float64{
	0, math.Copysign(0, -1), 1, 0.5, 0.1, 1.0 / 3, 2.0 / 3, 0.99995, 1e-7, 1e-6, 9.99e-7, 5e-5, 0.00005,
	123456789.0, 1e20, 1e21, 1.5e21, 1e300, -0.25, -1e-9, math.SmallestNonzeroFloat64, math.MaxFloat64,
}

// oddResult is a result that puts s and f in every string and float
// field, in a document with and without the optional fields.
func oddResult(s string, f float64, fuzzy bool) *provenance.Result {
	return &provenance.Result{
		Docs: []*document.Document{
			{ID: s, Path: s, Source: s, Title: s, URL: s, Author: s, Text: []byte(s),
				Published: time.Date(2024, 2, 29, 23, 59, 59, 999, time.FixedZone("X", -5*3600))},
			{ID: "plain" + s},
		},
		Words: []int{len(s), -1},
		Matches: []cluster.Match{{A: 0, B: 1, Jaccard: f, ContainmentA: -f, ContainmentB: f / 3, SharedWords: math.MaxInt,
			Passages: []cluster.Passage{{AStart: 1, AEnd: 2, BStart: 3, BEnd: 4, Words: 5, Fuzzy: fuzzy}, {Fuzzy: !fuzzy}}}},
		Families: []lineage.Family{{Members: []int{0, 1}, Original: 1,
			Edges: []lineage.Edge{{From: 1, To: 0, Confidence: f, Attributed: fuzzy, Evidence: []string{s, "", s + s}}}}},
	}
}

func TestWriteJSONWith_odd(t *testing.T) {
	for i, s := range oddStrings {
		floats := oddFloats
		if len(s) > 1000 {
			// Long strings are slow to compare: one float each.
			floats = oddFloats[i%len(oddFloats):][:1]
		}
		for _, f := range floats {
			for _, fuzzy := range []bool{false, true} {
				t.Run(fmt.Sprintf("string%d,f=%g,fuzzy=%v", i, f, fuzzy), func(t *testing.T) {
					bothTexts(t, oddResult(s, f, fuzzy))
				})
			}
		}
	}
}

// TestWriteJSONWith_random: strings of random bytes and runes, most of
// them odd, and random floats.
func TestWriteJSONWith_random(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	pieces := []string{"a", " ", "\"", "\\", "\n", "\x00", "\x1f", "\x7f", "\x80", "\xbf", "\xc3", "\xe2", "\xe2\x80",
		"\u2028", "\u2029", "é", "🗞", "\xf0\x9f\x97", "<", "&", "\ufffd"}
	n := 2000
	if testing.Short() {
		n = 200
	}
	for range n {
		var b strings.Builder
		for range r.IntN(40) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		f := math.Float64frombits(r.Uint64())
		if r.IntN(2) == 0 {
			f = r.Float64() * math.Pow(10, float64(r.IntN(40)-20))
		}
		res := oddResult(b.String(), f, r.IntN(2) == 0)
		checkSame(t, res, JSONOptions{IncludeText: r.IntN(2) == 0})
	}
}

func FuzzWriteJSONWith(f *testing.F) {
	for i, s := range oddStrings {
		f.Add(s, oddFloats[i%len(oddFloats)], i%2 == 0, i%3 == 0)
	}
	f.Add("x", math.NaN(), false, false)
	f.Add("x", math.Inf(-1), true, true)
	f.Fuzz(func(t *testing.T, s string, x float64, fuzzy, text bool) {
		checkSame(t, oddResult(s, x, fuzzy), JSONOptions{IncludeText: text})
	})
}

// TestWriteJSONWith_unsupported: NaN and infinities are refused as
// encoding/json refuses them, before anything is written.
func TestWriteJSONWith_unsupported(t *testing.T) {
	for _, c := range []struct {
		name string
		set  func(*provenance.Result)
		want string
	}{
		{"jaccard NaN", func(r *provenance.Result) { r.Matches[0].Jaccard = math.NaN() }, "NaN"},
		{"containment +Inf", func(r *provenance.Result) { r.Matches[0].ContainmentB = math.Inf(1) }, "+Inf"},
		// Rounding to 4 places overflows to +Inf.
		{"containment MaxFloat64", func(r *provenance.Result) { r.Matches[0].ContainmentA = math.MaxFloat64 }, "+Inf"},
		{"confidence -Inf", func(r *provenance.Result) { r.Families[0].Edges[0].Confidence = math.Inf(-1) }, "-Inf"},
	} {
		t.Run(c.name, func(t *testing.T) {
			res := oddResult("x", 0.5, false)
			c.set(res)
			var buf bytes.Buffer
			err := WriteJSONWith(&buf, res, JSONOptions{})
			var uerr *json.UnsupportedValueError
			if !errors.As(err, &uerr) || uerr.Str != c.want {
				t.Errorf("WriteJSONWith error = %v, want a *json.UnsupportedValueError for %s", err, c.want)
			}
			checkSame(t, res, JSONOptions{})
		})
	}
}

// failWriter fails every write after the first n bytes.
type failWriter struct {
	n      int
	writes int
}

var errFail = errors.New("disk full")

func (w *failWriter) Write(p []byte) (int, error) {
	w.writes++
	if len(p) > w.n {
		n := w.n
		w.n = 0
		return n, errFail
	}
	w.n -= len(p)
	return len(p), nil
}

// TestWriteJSONWith_writeError: an error of the writer is returned, and
// writing stops there.
func TestWriteJSONWith_writeError(t *testing.T) {
	res := oddResult(strings.Repeat("x", 100), 0.5, false)
	for range 12 {
		res.Docs = append(res.Docs, res.Docs...)
		res.Words = append(res.Words, res.Words...)
	}
	w := &failWriter{n: 1000}
	if err := WriteJSONWith(w, res, JSONOptions{IncludeText: true}); !errors.Is(err, errFail) {
		t.Fatalf("WriteJSONWith error = %v, want %v", err, errFail)
	}
	if w.writes != 1 {
		t.Errorf("WriteJSONWith wrote %d times, want once: it should stop at the first error", w.writes)
	}
}

var (
	benchOnce sync.Once
	benchRes  *provenance.Result
)

// benchResult is a generated result of a few thousand documents (a few
// hundred with -short), made once per test binary.
func benchResult(b *testing.B) *provenance.Result {
	benchOnce.Do(func() {
		families := 1000
		if testing.Short() {
			families = 100
		}
		benchRes = generated(b, families, false)
	})
	if benchRes == nil {
		b.Fatal("no benchmark result")
	}
	return benchRes
}

// TestWriteJSONWith_memory: WriteJSONWith allocates a bounded amount,
// whatever the size of the result, where the Output it replaced grew with
// it.
func TestWriteJSONWith_memory(t *testing.T) {
	res := generated(t, 40, false)
	for _, opt := range []JSONOptions{{}, {IncludeText: true}} {
		var buf bytes.Buffer
		if err := WriteJSONWith(&buf, res, opt); err != nil {
			t.Fatal(err)
		}
		allocs := testing.AllocsPerRun(5, func() { WriteJSONWith(io.Discard, res, opt) })
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		WriteJSONWith(io.Discard, res, opt)
		runtime.ReadMemStats(&after)
		bytes := after.TotalAlloc - before.TotalAlloc
		t.Logf("text=%v: %d bytes of output, %.0f allocations, %d bytes allocated", opt.IncludeText, buf.Len(), allocs, bytes)
		// The buffer, the writer and the scratch space for family IDs.
		if allocs > 8 || bytes > 2*bufSize {
			t.Errorf("text=%v: WriteJSONWith made %.0f allocations of %d bytes for %d bytes of output; want at most 8, of at most %d bytes",
				opt.IncludeText, allocs, bytes, buf.Len(), 2*bufSize)
		}
	}
}

// BenchmarkWriteJSON compares the streaming encoder (new) with
// encoding/json over BuildWith (old) on a generated corpus, to
// io.Discard.
func BenchmarkWriteJSON(b *testing.B) {
	res := benchResult(b)
	for _, text := range []bool{false, true} {
		opt := JSONOptions{IncludeText: text}
		var buf bytes.Buffer
		if err := WriteJSONWith(&buf, res, opt); err != nil {
			b.Fatal(err)
		}
		for _, c := range []struct {
			name  string
			write func(io.Writer, *provenance.Result, JSONOptions) error
		}{{"old", encodeJSON}, {"new", WriteJSONWith}} {
			b.Run(fmt.Sprintf("%s/docs=%d/text=%v", c.name, len(res.Docs), text), func(b *testing.B) {
				b.SetBytes(int64(buf.Len()))
				b.ReportAllocs()
				for b.Loop() {
					if err := c.write(io.Discard, res, opt); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// TestWriteJSONWith_parallel: arrays formatted in parallel chunks (here
// every array, in chunks of 3, on 4 goroutines) give encoding/json's
// bytes, for a generated corpus and odd strings; a write error still
// stops the output at the first write.
func TestWriteJSONWith_parallel(t *testing.T) {
	defer func(min, chunk int) { parallelMin, parallelChunk = min, chunk }(parallelMin, parallelChunk)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	parallelMin, parallelChunk = 1, 3
	res := generated(t, 60, false)
	if len(res.Docs) < 10*parallelChunk || len(res.Matches) < 10*parallelChunk || len(res.Families) < 4*parallelChunk {
		t.Fatalf("%d documents, %d matches, %d families: too few chunks to prove much",
			len(res.Docs), len(res.Matches), len(res.Families))
	}
	bothTexts(t, res)
	for i, s := range oddStrings[:min(8, len(oddStrings))] {
		t.Run(fmt.Sprintf("odd%d", i), func(t *testing.T) { bothTexts(t, oddResult(s, 0.5, i%2 == 0)) })
	}
	w := &failWriter{n: 10}
	if err := WriteJSONWith(w, res, JSONOptions{}); !errors.Is(err, errFail) {
		t.Fatalf("WriteJSONWith error = %v, want %v", err, errFail)
	}
	if w.writes != 1 {
		t.Errorf("WriteJSONWith wrote %d times, want once: it should stop at the first error", w.writes)
	}
}
