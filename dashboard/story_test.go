package dashboard

import (
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"forcedreturns/internal/store/storetest"
)

// TestOverviewStory: the overview leads with the charts over time, one per
// metric, in the step the URL asks for (or the data chooses), lists what
// has no number, and its headline cards are the latest reported figures.
func TestOverviewStory(t *testing.T) {
	s, _ := newTestServer(t)
	r := get(t, s, "/")
	page := body(t, r)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("/: %d", r.StatusCode)
	}
	text := pageText(page)
	for _, want := range []string{"Latest reported figures", "Apprehended over time: North Koreans", "Steps: By month · By year",
		"Reported without a number (listed, not drawn)", "Deaths over time", "92 documented Apprehended · North Koreans Jun 2016 – 18 Sep 2017"} {
		if !strings.Contains(text, want) {
			t.Errorf("/ lacks %q", want)
		}
	}
	if strings.Contains(page, `data-chart="timeline"`) || strings.Contains(page, `"type":"log"`) {
		t.Error("/ still has the log-scale timeline")
	}
	if i, j := strings.Index(page, `id="chart-timeline-apprehended"`), strings.Index(page, `id="chart-apprehensions"`); i < 0 || j < 0 || i > j {
		t.Errorf("the story over time does not come first (%d, %d)", i, j)
	}
	year := body(t, get(t, s, "/?step=year"))
	if !strings.Contains(year, `<strong aria-current="true">By year</strong>`) || !strings.Contains(year, `href="/?step=month#chart-timeline-apprehended"`) {
		t.Error("/?step=year does not show the year step as current with a link to months")
	}
	if !strings.Contains(year, `"formatter":"{yyyy}"`) {
		t.Error("/?step=year: the time axis is not labelled by year")
	}
	bad := get(t, s, "/?step=week")
	if msg := body(t, bad); bad.StatusCode != http.StatusBadRequest || !strings.Contains(msg, "step must be month or year") {
		t.Errorf("/?step=week: %d", bad.StatusCode)
	}
	// A view the charts do not have is refused too, on the overview and
	// an embed, naming the two there are; the second asked for rightly is kept in
	// the page's links, and the first named is the page without a view.
	for _, path := range []string{"/?view=rates", "/embed/charts/timeline?view=counts"} {
		bad = get(t, s, path)
		if msg := body(t, bad); bad.StatusCode != http.StatusBadRequest || !strings.Contains(msg, "view must be count (the numbers as reported, the default) or rate") {
			t.Errorf("%s: %d, want 400 naming view, count and rate", path, bad.StatusCode)
		}
	}
	if rate := body(t, get(t, s, "/?view=rate")); !strings.Contains(rate, "view=rate") {
		t.Error("/?view=rate: the view is not kept in the page's links")
	}
	if first := get(t, s, "/?view=count"); first.StatusCode != http.StatusOK || strings.Contains(body(t, first), "view=rate") {
		t.Errorf("/?view=count: %d, want the overview in its first view", first.StatusCode)
	}
	if r := get(t, s, "/embed/charts/timeline"); r.StatusCode != http.StatusOK {
		t.Errorf("/embed/charts/timeline: %d, want the first chart over time", r.StatusCode)
	}
	if r := get(t, s, "/embed/charts/timeline-forcibly-returned?step=year"); r.StatusCode != http.StatusOK {
		t.Errorf("/embed/charts/timeline-forcibly-returned: %d", r.StatusCode)
	}
}

// TestOverviewStoryMultiReport: with many reports the headlines are the
// latest figures per metric, one event reported three times is one mark.
func TestOverviewStoryMultiReport(t *testing.T) {
	st := storetest.Open(t)
	loadMultiReport(t, st)
	s := newServerOn(t, st)
	text := pageText(body(t, get(t, s, "/")))
	for _, want := range []string{"260 documented Apprehended · North Koreans 2019", "at least 50 Still in custody · North Koreans 31 Dec 2019"} {
		if !strings.Contains(text, want) {
			t.Errorf("/ lacks the headline %q", want)
		}
	}
	c := body(t, get(t, s, "/api/v1/charts/timeline-forcibly-returned"))
	if n := strings.Count(c, "16 · 3 sources"); n != 1 {
		t.Errorf("the event of 14 Jul 2019 is labelled %d times “16 · 3 sources”, want once", n)
	}
}

// TestOverviewNamesItsFilters: a filtered overview says which filters its
// charts keep to, with a way back to every figure, and when none of the
// published figures match, says that rather than "no figures yet"; the
// unfiltered overview says neither. In Korean too.
func TestOverviewNamesItsFilters(t *testing.T) {
	s, _ := newTestServer(t)
	for _, tc := range []struct {
		path string
		want []string
		not  []string
	}{
		{"/", nil, []string{"Only the published figures that match", "No published figures match"}},
		{"/?step=year", nil, []string{"Only the published figures that match"}},
		{"/?from=2017-08-15&status=draft&page=3", []string{"Only the published figures that match these filters: Period from = 2017-08-15.", "Show every figure"}, []string{"No published figures match", "status =", "Status ="}},
		{"/?qualifier=at_least", []string{"Only the published figures that match these filters: Qualifier = at least.", "No published figures match these filters."}, []string{"No published figures yet"}},
		{"/ko/?starts=2017", []string{"다음 조건에 맞는 게시된 수치만 보여 줍니다: 기간이 시작하는 때 = 2017.", "모든 수치 보기"}, nil},
	} {
		r := get(t, s, tc.path)
		page := body(t, r)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", tc.path, r.StatusCode)
		}
		says(t, tc.path, pageText(page), tc.want, tc.not)
	}
}

