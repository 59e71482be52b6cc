package store_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"forcedreturns/dashboard/charts"
	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
)

// summariesOf is the per-figure computation the stored summaries must
// equal: every figure f selects that models.Figure.Summarised keeps,
// summarised one by one (MonthSummary.Summarise) by month, or by year.
func summariesOf(views []models.FigureView, keep func(models.Figure) bool, byYear bool) []models.MonthSummary {
	at := map[string]*models.MonthSummary{}
	var keys []string
	for _, v := range views {
		f := v.Figure
		if !f.Summarised() || !keep(f) {
			continue
		}
		month := f.Period.Start.String()[:7]
		if byYear {
			month = month[:4]
		}
		k := fmt.Sprint(f.Population, f.ActingState, f.ReceivingState, f.Unit, f.Metric, f.Kind, month)
		c := at[k]
		if c == nil {
			c = &models.MonthSummary{Population: f.Population, ActingState: f.ActingState, ReceivingState: f.ReceivingState,
				Unit: f.Unit, Metric: f.Metric, Kind: f.Kind, Month: month}
			at[k] = c
			keys = append(keys, k)
		}
		c.Summarise(f)
	}
	out := make([]models.MonthSummary, 0, len(keys))
	for _, k := range keys {
		out = append(out, *at[k])
	}
	store.SortSummaries(out)
	return out
}

