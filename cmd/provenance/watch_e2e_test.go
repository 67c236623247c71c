package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/provenance-dev/provenance"
	"github.com/provenance-dev/provenance/generate"
	"github.com/provenance-dev/provenance/report"
	"github.com/provenance-dev/provenance/store/bolt"
	"github.com/provenance-dev/provenance/watch"
)

// buildBinary builds the command into a temporary folder.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "provenance")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("go build: %v", err)
	}
	return bin
}

// daemonProc is a `provenance watch` process.
type daemonProc struct {
	t      *testing.T
	cmd    *exec.Cmd
	addr   string
	exited chan error
	log    *syncLog
}

// syncLog is a process's standard error, written by one goroutine and
// read by the test's.
type syncLog struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *syncLog) WriteString(s string) {
	l.mu.Lock()
	l.b.WriteString(s)
	l.mu.Unlock()
}

func (l *syncLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

var listenRE = regexp.MustCompile(`msg="api listening" addr=(\S+)`)

// startDaemon starts the binary on feeds with its store in data.
func startDaemon(t *testing.T, bin, data, events, feeds string) *daemonProc {
	t.Helper()
	cmd := exec.Command(bin, "watch", "--data-dir", data, "--listen", "127.0.0.1:0", "--events", events,
		"--debounce", "50ms", "--batch", "64", "--log-level", "debug", feeds)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &daemonProc{t: t, cmd: cmd, exited: make(chan error, 1), log: &syncLog{}}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			line := sc.Text()
			p.log.WriteString(line + "\n")
			if m := listenRE.FindStringSubmatch(line); m != nil {
				addr <- m[1]
			}
		}
		p.exited <- cmd.Wait()
	}()
	select {
	case p.addr = <-addr:
	case err := <-p.exited:
		t.Fatalf("the daemon exited at start: %v\n%s", err, p.log)
	case <-time.After(20 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("the daemon did not listen within 20 s")
	}
	return p
}

func (p *daemonProc) get(path string, v any) error {
	resp, err := http.Get("http://" + p.addr + path)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		return fmt.Errorf("GET %s: status %d", path, resp.StatusCode)
	}
	return json.NewDecoder(resp.Body).Decode(v)
}

// waitFor polls cond for up to a minute.
func (p *daemonProc) waitFor(what string, cond func() bool) {
	p.t.Helper()
	deadline := time.Now().Add(time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			p.t.Fatalf("waited a minute for %s; log:\n%s", what, p.log)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (p *daemonProc) status() watch.StatusResponse {
	var s watch.StatusResponse
	p.get("/api/v1/status", &s)
	return s
}

// kill9 kills the process with SIGKILL.
func (p *daemonProc) kill9() {
	p.cmd.Process.Signal(syscall.SIGKILL)
	<-p.exited
}

// term stops the process with SIGTERM and checks it exits 0.
func (p *daemonProc) term() {
	p.t.Helper()
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-p.exited:
		if err != nil {
			p.t.Fatalf("exit after SIGTERM: %v; log:\n%s", err, p.log)
		}
	case <-time.After(30 * time.Second):
		p.cmd.Process.Kill()
		p.t.Fatal("no exit within 30 s of SIGTERM")
	}
}

// moveIn renames the files of staged (a folder) into feeds, in a random
// order, as a crawler delivering them would.
func moveIn(t *testing.T, staged, feeds string, files []string) {
	for _, rel := range files {
		dst := filepath.Join(feeds, rel)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Error(err)
			return
		}
		if err := os.Rename(filepath.Join(staged, rel), dst); err != nil {
			t.Error(err)
			return
		}
		time.Sleep(500 * time.Microsecond)
	}
}

