package report

import (
	"encoding/json"
	"io"
	"maps"
	"math"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/provenance-dev/provenance"
)

// The streaming encoder below writes the JSON contract straight from a
// provenance.Result. Its output is, byte for byte, what encoding/json
// makes of BuildWith(res, opt) with SetIndent("", "  ") and
// SetEscapeHTML(false): the same field order and omitempty choices as
// the struct tags in json.go, the same number formats, the same string
// escapes and the same indentation. The tests hold it to that.
//
// It appends to a buffer of its own and writes the buffer out when it
// passes flushAt, between array elements and between chunks of a long
// string. A bufio.Writer would do the same job, but the append-style
// helpers need a slice to append to, and bufio's AvailableBuffer
// reallocates whenever an element crosses the end of its buffer.

const (
	// bufSize is the buffer's starting capacity and flushAt the length at
	// which it is written out: an element that starts under flushAt and
	// ends under bufSize does not grow it.
	bufSize = 64 << 10
	flushAt = 48 << 10
	// textChunk is how many bytes of a string are escaped between two
	// checks of the buffer's length, so that a long document text does
	// not grow the buffer to its size.
	textChunk = 16 << 10
)

// An array of at least parallelMin elements is formatted by every
// processor, parallelChunk elements at a time into buffers of their own,
// and written out in order (see arrayParallel). Variables, so that tests
// can lower them.
var (
	parallelMin   = 4096
	parallelChunk = 512
)

// indents[d] starts a line at depth d (two spaces a level).
var indents = func() [7]string {
	var s [7]string
	for d := range s {
		s[d] = "\n" + "            "[:2*d]
	}
	return s
}()

// jsonWriter streams the JSON contract to w. It is used by one
// goroutine, for one output.
type jsonWriter struct {
	w   io.Writer
	buf []byte
	err error    // the first error of w
	key []byte   // scratch: a family's members joined for FamilyID
	tim [64]byte // scratch: a formatted time
}

// flush writes the buffer out and empties it. After an error of w it
// only empties it. A writer with no w (formatting for arrayParallel)
// keeps its buffer.
func (j *jsonWriter) flush() {
	if j.w == nil {
		return
	}
	if j.err == nil && len(j.buf) > 0 {
		_, j.err = j.w.Write(j.buf)
	}
	j.buf = j.buf[:0]
}

// maybeFlush flushes when the buffer has passed flushAt.
func (j *jsonWriter) maybeFlush() {
	if len(j.buf) >= flushAt {
		j.flush()
	}
}

// writeJSON streams res as WriteJSONWith documents it.
func writeJSON(w io.Writer, res *provenance.Result, opt JSONOptions) error {
	// encoding/json refuses NaN and infinities before it writes a byte;
	// so does this, rather than stop halfway through the output.
	if err := checkFloats(res); err != nil {
		return err
	}
	j := &jsonWriter{w: w, buf: make([]byte, 0, bufSize)}
	j.buf = append(j.buf, "{\n  \"version\": "...)
	j.buf = strconv.AppendInt(j.buf, Version, 10)
	j.buf = append(j.buf, ",\n  \"documents\": "...)
	// Large arrays are formatted in parallel (see arrayParallel); each
	// branch makes its own closure, so that the small path allocates
	// none. Texts are written a chunk at a time, never held whole, so
	// documents with text go through one goroutine.
	if parallel(len(res.Docs)) && !opt.IncludeText {
		j.arrayParallel(len(res.Docs), 1, func(w *jsonWriter, i int) { w.document(res, i, opt) })
	} else {
		j.array(len(res.Docs), 1, func(i int) { j.document(res, i, opt) })
	}
	j.buf = append(j.buf, ",\n  \"matches\": "...)
	if parallel(len(res.Matches)) {
		j.arrayParallel(len(res.Matches), 1, func(w *jsonWriter, i int) { w.match(res, i) })
	} else {
		j.array(len(res.Matches), 1, func(i int) { j.match(res, i) })
	}
	j.buf = append(j.buf, ",\n  \"families\": "...)
	if parallel(len(res.Families)) {
		j.arrayParallel(len(res.Families), 1, func(w *jsonWriter, i int) { w.family(res, i) })
	} else {
		j.array(len(res.Families), 1, func(i int) { j.family(res, i) })
	}
	if s := opt.Summary; s != nil {
		j.buf = append(j.buf, ",\n  \"summary\": "...)
		j.summary(s)
	}
	j.buf = append(j.buf, "\n}\n"...)
	j.flush()
	return j.err
}

