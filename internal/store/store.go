// Package store keeps the tracker's metrics, sources, figures and their
// revisions in SQLite (the embedded default) or PostgreSQL (several app
// instances). It is the only package that imports GORM: every other layer
// talks to it in domain values from package models, and every failure it
// returns that a person can act on is a *models.Error (invalid, not found,
// conflict).
//
// Every public method takes a context first and runs in at most one
// transaction; lowercase helpers take that transaction, so a method is
// either applied whole, revisions included, or not at all.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/glebarez/sqlite"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
)

// Dialect names returned by (*Store).Dialect.
const (
	DialectSQLite   = "sqlite"
	DialectPostgres = "postgres"
)

// DefaultSQLitePath is where the embedded database lives when neither a
// database URL nor a path is configured.
const DefaultSQLitePath = "./data/forcedreturns.db"

// Defaults applied by Open when the Config leaves a field zero.
const (
	DefaultMaxOpenConns     = 10
	DefaultStatementTimeout = 30 * time.Second
	// DefaultSlowQuery is the duration above which a statement is logged
	// as slow, at warning level.
	DefaultSlowQuery = 500 * time.Millisecond
)

// Config says which database to open and how.
type Config struct {
	// DatabaseURL selects PostgreSQL when set: a postgres:// URL or a
	// keyword/value connection string, as pgx accepts.
	DatabaseURL string
	// SQLitePath is the SQLite file used when DatabaseURL is empty
	// (DefaultSQLitePath if empty). Its directory is created.
	SQLitePath string
	// MaxOpenConns bounds the connection pool (DefaultMaxOpenConns if 0).
	MaxOpenConns int
	// StatementTimeout aborts any PostgreSQL statement that runs longer
	// (DefaultStatementTimeout if 0). SQLite has no such setting: contexts
	// bound its statements.
	StatementTimeout time.Duration
	// Logger receives slow statements (warn) and failed ones (debug),
	// never with their parameters. Nil keeps the store silent.
	Logger *slog.Logger
}

// Store is the database behind the tracker. It is safe for concurrent use.
type Store struct {
	db      *gorm.DB
	sqlDB   *sql.DB
	dialect string
	log     *slog.Logger
}

