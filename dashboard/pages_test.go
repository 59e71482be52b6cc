package dashboard

import (
	"context"
	"encoding/json"
	"errors"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"forcedreturns/internal/checks"
	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
	"forcedreturns/seeds"
)

// Lists at scale: the pages of /figures and of the API follow one another
// by cursors, and /checks is a summary with pages.

// scaleServer is a server over the seed and n generated figures, on each
// database.
func eachScaleServer(t *testing.T, n int, fn func(t *testing.T, s *Server, st *store.Store)) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		if _, err := seeds.Load(context.Background(), st); err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			if err := st.GenerateFigures(context.Background(), n, 3); err != nil {
				t.Fatal(err)
			}
		}
		s := newServerOn(t, st)
		fn(t, s, st)
	})
}

var (
	rowKey   = regexp.MustCompile(`<th scope="row"><a href="/figures/([^"]+)">`)
	nextLink = regexp.MustCompile(`<a href="([^"]+)" rel="next">`)
	prevLink = regexp.MustCompile(`<a href="([^"]+)" rel="prev">`)
	lastLink = regexp.MustCompile(`<a href="([^"]+)">Last »</a>`)
	pageOf   = regexp.MustCompile(`Page (\d+) of (\d+)`)
)

// TestFigurePagesWalkByCursor: following the next links of /figures from
// its first page, or the previous links from its last, through a
// filtered, sorted list, shows every figure exactly once, in the order of
// the whole list; so do the next links of the API. The links the pager
// renders are cursors.
func TestFigurePagesWalkByCursor(t *testing.T) {
	eachScaleServer(t, 300, func(t *testing.T, s *Server, st *store.Store) {
		for _, query := range []string{
			"metric=apprehended,in_custody,deaths&sort=-value&limit=14",
			"from=2004&to=2019&sort=-period&limit=18",
			"source=synthetic-source-1,synthetic-source-2&sort=updated&limit=10",
			"qualifier=exact,at_least&sort=id&limit=22",
		} {
			t.Run(query, func(t *testing.T) {
				f, err := models.ParseFigureFilter(mustQuery(t, query))
				if err != nil {
					t.Fatal(err)
				}
				limit := f.Limit
				f.Limit = 0
				var want []string
				if err := st.EachFigure(context.Background(), f, func(v *models.FigureView) error {
					want = append(want, v.Figure.Key)
					return nil
				}); err != nil {
					t.Fatal(err)
				}
				if len(want) < 3*limit {
					t.Fatalf("only %d figures match: the test needs several pages", len(want))
				}

				var walked []string
				path := "/figures?" + query
				for pages := 0; path != ""; pages++ {
					b := pageBody(t, s, path)
					walked = append(walked, rowKeys(b)...)
					if pages > 0 && !strings.Contains(path, "cursor=") {
						t.Fatalf("the next link %s is no cursor", path)
					}
					path = link(nextLink, b)
					if pages > len(want) {
						t.Fatal("the next links do not end")
					}
				}
				if diff := cmp.Diff(want, walked); diff != "" {
					t.Errorf("next links (-whole list +walked):\n%s", diff)
				}

				walked = nil
				first := pageBody(t, s, "/figures?"+query)
				path = link(lastLink, first)
				if path == "" || !strings.Contains(path, "cursor=") {
					t.Fatalf("no last page cursor link on the first page")
				}
				for pages := 0; path != ""; pages++ {
					b := pageBody(t, s, path)
					walked = append(rowKeys(b), walked...)
					if m := pageOf.FindStringSubmatch(b); m == nil {
						t.Errorf("%s: no page number", path)
					}
					path = link(prevLink, b)
					if pages > len(want) {
						t.Fatal("the previous links do not end")
					}
				}
				if diff := cmp.Diff(want, walked); diff != "" {
					t.Errorf("previous links from the last page (-whole list +walked):\n%s", diff)
				}

				walked = nil
				path = "/api/v1/figures?" + query
				for pages := 0; path != ""; pages++ {
					var page struct {
						Items []struct {
							ID string `json:"id"`
						} `json:"items"`
						Total int    `json:"total"`
						Next  string `json:"next"`
					}
					r := get(t, s, path)
					if r.StatusCode != http.StatusOK {
						t.Fatalf("%s: %d %s", path, r.StatusCode, body(t, r))
					}
					if err := json.NewDecoder(r.Body).Decode(&page); err != nil {
						t.Fatal(err)
					}
					if page.Total != len(want) {
						t.Errorf("%s: total %d, want %d", path, page.Total, len(want))
					}
					for _, it := range page.Items {
						walked = append(walked, it.ID)
					}
					path = page.Next
					if pages > len(want) {
						t.Fatal("the API's next links do not end")
					}
				}
				if diff := cmp.Diff(want, walked); diff != "" {
					t.Errorf("the API's next links (-whole list +walked):\n%s", diff)
				}
			})
		}
	})
}

