package dashboard

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"forcedreturns/internal/checks"
	"forcedreturns/internal/i18n"
	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
)

// gatedStore holds every computation of the stored checks until its gate
// opens.
type gatedStore struct {
	*store.Store
	mu   sync.Mutex
	gate chan struct{}
}

func (g *gatedStore) RefreshChecks(ctx context.Context, aud models.Audience, o checks.Options) error {
	g.mu.Lock()
	gate := g.gate
	g.mu.Unlock()
	select {
	case <-gate:
	case <-ctx.Done():
		return ctx.Err()
	}
	return g.Store.RefreshChecks(ctx, aud, o)
}

func (g *gatedStore) close() (open func()) {
	g.mu.Lock()
	defer g.mu.Unlock()
	gate := make(chan struct{})
	g.gate = gate
	return func() { close(gate) }
}

// apiCheckState is what the API's /checks answers, as far as these tests read.
type apiCheckState struct {
	Computing bool       `json:"computing"`
	Computed  bool       `json:"computed"`
	AsOf      *time.Time `json:"as_of"`
	Notice    string     `json:"notice"`
	Summary   struct {
		All int `json:"all"`
	} `json:"summary"`
	Items []checks.Result `json:"items"`
}

func getCheckState(t *testing.T, h http.Handler) (apiCheckState, http.Header) {
	t.Helper()
	r := get(t, h, "/api/v1/checks")
	var out apiCheckState
	if r.StatusCode != http.StatusOK {
		t.Fatalf("/api/v1/checks: %d: %s", r.StatusCode, body(t, r))
	}
	if err := json.NewDecoder(r.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	return out, r.Header
}

// waitComputed asks the API until the checks are no longer being
// computed (the background computation never ends: a failure).
func waitComputed(t *testing.T, h http.Handler) apiCheckState {
	t.Helper()
	deadline := time.Now().Add(3 * time.Minute)
	for {
		got, _ := getCheckState(t, h)
		if !got.Computing {
			return got
		}
		if time.Now().After(deadline) {
			t.Fatalf("the checks are still being computed after 3 minutes: %+v", got)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestChecksComputedInBackground: while the stored checks are computed
// from scratch (none yet, or an import's full-rebuild marker), /checks
// and the API answer at once, without waiting, from the last computation
// completed, saying in the page's language that the checks are being
// computed again and what they are as of (and, before the first, that
// there is nothing to show yet, not "no relations"), with no ETag that
// would keep that answer; the results of the new computation then
// replace them, and are current again.
func TestChecksComputedInBackground(t *testing.T) {
	_, st := newTestServer(t)
	gs := &gatedStore{Store: st}
	open := gs.close()
	s, err := New(Config{Logger: testLogger(t, slog.LevelWarn), ChecksWait: -1}, gs)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	first := i18n.T(models.English, "checks.computing_first")

	// Nothing computed yet.
	page := body(t, get(t, s, "/checks"))
	if !strings.Contains(page, first) || strings.Contains(page, "No relations between figures found") || strings.Contains(page, "relations found") {
		t.Errorf("/checks before the first computation: want only the notice %q:\n%s", first, pageText(page))
	}
	got, h := getCheckState(t, s)
	if !got.Computing || got.Computed || got.AsOf != nil || got.Notice != first || len(got.Items) != 0 || h.Get("ETag") != "" {
		t.Errorf("/api/v1/checks before the first computation: %+v, ETag %q; want computing, nothing computed, the notice, no ETag", got, h.Get("ETag"))
	}
	open()
	before := waitComputed(t, s)
	if !before.Computed || before.AsOf == nil || before.Notice != "" || before.Summary.All == 0 {
		t.Fatalf("computed: %+v; want the checks, as of a time, with no notice", before)
	}
	if r := get(t, s, "/checks"); r.Header.Get("ETag") == "" || strings.Contains(body(t, r), "being computed") {
		t.Errorf("/checks once computed: no ETag, or still says the checks are being computed")
	}

	// An import's marker: everything is computed again. More figures
	// than are followed one by one, past a lower bound than in production
	// so that they stay few.
	open = gs.close()
	storetest.SetBulk(t, 100, 0)
	if err := st.GenerateFigures(context.Background(), 150, 11); err != nil {
		t.Fatal(err)
	}
	asOf := models.DateTimeIn(models.English, *before.AsOf)
	for _, l := range []models.Lang{models.English, models.Korean} {
		path := "/checks"
		if l != models.English {
			path = "/" + string(l) + "/checks"
		}
		r := get(t, s, path)
		page := body(t, r)
		want := i18n.T(l, "checks.computing_as_of", "AsOf", models.DateTimeIn(l, *before.AsOf))
		if !strings.Contains(page, want) || r.Header.Get("ETag") != "" {
			t.Errorf("%s during the computation: ETag %q; want no ETag and the notice %q:\n%s", path, r.Header.Get("ETag"), want, pageText(page))
		}
		if lead := i18n.T(l, "checks.lead", "Count", before.Summary.All); !strings.Contains(page, lead) {
			t.Errorf("%s during the computation: want the last computation's %q", path, lead)
		}
	}
	got, h = getCheckState(t, s)
	if !got.Computing || !got.Computed || got.AsOf == nil || !got.AsOf.Equal(*before.AsOf) || got.Summary.All != before.Summary.All ||
		!strings.Contains(got.Notice, asOf) || h.Get("ETag") != "" {
		t.Errorf("/api/v1/checks during the computation: %+v, ETag %q; want computing, the last computation's %d checks as of %v and a notice saying so, no ETag",
			got, h.Get("ETag"), before.Summary.All, before.AsOf)
	}
	open()
	after := waitComputed(t, s)
	if !after.Computed || after.AsOf == nil || !after.AsOf.After(*before.AsOf) || after.Summary.All <= before.Summary.All || after.Notice != "" {
		t.Errorf("computed again: %+v; want more checks than the %d before, as of a later time, with no notice", after, before.Summary.All)
	}
}

// failingStore refuses the first fails computations of the stored
// checks with err, then computes them.
type failingStore struct {
	*store.Store
	err   error
	fails int

	mu    sync.Mutex
	calls int
	done  bool
}

func (f *failingStore) RefreshChecks(ctx context.Context, aud models.Audience, o checks.Options) error {
	f.mu.Lock()
	f.calls++
	refuse := f.calls <= f.fails
	f.mu.Unlock()
	if refuse {
		return f.err
	}
	err := f.Store.RefreshChecks(ctx, aud, o)
	f.mu.Lock()
	f.done = err == nil
	f.mu.Unlock()
	return err
}

func (f *failingStore) state() (calls int, done bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls, f.done
}

// TestChecksRetriedWhileBusy: a computation of the checks started in the
// background (by a figure page whose checks are pending, or by /checks,
// which does not wait for it; nothing starts it again) that finds the database busy — another writer holding SQLite's
// write lock — tries again until it is done; any other failure ends it.
func TestChecksRetriedWhileBusy(t *testing.T) {
	defer func(w time.Duration) { checksRetryWait = w }(checksRetryWait)
	checksRetryWait = time.Millisecond
	for _, tc := range []struct {
		name      string
		err       error
		wantCalls int
		wantDone  bool
	}{
		{"busy twice", models.Errorf(models.EUnavailable, "The database is busy with another change"), 3, true},
		{"busy at every try", nil, checksRetries, false}, // err set below: busy forever
		{"another failure", errors.New("disk I/O error"), 1, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, st := newTestServer(t)
			fs := &failingStore{Store: st, err: tc.err, fails: 2}
			if tc.err == nil {
				fs.err, fs.fails = models.Errorf(models.EUnavailable, "busy"), 1<<30
			}
			s, err := New(Config{Logger: testLogger(t, slog.LevelError), ChecksWait: -1}, fs)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(s.Close)
			if r := get(t, s, "/checks"); r.StatusCode != http.StatusOK {
				t.Fatalf("/checks: %d", r.StatusCode)
			}
			// Only the background run: no request starts another.
			deadline := time.Now().Add(time.Minute)
			for {
				s.checkRuns.mu.Lock()
				running := len(s.checkRuns.running)
				s.checkRuns.mu.Unlock()
				if running == 0 {
					break
				}
				if time.Now().After(deadline) {
					t.Fatal("the background computation did not end in a minute")
				}
				time.Sleep(5 * time.Millisecond)
			}
			if calls, done := fs.state(); calls != tc.wantCalls || done != tc.wantDone {
				t.Errorf("the computation was tried %d times, done %v; want %d, done %v", calls, done, tc.wantCalls, tc.wantDone)
			}
		})
	}
}
