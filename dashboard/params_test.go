package dashboard

import (
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// TestUnknownParamsRefused: on every route that takes filters, a query
// parameter the route does not read is a 400 that names it and lists the
// parameters the route takes, in the page's language, escaped; what the
// route reads is still taken.
func TestUnknownParamsRefused(t *testing.T) {
	s, _ := newTestServer(t)
	const hostile = `<script>x</script>`
	filterList := "expected one of metric, source, from, to, acting, receiving, qualifier, status, population, unit, kind, starts, summarised, sort, limit, offset, page, cursor"
	for _, tc := range []struct {
		path   string
		status int
		ctype  string
		want   []string // in the body (HTML unescaped)
	}{
		{"/figures?metirc=apprehended", 400, "text/html", []string{`unknown parameter "metirc": ` + filterList}},
		{"/figures?qualifer=at_least", 400, "text/html", []string{`unknown parameter "qualifer"`}},
		{"/ko/figures?qualifer=at_least", 400, "text/html", []string{`"qualifer"(이)라는 매개변수는 여기서 받지 않습니다. 다음 중 하나여야 합니다: metric, source`}},
		{"/figures.csv?metirc=x", 400, "", []string{`unknown parameter "metirc"`}},
		{"/figures.json?metirc=x", 400, "application/json", []string{`"field":"metirc"`, `unknown parameter \"metirc\"`}},
		{"/?metirc=x", 400, "text/html", []string{`unknown parameter "metirc": ` + filterList + ", step, view"}},
		{"/embed/charts/apprehensions?metirc=x", 400, "text/html", []string{`unknown parameter "metirc"`, "step, view"}},
		{"/ko/embed/charts/apprehensions?metirc=x", 400, "text/html", []string{`"metirc"(이)라는 매개변수는`}},
		{"/checks?qualifier=at_least", 400, "text/html", []string{`unknown parameter "qualifier": expected one of outcome, kind, metric, source, limit, offset, page`}},
		{"/api/v1/figures?metirc=x", 400, "application/json", []string{`"field":"metirc"`, `unknown parameter \"metirc\": ` + filterList}},
		{"/api/v1/checks?qualifier=at_least", 400, "application/json", []string{`"field":"qualifier"`}},
		{"/api/v1/charts/apprehensions?metirc=x", 400, "application/json", []string{`"field":"metirc"`, `, step"`}},
		{"/api/v1/charts/apprehensions/figures.csv?view=rate", 400, "application/json", []string{`"field":"view"`}},
		// Several at once: each named, in order.
		{"/figures?b=1&a=2", 400, "text/html", []string{`unknown parameter "a"`, `unknown parameter "b"`}},
		// What the routes read, and what the site links to, is taken.
		{"/figures?metric=apprehended&sort=-period&limit=10&page=1", 200, "text/html", nil},
		{"/?step=year&view=rate&qualifier=at_least", 200, "text/html", nil},
		{"/embed/charts/apprehensions?view=rate&step=month", 200, "text/html", nil},
		{"/checks?outcome=ok&kind=parts_whole&page=1", 200, "text/html", nil},
		{"/api/v1/figures?cursor=&limit=5&offset=0", 200, "application/json", nil},
		{"/api/v1/charts/outcomes?step=year", 200, "application/json", nil},
	} {
		t.Run(tc.path, func(t *testing.T) {
			answers(t, s, tc.path, tc.status, tc.ctype, tc.want, nil)
		})
	}
	// The API's problem in Korean when the request asks for it.
	ko := body(t, get(t, s, "/api/v1/checks?qualifier=at_least", "Accept-Language", "ko"))
	if !strings.Contains(ko, `"field":"qualifier"`) || !strings.Contains(ko, `매개변수는 여기서 받지 않습니다. 다음 중 하나여야 합니다: outcome, kind`) {
		t.Errorf("/api/v1/checks in Korean:\n%s", ko)
	}
	// A hostile name is named, escaped, in HTML and in JSON.
	for _, path := range []string{"/figures", "/ko/figures", "/checks", "/embed/charts/outcomes", "/api/v1/figures", "/api/v1/charts/outcomes"} {
		r := get(t, s, path+"?"+url.QueryEscape(hostile)+"=1")
		b := body(t, r)
		if r.StatusCode != http.StatusBadRequest {
			t.Errorf("%s: %d, want 400", path, r.StatusCode)
		}
		if strings.Contains(b, "<script>") {
			t.Errorf("%s: the parameter's name reaches the answer unescaped:\n%.800s", path, b)
		}
		if strings.HasPrefix(path, "/api/") {
			var p struct {
				Fields []struct{ Field, Message string } `json:"fields"`
			}
			if err := json.Unmarshal([]byte(b), &p); err != nil || len(p.Fields) != 1 || p.Fields[0].Field != hostile {
				t.Errorf("%s: fields = %+v (%v), want the one named %q", path, p.Fields, err, hostile)
			}
		} else if !strings.Contains(html.UnescapeString(b), `"`+hostile+`"`) {
			t.Errorf("%s: the page does not name %q:\n%.800s", path, hostile, b)
		}
	}
}

// TestEmbedFramingPolicy: every answer under /embed/, errors included and
// in both languages, may be framed by any site; nothing else may be.
func TestEmbedFramingPolicy(t *testing.T) {
	s, _ := newTestServer(t)
	for _, tc := range []struct {
		path   string
		status int
		embed  bool
	}{
		{"/embed/charts/apprehensions", 200, true},
		{"/ko/embed/charts/apprehensions", 200, true},
		{"/embed/charts/nope", 404, true},
		{"/ko/embed/charts/nope", 404, true},
		{"/embed/charts/apprehensions?qualifier=atleast", 400, true},
		{"/ko/embed/charts/apprehensions?qualifier=atleast", 400, true},
		{"/embed/charts/apprehensions?metirc=x", 400, true},
		{"/embed/nothing", 404, true},
		{"/", 200, false},
		{"/ko/", 200, false},
		{"/figures?qualifier=atleast", 400, false},
		{"/no/such/page", 404, false},
		{"/embedded", 404, false},
		{"/api/v1/charts/nope", 404, false},
	} {
		r := get(t, s, tc.path)
		b := body(t, r)
		if r.StatusCode != tc.status {
			t.Errorf("%s: status %d, want %d", tc.path, r.StatusCode, tc.status)
		}
		csp, xfo := r.Header.Get("Content-Security-Policy"), r.Header.Get("X-Frame-Options")
		if tc.embed {
			if !strings.Contains(csp, "frame-ancestors *") || strings.Contains(csp, "frame-ancestors 'none'") || xfo != "" {
				t.Errorf("%s: CSP %q, X-Frame-Options %q: want the embed's framing policy", tc.path, csp, xfo)
			}
		} else if !strings.Contains(csp, "frame-ancestors 'none'") || xfo != "DENY" {
			t.Errorf("%s: CSP %q, X-Frame-Options %q: want no framing", tc.path, csp, xfo)
		}
		if !strings.Contains(csp, "script-src 'self'") {
			t.Errorf("%s: CSP %q lacks the page policy", tc.path, csp)
		}
		want := map[bool]string{false: "There is no", true: "찾을 수 없음"}[strings.HasPrefix(tc.path, "/ko/")]
		if tc.status == 404 && tc.embed && !strings.Contains(b, want) {
			t.Errorf("%s: the message %q is not in the page:\n%.600s", tc.path, want, b)
		}
	}
}

// TestChartAPIWhenFiltersMatchNothing: a chart that exists without filters
// answers 200 with its title and no data when the filters leave it empty,
// as the embed does; a name no chart has stays a 404.
func TestChartAPIWhenFiltersMatchNothing(t *testing.T) {
	s, _ := newTestServer(t)
	for _, tc := range []struct {
		path, lang string
		title      string
	}{
		{"/api/v1/charts/timeline?qualifier=at_least", "en", "Apprehended over time"},
		{"/api/v1/charts/apprehensions?qualifier=at_least", "en", "Apprehensions by period"},
		{"/api/v1/charts/apprehensions?qualifier=at_least", "ko", ""},
	} {
		r := get(t, s, tc.path, "Accept-Language", tc.lang)
		b := body(t, r)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("%s (%s): %d, want 200:\n%.600s", tc.path, tc.lang, r.StatusCode, b)
		}
		var doc struct {
			Title     struct{ Text string } `json:"title"`
			Series    []any                 `json:"series"`
			NoneMatch bool                  `json:"none_match"`
			Filter    string                `json:"filter"`
		}
		if err := json.Unmarshal([]byte(b), &doc); err != nil {
			t.Fatal(err)
		}
		if !doc.NoneMatch || doc.Series == nil || len(doc.Series) != 0 || doc.Title.Text == "" || !strings.HasPrefix(doc.Title.Text, tc.title) {
			t.Errorf("%s (%s): %+v, want the title %q, no series and none_match", tc.path, tc.lang, doc, tc.title)
		}
		if tc.lang == "ko" && !strings.Contains(doc.Filter, "한정어 = 최소") {
			t.Errorf("%s (ko): filter %q, want it in Korean", tc.path, doc.Filter)
		}
		if strings.Contains(b, `"data"`) {
			t.Errorf("%s: an empty chart carries data:\n%s", tc.path, b)
		}
	}
	// The figures it draws: the header row alone.
	full := body(t, get(t, s, "/api/v1/charts/apprehensions/figures.csv"))
	r := get(t, s, "/api/v1/charts/apprehensions/figures.csv?qualifier=at_least")
	b := body(t, r)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("figures.csv of an empty chart: %d, want 200:\n%.600s", r.StatusCode, b)
	}
	header, _, _ := strings.Cut(full, "\n")
	if strings.TrimSpace(b) != strings.TrimSpace(header) || header == "" {
		t.Errorf("figures.csv of an empty chart:\n%.600s\nwant the header row alone:\n%s", b, header)
	}
	// A name no chart has, filtered or not.
	for _, path := range []string{"/api/v1/charts/nope", "/api/v1/charts/nope?qualifier=at_least", "/api/v1/charts/nope/figures.csv?qualifier=at_least", "/api/v1/charts/timeline-nope?qualifier=at_least"} {
		r := get(t, s, path)
		b := body(t, r)
		if r.StatusCode != http.StatusNotFound || !strings.Contains(b, "There is no chart named") {
			t.Errorf("%s: %d, want 404 naming the charts:\n%.400s", path, r.StatusCode, b)
		}
	}
}

