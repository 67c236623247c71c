package htmlreport

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/provenance-dev/provenance/report"
)

// hostileOutput reads the hostile fixture: documents whose ID, title,
// source, author, URL, path and text, a family ID, evidence and a
// skipped reason hold markup, script, a javascript: URL and control
// characters.
func hostileOutput(t testing.TB) *report.Output {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "hostile.json"))
	if err != nil {
		t.Fatal(err)
	}
	var out report.Output
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return &out
}

// hostileStrings are the markup the fixture holds.
var hostileStrings = []string{"<script>alert(1)</script>", "<img src=x onerror=alert(1)>", `"><svg onload=alert(1)>`}

// allowedTags are the elements the page is made of.
var allowedTags = map[string]bool{
	"html": true, "head": true, "meta": true, "title": true, "link": true, "style": true, "body": true, "script": true,
	"a": true, "header": true, "h1": true, "h2": true, "h3": true, "h4": true, "dl": true, "dt": true, "dd": true, "div": true,
	"p": true, "main": true, "section": true, "label": true, "input": true, "select": true, "option": true, "kbd": true,
	"nav": true, "span": true, "ol": true, "ul": true, "li": true, "bdi": true, "code": true, "time": true, "details": true,
	"summary": true, "noscript": true, "template": true, "article": true, "svg": true, "defs": true, "marker": true,
	"path": true, "g": true, "rect": true, "text": true, "mark": true, "del": true, "ins": true, "button": true,
}

// TestWrite_hostile checks that nothing of the hostile fixture becomes
// markup: no element, attribute or URL of it, no control character; its
// strings are shown as text; and the page's policy allows its own script
// and style only.
func TestWrite_hostile(t *testing.T) {
	out := hostileOutput(t)
	for _, opt := range []Options{{}, {BaseLink: "./", Open: out.Families[0].ID}} {
		page, doc := render(t, out, opt)
		for _, h := range hostileStrings {
			if strings.Contains(page, h) {
				t.Errorf("the page holds %q unescaped", h)
			}
		}
		for _, s := range []string{"<img", "<svg onload", "<script>alert", `href="javascript`} {
			if strings.Contains(page, s) {
				t.Errorf("the page holds %q", s)
			}
		}
		for i, r := range page {
			if (r < 0x20 && r != '\n' && r != '\t' && r != '\r') || (r >= 0x7f && r < 0xa0) {
				t.Errorf("control character %U at %d", r, i)
				break
			}
		}
		scripts := 0
		all(doc, func(n *html.Node) bool {
			if !allowedTags[n.Data] {
				t.Errorf("element <%s> in the page", n.Data)
			}
			if n.Data == "script" {
				scripts++
			}
			if n.Data == "svg" && !hasClass(n, "lineage") {
				t.Errorf("an <svg> not the page's")
			}
			for _, a := range n.Attr {
				if strings.HasPrefix(strings.ToLower(a.Key), "on") {
					t.Errorf("attribute %s=%q on <%s>", a.Key, a.Val, n.Data)
				}
				if (a.Key == "href" || a.Key == "src") && strings.Contains(strings.ToLower(a.Val), "script") {
					t.Errorf("%s=%q on <%s>", a.Key, a.Val, n.Data)
				}
			}
			return false
		})
		if scripts != 1 {
			t.Errorf("%d script elements, want the page's one", scripts)
		}
		// The strings are there, as text.
		body := text(doc)
		for _, h := range hostileStrings {
			if !strings.Contains(body, h) {
				t.Errorf("%q is not shown as text", h)
			}
		}
		checkPolicy(t, doc)
	}
	// The copy's credit line, which holds a script element, is marked as
	// text.
	_, doc := render(t, out, Options{})
	tp := one(t, doc, "#tp-0-0", byID("tp-0-0"))
	credit := one(t, one(t, tp, "the copy's side", byAttr("div", "data-side", "b")), "mark.credit", byClass("mark", "credit"))
	if got := text(credit); got != "This article was originally published by <script>alert(1)</script> and is reprinted with permission." {
		t.Errorf("the credit line: %q", got)
	}
	// The passage is the text at the offsets, though the text around it
	// holds markup.
	m := out.Matches[0] // a is the copy
	for _, s := range all(tp, byClass("div", "side")) {
		side, _ := attr(s, "data-side")
		p := one(t, s, "passage", byClass("span", "psg"))
		d, from, to := out.Documents[1], m.Passages[0].BStart, m.Passages[0].BEnd
		if side == "b" {
			d, from, to = out.Documents[0], m.Passages[0].AStart, m.Passages[0].AEnd
		}
		if got := text(p); got != d.Text[from:to] {
			t.Errorf("side %s: passage %q, want %q", side, got, d.Text[from:to])
		}
	}
}

// checkPolicy checks that the page's Content-Security-Policy allows no
// source but its own script and style, by hash.
func checkPolicy(t *testing.T, doc *html.Node) {
	t.Helper()
	meta := one(t, doc, "the policy", byAttr("meta", "http-equiv", "Content-Security-Policy"))
	policy, _ := attr(meta, "content")
	if policy != ContentSecurityPolicy() || !strings.HasPrefix(policy, "default-src 'none'; ") {
		t.Errorf("policy %q", policy)
	}
	for _, tag := range []string{"script", "style"} {
		el := one(t, doc, tag, func(n *html.Node) bool { return n.Data == tag })
		sum := sha256.Sum256([]byte(text(el)))
		want := tag + "-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
		if !strings.Contains(policy, want) {
			t.Errorf("the policy does not allow the page's %s: want %q in %q", tag, want, policy)
		}
	}
	if strings.Contains(policy, "unsafe") {
		t.Errorf("the policy allows unsafe sources: %q", policy)
	}
}

func TestClean(t *testing.T) {
	for in, want := range map[string]string{
		"plain text\n\twith tabs\r\n": "plain text\n\twith tabs\r\n",
		"nul\x00bell\x07esc\x1b":      "nul\u2400bell\u2407esc\u241b",
		"del\x7f c1\u0085 nbsp\u00a0": "del\u2421 c1\ufffd nbsp\u00a0",
		"bad\xffutf8":                 "bad\ufffdutf8",
	} {
		if got := clean(in); got != want {
			t.Errorf("clean(%q) = %q, want %q", in, got, want)
		}
	}
}
