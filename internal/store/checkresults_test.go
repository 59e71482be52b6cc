package store_test

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"forcedreturns/internal/checks"
	"forcedreturns/internal/checks/checkstest"
	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
)

// sameStoredChecks refreshes aud's stored checks and fails unless every
// page and summary CheckPage answers is what checkstest.Index answers
// over checks.RunViews of every figure the audience sees: the stored path
// equals a whole run.
func sameStoredChecks(t *testing.T, s *store.Store, aud models.Audience, label string) {
	t.Helper()
	var views []models.FigureView
	must(t, s.EachFigure(ctx, models.AllFigures(aud), func(v *models.FigureView) error {
		views = append(views, *v)
		return nil
	}))
	srcs, err := s.ListSources(ctx)
	must(t, err)
	carried := checks.CarriedOf(srcs)
	want := checks.RunViews(views, carried)
	refs := map[string]checkstest.FigureRef{}
	for _, v := range views {
		refs[v.Figure.Key] = checkstest.FigureRef{Metric: v.Figure.Metric, Source: v.Figure.Source}
	}
	ix := checkstest.NewIndex(want, refs)
	sources := map[string]models.Source{}
	for _, src := range srcs {
		sources[src.Key] = src
	}
	must(t, s.RefreshChecks(ctx, aud, checks.Default(sources, carried)))
	queries := []checks.Query{
		{Outcomes: []checks.Status{checks.Mismatch}},
		{Kinds: []string{checks.KindSubgroups, checks.KindShares, checks.KindDerived}, Limit: models.MaxPageSize},
		{Metrics: []string{"apprehended"}, Outcomes: []checks.Status{checks.OK, checks.Unknown}},
		{Sources: []string{"src", "other"}, Kinds: []string{checks.KindAgreement}},
		{Metrics: []string{"no_such_metric"}},
	}
	for off := 0; off < len(want)+100; off += 100 {
		queries = append(queries, checks.Query{Limit: 100, Offset: off})
	}
	for _, q := range queries {
		got, err := s.CheckPage(ctx, aud, q)
		must(t, err)
		if diff := cmp.Diff(ix.Page(q), got); diff != "" {
			t.Errorf("%s, %v, %+v: CheckPage (-whole run +stored):\n%s", label, aud, q, diff)
			return
		}
	}
}

// TestStoredChecks: the stored checks equal a whole run for both
// audiences on the counting fixture and generated figures, and again
// after each of a sequence of writes that reach across units (a subgroup
// moved to another people and back, the parent and base of others
// changed, a draft published, a subgroup retracted, a formula's input
// moved, a source's date, a bulk write), whichever audience asks.
func TestStoredChecks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		checksFixture(t, s, 600)
		both := func(label string) {
			for _, aud := range []models.Audience{models.AudiencePublic, models.AudienceEditors} {
				sameStoredChecks(t, s, aud, label)
			}
		}
		both("at first")
		edit := func(key string, fn func(f *models.Figure)) {
			t.Helper()
			v, err := s.GetFigure(ctx, key, models.AudienceEditors)
			must(t, err)
			f := v.Figure
			fn(&f)
			must(t, s.UpdateFigure(ctx, &f, storetest.Change()))
		}
		steps := []struct {
			name  string
			write func()
		}{
			{"a subgroup moved to another people", func() { edit("kids", func(f *models.Figure) { f.ActingState = "RU" }) }},
			{"the parent and base changed", func() { edit("a1", func(f *models.Figure) { f.Qualifier, f.ValueText = models.QualAbout, "about 41" }) }},
			{"a draft published", func() {
				edit("r1", func(f *models.Figure) { f.Status = models.StatusPublished })
				edit("from-draft", func(f *models.Figure) { f.Status = models.StatusPublished })
			}},
			{"a subgroup moved back", func() { edit("kids", func(f *models.Figure) { f.ActingState = "CN" }) }},
			{"a subgroup retracted", func() {
				v, err := s.GetFigure(ctx, "kids", models.AudienceEditors)
				must(t, err)
				must(t, s.RetractFigure(ctx, "kids", v.Figure.Version, "wrong", storetest.Change()))
			}},
			{"a formula's input moved to another people", func() { edit("a2", func(f *models.Figure) { f.ActingState = "RU" }) }},
			{"a share's base to another period", func() {
				edit("a1", func(f *models.Figure) { f.Period.End = models.NewDate(2017, 9, 30) })
			}},
			{"a source's date", func() {
				srcs, err := s.ListSources(ctx)
				must(t, err)
				for _, src := range srcs {
					if src.Key == "src" {
						src.SetPublished(models.PartialDate{Start: models.NewDate(2017, 8, 1), End: models.NewDate(2017, 8, 1), Precision: models.PrecisionDay})
						must(t, s.UpdateSource(ctx, &src, storetest.Change()))
					}
				}
			}},
			// Past bulkDirty noted writes everything is computed again:
			// lowered for this step, 400 figures take that path as an
			// import's thousands would (the readers' indexes stay:
			// 20000 is the production bulkIndexRows).
			{"a bulk write", func() {
				t.Cleanup(store.SetBulkForTest(300, 20000))
				must(t, s.GenerateFigures(ctx, 400, 5))
			}},
		}
		for i, st := range steps {
			st.write()
			if i%2 == 0 {
				both(st.name)
				continue
			}
			// One audience asks first; the other follows later.
			for _, aud := range []models.Audience{models.AudienceEditors, models.AudiencePublic} {
				sameStoredChecks(t, s, aud, fmt.Sprintf("%s (editors first)", st.name))
			}
		}
	})
}
