package dashboard

// Tests of the edit forms: sources, figures, retraction, history,
// conflicts, validation shown by field, hostile text.

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"forcedreturns/models"
)

// fieldErrors returns the problems shown under the input name, as text.
func fieldErrors(page, name string) string {
	i := strings.Index(page, `<ul class="field-errors" id="err-`+name+`">`)
	if i < 0 {
		return ""
	}
	j := strings.Index(page[i:], "</ul>")
	return html.UnescapeString(page[i : i+j])
}

// inputValue returns the value the form shows for the input name.
func inputValue(page, name string) string {
	if i := strings.Index(page, `name="`+name+`" value="`); i >= 0 {
		rest := page[i+len(`name="`+name+`" value="`):]
		return html.UnescapeString(rest[:strings.Index(rest, `"`)])
	}
	if i := strings.Index(page, `<textarea id="in-`+name+`" name="`+name+`"`); i >= 0 {
		rest := page[i:]
		rest = rest[strings.Index(rest, ">\n")+2:]
		return html.UnescapeString(rest[:strings.Index(rest, "</textarea>")])
	}
	if i := strings.Index(page, `<select id="in-`+name+`"`); i >= 0 {
		rest := page[i : i+strings.Index(page[i:], "</select>")]
		if k := strings.Index(rest, `" selected>`); k >= 0 {
			v := rest[:k]
			return html.UnescapeString(v[strings.LastIndex(v, `value="`)+len(`value="`):])
		}
	}
	return "<no input " + name + ">"
}

func sourceForm(key string) url.Values {
	return url.Values{"id": {key}, "title": {"Refugees caught at the border"}, "kind": {"ngo_report"}, "publisher": {"Border Watch"},
		"authors": {"A. Author"}, "author_affiliation": {"Border Watch"}, "published_on": {"2020-04-02"},
		"url": {"https://example.org/reports/border"}, "archive_url": {""}, "language": {"en"}, "accessed_on": {"2024-01-15"},
		"notes": {""}, "reason": {"new source"}}
}

func figureForm(key, source string) url.Values {
	return url.Values{"id": {key}, "source": {source}, "metric": {"apprehended"}, "qualifier": {"at_least"}, "value": {"12"},
		"value_low": {""}, "value_high": {""}, "value_text": {"at least 12"}, "unit": {"people"}, "period_start": {"2020-03"},
		"period_end": {""}, "quantity_kind": {"flow"}, "population": {"North Koreans"}, "acting_state": {"CN"},
		"receiving_state": {"KP"}, "location": {"Dandong"}, "subgroup_of": {""}, "formula": {""},
		"quote":       {`Activists said that "at least 12 people were detained near Dandong" in March 2020 - most of them women.`},
		"reported_by": {"Border Watch"}, "status": {"published"}, "notes": {""}, "reason": {"from the report"}}
}

// versionOf reads the hidden version of an edit form.
func versionOf(t *testing.T, page string) string {
	t.Helper()
	i := strings.Index(page, `name="version" value="`)
	if i < 0 {
		t.Fatalf("no version in the form")
	}
	rest := page[i+len(`name="version" value="`):]
	return rest[:strings.Index(rest, `"`)]
}

