package eval

import (
	"bufio"
	"cmp"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/provenance-dev/provenance/report"
)

// Counter is a corpus in the layout of COUNTER (COrpus of Urdu News TExt
// Reuse; Sharjeel, Nawab and Rayson, Language Resources and Evaluation
// 51, 2017) as flattened for provenance: the stories in texts/ (one file
// each, with NAME.meta.json sidecars giving outlet and date), and
// pairs.tsv, whose lines are tab-separated derived, source, label,
// derived_outlet, source_outlet, derived_date, source_date, domain, under
// a header line. Each pair is a news-agency story (the source, the
// original) and a newspaper story on the same event that journalists
// labelled wholly, partially or non derived from it.
type Counter struct {
	Dir   string
	Pairs []CounterPair
}

// CounterPair is one labelled pair of pairs.tsv. Documents are named as
// compare names the files of texts/: by file name.
type CounterPair struct {
	Derived, Source             string
	Label                       string // Wholly, Partially or NonDerived
	DerivedOutlet, SourceOutlet string
	DerivedDate, SourceDate     string
	Domain                      string
}

// The labels of COUNTER's pairs.
const (
	Wholly     = "wholly"
	Partially  = "partially"
	NonDerived = "non"
)

// The project's targets on COUNTER (see [CounterScore]).
const (
	TargetWhollyInOneFamily = 0.85
	TargetAgencyUpstream    = 0.95
	TargetNonJoined         = 0.05 // at most
	TargetPairPrecision     = 0.85
)

// LoadCounter reads dir/pairs.tsv. Labels other than wholly, partially
// and non, lines with fewer than three fields, and a pair listed twice
// with two labels are errors.
func LoadCounter(dir string) (*Counter, error) {
	path := filepath.Join(dir, "pairs.tsv")
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("load counter: %w", err)
	}
	defer f.Close()
	c := &Counter{Dir: dir}
	seen := map[pair]string{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || (n == 1 && strings.HasPrefix(line, "derived\t")) {
			continue
		}
		fields := strings.Split(line, "\t")
		if len(fields) < 3 {
			return nil, fmt.Errorf("load counter: %s:%d: want derived, source and label, tab-separated", path, n)
		}
		fields = append(fields, make([]string, max(0, 8-len(fields)))...)
		p := CounterPair{
			Derived: fields[0], Source: fields[1], Label: fields[2],
			DerivedOutlet: fields[3], SourceOutlet: fields[4],
			DerivedDate: fields[5], SourceDate: fields[6], Domain: fields[7],
		}
		switch p.Label {
		case Wholly, Partially, NonDerived:
		default:
			return nil, fmt.Errorf("load counter: %s:%d: label %q: want wholly, partially or non", path, n, p.Label)
		}
		k := mkPair(p.Derived, p.Source)
		if prev, ok := seen[k]; ok {
			if prev != p.Label {
				return nil, fmt.Errorf("load counter: %s:%d: %s and %s are labelled both %s and %s", path, n, p.Derived, p.Source, prev, p.Label)
			}
			continue
		}
		seen[k] = p.Label
		c.Pairs = append(c.Pairs, p)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("load counter: %s: %w", path, err)
	}
	if len(c.Pairs) == 0 {
		return nil, fmt.Errorf("load counter: %s: no pairs", path)
	}
	return c, nil
}

// Texts is the folder of the corpus's stories, the one to compare.
func (c *Counter) Texts() string { return filepath.Join(c.Dir, "texts") }

// CounterLabel is the outcome for the pairs of one label.
type CounterLabel struct {
	Label string `json:"label"`
	// Pairs counts the label's pairs whose two documents were read;
	// Missing those of which one or both were not.
	Pairs   int `json:"pairs"`
	Missing int `json:"missing,omitempty"`
	// InOneFamily counts the pairs whose two documents are in one found
	// family; InOneFamilyShare is InOneFamily / Pairs.
	InOneFamily      int     `json:"in_one_family"`
	InOneFamilyShare float64 `json:"in_one_family_share"`
	// AgencyUpstream counts, of those, the pairs whose source (the
	// agency story) is an ancestor of the derived story in the found
	// lineage tree; AgencyUpstreamShare is AgencyUpstream / InOneFamily.
	AgencyUpstream      int     `json:"agency_upstream"`
	AgencyUpstreamShare float64 `json:"agency_upstream_share"`
}

