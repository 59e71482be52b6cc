package dashboard

import (
	"compress/gzip"
	"context"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
	"forcedreturns/seeds"
)

// testChecksWait is how long the tests' requests wait for the checks
// being computed: long enough that a slow machine never answers with the
// last computation where a test wants the current one (the tests of the
// background computation set their own).
const testChecksWait = 5 * time.Minute

// newTestServer returns the dashboard over a real SQLite database loaded
// with the seed data (a copy of one seeded once per test binary).
func newTestServer(t testing.TB) (*Server, *store.Store) {
	t.Helper()
	st := storetest.OpenTemplate(t, "seeded", loadSeeds)
	return newServerOn(t, st), st
}

// loadSeeds loads the seed data: the build of the "seeded" template
// database.
func loadSeeds(ctx context.Context, st *store.Store) error {
	_, err := seeds.Load(ctx, st)
	return err
}

// answers requests path and checks the answer's status, its content
// type's start (if ctype is not empty), and that its text (HTML
// unescaped) holds every one of want and none of not.
func answers(t *testing.T, h http.Handler, path string, status int, ctype string, want, not []string, headers ...string) *http.Response {
	t.Helper()
	r := get(t, h, path, headers...)
	b := body(t, r)
	if r.StatusCode != status {
		t.Fatalf("status = %d, want %d; body:\n%.600s", r.StatusCode, status, b)
	}
	if ctype != "" && !strings.HasPrefix(r.Header.Get("Content-Type"), ctype) {
		t.Errorf("Content-Type = %q, want %s", r.Header.Get("Content-Type"), ctype)
	}
	text := html.UnescapeString(b)
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("body lacks %q:\n%.1500s", w, text)
		}
	}
	for _, w := range not {
		if strings.Contains(text, w) {
			t.Errorf("body contains %q", w)
		}
	}
	return r
}

// get performs a request against the handler and returns the response.
func get(t *testing.T, h http.Handler, path string, headers ...string) *http.Response {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func body(t *testing.T, r *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(r.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

const seedSource = "refugees-deeply-2017-09-18-china-dragnet"

func TestRoutes(t *testing.T) {
	s, _ := newTestServer(t)
	tests := []struct {
		path        string
		status      int
		ctype       string
		contains    []string
		notContains []string
	}{
		{"/", 200, "text/html", []string{"Apprehensions by period", "What became of those caught", "Who was among them", "Apprehended over time: North Koreans",
			`class="chart-options"`, "Source: Human Rights Watch, via Refugees Deeply (News Deeply), 18 Sep 2017", "/figures/hrw-2017-apprehended-since-2016-06"}, nil},
		{"/figures", 200, "text/html", []string{"11 figures match", "hrw-2017-apprehended-2017-07-to-08", "Download these 11 rows"}, nil},
		{"/figures?metric=apprehended&sort=-value", 200, "text/html", []string{"6 figures match"}, []string{"famine-deaths"}},
		{"/figures?metric=in_custody", 200, "text/html", []string{"1 figure match"}, nil},
		{"/figures?from=2017-07&to=2017-08", 200, "text/html", []string{"hrw-2017-apprehended-2017-07-to-08"}, []string{"famine-deaths-1994"}},
		{"/figures/hrw-2017-forcibly-returned-since-2016-06", 200, "text/html", []string{"derived", "92 − 46", "Open at this sentence",
			"#:~:text=", "History", "hrw-2017-in-custody-2017-09-18", "Checks this figure takes part in"}, nil},
		{"/figures/hrw-2017-apprehended-since-2016-06", 200, "text/html", []string{"Subgroups", "a newborn baby", "51 (Jul 2016 – Jun 2017) + 41 (Jul 2017 – Aug 2017) = 92"}, nil},
		{"/figures/no-such-figure", 404, "text/html", []string{"404", "no-such-figure"}, nil},
		{"/figures/Bad%20Key", 404, "text/html", nil, nil},
		{"/figures?from=2017-13", 400, "text/html", []string{"from", "month must be 01 to 12"}, nil},
		{"/figures?qualifier=roughly", 400, "text/html", []string{"qualifier", "expected exact, documented"}, nil},
		{"/figures?limit=100000", 400, "text/html", []string{"limit", "from 1 to 500"}, nil},
		{"/sources", 200, "text/html", []string{"North Korean Refugees Trapped by China’s Expanding Dragnet"}, nil},
		{"/sources/" + seedSource, 200, "text/html", []string{"How to cite", "Figures in this source", "Phil Robertson"}, nil},
		{"/sources/nope", 404, "text/html", nil, nil},
		{"/metrics", 200, "text/html", []string{"forcibly_returned", "Still in custody"}, nil},
		{"/about", 200, "text/html", []string{"documented", "counted once"}, nil},
		{"/checks", 200, "text/html", []string{"51 (Jul 2016 – Jun 2017) + 41 (Jul 2017 – Aug 2017) = 92", "92 − 46 = 46", "1 + 11 + 4 = 16", "one month"}, []string{"mismatch</span>"}},
		{"/embed/charts/apprehensions", 200, "text/html", []string{"Apprehensions by period", "chart-options", "Source: Human Rights Watch"}, []string{"<nav"}},
		{"/embed/charts/nope", 404, "text/html", nil, nil},
		{"/figures.csv?metric=in_custody", 200, "text/csv", []string{"figure_id,", "hrw-2017-in-custody-2017-09-18"}, []string{"hrw-2017-apprehended"}},
		{"/figures.json?metric=in_custody", 200, "application/json", []string{`"hrw-2017-in-custody-2017-09-18"`}, nil},
		{"/api/v1/figures?metric=apprehended&limit=2", 200, "application/json", []string{`"total":6`, `"limit":2`}, nil},
		{"/api/v1/figures/hrw-2017-in-custody-2017-09-18", 200, "application/json", []string{`"revisions"`, `"quote_link"`}, nil},
		{"/api/v1/figures/nope", 404, "application/json", []string{`"code":"not_found"`}, nil},
		{"/api/v1/figures?status=gone", 400, "application/json", []string{`"field":"status"`, `"code":"invalid"`}, nil},
		{"/api/v1/sources", 200, "application/json", []string{seedSource}, nil},
		{"/api/v1/sources/" + seedSource, 200, "application/json", []string{`"revisions"`}, nil},
		{"/api/v1/metrics", 200, "application/json", []string{"apprehended"}, nil},
		{"/api/v1/checks", 200, "application/json", []string{`"parts_whole"`, `"status":"ok"`}, nil},
		{"/api/v1/charts/outcomes", 200, "application/json", []string{`"series"`, `"tooltip_text"`}, nil},
		{"/healthz", 200, "text/plain", []string{"ok"}, nil},
		{"/readyz", 200, "text/plain", []string{"ok"}, nil},
		{"/no/such/page", 404, "text/html", []string{"There is no page"}, nil},
		{"/robots.txt", 200, "text/plain", []string{"User-agent", "Sitemap: http://example.com/sitemap.xml"}, nil},
		{"/sitemap.xml", 200, "application/xml", []string{"<sitemapindex", "http://example.com/sitemaps/pages.xml", "http://example.com/sitemaps/figures-1.xml"}, []string{"figures-2.xml"}},
		{"/sitemaps/pages.xml", 200, "application/xml", []string{"<urlset", "<loc>http://example.com/about</loc>", "http://example.com/sources/" + seedSource}, nil},
		{"/sitemaps/figures-1.xml", 200, "application/xml", []string{"<loc>http://example.com/figures/" + seedFigure + "</loc>", "<lastmod>"}, nil},
		{"/sitemaps/figures-2.xml", 404, "text/html", nil, nil},
		{"/sitemaps/figures-01.xml", 404, "text/html", nil, nil},
		{"/static/dist/manifest.json", 404, "text/html", nil, nil},
		{"/static/../go.mod", 404, "", nil, nil},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			r := answers(t, s, tc.path, tc.status, tc.ctype, tc.contains, tc.notContains)
			if csp := r.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe") {
				t.Errorf("CSP = %q", csp)
			}
			if r.Header.Get("X-Content-Type-Options") != "nosniff" || r.Header.Get("Referrer-Policy") == "" {
				t.Errorf("missing nosniff or referrer policy: %v", r.Header)
			}
			wantFrame := "frame-ancestors 'none'"
			if strings.HasPrefix(tc.path, "/embed/") {
				wantFrame = "frame-ancestors *"
			}
			if !strings.Contains(r.Header.Get("Content-Security-Policy"), wantFrame) {
				t.Errorf("CSP %q lacks %q", r.Header.Get("Content-Security-Policy"), wantFrame)
			}
		})
	}
}