// sameSummaries fails unless ChartCells and ChartSpan answer, for a few
// filters (stored cells, and figures summarised on the fly), what the
// per-figure computation gives, and the headlines of the latest figures
// (LatestFigures) are those of every figure.
func sameSummaries(t *testing.T, s *store.Store, label string) {
	t.Helper()
	var views []models.FigureView
	must(t, s.EachFigure(ctx, models.AllFigures(models.AudienceEditors), func(v *models.FigureView) error {
		views = append(views, *v)
		return nil
	}))
	filters := []struct {
		name string
		f    models.FigureFilter
		keep func(models.Figure) bool
	}{
		{"everything", models.FigureFilter{}, func(models.Figure) bool { return true }},
		{"metric and state (stored)", models.FigureFilter{Metrics: []string{"apprehended", "deaths"}, ActingStates: []string{"CN"}},
			func(f models.Figure) bool {
				return (f.Metric == "apprehended" || f.Metric == "deaths") && f.ActingState == "CN"
			}},
		{"source (stored by source)", models.FigureFilter{Sources: []string{"synthetic-source-2"}},
			func(f models.Figure) bool { return f.Source == "synthetic-source-2" }},
		{"two sources, a metric and a kind (stored by source, summed)", models.FigureFilter{Sources: []string{"synthetic-source-1", "synthetic-source-3"},
			Metrics: []string{"apprehended", "forcibly_returned", "deaths"}, Kinds: []models.QuantityKind{models.Flow, models.Stock}},
			func(f models.Figure) bool {
				return (f.Source == "synthetic-source-1" || f.Source == "synthetic-source-3") &&
					(f.Metric == "apprehended" || f.Metric == "forcibly_returned" || f.Metric == "deaths") &&
					(f.Kind == models.Flow || f.Kind == models.Stock)
			}},
		{"source and qualifier (on the fly)", models.FigureFilter{Sources: []string{"synthetic-source-2"}, Qualifiers: []models.Qualifier{models.QualExact, models.QualAtLeast}},
			func(f models.Figure) bool {
				return f.Source == "synthetic-source-2" && (f.Qualifier == models.QualExact || f.Qualifier == models.QualAtLeast)
			}},
		{"source and qualifiers in a window (on the fly, dated)", models.FigureFilter{Sources: []string{"synthetic-source-2"},
			Qualifiers: []models.Qualifier{models.QualExact, models.QualAtLeast, models.QualRange, models.QualUnquantified},
			From:       models.NewDate(2003, 3, 17), To: models.NewDate(2021, 6, 30)},
			func(f models.Figure) bool {
				return f.Source == "synthetic-source-2" && slices.Contains([]models.Qualifier{models.QualExact, models.QualAtLeast, models.QualRange, models.QualUnquantified}, f.Qualifier) &&
					!f.Period.End.Before(models.NewDate(2003, 3, 17)) && !models.NewDate(2021, 6, 30).Before(f.Period.Start)
			}},
		{"qualifier (stored by qualifier)", models.FigureFilter{Qualifiers: []models.Qualifier{models.QualAtLeast}},
			func(f models.Figure) bool { return f.Qualifier == models.QualAtLeast }},
		{"about (stored by qualifier)", models.FigureFilter{Qualifiers: []models.Qualifier{models.QualAbout}},
			func(f models.Figure) bool { return f.Qualifier == models.QualAbout }},
		{"two qualifiers and a metric (stored by qualifier, summed)", models.FigureFilter{Qualifiers: []models.Qualifier{models.QualRange, models.QualUnquantified},
			Metrics: []string{"apprehended", "deaths"}},
			func(f models.Figure) bool {
				return (f.Qualifier == models.QualRange || f.Qualifier == models.QualUnquantified) && (f.Metric == "apprehended" || f.Metric == "deaths")
			}},
	}
	// Dates: the months they keep whole from the stored cells, the others'
	// figures summarised; bounds on a month's first or last day, within
	// one, over a new year, one day, and none of them on a month's edge.
	overlaps := func(from, to models.Date) func(models.Figure) bool {
		return func(f models.Figure) bool {
			return (from.IsZero() || !f.Period.End.Before(from)) && (to.IsZero() || !to.Before(f.Period.Start))
		}
	}
	d := models.NewDate
	for i, w := range []struct{ from, to models.Date }{
		{d(2012, 1, 1), models.Date{}}, {d(2012, 3, 17), models.Date{}}, {models.Date{}, d(2011, 6, 30)}, {models.Date{}, d(2011, 6, 29)},
		{d(2010, 1, 1), d(2015, 12, 31)}, {d(2010, 2, 14), d(2015, 11, 3)}, {d(2013, 5, 10), d(2013, 5, 20)},
		{d(2013, 12, 31), d(2014, 1, 1)}, {d(2014, 7, 4), d(2014, 7, 4)}, {d(2016, 1, 1), d(2015, 1, 1)}, {d(2999, 1, 2), models.Date{}},
	} {
		keep := overlaps(w.from, w.to)
		filters = append(filters, struct {
			name string
			f    models.FigureFilter
			keep func(models.Figure) bool
		}{fmt.Sprintf("from %s to %s", w.from, w.to), models.FigureFilter{From: w.from, To: w.to}, keep})
		if i%2 == 1 {
			continue // with qualifiers and a state: every other window
		}
		filters = append(filters, struct {
			name string
			f    models.FigureFilter
			keep func(models.Figure) bool
		}{fmt.Sprintf("from %s to %s, qualifiers, a state", w.from, w.to),
			models.FigureFilter{From: w.from, To: w.to, Qualifiers: []models.Qualifier{models.QualExact, models.QualAbout}, ReceivingStates: []string{"KP"}},
			func(f models.Figure) bool {
				return keep(f) && (f.Qualifier == models.QualExact || f.Qualifier == models.QualAbout) && f.ReceivingState == "KP"
			}})
	}
	// A start (its year, its month, its day) and a source, with a window
	// from a few days before: those of a figure the summaries count, so
	// that each filter keeps at least that one (a fixed source and year
	// kept none of the random figures, and compared nothing).
	i := slices.IndexFunc(views, func(v models.FigureView) bool { return v.Figure.Summarised() })
	if i < 0 {
		t.Fatalf("%s: no figure the summaries count", label)
	}
	pick := views[i].Figure
	from := pick.Period.Start.AddDays(-4)
	start := pick.Period.Start.String()
	for _, st := range []string{start[:4], start[:7], start} {
		p, err := models.ParsePartialDate(st)
		must(t, err)
		keep := func(f models.Figure) bool {
			return f.Source == pick.Source && !f.Period.Start.Before(p.Start) && !p.End.Before(f.Period.Start) && !f.Period.End.Before(from)
		}
		if !keep(pick) {
			t.Fatalf("%s: starts %s from %s does not keep the figure it was made from", label, st, from)
		}
		filters = append(filters, struct {
			name string
			f    models.FigureFilter
			keep func(models.Figure) bool
		}{"starts " + st + " from a source", models.FigureFilter{Starts: p, From: from, Sources: []string{pick.Source}}, keep})
	}
	// The cells of each filter, by month and by year, for the headlines
	// below.
	cells := make([][2][]models.MonthSummary, len(filters))
	for i, fl := range filters {
		var byMonth []models.MonthSummary // the per-figure computation by month, for ChartSpan below
		for y, byYear := range []bool{false, true} {
			got, err := s.ChartCells(ctx, fl.f, byYear)
			must(t, err)
			cells[i][y] = got
			want := summariesOf(views, fl.keep, byYear)
			if !byYear {
				byMonth = want
			}
			// cmp.Diff only to say how they differ: it costs more than
			// everything else here together under the race detector.
			if !slices.Equal(want, got) {
				if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
					t.Fatalf("%s, %s, by year %v: ChartCells (-per figure +stored):\n%s", label, fl.name, byYear, diff)
				}
			}
		}
		first, last, n, err := s.ChartSpan(ctx, fl.f, math.MaxInt64)
		must(t, err)
		wfirst, wlast, wn := spanOf(byMonth)
		if first != wfirst || last != wlast || n != wn {
			t.Errorf("%s, %s: ChartSpan = %s, %s, %d; want %s, %s, %d", label, fl.name, first, last, n, wfirst, wlast, wn)
		}
		// Counted up to a bound: exact up to it, above it past it, the
		// months the same.
		for _, atMost := range []int64{0, 1, wn / 2, wn - 1, wn} {
			first, last, n, err := s.ChartSpan(ctx, fl.f, atMost)
			must(t, err)
			if first != wfirst || last != wlast || n <= atMost && n != wn || n > atMost && wn <= atMost {
				t.Errorf("%s, %s: ChartSpan at most %d = %s, %s, %d; want %s, %s and %d or more than %d", label, fl.name, atMost, first, last, n, wfirst, wlast, wn, atMost)
			}
		}
	}
	// The window of a source and qualifiers keeps figures (from the
	// third seed on, two of them give only words).
	for _, fl := range filters {
		if strings.HasPrefix(fl.name, "source and qualifiers in a window") && !slices.ContainsFunc(views, func(v models.FigureView) bool {
			return fl.keep(v.Figure) && v.Figure.Summarised()
		}) {
			t.Fatalf("%s, %s: no figure kept", label, fl.name)
		}
	}
	// What a chart is drawn from, in one call: the span, and the cells
	// when there are more figures than the bound, by year when asked
	// with the span's months.
	for i, fl := range filters {
		wfirst, wlast, wn := spanOf(cells[i][0])
		for _, atMost := range []int64{0, wn - 1, wn} {
			for y, byYear := range []bool{false, true} {
				asked := false
				got, err := s.ChartSummary(ctx, fl.f, atMost, func(first, last string) bool {
					asked = true
					if first != wfirst || last != wlast {
						t.Errorf("%s, %s: ChartSummary asks by year of %s, %s; want %s, %s", label, fl.name, first, last, wfirst, wlast)
					}
					return byYear
				})
				must(t, err)
				over := wn > atMost
				if got.First != wfirst || got.Last != wlast || (got.N > atMost) != over || !over && got.N != wn || asked != over {
					t.Errorf("%s, %s: ChartSummary at most %d = %s, %s, %d (by year asked: %v); want %s, %s and %d", label, fl.name, atMost,
						got.First, got.Last, got.N, asked, wfirst, wlast, wn)
				}
				var want []models.MonthSummary
				if over {
					want = cells[i][y]
				}
				if got.ByYear != (over && byYear) || !slices.Equal(want, got.Cells) {
					t.Errorf("%s, %s: ChartSummary at most %d, by year %v: by year %v, cells (-want +got):\n%s", label, fl.name, atMost, byYear,
						got.ByYear, cmp.Diff(want, got.Cells, cmpopts.EquateEmpty()))
				}
			}
		}
	}
	for i, fl := range filters {
		var kept []models.FigureView
		for _, v := range views {
			if fl.keep(v.Figure) {
				kept = append(kept, v)
			}
		}
		want := charts.HeadlinesIn(models.English, kept)
		for y, byYear := range []bool{false, true} {
			latest, err := s.LatestFigures(ctx, fl.f, cells[i][y])
			must(t, err)
			if got := charts.HeadlinesIn(models.English, latest); !reflect.DeepEqual(want, got) {
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("%s, %s, by year %v: headlines (-every figure +latest figures):\n%s", label, fl.name, byYear, diff)
				}
			}
		}
	}
}

