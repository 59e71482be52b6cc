package store_test

import (
	"errors"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
)

func TestMigrationsAreNumbered(t *testing.T) {
	ms := store.Migrations()
	if len(ms) < 2 || len(ms) != store.LatestVersion() {
		t.Fatalf("Migrations() = %v, LatestVersion() = %d", ms, store.LatestVersion())
	}
	for i, m := range ms {
		if m.Version != i+1 || m.Name == "" {
			t.Errorf("migration %d: %+v", i, m)
		}
	}
}

// A database created by the first release keeps every row when a later
// release migrates it.
func TestMigrateUpgradeKeepsData(t *testing.T) {
	storetest.EachDatabase(t, func(t *testing.T, cfg store.Config) {
		s := storetest.OpenConfig(t, cfg, false)
		if v, err := s.SchemaVersion(ctx); err != nil || v != 0 {
			t.Fatalf("empty database at version %d, %v", v, err)
		}
		must(t, s.MigrateTo(ctx, 1))
		if v, err := s.SchemaVersion(ctx); err != nil || v != 1 {
			t.Fatalf("after MigrateTo(1): version %d, %v", v, err)
		}
		if err := s.CheckSchema(ctx); err == nil {
			t.Error("CheckSchema accepted a database that needs migrating")
		}
		var before dbSnapshot
		writeAtOldVersion(t, s, func() {
			storetest.Apply(t, s, storetest.Basics())
			f, err := s.GetFigure(ctx, "total", models.AudienceEditors)
			must(t, err)
			f.Figure.Notes = "edited at version 1"
			must(t, s.UpdateFigure(ctx, &f.Figure, storetest.Change()))
			before = snapshot(t, s)
		})

		must(t, s.Migrate(ctx))
		if v, err := s.SchemaVersion(ctx); err != nil || v != store.LatestVersion() {
			t.Fatalf("after Migrate: version %d, %v", v, err)
		}
		must(t, s.CheckSchema(ctx))
		if diff := cmp.Diff(before, snapshot(t, s)); diff != "" {
			t.Errorf("data changed by migrating (-before +after):\n%s", diff)
		}
	})
}

type dbSnapshot struct {
	Metrics   []models.Metric
	Sources   []models.Source
	Figures   []models.FigureView
	Revisions [][]models.Revision
}

func snapshot(t *testing.T, s *store.Store) dbSnapshot {
	t.Helper()
	var d dbSnapshot
	var err error
	d.Metrics, err = s.ListMetrics(ctx)
	must(t, err)
	d.Sources, err = s.ListSources(ctx)
	must(t, err)
	d.Figures, _, err = s.ListFigures(ctx, models.FigureFilter{Audience: models.AudienceEditors, Statuses: models.Statuses, Limit: models.MaxPageSize})
	must(t, err)
	for _, v := range d.Figures {
		revs, err := s.Revisions(ctx, models.EntityFigure, v.Figure.Key, models.AudienceEditors)
		must(t, err)
		d.Revisions = append(d.Revisions, revs)
	}
	return d
}

func TestMigrateTwiceIsNoop(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		q := "SELECT version || ' ' || name || ' ' || CAST(applied_at AS TEXT) FROM schema_migrations ORDER BY version"
		before, err := s.QueryStringsForTest(ctx, q)
		must(t, err)
		if len(before) != store.LatestVersion() {
			t.Fatalf("schema_migrations = %q", before)
		}
		must(t, s.Migrate(ctx))
		must(t, s.MigrateTo(ctx, store.LatestVersion()))
		after, err := s.QueryStringsForTest(ctx, q)
		must(t, err)
		if diff := cmp.Diff(before, after); diff != "" {
			t.Errorf("a second Migrate changed schema_migrations (-before +after):\n%s", diff)
		}
	})
}

func TestMigrateRefusesNewerSchema(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		must(t, s.ExecForTest(ctx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, CURRENT_TIMESTAMP)",
			store.LatestVersion()+1, "from the future"))
		for name, err := range map[string]error{
			"Migrate":     s.Migrate(ctx),
			"MigrateTo":   s.MigrateTo(ctx, 1),
			"CheckSchema": s.CheckSchema(ctx),
		} {
			if !errors.Is(err, store.ErrSchemaTooNew) {
				t.Errorf("%s on a newer schema: %v, want ErrSchemaTooNew", name, err)
			}
		}
	})
}

func TestMigrateOnlyForward(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		if err := s.MigrateTo(ctx, 1); err == nil {
			t.Error("MigrateTo(1) on a migrated database succeeded")
		}
		if err := s.MigrateTo(ctx, store.LatestVersion()+1); err == nil {
			t.Error("MigrateTo an unknown version succeeded")
		}
	})
}

// Several instances starting at once on one database all migrate it,
// and each migration is applied once.
func TestConcurrentMigrate(t *testing.T) {
	storetest.EachDatabase(t, func(t *testing.T, cfg store.Config) {
		const instances = 4
		stores := make([]*store.Store, instances)
		for i := range stores {
			stores[i] = storetest.OpenConfig(t, cfg, false)
		}
		var wg sync.WaitGroup
		errs := make([]error, instances)
		for i, s := range stores {
			wg.Go(func() { errs[i] = s.Migrate(ctx) })
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Errorf("instance %d: %v", i, err)
			}
		}
		rows, err := stores[0].QueryStringsForTest(ctx, "SELECT version FROM schema_migrations ORDER BY version")
		must(t, err)
		if len(rows) != store.LatestVersion() {
			t.Errorf("schema_migrations versions = %v", rows)
		}
	})
}