func TestMethodNotAllowed(t *testing.T) {
	s, _ := newTestServer(t)
	req := httptest.NewRequest(http.MethodPost, "/figures", strings.NewReader("x=1"))
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	if rec.Code != http.StatusMethodNotAllowed {
		t.Fatalf("POST /figures = %d, want 405", rec.Code)
	}
}

func TestConditionalGet(t *testing.T) {
	s, st := newTestServer(t)
	for _, path := range []string{"/", "/figures", "/api/v1/figures", "/figures/hrw-2017-in-custody-2017-09-18"} {
		r := get(t, s, path)
		etag := r.Header.Get("ETag")
		if etag == "" {
			t.Fatalf("%s: no ETag", path)
		}
		if r2 := get(t, s, path, "If-None-Match", etag); r2.StatusCode != http.StatusNotModified || body(t, r2) != "" {
			t.Errorf("%s with matching ETag = %d, want 304 and no body", path, r2.StatusCode)
		}
	}
	// A change to the data changes every ETag: nobody sees a stale figure.
	r := get(t, s, "/figures/hrw-2017-in-custody-2017-09-18")
	etag := r.Header.Get("ETag")
	v, err := st.GetFigure(context.Background(), "hrw-2017-in-custody-2017-09-18", models.AudienceEditors)
	if err != nil {
		t.Fatal(err)
	}
	f := v.Figure
	f.Notes = "corrected note"
	if err := st.UpdateFigure(context.Background(), &f, models.Change{Editor: "test", Reason: "note"}); err != nil {
		t.Fatal(err)
	}
	r2 := get(t, s, "/figures/hrw-2017-in-custody-2017-09-18", "If-None-Match", etag)
	if r2.StatusCode != http.StatusOK || !strings.Contains(body(t, r2), "corrected note") {
		t.Fatalf("after an update: status %d, want 200 with the new note", r2.StatusCode)
	}
}

func TestAssetsPrecompressedAndImmutable(t *testing.T) {
	s, _ := newTestServer(t)
	js := s.assets.URL("charts.js")
	for _, tc := range []struct{ accept, encoding string }{{"br, gzip", "br"}, {"gzip", "gzip"}, {"", ""}, {"br;q=0, gzip", "gzip"}} {
		r := get(t, s, js, "Accept-Encoding", tc.accept)
		b := body(t, r)
		if r.StatusCode != 200 || r.Header.Get("Content-Encoding") != tc.encoding {
			t.Errorf("Accept-Encoding %q: status %d, encoding %q, want %q", tc.accept, r.StatusCode, r.Header.Get("Content-Encoding"), tc.encoding)
		}
		if !strings.Contains(r.Header.Get("Cache-Control"), "immutable") {
			t.Errorf("Cache-Control = %q, want immutable", r.Header.Get("Cache-Control"))
		}
		if tc.encoding == "" && !strings.Contains(b, "echarts") && len(b) < 100000 {
			t.Errorf("uncompressed bundle looks wrong (%d bytes)", len(b))
		}
	}
}

// TestChartCodeOnlyWithCharts: every page loads the small app.js; only a
// page with a chart names the chart bundle (loaded when a chart comes into
// view), and app.js itself holds no chart code.
func TestChartCodeOnlyWithCharts(t *testing.T) {
	s, _ := newTestServer(t)
	charts := s.assets.URL("charts.js")
	for _, tc := range []struct {
		path   string
		charts bool
	}{{"/", true}, {"/sources/refugees-deeply-2017-09-18-china-dragnet", true}, {"/embed/charts/outcomes", true},
		{"/figures", false}, {"/about", false}, {"/sources", false}, {"/checks", false}, {"/figures/hrw-2017-in-custody-2017-09-18", false}} {
		page := body(t, get(t, s, tc.path))
		if !strings.Contains(page, `src="`+s.assets.URL("app.js")+`"`) {
			t.Errorf("%s: no app.js", tc.path)
		}
		if got := strings.Contains(page, charts); got != tc.charts {
			t.Errorf("%s: names the chart bundle: %v, want %v", tc.path, got, tc.charts)
		}
	}
	app := body(t, get(t, s, s.assets.URL("app.js")))
	if len(app) > 8000 || strings.Contains(app, "echarts") {
		t.Errorf("app.js is %d bytes and mentions echarts: %v", len(app), strings.Contains(app, "echarts"))
	}
}

