package dashboard

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"html"
	"maps"
	"net/http"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
)

var (
	pageChart   = regexp.MustCompile(`(?s)<figure class="chart" data-chart="([^"]+)"(.*?)</figure>`)
	pageOptions = regexp.MustCompile(`<script type="application/json" class="chart-options(?:-alt)?">([^<]*)</script>`)
	pageCSV     = regexp.MustCompile(`<a href="([^"]+)" download>CSV of the figures drawn</a>`)
)

// drawnOnPage reads what a chart's option documents on a page draw: every
// data item's figure (its url) and the figures of a merged mark.
func drawnOnPage(t *testing.T, block string) (keys map[string]bool, merged int) {
	t.Helper()
	keys = map[string]bool{}
	for _, m := range pageOptions.FindAllStringSubmatch(block, -1) {
		var doc struct {
			Series []struct {
				Data []json.RawMessage `json:"data"`
			} `json:"series"`
		}
		if err := json.Unmarshal([]byte(m[1]), &doc); err != nil {
			t.Fatal(err)
		}
		for _, s := range doc.Series {
			for _, raw := range s.Data {
				var it struct {
					URL     string   `json:"url"`
					Figures []string `json:"figures"`
				}
				if json.Unmarshal(raw, &it) != nil {
					continue
				}
				if k, ok := strings.CutPrefix(it.URL, "/figures/"); ok {
					keys[k] = true
				}
				for _, k := range it.Figures {
					keys[k] = true
				}
				if len(it.Figures) > 1 {
					merged++
				}
			}
		}
	}
	return keys, merged
}

// TestChartFiguresCSV: the CSV link beside each chart (overview, a source
// page) gives exactly the figures the chart's options draw, in the columns
// of the figures CSV, for the seed and for the multi-report set.
func TestChartFiguresCSV(t *testing.T) {
	for _, tc := range []struct {
		name    string
		prepare func(*testing.T, *store.Store)
		source  string
		merged  bool // some mark stands for several figures
	}{
		{"seed", nil, "refugees-deeply-2017-09-18-china-dragnet", false},
		{"multireport", loadMultiReport, "monitor-2019-03-03", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var s *Server
			if tc.prepare == nil {
				s, _ = newTestServer(t)
			} else {
				st := storetest.Open(t)
				tc.prepare(t, st)
				s = newServerOn(t, st)
			}
			header := body(t, get(t, s, "/figures.csv"))
			header = strings.TrimSuffix(header[:strings.IndexByte(header, '\n')], "\r")
			merged, charts := 0, 0
			for _, page := range []string{"/", "/sources/" + tc.source} {
				for _, m := range pageChart.FindAllStringSubmatch(body(t, get(t, s, page)), -1) {
					name, block := m[1], m[2]
					charts++
					want, n := drawnOnPage(t, block)
					merged += n
					link := pageCSV.FindStringSubmatch(block)
					if link == nil {
						t.Errorf("%s %s: no CSV link", page, name)
						continue
					}
					r := get(t, s, html.UnescapeString(link[1]))
					if r.StatusCode != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") {
						t.Errorf("%s %s: %s answers %d %s", page, name, link[1], r.StatusCode, r.Header.Get("Content-Type"))
						continue
					}
					rows, err := csv.NewReader(strings.NewReader(body(t, r))).ReadAll()
					if err != nil || len(rows) == 0 {
						t.Fatalf("%s %s: %v", page, name, err)
					}
					if got := strings.Join(rows[0], ","); got != header {
						t.Errorf("%s %s: header %q, want the figures CSV's %q", page, name, got, header)
					}
					got := map[string]bool{}
					for _, row := range rows[1:] {
						got[row[0]] = true
					}
					if len(want) == 0 || !maps.Equal(got, want) {
						t.Errorf("%s %s: the CSV has %v, the chart draws %v", page, name, slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want)))
					}
					// The API's option document of the chart is the page's
					// (a source page's chart too: it answered 404).
					api := "/api/v1/charts/" + name
					if name == "source" {
						api += "?source=" + tc.source
					}
					if r := get(t, s, api); r.StatusCode != http.StatusOK || !sameJSON(t, body(t, r), html.UnescapeString(pageOptions.FindStringSubmatch(block)[1])) {
						t.Errorf("%s %s: %s answers %d, not the page's options", page, name, api, r.StatusCode)
					}
				}
			}
			if charts < 4 {
				t.Errorf("only %d charts with options", charts)
			}
			if (merged > 0) != tc.merged {
				t.Errorf("%d marks stand for several figures, want some: %v", merged, tc.merged)
			}
		})
	}
	// A chart that does not exist, a source chart without one source.
	s, _ := newTestServer(t)
	for path, status := range map[string]int{
		"/api/v1/charts/nothing/figures.csv":                http.StatusNotFound,
		"/api/v1/charts/source/figures.csv":                 http.StatusBadRequest,
		"/api/v1/charts/source":                             http.StatusBadRequest,
		"/api/v1/charts/timeline?step=day":                  http.StatusBadRequest,
		"/api/v1/charts/source?source=nobody":               http.StatusBadRequest, // no such source (models.FilterNames)
		"/api/v1/charts/apprehensions/figures.csv?step=day": http.StatusBadRequest,
	} {
		if r := get(t, s, path); r.StatusCode != status {
			t.Errorf("%s: %d, want %d", path, r.StatusCode, status)
		}
	}
}

