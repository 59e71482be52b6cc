package store_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
)

// filterFixture stores seven figures chosen so that every filter field
// and every sort key has matches, misses and ties.
func filterFixture(t *testing.T, s *store.Store) {
	t.Helper()
	b := storetest.Basics()
	b.Figures = nil
	b.Sources = append(b.Sources, storetest.Source("other"))
	month := func(y1, m1, y2, m2 int) models.Period {
		p, err := models.ParsePeriod(fmt.Sprintf("%d-%02d", y1, m1), fmt.Sprintf("%d-%02d", y2, m2))
		must(t, err)
		return p
	}
	day := models.Period{Start: models.NewDate(2017, 9, 18), End: models.NewDate(2017, 9, 18), Precision: models.PrecisionDay}
	add := func(key, metric, source string, p models.Period, acting, receiving string, q models.Qualifier, v int64, st models.Status) {
		f := storetest.Figure(key, metric, source)
		f.Period, f.ActingState, f.ReceivingState, f.Qualifier, f.Status = p, acting, receiving, q, st
		f.Value, f.ValueText = v, ""
		if q == models.QualRange {
			f.Value, f.ValueLow, f.ValueHigh = 0, v, v+10
		}
		if metric == "in_custody" {
			f.Kind = models.Stock
		}
		if st == models.StatusRetracted {
			f.RetractReason = "wrong"
		}
		b.Figures = append(b.Figures, f)
	}
	add("a1", "apprehended", "src", month(2017, 7, 2017, 8), "CN", "KP", models.QualExact, 41, models.StatusPublished)
	add("a2", "apprehended", "other", month(2016, 7, 2017, 6), "CN", "KP", models.QualAtLeast, 51, models.StatusPublished)
	add("a3", "apprehended", "src", models.Period{Start: models.NewDate(2017, 1, 1), End: models.NewDate(2017, 12, 31), Precision: models.PrecisionYear}, "RU", "KP", models.QualRange, 10, models.StatusPublished)
	add("a4", "apprehended", "other", month(2017, 7, 2017, 8), "TH", "", models.QualExact, 41, models.StatusPublished)
	add("c1", "in_custody", "src", day, "CN", "KP", models.QualExact, 46, models.StatusPublished)
	add("c2", "in_custody", "other", day, "LA", "KP", models.QualAbout, 46, models.StatusRetracted)
	add("r1", "forcibly_returned", "other", month(2017, 7, 2017, 8), "CN", "KP", models.QualDocumented, 41, models.StatusDraft)
	storetest.Apply(t, s, b)
	// a2 is the most recently updated figure.
	v, err := s.GetFigure(ctx, "a2", models.AudienceEditors)
	must(t, err)
	v.Figure.Notes = "edited last"
	must(t, s.UpdateFigure(ctx, &v.Figure, storetest.Change()))
}

func date(y, m, d int) models.Date { return models.NewDate(y, time.Month(m), d) }

