package store

import (
	"context"
	"strings"
	"time"

	"gorm.io/gorm"

	"forcedreturns/models"
)

// CreateToken stores an API token of the editor with the row id. name
// says what it is for; prefix is the token's first characters, shown in
// lists and used to revoke it (unique per editor); hash is
// auth.HashToken of the token, which is never stored. A missing editor
// is ENotFound, a disabled one EConflict (enable it first), a prefix or
// hash already in use EConflict.
func (s *Store) CreateToken(ctx context.Context, editorID int64, name, prefix, hash string) (models.APIToken, error) {
	tok := models.APIToken{EditorID: editorID, Name: strings.TrimSpace(name), Prefix: prefix, Hash: hash}
	if err := tok.Validate(); err != nil {
		return models.APIToken{}, err
	}
	err := s.write(ctx, func(tx *gorm.DB) error {
		noteWrite(tx, false) // nothing a reader sees
		if err := activeEditor(tx, editorID); err != nil {
			if models.ErrorCode(err) == models.EUnauthorized {
				return models.Errorf(models.EConflict, "%s: enable the account before creating a token", models.ErrorMessage(err))
			}
			return err
		}
		tok.CreatedAt = now()
		if err := tx.Create(&tok).Error; err != nil {
			if isUniqueViolation(err) {
				return models.Errorf(models.EConflict, "an API token with the prefix %q or the same hash already exists: make a new token", prefix)
			}
			return err
		}
		return nil
	})
	if err != nil {
		return models.APIToken{}, wrap(err, "create token")
	}
	return tok, nil
}

// GetEditorByTokenHash returns the editor an API token belongs to, given
// auth.HashToken of the token. An unknown or revoked token, or one whose
// editor is disabled, is EUnauthorized. The token's last_used_at is set
// at most once a minute.
func (s *Store) GetEditorByTokenHash(ctx context.Context, hash string) (models.Editor, error) {
	if !models.IsSHA256Hex(hash) {
		return models.Editor{}, models.Errorf(models.EUnauthorized, "invalid API token")
	}
	var row struct {
		models.Editor
		TokenID         int64      `gorm:"column:token_id"`
		TokenRevokedAt  *time.Time `gorm:"column:token_revoked_at"`
		TokenLastUsedAt *time.Time `gorm:"column:token_last_used_at"`
	}
	res := s.db.WithContext(ctx).Raw(`SELECT e.*, t.id AS token_id, t.revoked_at AS token_revoked_at, t.last_used_at AS token_last_used_at
		FROM api_tokens t JOIN editors e ON e.id = t.editor_id WHERE t.hash = ?`, hash).Scan(&row)
	if res.Error != nil {
		return models.Editor{}, wrap(res.Error, "get editor by token")
	}
	switch {
	case res.RowsAffected == 0:
		return models.Editor{}, models.Errorf(models.EUnauthorized, "invalid API token")
	case row.TokenRevokedAt != nil:
		return models.Editor{}, models.Errorf(models.EUnauthorized, "this API token was revoked")
	case row.Disabled:
		return models.Editor{}, models.Errorf(models.EUnauthorized, "the account %s is disabled", row.Email)
	}
	ts := now()
	if row.TokenLastUsedAt == nil || ts.Sub(*row.TokenLastUsedAt) >= touchEvery {
		s.touch(ctx, "UPDATE api_tokens SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)",
			ts, row.TokenID, ts.Add(-touchEvery))
	}
	e := row.Editor
	utcEditor(&e)
	return e, nil
}

// RevokeToken revokes the token with prefix of the editor with the row
// id; ENotFound if the editor has no such token. Revoking a revoked
// token changes nothing.
func (s *Store) RevokeToken(ctx context.Context, editorID int64, prefix string) error {
	err := s.write(ctx, func(tx *gorm.DB) error {
		noteWrite(tx, false) // nothing a reader sees
		res := tx.Exec("UPDATE api_tokens SET revoked_at = ? WHERE editor_id = ? AND prefix = ? AND revoked_at IS NULL", now(), editorID, prefix)
		if res.Error != nil || res.RowsAffected > 0 {
			return res.Error
		}
		var n int64
		if err := tx.Table("api_tokens").Where("editor_id = ? AND prefix = ?", editorID, prefix).Count(&n).Error; err != nil {
			return err
		}
		if n == 0 {
			return models.Errorf(models.ENotFound, "no API token with the prefix %q for this editor", prefix)
		}
		return nil
	})
	return wrap(err, "revoke token")
}

// ListTokens returns the API tokens of the editor with the row id, revoked
// ones included, oldest first.
func (s *Store) ListTokens(ctx context.Context, editorID int64) ([]models.APIToken, error) {
	var out []models.APIToken
	if err := s.db.WithContext(ctx).Where("editor_id = ?", editorID).Order("created_at, id").Find(&out).Error; err != nil {
		return nil, wrap(err, "list tokens")
	}
	for i := range out {
		t := &out[i]
		t.CreatedAt = t.CreatedAt.UTC()
		t.LastUsedAt, t.RevokedAt = utcPtr(t.LastUsedAt), utcPtr(t.RevokedAt)
	}
	return out, nil
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}
