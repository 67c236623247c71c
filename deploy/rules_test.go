package deploy_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v2"
)

const (
	rulesFile     = "prometheus/alerts.yml"
	rulesTestFile = "prometheus/alerts_test.yml"
	configFile    = "prometheus/prometheus.yml"
)

// The alerts alerts.yml must define.
var wantAlerts = []string{"ProvenanceDown", "ProvenanceNotReady", "ProvenanceIngestStalled",
	"ProvenanceErrorRatioHigh", "ProvenanceQueueGrowing", "ProvenanceLatencyHigh", "ProvenanceStoreNearCap"}

type rule struct {
	Alert       string            `yaml:"alert"`
	Record      string            `yaml:"record"`
	Expr        string            `yaml:"expr"`
	For         string            `yaml:"for"`
	Labels      map[string]string `yaml:"labels"`
	Annotations map[string]string `yaml:"annotations"`
}

type ruleFile struct {
	Groups []struct {
		Name  string `yaml:"name"`
		Rules []rule `yaml:"rules"`
	} `yaml:"groups"`
}

type ruleTestFile struct {
	RuleFiles []string `yaml:"rule_files"`
	Tests     []struct {
		Name          string `yaml:"name"`
		AlertRuleTest []struct {
			EvalTime  string `yaml:"eval_time"`
			Alertname string `yaml:"alertname"`
			ExpAlerts []struct {
				ExpLabels      map[string]string `yaml:"exp_labels"`
				ExpAnnotations map[string]string `yaml:"exp_annotations"`
			} `yaml:"exp_alerts"`
		} `yaml:"alert_rule_test"`
	} `yaml:"tests"`
}

// readYAML decodes file into v; strictly (every field known to v) if
// strict.
func readYAML(t *testing.T, file string, v any, strict bool) {
	t.Helper()
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	unmarshal := yaml.Unmarshal
	if strict {
		unmarshal = yaml.UnmarshalStrict
	}
	if err := unmarshal(raw, v); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
}

// readRules returns the rules of alerts.yml.
func readRules(t *testing.T) []rule {
	t.Helper()
	var f ruleFile
	readYAML(t, rulesFile, &f, true)
	var rules []rule
	for _, g := range f.Groups {
		if g.Name != "provenance" {
			t.Errorf("%s: group %q, want provenance", rulesFile, g.Name)
		}
		rules = append(rules, g.Rules...)
	}
	return rules
}

// promtool runs promtool with args in dir, failing the test with its
// output if it exits non-zero.
func promtool(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("promtool", args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("promtool %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	t.Logf("promtool %s:\n%s", strings.Join(args, " "), out)
}

// TestRules checks the rules, the configuration and the rules' unit tests
// with promtool.
func TestRules(t *testing.T) {
	if _, err := exec.LookPath("promtool"); err != nil {
		t.Skip("promtool not installed (Debian package prometheus)")
	}
	t.Run("check rules", func(t *testing.T) { promtool(t, ".", "check", "rules", rulesFile) })
	t.Run("check config", func(t *testing.T) { promtool(t, ".", "check", "config", configFile) })
	t.Run("test rules", func(t *testing.T) { promtool(t, ".", "test", "rules", rulesTestFile) })

	// The unit tests catch a change of the rules: with every critical
	// alert made a page, they fail.
	t.Run("test rules fails on changed rules", func(t *testing.T) {
		dir := t.TempDir()
		rules, err := os.ReadFile(rulesFile)
		if err != nil {
			t.Fatal(err)
		}
		changed := strings.ReplaceAll(string(rules), "severity: critical", "severity: page")
		if changed == string(rules) {
			t.Fatal("no severity: critical in the rules")
		}
		tests, err := os.ReadFile(rulesTestFile)
		if err != nil {
			t.Fatal(err)
		}
		for name, data := range map[string]string{filepath.Base(rulesFile): changed, filepath.Base(rulesTestFile): string(tests)} {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		cmd := exec.Command("promtool", "test", "rules", filepath.Base(rulesTestFile))
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if err == nil {
			t.Fatalf("promtool test rules passed with changed rules:\n%s", out)
		}
		if !strings.Contains(string(out), "FAILED") {
			t.Errorf("promtool test rules: %v, without FAILED:\n%s", err, out)
		}
	})
}

// TestRules_shape checks, without promtool, that alerts.yml has the
// alerts it should, each with a for, a severity, a summary and a
// description, and that alerts_test.yml has for each a case where it
// fires and one where it stays quiet.
func TestRules_shape(t *testing.T) {
	rules := readRules(t)
	byName := map[string]rule{}
	for _, r := range rules {
		if r.Alert == "" {
			t.Errorf("a rule that is no alert: %+v", r)
			continue
		}
		if _, ok := byName[r.Alert]; ok {
			t.Errorf("alert %s twice", r.Alert)
		}
		byName[r.Alert] = r
		if r.For == "" {
			t.Errorf("%s: no for", r.Alert)
		}
		switch r.Labels["severity"] {
		case "critical", "warning", "info":
		default:
			t.Errorf("%s: severity %q", r.Alert, r.Labels["severity"])
		}
		if r.Annotations["summary"] == "" || r.Annotations["description"] == "" {
			t.Errorf("%s: annotations %v, want summary and description", r.Alert, r.Annotations)
		}
		if !strings.Contains(r.Expr, `job="provenance"`) {
			t.Errorf("%s: the expression does not select job=\"provenance\" (batch runs export the same names)", r.Alert)
		}
	}
	for _, a := range wantAlerts {
		if _, ok := byName[a]; !ok {
			t.Errorf("no alert %s", a)
		}
	}
	if len(byName) != len(wantAlerts) {
		t.Errorf("%d alerts, want %d", len(byName), len(wantAlerts))
	}

	var tf ruleTestFile
	readYAML(t, rulesTestFile, &tf, false)
	if len(tf.RuleFiles) != 1 || tf.RuleFiles[0] != filepath.Base(rulesFile) {
		t.Errorf("%s: rule_files %v, want [%s]", rulesTestFile, tf.RuleFiles, filepath.Base(rulesFile))
	}
	fires, quiet := map[string]bool{}, map[string]bool{}
	for _, tc := range tf.Tests {
		for _, at := range tc.AlertRuleTest {
			r, ok := byName[at.Alertname]
			if !ok {
				t.Errorf("%s: %q tests no alert of %s: %s", rulesTestFile, tc.Name, rulesFile, at.Alertname)
				continue
			}
			if len(at.ExpAlerts) == 0 {
				quiet[at.Alertname] = true
				continue
			}
			fires[at.Alertname] = true
			for _, e := range at.ExpAlerts {
				if e.ExpLabels["severity"] != r.Labels["severity"] {
					t.Errorf("%s: %q: severity %q, the rule's is %q", rulesTestFile, tc.Name, e.ExpLabels["severity"], r.Labels["severity"])
				}
				if e.ExpAnnotations["summary"] == "" || e.ExpAnnotations["description"] == "" {
					t.Errorf("%s: %q: the annotations are not all checked", rulesTestFile, tc.Name)
				}
			}
		}
	}
	for _, a := range wantAlerts {
		if !fires[a] {
			t.Errorf("%s: no case where %s fires", rulesTestFile, a)
		}
		if !quiet[a] {
			t.Errorf("%s: no case where %s stays quiet", rulesTestFile, a)
		}
	}
}
