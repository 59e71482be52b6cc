package dashboard

import (
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"forcedreturns/internal/store"
	"forcedreturns/models"
)

// Drafts are unpublished work: the public never reads them, editors and
// API tokens do.

const (
	// draftMarker is in the draft's quote, notes, population and
	// revision reasons, and in the draft-era text of wasDraft.
	draftMarker = "zqxdraftmarker"
	// draftKey is a draft subgroup of seedFigure; its key is as secret as
	// its text, so a list or check naming it leaks it.
	draftKey = "secret-subgroup-figure"
	// wasDraft was created as a draft (with draftMarker in its notes and
	// reason), then published with clean text.
	wasDraft = "published-after-draft"
)

// addDrafts stores the draft and the once-draft figure.
func addDrafts(t *testing.T, st *store.Store) {
	t.Helper()
	ctx := context.Background()
	parent, err := st.GetFigure(ctx, seedFigure, models.AudienceEditors)
	if err != nil {
		t.Fatal(err)
	}
	d := parent.Figure
	d.Key, d.SubgroupOf, d.Status = draftKey, seedFigure, models.StatusDraft
	d.Value, d.ValueText = 40, "40"
	d.Quote = d.Quote + " " + draftMarker
	d.Population = "North Koreans " + draftMarker
	d.Notes = "Unchecked: " + draftMarker
	if err := st.CreateFigure(ctx, &d, models.Change{Editor: "Editor ed", Reason: "started " + draftMarker}); err != nil {
		t.Fatal(err)
	}
	w := parent.Figure
	w.Key, w.Status, w.Notes = wasDraft, models.StatusDraft, "first try "+draftMarker
	w.Population = "North Korean women"
	if err := st.CreateFigure(ctx, &w, models.Change{Editor: "Editor ed", Reason: "draft " + draftMarker}); err != nil {
		t.Fatal(err)
	}
	w.Status, w.Notes = models.StatusPublished, "Checked against the article."
	if err := st.UpdateFigure(ctx, &w, models.Change{Editor: "Editor ed", Reason: "checked and published"}); err != nil {
		t.Fatal(err)
	}
}

// leaks reports whether a response body shows anything of the draft:
// its marker text or its key. A request naming the draft's key may get it
// back (an error page quotes the address asked for): then only the
// marker counts.
func leaks(body, path string) bool {
	if strings.Contains(path, draftKey) {
		body = strings.ReplaceAll(body, draftKey, "")
	}
	return strings.Contains(body, draftMarker) || strings.Contains(body, draftKey)
}

// draftRoute is one read request and what each viewer gets.
type draftRoute struct {
	path string
	// Statuses for anonymous, signed-in editor and token.
	anon, editor, token int
	// Whether the editor and the token see the draft (the public never does).
	editorSees, tokenSees bool
}

