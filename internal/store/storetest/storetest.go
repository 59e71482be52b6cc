// Package storetest opens real, throw-away databases for tests of the
// store and of every package built on it, so that they all run against
// SQLite and PostgreSQL alike.
//
// SQLite is always available (a file in the test's temporary directory).
// PostgreSQL is used when FORCEDRETURNS_TEST_DATABASE_URL names a server
// (for instance postgres://postgres@127.0.0.1:5432/test?sslmode=disable);
// each test then gets a schema of its own, dropped at the end, so tests
// may run in parallel. Without that variable, or when the server does not
// answer, PostgreSQL tests are skipped, except under CI=true, where they
// fail: a CI run must never pass by silently testing one database.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver, for schema set-up
	_ "modernc.org/sqlite"             // the "sqlite" database/sql driver, to hold a write lock

	"forcedreturns/internal/store"
)

// EnvDatabaseURL names the variable holding the PostgreSQL server to test
// against.
const EnvDatabaseURL = "FORCEDRETURNS_TEST_DATABASE_URL"

// Dialects lists the databases Each runs a test on.
var Dialects = []string{store.DialectSQLite, store.DialectPostgres}

// Each runs fn as a subtest once per dialect ("sqlite", "postgres"), each
// time on a fresh, migrated database.
func Each(t *testing.T, fn func(t *testing.T, s *store.Store)) {
	t.Helper()
	for _, d := range Dialects {
		t.Run(d, func(t *testing.T) {
			fn(t, OpenConfig(t, NewDatabase(t, d), true))
		})
	}
}

// EachDatabase runs fn as a subtest once per dialect with the Config of a
// fresh, empty (unmigrated) database, for tests that open several stores
// on one database or test migrations themselves.
func EachDatabase(t *testing.T, fn func(t *testing.T, cfg store.Config)) {
	t.Helper()
	for _, d := range Dialects {
		t.Run(d, func(t *testing.T) {
			fn(t, NewDatabase(t, d))
		})
	}
}

// Open returns a migrated store on a fresh SQLite file, closed when the
// test ends.
func Open(t testing.TB) *store.Store {
	t.Helper()
	return OpenConfig(t, NewDatabase(t, store.DialectSQLite), true)
}

// OpenConfig opens a store on cfg, migrating it if asked, and closes it
// when the test ends.
func OpenConfig(t testing.TB, cfg store.Config, migrate bool) *store.Store {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	s, err := store.Open(ctx, cfg)
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	if migrate {
		if err := s.Migrate(ctx); err != nil {
			t.Fatalf("migrate: %v", err)
		}
	}
	return s
}

// NewDatabase creates an empty database for the test and returns the
// Config that opens it: a new SQLite file, or a new PostgreSQL schema
// selected through the connection's search_path.
func NewDatabase(t testing.TB, dialect string) store.Config {
	t.Helper()
	switch dialect {
	case store.DialectSQLite:
		return store.Config{SQLitePath: filepath.Join(t.TempDir(), "test.db")}
	case store.DialectPostgres:
		admin := postgres(t)
		schema := "t_" + randomHex(8)
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
			t.Fatalf("create schema %s: %v", schema, err)
		}
		t.Cleanup(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			if _, err := admin.ExecContext(ctx, "DROP SCHEMA IF EXISTS "+schema+" CASCADE"); err != nil {
				t.Errorf("drop schema %s: %v", schema, err)
			}
		})
		return store.Config{DatabaseURL: withSearchPath(os.Getenv(EnvDatabaseURL), schema), MaxOpenConns: 4}
	}
	t.Fatalf("storetest: unknown dialect %q", dialect)
	return store.Config{}
}

var (
	pgOnce  sync.Once
	pgAdmin *sql.DB
	pgErr   error
)

// postgres returns the shared administrative connection used to create
// and drop schemas, or ends the test when there is no server to use.
func postgres(t testing.TB) *sql.DB {
	t.Helper()
	dsn := os.Getenv(EnvDatabaseURL)
	if dsn == "" {
		unavailable(t, "PostgreSQL tests need %s (e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable)", EnvDatabaseURL)
	}
	pgOnce.Do(func() {
		db, err := sql.Open("pgx", dsn)
		if err != nil {
			pgErr = err
			return
		}
		db.SetMaxOpenConns(2)
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if pgErr = db.PingContext(ctx); pgErr != nil {
			db.Close()
			return
		}
		pgAdmin = db
	})
	if pgErr != nil {
		unavailable(t, "PostgreSQL from %s is not reachable: %v", EnvDatabaseURL, pgErr)
	}
	return pgAdmin
}

func unavailable(t testing.TB, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s; CI=true requires the PostgreSQL suite to run", msg)
	}
	t.Skip(msg)
}

// withSearchPath adds search_path to a connection string, in URL or
// keyword/value form; pgx sends unknown parameters to the server as
// run-time settings, so every pooled connection starts in the schema.
func withSearchPath(dsn, schema string) string {
	if strings.Contains(dsn, "://") {
		u, err := url.Parse(dsn)
		if err == nil {
			q := u.Query()
			q.Set("search_path", schema)
			u.RawQuery = q.Encode()
			return u.String()
		}
	}
	return dsn + " search_path=" + schema
}

func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}

// Exec runs one statement on the database of cfg over a connection of its
// own, outside any store, for tests that tamper with what the store keeps
// (a migration's recorded checksum, say) as an operator or a bug could.
func Exec(t testing.TB, cfg store.Config, query string) {
	t.Helper()
	driver, dsn := "sqlite", cfg.SQLitePath // registered by the store's SQLite driver
	if cfg.DatabaseURL != "" {
		driver, dsn = "pgx", cfg.DatabaseURL
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatalf("storetest: open %s: %v", driver, err)
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := db.ExecContext(ctx, query); err != nil {
		t.Fatalf("storetest: %s: %v", query, err)
	}
}

// HoldSQLiteWriteLock takes the write lock of the SQLite database of cfg
// from a connection of its own, as another process (a long import) would,
// and keeps it until the returned function is called (or the test ends).
func HoldSQLiteWriteLock(t testing.TB, cfg store.Config) (release func()) {
	t.Helper()
	db, err := sql.Open("sqlite", cfg.SQLitePath+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatalf("open %s: %v", cfg.SQLitePath, err)
	}
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatalf("connect to %s: %v", cfg.SQLitePath, err)
	}
	// An uncommitted write, as an import leaves while it runs: readers
	// of the WAL still see the last commit.
	for _, q := range []string{"BEGIN IMMEDIATE", "UPDATE data_version SET n = n + 1000 WHERE id = 1"} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s on %s: %v", q, cfg.SQLitePath, err)
		}
	}
	var once sync.Once
	release = func() {
		once.Do(func() {
			if _, err := conn.ExecContext(ctx, "ROLLBACK"); err != nil {
				t.Errorf("release the write lock: %v", err)
			}
			conn.Close()
			db.Close()
		})
	}
	t.Cleanup(release)
	return release
}