func TestFilters(t *testing.T) {
	all := models.Statuses
	tests := []struct {
		name   string
		filter models.FigureFilter
		want   []string
	}{
		{"default: published and retracted, by period then metric", models.FigureFilter{}, []string{"a2", "a3", "a1", "a4", "c1", "c2"}},
		{"every status", models.FigureFilter{Audience: models.AudienceEditors, Statuses: all}, []string{"a2", "a3", "a1", "a4", "r1", "c1", "c2"}},
		{"drafts", models.FigureFilter{Statuses: []models.Status{models.StatusDraft}, Audience: models.AudienceEditors}, []string{"r1"}},
		{"published", models.FigureFilter{Statuses: []models.Status{models.StatusPublished}}, []string{"a2", "a3", "a1", "a4", "c1"}},
		{"one metric", models.FigureFilter{Metrics: []string{"in_custody"}}, []string{"c1", "c2"}},
		{"metrics are alternatives", models.FigureFilter{Metrics: []string{"in_custody", "forcibly_returned"}, Statuses: all, Audience: models.AudienceEditors}, []string{"r1", "c1", "c2"}},
		{"source", models.FigureFilter{Sources: []string{"other"}}, []string{"a2", "a4", "c2"}},
		{"acting state", models.FigureFilter{ActingStates: []string{"CN"}}, []string{"a2", "a1", "c1"}},
		{"acting states", models.FigureFilter{ActingStates: []string{"RU", "LA"}}, []string{"a3", "c2"}},
		{"receiving state", models.FigureFilter{ReceivingStates: []string{"KP"}}, []string{"a2", "a3", "a1", "c1", "c2"}},
		{"qualifiers", models.FigureFilter{Qualifiers: []models.Qualifier{models.QualRange, models.QualAbout}}, []string{"a3", "c2"}},
		{"from the last day of a period", models.FigureFilter{From: date(2017, 8, 31)}, []string{"a3", "a1", "a4", "c1", "c2"}},
		{"from the day after it", models.FigureFilter{From: date(2017, 9, 1)}, []string{"a3", "c1", "c2"}},
		{"to the first day of a period", models.FigureFilter{To: date(2017, 7, 1)}, []string{"a2", "a3", "a1", "a4"}},
		{"to the day before it", models.FigureFilter{To: date(2017, 6, 30)}, []string{"a2", "a3"}},
		{"one day, a stock's", models.FigureFilter{From: date(2017, 9, 18), To: date(2017, 9, 18)}, []string{"a3", "c1", "c2"}},
		{"after everything but a year", models.FigureFilter{From: date(2017, 9, 19)}, []string{"a3"}},
		{"before everything", models.FigureFilter{To: date(2016, 6, 30)}, nil},
		{"fields are combined", models.FigureFilter{Metrics: []string{"apprehended"}, ActingStates: []string{"CN"}, From: date(2017, 7, 1), To: date(2017, 7, 31)}, []string{"a1"}},
		{"no match", models.FigureFilter{Metrics: []string{"deaths"}}, nil},
		{"value", models.FigureFilter{Sort: "value"}, []string{"a3", "a1", "a4", "c1", "c2", "a2"}},
		{"-value", models.FigureFilter{Sort: "-value"}, []string{"a2", "c2", "c1", "a4", "a1", "a3"}},
		{"-period", models.FigureFilter{Sort: "-period"}, []string{"c2", "c1", "a4", "a1", "a3", "a2"}},
		{"metric", models.FigureFilter{Sort: "metric"}, []string{"a2", "a3", "a1", "a4", "c1", "c2"}},
		{"-metric", models.FigureFilter{Sort: "-metric"}, []string{"c2", "c1", "a4", "a1", "a3", "a2"}},
		{"source", models.FigureFilter{Sort: "source"}, []string{"a2", "a4", "c2", "a3", "a1", "c1"}},
		{"-source", models.FigureFilter{Sort: "-source"}, []string{"c1", "a1", "a3", "c2", "a4", "a2"}},
		{"id", models.FigureFilter{Sort: "id"}, []string{"a1", "a2", "a3", "a4", "c1", "c2"}},
		{"-id", models.FigureFilter{Sort: "-id"}, []string{"c2", "c1", "a4", "a3", "a2", "a1"}},
		{"updated", models.FigureFilter{Sort: "updated"}, []string{"a1", "a3", "a4", "c1", "c2", "a2"}},
		{"-updated", models.FigureFilter{Sort: "-updated"}, []string{"a2", "c2", "c1", "a4", "a3", "a1"}},
		{"limit and offset", models.FigureFilter{Limit: 2, Offset: 1}, []string{"a3", "a1"}},
	}
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		filterFixture(t, s)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				views, total, err := s.ListFigures(ctx, tt.filter)
				must(t, err)
				if diff := cmp.Diff(tt.want, keysOf(views), cmpEmpty); diff != "" {
					t.Errorf("ListFigures (-want +got):\n%s", diff)
				}
				if tt.filter.Limit == 0 && total != len(tt.want) {
					t.Errorf("total = %d, want %d", total, len(tt.want))
				}
				var streamed []string
				must(t, s.EachFigure(ctx, tt.filter, func(v *models.FigureView) error {
					streamed = append(streamed, v.Figure.Key)
					return nil
				}))
				if diff := cmp.Diff(tt.want, streamed, cmpEmpty); diff != "" {
					t.Errorf("EachFigure (-want +got):\n%s", diff)
				}
			})
		}
		t.Run("pages neither overlap nor skip", func(t *testing.T) {
			for _, key := range models.SortKeys {
				for _, sort := range []string{key, "-" + key} {
					full, total, err := s.ListFigures(ctx, models.FigureFilter{Audience: models.AudienceEditors, Statuses: all, Sort: sort})
					must(t, err)
					for _, size := range []int{1, 2, 3} {
						var paged []string
						for off := 0; off < total+size; off += size {
							page, n, err := s.ListFigures(ctx, models.FigureFilter{Audience: models.AudienceEditors, Statuses: all, Sort: sort, Limit: size, Offset: off})
							must(t, err)
							if n != total {
								t.Errorf("%s: page total %d, want %d", sort, n, total)
							}
							paged = append(paged, keysOf(page)...)
						}
						if diff := cmp.Diff(keysOf(full), paged); diff != "" {
							t.Errorf("sort %s, pages of %d (-full +paged):\n%s", sort, size, diff)
						}
					}
				}
			}
		})
		t.Run("offset without limit streams the rest", func(t *testing.T) {
			var got []string
			must(t, s.EachFigure(ctx, models.FigureFilter{Offset: 4}, func(v *models.FigureView) error {
				got = append(got, v.Figure.Key)
				return nil
			}))
			if diff := cmp.Diff([]string{"c1", "c2"}, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
		t.Run("views carry metric and source", func(t *testing.T) {
			views, _, err := s.ListFigures(ctx, models.FigureFilter{Sources: []string{"other"}, Sort: "id"})
			must(t, err)
			for _, v := range views {
				want, err := s.GetFigure(ctx, v.Figure.Key, models.AudienceEditors)
				must(t, err)
				if diff := cmp.Diff(want, v); diff != "" {
					t.Errorf("ListFigures view of %s differs from GetFigure (-get +list):\n%s", v.Figure.Key, diff)
				}
				if v.Source.Key != "other" || v.Metric.Slug != v.Figure.Metric {
					t.Errorf("view of %s joins source %s, metric %s", v.Figure.Key, v.Source.Key, v.Metric.Slug)
				}
			}
		})
		t.Run("invalid sort", func(t *testing.T) {
			_, _, err := s.ListFigures(ctx, models.FigureFilter{Sort: "popularity"})
			wantCode(t, err, models.EInvalid, "sort")
			err = s.EachFigure(ctx, models.FigureFilter{Sort: "popularity"}, func(*models.FigureView) error { return nil })
			wantCode(t, err, models.EInvalid, "sort")
		})
	})
}

