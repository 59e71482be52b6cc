package auth

import (
	"context"
	"time"

	"forcedreturns/models"
)

// EditorStore finds editors by address and upgrades their password
// hashes; *store.Store implements it.
type EditorStore interface {
	GetEditorByEmail(ctx context.Context, email string) (models.Editor, error)
	// UpgradePasswordHash replaces the editor's hash by newHash while it
	// is still oldHash, ending no session.
	UpgradePasswordHash(ctx context.Context, editorID int64, oldHash, newHash string) error
}

// WrongCredentials is the message of every refused sign-in that is not
// rate limited, whatever the reason.
const WrongCredentials = "email or password is wrong"

// Authenticate checks a sign-in and returns the editor it signs in.
//
// An unknown address, a wrong password and a disabled account all return
// the same EUnauthorized *models.Error (WrongCredentials) after one
// password check's work each (DummyCheck for the unknown address), so
// that neither the answer nor its timing reveals which accounts exist.
// With a limiter, a client that failed too often or too recently (see
// Limiter) gets a *RateLimitError (errors.Is(err, ErrRateLimited))
// without the password being checked; other clients, the account's
// owner among them, are not refused because of it. Any other error is
// the store's, an internal one.
//
// The attempt is recorded as failed before the password is checked and
// the counts read again, so that concurrent guesses cannot all slip
// under a limit between counting and recording; a success then takes
// that record back and forgets the client's failures at the account.
//
// A successful sign-in whose stored hash was made with other parameters
// than HashPassword uses now (NeedsRehash) stores a new hash of the
// password, so that raising the parameters upgrades every account that
// signs in; the editor returned carries the new hash.
func Authenticate(ctx context.Context, s EditorStore, l *Limiter, email, pw, ip string, now time.Time) (models.Editor, error) {
	if l != nil {
		if err := l.Allow(ctx, email, ip, now); err != nil {
			return models.Editor{}, err
		}
		if err := l.Failed(ctx, email, ip, now); err != nil {
			return models.Editor{}, err
		}
		if err := l.check(ctx, email, ip, now, 1); err != nil {
			return models.Editor{}, err
		}
	}
	// A password over the limit is never right (HashPassword refuses
	// it); it is still checked, cut, so that the time taken is the same.
	tooLong := len(pw) > MaxPasswordLength
	if tooLong {
		pw = pw[:MaxPasswordLength]
	}
	e, err := s.GetEditorByEmail(ctx, email)
	switch {
	case models.ErrorCode(err) == models.ENotFound:
		DummyCheck(pw)
		return models.Editor{}, wrongCredentials()
	case err != nil:
		return models.Editor{}, err
	}
	// The check runs for a disabled account too: it must cost what a
	// wrong password costs.
	if ok := CheckPassword(e.PasswordHash, pw); !ok || tooLong || e.Disabled {
		return models.Editor{}, wrongCredentials()
	}
	if l != nil {
		if err := l.Succeeded(ctx, email, ip, now); err != nil {
			return models.Editor{}, err
		}
	}
	if NeedsRehash(e.PasswordHash) {
		if err := rehash(ctx, s, &e, pw); err != nil {
			return models.Editor{}, err
		}
	}
	return e, nil
}

// rehash stores a hash of pw, the editor's right password, made with
// today's parameters in place of e's older one.
func rehash(ctx context.Context, s EditorStore, e *models.Editor, pw string) error {
	h, err := HashPassword(pw)
	if err != nil {
		// A password set under older rules that today's refuse still
		// signs in; it is upgraded when the editor changes it.
		return nil
	}
	if err := s.UpgradePasswordHash(ctx, e.ID, e.PasswordHash, h); err != nil {
		return err
	}
	e.PasswordHash = h
	return nil
}

func wrongCredentials() error { return models.Errorf(models.EUnauthorized, WrongCredentials) }
