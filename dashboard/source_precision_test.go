package dashboard

import (
	"net/http"
	"strings"
	"testing"
)

// A source published "December 2023" is entered as 2023-12 in the form,
// shown and cited as December 2023 (never 1 December 2023), edited as
// 2023-12, and said the same way by the API; a date that is not one, or an
// access before the month of publication, is refused naming the field.
func TestSourcePublishedMonthThroughForms(t *testing.T) {
	es := newEditorServer(t)
	cookie := signIn(t, es, es.editor.Email)
	form := sourceForm("monitor-2023-12")
	form.Set("published_on", "2023-12")
	form.Set("accessed_on", "2023-12-20")
	if r := postForm(t, es, "/sources/new", form, cookie); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("create source: %d %s", r.StatusCode, body(t, r))
	}
	page := body(t, getAs(t, es, "/sources/monitor-2023-12", cookie))
	for _, want := range []string{"<dd>Dec 2023</dd>", "Border Watch, December 2023. "} {
		if !strings.Contains(page, want) {
			t.Errorf("the source page does not say %q", want)
		}
	}
	for _, bad := range []string{"1 Dec 2023", "1 December 2023", "2023-12-01"} {
		if strings.Contains(page, bad) {
			t.Errorf("the source page says %q, a day the source does not give", bad)
		}
	}
	if got := inputValue(body(t, getAs(t, es, "/sources/monitor-2023-12/edit", cookie)), "published_on"); got != "2023-12" {
		t.Errorf("edit form published_on = %q, want 2023-12", got)
	}
	if list := body(t, getAs(t, es, "/sources", cookie)); !strings.Contains(list, "Border Watch, Dec 2023") {
		t.Errorf("the source list does not say Border Watch, Dec 2023")
	}
	tok := newToken(t, es.st, es.editor)
	r := sendJSON(t, es, http.MethodGet, "/api/v1/sources/monitor-2023-12", tok, nil)
	if got := decode[map[string]any](t, r)["published_on"]; got != "2023-12" {
		t.Errorf("API published_on = %v, want 2023-12", got)
	}

	for _, tt := range []struct{ field, value, want string }{
		{"published_on", "2023-13", "month must be 01 to 12"},
		{"published_on", "Dec 2023", "expected YYYY, YYYY-MM or YYYY-MM-DD"},
		{"accessed_on", "2023-11-30", "must not be before published_on (2023-12)"},
	} {
		form := sourceForm("bad-date")
		form.Set("published_on", "2023-12")
		form.Set(tt.field, tt.value)
		r := postForm(t, es, "/sources/new", form, cookie)
		page := body(t, r)
		if r.StatusCode != http.StatusBadRequest || !strings.Contains(fieldErrors(page, tt.field), tt.want) {
			t.Errorf("%s %q: status %d, problems %q, want 400 saying %q", tt.field, tt.value, r.StatusCode, fieldErrors(page, tt.field), tt.want)
		}
	}
}
