package dashboard

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"forcedreturns/models"
)

// The API's figure list names its next and previous pages in an RFC 8288
// Link header: the body's next and prev links, absolute, also when the
// answer comes from the response cache; the first page has no prev, the
// last no next.
func TestAPIListLinkHeader(t *testing.T) {
	s, _ := newTestServer(t)
	type page struct {
		Total      int
		Next, Prev string
	}
	type links struct{ next, prev string }
	read := func(path string) (page, links) {
		r := get(t, s, path)
		var p struct {
			Total int    `json:"total"`
			Next  string `json:"next"`
			Prev  string `json:"prev"`
		}
		if err := json.NewDecoder(r.Body).Decode(&p); err != nil || r.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d %v", path, r.StatusCode, err)
		}
		var l links
		for _, part := range strings.Split(r.Header.Get("Link"), ", ") {
			if href, ok := strings.CutSuffix(part, `>; rel="next"`); ok {
				l.next = strings.TrimPrefix(href, "<")
			}
			if href, ok := strings.CutSuffix(part, `>; rel="prev"`); ok {
				l.prev = strings.TrimPrefix(href, "<")
			}
		}
		return page{Total: p.Total, Next: p.Next, Prev: p.Prev}, l
	}
	abs := func(rel string) string {
		if rel == "" {
			return ""
		}
		return "http://example.com" + rel
	}
	p, l := read("/api/v1/figures?limit=1&sort=id")
	if p.Total < 3 {
		t.Fatalf("the seed has %d figures; the test needs 3", p.Total)
	}
	if p.Next == "" || l.next != abs(p.Next) || l.prev != "" {
		t.Fatalf("first page: Link next %q prev %q, body next %q", l.next, l.prev, p.Next)
	}
	path := p.Next
	for i := 2; i <= p.Total; i++ {
		for j := 0; j < 2; j++ { // rendered, then from the cache
			q, m := read(path)
			if m.next != abs(q.Next) || m.prev != abs(q.Prev) || q.Prev == "" {
				t.Fatalf("page %d (request %d): Link next %q prev %q, body next %q prev %q", i, j+1, m.next, m.prev, q.Next, q.Prev)
			}
			if i == p.Total && q.Next != "" {
				t.Errorf("the last page has a next link %q", q.Next)
			}
			if j == 1 {
				path = q.Next
			}
		}
	}
}

