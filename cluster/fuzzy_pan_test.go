//go:build paneval

package cluster_test

// The fuzzy channel measured on the PAN 2013 text alignment corpus copy in
// ../shared/eval/pan13 (not part of this repository, never copied into
// it); runs only with -tags paneval:
//
//	go test -tags paneval -run TestFuzzyPAN13 -v ./cluster/
//
// For experiments, FUZZY_M, FUZZY_RATE and FUZZY_DENSITY override
// MinSharedKeys, KeyRate and MinSeedDensity (the floors assume defaults).

import (
	"cmp"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"github.com/provenance-dev/provenance"
	"github.com/provenance-dev/provenance/cluster"
	"github.com/provenance-dev/provenance/document"
	"github.com/provenance-dev/provenance/eval"
	"github.com/provenance-dev/provenance/shingle"
)

const pan13 = "../../shared/eval/pan13"

type panDoc struct {
	text  []byte
	toks  *shingle.Tokens
	fuzzy *cluster.FuzzyDoc
	keys  []uint64
}

// TestFuzzyPAN13 runs FuzzyKeys and FuzzyVerify on every pair of the PAN
// corpus, by obfuscation type: candidate recall (the pair shares at least
// MinSharedKeys keys), verification, detection (both), the false rate on
// no-plagiarism pairs, candidate load over the whole corpus, and PAN
// measures for the no-obfuscation pairs, fuzzy alone and as a fallback
// after the exact channel. Floors are the measured figures less a margin.
func TestFuzzyPAN13(t *testing.T) {
	corpus, err := eval.LoadPAN(pan13)
	if err != nil {
		t.Fatal(err)
	}
	fcfg := cluster.DefaultFuzzyConfig()
	if m, err := strconv.Atoi(os.Getenv("FUZZY_M")); err == nil {
		fcfg.MinSharedKeys = m
	}
	if r, err := strconv.ParseFloat(os.Getenv("FUZZY_DENSITY"), 64); err == nil {
		fcfg.MinSeedDensity = r
	}
	if r, err := strconv.ParseFloat(os.Getenv("FUZZY_RATE"), 64); err == nil {
		fcfg.KeyRate = r
	}
	ccfg := cluster.DefaultConfig()
	tk := shingle.NewTokenizer(1)
	var docs []*panDoc
	var res provenance.Result
	index := map[string]int32{}
	words, nkeys := 0, 0
	// Suspicious documents first, so that a pair's suspicious document has
	// the lower number, as ScorePAN expects of match.A.
	for _, sub := range []string{"susp", "src"} {
		ents, err := os.ReadDir(filepath.Join(pan13, sub))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range ents {
			text, err := os.ReadFile(filepath.Join(pan13, sub, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			d := &panDoc{text: text, toks: tk.Tokenize(nil, text)}
			d.fuzzy = cluster.NewFuzzyDoc(text, d.toks)
			d.keys = d.fuzzy.Keys(fcfg)
			slices.Sort(d.keys) // for CountCommon, which merges sorted lists
			words += d.toks.Len()
			nkeys += len(d.keys)
			index[e.Name()] = int32(len(docs))
			docs = append(docs, d)
			res.Docs = append(res.Docs, &document.Document{ID: e.Name(), Text: text})
		}
	}
	t.Logf("%d documents, %d words, %.3f fuzzy keys per word", len(docs), words, float64(nkeys)/float64(words))
	if kpw := float64(nkeys) / float64(words); kpw > 0.2 {
		t.Errorf("%.3f keys per word, want <= 0.2", kpw)
	}

	type floor struct{ recall, detected float64 }
	floors := map[string]floor{
		"no-obfuscation":          {0.99, 0.98},
		"random-obfuscation":      {0.95, 0.90},
		"translation-obfuscation": {0.96, 0.95},
		"summary-obfuscation":     {0.68, 0.14},
	}
	fallback := res // exact channel first, fuzzy for the pairs it misses
	fallback.Matches = nil
	for _, ty := range corpus.Types {
		cand, verified, detected, n := 0, 0, 0, 0
		for _, pr := range ty.Pairs {
			ia, ok1 := index[pr[0]]
			ib, ok2 := index[pr[1]]
			if !ok1 || !ok2 {
				continue
			}
			n++
			a, b := docs[ia], docs[ib]
			isCand := cluster.CountCommon(a.keys, b.keys) >= fcfg.MinSharedKeys
			fm, ok := cluster.FuzzyVerify(ia, ib, a.fuzzy, b.fuzzy, fcfg)
			if isCand {
				cand++
			}
			if ok {
				verified++
			}
			if !isCand || !ok {
				fm.Passages = nil
			} else {
				detected++
				res.Matches = append(res.Matches, asMatch(fm))
			}
			if ty.Name == "no-obfuscation" {
				ea, err1 := cluster.NewDoc(a.text, a.toks, ccfg)
				eb, err2 := cluster.NewDoc(b.text, b.toks, ccfg)
				if err1 == nil && err2 == nil {
					if m, ok := cluster.Verify(ia, ib, ea, eb, ccfg, nil, nil); ok {
						fallback.Matches = append(fallback.Matches, m)
						continue
					}
				}
				if len(fm.Passages) > 0 {
					fallback.Matches = append(fallback.Matches, asMatch(fm))
				}
			}
		}
		rate := func(k int) float64 { return float64(k) / float64(max(n, 1)) }
		t.Logf("%-24s pairs %4d  candidates %.3f  verified %.3f  detected %.3f", ty.Name, n, rate(cand), rate(verified), rate(detected))
		if ty.Name == eval.NoPlagiarism {
			if rate(detected) > 0.01 {
				t.Errorf("no-plagiarism: %.3f wrongly detected, want <= 0.01", rate(detected))
			}
			continue
		}
		if f, ok := floors[ty.Name]; ok {
			if rate(cand) < f.recall {
				t.Errorf("%s: candidate recall %.3f, want >= %.2f", ty.Name, rate(cand), f.recall)
			}
			if rate(detected) < f.detected {
				t.Errorf("%s: detected %.3f, want >= %.2f", ty.Name, rate(detected), f.detected)
			}
		}
	}
	slices.SortFunc(res.Matches, func(x, y cluster.Match) int {
		return cmp.Or(cmp.Compare(x.A, y.A), cmp.Compare(x.B, y.B))
	})
	for name, r := range map[string]*provenance.Result{"fuzzy alone": &res, "exact, then fuzzy": &fallback} {
		for _, s := range eval.ScorePAN(corpus, r) {
			if s.Type != "no-obfuscation" || s.Plagdet == nil {
				continue
			}
			t.Logf("no-obfuscation, %s: precision %.4f recall %.4f granularity %.4f plagdet %.4f",
				name, *s.MacroPrecision, *s.MacroRecall, *s.Granularity, *s.Plagdet)
			if name == "exact, then fuzzy" && *s.Plagdet < 0.95 {
				t.Errorf("no-obfuscation, %s: plagdet %.4f, want >= 0.95", name, *s.Plagdet)
			}
		}
	}

	// Candidate load: how many other documents each document shares at
	// least MinSharedKeys keys with; then again with keys held by more
	// than 30 documents (1 %) dropped, as an index would drop them.
	inv := map[uint64][]int32{}
	for i, d := range docs {
		for _, k := range d.keys {
			inv[k] = append(inv[k], int32(i))
		}
	}
	mean, p99 := candidateLoad(docs, inv, fcfg.MinSharedKeys)
	t.Logf("candidate load: mean %.1f, p99 %d other documents of %d", mean, p99, len(docs))
	for k, ds := range inv {
		if len(ds) > 30 {
			delete(inv, k)
		}
	}
	mean, p99 = candidateLoad(docs, inv, fcfg.MinSharedKeys)
	t.Logf("candidate load without keys of more than 30 documents: mean %.1f, p99 %d", mean, p99)
	for _, ty := range corpus.Types {
		cand, n := 0, 0
		for _, pr := range ty.Pairs {
			ia, ok1 := index[pr[0]]
			ib, ok2 := index[pr[1]]
			if !ok1 || !ok2 {
				continue
			}
			n++
			shared := 0
			for _, k := range docs[ia].keys {
				if slices.Contains(inv[k], ib) {
					shared++
				}
			}
			if shared >= fcfg.MinSharedKeys {
				cand++
			}
		}
		t.Logf("  %-24s candidate recall %.3f", ty.Name, float64(cand)/float64(max(n, 1)))
	}
}

// candidateLoad returns the mean and 99th percentile of the number of
// other documents each document shares at least m keys of inv with.
func candidateLoad(docs []*panDoc, inv map[uint64][]int32, m int) (float64, int) {
	loads := make([]int, len(docs))
	count := make([]int32, len(docs))
	var touched []int32
	total := 0
	for i, d := range docs {
		touched = touched[:0]
		for _, k := range d.keys {
			for _, o := range inv[k] {
				if o == int32(i) {
					continue
				}
				if count[o] == 0 {
					touched = append(touched, o)
				}
				count[o]++
			}
		}
		for _, o := range touched {
			if int(count[o]) >= m {
				loads[i]++
			}
			count[o] = 0
		}
		total += loads[i]
	}
	slices.Sort(loads)
	return float64(total) / float64(len(docs)), loads[len(loads)*99/100]
}

func asMatch(fm cluster.FuzzyMatch) cluster.Match {
	m := cluster.Match{A: fm.A, B: fm.B, CoverageA: fm.CoverageA, CoverageB: fm.CoverageB, SharedWords: fm.SharedWords}
	for _, p := range fm.Passages {
		m.Passages = append(m.Passages, cluster.Passage{AStart: p.AStart, AEnd: p.AEnd, BStart: p.BStart, BEnd: p.BEnd, ATok: p.ATok, BTok: p.BTok, Words: p.Words})
	}
	return m
}
