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
// carry it too stays one family, and a trimmed copy is still found.
// With the rule off, the notice joins them.
func TestCompare_seriesNotice(t *testing.T) {
	dir := t.TempDir()
	story, pair := seriesCorpus(t, dir, 30)
	res, err := provenance.CompareFiles([]string{dir}, provenance.DefaultOptions())
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
		t.Errorf("families %v, want %v", fams, want)
	}
	in := map[string]bool{}
	for _, id := range append(slices.Clone(story), pair...) {
		in[id] = true
	}
	for _, m := range out.Matches {
		if !in[m.A] || !in[m.B] {
			t.Errorf("match of %s and %s, which share only the notice", m.A, m.B)
		}
	}
	if want := 7*8/2 + 1; len(out.Matches) != want {
		t.Errorf("%d matches, want %d (the story's copies' and the trimmed pair)", len(out.Matches), want)
	}

	off := provenance.DefaultOptions()
	off.Cluster.CommonDocs = 0
	res, err = provenance.CompareFiles([]string{dir}, off)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(res.Matches); n < 30*29/2 {
		t.Errorf("with the rule off, %d matches: the notice should join the unrelated documents", n)
	}
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
	rng := rand.New(rand.NewPCG(5, 6))
	for round := range 3 {
		order := slices.Clone(files)
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		e, st := openEngine(t, provenance.DefaultOptions())
		ingest(t, e, order, 1+round)
		if got := storeJSON(t, st); got != want {
			t.Fatalf("round %d: store differs from compare:\n%s", round, firstDiff(got, want))
		}
	}

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
