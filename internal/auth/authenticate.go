package auth

import (
	"context"
	"time"

	"forcedreturns/models"
)

// EditorStore finds editors by address; *store.Store implements it.
type EditorStore interface {
	GetEditorByEmail(ctx context.Context, email string) (models.Editor, error)
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
	return e, nil
}

func wrongCredentials() error { return models.Errorf(models.EUnauthorized, WrongCredentials) }