// TestWatch_e2e runs the daemon binary on a folder: the seeds dropped in
// one at a time give the family of 003 and its attributed copy 001; then a
// generated corpus arrives in a burst while the daemon is killed with
// SIGKILL at random moments and started again, several times. In the end
// every document is stored once, the events log holds each document's
// event once with no number lost or repeated, the store opens cleanly,
// and what it holds is what compare finds over the same files.
func TestWatch_e2e(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs it for a while: not with -short")
	}
	bin := buildBinary(t)
	feeds, data := t.TempDir(), t.TempDir()
	events := filepath.Join(data, "events.jsonl")
	p := startDaemon(t, bin, data, events, feeds)
	p.waitFor("ready", func() bool { return p.status().Ready })
	for _, n := range []string{"000_2937969c31d5780b.txt", "001_c70f748901129dd0.txt", "002_c253e86c6cc8b476.txt",
		"003_4a810195dea697d2.txt", "004_6b21d0cdad09919a.txt"} {
		b, err := os.ReadFile(filepath.Join(seedDir, n))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(feeds, n+".part"), b, 0o644)
		os.Rename(filepath.Join(feeds, n+".part"), filepath.Join(feeds, n))
		time.Sleep(30 * time.Millisecond)
	}
	p.waitFor("the family of 003 and 001", func() bool {
		var r watch.FamiliesResponse
		if p.get("/api/v1/families", &r) != nil || len(r.Families) != 1 {
			return false
		}
		f := r.Families[0]
		return f.Original == "003_4a810195dea697d2.txt" && len(f.Edges) == 1 &&
			f.Edges[0].To == "001_c70f748901129dd0.txt" && f.Edges[0].Attributed
	})

	// The burst, with kills.
	staged := t.TempDir()
	cfg := generate.DefaultConfig()
	cfg.Families, cfg.Seed = 600, 11
	if _, err := generate.Write(cfg, staged); err != nil {
		t.Fatal(err)
	}
	var files []string
	filepath.WalkDir(staged, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(staged, path)
			files = append(files, rel)
		}
		return nil
	})
	rng := rand.New(rand.NewPCG(5, 6))
	rng.Shuffle(len(files), func(i, j int) { files[i], files[j] = files[j], files[i] })
	want := len(files) + 5
	rounds := 8
	for r := range rounds {
		part := files[r*len(files)/rounds : (r+1)*len(files)/rounds]
		done := make(chan struct{})
		go func() { moveIn(t, staged, feeds, part); close(done) }()
		time.Sleep(time.Duration(rng.IntN(250)) * time.Millisecond)
		s := p.status()
		p.kill9()
		t.Logf("round %d: killed with %d documents stored, %d files queued", r, s.Documents, s.Queued)
		<-done
		p = startDaemon(t, bin, data, events, feeds)
	}
	p.waitFor(fmt.Sprintf("%d documents", want), func() bool {
		s := p.status()
		return s.Ready && s.Queued == 0 && s.Documents == want
	})
	p.term()

	// Each document's event once, events numbered 1, 2, ... with none
	// lost or repeated.
	f, err := os.Open(events)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	var seq uint64
	for sc.Scan() {
		var ev provenance.Event
		if err := json.Unmarshal(sc.Bytes(), &ev); err != nil {
			t.Fatalf("events line %q: %v", sc.Text(), err)
		}
		if seq++; ev.Seq != seq {
			t.Fatalf("event %d numbered %d", seq, ev.Seq)
		}
		if ev.Type == provenance.EventDocument {
			seen[ev.Doc]++
		}
		if ev.Type == provenance.EventRemoved || ev.Type == provenance.EventError {
			t.Errorf("unexpected event %+v", ev)
		}
	}
	f.Close()
	if len(seen) != want {
		t.Errorf("%d documents have events, want %d", len(seen), want)
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("%s: %d document events, want 1", id, n)
		}
	}
	// The store opens cleanly, and holds compare's answer.
	st, err := bolt.Open(filepath.Join(data, watch.StoreFile), bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("reopen the store: %v", err)
	}
	got, err := report.FromStore(context.Background(), st)
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	res, err := provenance.CompareFiles([]string{feeds}, provenance.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	wantOut := report.Build(res)
	if len(got.Documents) != len(wantOut.Documents) {
		t.Fatalf("store holds %d documents, compare finds %d", len(got.Documents), len(wantOut.Documents))
	}
	if g, w := familiesText(got), familiesText(wantOut); g != w {
		t.Errorf("families differ from compare's:\n%s", firstLineDiff(g, w))
	}
	g, _ := json.MarshalIndent(got, "", " ")
	w, _ := json.MarshalIndent(wantOut, "", " ")
	if string(g) != string(w) {
		t.Errorf("the store's JSON differs from compare's:\n%s", firstLineDiff(string(g), string(w)))
	}
}

// familiesText renders families for comparison.
func familiesText(o *report.Output) string {
	var b strings.Builder
	for _, f := range o.Families {
		fmt.Fprintf(&b, "%s %s %v\n", f.ID, f.Original, f.Members)
		for _, e := range f.Edges {
			fmt.Fprintf(&b, "  %s -> %s %.3f %v %q\n", e.From, e.To, e.Confidence, e.Attributed, e.Evidence)
		}
	}
	return b.String()
}

func firstLineDiff(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(la), len(lb)) {
		if la[i] != lb[i] {
			return fmt.Sprintf("line %d:\n got  %s\n want %s", i+1, la[i], lb[i])
		}
	}
	return fmt.Sprintf("%d lines, want %d", len(la), len(lb))
}
