package htmlreport

import (
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/provenance-dev/provenance/report"
)

// colors is the number of passage colours the style sheet defines.
const colors = 8

// sidePsg is a passage on one side of a pair.
type sidePsg struct {
	p     int // its index in the match
	sp    span
	fuzzy bool
}

// buildPair makes the side-by-side view of source src and its copy cp,
// whose match is m; swap says m.A is the copy. evidence is the edge's,
// whose quoted credit line is marked in the copy.
func buildPair(src, cp *report.Document, m *report.Match, swap bool, evidence []string) *pairView {
	pv := &pairView{Source: sideView{Side: "a", Doc: docOf(src)}, Copy: sideView{Side: "b", Doc: docOf(cp)}}
	var sp, cpp []sidePsg
	var chgS, chgC []span
	for i, p := range m.Passages {
		s, c := span{p.AStart, p.AEnd}, span{p.BStart, p.BEnd}
		if swap {
			s, c = c, s
		}
		s, okS := fixSpan(src.Text, s)
		c, okC := fixSpan(cp.Text, c)
		if okS {
			sp = append(sp, sidePsg{i, s, p.Fuzzy})
		}
		if okC {
			cpp = append(cpp, sidePsg{i, c, p.Fuzzy})
		}
		if okS && okC {
			a, b := changes(src.Text[s.start:s.end], s.start, cp.Text[c.start:c.end], c.start)
			chgS, chgC = append(chgS, a...), append(chgC, b...)
		}
		pv.Passages = append(pv.Passages, passageNav{P: i, Label: i + 1, Color: i % colors, Words: p.Words, Fuzzy: p.Fuzzy})
	}
	pv.Source.Segs = segment(src.Text, sp, chgS, nil, "cut")
	pv.Copy.Segs = segment(cp.Text, cpp, chgC, creditSpans(cp.Text, evidence), "add")
	return pv
}

// fixSpan clamps a span to the text and moves its ends to the starts of
// runes; it reports whether anything is left.
func fixSpan(text string, s span) (span, bool) {
	s.start, s.end = max(0, min(s.start, len(text))), max(0, min(s.end, len(text)))
	for s.start < len(text) && !utf8.RuneStart(text[s.start]) {
		s.start++
	}
	for s.end < len(text) && !utf8.RuneStart(text[s.end]) {
		s.end++
	}
	return s, s.start < s.end
}

// creditLines returns the lines an edge's evidence quotes: a Go-quoted
// string that ends the sentence, after ": ".
func creditLines(evidence []string) []string {
	var out []string
	for _, ev := range evidence {
		if !strings.HasSuffix(ev, `"`) {
			continue
		}
		for i := 0; ; {
			j := strings.Index(ev[i:], `: "`)
			if j < 0 {
				break
			}
			q := ev[i+j+2:]
			if pre, err := strconv.QuotedPrefix(q); err == nil && len(pre) == len(q) {
				if s, err := strconv.Unquote(q); err == nil {
					out = append(out, s)
				}
				break
			}
			i += j + 3
		}
	}
	return out
}

// creditSpans finds the credit lines an edge's evidence quotes in the
// copy's text, any run of white space (a no-break space too) matching
// any other. A line the evidence cut short (ending in "…") is found by
// what it keeps.
func creditSpans(text string, evidence []string) []span {
	lines := creditLines(evidence)
	if len(lines) == 0 {
		return nil
	}
	norm, at := squeeze(text)
	var out []span
	for _, line := range lines {
		q, _ := squeeze(strings.TrimSpace(strings.TrimSuffix(line, "…")))
		q = strings.TrimSpace(q)
		if len(q) < 8 {
			continue
		}
		for from, n := 0, 0; n < 16; n++ {
			i := strings.Index(norm[from:], q)
			if i < 0 {
				break
			}
			i += from
			out = append(out, span{at[i], at[i+len(q)-1] + 1})
			from = i + len(q)
		}
	}
	return out
}

