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
	"crypto/sha256"
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

	"forcedreturns/internal/checks"
	"forcedreturns/internal/store"
	"forcedreturns/internal/store/internal/bulksize"
)

// EnvDatabaseURL names the variable holding the PostgreSQL server to test
// against.
const EnvDatabaseURL = "FORCEDRETURNS_TEST_DATABASE_URL"

// Dialects lists the databases Each runs a test on.
var Dialects = []string{store.DialectSQLite, store.DialectPostgres}

// Each runs fn as a subtest once per dialect ("sqlite", "postgres"), each
// time on a fresh, migrated database: on SQLite a copy of one migrated
// once per test binary (OpenTemplate), on PostgreSQL a database created
// from a migrated template database (migratedPostgres).
func Each(t *testing.T, fn func(t *testing.T, s *store.Store)) {
	t.Helper()
	for _, d := range Dialects {
		t.Run(d, func(t *testing.T) {
			if d == store.DialectSQLite {
				fn(t, Open(t))
				return
			}
			fn(t, OpenConfig(t, migratedPostgres(t), true))
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
// test ends: a copy of a database migrated once per test binary.
func Open(t testing.TB) *store.Store {
	t.Helper()
	return OpenTemplate(t, "migrated", nil)
}

// templates are SQLite databases made once per test binary, by name: the
// bytes of the file, copied for each test that asks for one.
var templates struct {
	mu sync.Mutex
	m  map[string]*template
}

type template struct {
	once sync.Once
	file []byte
	err  error
}

// OpenTemplate returns a store on a fresh SQLite file holding what the
// template called name holds: a migrated database on which build (if not
// nil) ran. The template is made once per test binary, the first time a
// test asks for it, and copied for every test, so that a package's tests
// do not each spend seconds migrating (and seeding) the same database.
// Each test's copy is its own: what it writes no other test sees. Callers
// must pass the same build for a name. Tests of migrating itself use
// NewDatabase and OpenConfig, which start from an empty file.
func OpenTemplate(t testing.TB, name string, build func(context.Context, *store.Store) error) *store.Store {
	t.Helper()
	templates.mu.Lock()
	if templates.m == nil {
		templates.m = map[string]*template{}
	}
	tp := templates.m[name]
	if tp == nil {
		tp = &template{}
		templates.m[name] = tp
	}
	templates.mu.Unlock()
	tp.once.Do(func() { tp.file, tp.err = makeTemplate(build) })
	if tp.err != nil {
		t.Fatalf("storetest: the %s template database: %v", name, tp.err)
	}
	cfg := NewDatabase(t, store.DialectSQLite)
	if err := os.WriteFile(cfg.SQLitePath, tp.file, 0o600); err != nil {
		t.Fatalf("storetest: copy the %s template database: %v", name, err)
	}
	return OpenConfig(t, cfg, true) // a no-op migration, checksums verified
}

// makeTemplate migrates a new SQLite file, runs build on it, closes it
// (SQLite then folds its write-ahead log into the file) and returns the
// file's bytes.
func makeTemplate(build func(context.Context, *store.Store) error) ([]byte, error) {
	dir, err := os.MkdirTemp("", "storetest-template-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	path := filepath.Join(dir, "template.db")
	s, err := store.Open(ctx, store.Config{SQLitePath: path})
	if err != nil {
		return nil, err
	}
	err = s.Migrate(ctx)
	if err == nil && build != nil {
		err = build(ctx, s)
	}
	if cerr := s.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	for _, suffix := range []string{"-wal", "-journal"} {
		if fi, err := os.Stat(path + suffix); err == nil && fi.Size() > 0 {
			return nil, fmt.Errorf("%s%s is left with %d bytes after closing: the copy would miss them", path, suffix, fi.Size())
		}
	}
	return os.ReadFile(path)
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
		db, err := sql.Open("pgx", testSettings(dsn))
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
	return withSetting(dsn, "search_path", schema)
}

// withSetting adds a run-time setting to a connection string, in URL or
// keyword/value form, and synchronous_commit=off (see testSettings).
func withSetting(dsn, name, value string) string {
	dsn = testSettings(dsn)
	if strings.Contains(dsn, "://") {
		u, err := url.Parse(dsn)
		if err == nil {
			q := u.Query()
			q.Set(name, value)
			u.RawQuery = q.Encode()
			return u.String()
		}
	}
	return dsn + " " + name + "=" + value
}

// testSettings adds synchronous_commit=off to a connection string: a
// commit returns without waiting for its write-ahead log to reach the
// disk (several milliseconds each on the test machine, thousands of
// commits a run). Nothing a test can see changes: other connections see
// the commit at once, as with the default; only a server crash could lose
// the last commits of a throw-away database.
func testSettings(dsn string) string {
	if strings.Contains(dsn, "://") {
		u, err := url.Parse(dsn)
		if err == nil {
			q := u.Query()
			if q.Get("synchronous_commit") != "" {
				return dsn
			}
			q.Set("synchronous_commit", "off")
			u.RawQuery = q.Encode()
			return u.String()
		}
	}
	if strings.Contains(dsn, "synchronous_commit=") {
		return dsn
	}
	return dsn + " synchronous_commit=off"
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

// SetBulk lowers, until the test ends, the number of noted writes past
// which the stored checks are computed again from scratch (and a stream
// or a generation on SQLite is a bulk load, with its marker), and the
// number of figures past which a bulk load drops the readers' indexes, so
// that a test of a package built on store takes those paths with a few
// hundred figures rather than thousands; zero keeps the store's own.
// Not for parallel tests.
func SetBulk(t testing.TB, dirty, indexRows int) {
	d, r := bulksize.Dirty.Swap(int64(dirty)), bulksize.IndexRows.Swap(int64(indexRows))
	t.Cleanup(func() { bulksize.Dirty.Store(d); bulksize.IndexRows.Store(r) })
}

// SetCountsChunk makes the store write the countable columns n rows a
// transaction when it stores them all, until the test ends.
func SetCountsChunk(t testing.TB, n int) {
	old := bulksize.CountsChunk.Swap(int64(n))
	t.Cleanup(func() { bulksize.CountsChunk.Store(old) })
}

// NarrowCounts makes the store count again, after a write, only the
// subjects f keeps of those it would (given them, the written ones
// first), until the returned function is called or the test ends: a
// test shows that it notices.
func NarrowCounts(t testing.TB, f func(written int, subjects []checks.Subject) []checks.Subject) (restore func()) {
	bulksize.NarrowCounts.Store(&f)
	restore = func() { bulksize.NarrowCounts.Store(nil) }
	t.Cleanup(restore)
	return restore
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

// pgTemplate is the migrated PostgreSQL template database of this test
// binary, found or made on first use.
var pgTemplate struct {
	once sync.Once
	name string
	err  error
}

// migratedPostgres returns the Config of a new PostgreSQL database
// created from a template that holds the migrated schema (CREATE DATABASE
// … TEMPLATE copies it in a fraction of the time migrating takes), dropped
// when the test ends. Where the template cannot be made (a server user
// without CREATEDB, say) it falls back to a new schema, migrated by the
// caller's OpenConfig like any other.
//
// The template is named after the migrations it holds (a hash of their
// versions and checksums), is shared by the test binaries of every
// package and run, and is kept on the server: a new one appears only
// when the migrations change. Nobody connects to it, which CREATE
// DATABASE … TEMPLATE requires.
func migratedPostgres(t testing.TB) store.Config {
	t.Helper()
	admin := postgres(t)
	pgTemplate.once.Do(func() { pgTemplate.name, pgTemplate.err = makePostgresTemplate(admin) })
	if pgTemplate.err != nil {
		t.Logf("storetest: no PostgreSQL template database (%v): migrating a new schema instead", pgTemplate.err)
		return NewDatabase(t, store.DialectPostgres)
	}
	name := "storetest_t_" + randomHex(8)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name+" TEMPLATE "+pgTemplate.name); err != nil {
		t.Fatalf("create database %s from %s: %v", name, pgTemplate.name, err)
	}
	t.Cleanup(func() {
		if drops.later(name) {
			return
		}
		if err := dropDatabase(admin, name); err != nil {
			t.Errorf("%v", err)
		}
	})
	return store.Config{DatabaseURL: withDatabase(os.Getenv(EnvDatabaseURL), name), MaxOpenConns: 4}
}

// dropDatabase allows five minutes: a DROP DATABASE waits for a
// checkpoint, which took over a minute on a machine at load 30.
func dropDatabase(admin *sql.DB, name string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if _, err := admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
		return fmt.Errorf("drop database %s: %w", name, err)
	}
	return nil
}

// drops are the test databases of a binary run through Main, dropped by
// one goroutine while the next tests run: on PostgreSQL 15 a DROP
// DATABASE waits for a checkpoint, which a test need not wait for.
var drops dropQueue

type dropQueue struct {
	mu      sync.Mutex
	names   chan string
	done    chan struct{}
	errs    []error
	started bool
}

// later hands name to the dropping goroutine and reports true, or
// reports false outside Main (the caller then drops it itself).
func (d *dropQueue) later(name string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.names == nil {
		return false
	}
	if !d.started {
		d.started = true
		// The goroutine keeps its own copies: Main clears the fields
		// (under mu) while it drains the channel.
		names, done := d.names, d.done
		go func() {
			defer close(done)
			for name := range names {
				if err := dropDatabase(pgAdmin, name); err != nil {
					d.mu.Lock()
					d.errs = append(d.errs, err)
					d.mu.Unlock()
				}
			}
		}()
	}
	d.names <- name
	return true
}

// Main runs the tests of a package (call it from TestMain:
// os.Exit(storetest.Main(m))) with its PostgreSQL test databases dropped
// in the background, and waits for the last drop before it returns; a
// drop that fails makes the run fail.
func Main(m *testing.M) int {
	drops.mu.Lock()
	drops.names = make(chan string, 1<<16)
	drops.done = make(chan struct{})
	drops.mu.Unlock()
	code := m.Run()
	drops.mu.Lock()
	close(drops.names)
	started := drops.started
	drops.names = nil
	drops.mu.Unlock()
	if started {
		<-drops.done
	}
	for _, err := range drops.errs {
		fmt.Fprintln(os.Stderr, "storetest:", err)
		code = 1
	}
	return code
}

// makePostgresTemplate returns the name of the template database holding
// the migrated schema, making it if no test binary made it before: it
// migrates a new database, names it after the migrations recorded in it,
// and renames it to that name, or drops it when another binary got there
// first.
func makePostgresTemplate(admin *sql.DB) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	tmp := "storetest_new_" + randomHex(8)
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+tmp); err != nil {
		return "", err
	}
	drop := func() { admin.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+tmp+" WITH (FORCE)") }
	s, err := store.Open(ctx, store.Config{DatabaseURL: withDatabase(os.Getenv(EnvDatabaseURL), tmp), MaxOpenConns: 2})
	if err != nil {
		drop()
		return "", err
	}
	err = s.Migrate(ctx)
	if cerr := s.Close(); err == nil {
		err = cerr
	}
	var applied string
	if err == nil {
		applied, err = appliedMigrations(ctx, withDatabase(os.Getenv(EnvDatabaseURL), tmp))
	}
	if err != nil {
		drop()
		return "", err
	}
	sum := sha256.Sum256([]byte(applied))
	name := "storetest_migrated_" + hex.EncodeToString(sum[:8])
	var exists bool
	if err := admin.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
		drop()
		return "", err
	}
	if !exists {
		if _, err := admin.ExecContext(ctx, "ALTER DATABASE "+tmp+" RENAME TO "+name); err == nil {
			return name, nil
		}
		// Another test binary renamed its own first (or the rename
		// failed): use what is there, if anything is.
		if err := admin.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil || !exists {
			drop()
			return "", fmt.Errorf("rename %s to %s failed and no %s exists", tmp, name, name)
		}
	}
	drop()
	return name, nil
}

// appliedMigrations lists the versions and checksums of the migrations
// recorded in the database at dsn, over a connection closed on return.
func appliedMigrations(ctx context.Context, dsn string) (string, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return "", err
	}
	defer db.Close()
	var applied string
	err = db.QueryRowContext(ctx, "SELECT string_agg(version || ' ' || checksum, ',' ORDER BY version) FROM schema_migrations").Scan(&applied)
	return applied, err
}

// withDatabase points a connection string, in URL or keyword/value form,
// at another database of the same server.
func withDatabase(dsn, db string) string {
	dsn = testSettings(dsn)
	if strings.Contains(dsn, "://") {
		u, err := url.Parse(dsn)
		if err == nil {
			u.Path = "/" + db
			return u.String()
		}
	}
	return dsn + " dbname=" + db
}
