package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/provenance-dev/provenance"
	"github.com/provenance-dev/provenance/generate"
	"github.com/provenance-dev/provenance/internal/redistest"
	"github.com/provenance-dev/provenance/report"
	"github.com/provenance-dev/provenance/store/redis"
	"github.com/provenance-dev/provenance/watch"
)

// startShared starts the binary on feeds, on the shared store at url.
func startShared(t *testing.T, bin, url, data, events, feeds string) *daemonProc {
	t.Helper()
	cmd := exec.Command(bin, "watch", "--store", url, "--data-dir", data, "--listen", "127.0.0.1:0", "--events", events,
		"--debounce", "50ms", "--batch", "64", feeds)
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
			p.log.WriteString(sc.Text() + "\n")
			if m := listenRE.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
			}
		}
		p.exited <- cmd.Wait()
	}()
	select {
	case p.addr = <-addr:
	case err := <-p.exited:
		t.Fatalf("the daemon exited at start: %v\n%s", err, p.log)
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("the daemon did not listen within 30 s:\n%s", p.log)
	}
	t.Cleanup(func() {
		if p.cmd.ProcessState == nil {
			p.cmd.Process.Signal(syscall.SIGKILL)
			<-p.exited
		}
	})
	return p
}

// documentEvents counts the document events of events logs, by ID.
func documentEvents(t *testing.T, paths ...string) map[string]int {
	t.Helper()
	seen := map[string]int{}
	for _, path := range paths {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<20)
		var seq uint64
		for sc.Scan() {
			var ev provenance.Event
			if err := json.Unmarshal(sc.Bytes(), &ev); err != nil {
				t.Fatalf("%s: %q: %v", path, sc.Text(), err)
			}
			if seq++; ev.Seq != seq {
				t.Fatalf("%s: event %d numbered %d", path, seq, ev.Seq)
			}
			if ev.Type == provenance.EventDocument {
				seen[ev.Doc]++
			}
		}
		f.Close()
	}
	return seen
}

// TestWatch_redis runs two daemon processes, each on its own folder, on
// one Redis: a copy ingested by one is matched to an original the other
// ingested, and both APIs answer the same. Then a generated corpus
// arrives at both while Redis is stopped and started again: every
// document is ingested once, and Redis holds compare's answer over all
// the files.
func TestWatch_redis(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs Redis: not with -short")
	}
	srv := redistest.Start(t)
	testShared(t, srv.URL(), func() { srv.Stop() }, func() { srv.Restart() })
}

// TestWatch_redisCluster is TestWatch_redis on a Redis Cluster of three
// masters, without the outage.
func TestWatch_redisCluster(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs a Redis Cluster: not with -short")
	}
	cl := redistest.StartCluster(t)
	testShared(t, cl.URL(), nil, nil)
}