// spanOf is the span of month summaries, worked out one by one: their
// first and last months and how many figures they count.
func spanOf(months []models.MonthSummary) (first, last string, n int64) {
	for _, c := range months {
		n += c.N + c.Words
		if first == "" || c.Month < first {
			first = c.Month
		}
		last = max(last, c.Month)
	}
	return first, last, n
}

// publishedFigure returns the first published figure that ok keeps.
func publishedFigure(t *testing.T, s *store.Store, ok func(models.Figure) bool) models.Figure {
	t.Helper()
	var views []models.FigureView
	must(t, s.EachFigure(ctx, models.FigureFilter{Statuses: []models.Status{models.StatusPublished}}, func(v *models.FigureView) error {
		views = append(views, *v)
		return nil
	}))
	i := slices.IndexFunc(views, func(v models.FigureView) bool { return ok(v.Figure) })
	if i < 0 {
		t.Fatal("no published figure of the kind wanted")
	}
	return views[i].Figure
}

// TestChartCells holds the stored summaries to the per-figure computation
// on random sets of figures, after every kind of write, and checks that a
// write notes exactly the subjects it touches.
func TestChartCells(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		for seed := int64(1); seed <= 3; seed++ {
			must(t, s.GenerateFigures(ctx, 150, seed))
			sameSummaries(t, s, fmt.Sprint("seed ", seed))
		}
		dirty, err := s.DirtyChartSubjects(ctx)
		must(t, err)
		if len(dirty) != 0 {
			t.Fatalf("after a refresh, subjects still noted: %v", dirty)
		}
		f := publishedFigure(t, s, func(f models.Figure) bool {
			return f.Population == "North Koreans" && f.SubgroupOf == "" && f.Qualifier == models.QualExact
		})
		subject := func(f models.Figure) string {
			return f.Population + "|" + f.ActingState + "|" + f.ReceivingState + "|" + f.Unit + "|" + f.Metric
		}
		before := subject(f)
		// A new value: only its subject is noted.
		f.Value *= 1000
		f.ValueText = f.Quantity().Text()
		must(t, s.UpdateFigure(ctx, &f, storetest.Change()))
		dirty, err = s.DirtyChartSubjects(ctx)
		must(t, err)
		if diff := cmp.Diff([]string{before}, dirty); diff != "" {
			t.Errorf("a new value: noted subjects (-want +got):\n%s", diff)
		}
		sameSummaries(t, s, "a new value")
		// Another qualifier with the same number: the cells by source stay
		// as they were, the cells by qualifier change.
		f.Qualifier = models.QualAbout
		f.ValueText = f.Quantity().Text()
		must(t, s.UpdateFigure(ctx, &f, storetest.Change()))
		sameSummaries(t, s, "another qualifier")
		// Another population: the subject it leaves and the one it joins.
		f.Population = "Synthetic movers"
		must(t, s.UpdateFigure(ctx, &f, storetest.Change()))
		dirty, err = s.DirtyChartSubjects(ctx)
		must(t, err)
		want := []string{before, subject(f)}
		slices.Sort(want)
		if diff := cmp.Diff(want, dirty); diff != "" {
			t.Errorf("another population: noted subjects (-want +got):\n%s", diff)
		}
		sameSummaries(t, s, "another population")
		must(t, s.RetractFigure(ctx, f.Key, f.Version, "wrong", storetest.Change()))
		sameSummaries(t, s, "a retraction")
	})
}

