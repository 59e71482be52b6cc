package dashboard

// The OpenAPI document (dashboard/api/openapi.json) must describe every
// API route routes.go mounts, and no other.

import (
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
)

var (
	ginParam     = regexp.MustCompile(`:[a-zA-Z_]+`)
	openAPIParam = regexp.MustCompile(`\{[a-zA-Z_]+\}`)
)

func TestOpenAPIMatchesRoutes(t *testing.T) {
	s, _ := newTestServer(t)
	r := get(t, s, "/api/v1/openapi.json")
	if r.StatusCode != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("GET /api/v1/openapi.json: %d %s", r.StatusCode, r.Header.Get("Content-Type"))
	}
	doc := decode[struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}](t, r)
	// The API's root, where a reader looks first, gives the same document;
	// its trailing-slash spelling leads there.
	rr := get(t, s, "/api/v1")
	if rr.StatusCode != http.StatusOK || !strings.HasPrefix(rr.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("GET /api/v1: %d %s", rr.StatusCode, rr.Header.Get("Content-Type"))
	}
	if again := decode[struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}](t, rr); len(again.Paths) != len(doc.Paths) {
		t.Errorf("GET /api/v1: %d paths, the document has %d", len(again.Paths), len(doc.Paths))
	}
	if rr := get(t, s, "/api/v1/"); rr.StatusCode != http.StatusMovedPermanently || rr.Header.Get("Location") != "/api/v1" {
		t.Errorf("GET /api/v1/: %d to %q, want a redirect to /api/v1", rr.StatusCode, rr.Header.Get("Location"))
	}
	var routes, documented []string
	for _, r := range s.engine.Routes() {
		if r.Method == http.MethodOptions {
			continue // CORS preflights (cors_test.go), not API operations
		}
		if p, ok := strings.CutPrefix(r.Path, "/api/v1"); ok {
			if p == "" {
				p = "/" // the API's root
			}
			routes = append(routes, r.Method+" "+ginParam.ReplaceAllString(p, "{}"))
		}
	}
	for path, item := range doc.Paths {
		for method := range item {
			if method == "parameters" || method == "summary" || method == "description" {
				continue
			}
			documented = append(documented, strings.ToUpper(method)+" "+openAPIParam.ReplaceAllString(path, "{}"))
		}
	}
	sort.Strings(routes)
	sort.Strings(documented)
	for _, r := range routes {
		if !slices.Contains(documented, r) {
			t.Errorf("route %s is not in the OpenAPI document", r)
		}
	}
	for _, d := range documented {
		if !slices.Contains(routes, d) {
			t.Errorf("the OpenAPI document has %s, which is not a route", d)
		}
	}
	if len(routes) < 14 {
		t.Errorf("only %d API routes: %v", len(routes), routes)
	}
	// Writes say how to authenticate; reads say that credentials are
	// optional (an empty requirement first): a token or a session only
	// adds drafts, and a bad token is refused with 401.
	for path, item := range doc.Paths {
		for method, raw := range item {
			var op struct {
				Security  []map[string]any `json:"security"`
				Responses map[string]any   `json:"responses"`
			}
			if method == "parameters" || json.Unmarshal(raw, &op) != nil {
				continue
			}
			optional := len(op.Security) > 0 && len(op.Security[0]) == 0
			if len(op.Security) < 2 || optional != (method == "get") {
				t.Errorf("%s %s: security %v", method, path, op.Security)
			}
			if op.Responses["401"] == nil {
				t.Errorf("%s %s: no 401 response documented", method, path)
			}
		}
	}
}
