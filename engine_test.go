package provenance_test

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/provenance-dev/provenance"
	"github.com/provenance-dev/provenance/document"
	"github.com/provenance-dev/provenance/generate"
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

// ingest stores files through e, in batches of the given sizes (cycled).
func ingest(t testing.TB, e *provenance.Engine, files [][]*document.Document, sizes ...int) []*provenance.Outcome {
	t.Helper()
	var outs []*provenance.Outcome
	for i, k := 0, 0; i < len(files); k++ {
		n := min(sizes[k%len(sizes)], len(files)-i)
		var ups []provenance.FileUpdate
		for _, docs := range files[i : i+n] {
			rec := &provenance.FileRecord{Path: docs[0].Path}
			u := provenance.FileUpdate{File: rec}
			for _, d := range docs {
				p := e.Prepare(d)
				u.Docs = append(u.Docs, p)
				rec.Items = append(rec.Items, provenance.FileItem{ID: d.ID, Sum: p.Sum})
			}
			ups = append(ups, u)
		}
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
	res, err := provenance.CompareFiles([]string{dir}, provenance.DefaultOptions())
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

// TestEngine_generated checks the engine against compare on a generated
// corpus, its files fed in random order and batches of several sizes.
func TestEngine_generated(t *testing.T) {
	families := 150
	if testing.Short() {
		families = 40
	}
	dir := t.TempDir()
	cfg := generate.DefaultConfig()
	cfg.Families = families
	cfg.Seed = 7
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
}
