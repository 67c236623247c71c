// Package metrics implements provenance's Prometheus metrics: every metric
// the daemon (provenance watch) and the batch job (provenance compare)
// export is defined here, registered on a registry the caller passes in.
//
// Names follow Prometheus's conventions: the prefix provenance_, base
// units (seconds, bytes), _total on counters, and labels with small fixed
// sets of values (never a path, document ID, URL or source name), each
// value set to zero at start so that every series exists from the first
// scrape. The engine and the packages below it know nothing of Prometheus:
// the daemon reports what a batch did (a provenance.Outcome), what a file
// read gave, and samples the engine, queue and store at each scrape.
//
// # Metrics
//
// Counters:
//
//	provenance_documents_ingested_total{format}  documents stored
//	provenance_ingested_bytes_total{format}      bytes of their texts
//	provenance_documents_skipped_total{reason}   documents not stored
//	provenance_files_skipped_total{reason}       files read for nothing, or not readable
//	provenance_ingest_errors_total{stage}        errors, by stage: read, parse, store
//	provenance_candidate_pairs_total             document pairs verified
//	provenance_matches_total                     new matches
//	provenance_matches_dropped_total             matches found to be boilerplate later
//	provenance_copies_total{attributed}          documents found to be copies
//	provenance_family_changes_total{change}      created, changed, removed, rerooted
//	provenance_documents_removed_total{reason}   replaced or expired
//	provenance_watcher_events_total{op}          file system events
//	provenance_watcher_errors_total              watcher errors
//	provenance_queue_overflows_total             files dropped from the full queue (found again by a scan)
//	provenance_batches_total                     batches stored
//
// Histograms:
//
//	provenance_document_stage_duration_seconds{stage}  per document: read, tokenize, fingerprint
//	provenance_batch_stage_duration_seconds{stage}     per batch: index, verify, lineage, store
//	provenance_batch_documents                         documents per batch
//	provenance_file_to_result_seconds                  a file seen to its documents stored
//
// Gauges:
//
//	provenance_build_info{version,revision,goversion}  1
//	provenance_index_documents, provenance_index_postings, provenance_index_bytes
//	provenance_families, provenance_store_bytes
//	provenance_queue_files, provenance_queue_oldest_age_seconds, provenance_pending_files
//	provenance_ready, provenance_max_documents, provenance_last_ingest_timestamp_seconds
//	provenance_last_success_timestamp_seconds, provenance_run_duration_seconds (batch runs)
//
// and the Go and process collectors.
package metrics

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/provenance-dev/provenance"
	"github.com/provenance-dev/provenance/document"
)

// Label values: every series of each is made at start.
var (
	Formats         = []string{"text", "html", "json", "jsonl", "feed", "other"}
	DocSkipReasons  = []string{"unchanged", "duplicate_id", "no_text"}
	FileSkipReasons = []string{"unchanged", "same_content", "empty", "binary", "encoding", "malformed", "too_large",
		"not_regular", "link_outside", "unreadable", "vanished", "no_documents", "other"}
	ErrorStages    = []string{"read", "parse", "store"}
	DocStages      = []string{"read", "tokenize", "fingerprint"}
	BatchStages    = []string{"index", "verify", "lineage", "store"}
	FamilyChanges  = []string{"created", "changed", "removed", "rerooted"}
	RemoveReasons  = []string{"replaced", "expired"}
	WatcherOps     = []string{"create", "write", "remove", "rename", "chmod"}
	attributedVals = []string{"true", "false"}
)

