package dashboard

// Helpers of the tests of signing in and editing: editors in the real
// store, requests with cookies, forms and JSON bodies.

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"forcedreturns/dashboard/httpx"
	"forcedreturns/internal/auth"
	"forcedreturns/internal/store"
	"forcedreturns/models"
)

// testPassword is every test editor's password.
const testPassword = "correct horse battery staple"

// addEditor stores an editor with testPassword.
func addEditor(t testing.TB, st *store.Store, email string, role models.Role) models.Editor {
	t.Helper()
	hash, err := auth.HashPassword(testPassword)
	if err != nil {
		t.Fatal(err)
	}
	e := models.Editor{Email: email, Name: "Editor " + strings.SplitN(email, "@", 2)[0], Role: role, PasswordHash: hash}
	if err := st.CreateEditor(context.Background(), &e); err != nil {
		t.Fatal(err)
	}
	return e
}

// request is one request to the handler.
type request struct {
	method  string
	path    string
	body    string
	ctype   string
	cookie  *http.Cookie
	headers []string // name, value, …
	remote  string   // RemoteAddr, "192.0.2.1:1234" if empty
}

func (r request) do(t testing.TB, h http.Handler) *http.Response {
	t.Helper()
	var body io.Reader
	if r.body != "" {
		body = strings.NewReader(r.body)
	}
	req := httptest.NewRequest(r.method, r.path, body)
	if r.ctype != "" {
		req.Header.Set("Content-Type", r.ctype)
	}
	if r.cookie != nil {
		req.AddCookie(r.cookie)
	}
	for i := 0; i+1 < len(r.headers); i += 2 {
		req.Header.Set(r.headers[i], r.headers[i+1])
	}
	if r.remote != "" {
		req.RemoteAddr = r.remote
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

// postForm posts a urlencoded form, as a browser on the site does
// (Sec-Fetch-Site: same-origin).
func postForm(t testing.TB, h http.Handler, path string, form url.Values, cookie *http.Cookie, headers ...string) *http.Response {
	t.Helper()
	return request{method: http.MethodPost, path: path, body: form.Encode(), ctype: "application/x-www-form-urlencoded",
		cookie: cookie, headers: append([]string{"Sec-Fetch-Site", "same-origin"}, headers...)}.do(t, h)
}

// getAs requests path with the session cookie.
func getAs(t testing.TB, h http.Handler, path string, cookie *http.Cookie) *http.Response {
	t.Helper()
	return request{method: http.MethodGet, path: path, cookie: cookie}.do(t, h)
}

// sendJSON sends v (a string is sent as it is) with a bearer token.
func sendJSON(t testing.TB, h http.Handler, method, path, token string, v any) *http.Response {
	t.Helper()
	b, ok := v.(string)
	if !ok {
		j, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		b = string(j)
	}
	var headers []string
	if token != "" {
		headers = []string{"Authorization", "Bearer " + token}
	}
	return request{method: method, path: path, body: b, ctype: "application/json", headers: headers}.do(t, h)
}

// sessionCookieOf returns the session cookie a response sets, or nil.
func sessionCookieOf(r *http.Response) *http.Cookie {
	for _, c := range r.Cookies() {
		if c.Name == sessionCookie {
			return c
		}
	}
	return nil
}

// signIn signs email in and returns the session cookie.
func signIn(t testing.TB, h http.Handler, email string) *http.Cookie {
	t.Helper()
	r := postForm(t, h, "/signin", url.Values{"email": {email}, "password": {testPassword}}, nil)
	c := sessionCookieOf(r)
	if r.StatusCode != http.StatusSeeOther || c == nil || c.Value == "" {
		t.Fatalf("sign in as %s: status %d, cookie %v", email, r.StatusCode, c)
	}
	return c
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

// errorBody is the JSON of an API error, as the tests decode it.
type errorBody = httpx.ErrorBody

// decode reads a JSON response body.
func decode[T any](t testing.TB, r *http.Response) T {
	t.Helper()
	var v T
	b, err := io.ReadAll(r.Body)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("decoding %.300s: %v", b, err)
	}
	return v
}

// editorServer is the test server with an editor and an admin signed up.
type editorServer struct {
	*Server
	st     *store.Store
	editor models.Editor
	admin  models.Editor
}

func newEditorServer(t testing.TB) editorServer {
	t.Helper()
	s, st := newTestServer(t)
	return editorServer{Server: s, st: st,
		editor: addEditor(t, st, "ed@example.org", models.RoleEditor),
		admin:  addEditor(t, st, "admin@example.org", models.RoleAdmin)}
}

func newRequest(t testing.TB, r request) *http.Request {
	t.Helper()
	req := httptest.NewRequest(r.method, r.path, strings.NewReader(r.body))
	if r.ctype != "" {
		req.Header.Set("Content-Type", r.ctype)
	}
	for i := 0; i+1 < len(r.headers); i += 2 {
		req.Header.Set(r.headers[i], r.headers[i+1])
	}
	if r.remote != "" {
		req.RemoteAddr = r.remote
	}
	return req
}

func serve(h http.Handler, req *http.Request) *http.Response {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func timeNow() time.Time { return time.Now() }

// apiSourceBody is a new source as the JSON API takes it.
func apiSourceBody(id string) map[string]any {
	return map[string]any{"id": id, "title": "Refugees caught at the border", "kind": "ngo_report", "publisher": "Border Watch",
		"authors": "A. Author", "published_on": "2020-04-02", "url": "https://example.org/reports/border", "language": "en",
		"reason": "new source"}
}
