package api_test

import (
	"net/http"
	"testing"
)

// The write API takes a figure that gives no number with its words and no
// value, answers with null numbers (never 0), and refuses, naming the
// field, a number given with it, a missing number without it, and missing
// words.
func TestAPIUnquantifiedFigure(t *testing.T) {
	es := newEditorServer(t)
	tok := newToken(t, es.st, es.editor)
	words := func(id string) map[string]any {
		b := apiFigureBody(id, seedSource)
		delete(b, "value")
		b["qualifier"], b["value_text"], b["quote"] = "unquantified", "a number of", "A number of people were caught, the report says."
		return b
	}

	r := sendJSON(t, es, http.MethodPost, "/api/v1/figures", tok, words("words-1"))
	if r.StatusCode != http.StatusCreated {
		t.Fatalf("create: %d %s", r.StatusCode, body(t, r))
	}
	fig := decode[map[string]any](t, r)
	for _, k := range []string{"value", "value_low", "value_high", "per_month"} {
		if v, ok := fig[k]; !ok || v != nil {
			t.Errorf("created figure: %s = %v, want null", k, v)
		}
	}
	if fig["qualifier"] != "unquantified" || fig["value_label"] != "“a number of” (no number given)" || fig["value_text"] != "a number of" {
		t.Errorf("created figure %v", fig)
	}

	// What GET returns goes back with a change.
	got := decode[map[string]any](t, get(t, es, "/api/v1/figures/words-1"))
	got["value_text"], got["reason"] = "a number of people", "the fuller words"
	r = sendJSON(t, es, http.MethodPut, "/api/v1/figures/words-1", tok, got)
	if fig := decode[map[string]any](t, r); r.StatusCode != http.StatusOK || fig["version"] != 2.0 || fig["value"] != nil || fig["value_text"] != "a number of people" {
		t.Fatalf("update: %d %v", r.StatusCode, fig)
	}

	for _, tc := range []struct {
		name   string
		change func(map[string]any)
		field  string
		want   string
	}{
		{"a number with no number", func(b map[string]any) { b["value"] = 24 }, "value",
			"must be empty when qualifier is unquantified: the source gives no number, got 24"},
		{"a range with no number", func(b map[string]any) { b["value_low"], b["value_high"] = 24, 99 }, "value_low",
			"must be empty when qualifier is unquantified: the source gives no number, got 24"},
		{"no words", func(b map[string]any) { delete(b, "value_text") }, "value_text",
			"required when qualifier is unquantified: the source's own words, such as “a number of” or “dozens”"},
		{"no number for a number", func(b map[string]any) { b["qualifier"] = "at_least" }, "value",
			"required unless qualifier is range or unquantified"},
		{"words as the value", func(b map[string]any) { b["qualifier"], b["value"] = "at_least", "dozens" }, "value",
			`expected a whole number such as 41, got "dozens" (when the source gives only words such as “dozens”, leave value empty, put the words in value_text and set qualifier unquantified)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := words("words-bad")
			tc.change(b)
			r := sendJSON(t, es, http.MethodPost, "/api/v1/figures", tok, b)
			e := decode[errorBody](t, r)
			if r.StatusCode != http.StatusBadRequest || fieldsOf(e)[tc.field] != tc.want {
				t.Errorf("%d, fields %v; want 400 with %s: %s", r.StatusCode, fieldsOf(e), tc.field, tc.want)
			}
		})
	}
	if r := get(t, es, "/api/v1/figures/words-bad"); r.StatusCode != http.StatusNotFound {
		t.Errorf("a refused figure was written: %d", r.StatusCode)
	}
}
