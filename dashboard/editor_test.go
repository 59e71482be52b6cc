package dashboard

// Tests of signing in and out, sessions, the protection of every
// state-changing route and the caching of pages shown to editors.

import (
	"context"
	"crypto/tls"
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"forcedreturns/internal/auth"
	"forcedreturns/models"
)

const seedFigure = "hrw-2017-in-custody-2017-09-18"

// samplePath fills a route's parameters with values that exist.
func samplePath(route string) string {
	r := strings.NewReplacer(":key", seedFigure, ":prefix", "frt_abcdefgh", ":name", "apprehensions")
	p := r.Replace(route)
	if strings.HasPrefix(route, "/sources/") || strings.HasPrefix(route, "/api/v1/sources/") {
		p = strings.Replace(route, ":key", seedSource, 1)
	}
	return p
}

// editorGETs are the pages only editors may open (forms).
var editorGETs = map[string]bool{
	"/sources/new": true, "/sources/:key/edit": true, "/sources/:key/text": true, "/sources/:key/intake": true, "/figures/new": true,
	"/figures/:key/edit": true, "/metrics/new": true, "/account": true,
}

// openRoutes change state but need no editor.
var openRoutes = map[string]bool{"POST /signin": true, "POST /signout": true}

// protectedRoutes lists every route that needs an editor, from the
// engine itself, so that a route added later cannot escape the tests.
func protectedRoutes(t *testing.T, s *Server) []string {
	t.Helper()
	var out []string
	for _, r := range s.engine.Routes() {
		// OPTIONS: CORS preflights of public reads, which change nothing
		// and answer the same to everyone (cors_test.go).
		if r.Method == http.MethodGet && !editorGETs[r.Path] || r.Method == http.MethodOptions || openRoutes[r.Method+" "+r.Path] {
			continue
		}
		out = append(out, r.Method+" "+r.Path)
	}
	if len(out) < 20 {
		t.Fatalf("only %d protected routes found: %v", len(out), out)
	}
	return out
}

// credentials are what a refused request carries.
type credentials struct {
	name    string
	cookie  *http.Cookie
	headers []string
}

func TestEditorRoutesRefuseAnonymousDisabledAndCrossSite(t *testing.T) {
	es := newEditorServer(t)
	ctx := context.Background()
	disabled := addEditor(t, es.st, "gone@example.org", models.RoleEditor)
	disabledToken := newToken(t, es.st, disabled)
	disabledCookie := signIn(t, es, disabled.Email)
	if err := es.st.SetEditorDisabled(ctx, disabled.Email, true); err != nil {
		t.Fatal(err)
	}
	cookie := signIn(t, es, es.editor.Email)
	before, err := es.st.DataVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, route := range protectedRoutes(t, es.Server) {
		method, path, _ := strings.Cut(route, " ")
		path = samplePath(path)
		api := strings.HasPrefix(path, "/api/")
		payload, ctype := "reason=x&version=1", "application/x-www-form-urlencoded"
		if api {
			payload, ctype = `{"reason":"x","version":1}`, "application/json"
		}
		t.Run(route, func(t *testing.T) {
			cases := []credentials{
				{"anonymous", nil, nil},
				{"disabled-session", disabledCookie, nil},
				{"forged-cookie", &http.Cookie{Name: sessionCookie, Value: "attacker-chosen-value"}, nil},
			}
			if api {
				cases = append(cases,
					credentials{"disabled-token", nil, []string{"Authorization", "Bearer " + disabledToken}},
					credentials{"unknown-token", nil, []string{"Authorization", "Bearer frt_nope"}},
					credentials{"basic-auth", nil, []string{"Authorization", "Basic ZWRAZXhhbXBsZS5vcmc6eA=="}},
				)
			}
			for _, tc := range cases {
				r := request{method: method, path: path, body: payload, ctype: ctype, cookie: tc.cookie,
					headers: append([]string{"Sec-Fetch-Site", "same-origin"}, tc.headers...)}.do(t, es)
				b := body(t, r)
				switch {
				case api:
					if r.StatusCode != http.StatusUnauthorized || !strings.Contains(b, `"code":"unauthorized"`) || r.Header.Get("WWW-Authenticate") == "" {
						t.Errorf("%s: status %d, WWW-Authenticate %q, body %.200s; want 401 JSON", tc.name, r.StatusCode, r.Header.Get("WWW-Authenticate"), b)
					}
				default:
					loc := r.Header.Get("Location")
					if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/signin?next=") {
						t.Errorf("%s: status %d, Location %q; want 303 to /signin", tc.name, r.StatusCode, loc)
					}
					if method == http.MethodGet && loc != "/signin?next="+url.QueryEscape(path) {
						t.Errorf("%s: Location %q does not bring the editor back to %s", tc.name, loc, path)
					}
				}
			}
			if method == http.MethodGet {
				return
			}
			// A signed-in editor's browser tricked by another site.
			r := request{method: method, path: path, body: payload, ctype: ctype, cookie: cookie,
				headers: []string{"Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site"}}.do(t, es)
			if b := body(t, r); r.StatusCode != http.StatusForbidden || !strings.Contains(b, "another site") && !strings.Contains(b, "Cross-origin") {
				t.Errorf("cross-site: status %d, body %.200s; want 403", r.StatusCode, b)
			}
			// Without Sec-Fetch-Site (older browsers), Origin decides.
			r = request{method: method, path: path, body: payload, ctype: ctype, cookie: cookie,
				headers: []string{"Origin", "https://evil.example"}}.do(t, es)
			if r.StatusCode != http.StatusForbidden {
				t.Errorf("cross-origin by Origin only: status %d, want 403", r.StatusCode)
			}
		})
	}
	after, err := es.st.DataVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if after != before {
		t.Errorf("refused requests changed the data: version %s → %s", before, after)
	}
}

