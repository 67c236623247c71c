package watch_test

import (
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// page fetches one of the daemon's pages.
func (h *harness) page(path string) (int, http.Header, string) {
	h.t.Helper()
	resp, err := http.Get("http://" + h.d.Addr() + path)
	if err != nil {
		h.t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		h.t.Fatalf("GET %s: %v", path, err)
	}
	return resp.StatusCode, resp.Header, string(b)
}

// rowIDs are the family IDs of a page's rows, in order.
var rowIDs = regexp.MustCompile(`<li class="fam" data-i="\d+" data-id="([^"]+)"`)

func rows(body string) []string {
	var out []string
	for _, m := range rowIDs.FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

// TestDaemon_pages drops in 003 and its copy 001: the overview lists
// their family, linking to its page, which holds both texts and the
// side-by-side view; unknown families and pages are HTML errors.
func TestDaemon_pages(t *testing.T) {
	h := start(t, t.TempDir(), t.TempDir(), nil)
	h.settle()
	for _, n := range []string{seedNames[3], seedNames[1]} {
		put(t, filepath.Join(h.feeds, n), seed(t, n))
	}
	h.waitFor("the family of 003 and 001", func() bool { return len(h.families()) == 1 })
	h.settle()
	fam := h.families()[0]

	code, hdr, body := h.page("/")
	if code != 200 || !strings.HasPrefix(hdr.Get("Content-Type"), "text/html") {
		t.Fatalf("GET /: status %d, %s", code, hdr.Get("Content-Type"))
	}
	if csp := hdr.Get("Content-Security-Policy"); !strings.HasPrefix(csp, "default-src 'none'") {
		t.Errorf("GET /: policy %q", csp)
	}
	if got := rows(body); !slices.Equal(got, []string{fam.ID}) {
		t.Errorf("GET /: rows %q, want the family %s", got, fam.ID)
	}
	for _, s := range []string{seedNames[1], seedNames[3], `href="./families/` + fam.ID + `"`, "American Military News",
		"credits its source", "Documents stored"} {
		if !strings.Contains(body, s) {
			t.Errorf("GET /: no %q", s)
		}
	}
	if strings.Contains(body, "This article was originally published") {
		t.Errorf("GET /: the overview holds texts")
	}

	code, hdr, body = h.page("/families/" + fam.ID)
	if code != 200 || !strings.HasPrefix(hdr.Get("Content-Type"), "text/html") {
		t.Fatalf("GET /families/%s: status %d", fam.ID, code)
	}
	for _, s := range []string{seedNames[1], seedNames[3], `data-open="` + fam.ID + `"`, `data-back="../"`,
		`<template id="tp-0-0">`, `<svg class="lineage"`, fmt.Sprintf("%.2f", fam.Edges[0].Confidence),
		`<mark class="credit">This article was originally`, // 001's text
		"dimming White House hopes",                        // 003's
	} {
		if !strings.Contains(body, s) {
			t.Errorf("GET /families/%s: no %q", fam.ID, s)
		}
	}

	for _, c := range []struct {
		path string
		code int
	}{{"/families/fnope", 404}, {"/?page=2", 404}, {"/?page=0", 400}, {"/?per=x", 400}} {
		code, hdr, body := h.page(c.path)
		if code != c.code || !strings.HasPrefix(hdr.Get("Content-Type"), "text/html") || !strings.Contains(body, "<h1>") {
			t.Errorf("GET %s: status %d, %s, want %d and an HTML page", c.path, code, hdr.Get("Content-Type"), c.code)
		}
	}
}

// TestDaemon_pagesPaging checks that the overview pages its families,
// largest first, each family on one page.
func TestDaemon_pagesPaging(t *testing.T) {
	dir, _ := genCorpus(t, 5, 91)
	feeds := t.TempDir()
	h := start(t, feeds, t.TempDir(), nil)
	h.settle()
	filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() && strings.HasSuffix(path, ".txt") {
			b, _ := os.ReadFile(path)
			rel, _ := filepath.Rel(dir, path)
			put(t, filepath.Join(feeds, rel), b)
		}
		return nil
	})
	h.waitFor("the families", func() bool { return len(h.families()) >= 3 })
	h.settle()
	fams := h.families()
	size := map[string]int{}
	for _, f := range fams {
		size[f.ID] = len(f.Members)
	}
	var all []string
	for n := 1; ; n++ {
		code, _, body := h.page("/?per=2&page=" + string(rune('0'+n)))
		if code != 200 {
			t.Fatalf("page %d: status %d", n, code)
		}
		got := rows(body)
		if len(got) == 0 || len(got) > 2 {
			t.Fatalf("page %d: %d rows", n, len(got))
		}
		all = append(all, got...)
		if !strings.Contains(body, `rel="next"`) {
			break
		}
		if !strings.Contains(body, `href="./?page=`+string(rune('0'+n+1))+`&amp;per=2"`) {
			t.Errorf("page %d: no link to the next", n)
		}
	}
	want := make([]string, 0, len(fams))
	for _, f := range fams {
		want = append(want, f.ID)
	}
	if !slices.Equal(slices.Sorted(slices.Values(all)), slices.Sorted(slices.Values(want))) {
		t.Errorf("the pages list %q, want each of %q once", all, want)
	}
	for i := 1; i < len(all); i++ {
		if size[all[i]] > size[all[i-1]] {
			t.Errorf("%s (%d members) after %s (%d)", all[i], size[all[i]], all[i-1], size[all[i-1]])
		}
	}
}

// TestDaemon_pagesHostile drops in 003 and a copy of 001 whose file name
// and text hold markup: the pages show it as text.
func TestDaemon_pagesHostile(t *testing.T) {
	h := start(t, t.TempDir(), t.TempDir(), nil)
	h.settle()
	name := `x<img src=x onerror=alert(1)>".txt`
	put(t, filepath.Join(h.feeds, seedNames[3]), seed(t, seedNames[3]))
	put(t, filepath.Join(h.feeds, name), append(seed(t, seedNames[1]), "\n<script>alert(1)</script>\n\"><svg onload=alert(1)>\n"...))
	h.waitFor("the family", func() bool { return len(h.families()) == 1 })
	h.settle()
	fam := h.families()[0]
	if !slices.Contains(fam.Members, name) {
		t.Fatalf("the family's members are %q", fam.Members)
	}
	for _, path := range []string{"/", "/families/" + fam.ID} {
		code, _, body := h.page(path)
		if code != 200 {
			t.Fatalf("GET %s: status %d", path, code)
		}
		for _, raw := range []string{"<img", "<script>alert", "<svg onload"} {
			if strings.Contains(body, raw) {
				t.Errorf("GET %s holds %q", path, raw)
			}
		}
		if !strings.Contains(body, "x&lt;img src=x onerror=alert(1)&gt;&#34;.txt") {
			t.Errorf("GET %s does not show the file's name escaped", path)
		}
	}
	_, _, body := h.page("/families/" + fam.ID)
	for _, s := range []string{"&lt;script&gt;alert(1)&lt;/script&gt;", "&#34;&gt;&lt;svg onload=alert(1)&gt;"} {
		if !strings.Contains(body, s) {
			t.Errorf("the family's page does not show %q escaped", s)
		}
	}
}
