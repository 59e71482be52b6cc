package auth

import (
	"context"
	"errors"
	"testing"
	"time"

	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
)

// weakParams stand for the parameters of an older release: hashes made
// with them must be upgraded to today's (cheapParams in tests) at sign-in.
var weakParams = argonParams{memory: 32, time: 1, threads: 1, saltLen: 16, keyLen: 32}

// A sign-in with the right password replaces a hash made with older
// parameters by one made with today's, without ending the editor's other
// sessions; a wrong password, or a hash already current, changes nothing.
func TestAuthenticateUpgradesHash(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		withParams(t, weakParams)
		ana := addEditor(t, s, "ana@example.org", false)
		old := ana.PasswordHash
		params = cheapParams
		if !NeedsRehash(old) {
			t.Fatal("a hash made with weaker parameters does not need a rehash")
		}
		session := HashToken("another browser")
		if err := s.CreateSession(ctx, session, ana.ID, t0.Add(24*time.Hour), "test"); err != nil {
			t.Fatal(err)
		}
		stored := func() models.Editor {
			t.Helper()
			e, err := s.GetEditorByEmail(ctx, "ana@example.org")
			if err != nil {
				t.Fatal(err)
			}
			return e
		}

		if _, err := Authenticate(ctx, s, NewLimiter(s), "ana@example.org", "wrong password!", "192.0.2.1", t0); models.ErrorCode(err) != models.EUnauthorized {
			t.Fatalf("wrong password: %v", err)
		}
		if got := stored().PasswordHash; got != old {
			t.Fatalf("a wrong password changed the hash to %s", got)
		}

		e, err := Authenticate(ctx, s, NewLimiter(s), "ana@example.org", goodPassword, "192.0.2.2", t0)
		if err != nil {
			t.Fatal(err)
		}
		after := stored()
		switch {
		case after.PasswordHash == old:
			t.Fatal("the hash made with weaker parameters was kept after a sign-in")
		case NeedsRehash(after.PasswordHash) || !CheckPassword(after.PasswordHash, goodPassword):
			t.Errorf("the new hash %s is not today's hash of the password", after.PasswordHash)
		case e.PasswordHash != after.PasswordHash:
			t.Errorf("Authenticate returned hash %s, stored %s", e.PasswordHash, after.PasswordHash)
		case !after.UpdatedAt.Equal(ana.UpdatedAt):
			t.Errorf("updated_at moved from %v to %v: the editor changed nothing", ana.UpdatedAt, after.UpdatedAt)
		}
		if _, err := s.GetSession(ctx, session, t0); err != nil {
			t.Errorf("the upgrade ended another session: %v", err)
		}

		if _, err := Authenticate(ctx, s, NewLimiter(s), "ana@example.org", goodPassword, "192.0.2.3", t0); err != nil {
			t.Fatal(err)
		}
		if got := stored().PasswordHash; got != after.PasswordHash {
			t.Errorf("a current hash was replaced at sign-in: %s, then %s", after.PasswordHash, got)
		}
	})
}

// upgradeFails is a store whose hash upgrade fails.
type upgradeFails struct {
	*store.Store
	err error
}

func (u upgradeFails) UpgradePasswordHash(context.Context, int64, string, string) error { return u.err }

// A sign-in that cannot store the upgraded hash fails with the store's
// error rather than half succeeding.
func TestAuthenticateUpgradeError(t *testing.T) {
	s := storetest.Open(t)
	withParams(t, weakParams)
	addEditor(t, s, "ana@example.org", false)
	params = cheapParams
	boom := errors.New("database is down")
	e, err := Authenticate(ctx, upgradeFails{s, boom}, nil, "ana@example.org", goodPassword, "", t0)
	if !errors.Is(err, boom) || e != (models.Editor{}) {
		t.Errorf("Authenticate = %+v, %v; want the store's error", e, err)
	}
}
