// Package codec implements the binary form of the records a store keeps
// (documents, matches, families, files, counters): compact, exact (floats
// keep every bit, so lineage reads back what it wrote) and checked on the
// way in, so that a damaged record is an error, never a panic. Each record
// starts with a format byte.
package codec

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/provenance-dev/provenance"
	"github.com/provenance-dev/provenance/cluster"
	"github.com/provenance-dev/provenance/lineage"
)

// ErrCorrupt is the reason a record that cannot be decoded is refused.
var ErrCorrupt = errors.New("corrupt record")

// The format bytes of the records.
const (
	fmtDoc1     = 'D' // a document record of before canonical links and revision dates
	fmtDoc      = 'E'
	fmtMatch    = 'M'
	fmtFamily   = 'F'
	fmtFile     = 'L'
	fmtCounters = 'C'
)

// writer appends values to a buffer.
type writer struct{ b []byte }

func (w *writer) uvarint(x uint64) { w.b = binary.AppendUvarint(w.b, x) }
func (w *writer) varint(x int64)   { w.b = binary.AppendVarint(w.b, x) }
func (w *writer) u64(x uint64)     { w.b = binary.LittleEndian.AppendUint64(w.b, x) }
func (w *writer) f64(x float64)    { w.u64(math.Float64bits(x)) }
func (w *writer) str(s string)     { w.uvarint(uint64(len(s))); w.b = append(w.b, s...) }

func (w *writer) bool(x bool) {
	if x {
		w.b = append(w.b, 1)
	} else {
		w.b = append(w.b, 0)
	}
}

func (w *writer) time(t time.Time) {
	if t.IsZero() {
		w.b = append(w.b, 0)
		return
	}
	w.b = append(w.b, 1)
	w.varint(t.Unix())
	w.uvarint(uint64(t.Nanosecond()))
}

func (w *writer) keys(ks []uint64) {
	w.uvarint(uint64(len(ks)))
	for _, k := range ks {
		w.u64(k)
	}
}

func (w *writer) strs(ss []string) {
	w.uvarint(uint64(len(ss)))
	for _, s := range ss {
		w.str(s)
	}
}

// reader takes values from a record, remembering the first error.
type reader struct {
	b   []byte
	err error
}

func (r *reader) fail() {
	if r.err == nil {
		r.err = ErrCorrupt
	}
	r.b = nil
}

func (r *reader) uvarint() uint64 {
	x, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return x
}

func (r *reader) varint() int64 {
	x, n := binary.Varint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return x
}

// count reads a length, refusing one larger than the bytes left could
// hold at min bytes an element.
func (r *reader) count(min int) int {
	n := r.uvarint()
	if n > uint64(len(r.b)/max(min, 1)) {
		r.fail()
		return 0
	}
	return int(n)
}

func (r *reader) u64() uint64 {
	if len(r.b) < 8 {
		r.fail()
		return 0
	}
	x := binary.LittleEndian.Uint64(r.b)
	r.b = r.b[8:]
	return x
}

func (r *reader) f64() float64 { return math.Float64frombits(r.u64()) }

