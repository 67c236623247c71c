package deploy_test

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
)

const dashboardFile = "grafana/provenance.json"

// dsRef is the only data source a panel, target or variable may name: the
// dashboard's datasource variable, so that it imports into any Grafana.
const dsRef = "${datasource}"

type dashboard struct {
	Title         string   `json:"title"`
	UID           string   `json:"uid"`
	ID            *float64 `json:"id"`
	SchemaVersion int      `json:"schemaVersion"`
	Templating    struct {
		List []variable `json:"list"`
	} `json:"templating"`
	Panels []panel `json:"panels"`
}

type variable struct {
	Name       string          `json:"name"`
	Type       string          `json:"type"`
	Query      json.RawMessage `json:"query"`
	Definition string          `json:"definition"`
}

// query returns a query variable's query, whether Grafana wrote it as a
// string or as an object.
func (v variable) query() string {
	var s string
	if json.Unmarshal(v.Query, &s) == nil {
		return s
	}
	var o struct {
		Query string `json:"query"`
	}
	if json.Unmarshal(v.Query, &o) == nil && o.Query != "" {
		return o.Query
	}
	return v.Definition
}

type panel struct {
	ID         int                      `json:"id"`
	Type       string                   `json:"type"`
	Title      string                   `json:"title"`
	Datasource json.RawMessage          `json:"datasource"`
	GridPos    struct{ X, Y, W, H int } `json:"gridPos"`
	Targets    []struct {
		RefID string `json:"refId"`
		Expr  string `json:"expr"`
	} `json:"targets"`
	Panels []panel `json:"panels"` // a collapsed row's
}

func readDashboard(t *testing.T) (*dashboard, []byte) {
	t.Helper()
	raw, err := os.ReadFile(dashboardFile)
	if err != nil {
		t.Fatal(err)
	}
	var d dashboard
	if err := json.Unmarshal(raw, &d); err != nil {
		t.Fatalf("%s: %v", dashboardFile, err)
	}
	return &d, raw
}

// allPanels returns the dashboard's panels other than rows, those of
// collapsed rows included.
func (d *dashboard) allPanels() []panel {
	var out []panel
	var walk func([]panel)
	walk = func(ps []panel) {
		for _, p := range ps {
			if p.Type == "row" {
				walk(p.Panels)
				continue
			}
			out = append(out, p)
		}
	}
	walk(d.Panels)
	return out
}

// labelValues matches a Grafana variable query label_values(SELECTOR, LABEL).
var labelValues = regexp.MustCompile(`^\s*label_values\(\s*(.+?)\s*,\s*[a-zA-Z_][a-zA-Z0-9_]*\s*\)\s*$`)

// badDatasources returns the paths in a decoded JSON document of every
// "datasource" that is not the datasource variable.
func badDatasources(v any, path string) []string {
	var bad []string
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			p := path + "." + k
			if k == "datasource" {
				switch ds := e.(type) {
				case string:
					if ds != dsRef && ds != "$datasource" {
						bad = append(bad, fmt.Sprintf("%s = %q", p, ds))
					}
				case map[string]any:
					if ds["uid"] != dsRef || ds["type"] != "prometheus" {
						bad = append(bad, fmt.Sprintf("%s = %v", p, ds))
					}
				default:
					bad = append(bad, fmt.Sprintf("%s = %v", p, ds))
				}
				continue
			}
			bad = append(bad, badDatasources(e, p)...)
		}
	case []any:
		for i, e := range v {
			bad = append(bad, badDatasources(e, fmt.Sprintf("%s[%d]", path, i))...)
		}
	}
	return bad
}

func TestDashboard_imports(t *testing.T) {
	d, raw := readDashboard(t)
	if d.Title == "" || d.UID == "" {
		t.Errorf("title %q, uid %q: both are needed", d.Title, d.UID)
	}
	if d.ID != nil {
		t.Errorf("id is %v: a dashboard to import has id null", *d.ID)
	}
	if d.SchemaVersion < 36 || d.SchemaVersion > 41 {
		t.Errorf("schemaVersion %d, want about 39", d.SchemaVersion)
	}
	// Exported "for sharing", a dashboard names its data source ${DS_...}
	// with __inputs: this one uses a variable instead.
	if strings.Contains(string(raw), "${DS_") || strings.Contains(string(raw), "__inputs") {
		t.Errorf("the dashboard has ${DS_...} inputs; use the datasource variable")
	}

	vars := map[string]variable{}
	for _, v := range d.Templating.List {
		vars[v.Name] = v
	}
	if ds, ok := vars["datasource"]; !ok {
		t.Errorf("no datasource variable")
	} else if ds.Type != "datasource" || ds.query() != "prometheus" {
		t.Errorf("datasource variable: type %q, query %q; want datasource, prometheus", ds.Type, ds.query())
	}
	for _, v := range d.Templating.List {
		if v.Type == "query" && !labelValues.MatchString(v.query()) {
			t.Errorf("variable %s: query %q is not label_values(selector, label)", v.Name, v.query())
		}
	}

	// No data source but the variable, anywhere in the file.
	var doc any
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	for _, b := range badDatasources(doc, "") {
		t.Errorf("hard-coded data source: %s", b)
	}

	panels := d.allPanels()
	if len(panels) < 20 {
		t.Errorf("%d panels, want the 20 or more of the dashboard", len(panels))
	}
	ids := map[int]string{}
	varRef := regexp.MustCompile(`\$\{?([a-zA-Z_][a-zA-Z0-9_]*)`)
	for _, p := range panels {
		name := fmt.Sprintf("panel %d %q", p.ID, p.Title)
		if p.Title == "" {
			t.Errorf("%s: no title", name)
		}
		if other, ok := ids[p.ID]; ok {
			t.Errorf("%s: id also of %s", name, other)
		}
		ids[p.ID] = name
		var ds struct{ Type, UID string }
		if err := json.Unmarshal(p.Datasource, &ds); err != nil || ds.Type != "prometheus" || ds.UID != dsRef {
			t.Errorf("%s: datasource %s, want {\"type\": \"prometheus\", \"uid\": %q}", name, p.Datasource, dsRef)
		}
		if g := p.GridPos; g.W <= 0 || g.H <= 0 || g.X < 0 || g.X+g.W > 24 {
			t.Errorf("%s: gridPos %+v", name, g)
		}
		exprs := 0
		for _, tg := range p.Targets {
			if strings.TrimSpace(tg.Expr) == "" {
				continue
			}
			exprs++
			if tg.RefID == "" {
				t.Errorf("%s: a target with no refId", name)
			}
			for _, m := range varRef.FindAllStringSubmatch(tg.Expr, -1) {
				if _, ok := vars[m[1]]; !ok && !strings.HasPrefix(m[1], "__") {
					t.Errorf("%s: %s names no variable of the dashboard", name, m[0])
				}
			}
		}
		if exprs == 0 {
			t.Errorf("%s: no target with an expr", name)
		}
	}
}