// sameJSON reports whether two JSON documents hold the same values.
func sameJSON(t *testing.T, a, b string) bool {
	t.Helper()
	var x, y any
	if err := json.Unmarshal([]byte(a), &x); err != nil {
		t.Fatalf("%v: %.200s", err, a)
	}
	if err := json.Unmarshal([]byte(b), &y); err != nil {
		t.Fatalf("%v: %.200s", err, b)
	}
	return reflect.DeepEqual(x, y)
}

// The API's option document of a chart over time is the one the overview
// draws at the step asked for (it answered the data's own step whatever
// was asked).
func TestChartAPIStep(t *testing.T) {
	s, _ := newTestServer(t)
	for _, step := range []string{"month", "year"} {
		page := body(t, get(t, s, "/?step="+step))
		found := false
		for _, m := range pageChart.FindAllStringSubmatch(page, -1) {
			name, block := m[1], m[2]
			if !strings.HasPrefix(name, "timeline-") {
				continue
			}
			found = true
			want := html.UnescapeString(pageOptions.FindStringSubmatch(block)[1])
			r := get(t, s, "/api/v1/charts/"+name+"?step="+step)
			if got := body(t, r); r.StatusCode != http.StatusOK || !sameJSON(t, got, want) {
				t.Errorf("/api/v1/charts/%s?step=%s: %d, not the overview's chart at that step", name, step, r.StatusCode)
			}
		}
		if !found {
			t.Fatalf("/?step=%s draws no chart over time", step)
		}
	}
	month := body(t, get(t, s, "/api/v1/charts/timeline?step=month"))
	if year := body(t, get(t, s, "/api/v1/charts/timeline?step=year")); sameJSON(t, month, year) {
		t.Error("the chart over time by month and by year are the same document: the step proves nothing")
	}
}

// TestSourceChartNoneMatch: the chart of a source (its page's chart, from
// /api/v1/charts/source and its figures.csv) is drawn from the figures the
// filters select; filters that leave it empty answer 200 with none_match
// and the filter line (the CSV its header row alone), as the overview's
// charts do; a source with no figure a chart draws, whatever the
// filters, is a 404 saying so, in English and Korean.
func TestSourceChartNoneMatch(t *testing.T) {
	s, st := newTestServer(t)
	empty := storetest.Source("no-figures-yet")
	if err := st.CreateSource(context.Background(), &empty, storetest.Change()); err != nil {
		t.Fatal(err)
	}
	src := "?source=" + seedSource
	for _, tc := range []struct {
		path, lang string
		status     int
		ctype      string
		want, not  []string
	}{
		{"/api/v1/charts/source" + src, "", 200, "application/json", []string{`"series":[{`, `"name":"Still in custody`}, []string{"none_match"}},
		{"/api/v1/charts/source" + src + "&metric=apprehended", "", 200, "application/json", []string{`"series":[{`, `"name":"Apprehended`}, []string{"none_match", `"name":"Still in custody`}},
		{"/api/v1/charts/source" + src + "&from=2030", "", 200, "application/json",
			[]string{`"none_match":true`, `"series":[]`, `"title":{"text":"Figures in this source"}`, `Period from = 2030-01-01`}, nil},
		{"/api/v1/charts/source" + src + "&metric=deaths", "ko", 200, "application/json", []string{`"none_match":true`, `"series":[]`}, []string{"Figures in this source"}},
		{"/api/v1/charts/source/figures.csv" + src + "&from=2030", "", 200, "text/csv", []string{"figure_id,"}, []string{"hrw-2017"}},
		{"/api/v1/charts/source/figures.csv" + src + "&metric=in_custody", "", 200, "text/csv", []string{"hrw-2017-in-custody-2017-09-18"}, []string{"hrw-2017-apprehended"}},
		{"/api/v1/charts/source?source=no-figures-yet", "", 404, "application/json", []string{`The source \"no-figures-yet\" has no figure a chart draws`}, nil},
		{"/api/v1/charts/source?source=no-figures-yet&from=2030", "", 404, "application/json", []string{"has no figure a chart draws"}, nil},
		{"/api/v1/charts/source?source=no-figures-yet", "ko", 404, "application/json", []string{`출처 \"no-figures-yet\"에는 차트가 그리는 수치가 없습니다.`}, nil},
		{"/api/v1/charts/source/figures.csv?source=no-figures-yet", "", 404, "application/json", []string{"has no figure a chart draws"}, nil},
	} {
		t.Run(tc.path+" "+tc.lang, func(t *testing.T) {
			answers(t, s, tc.path, tc.status, tc.ctype, tc.want, tc.not, "Accept-Language", tc.lang)
		})
	}
}
