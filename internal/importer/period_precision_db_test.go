package importer_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"forcedreturns/internal/importer"
	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
)

// TestPeriodEndPrecisionIntoEmptyDatabase: on SQLite and PostgreSQL,
// periods whose ends have their own precisions ("since 2019", as of 5
// December 2023; from a day to a month; from a month to a year) are
// stored, exported in every format that imports (CSV, JSON, data package)
// and imported into an empty database
// (a CSV, which carries no metric definitions, after its metrics) as the
// same periods, and export the same again.
func TestPeriodEndPrecisionIntoEmptyDatabase(t *testing.T) {
	ctx := context.Background()
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	d := models.NewDate
	periods := map[string]models.Period{
		"since-2019":    {Start: d(2019, 1, 1), End: d(2023, 12, 5), Precision: models.PrecisionYear, EndPrecision: models.PrecisionDay},
		"day-to-month":  {Start: d(2019, 3, 14), End: d(2019, 6, 30), Precision: models.PrecisionDay, EndPrecision: models.PrecisionMonth},
		"month-to-year": {Start: d(2019, 3, 1), End: d(2020, 12, 31), Precision: models.PrecisionMonth, EndPrecision: models.PrecisionYear},
	}
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		b := storetest.Basics()
		b.Sources[0].PublishedOn, b.Sources[0].AccessedOn = d(2023, 12, 5), d(2024, 1, 15)
		for key, p := range periods {
			f := storetest.Figure(key, "apprehended", "src")
			f.Period, f.Population = p, "North Koreans "+key
			b.Figures = append(b.Figures, f)
		}
		storetest.Apply(t, s, b)
		for key, want := range periods {
			got, err := s.GetFigure(ctx, key, models.AudienceEditors)
			if err != nil {
				t.Fatal(err)
			}
			if got.Figure.Period != want {
				t.Errorf("stored %s: %+v, want %+v", key, got.Figure.Period, want)
			}
		}
		for _, tt := range []struct{ format, file string }{
			{"csv", "export.csv"}, {"json", "export.json"}, {"datapackage", "export.zip"},
		} {
			t.Run(tt.format, func(t *testing.T) {
				first := exportAll(t, s, tt.format, at)
				empty := storetest.OpenConfig(t, storetest.NewDatabase(t, s.Dialect()), true)
				if tt.format == "csv" {
					storetest.Apply(t, empty, models.Batch{Metrics: b.Metrics})
				}
				batch, err := importer.Parse(tt.file, bytes.NewReader(first), importer.Options{})
				if err != nil {
					t.Fatal(err)
				}
				if _, err := empty.ApplyBatch(ctx, batch, storetest.Change(), false); err != nil {
					t.Fatalf("import into an empty database: %v", err)
				}
				for key, want := range periods {
					got, err := empty.GetFigure(ctx, key, models.AudienceEditors)
					if err != nil {
						t.Fatal(err)
					}
					if got.Figure.Period != want {
						t.Errorf("%s after the round trip: %+v, want %+v", key, got.Figure.Period, want)
					}
				}
				second := exportAll(t, empty, tt.format, at)
				if tt.format != "datapackage" {
					a, b := timestamps.ReplaceAll(first, nil), timestamps.ReplaceAll(second, nil)
					if tt.format == "csv" {
						a, b = dropLastModified(t, first), dropLastModified(t, second)
					}
					if !bytes.Equal(a, b) {
						t.Errorf("the re-import exports differently:\n%s\n---\n%s", a, b)
					}
				}
			})
		}
	})
}
