package dashboard

import (
	"context"
	"html"
	"net/http"
	"strings"
	"testing"

	"forcedreturns/models"
)

// A figure that gives no number goes through the editor's form with its
// words and an empty value, is shown with its words and "No number given
// by the source", and opens in the edit form with the value still empty;
// the form refuses a number given with it, and names the field.
func TestFormUnquantifiedFigure(t *testing.T) {
	es := newEditorServer(t)
	cookie := signIn(t, es, es.editor.Email)
	ctx := context.Background()
	words := func(key string) map[string][]string {
		form := figureForm(key, seedSource)
		form.Set("qualifier", "unquantified")
		form.Set("value", "")
		form.Set("value_text", "a number of")
		form.Set("quote", "Activists said that a number of people were detained near Dandong in March 2020.")
		return form
	}

	page := body(t, getAs(t, es, "/figures/new", cookie))
	if !strings.Contains(page, `<option value="unquantified">unquantified — no number: the source gives only words such as “a number of” or “dozens”</option>`) {
		t.Error("the figure form offers no unquantified qualifier")
	}

	r := postForm(t, es, "/figures/new", words("form-words"), cookie)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("status %d, want 303: %s", r.StatusCode, fieldErrors(body(t, r), "value"))
	}
	v, err := es.st.GetFigure(ctx, "form-words", models.AudienceEditors)
	if err != nil || v.Figure.Qualifier != models.QualUnquantified || v.Figure.ValueText != "a number of" || v.Figure.Value != 0 {
		t.Fatalf("stored %+v, %v", v.Figure, err)
	}

	page = html.UnescapeString(body(t, get(t, es, "/figures/form-words")))
	for _, want := range []string{"No number given by the source.", "It says “a number of” (people)", "“a number of” (no number given)"} {
		if !strings.Contains(page, want) {
			t.Errorf("the figure page lacks %q", want)
		}
	}
	if strings.Contains(page, "0 people") {
		t.Error("the figure page shows a number for a figure that gives none")
	}

	page = body(t, getAs(t, es, "/figures/form-words/edit", cookie))
	if got := inputValue(page, "value"); got != "" {
		t.Errorf("the edit form shows value %q, want it empty", got)
	}
	if got := inputValue(page, "value_text"); got != "a number of" {
		t.Errorf("the edit form shows value_text %q", got)
	}

	for _, tc := range []struct {
		name, field, want string
		change            func(f map[string][]string)
	}{
		{"a number with it", "value", "must be empty when qualifier is unquantified: the source gives no number, got 5",
			func(f map[string][]string) { f["value"] = []string{"5"} }},
		{"no words", "value_text", "required when qualifier is unquantified",
			func(f map[string][]string) { f["value_text"] = []string{""} }},
		{"no number for a number", "value", "when it gives only words, choose unquantified and leave the value empty",
			func(f map[string][]string) { f["qualifier"] = []string{"at_least"} }},
		{"words as the value", "value", "set qualifier unquantified",
			func(f map[string][]string) { f["qualifier"], f["value"] = []string{"at_least"}, []string{"dozens"} }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			form := words("form-words-bad")
			tc.change(form)
			r := postForm(t, es, "/figures/new", form, cookie)
			page := body(t, r)
			if r.StatusCode != http.StatusBadRequest || !strings.Contains(fieldErrors(page, tc.field), tc.want) {
				t.Errorf("status %d, problems of %s %q; want 400 with %q", r.StatusCode, tc.field, fieldErrors(page, tc.field), tc.want)
			}
			if _, err := es.st.GetFigure(ctx, "form-words-bad", models.AudienceEditors); err == nil {
				t.Error("a refused figure was stored")
			}
		})
	}
}