func draftRoutes() []draftRoute {
	const ok, nf, signin = http.StatusOK, http.StatusNotFound, http.StatusSeeOther
	pub := func(path string) draftRoute { return draftRoute{path: path, anon: ok, editor: ok, token: ok} }
	sees := func(path string) draftRoute {
		return draftRoute{path: path, anon: ok, editor: ok, token: ok, editorSees: true, tokenSees: true}
	}
	form := func(path string) draftRoute { return draftRoute{path: path, anon: signin, editor: ok, token: signin} }
	lastPage := models.Cursor{Before: true}.Encode()
	return []draftRoute{
		pub("/"), pub("/?status=draft"), pub("/?status=draft,published"),
		pub("/figures"), sees("/figures?status=draft"), sees("/figures?status=draft,published&sort=-updated"),
		sees("/figures?status=draft&limit=1"),
		// Keyset pages: the last page and a page after a cursor.
		pub("/figures?cursor=" + lastPage), sees("/figures?status=draft&cursor=" + lastPage),
		sees("/figures?status=draft,published&sort=-value&cursor=" + models.Cursor{Sort: "-value", Values: []string{"1000000", "z"}}.Encode()),
		pub("/figures.csv"), sees("/figures.csv?status=draft"), pub("/figures.json"), sees("/figures.json?status=draft,retracted"),
		{path: "/figures/" + draftKey, anon: nf, editor: ok, token: ok, editorSees: true, tokenSees: true},
		sees("/figures/" + wasDraft), // its history
		sees("/figures/" + wasDraft + "?version=2"),
		// Its first version was a draft: the public cannot ask for it.
		{path: "/figures/" + wasDraft + "?version=1", anon: nf, editor: ok, token: ok, editorSees: true, tokenSees: true},
		sees("/figures/" + seedFigure), // its subgroups and checks
		pub("/sources"), pub("/sources/" + seedSource), pub("/metrics"), pub("/about"),
		// The pages in Korean, and the language switch (a redirect).
		pub("/ko/about"), sees("/ko/figures?status=draft"),
		{path: "/language/ko?next=/figures", anon: http.StatusSeeOther, editor: http.StatusSeeOther, token: http.StatusSeeOther},
		pub("/checks"), // checks count published figures only
		pub("/checks?kind=subgroups&outcome=ok,mismatch,cannot_tell"), pub("/checks?source=" + seedSource + "&page=1&limit=2"),
		pub("/embed/charts/apprehensions"), pub("/embed/charts/outcomes?status=draft"),
		pub("/embed/charts/timeline"), pub("/embed/charts/groups"),
		pub("/api/v1/figures"), sees("/api/v1/figures?status=draft"),
		pub("/api/v1/figures?cursor=" + lastPage), sees("/api/v1/figures?status=draft&limit=1&cursor=" + lastPage), sees("/api/v1/figures?status=published,draft&sort=id"),
		{path: "/api/v1/figures/" + draftKey, anon: nf, editor: ok, token: ok, editorSees: true, tokenSees: true},
		sees("/api/v1/figures/" + wasDraft),
		pub("/api/v1/figures/" + seedFigure),
		pub("/api/v1/sources"), pub("/api/v1/sources/" + seedSource), pub("/api/v1/metrics"),
		pub("/api/v1/checks"), pub("/api/v1/checks?kind=subgroups"), pub("/api/v1/checks?metric=apprehended&limit=1&offset=1"),
		pub("/api/v1/charts/apprehensions"), pub("/api/v1/charts/outcomes?status=draft"), pub("/api/v1/openapi.json"), pub("/api/v1"),
		// A chart's figures are the published figures it draws, whoever asks.
		pub("/api/v1/charts/apprehensions/figures.csv"), pub("/api/v1/charts/outcomes/figures.csv?status=draft"),
		pub("/signin"), pub("/healthz"), pub("/readyz"),
		// Search engines get the public view, whoever asks.
		pub("/changes"), pub("/feed.atom"),
		pub("/robots.txt"), pub("/sitemap.xml"), pub("/sitemaps/pages.xml"), pub("/sitemaps/figures-1.xml"),
		// Editors' forms: the session's editor only.
		{path: "/figures/" + draftKey + "/edit", anon: signin, editor: ok, token: signin, editorSees: true},
		form("/figures/new"), form("/sources/new"), form("/sources/" + seedSource + "/edit"),
		form("/sources/" + seedSource + "/text"), form("/sources/" + seedSource + "/intake"), form("/metrics/new"), form("/metrics/apprehended/edit"), form("/account"),
	}
}

