package eval

import (
	"bufio"
	"cmp"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/provenance-dev/provenance"
)

// PAN is a text alignment corpus in the layout of the PAN 2013 training
// corpus: suspicious documents in susp/, sources in src/, and one folder
// per obfuscation type ("02-no-obfuscation") holding a pairs file of
// "suspicious source" lines and, where offsets exist, PAN XML truth.
type PAN struct {
	Dir   string
	Types []PANType
	// Cases are the plagiarism cases with offsets, by pair.
	Cases map[[2]string][]Case
	// CasesFrom names where the cases came from.
	CasesFrom string
}

// PANType is one obfuscation type and its document pairs (suspicious,
// source).
type PANType struct {
	Name  string
	Pairs [][2]string
}

// Case is one plagiarism case: character offsets and lengths in the
// suspicious and the source document.
type Case struct {
	SuspOffset, SuspLength int
	SrcOffset, SrcLength   int
}

// NoPlagiarism is the type name of pairs with no reuse.
const NoPlagiarism = "no-plagiarism"

// LoadPAN reads a PAN corpus's pairs and cases. Cases come from
// "*-realigned.jsonl" files when present (only those of quality "good",
// and only for pairs whose cases are all good), otherwise from the XML
// truth files.
func LoadPAN(dir string) (*PAN, error) {
	p := &PAN{Dir: dir, Cases: map[[2]string][]Case{}}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("load pan: %w", err)
	}
	for _, e := range entries {
		name := e.Name()
		if !e.IsDir() || len(name) < 4 || name[2] != '-' || name[0] < '0' || name[0] > '9' {
			continue
		}
		pairs, err := readPairs(filepath.Join(dir, name, "pairs"))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("load pan: %w", err)
		}
		p.Types = append(p.Types, PANType{Name: name[3:], Pairs: pairs})
	}
	if len(p.Types) == 0 {
		return nil, fmt.Errorf("load pan: %s: no NN-type/pairs files", dir)
	}
	realigned, _ := filepath.Glob(filepath.Join(dir, "*-realigned.jsonl"))
	for _, f := range realigned {
		if err := p.readRealigned(f); err != nil {
			return nil, fmt.Errorf("load pan: %w", err)
		}
		p.CasesFrom = filepath.Base(f)
	}
	if len(realigned) == 0 {
		xmls, _ := filepath.Glob(filepath.Join(dir, "*", "*.xml"))
		for _, f := range xmls {
			if err := p.readXML(f); err != nil {
				return nil, fmt.Errorf("load pan: %w", err)
			}
		}
		if len(xmls) > 0 {
			p.CasesFrom = "PAN XML"
		}
	}
	return p, nil
}

func readPairs(path string) ([][2]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out [][2]string
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 {
			continue
		}
		if len(fields) != 2 {
			return nil, fmt.Errorf("%s:%d: want two file names", path, n)
		}
		out = append(out, [2]string{fields[0], fields[1]})
	}
	return out, sc.Err()
}

func (p *PAN) readRealigned(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	type rec struct {
		Susp, Src    string
		ThisOffset   int `json:"this_offset"`
		ThisLen      int `json:"this_length"`
		SourceOffset int `json:"source_offset"`
		SourceLength int `json:"source_length"`
		Quality      string
	}
	bad := map[[2]string]bool{}
	for i, line := range strings.Split(string(data), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		var r rec
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			return fmt.Errorf("%s:%d: %w", path, i+1, err)
		}
		k := [2]string{r.Susp, r.Src}
		if r.Quality != "good" {
			bad[k] = true
			continue
		}
		p.Cases[k] = append(p.Cases[k], Case{r.ThisOffset, r.ThisLen, r.SourceOffset, r.SourceLength})
	}
	for k := range bad {
		delete(p.Cases, k)
	}
	return nil
}

func (p *PAN) readXML(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var doc struct {
		Reference string `xml:"reference,attr"`
		Features  []struct {
			Name      string `xml:"name,attr"`
			ThisOff   int    `xml:"this_offset,attr"`
			ThisLen   int    `xml:"this_length,attr"`
			SourceRef string `xml:"source_reference,attr"`
			SrcOff    int    `xml:"source_offset,attr"`
			SrcLen    int    `xml:"source_length,attr"`
		} `xml:"feature"`
	}
	if err := xml.Unmarshal(data, &doc); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	for _, f := range doc.Features {
		if f.Name != "plagiarism" {
			continue
		}
		k := [2]string{doc.Reference, f.SourceRef}
		p.Cases[k] = append(p.Cases[k], Case{f.ThisOff, f.ThisLen, f.SrcOff, f.SrcLen})
	}
	return nil
}

// TypeScore is the outcome for one obfuscation type.
type TypeScore struct {
	Type     string `json:"type"`
	Pairs    int    `json:"pairs"`
	Detected int    `json:"detected"`
	// DetectedShare is Detected / Pairs: for no-plagiarism pairs, the
	// share wrongly detected.
	DetectedShare float64 `json:"detected_share"`
	// PAN measures, over the pairs with cases (absent when none have).
	Cases          int      `json:"cases,omitempty"`
	Detections     int      `json:"detections,omitempty"`
	MacroPrecision *float64 `json:"macro_precision,omitempty"`
	MacroRecall    *float64 `json:"macro_recall,omitempty"`
	Granularity    *float64 `json:"granularity,omitempty"`
	Plagdet        *float64 `json:"plagdet,omitempty"`
	// Missing counts pairs whose documents were not both read.
	Missing int `json:"missing,omitempty"`
}