func TestFigureLifecycleThroughForms(t *testing.T) {
	es := newEditorServer(t)
	ctx := context.Background()
	cookie := signIn(t, es, es.editor.Email)
	if r := postForm(t, es, "/sources/new", sourceForm("border-watch-2020"), cookie); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("create source: %d %s", r.StatusCode, body(t, r))
	}
	if r := getAs(t, es, "/figures/new?source=border-watch-2020", cookie); inputValue(body(t, r), "source") != "border-watch-2020" {
		t.Errorf("the new figure form does not preselect the source")
	}
	r := postForm(t, es, "/figures/new", figureForm("bw-2020-03", "border-watch-2020"), cookie)
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/figures/bw-2020-03" {
		t.Fatalf("create figure: %d %s", r.StatusCode, body(t, r))
	}
	// Edit: the form shows every stored value.
	page := body(t, getAs(t, es, "/figures/bw-2020-03/edit", cookie))
	for name, want := range map[string]string{"value": "12", "qualifier": "at_least", "period_start": "2020-03", "period_end": "2020-03",
		"metric": "apprehended", "source": "border-watch-2020", "quantity_kind": "flow", "location": "Dandong", "status": "published"} {
		if got := inputValue(page, name); got != want {
			t.Errorf("edit form %s = %q, want %q", name, got, want)
		}
	}
	form := figureForm("bw-2020-03", "border-watch-2020")
	form.Set("version", versionOf(t, page))
	form.Set("value", "13")
	form.Set("reason", "typo in the value")
	if r := postForm(t, es, "/figures/bw-2020-03/edit", form, cookie); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("update: %d %s", r.StatusCode, body(t, r))
	}
	page = body(t, getAs(t, es, "/figures/bw-2020-03", cookie))
	version := versionOf(t, page[strings.Index(page, `action="/figures/bw-2020-03/retract"`):])
	// A retraction needs a reason.
	if r := postForm(t, es, "/figures/bw-2020-03/retract", url.Values{"version": {version}, "reason": {" "}}, cookie); r.StatusCode != http.StatusBadRequest {
		t.Errorf("retract without a reason: %d, want 400", r.StatusCode)
	}
	if r := postForm(t, es, "/figures/bw-2020-03/retract", url.Values{"version": {version}, "reason": {"the report was corrected"}}, cookie); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("retract: %d %s", r.StatusCode, body(t, r))
	}
	page = body(t, getAs(t, es, "/figures/bw-2020-03", cookie))
	if !strings.Contains(page, "Retracted.") || !strings.Contains(page, "the report was corrected") || !strings.Contains(page, `action="/figures/bw-2020-03/restore"`) {
		t.Error("the retracted figure's page does not show the retraction, its reason and a restore button")
	}
	version = versionOf(t, page[strings.Index(page, `action="/figures/bw-2020-03/restore"`):])
	if r := postForm(t, es, "/figures/bw-2020-03/restore", url.Values{"version": {version}, "reason": {"the correction was withdrawn"}}, cookie); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("restore: %d %s", r.StatusCode, body(t, r))
	}

	revs, err := es.st.Revisions(ctx, models.EntityFigure, "bw-2020-03", models.AudienceEditors)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ action, reason string }{
		{"create", "from the report"}, {"update", "typo in the value"}, {"retract", "the report was corrected"}, {"restore", "the correction was withdrawn"},
	}
	if len(revs) != len(want) {
		t.Fatalf("%d revisions, want %d: %+v", len(revs), len(want), revs)
	}
	for i, w := range want {
		if r := revs[i]; r.Action != w.action || r.Reason != w.reason || r.Editor != es.editor.Name || r.Version != i+1 {
			t.Errorf("revision %d = %s by %s (%q) v%d, want %s by %s (%q) v%d", i, r.Action, r.Editor, r.Reason, r.Version, w.action, es.editor.Name, w.reason, i+1)
		}
	}
	diff := func(i int) map[string]models.FieldChange {
		ch, err := models.DiffSnapshots(revs[i-1].Snapshot, revs[i].Snapshot)
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]models.FieldChange{}
		for _, c := range ch {
			m[c.Field] = c
		}
		return m
	}
	if d := diff(1); len(d) != 1 || d["value"].Old != "12" || d["value"].New != "13" {
		t.Errorf("update changed %+v, want value 12 → 13 only", d)
	}
	if d := diff(2); d["status"].New != "retracted" || d["retract_reason"].New != "the report was corrected" {
		t.Errorf("retraction changed %+v", d)
	}
	if d := diff(3); d["status"].New != "published" || d["retract_reason"].Old != "the report was corrected" {
		t.Errorf("restoration changed %+v", d)
	}
	page = html.UnescapeString(body(t, get(t, es, "/figures/bw-2020-03")))
	for _, s := range []string{"History", "typo in the value", "the report was corrected", "the correction was withdrawn",
		"<code>value</code>: <del dir=\"auto\">12</del> → <ins dir=\"auto\">13</ins>", "by Editor ed"} {
		if !strings.Contains(page, s) {
			t.Errorf("the figure's history lacks %q", s)
		}
	}
}