func TestSigninFixation(t *testing.T) {
	es := newEditorServer(t)
	planted := &http.Cookie{Name: sessionCookie, Value: "planted-by-an-attacker-0123456789abcdef"}
	r := postForm(t, es, "/signin", url.Values{"email": {es.editor.Email}, "password": {testPassword}, "next": {"/figures"}}, planted)
	got := sessionCookieOf(r)
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/figures" || got == nil {
		t.Fatalf("sign in: status %d, Location %q, cookie %v", r.StatusCode, r.Header.Get("Location"), got)
	}
	if got.Value == planted.Value {
		t.Fatal("the planted cookie value was kept as the session id")
	}
	if r := getAs(t, es, "/account", planted); r.StatusCode != http.StatusSeeOther {
		t.Errorf("the planted value is accepted as a session: GET /account = %d", r.StatusCode)
	}
	if r := getAs(t, es, "/account", got); r.StatusCode != http.StatusOK {
		t.Errorf("the new session is not accepted: GET /account = %d", r.StatusCode)
	}
	// Signing in again with a valid session gives a new id and ends the old one.
	r = postForm(t, es, "/signin", url.Values{"email": {es.editor.Email}, "password": {testPassword}}, got)
	again := sessionCookieOf(r)
	if again == nil || again.Value == got.Value {
		t.Fatalf("a second sign-in kept the session id")
	}
	if r := getAs(t, es, "/account", got); r.StatusCode != http.StatusSeeOther {
		t.Errorf("the previous session still works after signing in again: %d", r.StatusCode)
	}
	if r := getAs(t, es, "/account", again); r.StatusCode != http.StatusOK {
		t.Errorf("the new session is not accepted: %d", r.StatusCode)
	}
}

