package store

import (
	"context"
	"database/sql/driver"
	"errors"
	"strconv"

	"gorm.io/gorm"
)

// Work that takes long by nature at a million figures (a full summary of
// the charts, the stored checks' index builds and their old generation's
// deletion, a streamed read as slow as its reader) outlasts PostgreSQL's
// statement timeout, meant for interactive queries (Config.
// StatementTimeout, 30 s by default): the checks' full computation failed
// at its index builds at a million figures, and again on each of its
// tries. Such work runs without it, bounded by its context instead.
// SQLite has no statement timeout: unbounded does nothing there.

// unbounded lifts the statement timeout for the rest of the transaction
// tx (PostgreSQL: SET LOCAL ends with the transaction).
func (s *Store) unbounded(tx *gorm.DB) error {
	if s.dialect != DialectPostgres {
		return nil
	}
	return tx.Exec("SET LOCAL statement_timeout = 0").Error
}

// lockBounded bounds, for the rest of tx, how long one statement waits
// for a lock to the statement timeout it no longer has (unbounded): a
// migration's ALTER TABLE queued behind a long read (a download) would
// otherwise wait as long as that read, and every reader of the table
// queue behind it, the site stalled; so it fails as it did before, and
// the start says why (PostgreSQL: lock_timeout).
func (s *Store) lockBounded(tx *gorm.DB) error {
	if s.dialect != DialectPostgres {
		return nil
	}
	return tx.Exec("SET LOCAL lock_timeout = " + strconv.FormatInt(s.statementTimeout.Milliseconds(), 10)).Error
}

// writeTxUnbounded is writeTx without the statement timeout (unbounded).
func (s *Store) writeTxUnbounded(ctx context.Context, bump bool, fn func(tx *gorm.DB) error) error {
	return s.writeTx(ctx, bump, func(tx *gorm.DB) error {
		if err := s.unbounded(tx); err != nil {
			return err
		}
		return fn(tx)
	})
}

// execUnbounded runs q on PostgreSQL outside any transaction (VACUUM
// cannot run in one) without the statement timeout, on a connection of
// its own, set back to the session's timeout before it returns to the
// pool, or closed if that fails. (SQLite's pool of readers would refuse
// such a statement, and its writes go through writeTx.)
func (s *Store) execUnbounded(ctx context.Context, q string) error {
	if s.dialect != DialectPostgres {
		return errors.New("store: execUnbounded is for PostgreSQL")
	}
	conn, err := s.sqlDB.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SET statement_timeout = 0"); err != nil {
		return err
	}
	_, err = conn.ExecContext(ctx, q)
	if _, rerr := conn.ExecContext(context.WithoutCancel(ctx), "RESET statement_timeout"); rerr != nil {
		// Never back in the pool without its timeout.
		_ = conn.Raw(func(any) error { return driver.ErrBadConn })
		err = errors.Join(err, rerr)
	}
	return err
}