// CounterScore is the outcome of scoring found families against
// COUNTER's labelled pairs. Ratios with an empty denominator are 1, as in
// [Score]; NonJoined, an error rate, is 0 then.
type CounterScore struct {
	// Labels are the figures for wholly, partially and non derived
	// pairs, in that order.
	Labels []CounterLabel `json:"labels"`
	// WhollyInOneFamily is the share of wholly derived pairs found in
	// one family; AgencyUpstream the share of those whose agency story is
	// upstream of the derived one; PartiallyInOneFamily the share of
	// partially derived pairs found in one family; NonJoined the share of
	// non derived pairs found in one family (wrongly).
	WhollyInOneFamily    float64 `json:"wholly_in_one_family"`
	AgencyUpstream       float64 `json:"agency_upstream"`
	PartiallyInOneFamily float64 `json:"partially_in_one_family"`
	NonJoined            float64 `json:"non_joined"`
	// Pair precision is judged on the found pairs (unordered pairs of
	// documents in one found family) that are labelled pairs: the two
	// documents are the derived and the source story of a line of
	// pairs.tsv. PairsJudged counts them, PairsDerived those labelled
	// wholly or partially, and PairPrecision is PairsDerived /
	// PairsJudged. FoundPairs counts all found pairs; those that are not
	// labelled pairs (two newspaper stories of one agency story, say)
	// are not judged: the corpus says nothing of them.
	FoundPairs    int     `json:"found_pairs"`
	PairsJudged   int     `json:"pairs_judged"`
	PairsDerived  int     `json:"pairs_derived"`
	PairPrecision float64 `json:"pair_precision"`
	// FamilyPairPrecision judges every found pair whose two documents are
	// named in pairs.tsv (FamilyPairsJudged) against the families the
	// labels imply: the groups of documents joined by wholly or partially
	// derived pairs (an agency story and the stories derived from it).
	// FamilyPairsRight counts the found pairs within one such group:
	// labelled derived pairs, and also two stories derived from one agency
	// story; a found pair of two agency stories, or of stories of two
	// groups, is wrong. It is the pair precision of [Score] with those
	// groups as the true families.
	FamilyPairsJudged   int     `json:"family_pairs_judged"`
	FamilyPairsRight    int     `json:"family_pairs_right"`
	FamilyPairPrecision float64 `json:"family_pair_precision"`
	// Errors are the derived pairs not found in one family
	// ("missed_wholly", "missed_partially"), those found with the agency
	// story not upstream ("agency_downstream"), and the non derived pairs
	// joined ("joined_non"); A is the derived story, B the agency's.
	Errors []Error `json:"errors"`
}

