package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/provenance-dev/provenance/generate"
	yaml "go.yaml.in/yaml/v2"
)

// freeAddr returns a loopback address with a port free a moment ago.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// needCommand skips the test, saying which Debian package gives it, when
// a command is not installed. CI installs them all.
func needCommand(t *testing.T, name, pkg string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		t.Skipf("%s not installed (Debian package %s): skipping", name, pkg)
	}
	return path
}

// startServer starts a server process, stopped at the end of the test,
// and waits until url answers 200.
func startServer(t *testing.T, url string, name string, args ...string) {
	t.Helper()
	var out bytes.Buffer
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", name, err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get(url)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s did not answer %s within 30 s:\n%s", name, url, out.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func httpGet(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: %d %s", url, resp.StatusCode, b)
	}
	return string(b)
}

// TestCompare_pushgateway pushes compare's metrics to a real Pushgateway
// on loopback and finds the pushed series there.
func TestCompare_pushgateway(t *testing.T) {
	bin := needCommand(t, "prometheus-pushgateway", "prometheus-pushgateway")
	addr := freeAddr(t)
	startServer(t, "http://"+addr+"/-/ready", bin, "--web.listen-address="+addr)
	code, _, stderr := runCmd(t, "compare", "--quiet", "--pushgateway", "http://"+addr, seedDir)
	if code != 0 {
		t.Fatalf("compare --pushgateway: exit %d: %s", code, stderr)
	}
	got := httpGet(t, "http://"+addr+"/metrics")
	for _, want := range []string{
		`provenance_documents_ingested_total{format="text",instance="",job="provenance_compare"} 5`,
		`provenance_matches_total{instance="",job="provenance_compare"} 1`,
		`provenance_copies_total{attributed="true",instance="",job="provenance_compare"} 1`,
		`provenance_last_success_timestamp_seconds{instance="",job="provenance_compare"}`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the Pushgateway lacks %s", want)
		}
	}
	// A Pushgateway that is not there is an error, and a non-zero exit.
	if code, _, stderr := runCmd(t, "compare", "--quiet", "--pushgateway", "http://"+freeAddr(t), seedDir); code != 1 ||
		!strings.Contains(stderr, "push metrics") {
		t.Errorf("compare pushing to nothing: exit %d, %q; want 1 and an error", code, stderr)
	}
}

// TestCompare_metricsOut writes compare's metrics for the textfile
// collector and checks them with promtool.
func TestCompare_metricsOut(t *testing.T) {
	out := filepath.Join(t.TempDir(), "provenance.prom")
	if code, _, stderr := runCmd(t, "compare", "--quiet", "--metrics-out", out, seedDir); code != 0 {
		t.Fatalf("compare --metrics-out: exit %d: %s", code, stderr)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`provenance_documents_ingested_total{format="text"} 5`, "provenance_families 1",
		"provenance_run_duration_seconds "} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("metrics file lacks %q", want)
		}
	}
	if matches, _ := filepath.Glob(out + "*"); len(matches) != 1 {
		t.Errorf("files left beside the metrics file: %v", matches)
	}
	promtool := needCommand(t, "promtool", "prometheus")
	cmd := exec.Command(promtool, "check", "metrics")
	cmd.Stdin = bytes.NewReader(b)
	if o, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("promtool check metrics: %v\n%s", err, o)
	}
}