// summary writes the summary, an object at depth 1.
func (j *jsonWriter) summary(s *Summary) {
	const depth = 2
	count := func(name string, n int, first bool) {
		j.field(depth, name, first)
		j.buf = strconv.AppendInt(j.buf, int64(n), 10)
	}
	reasons := func(name string, m map[string]int) {
		j.field(depth, name, false)
		switch {
		case m == nil:
			j.buf = append(j.buf, "null"...)
			return
		case len(m) == 0:
			j.buf = append(j.buf, "{}"...)
			return
		}
		for i, k := range slices.Sorted(maps.Keys(m)) {
			if i == 0 {
				j.buf = append(j.buf, '{')
			} else {
				j.buf = append(j.buf, ',')
			}
			j.buf = append(j.buf, indents[depth+1]...)
			j.buf = appendString(j.buf, k)
			j.buf = append(j.buf, ": "...)
			j.buf = strconv.AppendInt(j.buf, int64(m[k]), 10)
		}
		j.end(depth + 1)
	}
	count("files", s.Files, true)
	count("documents", s.Documents, false)
	count("skipped", s.Skipped, false)
	reasons("skipped_by_reason", s.SkippedByReason)
	count("passed_over", s.PassedOver, false)
	reasons("passed_over_by_reason", s.PassedOverByReason)
	if len(s.Caps) > 0 {
		j.field(depth, "caps", false)
		j.array(len(s.Caps), depth, func(i int) {
			const depth = 4
			c := &s.Caps[i]
			j.field(depth, "name", true)
			j.buf = appendString(j.buf, c.Name)
			j.field(depth, "limit", false)
			j.buf = strconv.AppendInt(j.buf, int64(c.Limit), 10)
			j.field(depth, "count", false)
			j.buf = strconv.AppendInt(j.buf, int64(c.Count), 10)
			j.field(depth, "what", false)
			j.buf = appendString(j.buf, c.What)
			j.field(depth, "dropped", false)
			j.buf = strconv.AppendBool(j.buf, c.Dropped)
			j.end(depth)
		})
	}
	j.end(depth)
}

// checkFloats returns the error encoding/json gives for the first float
// of the output that is NaN or infinite, in output order.
func checkFloats(res *provenance.Result) error {
	for _, m := range res.Matches {
		for _, f := range [...]float64{m.Jaccard, m.ContainmentA, m.ContainmentB} {
			if f = round4(f); math.IsNaN(f) || math.IsInf(f, 0) {
				return unsupported(f)
			}
		}
	}
	for _, f := range res.Families {
		for _, e := range f.Edges {
			if math.IsNaN(e.Confidence) || math.IsInf(e.Confidence, 0) {
				return unsupported(e.Confidence)
			}
		}
	}
	return nil
}

func unsupported(f float64) error {
	return &json.UnsupportedValueError{Value: reflect.ValueOf(f), Str: strconv.FormatFloat(f, 'g', -1, 64)}
}

// array writes an array of n elements, which each(i) writes, as the
// value of a field at depth (the array's elements are at depth+1). It
// flushes between elements and stops early after a write error.
func (j *jsonWriter) array(n, depth int, each func(i int)) {
	if n == 0 {
		j.buf = append(j.buf, "[]"...)
		return
	}
	j.buf = append(j.buf, '[')
	for i := range n {
		if i > 0 {
			j.buf = append(j.buf, ',')
		}
		j.buf = append(j.buf, indents[depth+1]...)
		each(i)
		j.maybeFlush()
		if j.err != nil {
			return
		}
	}
	j.buf = append(j.buf, indents[depth]...)
	j.buf = append(j.buf, ']')
}

