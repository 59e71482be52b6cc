package dashboard

import (
	"html"
	"net/http"
	"strings"
	"testing"
)

// "Since 2019", counted as of a report of 5 December 2023, is entered in
// the form as 2019 to 2023-12-05, shown with each end at its precision,
// edited as written, said the same way by the API, and not flagged; the
// same figure entered to the end of December is flagged on its page and on
// /checks; a stock whose ends are of two precisions is refused naming the
// end.
func TestPeriodEndPrecisionThroughForms(t *testing.T) {
	es := newEditorServer(t)
	cookie := signIn(t, es, es.editor.Email)
	src := sourceForm("monitor-2023")
	src.Set("published_on", "2023-12-05")
	src.Set("accessed_on", "2023-12-20")
	if r := postForm(t, es, "/sources/new", src, cookie); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("create source: %d %s", r.StatusCode, body(t, r))
	}
	form := figureForm("since-2019", "monitor-2023")
	form.Set("period_start", "2019")
	form.Set("period_end", "2023-12-05")
	if r := postForm(t, es, "/figures/new", form, cookie); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("create figure: %d %s", r.StatusCode, fieldErrors(body(t, r), "period_end"))
	}
	page := html.UnescapeString(body(t, getAs(t, es, "/figures/since-2019", cookie)))
	for _, want := range []string{"2019 – 5 Dec 2023", "known to the year at its start and the day at its end"} {
		if !strings.Contains(page, want) {
			t.Errorf("the figure page does not say %q", want)
		}
	}
	if strings.Contains(page, "After publication") {
		t.Errorf("the figure page flags a period as of its source's date")
	}
	edit := body(t, getAs(t, es, "/figures/since-2019/edit", cookie))
	if s, e := inputValue(edit, "period_start"), inputValue(edit, "period_end"); s != "2019" || e != "2023-12-05" {
		t.Errorf("edit form period = %q to %q, want 2019 to 2023-12-05", s, e)
	}
	tok := newToken(t, es.st, es.editor)
	got := decode[map[string]any](t, sendJSON(t, es, http.MethodGet, "/api/v1/figures/since-2019", tok, nil))
	if got["period_precision"] != "year" || got["period_end_precision"] != "day" || got["period_end"] != "2023-12-05" {
		t.Errorf("API period %v %v to %v %v", got["period_start"], got["period_precision"], got["period_end"], got["period_end_precision"])
	}

	past := figureForm("since-2019-past", "monitor-2023")
	past.Set("period_start", "2019")
	past.Set("period_end", "2023-12")
	past.Set("population", "North Korean women")
	if r := postForm(t, es, "/figures/new", past, cookie); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("create figure: %d %s", r.StatusCode, body(t, r))
	}
	const flag = "runs to the end of Dec 2023 (31 Dec 2023), after its source monitor-2023 was published on 5 Dec 2023"
	for _, path := range []string{"/figures/since-2019-past", "/checks"} {
		if page := html.UnescapeString(body(t, getAs(t, es, path, cookie))); !strings.Contains(page, flag) {
			t.Errorf("%s does not say %q", path, flag)
		}
	}
	if page := html.UnescapeString(body(t, getAs(t, es, "/checks", cookie))); strings.Count(page, "was published on") != 1 {
		t.Errorf("/checks flags %d periods after publication, want 1 (the seed's end as of its article)", strings.Count(page, "was published on"))
	}

	stock := figureForm("stock-two-precisions", "monitor-2023")
	stock.Set("quantity_kind", "stock")
	stock.Set("period_start", "2023-11-30")
	stock.Set("period_end", "2023-11")
	r := postForm(t, es, "/figures/new", stock, cookie)
	if msg := fieldErrors(body(t, r), "period_end"); r.StatusCode != http.StatusBadRequest || !strings.Contains(msg, "known to one precision") {
		t.Errorf("a stock with ends of two precisions: %d, period_end problems %q", r.StatusCode, msg)
	}
}
