package deploy_test

import (
	"reflect"
	"testing"
)

// TestMetricNames checks that every metric the dashboard and the rules
// name is one the binary exports.
func TestMetricNames(t *testing.T) {
	exported := exportedNames(t)
	check := func(t *testing.T, where, expr string) []string {
		t.Helper()
		names, unknown, err := unknownNames(expr, exported)
		if err != nil {
			t.Errorf("%s: %v in %q", where, err, expr)
			return nil
		}
		if len(names) == 0 {
			t.Errorf("%s: no metric name found in %q", where, expr)
		}
		for _, n := range unknown {
			t.Errorf("%s: %s is not a metric the binary exports (in %q)", where, n, expr)
		}
		return names
	}

	t.Run("dashboard", func(t *testing.T) {
		d, _ := readDashboard(t)
		used := map[string]bool{}
		for _, p := range d.allPanels() {
			for _, tg := range p.Targets {
				if tg.Expr == "" {
					continue
				}
				for _, n := range check(t, "panel "+p.Title, tg.Expr) {
					used[n] = true
				}
			}
		}
		for _, v := range d.Templating.List {
			if v.Type != "query" {
				continue
			}
			m := labelValues.FindStringSubmatch(v.query())
			if m == nil {
				t.Errorf("variable %s: query %q is not label_values(selector, label)", v.Name, v.query())
				continue
			}
			check(t, "variable "+v.Name, m[1])
		}
		// The dashboard shows what operators need.
		for _, n := range []string{
			"provenance_ingested_bytes_total", "provenance_documents_ingested_total",
			"provenance_batch_stage_duration_seconds_bucket", "provenance_document_stage_duration_seconds_bucket",
			"provenance_file_to_result_seconds_bucket", "provenance_candidate_pairs_total",
			"provenance_matches_total", "provenance_copies_total", "provenance_family_changes_total",
			"provenance_ingest_errors_total", "provenance_files_skipped_total",
			"provenance_queue_files", "provenance_pending_files", "provenance_queue_oldest_age_seconds",
			"provenance_index_documents", "provenance_index_postings", "provenance_index_bytes",
			"provenance_store_bytes", "provenance_families", "process_resident_memory_bytes",
			"go_memstats_heap_inuse_bytes", "provenance_ready", "provenance_build_info",
		} {
			if !used[n] {
				t.Errorf("no panel shows %s", n)
			}
		}
	})

	t.Run("rules", func(t *testing.T) {
		for _, r := range readRules(t) {
			check(t, "alert "+r.Alert, r.Expr)
		}
	})
}

// TestMetricNames_checker checks the checker TestMetricNames uses: that
// it finds the names an expression selects, and no label or function
// name, and reports names the binary does not export.
func TestMetricNames_checker(t *testing.T) {
	exported := exportedNames(t)
	for _, tc := range []struct {
		expr           string
		names, unknown []string
	}{
		{expr: "rate(provenance_nonexistent_total[5m])",
			names: []string{"provenance_nonexistent_total"}, unknown: []string{"provenance_nonexistent_total"}},
		{expr: `histogram_quantile(0.99, sum by (le, stage) (rate(provenance_batch_stage_duration_seconds_bucket{job=~"$job", instance=~"${instance}"}[$__rate_interval])))`,
			names: []string{"provenance_batch_stage_duration_seconds_bucket"}},
		// A histogram's name alone is no series; a gauge has no _bucket.
		{expr: "provenance_file_to_result_seconds > 1",
			names: []string{"provenance_file_to_result_seconds"}, unknown: []string{"provenance_file_to_result_seconds"}},
		{expr: "rate(provenance_index_documents_bucket[5m])",
			names: []string{"provenance_index_documents_bucket"}, unknown: []string{"provenance_index_documents_bucket"}},
		{expr: `{__name__="provenance_nonexistent", job="provenance"}`,
			names: []string{"provenance_nonexistent"}, unknown: []string{"provenance_nonexistent"}},
		// Label names, keywords, functions and numbers are not metric names.
		{expr: `sum(rate(provenance_copies_total{attributed="true"}[5m] offset 1h)) by (provenance_made_up)
			/ on (job, instance) group_left (version) provenance_build_info > bool 1e-3
			and up{job="provenance"} == 1 or absent(up) unless vector(Inf) # provenance_comment`,
			names: []string{"provenance_build_info", "provenance_copies_total", "up"}},
		{expr: `time() - max without (instance) (provenance_last_ingest_timestamp_seconds @ end())`,
			names: []string{"provenance_last_ingest_timestamp_seconds"}},
		{expr: `label_replace(go_memstats_heap_inuse_bytes, "dst", "$1", "src", "(.*)") + madeup:recorded:rate5m`,
			names: []string{"go_memstats_heap_inuse_bytes", "madeup:recorded:rate5m"}, unknown: []string{"madeup:recorded:rate5m"}},
	} {
		names, unknown, err := unknownNames(tc.expr, exported)
		if err != nil {
			t.Errorf("%q: %v", tc.expr, err)
			continue
		}
		if !reflect.DeepEqual(names, tc.names) || !reflect.DeepEqual(unknown, tc.unknown) {
			t.Errorf("%q: names %q, unknown %q; want %q, %q", tc.expr, names, unknown, tc.names, tc.unknown)
		}
	}
	for _, bad := range []string{`rate(x[5m)`, `x{job="a"`, `x{job="a}`, `{__name__=~"provenance_.*"}`, `x ? y`} {
		if names, err := metricNames(bad); err == nil {
			t.Errorf("%q: names %q, want an error", bad, names)
		}
	}
}
