package store_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
)

// newEditor stores an editor with the address and role and returns it.
func newEditor(t *testing.T, s *store.Store, email string, role models.Role) models.Editor {
	t.Helper()
	e := models.Editor{Email: email, Name: "Name of " + email, Role: role, PasswordHash: "$argon2id$v=19$m=8,t=1,p=1$c2FsdA$aGFzaA"}
	must(t, s.CreateEditor(ctx, &e))
	return e
}

// hashOf returns a distinct valid SHA-256 hex string for n.
func hashOf(n int) string {
	const hex = "0123456789abcdef"
	b := []byte("0000000000000000000000000000000000000000000000000000000000000000")
	for i := len(b) - 1; n > 0; i-- {
		b[i] = hex[n%16]
		n /= 16
	}
	return string(b)
}

func TestEditors(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		before := time.Now().UTC().Add(-time.Second)
		e := models.Editor{Email: "  Ana@Example.org ", Name: " Ana Lima ", Role: models.RoleAdmin, PasswordHash: "$argon2id$x"}
		must(t, s.CreateEditor(ctx, &e))
		if e.ID == 0 || e.Email != "ana@example.org" || e.Name != "Ana Lima" || e.CreatedAt.Before(before) || e.UpdatedAt != e.CreatedAt {
			t.Errorf("CreateEditor left %+v", e)
		}
		bo := newEditor(t, s, "bo@example.org", models.RoleEditor)

		got, err := s.GetEditorByEmail(ctx, "ANA@example.org")
		must(t, err)
		if diff := cmp.Diff(e, got); diff != "" {
			t.Errorf("GetEditorByEmail (-created +got):\n%s", diff)
		}
		got, err = s.GetEditor(ctx, bo.ID)
		must(t, err)
		if diff := cmp.Diff(bo, got); diff != "" {
			t.Errorf("GetEditor (-created +got):\n%s", diff)
		}
		list, err := s.ListEditors(ctx)
		must(t, err)
		if diff := cmp.Diff([]models.Editor{e, bo}, list); diff != "" {
			t.Errorf("ListEditors (-want +got):\n%s", diff)
		}

		dup := models.Editor{Email: "ANA@EXAMPLE.ORG", Role: models.RoleEditor, PasswordHash: "h"}
		wantCode(t, s.CreateEditor(ctx, &dup), models.EConflict, `editor "ana@example.org" already exists`)
		bad := models.Editor{Email: "not an address", Role: "owner"}
		wantCode(t, s.CreateEditor(ctx, &bad), models.EInvalid, "email", "role", "password_hash")

		_, err = s.GetEditorByEmail(ctx, "nobody@example.org")
		wantCode(t, err, models.ENotFound, `no editor "nobody@example.org"`)
		_, err = s.GetEditor(ctx, 987654)
		wantCode(t, err, models.ENotFound, "no editor with id 987654")

		must(t, s.SetEditorPassword(ctx, "Bo@example.org", "$argon2id$new"))
		got, err = s.GetEditorByEmail(ctx, "bo@example.org")
		must(t, err)
		if got.PasswordHash != "$argon2id$new" || got.UpdatedAt.Before(bo.UpdatedAt) {
			t.Errorf("after SetEditorPassword: %+v", got)
		}
		wantCode(t, s.SetEditorPassword(ctx, "bo@example.org", ""), models.EInvalid, "hash")
		wantCode(t, s.SetEditorPassword(ctx, "nobody@example.org", "h"), models.ENotFound)
		wantCode(t, s.SetEditorDisabled(ctx, "nobody@example.org", true), models.ENotFound)
	})
}

