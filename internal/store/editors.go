package store

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"

	"forcedreturns/models"
)

// CreateEditor normalises and validates e (its PasswordHash already made
// by auth.HashPassword) and stores it. An address already in use is an
// EConflict. On success e holds the stored values (ID, timestamps).
func (s *Store) CreateEditor(ctx context.Context, e *models.Editor) error {
	e.Normalize()
	if err := e.Validate(); err != nil {
		return err
	}
	err := s.write(ctx, func(tx *gorm.DB) error {
		ts := now()
		e.ID, e.CreatedAt, e.UpdatedAt = 0, ts, ts
		if err := tx.Create(e).Error; err != nil {
			return conflictOnDuplicate(err, "editor", e.Email)
		}
		return nil
	})
	return wrap(err, "create editor")
}

// GetEditorByEmail returns the editor with the address, compared in its
// normalised form (models.NormalizeEmail), disabled or not; ENotFound if
// there is none.
func (s *Store) GetEditorByEmail(ctx context.Context, email string) (models.Editor, error) {
	email = models.NormalizeEmail(email)
	var e models.Editor
	err := s.db.WithContext(ctx).Where("email = ?", email).Take(&e).Error
	utcEditor(&e)
	return e, wrap(notFound(err, "no editor %q", email), "get editor")
}

// GetEditor returns the editor with the row id, disabled or not;
// ENotFound if there is none.
func (s *Store) GetEditor(ctx context.Context, id int64) (models.Editor, error) {
	var e models.Editor
	err := s.db.WithContext(ctx).Where("id = ?", id).Take(&e).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return e, models.Errorf(models.ENotFound, "no editor with id %d", id)
	}
	utcEditor(&e)
	return e, wrap(err, "get editor")
}

// ListEditors returns every editor, disabled ones included, by address.
func (s *Store) ListEditors(ctx context.Context) ([]models.Editor, error) {
	var eds []models.Editor
	if err := s.db.WithContext(ctx).Order("email").Find(&eds).Error; err != nil {
		return nil, wrap(err, "list editors")
	}
	for i := range eds {
		utcEditor(&eds[i])
	}
	return eds, nil
}

// SetEditorDisabled disables or re-enables the editor with the address
// (ENotFound if there is none). Disabling also ends every session of the
// editor and revokes every API token, in the same transaction, so that
// it takes effect on every app instance at once; enabling again restores
// neither: the editor signs in and creates tokens anew. Setting the state
// the editor is already in changes nothing.
func (s *Store) SetEditorDisabled(ctx context.Context, email string, disabled bool) error {
	err := s.write(ctx, func(tx *gorm.DB) error {
		noteWrite(tx, false) // a password or an account state is never shown
		e, err := loadEditor(tx, email)
		if err != nil {
			return err
		}
		ts := now()
		if e.Disabled != disabled {
			if err := tx.Exec("UPDATE editors SET disabled = ?, updated_at = ? WHERE id = ?", disabled, ts, e.ID).Error; err != nil {
				return err
			}
		}
		if !disabled {
			return nil
		}
		if err := tx.Exec("DELETE FROM sessions WHERE editor_id = ?", e.ID).Error; err != nil {
			return err
		}
		return tx.Exec("UPDATE api_tokens SET revoked_at = ? WHERE editor_id = ? AND revoked_at IS NULL", ts, e.ID).Error
	})
	return wrap(err, "set editor disabled")
}

// SetEditorPassword replaces the password hash of the editor with the
// address (ENotFound if there is none) and ends the editor's sessions,
// so that whoever knew the old password is signed out everywhere. API
// tokens are separate credentials and stay valid. A dashboard changing
// the password of the signed-in editor creates a new session afterwards.
func (s *Store) SetEditorPassword(ctx context.Context, email, hash string) error {
	if hash == "" {
		return models.Errorf(models.EInvalid, "the password hash is empty: hash the password with auth.HashPassword")
	}
	err := s.write(ctx, func(tx *gorm.DB) error {
		noteWrite(tx, false) // a password or an account state is never shown
		e, err := loadEditor(tx, email)
		if err != nil {
			return err
		}
		if err := tx.Exec("UPDATE editors SET password_hash = ?, updated_at = ? WHERE id = ?", hash, now(), e.ID).Error; err != nil {
			return err
		}
		return tx.Exec("DELETE FROM sessions WHERE editor_id = ?", e.ID).Error
	})
	return wrap(err, "set editor password")
}

// UpgradePasswordHash replaces the password hash of the editor with the
// row id by newHash, a hash of the same password made with today's
// parameters (auth.Authenticate calls it at sign-in when
// auth.NeedsRehash). It changes the hash only while it is still oldHash,
// so that a password changed in the meantime is never overwritten, and,
// the password being the same, it ends no session and leaves updated_at
// alone.
func (s *Store) UpgradePasswordHash(ctx context.Context, editorID int64, oldHash, newHash string) error {
	if newHash == "" {
		return models.Errorf(models.EInvalid, "the password hash is empty: hash the password with auth.HashPassword")
	}
	err := s.write(ctx, func(tx *gorm.DB) error {
		noteWrite(tx, false) // a password or an account state is never shown
		return tx.Exec("UPDATE editors SET password_hash = ? WHERE id = ? AND password_hash = ?", newHash, editorID, oldHash).Error
	})
	return wrap(err, "upgrade password hash")
}

func loadEditor(tx *gorm.DB, email string) (models.Editor, error) {
	email = models.NormalizeEmail(email)
	var e models.Editor
	if err := tx.Where("email = ?", email).Take(&e).Error; err != nil {
		return e, notFound(err, "no editor %q", email)
	}
	utcEditor(&e)
	return e, nil
}

func utcEditor(e *models.Editor) {
	e.CreatedAt, e.UpdatedAt = e.CreatedAt.UTC(), e.UpdatedAt.UTC()
}

// dbTime is t as the store writes and compares it: UTC (so that SQLite,
// which compares the stored text, orders it right) and to the
// microsecond (what PostgreSQL keeps), like now.
func dbTime(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }
