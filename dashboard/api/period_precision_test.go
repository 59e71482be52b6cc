package api_test

import (
	"net/http"
	"strings"
	"testing"

	"forcedreturns/internal/checks"
)

// "Since 2019", counted as of a report of 5 December 2023: the write API
// takes each end at its own precision, flat or nested, and hands both back;
// the checks flag the same figure entered past the report's date; bad end
// precisions are 400s naming the field.
func TestAPIPeriodEndPrecision(t *testing.T) {
	es := newEditorServer(t)
	tok := newToken(t, es.st, es.editor)
	src := apiSourceBody("monitor-2023")
	src["published_on"] = "2023-12-05"
	if r := sendJSON(t, es, http.MethodPost, "/api/v1/sources", tok, src); r.StatusCode != http.StatusCreated {
		t.Fatalf("create source: %d %s", r.StatusCode, body(t, r))
	}
	flat := apiFigureBody("since-2019-flat", "monitor-2023")
	flat["period_start"], flat["period_end"] = "2019", "2023-12-05"
	nested := apiFigureBody("since-2019-nested", "monitor-2023")
	delete(nested, "period_start")
	nested["period"] = map[string]any{"start": "2019", "end": "2023-12-05"}
	nested["population"] = "North Korean women"
	explicit := apiFigureBody("since-2019-explicit", "monitor-2023")
	explicit["period_start"], explicit["period_end"] = "2019-01-01", "2023-12-05"
	explicit["period_precision"], explicit["period_end_precision"] = "year", "day"
	explicit["population"] = "North Korean children"
	for _, b := range []map[string]any{flat, nested, explicit} {
		r := sendJSON(t, es, http.MethodPost, "/api/v1/figures", tok, b)
		got := decode[map[string]any](t, r)
		if r.StatusCode != http.StatusCreated || got["period_start"] != "2019-01-01" || got["period_end"] != "2023-12-05" ||
			got["period_precision"] != "year" || got["period_end_precision"] != "day" || got["per_month"] != nil {
			t.Errorf("create %s: %d, period %v %v %v %v, per_month %v", b["id"], r.StatusCode,
				got["period_start"], got["period_end"], got["period_precision"], got["period_end_precision"], got["per_month"])
		}
	}
	// What GET returns goes back unchanged.
	back := decode[map[string]any](t, get(t, es, "/api/v1/figures/since-2019-flat"))
	back["reason"] = "unchanged"
	if r := sendJSON(t, es, http.MethodPut, "/api/v1/figures/since-2019-flat", tok, back); r.StatusCode != http.StatusOK {
		t.Errorf("PUT what GET returned: %d %s", r.StatusCode, body(t, r))
	} else if got := decode[map[string]any](t, r); got["period_end_precision"] != "day" || got["period_precision"] != "year" {
		t.Errorf("after PUT: precisions %v, %v", got["period_precision"], got["period_end_precision"])
	}

	results := decode[struct{ Items []checks.Result }](t, get(t, es, "/api/v1/checks"))
	for _, r := range results.Items {
		if r.Kind == checks.KindAfterPublication {
			t.Errorf("a check flags a period as of the source's date, or a seed figure: %+v", r)
		}
	}
	past := apiFigureBody("since-2019-past", "monitor-2023")
	past["period_start"], past["period_end"], past["population"] = "2019", "2023-12", "North Koreans abroad"
	if r := sendJSON(t, es, http.MethodPost, "/api/v1/figures", tok, past); r.StatusCode != http.StatusCreated {
		t.Fatalf("create a figure ending with its month: %d %s", r.StatusCode, body(t, r))
	}
	results = decode[struct{ Items []checks.Result }](t, get(t, es, "/api/v1/checks"))
	var flagged []string
	for _, r := range results.Items {
		if r.Kind == checks.KindAfterPublication && r.Status == checks.Mismatch {
			flagged = append(flagged, strings.Join(r.Figures, ","))
			if !strings.Contains(r.Explanation, "runs to the end of Dec 2023 (31 Dec 2023), after its source monitor-2023 was published on 5 Dec 2023") {
				t.Errorf("explanation %q", r.Explanation)
			}
		}
	}
	if strings.Join(flagged, " ") != "since-2019-past" {
		t.Errorf("after_publication flags %q, want since-2019-past", flagged)
	}

	for _, tt := range []struct {
		name, field string
		edit        func(b map[string]any)
	}{
		{"an unknown end precision", "period_end_precision", func(b map[string]any) { b["period_end"], b["period_end_precision"] = "2023-12-05", "week" }},
		{"an end precision finer than the end", "period_end_precision", func(b map[string]any) { b["period_end"], b["period_end_precision"] = "2023-12", "day" }},
		{"a month end not on its last day", "period_end_precision", func(b map[string]any) {
			b["period_start"], b["period_end"], b["period_end_precision"] = "2019", "2023-12-05", "month"
		}},
		{"a nested end precision that is not one", "period.end_precision", func(b map[string]any) {
			delete(b, "period_start")
			b["period"] = map[string]any{"start": "2019", "end": "2023-12-05", "end_precision": "weekly"}
		}},
	} {
		b := apiFigureBody("bad-end", "monitor-2023")
		tt.edit(b)
		r := sendJSON(t, es, http.MethodPost, "/api/v1/figures", tok, b)
		if e := decode[errorBody](t, r); r.StatusCode != http.StatusBadRequest || fieldsOf(e)[tt.field] == "" {
			t.Errorf("%s: %d %+v, want a 400 naming %s", tt.name, r.StatusCode, e, tt.field)
		}
	}
}