// TestSiteLinksTakeTheirParams crawls the links (href, src, and the
// iframe of embed snippets) of the pages of charts, lists and checks, in
// both languages, filtered and paged, and follows every one to a route
// that takes filters: none may be refused for a parameter the route does
// not know.
func TestSiteLinksTakeTheirParams(t *testing.T) {
	s, _ := newTestServer(t)
	attr := regexp.MustCompile(`(?:href|src|action)="([^"]*)"`)
	takesFilters := regexp.MustCompile(`^(/ko)?(/|/figures|/figures\.csv|/figures\.json|/checks|/embed/charts/[^/]+|/api/v1/(figures|checks|charts/[^/]+|charts/[^/]+/figures\.csv))$`)
	seen := map[string]bool{}
	followed := 0
	for _, page := range []string{"/", "/?view=rate&step=year", "/?metric=apprehended&view=rate&step=month", "/ko/?metric=apprehended",
		"/figures", "/figures?limit=2", "/figures?limit=2&page=2&sort=-value", "/ko/figures?limit=2&metric=apprehended",
		"/checks", "/checks?limit=1", "/checks?outcome=ok&limit=1&page=2", "/ko/checks",
		"/embed/charts/apprehensions?qualifier=at_least", "/embed/charts/outcomes?view=rate",
		"/sources/" + seedSource, "/figures/" + seedFigure} {
		r := get(t, s, page)
		b := body(t, r)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", page, r.StatusCode)
		}
		// Twice: an embed snippet is HTML in an attribute.
		for _, m := range attr.FindAllStringSubmatch(html.UnescapeString(html.UnescapeString(b)), -1) {
			u, err := url.Parse(strings.TrimPrefix(m[1], "http://example.com"))
			if err != nil || u.Host != "" || u.RawQuery == "" || !takesFilters.MatchString(u.Path) || seen[u.RequestURI()] {
				continue
			}
			seen[u.RequestURI()] = true
			followed++
			if r := get(t, s, u.RequestURI()); r.StatusCode == http.StatusBadRequest {
				t.Errorf("%s links to %s: 400\n%.600s", page, u.RequestURI(), body(t, r))
			}
		}
	}
	if followed < 20 {
		t.Errorf("followed %d links with a query, want at least 20: %v", followed, seen)
	}
	t.Logf("followed %d links", followed)
}
