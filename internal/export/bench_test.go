package export

import (
	"io"
	"strconv"
	"testing"

	"forcedreturns/internal/export/exporttest"
	"forcedreturns/internal/format"
	"forcedreturns/models"
)

// synthetic yields n rows built from the fixture, with varying ids,
// values and quotes, through one reused FigureView as the store does.
// Every quote differs from the previous format.MaxCachedLinks ones, so the
// benchmark measures the worst case: a link built for every row. Ids and
// quotes are pre-built so that it measures the encoder, not the generator.
func synthetic(n int) Iterator {
	views := exporttest.Views()
	keys := make([]string, 4*format.MaxCachedLinks+1)
	quotes := make([]string, len(keys))
	for i := range keys {
		keys[i] = "figure-" + strconv.Itoa(i)
		quotes[i] = views[i%len(views)].Figure.Quote + " (" + strconv.Itoa(i) + ")"
	}
	return func(yield func(*models.FigureView) error) error {
		var v models.FigureView
		for i := 0; i < n; i++ {
			v = views[i%len(views)]
			v.Figure.Key = keys[i%len(keys)]
			v.Figure.Quote = quotes[i%len(quotes)]
			if v.Figure.Qualifier != models.QualRange {
				v.Figure.Value = int64(i)
			}
			if err := yield(&v); err != nil {
				return err
			}
		}
		return nil
	}
}

// BenchmarkWriteCSV measures one figure row per op: ns/op and allocs/op are
// per row, rows/s is the throughput.
func BenchmarkWriteCSV(b *testing.B) {
	b.ReportAllocs()
	b.ResetTimer()
	n, err := WriteCSV(io.Discard, synthetic(b.N), nil)
	if err != nil || n != b.N {
		b.Fatal(n, err)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkWriteNDJSON is the same for NDJSON, for comparison.
func BenchmarkWriteNDJSON(b *testing.B) {
	b.ReportAllocs()
	b.ResetTimer()
	if _, err := WriteNDJSON(io.Discard, synthetic(b.N), nil); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