// TestDraftsOnEveryReadRoute walks every GET route as anonymous reader,
// signed-in editor and API token: the public never sees the draft (nor
// its key) and gets 404 for it; editors and tokens do see it; and no
// ETag or cached response of the public view serves an editor, nor the
// reverse.
func TestDraftsOnEveryReadRoute(t *testing.T) {
	es := newEditorServer(t)
	addDrafts(t, es.st)
	cookie := signIn(t, es, es.editor.Email)
	admin := signIn(t, es, es.admin.Email)
	token := newToken(t, es.st, es.editor)
	routes := draftRoutes()
	checkRoutesCovered(t, es.Server, routes)

	type viewer struct {
		name    string
		cookie  func(path string) *http.Cookie
		headers []string
	}
	viewers := []viewer{
		{"anonymous", func(string) *http.Cookie { return nil }, nil},
		{"editor", func(path string) *http.Cookie {
			if strings.HasPrefix(path, "/metrics/") {
				return admin
			}
			return cookie
		}, nil},
		{"token", func(string) *http.Cookie { return nil }, []string{"Authorization", "Bearer " + token}},
	}
	for _, rt := range routes {
		t.Run(rt.path, func(t *testing.T) {
			var anonETag string
			for i, v := range viewers {
				want := []int{rt.anon, rt.editor, rt.token}[i]
				wantSee := []bool{false, rt.editorSees, rt.tokenSees}[i]
				headers := v.headers
				if anonETag != "" {
					// Offer the public page's ETag: it must not be taken
					// as this viewer's copy.
					headers = append(append([]string{}, headers...), "If-None-Match", anonETag)
				}
				r := request{method: http.MethodGet, path: rt.path, cookie: v.cookie(rt.path), headers: headers}.do(t, es)
				b, err := io.ReadAll(r.Body)
				if err != nil {
					t.Fatal(err)
				}
				body := string(b)
				if r.StatusCode != want {
					t.Fatalf("%s: status %d, want %d: %.300s", v.name, r.StatusCode, want, body)
				}
				if got := leaks(body, rt.path); got != wantSee {
					t.Errorf("%s sees the draft: %v, want %v: %.500s", v.name, got, wantSee, body)
				}
				etag := r.Header.Get("ETag")
				if i == 0 {
					anonETag = etag
					continue
				}
				if etag != "" && etag == anonETag {
					t.Errorf("%s got the public view's ETag %s", v.name, etag)
				}
				if etag != "" {
					t.Errorf("%s: a personal response has the ETag %q", v.name, etag)
				}
				if cc := r.Header.Get("Cache-Control"); wantSee && !strings.Contains(cc, "no-store") {
					t.Errorf("%s: a response showing a draft may be stored: Cache-Control %q", v.name, cc)
				}
			}
			// And back: the public view is not served from an editor's.
			r := request{method: http.MethodGet, path: rt.path}.do(t, es)
			b, _ := io.ReadAll(r.Body)
			if leaks(string(b), rt.path) {
				t.Errorf("anonymous, after the editors: sees the draft: %.500s", b)
			}
		})
	}
}

// checkRoutesCovered fails unless every GET route of the engine (but the
// static files) is requested by one of routes, so that a read route
// added later is walked too.
func checkRoutesCovered(t *testing.T, s *Server, routes []draftRoute) {
	t.Helper()
	param := regexp.MustCompile(`:[a-z]+`)
	for _, r := range s.engine.Routes() {
		if r.Method != http.MethodGet || r.Path == "/static/*path" || r.Path == "/favicon.ico" {
			continue
		}
		re := regexp.MustCompile("^" + param.ReplaceAllString(regexp.QuoteMeta(r.Path), "[^/]+") + "$")
		covered := false
		for _, rt := range routes {
			if p, _, _ := strings.Cut(rt.path, "?"); re.MatchString(p) {
				covered = true
				break
			}
		}
		if !covered {
			t.Errorf("GET %s is not walked by TestDraftsOnEveryReadRoute", r.Path)
		}
	}
}

// TestDraftNotFoundLikeMissing: the public cannot tell a draft's id from
// an id that does not exist.
func TestDraftNotFoundLikeMissing(t *testing.T) {
	es := newEditorServer(t)
	addDrafts(t, es.st)
	for _, prefix := range []string{"/figures/", "/api/v1/figures/"} {
		draft := request{method: http.MethodGet, path: prefix + draftKey}.do(t, es)
		missing := request{method: http.MethodGet, path: prefix + "no-such-figure-id-x"}.do(t, es)
		db, _ := io.ReadAll(draft.Body)
		mb, _ := io.ReadAll(missing.Body)
		if draft.StatusCode != missing.StatusCode ||
			strings.ReplaceAll(string(db), draftKey, "K") != strings.ReplaceAll(string(mb), "no-such-figure-id-x", "K") {
			t.Errorf("%s: a draft answers %d %.300s, a missing figure %d %.300s", prefix, draft.StatusCode, db, missing.StatusCode, mb)
		}
	}
}

