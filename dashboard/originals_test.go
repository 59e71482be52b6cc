package dashboard

import (
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// hrefOf returns the unescaped href of the link with id, and the href as
// the page writes it.
func hrefOf(t *testing.T, page, id string) (href, raw string) {
	t.Helper()
	m := regexp.MustCompile(`id="` + id + `" href="([^"]*)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no link %s on the page", id)
	}
	return html.UnescapeString(m[1]), m[1]
}

// A source that carries another's report is entered through the form and
// the API, refused when it would carry itself, a source that does not
// exist or one that carries it; it is credited to the original first on
// every page, and its figures link to the sentence in the page and in the
// archived copy with the same text fragment.
func TestCarriedSourceThroughFormsAndPages(t *testing.T) {
	es := newEditorServer(t)
	cookie := signIn(t, es, es.editor.Email)
	monitor := sourceForm("monitor-2020-03")
	monitor.Set("publisher", "Monitor Group")
	monitor.Set("published_on", "2020-03")
	monitor.Set("accessed_on", "")
	if r := postForm(t, es, "/sources/new", monitor, cookie); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("create the original: %d %s", r.StatusCode, body(t, r))
	}
	if got := body(t, getAs(t, es, "/sources/new", cookie)); !strings.Contains(got, `<option value="monitor-2020-03">Monitor Group, 2020-03 — Refugees caught at the border (monitor-2020-03)</option>`) {
		t.Errorf("the new-source form does not offer the original")
	}
	const archive = "https://web.archive.org/web/2020/https://example.org/reports/border?a=1&b=2"
	wire := sourceForm("wire-2020-04-02")
	wire.Set("original", "monitor-2020-03")
	wire.Set("archive_url", archive)
	if r := postForm(t, es, "/sources/new", wire, cookie); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("create the carrier: %d %s", r.StatusCode, body(t, r))
	}
	if r := postForm(t, es, "/figures/new", figureForm("wire-detained-2020-03", "wire-2020-04-02"), cookie); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("create the figure: %d %s", r.StatusCode, body(t, r))
	}

	edit := body(t, getAs(t, es, "/sources/wire-2020-04-02/edit", cookie))
	if got := inputValue(edit, "original"); got != "monitor-2020-03" {
		t.Errorf("the edit form's original = %q", got)
	}
	if strings.Contains(edit, `<option value="wire-2020-04-02"`) {
		t.Error("the edit form offers the source as its own original")
	}

	const credit = "Monitor Group (Mar 2020), as carried by Border Watch"
	page := body(t, get(t, es, "/figures/wire-detained-2020-03"))
	for _, want := range []string{
		`<cite lang="en">Refugees caught at the border</cite>, ` + credit + ", 2 Apr 2020",
		"“Refugees caught at the border.” " + credit + ", 2 April 2020.",
		`<a href="/sources/monitor-2020-03">About the original it carries</a>`,
		"Open the archived copy at this sentence",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the figure page does not say %q", want)
		}
	}
	link, _ := hrefOf(t, page, "open-at-sentence")
	archived, raw := hrefOf(t, page, "open-archive-at-sentence")
	base, frag, _ := strings.Cut(archived, "#:~:")
	_, want, _ := strings.Cut(link, "#:~:")
	if base != archive || frag != want || frag == "" {
		t.Errorf("the archived link %q: want %q with the fragment %q of %q", archived, archive, want, link)
	}
	if !strings.Contains(raw, "?a=1&amp;b=2#:~:text=") {
		t.Errorf("the archived link is written unescaped: %s", raw)
	}

	src := body(t, get(t, es, "/sources/wire-2020-04-02"))
	for _, want := range []string{`<dt>Carries</dt><dd><a href="/sources/monitor-2020-03" lang="en">Refugees caught at the border</a> — Monitor Group, Mar 2020</dd>`,
		"“Refugees caught at the border.” " + credit + ", 2 April 2020."} {
		if !strings.Contains(src, want) {
			t.Errorf("the carrier's page does not say %q", want)
		}
	}
	if orig := body(t, get(t, es, "/sources/monitor-2020-03")); !strings.Contains(orig, `<dt>Carried by</dt><dd><ul class="carried-by"><li><a href="/sources/wire-2020-04-02" lang="en">Refugees caught at the border</a> — Border Watch, 2 Apr 2020</li></ul></dd>`) {
		t.Error("the original's page does not list the source carrying it")
	}
	if list := body(t, get(t, es, "/sources")); !strings.Contains(list, credit+", 2 Apr 2020") {
		t.Errorf("the source list does not credit %q", credit)
	}
	if figs := body(t, get(t, es, "/figures")); !strings.Contains(figs, `<a href="/sources/wire-2020-04-02">`+credit+`</a>`) {
		t.Errorf("the figure list does not credit %q", credit)
	}

	// Refused, naming the field: itself, a missing source, a circle.
	for _, tt := range []struct{ path, key, original, want string }{
		{"/sources/wire-2020-04-02/edit", "wire-2020-04-02", "wire-2020-04-02", "a source cannot carry itself"},
		{"/sources/new", "wire-2", "nowhere", `there is no source "nowhere"`},
		{"/sources/monitor-2020-03/edit", "monitor-2020-03", "wire-2020-04-02", `("monitor-2020-03" carries "wire-2020-04-02", which carries "monitor-2020-03")`},
	} {
		form := sourceForm(tt.key)
		form.Set("original", tt.original)
		if tt.path != "/sources/new" {
			form.Set("version", versionOf(t, body(t, getAs(t, es, tt.path, cookie))))
		}
		r := postForm(t, es, tt.path, form, cookie)
		page := body(t, r)
		if r.StatusCode != http.StatusBadRequest || !strings.Contains(fieldErrors(page, "original"), tt.want) {
			t.Errorf("%s original %q: status %d, problems %q, want 400 saying %q", tt.path, tt.original, r.StatusCode, fieldErrors(page, "original"), tt.want)
		}
	}

	// A form without the field (a page opened before originals existed)
	// keeps the original.
	form := sourceForm("wire-2020-04-02")
	form.Del("original")
	form.Set("archive_url", archive)
	form.Set("notes", "edited")
	form.Set("version", versionOf(t, edit))
	if r := postForm(t, es, "/sources/wire-2020-04-02/edit", form, cookie); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit without original: %d %s", r.StatusCode, body(t, r))
	}
	if s, err := es.st.GetSource(t.Context(), "wire-2020-04-02"); err != nil || s.Original != "monitor-2020-03" || s.Notes != "edited" {
		t.Errorf("after an edit without the field: original %q, notes %q, %v", s.Original, s.Notes, err)
	}

	// The API: read, refuse, keep when left out, clear when empty.
	tok := newToken(t, es.st, es.editor)
	got := decode[map[string]any](t, sendJSON(t, es, http.MethodGet, "/api/v1/sources/wire-2020-04-02", tok, nil))
	if got["original"] != "monitor-2020-03" {
		t.Errorf("API original = %v", got["original"])
	}
	fig := decode[map[string]any](t, sendJSON(t, es, http.MethodGet, "/api/v1/figures/wire-detained-2020-03", tok, nil))
	if fig["archive_quote_link"] != archived || fig["quote_link"] != link {
		t.Errorf("API links %v and %v, want the page's %q and %q", fig["quote_link"], fig["archive_quote_link"], link, archived)
	}
	bad := apiSourceBody("api-carrier")
	bad["original"] = "api-carrier"
	r := sendJSON(t, es, http.MethodPost, "/api/v1/sources", tok, bad)
	if e := decode[map[string]any](t, r); r.StatusCode != http.StatusBadRequest || !strings.Contains(fmtFields(e), "original: a source cannot carry itself") {
		t.Errorf("API self original: %d %v", r.StatusCode, e)
	}
	bad["original"] = "nowhere"
	r = sendJSON(t, es, http.MethodPost, "/api/v1/sources", tok, bad)
	if e := decode[map[string]any](t, r); r.StatusCode != http.StatusBadRequest || !strings.Contains(fmtFields(e), `original: source "api-carrier" carries "nowhere"`) {
		t.Errorf("API missing original: %d %v", r.StatusCode, e)
	}
	put := apiSourceBody("wire-2020-04-02")
	put["version"], put["notes"] = got["version"], "edited by the API"
	r = sendJSON(t, es, http.MethodPut, "/api/v1/sources/wire-2020-04-02", tok, put)
	if e := decode[map[string]any](t, r); r.StatusCode != http.StatusOK || e["original"] != "monitor-2020-03" {
		t.Errorf("API update without original: %d, original %v", r.StatusCode, e["original"])
	} else {
		put["version"], put["original"] = e["version"], ""
		r = sendJSON(t, es, http.MethodPut, "/api/v1/sources/wire-2020-04-02", tok, put)
		if e := decode[map[string]any](t, r); r.StatusCode != http.StatusOK || e["original"] != "" {
			t.Errorf("API update clearing original: %d, original %v", r.StatusCode, e["original"])
		}
	}
}

// fmtFields writes an API error's field problems as "field: message; …".
func fmtFields(e map[string]any) string {
	var parts []string
	fields, _ := e["fields"].([]any)
	for _, f := range fields {
		m, _ := f.(map[string]any)
		parts = append(parts, m["field"].(string)+": "+m["message"].(string))
	}
	return strings.Join(parts, "; ")
}
