package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/provenance-dev/provenance/document"
	"github.com/provenance-dev/provenance/report"
)

const reprintDir = "../../testdata/formats/reprint"

// The reprint fixtures: seed 003 as RFE/RL's HTML page and seed 001 as an
// item of American Military News' RSS feed.
const (
	htmlOriginal = "rferl-putin-goals.html"
	rssReprint   = "amn-feed.rss#https://americanmilitarynews.com/?p=412806"
)

// reprintTruth is the answer for testdata/formats/reprint, with IDs named
// through rename (fixture ID -> ID in the output).
func checkReprint(t *testing.T, out *report.Output, rename func(string) string) {
	t.Helper()
	if len(out.Documents) != 9 {
		t.Errorf("got %d documents, want 9 (5 files, 3 of them with 2 items)", len(out.Documents))
	}
	if len(out.Families) != 1 {
		t.Fatalf("got %d families, want 1: %+v", len(out.Families), out.Families)
	}
	f := out.Families[0]
	want := []string{rename(htmlOriginal), rename(rssReprint)}
	got := slices.Clone(f.Members)
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("family members = %q, want %q", got, want)
	}
	if f.Original != rename(htmlOriginal) {
		t.Errorf("original = %s, want the HTML page %s", f.Original, rename(htmlOriginal))
	}
	if len(f.Edges) != 1 || f.Edges[0].From != rename(htmlOriginal) || f.Edges[0].To != rename(rssReprint) ||
		!f.Edges[0].Attributed || f.Edges[0].Confidence <= 0.9 {
		t.Errorf("edges = %+v, want one attributed edge %s -> %s with confidence > 0.9", f.Edges, rename(htmlOriginal), rename(rssReprint))
	}
	evidence := strings.Join(f.Edges[0].Evidence, "\n")
	for _, w := range []string{"credits", "Radio Free Europe/Radio Liberty", "published 2025-07-03 15:48 UTC, before"} {
		if !strings.Contains(evidence, w) {
			t.Errorf("evidence lacks %q:\n%s", w, evidence)
		}
	}
	docs := map[string]report.Document{}
	for _, d := range out.Documents {
		docs[d.ID] = d
	}
	// Metadata from the page's meta tags and JSON-LD, and from the feed.
	if d := docs[rename(htmlOriginal)]; d.Source != "Radio Free Europe/Radio Liberty" || d.Published != "2025-07-03T15:48:00Z" ||
		!strings.HasPrefix(d.URL, "https://www.rferl.org/a/") || !strings.HasPrefix(d.Title, "Putin Tells Trump") {
		t.Errorf("HTML document = %+v, want RFE/RL's source (made canonical), date, URL and title", d)
	}
	if d := docs[rename(rssReprint)]; d.Source != "American Military News" || d.Published != "2025-07-03T16:27:12Z" ||
		d.Author != "Radio Free Europe/Radio Liberty" || !strings.HasPrefix(d.URL, "https://americanmilitarynews.com/2025/07/") {
		t.Errorf("RSS document = %+v, want AMN's source, date, author and URL", d)
	}
}

// TestCompare_reprintHTMLAndRSS: the same reprint arrives as an HTML page
// from one source and as an RSS item from another, among the other seeds
// as Atom, JSON Lines and JSON Feed; compare finds the page as the
// original of the item and joins nothing else. With --include-text every
// passage's offsets cut the same words out of both extracted texts.
func TestCompare_reprintHTMLAndRSS(t *testing.T) {
	code, stdout, stderr := runCmd(t, "compare", "--format", "json", "--include-text", reprintDir)
	if code != 0 {
		t.Fatalf("exit %d, stderr %s", code, stderr)
	}
	if stderr != "" {
		t.Errorf("stderr = %q, want nothing", stderr)
	}
	out := decode(t, stdout)
	checkReprint(t, out, func(s string) string { return s })

	text := map[string]string{}
	for _, d := range out.Documents {
		if d.Text == "" || !utf8.ValidString(d.Text) {
			t.Errorf("document %s has no text, or text that is not UTF-8", d.ID)
		}
		text[d.ID] = d.Text
	}
	if len(out.Matches) == 0 {
		t.Fatal("no matches")
	}
	for _, m := range out.Matches {
		for _, p := range m.Passages {
			a, b := text[m.A], text[m.B]
			if p.AStart < 0 || p.AEnd > len(a) || p.AStart >= p.AEnd || p.BStart < 0 || p.BEnd > len(b) || p.BStart >= p.BEnd {
				t.Fatalf("passage %+v out of range of texts of %d and %d bytes", p, len(a), len(b))
			}
			wa, wb := words(a[p.AStart:p.AEnd]), words(b[p.BStart:p.BEnd])
			if n := 4; len(wa) < n || len(wb) < n || !slices.Equal(wa[:n], wb[:n]) || !slices.Equal(wa[len(wa)-n:], wb[len(wb)-n:]) {
				t.Errorf("passage %+v: %q in %s and %q in %s do not start and end with the same words", p, a[p.AStart:p.AEnd], m.A, b[p.BStart:p.BEnd], m.B)
			}
		}
	}
}

