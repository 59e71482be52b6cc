package dashboard

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"golang.org/x/crypto/argon2"

	"forcedreturns/internal/auth"
	"forcedreturns/models"
)

// Signing in through the form upgrades a password hash made with weaker
// parameters than today's (an account from an older release), and the
// password still signs in afterwards.
func TestSigninUpgradesWeakHash(t *testing.T) {
	es := newEditorServer(t)
	ctx := context.Background()
	salt := []byte("sixteen byte sal")
	weak := fmt.Sprintf("$argon2id$v=%d$m=64,t=1,p=1$%s$%s", argon2.Version,
		base64.RawStdEncoding.EncodeToString(salt),
		base64.RawStdEncoding.EncodeToString(argon2.IDKey([]byte(testPassword), salt, 1, 64, 1, 32)))
	old := models.Editor{Email: "old@example.org", Name: "Old account", Role: models.RoleEditor, PasswordHash: weak}
	if err := es.st.CreateEditor(ctx, &old); err != nil {
		t.Fatal(err)
	}
	if !auth.CheckPassword(weak, testPassword) || !auth.NeedsRehash(weak) {
		t.Fatal("the hand-made hash is not a weaker hash of the test password")
	}
	signIn(t, es, "old@example.org")
	e, err := es.st.GetEditorByEmail(ctx, "old@example.org")
	if err != nil {
		t.Fatal(err)
	}
	if e.PasswordHash == weak || auth.NeedsRehash(e.PasswordHash) || !auth.CheckPassword(e.PasswordHash, testPassword) {
		t.Errorf("after sign-in the stored hash is %s, want today's hash of the same password", e.PasswordHash)
	}
	signIn(t, es, "old@example.org")
}

// A bearer credential that is not an API token's shape is refused as an
// invalid token without being looked up, even if its hash were stored:
// the only bearer credentials are the API tokens the tracker issues.
func TestBearerMustBeAnAPIToken(t *testing.T) {
	es := newEditorServer(t)
	ctx := context.Background()
	good := newToken(t, es.st, es.editor)
	const notAPIToken = "session-like-secret"
	if _, err := es.st.CreateToken(ctx, es.editor.ID, "planted", "planted", auth.HashToken(notAPIToken)); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, token string
		status      int
	}{
		{"issued API token", good, http.StatusOK},
		{"stored, but not an API token", notAPIToken, http.StatusUnauthorized},
		{"API token cut short", good[:len(good)-1], http.StatusUnauthorized},
		{"prefix only", auth.APITokenPrefix, http.StatusUnauthorized},
		{"not base64url", auth.APITokenPrefix + strings.Repeat("!", len(good)-len(auth.APITokenPrefix)), http.StatusUnauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := request{method: http.MethodGet, path: "/api/v1/figures?status=draft", headers: []string{"Authorization", "Bearer " + tt.token}}.do(t, es)
			if r.StatusCode != tt.status {
				t.Fatalf("status %d, want %d: %s", r.StatusCode, tt.status, body(t, r))
			}
			if tt.status == http.StatusUnauthorized {
				if got := r.Header.Get("WWW-Authenticate"); !strings.Contains(got, "invalid_token") {
					t.Errorf("WWW-Authenticate %q, want invalid_token", got)
				}
				if e := decode[errorBody](t, r); e.Code != models.EUnauthorized || !strings.Contains(e.Message, "invalid API token") {
					t.Errorf("error %+v", e)
				}
			}
		})
	}
}
