package store_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"os"
	"testing"
	"time"

	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
)

// TestSQLiteBusyWriter holds the write lock from another connection, as a
// long import does, while writers of this store queue behind it, more of
// them than the pool has connections. Every read, those that record a
// session's or a token's last use included, must answer without waiting
// for the lock: the context's deadline is the failure signal, far below
// the time the writers wait. Every write must fail as EUnavailable (the
// dashboard's 503), not as an internal error, and none of them may have
// left anything behind.
func TestSQLiteBusyWriter(t *testing.T) {
	cfg := storetest.NewDatabase(t, store.DialectSQLite)
	cfg.BusyTimeout = 2 * time.Second
	cfg.MaxOpenConns = 2
	s := storetest.OpenConfig(t, cfg, true)
	storetest.Apply(t, s, storetest.Basics())
	ed := newEditor(t, s, "ed@example.org", models.RoleEditor)
	must(t, s.CreateSession(ctx, hashOf(1), ed.ID, time.Now().Add(time.Hour), "ua"))
	_, err := s.CreateToken(ctx, ed.ID, "ci", "frt_aaaa", hashOf(10))
	must(t, err)
	before, err := s.GetFigure(ctx, "total", models.AudienceEditors)
	must(t, err)
	version, err := s.DataVersion(ctx)
	must(t, err)

	release := storetest.HoldSQLiteWriteLock(t, cfg)
	const writers = 4
	errs := make(chan error, writers)
	for i := range writers {
		go func() {
			f := before.Figure
			f.Notes = fmt.Sprintf("writer %d", i)
			errs <- s.UpdateFigure(ctx, &f, storetest.Change())
		}()
	}
	time.Sleep(200 * time.Millisecond) // let the writers reach the lock (not an assertion)

	rctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	reads := []struct {
		name string
		fn   func(context.Context) error
	}{
		{"DataVersion", func(ctx context.Context) error {
			v, err := s.DataVersion(ctx)
			if err == nil && v != version {
				return fmt.Errorf("data version %s, want %s: an uncommitted write showed", v, version)
			}
			return err
		}},
		{"ListMetrics", func(ctx context.Context) error { _, err := s.ListMetrics(ctx); return err }},
		{"GetFigure", func(ctx context.Context) error {
			_, err := s.GetFigure(ctx, "total", models.AudienceEditors)
			return err
		}},
		{"EachFigure", func(ctx context.Context) error {
			return s.EachFigure(ctx, models.FigureFilter{}, func(*models.FigureView) error { return nil })
		}},
		// Both record the last use when it is over a minute old: a write.
		{"GetSession", func(ctx context.Context) error {
			_, err := s.GetSession(ctx, hashOf(1), time.Now().Add(2*time.Minute))
			return err
		}},
		{"GetEditorByTokenHash", func(ctx context.Context) error { _, err := s.GetEditorByTokenHash(ctx, hashOf(10)); return err }},
	}
	for _, r := range reads {
		if err := r.fn(rctx); err != nil || rctx.Err() != nil {
			t.Errorf("%s while a writer holds the lock: err %v, context %v (it waited for the writer)", r.name, err, rctx.Err())
		}
	}

	for range writers {
		wantCode(t, <-errs, models.EUnavailable, "busy", "nothing was saved")
	}
	release()
	after, err := s.GetFigure(ctx, "total", models.AudienceEditors)
	must(t, err)
	if after.Figure.Version != before.Figure.Version || after.Figure.Notes != before.Figure.Notes {
		t.Errorf("after refused writes the figure is at version %d with notes %q, want %d and %q",
			after.Figure.Version, after.Figure.Notes, before.Figure.Version, before.Figure.Notes)
	}
	f := before.Figure
	f.Notes = "after the import"
	must(t, s.UpdateFigure(ctx, &f, storetest.Change())) // the lock is free again
}

