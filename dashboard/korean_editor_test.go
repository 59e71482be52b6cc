package dashboard

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// A Korean editor's session over real HTTP: signing in on /ko/, the
// figure form in Korean with its actions kept in Korean, its problems said
// in Korean (a duplicate id too), the save returning
// to the Korean figure page, and a stale form's conflict notice in
// Korean. English pages are held by the other editor tests.
func TestKoreanEditorFlow(t *testing.T) {
	es := newEditorServer(t)
	ts := httptest.NewServer(es)
	defer ts.Close()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	do := func(method, path string, form url.Values) (int, string, string) {
		t.Helper()
		var body io.Reader
		if form != nil {
			body = strings.NewReader(form.Encode())
		}
		req, err := http.NewRequest(method, ts.URL+path, body)
		if err != nil {
			t.Fatal(err)
		}
		if form != nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Origin", ts.URL)
		}
		r, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Body.Close()
		b, err := io.ReadAll(r.Body)
		if err != nil {
			t.Fatal(err)
		}
		return r.StatusCode, string(b), r.Header.Get("Location")
	}
	mustSay := func(what, page string, want ...string) {
		t.Helper()
		for _, w := range want {
			if !strings.Contains(page, w) {
				t.Errorf("%s does not say %q", what, w)
			}
		}
	}

	// An editor page asked for signed out: the sign-in page in Korean,
	// which brings the reader back to the Korean page.
	if code, _, loc := do(http.MethodGet, "/ko/figures/new", nil); code != http.StatusSeeOther || loc != "/ko/signin?next=%2Fko%2Ffigures%2Fnew" {
		t.Errorf("GET /ko/figures/new signed out: %d to %q, want the Korean sign-in page coming back to it", code, loc)
	}
	// The sign-in page opened directly leads to the Korean home page.
	code, page, _ := do(http.MethodGet, "/ko/signin", nil)
	if code != http.StatusOK || !strings.Contains(page, `<html lang="ko">`) {
		t.Fatalf("GET /ko/signin: %d", code)
	}
	next := regexp.MustCompile(`name="next" value="([^"]*)"`).FindStringSubmatch(page)
	if next == nil || next[1] != "/ko" {
		t.Errorf("/ko/signin posts next=%v, want /ko", next)
	}
	if code, _, loc := do(http.MethodPost, "/ko/signin", url.Values{"email": {es.editor.Email}, "password": {testPassword}, "next": {next[1]}}); code != http.StatusSeeOther || loc != "/ko" {
		t.Fatalf("sign in on /ko/: %d to %q, want /ko", code, loc)
	}

	// The other editor pages in Korean.
	const src = "refugees-deeply-2017-09-18-china-dragnet"
	for _, tt := range []struct {
		path string
		want []string
	}{
		{"/ko/account", []string{"<h1>내 계정</h1>", "토큰 만들기", `action="/ko/account/tokens"`, "<dd>편집자</dd>", `href="/ko/account"`, `action="/ko/signout"`}},
		{"/ko/sources", []string{`href="/ko/sources/new"`, ">출처 추가</a>"}},
		{"/ko/figures/hrw-2017-apprehended-2017-07-to-08", []string{`href="/ko/figures/hrw-2017-apprehended-2017-07-to-08/edit">편집</a>`, `action="/ko/figures/hrw-2017-apprehended-2017-07-to-08/retract"`,
			`<label for="retract-reason">사유</label>`, `placeholder="독자에게 보입니다"`, ">철회</button>"}},
		{"/ko/sources/" + src + "/edit", []string{"<h1>출처 " + src + " 편집</h1>", "한국어 제목", `lang="ko"`, "원출처"}},
		{"/ko/sources/" + src + "/text", []string{"인용 검증", "검증하고 첨부", "본문 붙여넣기"}},
		{"/ko/sources/" + src + "/intake", []string{"자동 추출: 본문에서 제안된 수치"}},
		{"/ko/figures/new", []string{"<h1>수치 추가</h1>", "기간 발생 — 기간 동안 센 수"}},
	} {
		code, page, _ := do(http.MethodGet, tt.path, nil)
		if code != http.StatusOK {
			t.Errorf("GET %s: %d", tt.path, code)
			continue
		}
		mustSay(tt.path, page, tt.want...)
	}

	const key = "hrw-2017-apprehended-2017-07-to-08"
	code, form, _ := do(http.MethodGet, "/ko/figures/"+key+"/edit", nil)
	if code != http.StatusOK {
		t.Fatalf("GET the Korean edit form: %d", code)
	}
	mustSay("the Korean figure form", form, `<html lang="ko">`, "<h1>수치 "+key+" 편집</h1>", `action="/ko/figures/`+key+`/edit"`,
		"변경 사유", `<span class="required">(필수)</span>`, "한정어", "기간 시작", "변경 내용 저장", `href="/ko/figures/`+key+`">취소</a>`)
	if strings.Contains(form, "Reason for this change") || strings.Contains(form, "(required)") {
		t.Errorf("the Korean figure form has English labels")
	}
	version := versionOf(t, form)

	edit := figureValuesFromPage(form)
	edit.Set("version", version)
	edit.Set("reason", "")
	edit.Set("value", "forty")
	code, page, _ = do(http.MethodPost, "/ko/figures/"+key+"/edit", edit)
	if code != http.StatusBadRequest {
		t.Fatalf("a form without a reason: %d", code)
	}
	mustSay("the refused form", page, "<strong>저장되지 않았습니다.</strong> 고쳐야 할 값이 있습니다. 문제마다 해당 항목 옆에 적혀 있습니다.")
	if got := fieldErrors(page, "reason"); !strings.Contains(got, "<li>필수 항목입니다. 변경 이유를 적어 주세요. 변경 이력에 기록되어 독자에게 보입니다.</li>") {
		t.Errorf("reason's problem = %q, want it said in Korean", got)
	}
	// Every problem is in Korean (the validation part of the catalogue),
	// with what was typed kept as it was, and no longer marked English.
	if got := fieldErrors(page, "value"); !strings.Contains(got, `<li>41이나 1,204 같은 정수여야 하는데 "forty"입니다(숫자만)`) ||
		!strings.Contains(got, "qualifier를 unquantified로 하세요)") || strings.Contains(got, `lang="en"`) {
		t.Errorf("value's problem = %q, want it said in Korean", got)
	}

	edit.Set("value", inputValue(form, "value"))
	edit.Set("notes", "한국어 화면에서 고침")
	edit.Set("reason", "메모 추가")
	code, _, loc := do(http.MethodPost, "/ko/figures/"+key+"/edit", edit)
	if code != http.StatusSeeOther || loc != "/ko/figures/"+key {
		t.Fatalf("save: %d to %q, want 303 to the Korean figure page", code, loc)
	}
	if code, page, _ := do(http.MethodGet, loc, nil); code != http.StatusOK || !strings.Contains(page, "한국어 화면에서 고침") {
		t.Errorf("the figure page after the save: %d", code)
	}
	// The version before the save, in Korean: its heading, what it
	// recorded and the way back, no English left of the section.
	code, page, _ = do(http.MethodGet, "/ko/figures/"+key+"?version="+version, nil)
	if code != http.StatusOK {
		t.Fatalf("the earlier version's page: %d", code)
	}
	mustSay("the earlier version in Korean", page, "이 수치의 버전 "+version+"</h2>", "이전 버전을 보고 있습니다.", ">현재 버전 보기</a>", "<summary>버전 "+version+"이 기록한 내용</summary>",
		`<th scope="col">항목</th>`)
	for _, en := range []string{"earlier version", "see the current version", "What version", "Fields of version", ">Field<", ">Edit<", ">Retract<", ">Reason<"} {
		if strings.Contains(page, en) {
			t.Errorf("the Korean page of an earlier version shows %q", en)
		}
	}

	// The same form again, based on the version it was opened at.
	edit.Set("notes", "또 고침")
	code, page, _ = do(http.MethodPost, "/ko/figures/"+key+"/edit", edit)
	if code != http.StatusConflict {
		t.Fatalf("a stale form: %d", code)
	}
	mustSay("the conflict notice", page, "저장되지 않았습니다: 양식을 연 뒤에 이 수치가 바뀌었습니다", "님이", "(사유: “<bdi>메모 추가</bdi>”)",
		"그동안 바뀐 내용:", "덮어쓴 것은 없습니다.")

	// A new figure with an id already taken: the store's conflict is
	// said in Korean next to the id.
	edit.Del("version")
	edit.Set("id", key)
	code, page, _ = do(http.MethodPost, "/ko/figures/new", edit)
	if code != http.StatusConflict {
		t.Fatalf("a new figure with a taken id: %d %s", code, regexp.MustCompile(`<ul class="(?:field|form)-errors"[^>]*>.*?</ul>`).FindAllString(page, -1))
	}
	if got := fieldErrors(page, "id"); !strings.Contains(got, "<li>수치 \""+key+"\"이(가) 이미 있습니다. 새로 만들지 말고 그 수치를 고치세요</li>") {
		t.Errorf("id's problem = %q, want it said in Korean", got)
	}
}

// figureValuesFromPage reads the figure form's values as a browser would
// submit them.
func figureValuesFromPage(page string) url.Values {
	v := url.Values{}
	for _, name := range figureInputs {
		if name == "derived" {
			continue // a checkbox: sent only when checked
		}
		if got := inputValue(page, name); !strings.HasPrefix(got, "<no input") {
			v.Set(name, got)
		}
	}
	if strings.Contains(page, `id="in-derived" name="derived" value="true" checked`) {
		v.Set("derived", "true")
	}
	return v
}
