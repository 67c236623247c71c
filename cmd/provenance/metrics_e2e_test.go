package main

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
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
	for _, n := range []string{"000_2937969c31d5780b.txt", "001_c70f748901129dd0.txt", "003_4a810195dea697d2.txt"} {
		b, _ := os.ReadFile(filepath.Join(seedDir, n))
		os.WriteFile(filepath.Join(feeds, n), b, 0o644)
	}
	os.WriteFile(filepath.Join(feeds, "empty.txt"), nil, 0o644)
	p.waitFor("the seeds", func() bool { return p.status().Documents == 3 })
	scrape := httpGet(t, "http://"+p.addr+"/metrics")
	cmd := exec.Command(promtool, "check", "metrics")
	cmd.Stdin = strings.NewReader(scrape)
	if o, err := cmd.CombinedOutput(); err != nil || len(o) > 0 {
		t.Errorf("promtool check metrics: %v\n%s", err, o)
	}
	for _, want := range []string{`provenance_documents_ingested_total{format="text"} 3`, `provenance_ready 1`,
		`provenance_copies_total{attributed="true"} 1`, `provenance_files_skipped_total{reason="empty"} 1`,
		"provenance_build_info{", "go_goroutines ", "process_resident_memory_bytes "} {
		if !strings.Contains(scrape, want) {
			t.Errorf("the scrape lacks %q", want)
		}
	}

}
