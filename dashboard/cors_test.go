package dashboard

import (
	"net/http"
	"strings"
	"testing"
)

// openReads are the routes any origin may read.
var openReads = []string{
	"/api/v1/figures", "/api/v1/figures/" + seedFigure, "/api/v1/sources", "/api/v1/sources/" + seedSource,
	"/api/v1/metrics", "/api/v1/checks", "/api/v1/charts/apprehensions", "/api/v1/openapi.json", "/api/v1",
	"/figures.csv", "/figures.json",
}

const otherSite = "https://notebook.example"

// TestCORSOpenReads: the anonymous read API and the downloads may be read
// from any origin, never with credentials, and their preflight allows GET
// only; a signed-in or token response carries no CORS header.
func TestCORSOpenReads(t *testing.T) {
	es := newEditorServer(t)
	cookie := signIn(t, es, es.editor.Email)
	token := newToken(t, es.st, es.editor)
	for _, path := range openReads {
		r := request{method: http.MethodGet, path: path, headers: []string{"Origin", otherSite}}.do(t, es)
		if r.StatusCode != http.StatusOK || r.Header.Get("Access-Control-Allow-Origin") != "*" {
			t.Errorf("GET %s anonymous: %d, Access-Control-Allow-Origin %q, want 200 and *", path, r.StatusCode, r.Header.Get("Access-Control-Allow-Origin"))
		}
		if !strings.Contains(r.Header.Get("Access-Control-Expose-Headers"), "Link") {
			t.Errorf("GET %s: Access-Control-Expose-Headers %q", path, r.Header.Get("Access-Control-Expose-Headers"))
		}
		if v := r.Header.Get("Access-Control-Allow-Credentials"); v != "" {
			t.Errorf("GET %s: Access-Control-Allow-Credentials %q", path, v)
		}
		// The public copy is now cached: a personal request must not get
		// it, nor its header.
		for name, req := range map[string]request{
			"session": {method: http.MethodGet, path: path, cookie: cookie, headers: []string{"Origin", otherSite}},
			"token":   {method: http.MethodGet, path: path, headers: []string{"Origin", otherSite, "Authorization", "Bearer " + token}},
		} {
			r := req.do(t, es)
			if r.StatusCode != http.StatusOK {
				t.Errorf("GET %s with a %s: %d", path, name, r.StatusCode)
			}
			for k := range r.Header {
				if strings.HasPrefix(k, "Access-Control-") {
					t.Errorf("GET %s with a %s: %s: %q", path, name, k, r.Header.Get(k))
				}
			}
		}
		p := request{method: http.MethodOptions, path: path, headers: []string{"Origin", otherSite,
			"Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "if-none-match"}}.do(t, es)
		if p.StatusCode != http.StatusNoContent || p.Header.Get("Access-Control-Allow-Origin") != "*" {
			t.Errorf("OPTIONS %s: %d, Access-Control-Allow-Origin %q", path, p.StatusCode, p.Header.Get("Access-Control-Allow-Origin"))
		}
		m := p.Header.Get("Access-Control-Allow-Methods")
		if !strings.Contains(m, "GET") || strings.Contains(m, "POST") || strings.Contains(m, "PUT") {
			t.Errorf("OPTIONS %s: Access-Control-Allow-Methods %q, want GET only", path, m)
		}
		if hs := strings.ToLower(p.Header.Get("Access-Control-Allow-Headers")); !strings.Contains(hs, "if-none-match") || strings.Contains(hs, "authorization") {
			t.Errorf("OPTIONS %s: Access-Control-Allow-Headers %q", path, hs)
		}
		if v := p.Header.Get("Access-Control-Allow-Credentials"); v != "" {
			t.Errorf("OPTIONS %s: Access-Control-Allow-Credentials %q", path, v)
		}
	}
}

// TestCORSNotOnWrites: write routes, pages and forms never answer with a
// CORS header, with or without credentials, and have no preflight.
func TestCORSNotOnWrites(t *testing.T) {
	es := newEditorServer(t)
	token := newToken(t, es.st, es.editor)
	writes := []request{
		{method: http.MethodPost, path: "/api/v1/sources", body: `{}`, ctype: "application/json"},
		{method: http.MethodPut, path: "/api/v1/sources/" + seedSource, body: `{}`, ctype: "application/json"},
		{method: http.MethodPost, path: "/api/v1/figures", body: `{}`, ctype: "application/json"},
		{method: http.MethodPut, path: "/api/v1/figures/" + seedFigure, body: `{}`, ctype: "application/json"},
		{method: http.MethodPost, path: "/api/v1/figures/" + seedFigure + "/retract", body: `{}`, ctype: "application/json"},
		{method: http.MethodPost, path: "/api/v1/figures/" + seedFigure + "/restore", body: `{}`, ctype: "application/json"},
		{method: http.MethodOptions, path: "/api/v1/figures/" + seedFigure + "/retract"},
		{method: http.MethodOptions, path: "/signin"},
		{method: http.MethodGet, path: "/"},
		{method: http.MethodGet, path: "/figures"},
		{method: http.MethodGet, path: "/signin"},
	}
	for _, w := range writes {
		for _, auth := range [][]string{nil, {"Authorization", "Bearer " + token}} {
			w := w
			w.headers = append([]string{"Origin", otherSite, "Access-Control-Request-Method", w.method}, auth...)
			r := w.do(t, es)
			for k := range r.Header {
				if strings.HasPrefix(k, "Access-Control-") {
					t.Errorf("%s %s (token %v): %d with %s: %q", w.method, w.path, auth != nil, r.StatusCode, k, r.Header.Get(k))
				}
			}
		}
	}
}
