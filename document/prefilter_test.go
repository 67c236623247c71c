package document

import (
	"bufio"
	"bytes"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestHeaderPrefilters: every line a header pattern matches passes the
// cheap check that guards it, and every line a parser reads passes
// mayBeHeader, so the checks change no result. The lines
// are the first lines of the text fixtures and seeds, and lines made at
// random from pieces of headers, in several cases and with letters that
// fold to ASCII under (?i) (ſ, K).
func TestHeaderPrefilters(t *testing.T) {
	var lines []string
	for _, glob := range []string{"../testdata/seeds/*.txt", formatsDir + "/text/*.txt", formatsDir + "/*/*.txt"} {
		names, _ := filepath.Glob(glob)
		for _, name := range names {
			data, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			sc := bufio.NewScanner(bytes.NewReader(data))
			for i := 0; i < 10 && sc.Scan(); i++ {
				lines = append(lines, strings.TrimSpace(sc.Text()))
			}
		}
	}
	pieces := strings.Fields("By by BY bY Author: author AUTHOR : Byline: byline: Posted: posted published: Updated Date: date DATE: " +
		"ſat, Sat. Thursday, thu Mon., ſun Kelvin ſmith Jane Doe JANE | · • - — – , . : " +
		"3 03 31 July Jul. jul 3rd 21st 2025 1999 2025-07-04 2025-07-04T10:00:00Z 2025-07-04 10:00 2025-07-04T10:00:00.5+02:00 " +
		"7/3/2025 12/31/2025 13/1/2025 12:27:12 9:30 PM pm p.m. AM at UTC GMT Z novinite.com bbc.co.uk x.org Headline Text")
	rng := rand.New(rand.NewPCG(5, 6))
	for range 200000 {
		var b strings.Builder
		for j := range 1 + rng.IntN(6) {
			if j > 0 && rng.IntN(5) > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		lines = append(lines, b.String())
	}
	// Dates in the shapes date lines take, in random cases.
	pick := func(opts string) string {
		o := strings.Split(opts, "|")
		return o[rng.IntN(len(o))]
	}
	for range 20000 {
		s := pick("|Published: |posted |UPDATED:|date |Last updated |10:42 AM EST, |9 a.m. ") + pick("|Thursday, |ſat. |Mon |thu, ") +
			pick("3 July|03 jul.|Jul. 3rd,|July 31|ſep 1|Sept. 21st,|May 2|March|3/7|25.12.|2025-07-") + " " + pick("2025|1999|20251|04") +
			pick("|, 10:15|  at 9:30 pm| 12:00:59 A.M.| 9:30pm|T10:00:00+02:00") + pick("| UTC|GMT| Z|  | +0000| IST| ET") +
			pick("| · Updated 4 July 2025| | Modified: 2025-07-05| Last updated Jul 5, 2025 10.42 GMT")
		if rng.IntN(3) == 0 {
			s = strings.ToUpper(s)
		}
		lines = append(lines, s)
	}
	// Lines at the length limits.
	for n := 140; n <= 165; n++ {
		lines = append(lines, strings.Repeat("Long Source ", 14)[:n-len(" 7/3/2025")]+" 7/3/2025")
	}
	for n := 195; n <= 205; n++ {
		lines = append(lines, strings.Repeat("é", n))
	}
	oldISO := func(s string) bool {
		i := strings.IndexByte(s, '-')
		return i >= 4 && i <= 16
	}
	matched := map[string]int{}
	for _, s := range lines {
		if reBylineLine.MatchString(s) || reByline.MatchString(s) {
			matched["byline"]++
			if !startsByline(s) {
				t.Errorf("startsByline(%q) = false, but a byline pattern matches", s)
			}
		}
		if _, _, ok := dateLine(s); ok {
			matched["date line"]++
			if !has4Digits(s) {
				t.Errorf("has4Digits(%q) = false, but dateLine reads it", s)
			}
		}
		if oldISO(s) && reISODate.MatchString(s) {
			matched["ISO date"]++
			if !hasISODate(s) {
				t.Errorf("hasISODate(%q) = false, but reISODate matches", s)
			}
		}
		if reDotSite.MatchString(s) {
			matched["dot site"]++
			if !isDotSite(s) {
				t.Errorf("isDotSite(%q) = false, but reDotSite matches", s)
			}
		}
	}
	// mayBeHeader passes every line a parser reads, or so much as
	// touches the document for.
	for _, s := range lines {
		for i, parse := range []func(*Document, string) bool{parseByline, parseDateLine, parseSourceDate, parseISODate, parseDotSite} {
			var d Document
			if parse(&d, s) || !reflect.DeepEqual(d, Document{}) {
				matched["parser"]++
				if !mayBeHeader([]byte(s), 2) {
					t.Fatalf("mayBeHeader(%q) = false, but parser %d reads it", s, i)
				}
			}
		}
		if looksLikeTitle(s) && !mayBeHeader([]byte(s), 1) {
			t.Fatalf("mayBeHeader(%q, first line) = false, but it looks like a title", s)
		}
	}
	for _, k := range []string{"byline", "date line", "ISO date", "dot site", "parser"} {
		if matched[k] < 100 {
			t.Errorf("only %d lines matched the %s pattern, want 100 or more", matched[k], k)
		}
	}
}
