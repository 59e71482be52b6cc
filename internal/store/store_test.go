package store_test

import (
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
)

func TestSQLiteVersion(t *testing.T) {
	s := storetest.Open(t)
	v, err := s.ServerVersion(ctx)
	must(t, err)
	// The project requires SQLite 3.51.3 or later: a dependency downgrade
	// must not slip in unnoticed.
	if !versionAtLeast(v, "3.51.3") {
		t.Fatalf("SQLite %s linked in, want 3.51.3 or later", v)
	}
	t.Logf("SQLite %s", v)
}

func versionAtLeast(v, min string) bool {
	a, b := strings.Split(v, "."), strings.Split(min, ".")
	for i := range b {
		var x, y int
		if i < len(a) {
			x, _ = strconv.Atoi(a[i])
		}
		y, _ = strconv.Atoi(b[i])
		if x != y {
			return x > y
		}
	}
	return true
}

func TestVersionAtLeast(t *testing.T) {
	for _, tt := range []struct {
		v    string
		want bool
	}{{"3.51.3", true}, {"3.54.1", true}, {"3.51.2", false}, {"3.9.0", false}, {"4.0", true}} {
		if got := versionAtLeast(tt.v, "3.51.3"); got != tt.want {
			t.Errorf("versionAtLeast(%s) = %v", tt.v, got)
		}
	}
}

func TestOpenAndDialect(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		must(t, s.Ping(ctx))
		if d := s.Dialect(); d != t.Name()[strings.LastIndex(t.Name(), "/")+1:] {
			t.Errorf("Dialect() = %s in subtest %s", d, t.Name())
		}
		v, err := s.ServerVersion(ctx)
		if err != nil || v == "" {
			t.Errorf("ServerVersion() = %q, %v", v, err)
		}
		must(t, s.CheckSchema(ctx))
	})
}

func TestForeignKeysEnforced(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setup(t, s)
		if s.Dialect() == store.DialectSQLite {
			got, err := s.PragmaOnConnsForTest(ctx, "foreign_keys", 6)
			must(t, err)
			if diff := cmp.Diff([]string{"1", "1", "1", "1", "1", "1"}, got); diff != "" {
				t.Errorf("foreign_keys on pooled connections (-want +got):\n%s", diff)
			}
		}
		ok := storetest.Figure("ok", "apprehended", "src")
		must(t, s.InsertFigureRowForTest(ctx, ok))
		for _, tt := range []struct {
			name string
			edit func(*models.Figure)
		}{
			{"metric", func(f *models.Figure) { f.Metric = "nope" }},
			{"source", func(f *models.Figure) { f.Source = "nope" }},
			{"subgroup_of", func(f *models.Figure) { f.SubgroupOf = "nope" }},
		} {
			f := storetest.Figure("bad-"+tt.name, "apprehended", "src")
			tt.edit(&f)
			if err := s.InsertFigureRowForTest(ctx, f); err == nil {
				t.Errorf("the database accepted a figure whose %s refers to nothing", tt.name)
			}
		}
		child := storetest.Figure("child", "apprehended", "src")
		child.SubgroupOf = "ok"
		must(t, s.InsertFigureRowForTest(ctx, child))
		if err := s.ExecForTest(ctx, "DELETE FROM figures WHERE key = ?", "ok"); err == nil {
			t.Error("the database deleted a figure that has a subgroup")
		}
	})
}

// Eight writers each read a figure and write it back incremented, in one
// transaction, with no retry. On SQLite this only works because write
// transactions begin IMMEDIATE (a deferred one fails with SQLITE_BUSY when
// it tries to write after another writer); on PostgreSQL because the read
// locks the row. Nothing may fail and no increment may be lost.
func TestConcurrentReadModifyWrite(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setup(t, s)
		f := storetest.Figure("counter", "apprehended", "src")
		f.Value, f.ValueText = 0, ""
		must(t, s.CreateFigure(ctx, &f, storetest.Change()))
		const writers, each = 8, 15
		var wg sync.WaitGroup
		errs := make(chan error, writers*each)
		for range writers {
			wg.Go(func() {
				for range each {
					if err := s.IncrementFigureForTest(ctx, "counter"); err != nil {
						errs <- err
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Errorf("increment: %v", err)
		}
		v, err := s.GetFigure(ctx, "counter", models.AudienceEditors)
		must(t, err)
		if v.Figure.Value != writers*each || v.Figure.Version != writers*each+1 {
			t.Errorf("after %d increments: value %d, version %d", writers*each, v.Figure.Value, v.Figure.Version)
		}
		revs, err := s.Revisions(ctx, models.EntityFigure, "counter", models.AudienceEditors)
		must(t, err)
		if len(revs) != writers*each+1 {
			t.Errorf("%d revisions, want %d", len(revs), writers*each+1)
		}
	})
}

// Eight editors save the same version at once: exactly one wins, the
// others are told the figure changed, and nothing else is written.
func TestConcurrentStaleUpdates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setup(t, s)
		f := storetest.Figure("contested", "apprehended", "src")
		must(t, s.CreateFigure(ctx, &f, storetest.Change()))
		var wg sync.WaitGroup
		results := make(chan error, 8)
		for i := range 8 {
			wg.Go(func() {
				g := f
				g.Notes = "editor " + strconv.Itoa(i)
				results <- s.UpdateFigure(ctx, &g, storetest.Change())
			})
		}
		wg.Wait()
		close(results)
		won := 0
		for err := range results {
			switch {
			case err == nil:
				won++
			case models.ErrorCode(err) != models.EConflict:
				t.Errorf("update: %v, want success or conflict", err)
			}
		}
		if won != 1 {
			t.Errorf("%d updates succeeded, want exactly 1", won)
		}
		v, err := s.GetFigure(ctx, "contested", models.AudienceEditors)
		must(t, err)
		if v.Figure.Version != 2 {
			t.Errorf("version %d, want 2", v.Figure.Version)
		}
	})
}

func TestOpenRefusesBadConfig(t *testing.T) {
	_, err := store.Open(ctx, store.Config{DatabaseURL: "postgres://user:secret@[::1"})
	if err == nil || strings.Contains(err.Error(), "secret") {
		t.Errorf("Open with a malformed URL = %v; want an error that does not echo the password", err)
	}
	_, err = store.Open(ctx, store.Config{SQLitePath: t.TempDir() + "/what?.db"})
	if err == nil {
		t.Error("Open accepted a SQLite path with a question mark")
	}
}
