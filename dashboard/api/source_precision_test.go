package api_test

import (
	"net/http"
	"testing"
)

// The write API takes a publication date at its precision and hands it
// back as written; a date that is not one is a 400 naming published_on.
func TestAPISourcePublishedPrecision(t *testing.T) {
	es := newEditorServer(t)
	tok := newToken(t, es.st, es.editor)
	for _, in := range []string{"2023", "2023-12", "2023-12-05"} {
		b := apiSourceBody("monitor-" + in)
		b["published_on"] = in
		r := sendJSON(t, es, http.MethodPost, "/api/v1/sources", tok, b)
		if got := decode[map[string]any](t, r); r.StatusCode != http.StatusCreated || got["published_on"] != in {
			t.Errorf("create with published_on %q: %d, published_on %v", in, r.StatusCode, got["published_on"])
		}
	}
	b := apiSourceBody("monitor-bad")
	b["published_on"] = "2023-12-32"
	r := sendJSON(t, es, http.MethodPost, "/api/v1/sources", tok, b)
	if e := decode[errorBody](t, r); r.StatusCode != http.StatusBadRequest || fieldsOf(e)["published_on"] == "" {
		t.Errorf("published_on 2023-12-32: %d %+v", r.StatusCode, e)
	}
}