// Metrics is provenance's set of metrics. Its methods are safe for
// concurrent use, and do nothing on a nil *Metrics.
type Metrics struct {
	docsIngested   *prometheus.CounterVec
	bytesIngested  *prometheus.CounterVec
	docsSkipped    *prometheus.CounterVec
	filesSkipped   *prometheus.CounterVec
	ingestErrors   *prometheus.CounterVec
	candidates     prometheus.Counter
	matches        prometheus.Counter
	matchesDropped prometheus.Counter
	copies         *prometheus.CounterVec
	familyChanges  *prometheus.CounterVec
	docsRemoved    *prometheus.CounterVec
	watcherEvents  *prometheus.CounterVec
	watcherErrors  prometheus.Counter
	overflows      prometheus.Counter
	batches        prometheus.Counter

	docStage     *prometheus.HistogramVec
	batchStage   *prometheus.HistogramVec
	batchDocs    prometheus.Histogram
	fileToResult prometheus.Histogram

	indexDocs, indexPostings, indexBytes, families, storeBytes prometheus.Gauge
	queueFiles, queueAge, pending, ready, maxDocs, lastIngest  prometheus.Gauge
	lastSuccess, runDuration                                   prometheus.Gauge
	capped                                                     *prometheus.GaugeVec
}

// CapSettings are the limits of the pipeline that data can go past, the
// values of provenance_capped's label (see provenance.Cap).
var CapSettings = []string{"cluster.Config.MaxKeyDocs", "cluster.FuzzyConfig.MaxKeyDocs"}

// BuildInfo describes the binary, for provenance_build_info.
type BuildInfo struct {
	Version, Revision, GoVersion string
}

// New defines the metrics and registers them, with the Go and process
// collectors, on reg: the daemon's set. It panics if reg holds metrics of
// the same names (a programming error).
func New(reg prometheus.Registerer, info BuildInfo) *Metrics {
	m := define(reg, info)
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// NewBatch is New for a batch run (compare), whose metrics are written to
// a file or pushed when it ends: without the Go and process collectors,
// which would describe a process that is gone.
func NewBatch(reg prometheus.Registerer, info BuildInfo) *Metrics { return define(reg, info) }

// define defines the metrics and registers them on reg.
func define(reg prometheus.Registerer, info BuildInfo) *Metrics {
	counter := func(name, help string) prometheus.Counter {
		c := prometheus.NewCounter(prometheus.CounterOpts{Name: name, Help: help})
		reg.MustRegister(c)
		return c
	}
	counterVec := func(name, help, label string, values []string) *prometheus.CounterVec {
		c := prometheus.NewCounterVec(prometheus.CounterOpts{Name: name, Help: help}, []string{label})
		for _, v := range values {
			c.WithLabelValues(v)
		}
		reg.MustRegister(c)
		return c
	}
	gauge := func(name, help string) prometheus.Gauge {
		g := prometheus.NewGauge(prometheus.GaugeOpts{Name: name, Help: help})
		reg.MustRegister(g)
		return g
	}
	histVec := func(name, help, label string, values []string, buckets []float64) *prometheus.HistogramVec {
		h := prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: name, Help: help, Buckets: buckets}, []string{label})
		for _, v := range values {
			h.WithLabelValues(v)
		}
		reg.MustRegister(h)
		return h
	}
	hist := func(name, help string, buckets []float64) prometheus.Histogram {
		h := prometheus.NewHistogram(prometheus.HistogramOpts{Name: name, Help: help, Buckets: buckets})
		reg.MustRegister(h)
		return h
	}
	m := &Metrics{
		docsIngested:   counterVec("provenance_documents_ingested_total", "Documents stored, by input format.", "format", Formats),
		bytesIngested:  counterVec("provenance_ingested_bytes_total", "Bytes of the texts of the documents stored, by input format.", "format", Formats),
		docsSkipped:    counterVec("provenance_documents_skipped_total", "Documents read but not stored, by reason.", "reason", DocSkipReasons),
		filesSkipped:   counterVec("provenance_files_skipped_total", "Files that gave no document to store, by reason.", "reason", FileSkipReasons),
		ingestErrors:   counterVec("provenance_ingest_errors_total", "Errors while ingesting, by stage.", "stage", ErrorStages),
		candidates:     counter("provenance_candidate_pairs_total", "Candidate document pairs verified."),
		matches:        counter("provenance_matches_total", "New matches: verified document pairs that share passages."),
		matchesDropped: counter("provenance_matches_dropped_total", "Matches found, once more of their text was known to be boilerplate, not to hold."),
		copies:         counterVec("provenance_copies_total", "Documents stored that came out as copies of another, by whether they credit their source.", "attributed", attributedVals),
		familyChanges:  counterVec("provenance_family_changes_total", "Families created, changed, removed and re-rooted.", "change", FamilyChanges),
		docsRemoved:    counterVec("provenance_documents_removed_total", "Documents taken out of the index and store, by reason.", "reason", RemoveReasons),
		watcherEvents:  counterVec("provenance_watcher_events_total", "File system events seen under the feed folders, by operation.", "op", WatcherOps),
		watcherErrors:  counter("provenance_watcher_errors_total", "Errors of the file system watcher."),
		overflows:      counter("provenance_queue_overflows_total", "Files dropped from the full queue (a scan finds them again)."),
		batches:        counter("provenance_batches_total", "Batches of documents stored."),
		docStage: histVec("provenance_document_stage_duration_seconds", "Time a document spends in a stage (read is per file).",
			"stage", DocStages, prometheus.ExponentialBuckets(10e-6, 4, 10)),
		batchStage: histVec("provenance_batch_stage_duration_seconds", "Time a batch of documents spends in a stage.",
			"stage", BatchStages, prometheus.ExponentialBuckets(100e-6, 4, 10)),
		batchDocs: hist("provenance_batch_documents", "Documents stored per batch.", prometheus.ExponentialBuckets(1, 2, 11)),
		fileToResult: hist("provenance_file_to_result_seconds", "Time from a file seen to its documents stored and in the API.",
			[]float64{0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 30, 60, 300}),
		indexDocs:     gauge("provenance_index_documents", "Documents in the index."),
		indexPostings: gauge("provenance_index_postings", "Fingerprint postings in the index."),
		indexBytes:    gauge("provenance_index_bytes", "Bytes of the index's arrays."),
		families:      gauge("provenance_families", "Families of documents joined by derivation."),
		storeBytes:    gauge("provenance_store_bytes", "Bytes the store takes."),
		queueFiles:    gauge("provenance_queue_files", "Files waiting to be read or stored."),
		queueAge:      gauge("provenance_queue_oldest_age_seconds", "Age of the oldest file waiting in the queue (0 when empty)."),
		pending:       gauge("provenance_pending_files", "Files with file system events waiting to be quiet."),
		ready:         gauge("provenance_ready", "1 when the daemon is ready (store open, start-up scan done, store writable)."),
		maxDocs:       gauge("provenance_max_documents", "The bound on documents stored (--max-documents), 0 for none."),
		lastIngest:    gauge("provenance_last_ingest_timestamp_seconds", "When documents were last stored, as a Unix time."),
		lastSuccess:   gauge("provenance_last_success_timestamp_seconds", "When the last batch run (compare) succeeded, as a Unix time."),
		runDuration:   gauge("provenance_run_duration_seconds", "How long the last batch run (compare) took."),
	}
	m.capped = prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "provenance_capped",
		Help: "Items past a limit of the pipeline, by its setting: fingerprints held by more than MaxKeyDocs documents (paired only with their earliest holders), fuzzy keys over the fuzzy channel's limit (no candidates)."},
		[]string{"setting"})
	for _, v := range CapSettings {
		m.capped.WithLabelValues(v)
	}
	reg.MustRegister(m.capped)
	bi := prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "provenance_build_info",
		Help: "The binary's version, revision and Go version; always 1."}, []string{"version", "revision", "goversion"})
	bi.WithLabelValues(info.Version, info.Revision, info.GoVersion).Set(1)
	reg.MustRegister(bi)
	return m
}

// format returns the label value of a document's format.
func format(f document.Format) string {
	switch f {
	case document.FormatText, document.FormatHTML, document.FormatJSON, document.FormatJSONL, document.FormatFeed:
		return string(f)
	}
	return "other"
}

// Reason returns the label value of the reason a file or document could
// not be used: document.Reason's word, but no_items counted as malformed
// and missing as vanished (a file gone between its event and its read).
func Reason(err error) string {
	switch r := document.Reason(err); r {
	case "no_items":
		return "malformed"
	case "missing":
		return "vanished"
	default:
		return r
	}
}

// Stored records a batch the engine stored: its documents (with their
// formats), what it found, and how long its stages took.
func (m *Metrics) Stored(o *provenance.Outcome, formats map[string]document.Format, at time.Time) {
	if m == nil {
		return
	}
	for _, d := range o.Stored {
		f := format(formats[d.ID])
		m.docsIngested.WithLabelValues(f).Inc()
		m.bytesIngested.WithLabelValues(f).Add(float64(d.Bytes))
	}
	for _, err := range o.Refused {
		// A document is refused for its ID or for having no words.
		r := "no_text"
		if Reason(err) == "duplicate_id" {
			r = "duplicate_id"
		}
		m.docsSkipped.WithLabelValues(r).Inc()
	}
	m.candidates.Add(float64(o.Candidates))
	m.matches.Add(float64(o.Matches))
	m.matchesDropped.Add(float64(o.Dropped))
	m.copies.WithLabelValues("true").Add(float64(o.Attributed))
	m.copies.WithLabelValues("false").Add(float64(o.Copies - o.Attributed))
	m.familyChanges.WithLabelValues("created").Add(float64(o.FamiliesCreated))
	m.familyChanges.WithLabelValues("changed").Add(float64(o.FamiliesChanged))
	m.familyChanges.WithLabelValues("removed").Add(float64(o.FamiliesRemoved))
	m.familyChanges.WithLabelValues("rerooted").Add(float64(o.Rerooted))
	m.docsRemoved.WithLabelValues("replaced").Add(float64(o.Replaced))
	m.docsRemoved.WithLabelValues("expired").Add(float64(o.Removed - o.Replaced))
	if o.Docs > 0 || o.Removed > 0 {
		m.batches.Inc()
		m.batchDocs.Observe(float64(o.Docs))
		m.batchStage.WithLabelValues("index").Observe(o.Stages.Index.Seconds())
		m.batchStage.WithLabelValues("verify").Observe(o.Stages.Verify.Seconds())
		m.batchStage.WithLabelValues("lineage").Observe(o.Stages.Lineage.Seconds())
		m.batchStage.WithLabelValues("store").Observe(o.Stages.Store.Seconds())
	}
	if o.Docs > 0 {
		m.lastIngest.Set(float64(at.UnixNano()) / 1e9)
	}
}

// Read records the time a file took to read.
func (m *Metrics) Read(d time.Duration) {
	if m == nil {
		return
	}
	m.docStage.WithLabelValues("read").Observe(d.Seconds())
}

// Prepared records the times a document took to tokenize and
// fingerprint.
func (m *Metrics) Prepared(tokenize, fingerprint time.Duration) {
	if m == nil {
		return
	}
	m.docStage.WithLabelValues("tokenize").Observe(tokenize.Seconds())
	m.docStage.WithLabelValues("fingerprint").Observe(fingerprint.Seconds())
}

// FileSkipped counts a file that gave nothing to store, for a reason of
// FileSkipReasons.
func (m *Metrics) FileSkipped(reason string) {
	if m == nil {
		return
	}
	m.filesSkipped.WithLabelValues(reason).Inc()
}

// DocumentSkipped counts documents of a file that were not stored, for a
// reason of DocSkipReasons.
func (m *Metrics) DocumentSkipped(reason string, n int) {
	if m == nil {
		return
	}
	m.docsSkipped.WithLabelValues(reason).Add(float64(n))
}

// Error counts an error of a stage of ErrorStages.
func (m *Metrics) Error(stage string) {
	if m == nil {
		return
	}
	m.ingestErrors.WithLabelValues(stage).Inc()
}

// FileToResult records the time from a file seen to its documents
// stored.
func (m *Metrics) FileToResult(d time.Duration) {
	if m == nil {
		return
	}
	m.fileToResult.Observe(d.Seconds())
}

// WatcherEvent counts a file system event of an operation of WatcherOps.
func (m *Metrics) WatcherEvent(op string) {
	if m == nil {
		return
	}
	m.watcherEvents.WithLabelValues(op).Inc()
}

