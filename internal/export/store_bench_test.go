package export_test

import (
	"context"
	"io"
	"os"
	"testing"

	"forcedreturns/internal/export"
	"forcedreturns/internal/store"
	"forcedreturns/models"
)

// benchStore opens the database FORCEDRETURNS_BENCH_DB names (a SQLite
// file, made with `forcedreturns dev generate`), or skips: generating
// enough figures to measure anything takes longer than a benchmark should.
func benchStore(b *testing.B) *store.Store {
	path := os.Getenv("FORCEDRETURNS_BENCH_DB")
	if path == "" {
		b.Skip("set FORCEDRETURNS_BENCH_DB to a SQLite database made with dev generate")
	}
	s, err := store.Open(context.Background(), store.Config{SQLitePath: path})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// BenchmarkExportStore measures, per figure of FORCEDRETURNS_BENCH_DB,
// the parts of a public CSV export: the counting pass, the read of the
// rows alone, the whole export counting first, and the whole export as
// the command runs it (stored: with the stored countable columns, when
// the database holds them current; serve stores them at start).
func BenchmarkExportStore(b *testing.B) {
	s := benchStore(b)
	ctx := context.Background()
	var f models.FigureFilter
	rows := 0
	b.Run("count", func(b *testing.B) {
		for b.Loop() {
			c, err := export.Count(ctx, s, f)
			if err != nil {
				b.Fatal(err)
			}
			rows = c.Len()
		}
		b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "figures/s")
	})
	b.Run("read", func(b *testing.B) {
		for b.Loop() {
			rows = 0
			if err := s.EachFigure(ctx, f, func(*models.FigureView) error { rows++; return nil }); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "rows/s")
	})
	b.Run("csv", func(b *testing.B) {
		for b.Loop() {
			c, err := export.Count(ctx, s, f)
			if err != nil {
				b.Fatal(err)
			}
			it := export.Pipelined(func(yield func(*models.FigureView) error) error { return s.EachFigure(ctx, f, yield) })
			if rows, err = export.WriteCSV(io.Discard, it, c); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "rows/s")
	})
	b.Run("stored", func(b *testing.B) {
		if ok, err := s.CountsCurrent(ctx); err != nil || !ok {
			b.Skip("the database holds no current countable columns: run serve on it once")
		}
		for b.Loop() {
			it := export.Pipelined(export.Figures(ctx, s, f, nil))
			var err error
			if rows, err = export.WriteCSV(io.Discard, it, export.Counted); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "rows/s")
	})
}