func TestSessionCookieAttributes(t *testing.T) {
	s, st := newTestServer(t)
	ed := addEditor(t, st, "ed@example.org", models.RoleEditor)
	proxied, err := New(Config{TrustedProxies: []string{"10.0.0.1"}}, st)
	if err != nil {
		t.Fatal(err)
	}
	public, err := New(Config{PublicURL: "https://returns.example.org/"}, st)
	if err != nil {
		t.Fatal(err)
	}
	form := url.Values{"email": {ed.Email}, "password": {testPassword}}.Encode()
	// secure also means Strict-Transport-Security on the response.
	tests := []struct {
		name   string
		h      http.Handler
		remote string
		proto  string
		tls    bool
		secure bool
	}{
		{"plain http", s, "", "", false, false},
		{"tls", s, "", "", true, true},
		{"spoofed X-Forwarded-Proto", s, "192.0.2.9:1234", "https", false, false},
		{"trusted proxy says https", proxied, "10.0.0.1:5555", "https", false, true},
		{"trusted proxy says http", proxied, "10.0.0.1:5555", "http", false, false},
		{"untrusted client behind config", proxied, "192.0.2.9:1234", "https", false, false},
		{"public URL is https", public, "192.0.2.9:1234", "", false, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req := request{method: http.MethodPost, path: "/signin", body: form, ctype: "application/x-www-form-urlencoded",
				remote: tc.remote, headers: []string{"X-Forwarded-Proto", tc.proto}}
			var r *http.Response
			if tc.tls {
				hr := newRequest(t, req)
				hr.TLS = &tls.ConnectionState{}
				r = serve(tc.h, hr)
			} else {
				r = req.do(t, tc.h)
			}
			c := sessionCookieOf(r)
			if c == nil {
				t.Fatalf("no session cookie; status %d", r.StatusCode)
			}
			if c.Secure != tc.secure || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.MaxAge != int(DefaultSessionTTL.Seconds()) {
				t.Errorf("cookie %+v: want Secure=%v, HttpOnly, SameSite=Lax, Path=/, Max-Age=%d", c, tc.secure, int(DefaultSessionTTL.Seconds()))
			}
			if len(c.Value) < 40 {
				t.Errorf("session token %q is too short", c.Value)
			}
			if got, want := r.Header.Get("Strict-Transport-Security") != "", tc.secure; got != want {
				t.Errorf("Strict-Transport-Security %q: want sent=%v", r.Header.Get("Strict-Transport-Security"), want)
			}
		})
	}
}

func TestStrictTransportSecurityOnEveryResponse(t *testing.T) {
	_, st := newTestServer(t)
	public, err := New(Config{PublicURL: "https://returns.example.org"}, st)
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/", "/figures.csv", "/api/v1/figures", "/no-such-page", "/healthz"} {
		r := request{method: http.MethodGet, path: path}.do(t, public)
		if got := r.Header.Get("Strict-Transport-Security"); got != "max-age=63072000" {
			t.Errorf("GET %s (%d): Strict-Transport-Security %q, want max-age=63072000", path, r.StatusCode, got)
		}
	}
}

func TestSignoutEndsSessionOnServer(t *testing.T) {
	es := newEditorServer(t)
	cookie := signIn(t, es, es.editor.Email)
	if r := getAs(t, es, "/", cookie); !strings.Contains(body(t, r), "Sign out") {
		t.Fatal("a signed-in page has no sign-out button")
	}
	// Sign-out by GET changes nothing.
	if r := getAs(t, es, "/signout", cookie); r.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET /signout = %d, want 405", r.StatusCode)
	}
	r := postForm(t, es, "/signout", nil, cookie)
	cleared := sessionCookieOf(r)
	if r.StatusCode != http.StatusSeeOther || cleared == nil || cleared.MaxAge >= 0 || cleared.Value != "" {
		t.Fatalf("sign out: status %d, cookie %+v; want 303 clearing the cookie", r.StatusCode, cleared)
	}
	// Someone who kept a copy of the cookie is signed out too.
	if _, err := es.st.GetSession(context.Background(), auth.HashToken(cookie.Value), timeNow()); models.ErrorCode(err) != models.EUnauthorized {
		t.Errorf("the session still exists on the server: %v", err)
	}
	if r := getAs(t, es, "/account", cookie); r.StatusCode != http.StatusSeeOther {
		t.Errorf("the old cookie still works: %d", r.StatusCode)
	}
	if b := body(t, getAs(t, es, "/", cookie)); strings.Contains(b, "Sign out") || !strings.Contains(b, "Sign in") {
		t.Error("the page still shows the editor as signed in")
	}
}

