package dashboard

// Tests of what the dashboard answers while the database is busy.

import (
	"context"
	"html"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"forcedreturns/dashboard/httpx"
	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
	"forcedreturns/seeds"
)

// TestBusyDatabase holds SQLite's write lock from another connection, as a
// long `import` does. Pages still answer; every write answers 503 with
// Retry-After: JSON for the API, and for a form the same form again with
// everything that was typed and a message saying nothing was saved. Once
// the lock is free the same requests succeed.
func TestBusyDatabase(t *testing.T) {
	cfg := storetest.NewDatabase(t, store.DialectSQLite)
	cfg.BusyTimeout = 300 * time.Millisecond
	st := storetest.OpenConfig(t, cfg, true)
	if _, err := seeds.Load(context.Background(), st); err != nil {
		t.Fatalf("seed: %v", err)
	}
	srv, err := New(Config{Logger: testLogger(t, slog.LevelError), ChecksWait: testChecksWait}, st)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	ed := addEditor(t, st, "ed@example.org", models.RoleEditor)
	tok := newToken(t, st, ed)
	cookie := signIn(t, srv, ed.Email)
	if r := postForm(t, srv, "/sources/new", sourceForm("border-watch-2020"), cookie); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("create the source: %d %s", r.StatusCode, body(t, r))
	}

	release := storetest.HoldSQLiteWriteLock(t, cfg)
	for _, path := range []string{"/", "/figures", "/sources/border-watch-2020", "/api/v1/figures"} {
		if r := getAs(t, srv, path, cookie); r.StatusCode != http.StatusOK {
			t.Errorf("GET %s while an import writes: %d", path, r.StatusCode)
		}
	}

	r := sendJSON(t, srv, http.MethodPost, "/api/v1/sources", tok, apiSourceBody("bw-2021"))
	e := decode[errorBody](t, r)
	if r.StatusCode != http.StatusServiceUnavailable || r.Header.Get("Retry-After") != httpx.RetryAfter ||
		e.Code != models.EUnavailable || e.Status != 503 || !strings.Contains(e.Message, "busy") {
		t.Errorf("API write while busy: %d, Retry-After %q, %+v", r.StatusCode, r.Header.Get("Retry-After"), e)
	}

	forms := []struct {
		path string
		form map[string][]string
		kept []string // typed values the page must show again
	}{
		{"/sources/new", sourceForm("bw-2021"), []string{"bw-2021", "Refugees caught at the border", "https://example.org/reports/border"}},
		{"/figures/new", figureForm("bw-2020-03", "border-watch-2020"), []string{"bw-2020-03", "Dandong", "at least 12 people were detained near Dandong"}},
	}
	for _, f := range forms {
		r := postForm(t, srv, f.path, f.form, cookie)
		page := html.UnescapeString(body(t, r))
		if r.StatusCode != http.StatusServiceUnavailable || r.Header.Get("Retry-After") != httpx.RetryAfter {
			t.Errorf("POST %s while busy: %d, Retry-After %q", f.path, r.StatusCode, r.Header.Get("Retry-After"))
		}
		for _, want := range append(f.kept, "nothing was saved", `action="`+f.path+`"`) {
			if !strings.Contains(page, want) {
				t.Errorf("POST %s while busy: the page lacks %q", f.path, want)
			}
		}
	}

	release()
	if r := sendJSON(t, srv, http.MethodPost, "/api/v1/sources", tok, apiSourceBody("bw-2021")); r.StatusCode != http.StatusCreated {
		t.Errorf("API write after the import: %d %s", r.StatusCode, body(t, r))
	}
	if r := postForm(t, srv, "/figures/new", figureForm("bw-2020-03", "border-watch-2020"), cookie); r.StatusCode != http.StatusSeeOther {
		t.Errorf("figure form after the import: %d %s", r.StatusCode, body(t, r))
	}
}
