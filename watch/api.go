package watch

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/provenance-dev/provenance"
	"github.com/provenance-dev/provenance/document"
	"github.com/provenance-dev/provenance/report"
)

// MaxCheckBytes bounds the body of POST /api/v1/check.
const MaxCheckBytes = 8 << 20

// server is the daemon's HTTP server.
type server struct {
	srv  *http.Server
	addr string
	done chan struct{}
}

// Handler returns the daemon's HTTP handler: the API, health and
// readiness, and metrics if a handler for them is given.
func (d *Daemon) Handler(metrics http.Handler) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, "ok\n")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if ok, why := d.Ready(); !ok {
			w.WriteHeader(http.StatusServiceUnavailable)
			io.WriteString(w, "not ready: "+why+"\n")
			return
		}
		io.WriteString(w, "ready\n")
	})
	if metrics != nil {
		mux.Handle("GET /metrics", metrics)
	}
	mux.Handle("GET /{$}", d.auth(d.overviewPage()))
	mux.Handle("GET /families/{id}", d.auth(d.familyPage()))
	api := http.NewServeMux()
	api.HandleFunc("GET /api/v1/documents/{id...}", d.getDocument)
	api.HandleFunc("GET /api/v1/families", d.listFamilies)
	api.HandleFunc("GET /api/v1/families/{id}", d.getFamily)
	api.HandleFunc("POST /api/v1/check", d.check)
	api.HandleFunc("GET /api/v1/status", d.status)
	mux.Handle("/api/", d.auth(api))
	return jsonErrors(mux)
}

// jsonErrors gives the mux's own answers (404 for no endpoint, 405 for a
// method an endpoint does not take) a JSON error body, as the API's.
func jsonErrors(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(&errorWriter{ResponseWriter: w, r: r}, r)
	})
}

// errorWriter replaces a plain-text 404 or 405 with a JSON error.
type errorWriter struct {
	http.ResponseWriter
	r        *http.Request
	swallow  bool
	wroteHdr bool
}

func (w *errorWriter) WriteHeader(code int) {
	if !w.wroteHdr && (code == http.StatusNotFound || code == http.StatusMethodNotAllowed) &&
		strings.HasPrefix(w.Header().Get("Content-Type"), "text/plain") {
		w.wroteHdr, w.swallow = true, true
		w.Header().Del("X-Content-Type-Options")
		msg := "no such endpoint"
		if code == http.StatusMethodNotAllowed {
			msg = "method not allowed"
		}
		apiError(w.ResponseWriter, code, "%s: %s %s", msg, w.r.Method, w.r.URL.Path)
		return
	}
	w.wroteHdr = true
	w.ResponseWriter.WriteHeader(code)
}

func (w *errorWriter) Write(b []byte) (int, error) {
	if w.swallow {
		return len(b), nil
	}
	if !w.wroteHdr {
		w.wroteHdr = true
	}
	return w.ResponseWriter.Write(b)
}

// Flush lets streaming handlers (metrics) flush.
func (w *errorWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok && !w.swallow {
		f.Flush()
	}
}

