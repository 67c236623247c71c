package htmlreport

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image/png"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/provenance-dev/provenance/report"
)

// The browser tests drive headless Chromium through the DevTools protocol
// over the pages Write makes, opened from disk. They skip where no
// browser is installed. Screenshots go to $PROVENANCE_ARTIFACTS, or to a
// temporary folder the test logs.

// findBrowser returns the path of a Chromium or Chrome, or "".
func findBrowser() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// startBrowser starts a headless browser for the test, with a fresh
// profile, and returns its context.
func startBrowser(t *testing.T) context.Context {
	t.Helper()
	exe := findBrowser()
	if exe == "" {
		t.Skip("chromium not installed (Debian package chromium)")
	}
	profile, err := os.MkdirTemp("", "provenance-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		// The browser's helpers may write for a moment after it stops.
		for range 50 {
			if os.RemoveAll(profile) == nil {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox, // as root, in a container
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelBrowser := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelBrowser(); cancelAlloc() })
	// The first action binds the browser's life to its context: one
	// without a timeout.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start %s: %v", exe, err)
	}
	return ctx
}

// tab is a browser tab that records what the page asks of the network,
// writes to the console, and the dialogs it opens.
type tab struct {
	t   *testing.T
	ctx context.Context

	mu       sync.Mutex
	requests []string
	console  []string
	dialogs  int
}

// alertTrap replaces the dialog functions before any script of a page
// runs: a call counts in window.__alerts and opens nothing.
const alertTrap = `window.__alerts = 0;
for (const name of ['alert', 'confirm', 'prompt', 'print']) {
  window[name] = function () { window.__alerts++; };
}`

// openTab opens a tab of the browser, sized w x h.
func openTab(t *testing.T, browser context.Context, w, h int64) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser)
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil { // opens the tab, for the life of ctx
		t.Fatal(err)
	}
	ctx, cancelTimeout := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(cancelTimeout)
	tb := &tab{t: t, ctx: ctx}
	if err := chromedp.Listen(ctx, func(ev any) {
		tb.mu.Lock()
		defer tb.mu.Unlock()
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			tb.requests = append(tb.requests, ev.Request.URL)
		case *runtime.EventExceptionThrown:
			tb.console = append(tb.console, "exception: "+ev.ExceptionDetails.Text+" "+describe(ev.ExceptionDetails.Exception))
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeWarning {
				tb.console = append(tb.console, fmt.Sprintf("console.%s %v", ev.Type, len(ev.Args)))
			}
		case *log.EventEntryAdded:
			if ev.Entry.Level == log.EntryLevelError || ev.Entry.Level == log.EntryLevelWarning {
				tb.console = append(tb.console, "log: "+ev.Entry.Text)
			}
		case *page.EventJavascriptDialogOpening:
			tb.dialogs++
		}
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: alertTrap}); err != nil {
		t.Fatal(err)
	}
	tb.do(chromedp.EmulateViewport(w, h))
	return tb
}

func describe(o *runtime.RemoteObject) string {
	if o == nil {
		return ""
	}
	return o.Description
}

func (tb *tab) do(steps ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	if err := chromedp.Do(tb.ctx, steps...); err != nil {
		tb.t.Fatal(err)
	}
}

// eval evaluates a JavaScript expression into a T.
func eval[T any](tb *tab, expr string) T {
	tb.t.Helper()
	v, err := chromedp.Run(tb.ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		tb.t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// waitFor waits until a JavaScript expression is true.
func (tb *tab) waitFor(expr string) {
	tb.t.Helper()
	if err := chromedp.Do(tb.ctx, chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingTimeout(15*time.Second))); err != nil {
		tb.t.Fatalf("waiting for %s: %v", expr, err)
	}
}

func (tb *tab) keys(keys string) {
	tb.t.Helper()
	tb.do(chromedp.KeyEvent(keys))
}

// load writes a page and opens it from disk.
func (tb *tab) load(dir, name string, out *report.Output, opt Options) string {
	tb.t.Helper()
	path := filepath.Join(dir, name)
	f, err := os.Create(path)
	if err != nil {
		tb.t.Fatal(err)
	}
	if err := Write(f, out, opt); err != nil {
		tb.t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.t.Fatal(err)
	}
	u := (&url.URL{Scheme: "file", Path: path}).String()
	tb.do(chromedp.Navigate(u))
	return u
}

// reset forgets the requests and messages so far.
func (tb *tab) reset() {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	tb.requests, tb.console, tb.dialogs = nil, nil, 0
}

// quiet checks that the page asked nothing of the network but its own
// file, and wrote no error or warning.
func (tb *tab) quiet(page string) {
	tb.t.Helper()
	tb.mu.Lock()
	defer tb.mu.Unlock()
	for _, r := range tb.requests {
		if r != page && !strings.HasPrefix(r, "data:") {
			tb.t.Errorf("the page requested %s", r)
		}
	}
	for _, m := range tb.console {
		tb.t.Errorf("the console: %s", m)
	}
	tb.console = nil
}

// artifacts returns the folder screenshots go to.
func artifacts(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("PROVENANCE_ARTIFACTS")
	if dir == "" {
		dir = t.TempDir()
	} else {
		dir = filepath.Join(dir, "htmlreport")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// screenshot saves the viewport as name.png and checks it is a PNG of
// the viewport's size with more than one colour.
func (tb *tab) screenshot(dir, name string, w, h int) {
	tb.t.Helper()
	buf, err := chromedp.Run(tb.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		tb.t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(buf))
	if err != nil {
		tb.t.Fatalf("screenshot %s: %v", name, err)
	}
	if b := img.Bounds(); b.Dx() != w || b.Dy() != h {
		tb.t.Errorf("screenshot %s is %dx%d, want %dx%d", name, b.Dx(), b.Dy(), w, h)
	}
	first, other := img.At(0, 0), false
	for y := 0; y < img.Bounds().Dy() && !other; y += 7 {
		for x := 0; x < img.Bounds().Dx() && !other; x += 7 {
			other = img.At(x, y) != first
		}
	}
	if !other {
		tb.t.Errorf("screenshot %s is one colour", name)
	}
	path := filepath.Join(dir, name+".png")
	if err := os.WriteFile(path, buf, 0o644); err != nil {
		tb.t.Fatal(err)
	}
	tb.t.Logf("screenshot %s", path)
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// TestBrowser opens the pages in headless Chromium.
func TestBrowser(t *testing.T) {
	browser := startBrowser(t)
	shots := artifacts(t)
	t.Logf("screenshots in %s", shots)
	t.Run("seeds", func(t *testing.T) { browserSeeds(t, browser, shots) })
	t.Run("keyboard", func(t *testing.T) { browserKeyboard(t, browser) })
	t.Run("family page", func(t *testing.T) { browserFamilyPage(t, browser, shots) })
	t.Run("hostile", func(t *testing.T) { browserHostile(t, browser) })
	t.Run("large", func(t *testing.T) { browserLarge(t, browser) })
}

// browserSeeds checks the seeds' page: the family and its graph; a click
// on the copy opens the pair, whose passages are the JSON's spans; a
// click on a passage scrolls the other side to it; Escape closes; the
// page at phone width; screenshots.
func browserSeeds(t *testing.T, browser context.Context, shots string) {
	out := seedsOutput(t)
	fam := out.Families[0]
	tb := openTab(t, browser, 1280, 900)
	u := tb.load(t.TempDir(), "seeds.html", out, Options{Title: "provenance: the seeds"})

	if got := eval[[]string](tb, `[...document.querySelectorAll('#families > li.fam')].map(r => r.dataset.id)`); !slices.Equal(got, []string{fam.ID}) {
		t.Fatalf("families %q, want %q", got, fam.ID)
	}
	row := eval[string](tb, `document.querySelector('li.fam').innerText`)
	for _, s := range []string{seedOriginal, seedCopy, "credits its source"} {
		if !strings.Contains(row, s) {
			t.Errorf("the family's row does not show %q:\n%s", s, row)
		}
	}
	tb.screenshot(shots, "overview-desktop", 1280, 900)

	// The copy opens the pair, in the family's view with its graph.
	tb.do(chromedp.Click(chromedp.CSS(`li.fam a.copy`)))
	tb.waitFor(`document.querySelector('#detail .pair .side[data-side="b"] .psg') !== null`)
	if h := eval[string](tb, `location.hash`); h != "#f="+fam.ID+"&p=0" {
		t.Errorf("location.hash %q", h)
	}
	if eval[bool](tb, `document.getElementById('overview').hidden === false`) {
		t.Errorf("the overview is shown with the family")
	}
	graph := eval[map[string]any](tb, `(() => {
		const svg = document.querySelector('#detail svg.lineage');
		if (!svg) return {};
		return {nodes: svg.querySelectorAll('.gnode').length, label: svg.querySelector('.glabel text').textContent,
			orig: svg.querySelector('.gnode.orig title').textContent, width: svg.getBoundingClientRect().width};
	})()`)
	if graph["nodes"] != 2.0 || graph["label"] != fmt.Sprintf("%.2f", out.Families[0].Edges[0].Confidence) || !strings.HasPrefix(fmt.Sprint(graph["orig"]), seedOriginal) {
		t.Errorf("the graph: %v", graph)
	}
	if w, _ := graph["width"].(float64); w < 100 {
		t.Errorf("the graph is %v wide", graph["width"])
	}

	// Each highlighted passage is the text at the JSON's offsets: the
	// match's a is the copy (right), b the source (left).
	m := out.Matches[0]
	src, cp := docText(out, seedOriginal), docText(out, seedCopy)
	for i, p := range m.Passages {
		got := eval[[]string](tb, fmt.Sprintf(`['a', 'b'].map(s => [...document.querySelectorAll('#detail .pair .side[data-side="' + s + '"] .psg[data-p="%d"]')].map(e => e.textContent).join(''))`, i))
		if want := src[p.BStart:p.BEnd]; got[0] != want {
			t.Errorf("passage %d, the source's side:\n got %q\nwant %q", i, got[0], want)
		}
		if want := cp[p.AStart:p.AEnd]; got[1] != want {
			t.Errorf("passage %d, the copy's side:\n got %q\nwant %q", i, got[1], want)
		}
	}
	if got := eval[string](tb, `document.querySelector('#detail .side[data-side="b"] mark.credit').textContent.replace(/\s+/g, ' ')`); got != creditLine {
		t.Errorf("the credit line marked: %q", got)
	}

	// A click on the source's last passage scrolls the copy's side to it.
	last := len(m.Passages) - 1
	tb.do(chromedp.Evaluate[chromedp.Void](`document.querySelector('#detail .side[data-side="b"] .text').scrollTop = 0`))
	tb.do(chromedp.Click(chromedp.CSS(fmt.Sprintf(`#detail .side[data-side="a"] .psg[data-p="%d"]`, last))))
	tb.waitFor(fmt.Sprintf(`document.activeElement && document.activeElement.dataset.p === '%d' && document.activeElement.closest('.side').dataset.side === 'b'`, last))
	shown := eval[map[string]float64](tb, fmt.Sprintf(`(() => {
		const box = document.querySelector('#detail .side[data-side="b"] .text');
		const el = box.querySelector('.psg[data-p="%d"]');
		const b = box.getBoundingClientRect(), r = el.getClientRects()[0];
		return {scroll: box.scrollTop, top: r.top - b.top, bottom: b.bottom - r.bottom, vtop: b.top, vbottom: innerHeight - b.bottom};
	})()`, last))
	if shown["scroll"] <= 0 || shown["top"] < 0 || shown["bottom"] < 0 {
		t.Errorf("the copy's passage %d is not scrolled into its box: %v", last, shown)
	}
	tb.screenshot(shots, "pair-desktop", 1280, 900)

	// Escape closes the pair, then the family.
	tb.keys(kb.Escape)
	tb.waitFor(`document.querySelector('#detail .pair') === null && location.hash === '#f=` + fam.ID + `'`)
	tb.keys(kb.Escape)
	tb.waitFor(`document.getElementById('overview').hidden === false && document.getElementById('detail').hidden`)
	if got := eval[string](tb, `document.activeElement.closest('li.fam') ? document.activeElement.closest('li.fam').dataset.id : ''`); got != fam.ID {
		t.Errorf("after Escape the focus is on %q, want the family's row", got)
	}

	// In print: no controls, the texts whole, and a PDF.
	tb.do(chromedp.Evaluate[chromedp.Void](`location.hash = '#f=` + fam.ID + `&p=0'`))
	tb.waitFor(`document.querySelector('#detail .pair') !== null`)
	if _, err := chromedp.Call(tb.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	printed := eval[map[string]string](tb, `(() => {
		const css = s => getComputedStyle(document.querySelector(s));
		return {nav: css('#detail .psg-nav').display, close: css('#detail .close-pair').display,
			height: css('#detail .side[data-side="b"] .text').maxHeight, overflow: css('#detail .side[data-side="b"] .text').overflowY};
	})()`)
	if printed["nav"] != "none" || printed["close"] != "none" || printed["height"] != "none" || printed["overflow"] != "visible" {
		t.Errorf("in print: %v", printed)
	}
	pdf, err := chromedp.Run(tb.ctx, chromedp.PrintToPDF())
	if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF")) || len(pdf) < 10000 {
		t.Errorf("printing: %d bytes, %v", len(pdf), err)
	} else if err := os.WriteFile(filepath.Join(shots, "pair.pdf"), pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(tb.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{}); err != nil {
		t.Fatal(err)
	}
	tb.keys(kb.Escape)
	tb.keys(kb.Escape)
	tb.waitFor(`document.getElementById('overview').hidden === false`)

	// At phone width: nothing wider than the screen; the texts stacked.
	tb.do(chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
	tb.do(chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`))
	if w := eval[float64](tb, `document.documentElement.scrollWidth`); w > 390 {
		t.Errorf("the overview is %v wide at phone width", w)
	}
	tb.screenshot(shots, "overview-phone", 390, 844)
	tb.do(chromedp.Evaluate[chromedp.Void](`location.hash = '#f=` + fam.ID + `&p=0'`))
	tb.waitFor(`document.querySelector('#detail .pair') !== null`)
	stack := eval[map[string]float64](tb, `(() => {
		const a = document.querySelector('#detail .side[data-side="a"]').getBoundingClientRect();
		const b = document.querySelector('#detail .side[data-side="b"]').getBoundingClientRect();
		return {aBottom: a.bottom, bTop: b.top, width: document.documentElement.scrollWidth};
	})()`)
	if stack["bTop"] < stack["aBottom"] || stack["width"] > 390 {
		t.Errorf("at phone width the texts are not stacked in the screen: %v", stack)
	}
	tb.screenshot(shots, "pair-phone", 390, 844)
	tb.quiet(u)
}

// browserKeyboard checks that j and k reach every family, in order, that
// Enter opens the one focused and j moves to the next, that Escape comes
// back to it, and that the search box filters what j reaches.
func browserKeyboard(t *testing.T, browser context.Context) {
	out := synthetic(25, 20)
	tb := openTab(t, browser, 1280, 900)
	u := tb.load(t.TempDir(), "keys.html", out, Options{})
	order := eval[[]string](tb, `[...document.querySelectorAll('#families > li.fam')].map(r => r.dataset.id)`)
	if len(order) != len(out.Families) {
		t.Fatalf("%d rows, want %d", len(order), len(out.Families))
	}
	focused := func() string {
		return eval[string](tb, `(document.activeElement && document.activeElement.closest('li.fam')) ? document.activeElement.closest('li.fam').dataset.id : ''`)
	}
	var seen []string
	for range order {
		tb.keys("j")
		seen = append(seen, focused())
	}
	if !slices.Equal(seen, order) {
		t.Errorf("j reached %q, want every family in order %q", seen, order)
	}
	tb.keys("j") // stays on the last
	for i := len(order) - 2; i >= 0; i-- {
		tb.keys("k")
		if got := focused(); got != order[i] {
			t.Fatalf("k: at %q, want %q", got, order[i])
		}
	}
	for range 2 {
		tb.keys(kb.ArrowDown)
	}
	if got := focused(); got != order[2] {
		t.Errorf("arrow down twice from the first: at %q, want %q", got, order[2])
	}
	tb.keys(kb.Enter)
	tb.waitFor(`document.querySelector('#detail article.family') !== null`)
	if got := eval[string](tb, `document.querySelector('#detail article.family').dataset.id`); got != order[2] {
		t.Errorf("Enter opened %q, want %q", got, order[2])
	}
	if got := eval[string](tb, `document.activeElement.className`); got != "fam-title" {
		t.Errorf("the focus is on %q, want the family's title", got)
	}
	tb.keys("j")
	tb.waitFor(`document.querySelector('#detail article.family').dataset.id === ` + jsString(order[3]))
	tb.keys(kb.Escape)
	tb.waitFor(`document.getElementById('overview').hidden === false`)
	if got := focused(); got != order[3] {
		t.Errorf("Escape came back to %q, want %q", got, order[3])
	}
	// The search box: "/" focuses it; j then reaches only what it shows.
	tb.keys("/")
	if got := eval[string](tb, `document.activeElement.id`); got != "q" {
		t.Fatalf("/ focused %q, want the search box", got)
	}
	// The protocol's char event types the "/" the page's keydown cancels.
	tb.do(chromedp.Evaluate[chromedp.Void](`document.getElementById('q').value = ''`))
	tb.keys("fam00007/")
	tb.waitFor(`document.querySelectorAll('#families > li.fam:not([hidden])').length === 1`)
	if got := eval[string](tb, `document.getElementById('count').textContent`); got != "1 of 25 families" {
		t.Errorf("count %q", got)
	}
	tb.keys(kb.Enter)
	if got := focused(); got != out.Families[7].ID {
		t.Errorf("Enter in the search box went to %q, want %q", got, out.Families[7].ID)
	}
	tb.keys("jk")
	if got := focused(); got != out.Families[7].ID {
		t.Errorf("j and k in a search of one family went to %q", got)
	}
	// The credit filter.
	tb.do(chromedp.Evaluate[chromedp.Void](`(() => { const q = document.getElementById('q'); q.value = ''; q.dispatchEvent(new Event('input'));
		const f = document.getElementById('f-attr'); f.value = 'credited'; f.dispatchEvent(new Event('change')); })()`))
	want := 0
	for _, f := range out.Families {
		all := true
		for _, e := range f.Edges {
			all = all && e.Attributed
		}
		if all {
			want++
		}
	}
	if got := eval[int](tb, `document.querySelectorAll('#families > li.fam:not([hidden])').length`); got != want {
		t.Errorf("%d families where every copy credits its source, want %d", got, want)
	}
	tb.quiet(u)
}

// browserFamilyPage checks a family's page as the daemon serves it: it
// opens on the family, a pair named in the address opens, and Escape goes
// back to the pair's family, then to the overview.
func browserFamilyPage(t *testing.T, browser context.Context, shots string) {
	out := seedsOutput(t)
	fam := out.Families[0]
	dir := t.TempDir()
	tb := openTab(t, browser, 1280, 900)
	u := tb.load(dir, "family.html", out, Options{BaseLink: "../", Open: fam.ID})
	tb.waitFor(`document.querySelector('#detail article.family') !== null`)
	if got := eval[string](tb, `document.querySelector('#detail article.family').dataset.id`); got != fam.ID {
		t.Errorf("the page opened %q, want %q", got, fam.ID)
	}
	tb.screenshot(shots, "family-desktop", 1280, 900)
	tb.do(chromedp.Navigate(u + "#p=0"))
	tb.waitFor(`document.querySelector('#detail .pair .psg') !== null`)
	tb.keys(kb.Escape)
	tb.waitFor(`document.querySelector('#detail .pair') === null && document.querySelector('#detail article.family') !== null`)
	tb.keys(kb.Escape)
	want, got := (&url.URL{Scheme: "file", Path: filepath.Dir(dir) + "/"}).String(), ""
	for deadline := time.Now().Add(15 * time.Second); got != want && time.Now().Before(deadline); {
		time.Sleep(50 * time.Millisecond)
		got, _ = chromedp.Run(tb.ctx, chromedp.Evaluate[string](`location.href`)) // fails while the page changes
	}
	if got != want {
		t.Errorf("Escape went to %s, want the overview %s", got, want)
	}
	tb.reset() // the folder's listing is none of the report's
}

// browserHostile opens the hostile fixture's page and its pair: no script
// of it runs, no element of its markup exists, its strings are text. A
// page that does run such markup is caught by the same checks.
func browserHostile(t *testing.T, browser context.Context) {
	dir := t.TempDir()
	tb := openTab(t, browser, 1280, 900)
	// The checks can fail: a page that takes the markup in trips them.
	bad := filepath.Join(dir, "unsafe.html")
	os.WriteFile(bad, []byte(`<!DOCTYPE html><title>unsafe</title><p>`+strings.Join(hostileStrings, " ")+`</p>`), 0o644)
	tb.do(chromedp.Navigate((&url.URL{Scheme: "file", Path: bad}).String()))
	tb.waitFor(`document.readyState === 'complete'`)
	time.Sleep(200 * time.Millisecond)
	if n := eval[int](tb, `window.__alerts + document.querySelectorAll('img, svg, script').length`); n == 0 {
		t.Fatalf("the checks do not see markup run on a page that takes it in")
	}
	tb.reset()

	out := hostileOutput(t)
	u := tb.load(dir, "hostile.html", out, Options{})
	tb.do(chromedp.Click(chromedp.CSS(`li.fam a.copy`)))
	tb.waitFor(`document.querySelector('#detail .pair .side[data-side="b"] .psg') !== null`)
	time.Sleep(200 * time.Millisecond) // an image's error would have fired
	state := eval[map[string]any](tb, `(() => {
		let on = [];
		for (const el of document.querySelectorAll('*')) {
			for (const a of el.attributes) if (a.name.startsWith('on')) on.push(el.tagName + ' ' + a.name);
		}
		return {
			alerts: window.__alerts,
			imgs: document.querySelectorAll('img').length,
			foreignSVG: document.querySelectorAll('svg:not(.lineage)').length,
			scripts: document.scripts.length,
			on: on.join(', '),
			copyText: document.querySelector('#detail .side[data-side="b"] .text').textContent,
			title: document.querySelector('#detail .side[data-side="b"] h4').textContent,
		};
	})()`)
	if state["alerts"] != 0.0 || state["imgs"] != 0.0 || state["foreignSVG"] != 0.0 || state["scripts"] != 1.0 || state["on"] != "" {
		t.Errorf("the hostile page: %v", state)
	}
	for _, h := range hostileStrings {
		if !strings.Contains(fmt.Sprint(state["copyText"]), h) {
			t.Errorf("the copy's text does not show %q", h)
		}
	}
	if !strings.Contains(fmt.Sprint(state["title"]), "<img src=x onerror=alert(1)>") {
		t.Errorf("the copy's title shows as %q", state["title"])
	}
	tb.mu.Lock()
	if tb.dialogs != 0 {
		t.Errorf("%d dialogs opened", tb.dialogs)
	}
	tb.mu.Unlock()
	tb.quiet(u)
}

// browserLarge checks that a run of thousands of families opens, and a
// family of it opens, in reasonable times.
func browserLarge(t *testing.T, browser context.Context) {
	if testing.Short() {
		t.Skip("short")
	}
	out := synthetic(3000, 200)
	tb := openTab(t, browser, 1280, 900)
	start := time.Now()
	u := tb.load(t.TempDir(), "large.html", out, Options{})
	loaded := time.Since(start)
	timing := eval[map[string]float64](tb, `(() => { const n = performance.getEntriesByType('navigation')[0]; return {ready: window.__ready, loaded: n.domContentLoadedEventEnd}; })()`)
	if n := eval[int](tb, `document.querySelectorAll('#families > li.fam').length`); n != 3000 {
		t.Fatalf("%d rows, want 3000", n)
	}
	start = time.Now()
	tb.do(chromedp.Evaluate[chromedp.Void](`location.hash = document.querySelectorAll('#families a.copy')[1500].getAttribute('href')`))
	tb.waitFor(`document.querySelector('#detail .pair .psg') !== null`)
	opened := time.Since(start)
	start = time.Now()
	tb.do(chromedp.Evaluate[chromedp.Void](`(() => { const q = document.getElementById('q'); q.value = 'fam02999/'; q.dispatchEvent(new Event('input')); })()`))
	filtered := time.Since(start)
	ready := time.Duration(timing["ready"] * float64(time.Millisecond))
	t.Logf("3000 families: written and loaded in %v (the overview working after %v, all parsed after %.0f ms), a pair opened in %v, filtered in %v",
		loaded, ready, timing["loaded"], opened, filtered)
	if loaded > 30*time.Second || ready > 5*time.Second || opened > 5*time.Second || filtered > 5*time.Second {
		t.Errorf("too slow: loaded in %v, the overview working after %v, a pair opened in %v, filtered in %v", loaded, ready, opened, filtered)
	}
	tb.quiet(u)
}
