package dashboard

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// TestKoreanPublicPages: the overview, a source's page, the checks (each
// check's own wording too), a figure's checks, the metrics, the recent changes, the feed and an embed in Korean, with their
// links in the language; the same pages in English keep their English and
// carry no Korean.
func TestKoreanPublicPages(t *testing.T) {
	s, _ := newTestServer(t)
	tests := []struct {
		path string
		want []string
	}{
		{"/ko", []string{
			"<title>개요 · 강제송환 추적기</title>", "<h1>난민 강제송환, 수치 하나하나</h1>", `<a class="headline-value" href="/ko/figures/hrw-2017-apprehended-since-2016-06">확인된 92</a>`,
			"2017년 9월 18일 기준 · 시점 현황", ">기간별 체포</a></h3>", `<button type="button" data-chart-view="rate" aria-pressed="false">월별</button>`,
			`<a href="/ko?step=year#chart-timeline-apprehended" data-keeps-view>연 단위</a>`, `data-links="/ko" data-file="강제송환-apprehensions"`,
			`href="/ko/figures/hrw-2017-apprehended-2017-07-to-08">2017년 7월–8월</a>`, "<summary>데이터 표</summary>", "출처: Human Rights Watch, Refugees Deeply (News Deeply) 게재, 2017년 9월 18일",
			`value="&lt;iframe src=&#34;http://example.com/ko/embed/charts/apprehensions&#34; title=&#34;기간별 체포&#34;`, `<a href="/ko#chart-apprehensions" id="link-apprehensions" data-keeps-view>이 화면의 링크</a>`,
			`<link rel="stylesheet" href="/static/dist/font-ko-`, `data-font="Noto Sans KR"`, `href="/ko/feed.atom"`,
		}},
		{"/ko/sources/" + seedSource, []string{"<dt>발행처</dt>", "<dt>발행일</dt><dd>2017년 9월 18일</dd>", "<dt>종류</dt><dd>논평</dd>", "<h2>이 출처의 수치</h2>",
			"<h3 class=\"chart-title\">", ">이 출처의 수치</a>", "<td>2017년 9월 18일 기준</td>", "<strong>추가</strong> (버전 1) seed, "}},
		{"/ko/checks", []string{"<title>점검 · 강제송환 추적기</title>", `<th scope="row" class="check-mismatch">불일치</th>`, "부분과 합계", `action="/ko/checks"`,
			"<h2>합계가 두 번 세지 않는 방법</h2>", "현실의 각 수량은",
			// Each check's own wording is Korean too, with Korean amounts, periods and dates.
			`<span class="badge">일치</span> 부분과 합계: 체포, North Koreans (CN → KP), 2016년 6월–2017년 9월 18일</h2>`,
			`<p class="check-explanation">51 (2016년 7월–2017년 6월) &#43; 41 (2017년 7월–8월) = 92: 합계 92(2016년 6월–2017년 9월 18일)와(과) 같습니다.</p>`,
			"<li>합계는 2016년 6월부터라고 되어 있지만 부분들은 2016년 7월에 시작합니다. 1개월(2016년 6월)은(는) 부분들에 포함되지 않습니다.</li>",
			"코호트: 체포, North Koreans (CN → KP), 구금 중 및 강제송환(으)로 나뉨",
			"<li>구성상 성립합니다. 강제송환 46은(는) 바로 이 수치들로 계산한 값(92 − 46)이므로, 이 결과는 보고가 아니라 계산을 확인할 뿐입니다.</li>",
			"파생 수치: 강제송환 46(North Koreans, 2016년 6월–2017년 9월 18일)",
		}},
		{"/ko/figures/hrw-2017-apprehended-2017-07-to-08", []string{
			`<li class="check-ok"><strong>일치</strong> · 부분과 합계: 체포, North Koreans (CN → KP), 2016년 6월–2017년 9월 18일: 51 (2016년 7월–2017년 6월) &#43; 41 (2017년 7월–8월) = 92: 합계 92(2016년 6월–2017년 9월 18일)와(과) 같습니다.<br>`,
			`<span class="muted">합계는 2017년 9월 18일까지이지만 부분들은 2017년 8월에 끝납니다. 18일간(2017년 9월 1일–18일)은(는) 부분들에 포함되지 않습니다.</span>`,
		}},
		{"/ko/metrics", []string{"<title>지표 · 강제송환 추적기</title>", "모든 수치가 셈의 기준으로 삼는 통제 어휘입니다.", `<a href="/ko/figures?metric=apprehended">수치</a>`}},
		{"/ko/changes", []string{"<title>최근 변경 사항 · 강제송환 추적기</title>", "게시된 수치의 최근 변경 11건", "<td>추가</td>", `href="/ko/figures/`}},
		{"/ko/feed.atom", []string{"<title>강제송환 추적기: 최근 변경 사항</title>", `href="http://example.com/ko/changes"`, "<title>추가: ", "버전 1."}},
		{"/ko/embed/charts/apprehensions", []string{`<html lang="ko">`, `<h1 class="chart-title">`, "기간별 체포", ">강제송환 추적기</a>", `data-links="/ko"`}},
		{"/", []string{"<h1>Forced returns of refugees, figure by figure</h1>", ">Apprehensions by period</a></h3>", `data-links="" data-file="forced-returns-apprehensions"`,
			`<a href="/?step=year#chart-timeline-apprehended" data-keeps-view>By year</a>`, "Source: Human Rights Watch, via Refugees Deeply (News Deeply), 18 Sep 2017", "Sep 2017 · stock"}},
		{"/sources/" + seedSource, []string{"<dt>Published</dt><dd>18 Sep 2017</dd>", "<dt>Kind</dt><dd>commentary</dd>", "<strong>create</strong> (version 1) by seed on "}},
		{"/checks", []string{`<span class="badge">ok</span> Parts and whole: apprehended, North Koreans (CN → KP), Jun 2016 – 18 Sep 2017</h2>`, "Checks 1–",
			`<p class="check-explanation">51 (Jul 2016 – Jun 2017) &#43; 41 (Jul 2017 – Aug 2017) = 92, equal to the total of 92 (Jun 2016 – 18 Sep 2017).</p>`}},
		{"/figures/hrw-2017-apprehended-2017-07-to-08", []string{
			`<li class="check-ok"><strong>ok</strong> · Parts and whole: apprehended, North Koreans (CN → KP), Jun 2016 – 18 Sep 2017: 51 (Jul 2016 – Jun 2017) &#43; 41 (Jul 2017 – Aug 2017) = 92, equal to the total of 92 (Jun 2016 – 18 Sep 2017).<br>`,
			`<span class="muted">The total runs to 18 Sep 2017, but its parts end in Aug 2017: 18 days (1 Sep 2017 – 18 Sep 2017) are not covered by the parts.</span>`,
		}},
		{"/feed.atom", []string{"<title>Forced Returns Tracker: recent changes</title>", "<title>Added: "}},
		// A derived figure's badge says what derived means, then the formula.
		{"/figures?metric=forcibly_returned", []string{`<span class="badge badge-derived" title="not stated in the report; derived: {hrw-2017-apprehended-since-2016-06} - {hrw-2017-in-custody-2017-09-18}">derived</span>`}},
		{"/ko/figures?metric=forcibly_returned", []string{`<span class="badge badge-derived" title="보고서에 나오지 않는 숫자이며, 다음과 같이 파생되었습니다: {hrw-2017-apprehended-since-2016-06} - {hrw-2017-in-custody-2017-09-18}">파생</span>`}},
	}
	// What a Korean page no longer has: the checks' English wording, marked
	// as such.
	absent := map[string][]string{
		"/ko/checks": {`<span lang="en">`, `class="check-explanation" lang="en"`, `class="check-notes" lang="en"`, "Parts and whole", "as stored", "equal to", "The checks' own wording",
			// the metrics by their Korean labels, not their slugs
			"apprehended,", "forcibly returned", "in custody 및"},
		"/ko/figures/hrw-2017-apprehended-2017-07-to-08": {"Parts and whole", "equal to", "covered by the parts", "apprehended,", "forcibly returned"},
	}
	for _, tt := range tests {
		page := body(t, get(t, s, tt.path))
		for _, w := range tt.want {
			if !strings.Contains(page, w) {
				t.Errorf("%s does not have %s", tt.path, w)
			}
		}
		for _, w := range absent[tt.path] {
			if strings.Contains(page, w) {
				t.Errorf("%s has %s", tt.path, w)
			}
		}
		if !strings.HasPrefix(tt.path, "/ko") {
			if h := hangul(page); h != "" {
				t.Errorf("the English page %s has Korean text %q", tt.path, h)
			}
			if strings.Contains(page, "font-ko") {
				t.Errorf("the English page %s links the Korean font", tt.path)
			}
		}
	}
}