// TestWatch_metricsLint scrapes a running daemon that ingested the seeds
// and has promtool check the metrics: no complaints.
func TestWatch_metricsLint(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary: not with -short")
	}
	promtool := needCommand(t, "promtool", "prometheus")
	bin := buildBinary(t)
	feeds, data := t.TempDir(), t.TempDir()
	p := startDaemon(t, bin, data, filepath.Join(data, "events.jsonl"), feeds)
	defer p.term()
	// Written as feeds should: a temporary name, then a rename.
	deliver := func(name string, b []byte) {
		os.WriteFile(filepath.Join(feeds, name+".part"), b, 0o644)
		os.Rename(filepath.Join(feeds, name+".part"), filepath.Join(feeds, name))
	}
	for _, n := range []string{"000_2937969c31d5780b.txt", "001_c70f748901129dd0.txt", "003_4a810195dea697d2.txt"} {
		b, _ := os.ReadFile(filepath.Join(seedDir, n))
		deliver(n, b)
	}
	deliver("empty.txt", nil)
	// The counters follow the batch a moment after the status does.
	var scrape string
	p.waitFor("the seeds in the metrics", func() bool {
		scrape = httpGet(t, "http://"+p.addr+"/metrics")
		return strings.Contains(scrape, `provenance_documents_ingested_total{format="text"} 3`) &&
			strings.Contains(scrape, `provenance_files_skipped_total{reason="empty"} 1`)
	})
	cmd := exec.Command(promtool, "check", "metrics")
	cmd.Stdin = strings.NewReader(scrape)
	if o, err := cmd.CombinedOutput(); err != nil || len(o) > 0 {
		t.Errorf("promtool check metrics: %v\n%s", err, o)
	}
	for _, want := range []string{`provenance_ready 1`, `provenance_copies_total{attributed="true"} 1`,
		"provenance_build_info{", "go_goroutines ", "process_resident_memory_bytes "} {
		if !strings.Contains(scrape, want) {
			t.Errorf("the scrape lacks %q", want)
		}
	}

}

