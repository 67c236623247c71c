package bench_test

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/provenance-dev/provenance/cmd/provenance/internal/bench"
)

var (
	scalePoolOnce sync.Once
	scalePool     *bench.Pool
	scalePoolErr  error
)

// BenchmarkIndexScaling builds an index of N documents (in bulk, then
// queried with each, as Compare builds it) from the keys of a
// sketched, generated syndication corpus of 10k documents, repeated with
// shifted keys beyond that (see bench.Pool). It reports insert and query time per document,
// query p99 and heap bytes per document. N is 10k and 100k (10k only with
// -short); PROVENANCE_INDEX_DOCS=10000,100000,1000000 sets other sizes.
// `provenance bench index` gives the same figures as a table.
func BenchmarkIndexScaling(b *testing.B) {
	sizes := []int{10_000, 100_000}
	if testing.Short() {
		sizes = sizes[:1]
	}
	if env := os.Getenv("PROVENANCE_INDEX_DOCS"); env != "" {
		sizes = nil
		for _, f := range strings.Split(env, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(f))
			if err != nil || n < 1 {
				b.Fatalf("PROVENANCE_INDEX_DOCS=%q: want comma-separated counts", env)
			}
			sizes = append(sizes, n)
		}
	}
	scalePoolOnce.Do(func() { scalePool, scalePoolErr = bench.NewPool(min(sizes[0], 10_000), 1, 0) })
	if scalePoolErr != nil {
		b.Fatal(scalePoolErr)
	}
	for _, n := range sizes {
		b.Run(fmt.Sprintf("docs=%d", n), func(b *testing.B) {
			var s bench.IndexSize
			for b.Loop() {
				s = bench.MeasureIndex(scalePool, n)
			}
			b.ReportMetric(s.InsertNs, "insert-ns/doc")
			b.ReportMetric(s.FirstInsertNs, "first-insert-ns/doc")
			b.ReportMetric(s.QueryNs, "query-ns/doc")
			b.ReportMetric(s.QueryP99Ns, "query-p99-ns")
			b.ReportMetric(s.BytesPerDoc, "bytes/doc")
			b.ReportMetric(s.KeysPerDoc, "keys/doc")
		})
	}
}
