package provenance_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/provenance-dev/provenance"
	"github.com/provenance-dev/provenance/document"
	"github.com/provenance-dev/provenance/internal/textgen"
	"github.com/provenance-dev/provenance/report"
)

// seriesCorpus writes to dir the documents of one publishing series
// that name no source: unrelated texts, each with the series' status
// notice (about 100 words) at its top or bottom; a story and 7 lightly
// edited copies of it, notice included; and one text with a trimmed copy.
// It returns the IDs of the story's family and of the trimmed pair.
func seriesCorpus(t testing.TB, dir string, unrelated int) (story, pair []string) {
	t.Helper()
	g := textgen.New(77)
	notice := "Status of this memo: " + g.Text(100)
	write := func(name, body string, top bool) {
		text := body + "\n\n" + notice
		if top {
			text = notice + "\n\n" + body
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for i := range unrelated {
		write(fmt.Sprintf("u%02d.txt", i), g.Text(300+g.Intn(500)), i%2 == 0)
	}
	s := g.Text(500)
	story = []string{"story.txt"}
	write("story.txt", s, true)
	for i := range 7 {
		name := fmt.Sprintf("story-%d.txt", i)
		write(name, editWords(g, s, 40+g.Intn(40)), true)
		story = append(story, name)
	}
	o := g.Text(600)
	write("orig.txt", o, false)
	write("trim.txt", editWords(g, o[:len(o)/2], 30), false)
	return story, []string{"orig.txt", "trim.txt"}
}

// TestCompare_seriesNotice: a notice that every document of a series
// carries, with no source named to make it boilerplate, joins no
// documents and makes no match, while the story all of whose copies
// carry it too stays one family, and a trimmed copy is still found. The
// fuzzy channel does not find the notice again (its verification drops
// common text as the exact channel's does). With the rule off, the notice
// joins them.
func TestCompare_seriesNotice(t *testing.T) {
	dir := t.TempDir()
	story, pair := seriesCorpus(t, dir, 30)
	for _, fuzzy := range []bool{false, true} {
		opt := provenance.DefaultOptions()
		opt.Fuzzy = fuzzy
		res, err := provenance.CompareFiles([]string{dir}, opt)
		if err != nil {
			t.Fatal(err)
		}
		out := report.Build(res)
		var fams [][]string
		for _, f := range out.Families {
			m := slices.Clone(f.Members)
			slices.Sort(m)
			fams = append(fams, m)
		}
		slices.Sort(story)
		want := [][]string{pair, story}
		slices.SortFunc(fams, func(a, b []string) int { return strings.Compare(a[0], b[0]) })
		if !slices.EqualFunc(fams, want, slices.Equal) {
			t.Errorf("fuzzy %v: families %v, want %v", fuzzy, fams, want)
		}
		in := map[string]bool{}
		for _, id := range append(slices.Clone(story), pair...) {
			in[id] = true
		}
		related := 0
		for _, m := range out.Matches {
			if in[m.A] && in[m.B] {
				related++
				continue
			}
			if !fuzzy {
				t.Errorf("match of %s and %s, which share only the notice", m.A, m.B)
				continue
			}
			// The generated prose of unrelated documents, drawn from
			// one small vocabulary, can make a fuzzy match; the notice
			// must not be in it.
			for _, p := range m.Passages {
				for _, side := range [][3]any{{m.A, p.AStart, p.AEnd}, {m.B, p.BStart, p.BEnd}} {
					if overlapsNotice(t, dir, side[0].(string), side[1].(int), side[2].(int)) {
						t.Errorf("fuzzy: match of %s and %s on the notice (%s bytes %d to %d)", m.A, m.B, side[0], side[1], side[2])
					}
				}
			}
		}
		if want := 7*8/2 + 1; related != want || !fuzzy && len(out.Matches) != want {
			t.Errorf("fuzzy %v: %d matches, %d of them in the story's family or the pair; want %d there (the story's copies' and the trimmed pair)",
				fuzzy, len(out.Matches), related, want)
		}
	}

	off := provenance.DefaultOptions()
	off.Cluster.CommonDocs = 0
	res, err := provenance.CompareFiles([]string{dir}, off)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(res.Matches); n < 30*29/2 {
		t.Errorf("with the rule off, %d matches: the notice should join the unrelated documents", n)
	}
}

// overlapsNotice reports whether bytes [start, end) of file name in dir,
// written by seriesCorpus, overlap its notice.
func overlapsNotice(t *testing.T, dir, name string, start, end int) bool {
	t.Helper()
	text, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	first, err := os.ReadFile(filepath.Join(dir, "story.txt")) // notice on top
	if err != nil {
		t.Fatal(err)
	}
	notice, _, _ := strings.Cut(string(first), "\n\n")
	at := strings.Index(string(text), notice)
	if at < 0 {
		t.Fatalf("%s does not hold the notice", name)
	}
	return start < at+len(notice) && at < end
}

// TestEngine_fuzzy: with the fuzzy channel on, the engine fed a series
// (its notice common text, which the fuzzy channel must drop too) and
// copies of a story that reword every third word (which only the fuzzy
// channel finds), one document at a time in shuffled orders, stores what
// compare finds.
func TestEngine_fuzzy(t *testing.T) {
	dir := t.TempDir()
	seriesCorpus(t, dir, 12)
	g := textgen.New(31)
	story := textgen.Paragraphs(g.Sentences(400), g)
	for i := range 3 {
		text := story
		if i > 0 {
			text = editWords(g, story, 3)
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("reworded-%d.txt", i)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	opt := provenance.DefaultOptions()
	opt.Fuzzy = true
	res, err := provenance.CompareFiles([]string{dir}, opt)
	if err != nil {
		t.Fatal(err)
	}
	fuzzy := 0
	for _, m := range res.Matches {
		a, b := res.Docs[m.A].ID, res.Docs[m.B].ID
		if strings.HasPrefix(a, "reworded-") && strings.HasPrefix(b, "reworded-") && len(m.Passages) > 0 && m.Passages[0].Fuzzy {
			fuzzy++
		}
	}
	if fuzzy < 2 {
		t.Fatalf("%d fuzzy matches among the reworded copies, want 2 or 3: the test no longer exercises the fuzzy channel", fuzzy)
	}
	inOrdersWith(t, opt, readInputs(t, dir), compareJSONWith(t, dir, opt), rand.New(rand.NewPCG(7, 8)))
}

// TestEngine_common feeds the series one document at a time, in three
// orders, and checks the store holds what compare finds. Then, once all
// but two of the unrelated documents have expired, two more arrive: the
// notice stays common (what the engine learnt stays learnt), so they
// match none, where compare over the four alone would match them.
func TestEngine_common(t *testing.T) {
	dir := t.TempDir()
	seriesCorpus(t, dir, 12)
	want := compareJSON(t, dir)
	files := readInputs(t, dir)
	inOrders(t, files, want, rand.New(rand.NewPCG(5, 6)))

	e, st := openEngine(t, provenance.DefaultOptions())
	ingest(t, e, files, 1)
	if _, err := e.Expire(t.Context(), time.Time{}, 2); err != nil {
		t.Fatal(err)
	}
	late := t.TempDir()
	g := textgen.New(78)
	var notice string
	for _, f := range files {
		if strings.HasPrefix(f[0].ID, "u00") {
			notice = string(f[0].Text[:strings.Index(string(f[0].Text), "\n\n")])
		}
	}
	for i := range 2 {
		text := notice + "\n\n" + g.Text(400)
		if err := os.WriteFile(filepath.Join(late, fmt.Sprintf("late%d.txt", i)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ingest(t, e, readInputs(t, late), 1)
	var out report.Output
	if err := json.Unmarshal([]byte(storeJSON(t, st)), &out); err != nil {
		t.Fatal(err)
	}
	if len(out.Documents) != 4 || len(out.Matches) != 0 {
		t.Errorf("after expiry and two arrivals: %d documents, %d matches; want 4 and none", len(out.Documents), len(out.Matches))
	}
	// compare over the same four finds the notice in too few to be common.
	for _, d := range out.Documents {
		if !strings.HasPrefix(d.ID, "u") {
			continue // one of the late ones
		}
		b, err := os.ReadFile(filepath.Join(dir, d.ID))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(late, d.ID), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res, err := provenance.CompareFiles([]string{late}, provenance.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Docs) != 4 || len(res.Matches) == 0 {
		t.Errorf("compare over the four found no match: the test no longer shows what the engine keeps")
	}
}

// TestEngine_commonLater: whether a passage of common text is dropped
// depends on how much of each document's other text is common. A short
// document whose notice is a large part of it, and a long one with a body
// of its own, share only the notice: once unrelated documents make the
// notice common, no match. Once copies of the
// long one arrive, its body is common too, it is a text many carry, and
// the pair is a match: the engine, fed in that order, must find it as
// compare does.
func TestEngine_commonLater(t *testing.T) {
	dir := t.TempDir()
	if d := os.Getenv("PROV_KEEPDIR"); d != "" {
		dir = d
	}
	g := textgen.New(79)
	notice := "Status of this memo: " + g.Text(100)
	body := g.Text(500)
	var order []string
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		order = append(order, name)
	}
	write("short.txt", notice+"\n\n"+g.Text(120))
	write("long.txt", notice+"\n\n"+body)
	for i := range 6 {
		write(fmt.Sprintf("u%d.txt", i), notice+"\n\n"+g.Text(500))
	}
	// Copies that add text of their own, so that they differ in body
	// (see bodyOf): each counts toward making the long one's text common.
	for i := range 10 {
		write(fmt.Sprintf("z-copy%d.txt", i), notice+"\n\n"+body+"\n\n"+g.Text(800))
	}
	want := compareJSON(t, dir)
	var out report.Output
	if err := json.Unmarshal([]byte(want), &out); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, m := range out.Matches {
		found = found || m.A == "long.txt" && m.B == "short.txt"
	}
	if !found {
		t.Fatal("compare finds no match of long.txt and short.txt: the test no longer shows a match made late")
	}
	byID := map[string][]*document.Document{}
	for _, f := range readInputs(t, dir) {
		byID[f[0].ID] = f
	}
	var files [][]*document.Document
	for _, id := range order {
		files = append(files, byID[id])
	}
	e, st := openEngine(t, provenance.DefaultOptions())
	// The pair matches on arrival (two documents hold the notice), and is
	// dropped once the unrelated documents make the notice common.
	outs := ingest(t, e, files[:8], 1)
	if outs[1].Matches != 1 {
		t.Errorf("long.txt made %d matches on arrival, want 1", outs[1].Matches)
	}
	var mid report.Output
	if err := json.Unmarshal([]byte(storeJSON(t, st)), &mid); err != nil {
		t.Fatal(err)
	}
	for _, m := range mid.Matches {
		if m.A == "long.txt" && m.B == "short.txt" {
			t.Errorf("long.txt and short.txt match once the notice is common and long.txt's text its own")
		}
	}
	// The copies make long.txt's text common: the pair is found again.
	ingest(t, e, files[8:], 1)
	if got := storeJSON(t, st); got != want {
		t.Fatalf("store differs from compare:\n%s", firstDiff(got, want))
	}
}
