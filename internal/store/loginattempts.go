package store

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"forcedreturns/models"
)

// Failed sign-ins are rows rather than counters in memory, so that every
// app instance counts the same attempts: an attacker spreading guesses
// over instances gains nothing. Package auth's Limiter decides what the
// keys are and how many attempts a window allows.
//
// They are written by one statement each, outside Store.write: a failed
// sign-in is not data, so it must not bump the data version, which would
// let anyone empty every chart cache and ETag with wrong passwords.

// MaxAttemptKeyLength bounds a login attempt key, in bytes.
const MaxAttemptKeyLength = 512

func checkAttemptKey(key string) error {
	if key == "" || len(key) > MaxAttemptKeyLength || !utf8.ValidString(key) || strings.ContainsRune(key, 0) {
		return models.Errorf(models.EInvalid, "a login attempt key must be 1 to %d bytes of UTF-8 text without NUL, such as account:ana@example.org", MaxAttemptKeyLength)
	}
	return nil
}

// RecordLoginAttempt records a failed sign-in under key (such as
// "account:<email>" or "ip:<address>") at the given time.
func (s *Store) RecordLoginAttempt(ctx context.Context, key string, at time.Time) error {
	if err := checkAttemptKey(key); err != nil {
		return err
	}
	_, err := s.execOne(ctx, "INSERT INTO login_attempts (key, attempted_at) VALUES (?, ?)", key, dbTime(at))
	return wrap(err, "record login attempt")
}

// ForgetLoginAttempt removes one attempt recorded under key at exactly at,
// if there is one: a sign-in counted as failed before its password was
// checked, which then succeeded.
func (s *Store) ForgetLoginAttempt(ctx context.Context, key string, at time.Time) error {
	_, err := s.execOne(ctx, `DELETE FROM login_attempts WHERE id = (
		SELECT id FROM login_attempts WHERE key = ? AND attempted_at = ? ORDER BY id DESC LIMIT 1)`, key, dbTime(at))
	return wrap(err, "forget login attempt")
}

// CountLoginAttempts returns how many attempts were recorded under key at
// or after since.
func (s *Store) CountLoginAttempts(ctx context.Context, key string, since time.Time) (int, error) {
	var n int64
	err := s.db.WithContext(ctx).Table("login_attempts").Where("key = ? AND attempted_at >= ?", key, dbTime(since)).Count(&n).Error
	return int(n), wrap(err, "count login attempts")
}

// ClearLoginAttempts forgets every attempt recorded under key (a client's
// failures at an account, after it signed in).
func (s *Store) ClearLoginAttempts(ctx context.Context, key string) error {
	_, err := s.execOne(ctx, "DELETE FROM login_attempts WHERE key = ?", key)
	return wrap(err, "clear login attempts")
}

// PruneLoginAttempts removes the attempts recorded before before, under
// every key, and returns how many: a periodic clean-up, as attempts older
// than the rate limiter's window no longer count.
func (s *Store) PruneLoginAttempts(ctx context.Context, before time.Time) (int64, error) {
	n, err := s.execOne(ctx, "DELETE FROM login_attempts WHERE attempted_at < ?", dbTime(before))
	return n, wrap(err, "prune login attempts")
}

// execOne runs one statement that needs no data-version bump (sign-in
// attempts change nothing a reader sees) on the writer, and returns the
// rows it affected. On SQLite it takes the writer connection like
// Store.write, waiting at most the busy timeout behind a long import
// rather than for the whole of it.
func (s *Store) execOne(ctx context.Context, q string, args ...any) (int64, error) {
	db := s.wdb.WithContext(ctx)
	if s.dialect == DialectSQLite {
		conn, err := s.writer(ctx)
		if err != nil {
			return 0, err
		}
		defer conn.Close()
		db.Statement.ConnPool = conn
	}
	res := db.Exec(q, args...)
	return res.RowsAffected, res.Error
}
