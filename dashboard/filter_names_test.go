package dashboard

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// TestUnknownNamesRefused: a metric or a source that is not stored is a
// 400 naming the field, the value and what was expected, on every page,
// download, embed and API route the filter reaches, in English and in
// Korean (a page leads with a sentence in both), never a 200 with
// nothing; a stored name still answers 200.
func TestUnknownNamesRefused(t *testing.T) {
	s, _ := newTestServer(t)
	const (
		noMetric   = `metric: no metric named "aprehended": expected one of apprehended,`
		noSource   = `source: no source with id "nope": the sources and their ids are listed at /sources`
		noMetricKo = `metric: "aprehended"(이)라는 지표가 없습니다. 다음 중 하나여야 합니다: apprehended,`
		noSourceKo = `source: id가 "nope"인 출처가 없습니다. 출처와 그 id는 /ko/sources에 나열되어 있습니다`
		lead       = "The request has problems; each is listed with its field."
		leadKo     = "요청에 문제가 있습니다. 문제마다 해당 항목과 함께 적혀 있습니다."
		// The figures and checks pages keep their forms, filled, and lead
		// with their own.
		listLead     = "Some of these filters could not be used, so no figures are listed"
		listLeadKo   = "사용할 수 없는 필터가 있어 수치를 보여 주지 않습니다."
		checksLead   = "Some of these filters could not be used, so no checks are listed"
		checksLeadKo = "사용할 수 없는 필터가 있어 점검 결과를 보여 주지 않습니다."
	)
	pages := []struct {
		path string
		want []string
	}{
		{"/figures?metric=aprehended", []string{listLead, noMetric}},
		{"/figures?source=nope&metric=apprehended", []string{listLead, noSource}},
		{"/figures?metric=apprehended,aprehended&source=nope", []string{noMetric, noSource}},
		{"/?metric=aprehended", []string{lead, noMetric}},
		{"/?source=nope", []string{noSource}},
		{"/embed/charts/timeline?metric=aprehended", []string{noMetric}},
		{"/checks?metric=aprehended", []string{checksLead, noMetric}},
		{"/checks?source=nope", []string{noSource}},
		{"/ko/figures?metric=aprehended", []string{listLeadKo, noMetricKo}},
		{"/ko/?source=nope", []string{leadKo, noSourceKo}},
		{"/ko/checks?source=nope", []string{checksLeadKo, noSourceKo}},
	}
	for _, tc := range pages {
		r := get(t, s, tc.path)
		page := body(t, r)
		if r.StatusCode != http.StatusBadRequest {
			t.Errorf("%s: %d, want 400", tc.path, r.StatusCode)
			continue
		}
		if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
			t.Errorf("%s: %s, want the error page", tc.path, ct)
		}
		says(t, tc.path, strings.Replace(pageText(page), " : ", ": ", -1), tc.want, []string{"invalid filter", "invalid query"})
	}
	for _, tc := range []struct {
		path, lang string
		field, msg string
	}{
		{"/api/v1/figures?metric=aprehended", "", "metric", `no metric named "aprehended": expected one of apprehended,`},
		{"/api/v1/figures?source=nope", "", "source", `no source with id "nope"`},
		{"/api/v1/charts/outcomes?metric=aprehended", "", "metric", `no metric named "aprehended"`},
		{"/api/v1/checks?source=nope", "", "source", `no source with id "nope"`},
		{"/api/v1/charts/outcomes/figures.csv?source=nope", "", "source", `no source with id "nope"`},
		// The downloads' errors are the API's (TestDownloadErrorsAnswerInKind).
		{"/figures.json?source=nope", "", "source", `no source with id "nope"`},
		{"/figures.csv?metric=aprehended", "", "metric", `no metric named "aprehended"`},
		{"/api/v1/figures?metric=aprehended", "ko", "metric", `"aprehended"(이)라는 지표가 없습니다`},
	} {
		r := get(t, s, tc.path, "Accept-Language", tc.lang, "Accept", "application/json")
		var p struct {
			Status int
			Code   string
			Fields []struct{ Field, Message string }
		}
		if err := json.Unmarshal([]byte(body(t, r)), &p); err != nil {
			t.Fatalf("%s: %v", tc.path, err)
		}
		if r.StatusCode != http.StatusBadRequest || p.Status != 400 || p.Code != "invalid" || len(p.Fields) != 1 ||
			p.Fields[0].Field != tc.field || !strings.HasPrefix(p.Fields[0].Message, tc.msg) {
			t.Errorf("%s (%s): %d %+v, want 400 with %s: %s", tc.path, tc.lang, r.StatusCode, p, tc.field, tc.msg)
		}
	}
	for _, path := range []string{"/figures?metric=apprehended&source=" + seedSource, "/figures.csv?metric=apprehended", "/api/v1/figures?source=" + seedSource, "/checks?metric=apprehended", "/?metric=apprehended"} {
		if r := get(t, s, path); r.StatusCode != http.StatusOK {
			t.Errorf("%s: %d, want 200", path, r.StatusCode)
		}
	}
}

// TestUnknownNameHostile: a hostile value in a metric or source comes
// back escaped in the page and quoted in the JSON.
func TestUnknownNameHostile(t *testing.T) {
	s, _ := newTestServer(t)
	const hostile = `<script>alert("x")</script>`
	for _, p := range []string{"metric", "source"} {
		r := get(t, s, "/figures?"+p+"="+strings.ReplaceAll(hostile, "\"", "%22"))
		page := body(t, r)
		if r.StatusCode != http.StatusBadRequest || strings.Contains(page, "<script>alert") || !strings.Contains(page, "&lt;script&gt;alert(") {
			t.Errorf("%s: %d, the value not escaped in the page", p, r.StatusCode)
		}
		r = get(t, s, "/api/v1/figures?"+p+"="+strings.ReplaceAll(hostile, "\"", "%22"))
		var got struct {
			Fields []struct{ Field, Message string }
		}
		if err := json.Unmarshal([]byte(body(t, r)), &got); err != nil || r.StatusCode != http.StatusBadRequest || len(got.Fields) != 1 ||
			!strings.Contains(got.Fields[0].Message, `"<script>alert(\"x\")</script>"`) {
			t.Errorf("%s: %d %+v %v: want the value quoted in the problem", p, r.StatusCode, got, err)
		}
	}
}