// promQuery runs an instant query and returns its result series.
func promQuery(t *testing.T, addr, expr string) ([]json.RawMessage, error) {
	t.Helper()
	resp, err := http.Get("http://" + addr + "/api/v1/query?query=" + url.QueryEscape(expr))
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var out struct {
		Status string `json:"status"`
		Error  string `json:"error"`
		Data   struct {
			Result []json.RawMessage `json:"result"`
		} `json:"data"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		return nil, err
	}
	if out.Status != "success" {
		return nil, fmt.Errorf("%s", out.Error)
	}
	return out.Data.Result, nil
}

// deployExprs returns the PromQL expressions of the dashboard's panels
// (its variables filled in) and of the alert rules.
func deployExprs(t *testing.T) (dashboard, rules []string) {
	t.Helper()
	b, err := os.ReadFile("../../deploy/grafana/provenance.json")
	if err != nil {
		t.Fatal(err)
	}
	var dash struct {
		Panels []json.RawMessage `json:"panels"`
	}
	if err := json.Unmarshal(b, &dash); err != nil {
		t.Fatal(err)
	}
	type panel struct {
		Targets []struct {
			Expr string `json:"expr"`
		} `json:"targets"`
		Panels []json.RawMessage `json:"panels"`
	}
	var walk func([]json.RawMessage)
	walk = func(ps []json.RawMessage) {
		for _, raw := range ps {
			var p panel
			json.Unmarshal(raw, &p)
			for _, tg := range p.Targets {
				if tg.Expr != "" {
					e := strings.NewReplacer("$job", "provenance", "$instance", ".*", "$__rate_interval", "1m").Replace(tg.Expr)
					dashboard = append(dashboard, e)
				}
			}
			walk(p.Panels)
		}
	}
	walk(dash.Panels)
	b, err = os.ReadFile("../../deploy/prometheus/alerts.yml")
	if err != nil {
		t.Fatal(err)
	}
	var rf struct {
		Groups []struct {
			Rules []struct {
				Expr string `yaml:"expr"`
			} `yaml:"rules"`
		} `yaml:"groups"`
	}
	if err := yaml.Unmarshal(b, &rf); err != nil {
		t.Fatal(err)
	}
	for _, g := range rf.Groups {
		for _, r := range g.Rules {
			rules = append(rules, r.Expr)
		}
	}
	if len(dashboard) == 0 || len(rules) == 0 {
		t.Fatalf("%d dashboard and %d rule expressions found", len(dashboard), len(rules))
	}
	return dashboard, rules
}

var metricNameRE = regexp.MustCompile(`\b(provenance_[a-z_]+|process_[a-z_]+|go_[a-z_]+|up)\b`)

// TestMetrics_prometheus has a real Prometheus scrape a daemon while it
// ingests a generated feed, then runs every expression of the dashboard
// and of the alert rules through Prometheus: each dashboard expression
// returns data, each rule expression is valid and every metric it names
// has data, and the documents counter equals what was fed.
func TestMetrics_prometheus(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs Prometheus: not with -short")
	}
	prom := needCommand(t, "prometheus", "prometheus")
	dashExprs, ruleExprs := deployExprs(t)
	bin := buildBinary(t)
	feeds, data := t.TempDir(), t.TempDir()
	cmd := exec.Command(bin, "watch", "--data-dir", data, "--listen", "127.0.0.1:0", "--max-documents", "100000",
		"--debounce", "50ms", feeds)
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	sc := bufio.NewScanner(stderr)
	daemon := ""
	for daemon == "" && sc.Scan() {
		if m := listenRE.FindStringSubmatch(sc.Text()); m != nil {
			daemon = m[1]
		}
	}
	go io.Copy(io.Discard, stderr)
	if daemon == "" {
		t.Fatal("the daemon did not say where it listens")
	}
	rules, _ := filepath.Abs("../../deploy/prometheus/alerts.yml")
	cfg := filepath.Join(t.TempDir(), "prometheus.yml")
	os.WriteFile(cfg, []byte(fmt.Sprintf(`global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files: [%q]
scrape_configs:
  - job_name: provenance
    static_configs:
      - targets: [%q]
`, rules, daemon)), 0o644)
	paddr := freeAddr(t)
	startServer(t, "http://"+paddr+"/-/ready", prom, "--config.file="+cfg, "--storage.tsdb.path="+t.TempDir(),
		"--web.listen-address="+paddr)

	// The feed, delivered over a few seconds so that rates have samples.
	staged := t.TempDir()
	gen := generate.DefaultConfig()
	gen.Families, gen.Seed = 60, 3
	if _, err := generate.Write(gen, staged); err != nil {
		t.Fatal(err)
	}
	var files []string
	filepath.WalkDir(staged, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".txt") {
			files = append(files, path)
		}
		return nil
	})
	for i, f := range files {
		os.Rename(f, filepath.Join(feeds, fmt.Sprintf("%05d.txt", i)))
		if i%50 == 49 {
			time.Sleep(500 * time.Millisecond)
		}
	}
	os.WriteFile(filepath.Join(feeds, "empty.txt"), nil, 0o644)
	want := len(files)
	deadline := time.Now().Add(2 * time.Minute)
	for {
		res, err := promQuery(t, paddr, `sum(provenance_documents_ingested_total{job="provenance"})`)
		if err == nil && len(res) == 1 && strings.Contains(string(res[0]), fmt.Sprintf(`"%d"`, want)) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("Prometheus did not see %d documents ingested within 2 minutes: %s %v", want, res, err)
		}
		time.Sleep(250 * time.Millisecond)
	}
	time.Sleep(3 * time.Second) // a few more scrapes, for rates over the end
	for _, e := range dashExprs {
		res, err := promQuery(t, paddr, e)
		switch {
		case err != nil:
			t.Errorf("dashboard %s: %v", e, err)
		case len(res) == 0:
			t.Errorf("dashboard %s: no data", e)
		}
	}
	for _, e := range ruleExprs {
		if _, err := promQuery(t, paddr, e); err != nil {
			t.Errorf("rule %s: %v", e, err)
		}
		for _, name := range metricNameRE.FindAllString(e, -1) {
			if res, err := promQuery(t, paddr, name+`{job="provenance"}`); err != nil || len(res) == 0 {
				t.Errorf("rule %s: metric %s has no data (%v)", e, name, err)
			}
		}
	}
}

// httpClient times out, for polls.
var httpClient = &http.Client{Timeout: 5 * time.Second}
