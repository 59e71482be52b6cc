package dashboard

import (
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// TestFilterFormSaysWhatDatesDo: the period fields name every form they
// take (YYYY, YYYY-MM, YYYY-MM-DD) and are described (aria-describedby)
// by a visible hint that says the window keeps every figure whose period
// overlaps it, and "Period starts in" by one that says it keeps only the
// periods that begin in it; each control has its label. In Korean too.
func TestFilterFormSaysWhatDatesDo(t *testing.T) {
	s, _ := newTestServer(t)
	for _, tc := range []struct {
		path, period, starts string
	}{
		{"/figures", "They keep every figure whose period overlaps that window, even in part: from 2017-01 keeps a figure for July 2016 to June 2017.", "It keeps only the figures whose period begins within it."},
		{"/ko/figures", "기간이 이 범위와 조금이라도 겹치는 수치는 모두 남깁니다.", "기간이 그 안에서 시작하는 수치만 남깁니다."},
	} {
		r := get(t, s, tc.path)
		page := body(t, r)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", tc.path, r.StatusCode)
		}
		for _, c := range []struct{ id, hint, text string }{
			{"f-from", "f-period-hint", tc.period},
			{"f-to", "f-period-hint", tc.period},
			{"f-starts", "f-starts-hint", tc.starts},
		} {
			input := regexp.MustCompile(`<input id="` + c.id + `"[^>]*>`).FindString(page)
			if !strings.Contains(input, `placeholder="YYYY, YYYY-MM, YYYY-MM-DD"`) || !strings.Contains(input, `aria-describedby="`+c.hint+`"`) {
				t.Errorf("%s: %s is %s, want the three forms as placeholder and described by %s", tc.path, c.id, input, c.hint)
			}
			hint := regexp.MustCompile(`<p class="field-help" id="` + c.hint + `">([^<]*)</p>`).FindStringSubmatch(page)
			if hint == nil || !strings.Contains(pageText(hint[1]), c.text) {
				t.Errorf("%s: hint %s is %q, want it to say %q", tc.path, c.hint, hint, c.text)
			}
		}
		form := page[strings.Index(page, `<form class="filters"`):]
		form = form[:strings.Index(form, "</form>")]
		for _, m := range regexp.MustCompile(`<(?:input|select) id="([^"]+)"`).FindAllStringSubmatch(form, -1) {
			if !strings.Contains(form, `<label for="`+m[1]+`">`) {
				t.Errorf("%s: control %s has no label", tc.path, m[1])
			}
		}
	}
}

