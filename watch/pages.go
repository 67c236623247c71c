package watch

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/provenance-dev/provenance"
	"github.com/provenance-dev/provenance/report"
	"github.com/provenance-dev/provenance/report/htmlreport"
)

// The daemon's HTML pages show what its store holds as compare's HTML
// report does (package report/htmlreport):
//
//   - GET / is the overview: the families, largest and most recently
//     changed first, a page of them at a time (?page=N, from 1; ?per=N
//     families a page, 1 to 1000, 200 by default). It holds no texts: a
//     family's row links to the family's page.
//   - GET /families/{id} is one family: its lineage graph, the evidence
//     of each edge, and each copy side by side with its source.
//
// The overview reads the size and time of every family to sort them, and
// then the records of the page's families only.

// familiesPerPage is how many families a page of the overview shows,
// unless ?per= says.
const familiesPerPage = 200

// overviewPage returns the handler of GET /.
func (d *Daemon) overviewPage() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		q := r.URL.Query()
		num, per := 1, familiesPerPage
		for _, p := range []struct {
			name string
			n    *int
			max  int
		}{{"page", &num, 0}, {"per", &per, 1000}} {
			if v := q.Get(p.name); v != "" {
				n, err := strconv.Atoi(v)
				if err != nil || n < 1 || (p.max > 0 && n > p.max) {
					pageError(w, "./", http.StatusBadRequest, fmt.Sprintf("Parameter %s: %q is not a number of 1 or more.", p.name, v))
					return
				}
				*p.n = n
			}
		}
		type entry struct {
			seq     uint64
			size    int
			updated time.Time
		}
		var all []entry
		err := d.store.Families(ctx, 0, func(f *provenance.StoredFamily) (bool, error) {
			all = append(all, entry{f.Seq, len(f.Members), f.Updated})
			return true, nil
		})
		if err != nil {
			pageError(w, "./", http.StatusInternalServerError, "Reading the families: "+err.Error())
			return
		}
		slices.SortFunc(all, func(x, y entry) int {
			return cmp.Or(cmp.Compare(y.size, x.size), y.updated.Compare(x.updated), cmp.Compare(y.seq, x.seq))
		})
		pages := max(1, (len(all)+per-1)/per)
		if num > pages {
			pageError(w, "./", http.StatusNotFound, fmt.Sprintf("There is no page %d: the families fill %d.", num, pages))
			return
		}
		link := func(n int) string {
			v := "./?page=" + strconv.Itoa(n)
			if per != familiesPerPage {
				v += "&per=" + strconv.Itoa(per)
			}
			return v
		}
		paging := &htmlreport.Paging{Page: num, Pages: pages, Total: len(all)}
		if num > 1 {
			paging.Prev = link(num - 1)
		}
		if num < pages {
			paging.Next = link(num + 1)
		}
		id, get := d.idOf(ctx)
		out := &report.Output{Version: report.Version, Documents: []report.Document{}, Matches: []report.Match{}, Families: []report.Family{}}
		seen := map[uint64]bool{}
		for _, e := range all[(num-1)*per : min(len(all), num*per)] {
			f, err := d.store.Family(ctx, e.seq)
			if errors.Is(err, provenance.ErrNotFound) {
				continue // changed since the walk
			}
			if err != nil {
				pageError(w, "./", http.StatusInternalServerError, "Reading a family: "+err.Error())
				return
			}
			if err := d.addFamily(ctx, out, f, id, get, seen, false); err != nil {
				pageError(w, "./", http.StatusInternalServerError, err.Error())
				return
			}
		}
		d.writePage(w, out, htmlreport.Options{Title: "provenance watch", BaseLink: "./", Paging: paging, KeepOrder: true,
			Figures: d.figures()})
	})
}