func TestSigninSameAnswerForEveryFailure(t *testing.T) {
	es := newEditorServer(t)
	disabled := addEditor(t, es.st, "gone@example.org", models.RoleEditor)
	if err := es.st.SetEditorDisabled(context.Background(), disabled.Email, true); err != nil {
		t.Fatal(err)
	}
	es.limiter.MaxPerAccountAndIP, es.limiter.MaxPerIP = 100, 100
	tests := []struct{ name, email, password string }{
		{"unknown account", "nobody@example.org", testPassword},
		{"wrong password", es.editor.Email, testPassword + "!"},
		{"disabled account", disabled.Email, testPassword},
		{"empty password", es.editor.Email, ""},
		{"password with a trailing space", es.editor.Email, testPassword + " "},
		{"password over the limit", es.editor.Email, testPassword + strings.Repeat("x", auth.MaxPasswordLength)},
		{"not an address", "<script>alert(1)</script>", testPassword},
	}
	var first string
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := postForm(t, es, "/signin", url.Values{"email": {tc.email}, "password": {tc.password}}, nil)
			b := body(t, r)
			if r.StatusCode != http.StatusUnauthorized || sessionCookieOf(r) != nil && sessionCookieOf(r).Value != "" {
				t.Fatalf("status %d, want 401 and no session", r.StatusCode)
			}
			if strings.Contains(b, "<script>alert") {
				t.Error("the address typed is not escaped")
			}
			// The same page but for the address typed back into the form.
			page := strings.Replace(b, html.EscapeString(tc.email), "EMAIL", 1)
			if first == "" {
				first = page
			} else if page != first {
				t.Errorf("the answer differs from the first failure's")
			}
			if !strings.Contains(b, "The email address or the password is wrong.") {
				t.Errorf("no clear message: %.300s", b)
			}
		})
	}
	// The address is compared in its normalised form.
	r := postForm(t, es, "/signin", url.Values{"email": {"  ED@Example.ORG "}, "password": {testPassword}}, nil)
	if r.StatusCode != http.StatusSeeOther || sessionCookieOf(r) == nil {
		t.Errorf("sign in with the address in capitals: status %d", r.StatusCode)
	}
}