// Open connects to the database described by cfg and checks the
// connection. It does not migrate: call Migrate (the serve and migrate
// commands do) before using the other methods.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	if cfg.MaxOpenConns <= 0 {
		cfg.MaxOpenConns = DefaultMaxOpenConns
	}
	if cfg.StatementTimeout <= 0 {
		cfg.StatementTimeout = DefaultStatementTimeout
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	gcfg := &gorm.Config{
		Logger: newGormLogger(cfg.Logger, DefaultSlowQuery),
		// Every write already runs inside a transaction the store opened;
		// GORM's own per-statement transactions would only add round trips.
		SkipDefaultTransaction: true,
		TranslateError:         true,
		NowFunc:                now,
	}
	s := &Store{log: log}
	var err error
	if cfg.DatabaseURL != "" {
		err = s.openPostgres(cfg, gcfg)
	} else {
		err = s.openSQLite(cfg, gcfg)
	}
	if err != nil {
		return nil, err
	}
	if err := s.check(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

func (s *Store) openSQLite(cfg Config, gcfg *gorm.Config) error {
	path := cfg.SQLitePath
	if path == "" {
		path = DefaultSQLitePath
	}
	if strings.ContainsAny(path, "?#") {
		return fmt.Errorf("store: SQLite path %q must not contain ? or #", path)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return fmt.Errorf("store: create the database directory: %w", err)
	}
	// Pragmas in the DSN run on every new connection of the pool, which is
	// what foreign_keys and busy_timeout need (they are per connection).
	// busy_timeout comes first so that switching to WAL waits for a
	// concurrent writer instead of failing. _txlock=immediate makes every
	// write transaction BEGIN IMMEDIATE: a deferred transaction that reads
	// and then writes fails with SQLITE_BUSY at once, busy timeout or not,
	// when another writer got there first. (Never add _time_format: this
	// driver version stops reading parameters after it, dropping _txlock.)
	dsn := path + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)" +
		"&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_txlock=immediate"
	db, err := gorm.Open(sqlite.Open(dsn), gcfg)
	if err != nil {
		return fmt.Errorf("store: open SQLite %s: %w", path, err)
	}
	s.db, s.dialect = db, DialectSQLite
	if s.sqlDB, err = db.DB(); err != nil {
		return err
	}
	s.sqlDB.SetMaxOpenConns(cfg.MaxOpenConns)
	// Idle SQLite connections cost little and keep their page cache.
	s.sqlDB.SetMaxIdleConns(cfg.MaxOpenConns)
	return nil
}

func (s *Store) openPostgres(cfg Config, gcfg *gorm.Config) error {
	pc, err := pgx.ParseConfig(cfg.DatabaseURL)
	if err != nil {
		// pgx errors can quote the connection string, password included.
		return errors.New("store: the database URL is not a valid PostgreSQL connection string")
	}
	// A runtime parameter applies to every connection of the pool, even
	// ones opened after a failover, unlike a SET on one connection.
	pc.RuntimeParams["statement_timeout"] = strconv.FormatInt(cfg.StatementTimeout.Milliseconds(), 10)
	s.sqlDB = stdlib.OpenDB(*pc)
	s.sqlDB.SetMaxOpenConns(cfg.MaxOpenConns)
	s.sqlDB.SetMaxIdleConns(max(2, cfg.MaxOpenConns/2))
	s.sqlDB.SetConnMaxLifetime(30 * time.Minute)
	s.sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	db, err := gorm.Open(postgres.New(postgres.Config{Conn: s.sqlDB}), gcfg)
	if err != nil {
		s.sqlDB.Close()
		return fmt.Errorf("store: open PostgreSQL: %w", err)
	}
	s.db, s.dialect = db, DialectPostgres
	return nil
}

// check pings the database and, on SQLite, refuses a connection on which
// the pragmas did not take (a read-only file, an old library).
func (s *Store) check(ctx context.Context) error {
	if err := s.Ping(ctx); err != nil {
		return err
	}
	if s.dialect != DialectSQLite {
		return nil
	}
	var fk int
	var mode string
	db := s.db.WithContext(ctx)
	if err := db.Raw("PRAGMA foreign_keys").Row().Scan(&fk); err != nil {
		return fmt.Errorf("store: read PRAGMA foreign_keys: %w", err)
	}
	if err := db.Raw("PRAGMA journal_mode").Row().Scan(&mode); err != nil {
		return fmt.Errorf("store: read PRAGMA journal_mode: %w", err)
	}
	if fk != 1 || mode != "wal" {
		return fmt.Errorf("store: SQLite runs with foreign_keys=%d journal_mode=%s, want 1 and wal", fk, mode)
	}
	return nil
}

// Close closes every connection of the pool.
func (s *Store) Close() error { return s.sqlDB.Close() }

// Dialect returns DialectSQLite or DialectPostgres.
func (s *Store) Dialect() string { return s.dialect }

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.sqlDB.PingContext(ctx); err != nil {
		return fmt.Errorf("store: ping %s: %w", s.dialect, err)
	}
	return nil
}

// ServerVersion returns the version of the database engine: the SQLite
// library linked into the binary, or the PostgreSQL server's.
func (s *Store) ServerVersion(ctx context.Context) (string, error) {
	q := "SELECT sqlite_version()"
	if s.dialect == DialectPostgres {
		q = "SHOW server_version"
	}
	var v string
	if err := s.db.WithContext(ctx).Raw(q).Row().Scan(&v); err != nil {
		return "", fmt.Errorf("store: read the server version: %w", err)
	}
	return v, nil
}

// write runs fn in one read-write transaction. On SQLite it begins
// IMMEDIATE (see openSQLite), so writers queue instead of failing.
func (s *Store) write(ctx context.Context, fn func(tx *gorm.DB) error) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := fn(tx); err != nil {
			return err
		}
		return bumpDataVersion(tx)
	})
}

// read runs fn in one read-only transaction that sees a single snapshot,
// so that a count and the page it describes agree.
func (s *Store) read(ctx context.Context, fn func(tx *gorm.DB) error) error {
	opts := &sql.TxOptions{ReadOnly: true}
	if s.dialect == DialectPostgres {
		opts.Isolation = sql.LevelRepeatableRead
	}
	return s.db.WithContext(ctx).Transaction(fn, opts)
}

// now is the time stamped on writes: UTC, to the microsecond, because
// PostgreSQL keeps microseconds and both databases must round-trip the
// same value (and SQLite compares the stored text).
func now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }
