package store

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"forcedreturns/models"
)

// Failed sign-ins are rows rather than counters in memory, so that every
// app instance counts the same attempts: an attacker spreading guesses
// over instances gains nothing. Package auth's Limiter decides what the
// keys are and how many attempts a window allows.

// MaxAttemptKeyLength bounds a login attempt key, in bytes.
const MaxAttemptKeyLength = 512

func checkAttemptKey(key string) error {
	if key == "" || len(key) > MaxAttemptKeyLength || !utf8.ValidString(key) || strings.ContainsRune(key, 0) {
		return models.Errorf(models.EInvalid, "a login attempt key must be 1 to %d bytes of UTF-8 text without NUL, such as account:ana@example.org", MaxAttemptKeyLength)
	}
	return nil
}

// RecordLoginAttempt records a failed sign-in under key ("account:<email>"
// or "ip:<address>") at the given time.
func (s *Store) RecordLoginAttempt(ctx context.Context, key string, at time.Time) error {
	if err := checkAttemptKey(key); err != nil {
		return err
	}
	err := s.write(ctx, func(tx *gorm.DB) error {
		return tx.Exec("INSERT INTO login_attempts (key, attempted_at) VALUES (?, ?)", key, dbTime(at)).Error
	})
	return wrap(err, "record login attempt")
}

// CountLoginAttempts returns how many attempts were recorded under key at
// or after since.
func (s *Store) CountLoginAttempts(ctx context.Context, key string, since time.Time) (int, error) {
	var n int64
	err := s.db.WithContext(ctx).Table("login_attempts").Where("key = ? AND attempted_at >= ?", key, dbTime(since)).Count(&n).Error
	return int(n), wrap(err, "count login attempts")
}

// ClearLoginAttempts forgets every attempt recorded under key (after a
// successful sign-in to the account).
func (s *Store) ClearLoginAttempts(ctx context.Context, key string) error {
	err := s.write(ctx, func(tx *gorm.DB) error {
		return tx.Exec("DELETE FROM login_attempts WHERE key = ?", key).Error
	})
	return wrap(err, "clear login attempts")
}

// PruneLoginAttempts removes the attempts recorded before before, under
// every key, and returns how many: a periodic clean-up, as attempts older
// than the rate limiter's window no longer count.
func (s *Store) PruneLoginAttempts(ctx context.Context, before time.Time) (int64, error) {
	var n int64
	err := s.write(ctx, func(tx *gorm.DB) error {
		res := tx.Exec("DELETE FROM login_attempts WHERE attempted_at < ?", dbTime(before))
		n = res.RowsAffected
		return res.Error
	})
	return n, wrap(err, "prune login attempts")
}