// auth requires the bearer token, when there is one.
func (d *Daemon) auth(h http.Handler) http.Handler {
	if d.token == nil {
		return h
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || subtle.ConstantTimeCompare([]byte(got), d.token) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="provenance"`)
			apiError(w, http.StatusUnauthorized, "missing or wrong bearer token")
			return
		}
		h.ServeHTTP(w, r)
	})
}

// startAPI listens on Options.Listen and serves the handler.
func (d *Daemon) startAPI() (*server, error) {
	ln, err := net.Listen("tcp", d.opt.Listen)
	if err != nil {
		return nil, fmt.Errorf("listen: %w", err)
	}
	s := &server{addr: ln.Addr().String(), done: make(chan struct{})}
	s.srv = &http.Server{
		Handler:           d.Handler(d.metricsHandler()),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
	go func() {
		defer close(s.done)
		if err := s.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			d.log.Error("api", "err", err)
		}
	}()
	d.apiAddr.Store(&s.addr)
	return s, nil
}

// stop shuts the server down, waiting up to 5 s for requests under way.
func (s *server) stop() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	s.srv.Shutdown(ctx)
	<-s.done
}

// Addr returns the address the API listens on, once Run started it.
func (d *Daemon) Addr() string {
	if a := d.apiAddr.Load(); a != nil {
		return *a
	}
	return ""
}

// apiError writes a JSON error body.
func apiError(w http.ResponseWriter, code int, format string, args ...any) {
	writeJSON(w, code, map[string]string{"error": fmt.Sprintf(format, args...)})
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

// storeError answers a failed store read: 404 for what is not there.
func storeError(w http.ResponseWriter, what string, err error) {
	if errors.Is(err, provenance.ErrNotFound) {
		apiError(w, http.StatusNotFound, "%s not found", what)
		return
	}
	apiError(w, http.StatusInternalServerError, "%s: %v", what, err)
}

// idOf returns a function naming documents by number, reading them from
// the store once each.
func (d *Daemon) idOf(ctx context.Context) (func(uint64) string, func(uint64) *provenance.StoredDoc) {
	docs := map[uint64]*provenance.StoredDoc{}
	get := func(seq uint64) *provenance.StoredDoc {
		if x, ok := docs[seq]; ok {
			return x
		}
		x, err := d.store.Doc(ctx, seq)
		if err != nil {
			x = nil
		}
		docs[seq] = x
		return x
	}
	return func(seq uint64) string {
		if x := get(seq); x != nil {
			return x.ID
		}
		return ""
	}, get
}

// DocumentResponse is the answer of GET /api/v1/documents/{id}: the
// document, its matches with the documents they name, and its family.
type DocumentResponse struct {
	Version   int               `json:"version"`
	Documents []report.Document `json:"documents"`
	Matches   []report.Match    `json:"matches"`
	Families  []report.Family   `json:"families"`
}

func (d *Daemon) getDocument(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	doc, err := d.store.DocByID(ctx, r.PathValue("id"))
	if err != nil {
		storeError(w, fmt.Sprintf("document %q", r.PathValue("id")), err)
		return
	}
	ms, err := d.store.MatchesOf(ctx, doc.Seq)
	if err != nil {
		storeError(w, "matches", err)
		return
	}
	id, get := d.idOf(ctx)
	get(doc.Seq)
	out := DocumentResponse{Version: report.Version, Documents: []report.Document{report.DocumentOf(doc)},
		Matches: []report.Match{}, Families: []report.Family{}}
	for _, m := range ms {
		out.Matches = append(out.Matches, report.MatchOf(m, id(m.A), id(m.B)))
		other := m.A
		if other == doc.Seq {
			other = m.B
		}
		if o := get(other); o != nil {
			out.Documents = append(out.Documents, report.DocumentOf(o))
		}
	}
	if f := d.familyOf(ctx, doc.Seq); f != nil {
		out.Families = append(out.Families, report.FamilyOf(f, id))
	}
	writeJSON(w, http.StatusOK, out)
}

// familyOf returns the stored family document seq is in, if any.
func (d *Daemon) familyOf(ctx context.Context, seq uint64) *provenance.StoredFamily {
	fseq := d.engine.FamilyOf(seq)
	if fseq == 0 {
		return nil
	}
	f, err := d.store.Family(ctx, fseq)
	if err != nil {
		return nil
	}
	return f
}

// FamiliesResponse is the answer of GET /api/v1/families: a page of
// families and, if there are more, the cursor of the next page.
type FamiliesResponse struct {
	Version  int             `json:"version"`
	Families []FamilySummary `json:"families"`
	Next     string          `json:"next,omitempty"`
}

// FamilySummary is a family in a list: the contract's shape with when it
// was created and last changed.
type FamilySummary struct {
	report.Family
	Created string `json:"created"`
	Updated string `json:"updated"`
}

func (d *Daemon) listFamilies(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	limit := 50
	var after uint64
	var since, until time.Time
	minSize, maxSize := 0, 0
	var attributed *bool
	var err error
	bad := func(name string, err error) {
		apiError(w, http.StatusBadRequest, "parameter %s: %v", name, err)
	}
	if v := q.Get("limit"); v != "" {
		if limit, err = strconv.Atoi(v); err != nil || limit < 1 || limit > 1000 {
			bad("limit", fmt.Errorf("%q: want 1 to 1000", v))
			return
		}
	}
	if v := q.Get("after"); v != "" {
		if after, err = strconv.ParseUint(v, 10, 64); err != nil {
			bad("after", fmt.Errorf("%q: want the next cursor of a page", v))
			return
		}
	}
	for _, p := range []struct {
		name string
		t    *time.Time
	}{{"since", &since}, {"until", &until}} {
		if v := q.Get(p.name); v != "" {
			if *p.t, err = time.Parse(time.RFC3339, v); err != nil {
				bad(p.name, fmt.Errorf("%q: want RFC 3339, like 2025-07-03T12:00:00Z", v))
				return
			}
		}
	}
	for _, p := range []struct {
		name string
		n    *int
	}{{"min_size", &minSize}, {"max_size", &maxSize}} {
		if v := q.Get(p.name); v != "" {
			if *p.n, err = strconv.Atoi(v); err != nil || *p.n < 0 {
				bad(p.name, fmt.Errorf("%q: want a number of members", v))
				return
			}
		}
	}
	if v := q.Get("attributed"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			bad("attributed", fmt.Errorf("%q: want true or false", v))
			return
		}
		attributed = &b
	}
	source := q.Get("source")
	id, get := d.idOf(ctx)
	out := FamiliesResponse{Version: report.Version, Families: []FamilySummary{}}
	err = d.store.Families(ctx, after, func(f *provenance.StoredFamily) (bool, error) {
		if len(out.Families) == limit {
			out.Next = strconv.FormatUint(after, 10)
			return false, nil
		}
		after = f.Seq
		switch {
		case !since.IsZero() && f.Updated.Before(since), !until.IsZero() && f.Updated.After(until):
			return true, nil
		case minSize > 0 && len(f.Members) < minSize, maxSize > 0 && len(f.Members) > maxSize:
			return true, nil
		}
		if attributed != nil {
			any := false
			for _, e := range f.Edges {
				any = any || e.Attributed
			}
			if any != *attributed {
				return true, nil
			}
		}
		if source != "" {
			found := false
			for _, m := range f.Members {
				if x := get(m); x != nil && (strings.EqualFold(x.Source, source) || d.sameSource(x.Source, source)) {
					found = true
					break
				}
			}
			if !found {
				return true, nil
			}
		}
		out.Families = append(out.Families, FamilySummary{Family: report.FamilyOf(f, id),
			Created: f.Created.UTC().Format(time.RFC3339), Updated: f.Updated.UTC().Format(time.RFC3339)})
		return true, nil
	})
	if err != nil {
		storeError(w, "families", err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// FamilyResponse is the answer of GET /api/v1/families/{id}: the family,
// its members, and the matches along its edges, with their passages.
type FamilyResponse = DocumentResponse

func (d *Daemon) getFamily(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, err := d.store.FamilyByID(ctx, r.PathValue("id"))
	if err != nil {
		storeError(w, fmt.Sprintf("family %q", r.PathValue("id")), err)
		return
	}
	id, get := d.idOf(ctx)
	out := FamilyResponse{Version: report.Version, Documents: []report.Document{}, Matches: []report.Match{},
		Families: []report.Family{report.FamilyOf(f, id)}}
	for _, m := range f.Members {
		if x := get(m); x != nil {
			out.Documents = append(out.Documents, report.DocumentOf(x))
		}
	}
	for _, e := range f.Edges {
		m, err := d.store.Match(ctx, e.From, e.To)
		if err != nil {
			storeError(w, "match", err)
			return
		}
		out.Matches = append(out.Matches, report.MatchOf(m, id(m.A), id(m.B)))
	}
	writeJSON(w, http.StatusOK, out)
}

// CheckRequest is the JSON body of POST /api/v1/check. A body of type
// text/plain is the text alone.
type CheckRequest struct {
	Text      string `json:"text"`
	ID        string `json:"id,omitempty"`
	Source    string `json:"source,omitempty"`
	Title     string `json:"title,omitempty"`
	URL       string `json:"url,omitempty"`
	Published string `json:"published,omitempty"`
}

// CheckResponse is the answer of POST /api/v1/check: the stored
// documents the text shares passages with (matches' a side is the text),
// and, when it is a copy of some, the family's original and the edge into
// the text.
type CheckResponse struct {
	Version   int               `json:"version"`
	ID        string            `json:"id"`
	Words     int               `json:"words"`
	Documents []report.Document `json:"documents"`
	Matches   []report.Match    `json:"matches"`
	Original  string            `json:"original,omitempty"`
	Parent    *report.Edge      `json:"parent,omitempty"`
}

func (d *Daemon) check(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, MaxCheckBytes)
	body, err := io.ReadAll(r.Body)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			apiError(w, http.StatusRequestEntityTooLarge, "body over %d bytes", MaxCheckBytes)
			return
		}
		apiError(w, http.StatusBadRequest, "read body: %v", err)
		return
	}
	var req CheckRequest
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch mt {
	case "text/plain":
		req.Text = string(body)
	case "application/json", "":
		dec := json.NewDecoder(strings.NewReader(string(body)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&req); err != nil {
			apiError(w, http.StatusBadRequest, "body: %v", err)
			return
		}
	default:
		apiError(w, http.StatusUnsupportedMediaType, "content type %q: want application/json or text/plain", mt)
		return
	}
	if !utf8.ValidString(req.Text) {
		apiError(w, http.StatusBadRequest, "text: not valid UTF-8")
		return
	}
	if strings.TrimSpace(req.Text) == "" {
		apiError(w, http.StatusBadRequest, "text: empty")
		return
	}
	doc := &document.Document{ID: req.ID, Source: req.Source, Title: req.Title, URL: req.URL, Text: []byte(req.Text)}
	if doc.ID == "" {
		doc.ID = "(checked text)"
	}
	if doc.Source != "" && d.opt.Read.Canon != nil {
		doc.Source = d.opt.Read.Canon(doc.Source)
	}
	if req.Published != "" {
		t, err := time.Parse(time.RFC3339, req.Published)
		if err != nil {
			if t, err = time.Parse(time.DateOnly, req.Published); err != nil {
				apiError(w, http.StatusBadRequest, "published %q: want RFC 3339 or YYYY-MM-DD", req.Published)
				return
			}
			doc.PublishedDay = true
		}
		doc.Published = t.UTC()
	}
	p := d.engine.Prepare(doc)
	if p.Err != nil {
		apiError(w, http.StatusUnprocessableEntity, "text: %v", p.Err)
		return
	}
	res, err := d.engine.Check(r.Context(), p)
	if err != nil {
		apiError(w, http.StatusInternalServerError, "check: %v", err)
		return
	}
	out := CheckResponse{Version: report.Version, ID: doc.ID, Words: res.Words, Documents: []report.Document{},
		Matches: []report.Match{}, Original: res.Original}
	for _, m := range res.Matches {
		sm := &provenance.StoredMatch{Match: m.Match}
		out.Matches = append(out.Matches, report.MatchOf(sm, doc.ID, m.Doc.ID))
		out.Documents = append(out.Documents, report.DocumentOf(m.Doc))
	}
	if res.Parent != nil {
		out.Parent = &report.Edge{From: res.ParentID, To: doc.ID, Confidence: res.Parent.Confidence,
			Attributed: res.Parent.Attributed, Evidence: res.Parent.Evidence}
	}
	writeJSON(w, http.StatusOK, out)
}

// StatusResponse is the answer of GET /api/v1/status.
type StatusResponse struct {
	Ready bool `json:"ready"`
	// Reason says why the daemon is not ready.
	Reason string `json:"reason,omitempty"`
	// Documents and Families count what is stored.
	Documents int `json:"documents"`
	Families  int `json:"families"`
	// Queued counts the files waiting to be read or stored, and those
	// with events waiting to be quiet.
	Queued int `json:"queued"`
	// Ingested counts the documents stored since the daemon started.
	Ingested int64 `json:"ingested"`
	// LatencyP50 and LatencyP99 are the times, in seconds, from a file
	// seen to its documents stored, over the last 4,096 files.
	LatencyP50 float64 `json:"latency_p50_seconds"`
	LatencyP99 float64 `json:"latency_p99_seconds"`
	// Caps lists the limits of the pipeline that stored documents went
	// past, as compare's summary does (provenance_capped counts them).
	Caps []report.Cap `json:"caps,omitempty"`
}

func (d *Daemon) status(w http.ResponseWriter, r *http.Request) {
	ok, why := d.Ready()
	n, _ := d.q.stats()
	n += int(d.pending.Load())
	q := d.latencies.quantiles(0.5, 0.99)
	st := d.engine.Stats() // as of the last batch: no wait for one under way
	writeJSON(w, http.StatusOK, StatusResponse{Ready: ok, Reason: why, Documents: st.Documents,
		Families: st.Families, Queued: n, Ingested: d.ingested.Load(),
		LatencyP50: q[0].Seconds(), LatencyP99: q[1].Seconds(), Caps: report.CapsOf(st.Capped)})
}
