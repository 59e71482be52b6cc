package store

import (
	"context"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"

	"forcedreturns/models"
)

// A busy or unreachable database is not a bug: the store returns
// models.EUnavailable, which the dashboard answers with 503 and
// Retry-After. Reads are retried once when the connection was lost before
// they handed anything on; writes never are, because a commit whose answer
// was lost may have been applied, and only the caller can check.

// SQLite primary result codes (sqlite3.h).
const (
	sqliteBusy   = 5
	sqliteLocked = 6
)

// errBusy is a write that could not get the SQLite write lock in time.
var errBusy = errors.New("the write lock is held by another writer")

// commitError marks a failure of the COMMIT itself: the change may or may
// not have been applied.
type commitError struct{ err error }

func (e commitError) Error() string { return "commit: " + e.err.Error() }
func (e commitError) Unwrap() error { return e.err }

// delivered marks a read failure after rows were handed to the caller's
// callback (a streamed download): running the read again would repeat them.
type delivered struct{ err error }

func (e delivered) Error() string { return e.err.Error() }
func (e delivered) Unwrap() error { return e.err }

// unavailable classifies err: it returns the message for the person who
// asked and true when the database is busy or out of reach for now, so
// that trying again shortly can succeed.
func unavailable(err error) (string, bool) {
	var ce commitError
	ambiguous := errors.As(err, &ce)
	switch {
	case errors.Is(err, errBusy) || sqliteCode(err) == sqliteBusy || sqliteCode(err) == sqliteLocked:
		return "The database is busy with another change (an import, perhaps); nothing was saved. Try again in a few seconds.", true
	case connectionLost(err) && ambiguous:
		return "The connection to the database was lost while saving: the change may or may not have been saved. Reload to check before trying again.", true
	case connectionLost(err):
		return "The connection to the database was lost; nothing was saved. Try again in a few seconds.", true
	}
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		switch {
		case pg.Code == "40001" || pg.Code == "40P01": // serialization failure, deadlock: rolled back
			return "The change collided with another one and was not saved. Try again.", true
		case pg.Code == "57014": // statement_timeout (or a cancelled query)
			return "The database took too long to answer. Try again in a little while.", true
		case strings.HasPrefix(pg.Code, "53"): // insufficient resources: too many connections, disk full
			return "The database is overloaded; nothing was saved. Try again in a little while.", true
		}
	}
	return "", false
}

// connectionLost reports whether err says the connection to PostgreSQL
// broke or was ended by the server (restart, failover,
// pg_terminate_backend), as opposed to the statement being refused.
func connectionLost(err error) bool {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		// Class 08: connection exception; 57P01-57P03: admin shutdown,
		// crash shutdown, cannot connect now.
		return strings.HasPrefix(pg.Code, "08") || pg.Code == "57P01" || pg.Code == "57P02" || pg.Code == "57P03"
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return false // the caller gave up; context errors also pass for net.Error
	}
	var ne net.Error
	return errors.Is(err, driver.ErrBadConn) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, pgconn.ErrConnClosed) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.As(err, &ne) || pgconn.SafeToRetry(err) ||
		strings.Contains(err.Error(), "conn closed")
}

func sqliteCode(err error) int {
	var lite interface{ Code() int }
	if errors.As(err, &lite) {
		return lite.Code() & 0xff
	}
	return 0
}

// retryableRead reports whether a read that failed with err may simply be
// run again.
func retryableRead(err error) bool {
	var d delivered
	return !errors.As(err, &d) && connectionLost(err)
}

// pingKey marks a context whose connection must be checked before use.
type pingKey struct{}

func withPing(ctx context.Context) context.Context { return context.WithValue(ctx, pingKey{}, true) }

// shouldPing makes pgx check a pooled connection before reuse when it
// was idle for a second (pgx's default) or when a retry asks for a live
// one: a connection the server ended fails the check and database/sql
// takes, or opens, another.
func shouldPing(ctx context.Context, p stdlib.ShouldPingParams) bool {
	return p.IdleDuration > time.Second || ctx.Value(pingKey{}) != nil
}

// pgConnector wraps pgx's connections so that a SELECT outside a
// transaction whose connection turns out to be dead is retried by
// database/sql on another one (driver.ErrBadConn), as pgx already does
// when nothing was sent. A SELECT changes nothing, so running it again is
// safe; anything else is left alone.
type pgConnector struct{ driver.Connector }

func (c pgConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	if sc, ok := conn.(*stdlib.Conn); ok {
		return &pgConn{sc}, nil
	}
	return conn, nil
}

type pgConn struct{ *stdlib.Conn }

func (c *pgConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	idle := c.Conn.Conn().PgConn().TxStatus() == 'I'
	rows, err := c.Conn.QueryContext(ctx, query, args)
	if err != nil && idle && ctx.Err() == nil && isSelect(query) && connectionLost(err) {
		return nil, driver.ErrBadConn
	}
	return rows, err
}

func isSelect(q string) bool {
	q = strings.TrimSpace(q)
	return len(q) >= 6 && strings.EqualFold(q[:6], "SELECT")
}

// touch runs a best-effort bookkeeping write (when a session or token was
// last used) from a read path. It must never make the read wait: on
// SQLite it gives up at once when the write lock is taken, here or by
// another process, and the next request tries again.
func (s *Store) touch(ctx context.Context, query string, args ...any) {
	var err error
	if s.dialect == DialectSQLite {
		err = s.touchSQLite(ctx, query, args...)
	} else {
		err = s.wdb.WithContext(ctx).Exec(query, args...).Error
	}
	if err != nil {
		s.log.DebugContext(ctx, "activity not recorded", "err", err)
	}
}

func (s *Store) touchSQLite(ctx context.Context, query string, args ...any) error {
	// The writer connection is either free or busy for a while: a few
	// milliseconds tell which.
	wctx, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	conn, err := s.wsqlDB.Conn(wctx)
	cancel()
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "PRAGMA busy_timeout = 0"); err != nil {
		return err
	}
	db := s.wdb.WithContext(ctx)
	db.Statement.ConnPool = conn
	err = db.Exec(query, args...).Error
	restore := "PRAGMA busy_timeout = " + strconv.FormatInt(s.busy.Milliseconds(), 10)
	if _, rerr := conn.ExecContext(context.WithoutCancel(ctx), restore); rerr != nil {
		// A writer without its busy timeout would fail every write at
		// once: drop the connection instead.
		_ = conn.Raw(func(any) error { return driver.ErrBadConn })
	}
	return err
}

// asUnavailable returns the domain error for err if it is a busy or
// unreachable database, keeping err for the logs.
func asUnavailable(err error, op string) error {
	msg, ok := unavailable(err)
	if !ok {
		return nil
	}
	return &unavailableError{dom: models.Errorf(models.EUnavailable, "%s", msg), op: op, cause: err}
}

// unavailableError is an EUnavailable *models.Error that still carries the
// driver's error, for the logs.
type unavailableError struct {
	dom   *models.Error
	op    string
	cause error
}

func (e *unavailableError) Error() string {
	return e.dom.Message + " (store: " + e.op + ": " + e.cause.Error() + ")"
}

// Unwrap gives errors.As the domain error and errors.Is the cause.
func (e *unavailableError) Unwrap() []error { return []error{e.dom, e.cause} }
