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
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/libtnb/sqlite"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"

	"forcedreturns/internal/pace"
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
	// DefaultBusyTimeout is how long a write on SQLite waits for another
	// writer (an import, another instance) before giving up with
	// models.EUnavailable.
	DefaultBusyTimeout = 5 * time.Second
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
	// BusyTimeout bounds how long a write on SQLite waits for the write
	// lock held by another writer, in this process or another
	// (DefaultBusyTimeout if 0); then it fails with models.EUnavailable.
	// Reads never wait for it.
	BusyTimeout time.Duration
	// ApplicationName is reported to PostgreSQL (pg_stat_activity), so an
	// operator can tell the tracker's connections apart; empty keeps the
	// connection string's.
	ApplicationName string
	// Logger receives slow statements (warn) and failed ones (debug),
	// never with their parameters. Nil keeps the store silent.
	Logger *slog.Logger
}

// Store is the database behind the tracker. It is safe for concurrent use.
//
// On SQLite it keeps two pools on the one file: readers, which never take
// the write lock (query_only) and so never wait for a writer under WAL,
// and a single writer connection, for which writes of this process queue
// in Go, at most BusyTimeout, rather than spin in SQLite's busy handler
// while holding connections readers need. On PostgreSQL both are the one
// pool.
type Store struct {
	db      *gorm.DB // reads
	sqlDB   *sql.DB
	wdb     *gorm.DB // writes
	wsqlDB  *sql.DB
	dialect string
	busy    time.Duration
	// statementTimeout is Config.StatementTimeout (PostgreSQL): the
	// migrations, which run without it, wait that long at most for a
	// table's lock (lockBounded).
	statementTimeout time.Duration
	log              *slog.Logger
	// counts remembers the counts of figure lists at one data version.
	counts countCache
	// chartRefresh runs one RefreshChartCells at a time.
	chartRefresh sync.Mutex
	// cellsWritten counts the summaries' cells RefreshChartCells has
	// written (computed again), so that a test sees what a write costs.
	cellsWritten atomic.Int64
	// cellsCompared counts the month cells by source RefreshChartCells
	// has summarised from the figures to compare them with those stored
	// (refreshChanged), so that a test sees what a write reads.
	cellsCompared atomic.Int64
	// cellsSpilled says whether the last full RefreshChartCells on SQLite
	// sorted through temporary files on disk (a test sees it).
	cellsSpilled atomic.Bool
	// closed remembers closedUnder's answers at one data version.
	closed closedCache
	// anchorRefresh runs one RefreshPageAnchors at a time; anchorsLater
	// runs the one a deep page asked for in the background.
	anchorRefresh sync.Mutex
	anchorsLater  anchorRefresher
	// requests counts the requests being served, which the background
	// computations give way to (Requests).
	requests pace.Gate
	// anchoredPages counts the pages placed at an anchor, for the tests.
	anchoredPages atomic.Int64
	// heavy is the turn of the long reads that hold much memory
	// (heavy.go), and heavyHandedOver counts the times the checks'
	// computation let another go first, for the tests.
	heavy           heavyTurn
	heavyHandedOver atomic.Int64
	// places remembers where the pages read by offset were (places.go),
	// and placedPages counts the pages placed there, for the tests.
	places      placeCache
	placedPages atomic.Int64
	// peoplePages counts the pages placed by the people index
	// (peopleStart), for the tests.
	peoplePages atomic.Int64
	// checkPageWays counts the filtered pages of stored checks found by
	// each way (CheckPage: a walk asking each result, a walk with the set,
	// a sort), for the tests.
	checkPageWays [3]atomic.Int64
	// facetCounted counts the lists counted from the facets, for the tests.
	facetCounted atomic.Int64
	// generateJournal is the journal mode of the last GenerateFigures
	// into a new SQLite database (journalInMemory), for the tests.
	generateJournal string
	// spare holds a token for each read connection lent by SpareRead.
	spare chan struct{}
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
	if cfg.BusyTimeout <= 0 {
		cfg.BusyTimeout = DefaultBusyTimeout
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
	s := &Store{log: log, busy: cfg.BusyTimeout, statementTimeout: cfg.StatementTimeout, spare: make(chan struct{}, cfg.MaxOpenConns-1)}
	s.heavy = newHeavyTurn()
	s.anchorsLater.ctx, s.anchorsLater.stop = context.WithCancel(context.Background())
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
	// when another writer got there first. _texttotime=0 leaves text that
	// is not in a DATE, DATETIME or TIMESTAMP column a string (the dialector
	// would turn any text that looks like a time into a time.Time, such as
	// a cursor's CAST(created_at AS TEXT)); times are written as
	// 2006-01-02 15:04:05.999999999-07:00 (_time_format=sqlite, its default).
	pragmas := "?_pragma=busy_timeout(" + strconv.FormatInt(cfg.BusyTimeout.Milliseconds(), 10) + ")" +
		"&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_texttotime=0&_inttotime=0"
	// The writer keeps its temporary files in memory: the statement
	// journals SQLite writes for every insert into a table with foreign
	// keys (a third of an import's time when written to a file), and a
	// streamed import's staging table of figure ids (a few tens of bytes
	// an id).
	wdb, err := gorm.Open(sqlite.Open(path+pragmas+"&_pragma=temp_store(2)&_txlock=immediate"), gcfg)
	if err != nil {
		return fmt.Errorf("store: open SQLite %s: %w", path, err)
	}
	if s.wsqlDB, err = wdb.DB(); err != nil {
		return err
	}
	// SQLite takes one writer at a time: more connections would only wait
	// in its busy handler (sleeping, unfairly) instead of in line here.
	s.wsqlDB.SetMaxOpenConns(1)
	s.wsqlDB.SetMaxIdleConns(1)
	// query_only makes any write attempted on a reader fail at once, so a
	// read path can never end up waiting on the write lock.
	db, err := gorm.Open(sqlite.Open(path+pragmas+"&_pragma=query_only(1)"), gcfg)
	if err != nil {
		s.wsqlDB.Close()
		return fmt.Errorf("store: open SQLite %s: %w", path, err)
	}
	s.db, s.wdb, s.dialect = db, wdb, DialectSQLite
	if s.sqlDB, err = db.DB(); err != nil {
		s.wsqlDB.Close()
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
	if cfg.ApplicationName != "" {
		pc.RuntimeParams["application_name"] = cfg.ApplicationName
	}
	s.sqlDB = sql.OpenDB(pgConnector{stdlib.GetConnector(*pc, stdlib.OptionShouldPing(shouldPing))})
	s.sqlDB.SetMaxOpenConns(cfg.MaxOpenConns)
	s.sqlDB.SetMaxIdleConns(max(2, cfg.MaxOpenConns/2))
	s.sqlDB.SetConnMaxLifetime(30 * time.Minute)
	s.sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	db, err := gorm.Open(postgres.New(postgres.Config{Conn: s.sqlDB}), gcfg)
	if err != nil {
		s.sqlDB.Close()
		return fmt.Errorf("store: open PostgreSQL: %w", err)
	}
	s.db, s.wdb, s.wsqlDB, s.dialect = db, db, s.sqlDB, DialectPostgres
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
	// Ping only asks a reader (a health check must not wait for a long
	// write); the writer is checked here, once.
	if err := s.wsqlDB.PingContext(ctx); err != nil {
		return fmt.Errorf("store: open the SQLite writer: %w", err)
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

// Requests counts the requests being served, which the store's
// background computations give way to (package pace): the server counts
// each request there.
func (s *Store) Requests() *pace.Gate { return &s.requests }

// Close closes every connection of the pools.
func (s *Store) Close() error {
	s.anchorsLater.close()
	err := s.sqlDB.Close()
	if s.wsqlDB != s.sqlDB {
		err = errors.Join(err, s.wsqlDB.Close())
	}
	return err
}

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
// IMMEDIATE on the one writer connection (see openSQLite), so writers
// queue instead of failing, for at most the busy timeout. A failure
// before the commit was sent leaves nothing written; one during the
// commit is marked, since it may have been applied (see wrap). Writes
// are never retried here: only the caller can tell whether to try again.
func (s *Store) write(ctx context.Context, fn func(tx *gorm.DB) error) error {
	return s.writeTx(ctx, true, fn)
}

// writeTx is write, bumping the data version only if bump: a write of
// what is computed from the data (the stored checks) changes no data.
func (s *Store) writeTx(ctx context.Context, bump bool, fn func(tx *gorm.DB) error) error {
	ctx, scope := withWriteScope(ctx)
	db := s.wdb.WithContext(ctx)
	if s.dialect == DialectSQLite {
		conn, err := s.writer(ctx)
		if err != nil {
			return err
		}
		defer conn.Close()
		if later, ok := ctx.Value(tempFilesKey{}).(bool); ok && later {
			if err := closeTempDatabase(ctx, conn); err != nil {
				return err
			}
		} else if ok {
			restore, err := tempFilesOn(ctx, conn)
			if err != nil {
				return err
			}
			defer restore()
		}
		db.Statement.ConnPool = conn
	} else if ctx.Value(copyWantedKey{}) != nil {
		// The transaction runs on a connection of its own, which COPY
		// reaches (copyRows).
		conn, err := s.wsqlDB.Conn(ctx)
		if err != nil {
			return err
		}
		defer conn.Close()
		db = s.wdb.WithContext(context.WithValue(ctx, copyConnKey{}, conn))
		db.Statement.ConnPool = conn
	}
	tx := db.Begin()
	if tx.Error != nil {
		return tx.Error
	}
	done := false
	defer func() {
		if !done { // fn failed or panicked
			tx.Rollback()
		}
	}()
	if err := fn(tx); err != nil {
		return err
	}
	if bump {
		if err := bumpDataVersion(tx, scope.isPublic()); err != nil {
			return err
		}
	}
	done = true
	if err := tx.Commit().Error; err != nil {
		return commitError{err}
	}
	return nil
}

// writer takes the SQLite writer connection, waiting at most the busy
// timeout for another write of this process to finish.
func (s *Store) writer(ctx context.Context) (*sql.Conn, error) {
	wctx, cancel := context.WithTimeout(ctx, s.busy)
	defer cancel()
	conn, err := s.wsqlDB.Conn(wctx)
	if err != nil && ctx.Err() == nil && errors.Is(err, context.DeadlineExceeded) {
		return nil, errBusy
	}
	return conn, err
}

// read runs fn in one read-only transaction that sees a single snapshot,
// so that a count and the page it describes agree. When the connection
// was lost (PostgreSQL: a restart, a failover, pg_terminate_backend)
// before fn handed anything on (see delivered), it runs fn once more, on a
// connection checked to be alive.
func (s *Store) read(ctx context.Context, fn func(tx *gorm.DB) error) error {
	opts := &sql.TxOptions{ReadOnly: true}
	if s.dialect == DialectPostgres {
		opts.Isolation = sql.LevelRepeatableRead
	}
	err := s.db.WithContext(ctx).Transaction(fn, opts)
	if err != nil && ctx.Err() == nil && retryableRead(err) {
		s.log.WarnContext(ctx, "database connection lost during a read; retrying once", "err", err)
		err = s.db.WithContext(withPing(ctx)).Transaction(fn, opts)
	}
	return err
}

// now is the time stamped on writes: UTC, to the microsecond, because
// PostgreSQL keeps microseconds and both databases must round-trip the
// same value (and SQLite compares the stored text).
func now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }
