package accounts_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"forcedreturns/internal/accounts"
	"forcedreturns/internal/auth"
	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
)

var ctx = context.Background()

const password = "correct horse battery staple"

// passwords returns a PasswordSource giving pw and counting its calls,
// with the addresses it was asked for.
func passwords(pw string) (accounts.PasswordSource, *[]string) {
	var asked []string
	return func(_ context.Context, email string) (string, error) {
		asked = append(asked, email)
		return pw, nil
	}, &asked
}

// wantCode fails unless err has the code and, for EInvalid, a problem of
// field containing msg.
func wantCode(t *testing.T, err error, code, field, msg string) {
	t.Helper()
	if models.ErrorCode(err) != code {
		t.Fatalf("err = %v (code %q), want %s", err, models.ErrorCode(err), code)
	}
	if field == "" {
		if !strings.Contains(err.Error(), msg) {
			t.Errorf("err = %v, want %q", err, msg)
		}
		return
	}
	for _, f := range models.FieldErrors(err) {
		if f.Field == field && strings.Contains(f.Message, msg) {
			return
		}
	}
	t.Errorf("err = %v (fields %+v), want %s: %q", err, models.FieldErrors(err), field, msg)
}

func TestAdd(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		acc := accounts.New(s)
		pw, asked := passwords(password)
		e, err := acc.Add(ctx, " Ana@Example.ORG ", "Ana Lima", models.RoleAdmin, pw)
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.GetEditorByEmail(ctx, "ana@example.org")
		if err != nil || got.ID != e.ID || got.Name != "Ana Lima" || got.Role != models.RoleAdmin || !auth.CheckPassword(got.PasswordHash, password) {
			t.Errorf("stored %+v, %v", got, err)
		}
		if len(*asked) != 1 || (*asked)[0] != "ana@example.org" {
			t.Errorf("the password was asked for %v", *asked)
		}

		// Refusals that need no password come before it is asked for.
		for _, tt := range []struct {
			name, email       string
			role              models.Role
			code, field, want string
		}{
			{"malformed address", "ana at example", models.RoleEditor, models.EInvalid, "email", "expected an email address"},
			{"no address", "", models.RoleEditor, models.EInvalid, "email", "required"},
			{"no role", "bo@example.org", "", models.EInvalid, "role", `expected editor or admin, got ""`},
			{"unknown role", "bo@example.org", "owner", models.EInvalid, "role", `got "owner"`},
			{"existing account", "ANA@example.org", models.RoleEditor, models.EConflict, "", "editor ana@example.org already exists"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				pw, asked := passwords(password)
				_, err := acc.Add(ctx, tt.email, "", tt.role, pw)
				wantCode(t, err, tt.code, tt.field, tt.want)
				if len(*asked) != 0 {
					t.Errorf("a password was asked for in vain")
				}
			})
		}

		// A password auth refuses, or none at all, stores nothing.
		_, err = acc.Add(ctx, "bo@example.org", "", models.RoleEditor, func(context.Context, string) (string, error) { return "too short", nil })
		wantCode(t, err, models.EInvalid, "password", "at least 12 bytes")
		interrupted := errors.New("interrupted")
		_, err = acc.Add(ctx, "bo@example.org", "", models.RoleEditor, func(context.Context, string) (string, error) { return "", interrupted })
		if !errors.Is(err, interrupted) {
			t.Errorf("the password source's error became %v", err)
		}
		if _, err := s.GetEditorByEmail(ctx, "bo@example.org"); models.ErrorCode(err) != models.ENotFound {
			t.Errorf("a refused editor was stored: %v", err)
		}
		if eds, err := acc.List(ctx); err != nil || len(eds) != 1 {
			t.Errorf("List = %d editors, %v; want ana alone", len(eds), err)
		}
	})
}

// newSession signs e in, returning the session's hash.
func newSession(t *testing.T, s *store.Store, e models.Editor) string {
	t.Helper()
	_, hash := auth.NewToken()
	if err := s.CreateSession(ctx, hash, e.ID, time.Now().Add(time.Hour), "test"); err != nil {
		t.Fatal(err)
	}
	return hash
}

func TestPasswordAndDisable(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		acc := accounts.New(s)
		pw, _ := passwords(password)
		ana, err := acc.Add(ctx, "ana@example.org", "", models.RoleEditor, pw)
		if err != nil {
			t.Fatal(err)
		}

		// A new password ends the sessions, not the API tokens.
		session := newSession(t, s, ana)
		token, _, _, err := acc.CreateToken(ctx, "ana@example.org", "script")
		if err != nil {
			t.Fatal(err)
		}
		const newPassword = "a different long passphrase"
		pw, asked := passwords(newPassword)
		if _, err := acc.SetPassword(ctx, "nobody@example.org", pw); models.ErrorCode(err) != models.ENotFound || len(*asked) != 0 {
			t.Errorf("unknown editor: %v, password asked %v", err, *asked)
		}
		if _, err := acc.SetPassword(ctx, "Ana@example.org", pw); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.GetEditorByEmail(ctx, "ana@example.org"); !auth.CheckPassword(got.PasswordHash, newPassword) {
			t.Error("the new password does not sign in")
		}
		if _, err := s.GetSession(ctx, session, time.Now()); err == nil {
			t.Error("a session outlived the password change")
		}
		if _, err := s.GetEditorByTokenHash(ctx, auth.HashToken(token)); err != nil {
			t.Errorf("an API token died with the password change: %v", err)
		}

		// Disabling ends sessions and revokes tokens; enabling restores
		// neither.
		session = newSession(t, s, ana)
		if email, err := acc.SetDisabled(ctx, " ANA@example.org", true); err != nil || email != "ana@example.org" {
			t.Fatalf("SetDisabled = %q, %v", email, err)
		}
		if _, err := s.GetSession(ctx, session, time.Now()); err == nil {
			t.Error("a session outlived disabling")
		}
		if _, err := acc.SetDisabled(ctx, "ana@example.org", false); err != nil {
			t.Fatal(err)
		}
		if _, err := s.GetEditorByTokenHash(ctx, auth.HashToken(token)); models.ErrorCode(err) != models.EUnauthorized {
			t.Errorf("a token revoked by disabling works again after enabling: %v", err)
		}
		if _, err := acc.SetDisabled(ctx, "nobody@example.org", true); models.ErrorCode(err) != models.ENotFound {
			t.Errorf("disabling an unknown editor: %v", err)
		}
	})
}

func TestTokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		acc := accounts.New(s)
		pw, _ := passwords(password)
		if _, err := acc.Add(ctx, "ana@example.org", "", models.RoleEditor, pw); err != nil {
			t.Fatal(err)
		}
		for _, tt := range []struct {
			name, email, tokenName string
			code, field, want      string
		}{
			{"blank name", "ana@example.org", "  ", models.EInvalid, "name", "required: say what the token is for"},
			{"blank name, unknown editor", "nobody@example.org", "", models.EInvalid, "name", "required"},
			{"unknown editor", "nobody@example.org", "script", models.ENotFound, "", `no editor "nobody@example.org"`},
		} {
			t.Run(tt.name, func(t *testing.T) {
				_, _, _, err := acc.CreateToken(ctx, tt.email, tt.tokenName)
				wantCode(t, err, tt.code, tt.field, tt.want)
			})
		}

		token, tok, e, err := acc.CreateToken(ctx, "Ana@example.org", "import script")
		if err != nil {
			t.Fatal(err)
		}
		if !auth.IsAPIToken(token) || tok.Prefix != auth.TokenPrefix(token) || tok.Name != "import script" || e.Email != "ana@example.org" {
			t.Errorf("CreateToken = %q, %+v, %s", token, tok, e.Email)
		}
		if got, err := s.GetEditorByTokenHash(ctx, auth.HashToken(token)); err != nil || got.ID != e.ID {
			t.Errorf("the token signs in %+v, %v", got, err)
		}
		// The whole token, pasted with a line break, names its token.
		prefix, _, err := acc.RevokeToken(ctx, "ana@example.org", token+"\n")
		if err != nil || prefix != tok.Prefix {
			t.Fatalf("RevokeToken = %q, %v; want %s", prefix, err, tok.Prefix)
		}
		if _, err := s.GetEditorByTokenHash(ctx, auth.HashToken(token)); models.ErrorCode(err) != models.EUnauthorized {
			t.Errorf("a revoked token still signs in: %v", err)
		}
		if _, _, err := acc.RevokeToken(ctx, "ana@example.org", "frt_nothere"); models.ErrorCode(err) != models.ENotFound {
			t.Errorf("revoking an unknown prefix: %v", err)
		}
		got, toks, err := acc.Tokens(ctx, "ana@example.org")
		if err != nil || got.ID != e.ID || len(toks) != 1 || toks[0].Prefix != tok.Prefix || !toks[0].Revoked() {
			t.Errorf("Tokens = %+v, %v", toks, err)
		}
		if _, _, err := acc.Tokens(ctx, "nobody@example.org"); models.ErrorCode(err) != models.ENotFound {
			t.Errorf("tokens of an unknown editor: %v", err)
		}
	})
}
