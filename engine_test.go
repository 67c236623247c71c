package provenance_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/provenance-dev/provenance"
	"github.com/provenance-dev/provenance/document"
	"github.com/provenance-dev/provenance/generate"
	"github.com/provenance-dev/provenance/internal/textgen"
	"github.com/provenance-dev/provenance/lineage"
	"github.com/provenance-dev/provenance/metrics"
	"github.com/provenance-dev/provenance/report"
	"github.com/provenance-dev/provenance/store/bolt"
)

// openEngine opens an engine on a new store in a temporary folder.
func openEngine(t testing.TB, opt provenance.Options) (*provenance.Engine, *bolt.Store) {
	t.Helper()
	st, err := bolt.Open(filepath.Join(t.TempDir(), "store.db"), bolt.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	e, err := provenance.OpenEngine(t.Context(), st, provenance.EngineOptions{Options: opt, Events: true})
	if err != nil {
		t.Fatal(err)
	}
	return e, st
}

// readInputs reads every input under dir as compare would, a file's
// documents together.
func readInputs(t testing.TB, dir string) [][]*document.Document {
	t.Helper()
	rd := document.NewReader(document.Options{})
	ins, errs := rd.Find([]string{dir})
	if len(errs) > 0 {
		t.Fatalf("find: %v", errs)
	}
	var out [][]*document.Document
	for _, in := range ins {
		docs, _ := rd.Read(in)
		if len(docs) > 0 {
			out = append(out, docs)
		}
	}
	return out
}

// updates prepares files' documents through e, each file an update.
func updates(e *provenance.Engine, files [][]*document.Document) []provenance.FileUpdate {
	var ups []provenance.FileUpdate
	for _, docs := range files {
		rec := &provenance.FileRecord{Path: docs[0].Path}
		u := provenance.FileUpdate{File: rec}
		for _, d := range docs {
			p := e.Prepare(d)
			u.Docs = append(u.Docs, p)
			rec.Items = append(rec.Items, provenance.FileItem{ID: d.ID, Sum: p.Sum})
		}
		ups = append(ups, u)
	}
	return ups
}

// ingest stores files through e, in batches of the given sizes (cycled).
func ingest(t testing.TB, e *provenance.Engine, files [][]*document.Document, sizes ...int) []*provenance.Outcome {
	t.Helper()
	var outs []*provenance.Outcome
	for i, k := 0, 0; i < len(files); k++ {
		n := min(sizes[k%len(sizes)], len(files)-i)
		ups := updates(e, files[i:i+n])
		out, err := e.Ingest(context.Background(), ups)
		if err != nil {
			t.Fatalf("ingest: %v", err)
		}
		outs = append(outs, out)
		i += n
	}
	return outs
}

// compareJSON returns compare's output over dir, as JSON.
func compareJSON(t testing.TB, dir string) string {
	t.Helper()
	return compareJSONWith(t, dir, provenance.DefaultOptions())
}

// compareJSONWith is compareJSON with options opt.
func compareJSONWith(t testing.TB, dir string, opt provenance.Options) string {
	t.Helper()
	res, err := provenance.CompareFiles([]string{dir}, opt)
	if err != nil {
		t.Fatal(err)
	}
	return mustJSON(t, report.Build(res))
}

func storeJSON(t testing.TB, st provenance.Store) string {
	t.Helper()
	out, err := report.FromStore(t.Context(), st)
	if err != nil {
		t.Fatal(err)
	}
	return mustJSON(t, out)
}

func mustJSON(t testing.TB, v any) string {
	t.Helper()
	b, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// firstDiff returns the lines around the first difference of two texts.
func firstDiff(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(la), len(lb)) {
		if la[i] != lb[i] {
			lo := max(0, i-8)
			return "got:\n" + strings.Join(la[lo:min(len(la), i+3)], "\n") + "\nwant:\n" + strings.Join(lb[lo:min(len(lb), i+3)], "\n")
		}
	}
	return "lengths differ"
}

// TestEngine_seeds feeds the seeds one at a time, in every order of a
// few, and checks the store holds what compare finds: 003 the original,
// 001 its attributed copy.
func TestEngine_seeds(t *testing.T) {
	dir := "testdata/seeds"
	want := compareJSON(t, dir)
	files := readInputs(t, dir)
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 4 {
		order := slices.Clone(files)
		if round > 0 {
			rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		}
		e, st := openEngine(t, provenance.DefaultOptions())
		ingest(t, e, order, 1)
		if got := storeJSON(t, st); got != want {
			t.Fatalf("round %d: store differs from compare:\n%s", round, firstDiff(got, want))
		}
	}
	var out report.Output
	json.Unmarshal([]byte(want), &out)
	if len(out.Families) != 1 || !strings.HasPrefix(out.Families[0].Original, "003") {
		t.Fatalf("families %+v, want one with 003 as original", out.Families)
	}
}

// TestEngine_outletCopies: the seeds with two more copies of 001, as an
// outlet's AMP and print pages of its reprint would be. Three documents of
// American Military News then hold the reprint's text, but they are one
// text: it is not the outlet's boilerplate, and 003 stays the original of
// a family of all four. The engine, fed in several orders, agrees.
func TestEngine_outletCopies(t *testing.T) {
	dir := t.TempDir()
	seeds, err := filepath.Glob("testdata/seeds/*.txt")
	if err != nil || len(seeds) != 5 {
		t.Fatalf("seeds: %v, %d files", err, len(seeds))
	}
	for _, f := range seeds {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		names := []string{filepath.Base(f)}
		if strings.HasPrefix(names[0], "001") {
			names = append(names, "001-amp.txt", "001-print.txt")
		}
		for _, n := range names {
			if err := os.WriteFile(filepath.Join(dir, n), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	want := compareJSON(t, dir)
	var out report.Output
	if err := json.Unmarshal([]byte(want), &out); err != nil {
		t.Fatal(err)
	}
	if len(out.Families) != 1 || !strings.HasPrefix(out.Families[0].Original, "003") || len(out.Families[0].Members) != 4 {
		t.Fatalf("families %+v, want one of 003 and the three copies of 001, 003 the original", out.Families)
	}
	inOrders(t, readInputs(t, dir), want, rand.New(rand.NewPCG(3, 4)))
}

// inOrders feeds files to a new engine in three orders drawn from rng,
// in batches of 1, 2 and 3 files, and checks each store holds want,
// compare's answer.
func inOrders(t *testing.T, files [][]*document.Document, want string, rng *rand.Rand) {
	t.Helper()
	inOrdersWith(t, provenance.DefaultOptions(), files, want, rng)
}

// inOrdersWith is inOrders with options opt.
func inOrdersWith(t *testing.T, opt provenance.Options, files [][]*document.Document, want string, rng *rand.Rand) {
	t.Helper()
	for round := range 3 {
		order := slices.Clone(files)
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		e, st := openEngine(t, opt)
		ingest(t, e, order, 1+round)
		if got := storeJSON(t, st); got != want {
			t.Fatalf("round %d: store differs from compare:\n%s", round, firstDiff(got, want))
		}
	}
}

// TestEngine_generated checks the engine against compare on a generated
// corpus, its files fed in random order and batches of several sizes.
func TestEngine_generated(t *testing.T) {
	families := 150
	if testing.Short() {
		families = 40
	}
	// The default corpus, and the modes that make one outlet's versions
	// of a text (near duplicates whose shared text is boilerplate) and
	// copies crediting copies in other words.
	for _, mode := range []string{generate.ModeDefault, generate.ModeVersions, generate.ModeIndependent} {
		t.Run("mode="+mode, func(t *testing.T) {
			dir := t.TempDir()
			cfg := generate.DefaultConfig()
			cfg.Families = families
			cfg.Seed = 7
			cfg.Mode = mode
			if _, err := generate.Write(cfg, dir); err != nil {
				t.Fatal(err)
			}
			want := compareJSON(t, dir)
			files := readInputs(t, dir)
			rng := rand.New(rand.NewPCG(3, 4))
			rng.Shuffle(len(files), func(i, j int) { files[i], files[j] = files[j], files[i] })
			e, st := openEngine(t, provenance.DefaultOptions())
			ingest(t, e, files, 1, 7, 50, 3)
			if got := storeJSON(t, st); got != want {
				t.Fatalf("store differs from compare:\n%s", firstDiff(got, want))
			}
		})
	}
}

// genCorpus writes a generated corpus and returns its folder and truth.
func genCorpus(t testing.TB, families int, seed uint64) (string, *generate.Truth) {
	t.Helper()
	dir := t.TempDir()
	cfg := generate.DefaultConfig()
	cfg.Families, cfg.Seed = families, seed
	truth, err := generate.Write(cfg, dir)
	if err != nil {
		t.Fatal(err)
	}
	return dir, truth
}

// TestEngine_lateOriginal feeds every family's copies before its
// original: families form among the copies, then re-root when their
// original arrives, and the end is compare's answer.
func TestEngine_lateOriginal(t *testing.T) {
	dir, truth := genCorpus(t, 60, 21)
	want := compareJSON(t, dir)
	files := readInputs(t, dir)
	original := map[string]bool{}
	for _, f := range truth.Families {
		original[f.Original] = true
	}
	slices.SortStableFunc(files, func(x, y []*document.Document) int {
		ox, oy := original[x[0].ID], original[y[0].ID]
		switch {
		case ox && !oy:
			return 1
		case oy && !ox:
			return -1
		}
		return 0
	})
	e, st := openEngine(t, provenance.DefaultOptions())
	outs := ingest(t, e, files, 1)
	rerooted := 0
	for _, o := range outs {
		rerooted += o.Rerooted
		for _, ev := range o.Events {
			if ev.Rerooted && (ev.PreviousOriginal == "" || ev.Original == ev.PreviousOriginal) {
				t.Errorf("re-rooting event %+v names no change of original", ev)
			}
		}
	}
	if rerooted < 10 {
		t.Errorf("%d families re-rooted, want at least 10 of 60 whose originals came last", rerooted)
	}
	if got := storeJSON(t, st); got != want {
		t.Fatalf("store differs from compare:\n%s", firstDiff(got, want))
	}
}

// failingStore is a store whose Apply fails on chosen calls.
type failingStore struct {
	provenance.Store
	calls int
	fail  func(call int) bool
}

var errDiskFull = errors.New("no space left on device")

func (s *failingStore) Apply(ctx context.Context, b *provenance.Batch) error {
	s.calls++
	if s.fail(s.calls) {
		return errDiskFull
	}
	return s.Store.Apply(ctx, b)
}

// TestEngine_storeFails makes the store refuse batches, as a full disk
// would: a refused batch leaves no trace, the engine is as before, and
// the batch tried again gives compare's answer.
func TestEngine_storeFails(t *testing.T) {
	dir, _ := genCorpus(t, 40, 31)
	want := compareJSON(t, dir)
	files := readInputs(t, dir)
	st, err := bolt.Open(filepath.Join(t.TempDir(), "store.db"), bolt.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	fs := &failingStore{Store: st, fail: func(call int) bool { return call%3 == 0 }}
	e, err := provenance.OpenEngine(t.Context(), fs, provenance.EngineOptions{Options: provenance.DefaultOptions()})
	if err != nil {
		t.Fatal(err)
	}
	failed := 0
	for i := 0; i < len(files); i += 5 {
		ups := updates(e, files[i:min(i+5, len(files))])
		for {
			before := e.Len()
			_, err := e.Ingest(t.Context(), ups)
			if err == nil {
				break
			}
			if !errors.Is(err, errDiskFull) {
				t.Fatalf("ingest: %v", err)
			}
			if e.Len() != before {
				t.Fatalf("a refused batch changed the engine: %d documents, was %d", e.Len(), before)
			}
			failed++
		}
	}
	if failed == 0 {
		t.Fatal("no batch was refused: the test tests nothing")
	}
	if got := storeJSON(t, st); got != want {
		t.Fatalf("store differs from compare:\n%s", firstDiff(got, want))
	}
}

// TestEngine_reopen stores half a corpus, opens a new engine on the same
// store (which rebuilds the index, boilerplate, derivations and families
// from it), stores the rest, and checks compare's answer.
func TestEngine_reopen(t *testing.T) {
	dir, _ := genCorpus(t, 80, 41)
	want := compareJSON(t, dir)
	files := readInputs(t, dir)
	rand.New(rand.NewPCG(8, 9)).Shuffle(len(files), func(i, j int) { files[i], files[j] = files[j], files[i] })
	path := filepath.Join(t.TempDir(), "store.db")
	st, err := bolt.Open(path, bolt.Options{})
	if err != nil {
		t.Fatal(err)
	}
	e, err := provenance.OpenEngine(t.Context(), st, provenance.EngineOptions{Options: provenance.DefaultOptions()})
	if err != nil {
		t.Fatal(err)
	}
	ingest(t, e, files[:len(files)/2], 10)
	st.Close()
	st, err = bolt.Open(path, bolt.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	e, err = provenance.OpenEngine(t.Context(), st, provenance.EngineOptions{Options: provenance.DefaultOptions()})
	if err != nil {
		t.Fatal(err)
	}
	ingest(t, e, files[len(files)/2:], 10)
	if got := storeJSON(t, st); got != want {
		t.Fatalf("store differs from compare:\n%s", firstDiff(got, want))
	}
	// Other settings are refused.
	opt := provenance.DefaultOptions()
	opt.Cluster.K = 4
	if _, err := provenance.OpenEngine(t.Context(), st, provenance.EngineOptions{Options: opt}); !errors.Is(err, provenance.ErrSettings) {
		t.Errorf("open with another shingle width: %v, want ErrSettings", err)
	}
}

// TestEngine_expire bounds the store: the oldest documents leave with
// their matches, families shrink or go, and what stays is what compare
// finds over the documents that stay.
func TestEngine_expire(t *testing.T) {
	dir, _ := genCorpus(t, 60, 51)
	files := readInputs(t, dir)
	rand.New(rand.NewPCG(10, 11)).Shuffle(len(files), func(i, j int) { files[i], files[j] = files[j], files[i] })
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	st, err := bolt.Open(filepath.Join(t.TempDir(), "store.db"), bolt.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	// Text the engine learnt to be common through documents that expire
	// stays common (see Engine.Expire), where compare over what stays no
	// longer finds it so: the rule is off here, and TestEngine_common
	// checks it.
	opt := provenance.DefaultOptions()
	opt.Cluster.CommonDocs = 0
	e, err := provenance.OpenEngine(t.Context(), st, provenance.EngineOptions{Options: opt,
		Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	third := len(files) / 3
	ingest(t, e, files[:third], 7)
	now = now.Add(48 * time.Hour)
	ingest(t, e, files[third:], 7)
	// By time: the first third.
	out, err := e.Expire(t.Context(), now.Add(-24*time.Hour), 0)
	if err != nil {
		t.Fatal(err)
	}
	if out.Removed != third {
		t.Errorf("expired %d documents by time, want %d", out.Removed, third)
	}
	// By count: keep the newest 100.
	if _, err := e.Expire(t.Context(), time.Time{}, 100); err != nil {
		t.Fatal(err)
	}
	if e.Len() != 100 {
		t.Errorf("%d documents after keeping 100", e.Len())
	}
	kept := t.TempDir()
	for _, docs := range files[len(files)-100:] {
		rel := docs[0].ID
		b, err := os.ReadFile(docs[0].Path)
		if err != nil {
			t.Fatal(err)
		}
		os.MkdirAll(filepath.Dir(filepath.Join(kept, rel)), 0o755)
		os.WriteFile(filepath.Join(kept, rel), b, 0o644)
	}
	res, err := provenance.CompareFiles([]string{kept}, opt)
	if err != nil {
		t.Fatal(err)
	}
	want := report.Build(res)
	got, err := report.FromStore(t.Context(), st)
	if err != nil {
		t.Fatal(err)
	}
	// Documents and families are compare's; matches may lack some that
	// share only text that was boilerplate of the documents expired (the
	// engine keeps what it learnt to be boilerplate).
	ids := func(o *report.Output) []string {
		var out []string
		for _, d := range o.Documents {
			out = append(out, d.ID)
		}
		return out
	}
	if !slices.Equal(ids(got), ids(want)) {
		t.Fatalf("documents after expiry %v, want %v", ids(got), ids(want))
	}
	if g, w := mustJSON(t, got.Families), mustJSON(t, want.Families); g != w {
		t.Fatalf("families after expiry differ from compare's over what stayed:\n%s", firstDiff(g, w))
	}
	stored := map[string]bool{}
	for _, id := range ids(got) {
		stored[id] = true
	}
	for _, m := range got.Matches {
		if !stored[m.A] || !stored[m.B] {
			t.Errorf("match of %s and %s outlives a document", m.A, m.B)
		}
	}
}

// TestEngine_pipelined stages each batch while the one before is being
// stored, as the daemon does, with a store that refuses some batches:
// the batches after a refused one are refused too, staged again in order,
// and the end is compare's answer.
func TestEngine_pipelined(t *testing.T) {
	dir, _ := genCorpus(t, 60, 61)
	want := compareJSON(t, dir)
	files := readInputs(t, dir)
	rand.New(rand.NewPCG(12, 13)).Shuffle(len(files), func(i, j int) { files[i], files[j] = files[j], files[i] })
	st, err := bolt.Open(filepath.Join(t.TempDir(), "store.db"), bolt.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	fs := &failingStore{Store: st, fail: func(call int) bool { return call%5 == 0 }}
	e, err := provenance.OpenEngine(t.Context(), fs, provenance.EngineOptions{Options: provenance.DefaultOptions()})
	if err != nil {
		t.Fatal(err)
	}
	var batches [][]provenance.FileUpdate
	for i := 0; i < len(files); i += 6 {
		ups := updates(e, files[i:min(i+6, len(files))])
		batches = append(batches, ups)
	}
	type result struct {
		i   int
		err error
	}
	// todo holds the batches to stage, in order; a batch refused goes
	// back at its head.
	var todo []int
	for i := range batches {
		todo = append(todo, i)
	}
	aborted, refused := 0, 0
	var pending chan result
	for len(todo) > 0 || pending != nil {
		var st *provenance.Staged
		i := -1
		if len(todo) > 0 {
			i = todo[0]
			var err error
			if st, err = e.Stage(t.Context(), batches[i]); err != nil {
				// Only a batch being stored that fails can fail the
				// stage (what it read of that batch is gone).
				if pending == nil {
					t.Fatalf("stage %d: %v", i, err)
				}
				r := <-pending
				pending = nil
				if r.err == nil {
					t.Fatalf("stage %d: %v", i, err)
				}
				refused++
				todo = append([]int{r.i}, todo...)
				continue
			}
			todo = todo[1:]
		}
		if pending != nil {
			r := <-pending
			pending = nil
			if r.err != nil {
				if !errors.Is(r.err, errDiskFull) {
					t.Fatalf("commit %d: %v", r.i, r.err)
				}
				refused++
				again := []int{r.i}
				// The batch staged meanwhile is refused if it was
				// computed on top of the refused one; if it was staged
				// after the failure was known, it stands.
				if st != nil {
					_, err := st.Commit()
					switch {
					case errors.Is(err, provenance.ErrAborted):
						aborted++
						again = append(again, i)
					case errors.Is(err, errDiskFull):
						refused++
						again = append(again, i)
					case err != nil:
						t.Fatalf("commit %d: %v", i, err)
					}
				}
				todo = append(again, todo...)
				continue
			}
		}
		if st != nil {
			ch := make(chan result, 1)
			go func() { _, err := st.Commit(); ch <- result{i, err} }()
			pending = ch
		}
	}
	if refused == 0 {
		t.Fatalf("no batch refused: the test tests nothing")
	}
	t.Logf("%d batches refused, %d aborted", refused, aborted)
	if got := storeJSON(t, st); got != want {
		t.Fatalf("store differs from compare:\n%s", firstDiff(got, want))
	}
}

// TestOptions_aliases runs two pipelines at once with different alias
// tables: where a table makes three source names one outlet, the
// paragraph its documents share is that outlet's boilerplate and makes no
// match; where it does not, the three share a passage. The engine follows
// its own table the same way.
func TestOptions_aliases(t *testing.T) {
	g := textgen.New(77)
	notice := g.Text(60)
	var docs []*document.Document
	for i, src := range []string{"Alpha Courier", "alphacourier.example", "The Alpha Courier Daily"} {
		d := doc(fmt.Sprintf("a%d.txt", i), g.Text(300)+"\n\n"+notice)
		d.Source = src
		docs = append(docs, d)
	}
	one := lineage.DefaultAliases().With([]string{"Alpha Courier", "alphacourier.example", "The Alpha Courier Daily"})
	run := func(a *lineage.Aliases) int {
		opt := provenance.DefaultOptions()
		opt.Aliases = a
		var cp []*document.Document
		for _, d := range docs {
			c := *d
			cp = append(cp, &c)
		}
		res, err := provenance.Compare(cp, opt)
		if err != nil {
			t.Error(err)
			return -1
		}
		return len(res.Matches)
	}
	var grouped, apart int
	var wg sync.WaitGroup
	wg.Go(func() { grouped = run(one) })
	wg.Go(func() { apart = run(lineage.DefaultAliases()) })
	wg.Wait()
	if grouped != 0 || apart != 3 {
		t.Errorf("matches: %d with the names one outlet, %d apart; want 0 and 3", grouped, apart)
	}
	for _, c := range []struct {
		a    *lineage.Aliases
		want int
	}{{one, 0}, {lineage.DefaultAliases(), 3}} {
		opt := provenance.DefaultOptions()
		opt.Aliases = c.a
		e, st := openEngine(t, opt)
		for _, d := range docs {
			c := *d
			ingest(t, e, [][]*document.Document{{&c}}, 1)
		}
		out, err := report.FromStore(t.Context(), st)
		if err != nil {
			t.Fatal(err)
		}
		if len(out.Matches) != c.want {
			t.Errorf("engine: %d matches, want %d", len(out.Matches), c.want)
		}
	}
}

// TestEngine_copiesCounted checks a copy counts once, when it gets its
// parent, whichever of the two arrives first.
func TestEngine_copiesCounted(t *testing.T) {
	files := readInputs(t, "testdata/seeds")
	byName := map[string][]*document.Document{}
	for _, f := range files {
		byName[f[0].ID[:3]] = f
	}
	for _, order := range [][]string{{"003", "001"}, {"001", "003"}} {
		e, _ := openEngine(t, provenance.DefaultOptions())
		copies, attributed := 0, 0
		for _, n := range order {
			for _, o := range ingest(t, e, [][]*document.Document{byName[n]}, 1) {
				copies += o.Copies
				attributed += o.Attributed
			}
		}
		if copies != 1 || attributed != 1 {
			t.Errorf("order %v: %d copies, %d attributed; want 1 and 1", order, copies, attributed)
		}
	}
}

// starCorpus returns an original, dated, and n copies of it dated after
// it, each with a few words changed, plus unrelated documents.
func starCorpus(seed uint64, n int) []*document.Document {
	g := textgen.New(seed)
	orig := g.Text(400)
	base := time.Date(2025, 7, 3, 9, 0, 0, 0, time.UTC)
	docs := []*document.Document{doc("orig.txt", orig)}
	docs[0].Published = base
	for i := range n {
		d := doc(fmt.Sprintf("copy%05d.txt", i), editWords(g, orig, 97))
		d.Published = base.Add(time.Duration(1+g.Intn(1000)) * time.Minute)
		docs = append(docs, d)
	}
	for i := range 10 {
		docs = append(docs, doc(fmt.Sprintf("other%02d.txt", i), g.Text(300)))
	}
	return docs
}

func cloneDocs(docs []*document.Document) []*document.Document {
	out := make([]*document.Document, len(docs))
	for i, d := range docs {
		c := *d
		out[i] = &c
	}
	return out
}

// TestEngine_caps: a star of 40 copies with fingerprints held by more
// documents than MaxKeyDocs, in both channels. The engine reports the
// caps compare reports, with the same counts, after feeding documents one
// at a time and after reopening its store; with no cap reached it reports
// none.
func TestEngine_caps(t *testing.T) {
	docs := starCorpus(5, 40)
	opt := provenance.DefaultOptions()
	opt.Cluster.MaxKeyDocs = 8
	opt.Fuzzy = true
	opt.FuzzyConfig.MaxKeyDocs = 8
	res, err := provenance.Compare(cloneDocs(docs), opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Capped) != 2 || res.Capped[0].Count == 0 || res.Capped[1].Count == 0 {
		t.Fatalf("compare's caps %+v: want the exact and the fuzzy channel's", res.Capped)
	}
	for _, c := range res.Capped {
		if !slices.Contains(metrics.CapSettings, c.Name) {
			t.Errorf("cap %s is not among provenance_capped's settings %v", c.Name, metrics.CapSettings)
		}
	}
	var files [][]*document.Document
	for _, d := range cloneDocs(docs) {
		files = append(files, []*document.Document{d})
	}
	dir := t.TempDir()
	st, err := bolt.Open(filepath.Join(dir, "store.db"), bolt.Options{})
	if err != nil {
		t.Fatal(err)
	}
	e, err := provenance.OpenEngine(t.Context(), st, provenance.EngineOptions{Options: opt})
	if err != nil {
		t.Fatal(err)
	}
	ingest(t, e, files, 1, 3)
	if got := e.Stats().Capped; !slices.Equal(got, res.Capped) {
		t.Errorf("engine's caps %+v, want compare's %+v", got, res.Capped)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	st, err = bolt.Open(filepath.Join(dir, "store.db"), bolt.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	e, err = provenance.OpenEngine(t.Context(), st, provenance.EngineOptions{Options: opt})
	if err != nil {
		t.Fatal(err)
	}
	if got := e.Stats().Capped; !slices.Equal(got, res.Capped) {
		t.Errorf("reopened engine's caps %+v, want compare's %+v", got, res.Capped)
	}
	// The defaults' limits are far from 41 documents.
	e2, _ := openEngine(t, provenance.DefaultOptions())
	ingest(t, e2, files[:5], 5)
	if got := e2.Stats().Capped; len(got) != 0 {
		t.Errorf("caps %+v with no limit reached", got)
	}
}

// TestCompare_popular gives a star of 40 copies with fingerprints held by
// more documents than MaxKeyDocs: with anchors, one family rooted at the
// original; without (the cap as it was), no such family. The engine, fed
// in any order, finds the same family and original (its first documents
// pair with each other before the fingerprints pass MaxKeyDocs, so it has
// more matches: still far fewer than all pairs).
func TestCompare_popular(t *testing.T) {
	docs := starCorpus(5, 40)
	opt := provenance.DefaultOptions()
	opt.Cluster.MaxKeyDocs = 8
	res, err := provenance.Compare(cloneDocs(docs), opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Families) != 1 || len(res.Families[0].Members) != 41 || res.Docs[res.Families[0].Original].ID != "orig.txt" {
		t.Fatalf("with anchors: %d families (%+v), want one of 41 rooted at orig.txt", len(res.Families), res.Families)
	}
	// Pairs grow with the copies: each with a few anchors, not with all.
	if bound := 41 * (opt.Cluster.PopularAnchors + 1); len(res.Matches) > bound {
		t.Errorf("%d matches for a star of 41: anchors should bound them by %d (all pairs: 820)", len(res.Matches), bound)
	}
	off := opt
	off.Cluster.PopularAnchors = 0
	res0, err := provenance.Compare(cloneDocs(docs), off)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res0.Families {
		if len(f.Members) > 10 {
			t.Fatalf("without anchors a family of %d: the capped fingerprints should make none this big", len(f.Members))
		}
	}
	for round, order := range []string{"date", "shuffled"} {
		fed := cloneDocs(docs)
		if order == "date" {
			slices.SortStableFunc(fed, func(x, y *document.Document) int { return x.Published.Compare(y.Published) })
		} else {
			rand.New(rand.NewPCG(uint64(round), 9)).Shuffle(len(fed), func(i, j int) { fed[i], fed[j] = fed[j], fed[i] })
		}
		e, st := openEngine(t, opt)
		var files [][]*document.Document
		for _, d := range fed {
			files = append(files, []*document.Document{d})
		}
		ingest(t, e, files, 1, 5)
		out, err := report.FromStore(t.Context(), st)
		if err != nil {
			t.Fatal(err)
		}
		if len(out.Families) != 1 || len(out.Families[0].Members) != 41 || out.Families[0].Original != "orig.txt" {
			t.Errorf("engine, %s order: families %d, want one of 41 rooted at orig.txt", order, len(out.Families))
		}
		// A document that arrives ranked among the anchors pairs with
		// every holder: about PopularAnchors·ln(n) times in a random
		// order, and each pair once.
		if bound := 41 * 40 / 4; len(out.Matches) > bound {
			t.Errorf("engine, %s order: %d matches, want at most %d", order, len(out.Matches), bound)
		}
	}
}

// BenchmarkCompare_bigFamily runs compare on a wire story carried by many
// outlets: an original and n copies of it, a few words changed in each
// (n = 300 and 10,000; 300 with -short). The goal: 300 in under a
// second, 10,000 in under ten, memory linear in the family.
func BenchmarkCompare_bigFamily(b *testing.B) {
	sizes := []int{300, 10000}
	if testing.Short() {
		sizes = sizes[:1]
	}
	for _, n := range sizes {
		docs := starCorpus(7, n)
		b.Run(fmt.Sprintf("copies=%d", n), func(b *testing.B) {
			var fams, members int
			for b.Loop() {
				res, err := provenance.Compare(cloneDocs(docs), provenance.DefaultOptions())
				if err != nil {
					b.Fatal(err)
				}
				fams, members = len(res.Families), 0
				for _, f := range res.Families {
					members = max(members, len(f.Members))
				}
			}
			if members != n+1 {
				b.Fatalf("%d families, the largest of %d members; want one of %d", fams, members, n+1)
			}
		})
	}
}

// TestCompare_identicalCopies: 1,200 identical copies of one text, more
// than MaxKeyDocs, make one family (they used to vanish: no match, no
// family, no warning).
func TestCompare_identicalCopies(t *testing.T) {
	if testing.Short() {
		t.Skip("1,200 documents: not with -short")
	}
	text := textgen.New(11).Text(300)
	var docs []*document.Document
	for i := range 1200 {
		docs = append(docs, doc(fmt.Sprintf("c%04d.txt", i), text))
	}
	res, err := provenance.Compare(docs, provenance.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Families) != 1 || len(res.Families[0].Members) != 1200 {
		t.Fatalf("%d families (the largest %v); want one of 1,200", len(res.Families), res.Families)
	}
}

// BenchmarkEngine_bigFamily feeds a wire story and n copies of it to an
// engine on the embedded store, in batches of 512 as the daemon stores
// them (n = 1,000 and 10,000; 300 with -short): the family is inferred
// again at every batch, and a batch stores up to half a million matches.
func BenchmarkEngine_bigFamily(b *testing.B) {
	sizes := []int{1000, 10000}
	if testing.Short() {
		sizes = []int{300}
	}
	for _, n := range sizes {
		docs := starCorpus(7, n)
		b.Run(fmt.Sprintf("copies=%d", n), func(b *testing.B) {
			for b.Loop() {
				e, _ := openEngine(b, provenance.DefaultOptions())
				var files [][]*document.Document
				for _, d := range cloneDocs(docs) {
					files = append(files, []*document.Document{d})
				}
				ingest(b, e, files, 512)
				if e.Families() != 1 {
					b.Fatalf("%d families, want 1", e.Families())
				}
			}
		})
	}
}