// TestChartCellsAfterOneWrite: after a write to one figure, the next
// overview computes again only the cells of that figure's subject whose
// figures changed: its month and year, by its source, by its qualifier and of every source
// (what the first `/` after a write costs at a million figures), none
// after a write the summaries do not count, and every cell of the
// subject when many of them changed (the same path as a subject computed
// whole); the answers stay those of every figure.
func TestChartCellsAfterOneWrite(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		must(t, s.GenerateFigures(ctx, 300, 1))
		_, _, _, err := s.ChartSpan(ctx, models.FigureFilter{}, math.MaxInt64) // the cells, computed
		must(t, err)
		count := func(where string, args ...any) int64 {
			t.Helper()
			var c int64
			for _, table := range []string{"chart_cells", "chart_source_cells", "chart_qualifier_cells"} {
				n, err := s.QueryStringsForTest(ctx, "SELECT CAST(COUNT(*) AS TEXT) FROM "+table+" WHERE "+where, args...)
				must(t, err)
				var m int64
				fmt.Sscan(n[0], &m)
				c += m
			}
			return c
		}
		// written returns how many cells the overview computes again
		// after write.
		written := func(write func()) int64 {
			t.Helper()
			before := s.ChartCellsWrittenForTest()
			write()
			_, _, _, err = s.ChartSpan(ctx, models.FigureFilter{}, math.MaxInt64)
			must(t, err)
			return s.ChartCellsWrittenForTest() - before
		}
		f := publishedFigure(t, s, func(f models.Figure) bool {
			return f.SubgroupOf == "" && f.ShareOf == "" && f.Qualifier == models.QualExact
		})
		subjectWhere := "population = ? AND acting_state = ? AND receiving_state = ? AND unit = ? AND metric = ?"
		subject := count(subjectWhere, f.Population, f.ActingState, f.ReceivingState, f.Unit, f.Metric)
		all := count("1 = 1")
		if subject == 0 || subject >= all {
			t.Fatalf("the subject has %d cells of %d", subject, all)
		}
		// The month cells by source the refresh summarises from the
		// figures to compare them with those stored: only those a write
		// touched (chart_dirty_cells), not every cell of the subject (at a
		// million figures, 17,000 figures read from the table).
		comparedBy := func(what string, want int64, write func()) {
			t.Helper()
			before := s.ChartCellsComparedForTest()
			write()
			if got := s.ChartCellsComparedForTest() - before; got != want {
				t.Errorf("%s: %d month cells by source compared, want %d (its subject has %d cells, of %d in all)", what, got, want, subject, all)
			}
		}
		// A number above any other of its cells': they all change.
		comparedBy("one figure's number written", 1, func() {
			if n := written(func() {
				f.Value = 1_000_000_007
				f.ValueText = f.Quantity().Text()
				must(t, s.UpdateFigure(ctx, &f, storetest.Change()))
			}); n != 6 {
				t.Errorf("one figure's number written: %d cells computed again, want 6 (of its subject's %d, %d in all)", n, subject, all)
			}
		})
		sameSummaries(t, s, "one figure's number written")
		comparedBy("one figure's note written", 1, func() {
			if n := written(func() {
				f.Notes = "a note the summaries do not count"
				must(t, s.UpdateFigure(ctx, &f, storetest.Change()))
			}); n != 0 {
				t.Errorf("one figure's note written: %d cells computed again, want none", n)
			}
		})
		// Into another month and back: the cell it leaves and the one it
		// joins, in the same subject.
		for _, years := range []int{-30, 30} {
			comparedBy(fmt.Sprintf("one figure moved %d years", years), 2, func() {
				f.Period.Start.Year += years
				f.Period.End.Year += years
				must(t, s.UpdateFigure(ctx, &f, storetest.Change()))
				_, _, _, err = s.ChartSpan(ctx, models.FigureFilter{}, math.MaxInt64)
				must(t, err)
			})
			sameSummaries(t, s, fmt.Sprintf("one figure moved %d years", years))
		}
		// Every figure of the subject moved four years back (leap days
		// stay days), then on again: every cell changes, computed whole
		// (refreshSubject), then cell by cell (refreshChanged) unless
		// more than changedCellsAbove changed.
		move := func(years int, whole bool) {
			t.Helper()
			var moved []models.Figure
			must(t, s.EachFigure(ctx, models.FigureFilter{Statuses: []models.Status{models.StatusPublished}, Metrics: []string{f.Metric},
				Populations: []string{f.Population}, Units: []string{f.Unit}}, func(v *models.FigureView) error {
				if v.Figure.ActingState == f.ActingState && v.Figure.ReceivingState == f.ReceivingState && v.Figure.Summarised() {
					moved = append(moved, v.Figure)
				}
				return nil
			}))
			if whole {
				defer store.SetChangedCellsAboveForTest(0)()
			}
			if n := written(func() {
				for _, m := range moved {
					m.Period.Start.Year += years
					m.Period.End.Year += years
					must(t, s.UpdateFigure(ctx, &m, storetest.Change()))
				}
			}); n != subject {
				t.Errorf("%d figures of one subject moved %d years (whole %v): %d cells computed again, want its %d (of %d in all)", len(moved), years, whole, n, subject, all)
			}
			sameSummaries(t, s, fmt.Sprintf("a subject's figures moved %d years (whole %v)", years, whole))
		}
		move(-4, true)
		move(4, false)
	})
}

// TestChartCellsCancelled: a request that has gone stops the summaries'
// queries: each answers the context's error, not a result.
func TestChartCellsCancelled(t *testing.T) {
	s := storetest.Open(t)
	must(t, s.GenerateFigures(ctx, 50, 1))
	gone, cancel := context.WithCancel(ctx)
	cancel()
	for name, call := range map[string]func() error{
		"RefreshChartCells": func() error { return s.RefreshChartCells(gone) },
		"ChartSpan":         func() error { _, _, _, err := s.ChartSpan(gone, models.FigureFilter{}, math.MaxInt64); return err },
		"ChartCells":        func() error { _, err := s.ChartCells(gone, models.FigureFilter{}, true); return err },
		"ChartCells on the fly": func() error {
			_, err := s.ChartCells(gone, models.FigureFilter{Sources: []string{"synthetic-source-1"}}, false)
			return err
		},
		"ChartCells by dates": func() error {
			_, err := s.ChartCells(gone, models.FigureFilter{From: models.NewDate(2010, 5, 5)}, false)
			return err
		},
		"ChartSpan by dates": func() error {
			_, _, _, err := s.ChartSpan(gone, models.FigureFilter{From: models.NewDate(2010, 5, 5), Qualifiers: []models.Qualifier{models.QualExact}}, math.MaxInt64)
			return err
		},
		"LatestFigures": func() error {
			_, err := s.LatestFigures(gone, models.FigureFilter{}, []models.MonthSummary{{Metric: "deaths", N: 1, Month: "2001", LastEnd: models.NewDate(2001, 12, 31)}})
			return err
		},
	} {
		if err := call(); !errors.Is(err, context.Canceled) {
			t.Errorf("%s with a cancelled context: %v, want context.Canceled", name, err)
		}
	}
}