// span is a range of character offsets [lo, hi).
type span struct{ lo, hi int }

func overlap(a, b span) span {
	lo, hi := max(a.lo, b.lo), min(a.hi, b.hi)
	if hi < lo {
		hi = lo
	}
	return span{lo, hi}
}

func unionLen(ss []span) int {
	slices.SortFunc(ss, func(a, b span) int { return cmp.Compare(a.lo, b.lo) })
	total, end := 0, math.MinInt
	for _, s := range ss {
		if s.lo >= end {
			total += s.hi - s.lo
			end = s.hi
		} else if s.hi > end {
			total += s.hi - end
			end = s.hi
		}
	}
	return total
}

// detection is one found passage, in characters, in both documents.
type detection struct{ susp, src span }

// ScorePAN scores the result of comparing the corpus's documents (IDs are
// file base names, as compare gives for the susp/ and src/ folders).
func ScorePAN(p *PAN, res *provenance.Result) []TypeScore {
	index := map[string]int{}
	for i, d := range res.Docs {
		index[d.ID] = i
	}
	found := map[[2]int]int{} // doc pair (ordered) -> match index
	for i, m := range res.Matches {
		found[[2]int{int(m.A), int(m.B)}] = i
	}
	charOff := map[int][]int32{} // doc -> byte offset -> char offset, built lazily
	toChar := func(doc, b int) int {
		tab, ok := charOff[doc]
		if !ok {
			text := res.Docs[doc].Text
			tab = make([]int32, len(text)+1)
			// tab[i] counts the runes that start before byte i.
			c := int32(0)
			for i := range text {
				tab[i] = c
				if utf8.RuneStart(text[i]) {
					c++
				}
			}
			tab[len(text)] = c
			charOff[doc] = tab
		}
		return int(tab[b])
	}

	var out []TypeScore
	for _, t := range p.Types {
		ts := TypeScore{Type: t.Name, Pairs: len(t.Pairs)}
		var recalls, precisions []float64
		var grans []int
		for _, pr := range t.Pairs {
			si, ok1 := index[pr[0]]
			ri, ok2 := index[pr[1]]
			if !ok1 || !ok2 {
				ts.Missing++
				continue
			}
			var dets []detection
			mi, ok := found[[2]int{min(si, ri), max(si, ri)}]
			if ok {
				ts.Detected++
				m := res.Matches[mi]
				for _, ps := range m.Passages {
					sa, sb := ps.AStart, ps.AEnd // offsets in the suspicious document
					ra, rb := ps.BStart, ps.BEnd
					if int(m.A) != si {
						sa, sb, ra, rb = ra, rb, sa, sb
					}
					d := detection{
						susp: span{toChar(si, sa), toChar(si, sb)},
						src:  span{toChar(ri, ra), toChar(ri, rb)},
					}
					dets = append(dets, d)
				}
			}
			cases, withCases := p.Cases[pr]
			if !withCases {
				continue
			}
			ts.Cases += len(cases)
			ts.Detections += len(dets)
			for _, c := range cases {
				cs := detection{span{c.SuspOffset, c.SuspOffset + c.SuspLength}, span{c.SrcOffset, c.SrcOffset + c.SrcLength}}
				var inS, inR []span
				n := 0
				for _, d := range dets {
					os, or := overlap(cs.susp, d.susp), overlap(cs.src, d.src)
					if os.hi > os.lo && or.hi > or.lo {
						inS, inR = append(inS, os), append(inR, or)
						n++
					}
				}
				recalls = append(recalls, float64(unionLen(inS)+unionLen(inR))/float64(c.SuspLength+c.SrcLength))
				if n > 0 {
					grans = append(grans, n)
				}
			}
			for _, d := range dets {
				var inS, inR []span
				for _, c := range cases {
					cs := detection{span{c.SuspOffset, c.SuspOffset + c.SuspLength}, span{c.SrcOffset, c.SrcOffset + c.SrcLength}}
					os, or := overlap(cs.susp, d.susp), overlap(cs.src, d.src)
					if os.hi > os.lo && or.hi > or.lo {
						inS, inR = append(inS, os), append(inR, or)
					}
				}
				size := (d.susp.hi - d.susp.lo) + (d.src.hi - d.src.lo)
				precisions = append(precisions, float64(unionLen(inS)+unionLen(inR))/float64(max(size, 1)))
			}
		}
		ts.DetectedShare = ratio(ts.Detected, ts.Pairs-ts.Missing)
		if ts.Cases > 0 {
			rec, prec := mean(recalls), mean(precisions)
			if len(precisions) == 0 {
				prec = 0
			}
			gran := 1.0
			if len(grans) > 0 {
				s := 0
				for _, g := range grans {
					s += g
				}
				gran = float64(s) / float64(len(grans))
			}
			f1 := 0.0
			if prec+rec > 0 {
				f1 = 2 * prec * rec / (prec + rec)
			}
			pd := f1 / math.Log2(1+gran)
			ts.MacroPrecision, ts.MacroRecall, ts.Granularity, ts.Plagdet = &prec, &rec, &gran, &pd
		}
		out = append(out, ts)
	}
	return out
}

func mean(xs []float64) float64 {
	if len(xs) == 0 {
		return 1
	}
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}
