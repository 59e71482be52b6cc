package store_test

import (
	"testing"

	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
)

// A list counted from the facets (migration 35) has exactly the figures
// its filter selects, when the counts were just read, after writes that
// change every column the facets hold (counted from the notes), and
// after a large write forgot them (counted from the figures); the lists
// the facets cannot count (a period, a draft, every status for an
// editor) are counted from the figures.
func TestFacetCountsMatchTheFigures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		must(t, s.GenerateFigures(ctx, 160, 21))
		pub, ret, draft := models.StatusPublished, models.StatusRetracted, models.StatusDraft
		type list struct {
			f models.FigureFilter
			// faceted: counted from the facets whenever they are stored.
			faceted bool
		}
		lists := map[string]list{
			// Counted with their page anchors: a list of one value of a
			// column (TestListsOfEveryColumnHaveAnchors).
			"public":                    {models.FigureFilter{}, false},
			"one acting state":          {models.FigureFilter{ActingStates: []string{"CN"}}, false},
			"acting state and kind":     {models.FigureFilter{ActingStates: []string{"CN"}, Kinds: []models.QuantityKind{models.Flow}}, true},
			"a state set by the writes": {models.FigureFilter{ActingStates: []string{"ZZ", "RU"}}, true},
			"none stated":               {models.FigureFilter{ActingStates: []string{""}}, true},
			"receiving and qualifier":   {models.FigureFilter{ReceivingStates: []string{"KP"}, Qualifiers: []models.Qualifier{models.QualExact, models.QualAtLeast}}, true},
			"population and kind":       {models.FigureFilter{Populations: []string{"rare population"}, Kinds: []models.QuantityKind{models.Stock}}, true},
			"two units":                 {models.FigureFilter{Units: []string{"percent", "families"}}, true},
			"summarised":                {models.FigureFilter{Summarised: true}, false},
			"summarised, one metric":    {models.FigureFilter{Summarised: true, Metrics: []string{"apprehended"}}, true},
			"two metrics and a source":  {models.FigureFilter{Metrics: []string{"apprehended", "deaths"}, Sources: []string{"synthetic-source-2"}}, true},
			"retracted":                 {models.FigureFilter{Statuses: []models.Status{ret}}, true},
			"published for an editor":   {models.FigureFilter{Statuses: []models.Status{pub}, Audience: models.AudienceEditors}, true},
			"a name no figure has":      {models.FigureFilter{ActingStates: []string{"XX"}}, true},
			// Not the facets'.
			"from a day":           {models.FigureFilter{ActingStates: []string{"CN"}, From: date(2012, 1, 1)}, false},
			"up to a day":          {models.FigureFilter{To: date(2012, 1, 1)}, false},
			"starting in a year":   {models.FigureFilter{Starts: models.PartialDate{Start: date(2012, 1, 1), End: date(2012, 12, 31)}}, false},
			"every status, editor": {models.FigureFilter{Statuses: models.Statuses, Audience: models.AudienceEditors}, false},
			"drafts, editor":       {models.FigureFilter{Statuses: []models.Status{draft}, Audience: models.AudienceEditors}, false},
			"drafts, public":       {models.FigureFilter{Statuses: []models.Status{draft}}, false},
		}
		check := func(state string, stored bool) {
			t.Helper()
			for name, l := range lists {
				var want int
				must(t, s.EachFigure(ctx, l.f, func(*models.FigureView) error { want++; return nil }))
				before := s.FacetCountedForTest()
				page, err := s.FigurePage(ctx, l.f)
				must(t, err)
				if page.Total != want {
					t.Errorf("%s, %s: total %d, want %d", state, name, page.Total, want)
				}
				if len(page.Items) != min(want, models.DefaultPageSize) {
					t.Errorf("%s, %s: %d figures on the first page of %d", state, name, len(page.Items), want)
				}
				if used := s.FacetCountedForTest() > before; stored && used != l.faceted {
					t.Errorf("%s, %s: counted from the facets %v, want %v", state, name, used, l.faceted)
				}
			}
		}
		check("never read", false)
		s.WaitPageAnchorsForTest()
		must(t, s.RefreshPageAnchors(ctx))
		check("just read", true)
		// Every column the facets hold changes, figures come in, move out
		// of the public list and back, and go.
		for _, q := range []string{
			"UPDATE figures SET acting_state = 'ZZ' WHERE id % 7 = 0",
			"UPDATE figures SET receiving_state = '', population = 'rare population', quantity_kind = 'stock' WHERE id % 11 = 0",
			"UPDATE figures SET unit = 'percent', qualifier = 'at_least' WHERE id % 5 = 0 AND qualifier = 'exact'",
			"UPDATE figures SET metric = 'deaths', source = 'synthetic-source-2' WHERE id % 6 = 0",
			"UPDATE figures SET status = 'draft' WHERE id % 13 = 0 AND status = 'published' AND key NOT IN (SELECT subgroup_of FROM figures WHERE subgroup_of IS NOT NULL) AND key NOT IN (SELECT share_of FROM figures WHERE share_of IS NOT NULL)",
			"UPDATE figures SET status = 'retracted', retract_reason = 'a test' WHERE id % 17 = 0 AND status = 'published'",
			"UPDATE figures SET status = 'published', retract_reason = '' WHERE id % 19 = 0 AND status = 'retracted'",
			"UPDATE figures SET subgroup_of = (SELECT MIN(g.key) FROM figures g WHERE g.key <> figures.key AND g.subgroup_of IS NULL) WHERE id % 23 = 0 AND subgroup_of IS NULL AND key NOT IN (SELECT subgroup_of FROM figures WHERE subgroup_of IS NOT NULL)",
			"UPDATE figures SET share_of = NULL WHERE share_of IS NOT NULL AND id % 2 = 0",
			"DELETE FROM figures WHERE id % 29 = 0 AND key NOT IN (SELECT subgroup_of FROM figures WHERE subgroup_of IS NOT NULL) AND key NOT IN (SELECT share_of FROM figures WHERE share_of IS NOT NULL)",
		} {
			must(t, s.ExecForTest(ctx, q))
		}
		must(t, s.GenerateFigures(ctx, 9, 22))
		check("after writes", true)
		// A large write forgets the counts: lists are counted from the
		// figures until they are read again.
		restore := store.SetBulkForTest(1, 1)
		must(t, s.GenerateFigures(ctx, 12, 23))
		restore()
		if s.Dialect() == store.DialectPostgres {
			check("forgotten", false)
		}
		s.WaitPageAnchorsForTest()
		must(t, s.RefreshPageAnchors(ctx))
		check("read again", true)
	})
}