// TestChartCellsBySource: a chart filtered by source reads the cells
// stored by source (migration 24), and they answer what summarising the
// source's figures while the reader waits answered (the path before
// them, still taken for a filter the cells cannot answer: here every
// qualifier, which selects the same figures).
func TestChartCellsBySource(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		must(t, s.GenerateFigures(ctx, 2000, 5))
		for _, f := range []models.FigureFilter{
			{Sources: []string{"synthetic-source-4"}},
			{Sources: []string{"synthetic-source-1", "synthetic-source-2", "synthetic-source-5"}, ActingStates: []string{"CN"}},
			{Sources: []string{"synthetic-source-3"}, Metrics: []string{"deaths"}, Populations: []string{"North Koreans"}},
			{Sources: []string{"no-such-source"}},
		} {
			fly := f
			fly.Qualifiers = models.Qualifiers
			// both reads what for f (stored by source) and for fly
			// (summarised from the figures) and fails if they differ.
			both := func(what string, read func(models.FigureFilter) (any, error)) {
				got, err := read(f)
				must(t, err)
				want, err := read(fly)
				must(t, err)
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("%v, %s (-summarised from the figures +stored by source):\n%s", f.Sources, what, diff)
				}
			}
			for _, byYear := range []bool{false, true} {
				both(fmt.Sprint("cells by year ", byYear), func(f models.FigureFilter) (any, error) { return s.ChartCells(ctx, f, byYear) })
				both(fmt.Sprint("latest figures by year ", byYear), func(f models.FigureFilter) (any, error) {
					cells, err := s.ChartCells(ctx, f, byYear)
					if err != nil {
						return nil, err
					}
					return s.LatestFigures(ctx, f, cells)
				})
			}
			both("span", func(f models.FigureFilter) (any, error) {
				first, last, n, err := s.ChartSpan(ctx, f, math.MaxInt64)
				return fmt.Sprint(first, " ", last, " ", n), err
			})
		}
		// What a chart by source reads: the source's stored cells, by
		// their index, never the figures.
		for _, f := range []models.FigureFilter{{Sources: []string{"synthetic-source-4"}}, {Sources: []string{"synthetic-source-1", "synthetic-source-2"}, Metrics: []string{"deaths"}}} {
			plan, err := s.ChartSpanPlanForTest(ctx, f)
			must(t, err)
			plan = strings.ReplaceAll(plan, "SCAN CONSTANT ROW", "") // SQLite's SELECT of subqueries
			// No figure read, no scan of a whole table or index (SQLite
			// says SCAN, PostgreSQL Seq Scan, since its full scans are
			// ruled out): the source's cells, searched by an index.
			if strings.Contains(plan, "figures") || !strings.Contains(plan, "chart_source_cells_") || strings.Contains(plan, "SCAN ") || strings.Contains(plan, "Seq Scan") {
				t.Errorf("%v: the chart's summaries are not read from the cells by source through their index:\n%s", f.Sources, plan)
			}
		}
		// The latest months of a chart by year: one seek a metric in the
		// cells' latest index, by metric and latest end, never a walk of
		// every month cell of the step (and source), which SQLite made of
		// an OR of the metrics.
		metrics := []string{"apprehended", "deaths", "released"}
		last := map[string]models.Date{}
		for _, m := range metrics {
			last[m] = models.Date{Year: 2020, Month: 12, Day: 31}
		}
		for _, f := range []models.FigureFilter{{}, {Sources: []string{"synthetic-source-4"}}, {Sources: []string{"synthetic-source-1", "synthetic-source-2"}}} {
			plan, err := s.LatestMonthsPlanForTest(ctx, f, metrics, last)
			must(t, err)
			for _, line := range strings.Split(plan, "\n") {
				if (strings.Contains(line, "SEARCH") || strings.Contains(line, "Index Cond") || strings.Contains(line, "SCAN") || strings.Contains(line, "Seq Scan")) && !strings.Contains(line, "last_end") {
					t.Errorf("%v: the latest months are not sought by metric and latest end:\n%s", f.Sources, plan)
					break
				}
			}
		}
	})
}

// TestChartCellsAnalysed: after dev generate computes every cell, SQLite
// has the cells' statistics (its ANALYZE ran before the cells existed),
// so the planner seeks a subject's month of every source through the
// source index (refreshChanged).
func TestChartCellsAnalysed(t *testing.T) {
	s := storetest.Open(t)
	must(t, s.GenerateFigures(ctx, 200, 1))
	tables, err := s.QueryStringsForTest(ctx, "SELECT DISTINCT tbl FROM sqlite_stat1 WHERE tbl IN ('chart_cells', 'chart_qualifier_cells', 'chart_source_cells') ORDER BY tbl")
	must(t, err)
	if diff := cmp.Diff([]string{"chart_cells", "chart_qualifier_cells", "chart_source_cells"}, tables); diff != "" {
		t.Errorf("tables of cells with statistics (-want +got):\n%s", diff)
	}
}