func TestSourceEditShowsHistory(t *testing.T) {
	es := newEditorServer(t)
	cookie := signIn(t, es, es.editor.Email)
	page := body(t, getAs(t, es, "/sources/"+seedSource+"/edit", cookie))
	if got := inputValue(page, "url"); !strings.HasPrefix(got, "https://deeply.thenewhumanitarian.org/") {
		t.Fatalf("edit form url = %q", got)
	}
	form := url.Values{"reason": {"archived copy found"}, "version": {versionOf(t, page)}}
	for _, n := range sourceInputs {
		if n != "reason" && n != "id" {
			form.Set(n, inputValue(page, n))
		}
	}
	form.Set("archive_url", "https://web.archive.org/web/2017/https://deeply.thenewhumanitarian.org/x")
	if r := postForm(t, es, "/sources/"+seedSource+"/edit", form, cookie); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("update source: %d %s", r.StatusCode, body(t, r))
	}
	page = html.UnescapeString(body(t, get(t, es, "/sources/"+seedSource)))
	for _, s := range []string{"History", "archived copy found", "<code>archive_url</code>", "https://web.archive.org/web/2017/", "by Editor ed"} {
		if !strings.Contains(page, s) {
			t.Errorf("the source page lacks %q", s)
		}
	}
	if !strings.Contains(page, `rel="noopener noreferrer">https://web.archive.org`) {
		t.Error("the archive link lacks rel=noopener noreferrer")
	}
}

func TestFormShowsProblemsByFieldAndKeepsInput(t *testing.T) {
	es := newEditorServer(t)
	cookie := signIn(t, es, es.editor.Email)
	form := figureForm("bad-figure", seedSource)
	typed := map[string]string{
		"value":        " 4l ",
		"period_start": "2017-13",
		"acting_state": "XX",
		"quote":        "\n  a quote that starts\nwith a new line and ends with spaces  ",
		"population":   "",
		"reason":       "",
		"value_text":   `"quoted" & <tagged>`,
	}
	for k, v := range typed {
		form.Set(k, v)
	}
	r := postForm(t, es, "/figures/new", form, cookie)
	page := body(t, r)
	if r.StatusCode != http.StatusBadRequest {
		t.Fatalf("status %d, want 400", r.StatusCode)
	}
	for field, want := range map[string]string{
		"value": "expected a whole number", "period_start": "month must be 01 to 12", "acting_state": "ISO 3166-1",
		"population": "required", "reason": "required",
	} {
		if got := fieldErrors(page, field); !strings.Contains(got, want) {
			t.Errorf("problems of %s = %q, want %q", field, got, want)
		}
	}
	if strings.Contains(fieldErrors(page, "period_end"), "required") {
		t.Error("a period that did not parse is also reported as missing")
	}
	for k, v := range typed {
		if got := inputValue(page, k); got != v {
			t.Errorf("%s shown as %q, typed %q", k, got, v)
		}
	}
	if _, err := es.st.GetFigure(context.Background(), "bad-figure", models.AudienceEditors); models.ErrorCode(err) != models.ENotFound {
		t.Errorf("an invalid figure was stored: %v", err)
	}

	// Problems only the store can find (references) are shown by field too.
	form = figureForm("dangling", seedSource)
	form.Set("metric", "no_such_metric")
	form.Set("subgroup_of", "no-such-figure")
	r = postForm(t, es, "/figures/new", form, cookie)
	page = body(t, r)
	if r.StatusCode != http.StatusBadRequest || !strings.Contains(fieldErrors(page, "metric"), "unknown metric") ||
		!strings.Contains(fieldErrors(page, "subgroup_of"), "unknown figure") {
		t.Errorf("reference problems: status %d, metric %q, subgroup_of %q", r.StatusCode, fieldErrors(page, "metric"), fieldErrors(page, "subgroup_of"))
	}
	if got := inputValue(page, "metric"); got != "no_such_metric" {
		t.Errorf("the unknown metric typed is shown as %q", got)
	}
	// An existing id.
	r = postForm(t, es, "/figures/new", figureForm(seedFigure, seedSource), cookie)
	if page := body(t, r); r.StatusCode != http.StatusConflict || !strings.Contains(fieldErrors(page, "id"), "already exists") {
		t.Errorf("existing id: status %d, id problems %q", r.StatusCode, fieldErrors(page, "id"))
	}
}

