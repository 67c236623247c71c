package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/provenance-dev/provenance"
	"github.com/provenance-dev/provenance/cluster"
)

// excerptBytes is how much of the start of each passage the text report
// shows.
const excerptBytes = 90

// WriteText writes a report for people: each family with its original,
// copies, evidence and the start of each shared passage; then matches
// outside families; then documents with no match.
func WriteText(w io.Writer, res *provenance.Result) error {
	bw := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(bw, format, args...) }
	out := Build(res)
	docOf := make(map[string]*Document, len(out.Documents))
	for i := range out.Documents {
		docOf[out.Documents[i].ID] = &out.Documents[i]
	}
	matchOf := make(map[[2]string]int, len(res.Matches))
	for i, m := range out.Matches {
		matchOf[[2]string{m.A, m.B}] = i
		matchOf[[2]string{m.B, m.A}] = i
	}

	p("%d documents, %d matches, %d families", len(out.Documents), len(out.Matches), len(out.Families))
	if n := len(res.Skipped); n > 0 {
		p(", %d inputs skipped", n)
	}
	p("\n")

	inFamily := map[string]bool{}
	shown := map[int]bool{}
	for fi, f := range out.Families {
		p("\nFamily %d (%s): %d documents\n", fi+1, f.ID, len(f.Members))
		p("  original  %s\n", describe(docOf[f.Original]))
		for _, m := range f.Members {
			inFamily[m] = true
		}
		for _, e := range f.Edges {
			attr := "unattributed"
			if e.Attributed {
				attr = "attributed"
			}
			p("  copy      %s\n", describe(docOf[e.To]))
			p("            from %s, confidence %.2f, %s\n", e.From, e.Confidence, attr)
			for _, ev := range e.Evidence {
				p("            - %s\n", ev)
			}
			if mi, ok := matchOf[[2]string{e.From, e.To}]; ok {
				shown[mi] = true
				writeMatch(p, res, mi, "            ")
			}
		}
	}

	first := true
	for i := range out.Matches {
		if shown[i] {
			continue
		}
		if first {
			p("\nShared passages outside family trees:\n")
			first = false
		}
		m := out.Matches[i]
		p("  %s <-> %s\n", m.A, m.B)
		writeMatch(p, res, i, "    ")
	}

	var alone []string
	for _, d := range out.Documents {
		if !inFamily[d.ID] {
			alone = append(alone, d.ID)
		}
	}
	if len(alone) > 0 {
		p("\nIn no family: %s\n", strings.Join(alone, ", "))
	}
	return bw.Flush()
}

func writeMatch(p func(string, ...any), res *provenance.Result, i int, indent string) {
	m := &res.Matches[i]
	a, b := res.Docs[m.A], res.Docs[m.B]
	p("%sJaccard %.2f; %.0f%% of %s is in %s, %.0f%% of %s in %s; %d shared words in %d passages\n",
		indent, m.Jaccard, 100*m.ContainmentA, a.ID, b.ID, 100*m.ContainmentB, b.ID, a.ID, m.SharedWords, len(m.Passages))
	for _, ps := range m.Passages {
		p("%s%s", indent, passageLine(a.ID, b.ID, a.Text, ps))
	}
}

func passageLine(aID, bID string, text []byte, ps cluster.Passage) string {
	kind := "words"
	if ps.Fuzzy {
		kind = "words reworded"
	}
	return fmt.Sprintf("%d %s, %s@%d-%d, %s@%d-%d: %q\n", ps.Words, kind, aID, ps.AStart, ps.AEnd, bID, ps.BStart, ps.BEnd,
		excerpt(text[ps.AStart:ps.AEnd]))
}

// excerpt returns the start of a passage on one line.
func excerpt(b []byte) string {
	s := strings.Join(strings.Fields(string(b)), " ")
	if len(s) <= excerptBytes {
		return s
	}
	cut := excerptBytes
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

func describe(d *Document) string {
	var parts []string
	if d.Source != "" {
		parts = append(parts, d.Source)
	}
	if d.Published != "" {
		parts = append(parts, d.Published)
	}
	if d.Title != "" {
		parts = append(parts, fmt.Sprintf("%q", d.Title))
	}
	if len(parts) == 0 {
		return d.ID
	}
	return d.ID + " (" + strings.Join(parts, ", ") + ")"
}
