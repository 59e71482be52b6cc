package auth

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
)

// addEditor stores an editor whose password is goodPassword.
func addEditor(t *testing.T, s *store.Store, email string, disabled bool) models.Editor {
	t.Helper()
	h, err := HashPassword(goodPassword)
	if err != nil {
		t.Fatal(err)
	}
	e := models.Editor{Email: email, Role: models.RoleEditor, PasswordHash: h}
	if err := s.CreateEditor(ctx, &e); err != nil {
		t.Fatal(err)
	}
	if disabled {
		if err := s.SetEditorDisabled(ctx, email, true); err != nil {
			t.Fatal(err)
		}
	}
	return e
}

// Every refused sign-in looks the same from outside: one error, one
// password check's work. The check counts stand in for wall time, which
// a shared CI machine cannot measure reliably.
func TestAuthenticate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ana := addEditor(t, s, "ana@example.org", false)
		addEditor(t, s, "off@example.org", true)
		l := NewLimiter(s)
		c := countChecks(t)

		tests := []struct {
			name, email, pw     string
			ok                  bool
			wantReal, wantDummy int64
		}{
			{name: "right password", email: "ana@example.org", pw: goodPassword, ok: true, wantReal: 1},
			{name: "address in other case", email: " ANA@Example.org", pw: goodPassword, ok: true, wantReal: 1},
			{name: "wrong password", email: "ana@example.org", pw: goodPassword + "!", wantReal: 1},
			{name: "empty password", email: "ana@example.org", pw: "", wantReal: 1},
			{name: "too long password", email: "ana@example.org", pw: goodPassword + strings.Repeat("x", MaxPasswordLength), wantReal: 1},
			{name: "unknown account", email: "nobody@example.org", pw: goodPassword, wantDummy: 1},
			{name: "not an address", email: "<script>", pw: goodPassword, wantDummy: 1},
			{name: "disabled account, right password", email: "off@example.org", pw: goodPassword, wantReal: 1},
			{name: "disabled account, wrong password", email: "off@example.org", pw: "wrong password!", wantReal: 1},
		}
		for i, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				ip := fmt.Sprintf("192.0.2.%d", i+1)
				e, err := Authenticate(ctx, s, l, tt.email, tt.pw, ip, t0)
				real, dummy := c.take()
				if real != tt.wantReal || dummy != tt.wantDummy {
					t.Errorf("%d real and %d dummy password checks, want %d and %d", real, dummy, tt.wantReal, tt.wantDummy)
				}
				if tt.ok {
					if err != nil || e.ID != ana.ID {
						t.Fatalf("Authenticate = %+v, %v", e, err)
					}
					for _, key := range []string{"account:ana@example.org", "ip:" + ip, "ip:" + ip + " account:ana@example.org"} {
						if n, _ := s.CountLoginAttempts(ctx, key, t0.Add(-time.Hour)); n != 0 {
							t.Errorf("a success left %d failures under %s", n, key)
						}
					}
					return
				}
				var de *models.Error
				if !errors.As(err, &de) || de.Code != models.EUnauthorized || de.Message != WrongCredentials || len(de.Fields) != 0 {
					t.Fatalf("Authenticate = %#v, want the one EUnauthorized %q", err, WrongCredentials)
				}
				if e != (models.Editor{}) {
					t.Errorf("a refused sign-in returned editor %+v", e)
				}
				if n, _ := s.CountLoginAttempts(ctx, "ip:"+ip, t0.Add(-time.Hour)); n != 1 {
					t.Errorf("the failure was recorded %d times for the address", n)
				}
			})
		}

		// Without a limiter the checks are the same.
		if _, err := Authenticate(ctx, s, nil, "ana@example.org", goodPassword, "", t0); err != nil {
			t.Errorf("without a limiter: %v", err)
		}
		if _, err := Authenticate(ctx, s, nil, "nobody@example.org", goodPassword, "", t0); models.ErrorCode(err) != models.EUnauthorized {
			t.Errorf("without a limiter, unknown account: %v", err)
		}
		if real, dummy := c.take(); real != 1 || dummy != 1 {
			t.Errorf("without a limiter: %d real and %d dummy checks", real, dummy)
		}
	})
}

// After the limit, even the right password is refused to that client,
// without being checked; an unknown account is limited alike, so the
// refusal reveals nothing.
func TestAuthenticateRateLimited(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		addEditor(t, s, "ana@example.org", false)
		l := NewLimiter(s)
		c := countChecks(t)
		for i, email := range []string{"ana@example.org", "nobody@example.org"} {
			ip := fmt.Sprintf("198.51.100.%d", i+1)
			for j := range DefaultMaxPerAccountAndIP {
				if _, err := Authenticate(ctx, s, l, email, "wrong password!", ip, t0.Add(time.Duration(j)*time.Second)); models.ErrorCode(err) != models.EUnauthorized {
					t.Fatalf("%s, failure %d: %v", email, j+1, err)
				}
			}
			c.take()
			_, err := Authenticate(ctx, s, l, email, goodPassword, ip, t0.Add(time.Minute))
			wantLimited(t, err, DefaultWindow, email)
			if real, dummy := c.take(); real+dummy != 0 {
				t.Errorf("%s: a refused sign-in checked the password (%d real, %d dummy)", email, real, dummy)
			}
		}
		if _, err := Authenticate(ctx, s, l, "ana@example.org", goodPassword, "198.51.100.1", t0.Add(DefaultWindow+time.Minute)); err != nil {
			t.Errorf("after the window: %v", err)
		}
	})
}

// Guesses sent at once from one client cannot all slip under the limit
// between counting and recording: at most the limit's worth of passwords
// get checked.
func TestAuthenticateConcurrentGuesses(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		addEditor(t, s, "ana@example.org", false)
		l := NewLimiter(s)
		c := countChecks(t)
		const n = 3 * DefaultMaxPerAccountAndIP
		var wg sync.WaitGroup
		errs := make([]error, n)
		for i := range n {
			wg.Go(func() {
				// One /64, several addresses in it: one client.
				_, errs[i] = Authenticate(ctx, s, l, "ana@example.org", fmt.Sprintf("guess number %d", i), fmt.Sprintf("2001:db8::%x", i), t0)
			})
		}
		wg.Wait()
		var limited int
		for _, err := range errs {
			switch {
			case errors.Is(err, ErrRateLimited):
				limited++
			case models.ErrorCode(err) != models.EUnauthorized:
				t.Errorf("unexpected error: %v", err)
			}
		}
		real, _ := c.take()
		if real > DefaultMaxPerAccountAndIP || int(real)+limited != n {
			t.Errorf("%d passwords checked and %d refused as rate limited of %d guesses; want at most %d checked",
				real, limited, n, DefaultMaxPerAccountAndIP)
		}
	})
}

type failingStore struct{ err error }

func (f failingStore) GetEditorByEmail(context.Context, string) (models.Editor, error) {
	return models.Editor{}, f.err
}

func (f failingStore) UpgradePasswordHash(context.Context, int64, string, string) error { return f.err }

func TestAuthenticateStoreError(t *testing.T) {
	boom := errors.New("database is down")
	_, err := Authenticate(ctx, failingStore{boom}, nil, "ana@example.org", goodPassword, "", t0)
	if !errors.Is(err, boom) {
		t.Errorf("Authenticate = %v, want the store's error", err)
	}
}

// The store is what the dashboard hands to Authenticate and NewLimiter.
var (
	_ EditorStore  = (*store.Store)(nil)
	_ AttemptStore = (*store.Store)(nil)
)