func TestSigninRateLimited(t *testing.T) {
	t.Run("a stranger cannot lock the owner out", func(t *testing.T) {
		es := newEditorServer(t)
		attempt := func(remote, pw string) *http.Response {
			return request{method: http.MethodPost, path: "/signin", ctype: "application/x-www-form-urlencoded",
				body: url.Values{"email": {es.editor.Email}, "password": {pw}}.Encode(), remote: remote}.do(t, es)
		}
		const stranger, owner = "203.0.113.5:4000", "198.51.100.7:1000"
		for i := range auth.DefaultMaxPerAccountAndIP {
			if r := attempt(stranger, "wrong password "+strconv.Itoa(i)); r.StatusCode != http.StatusUnauthorized {
				t.Fatalf("attempt %d: status %d, want 401", i+1, r.StatusCode)
			}
		}
		// The stranger is refused now, even with the right password ...
		r := attempt(stranger, testPassword)
		b := body(t, r)
		if r.StatusCode != http.StatusTooManyRequests || sessionCookieOf(r) != nil {
			t.Fatalf("the stranger's next attempt: status %d, want 429 without a session", r.StatusCode)
		}
		if ra, err := strconv.Atoi(r.Header.Get("Retry-After")); err != nil || ra != 15*60 {
			t.Errorf("Retry-After = %q, want 900 seconds", r.Header.Get("Retry-After"))
		}
		if !strings.Contains(b, "Too many failed sign-in attempts: try again in 15 minutes.") {
			t.Errorf("no clear message: %.400s", b)
		}
		// ... the owner, from another address, is not.
		r = attempt(owner, testPassword)
		if c := sessionCookieOf(r); r.StatusCode != http.StatusSeeOther || c == nil || c.Value == "" {
			t.Fatalf("the owner from another address: status %d, want 303 and a session", r.StatusCode)
		}
		// The owner's mistakes, like anyone's, make the owner wait once
		// the account has had five failures.
		if r := attempt(owner, "a typo"); r.StatusCode != http.StatusUnauthorized {
			t.Fatalf("the owner's typo: status %d, want 401", r.StatusCode)
		}
		r = attempt(owner, testPassword)
		if ra, err := strconv.Atoi(r.Header.Get("Retry-After")); r.StatusCode != http.StatusTooManyRequests || err != nil || ra < 60 {
			t.Errorf("the owner right after a typo: status %d, Retry-After %q; want 429 and at least 60 seconds", r.StatusCode, r.Header.Get("Retry-After"))
		}
	})
	t.Run("per address, X-Forwarded-For spoofed", func(t *testing.T) {
		es := newEditorServer(t)
		es.limiter.MaxPerIP = 3
		for i := 0; i < 4; i++ {
			// A new account and a new forged address each time: the
			// untrusted client's own address is what counts.
			r := request{method: http.MethodPost, path: "/signin", ctype: "application/x-www-form-urlencoded",
				body:    url.Values{"email": {"guess" + strconv.Itoa(i) + "@example.org"}, "password": {testPassword}}.Encode(),
				remote:  "203.0.113.5:4000",
				headers: []string{"X-Forwarded-For", "198.51.100." + strconv.Itoa(i), "X-Real-IP", "198.51.100." + strconv.Itoa(i)}}.do(t, es)
			want := http.StatusUnauthorized
			if i == 3 {
				want = http.StatusTooManyRequests
			}
			if r.StatusCode != want {
				t.Fatalf("attempt %d: status %d, want %d", i+1, r.StatusCode, want)
			}
		}
	})
	t.Run("per address behind a trusted proxy", func(t *testing.T) {
		_, st := newTestServer(t)
		ed := addEditor(t, st, "ed@example.org", models.RoleEditor)
		s, err := New(Config{TrustedProxies: []string{"10.0.0.0/8"}}, st)
		if err != nil {
			t.Fatal(err)
		}
		s.limiter.MaxPerIP = 2
		attempt := func(client, pw string) int {
			return request{method: http.MethodPost, path: "/signin", ctype: "application/x-www-form-urlencoded",
				body: url.Values{"email": {ed.Email}, "password": {pw}}.Encode(), remote: "10.1.2.3:4000",
				headers: []string{"X-Forwarded-For", client}}.do(t, s).StatusCode
		}
		attempt("198.51.100.1", "wrong password 1")
		attempt("198.51.100.1", "wrong password 2")
		if got := attempt("198.51.100.1", "wrong password 3"); got != http.StatusTooManyRequests {
			t.Errorf("third failure from one client behind the proxy: %d, want 429", got)
		}
		// Another client behind the same proxy is not blocked by the first
		// (its account limit is not reached either: 5 by default).
		if got := attempt("198.51.100.2", testPassword); got != http.StatusSeeOther {
			t.Errorf("another client behind the proxy: %d, want 303", got)
		}
	})
}

// TestSafeNext: signing in never redirects to another site, whatever
// "next" says (httpx.SafeNext's own cases are in its package).
func TestSafeNext(t *testing.T) {
	es := newEditorServer(t)
	for _, next := range []string{"//evil.example/x", "https://evil.example", "/\\evil.example"} {
		r := postForm(t, es, "/signin", url.Values{"email": {es.editor.Email}, "password": {testPassword}, "next": {next}}, nil)
		if loc := r.Header.Get("Location"); loc != "/" {
			t.Errorf("next=%q: redirected to %q, want /", next, loc)
		}
	}
}

