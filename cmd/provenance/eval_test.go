package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/provenance-dev/provenance/internal/textgen"
)

// TestEval_kinds: the truth's credit and dated kinds split parent
// accuracy, and the reliability table and Brier scores are printed.
func TestEval_kinds(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(seedDir, "truth.json"))
	if err != nil {
		t.Fatal(err)
	}
	var truth map[string]any
	if err := json.Unmarshal(data, &truth); err != nil {
		t.Fatal(err)
	}
	edge := truth["families"].([]any)[0].(map[string]any)["edges"].([]any)[0].(map[string]any)
	edge["credit"], edge["dated"] = "held-back", "after"
	data, err = json.Marshal(truth)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "truth.json")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCmd(t, "eval", "--truth", path, seedDir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	// The one edge's confidence, as compare reports it.
	_, js, _ := runCmd(t, "compare", "--format", "json", seedDir)
	var found struct {
		Families []struct {
			Edges []struct {
				Confidence float64 `json:"confidence"`
			} `json:"edges"`
		} `json:"families"`
	}
	if err := json.Unmarshal([]byte(js), &found); err != nil || len(found.Families) != 1 || len(found.Families[0].Edges) != 1 {
		t.Fatalf("compare's JSON: %v, %d families", err, len(found.Families))
	}
	c := found.Families[0].Edges[0].Confidence
	if c < 0.9 {
		t.Fatalf("the seeds' edge has confidence %v, want 0.9 or more", c)
	}
	for _, want := range []string{
		"parent accuracy    1.0000  (1 of 1 true copies have their true parent)\n",
		"  credit held-back  1.0000  (1 of 1)\n",
		"  dated after       1.0000  (1 of 1)\n",
		"  [0.5,0.6)            0          -            -\n",
		fmt.Sprintf("  [0.9,1.0]            1     %.4f       1.0000\n", c),
		"  not judged           0  (ends in no common true family)\n",
		fmt.Sprintf("brier              %.4f  (base rate 0.0000: always answering 1.0000, the share of 1 judged edges right)\n", (1-c)*(1-c)),
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
	code, stdout, _ = runCmd(t, "eval", "--truth", path, "--format", "json", seedDir)
	var s struct {
		ParentAccuracy *float64 `json:"parent_accuracy"`
		ByCredit       []struct {
			Kind   string
			Copies int
		} `json:"by_credit"`
		ByDated     []struct{ Kind string } `json:"by_dated"`
		Reliability []struct{ Edges int }   `json:"reliability"`
		Brier       *float64                `json:"brier"`
	}
	if err := json.Unmarshal([]byte(stdout), &s); err != nil || code != 0 {
		t.Fatalf("json: exit %d, %v", code, err)
	}
	if s.ParentAccuracy == nil || *s.ParentAccuracy != 1 || len(s.ByCredit) != 1 || s.ByCredit[0].Kind != "held-back" ||
		s.ByCredit[0].Copies != 1 || len(s.ByDated) != 1 || s.ByDated[0].Kind != "after" || len(s.Reliability) != 5 || s.Brier == nil {
		t.Errorf("json: %+v", s)
	}
}

// writeCounter makes a small corpus in COUNTER's layout: an agency story
// and a newspaper story copied from it the next day (wholly derived), and
// an independent newspaper story on another agency story (non derived).
func writeCounter(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	texts := filepath.Join(dir, "texts")
	if err := os.Mkdir(texts, 0o755); err != nil {
		t.Fatal(err)
	}
	g := textgen.New(11)
	agency := "Headline one\n\n" + g.Text(300)
	write := func(name, text, source, date string) {
		if err := os.WriteFile(filepath.Join(texts, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		meta := `{"source": "` + source + `", "published": "` + date + `T00:00:00Z"}`
		if err := os.WriteFile(filepath.Join(texts, name+".meta.json"), []byte(meta), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a1.txt", agency, "APP", "2014-08-02")
	write("p1.txt", "Another headline\n\n"+agency[len("Headline one\n\n"):], "express", "2014-08-03")
	write("a2.txt", "Headline two\n\n"+g.Text(300), "APP", "2014-08-02")
	write("p2.txt", "Headline three\n\n"+g.Text(300), "jang", "2014-08-03")
	pairs := "derived\tsource\tlabel\tderived_outlet\tsource_outlet\tderived_date\tsource_date\tdomain\n" +
		"p1.txt\ta1.txt\twholly\texpress\tAPP\t2014-08-03\t2014-08-02\tsports\n" +
		"p2.txt\ta2.txt\tnon\tjang\tAPP\t2014-08-03\t2014-08-02\tsports\n"
	if err := os.WriteFile(filepath.Join(dir, "pairs.tsv"), []byte(pairs), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestEvalCounter(t *testing.T) {
	dir := writeCounter(t)
	code, stdout, stderr := runCmd(t, "eval", "counter", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		"wholly          1           1  1.0000                1  1.0000\n",
		"partially       0           0  1.0000                0  1.0000\n",
		"non             1           0  0.0000                0  1.0000\n",
		"wholly in one family  1.0000  (target >= 0.85)\n",
		"agency upstream       1.0000  (of wholly pairs in one family; target >= 0.95)\n",
		"non derived joined    0.0000  (target <= 0.05)\n",
		"pair precision        1.0000  (1 of 1 found pairs that are labelled pairs",
		"family pair precision 1.0000  (1 of 1 found pairs",
		"errors                0\n",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
	code, stdout, _ = runCmd(t, "eval", "counter", "--format", "json", "--fuzzy", dir)
	var out struct {
		Fuzzy bool
		Score struct {
			WhollyInOneFamily float64 `json:"wholly_in_one_family"`
			AgencyUpstream    float64 `json:"agency_upstream"`
			NonJoined         float64 `json:"non_joined"`
			PairsJudged       int     `json:"pairs_judged"`
		}
	}
	if err := json.Unmarshal([]byte(stdout), &out); err != nil || code != 0 {
		t.Fatalf("json: exit %d, %v", code, err)
	}
	if !out.Fuzzy || out.Score.WhollyInOneFamily != 1 || out.Score.AgencyUpstream != 1 || out.Score.NonJoined != 0 || out.Score.PairsJudged != 1 {
		t.Errorf("json: %+v", out)
	}
	runCases(t, []cliCase{
		{name: "eval counter no dir", args: []string{"eval", "counter"}, code: 2, stderr: "eval counter: want one DIR"},
		{name: "eval counter missing dir", args: []string{"eval", "counter", "no/such/counter"}, code: 1, stderr: "COUNTER"},
		{name: "eval counter bad dir", args: []string{"eval", "counter", seedDir}, code: 1, stderr: "pairs.tsv"},
	})
}