var cmpEmpty = cmp.Transformer("nilIfEmpty", func(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s
})

func TestEachFigureStreamsAndStops(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		const n = 1234
		must(t, s.GenerateFigures(ctx, n, 7))
		all := models.FigureFilter{Audience: models.AudienceEditors, Statuses: models.Statuses}
		seen := map[string]bool{}
		var prev *models.FigureView
		must(t, s.EachFigure(ctx, all, func(v *models.FigureView) error {
			if prev != nil && prev != v {
				t.Fatal("EachFigure must reuse one FigureView")
			}
			prev = v
			if seen[v.Figure.Key] {
				t.Errorf("%s streamed twice", v.Figure.Key)
			}
			seen[v.Figure.Key] = true
			if err := v.Figure.Validate(); err != nil {
				t.Errorf("generated figure %s: %v", v.Figure.Key, err)
			}
			if v.Metric.Slug != v.Figure.Metric || v.Source.Key != v.Figure.Source {
				t.Errorf("%s joined to metric %s and source %s", v.Figure.Key, v.Metric.Slug, v.Source.Key)
			}
			return nil
		}))
		if len(seen) != n {
			t.Errorf("streamed %d figures, want %d", len(seen), n)
		}

		stop := errors.New("stop")
		calls := 0
		err := s.EachFigure(ctx, all, func(*models.FigureView) error {
			calls++
			if calls == 10 {
				return stop
			}
			return nil
		})
		if err != stop || calls != 10 {
			t.Errorf("EachFigure after fn failed on row 10: %v, %d calls", err, calls)
		}

		page, total, err := s.ListFigures(ctx, all)
		must(t, err)
		if len(page) != models.DefaultPageSize || total != n {
			t.Errorf("ListFigures without a limit: %d rows of %d, want %d of %d", len(page), total, models.DefaultPageSize, n)
		}
	})
}
