package api_test

import (
	"net/http"
	"strings"
	"testing"
)

// apiShareBody is "over 60 percent were women" of the seed's 92 apprehended.
func apiShareBody(id string) map[string]any {
	return map[string]any{"id": id, "metric": "apprehended", "qualifier": "more_than", "value": 60, "unit": "percent",
		"period_start": "2016-06", "period_end": "2017-08", "quantity_kind": "cumulative", "population": "women",
		"acting_state": "CN", "receiving_state": "KP", "share_of": "hrw-2017-apprehended-since-2016-06",
		"source": "refugees-deeply-2017-09-18-china-dragnet", "quote": "Over 60 percent of them were women.",
		"reported_by": "Human Rights Watch", "reason": "from the report"}
}

// A share is created through the write API and read back as a share of
// its figure, labelled as a percentage; a share that does not fit is a
// 400 naming the field.
func TestAPICreateShare(t *testing.T) {
	es := newEditorServer(t)
	tok := newToken(t, es.st, es.editor)

	bad := apiShareBody("bad-share")
	bad["unit"] = "people"
	r := sendJSON(t, es, http.MethodPost, "/api/v1/figures", tok, bad)
	if e := decode[errorBody](t, r); r.StatusCode != http.StatusBadRequest || !strings.Contains(fieldsOf(e)["unit"], `its unit must be "percent"`) {
		t.Errorf("a share in people: %d %+v", r.StatusCode, e)
	}
	bad = apiShareBody("bad-share")
	bad["share_of"] = "no-such-figure"
	r = sendJSON(t, es, http.MethodPost, "/api/v1/figures", tok, bad)
	if e := decode[errorBody](t, r); r.StatusCode != http.StatusBadRequest || !strings.Contains(fieldsOf(e)["share_of"], `unknown figure "no-such-figure"`) {
		t.Errorf("a share of nothing: %d %+v", r.StatusCode, e)
	}
	bad = apiShareBody("bad-share")
	bad["value"] = 160
	r = sendJSON(t, es, http.MethodPost, "/api/v1/figures", tok, bad)
	if e := decode[errorBody](t, r); r.StatusCode != http.StatusBadRequest || !strings.Contains(fieldsOf(e)["value"], "a percentage is from 0 to 100, got 160") {
		t.Errorf("a share of 160 percent: %d %+v", r.StatusCode, e)
	}

	r = sendJSON(t, es, http.MethodPost, "/api/v1/figures", tok, apiShareBody("women-share"))
	if r.StatusCode != http.StatusCreated {
		t.Fatalf("create share: %d %s", r.StatusCode, body(t, r))
	}
	fig := decode[map[string]any](t, r)
	if fig["share_of"] != "hrw-2017-apprehended-since-2016-06" || fig["unit"] != "percent" || fig["value_label"] != "more than 60 %" || fig["per_month"] != nil {
		t.Errorf("created share: share_of %v, unit %v, value_label %v, per_month %v", fig["share_of"], fig["unit"], fig["value_label"], fig["per_month"])
	}
	got := decode[map[string]any](t, get(t, es, "/api/v1/figures/women-share"))
	if got["share_of"] != "hrw-2017-apprehended-since-2016-06" {
		t.Errorf("GET share_of = %v", got["share_of"])
	}
	// What GET returns goes back with a change, share_of kept.
	got["notes"], got["reason"] = "checked", "note"
	r = sendJSON(t, es, http.MethodPut, "/api/v1/figures/women-share", tok, got)
	if upd := decode[map[string]any](t, r); r.StatusCode != http.StatusOK || upd["share_of"] != "hrw-2017-apprehended-since-2016-06" || upd["notes"] != "checked" {
		t.Errorf("update share: %d %v", r.StatusCode, upd)
	}
	// The checks hold it to its base, and never as people.
	checks := body(t, get(t, es, "/api/v1/checks"))
	if !strings.Contains(checks, `"kind":"shares","status":"ok"`) {
		t.Errorf("the checks have no ok shares result: %s", checks)
	}
}