// squeeze returns s with each run of white space made one space, and
// for each of its bytes the offset of the byte of s it comes from.
func squeeze(s string) (string, []int) {
	var b strings.Builder
	b.Grow(len(s))
	at := make([]int, 0, len(s))
	space := false
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			if !space {
				b.WriteByte(' ')
				at = append(at, i)
			}
			space = true
		} else {
			space = false
			b.WriteString(s[i : i+size])
			for k := range size {
				at = append(at, i+k)
			}
		}
		i += size
	}
	return b.String(), at
}

// segment splits one side's text into the segments its view shows: the
// passages, and between them text the other side lacks (outside: cut or
// add), each cut further where changed words (chg, inside passages only)
// and credit lines begin and end. Passages overlapping one before them
// start where it ends.
func segment(text string, ps []sidePsg, chg, credit []span, outside string) []seg {
	slices.SortStableFunc(ps, func(x, y sidePsg) int { return x.sp.start - y.sp.start })
	type outer struct {
		sp  span
		psg int // index in ps; -1 for text between passages
	}
	var outs []outer
	at := 0
	for i, x := range ps {
		s, e := max(x.sp.start, at), x.sp.end
		if e <= s {
			continue
		}
		if s > at {
			outs = append(outs, outer{span{at, s}, -1})
		}
		outs = append(outs, outer{span{s, e}, i})
		at = e
	}
	if at < len(text) {
		outs = append(outs, outer{span{at, len(text)}, -1})
	}
	if len(outs) == 0 {
		return nil
	}
	pts := make([]int, 0, 2*len(outs)+2*len(chg)+2*len(credit))
	for _, o := range outs {
		pts = append(pts, o.sp.start, o.sp.end)
	}
	clamp := func(x int) int { return max(0, min(x, len(text))) }
	for _, list := range [][]span{chg, credit} {
		for _, s := range list {
			pts = append(pts, clamp(s.start), clamp(s.end))
		}
	}
	slices.Sort(pts)
	pts = slices.Compact(pts)
	n := len(pts) - 1
	dChg, dCredit := make([]int, n+1), make([]int, n+1)
	idx := func(x int) int { i, _ := slices.BinarySearch(pts, clamp(x)); return i }
	for _, s := range chg {
		if a, b := idx(s.start), idx(s.end); a < b {
			dChg[a]++
			dChg[b]--
		}
	}
	for _, s := range credit {
		if a, b := idx(s.start), idx(s.end); a < b {
			dCredit[a]++
			dCredit[b]--
		}
	}
	var out []seg
	oi, last := 0, -1
	nChg, nCredit := 0, 0
	for i := 0; i < n; i++ {
		nChg += dChg[i]
		nCredit += dCredit[i]
		a, b := pts[i], pts[i+1]
		for outs[oi].sp.end <= a {
			oi++
		}
		o := outs[oi]
		if oi != last {
			last = oi
			sg := seg{Kind: outside}
			if o.psg >= 0 {
				x := ps[o.psg]
				sg = seg{Kind: "psg", P: x.p, Label: x.p + 1, Color: x.p % colors, Fuzzy: x.fuzzy}
			}
			out = append(out, sg)
		}
		mark := ""
		switch {
		case nChg > 0 && o.psg >= 0 && nCredit > 0:
			mark = "chg credit"
		case nChg > 0 && o.psg >= 0:
			mark = "chg"
		case nCredit > 0:
			mark = "credit"
		}
		sg := &out[len(out)-1]
		if k := len(sg.Parts); k > 0 && sg.Parts[k-1].Mark == mark {
			sg.Parts[k-1].sp.end = b
		} else {
			sg.Parts = append(sg.Parts, part{Mark: mark, sp: span{a, b}})
		}
	}
	for i := range out {
		for j := range out[i].Parts {
			x := &out[i].Parts[j]
			x.Text = clean(text[x.sp.start:x.sp.end])
		}
	}
	return out
}