// TestChartCellsSortOnDisk: on SQLite, computing every cell again (after
// a bulk load, as a large import ends) sorts the figures through
// temporary files on disk, past the page cache, not in memory with the
// writer's other temporary files (180 MB at a million figures), even when
// the writer's connection has opened its temporary database before.
func TestChartCellsSortOnDisk(t *testing.T) {
	s := storetest.Open(t)
	storetest.Apply(t, s, storetest.Basics())
	must(t, s.ExecForTest(ctx, "CREATE TEMPORARY TABLE opened (a INTEGER)"))
	must(t, s.ExecForTest(ctx, "DROP TABLE opened"))
	must(t, s.ExecForTest(ctx, "DELETE FROM chart_state")) // every cell is computed again
	must(t, s.RefreshChartCells(ctx))
	if !s.ChartCellsSpilledForTest() {
		t.Error("every cell was computed again with temporary files in memory")
	}
	if n, err := s.QueryStringsForTest(ctx, "SELECT CAST(COUNT(*) AS TEXT) FROM chart_cells"); err != nil || len(n) != 1 || n[0] == "0" {
		t.Errorf("chart_cells holds %v cells (%v), want some", n, err)
	}
}

// TestChartCellsByQualifierAndDates: a chart filtered by qualifier reads
// the cells stored by qualifier (migration 30) through their index, never
// the figures; one filtered by dates reads the cells of the months its
// dates keep whole through the month index and, of the figures, only
// those of the other months, sought by period, never scanned, from the
// first year in which a period reaches its first day (the cells'
// max_end). What they answer is held to every figure by TestChartCells.
func TestChartCellsByQualifierAndDates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		must(t, s.GenerateFigures(ctx, 2000, 7))
		// scanned: the plan's lines that read a table whole.
		scanned := func(plan string) []string {
			var out []string
			for _, l := range strings.Split(plan, "\n") {
				if strings.Contains(l, "Seq Scan") || (strings.Contains(l, "SCAN ") && (strings.Contains(l, "figures") || strings.Contains(l, "chart_") || strings.Contains(l, "SCAN f"))) {
					out = append(out, l)
				}
			}
			return out
		}
		for _, f := range []models.FigureFilter{{Qualifiers: []models.Qualifier{models.QualAtLeast}}, {Qualifiers: []models.Qualifier{models.QualRange, models.QualAbout}, Metrics: []string{"deaths"}}} {
			plan, err := s.ChartSpanPlanForTest(ctx, f)
			must(t, err)
			if strings.Contains(plan, "figures") || !strings.Contains(plan, "chart_qualifier_cells_") || len(scanned(plan)) > 0 {
				t.Errorf("%v: the chart's summaries are not read from the cells by qualifier through their index:\n%s", f.Qualifiers, plan)
			}
		}
		var views []models.FigureView
		must(t, s.EachFigure(ctx, models.FigureFilter{Statuses: []models.Status{models.StatusPublished}}, func(v *models.FigureView) error {
			views = append(views, *v)
			return nil
		}))
		for _, from := range []models.Date{models.NewDate(2012, 3, 17), models.NewDate(2020, 1, 1)} {
			f := models.FigureFilter{From: from, To: models.NewDate(2022, 6, 15)}
			plan, err := s.ChartSpanPlanForTest(ctx, f)
			must(t, err)
			if !strings.Contains(plan, "figures") || !strings.Contains(plan, "chart_cells_month") || len(scanned(plan)) > 0 {
				t.Errorf("from %s: the chart reads a table whole, or not the month cells and the figures at the edges (%q):\n%s", from, scanned(plan), plan)
			}
			// The first year of a summarised period ending on or after from.
			want := ""
			for _, v := range views {
				if v.Figure.Summarised() && !v.Figure.Period.End.Before(from) {
					if y := fmt.Sprintf("%04d-01-01", v.Figure.Period.Start.Year); want == "" || y < want {
						want = y
					}
				}
			}
			got, err := s.DatedFiguresFromForTest(ctx, f)
			must(t, err)
			if got != want {
				t.Errorf("from %s: the figures before it are read from %q, want %q (the first year of a period reaching it)", from, got, want)
			}
		}
	})
}