// Disabling an editor signs it out everywhere and revokes its tokens at
// once; enabling it again restores neither. Other editors keep theirs.
func TestSetEditorDisabled(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ana := newEditor(t, s, "ana@example.org", models.RoleEditor)
		bo := newEditor(t, s, "bo@example.org", models.RoleEditor)
		now := time.Now()
		must(t, s.CreateSession(ctx, hashOf(1), ana.ID, now.Add(time.Hour), "ua"))
		must(t, s.CreateSession(ctx, hashOf(2), ana.ID, now.Add(time.Hour), "ua"))
		must(t, s.CreateSession(ctx, hashOf(3), bo.ID, now.Add(time.Hour), "ua"))
		_, err := s.CreateToken(ctx, ana.ID, "ci", "frt_aaaa", hashOf(10))
		must(t, err)
		_, err = s.CreateToken(ctx, bo.ID, "ci", "frt_bbbb", hashOf(11))
		must(t, err)

		must(t, s.SetEditorDisabled(ctx, "ana@example.org", true))
		must(t, s.SetEditorDisabled(ctx, "ana@example.org", true)) // again: no change, no error
		got, err := s.GetEditorByEmail(ctx, "ana@example.org")
		must(t, err)
		if !got.Disabled {
			t.Fatal("editor not disabled")
		}
		for _, h := range []string{hashOf(1), hashOf(2)} {
			_, err := s.GetSession(ctx, h, now)
			wantCode(t, err, models.EUnauthorized, "no such session")
		}
		_, err = s.GetEditorByTokenHash(ctx, hashOf(10))
		wantCode(t, err, models.EUnauthorized, "revoked")
		sessions, err := s.ListSessions(ctx, ana.ID)
		must(t, err)
		toks, err := s.ListTokens(ctx, ana.ID)
		must(t, err)
		if len(sessions) != 0 || len(toks) != 1 || toks[0].RevokedAt == nil {
			t.Errorf("after disabling: sessions %+v, tokens %+v", sessions, toks)
		}
		if _, err := s.GetSession(ctx, hashOf(3), now); err != nil {
			t.Errorf("another editor's session: %v", err)
		}
		if _, err := s.GetEditorByTokenHash(ctx, hashOf(11)); err != nil {
			t.Errorf("another editor's token: %v", err)
		}
		wantCode(t, s.CreateSession(ctx, hashOf(4), ana.ID, now.Add(time.Hour), ""), models.EUnauthorized, "disabled")
		_, err = s.CreateToken(ctx, ana.ID, "new", "frt_cccc", hashOf(12))
		wantCode(t, err, models.EConflict, "disabled", "enable the account")

		must(t, s.SetEditorDisabled(ctx, "ana@example.org", false))
		got, err = s.GetEditorByEmail(ctx, "ana@example.org")
		must(t, err)
		if got.Disabled {
			t.Error("editor still disabled")
		}
		_, err = s.GetEditorByTokenHash(ctx, hashOf(10))
		wantCode(t, err, models.EUnauthorized, "revoked")
		must(t, s.CreateSession(ctx, hashOf(4), ana.ID, now.Add(time.Hour), ""))
	})
}

// A new password signs the editor out everywhere but leaves API tokens.
func TestSetEditorPasswordEndsSessions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ana := newEditor(t, s, "ana@example.org", models.RoleEditor)
		now := time.Now()
		must(t, s.CreateSession(ctx, hashOf(1), ana.ID, now.Add(time.Hour), ""))
		_, err := s.CreateToken(ctx, ana.ID, "ci", "frt_aaaa", hashOf(10))
		must(t, err)
		must(t, s.SetEditorPassword(ctx, "ana@example.org", "$argon2id$other"))
		_, err = s.GetSession(ctx, hashOf(1), now)
		wantCode(t, err, models.EUnauthorized)
		if _, err := s.GetEditorByTokenHash(ctx, hashOf(10)); err != nil {
			t.Errorf("token after a password change: %v", err)
		}
	})
}

// UpgradePasswordHash replaces the hash only while it is still the one
// the sign-in checked, so that a password changed in between is kept; it
// ends no session.
func TestUpgradePasswordHash(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ana := newEditor(t, s, "ana@example.org", models.RoleEditor)
		now := time.Now()
		must(t, s.CreateSession(ctx, hashOf(1), ana.ID, now.Add(time.Hour), ""))
		hash := func() string {
			t.Helper()
			e, err := s.GetEditorByEmail(ctx, "ana@example.org")
			must(t, err)
			return e.PasswordHash
		}
		tests := []struct {
			name, old, new, want string
			code                 string
		}{
			{name: "current hash", old: ana.PasswordHash, new: "$argon2id$upgraded", want: "$argon2id$upgraded"},
			{name: "changed in between", old: ana.PasswordHash, new: "$argon2id$stale", want: "$argon2id$upgraded"},
			{name: "empty new hash", old: "$argon2id$upgraded", new: "", want: "$argon2id$upgraded", code: models.EInvalid},
		}
		for _, tt := range tests {
			err := s.UpgradePasswordHash(ctx, ana.ID, tt.old, tt.new)
			if (tt.code == "" && err != nil) || (tt.code != "" && models.ErrorCode(err) != tt.code) {
				t.Errorf("%s: UpgradePasswordHash = %v, want code %q", tt.name, err, tt.code)
			}
			if got := hash(); got != tt.want {
				t.Errorf("%s: stored hash %q, want %q", tt.name, got, tt.want)
			}
		}
		if _, err := s.GetSession(ctx, hashOf(1), now); err != nil {
			t.Errorf("session after the upgrade: %v", err)
		}
	})
}