// familyPage returns the handler of GET /families/{id}.
func (d *Daemon) familyPage() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		f, err := d.store.FamilyByID(ctx, r.PathValue("id"))
		if errors.Is(err, provenance.ErrNotFound) {
			pageError(w, "../", http.StatusNotFound, fmt.Sprintf("There is no family %q: its members may have changed, and with them its ID.", r.PathValue("id")))
			return
		}
		if err != nil {
			pageError(w, "../", http.StatusInternalServerError, "Reading the family: "+err.Error())
			return
		}
		id, get := d.idOf(ctx)
		out := &report.Output{Version: report.Version, Documents: []report.Document{}, Matches: []report.Match{}, Families: []report.Family{}}
		if err := d.addFamily(ctx, out, f, id, get, map[uint64]bool{}, true); err != nil {
			pageError(w, "../", http.StatusInternalServerError, err.Error())
			return
		}
		title := "provenance watch: family " + f.ID
		if o := get(f.Original); o != nil && o.Title != "" {
			title = "provenance watch: " + o.Title
		}
		d.writePage(w, out, htmlreport.Options{Title: title, BaseLink: "../", Open: f.ID, KeepOrder: true, Figures: d.figures()})
	})
}

// addFamily adds a stored family to out, with its members (those not
// seen yet; with their texts if texts) and the matches along its edges.
func (d *Daemon) addFamily(ctx context.Context, out *report.Output, f *provenance.StoredFamily, id func(uint64) string,
	get func(uint64) *provenance.StoredDoc, seen map[uint64]bool, texts bool) error {
	out.Families = append(out.Families, report.FamilyOf(f, id))
	for _, m := range f.Members {
		x := get(m)
		if x == nil || seen[m] {
			continue
		}
		seen[m] = true
		doc := report.DocumentOf(x)
		if texts {
			text, err := d.store.Text(ctx, m)
			if err != nil && !errors.Is(err, provenance.ErrNotFound) {
				return fmt.Errorf("reading the text of %s: %w", x.ID, err)
			}
			doc.Text = string(text)
		}
		out.Documents = append(out.Documents, doc)
	}
	for _, e := range f.Edges {
		m, err := d.store.Match(ctx, e.From, e.To)
		if errors.Is(err, provenance.ErrNotFound) {
			continue
		}
		if err != nil {
			return fmt.Errorf("reading a match: %w", err)
		}
		out.Matches = append(out.Matches, report.MatchOf(m, id(m.A), id(m.B)))
	}
	return nil
}

// figures are the daemon's figures, shown on its pages.
func (d *Daemon) figures() []htmlreport.Figure {
	st := d.engine.Stats()
	n, _ := d.q.stats()
	n += int(d.pending.Load())
	status := "ready"
	if ok, why := d.Ready(); !ok {
		status = "not ready: " + why
	}
	return []htmlreport.Figure{
		{Label: "Documents stored", Value: strconv.Itoa(st.Documents)},
		{Label: "Families", Value: strconv.Itoa(st.Families)},
		{Label: "Stored since start", Value: strconv.FormatInt(d.ingested.Load(), 10)},
		{Label: "Files queued", Value: strconv.Itoa(n)},
		{Label: "Status", Value: status},
	}
}

// pageHeaders are the headers of the daemon's pages: the report's own
// policy, which allows nothing but its inline style and script.
func pageHeaders(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", htmlreport.ContentSecurityPolicy()+"; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cache-Control", "no-store")
}

// writePage renders a page, whole before anything is sent.
func (d *Daemon) writePage(w http.ResponseWriter, out *report.Output, opt htmlreport.Options) {
	var b bytes.Buffer
	if err := htmlreport.Write(&b, out, opt); err != nil {
		pageError(w, opt.BaseLink, http.StatusInternalServerError, err.Error())
		return
	}
	pageHeaders(w)
	w.WriteHeader(http.StatusOK)
	w.Write(b.Bytes())
}

var errorPage = template.Must(template.New("error").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Status}}</title></head>
<body><h1>{{.Status}}</h1><p>{{.Message}}</p><p><a href="{{.Home}}">The families</a></p></body></html>
`))

// pageError answers a page's request with an error page, which links to
// the overview at home.
func pageError(w http.ResponseWriter, home string, code int, msg string) {
	pageHeaders(w)
	w.WriteHeader(code)
	errorPage.Execute(w, struct{ Status, Message, Home string }{fmt.Sprintf("%d %s", code, http.StatusText(code)), msg, home})
}
