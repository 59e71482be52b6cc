package store_test

import (
	"strings"
	"testing"

	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
)

// A publication date known only to the month or the year keeps its
// precision through every way the store hands a source back: the source
// itself, the list, a figure's view, a batch that leaves the field out,
// and the history, which records the date as written ("2023-12").
func TestSourcePublishedPrecisionRoundTrip(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		b := storetest.Basics()
		b.Sources[0].PublishedOn, b.Sources[0].PublishedPrecision = models.NewDate(2017, 9, 1), models.PrecisionMonth
		b.Sources[0].AccessedOn = models.NewDate(2017, 9, 1)
		storetest.Apply(t, s, b)

		check := func(where string, got models.Source, want string) {
			t.Helper()
			if got.PublishedText() != want {
				t.Errorf("%s: published %q (%s %s), want %q", where, got.PublishedText(), got.PublishedOn, got.PublishedPrecision, want)
			}
		}
		src, err := s.GetSource(ctx, "src")
		must(t, err)
		check("GetSource", src, "2017-09")
		list, err := s.ListSources(ctx)
		must(t, err)
		check("ListSources", list[0], "2017-09")
		v, err := s.GetFigure(ctx, "total", models.AudienceEditors)
		must(t, err)
		check("GetFigure", v.Source, "2017-09")

		src.PublishedOn, src.PublishedPrecision = models.NewDate(2017, 1, 1), models.PrecisionYear
		src.AccessedOn = models.Date{}
		must(t, s.UpdateSource(ctx, &src, storetest.Change()))
		src, err = s.GetSource(ctx, "src")
		must(t, err)
		check("after UpdateSource", src, "2017")

		revs, err := s.Revisions(ctx, models.EntitySource, "src", models.AudienceEditors)
		must(t, err)
		var snaps []string
		for _, r := range revs {
			snaps = append(snaps, r.Snapshot)
		}
		all := strings.Join(snaps, "\n")
		for _, want := range []string{`"published_on":"2017-09"`, `"published_on":"2017"`} {
			if !strings.Contains(all, want) {
				t.Errorf("revisions do not record %s:\n%s", want, all)
			}
		}

		// Back to a full date: the precision is written too, not left at year.
		src.PublishedOn, src.PublishedPrecision = models.NewDate(2017, 9, 18), models.PrecisionDay
		must(t, s.UpdateSource(ctx, &src, storetest.Change()))
		src, err = s.GetSource(ctx, "src")
		must(t, err)
		check("back to a day", src, "2017-09-18")
	})
}

// The database refuses a precision other than day, month or year, whatever
// wrote it.
func TestSourcePublishedPrecisionConstraint(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		storetest.Apply(t, s, storetest.Basics())
		if err := s.ExecForTest(ctx, "UPDATE sources SET published_precision = 'year'"); err != nil {
			t.Fatalf("the database refused published_precision 'year': %v", err)
		}
		if err := s.ExecForTest(ctx, "UPDATE sources SET published_precision = 'week'"); err == nil {
			t.Error("the database took published_precision 'week'")
		}
	})
}