// TestSignedInPagesArePrivate: pages shown to an editor carry edit
// controls; they must never come from or go into the shared response
// cache, nor carry an ETag a reader's copy could match.
func TestSignedInPagesArePrivate(t *testing.T) {
	es := newEditorServer(t)
	cookie := signIn(t, es, es.editor.Email)
	paths := []string{"/figures/" + seedFigure, "/sources/" + seedSource, "/", "/figures", "/api/v1/figures/" + seedFigure}
	for _, path := range paths {
		anon := get(t, es, path)
		etag := anon.Header.Get("ETag")
		anonBody := body(t, anon)
		if etag == "" || strings.Contains(anonBody, "Sign out") {
			t.Fatalf("%s: anonymous page without ETag or with editor controls", path)
		}
		for i := 0; i < 2; i++ {
			r := request{method: http.MethodGet, path: path, cookie: cookie, headers: []string{"If-None-Match", etag}}.do(t, es)
			b := body(t, r)
			if r.StatusCode != http.StatusOK {
				t.Fatalf("%s signed in with the reader's ETag: status %d, want 200", path, r.StatusCode)
			}
			if r.Header.Get("ETag") != "" || r.Header.Get("Cache-Control") != "private, no-store" {
				t.Errorf("%s signed in: ETag %q, Cache-Control %q; want no ETag and private, no-store", path, r.Header.Get("ETag"), r.Header.Get("Cache-Control"))
			}
			if !strings.HasPrefix(path, "/api/") && !strings.Contains(b, "Sign out") {
				t.Errorf("%s signed in: no editor controls (served from the shared cache?)", path)
			}
		}
		again := get(t, es, path)
		if b := body(t, again); strings.Contains(b, "Sign out") || strings.Contains(b, es.editor.Email) || again.Header.Get("ETag") != etag {
			t.Errorf("%s: the reader's page changed after an editor's visit", path)
		}
		if !strings.Contains(strings.Join(again.Header.Values("Vary"), ","), "Cookie") {
			t.Errorf("%s: Vary %q lacks Cookie", path, again.Header.Values("Vary"))
		}
	}
	fig := body(t, getAs(t, es, "/figures/"+seedFigure, cookie))
	for _, want := range []string{`href="/figures/` + seedFigure + `/edit"`, `action="/figures/` + seedFigure + `/retract"`, "Editor ed"} {
		if !strings.Contains(fig, want) {
			t.Errorf("the figure page shown to an editor lacks %s", want)
		}
	}
}

func TestMetricsAreForAdmins(t *testing.T) {
	es := newEditorServer(t)
	ed, admin := signIn(t, es, es.editor.Email), signIn(t, es, es.admin.Email)
	form := url.Values{"slug": {"detained_at_border"}, "label": {"Detained at the border"},
		"definition": {"People detained by border guards."}, "unit": {"people"}, "reason": {"new series"}}
	if r := getAs(t, es, "/metrics/new", ed); r.StatusCode != http.StatusForbidden {
		t.Errorf("editor GET /metrics/new = %d, want 403", r.StatusCode)
	}
	if r := postForm(t, es, "/metrics/new", form, ed); r.StatusCode != http.StatusForbidden {
		t.Errorf("editor POST /metrics/new = %d, want 403", r.StatusCode)
	}
	if r := getAs(t, es, "/metrics/new", admin); r.StatusCode != http.StatusOK {
		t.Errorf("admin GET /metrics/new = %d", r.StatusCode)
	}
	bad := url.Values{"slug": {"Bad Slug"}, "label": {"x"}, "definition": {""}, "unit": {"people"}, "reason": {"r"}}
	r := postForm(t, es, "/metrics/new", bad, admin)
	b := body(t, r)
	if r.StatusCode != http.StatusBadRequest || !strings.Contains(b, `id="err-slug"`) || !strings.Contains(b, `id="err-definition"`) || !strings.Contains(b, `value="Bad Slug"`) {
		t.Errorf("invalid metric: status %d, want 400 with errors by field and the value kept: %.500s", r.StatusCode, b)
	}
	if r := postForm(t, es, "/metrics/new", form, admin); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("admin POST /metrics/new = %d", r.StatusCode)
	}
	if b := body(t, get(t, es, "/metrics")); !strings.Contains(b, "Detained at the border") {
		t.Error("the new metric is not listed")
	}
	revs, err := es.st.Revisions(context.Background(), models.EntityMetric, "detained_at_border", models.AudienceEditors)
	if err != nil || len(revs) != 1 || revs[0].Editor != es.admin.Name || revs[0].Reason != "new series" {
		t.Errorf("metric revisions = %+v, %v", revs, err)
	}
}

