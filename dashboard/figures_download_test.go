package dashboard

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"forcedreturns/internal/checks"
	"forcedreturns/internal/export"
	"forcedreturns/internal/format"
	"forcedreturns/internal/importer"
	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
)

// The JSON download carries the definitions of the metrics its rows use
// (and no others), so that it imports into an empty database.
func TestJSONDownloadCarriesMetrics(t *testing.T) {
	s, _ := newTestServer(t)
	srv := httptest.NewServer(s)
	defer srv.Close()
	r, err := http.Get(srv.URL + "/figures.json?metric=in_custody")
	if err != nil {
		t.Fatal(err)
	}
	data, err := io.ReadAll(r.Body)
	r.Body.Close()
	if err != nil || r.StatusCode != http.StatusOK {
		t.Fatalf("status %d, %v", r.StatusCode, err)
	}
	var doc struct {
		Metrics []format.MetricDefJSON `json:"metrics"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	want := []format.MetricDefJSON{{Slug: "in_custody", Label: "Still in custody", Unit: "people",
		Definition: "People held by the acting state at a given date after being apprehended, not yet returned or released (a stock).",
		LabelKo:    "구금 중", DefinitionKo: "체포된 뒤 특정 날짜에 행위 국가가 붙잡아 두고 있는 사람으로, 아직 송환되거나 풀려나지 않은 사람(시점 현황)."}}
	if diff := cmp.Diff(want, doc.Metrics); diff != "" {
		t.Errorf("metrics (-want +got):\n%s", diff)
	}

	b, err := importer.Parse("figures.json", strings.NewReader(string(data)), importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	empty := storetest.Open(t)
	res, err := empty.ApplyBatch(context.Background(), b, storetest.Change(), false)
	if err != nil {
		t.Fatalf("the download does not import into an empty database: %v", err)
	}
	if res.Created != 3 { // the metric, the source, the figure
		t.Errorf("created %d, want 3", res.Created)
	}
}

// A download is kept for the next identical request: the second answer is
// the same file (an attachment still), and a public write changes it.
func TestDownloadIsKeptUntilTheDataChange(t *testing.T) {
	s, st := newTestServer(t)
	ctx := context.Background()
	for _, path := range []string{"/figures.csv", "/figures.json?metric=in_custody"} {
		first := get(t, s, path)
		a := body(t, first)
		second := get(t, s, path)
		b := body(t, second)
		if first.StatusCode != http.StatusOK || second.StatusCode != http.StatusOK || a != b || a == "" {
			t.Fatalf("%s: %d then %d, bodies equal %v", path, first.StatusCode, second.StatusCode, a == b)
		}
		for _, r := range []*http.Response{first, second} {
			if got := r.Header.Get("Content-Disposition"); !strings.HasPrefix(got, "attachment;") {
				t.Errorf("%s: Content-Disposition %q", path, got)
			}
			if got := r.Header.Get("Content-Type"); got == "" || got != first.Header.Get("Content-Type") {
				t.Errorf("%s: Content-Type %q, first %q", path, got, first.Header.Get("Content-Type"))
			}
		}
	}
	before := body(t, get(t, s, "/figures.csv"))
	v, err := st.GetFigure(ctx, "hrw-2017-in-custody-2017-09-18", models.AudiencePublic)
	if err != nil {
		t.Fatal(err)
	}
	f := v.Figure
	f.Notes = "kept-download probe"
	if err := st.UpdateFigure(ctx, &f, models.Change{Editor: "ed", Reason: "test"}); err != nil {
		t.Fatal(err)
	}
	after := body(t, get(t, s, "/figures.csv"))
	if after == before || !strings.Contains(after, "kept-download probe") {
		t.Error("the download after a write is the kept copy of the one before")
	}
}

// gunzip decompresses a gzip response body, failing the test if it is not
// one.
func gunzip(t *testing.T, r *http.Response) string {
	t.Helper()
	if r.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("Content-Encoding %q, want gzip", r.Header.Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(r.Body)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Downloads are gzipped for a client that accepts it, streamed (the first
// request) and from the kept copy (the second), still attachments; a
// client that does not accept gzip gets the same file plain.
func TestDownloadGzipped(t *testing.T) {
	s, _ := newTestServer(t)
	for _, path := range []string{"/figures.csv", "/figures.json"} {
		streamed := get(t, s, path, "Accept-Encoding", "gzip, br")
		kept := get(t, s, path, "Accept-Encoding", "gzip")
		plain := get(t, s, path, "Accept-Encoding", "gzip;q=0")
		a, b, p := gunzip(t, streamed), gunzip(t, kept), body(t, plain)
		if a == "" || a != b || a != p {
			t.Errorf("%s: streamed gzip (%d bytes), kept gzip (%d) and plain (%d) differ", path, len(a), len(b), len(p))
		}
		if plain.Header.Get("Content-Encoding") != "" {
			t.Errorf("%s: Content-Encoding %q for a client refusing gzip", path, plain.Header.Get("Content-Encoding"))
		}
		for _, r := range []*http.Response{streamed, kept, plain} {
			if got := r.Header.Get("Content-Disposition"); !strings.HasPrefix(got, "attachment;") {
				t.Errorf("%s: Content-Disposition %q", path, got)
			}
			if !strings.Contains(strings.Join(r.Header.Values("Vary"), ","), "Accept-Encoding") {
				t.Errorf("%s: Vary %q", path, r.Header.Values("Vary"))
			}
		}
	}
}

// The countable columns a download works out for every public figure are
// stored for the downloads after it (keepCounts), and so are those serve
// asks for at start (StoreCounts); a public write puts them aside, and
// every download is the export counting from a first pass over its rows.
func TestDownloadStoresCounts(t *testing.T) {
	s, st := newTestServer(t)
	ctx := context.Background()
	current := func() bool {
		ok, err := st.CountsCurrent(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	waitCurrent := func(what string) {
		t.Helper()
		for deadline := time.Now().Add(20 * time.Second); !current(); time.Sleep(20 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("%s: the countable columns are not stored", what)
			}
		}
	}
	firstPass := func(f models.FigureFilter) string {
		var b bytes.Buffer
		it := func(yield func(*models.FigureView) error) error { return st.EachFigure(ctx, f, yield) }
		if _, err := export.WriteCSV(&b, it, nil); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	if current() {
		t.Fatal("stored countable columns before any download")
	}
	if got := body(t, get(t, s, "/figures.csv")); got != firstPass(models.FigureFilter{}) {
		t.Error("the first download differs from the first pass's export")
	}
	waitCurrent("after the first download")
	v, err := st.GetFigure(ctx, "hrw-2017-in-custody-2017-09-18", models.AudiencePublic)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.RetractFigure(ctx, v.Figure.Key, v.Figure.Version, "a test", models.Change{Editor: "ed", Reason: "test"}); err != nil {
		t.Fatal(err)
	}
	if current() {
		t.Fatal("the countable columns stored before a retraction are still current")
	}
	s.StoreCounts()
	waitCurrent("after StoreCounts")
	f := models.FigureFilter{Sort: "-value"}
	if got := body(t, get(t, s, "/figures.csv?sort=-value")); got != firstPass(f) || !strings.Contains(got, ",retracted,") {
		t.Error("the download from the stored columns differs from the first pass's export")
	}
}

// turnStore notes a count or a save of the countable columns made outside
// the checks' turn (checkRuns.turn), beside the checks' computation.
type turnStore struct {
	*store.Store
	s         *Server
	computing atomic.Bool // the test holds the turn, as the checks' computation would
	outside   atomic.Int32
}

func (t *turnStore) inTurn() {
	switch {
	case t.computing.Load():
		t.outside.Add(1)
	case t.s.checkRuns.turn.TryLock():
		t.outside.Add(1)
		t.s.checkRuns.turn.Unlock()
	}
}

func (t *turnStore) CountsCurrent(ctx context.Context) (bool, error) {
	t.inTurn()
	return t.Store.CountsCurrent(ctx)
}

func (t *turnStore) SaveFigureCounts(ctx context.Context, version int64, notes []int64, n int, row func(int) (int64, bool, *string, *string, *string)) (bool, error) {
	t.inTurn()
	return t.Store.SaveFigureCounts(ctx, version, notes, n, row)
}

// The countable columns are counted and stored in the checks' turn, one
// expensive computation at a time (issue 12): StoreCounts waits for the
// checks computed to end; a download's answer is left unstored while
// they are computed, and stored in the turn otherwise.
func TestCountsStoredInTheChecksTurn(t *testing.T) {
	_, st := newTestServer(t)
	ts := &turnStore{Store: st}
	s := newServerOn(t, ts)
	ts.s = s
	ctx := context.Background()
	current := func() bool {
		ok, err := st.CountsCurrent(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	// A computation of the checks under way: a download's answer is not
	// stored.
	s.checkRuns.turn.Lock()
	ts.computing.Store(true)
	body(t, get(t, s, "/figures.csv"))
	s.checkRuns.wg.Wait()
	if current() {
		t.Error("a download's countable columns were stored while the checks were computed")
	}
	// StoreCounts waits for it, then counts and stores in the turn.
	s.StoreCounts()
	ts.computing.Store(false)
	s.checkRuns.turn.Unlock()
	s.checkRuns.wg.Wait()
	if !current() {
		t.Error("StoreCounts stored nothing once the checks' computation ended")
	}
	// A download's answer, stored in the turn when nothing is computed.
	v, err := st.GetFigure(ctx, "hrw-2017-in-custody-2017-09-18", models.AudiencePublic)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.RetractFigure(ctx, v.Figure.Key, v.Figure.Version, "a test", models.Change{Editor: "ed", Reason: "test"}); err != nil {
		t.Fatal(err)
	}
	body(t, get(t, s, "/figures.csv"))
	s.checkRuns.wg.Wait()
	if !current() {
		t.Error("a download's countable columns were not stored with no computation under way")
	}
	if n := ts.outside.Load(); n > 0 {
		t.Errorf("%d counts or saves of the countable columns outside the checks' turn", n)
	}
}

// orderStore records the order in which the checks' computation and the
// save of the countable columns begin.
type orderStore struct {
	*store.Store
	mu    sync.Mutex
	order []string
}

func (o *orderStore) note(what string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.order = append(o.order, what)
}

func (o *orderStore) RefreshChecks(ctx context.Context, aud models.Audience, opts checks.Options) error {
	o.note("checks")
	return o.Store.RefreshChecks(ctx, aud, opts)
}

func (o *orderStore) SaveFigureCounts(ctx context.Context, version int64, notes []int64, n int, row func(int) (int64, bool, *string, *string, *string)) (bool, error) {
	o.note("counts")
	return o.Store.SaveFigureCounts(ctx, version, notes, n, row)
}

// serve's start-up count of every figure comes before the checks'
// computation a first request starts, even when that request comes
// before the count is asked for (serve asks once the overview's
// summaries are computed): StoreCountsFirst takes the turn at start. It
// came after (20 minutes and more at a million figures, every download
// counting meanwhile) when serve asked with StoreCounts.
func TestStartCountsBeforeChecks(t *testing.T) {
	_, st := newTestServer(t)
	ord := &orderStore{Store: st}
	s := newServerOn(t, ord)
	start := s.StoreCountsFirst() // serve, before it listens
	run := s.startChecks(models.AudiencePublic)
	time.Sleep(50 * time.Millisecond) // the computation would have begun by now
	start()                           // serve, the summaries computed
	start()                           // a second call does nothing
	<-run.done
	s.checkRuns.wg.Wait()
	if run.err != nil {
		t.Fatal(run.err)
	}
	ord.mu.Lock()
	defer ord.mu.Unlock()
	if !slices.Equal(ord.order, []string{"counts", "checks"}) {
		t.Errorf("order at start %v, want the count before the checks", ord.order)
	}
	if ok, err := st.CountsCurrent(context.Background()); err != nil || !ok {
		t.Errorf("the countable columns are not stored after start: %v %v", ok, err)
	}
}

// A download's file name says its filters, so that the downloads of
// several filters do not overwrite each other, in the characters every
// file system and the header's quoted string take.
func TestDownloadFileNameSaysItsFilters(t *testing.T) {
	s, _ := newTestServer(t)
	srv := httptest.NewServer(s)
	defer srv.Close()
	long := strings.Repeat("x", 200)
	for _, tc := range []struct{ path, want string }{
		{"/figures.csv", `attachment; filename="forced-returns-figures.csv"`},
		{"/figures.json?sort=-value", `attachment; filename="forced-returns-figures.json"`},
		{"/figures.csv?metric=apprehended&from=2017-07", `attachment; filename="forced-returns-figures_from-2017-07-01_metric-apprehended.csv"`},
		{"/figures.csv?population=North+Koreans%22%3B+x%3D%3Cy%3E&acting=none", `attachment; filename="forced-returns-figures_acting-none_population-North-Koreans-x-y-.csv"`},
		{"/figures.csv?unit=" + long, `attachment; filename="forced-returns-figures_unit-` + long[:120-len("forced-returns-figures_unit-")] + `.csv"`},
	} {
		r, err := http.Get(srv.URL + tc.path)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, r.Body)
		r.Body.Close()
		if r.StatusCode != http.StatusOK {
			t.Errorf("%s: status %d", tc.path, r.StatusCode)
		}
		if got := r.Header.Get("Content-Disposition"); got != tc.want {
			t.Errorf("%s: Content-Disposition %s, want %s", tc.path, got, tc.want)
		}
	}
}

// TestDownloadErrorsAnswerInKind: a download's error answers in what its
// client reads. The JSON download's, whatever the Accept header, in the
// API's JSON shape; the CSV download's as plain text to curl (*/* or no
// Accept), as the error page to a browser, as JSON to a client asking
// for it; each with the field-naming message, in English and Korean.
func TestDownloadErrorsAnswerInKind(t *testing.T) {
	s, _ := newTestServer(t)
	const (
		browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
		month   = `"2017-13": month must be 01 to 12`
		monthKo = `"2017-13": 월은 01에서 12 사이여야 합니다`
	)
	for _, tc := range []struct {
		path, accept string
		status       int
		ctype        string
		want, not    []string
	}{
		{"/figures.json?from=2017-13", "", 400, "application/json", []string{`"status":400,"code":"invalid"`, `{"field":"from","message":"\"2017-13\": month must be 01 to 12"}`}, []string{"<html"}},
		{"/figures.json?from=2017-13", "application/json", 400, "application/json", []string{`"field":"from"`}, nil},
		{"/figures.json?from=2017-13", browser, 400, "application/json", []string{`"field":"from"`}, []string{"<html"}},
		{"/ko/figures.json?from=2017-13", "", 400, "application/json", []string{`"field":"from"`, `"message":"\"2017-13\": 월은 01에서 12 사이여야 합니다"`}, nil},
		{"/figures.json?source=nope", "", 400, "application/json", []string{`{"field":"source","message":"no source with id \"nope\"`}, nil},
		{"/figures.csv?from=2017-13", "", 400, "text/plain", []string{"invalid filter\nfrom: " + month + "\n"}, []string{"<html", "{"}},
		{"/figures.csv?from=2017-13", "*/*", 400, "text/plain", []string{"from: " + month}, nil},
		{"/ko/figures.csv?from=2017-13", "*/*", 400, "text/plain", []string{"from: " + monthKo}, nil},
		{"/figures.csv?from=2017-13", browser, 400, "text/html", []string{"<html", month}, nil},
		{"/ko/figures.csv?from=2017-13", browser, 400, "text/html", []string{"<html", monthKo}, nil},
		{"/figures.csv?from=2017-13", "application/json", 400, "application/json", []string{`"field":"from"`}, nil},
		// The pages stay pages; the API stays JSON.
		{"/figures?from=2017-13", "", 400, "text/html", []string{"<html", month}, nil},
		{"/api/v1/charts/apprehensions/figures.csv?from=2017-13", browser, 400, "application/json", []string{`"field":"from"`}, nil},
	} {
		t.Run(tc.path+" "+tc.accept, func(t *testing.T) {
			r := answers(t, s, tc.path, tc.status, tc.ctype, tc.want, tc.not, "Accept", tc.accept)
			if strings.Contains(tc.path, "figures.csv?") && !strings.HasPrefix(tc.path, "/api/") && !slices.Contains(r.Header.Values("Vary"), "Accept") {
				t.Errorf("Vary = %q, want Accept among them", r.Header.Values("Vary"))
			}
		})
	}
}
