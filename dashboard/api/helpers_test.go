package api_test

// Helpers of the HTTP tests: the whole dashboard over a real SQLite
// database with the seed data, since the API's routes and its
// authentication are the dashboard's (routes.go). They repeat a few of
// the dashboard's own test helpers, which package api_test cannot reach.

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"forcedreturns/dashboard"
	"forcedreturns/dashboard/httpx"
	"forcedreturns/internal/auth"
	"forcedreturns/internal/auth/authtest"
	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
	"forcedreturns/seeds"
)

// Seed data the tests name.
const (
	seedSource = "refugees-deeply-2017-09-18-china-dragnet"
	seedFigure = "hrw-2017-in-custody-2017-09-18"
	// quoteDetained is a quote as an editor types it.
	quoteDetained = `Activists said that "at least 12 people were detained near Dandong" in March 2020 - most of them women.`
	testPassword  = "correct horse battery staple"
)

// TestMain makes password hashing cheap: these tests sign in to test the
// API, not the cost of argon2id (auth's own tests test that).
func TestMain(m *testing.M) {
	authtest.CheapHashing()
	os.Exit(storetest.Main(m))
}

// errorBody is the JSON of an API error.
type errorBody = httpx.ErrorBody

// editorServer is the dashboard with an editor signed up.
type editorServer struct {
	http.Handler
	st     *store.Store
	editor models.Editor
}

func newEditorServer(t testing.TB) editorServer {
	t.Helper()
	st := storetest.OpenTemplate(t, "seeded", func(ctx context.Context, st *store.Store) error {
		_, err := seeds.Load(ctx, st)
		return err
	})
	s, err := dashboard.New(dashboard.Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), ChecksWait: time.Minute}, st)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(s.Close)
	hash, err := auth.HashPassword(testPassword)
	if err != nil {
		t.Fatal(err)
	}
	e := models.Editor{Email: "ed@example.org", Name: "Editor ed", Role: models.RoleEditor, PasswordHash: hash}
	if err := st.CreateEditor(context.Background(), &e); err != nil {
		t.Fatal(err)
	}
	return editorServer{Handler: s, st: st, editor: e}
}

// newToken makes an API token for the editor.
func newToken(t testing.TB, st *store.Store, e models.Editor) string {
	t.Helper()
	tok, prefix, hash := auth.NewAPIToken()
	if _, err := st.CreateToken(context.Background(), e.ID, "test", prefix, hash); err != nil {
		t.Fatal(err)
	}
	return tok
}

// request is one request to the handler.
type request struct {
	method, path, body, ctype string
	cookie                    *http.Cookie
	headers                   []string // name, value, …
}

func (r request) do(t testing.TB, h http.Handler) *http.Response {
	t.Helper()
	req := httptest.NewRequest(r.method, r.path, strings.NewReader(r.body))
	if r.ctype != "" {
		req.Header.Set("Content-Type", r.ctype)
	}
	if r.cookie != nil {
		req.AddCookie(r.cookie)
	}
	for i := 0; i+1 < len(r.headers); i += 2 {
		req.Header.Set(r.headers[i], r.headers[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func get(t testing.TB, h http.Handler, path string) *http.Response {
	t.Helper()
	return request{method: http.MethodGet, path: path}.do(t, h)
}

// sendJSON sends v (a string is sent as it is) with a bearer token.
func sendJSON(t testing.TB, h http.Handler, method, path, token string, v any) *http.Response {
	t.Helper()
	b, ok := v.(string)
	if !ok {
		b = mustJSON(v)
	}
	var headers []string
	if token != "" {
		headers = []string{"Authorization", "Bearer " + token}
	}
	return request{method: method, path: path, body: b, ctype: "application/json", headers: headers}.do(t, h)
}

// signIn signs email in through the sign-in form and returns the session
// cookie.
func signIn(t testing.TB, h http.Handler, email string) *http.Cookie {
	t.Helper()
	form := url.Values{"email": {email}, "password": {testPassword}}
	r := request{method: http.MethodPost, path: "/signin", body: form.Encode(), ctype: "application/x-www-form-urlencoded",
		headers: []string{"Sec-Fetch-Site", "same-origin"}}.do(t, h)
	for _, c := range r.Cookies() {
		if c.Name == "frt_session" && c.Value != "" && r.StatusCode == http.StatusSeeOther {
			return c
		}
	}
	t.Fatalf("sign in as %s: status %d, cookies %v", email, r.StatusCode, r.Cookies())
	return nil
}

func body(t testing.TB, r *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(r.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// decode reads a JSON response body.
func decode[T any](t testing.TB, r *http.Response) T {
	t.Helper()
	var v T
	b := body(t, r)
	if err := json.Unmarshal([]byte(b), &v); err != nil {
		t.Fatalf("decoding %.300s: %v", b, err)
	}
	return v
}