func mustQuery(t *testing.T, q string) url.Values {
	t.Helper()
	v, err := url.ParseQuery(q)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func pageBody(t *testing.T, s *Server, path string) string {
	t.Helper()
	r := get(t, s, path)
	b := body(t, r)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("%s: status %d: %.400s", path, r.StatusCode, b)
	}
	return b
}

func rowKeys(page string) []string {
	var out []string
	for _, m := range rowKey.FindAllStringSubmatch(page, -1) {
		out = append(out, m[1])
	}
	return out
}

func link(re *regexp.Regexp, page string) string {
	if m := re.FindStringSubmatch(page); m != nil {
		return html.UnescapeString(m[1])
	}
	return ""
}

// TestBadCursorIsRefused: a cursor that is not one, or belongs to
// another order, or comes with an offset, is a 400 naming the parameter.
func TestBadCursorIsRefused(t *testing.T) {
	s, _ := newTestServer(t)
	valueCursor := models.Cursor{Sort: "-value", Values: []string{"46", "k"}}.Encode()
	for _, q := range []string{
		"cursor=not-a-cursor!", "cursor=" + models.Cursor{}.Encode()[:0] + "e30x", "cursor=" + valueCursor,
		"sort=-value&page=2&cursor=" + valueCursor, "sort=-value&cursor=" + models.Cursor{Sort: "-value", Values: []string{"lots", "k"}}.Encode(),
		"sort=-value&cursor=" + models.Cursor{Sort: "-value", Values: []string{"1"}}.Encode(),
	} {
		for _, prefix := range []string{"/figures?", "/api/v1/figures?"} {
			r := get(t, s, prefix+q)
			b := body(t, r)
			if r.StatusCode != http.StatusBadRequest || !strings.Contains(b, "cursor") {
				t.Errorf("%s%s: %d, want 400 naming cursor: %.300s", prefix, q, r.StatusCode, b)
			}
			if strings.HasPrefix(prefix, "/api") && !strings.Contains(b, `"field":"cursor"`) {
				t.Errorf("%s%s: the error names no field cursor: %.300s", prefix, q, b)
			}
		}
	}
}

// apiChecks is the API's answer about checks.
type apiChecks struct {
	Items   []checks.Result `json:"items"`
	Total   int             `json:"total"`
	Limit   int             `json:"limit"`
	Offset  int             `json:"offset"`
	Next    string          `json:"next"`
	Summary struct {
		All      int            `json:"all"`
		Outcomes []checks.Tally `json:"outcomes"`
		Kinds    []checks.Tally `json:"kinds"`
	} `json:"summary"`
}

// TestChecksSummaryMatchesTheRun: the summary of /checks and of the API
// counts exactly what a run of every check finds, on the seed and on
// generated data; its pages hold every result once, mismatches first;
// filters select what they say.
func TestChecksSummaryMatchesTheRun(t *testing.T) {
	for _, n := range []int{0, 400} {
		t.Run("generated "+strconv.Itoa(n), func(t *testing.T) { checksMatchTheRun(t, n) })
	}
}