// words splits s into lower-case words without their punctuation.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// TestCompare_reprintWrongExtensions: the formats are found by content, so
// the page saved as .txt and the feed saved as .json give the same answer.
func TestCompare_reprintWrongExtensions(t *testing.T) {
	dir := t.TempDir()
	names := map[string]string{
		"rferl-putin-goals.html": "page.txt",
		"amn-feed.rss":           "feed.json",
		"novinite.atom":          "novinite.xml",
		"world-desk.jsonl":       "world-desk.jsonl",
		"briefing.json":          "briefing.txt",
	}
	for from, to := range names {
		data, err := os.ReadFile(filepath.Join(reprintDir, from))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, to), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, stdout, stderr := runCmd(t, "compare", "--format", "json", dir)
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	checkReprint(t, decode(t, stdout), func(s string) string {
		file, item, _ := strings.Cut(s, "#")
		if item != "" {
			return names[file] + "#" + item
		}
		return names[file]
	})
}

// TestCompare_aliasFile: a credit that names the original's outlet by a
// name only the user's alias file knows makes the edge attributed.
func TestCompare_aliasFile(t *testing.T) {
	dir := t.TempDir()
	seed, err := os.ReadFile(filepath.Join(seedDir, "003_4a810195dea697d2.txt"))
	if err != nil {
		t.Fatal(err)
	}
	paras := strings.Split(string(seed), "\n\n")
	orig := `{"id": "o1", "source": "Harbour Gazette", "published": "2025-07-03T10:00:00Z", "text": ` + jsonString(string(seed)) + "}\n"
	copyText := "This article was first published by HG Online and is republished here with permission.\n\n" + strings.Join(paras[2:12], "\n\n")
	write := func(name, data string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("orig.jsonl", orig)
	write("copy.txt", copyText)
	aliases := write("aliases.conf", "# our outlets\nHarbour Gazette | HG Online | harbour-gazette.example\n")

	// The copy's credit names an outlet; whether it is the original's
	// source shows in the evidence.
	evidence := func(args ...string) string {
		t.Helper()
		code, stdout, stderr := runCmd(t, append([]string{"compare", "--format", "json"}, args...)...)
		if code != 0 {
			t.Fatalf("exit %d, stderr %s", code, stderr)
		}
		out := decode(t, stdout)
		if len(out.Families) != 1 || len(out.Families[0].Edges) != 1 || out.Families[0].Original != "orig.jsonl#o1" {
			t.Fatalf("families = %+v, want orig.jsonl#o1 -> copy.txt", out.Families)
		}
		return strings.Join(out.Families[0].Edges[0].Evidence, "\n")
	}
	const named = "copy.txt credits orig.jsonl#o1's source (Harbour Gazette)"
	if ev := evidence(dir); strings.Contains(ev, named) {
		t.Errorf("without the alias file, evidence says %q:\n%s", named, ev)
	}
	if ev := evidence("--aliases", aliases, dir); !strings.Contains(ev, named) {
		t.Errorf("with the alias file, evidence lacks %q:\n%s", named, ev)
	}
	// The table is restored after the run.
	if ev := evidence(dir); strings.Contains(ev, named) {
		t.Errorf("the alias file is still in force after the run that named it:\n%s", ev)
	}
}

func jsonString(s string) string {
	var b bytes.Buffer
	for _, r := range s {
		switch r {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '\n':
			b.WriteString(`\n`)
		default:
			b.WriteRune(r)
		}
	}
	return `"` + b.String() + `"`
}

func TestCompare_formatFlags(t *testing.T) {
	dir := t.TempDir()
	badAliases := filepath.Join(dir, "bad.aliases")
	if err := os.WriteFile(badAliases, []byte("Only One Name\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	custom := "../../testdata/formats/json/custom-fields.jsonl"
	runCases(t, []cliCase{
		{name: "bad input format", args: []string{"compare", "--format-in", "pdf", seedDir}, code: 2, stderr: `unknown input format "pdf"`},
		{name: "include-text without json", args: []string{"compare", "--include-text", seedDir}, code: 2, stderr: "--include-text needs --format json"},
		{name: "bad json field", args: []string{"compare", "--json-field", "body", seedDir}, code: 2, stderr: "want PART=NAME"},
		{name: "unknown json part", args: []string{"compare", "--json-field", "summary=x", seedDir}, code: 2, stderr: "PART one of id"},
		{name: "missing alias file", args: []string{"compare", "--aliases", filepath.Join(dir, "nope"), seedDir}, code: 1, stderr: "no such file"},
		{name: "bad alias file", args: []string{"compare", "--aliases", badAliases, seedDir}, code: 1, stderr: "line 1: want two or more names"},
		{name: "default fields", args: []string{"compare", "--format", "json", custom}, code: 0,
			stdout: `"id": "custom-fields.jsonl#2",`},
		{name: "no such text field", args: []string{"compare", "--json-field", "text=summary,abstract", custom}, code: 1,
			stderr: "custom-fields.jsonl: no documents: no line holds an object with a text field (summary, abstract)\n"},
		{name: "custom json fields", args: []string{"compare", "--format", "json", "--json-field", "text=body", "--json-field", "id=uid",
			"--json-field", "source=outlet.name", "--json-field", "published=ts", custom},
			code: 0, stdout: `"id": "custom-fields.jsonl#1002",` + "\n" + `      "path": "` + custom + `",` + "\n" + `      "source": "Valley Times",` + "\n" +
				`      "title": "Bridge on the old mill road reopens",` + "\n" + `      "url": "https://valley-times.example/a/1002",` + "\n" + `      "published": "2025-07-04T10:00:00Z",`},
		{name: "forced text format", args: []string{"compare", "--format", "json", "--format-in", "text", reprintDir + "/briefing.json"}, code: 0,
			stdout: `"id": "briefing.json",`},
		{name: "forced feed format on text", args: []string{"compare", "--format-in", "feed", seedDir + "/000_2937969c31d5780b.txt"}, code: 1,
			stderr: "000_2937969c31d5780b.txt: no documents: not an RSS, Atom or JSON feed"},
	})
}

// TestCompare_progress: on a terminal the reading shows files, megabytes,
// rate and time left, then that comparing goes on, and the line is cleared
// before the skipped files are named; with --quiet, or off a terminal,
// nothing is shown.
func TestCompare_progress(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "empty.txt"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(terminal bool, args ...string) (string, string) {
		clock := time.Date(2025, 7, 3, 12, 0, 0, 0, time.UTC)
		var stdout, stderr bytes.Buffer
		c := &compareCommand{stdout: &stdout, stderr: &stderr,
			terminal: func(w io.Writer) bool { return terminal },
			now: func() time.Time {
				clock = clock.Add(time.Second) // each look at the clock is a second later
				return clock
			}}
		if err := c.Run(context.Background(), append(args, seedDir, dir)); err != nil {
			t.Fatalf("Run: %v", err)
		}
		return stdout.String(), stderr.String()
	}
	_, stderr := run(true, "--workers", "1")
	for _, want := range []string{"\rreading: 1/7 files, 0.0/0.0 MiB, ", " MiB/s, ETA ", "\rreading: 7/7 files", "; comparing for ", "\r\x1b[Kprovenance: skipped "} {
		if !strings.Contains(stderr, want) {
			t.Errorf("progress on a terminal lacks %q:\n%q", want, stderr)
		}
	}
	for _, tt := range []struct {
		name     string
		terminal bool
		args     []string
	}{
		{"quiet", true, []string{"--quiet"}},
		{"q", true, []string{"-q"}},
		{"not a terminal", false, nil},
	} {
		_, stderr := run(tt.terminal, tt.args...)
		if strings.Contains(stderr, "reading:") || strings.Contains(stderr, "\r") {
			t.Errorf("%s: stderr shows progress: %q", tt.name, stderr)
		}
		if !strings.Contains(stderr, "empty.txt: empty file") {
			t.Errorf("%s: stderr = %q, want the skipped file named", tt.name, stderr)
		}
	}
}

func TestProgress_line(t *testing.T) {
	start := time.Date(2025, 7, 3, 12, 0, 0, 0, time.UTC)
	now := start
	var buf bytes.Buffer
	p := newProgress(&buf, func() time.Time { return now })
	p.Found(4, 4<<20)
	if buf.Len() != 0 {
		t.Errorf("progress drawn before %v: %q", progressDelay, buf.String())
	}
	now = start.Add(time.Second)
	p.Read(document.Input{}, 1<<20)
	now = start.Add(1100 * time.Millisecond) // too soon to redraw
	p.Read(document.Input{}, 0)
	now = start.Add(2 * time.Second)
	p.Read(document.Input{}, 1<<20)
	want := "\rreading: 1/4 files, 1.0/4.0 MiB, 1.0 MiB/s, ETA 3s\x1b[K" +
		"\rreading: 3/4 files, 2.0/4.0 MiB, 1.0 MiB/s, ETA 2s\x1b[K"
	if buf.String() != want {
		t.Errorf("progress = %q, want %q", buf.String(), want)
	}
	buf.Reset()
	now = start.Add(4 * time.Second)
	p.Read(document.Input{}, 2<<20) // the last file: drawn at once
	now = start.Add(10 * time.Second)
	p.draw(false)
	p.Done()
	want = "\rreading: 4/4 files, 4.0/4.0 MiB, 1.0 MiB/s; comparing for 0s\x1b[K" +
		"\rreading: 4/4 files, 4.0/4.0 MiB, 1.0 MiB/s; comparing for 6s\x1b[K" + "\r\x1b[K"
	if buf.String() != want {
		t.Errorf("progress = %q, want %q", buf.String(), want)
	}

	// The redrawing goroutine stops with Done.
	q := newProgress(io.Discard, time.Now)
	q.Start()
	q.Found(1, 1)
	q.Done()
}

// TestCompare_badInputFolder: a feed folder with bad files of every format
// beside the reprint: each bad file or item is named on one line with its
// reason, the summary counts them, and the answer is still found.
func TestCompare_badInputFolder(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"rferl-putin-goals.html", "amn-feed.rss"} {
		data, err := os.ReadFile(filepath.Join(reprintDir, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	bad := map[string]string{ // file name: its content
		"empty.html":     "",
		"binary.rss":     "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
		"truncated.json": `[{"id": "a", "text": "cut`,
		"damaged.txt":    "caf\xc3\xa9 cr\xe8me",
		"no-items.atom":  `<feed xmlns="http://www.w3.org/2005/Atom"><title>Nothing</title></feed>`,
		"lines.jsonl":    "{\"id\": \"x\", \"text\": \"A record of a few words.\"}\n{\"id\": \"x\", \"text\": \"Again.\"}\n{broken\n",
		"noise.html":     "<html><body><nav><a href='/'>Home</a></nav><script>x()</script></body></html>",
	}
	wantLines := map[string][]string{ // file name: the reasons given for it
		"empty.html":     {"empty file"},
		"binary.rss":     {"binary file"},
		"truncated.json": {"malformed JSON: cut off at byte 25 (truncated)"},
		"damaged.txt":    {"invalid UTF-8 at byte 8"},
		"no-items.atom":  {"feed has no items"},
		"lines.jsonl":    {`line 2: duplicate document id "lines.jsonl#x" (also line 1)`, "line 3: malformed JSON"},
		"noise.html":     {"no words in text"},
	}
	for name, data := range bad {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, stdout, stderr := runCmd(t, "compare", "--width", "0", dir)
	if code != 0 {
		t.Fatalf("exit %d, stderr %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	n := 0
	for name, reasons := range wantLines {
		n += len(reasons)
		var got []string
		for _, l := range lines {
			if strings.Contains(l, filepath.Join(dir, name)+": ") {
				got = append(got, l)
			}
		}
		if len(got) != len(reasons) {
			t.Errorf("%d lines name %s, want %d:\n%s", len(got), name, len(reasons), stderr)
			continue
		}
		for i, r := range reasons {
			if !strings.Contains(got[i], r) || !strings.HasPrefix(got[i], "provenance: skipped ") {
				t.Errorf("line %q, want it to say %q", got[i], r)
			}
		}
	}
	if len(lines) != n {
		t.Errorf("stderr has %d lines, want %d:\n%s", len(lines), n, stderr)
	}
	if want := fmt.Sprintf("5 documents: 1 family of copies (2 documents); 3 documents in no family.\n%d inputs could not be used (named on standard error).\n", n); !strings.HasPrefix(stdout, want) {
		t.Errorf("report starts %q, want %q", strings.Join(strings.SplitN(stdout, "\n", 3)[:2], "\n"), want)
	}
	if !strings.Contains(stdout, "A  rferl-putin-goals.html  original") || !strings.Contains(stdout, "B  "+rssReprint+"  copy of A, credited") {
		t.Errorf("report lacks the family:\n%s", stdout)
	}
}