// parallel reports whether an array of n elements is formatted by
// arrayParallel.
func parallel(n int) bool { return n >= parallelMin && runtime.GOMAXPROCS(0) > 1 }

// arrayParallel is array for large arrays (n >= 1): elements are
// formatted, a chunk of parallelChunk at a time, by one goroutine per
// processor into buffers of their own (each writer with no w), and the
// chunks written out in order. At most two chunks per goroutine are in
// hand at once, so memory does not grow with the array. After an error of
// w, the remaining chunks are still formatted, then dropped.
func (j *jsonWriter) arrayParallel(n, depth int, each func(w *jsonWriter, i int)) {
	workers := runtime.GOMAXPROCS(0)
	j.buf = append(j.buf, '[')
	j.flush()
	chunks := (n + parallelChunk - 1) / parallelChunk
	// A goroutine takes a buffer, then the next chunk: the chunks in hand
	// are then always among the ahead chunks that follow the last one
	// written, so chunk k's slot, k % ahead, is free when it is done.
	ahead := 2 * workers
	free := make(chan []byte, ahead)
	for range ahead {
		free <- make([]byte, 0, bufSize)
	}
	done := make([]chan []byte, ahead)
	for k := range done {
		done[k] = make(chan []byte, 1)
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			w := &jsonWriter{}
			for {
				buf := <-free
				k := int(next.Add(1)) - 1
				if k >= chunks {
					free <- buf
					return
				}
				w.buf = buf[:0]
				for i := k * parallelChunk; i < min(n, (k+1)*parallelChunk); i++ {
					if i > 0 {
						w.buf = append(w.buf, ',')
					}
					w.buf = append(w.buf, indents[depth+1]...)
					each(w, i)
				}
				done[k%ahead] <- w.buf
			}
		})
	}
	for k := range chunks {
		buf := <-done[k%ahead]
		if j.err == nil {
			_, j.err = j.w.Write(buf)
		}
		free <- buf
	}
	wg.Wait()
	j.buf = append(j.buf, indents[depth]...)
	j.buf = append(j.buf, ']')
}

// field starts a field of an object at depth: first is true for the
// object's first field. The name must need no escaping.
func (j *jsonWriter) field(depth int, name string, first bool) {
	if first {
		j.buf = append(j.buf, '{')
	} else {
		j.buf = append(j.buf, ',')
	}
	j.buf = append(j.buf, indents[depth]...)
	j.buf = append(j.buf, '"')
	j.buf = append(j.buf, name...)
	j.buf = append(j.buf, "\": "...)
}

// end closes an object whose fields are at depth.
func (j *jsonWriter) end(depth int) {
	j.buf = append(j.buf, indents[depth-1]...)
	j.buf = append(j.buf, '}')
}

// optional writes a string field that has omitempty.
func (j *jsonWriter) optional(depth int, name, s string) {
	if s != "" {
		j.field(depth, name, false)
		j.buf = appendString(j.buf, s)
	}
}

// document writes res.Docs[i], a Document at depth 2.
func (j *jsonWriter) document(res *provenance.Result, i int, opt JSONOptions) {
	const depth = 3 // of its fields
	d := res.Docs[i]
	j.field(depth, "id", true)
	j.buf = appendString(j.buf, d.ID)
	j.optional(depth, "path", d.Path)
	j.optional(depth, "source", d.Source)
	j.optional(depth, "title", d.Title)
	j.optional(depth, "url", d.URL)
	if !d.Published.IsZero() {
		// Always non-empty, so never omitted.
		j.field(depth, "published", false)
		j.buf = appendString(j.buf, d.Published.UTC().AppendFormat(j.tim[:0], time.RFC3339))
	}
	j.field(depth, "words", false)
	j.buf = strconv.AppendInt(j.buf, int64(res.Words[i]), 10)
	j.optional(depth, "author", d.Author)
	if opt.IncludeText && len(d.Text) > 0 {
		j.field(depth, "text", false)
		j.text(d.Text)
	}
	j.end(depth)
}