func checksMatchTheRun(t *testing.T, n int) {
	eachScaleServer(t, n, func(t *testing.T, s *Server, st *store.Store) {
		var views []models.FigureView
		if err := st.EachFigure(context.Background(), models.AllFigures(models.AudiencePublic), func(v *models.FigureView) error {
			views = append(views, *v)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		run := checks.RunViews(views, nil)
		counts := checks.Counts(run)
		if n > 0 && (counts[checks.Mismatch] == 0 || counts[checks.OK] == 0) {
			t.Fatalf("generated data gives %v: the test needs every outcome", counts)
		}

		first := decode[apiChecks](t, get(t, s, "/api/v1/checks"))
		if first.Summary.All != len(run) || first.Total != len(run) {
			t.Errorf("summary of %d checks, total %d; the run finds %d", first.Summary.All, first.Total, len(run))
		}
		var names []string
		for _, o := range first.Summary.Outcomes {
			names = append(names, o.Name)
			if o.Count != counts[checks.Status(o.Name)] {
				t.Errorf("summary: %d %s, the run finds %d", o.Count, o.Name, counts[checks.Status(o.Name)])
			}
		}
		if diff := cmp.Diff([]string{"mismatch", "cannot_tell", "ok"}, names); diff != "" {
			t.Errorf("outcomes in the summary (-want +got):\n%s", diff)
		}
		kinds := map[string]int{}
		for _, r := range run {
			kinds[r.Kind]++
		}
		for _, k := range first.Summary.Kinds {
			if k.Count != kinds[k.Name] {
				t.Errorf("summary: %d of kind %s, the run finds %d", k.Count, k.Name, kinds[k.Name])
			}
		}

		// Every page, through the next links: every result once, the
		// mismatches first.
		var paged []checks.Result
		path := "/api/v1/checks?limit=37"
		for path != "" {
			p := decode[apiChecks](t, get(t, s, path))
			paged = append(paged, p.Items...)
			path = p.Next
			if len(paged) > len(run) {
				t.Fatal("the pages do not end")
			}
		}
		rank := map[checks.Status]int{checks.Mismatch: 0, checks.Unknown: 1, checks.OK: 2}
		if !slices.IsSortedFunc(paged, func(a, b checks.Result) int { return rank[a.Status] - rank[b.Status] }) {
			t.Error("the pages do not list the mismatches first, then cannot tell, then ok")
		}
		key := func(r checks.Result) string { return r.Kind + "|" + r.Title + "|" + strings.Join(r.Figures, ",") }
		got, want := map[string]int{}, map[string]int{}
		for _, r := range paged {
			got[key(r)]++
		}
		for _, r := range run {
			want[key(r)]++
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("the pages hold other results than the run (-run +pages):\n%s", diff)
		}

		// The HTML page shows the same counts.
		page := html.UnescapeString(pageBody(t, s, "/checks"))
		for _, o := range first.Summary.Outcomes {
			if !strings.Contains(page, `<th scope="row" class="check-`+o.Name+`">`+o.Label+`</th><td>`) ||
				(o.Count > 0 && !regexp.MustCompile(`class="check-`+o.Name+`">[^<]*</th><td><a href="[^"]*">`+strconv.Itoa(o.Count)+`</a>`).MatchString(page)) {
				t.Errorf("/checks does not show %d %s", o.Count, o.Name)
			}
		}

		// Filters.
		for _, o := range first.Summary.Outcomes {
			p := decode[apiChecks](t, get(t, s, "/api/v1/checks?limit=500&outcome="+o.Name))
			if p.Total != o.Count {
				t.Errorf("outcome=%s: total %d, want %d", o.Name, p.Total, o.Count)
			}
			for _, r := range p.Items {
				if string(r.Status) != o.Name {
					t.Errorf("outcome=%s lists a %s check", o.Name, r.Status)
				}
			}
		}
		if n > 0 {
			p := decode[apiChecks](t, get(t, s, "/api/v1/checks?limit=500&metric=deaths&kind=parts_whole"))
			keys := map[string]string{}
			for _, v := range views {
				keys[v.Figure.Key] = v.Figure.Metric
			}
			wantN := 0
			for _, r := range run {
				if r.Kind != checks.KindPartsWhole {
					continue
				}
				for _, k := range r.Figures {
					if keys[k] == "deaths" {
						wantN++
						break
					}
				}
			}
			if p.Total != wantN || wantN == 0 {
				t.Errorf("metric=deaths&kind=parts_whole: %d checks, want %d (of the run)", p.Total, wantN)
			}
		}
	})
}

// TestChecksQueryRefused: a filter or page of /checks that means nothing
// is a 400 naming the parameter.
func TestChecksQueryRefused(t *testing.T) {
	s, _ := newTestServer(t)
	for q, field := range map[string]string{
		"outcome=bad": "outcome", "kind=everything": "kind", "metric=Not+A+Slug": "metric",
		"source=%20%21": "source", "limit=0": "limit", "page=-1": "page",
	} {
		for _, prefix := range []string{"/checks?", "/api/v1/checks?"} {
			r := get(t, s, prefix+q)
			b, _ := io.ReadAll(r.Body)
			if r.StatusCode != http.StatusBadRequest || !strings.Contains(string(b), field) {
				t.Errorf("%s%s: %d, want 400 naming %s: %.300s", prefix, q, r.StatusCode, field, b)
			}
		}
	}
}

// blockingStore holds the checks' read of every figure until its context ends,
// and says that it ended.
type blockingStore struct {
	*store.Store
	reading   chan struct{} // closed when a read began
	cancelled chan error    // the read's context error
}

// RefreshChecks is the computation of the stored checks: it blocks until
// its context ends.
func (b *blockingStore) RefreshChecks(ctx context.Context, _ models.Audience, _ checks.Options) error {
	close(b.reading)
	<-ctx.Done()
	b.cancelled <- ctx.Err()
	return ctx.Err()
}

// TestAbandonedChecksRequest: a request for /checks whose client goes
// away while the checks are being computed gets its answer at once; the
// computation, which the next request needs, goes on in the background
// until Close stops it (its read is cancelled) and waits for it.
func TestAbandonedChecksRequest(t *testing.T) {
	_, st := newTestServer(t)
	for _, path := range []string{"/checks", "/api/v1/checks"} {
		bs := &blockingStore{Store: st, reading: make(chan struct{}), cancelled: make(chan error, 1)}
		s, err := New(Config{Logger: testLogger(t, slog.LevelWarn), ChecksWait: time.Hour}, bs)
		if err != nil {
			t.Fatal(err)
		}
		done := serveThenLeave(s, path, bs.reading)
		if code := <-done; code != 499 {
			t.Errorf("%s: an abandoned request answered %d, want 499", path, code)
		}
		s.checkRuns.mu.Lock()
		run := s.checkRuns.running[models.AudiencePublic]
		s.checkRuns.mu.Unlock()
		if run == nil {
			t.Fatalf("%s: the computation ended with the request", path)
		}
		select {
		case <-run.done:
			t.Errorf("%s: the computation ended with the request: %v", path, run.err)
		default:
		}
		s.Close()
		if err := <-bs.cancelled; !errors.Is(err, context.Canceled) {
			t.Errorf("%s: the computation's read ended with %v, want context.Canceled", path, err)
		}
		select {
		case <-run.done:
		default:
			t.Errorf("%s: Close returned before the computation ended", path)
		}
		if len(s.checkRuns.running) != 0 || len(s.checks.version) != 0 {
			t.Errorf("%s: %d computations left, checks marked fresh: %v", path, len(s.checkRuns.running), s.checks.version)
		}
	}
}