// TestPostgresConnectionsKilled ends the store's connections on the server
// (as a restart or failover does) before each operation. A read must
// succeed, retried on a live connection; a write must either succeed or
// fail as EUnavailable having written nothing, and never apply twice.
func TestPostgresConnectionsKilled(t *testing.T) {
	cfg := storetest.NewDatabase(t, store.DialectPostgres)
	b := make([]byte, 6)
	rand.Read(b)
	app := "frt-faults-" + hex.EncodeToString(b) // only this test's connections are ended
	cfg.ApplicationName = app
	s := storetest.OpenConfig(t, cfg, true)
	storetest.Apply(t, s, storetest.Basics())
	admin, err := sql.Open("pgx", os.Getenv(storetest.EnvDatabaseURL))
	must(t, err)
	defer admin.Close()
	kill := func(t *testing.T) {
		t.Helper()
		// The pids first, then one call each: in a single WHERE, the
		// server may call pg_terminate_backend before it filters.
		rows, err := admin.QueryContext(ctx, "SELECT pid FROM pg_stat_activity WHERE application_name = $1", app)
		must(t, err)
		var pids []int
		for rows.Next() {
			var pid int
			must(t, rows.Scan(&pid))
			pids = append(pids, pid)
		}
		must(t, rows.Err())
		rows.Close()
		if len(pids) == 0 {
			t.Fatal("the store has no connection on the server to end")
		}
		for _, pid := range pids {
			// The timeout makes the call wait until the backend is gone.
			if _, err := admin.ExecContext(ctx, "SELECT pg_terminate_backend($1, 5000)", pid); err != nil {
				t.Fatalf("terminate backend %d: %v", pid, err)
			}
		}
	}

	reads := []struct {
		name string
		fn   func(context.Context) error
	}{
		{"ListMetrics (one statement)", func(ctx context.Context) error { _, err := s.ListMetrics(ctx); return err }},
		{"DataVersion (one statement)", func(ctx context.Context) error { _, err := s.DataVersion(ctx); return err }},
		{"GetFigure (read transaction)", func(ctx context.Context) error {
			_, err := s.GetFigure(ctx, "total", models.AudienceEditors)
			return err
		}},
		{"EachFigure (streamed)", func(ctx context.Context) error {
			return s.EachFigure(ctx, models.FigureFilter{}, func(*models.FigureView) error { return nil })
		}},
		{"FigureViews (collected)", func(ctx context.Context) error {
			vs, err := s.FigureViews(ctx, models.FigureFilter{})
			if err == nil && len(vs) != len(storetest.Basics().Figures) {
				return fmt.Errorf("%d views, want %d", len(vs), len(storetest.Basics().Figures))
			}
			return err
		}},
	}
	for _, r := range reads {
		t.Run(r.name, func(t *testing.T) {
			must(t, r.fn(ctx)) // a pooled connection to end
			kill(t)
			if err := r.fn(ctx); err != nil {
				t.Errorf("after the connections were ended: %v", err)
			}
		})
	}

	t.Run("writes", func(t *testing.T) {
		for i := range 3 {
			cur, err := s.GetFigure(ctx, "total", models.AudienceEditors)
			must(t, err)
			kill(t)
			f := cur.Figure
			f.Notes = fmt.Sprintf("write %d", i)
			err = s.UpdateFigure(ctx, &f, storetest.Change())
			after, gerr := s.GetFigure(ctx, "total", models.AudienceEditors)
			must(t, gerr)
			revs, rerr := s.Revisions(ctx, models.EntityFigure, "total", models.AudienceEditors)
			must(t, rerr)
			want := cur.Figure.Version
			if err == nil {
				want++
			} else {
				wantCode(t, err, models.EUnavailable, "connection to the database was lost")
			}
			if after.Figure.Version != want || len(revs) != want {
				t.Errorf("write %d (err %v): figure at version %d with %d revisions, want %d of each", i, err, after.Figure.Version, len(revs), want)
			}
		}
	})
}
