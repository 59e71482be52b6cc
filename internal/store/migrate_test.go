package store_test

import (
	"errors"
	"path/filepath"
	"slices"
	"strings"
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
		writeAtOldVersion(t, s, func() {
			storetest.Apply(t, s, oldBatch())
			editAt(t, s, "total", "edited at version 1")
		})
		before := snapshot(t, s)

		must(t, s.Migrate(ctx))
		if v, err := s.SchemaVersion(ctx); err != nil || v != store.LatestVersion() {
			t.Fatalf("after Migrate: version %d, %v", v, err)
		}
		must(t, s.CheckSchema(ctx))
		if diff := cmp.Diff(before, snapshot(t, s)); diff != "" {
			t.Errorf("data changed by migrating (-before +after):\n%s", diff)
		}
		laterDefaults(t, s)
	})
}

// dbSnapshot is every row of the data tables, read as stored.
type dbSnapshot map[string][]map[string]any

// laterColumns are the columns added by migrations after those the tests
// write at: they are not there before migrating, and laterDefaults checks
// what migrating gives them.
var laterColumns = map[string][]string{
	"metrics": {"label_ko", "definition_ko"},
	"sources": {"published_precision", "original", "title_en", "title_ko"},
	"figures": {"paraphrase", "paraphrased_by", "period_end_precision", "share_of"},
}

func snapshot(t *testing.T, s *store.Store) dbSnapshot {
	t.Helper()
	d := dbSnapshot{}
	for _, table := range []string{"metrics", "sources", "figures", "revisions"} {
		rows, err := s.TableRowsForTest(ctx, table, laterColumns[table]...)
		must(t, err)
		d[table] = rows
	}
	return d
}

// laterDefaults checks that migrating gave each source written before
// publication precisions existed the precision of its full date, day, and
// no original (NULL, not a reference to a source keyed ""); each figure's
// period end the precision of its period; and each figure written before
// shares existed no share_of (NULL): it stays a count. Metrics and
// sources written before texts in two languages have no translations.
func laterDefaults(t *testing.T, s *store.Store) {
	t.Helper()
	endPrecisions(t, s)
	for _, q := range []string{
		"SELECT '[' || label_ko || '|' || definition_ko || ']' FROM metrics ORDER BY id",
		"SELECT '[' || title_en || '|' || title_ko || ']' FROM sources ORDER BY id",
	} {
		texts, err := s.QueryStringsForTest(ctx, q)
		must(t, err)
		if len(texts) == 0 {
			t.Fatalf("%s: no rows", q)
		}
		for _, x := range texts {
			if x != "[|]" {
				t.Errorf("%s: a migrated row has translations %q, want none", q, x)
			}
		}
	}
	got, err := s.QueryStringsForTest(ctx, "SELECT published_precision || ' ' || COALESCE(original, 'NULL') FROM sources ORDER BY id")
	must(t, err)
	if len(got) == 0 {
		t.Fatal("no sources")
	}
	for _, p := range got {
		if p != "day NULL" {
			t.Errorf("a migrated source has published_precision and original %q, want day NULL", p)
		}
	}
	shares, err := s.QueryStringsForTest(ctx, "SELECT COUNT(*) FROM figures WHERE share_of IS NOT NULL")
	must(t, err)
	if len(shares) != 1 || shares[0] != "0" {
		t.Errorf("migrated figures with a share_of: %v, want none", shares)
	}
}

// editAt writes an update of figure key's notes at the database's current
// (early) schema, through a batch: it needs no read of the later columns.
func editAt(t *testing.T, s *store.Store, key, notes string) {
	t.Helper()
	b := storetest.Basics()
	for i := range b.Figures {
		if b.Figures[i].Key == key {
			b.Figures[i].Notes, b.Figures[i].Version = notes, 1
		}
	}
	storetest.Apply(t, s, b)
}

// TestMigrationSortsOnDisk: on SQLite a migration runs with temporary
// files on disk (an index build's sort spills past the page cache: 410
// MB in memory at a million figures for migration 36), and the writer
// keeps them in memory again after it; migration 36 leaves the people
// index holding every column a list filters on.
func TestMigrationSortsOnDisk(t *testing.T) {
	s, err := store.Open(ctx, store.Config{SQLitePath: filepath.Join(t.TempDir(), "upgrade.db")})
	must(t, err)
	defer s.Close()
	must(t, s.MigrateTo(ctx, 35))
	must(t, s.Migrate(ctx))
	if mode, err := s.WriterTempStoreForTest(ctx); err != nil || mode != 2 {
		t.Errorf("after the migrations the writer's temp_store = %d (%v), want 2 (MEMORY)", mode, err)
	}
	cols, err := s.QueryStringsForTest(ctx, "SELECT name FROM pragma_index_info('figures_people') ORDER BY seqno")
	must(t, err)
	want := []string{"population", "acting_state", "receiving_state", "unit", "metric", "status", "quantity_kind", "qualifier", "period_start", "period_end", "source"}
	if !slices.Equal(cols, want) {
		t.Errorf("figures_people holds %q, want %q", cols, want)
	}
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

// endPrecisions checks that every figure's period ends at the precision
// of its period, as migration 9 sets it for figures written before it,
// and that some figure's is not the column's default (day), so that a
// migration that forgot to copy the precision would fail.
func endPrecisions(t *testing.T, s *store.Store) {
	t.Helper()
	got, err := s.QueryStringsForTest(ctx, "SELECT key || ' ' || period_precision || ' ' || period_end_precision FROM figures ORDER BY id")
	must(t, err)
	coarse := false
	for _, row := range got {
		f := strings.Fields(row)
		if len(f) != 3 || f[1] != f[2] {
			t.Errorf("a migrated figure (key, precision, end precision) is %q: want the end at its period's precision", row)
		}
		coarse = coarse || len(f) == 3 && f[1] != "day"
	}
	if !coarse {
		t.Errorf("no migrated figure has a month or year period: the test cannot tell the migration from the default (%q)", got)
	}
}

// oldBatch is what the upgrade tests write at an early schema: Basics and
// a figure over months, whose period's precision migration 9 must copy to
// its end.
func oldBatch() models.Batch {
	b := storetest.Basics()
	b.Figures = append(b.Figures, storetest.Figure("monthly", "apprehended", "src"))
	return b
}