// TestHostileTextIsEscaped stores text built to break out of every context
// it reaches and checks it comes back inert in pages, chart options, JSON
// and CSV. The browser test checks that nothing executes.
func TestHostileTextIsEscaped(t *testing.T) {
	s, st := newTestServer(t)
	ctx := context.Background()
	b := hostileBatch()
	if _, err := st.ApplyBatch(ctx, b, models.Change{Editor: "test", Reason: "hostile"}, false); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/", "/figures", "/figures/evil-figure", "/sources/evil-source", "/checks", "/metrics", "/embed/charts/apprehensions", "/sources"} {
		r := get(t, s, path)
		page := body(t, r)
		if r.StatusCode != 200 {
			t.Fatalf("%s: status %d", path, r.StatusCode)
		}
		for _, raw := range []string{"</script><script>", "<img src=x onerror", "<b>bold"} {
			if strings.Contains(page, raw) {
				t.Errorf("%s contains unescaped %q", path, raw)
			}
		}
		if strings.Contains(page, `href="javascript:`) {
			t.Errorf("%s contains a javascript: link", path)
		}
	}
	csv := body(t, get(t, s, "/figures.csv?source=evil-source"))
	if !strings.Contains(csv, `'=HYPERLINK`) {
		t.Errorf("CSV did not neutralise a formula cell:\n%s", csv)
	}
}

// hostileBatch is a source, metric and figure whose text tries to escape.
func hostileBatch() models.Batch {
	evil := `</script><script>alert(1)</script><img src=x onerror=alert(2)> __f__function(){alert(3)}__f__ <b>bold`
	m := storetest.Metric("evil_metric")
	m.Label = "Metric " + evil
	src := storetest.Source("evil-source")
	src.Title = "Title " + evil
	src.Publisher = "Publisher " + evil
	f := storetest.Figure("evil-figure", "evil_metric", "evil-source")
	f.Quote = "Quote " + evil
	f.Population = "=HYPERLINK(\"http://evil.example\")"
	f.ReportedBy = "Reporter " + evil
	// A flow of a charted metric puts the same text into chart options.
	g := storetest.Figure("evil-flow", "apprehended", "evil-source")
	g.Quote, g.ReportedBy, g.Population = f.Quote, f.ReportedBy, "North Koreans"
	return models.Batch{Metrics: []models.Metric{m}, Sources: []models.Source{src}, Figures: []models.Figure{f, g}}
}

// testLogWriter sends the server's log to the test's log, so a 500 shows why.
type testLogWriter struct{ t testing.TB }

func (w testLogWriter) Write(p []byte) (int, error) {
	w.t.Helper()
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// testLogger is a server's log at level and above, in the test's log.
func testLogger(t testing.TB, level slog.Level) *slog.Logger {
	return slog.New(slog.NewTextHandler(testLogWriter{t}, &slog.HandlerOptions{Level: level}))
}

// serveThenLeave sends GET path to s and, once reading is closed (the
// store has begun the read the request needs), leaves as a client that
// closes the connection would; the response's code comes on the channel.
func serveThenLeave(s *Server, path string, reading <-chan struct{}) <-chan int {
	ctx, leave := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil).WithContext(ctx))
		done <- rec.Code
	}()
	<-reading
	leave()
	return done
}

func TestPagesCompressedAndCachedConsistently(t *testing.T) {
	s, _ := newTestServer(t)
	plain := body(t, get(t, s, "/"))
	for i := 0; i < 2; i++ { // the second request is served from the response cache
		r := get(t, s, "/", "Accept-Encoding", "gzip, br")
		if r.Header.Get("Content-Encoding") != "gzip" {
			t.Fatalf("request %d: Content-Encoding = %q, want gzip", i, r.Header.Get("Content-Encoding"))
		}
		zr, err := gzip.NewReader(r.Body)
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(zr)
		if err != nil {
			t.Fatal(err)
		}
		if string(b) != plain {
			t.Fatalf("request %d: gzipped page differs from the plain one", i)
		}
	}
}