// WatcherError counts a watcher error.
func (m *Metrics) WatcherError() {
	if m == nil {
		return
	}
	m.watcherErrors.Inc()
}

// Overflow counts a file dropped from the full queue.
func (m *Metrics) Overflow() {
	if m == nil {
		return
	}
	m.overflows.Inc()
}

// Sample is what is sampled at each scrape.
type Sample struct {
	Engine       provenance.EngineStats
	StoreBytes   int64
	QueueFiles   int
	QueueOldest  time.Duration
	PendingFiles int
	Ready        bool
	MaxDocuments int
}

// Set sets the sampled gauges.
func (m *Metrics) Set(s Sample) {
	if m == nil {
		return
	}
	m.indexDocs.Set(float64(s.Engine.Documents))
	m.indexPostings.Set(float64(s.Engine.Postings))
	m.indexBytes.Set(float64(s.Engine.IndexBytes))
	m.families.Set(float64(s.Engine.Families))
	m.storeBytes.Set(float64(s.StoreBytes))
	m.queueFiles.Set(float64(s.QueueFiles))
	m.queueAge.Set(s.QueueOldest.Seconds())
	m.pending.Set(float64(s.PendingFiles))
	if s.Ready {
		m.ready.Set(1)
	} else {
		m.ready.Set(0)
	}
	m.maxDocs.Set(float64(s.MaxDocuments))
	m.setCapped(s.Engine.Capped)
}

// setCapped sets provenance_capped from caps: 0 for a setting not among
// them.
func (m *Metrics) setCapped(caps []provenance.Cap) {
	for _, v := range CapSettings {
		n := 0
		for _, c := range caps {
			if c.Name == v {
				n = c.Count
			}
		}
		m.capped.WithLabelValues(v).Set(float64(n))
	}
}

// RunDone records a batch run (compare) that ended: when, how long it
// took, and whether it succeeded.
func (m *Metrics) RunDone(at time.Time, took time.Duration, ok bool) {
	if m == nil {
		return
	}
	m.runDuration.Set(took.Seconds())
	if ok {
		m.lastSuccess.Set(float64(at.UnixNano()) / 1e9)
	}
}

// Compared records a compare run: its documents, what it found, and its
// stages (as one batch). Files it could not use count as skipped, by
// reason.
func (m *Metrics) Compared(res *provenance.Result, took time.Duration, at time.Time) {
	if m == nil {
		return
	}
	for i, d := range res.Docs {
		f := format(d.Format)
		m.docsIngested.WithLabelValues(f).Inc()
		m.bytesIngested.WithLabelValues(f).Add(float64(res.Bytes[i]))
	}
	for _, err := range res.Skipped {
		switch r := Reason(err); r {
		case "no_text", "duplicate_id":
			m.docsSkipped.WithLabelValues(r).Inc()
		default:
			m.filesSkipped.WithLabelValues(r).Inc()
		}
	}
	m.candidates.Add(float64(res.Stats.Candidates))
	m.matches.Add(float64(len(res.Matches)))
	for _, f := range res.Families {
		m.familyChanges.WithLabelValues("created").Inc()
		for _, e := range f.Edges {
			if e.Attributed {
				m.copies.WithLabelValues("true").Inc()
			} else {
				m.copies.WithLabelValues("false").Inc()
			}
		}
	}
	m.batches.Inc()
	m.batchDocs.Observe(float64(len(res.Docs)))
	m.batchStage.WithLabelValues("index").Observe(res.Stats.Index.Seconds())
	m.batchStage.WithLabelValues("verify").Observe(res.Stats.Verify.Seconds())
	m.batchStage.WithLabelValues("lineage").Observe(res.Stats.Lineage.Seconds())
	m.indexDocs.Set(float64(len(res.Docs)))
	m.indexPostings.Set(float64(res.Stats.Postings))
	m.families.Set(float64(len(res.Families)))
	m.setCapped(res.Capped)
	m.lastIngest.Set(float64(at.UnixNano()) / 1e9)
	m.RunDone(at, took, true)
}