// TestFiltersInWords: the menus and the lines that name a list's or a
// chart's filters show a qualifier, a kind and a status as the site
// names them, not as the address codes them (which the options' values
// keep), in English and Korean.
func TestFiltersInWords(t *testing.T) {
	s, _ := newTestServer(t)
	for _, tc := range []struct {
		path      string
		want, not []string
		html      []string // in the page's markup
	}{
		{"/figures", []string{"at least", "more than", "documented count", "flow over the period", "stock at that date", "published", "retracted"}, []string{"at_least", "more_than", "Filters applied"},
			[]string{`<option value="at_least">at least</option>`, `<option value="flow">flow over the period</option>`}},
		{"/ko/figures", []string{"최소", "초과", "기간 발생 (기간 동안 센 수)"}, []string{"at_least", "more_than", "적용한 필터"},
			[]string{`<option value="at_least">최소</option>`}},
		{"/figures?qualifier=at_least,more_than&kind=flow&status=published&sort=-value", []string{"Filters applied: Qualifier = at least, more than; Status = published; Kind = flow over the period."}, []string{"at_least", "sort ="}, nil},
		{"/ko/figures?qualifier=at_least&kind=stock", []string{"적용한 필터: 한정어 = 최소; 종류 = 시점 현황 (그 날짜 기준)."}, []string{"at_least"}, nil},
		// A metric by its label, a source by its title, in the page's
		// language, where the address keeps their slug and id.
		{"/figures?metric=apprehended&from=2017", []string{"Filters applied: Metric = Apprehended; Period from = 2017-01-01."}, nil, nil},
		{"/figures?source=" + seedSource + "&metric=in_custody,forcibly_returned", []string{"Filters applied: Metric = Still in custody, Forcibly returned; Source = North Korean Refugees Trapped by China’s Expanding Dragnet."}, []string{"Source = " + seedSource}, nil},
		{"/ko/figures?metric=apprehended", []string{"적용한 필터: 지표 = 체포."}, []string{"지표 = apprehended"}, nil},
		{"/?source=" + seedSource, []string{"Only the published figures that match these filters: Source = North Korean Refugees Trapped by China’s Expanding Dragnet."}, []string{"Source = " + seedSource}, nil},
		{"/embed/charts/timeline?metric=apprehended&source=" + seedSource, []string{"Only the published figures that match these filters: Metric = Apprehended; Source = North Korean Refugees Trapped by China’s Expanding Dragnet."}, []string{"Source = " + seedSource}, nil},
		{"/?qualifier=at_least", []string{"Only the published figures that match these filters: Qualifier = at least."}, []string{"at_least"}, nil},
		{"/ko/?qualifier=about", []string{"다음 조건에 맞는 게시된 수치만 보여 줍니다: 한정어 = 약."}, []string{"qualifier ="}, nil},
		{"/embed/charts/timeline?qualifier=at_least&kind=stock", []string{"Only the published figures that match these filters: Qualifier = at least; Kind = stock at that date."}, []string{"at_least", "kind ="}, nil},
	} {
		r := get(t, s, tc.path)
		page := body(t, r)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", tc.path, r.StatusCode)
		}
		text := pageText(page)
		// The addresses keep the codes: only the text read is checked
		// for them.
		says(t, tc.path, text, tc.want, tc.not)
		says(t, tc.path, page, tc.html, nil)
	}
}

// TestChecksSayWhenFiltered: a filtered page of checks says that its
// count is of the checks matching the filters, also when they match
// every check; an unfiltered one does not.
func TestChecksSayWhenFiltered(t *testing.T) {
	s, _ := newTestServer(t)
	all := pageText(body(t, get(t, s, "/checks")))
	for _, tc := range []struct {
		path      string
		want, not []string
	}{
		{"/checks", []string{"Checks 1–4 of 4, mismatches first."}, []string{"matching the filters"}},
		{"/checks?metric=apprehended", []string{"Checks 1–4 of 4 matching the filters, mismatches first."}, nil},
		{"/checks?source=" + seedSource, []string{"matching the filters"}, nil},
		{"/ko/checks?metric=apprehended", []string{"필터에 맞는 점검 4개 중 1–4번째."}, nil},
		{"/ko/checks", nil, []string{"필터에 맞는"}},
	} {
		r := get(t, s, tc.path)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", tc.path, r.StatusCode)
		}
		says(t, tc.path, pageText(body(t, r)), tc.want, tc.not)
	}
	if !strings.Contains(all, "of 4,") {
		t.Fatalf("the seed's checks are no longer 4: %s", all)
	}
}