func (r *reader) byte1() byte {
	if len(r.b) < 1 {
		r.fail()
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

func (r *reader) bool() bool {
	switch r.byte1() {
	case 0:
		return false
	case 1:
		return true
	}
	r.fail()
	return false
}

func (r *reader) str() string {
	n := r.count(1)
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}

func (r *reader) time() time.Time {
	switch r.byte1() {
	case 0:
		return time.Time{}
	case 1:
		sec := r.varint()
		ns := r.uvarint()
		if ns >= 1e9 {
			r.fail()
			return time.Time{}
		}
		return time.Unix(sec, int64(ns)).UTC()
	}
	r.fail()
	return time.Time{}
}

func (r *reader) keys() []uint64 {
	n := r.count(8)
	if n == 0 {
		return nil
	}
	ks := make([]uint64, n)
	for i := range ks {
		ks[i] = r.u64()
	}
	return ks
}

func (r *reader) strs() []string {
	n := r.count(1)
	if n == 0 {
		return nil
	}
	ss := make([]string, n)
	for i := range ss {
		ss[i] = r.str()
	}
	return ss
}

// start checks a record's format byte.
func (r *reader) start(f byte) {
	if r.byte1() != f {
		r.fail()
	}
}

// end reports the first error, or leftover bytes, wrapped with what.
func (r *reader) end(what string) error {
	if r.err == nil && len(r.b) != 0 {
		r.err = ErrCorrupt
	}
	if r.err != nil {
		return fmt.Errorf("%s: %w", what, r.err)
	}
	return nil
}

// AppendDoc appends the record of d, without its text, to dst.
func AppendDoc(dst []byte, d *provenance.StoredDoc) []byte {
	w := writer{dst}
	w.b = append(w.b, fmtDoc)
	w.uvarint(d.Seq)
	for _, s := range []string{d.ID, d.Path, d.Source, d.Title, d.URL, d.Author, d.File} {
		w.str(s)
	}
	w.time(d.Published)
	w.bool(d.PublishedDay)
	w.uvarint(uint64(d.Words))
	w.uvarint(uint64(d.Bytes))
	w.u64(d.Sum)
	w.keys(d.Keys)
	w.keys(d.FuzzyKeys)
	w.uvarint(uint64(len(d.Evidence.Credits)))
	for i, c := range d.Evidence.Credits {
		w.str(c.Line)
		w.str(c.Name)
		w.bool(c.Dateline)
		n := 0
		if i < len(d.Evidence.NameCounts) {
			n = d.Evidence.NameCounts[i]
		}
		w.uvarint(uint64(n))
	}
	w.time(d.Added)
	w.time(d.Deleted)
	w.str(d.Canonical)
	w.bool(d.PublishedMonth)
	w.time(d.Updated)
	w.bool(d.UpdatedDay)
	w.bool(d.UpdatedMonth)
	w.uvarint(uint64(len(d.Evidence.Lines)))
	for _, l := range d.Evidence.Lines {
		w.str(l)
	}
	return w.b
}

// Doc decodes a document record.
func Doc(b []byte) (*provenance.StoredDoc, error) {
	r := reader{b: b}
	f := r.byte1()
	if f != fmtDoc && f != fmtDoc1 {
		r.fail()
	}
	d := &provenance.StoredDoc{Seq: r.uvarint()}
	for _, s := range []*string{&d.ID, &d.Path, &d.Source, &d.Title, &d.URL, &d.Author, &d.File} {
		*s = r.str()
	}
	d.Published = r.time()
	d.PublishedDay = r.bool()
	d.Words = int(r.uvarint())
	d.Bytes = int(r.uvarint())
	d.Sum = r.u64()
	d.Keys = r.keys()
	d.FuzzyKeys = r.keys()
	if n := r.count(4); n > 0 {
		d.Evidence.Credits = make([]lineage.Credit, n)
		d.Evidence.NameCounts = make([]int, n)
		for i := range n {
			d.Evidence.Credits[i] = lineage.Credit{Line: r.str(), Name: r.str(), Dateline: r.bool()}
			d.Evidence.NameCounts[i] = int(r.uvarint())
		}
	}
	d.Added = r.time()
	d.Deleted = r.time()
	if f == fmtDoc {
		d.Canonical = r.str()
		d.PublishedMonth = r.bool()
		d.Updated = r.time()
		d.UpdatedDay = r.bool()
		d.UpdatedMonth = r.bool()
		if n := r.count(1); n > 0 {
			d.Evidence.Lines = make([]string, n)
			for i := range n {
				d.Evidence.Lines[i] = r.str()
			}
		}
	}
	if err := r.end("document"); err != nil {
		return nil, err
	}
	return d, nil
}

// AppendMatch appends the record of m to dst.
func AppendMatch(dst []byte, m *provenance.StoredMatch) []byte {
	w := writer{dst}
	w.b = append(w.b, fmtMatch)
	w.uvarint(m.A)
	w.uvarint(m.B)
	x := &m.Match
	for _, f := range []float64{x.Jaccard, x.ContainmentA, x.ContainmentB, x.CoverageA, x.CoverageB} {
		w.f64(f)
	}
	w.uvarint(uint64(x.SharedWords))
	w.uvarint(uint64(len(x.Passages)))
	for _, p := range x.Passages {
		for _, v := range []int{p.AStart, p.AEnd, p.BStart, p.BEnd, p.ATok[0], p.ATok[1], p.BTok[0], p.BTok[1], p.Words} {
			w.uvarint(uint64(v))
		}
		w.bool(p.Fuzzy)
	}
	return w.b
}

// Match decodes a match record.
func Match(b []byte) (*provenance.StoredMatch, error) {
	r := reader{b: b}
	r.start(fmtMatch)
	m := &provenance.StoredMatch{A: r.uvarint(), B: r.uvarint()}
	x := &m.Match
	for _, f := range []*float64{&x.Jaccard, &x.ContainmentA, &x.ContainmentB, &x.CoverageA, &x.CoverageB} {
		*f = r.f64()
	}
	x.SharedWords = int(r.uvarint())
	if n := r.count(10); n > 0 {
		x.Passages = make([]cluster.Passage, n)
		for i := range x.Passages {
			p := &x.Passages[i]
			for _, v := range []*int{&p.AStart, &p.AEnd, &p.BStart, &p.BEnd, &p.ATok[0], &p.ATok[1], &p.BTok[0], &p.BTok[1], &p.Words} {
				*v = int(r.uvarint())
			}
			p.Fuzzy = r.bool()
		}
	}
	if err := r.end("match"); err != nil {
		return nil, err
	}
	return m, nil
}

// AppendFamily appends the record of f to dst.
func AppendFamily(dst []byte, f *provenance.StoredFamily) []byte {
	w := writer{dst}
	w.b = append(w.b, fmtFamily)
	w.uvarint(f.Seq)
	w.str(f.ID)
	w.uvarint(uint64(len(f.Members)))
	for _, m := range f.Members {
		w.uvarint(m)
	}
	w.uvarint(f.Original)
	w.uvarint(uint64(len(f.Edges)))
	for _, e := range f.Edges {
		w.uvarint(e.From)
		w.uvarint(e.To)
		w.f64(e.Confidence)
		w.bool(e.Attributed)
		w.strs(e.Evidence)
	}
	w.time(f.Created)
	w.time(f.Updated)
	return w.b
}

// Family decodes a family record.
func Family(b []byte) (*provenance.StoredFamily, error) {
	r := reader{b: b}
	r.start(fmtFamily)
	f := &provenance.StoredFamily{Seq: r.uvarint(), ID: r.str()}
	if n := r.count(1); n > 0 {
		f.Members = make([]uint64, n)
		for i := range f.Members {
			f.Members[i] = r.uvarint()
		}
	}
	f.Original = r.uvarint()
	if n := r.count(12); n > 0 {
		f.Edges = make([]provenance.StoredEdge, n)
		for i := range f.Edges {
			e := &f.Edges[i]
			e.From, e.To = r.uvarint(), r.uvarint()
			e.Confidence = r.f64()
			e.Attributed = r.bool()
			e.Evidence = r.strs()
		}
	}
	f.Created = r.time()
	f.Updated = r.time()
	if err := r.end("family"); err != nil {
		return nil, err
	}
	return f, nil
}

// AppendFile appends the record of f to dst.
func AppendFile(dst []byte, f *provenance.FileRecord) []byte {
	w := writer{dst}
	w.b = append(w.b, fmtFile)
	w.str(f.Path)
	w.varint(f.Size)
	w.time(f.MTime)
	w.u64(f.Hash)
	w.uvarint(uint64(len(f.Items)))
	for _, it := range f.Items {
		w.str(it.ID)
		w.uvarint(it.Seq)
		w.u64(it.Sum)
	}
	w.bool(f.Deleted)
	return w.b
}

// File decodes a file record.
func File(b []byte) (*provenance.FileRecord, error) {
	r := reader{b: b}
	r.start(fmtFile)
	f := &provenance.FileRecord{Path: r.str(), Size: r.varint(), MTime: r.time(), Hash: r.u64()}
	if n := r.count(10); n > 0 {
		f.Items = make([]provenance.FileItem, n)
		for i := range f.Items {
			f.Items[i] = provenance.FileItem{ID: r.str(), Seq: r.uvarint(), Sum: r.u64()}
		}
	}
	f.Deleted = r.bool()
	if err := r.end("file"); err != nil {
		return nil, err
	}
	return f, nil
}

// AppendCounters appends the record of c to dst.
func AppendCounters(dst []byte, c provenance.Counters) []byte {
	w := writer{dst}
	w.b = append(w.b, fmtCounters)
	w.uvarint(c.NextDoc)
	w.uvarint(c.NextFamily)
	w.uvarint(c.Events)
	w.str(c.Settings)
	return w.b
}

// Counters decodes a counters record.
func Counters(b []byte) (provenance.Counters, error) {
	r := reader{b: b}
	r.start(fmtCounters)
	c := provenance.Counters{NextDoc: r.uvarint(), NextFamily: r.uvarint(), Events: r.uvarint(), Settings: r.str()}
	if err := r.end("counters"); err != nil {
		return provenance.Counters{}, err
	}
	return c, nil
}

const fmtBatch = 'B'

// AppendBatch appends the record of a batch for a shared store's log to
// dst: its documents (without texts), matches, families, what it deletes
// and its counters. Files and events belong to the engine that applied it
// and are left out.
func AppendBatch(dst []byte, b *provenance.Batch) []byte {
	w := writer{dst}
	w.b = append(w.b, fmtBatch)
	rec := func(b []byte) { w.uvarint(uint64(len(b))); w.b = append(w.b, b...) }
	w.uvarint(uint64(len(b.Docs)))
	for _, d := range b.Docs {
		rec(AppendDoc(nil, d))
	}
	w.uvarint(uint64(len(b.DeleteDocs)))
	for _, s := range b.DeleteDocs {
		w.uvarint(s)
	}
	w.uvarint(uint64(len(b.Matches)))
	for _, m := range b.Matches {
		rec(AppendMatch(nil, m))
	}
	w.uvarint(uint64(len(b.DeleteMatches)))
	for _, p := range b.DeleteMatches {
		w.uvarint(p[0])
		w.uvarint(p[1])
	}
	w.uvarint(uint64(len(b.Families)))
	for _, f := range b.Families {
		rec(AppendFamily(nil, f))
	}
	w.uvarint(uint64(len(b.DeleteFamilies)))
	for _, s := range b.DeleteFamilies {
		w.uvarint(s)
	}
	w.strs(b.DeleteFamilyIDs)
	rec(AppendCounters(nil, b.Counters))
	return w.b
}

// Batch decodes a batch record.
func Batch(data []byte) (*provenance.Batch, error) {
	r := reader{b: data}
	r.start(fmtBatch)
	b := &provenance.Batch{}
	rec := func() []byte {
		n := r.count(1)
		x := r.b[:n]
		r.b = r.b[n:]
		return x
	}
	for n := r.count(1); n > 0 && r.err == nil; n-- {
		d, err := Doc(rec())
		if err != nil {
			return nil, fmt.Errorf("batch: %w", err)
		}
		b.Docs = append(b.Docs, d)
	}
	for n := r.count(1); n > 0 && r.err == nil; n-- {
		b.DeleteDocs = append(b.DeleteDocs, r.uvarint())
	}
	for n := r.count(1); n > 0 && r.err == nil; n-- {
		m, err := Match(rec())
		if err != nil {
			return nil, fmt.Errorf("batch: %w", err)
		}
		b.Matches = append(b.Matches, m)
	}
	for n := r.count(2); n > 0 && r.err == nil; n-- {
		b.DeleteMatches = append(b.DeleteMatches, [2]uint64{r.uvarint(), r.uvarint()})
	}
	for n := r.count(1); n > 0 && r.err == nil; n-- {
		f, err := Family(rec())
		if err != nil {
			return nil, fmt.Errorf("batch: %w", err)
		}
		b.Families = append(b.Families, f)
	}
	for n := r.count(1); n > 0 && r.err == nil; n-- {
		b.DeleteFamilies = append(b.DeleteFamilies, r.uvarint())
	}
	b.DeleteFamilyIDs = r.strs()
	c, err := Counters(rec())
	if err != nil && r.err == nil {
		return nil, fmt.Errorf("batch: %w", err)
	}
	b.Counters = c
	if err := r.end("batch"); err != nil {
		return nil, err
	}
	return b, nil
}