func TestAccountTokens(t *testing.T) {
	es := newEditorServer(t)
	cookie := signIn(t, es, es.editor.Email)
	r := postForm(t, es, "/account/tokens", url.Values{"name": {"import script"}}, cookie)
	b := body(t, r)
	if r.StatusCode != http.StatusCreated || r.Header.Get("Cache-Control") != "private, no-store" {
		t.Fatalf("create token: status %d, Cache-Control %q", r.StatusCode, r.Header.Get("Cache-Control"))
	}
	i := strings.Index(b, `id="new-token">`)
	if i < 0 {
		t.Fatalf("the new token is not shown: %.500s", b)
	}
	token := b[i+len(`id="new-token">`):]
	token = token[:strings.Index(token, "<")]
	if !auth.IsAPIToken(token) {
		t.Fatalf("shown token %q is not an API token", token)
	}
	// It works for the API, and stops working once revoked.
	create := map[string]any{"id": "via-token", "title": "T", "kind": "news", "publisher": "P", "published_on": "2020-01-02",
		"url": "https://example.org/t", "reason": "test"}
	if r := sendJSON(t, es, http.MethodPost, "/api/v1/sources", token, create); r.StatusCode != http.StatusCreated {
		t.Fatalf("API write with the new token: %d %s", r.StatusCode, body(t, r))
	}
	if strings.Contains(body(t, getAs(t, es, "/account", cookie)), token) {
		t.Error("the token is shown again on the account page")
	}
	if r := postForm(t, es, "/account/tokens/"+auth.TokenPrefix(token)+"/revoke", nil, cookie); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("revoke: %d", r.StatusCode)
	}
	create["id"] = "via-revoked-token"
	if r := sendJSON(t, es, http.MethodPost, "/api/v1/sources", token, create); r.StatusCode != http.StatusUnauthorized {
		t.Errorf("API write with a revoked token: %d, want 401", r.StatusCode)
	}
	if r := postForm(t, es, "/account/tokens", url.Values{"name": {""}}, cookie); r.StatusCode != http.StatusBadRequest {
		t.Errorf("token without a name: %d, want 400", r.StatusCode)
	}
}

// TestSigninAndSignoutRefuseCrossSite: another site can neither sign a
// browser into an account of its choosing nor sign it out.
func TestSigninAndSignoutRefuseCrossSite(t *testing.T) {
	es := newEditorServer(t)
	cookie := signIn(t, es, es.editor.Email)
	cross := []string{"Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site"}
	form := url.Values{"email": {es.editor.Email}, "password": {testPassword}}.Encode()
	r := request{method: http.MethodPost, path: "/signin", body: form, ctype: "application/x-www-form-urlencoded", headers: cross}.do(t, es)
	if r.StatusCode != http.StatusForbidden || sessionCookieOf(r) != nil {
		t.Errorf("cross-site sign-in: status %d, cookie %v; want 403 and no session", r.StatusCode, sessionCookieOf(r))
	}
	r = request{method: http.MethodPost, path: "/signout", cookie: cookie, headers: cross}.do(t, es)
	if r.StatusCode != http.StatusForbidden || sessionCookieOf(r) != nil {
		t.Errorf("cross-site sign-out: status %d; want 403", r.StatusCode)
	}
	if r := getAs(t, es, "/account", cookie); r.StatusCode != http.StatusOK {
		t.Errorf("the session ended after a cross-site sign-out: %d", r.StatusCode)
	}
}