func testShared(t *testing.T, url string, stop, restart func()) {
	bin := buildBinary(t)
	base := t.TempDir()
	feedsA, feedsB := filepath.Join(base, "a"), filepath.Join(base, "b")
	os.MkdirAll(filepath.Join(feedsA, "a"), 0o755)
	os.MkdirAll(filepath.Join(feedsB, "b"), 0o755)
	dataA, dataB := t.TempDir(), t.TempDir()
	evA, evB := filepath.Join(dataA, "events.jsonl"), filepath.Join(dataB, "events.jsonl")
	a := startShared(t, bin, url, dataA, evA, feedsA)
	b := startShared(t, bin, url, dataB, evB, feedsB)
	for _, p := range []*daemonProc{a, b} {
		p.waitFor("ready", func() bool { return p.status().Ready })
	}
	// The original at A, its copy at B.
	put := func(dir, name string, data []byte) {
		os.WriteFile(filepath.Join(dir, name+".part"), data, 0o644)
		os.Rename(filepath.Join(dir, name+".part"), filepath.Join(dir, name))
	}
	orig, _ := os.ReadFile(filepath.Join(seedDir, "003_4a810195dea697d2.txt"))
	cp, _ := os.ReadFile(filepath.Join(seedDir, "001_c70f748901129dd0.txt"))
	put(filepath.Join(feedsA, "a"), "003.txt", orig)
	a.waitFor("the original at A", func() bool { return a.status().Documents == 1 })
	put(filepath.Join(feedsB, "b"), "001.txt", cp)
	family := func(p *daemonProc) bool {
		var r watch.FamiliesResponse
		if p.get("/api/v1/families", &r) != nil || len(r.Families) != 1 {
			return false
		}
		f := r.Families[0]
		return f.Original == "a/003.txt" && len(f.Edges) == 1 && f.Edges[0].To == "b/001.txt" && f.Edges[0].Attributed
	}
	b.waitFor("B to find its copy's original at A", func() bool { return family(b) })
	a.waitFor("A to answer the same", func() bool { return family(a) })
	same := func() bool {
		var da, db watch.DocumentResponse
		a.get("/api/v1/documents/b/001.txt", &da)
		b.get("/api/v1/documents/b/001.txt", &db)
		ja, _ := json.Marshal(da)
		jb, _ := json.Marshal(db)
		return string(ja) == string(jb) && len(da.Families) == 1
	}
	a.waitFor("both daemons to answer the same for b/001.txt", same)

	// A burst at both, with the store stopped half way.
	staged := t.TempDir()
	gen := generate.DefaultConfig()
	gen.Families, gen.Seed = 120, 17
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
	deliver := func(part []string) {
		for i, f := range part {
			dir, sub := filepath.Join(feedsA, "a"), "a"
			if i%2 == 1 {
				dir, sub = filepath.Join(feedsB, "b"), "b"
			}
			_ = sub
			rel, _ := filepath.Rel(staged, f)
			dst := filepath.Join(dir, strings.ReplaceAll(rel, string(filepath.Separator), "_"))
			os.Rename(f, dst)
		}
	}
	half := len(files) / 2
	deliver(files[:half])
	if stop != nil {
		time.Sleep(300 * time.Millisecond)
		stop()
		deliver(files[half:])
		a.waitFor("A to say it is not ready", func() bool {
			resp, err := httpGetCode("http://" + a.addr + "/readyz")
			return err == nil && resp == 503
		})
		time.Sleep(time.Second)
		restart()
	} else {
		deliver(files[half:])
	}
	want := len(files) + 2
	for _, p := range []*daemonProc{a, b} {
		p.waitFor(fmt.Sprintf("%d documents", want), func() bool {
			s := p.status()
			return s.Ready && s.Queued == 0 && s.Documents == want
		})
	}
	a.term()
	b.term()
	seen := documentEvents(t, evA, evB)
	if len(seen) != want {
		t.Errorf("%d documents announced, want %d", len(seen), want)
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("%s announced %d times", id, n)
		}
	}
	// Redis holds compare's answer over all the files.
	st, err := redis.Open(context.Background(), url, redis.Options{Daemon: "reader"})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	got, err := report.FromStore(context.Background(), st)
	if err != nil {
		t.Fatal(err)
	}
	all := t.TempDir()
	for _, dir := range []string{feedsA, feedsB} {
		filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				rel, _ := filepath.Rel(dir, path)
				os.MkdirAll(filepath.Dir(filepath.Join(all, rel)), 0o755)
				os.Link(path, filepath.Join(all, rel))
			}
			return nil
		})
	}
	res, err := provenance.CompareFiles([]string{all}, provenance.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	wantOut := report.Build(res)
	if g, w := familiesText(got), familiesText(wantOut); g != w {
		t.Errorf("families in Redis differ from compare's:\n%s", firstLineDiff(g, w))
	}
	if len(got.Matches) != len(wantOut.Matches) {
		t.Errorf("%d matches in Redis, compare finds %d", len(got.Matches), len(wantOut.Matches))
	}
}

// httpGetCode returns the status code of a GET.
func httpGetCode(url string) (int, error) {
	resp, err := httpClient.Get(url)
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}