// text writes a string that may be long, escaping it a chunk at a time
// and flushing in between.
func (j *jsonWriter) text(s []byte) {
	j.buf = append(j.buf, '"')
	for i := 0; i < len(s); {
		j.buf, i = appendEscaped(j.buf, s, i, min(i+textChunk, len(s)))
		j.maybeFlush()
	}
	j.buf = append(j.buf, '"')
}

// match writes res.Matches[i], a Match at depth 2.
func (j *jsonWriter) match(res *provenance.Result, i int) {
	const depth = 3
	m := &res.Matches[i]
	j.field(depth, "a", true)
	j.buf = appendString(j.buf, res.Docs[m.A].ID)
	j.field(depth, "b", false)
	j.buf = appendString(j.buf, res.Docs[m.B].ID)
	j.field(depth, "jaccard", false)
	j.buf = appendFloat(j.buf, round4(m.Jaccard))
	j.field(depth, "containment_a", false)
	j.buf = appendFloat(j.buf, round4(m.ContainmentA))
	j.field(depth, "containment_b", false)
	j.buf = appendFloat(j.buf, round4(m.ContainmentB))
	j.field(depth, "shared_words", false)
	j.buf = strconv.AppendInt(j.buf, int64(m.SharedWords), 10)
	j.field(depth, "passages", false)
	j.array(len(m.Passages), depth, func(k int) {
		const depth = 5
		p := &m.Passages[k]
		j.field(depth, "a_start", true)
		j.buf = strconv.AppendInt(j.buf, int64(p.AStart), 10)
		j.field(depth, "a_end", false)
		j.buf = strconv.AppendInt(j.buf, int64(p.AEnd), 10)
		j.field(depth, "b_start", false)
		j.buf = strconv.AppendInt(j.buf, int64(p.BStart), 10)
		j.field(depth, "b_end", false)
		j.buf = strconv.AppendInt(j.buf, int64(p.BEnd), 10)
		j.field(depth, "words", false)
		j.buf = strconv.AppendInt(j.buf, int64(p.Words), 10)
		if p.Fuzzy {
			j.field(depth, "fuzzy", false)
			j.buf = append(j.buf, "true"...)
		}
		j.end(depth)
	})
	j.end(depth)
}

// family writes res.Families[i], a Family at depth 2.
func (j *jsonWriter) family(res *provenance.Result, i int) {
	const depth = 3
	f := &res.Families[i]
	j.key = j.key[:0]
	for k, m := range f.Members {
		if k > 0 {
			j.key = append(j.key, 0)
		}
		j.key = append(j.key, res.Docs[m].ID...)
	}
	j.field(depth, "id", true)
	j.buf = append(j.buf, '"')
	j.buf = provenance.AppendFamilyID(j.buf, j.key)
	j.buf = append(j.buf, '"')
	j.field(depth, "members", false)
	j.array(len(f.Members), depth, func(k int) {
		j.buf = appendString(j.buf, res.Docs[f.Members[k]].ID)
	})
	j.field(depth, "original", false)
	j.buf = appendString(j.buf, res.Docs[f.Original].ID)
	j.field(depth, "edges", false)
	j.array(len(f.Edges), depth, func(k int) {
		const depth = 5
		e := &f.Edges[k]
		j.field(depth, "from", true)
		j.buf = appendString(j.buf, res.Docs[e.From].ID)
		j.field(depth, "to", false)
		j.buf = appendString(j.buf, res.Docs[e.To].ID)
		j.field(depth, "confidence", false)
		j.buf = appendFloat(j.buf, e.Confidence)
		j.field(depth, "attributed", false)
		j.buf = strconv.AppendBool(j.buf, e.Attributed)
		j.field(depth, "evidence", false)
		if e.Evidence == nil {
			j.buf = append(j.buf, "null"...)
		} else {
			j.array(len(e.Evidence), depth, func(n int) {
				j.buf = appendString(j.buf, e.Evidence[n])
			})
		}
		j.end(depth)
	})
	j.end(depth)
}