// TestDraftHistoryForThePublic: a published figure that began as a draft
// shows the public its published version and one "draft" entry, without
// the draft's editor, reason or text; editors see every revision.
func TestDraftHistoryForThePublic(t *testing.T) {
	es := newEditorServer(t)
	addDrafts(t, es.st)
	type apiRev struct {
		Version  int    `json:"version"`
		Action   string `json:"action"`
		Snapshot string `json:"snapshot"`
		Editor   string `json:"editor"`
		Reason   string `json:"reason"`
	}
	type apiFig struct {
		Revisions []apiRev `json:"revisions"`
	}
	pub := decode[apiFig](t, request{method: http.MethodGet, path: "/api/v1/figures/" + wasDraft}.do(t, es))
	want := []apiRev{{Version: 1, Action: models.ActionDraft}}
	if len(pub.Revisions) != 2 || pub.Revisions[0] != want[0] || pub.Revisions[1].Version != 2 ||
		pub.Revisions[1].Reason != "checked and published" || pub.Revisions[1].Snapshot == "" {
		t.Errorf("public history: %+v", pub.Revisions)
	}
	tok := newToken(t, es.st, es.editor)
	ed := decode[apiFig](t, request{method: http.MethodGet, path: "/api/v1/figures/" + wasDraft,
		headers: []string{"Authorization", "Bearer " + tok}}.do(t, es))
	if len(ed.Revisions) != 2 || !strings.Contains(ed.Revisions[0].Reason, draftMarker) {
		t.Errorf("an editor's history: %+v", ed.Revisions)
	}
	// The page shows the publication without a diff against the draft.
	page := body(t, get(t, es, "/figures/"+wasDraft))
	if !strings.Contains(page, "edited while unpublished") || strings.Contains(page, "first try") {
		t.Errorf("the public history of %s: %s", wasDraft, page)
	}
}

// TestReadWithBadToken: a read with a token that does not work is a 401,
// not the public view, so a script is told its token failed.
func TestReadWithBadToken(t *testing.T) {
	es := newEditorServer(t)
	for _, h := range []string{"Bearer frt_nope", "bearer frt_nope", "Bearer "} {
		r := request{method: http.MethodGet, path: "/api/v1/figures?status=draft", headers: []string{"Authorization", h}}.do(t, es)
		if r.StatusCode != http.StatusUnauthorized || r.Header.Get("WWW-Authenticate") == "" {
			t.Errorf("%q: status %d, WWW-Authenticate %q", h, r.StatusCode, r.Header.Get("WWW-Authenticate"))
		}
	}
	// Another scheme is not the tracker's credential (a staging proxy's
	// Basic auth reaches every page): reads get the public view, cacheable.
	addDrafts(t, es.st)
	for _, path := range []string{"/api/v1/figures?status=draft", "/figures"} {
		r := request{method: http.MethodGet, path: path, headers: []string{"Authorization", "Basic dXNlcjpwYXNz"}}.do(t, es)
		if b := body(t, r); r.StatusCode != http.StatusOK || r.Header.Get("ETag") == "" || strings.Contains(b, draftMarker) {
			t.Errorf("GET %s with Basic auth: %d, ETag %q, draft shown=%v; want the public view", path, r.StatusCode, r.Header.Get("ETag"), strings.Contains(b, draftMarker))
		}
	}
}

// TestFiguresPageOffersDraftsToEditorsOnly: the status filter lists draft
// for an editor only.
func TestFiguresPageOffersDraftsToEditorsOnly(t *testing.T) {
	es := newEditorServer(t)
	option := `<option value="draft"`
	if b := body(t, get(t, es, "/figures")); strings.Contains(b, option) {
		t.Error("the public figures page offers the draft status")
	}
	cookie := signIn(t, es, es.editor.Email)
	r := getAs(t, es, "/figures", cookie)
	if b, _ := io.ReadAll(r.Body); !strings.Contains(string(b), option) {
		t.Error("an editor's figures page does not offer the draft status")
	}
}

