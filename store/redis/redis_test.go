package redis_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/provenance-dev/provenance"
	"github.com/provenance-dev/provenance/document"
	"github.com/provenance-dev/provenance/generate"
	"github.com/provenance-dev/provenance/internal/redistest"
	"github.com/provenance-dev/provenance/internal/textgen"
	"github.com/provenance-dev/provenance/report"
	"github.com/provenance-dev/provenance/store/redis"
)

func open(t *testing.T, url, daemon string) *redis.Store {
	t.Helper()
	s, err := redis.Open(t.Context(), url, redis.Options{Daemon: daemon, Lease: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func engine(t *testing.T, st provenance.Store) *provenance.Engine {
	t.Helper()
	e, err := provenance.OpenEngine(t.Context(), st, provenance.EngineOptions{Options: provenance.DefaultOptions(), Events: true})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// corpus generates documents, a file each, in memory.
func corpus(t *testing.T, families int, seed uint64) [][]*document.Document {
	t.Helper()
	cfg := generate.DefaultConfig()
	cfg.Families, cfg.Seed = families, seed
	files, _, err := generate.Corpus(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var out [][]*document.Document
	for _, f := range files {
		if !strings.HasSuffix(f.Path, ".txt") {
			continue
		}
		d, err := document.ParseText(f.Text)
		if err != nil {
			t.Fatal(err)
		}
		d.ID, d.Path = f.Path, f.Path
		out = append(out, []*document.Document{d})
	}
	return out
}

func updates(e *provenance.Engine, files [][]*document.Document) []provenance.FileUpdate {
	var ups []provenance.FileUpdate
	for _, docs := range files {
		rec := &provenance.FileRecord{Path: docs[0].Path}
		u := provenance.FileUpdate{File: rec}
		for _, d := range docs {
			p := e.Prepare(d)
			u.Docs = append(u.Docs, p)
			rec.Items = append(rec.Items, provenance.FileItem{ID: d.ID, Sum: p.Sum})
		}
		ups = append(ups, u)
	}
	return ups
}

func ingest(t *testing.T, e *provenance.Engine, files [][]*document.Document, size int) {
	t.Helper()
	for i := 0; i < len(files); i += size {
		if _, err := e.Ingest(t.Context(), updates(e, files[i:min(i+size, len(files))])); err != nil {
			t.Fatalf("ingest: %v", err)
		}
	}
}

// compareJSON is compare's answer over the documents, as JSON.
func compareJSON(t *testing.T, files [][]*document.Document) string {
	t.Helper()
	var docs []*document.Document
	for _, f := range files {
		for _, d := range f {
			c := *d
			docs = append(docs, &c)
		}
	}
	res, err := provenance.Compare(docs, provenance.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	return mustJSON(t, report.Build(res))
}

func storeJSON(t *testing.T, st provenance.Store) string {
	t.Helper()
	out, err := report.FromStore(t.Context(), st)
	if err != nil {
		t.Fatal(err)
	}
	return mustJSON(t, out)
}

func mustJSON(t *testing.T, v any) string {
	b, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func firstDiff(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(la), len(lb)) {
		if la[i] != lb[i] {
			lo := max(0, i-5)
			return "got:\n" + strings.Join(la[lo:min(len(la), i+3)], "\n") + "\nwant:\n" + strings.Join(lb[lo:min(len(lb), i+3)], "\n")
		}
	}
	return "lengths differ"
}

// TestStore_sameAsCompare stores a corpus through one engine on Redis and
// checks Redis then holds compare's answer, as the embedded store does.
func TestStore_sameAsCompare(t *testing.T) {
	srv := redistest.Start(t)
	files := corpus(t, 80, 5)
	want := compareJSON(t, files)
	st := open(t, srv.URL(), "a")
	ingest(t, engine(t, st), files, 13)
	if got := storeJSON(t, st); got != want {
		t.Fatalf("Redis holds other than compare's answer:\n%s", firstDiff(got, want))
	}
}

// TestStore_twoEngines feeds one corpus to two engines on one Redis, in
// turns and at once: each replays the other's batches, so a copy stored
// by one is matched to an original stored by the other, and the end is
// compare's answer; an engine opened afterwards sees the same.
func TestStore_twoEngines(t *testing.T) {
	srv := redistest.Start(t)
	files := corpus(t, 80, 6)
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(files), func(i, j int) { files[i], files[j] = files[j], files[i] })
	want := compareJSON(t, files)
	sa, sb := open(t, srv.URL(), "a"), open(t, srv.URL(), "b")
	ea, eb := engine(t, sa), engine(t, sb)
	var wg sync.WaitGroup
	for w, e := range []*provenance.Engine{ea, eb} {
		wg.Go(func() {
			for i := w * 7; i < len(files); i += 14 {
				if _, err := e.Ingest(context.Background(), updates(e, files[i:min(i+7, len(files))])); err != nil {
					t.Errorf("ingest: %v", err)
					return
				}
			}
		})
	}
	wg.Wait()
	if got := storeJSON(t, sa); got != want {
		t.Fatalf("Redis holds other than compare's answer:\n%s", firstDiff(got, want))
	}
	for _, e := range []*provenance.Engine{ea, eb} {
		if err := e.Sync(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	// (The indexes' arrays differ in size: one was built by its own
	// batches, the other partly by replay.)
	if a, b := ea.Stats(), eb.Stats(); a.Documents != b.Documents || a.Postings != b.Postings || a.Families != b.Families ||
		a.Documents != len(files) {
		t.Errorf("after syncing, the engines hold %+v and %+v; want %d documents in both", a, b, len(files))
	}
	// A check against either engine finds the same.
	d := files[3][0]
	ca, err := ea.Check(t.Context(), ea.Prepare(d))
	if err != nil {
		t.Fatal(err)
	}
	cb, err := eb.Check(t.Context(), eb.Prepare(d))
	if err != nil {
		t.Fatal(err)
	}
	if len(ca.Matches) == 0 || len(ca.Matches) != len(cb.Matches) || ca.Original != cb.Original {
		t.Errorf("checks differ: %d matches, original %q; %d matches, original %q", len(ca.Matches), ca.Original,
			len(cb.Matches), cb.Original)
	}
	if got := storeJSON(t, open(t, srv.URL(), "c")); got != want {
		t.Fatal("a third store sees another answer")
	}
}

// TestStore_race feeds one family's original and copies to two engines at
// the same moment, many rounds, and checks every round ends in one family
// with one original.
func TestStore_race(t *testing.T) {
	srv := redistest.Start(t)
	files := corpus(t, 30, 7)
	res, err := provenance.Compare(flatten(files), provenance.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	rounds := 0
	for _, f := range res.Families {
		if len(f.Members) < 3 {
			continue
		}
		rounds++
		prefix := "r" + string(rune('a'+rounds)) + "/"
		var fam [][]*document.Document
		for _, m := range f.Members {
			d := *res.Docs[m]
			d.ID, d.Path = prefix+d.ID, prefix+d.Path
			fam = append(fam, []*document.Document{&d})
		}
		sa, sb := open(t, srv.URL(), "a"+prefix[:2]), open(t, srv.URL(), "b"+prefix[:2])
		ea, eb := engine(t, sa), engine(t, sb)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for w, e := range []*provenance.Engine{ea, eb} {
			wg.Go(func() {
				<-start
				for i := w; i < len(fam); i += 2 {
					if _, err := e.Ingest(context.Background(), updates(e, fam[i:i+1])); err != nil {
						t.Errorf("ingest: %v", err)
					}
				}
			})
		}
		close(start)
		wg.Wait()
		n := 0
		sa.Families(t.Context(), 0, func(sf *provenance.StoredFamily) (bool, error) {
			d, err := sa.Doc(t.Context(), sf.Original)
			if err == nil && strings.HasPrefix(d.ID, prefix) {
				n++
				if len(sf.Members) != len(fam) {
					t.Errorf("round %d: a family of %d members, want %d", rounds, len(sf.Members), len(fam))
				}
			}
			return true, nil
		})
		if n != 1 {
			t.Errorf("round %d: %d families, want 1", rounds, n)
		}
		if rounds == 10 {
			break
		}
	}
	if rounds < 5 {
		t.Fatalf("only %d families of 3 or more to race on", rounds)
	}
}

func flatten(files [][]*document.Document) []*document.Document {
	var out []*document.Document
	for _, f := range files {
		for _, d := range f {
			c := *d
			out = append(out, &c)
		}
	}
	return out
}

// TestStore_lock checks that the lock keeps a second holder out, and that
// a holder that stops renewing it (a crashed process) loses it.
func TestStore_lock(t *testing.T) {
	srv := redistest.Start(t)
	a, b := open(t, srv.URL(), "a"), open(t, srv.URL(), "b")
	if err := a.Lock(t.Context()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
	if err := b.Lock(ctx); err == nil {
		t.Fatal("b took the lock a holds")
	}
	cancel()
	if err := a.Unlock(t.Context()); err != nil {
		t.Fatal(err)
	}
	if err := b.Lock(t.Context()); err != nil {
		t.Fatal(err)
	}
	// b crashes: it neither renews the lock nor gives it back.
	redis.Abandon(b)
	begin := time.Now()
	if err := a.Lock(t.Context()); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(begin); took > 5*time.Second || took < time.Second {
		t.Errorf("took %v to take a lock whose holder is gone: want about its lease, 2 s", took)
	}
	// A batch applied without the lock is refused.
	c := open(t, srv.URL(), "c")
	if err := c.Apply(t.Context(), &provenance.Batch{}); err == nil {
		t.Error("a batch applied without the lock was taken")
	}
}

// TestStore_cluster runs the two-engine case on a Redis Cluster of three
// masters.
func TestStore_cluster(t *testing.T) {
	cl := redistest.StartCluster(t)
	files := corpus(t, 40, 8)
	want := compareJSON(t, files)
	sa, sb := open(t, cl.URL(), "a"), open(t, cl.URL(), "b")
	ea, eb := engine(t, sa), engine(t, sb)
	half := len(files) / 2
	ingest(t, ea, files[:half], 9)
	ingest(t, eb, files[half:], 9)
	if got := storeJSON(t, sb); got != want {
		t.Fatalf("the cluster holds other than compare's answer:\n%s", firstDiff(got, want))
	}
	// Its size counts the node that holds the data: over a kilobyte a
	// document.
	if size, err := sb.Size(); err != nil || size < int64(len(files))*1000 {
		t.Errorf("cluster size %d bytes for %d documents (%v)", size, len(files), err)
	}
}

// TestOpen_badURL checks URLs are refused clearly, passwords unshown.
func TestOpen_badURL(t *testing.T) {
	for _, u := range []string{"http://x", "redis://:secret@127.0.0.1:1/0", "redis+cluster://user:secret@127.0.0.1:1,127.0.0.1:2"} {
		_, err := redis.Open(t.Context(), u, redis.Options{Daemon: "a"})
		if err == nil {
			t.Errorf("Open(%q) worked", u)
			continue
		}
		if strings.Contains(err.Error(), "secret") {
			t.Errorf("Open(%q): %v shows the password", u, err)
		}
	}
}

// TestStore_password opens a server that requires a password: the right
// one works, and no error shows the password.
func TestStore_password(t *testing.T) {
	srv := redistest.Start(t, "--requirepass", "s3cret-pass")
	good := strings.Replace(srv.URL(), "redis://", "redis://:s3cret-pass@", 1)
	st := open(t, good, "a")
	if _, err := st.Counters(t.Context()); err != nil {
		t.Fatalf("with the password: %v", err)
	}
	bad := strings.Replace(srv.URL(), "redis://", "redis://:wrong-pass@", 1)
	_, err := redis.Open(t.Context(), bad, redis.Options{Daemon: "a"})
	if err == nil {
		t.Fatal("a wrong password was taken")
	}
	if strings.Contains(err.Error(), "wrong-pass") {
		t.Errorf("the error shows the password: %v", err)
	}
	if r := redis.Redact(good); strings.Contains(r, "s3cret") {
		t.Errorf("Redact(%q) = %q", good, r)
	}
}

// TestStore_expire bounds a shared store from one engine: the other sees
// the documents go.
func TestStore_expire(t *testing.T) {
	srv := redistest.Start(t)
	files := corpus(t, 30, 9)
	sa, sb := open(t, srv.URL(), "a"), open(t, srv.URL(), "b")
	ea, eb := engine(t, sa), engine(t, sb)
	ingest(t, ea, files, 10)
	if _, err := ea.Expire(t.Context(), time.Time{}, 40); err != nil {
		t.Fatal(err)
	}
	if err := eb.Sync(t.Context()); err != nil {
		t.Fatal(err)
	}
	if a, b := ea.Len(), eb.Len(); a != 40 || b != 40 {
		t.Errorf("after keeping 40: %d and %d documents", a, b)
	}
	out, err := report.FromStore(t.Context(), sb)
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Documents) != 40 {
		t.Errorf("Redis holds %d documents, want 40", len(out.Documents))
	}
}

// TestStore_commonElsewhere: a short document and a long one share a
// notice; another engine's documents make the notice common (their pair
// is dropped there), then this engine's copies of the long one make its
// text common, and the pair is a match again. Which pairs text becoming
// common can change, this engine cannot know from its own verifications
// alone: the end must still be compare's answer.
func TestStore_commonElsewhere(t *testing.T) {
	srv := redistest.Start(t)
	g := textgen.New(79)
	notice := "Status of this memo: " + g.Text(100)
	body := g.Text(500)
	doc := func(id, text string) []*document.Document {
		return []*document.Document{{ID: id, Path: id, Text: []byte(text)}}
	}
	first := [][]*document.Document{doc("short.txt", notice+"\n\n"+g.Text(120)), doc("long.txt", notice+"\n\n"+body)}
	var other, copies [][]*document.Document
	for i := range 6 {
		other = append(other, doc(fmt.Sprintf("u%d.txt", i), notice+"\n\n"+g.Text(500)))
	}
	for i := range 10 {
		copies = append(copies, doc(fmt.Sprintf("z-copy%d.txt", i), notice+"\n\n"+body+"\n\n"+g.Text(800)))
	}
	all := append(append(slices.Clone(first), other...), copies...)
	want := compareJSON(t, all)
	if !strings.Contains(want, `"b": "short.txt"`) {
		t.Fatal("compare finds no match of long.txt and short.txt: the test no longer shows a match made late")
	}
	sa, sb := open(t, srv.URL(), "a"), open(t, srv.URL(), "b")
	ea, eb := engine(t, sa), engine(t, sb)
	ingest(t, ea, first, 1)
	ingest(t, eb, other, 1)
	ingest(t, ea, copies, 1)
	if got := storeJSON(t, sa); got != want {
		t.Fatalf("Redis holds other than compare's answer:\n%s", firstDiff(got, want))
	}
}

// TestStore_commonReplayed: documents of no source stored by another
// engine make a notice common text; this engine, which learns that by
// replaying their batches, must then drop the notice from a check as an
// engine that loads the store does, rather than match on it.
func TestStore_commonReplayed(t *testing.T) {
	srv := redistest.Start(t)
	g := textgen.New(83)
	notice := "Status of this memo: " + g.Text(100)
	var docs [][]*document.Document
	for i := range 6 {
		id := fmt.Sprintf("u%d.txt", i)
		docs = append(docs, []*document.Document{{ID: id, Path: id, Text: []byte(notice + "\n\n" + g.Text(500))}})
	}
	sa, sb := open(t, srv.URL(), "a"), open(t, srv.URL(), "b")
	ea, eb := engine(t, sa), engine(t, sb) // b opened first: it replays a's batches
	ingest(t, ea, docs, 1)
	probe := &document.Document{ID: "probe.txt", Path: "probe.txt", Text: []byte(notice + "\n\n" + g.Text(500))}
	loaded := engine(t, open(t, srv.URL(), "c"))
	for _, c := range []struct {
		name string
		e    *provenance.Engine
	}{{"the engine that stored them", ea}, {"an engine opened after", loaded}, {"an engine that replayed them", eb}} {
		res, err := c.e.Check(t.Context(), c.e.Prepare(probe))
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Matches) != 0 {
			t.Errorf("%s: the probe matches %d documents on a common notice, want none", c.name, len(res.Matches))
		}
	}
}