// TestChartCellsAfterBulkLoad: the cells a write touched are noted one by
// one only for writes of a few figures (chart_dirty_cells); an SQLite bulk
// load, whose cells go unnoted, and PostgreSQL's statements of many
// figures mark their subjects whole instead, so that the refresh after
// an import compares every cell of them, not only the cells noted before
// the bulk load began (here one month, while the rest of the import went
// to another).
func TestChartCellsAfterBulkLoad(t *testing.T) {
	// Three chunks of 40: the second passes the bound of notes, and a
	// bulk load begins on SQLite.
	defer store.SetBulkForTest(60, 40)()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		must(t, s.GenerateFigures(ctx, 150, 1)) // the sources sameSummaries filters on
		storetest.Apply(t, s, storetest.Basics())
		_, _, _, err := s.ChartSpan(ctx, models.FigureFilter{}, math.MaxInt64) // the cells, computed
		must(t, err)
		figs := bulkFigures("cells", 120)
		for i := range figs {
			// One cell before the bulk load begins (it begins after the
			// second chunk), another in it.
			month := models.NewDate(1950, 3, 1)
			if i >= 80 {
				month = models.NewDate(1960, 7, 1)
			}
			figs[i].Kind = models.Flow
			figs[i].Period = models.Period{Start: month, End: models.DateOf(month.Time().AddDate(0, 1, -1)), Precision: models.PrecisionMonth}
		}
		// One figure of a chunk at a time before: each notes its cell.
		for i := range 3 {
			_, err := streamChunks(s, figs[i:i+1])
			must(t, err)
			sameSummaries(t, s, fmt.Sprint("one figure imported ", i))
		}
		_, err = streamChunks(s, figs[3:40], figs[40:80], figs[80:])
		must(t, err)
		sameSummaries(t, s, "after a bulk import")
	})
}

// TestMonthOfSourcesSeeks: after a write changed a source's month cell, the
// refresh sums the subject's month over every source through one seek
// of the cells' index by subject, kind and month (migration 33), not
// through the months of every source (PostgreSQL: 1,000 cells read to
// keep 8, 40-70 ms at a million figures, for each month written).
func TestMonthOfSourcesSeeks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		must(t, s.GenerateFigures(ctx, 300, 2))
		f := publishedFigure(t, s, func(f models.Figure) bool { return f.Summarised() })
		plan, err := s.MonthOfSourcesPlanForTest(ctx, f.Population, f.ActingState, f.ReceivingState, f.Unit, f.Metric, string(f.Kind), f.Period.Start.String()[:7])
		must(t, err)
		want := map[string][]string{
			store.DialectSQLite:   {"USING INDEX chart_source_cells_cell (population=? AND acting_state=? AND receiving_state=? AND unit=? AND metric=? AND step=? AND quantity_kind=? AND month=?)"},
			store.DialectPostgres: {"chart_source_cells_cell", "quantity_kind = ", "month = "},
		}[s.Dialect()]
		for _, w := range want {
			if !strings.Contains(plan, w) {
				t.Errorf("the plan of a subject's month over its sources lacks %q:\n%s", w, plan)
			}
		}
	})
}

// TestLatestFiguresWithDates: the latest figures of a chart by year with
// dates are found through the stored months (narrowYears) only where
// that is exact. In the month of a `to` that is not its last day, a
// figure starting after it may end later than every figure kept: its
// month's stored latest end is then not the chart's, and the figure kept
// that ends last is found by reading the year. A `from` keeps every
// figure ending last, so its months are the stored ones.
func TestLatestFiguresWithDates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		b := storetest.Basics()
		b.Figures = nil
		period := func(key string, start, end models.Date) models.Figure {
			f := storetest.Figure(key, "apprehended", "src")
			f.Period = models.Period{Start: start, End: end, Precision: models.PrecisionDay}
			return f
		}
		d := models.NewDate
		b.Figures = []models.Figure{
			period("early", d(2011, 2, 1), d(2011, 3, 31)),
			period("kept", d(2011, 6, 10), d(2011, 8, 31)),
			period("after-to", d(2011, 6, 20), d(2011, 12, 31)),
		}
		storetest.Apply(t, s, b)
		for _, c := range []struct {
			f    models.FigureFilter
			want string
		}{
			{models.FigureFilter{To: d(2011, 6, 15)}, "kept"},
			{models.FigureFilter{From: d(2011, 3, 1), To: d(2011, 6, 15)}, "kept"},
			{models.FigureFilter{From: d(2011, 7, 1)}, "after-to"},
			{models.FigureFilter{From: d(2011, 1, 1), To: d(2011, 3, 1)}, "early"},
		} {
			cells, err := s.ChartCells(ctx, c.f, true)
			must(t, err)
			latest, err := s.LatestFigures(ctx, c.f, cells)
			must(t, err)
			var got []string
			for _, v := range latest {
				got = append(got, v.Figure.Key)
			}
			if !slices.Equal(got, []string{c.want}) {
				t.Errorf("%s: latest figures %v, want [%s]", c.f.Describe(), got, c.want)
			}
		}
	})
}