// TestKoreanFontServed: the Korean font's stylesheet and its slices come
// from this site, with font-display: block, as woff2, cached for good; the
// slices of the site's own Korean words are preloaded before the first
// render (Chromium kept Hangul laid out before its slice arrived as empty
// boxes).
func TestKoreanFontServed(t *testing.T) {
	s, _ := newTestServer(t)
	page := body(t, get(t, s, "/ko"))
	css := regexp.MustCompile(`<link rel="stylesheet" href="(/static/dist/font-ko-[0-9a-f]{12}\.css)" data-font="Noto Sans KR">`).FindStringSubmatch(page)
	if css == nil {
		t.Fatal("the Korean overview links no font stylesheet")
	}
	r := get(t, s, css[1])
	sheet := body(t, r)
	if r.StatusCode != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/css") {
		t.Fatalf("%s: %d %s", css[1], r.StatusCode, r.Header.Get("Content-Type"))
	}
	slices := regexp.MustCompile(`src: url\((nskr-[a-z0-9-]+-[0-9a-f]{12}\.woff2)\) format\('woff2'\);`).FindAllStringSubmatch(sheet, -1)
	if len(slices) < 100 || strings.Count(sheet, "font-display: block") != len(slices) || strings.Count(sheet, "unicode-range:") != len(slices) ||
		strings.Count(sheet, "@font-face") != len(slices) || strings.Contains(sheet, "//") {
		t.Fatalf("the stylesheet declares %d slices (want every @font-face a local woff2 with font-display and unicode-range)", len(slices))
	}
	declared := map[string]bool{}
	for _, m := range slices {
		declared["/static/dist/"+m[1]] = true
	}
	preloads := regexp.MustCompile(`<link rel="preload" href="(/static/dist/nskr-[^"]+)" as="font" type="font/woff2" crossorigin>`).FindAllStringSubmatch(page, -1)
	if len(preloads) < 5 || len(preloads) > 30 || strings.Index(page, "<link rel=\"preload\"") > strings.Index(page, css[0]) {
		t.Errorf("the Korean overview preloads %d font slices (want the site's words' few, before the font stylesheet)", len(preloads))
	}
	for _, m := range preloads {
		if !declared[m[1]] {
			t.Errorf("preloaded %s is not a slice of the stylesheet", m[1])
		}
	}
	if en := body(t, get(t, s, "/")); strings.Contains(en, `rel="preload"`) {
		t.Error("the English overview preloads the Korean font")
	}
	f := get(t, s, "/static/dist/"+slices[0][1])
	if b := body(t, f); f.StatusCode != http.StatusOK || f.Header.Get("Content-Type") != "font/woff2" || !strings.HasPrefix(b, "wOF2") ||
		!strings.Contains(f.Header.Get("Cache-Control"), "immutable") {
		t.Errorf("%s: %d %s %q", slices[0][1], f.StatusCode, f.Header.Get("Content-Type"), f.Header.Get("Cache-Control"))
	}
}
