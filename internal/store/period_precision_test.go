package store_test

import (
	"strings"
	"testing"

	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
)

// A period whose ends have their own precisions ("since 2019", as of
// 5 December 2023) is stored and read back as written by every read, the
// counting read included; an update to one precision is written too; the
// history records both; and saving the same period again changes nothing.
func TestPeriodEndPrecisionRoundTrip(t *testing.T) {
	since := models.Period{Start: models.NewDate(2019, 1, 1), End: models.NewDate(2023, 12, 5),
		Precision: models.PrecisionYear, EndPrecision: models.PrecisionDay}
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		b := storetest.Basics()
		b.Sources[0].PublishedOn, b.Sources[0].AccessedOn = models.NewDate(2023, 12, 5), models.NewDate(2024, 1, 15)
		b.Figures[0].Period = since
		storetest.Apply(t, s, b)

		check := func(where string, got, want models.Period) {
			t.Helper()
			if got != want {
				t.Errorf("%s: period %+v, want %+v", where, got, want)
			}
		}
		v, err := s.GetFigure(ctx, "total", models.AudienceEditors)
		must(t, err)
		check("GetFigure", v.Figure.Period, since)
		list, _, err := s.ListFigures(ctx, models.FigureFilter{Audience: models.AudienceEditors, Statuses: models.Statuses, Limit: 10})
		must(t, err)
		for _, l := range list {
			if l.Figure.Key == "total" {
				check("ListFigures", l.Figure.Period, since)
			} else if l.Figure.Period.EndPrecision != l.Figure.Period.Precision {
				t.Errorf("ListFigures: %s ends at %q, starts at %q", l.Figure.Key, l.Figure.Period.EndPrecision, l.Figure.Period.Precision)
			}
		}
		must(t, s.EachFigureBySubject(ctx, models.FigureFilter{Audience: models.AudienceEditors, Statuses: models.Statuses}, func(f *models.Figure) error {
			if f.Key == "total" {
				check("EachFigureBySubject", f.Period, since)
			}
			return nil
		}))

		f := v.Figure
		f.Period = models.UniformPeriod(models.NewDate(2019, 1, 1), models.NewDate(2023, 12, 31), models.PrecisionYear)
		must(t, s.UpdateFigure(ctx, &f, storetest.Change()))
		v, err = s.GetFigure(ctx, "total", models.AudienceEditors)
		must(t, err)
		check("after an update to one precision", v.Figure.Period, f.Period)

		f = v.Figure
		f.Period = since
		must(t, s.UpdateFigure(ctx, &f, storetest.Change()))
		again := f
		again.Period.EndPrecision = models.PrecisionDay
		res := storetest.Apply(t, s, models.Batch{Figures: []models.Figure{again}})
		if res.Unchanged != 1 {
			t.Errorf("saving the same period again: %+v, want it unchanged", res)
		}

		revs, err := s.Revisions(ctx, models.EntityFigure, "total", models.AudienceEditors)
		must(t, err)
		var snaps []string
		for _, r := range revs {
			snaps = append(snaps, r.Snapshot)
		}
		all := strings.Join(snaps, "\n")
		for _, want := range []string{`"period_precision":"year","period_end_precision":"day"`, `"period_precision":"year","period_end_precision":"year"`} {
			if !strings.Contains(all, want) {
				t.Errorf("revisions do not record %s:\n%s", want, all)
			}
		}
	})
}

// The database refuses an end precision other than day, month or year,
// whatever wrote it.
func TestPeriodEndPrecisionConstraint(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		storetest.Apply(t, s, storetest.Basics())
		if err := s.ExecForTest(ctx, "UPDATE figures SET period_end_precision = 'month' WHERE key = 'custody'"); err != nil {
			t.Fatalf("the database refused period_end_precision 'month': %v", err)
		}
		if err := s.ExecForTest(ctx, "UPDATE figures SET period_end_precision = 'week'"); err == nil {
			t.Error("the database took period_end_precision 'week'")
		}
	})
}
