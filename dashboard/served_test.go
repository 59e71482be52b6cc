package dashboard

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"forcedreturns/internal/store/storetest"
)

// The store's background computations give way to the requests being
// served (package pace); a request that waits for the checks' computation
// steps aside, and every request, however it ends, stops being counted.
func TestRequestsServedAndTheChecksComputation(t *testing.T) {
	st := storetest.OpenTemplate(t, "seeded", loadSeeds)
	// 30 s: the seed's checks take a fraction of a second.
	s, err := New(Config{Logger: testLogger(t, slog.LevelWarn), ChecksWait: 30 * time.Second}, st)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	g := st.Requests()
	// Every step of a computation waits for the requests served, an
	// hour at most: a request that waited for it without stepping aside
	// would wait its whole ChecksWait and be answered "computing".
	g.Wait, g.Run = time.Hour, -1
	r := get(t, s, "/api/v1/checks")
	var page struct {
		Computing bool `json:"computing"`
		Computed  bool `json:"computed"`
	}
	if err := json.NewDecoder(r.Body).Decode(&page); err != nil {
		t.Fatal(err)
	}
	if r.StatusCode != http.StatusOK || page.Computing || !page.Computed {
		t.Fatalf("/api/v1/checks: %d, computing %v, computed %v; want 200 and the checks computed while the request waited", r.StatusCode, page.Computing, page.Computed)
	}
	// However a request ends, it is no longer counted: a page, a 404,
	// a refused filter, a redirect, a HEAD, a refused write, a download.
	for _, req := range []*http.Request{
		httptest.NewRequest(http.MethodGet, "/", nil),
		httptest.NewRequest(http.MethodGet, "/figures/no-such-figure", nil),
		httptest.NewRequest(http.MethodGet, "/figures?from=2017-13-01", nil),
		httptest.NewRequest(http.MethodGet, "/ko/about", nil),
		httptest.NewRequest(http.MethodHead, "/sources", nil),
		httptest.NewRequest(http.MethodPost, "/api/v1/figures", strings.NewReader("{")),
		httptest.NewRequest(http.MethodGet, "/figures.csv", nil),
	} {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code == 0 || rec.Code >= 500 {
			t.Errorf("%s %s: %d", req.Method, req.URL, rec.Code)
		}
	}
	if n := g.Serving(); n != 0 {
		t.Errorf("%d requests still counted as served after every one ended: the background would give way to them for good", n)
	}
}
