package store_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
)

// figureIndexes lists the indexes on figures with their definitions, as
// the database reports them.
func figureIndexes(t *testing.T, s *store.Store) []string {
	t.Helper()
	q := "SELECT name || ': ' || COALESCE(sql, '') FROM sqlite_master WHERE type = 'index' AND tbl_name = 'figures' ORDER BY name"
	if s.Dialect() == store.DialectPostgres {
		q = "SELECT indexname || ': ' || indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'figures' ORDER BY indexname"
	}
	got, err := s.QueryStringsForTest(ctx, q)
	must(t, err)
	return got
}

// Migration 8 rebuilds the figures table on SQLite to change a CHECK: every
// row (ids included), the subgroup reference, the revisions and every index
// survive it, on both databases, and the new checks hold afterwards.
func TestMigrateUnquantifiedKeepsFiguresAndIndexes(t *testing.T) {
	storetest.EachDatabase(t, func(t *testing.T, cfg store.Config) {
		s := storetest.OpenConfig(t, cfg, false)
		must(t, s.MigrateTo(ctx, 7))
		b := storetest.Basics()
		kid := storetest.Figure("children", "apprehended", "src")
		kid.Value, kid.ValueText, kid.Kind, kid.Population = 11, "11", models.Cumulative, "North Korean children"
		kid.Period, kid.SubgroupOf = b.Figures[0].Period, "total"
		b.Figures = append(b.Figures, kid)
		writeAtOldVersion(t, s, func() {
			storetest.Apply(t, s, b)
			b.Figures[3].Notes, b.Figures[3].Version = "edited at version 7", 1
			storetest.Apply(t, s, models.Batch{Figures: b.Figures[3:]})
		})
		before, indexes := snapshot(t, s), figureIndexes(t, s)
		if len(indexes) < 6 {
			t.Fatalf("indexes on figures before migrating: %q", indexes)
		}

		must(t, s.MigrateTo(ctx, 8))
		if diff := cmp.Diff(indexes, figureIndexes(t, s)); diff != "" {
			t.Errorf("indexes on figures changed by migration 8 (-before +after):\n%s", diff)
		}
		must(t, s.Migrate(ctx))
		if diff := cmp.Diff(before, snapshot(t, s)); diff != "" {
			t.Errorf("data changed by migration 8 (-before +after):\n%s", diff)
		}
		if left, err := s.QueryStringsForTest(ctx, "SELECT COUNT(*) FROM figures WHERE subgroup_of = 'total'"); err != nil || left[0] != "1" {
			t.Errorf("subgroups of total after migrating: %v, %v", left, err)
		}
		got, err := s.GetFigure(ctx, "children", models.AudienceEditors)
		must(t, err)
		if got.Figure.SubgroupOf != "total" || got.Figure.Notes != "edited at version 7" || got.Figure.Version != 2 {
			t.Errorf("subgroup after migrating: %+v", got.Figure)
		}
		if revs, err := s.Revisions(ctx, models.EntityFigure, "children", models.AudienceEditors); err != nil || len(revs) != 2 {
			t.Errorf("revisions of the subgroup after migrating: %d, %v", len(revs), err)
		}

		// subgroup_of still refers to figures (not to the renamed table,
		// now dropped): a dangling reference is refused, a good one taken.
		dangling := storetest.Figure("dangling", "apprehended", "src")
		dangling.SubgroupOf = "nowhere"
		if err := s.InsertFigureRowForTest(ctx, dangling); err == nil {
			t.Error("the database took a subgroup of a missing figure after migrating")
		}
		// The new checks: no number on an unquantified row.
		vague := storetest.Figure("vague", "apprehended", "src")
		vague.Qualifier, vague.Value, vague.ValueText, vague.SubgroupOf = models.QualUnquantified, 0, "dozens", "total"
		must(t, s.InsertFigureRowForTest(ctx, vague))
		for _, n := range []struct {
			field string
			set   func(f *models.Figure)
		}{
			{"value", func(f *models.Figure) { f.Value = 24 }},
			{"value_low", func(f *models.Figure) { f.ValueLow = 24 }},
			{"value_high", func(f *models.Figure) { f.ValueHigh = 99 }},
		} {
			f := vague
			f.Key = "vague-" + n.field
			n.set(&f)
			if err := s.InsertFigureRowForTest(ctx, f); err == nil {
				t.Errorf("the database took an unquantified figure with %s", n.field)
			}
		}
		bad := storetest.Figure("unknown-qualifier", "apprehended", "src")
		bad.Qualifier = "some"
		if err := s.InsertFigureRowForTest(ctx, bad); err == nil {
			t.Error("the database took an unknown qualifier after migrating")
		}
	})
}