// appendFloat appends f as encoding/json writes a float64: like
// strconv's shortest 'f' format, switching to 'e' below 1e-6 and from
// 1e21 on, with no leading zero in a negative exponent ("1e-7"). f must
// be finite.
func appendFloat(dst []byte, f float64) []byte {
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	dst = strconv.AppendFloat(dst, f, format, -1, 64)
	if format == 'e' {
		// e-07 → e-7
		n := len(dst)
		if n >= 4 && dst[n-4] == 'e' && dst[n-3] == '-' && dst[n-2] == '0' {
			dst[n-2] = dst[n-1]
			dst = dst[:n-1]
		}
	}
	return dst
}

// appendString appends s quoted as a JSON string, escaped as
// encoding/json escapes it with HTML escaping off.
func appendString[S string | []byte](dst []byte, s S) []byte {
	dst = append(dst, '"')
	dst, _ = appendEscaped(dst, s, 0, len(s))
	return append(dst, '"')
}

// safe holds the ASCII bytes written as they are: all but the control
// characters, the quote and the backslash.
var safe = func() (t [utf8.RuneSelf]bool) {
	for b := ' '; b < utf8.RuneSelf; b++ {
		t[b] = b != '"' && b != '\\'
	}
	return t
}()

const hexDigits = "0123456789abcdef"

// appendEscaped appends the characters of s from byte i, a character
// boundary, up to the first boundary at or after end, escaped for a JSON
// string; it returns that boundary. Control characters become \b, \f,
// \n, \r, \t or \u00XX; the quote and backslash are escaped with a
// backslash; each byte of invalid UTF-8 becomes \ufffd; U+2028 and
// U+2029 become \u2028 and \u2029. Characters are decoded in the whole
// of s, so escaping s in pieces gives what escaping it at once gives.
func appendEscaped[S string | []byte](dst []byte, s S, i, end int) ([]byte, int) {
	start := i
	for i < end {
		// Skip 8 safe bytes at a time while there are 8 to read.
		if i+8 <= len(s) && safe8(load64(s, i)) {
			i += 8
			continue
		}
		b := s[i]
		if b < utf8.RuneSelf {
			if safe[b] {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[b>>4], hexDigits[b&0xf])
			}
			i++
			start = i
			continue
		}
		// Converting at most 4 bytes to a string does not allocate.
		c, size := utf8.DecodeRuneInString(string(s[i:min(len(s), i+utf8.UTFMax)]))
		switch {
		case c == utf8.RuneError && size == 1:
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			start = i + size
		case c == '\u2028' || c == '\u2029':
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[c&0xf])
			start = i + size
		}
		i += size
	}
	return append(dst, s[start:i]...), i
}

// load64 reads the 8 bytes of s from i, little-endian.
func load64[S string | []byte](s S, i int) uint64 {
	t := s[i : i+8] // written so, the compiler makes it one load
	return uint64(t[0]) | uint64(t[1])<<8 | uint64(t[2])<<16 | uint64(t[3])<<24 |
		uint64(t[4])<<32 | uint64(t[5])<<40 | uint64(t[6])<<48 | uint64(t[7])<<56
}

// safe8 reports whether the 8 bytes of w are all in safe. Some byte's
// high bit is set in a term if and only if a byte of w is under 0x20
// (the first term), a quote or a backslash (the next two: x^c is zero
// when x is c) or not ASCII (the last). A borrow in a subtraction only
// reaches the bytes above a byte that is already caught, so it cannot
// change the answer.
func safe8(w uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	q, bs := w^(ones*'"'), w^(ones*'\\')
	return ((w-ones*0x20)&^w|(q-ones)&^q|(bs-ones)&^bs|w)&highs == 0
}
