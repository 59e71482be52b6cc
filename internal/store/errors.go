package store

import (
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"

	"forcedreturns/models"
)

// ErrSchemaTooNew is returned (wrapped) when the database was migrated by a
// newer binary: running an old binary on it could corrupt data it does not
// understand, so the store refuses.
var ErrSchemaTooNew = errors.New("store: the database schema is newer than this program")

// SQLite extended result codes (sqlite3.h); named here so that only the
// error's Code method is needed, not the C library's Go bindings.
const (
	sqliteConstraintUnique     = 2067
	sqliteConstraintPrimaryKey = 1555
)

// isUniqueViolation reports whether err is a duplicate key, whichever
// driver and whether or not GORM translated it.
func isUniqueViolation(err error) bool {
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return true
	}
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return pg.Code == "23505"
	}
	var lite interface{ Code() int }
	if errors.As(err, &lite) {
		c := lite.Code()
		return c == sqliteConstraintUnique || c == sqliteConstraintPrimaryKey
	}
	return false
}

// notFound turns GORM's missing-row error into the domain's not-found, so
// that handlers answer 404 with a message naming what was asked for
// (format and args: "no source %q"), one format for each kind of thing,
// which the pages and the API say in every language (internal/i18n).
func notFound(err error, format string, args ...any) error {
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return models.Errorf(models.ENotFound, format, args...)
	}
	return err
}

// conflictOnDuplicate turns a unique violation raised by an insert (two
// writers creating the same key at once) into the domain's conflict.
func conflictOnDuplicate(err error, what, key string) error {
	if isUniqueViolation(err) {
		return models.Errorf(models.EConflict, "%s %q already exists", what, key)
	}
	return err
}

// wrap adds the operation to an unexpected error and leaves domain errors
// as they are, so their message reaches the user unchanged. A busy or
// unreachable database becomes models.EUnavailable (see unavailable).
func wrap(err error, op string) error {
	if err == nil {
		return nil
	}
	var e *models.Error
	if errors.As(err, &e) {
		return err
	}
	if u := asUnavailable(err, op); u != nil {
		return u
	}
	return fmt.Errorf("store: %s: %w", op, err)
}
