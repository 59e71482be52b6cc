package dashboard

import (
	"context"
	"io"
	"testing"

	"forcedreturns/models"
)

// The figure list's free-text filters suggest the values the public
// figures hold (store.FacetValues), once the facets are read, in both
// languages, escaped; a state none is stated for is offered as "none",
// the filter's word for it.
func TestFilterFormSuggestsStoredValues(t *testing.T) {
	s, st := newTestServer(t)
	ctx := context.Background()
	body := func(path string) string {
		r := get(t, s, path)
		b, _ := io.ReadAll(r.Body)
		return string(b)
	}
	// Before the facets are read: no suggestions, the form as it was. (A
	// refused filter's page: a list would start reading the facets in the
	// background, which on the seed can end before its form is made.)
	says(t, "/figures?from=2017-13", body("/figures?from=2017-13"), []string{`<input id="f-population" name="population" value=""`}, []string{"<datalist"})
	parent, err := st.GetFigure(ctx, seedFigure, models.AudienceEditors)
	if err != nil {
		t.Fatal(err)
	}
	f := parent.Figure
	f.Key, f.Population, f.ActingState = "hostile-population", `<b>"x"</b>`, ""
	if err := st.CreateFigure(ctx, &f, models.Change{Editor: "test", Reason: "a hostile population"}); err != nil {
		t.Fatal(err)
	}
	// A draft's values are an editor's: never suggested to anyone.
	d := parent.Figure
	d.Key, d.Population, d.Status = "draft-population", "a draft's population", models.StatusDraft
	if err := st.CreateFigure(ctx, &d, models.Change{Editor: "test", Reason: "a draft"}); err != nil {
		t.Fatal(err)
	}
	if err := st.RefreshPageAnchors(ctx); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/figures?metric=apprehended", "/ko/figures"} {
		says(t, path, body(path), []string{
			`<input id="f-population" name="population" list="f-population-values"`,
			`<datalist id="f-population-values">`, `<option value="North Koreans">`, `<option value="&lt;b&gt;&#34;x&#34;&lt;/b&gt;">`,
			`<datalist id="f-acting-values"><option value="none"><option value="CN">`,
			`<datalist id="f-receiving-values"><option value="none"><option value="KP"></datalist>`, `<datalist id="f-unit-values"><option value="people">`,
		}, []string{`<b>"x"</b>`, `<option value=""><`, "a draft"})
	}
}