// TestRefusedFiltersKeptInTheForm: a figures page whose filters are
// refused answers 400 with the filter form filled with what was sent,
// each refused control marked (aria-invalid, described by its problem,
// which stands next to it), every problem listed above the form (the
// unknown parameters' and the values' at once), no list, and a link to
// the list with the filters that were fine; in English and Korean.
func TestRefusedFiltersKeptInTheForm(t *testing.T) {
	s, _ := newTestServer(t)
	for _, tc := range []struct {
		path    string
		invalid map[string]string // control id → its problem, as next to it
		fine    []string          // control ids not marked
		want    []string
	}{
		{"/figures?from=2017-13&metric=apprehended&acting=China&population=North+Koreans&page=2",
			map[string]string{"from": `"2017-13": month must be 01 to 12`, "acting": `expected a two-letter ISO 3166-1 code such as CN or KP, or none, got "China"`},
			[]string{"to", "metric", "population", "starts"},
			[]string{`<input id="f-from" name="from" value="2017-13"`, `<option value="apprehended" selected>`, `value="North Koreans"`,
				`<li><strong>from</strong>: "2017-13": month must be 01 to 12</li>`,
				`<a href="/figures?metric=apprehended&population=North+Koreans">List the figures with only the filters that could be used</a>`}},
		{"/ko/figures?from=2017-13&to=2018&zz=1",
			map[string]string{"from": `"2017-13": 월은 01에서 12 사이여야 합니다`},
			[]string{"to"},
			[]string{`<strong>zz</strong>: "zz"(이)라는 매개변수는 여기서 받지 않습니다`, `value="2018"`,
				`<a href="/ko/figures?to=2018">사용할 수 있는 필터만으로 수치 보기</a>`, "사용할 수 없는 필터가 있어"}},
		{"/figures?kind=flows&summarised=maybe", map[string]string{"kind": "expected flow, stock or cumulative, got \"flows\""}, []string{"from"}, nil},
		// The checks' form the same way.
		{"/checks?outcome=bogus&metric=nope&kind=cohort&zz=1&page=3",
			map[string]string{"outcome": `expected mismatch, cannot_tell or ok, got "bogus"`, "metric": `no metric named "nope"`},
			[]string{"kind", "source"},
			[]string{`<option value="cohort" selected>`, `<li><strong>zz</strong>: unknown parameter "zz"`, "no checks are listed",
				`<a href="/checks?kind=cohort">List the checks with only the filters that could be used</a>`}},
		{"/ko/checks?source=nope",
			map[string]string{"source": `"nope"`},
			[]string{"outcome", "kind", "metric"},
			[]string{`<a href="/ko/checks">사용할 수 있는 필터만으로 점검 결과 보기</a>`, "사용할 수 없는 필터가 있어 점검 결과를"}},
	} {
		t.Run(tc.path, func(t *testing.T) {
			id := "f-" // the figures' controls, or the checks'
			if strings.Contains(tc.path, "/checks") {
				id = "c-"
			}
			r := answers(t, s, tc.path, 400, "text/html", tc.want, []string{`<table class="figures">`, `class="downloads"`, `<ul class="checks">`})
			if cc := r.Header.Get("Cache-Control"); cc != "no-store" {
				t.Errorf("Cache-Control = %q, want no-store", cc)
			}
			page := html.UnescapeString(body(t, get(t, s, tc.path)))
			for name, problem := range tc.invalid {
				control := regexp.MustCompile(`<(?:input|select) id="` + id + name + `"[^>]*>`).FindString(page)
				if !strings.Contains(control, `aria-invalid="true"`) || !regexp.MustCompile(`aria-describedby="`+id+name+`-problem\b`).MatchString(control) {
					t.Errorf("control %s is %s, want it marked invalid and described by its problem", name, control)
				}
				next := page[strings.Index(page, control):]
				next = next[:strings.Index(next, "</div>")]
				if !strings.Contains(next, `<ul class="field-errors" id="`+id+name+`-problem"><li>`) || !strings.Contains(next, problem) {
					t.Errorf("control %s: no problem %q next to it:\n%s", name, problem, next)
				}
			}
			for _, name := range tc.fine {
				if control := regexp.MustCompile(`<(?:input|select) id="` + id + name + `"[^>]*>`).FindString(page); control == "" || strings.Contains(control, "aria-invalid") {
					t.Errorf("control %s is %q, want it there and not marked", name, control)
				}
			}
			// The link with the filters that were fine lists figures.
			if m := regexp.MustCompile(`<p><a href="([^"]*)">(?:List the (?:figures|checks)|사용할 수 있는)`).FindStringSubmatch(page); m == nil {
				t.Errorf("no link to the list with the filters that were fine")
			} else if code := get(t, s, m[1]).StatusCode; code != 200 {
				t.Errorf("%s: %d, want 200", m[1], code)
			}
		})
	}
}
