package lineage_test

import (
	"path/filepath"
	"reflect"
	"sync"
	"testing"

	"github.com/provenance-dev/provenance"
	"github.com/provenance-dev/provenance/cluster"
	"github.com/provenance-dev/provenance/generate"
	"github.com/provenance-dev/provenance/lineage"
)

// family is the input of one call of Infer.
type family struct {
	members []int
	pairs   []lineage.Pair
}

// familyCase is a corpus run through the pipeline up to lineage, and
// what the pipeline inferred.
type familyCase struct {
	docs     []lineage.Doc // with Text
	families []family
	want     []lineage.Family
}

// buildFamilies runs the pipeline on paths and builds the input of Infer
// for each family as provenance does.
func buildFamilies(tb testing.TB, paths ...string) *familyCase {
	tb.Helper()
	opt := provenance.DefaultOptions()
	res, err := provenance.CompareFiles(paths, opt)
	if err != nil {
		tb.Fatalf("CompareFiles(%q): %v", paths, err)
	}
	c := &familyCase{want: res.Families}
	for i, d := range res.Docs {
		c.docs = append(c.docs, lineage.Doc{ID: d.ID, Source: d.Source, Published: d.Published, PublishedDay: d.PublishedDay,
			Words: res.Words[i], Text: d.Text})
	}
	groups := cluster.Families(len(res.Docs), res.Matches, opt.Cluster)
	famOf := map[int32]int{}
	for f, g := range groups {
		c.families = append(c.families, family{})
		for _, m := range g {
			famOf[m] = f
			c.families[f].members = append(c.families[f].members, int(m))
		}
	}
	for _, m := range res.Matches {
		if !m.Derived(opt.Cluster) {
			continue
		}
		f := &c.families[famOf[m.A]]
		f.pairs = append(f.pairs, lineage.Pair{A: int(m.A), B: int(m.B), Jaccard: m.Jaccard,
			CoverageA: m.CoverageA, CoverageB: m.CoverageB, ContainmentA: m.ContainmentA, ContainmentB: m.ContainmentB})
	}
	return c
}

// familyCases are the seeds, a generated corpus, and the folder given
// with -corpus.
var familyCases = sync.OnceValue(func() map[string]func(testing.TB) *familyCase {
	cases := map[string]func(testing.TB) *familyCase{
		"seeds": func(tb testing.TB) *familyCase { return buildFamilies(tb, "../testdata/seeds") },
		"generated": func(tb testing.TB) *familyCase {
			dir := filepath.Join(tb.TempDir(), "corpus")
			if _, err := generate.Write(generate.DefaultConfig(), dir); err != nil {
				tb.Fatal(err)
			}
			return buildFamilies(tb, dir)
		},
	}
	if *corpusDir != "" {
		cases["dir"] = func(tb testing.TB) *familyCase { return buildFamilies(tb, *corpusDir) }
	}
	return cases
})

// TestInfer_pipeline: the families built here are those the pipeline
// builds, so the tests below check what it would get.
func TestInfer_pipeline(t *testing.T) {
	for name, build := range familyCases() {
		t.Run(name, func(t *testing.T) {
			c := build(t)
			if len(c.families) == 0 {
				t.Fatal("no families")
			}
			var got []lineage.Family
			for _, f := range c.families {
				got = append(got, lineage.Infer(c.docs, f.members, f.pairs))
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("Infer on the families built here differs from the pipeline's families")
			}
		})
	}
}

// withEvidence returns docs without their texts: each has its Evidence
// (when scan is set) and a Load that counts its calls in loads.
func withEvidence(docs []lineage.Doc, scan bool, loads []int) []lineage.Doc {
	out := make([]lineage.Doc, len(docs))
	for i, d := range docs {
		text := d.Text
		d.Text = nil
		if scan {
			e := lineage.Scan(text)
			d.Evidence = &e
		}
		d.Load = func() []byte {
			loads[i]++
			return text
		}
		out[i] = d
	}
	return out
}

// TestInfer_evidence: Infer gives the same families from texts, from
// evidence with texts loaded on demand, and from loaded texts alone; with
// evidence it loads at most the texts of members with no source, each
// once, and none for a family whose members all have one.
func TestInfer_evidence(t *testing.T) {
	for name, build := range familyCases() {
		t.Run(name, func(t *testing.T) {
			c := build(t)
			loads := make([]int, len(c.docs))
			evDocs := withEvidence(c.docs, true, loads)
			loadDocs := withEvidence(c.docs, false, make([]int, len(c.docs)))
			loaded, sourced, texts, members := 0, 0, 0, 0
			for _, f := range c.families {
				want := lineage.Infer(c.docs, f.members, f.pairs)
				clear(loads)
				got := lineage.Infer(evDocs, f.members, f.pairs)
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("family of %s: Infer with evidence = %+v, want %+v", c.docs[f.members[0]].ID, got, want)
				}
				if got := lineage.Infer(loadDocs, f.members, f.pairs); !reflect.DeepEqual(got, want) {
					t.Fatalf("family of %s: Infer with Load only = %+v, want %+v", c.docs[f.members[0]].ID, got, want)
				}
				allSourced, n := true, 0
				for _, m := range f.members {
					allSourced = allSourced && c.docs[m].Source != ""
					n += loads[m]
					if loads[m] > 1 || loads[m] == 1 && c.docs[m].Source != "" {
						t.Errorf("family of %s: %s (source %q) loaded %d times", c.docs[f.members[0]].ID, c.docs[m].ID, c.docs[m].Source, loads[m])
					}
				}
				if allSourced {
					sourced++
					if n > 0 {
						t.Errorf("family of %s: all members have sources, but %d texts were loaded", c.docs[f.members[0]].ID, n)
					}
				}
				if n > 0 {
					loaded++
				}
				texts += n
				members += len(f.members)
			}
			t.Logf("%d families: %d with sources for all members; %d loaded %d texts of %d members",
				len(c.families), sourced, loaded, texts, members)
		})
	}
}

// BenchmarkInfer infers the families of the generated corpus (and of
// -corpus): from texts, as the pipeline does when it keeps them; from
// evidence, loading texts when needed; and the scan of the members'
// texts, the part of the first that moves to reading with Scan.
func BenchmarkInfer(b *testing.B) {
	for _, name := range []string{"generated", "dir"} {
		build, ok := familyCases()[name]
		if !ok {
			continue
		}
		c := build(b)
		ev := withEvidence(c.docs, true, make([]int, len(c.docs)))
		for _, mode := range []struct {
			name string
			docs []lineage.Doc
		}{{"text", c.docs}, {"evidence", ev}} {
			b.Run(name+"/"+mode.name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					for _, f := range c.families {
						lineage.Infer(mode.docs, f.members, f.pairs)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(c.families)), "ns/family")
			})
		}
		b.Run(name+"/scan", func(b *testing.B) {
			for b.Loop() {
				for _, f := range c.families {
					for _, m := range f.members {
						lineage.Scan(c.docs[m].Text)
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(c.families)), "ns/family")
		})
	}
}