// ScoreCounter scores the families of out (a run over c's texts/)
// against c's labelled pairs.
func ScoreCounter(c *Counter, out *report.Output) *CounterScore {
	read := map[string]bool{}
	for _, d := range out.Documents {
		read[d.ID] = true
	}
	var tr trees
	for i, f := range out.Families {
		tr.add(i, f.Members, func(yield func(from, to string)) {
			for _, e := range f.Edges {
				yield(e.From, e.To)
			}
		})
	}
	famOf, parent, upstream := tr.family, tr.parent, tr.ancestor
	oneFamily := func(a, b string) bool {
		fa, okA := famOf[a]
		fb, okB := famOf[b]
		return okA && okB && fa == fb
	}

	s := &CounterScore{}
	labels := map[string]*CounterLabel{}
	for _, l := range []string{Wholly, Partially, NonDerived} {
		s.Labels = append(s.Labels, CounterLabel{Label: l})
	}
	for i := range s.Labels {
		labels[s.Labels[i].Label] = &s.Labels[i]
	}
	labelOf := map[pair]string{}
	for _, p := range c.Pairs {
		labelOf[mkPair(p.Derived, p.Source)] = p.Label
		l := labels[p.Label]
		if !read[p.Derived] || !read[p.Source] {
			l.Missing++
			continue
		}
		l.Pairs++
		joined := oneFamily(p.Derived, p.Source)
		switch {
		case joined && p.Label == NonDerived:
			s.Errors = append(s.Errors, Error{Kind: "joined_non", A: p.Derived, B: p.Source,
				Detail: "family of original " + out.Families[famOf[p.Derived]].Original})
		case !joined && p.Label != NonDerived:
			s.Errors = append(s.Errors, Error{Kind: "missed_" + p.Label, A: p.Derived, B: p.Source, Detail: apart(out, famOf, p)})
		}
		if !joined {
			continue
		}
		l.InOneFamily++
		if upstream(p.Source, p.Derived) {
			l.AgencyUpstream++
		} else if p.Label != NonDerived {
			detail := "no parent found"
			if from, ok := parent[p.Derived]; ok {
				detail = "found parent " + from
			}
			s.Errors = append(s.Errors, Error{Kind: "agency_downstream", A: p.Derived, B: p.Source, Detail: detail})
		}
	}
	for i := range s.Labels {
		l := &s.Labels[i]
		l.InOneFamilyShare = ratio(l.InOneFamily, l.Pairs)
		l.AgencyUpstreamShare = ratio(l.AgencyUpstream, l.InOneFamily)
	}
	w, pa, non := labels[Wholly], labels[Partially], labels[NonDerived]
	s.WhollyInOneFamily = w.InOneFamilyShare
	s.AgencyUpstream = w.AgencyUpstreamShare
	s.PartiallyInOneFamily = pa.InOneFamilyShare
	if non.Pairs > 0 {
		s.NonJoined = non.InOneFamilyShare
	}

	group := counterGroups(c)
	found := map[pair]bool{}
	for _, f := range out.Families {
		familyPairs(f.Members, found)
	}
	s.FoundPairs = len(found)
	for p := range found {
		if ga, okA := group[p[0]]; okA {
			if gb, okB := group[p[1]]; okB {
				s.FamilyPairsJudged++
				if ga == gb {
					s.FamilyPairsRight++
				}
			}
		}
		label, ok := labelOf[p]
		if !ok {
			continue
		}
		s.PairsJudged++
		if label != NonDerived {
			s.PairsDerived++
		}
	}
	s.PairPrecision = ratio(s.PairsDerived, s.PairsJudged)
	s.FamilyPairPrecision = ratio(s.FamilyPairsRight, s.FamilyPairsJudged)
	slices.SortFunc(s.Errors, func(x, y Error) int {
		return cmp.Or(cmp.Compare(x.Kind, y.Kind), cmp.Compare(x.A, y.A), cmp.Compare(x.B, y.B))
	})
	return s
}

// counterGroups numbers the families the labels imply: every document
// named in c's pairs gets the group of the documents it is joined to by
// wholly or partially derived pairs (union-find).
func counterGroups(c *Counter) map[string]int {
	up := map[string]string{}
	var root func(string) string
	root = func(d string) string {
		p, ok := up[d]
		if !ok || p == d {
			return d
		}
		r := root(p)
		up[d] = r
		return r
	}
	for _, p := range c.Pairs {
		for _, d := range []string{p.Derived, p.Source} {
			if _, ok := up[d]; !ok {
				up[d] = d
			}
		}
		if p.Label != NonDerived {
			if a, b := root(p.Derived), root(p.Source); a != b {
				up[a] = b
			}
		}
	}
	group, num := map[string]int{}, map[string]int{}
	for d := range up {
		r := root(d)
		if _, ok := num[r]; !ok {
			num[r] = len(num)
		}
		group[d] = num[r]
	}
	return group
}

// apart says where the two documents of a pair not found in one family
// are.
func apart(out *report.Output, famOf map[string]int, p CounterPair) string {
	where := func(id string) string {
		if i, ok := famOf[id]; ok {
			return fmt.Sprintf("in a family of %d", len(out.Families[i].Members))
		}
		return "in no family"
	}
	return "derived " + where(p.Derived) + ", source " + where(p.Source)
}