func TestSourceFormRefusesUnsafeLinks(t *testing.T) {
	es := newEditorServer(t)
	cookie := signIn(t, es, es.editor.Email)
	for _, bad := range []string{"javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
		"data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)", "//evil.example/x", "https:///nohost", "ftp://example.org/x"} {
		form := sourceForm("unsafe-link")
		form.Set("url", bad)
		form.Set("archive_url", bad)
		r := postForm(t, es, "/sources/new", form, cookie)
		page := body(t, r)
		if r.StatusCode != http.StatusBadRequest || fieldErrors(page, "url") == "" || fieldErrors(page, "archive_url") == "" {
			t.Errorf("url %q: status %d, url problems %q, archive_url problems %q", bad, r.StatusCode, fieldErrors(page, "url"), fieldErrors(page, "archive_url"))
		}
		if strings.Contains(page, `href="`+bad) {
			t.Errorf("url %q is rendered as a link", bad)
		}
	}
	// The API says the same, by field.
	tok := newToken(t, es.st, es.editor)
	r := sendJSON(t, es, http.MethodPost, "/api/v1/sources", tok, map[string]any{"id": "unsafe", "title": "T", "kind": "news", "publisher": "P",
		"published_on": "2020-01-02", "url": "JAVASCRIPT:alert(1)", "archive_url": "//evil.example", "reason": "r"})
	eb := decode[errorBody](t, r)
	fields := map[string]bool{}
	for _, f := range eb.Fields {
		fields[f.Field] = true
	}
	if r.StatusCode != http.StatusBadRequest || !fields["url"] || !fields["archive_url"] {
		t.Errorf("API: status %d, fields %+v", r.StatusCode, eb.Fields)
	}
}

func TestStaleEditIsRefusedAndNothingLost(t *testing.T) {
	es := newEditorServer(t)
	ctx := context.Background()
	cookie := signIn(t, es, es.editor.Email)
	page := body(t, getAs(t, es, "/figures/"+seedFigure+"/edit", cookie))
	opened := versionOf(t, page)
	// Meanwhile someone else corrects the figure.
	v, err := es.st.GetFigure(ctx, seedFigure, models.AudienceEditors)
	if err != nil {
		t.Fatal(err)
	}
	other := v.Figure
	other.Location, other.Notes = "Yanbian", "corrected by a colleague"
	if err := es.st.UpdateFigure(ctx, &other, models.Change{Editor: "other@example.org", Reason: "location per the report"}); err != nil {
		t.Fatal(err)
	}
	form := url.Values{"version": {opened}}
	for _, n := range figureInputs {
		form.Set(n, inputValue(page, n))
	}
	form.Del("derived")
	form.Set("population", "North Korean refugees, my edit")
	form.Set("reason", "my reason")
	r := postForm(t, es, "/figures/"+seedFigure+"/edit", form, cookie)
	page = html.UnescapeString(body(t, r))
	if r.StatusCode != http.StatusConflict {
		t.Fatalf("stale edit: status %d, want 409", r.StatusCode)
	}
	for _, s := range []string{"This figure was changed by other@example.org at", "location per the report",
		"<code>location</code>", "Yanbian", "<code>notes</code>", "corrected by a colleague", "Nothing was overwritten"} {
		if !strings.Contains(page, s) {
			t.Errorf("the conflict page lacks %q", s)
		}
	}
	if got := inputValue(body(t, postForm(t, es, "/figures/"+seedFigure+"/edit", form, cookie)), "population"); got != "North Korean refugees, my edit" {
		t.Errorf("the conflict page lost the typed population: %q", got)
	}
	if got := inputValue(body(t, postForm(t, es, "/figures/"+seedFigure+"/edit", form, cookie)), "reason"); got != "my reason" {
		t.Errorf("the conflict page lost the typed reason: %q", got)
	}
	cur, err := es.st.GetFigure(ctx, seedFigure, models.AudienceEditors)
	if err != nil {
		t.Fatal(err)
	}
	if cur.Figure.Location != "Yanbian" || cur.Figure.Population == "North Korean refugees, my edit" || cur.Figure.Version != other.Version {
		t.Errorf("the stale edit overwrote something: %+v", cur.Figure)
	}
	// The form now carries the current version: saving again is deliberate.
	if got := versionOf(t, page); got != strconv.Itoa(other.Version) {
		t.Errorf("conflict form version %s, want %d", got, other.Version)
	}

	// The same for a source.
	page = body(t, getAs(t, es, "/sources/"+seedSource+"/edit", cookie))
	opened = versionOf(t, page)
	src, err := es.st.GetSource(ctx, seedSource)
	if err != nil {
		t.Fatal(err)
	}
	src.Notes = "a colleague's note"
	if err := es.st.UpdateSource(ctx, &src, models.Change{Editor: "other@example.org", Reason: "note"}); err != nil {
		t.Fatal(err)
	}
	sform := url.Values{"version": {opened}, "reason": {"mine"}}
	for _, n := range sourceInputs {
		if n != "reason" {
			sform.Set(n, inputValue(page, n))
		}
	}
	sform.Set("title", "My better title")
	r = postForm(t, es, "/sources/"+seedSource+"/edit", sform, cookie)
	page = html.UnescapeString(body(t, r))
	if r.StatusCode != http.StatusConflict || !strings.Contains(page, "This source was changed by other@example.org") ||
		!strings.Contains(page, "a colleague's note") || inputValue(page, "title") != "My better title" {
		t.Errorf("stale source edit: status %d, title %q", r.StatusCode, inputValue(page, "title"))
	}
	if cur, _ := es.st.GetSource(ctx, seedSource); cur.Title == "My better title" || cur.Notes != "a colleague's note" {
		t.Errorf("the stale source edit overwrote something: %+v", cur)
	}
}

