package store_test

import (
	"database/sql"
	"strings"
	"testing"
	"time"

	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
)

// slowIndexes makes every CREATE INDEX in the schema of cfg (a
// PostgreSQL database of NewDatabase) take 0.6 s, until the test ends:
// an event trigger, which the statement's timeout counts in.
func slowIndexes(t *testing.T, cfg store.Config) {
	t.Helper()
	schema := cfg.DatabaseURL[strings.LastIndex(cfg.DatabaseURL, "search_path=")+len("search_path="):]
	if i := strings.IndexAny(schema, "& "); i >= 0 {
		schema = schema[:i]
	}
	name := schema + "_slow_index"
	storetest.Exec(t, cfg, `CREATE FUNCTION public.`+name+`() RETURNS event_trigger LANGUAGE plpgsql AS $$
BEGIN
	IF current_schema() = '`+schema+`' THEN PERFORM pg_sleep(0.6); END IF;
END $$`)
	storetest.Exec(t, cfg, "CREATE EVENT TRIGGER "+name+" ON ddl_command_start WHEN TAG IN ('CREATE INDEX') EXECUTE FUNCTION public."+name+"()")
	t.Cleanup(func() {
		storetest.Exec(t, cfg, "DROP EVENT TRIGGER IF EXISTS "+name)
		storetest.Exec(t, cfg, "DROP FUNCTION IF EXISTS public."+name+"()")
	})
}

// TestMigrationsOutlastTheStatementTimeout: a migration that builds an
// index takes longer than the statement timeout at a million figures
// (migration 36's, say); migrations run without it, else an upgrade
// would be rolled back every time it was tried. The first schema's
// migrations build indexes: here each takes 0.6 s under a 300 ms
// timeout.
func TestMigrationsOutlastTheStatementTimeout(t *testing.T) {
	cfg := storetest.NewDatabase(t, store.DialectPostgres)
	slowIndexes(t, cfg)
	cfg.StatementTimeout = 300 * time.Millisecond
	s := storetest.OpenConfig(t, cfg, false)
	if err := s.MigrateTo(ctx, 2); err != nil {
		t.Fatalf("the first migrations under a 300 ms statement timeout, their index builds taking 0.6 s: %v", err)
	}
}

// TestChecksOutlastTheStatementTimeout: the stored checks' full
// computation has statements that take longer than PostgreSQL's
// statement timeout for interactive queries at a million figures (its
// index builds did, and the computation failed on each of its tries, so
// the checks were never stored); they run without it, bounded by the
// computation's context. Here a timeout of 300 ms and every CREATE INDEX
// of the test's schema made to take 0.6 s (an event trigger) stand for
// that: the computation completes and the checks are stored.
func TestChecksOutlastTheStatementTimeout(t *testing.T) {
	cfg := storetest.NewDatabase(t, store.DialectPostgres)
	s := storetest.OpenConfig(t, cfg, true)
	must(t, s.GenerateFigures(ctx, 120, 1))
	slowIndexes(t, cfg)

	short := cfg
	short.StatementTimeout = 300 * time.Millisecond
	s = storetest.OpenConfig(t, short, false)
	o := storetest.CheckOptions(t, s)
	if err := s.RefreshChecks(ctx, models.AudiencePublic, o); err != nil {
		t.Fatalf("the full computation under a 300 ms statement timeout, its index builds taking 0.6 s: %v", err)
	}
	f, err := s.CheckStatus(ctx, models.AudiencePublic, o)
	must(t, err)
	if !f.Stored || !f.Current {
		t.Errorf("after the computation the checks are %+v, want stored and current", f)
	}
}

// TestMigrationsWaitForALockNoLongerThanTheTimeout: without their
// statement timeout, migrations still wait for a table's lock no longer
// than it: an ALTER TABLE queued behind a long read would otherwise
// wait as long as the read, and every reader of the table behind it.
// Here a reader holds figures (as a download's transaction does) while
// migration 6 alters it under a 300 ms timeout: the migration fails,
// saying so, long before the reader lets go, and runs once it has.
func TestMigrationsWaitForALockNoLongerThanTheTimeout(t *testing.T) {
	cfg := storetest.NewDatabase(t, store.DialectPostgres)
	must(t, storetest.OpenConfig(t, cfg, false).MigrateTo(ctx, 5))
	reader, err := sql.Open("pgx", cfg.DatabaseURL)
	must(t, err)
	defer reader.Close()
	tx, err := reader.BeginTx(ctx, nil)
	must(t, err)
	if _, err := tx.ExecContext(ctx, "LOCK TABLE figures IN ACCESS SHARE MODE"); err != nil {
		t.Fatal(err)
	}
	released := make(chan struct{})
	go func() {
		defer close(released)
		time.Sleep(2 * time.Second)
		tx.Rollback()
	}()
	short := cfg
	short.StatementTimeout = 300 * time.Millisecond
	s := storetest.OpenConfig(t, short, false)
	start := time.Now()
	err = s.MigrateTo(ctx, 6)
	if err == nil || !strings.Contains(err.Error(), "lock timeout") {
		t.Fatalf("migration 6 behind a reader's lock: err = %v after %v, want a lock timeout", err, time.Since(start))
	}
	<-released
	if err := s.MigrateTo(ctx, 6); err != nil {
		t.Fatalf("migration 6 once the reader let go: %v", err)
	}
}
