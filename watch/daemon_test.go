package watch_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/provenance-dev/provenance"
	"github.com/provenance-dev/provenance/generate"
	"github.com/provenance-dev/provenance/report"
	"github.com/provenance-dev/provenance/store/bolt"
	"github.com/provenance-dev/provenance/watch"
)

// harness runs a daemon in the test's process.
type harness struct {
	t      *testing.T
	feeds  string
	data   string
	events string
	d      *watch.Daemon
	token  string // sent with API requests, if set
	cancel context.CancelFunc
	done   chan error
}

// start opens and runs a daemon on feeds, its store in data.
func start(t *testing.T, feeds, data string, mod func(*watch.Options)) *harness {
	t.Helper()
	h := &harness{t: t, feeds: feeds, data: data, events: filepath.Join(data, "events.jsonl")}
	opt := watch.Options{DataDir: data, Feeds: []string{feeds}, Listen: "127.0.0.1:0", EventsPath: h.events,
		Engine: provenance.DefaultOptions(), Debounce: 50 * time.Millisecond,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if testing.Verbose() {
		opt.Logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	if mod != nil {
		mod(&opt)
	}
	d, err := watch.Open(t.Context(), opt)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	h.d = d
	ctx, cancel := context.WithCancel(context.Background())
	h.cancel = cancel
	h.done = make(chan error, 1)
	go func() { h.done <- d.Run(ctx) }()
	h.waitFor("the API to listen", func() bool { return d.Addr() != "" })
	t.Cleanup(h.stop)
	return h
}

// stop stops the daemon, if it runs, and checks it stopped cleanly.
func (h *harness) stop() {
	if h.cancel == nil {
		return
	}
	h.cancel()
	h.cancel = nil
	select {
	case err := <-h.done:
		if err != nil {
			h.t.Errorf("run: %v", err)
		}
	case <-time.After(20 * time.Second):
		h.t.Fatal("the daemon did not stop within 20 s")
	}
}

// get fetches an API path into v and returns the status code.
func (h *harness) get(path string, v any) int {
	h.t.Helper()
	req, _ := http.NewRequest("GET", "http://"+h.d.Addr()+path, nil)
	if h.token != "" {
		req.Header.Set("Authorization", "Bearer "+h.token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	if v != nil {
		if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
			h.t.Fatalf("GET %s: decode: %v", path, err)
		}
	}
	return resp.StatusCode
}

// waitFor polls cond until it holds, failing the test after 20 s.
func (h *harness) waitFor(what string, cond func() bool) {
	h.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			h.t.Fatalf("waited 20 s for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (h *harness) status() watch.StatusResponse {
	var s watch.StatusResponse
	h.get("/api/v1/status", &s)
	return s
}

// settle waits until the daemon is ready and nothing is queued.
func (h *harness) settle() {
	h.t.Helper()
	h.waitFor("the daemon to settle", func() bool { s := h.status(); return s.Ready && s.Queued == 0 })
}

// families returns the families the API lists.
func (h *harness) families() []watch.FamilySummary {
	var out []watch.FamilySummary
	after := ""
	for {
		var r watch.FamiliesResponse
		if code := h.get("/api/v1/families?limit=2&after="+after, &r); code != 200 {
			h.t.Fatalf("families: status %d", code)
		}
		out = append(out, r.Families...)
		if r.Next == "" {
			return out
		}
		after = r.Next
	}
}

// readEvents returns the events in the log.
func readEvents(t *testing.T, path string) []provenance.Event {
	t.Helper()
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var evs []provenance.Event
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var ev provenance.Event
		if err := json.Unmarshal(sc.Bytes(), &ev); err != nil {
			t.Fatalf("events log: line %q: %v", sc.Text(), err)
		}
		evs = append(evs, ev)
	}
	return evs
}

// count returns how many events of a type name a document.
func count(evs []provenance.Event, typ, doc string) int {
	n := 0
	for _, ev := range evs {
		if ev.Type == typ && (doc == "" || ev.Doc == doc) {
			n++
		}
	}
	return n
}

// put writes a file as feeds should: a temporary name, then a rename.
func put(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}

func seed(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "seeds", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

var seedNames = []string{"000_2937969c31d5780b.txt", "001_c70f748901129dd0.txt", "002_c253e86c6cc8b476.txt",
	"003_4a810195dea697d2.txt", "004_6b21d0cdad09919a.txt"}

// TestDaemon_seeds drops the seeds in one at a time and waits for the
// family of 003 and its attributed copy 001; the API's document, family
// and check answers agree with it, and the events log has each document
// once.
func TestDaemon_seeds(t *testing.T) {
	h := start(t, t.TempDir(), t.TempDir(), nil)
	h.settle()
	for _, n := range seedNames {
		put(t, filepath.Join(h.feeds, n), seed(t, n))
		time.Sleep(20 * time.Millisecond)
	}
	h.waitFor("the family of 003 and 001", func() bool {
		fs := h.families()
		return len(fs) == 1 && fs[0].Original == seedNames[3] && len(fs[0].Edges) == 1 &&
			fs[0].Edges[0].To == seedNames[1] && fs[0].Edges[0].Attributed
	})
	h.settle()
	if s := h.status(); s.Documents != 5 || s.Families != 1 {
		t.Errorf("status %+v, want 5 documents and 1 family", s)
	}
	var doc watch.DocumentResponse
	if code := h.get("/api/v1/documents/"+seedNames[1], &doc); code != 200 {
		t.Fatalf("document: status %d", code)
	}
	if len(doc.Matches) != 1 || len(doc.Families) != 1 || doc.Families[0].Original != seedNames[3] {
		t.Errorf("document 001: %+v", doc)
	}
	var fam watch.FamilyResponse
	if code := h.get("/api/v1/families/"+doc.Families[0].ID, &fam); code != 200 {
		t.Fatalf("family: status %d", code)
	}
	if len(fam.Documents) != 2 || len(fam.Matches) != 1 || len(fam.Matches[0].Passages) == 0 {
		t.Errorf("family: %d documents, %d matches, want 2 and 1 with passages", len(fam.Documents), len(fam.Matches))
	}
	// The family is what compare finds.
	res, err := provenance.CompareFiles([]string{filepath.Join("..", "testdata", "seeds")}, provenance.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	want := report.Build(res).Families[0]
	if got := fam.Families[0]; got.ID != want.ID || got.Original != want.Original || !slices.Equal(got.Members, want.Members) ||
		fmt.Sprint(got.Edges) != fmt.Sprint(want.Edges) {
		t.Errorf("family %+v, want compare's %+v", got, want)
	}
	// The list's filters.
	for _, c := range []struct {
		query string
		n     int
	}{
		{"attributed=true", 1}, {"attributed=false", 0}, {"min_size=2", 1}, {"min_size=3", 0}, {"max_size=1", 0},
		{"source=" + url.QueryEscape("American Military News"), 1}, {"source=nobody", 0},
		{"since=2000-01-01T00:00:00Z", 1}, {"since=2999-01-01T00:00:00Z", 0}, {"until=2000-01-01T00:00:00Z", 0},
	} {
		var r watch.FamiliesResponse
		if code := h.get("/api/v1/families?"+c.query, &r); code != 200 || len(r.Families) != c.n {
			t.Errorf("families?%s: status %d, %d families; want %d", c.query, code, len(r.Families), c.n)
		}
	}
	// A check of 001's text finds 003 its likely original, and stores
	// nothing.
	resp, err := http.Post("http://"+h.d.Addr()+"/api/v1/check", "text/plain", strings.NewReader(string(seed(t, seedNames[1]))))
	if err != nil {
		t.Fatal(err)
	}
	var chk watch.CheckResponse
	json.NewDecoder(resp.Body).Decode(&chk)
	resp.Body.Close()
	if resp.StatusCode != 200 || chk.Original != seedNames[3] || chk.Parent == nil || chk.Parent.From != seedNames[3] {
		t.Errorf("check: status %d, %+v; want original and parent 003", resp.StatusCode, chk)
	}
	if s := h.status(); s.Documents != 5 {
		t.Errorf("after check: %d documents, want 5", s.Documents)
	}
	h.stop()
	evs := readEvents(t, h.events)
	for _, n := range seedNames {
		if c := count(evs, provenance.EventDocument, n); c != 1 {
			t.Errorf("%d document events for %s, want 1", c, n)
		}
	}
}

// TestDaemon_caps: with MaxKeyDocs at 3, five copies of one text take
// fingerprints past it. The daemon reports the cap in /status, with the
// engine's count, and logs a warning naming the setting.
func TestDaemon_caps(t *testing.T) {
	var logs lockedBuffer
	h := start(t, t.TempDir(), t.TempDir(), func(o *watch.Options) {
		o.Engine.Cluster.MaxKeyDocs = 3
		o.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	})
	h.settle()
	if s := h.status(); len(s.Caps) != 0 {
		t.Fatalf("caps %+v before any document", s.Caps)
	}
	text := seed(t, seedNames[3])
	for i := range 5 {
		put(t, filepath.Join(h.feeds, fmt.Sprintf("copy%d.txt", i)), text)
	}
	h.waitFor("five documents", func() bool { return h.status().Documents == 5 })
	s := h.status()
	if len(s.Caps) != 1 || s.Caps[0].Name != "cluster.Config.MaxKeyDocs" || s.Caps[0].Count == 0 || s.Caps[0].Limit != 3 {
		t.Fatalf("status caps %+v, want the exact channel's MaxKeyDocs with a count", s.Caps)
	}
	if want := h.d.Engine().Stats().Capped[0].Count; s.Caps[0].Count != want {
		t.Errorf("status counts %d, engine %d", s.Caps[0].Count, want)
	}
	h.stop()
	if out := logs.String(); !strings.Contains(out, "limit reached") || !strings.Contains(out, "setting=cluster.Config.MaxKeyDocs") {
		t.Errorf("no warning of the cap in the log:\n%s", out)
	}
}

// lockedBuffer is a buffer safe for a logger and a test at once.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestDaemon_api checks the API's answers to bad requests: 4xx with a
// JSON error.
func TestDaemon_api(t *testing.T) {
	h := start(t, t.TempDir(), t.TempDir(), nil)
	h.settle()
	for _, c := range []struct {
		method, path, ctype, body string
		code                      int
	}{
		{"GET", "/api/v1/documents/nope.txt", "", "", 404},
		{"GET", "/api/v1/families/fnope", "", "", 404},
		{"GET", "/api/v1/families?limit=0", "", "", 400},
		{"GET", "/api/v1/families?since=yesterday", "", "", 400},
		{"GET", "/api/v1/families?attributed=maybe", "", "", 400},
		{"GET", "/api/v1/nothing", "", "", 404},
		{"POST", "/api/v1/check", "application/json", `{"text": 1}`, 400},
		{"POST", "/api/v1/check", "application/json", `{"text": "a", "bogus": 1}`, 400},
		{"POST", "/api/v1/check", "application/json", `{"text": "  "}`, 400},
		{"POST", "/api/v1/check", "application/xml", `<a/>`, 415},
		{"POST", "/api/v1/check", "text/plain", strings.Repeat("word ", watch.MaxCheckBytes/5+10), 413},
		{"POST", "/api/v1/check", "text/plain", "\xff\xfe bad", 400},
		{"DELETE", "/api/v1/families", "", "", 405},
	} {
		req, _ := http.NewRequest(c.method, "http://"+h.d.Addr()+c.path, strings.NewReader(c.body))
		if c.ctype != "" {
			req.Header.Set("Content-Type", c.ctype)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var body map[string]any
		err = json.NewDecoder(resp.Body).Decode(&body)
		resp.Body.Close()
		if resp.StatusCode != c.code {
			t.Errorf("%s %s: status %d, want %d", c.method, c.path, resp.StatusCode, c.code)
		}
		if c.code != 405 && (err != nil || body["error"] == nil) {
			t.Errorf("%s %s: body %v (%v), want a JSON error", c.method, c.path, body, err)
		}
	}
	if code := h.get("/healthz", nil); code != 200 {
		t.Errorf("healthz: %d", code)
	}
}

// TestDaemon_auth checks that off loopback the API needs a token file,
// and then the token.
func TestDaemon_auth(t *testing.T) {
	_, err := watch.Open(t.Context(), watch.Options{DataDir: t.TempDir(), Feeds: []string{t.TempDir()}, Listen: "0.0.0.0:0"})
	if !errors.Is(err, watch.ErrConfig) {
		t.Fatalf("open off loopback without a token: %v, want ErrConfig", err)
	}
	tokFile := filepath.Join(t.TempDir(), "token")
	os.WriteFile(tokFile, []byte("s3cret-token-0123456789\n"), 0o600)
	h := start(t, t.TempDir(), t.TempDir(), func(o *watch.Options) { o.Listen = "127.0.0.1:0"; o.TokenFile = tokFile })
	h.token = "s3cret-token-0123456789"
	h.settle()
	for _, c := range []struct {
		auth string
		code int
	}{{"", 401}, {"Bearer wrong", 401}, {"Bearer s3cret-token-0123456789", 404}} {
		req, _ := http.NewRequest("GET", "http://"+h.d.Addr()+"/api/v1/documents/x", nil)
		if c.auth != "" {
			req.Header.Set("Authorization", c.auth)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != c.code {
			t.Errorf("Authorization %q: status %d, want %d", c.auth, resp.StatusCode, c.code)
		}
	}
	if code := h.get("/readyz", nil); code != 200 {
		t.Errorf("readyz needs no token: %d", code)
	}
}

// TestDaemon_lock checks that a second daemon on one data folder fails
// at once, and a foreign file as the store is refused.
func TestDaemon_lock(t *testing.T) {
	data := t.TempDir()
	h := start(t, t.TempDir(), data, nil)
	h.settle()
	begin := time.Now()
	_, err := watch.Open(t.Context(), watch.Options{DataDir: data, Feeds: []string{h.feeds}})
	if !errors.Is(err, bolt.ErrLocked) {
		t.Fatalf("second open: %v, want ErrLocked", err)
	}
	if took := time.Since(begin); took > 5*time.Second {
		t.Errorf("second open took %v", took)
	}
	bad := t.TempDir()
	os.WriteFile(filepath.Join(bad, watch.StoreFile), []byte(strings.Repeat("not a store\n", 1000)), 0o600)
	if _, err := watch.Open(t.Context(), watch.Options{DataDir: bad, Feeds: []string{h.feeds}}); !errors.Is(err, bolt.ErrForeign) {
		t.Fatalf("open a foreign file: %v, want ErrForeign", err)
	}
}

// TestDaemon_files checks what becomes of files: one written in pieces
// is read whole; the same bytes written again do nothing; a changed file
// replaces its document; a feed rewritten with more items adds only the
// new ones; a deleted file's document is kept, marked; bad files are
// error events and the watch goes on; a file arriving while the daemon
// is down is picked up at the next start, and nothing else is read
// again.
func TestDaemon_files(t *testing.T) {
	feeds, data := t.TempDir(), t.TempDir()
	// A debounce well over the pauses between the pieces below, however
	// busy the machine.
	slow := func(o *watch.Options) { o.Debounce = 400 * time.Millisecond }
	h := start(t, feeds, data, slow)
	h.settle()

	// In pieces, each within the debounce time of the one before.
	text := seed(t, seedNames[0])
	piece := filepath.Join(feeds, "pieces.txt")
	f, err := os.Create(piece)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		f.Write(text[i*len(text)/3 : (i+1)*len(text)/3])
		f.Sync()
		time.Sleep(15 * time.Millisecond)
	}
	f.Close()
	// The feed, two items; sub-folder made after the start.
	feed := filepath.Join(feeds, "sub", "dir", "feed.rss")
	put(t, feed, []byte(rss(seedNames[2], seedNames[4])))
	// Bad files.
	put(t, filepath.Join(feeds, "empty.txt"), nil)
	put(t, filepath.Join(feeds, "binary.txt"), []byte("abc\x00\x01\x02def"))
	put(t, filepath.Join(feeds, "broken.json"), []byte(`{"text": "unterminated`))
	h.waitFor("the files", func() bool { return h.status().Documents == 3 })
	h.settle()
	var doc watch.DocumentResponse
	if code := h.get("/api/v1/documents/pieces.txt", &doc); code != 200 || doc.Documents[0].Words < 700 {
		t.Fatalf("pieces.txt: status %d, %+v: want it read whole", code, doc.Documents)
	}

	// The same bytes again, and the feed with one more item.
	put(t, piece, text)
	put(t, feed, []byte(rss(seedNames[2], seedNames[4], seedNames[1])))
	h.waitFor("the third item", func() bool { return h.status().Documents == 4 })
	// A changed file.
	put(t, piece, seed(t, seedNames[3]))
	h.waitFor("the changed file", func() bool {
		var doc watch.DocumentResponse
		h.get("/api/v1/documents/pieces.txt", &doc)
		return len(doc.Documents) > 0 && doc.Documents[0].Words > 800
	})
	h.settle()
	// Down: a file arrives and one is deleted.
	h.stop()
	put(t, filepath.Join(feeds, "later.txt"), seed(t, seedNames[0]))
	os.Remove(filepath.Join(feeds, "sub", "dir", "feed.rss"))
	before := readEvents(t, h.events)
	h = start(t, feeds, data, slow)
	h.settle()
	if s := h.status(); s.Documents != 5 {
		t.Errorf("after the restart: %d documents, want 5", s.Documents)
	}
	var item watch.DocumentResponse
	if code := h.get("/api/v1/documents/"+url.PathEscape("sub/dir/feed.rss#"+seedNames[2]), &item); code != 200 ||
		item.Documents[0].Deleted == "" {
		t.Errorf("a deleted feed's item: status %d, %+v: want it kept, marked deleted", code, item.Documents)
	}
	h.stop()
	evs := readEvents(t, h.events)
	if len(evs) < len(before) || evs[len(before)-1].Seq != before[len(before)-1].Seq {
		t.Fatalf("the events log lost events across the restart")
	}
	for i, ev := range evs {
		if ev.Seq != uint64(i+1) {
			t.Fatalf("event %d has seq %d: events doubled or lost", i+1, ev.Seq)
		}
	}
	for _, c := range []struct {
		typ, doc string
		n        int
	}{
		{provenance.EventDocument, "pieces.txt", 2},
		{provenance.EventRemoved, "pieces.txt", 1},
		{provenance.EventDocument, "sub/dir/feed.rss#" + seedNames[2], 1},
		{provenance.EventDocument, "sub/dir/feed.rss#" + seedNames[1], 1},
		{provenance.EventDocument, "later.txt", 1},
		{provenance.EventFileDeleted, "", 1},
		{provenance.EventError, "", 3},
	} {
		if got := count(evs, c.typ, c.doc); got != c.n {
			t.Errorf("%d %s events of %q, want %d", got, c.typ, c.doc, c.n)
		}
	}
	for _, ev := range evs {
		if ev.Type == provenance.EventError && !strings.Contains(ev.Error, feeds) {
			t.Errorf("error event %q does not name the file", ev.Error)
		}
	}
}

// rss returns a feed whose items are the seeds named, each with its name
// as GUID.
func rss(names ...string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title>`)
	for _, n := range names {
		text, _ := os.ReadFile(filepath.Join("..", "testdata", "seeds", n))
		fmt.Fprintf(&b, "<item><guid>%s</guid><title>%s</title><description><![CDATA[%s]]></description></item>", n, n, text)
	}
	b.WriteString(`</channel></rss>`)
	return b.String()
}

// TestDaemon_diskFull puts the data folder on a small tmpfs: when the
// store cannot grow, the daemon reports not ready and keeps what it read;
// once there is room, it stores everything, nothing lost or doubled. It
// needs to mount a file system (root, on Linux).
func TestDaemon_diskFull(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	os.MkdirAll(data, 0o755)
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", data).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs to fill (needs root on Linux): %v: %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", "-l", data).Run() })
	dir, _ := genCorpus(t, 120, 71)
	feeds := t.TempDir()
	h := start(t, feeds, data, nil)
	h.settle()
	n := 0
	filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() && strings.HasSuffix(path, ".txt") {
			b, _ := os.ReadFile(path)
			put(t, filepath.Join(feeds, fmt.Sprintf("%04d.txt", n)), b)
			n++
		}
		return nil
	})
	h.waitFor("the store to fill and the daemon to say so", func() bool {
		s := h.status()
		return !s.Ready && strings.Contains(s.Reason, "store")
	})
	if code := h.get("/readyz", nil); code != 503 {
		t.Errorf("readyz with a full disk: %d, want 503", code)
	}
	if out, err := exec.Command("mount", "-o", "remount,size=256m", data).CombinedOutput(); err != nil {
		t.Fatalf("remount: %v: %s", err, out)
	}
	h.waitFor("every file stored", func() bool { s := h.status(); return s.Ready && s.Documents == n && s.Queued == 0 })
	h.stop()
	evs := readEvents(t, h.events)
	seen := map[string]int{}
	for _, ev := range evs {
		if ev.Type == provenance.EventDocument {
			seen[ev.Doc]++
		}
	}
	if len(seen) != n {
		t.Errorf("%d documents announced, want %d", len(seen), n)
	}
	for id, c := range seen {
		if c != 1 {
			t.Errorf("%s announced %d times", id, c)
		}
	}
}

// genCorpus writes a generated corpus.
func genCorpus(t *testing.T, families int, seed uint64) (string, *generate.Truth) {
	t.Helper()
	dir := t.TempDir()
	cfg := generate.DefaultConfig()
	cfg.Families, cfg.Seed = families, seed
	truth, err := generate.Write(cfg, dir)
	if err != nil {
		t.Fatal(err)
	}
	return dir, truth
}

// TestDaemon_rootRecreated removes a watched folder and makes it again:
// its files are marked deleted, and files in the new folder are read.
func TestDaemon_rootRecreated(t *testing.T) {
	base := t.TempDir()
	feeds := filepath.Join(base, "feeds")
	os.MkdirAll(feeds, 0o755)
	h := start(t, feeds, t.TempDir(), nil)
	h.settle()
	put(t, filepath.Join(feeds, seedNames[0]), seed(t, seedNames[0]))
	h.waitFor("the first file", func() bool { return h.status().Documents == 1 })
	if err := os.RemoveAll(feeds); err != nil {
		t.Fatal(err)
	}
	h.waitFor("its document marked deleted", func() bool {
		var d watch.DocumentResponse
		return h.get("/api/v1/documents/"+seedNames[0], &d) == 200 && d.Documents[0].Deleted != ""
	})
	os.MkdirAll(feeds, 0o755)
	put(t, filepath.Join(feeds, seedNames[1]), seed(t, seedNames[1]))
	put(t, filepath.Join(feeds, "sub", seedNames[3]), seed(t, seedNames[3]))
	h.waitFor("the files of the new folder", func() bool { return h.status().Documents == 3 })
	h.waitFor("their family", func() bool { return len(h.families()) == 1 })
}

// TestDaemon_overflow delivers far more files at once than the queue
// holds: files dropped from the full queue are found by a scan, and every
// one is stored once.
func TestDaemon_overflow(t *testing.T) {
	dir, _ := genCorpus(t, 100, 81)
	feeds := t.TempDir()
	h := start(t, feeds, t.TempDir(), func(o *watch.Options) { o.Queue = 8; o.Workers = 1 })
	h.settle()
	n := 0
	filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() && strings.HasSuffix(path, ".txt") {
			b, _ := os.ReadFile(path)
			put(t, filepath.Join(feeds, fmt.Sprintf("%04d.txt", n)), b)
			n++
		}
		return nil
	})
	h.waitFor("every file stored", func() bool { s := h.status(); return s.Documents == n && s.Queued == 0 })
	h.stop()
	seen := map[string]int{}
	for _, ev := range readEvents(t, h.events) {
		if ev.Type == provenance.EventDocument {
			seen[ev.Doc]++
		}
	}
	for id, c := range seen {
		if c != 1 {
			t.Errorf("%s announced %d times", id, c)
		}
	}
	if len(seen) != n {
		t.Errorf("%d documents announced, want %d", len(seen), n)
	}
}
