package dashboard

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"forcedreturns/models"
)

// TestOneNameForEachKind: the charts, the figure page, the lists and the
// editor's form name a kind of quantity by models.KindNameIn, so a Korean
// reader meets one term for it everywhere ("시점 현황" for a stock, "기간
// 발생" for a flow), and English reads as it did.
func TestOneNameForEachKind(t *testing.T) {
	want := map[models.QuantityKind]string{models.Flow: "기간 발생", models.Stock: "시점 현황", models.Cumulative: "누적"}
	for k, name := range want {
		if got := models.KindNameIn(models.Korean, k); got != name {
			t.Errorf("KindNameIn(ko, %s) = %q, want %q", k, got, name)
		}
		for what, s := range map[string]string{
			"chart (KindTextIn)":        models.KindTextIn(models.Korean, k),
			"figure page (kindText)":    kindText(models.Korean, k),
			"editor's form (kindLabel)": kindLabel(models.Korean, k),
		} {
			if !strings.HasPrefix(s, name) {
				t.Errorf("%s names %s %q, want it to start with %q", what, k, s, name)
			}
		}
	}
	for got, want := range map[string]string{
		kindText(models.English, models.Flow):           "flow — people counted over the period",
		kindText(models.English, models.Cumulative):     "cumulative — everyone counted since the period's start",
		kindLabel(models.English, models.Stock):         "Stock — at one date (start = end)",
		models.KindNameIn(models.English, models.Stock): "stock",
	} {
		if got != want {
			t.Errorf("English: %q, want %q", got, want)
		}
	}
}

// TestOneNameForEachAction: a figure's or a source's history, the notice
// of a form changed meanwhile and recent changes name a revision's action
// by one function (actionLabel), so a Korean reader meets one word for
// each; English histories keep the action as stored.
func TestOneNameForEachAction(t *testing.T) {
	for _, a := range []string{models.ActionCreate, models.ActionUpdate, models.ActionRetract, models.ActionRestore, models.ActionDraft} {
		if got, label := revisionAction(models.Korean, a), actionLabel(models.Korean, a); got != label || hangul(got) == "" {
			t.Errorf("%s: the history says %q, recent changes %q", a, got, label)
		}
		if got := revisionAction(models.English, a); got != a {
			t.Errorf("English history names %s %q", a, got)
		}
	}
	for a, want := range map[string]string{models.ActionCreate: "추가", models.ActionUpdate: "변경"} {
		if got := revisionAction(models.Korean, a); got != want {
			t.Errorf("Korean %s = %q, want %q", a, got, want)
		}
	}
}

// TestCitationInPageLanguage: the figure page's and the source page's
// "cite this" line is written in Korean form on Korean pages (Korean
// dates and amounts, 보고:, the archive as 보관본) and no longer marked
// as English; English pages keep theirs.
func TestCitationInPageLanguage(t *testing.T) {
	s, _ := newTestServer(t)
	citation := regexp.MustCompile(`<p class="citation"[^>]*>[^<]*</p>`)
	for _, tt := range []struct {
		path string
		want []string
	}{
		{"/ko/figures/hrw-2017-apprehended-2017-07-to-08", []string{`<p class="citation">확인된 41명 (`, "2017년 7월–8월), 보고: ", "2017년 9월 18일, https://"}},
		{"/figures/hrw-2017-apprehended-2017-07-to-08", []string{`<p class="citation">`, "), reported by ", "18 September 2017. https://"}},
		{"/ko/sources/" + seedSource, []string{`<p class="citation">`, "2017년 9월 18일, https://"}},
		{"/sources/" + seedSource, []string{`<p class="citation">`, "18 September 2017. https://"}},
	} {
		line := citation.FindString(body(t, get(t, s, tt.path)))
		for _, w := range tt.want {
			if !strings.Contains(line, w) {
				t.Errorf("%s: citation %q does not have %q", tt.path, line, w)
			}
		}
		if ko := strings.HasPrefix(tt.path, "/ko/"); ko == (hangul(line) == "") || strings.Contains(line, `lang="en"`) {
			t.Errorf("%s: citation %q in the wrong language", tt.path, line)
		}
	}
}

// TestChartAPIInKorean: GET /api/v1/charts/{name} writes the chart's text
// in the language the request asks for (Accept-Language, else the
// cookie), with an ETag of its own and Vary naming what it varies by;
// English is the document it always was.
func TestChartAPIInKorean(t *testing.T) {
	s, _ := newTestServer(t)
	en := get(t, s, "/api/v1/charts/apprehensions")
	enBody := body(t, en)
	if en.StatusCode != http.StatusOK || hangul(enBody) != "" || !strings.Contains(enBody, "Apprehensions by period") {
		t.Fatalf("English chart: %d, Korean %q", en.StatusCode, hangul(enBody))
	}
	for _, headers := range [][]string{{"Accept-Language", "ko-KR,ko;q=0.9"}, {"Cookie", "lang=ko"}} {
		ko := get(t, s, "/api/v1/charts/apprehensions", headers...)
		koBody := body(t, ko)
		if ko.StatusCode != http.StatusOK || !strings.Contains(koBody, "기간별 체포") || !strings.Contains(koBody, "2017년 9월 18일") {
			t.Errorf("%v: %d, want the chart in Korean: %.300s", headers, ko.StatusCode, koBody)
		}
		if ko.Header.Get("ETag") == "" || ko.Header.Get("ETag") == en.Header.Get("ETag") {
			t.Errorf("%v: ETag %q, the English one is %q: each language needs its own", headers, ko.Header.Get("ETag"), en.Header.Get("ETag"))
		}
	}
	if v := strings.Join(en.Header.Values("Vary"), ","); !strings.Contains(v, "Accept-Language") || !strings.Contains(v, "Cookie") {
		t.Errorf("Vary = %q, want Accept-Language and Cookie", v)
	}
	// A Korean client's conditional request for the English ETag gets the
	// Korean document, not a 304.
	r := get(t, s, "/api/v1/charts/apprehensions", "Accept-Language", "ko", "If-None-Match", en.Header.Get("ETag"))
	if r.StatusCode != http.StatusOK {
		t.Errorf("Korean request with the English ETag: %d, want 200", r.StatusCode)
	}
}

// TestErrorPageProblemsInKorean: an error page's list of field problems
// is in the page's language (i18n.Problem), no longer marked English; the
// English page lists the English the code wrote.
func TestErrorPageProblemsInKorean(t *testing.T) {
	s, _ := newTestServer(t)
	list := regexp.MustCompile(`(?s)<ul class="errors">.*?</ul>`)
	ko := get(t, s, "/ko/figures?sort=nonsense")
	got := list.FindString(body(t, ko))
	if ko.StatusCode != http.StatusBadRequest || !strings.Contains(got, "<strong>sort</strong>: period, value, metric, source, updated, id 중 하나여야 하는데(내림차순은 앞에 -) &#34;nonsense&#34;입니다") ||
		strings.Contains(got, `lang="en"`) {
		t.Errorf("Korean error page: %d %q", ko.StatusCode, got)
	}
	en := get(t, s, "/figures?sort=nonsense")
	if got := list.FindString(body(t, en)); !strings.Contains(got, "<strong>sort</strong>: expected one of period, value, metric, source, updated, id (prefix - for descending), got &#34;nonsense&#34;</li>") {
		t.Errorf("English error page: %q", got)
	}
}