// The OpenAPI document's limit is the server's: 1 to MaxPageSize.
func TestOpenAPILimitMatchesServer(t *testing.T) {
	s, _ := newTestServer(t)
	doc := decode[struct {
		Components struct {
			Parameters map[string]struct {
				Schema struct {
					Minimum, Maximum, Default int
				} `json:"schema"`
			} `json:"parameters"`
		} `json:"components"`
	}](t, get(t, s, "/api/v1/openapi.json"))
	sc := doc.Components.Parameters["filter_limit"].Schema
	if sc.Minimum != 1 || sc.Maximum != models.MaxPageSize || sc.Default != models.DefaultPageSize {
		t.Errorf("limit schema %+v, want 1 to %d, default %d", sc, models.MaxPageSize, models.DefaultPageSize)
	}
	for q, want := range map[string]int{"0": 400, "1": 200, itoa(models.MaxPageSize): 200, itoa(models.MaxPageSize + 1): 400} {
		if r := get(t, s, "/api/v1/figures?limit="+q); r.StatusCode != want {
			t.Errorf("limit=%s: %d, want %d", q, r.StatusCode, want)
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// Every page has the link-preview tags, and its canonical URL is absolute.
func TestPagesHaveOpenGraph(t *testing.T) {
	s, _ := newTestServer(t)
	pages := map[string]string{ // path: canonical path ("" none)
		"/": "/", "/figures": "/figures", "/figures/" + seedFigure: "/figures/" + seedFigure,
		"/sources": "/sources", "/sources/" + seedSource: "/sources/" + seedSource, "/metrics": "/metrics",
		"/checks": "/checks", "/about": "/about", "/signin": "",
		"/embed/charts/outcomes": "/#chart-outcomes",
	}
	for path, canon := range pages {
		r := get(t, s, path)
		b := body(t, r)
		if r.StatusCode != http.StatusOK {
			t.Errorf("%s: %d", path, r.StatusCode)
			continue
		}
		for _, tag := range []string{`<meta property="og:site_name" content="Forced Returns Tracker">`, `<meta property="og:title" content="`,
			`<meta property="og:description" content="`, `<meta name="twitter:card" content="summary">`, `<meta name="twitter:title" content="`,
			`<meta name="description" content="`} {
			if !strings.Contains(b, tag) {
				t.Errorf("%s has no %s", path, tag)
			}
		}
		if canon == "" {
			continue
		}
		abs := "http://example.com" + canon
		if !strings.Contains(b, `<link rel="canonical" href="`+abs+`">`) || !strings.Contains(b, `<meta property="og:url" content="`+abs+`">`) {
			t.Errorf("%s: no absolute canonical and og:url %s", path, abs)
		}
	}
}

// A page rendered for one host name is never the cached answer for
// another: its absolute links name the host.
func TestCanonicalFollowsHost(t *testing.T) {
	s, _ := newTestServer(t)
	for _, host := range []string{"a.example", "b.example"} {
		req := httptest.NewRequest(http.MethodGet, "/about", nil)
		req.Host = host
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if want := `<link rel="canonical" href="http://` + host + `/about">`; !strings.Contains(rec.Body.String(), want) {
			t.Errorf("host %s: no %s", host, want)
		}
	}
}

// The figure sitemaps page through every public figure, sitemapSize a
// file, each exactly once, and no draft.
func TestSitemapPages(t *testing.T) {
	es := newEditorServer(t)
	addDrafts(t, es.st)
	defer func(n int) { sitemapSize = n }(sitemapSize)
	sitemapSize = 2
	total := decode[struct {
		Total int `json:"total"`
	}](t, get(t, es, "/api/v1/figures?limit=1")).Total
	index := body(t, get(t, es, "/sitemap.xml"))
	files := (total + 1) / 2
	if n := strings.Count(index, "/sitemaps/figures-"); n != files {
		t.Fatalf("the index lists %d figure sitemaps for %d figures, want %d: %s", n, total, files, index)
	}
	seen := map[string]int{}
	loc := regexp.MustCompile(`<loc>http://example.com/figures/([^<]+)</loc>`)
	for n := 1; n <= files; n++ {
		r := get(t, es, "/sitemaps/figures-"+itoa(n)+".xml")
		b := body(t, r)
		m := loc.FindAllStringSubmatch(b, -1)
		if r.StatusCode != http.StatusOK || len(m) == 0 || len(m) > 2 {
			t.Errorf("figures-%d: %d with %d figures", n, r.StatusCode, len(m))
		}
		for _, k := range m {
			seen[k[1]]++
		}
	}
	if len(seen) != total {
		t.Errorf("%d distinct figures in the sitemaps, want %d", len(seen), total)
	}
	for k, c := range seen {
		if c != 1 || k == draftKey {
			t.Errorf("figure %s: %d times in the sitemaps", k, c)
		}
	}
	if seen[wasDraft] != 1 {
		t.Errorf("the published figure %s is not in the sitemaps", wasDraft)
	}
	if r := get(t, es, "/sitemaps/figures-"+itoa(files+1)+".xml"); r.StatusCode != http.StatusNotFound {
		t.Errorf("the sitemap past the end: %d", r.StatusCode)
	}
}

// The feed and the recent changes page list a figure published after a
// draft by its published revision only, linking to that version, and
// never the draft.
func TestFeedAndChanges(t *testing.T) {
	es := newEditorServer(t)
	addDrafts(t, es.st)
	r := get(t, es, "/feed.atom")
	feed := body(t, r)
	if r.StatusCode != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/atom+xml") {
		t.Fatalf("/feed.atom: %d %s", r.StatusCode, r.Header.Get("Content-Type"))
	}
	var doc struct {
		ID      string `xml:"id"`
		Entries []struct {
			ID    string `xml:"id"`
			Title string `xml:"title"`
			Link  struct {
				Href string `xml:"href,attr"`
			} `xml:"link"`
			Updated string `xml:"updated"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal([]byte(feed), &doc); err != nil {
		t.Fatalf("feed: %v", err)
	}
	want := "http://example.com/figures/" + wasDraft + "?version=2"
	found := 0
	for _, e := range doc.Entries {
		if !strings.HasPrefix(e.Link.Href, "http://example.com/figures/") || e.ID != e.Link.Href || e.Updated == "" {
			t.Errorf("entry %+v", e)
		}
		if strings.Contains(e.Link.Href, wasDraft) {
			found++
			if e.Link.Href != want || !strings.HasPrefix(e.Title, "Changed: ") {
				t.Errorf("entry of %s: %+v, want its published version %s", wasDraft, e, want)
			}
		}
	}
	if found != 1 {
		t.Errorf("%d entries of %s, want 1 (its published version)", found, wasDraft)
	}
	page := body(t, get(t, es, "/changes"))
	if !strings.Contains(page, `href="/figures/`+wasDraft+`?version=2"`) || !strings.Contains(page, "checked and published") {
		t.Errorf("the recent changes page lacks the published change of %s", wasDraft)
	}
	for name, b := range map[string]string{"feed": feed, "page": page} {
		if leaks(b, "") {
			t.Errorf("the %s shows the draft", name)
		}
	}
}

// /figures/{id}?version=N shows what version N recorded, with a notice
// and a link to the current version; a draft-era version is not found for
// the public, and a bad version is a 400 naming the field.
func TestFigureVersion(t *testing.T) {
	es := newEditorServer(t)
	addDrafts(t, es.st)
	v, err := es.st.GetFigure(context.Background(), wasDraft, models.AudiencePublic)
	if err != nil {
		t.Fatal(err)
	}
	f := v.Figure
	f.Notes = "third version notes"
	if err := es.st.UpdateFigure(context.Background(), &f, models.Change{Editor: "Editor ed", Reason: "clarified"}); err != nil {
		t.Fatal(err)
	}
	r := get(t, es, "/figures/"+wasDraft+"?version=2")
	b := body(t, r)
	if r.StatusCode != http.StatusOK || !strings.Contains(b, "Version 2 of this figure") ||
		!strings.Contains(b, "Checked against the article.") || !strings.Contains(b, `<a href="/figures/`+wasDraft+`">see the current version</a>`) {
		t.Errorf("version 2: %d %.2000s", r.StatusCode, b)
	}
	if cur := body(t, get(t, es, "/figures/"+wasDraft)); strings.Contains(cur, "of this figure") || !strings.Contains(cur, `?version=3">version 3</a>`) {
		t.Error("the current page shows a version notice, or its history does not link the versions")
	}
	for q, want := range map[string]int{"1": 404, "99": 404, "0": 400, "x": 400, "3": 200} {
		r := get(t, es, "/figures/"+wasDraft+"?version="+q)
		b := body(t, r)
		if r.StatusCode != want {
			t.Errorf("version=%s: %d, want %d", q, r.StatusCode, want)
		}
		if want == 400 && !strings.Contains(b, "version: expected a whole number") {
			t.Errorf("version=%s: the error does not name the field: %.300s", q, b)
		}
	}
}