// TestDraftsNotCounted: the public's totals are those of the public
// figures, whatever statuses the filter names; an editor's count drafts.
func TestDraftsNotCounted(t *testing.T) {
	es := newEditorServer(t)
	addDrafts(t, es.st)
	tok := newToken(t, es.st, es.editor)
	total := func(path string, headers ...string) int {
		t.Helper()
		return decode[struct {
			Total int `json:"total"`
		}](t, request{method: http.MethodGet, path: path, headers: headers}.do(t, es)).Total
	}
	public := total("/api/v1/figures")
	auth := []string{"Authorization", "Bearer " + tok}
	for path, want := range map[string]int{
		"/api/v1/figures?status=draft":                     0,
		"/api/v1/figures?status=draft,published,retracted": public,
		"/api/v1/figures?status=draft&metric=in_custody":   0,
	} {
		if got := total(path); got != want {
			t.Errorf("anonymous %s: total %d, want %d", path, got, want)
		}
	}
	if got := total("/api/v1/figures?status=draft", auth...); got != 1 {
		t.Errorf("token: %d drafts, want 1", got)
	}
	if got := total("/api/v1/figures?status=draft,published,retracted", auth...); got != public+1 {
		t.Errorf("token: total %d, want %d", got, public+1)
	}
}

// TestDraftEditKeepsPublicETags: an editor creating and editing a draft
// through the write API leaves every anonymous ETag as it was, so a
// stranger polling with If-None-Match keeps getting 304 and learns
// nothing; publishing it changes them.
func TestDraftEditKeepsPublicETags(t *testing.T) {
	es := newEditorServer(t)
	paths := []string{"/", "/figures", "/figures.csv", "/api/v1/figures", "/api/v1/sources", "/checks", "/embed/charts/apprehensions"}
	etags := func() map[string]string {
		out := map[string]string{}
		for _, p := range paths {
			r := request{method: http.MethodGet, path: p}.do(t, es)
			if r.StatusCode != http.StatusOK || r.Header.Get("ETag") == "" {
				t.Fatalf("GET %s: %d, ETag %q", p, r.StatusCode, r.Header.Get("ETag"))
			}
			out[p] = r.Header.Get("ETag")
		}
		return out
	}
	before := etags()
	v, err := es.st.GetFigure(context.Background(), seedFigure, models.AudienceEditors)
	if err != nil {
		t.Fatal(err)
	}
	d := v.Figure
	d.Key, d.Status, d.ID, d.Version = "draft-for-etags", models.StatusDraft, 0, 0
	d.QuoteStart, d.QuoteEnd = nil, nil
	if err := es.st.CreateFigure(context.Background(), &d, models.Change{Editor: "ed", Reason: "start"}); err != nil {
		t.Fatal(err)
	}
	d.Notes = "second pass " + draftMarker
	if err := es.st.UpdateFigure(context.Background(), &d, models.Change{Editor: "ed", Reason: "edit"}); err != nil {
		t.Fatal(err)
	}
	for p, e := range etags() {
		if e != before[p] {
			t.Errorf("GET %s: ETag %s → %s after a draft was edited", p, before[p], e)
		}
		r := request{method: http.MethodGet, path: p, headers: []string{"If-None-Match", before[p]}}.do(t, es)
		if r.StatusCode != http.StatusNotModified {
			t.Errorf("GET %s with the old ETag: %d, want 304", p, r.StatusCode)
		}
	}
	d.Status, d.Notes = models.StatusPublished, "checked"
	if err := es.st.UpdateFigure(context.Background(), &d, models.Change{Editor: "ed", Reason: "publish"}); err != nil {
		t.Fatal(err)
	}
	for p, e := range etags() {
		if e == before[p] {
			t.Errorf("GET %s: ETag unchanged after a figure was published", p)
		}
	}
}