// says fails unless text (of the page at path) holds every one of want
// and none of not.
func says(t *testing.T, path, text string, want, not []string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("%s lacks %q", path, w)
		}
	}
	for _, w := range not {
		if strings.Contains(text, w) {
			t.Errorf("%s says %q", path, w)
		}
	}
}

// TestFilteredChartsSayWhatTheyKeep: a chart drawn from some of the
// figures says so on its own page (an embed, framed on another site) and in
// its options, so that a saved PNG or SVG carries the filter too; a chart
// of every figure carries no such line. A hostile filter value reaches the
// options only as JSON text.
func TestFilteredChartsSayWhatTheyKeep(t *testing.T) {
	s, _ := newTestServer(t)
	titles := func(t *testing.T, page string) []string {
		t.Helper()
		var out []string
		for _, m := range pageOptions.FindAllStringSubmatch(page, -1) {
			var doc struct {
				Title []struct {
					Text string `json:"text"`
				} `json:"title"`
			}
			if err := json.Unmarshal([]byte(html.UnescapeString(m[1])), &doc); err != nil {
				t.Fatal(err)
			}
			for _, ti := range doc.Title {
				out = append(out, ti.Text)
			}
		}
		return out
	}
	const hostile = `<img src=x onerror=alert(1)>`
	for _, tc := range []struct {
		path, line string
	}{
		{"/embed/charts/apprehensions", ""},
		{"/embed/charts/apprehensions?step=year", ""},
		{"/embed/charts/apprehensions?from=2017-07-01", "Only the published figures that match these filters: Period from = 2017-07-01."},
		{"/ko/embed/charts/apprehensions?from=2017-07-01", "다음 조건에 맞는 게시된 수치만 보여 줍니다: 기간 시작 = 2017-07-01."},
		{"/?from=2017-07-01", "Only the published figures that match these filters: Period from = 2017-07-01."},
	} {
		r := get(t, s, tc.path)
		page := body(t, r)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", tc.path, r.StatusCode)
		}
		ts := titles(t, page)
		if len(ts) == 0 {
			t.Fatalf("%s: no chart options", tc.path)
		}
		named := 0
		for _, ti := range ts {
			if ti == tc.line {
				named++
			}
		}
		charts := len(pageOptions.FindAllString(page, -1))
		switch {
		case tc.line == "" && slices.ContainsFunc(ts, func(s string) bool { return strings.Contains(s, "filters") || strings.Contains(s, "조건") }):
			t.Errorf("%s: an unfiltered chart names filters: %q", tc.path, ts)
		case tc.line != "" && named != charts:
			t.Errorf("%s: %d of %d option documents carry %q; titles %q", tc.path, named, charts, tc.line, ts)
		}
		if strings.HasPrefix(strings.TrimPrefix(tc.path, "/ko"), "/embed/") && tc.line != "" && !strings.Contains(pageText(page), tc.line) {
			t.Errorf("%s: the embed's text lacks %q", tc.path, tc.line)
		}
	}
	// A chart the filters leave empty is a page of its own saying so,
	// in its frame, with the filters (a hostile one escaped); a chart that
	// does not exist is still a 404.
	for _, tc := range []struct {
		path   string
		status int
		want   []string
	}{
		{"/embed/charts/timeline?qualifier=at_least", http.StatusOK, []string{"Apprehended over time", "Only the published figures that match these filters: Qualifier = at least.", "No published figures match these filters."}},
		{"/ko/embed/charts/apprehensions?qualifier=at_least", http.StatusOK, []string{"다음 조건에 맞는 게시된 수치만 보여 줍니다: 한정어 = 최소."}},
		{"/embed/charts/outcomes?population=" + url.QueryEscape(hostile), http.StatusOK, []string{"Population = " + hostile + ".", "No published figures match these filters."}},
		{"/embed/charts/nope?qualifier=at_least", http.StatusNotFound, []string{`There is no chart named "nope"`}},
		{"/embed/charts/timeline-nope?from=2017-07-01", http.StatusNotFound, nil},
	} {
		r := get(t, s, tc.path)
		page := body(t, r)
		if r.StatusCode != tc.status {
			t.Errorf("%s: %d, want %d", tc.path, r.StatusCode, tc.status)
		}
		if strings.Contains(page, hostile) {
			t.Errorf("%s: the filter value reaches the page unescaped", tc.path)
		}
		says(t, tc.path, pageText(page), tc.want, nil)
		if tc.status == http.StatusOK && pageOptions.MatchString(page) {
			t.Errorf("%s: an empty chart still carries chart options", tc.path)
		}
	}
}
