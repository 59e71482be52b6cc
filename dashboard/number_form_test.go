package dashboard

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"forcedreturns/models"
)

// TestFormNumbersAreStrict checks that a count typed in a form is read
// strictly: a leading zero, a comma that does not group thousands, a
// decimal or a sign is refused with the expected form named, and nothing
// is stored; real groups of three are accepted.
func TestFormNumbersAreStrict(t *testing.T) {
	es := newEditorServer(t)
	cookie := signIn(t, es, es.editor.Email)
	for _, tt := range []struct{ typed, why string }{
		{"007", "no leading zeros"},
		{"0,123", "commas must separate groups of three digits"},
		{"1,23", "commas must separate groups of three digits"},
		{"1.0", "no decimals"},
		{"+5", "no sign"},
		{"-5", "no sign"},
		{"12 000", "no spaces"},
		{"1_000", "digits only"},
	} {
		t.Run(tt.typed, func(t *testing.T) {
			form := figureForm("strict-number", seedSource)
			form.Set("value", tt.typed)
			r := postForm(t, es, "/figures/new", form, cookie)
			page := body(t, r)
			if r.StatusCode != http.StatusBadRequest {
				t.Fatalf("status %d, want 400", r.StatusCode)
			}
			if got := fieldErrors(page, "value"); !strings.Contains(got, "expected a whole number such as 41 or 1,204") || !strings.Contains(got, tt.why) {
				t.Errorf("problems of value = %q, want the expected form and %q", got, tt.why)
			}
			if _, err := es.st.GetFigure(context.Background(), "strict-number", models.AudienceEditors); err == nil {
				t.Errorf("a figure with value %q was stored", tt.typed)
			}
		})
	}
	form := figureForm("grouped-number", seedSource)
	form.Set("value", " 1,204 ")
	if r := postForm(t, es, "/figures/new", form, cookie); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("value 1,204: status %d, want 303: %s", r.StatusCode, fieldErrors(body(t, r), "value"))
	}
	f, err := es.st.GetFigure(context.Background(), "grouped-number", models.AudienceEditors)
	if err != nil || f.Figure.Value != 1204 {
		t.Errorf("stored value %d, %v; want 1204", f.Figure.Value, err)
	}
}
