package store

import (
	"context"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"forcedreturns/models"
)

// Sessions live in the database, not in app memory, so that any instance
// behind a load balancer can serve a signed-in editor and signing out or
// disabling an editor takes effect on all of them at once. A session is
// found by the SHA-256 of the cookie's token (auth.HashToken): the token
// itself is never stored.

// touchEvery is how stale last_seen_at (and a token's last_used_at) may
// get before a request writes it again: often enough to show when an
// editor was last active, rarely enough that reading pages does not
// become a stream of writes.
const touchEvery = time.Minute

// MaxUserAgentLength bounds the user agent kept with a session, in bytes;
// a longer one is cut (it only helps an editor recognise a session).
const MaxUserAgentLength = 512

// CreateSession stores a session for the editor with the row id, valid
// until expires. sessionIDHash is auth.HashToken of the cookie's token
// (EInvalid unless 64 hex digits). A missing editor is ENotFound, a
// disabled one EUnauthorized (it may have been disabled since it signed
// in); a hash already stored is EConflict.
func (s *Store) CreateSession(ctx context.Context, sessionIDHash string, editorID int64, expires time.Time, userAgent string) error {
	if !models.IsSHA256Hex(sessionIDHash) {
		return models.Errorf(models.EInvalid, "a session id must be the SHA-256 of the cookie's token as 64 lower-case hex digits (auth.HashToken)")
	}
	err := s.write(ctx, func(tx *gorm.DB) error {
		noteWrite(tx, false) // nothing a reader sees
		if err := activeEditor(tx, editorID); err != nil {
			return err
		}
		ts := now()
		sess := models.Session{
			ID: sessionIDHash, EditorID: editorID, CreatedAt: ts, ExpiresAt: dbTime(expires),
			LastSeenAt: ts, UserAgent: cleanText(userAgent, MaxUserAgentLength),
		}
		if err := tx.Create(&sess).Error; err != nil {
			if isUniqueViolation(err) {
				return models.Errorf(models.EConflict, "this session id is already in use")
			}
			return err
		}
		return nil
	})
	return wrap(err, "create session")
}

// GetSession returns the editor signed in by the session whose id hash is
// given. A missing or expired session, or one whose editor is disabled,
// is EUnauthorized (the dashboard signs the browser out). A valid
// session's last_seen_at is set to now at most once a minute.
func (s *Store) GetSession(ctx context.Context, sessionIDHash string, now time.Time) (models.Editor, error) {
	if !models.IsSHA256Hex(sessionIDHash) {
		return models.Editor{}, models.Errorf(models.EUnauthorized, "not signed in")
	}
	var row struct {
		models.Editor
		SessionExpiresAt  time.Time `gorm:"column:session_expires_at"`
		SessionLastSeenAt time.Time `gorm:"column:session_last_seen_at"`
	}
	res := s.db.WithContext(ctx).Raw(`SELECT e.*, s.expires_at AS session_expires_at, s.last_seen_at AS session_last_seen_at
		FROM sessions s JOIN editors e ON e.id = s.editor_id WHERE s.id = ?`, sessionIDHash).Scan(&row)
	if res.Error != nil {
		return models.Editor{}, wrap(res.Error, "get session")
	}
	switch {
	case res.RowsAffected == 0:
		return models.Editor{}, models.Errorf(models.EUnauthorized, "not signed in: no such session (it was ended or never existed)")
	case !now.Before(row.SessionExpiresAt):
		return models.Editor{}, models.Errorf(models.EUnauthorized, "not signed in: the session expired at %s", row.SessionExpiresAt.UTC().Format(time.RFC3339))
	case row.Disabled:
		return models.Editor{}, models.Errorf(models.EUnauthorized, "not signed in: the account %s is disabled", row.Email)
	}
	if now.Sub(row.SessionLastSeenAt) >= touchEvery {
		// The condition makes concurrent requests write once between
		// them. Failing to record activity must not sign anyone out,
		// and waiting for a busy database must not hold up the page.
		t := dbTime(now)
		s.touch(ctx, "UPDATE sessions SET last_seen_at = ? WHERE id = ? AND last_seen_at < ?", t, sessionIDHash, t.Add(-touchEvery))
	}
	e := row.Editor
	utcEditor(&e)
	return e, nil
}

// DeleteSession ends the session whose id hash is given (signing out).
// Ending a session that does not exist is not an error.
func (s *Store) DeleteSession(ctx context.Context, sessionIDHash string) error {
	err := s.write(ctx, func(tx *gorm.DB) error {
		noteWrite(tx, false) // nothing a reader sees
		return tx.Exec("DELETE FROM sessions WHERE id = ?", sessionIDHash).Error
	})
	return wrap(err, "delete session")
}

// DeleteExpiredSessions removes the sessions that expired at or before
// now and returns how many; a periodic clean-up (GetSession refuses them
// whether or not they were removed).
func (s *Store) DeleteExpiredSessions(ctx context.Context, now time.Time) (int64, error) {
	var n int64
	err := s.write(ctx, func(tx *gorm.DB) error {
		noteWrite(tx, false) // nothing a reader sees
		res := tx.Exec("DELETE FROM sessions WHERE expires_at <= ?", dbTime(now))
		n = res.RowsAffected
		return res.Error
	})
	return n, wrap(err, "delete expired sessions")
}

// ListSessions returns the sessions of the editor with the row id, newest
// first, expired ones included until they are deleted.
func (s *Store) ListSessions(ctx context.Context, editorID int64) ([]models.Session, error) {
	var out []models.Session
	if err := s.db.WithContext(ctx).Where("editor_id = ?", editorID).Order("created_at DESC, id").Find(&out).Error; err != nil {
		return nil, wrap(err, "list sessions")
	}
	for i := range out {
		o := &out[i]
		o.CreatedAt, o.ExpiresAt, o.LastSeenAt = o.CreatedAt.UTC(), o.ExpiresAt.UTC(), o.LastSeenAt.UTC()
	}
	return out, nil
}

// activeEditor returns ENotFound unless the editor with id exists and
// EUnauthorized if it is disabled. It takes a share lock on the row
// (PostgreSQL; SQLite's writers are serialised anyway), so that a session
// or token created while the editor is being disabled either commits
// first, and is then ended or revoked, or sees the editor disabled.
func activeEditor(tx *gorm.DB, id int64) error {
	var e models.Editor
	if err := tx.Clauses(clause.Locking{Strength: clause.LockingStrengthShare}).Where("id = ?", id).Take(&e).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return models.Errorf(models.ENotFound, "no editor with id %d", id)
		}
		return err
	}
	if e.Disabled {
		return models.Errorf(models.EUnauthorized, "the account %s is disabled", e.Email)
	}
	return nil
}

// cleanText makes text from a client storable on both databases (valid
// UTF-8 without NUL, which PostgreSQL refuses) and at most max bytes,
// cut at a character boundary.
func cleanText(s string, max int) string {
	s = strings.ToValidUTF8(strings.ReplaceAll(s, "\x00", ""), "\uFFFD")
	if len(s) <= max {
		return s
	}
	s = s[:max]
	for len(s) > 0 && !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s
}