func TestRetractedFigureLeavesChartsAndTotalsNotTheRecord(t *testing.T) {
	es := newEditorServer(t)
	const key = "hrw-2017-apprehended-2017-07-to-08"
	link := "/figures/" + key
	cookie := signIn(t, es, es.editor.Email)
	for _, path := range []string{"/", "/api/v1/charts/apprehensions", "/api/v1/charts/timeline"} {
		if b := body(t, get(t, es, path)); !strings.Contains(b, link) {
			t.Fatalf("%s does not show the figure before the retraction", path)
		}
	}
	v, err := es.st.GetFigure(context.Background(), key, models.AudienceEditors)
	if err != nil {
		t.Fatal(err)
	}
	r := postForm(t, es, link+"/retract", url.Values{"version": {strconv.Itoa(v.Figure.Version)}, "reason": {"double counted"}}, cookie)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("retract: %d", r.StatusCode)
	}
	for _, path := range []string{"/", "/api/v1/charts/apprehensions", "/api/v1/charts/timeline", "/embed/charts/apprehensions"} {
		if b := body(t, get(t, es, path)); strings.Contains(b, link) {
			t.Errorf("%s still shows the retracted figure", path)
		}
	}
	if b := body(t, get(t, es, "/checks")); strings.Contains(b, "51 (Jul 2016 – Jun 2017) + 41 (Jul 2017 – Aug 2017) = 92") {
		t.Error("the checks still add the retracted figure into a total")
	}
	csv := body(t, get(t, es, "/figures.csv"))
	var row string
	for _, line := range strings.Split(csv, "\n") {
		if strings.HasPrefix(line, key+",") {
			row = line
		}
	}
	if !strings.Contains(row, ",retracted,") || !strings.Contains(row, "double counted") {
		t.Errorf("figures.csv row of the retracted figure = %q, want status retracted and the reason", row)
	}
	page := body(t, get(t, es, link))
	if r := get(t, es, link); r.StatusCode != http.StatusOK || !strings.Contains(page, "Retracted.") || !strings.Contains(page, "double counted") {
		t.Errorf("the retracted figure's page: status %d", r.StatusCode)
	}
	if b := body(t, get(t, es, "/figures")); !strings.Contains(b, link) {
		t.Error("the retracted figure is not listed on /figures")
	}
}

// TestHostileTextThroughForms submits the strings of hostileBatch through
// the forms: they are stored as typed and come back as text everywhere.
func TestHostileTextThroughForms(t *testing.T) {
	es := newEditorServer(t)
	cookie := signIn(t, es, es.editor.Email)
	b := hostileBatch()
	evilSrc, evilFig := b.Sources[0], b.Figures[0]
	sf := sourceForm("hostile-src")
	sf.Set("title", evilSrc.Title)
	sf.Set("publisher", evilSrc.Publisher)
	sf.Set("authors", evilFig.ReportedBy)
	sf.Set("notes", evilFig.Quote)
	sf.Set("reason", evilFig.Quote)
	if r := postForm(t, es, "/sources/new", sf, cookie); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("hostile source: %d %s", r.StatusCode, body(t, r))
	}
	ff := figureForm("hostile-fig", "hostile-src")
	ff.Set("quote", evilFig.Quote)
	ff.Set("population", evilFig.Population)
	ff.Set("reported_by", evilFig.ReportedBy)
	ff.Set("value_text", evilSrc.Title)
	ff.Set("location", `"><svg onload=alert(4)>`)
	ff.Set("notes", evilFig.Quote)
	ff.Set("reason", evilFig.Quote)
	if r := postForm(t, es, "/figures/new", ff, cookie); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("hostile figure: %d %s", r.StatusCode, body(t, r))
	}
	// And a form re-rendered with a problem shows them as typed, inert.
	ff.Set("id", "Bad Id <script>")
	bad := postForm(t, es, "/figures/new", ff, cookie)
	pages := map[string]string{"re-rendered form": body(t, bad)}
	for _, path := range []string{"/", "/figures", "/figures/hostile-fig", "/sources/hostile-src", "/sources", "/figures/hostile-fig/edit", "/sources/hostile-src/edit"} {
		r := getAs(t, es, path, cookie)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d", path, r.StatusCode)
		}
		pages[path] = body(t, r)
	}
	for path, page := range pages {
		for _, raw := range []string{"</script><script>", "<img src=x onerror", "<b>bold", "<svg onload", "<script>"} {
			if strings.Contains(page, raw) {
				t.Errorf("%s contains unescaped %q", path, raw)
			}
		}
	}
	if got := inputValue(pages["re-rendered form"], "quote"); got != evilFig.Quote {
		t.Errorf("the re-rendered form shows the quote as %q", got)
	}
	if !strings.Contains(html.UnescapeString(pages["/figures/hostile-fig"]), evilFig.Quote) {
		t.Error("the figure page does not show the hostile quote as text")
	}
}
