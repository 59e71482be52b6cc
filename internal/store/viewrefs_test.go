package store_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"forcedreturns/internal/export"
	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
)

// TestViewRefsAsJoined: the views EachFigure and EachFigureCounted stream
// with each metric and source read once beforehand (SQLite: viewRefs) are
// those read with the metric and the source joined to every row, field by
// field, in the same order, for every filter shape a download or a page
// asks: a source carrying another (its original's caption fields), titles
// and labels in the other language, source precisions, generated figures.
// SQLite only: PostgreSQL always reads them joined.
func TestViewRefsAsJoined(t *testing.T) {
	ctx := context.Background()
	func(s *store.Store) {
		b := storetest.Basics()
		m := b.Metrics[0]
		m.LabelKo, m.DefinitionKo = "체포", "보고서가 센 체포"
		b.Metrics[0] = m
		carried := storetest.Source("carrier")
		carried.Original, carried.Language, carried.TitleEn, carried.TitleKo = "src", "zh", "Carried", "전재"
		carried.PublishedOn, carried.PublishedPrecision, carried.ArchiveURL = models.NewDate(2018, 3, 1), models.PrecisionMonth, "https://archive.example.org/carrier"
		b.Sources = append(b.Sources, carried)
		f := storetest.Figure("carried-total", "apprehended", "carrier")
		f.Notes = "repeats the original's total"
		b.Figures = append(b.Figures, f)
		storetest.Apply(t, s, b)
		if err := s.GenerateFigures(ctx, 200, 5); err != nil {
			t.Fatal(err)
		}
		if ok, err := (&export.Keeper{}).Store(ctx, s); err != nil || !ok {
			t.Fatalf("StoreCounts: %v, %v", ok, err)
		}
		read := func(t *testing.T, filter models.FigureFilter) (each, counted []models.FigureView) {
			t.Helper()
			if err := s.EachFigure(ctx, filter, func(v *models.FigureView) error { each = append(each, *v); return nil }); err != nil {
				t.Fatal(err)
			}
			ok, err := s.EachFigureCounted(ctx, filter, nil, func(v *models.FigureView) error { counted = append(counted, *v); return nil })
			if err != nil {
				t.Fatal(err)
			}
			if !ok && store.CountedFilter(filter) {
				t.Fatal("EachFigureCounted: the stored answer is not current")
			}
			return each, counted
		}
		filters := []models.FigureFilter{
			{},
			{Sort: "-value", Audience: models.AudienceEditors},
			{Metrics: []string{"apprehended"}},
			{Sources: []string{"carrier", "src"}, Sort: "source"},
			{Limit: 40, Offset: 15, Sort: "updated"},
		}
		for _, filter := range filters {
			t.Run(filter.Describe(), func(t *testing.T) {
				restore := store.SetViewRefsMax(0)
				wantEach, wantCounted := read(t, filter)
				restore()
				each, counted := read(t, filter)
				if len(wantEach) == 0 {
					t.Fatal("no figures: the comparison proves nothing")
				}
				if d := cmp.Diff(wantEach, each); d != "" {
					t.Errorf("EachFigure (-joined +read once):\n%s", d)
				}
				if d := cmp.Diff(wantCounted, counted); d != "" {
					t.Errorf("EachFigureCounted (-joined +read once):\n%s", d)
				}
			})
		}
		// The carried figure's view holds its original and the texts in
		// the other language: the comparison above covers them.
		each, _ := read(t, models.FigureFilter{Sources: []string{"carrier"}})
		if len(each) != 1 || each[0].Original.Key != "src" || each[0].Original.Title == "" || each[0].Metric.LabelKo == "" || each[0].Source.TitleKo == "" {
			t.Errorf("the carried figure's view: %+v", each)
		}
	}(storetest.Open(t))
}
