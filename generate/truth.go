package generate

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
)

// Truth is the answer for a corpus, in the format of
// testdata/seeds/truth.json: families, each with its members, its original
// and an edge into every copy from the document it was copied from, and
// the documents that belong to no family. Documents are named by path
// relative to the corpus folder, with forward slashes.
type Truth struct {
	About    string   `json:"about,omitempty"`
	Families []Family `json:"families"`
	// Unrelated documents belong to no family; they include the reports
	// of QuoteGroups.
	Unrelated []string `json:"unrelated"`
	// QuoteGroups are independent reports of one story that share only
	// quotations: each group's documents are also in Unrelated. The
	// seeds' truth has no such field; readers that do not know it lose
	// nothing.
	QuoteGroups [][]string `json:"quote_groups,omitempty"`
	Note        string     `json:"note,omitempty"`
	// Mode is the generator's mode (Config.Mode), empty for the default
	// corpus.
	Mode string `json:"mode,omitempty"`
}

// Family is one original and its copies.
type Family struct {
	// Members are all the family's documents, the original included,
	// sorted.
	Members  []string `json:"members"`
	Original string   `json:"original"`
	// Edges form a tree rooted at the original: one edge into every other
	// member.
	Edges []Edge `json:"edges"`
}

// Edge says that To was copied from From.
type Edge struct {
	From string `json:"from"`
	To   string `json:"to"`
	// Attributed is set when To carries an attribution or reprint line.
	Attributed bool `json:"attributed"`
	// Credit is the kind of To's credit line: [CreditTrained] when its
	// phrasing is one of [CreditPhrasings], [CreditHeldBack] when it is
	// one of [HeldBackPhrasings], empty when To carries none.
	Credit string `json:"credit,omitempty"`
	// Dated compares the dates the two documents show: [DatedAfter] when
	// To is dated after From, [DatedBefore] when before it (a clock or
	// time zone error), [Undated] when either shows no date. The
	// comparison is of the times the headers were written with; a header
	// that shows only the day may show the same day for both.
	Dated string `json:"dated,omitempty"`
	// Why says, for people, how the copy was made.
	Why string `json:"why,omitempty"`
}

// Values of [Edge.Credit].
const (
	CreditTrained  = "trained"
	CreditHeldBack = "held-back"
)

// Values of [Edge.Dated].
const (
	DatedAfter  = "after"
	DatedBefore = "before"
	Undated     = "undated"
)

// ErrBadTruth is wrapped by the errors of [Truth.Validate].
var ErrBadTruth = errors.New("inconsistent truth")

// ReadTruth reads a truth file. Unknown fields are ignored. The error
// wraps the I/O or JSON error; the truth is not validated (see
// [Truth.Validate]).
func ReadTruth(path string) (*Truth, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read truth: %w", err)
	}
	var t Truth
	if err := json.Unmarshal(data, &t); err != nil {
		return nil, fmt.Errorf("read truth %s: %w", path, err)
	}
	return &t, nil
}

// Marshal returns the truth as indented JSON ending in a newline.
func (t *Truth) Marshal() ([]byte, error) {
	data, err := json.MarshalIndent(t, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("marshal truth: %w", err)
	}
	return append(data, '\n'), nil
}

// WriteFile writes the truth to path as indented JSON.
func (t *Truth) WriteFile(path string) error {
	data, err := t.Marshal()
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return fmt.Errorf("write truth: %w", err)
	}
	return nil
}

// Validate checks that the truth is consistent: no document is named
// twice (in two families, twice in one, or in a family and in
// Unrelated); each family has at least two members and its original among
// them; every other member has exactly one incoming edge, from a member;
// the original has none; and every member is reached from the original.
// Quote groups name only unrelated documents. Errors wrap [ErrBadTruth].
func (t *Truth) Validate() error {
	seen := map[string]string{}
	claim := func(doc, where string) error {
		if doc == "" {
			return fmt.Errorf("%w: empty document name in %s", ErrBadTruth, where)
		}
		if prev, ok := seen[doc]; ok {
			return fmt.Errorf("%w: %s is named in %s and in %s", ErrBadTruth, doc, prev, where)
		}
		seen[doc] = where
		return nil
	}
	for i, f := range t.Families {
		where := fmt.Sprintf("family %d", i+1)
		if len(f.Members) < 2 {
			return fmt.Errorf("%w: %s has %d members, want at least 2", ErrBadTruth, where, len(f.Members))
		}
		member := map[string]bool{}
		for _, m := range f.Members {
			if err := claim(m, where); err != nil {
				return err
			}
			member[m] = true
		}
		if !member[f.Original] {
			return fmt.Errorf("%w: %s: original %q is not a member", ErrBadTruth, where, f.Original)
		}
		parent := map[string]string{}
		children := map[string][]string{}
		for _, e := range f.Edges {
			if !member[e.From] || !member[e.To] {
				return fmt.Errorf("%w: %s: edge %s -> %s joins a non-member", ErrBadTruth, where, e.From, e.To)
			}
			if e.To == f.Original {
				return fmt.Errorf("%w: %s: edge %s -> %s points at the original", ErrBadTruth, where, e.From, e.To)
			}
			if p, ok := parent[e.To]; ok {
				return fmt.Errorf("%w: %s: %s has two parents, %s and %s", ErrBadTruth, where, e.To, p, e.From)
			}
			parent[e.To] = e.From
			children[e.From] = append(children[e.From], e.To)
		}
		reached := map[string]bool{f.Original: true}
		queue := []string{f.Original}
		for len(queue) > 0 {
			d := queue[0]
			queue = queue[1:]
			for _, c := range children[d] {
				if !reached[c] {
					reached[c] = true
					queue = append(queue, c)
				}
			}
		}
		for _, m := range f.Members {
			if !reached[m] {
				return fmt.Errorf("%w: %s: %s is not reached from the original %s", ErrBadTruth, where, m, f.Original)
			}
		}
	}
	unrelated := map[string]bool{}
	for _, u := range t.Unrelated {
		if err := claim(u, "unrelated"); err != nil {
			return err
		}
		unrelated[u] = true
	}
	for i, g := range t.QuoteGroups {
		for _, d := range g {
			if !unrelated[d] {
				return fmt.Errorf("%w: quote group %d: %s is not in unrelated", ErrBadTruth, i+1, d)
			}
		}
		if len(g) < 2 || len(slices.Compact(slices.Sorted(slices.Values(g)))) != len(g) {
			return fmt.Errorf("%w: quote group %d: want at least 2 distinct documents, got %v", ErrBadTruth, i+1, g)
		}
	}
	return nil
}

// Documents returns every document the truth names, sorted.
func (t *Truth) Documents() []string {
	var out []string
	for _, f := range t.Families {
		out = append(out, f.Members...)
	}
	out = append(out, t.Unrelated...)
	slices.Sort(out)
	return slices.Compact(out)
}
