package dashboard

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode"

	"forcedreturns/internal/importer"
	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
)

// koreanFigure is the figure of the invented Korean-language test source
// (testdata/korean.yaml).
const koreanFigure = "gasang-2020-04-apprehended"

// loadKorean writes the invented Korean-language source and its figure.
func loadKorean(t *testing.T, st *store.Store) {
	t.Helper()
	f, err := os.Open("testdata/korean.yaml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, err := importer.Parse("korean.yaml", f, importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	storetest.Apply(t, st, b)
}

// hangul is the page's text in Hangul, bar the switch's own name for
// Korean: what an English page must not have.
func hangul(page string) string {
	var b strings.Builder
	for _, r := range strings.ReplaceAll(page, "한국어", "") {
		if unicode.Is(unicode.Hangul, r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// TestLanguageChoice: the path prefix, the cookie and Accept-Language
// each choose the language, in that order; embeds follow their link only.
func TestLanguageChoice(t *testing.T) {
	s, _ := newTestServer(t)
	const ko, en = `<html lang="ko">`, `<html lang="en">`
	tests := []struct {
		name    string
		path    string
		headers []string
		want    string // the html element
		vary    bool   // Vary names Accept-Language
	}{
		{"no choice", "/about", nil, en, true},
		{"prefix", "/ko/about", nil, ko, false},
		{"prefix of the home page", "/ko", nil, ko, false},
		{"prefix beats cookie", "/ko/about", []string{"Cookie", "lang=en"}, ko, false},
		{"Accept-Language", "/about", []string{"Accept-Language", "ko-KR,ko;q=0.9,en;q=0.8"}, ko, true},
		{"Accept-Language prefers English", "/about", []string{"Accept-Language", "en-GB,ko;q=0.5"}, en, true},
		{"Accept-Language of another language", "/about", []string{"Accept-Language", "fr"}, en, true},
		{"malformed Accept-Language", "/about", []string{"Accept-Language", ";;q=x,"}, en, true},
		{"cookie", "/about", []string{"Cookie", "lang=ko"}, ko, true},
		{"cookie beats Accept-Language", "/about", []string{"Cookie", "lang=en", "Accept-Language", "ko"}, en, true},
		{"unknown cookie", "/about", []string{"Cookie", "lang=xx", "Accept-Language", "ko"}, ko, true},
		{"not a prefix", "/kor", []string{}, en, false},
		{"embed ignores the reader's choice", "/embed/charts/apprehensions", []string{"Cookie", "lang=ko", "Accept-Language", "ko"}, en, false},
		{"embed takes its link's", "/ko/embed/charts/apprehensions", nil, ko, false},
		{"error page", "/ko/no-such-page", nil, ko, false},
		{"sign-in", "/signin", []string{"Accept-Language", "ko"}, ko, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := get(t, s, tt.path, tt.headers...)
			page := body(t, r)
			if !strings.Contains(page, tt.want) {
				t.Fatalf("%s: no %s in\n%.300s", tt.path, tt.want, page)
			}
			if vary := strings.Contains(strings.Join(r.Header.Values("Vary"), ","), "Accept-Language"); vary != tt.vary && tt.path != "/kor" {
				t.Errorf("%s: Vary %v, want Accept-Language %v", tt.path, r.Header.Values("Vary"), tt.vary)
			}
			if tt.want == en && hangul(page) != "" {
				t.Errorf("%s: the English page has Korean text %q", tt.path, hangul(page))
			}
		})
	}
}

// TestKoreanPages: the translated pages in Korean, with their links,
// canonical and alternate addresses in the language; the English page
// keeps its English and its ETag differs.
func TestKoreanPages(t *testing.T) {
	s, _ := newTestServer(t)
	tests := []struct {
		path string
		want []string
	}{
		{"/ko/about", []string{
			"<title>수치에 관하여 · 강제송환 추적기</title>",
			`<link rel="canonical" href="http://example.com/ko/about">`,
			`<link rel="alternate" hreflang="en" href="http://example.com/about">`,
			`<link rel="alternate" hreflang="ko" href="http://example.com/ko/about">`,
			`<a href="/ko/figures">수치</a>`, `<a href="/ko/about" aria-current="page">소개</a>`,
			`<a href="/ko/signin?next=%2fko%2fabout" class="signin-link">로그인</a>`,
			`<a href="/language/en?next=%2fabout" hreflang="en" lang="en">English</a>`,
			`<dt><code>at_least</code></dt><dd>하한: 최소 이만큼</dd>`,
			"현실의 각 수량은 모든 합계", // the counting rule, translated
		}},
		{"/ko/figures/hrw-2017-apprehended-2017-07-to-08", []string{
			`<a href="/ko/figures">수치</a> › `, "<dt>값</dt><dd>확인된 41명 ", "<dt>기간</dt><dd>2017년 7월–8월 <span class=\"muted\">(2017-07-01–2017-08-31, 월 단위로 알려짐)</span>",
			`>확인된 41</span>`, "이 문장에서 열기", "해당 텍스트의 1835–2119바이트(UTF-8).", "<title>확인된 41 체포 · 강제송환 추적기</title>",
		}},
		{"/ko/figures", []string{"<title>수치 · 강제송환 추적기</title>", "조건에 맞는 수치는 11개입니다.", `action="/ko/figures"`,
			`<a href="/ko/figures/hrw-2017-in-custody-2017-09-18">`, "<td>2017년 9월 18일 기준</td>", `<link rel="canonical" href="http://example.com/ko/figures">`, `<option value="-value">값 (큰 순)</option>`}},
		{"/figures?metric=apprehended&limit=1", []string{"6 figures match.", "Download these 6 rows:", "Page 1 of 6", "Next →"}},
		{"/ko/figures?metric=apprehended&limit=1", []string{"조건에 맞는 수치는 6개입니다.", "6쪽 중 1쪽", `href="/ko/figures?`, "다음 →"}},
		{"/ko/figures/hrw-2017-in-custody-2017-09-18", []string{"<dd>46명 ", "2017년 9월 18일 기준"}},
		{"/ko/sources", []string{"<title>출처 · 강제송환 추적기</title>", "수치를 인용한 문서들.", `<a href="/ko/sources/` + seedSource + `" lang="en">`}},
		{"/sources", []string{"<title>Sources · Forced Returns Tracker</title>", "The documents the figures are quoted from.", `<a href="/sources/` + seedSource + `" lang="en">`}},
		{"/ko/signin", []string{"<title>로그인 · 강제송환 추적기</title>", `action="/ko/signin"`, `<label for="in-password">비밀번호</label>`}},
		{"/ko/no-such-page", []string{"<h1>404 · 찾을 수 없음</h1>", "/no-such-page에는 페이지가 없습니다.", `<a href="/ko/figures">모든 수치</a>`}},
		{"/about", []string{"<title>About the figures · Forced Returns Tracker</title>", `<a href="/figures">Figures</a>`,
			`<link rel="canonical" href="http://example.com/about">`, `<link rel="alternate" hreflang="ko" href="http://example.com/ko/about">`,
			`<a href="/signin?next=%2fabout" class="signin-link">Sign in</a>`, `<dt><code>at_least</code></dt><dd>a lower bound: at least this many</dd>`}},
	}
	for _, tt := range tests {
		page := body(t, get(t, s, tt.path))
		for _, w := range tt.want {
			if !strings.Contains(page, w) {
				t.Errorf("%s does not have %s", tt.path, w)
			}
		}
	}

	// Each language has its own ETag: a copy of one never answers the other.
	en, ko := get(t, s, "/about"), get(t, s, "/ko/about")
	if en.Header.Get("ETag") == "" || en.Header.Get("ETag") == ko.Header.Get("ETag") {
		t.Fatalf("ETags: English %q, Korean %q", en.Header.Get("ETag"), ko.Header.Get("ETag"))
	}
	if r := get(t, s, "/ko/about", "If-None-Match", en.Header.Get("ETag")); r.StatusCode != http.StatusOK {
		t.Errorf("the Korean page answered %d to the English ETag", r.StatusCode)
	}
	if r := get(t, s, "/about", "Accept-Language", "ko", "If-None-Match", en.Header.Get("ETag")); r.StatusCode != http.StatusOK {
		t.Errorf("the page in Korean by Accept-Language answered %d to the English ETag", r.StatusCode)
	}
	if r := get(t, s, "/about", "If-None-Match", en.Header.Get("ETag")); r.StatusCode != http.StatusNotModified {
		t.Errorf("the English page answered %d to its own ETag", r.StatusCode)
	}
	// The cache keeps each language's body under its ETag.
	if a, b := body(t, get(t, s, "/about")), body(t, get(t, s, "/about", "Accept-Language", "ko")); a == b || hangul(a) != "" {
		t.Error("the cached English page answered a Korean reader, or the reverse")
	}
}

// TestLanguageSwitch: the switch keeps the choice in a cookie and opens
// the same page in the chosen language.
func TestLanguageSwitch(t *testing.T) {
	s, _ := newTestServer(t)
	tests := []struct {
		path, location, cookie string
		status                 int
	}{
		{"/language/ko?next=/figures%3Fmetric%3Dapprehended", "/ko/figures?metric=apprehended", "lang=ko", http.StatusSeeOther},
		{"/language/ko?next=/", "/ko", "lang=ko", http.StatusSeeOther},
		{"/language/en?next=/ko/about", "/about", "lang=en", http.StatusSeeOther},
		{"/language/ko?next=https://evil.example/", "/ko", "lang=ko", http.StatusSeeOther},
		{"/language/ko?next=//evil.example/", "/ko", "lang=ko", http.StatusSeeOther},
		{"/language/ko", "/ko", "lang=ko", http.StatusSeeOther},
		{"/language/fr?next=/", "", "", http.StatusNotFound},
		// A trailing slash is dropped with the prefix kept.
		{"/ko/about/", "/ko/about", "", http.StatusMovedPermanently},
		{"/ko/figures/?metric=apprehended", "/ko/figures?metric=apprehended", "", http.StatusMovedPermanently},
		{"/ko//", "/ko", "", http.StatusMovedPermanently},
		{"/ko///evil.example/", "/ko/evil.example", "", http.StatusMovedPermanently}, // same site, path cleaned
	}
	for _, tt := range tests {
		r := get(t, s, tt.path)
		if r.StatusCode != tt.status || r.Header.Get("Location") != tt.location {
			t.Errorf("%s: %d to %q, want %d to %q", tt.path, r.StatusCode, r.Header.Get("Location"), tt.status, tt.location)
		}
		c := r.Header.Get("Set-Cookie")
		if (tt.cookie == "") != (c == "") || !strings.HasPrefix(c, tt.cookie+";") && tt.cookie != "" {
			t.Errorf("%s: Set-Cookie %q, want %q", tt.path, c, tt.cookie)
		}
		if tt.cookie != "" && (!strings.Contains(c, "HttpOnly") || !strings.Contains(c, "SameSite=Lax") || !strings.Contains(c, "Max-Age=")) {
			t.Errorf("%s: cookie %q is not a lasting HttpOnly, SameSite=Lax cookie", tt.path, c)
		}
	}
}

// TestKoreanMessages: sign-in failures and the API's messages in Korean
// when the request asks for it; the field problems stay as they are.
func TestKoreanMessages(t *testing.T) {
	s, _ := newTestServer(t)
	req := httptest.NewRequest(http.MethodPost, "/ko/signin", strings.NewReader("email=nobody%40example.org&password=wrong&next=%2Fko%2Fabout"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	if rec.Code != http.StatusUnauthorized || !strings.Contains(rec.Body.String(), "이메일 주소나 비밀번호가 틀렸습니다.") || !strings.Contains(rec.Body.String(), `value="/ko/about"`) {
		t.Errorf("Korean sign-in failure: %d\n%.2000s", rec.Code, rec.Body.String())
	}

	for _, tt := range []struct {
		headers []string
		want    string
	}{
		{nil, `no figure "no-such-figure"`},
		{[]string{"Accept-Language", "ko"}, `수치 "no-such-figure"이(가) 없습니다`},
	} {
		r := get(t, s, "/api/v1/figures/no-such-figure", tt.headers...)
		var e struct{ Code, Message string }
		if err := json.Unmarshal([]byte(body(t, r)), &e); err != nil {
			t.Fatal(err)
		}
		if r.StatusCode != http.StatusNotFound || e.Code != "not_found" || !strings.Contains(e.Message, tt.want) {
			t.Errorf("%v: %d %+v, want a message with %q", tt.headers, r.StatusCode, e, tt.want)
		}
	}
	r := get(t, s, "/api/v1/figures?sort=nonsense", "Accept-Language", "ko")
	var e struct {
		Message string
		Fields  []struct{ Field, Message string }
	}
	if err := json.Unmarshal([]byte(body(t, r)), &e); err != nil {
		t.Fatal(err)
	}
	if r.StatusCode != http.StatusBadRequest || !strings.Contains(e.Message, "요청에 문제가 있습니다") || len(e.Fields) == 0 || e.Fields[0].Field != "sort" ||
		!strings.HasPrefix(e.Fields[0].Message, "period, value, metric, source, updated, id 중") || !strings.HasSuffix(e.Fields[0].Message, `하나여야 하는데(내림차순은 앞에 -) "nonsense"입니다`) {
		t.Errorf("Korean validation answer: %d %+v (fields keep their names, messages in Korean)", r.StatusCode, e)
	}
	// English stays the English the code wrote.
	r = get(t, s, "/api/v1/figures?sort=nonsense")
	if err := json.Unmarshal([]byte(body(t, r)), &e); err != nil {
		t.Fatal(err)
	}
	if len(e.Fields) != 1 || !strings.HasPrefix(e.Fields[0].Message, "expected one of ") || hangul(e.Fields[0].Message) != "" {
		t.Errorf("English validation answer: %+v", e)
	}
}

// TestSourceLanguageOnQuotes: a Korean source's quote and title carry
// lang="ko" on every page that shows them, in either language.
func TestSourceLanguageOnQuotes(t *testing.T) {
	s, st := newTestServer(t)
	loadKorean(t, st)
	for _, p := range []string{"/figures/" + koreanFigure, "/ko/figures/" + koreanFigure} {
		page := body(t, get(t, s, p))
		for _, w := range []string{
			`<p dir="auto" lang="ko">가상인권모임은 지난달 중국 공안이 국경 지역에서 탈북민을 최소 7명 붙잡았다고 밝혔다.</p>`,
			`<cite lang="ko">중국 공안, 국경에서 탈북민 붙잡아</cite>`,
		} {
			if !strings.Contains(page, w) {
				t.Errorf("%s does not have %s", p, w)
			}
		}
	}
	for p, w := range map[string]string{
		"/sources/gasang-2020-05-12": `<h1 lang="ko">중국 공안, 국경에서 탈북민 붙잡아</h1>`,
		"/sources":                   `<a href="/sources/gasang-2020-05-12" lang="ko">중국 공안, 국경에서 탈북민 붙잡아</a>`,
		"/sources/" + seedSource:     `<h1 lang="en">`,
	} {
		if page := body(t, get(t, s, p)); !strings.Contains(page, w) {
			t.Errorf("%s does not have %s", p, w)
		}
	}
}

// TestKoreanQuoteLink: the link to a Korean quote's sentence carries the
// sentence as a text fragment, its Hangul percent-encoded as UTF-8.
func TestKoreanQuoteLink(t *testing.T) {
	s, st := newTestServer(t)
	loadKorean(t, st)
	page := body(t, get(t, s, "/ko/figures/"+koreanFigure))
	link, _ := hrefOf(t, page, "open-at-sentence")
	// 가상인권모임은 … 밝혔다.
	if !strings.HasPrefix(link, "https://news.example.kr/2020/05/12/border#:~:text=%EA%B0%80%EC%83%81%EC%9D%B8%EA%B6%8C") {
		t.Errorf("the link to the Korean sentence is %q", link)
	}
}

// TestKoreanCheckAnswers: the checks API words each result in the
// language the request asks for (Accept-Language or the cookie, as its
// error messages), with an ETag of its own per language and Vary:
// Accept-Language, so that no cache hands one language's answer to the
// other; without either it is English, as it always was.
func TestKoreanCheckAnswers(t *testing.T) {
	s, _ := newTestServer(t)
	type answer struct {
		Items   []struct{ Kind, Title, Explanation string }
		Summary struct {
			Outcomes, Kinds []struct{ Name, Label string }
		}
	}
	read := func(r *http.Response) answer {
		t.Helper()
		var a answer
		if err := json.Unmarshal([]byte(body(t, r)), &a); err != nil {
			t.Fatal(err)
		}
		if len(a.Items) == 0 {
			t.Fatal("no checks")
		}
		return a
	}
	en := get(t, s, "/api/v1/checks?kind=parts_whole")
	a := read(en)
	if a.Items[0].Title != "Parts and whole: apprehended, North Koreans (CN → KP), Jun 2016 – 18 Sep 2017" || hangul(a.Items[0].Explanation) != "" {
		t.Errorf("English answer: %+v", a.Items[0])
	}
	if len(a.Summary.Kinds) == 0 || !slices.ContainsFunc(a.Summary.Kinds, func(k struct{ Name, Label string }) bool { return k.Label == "parts and whole" }) {
		t.Errorf("English summary: %+v", a.Summary)
	}
	for _, h := range [][]string{{"Accept-Language", "ko-KR,ko;q=0.9"}, {"Cookie", "lang=ko"}} {
		ko := get(t, s, "/api/v1/checks?kind=parts_whole", h...)
		k := read(ko)
		if k.Items[0].Title != "부분과 합계: 체포, North Koreans (CN → KP), 2016년 6월–2017년 9월 18일" ||
			k.Items[0].Explanation != "51 (2016년 7월–2017년 6월) + 41 (2017년 7월–8월) = 92: 합계 92(2016년 6월–2017년 9월 18일)와(과) 같습니다." {
			t.Errorf("%v: Korean answer %+v", h, k.Items[0])
		}
		// The summary's labels, as the /ko/checks page names them.
		if len(k.Summary.Outcomes) == 0 || len(k.Summary.Kinds) == 0 {
			t.Errorf("%v: summary %+v", h, k.Summary)
		}
		for _, tl := range append(k.Summary.Outcomes, k.Summary.Kinds...) {
			if hangul(tl.Label) == "" {
				t.Errorf("%v: summary label %q of %s is not Korean", h, tl.Label, tl.Name)
			}
		}
		if ko.Header.Get("ETag") == "" || ko.Header.Get("ETag") == en.Header.Get("ETag") {
			t.Errorf("%v: ETag %q, the English one %q: each language needs its own", h, ko.Header.Get("ETag"), en.Header.Get("ETag"))
		}
		if !slices.Contains(ko.Header.Values("Vary"), "Accept-Language") || !slices.Contains(en.Header.Values("Vary"), "Accept-Language") {
			t.Errorf("%v: Vary %q (English %q)", h, ko.Header.Values("Vary"), en.Header.Values("Vary"))
		}
		if r := get(t, s, "/api/v1/checks?kind=parts_whole", append(h, "If-None-Match", en.Header.Get("ETag"))...); r.StatusCode != http.StatusOK {
			t.Errorf("%v: the English ETag answers %d for Korean", h, r.StatusCode)
		}
	}
}

// TestNotFoundSaysWhat: a 404 of a figure, a source or a chart says what
// was not found, on a page and from the API, in Korean as in English
// (not only that there is nothing at the address).
func TestNotFoundSaysWhat(t *testing.T) {
	s, _ := newTestServer(t)
	const nothing = "이 주소에는 아무것도 없습니다."
	for _, tc := range []struct {
		path, lang, ctype string
		want              string
	}{
		{"/figures/no-such-figure", "", "text/html", `no figure "no-such-figure"`},
		{"/ko/figures/no-such-figure", "", "text/html", `수치 "no-such-figure"이(가) 없습니다`},
		{"/sources/no-such-source", "", "text/html", `no source "no-such-source"`},
		{"/ko/sources/no-such-source", "", "text/html", `출처 "no-such-source"이(가) 없습니다`},
		{"/ko/sources/No%20Such", "", "text/html", `ID가 "No Such"인 출처는 없습니다.`},
		{"/embed/charts/no-such-chart", "", "text/html", `There is no chart named "no-such-chart". Charts: apprehensions,`},
		{"/ko/embed/charts/no-such-chart", "", "text/html", `"no-such-chart"(이)라는 차트는 없습니다. 차트: apprehensions,`},
		{"/ko/figures/" + seedFigure + "?version=99", "", "text/html", `수치 "` + seedFigure + `"에는 보여 줄 버전 99이(가) 없습니다.`},
		{"/api/v1/figures/no-such-figure", "ko", "application/json", `"message":"수치 \"no-such-figure\"이(가) 없습니다"`},
		{"/api/v1/sources/no-such-source", "ko", "application/json", `"message":"출처 \"no-such-source\"이(가) 없습니다"`},
		{"/api/v1/sources/no-such-source", "", "application/json", `"message":"no source \"no-such-source\""`},
		{"/api/v1/charts/no-such-chart", "ko", "application/json", `"message":"\"no-such-chart\"(이)라는 차트는 없습니다.`},
		{"/api/v1/charts/no-such-chart/figures.csv", "ko", "application/json", `(이)라는 차트는 없습니다.`},
	} {
		t.Run(tc.path+" "+tc.lang, func(t *testing.T) {
			answers(t, s, tc.path, http.StatusNotFound, tc.ctype, []string{tc.want}, []string{nothing}, "Accept-Language", tc.lang)
		})
	}
}
