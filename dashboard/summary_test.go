package dashboard

import (
	"context"
	"encoding/json"
	"html"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"forcedreturns/dashboard/charts"
	"forcedreturns/internal/store/storetest"
)

// TestOverviewSummarisesManyFigures: above summaryAbove figures the
// overview and its embeds draw one summary mark per subject, kind and
// step, never a mark per figure; every chart links its CSV to the list
// it summarises, and the cohort charts are left out; every mark links to
// the list of exactly the figures it says it stands for, also when the
// charts are of a few sources' figures. A source's page
// lists sourceFiguresMax of its figures and draws none.
func TestOverviewSummarisesManyFigures(t *testing.T) {
	t.Parallel()
	st := storetest.Open(t)
	if err := st.GenerateFigures(context.Background(), 2000, 1); err != nil {
		t.Fatal(err)
	}
	s := newServerOn(t, st)
	listed := 0
	// Three sources' figures: their summaries stored by source, summed.
	for _, path := range []string{"/", "/?step=month", "/?receiving=KP", "/?source=synthetic-source-1,synthetic-source-2,synthetic-source-3&step=month"} {
		page := body(t, get(t, s, path))
		found := pageChart.FindAllStringSubmatch(page, -1)
		if len(found) == 0 || len(found) > charts.SummaryCharts+1 {
			t.Fatalf("%s: %d drawn charts, want 1 to %d", path, len(found), charts.SummaryCharts+1)
		}
		if !strings.Contains(page, "Too many figures to draw each one") {
			t.Errorf("%s: no summary note", path)
		}
		if path == "/?step=month" && !strings.Contains(page, "summarised by year") {
			t.Errorf("%s: months over 25 years drawn, or not said to be years", path)
		}
		for _, m := range found {
			name, block := m[1], m[2]
			opts := pageOptions.FindStringSubmatch(block)
			var doc struct {
				Series []struct {
					Data []struct {
						Value   []any  `json:"value"`
						URL     string `json:"url"`
						Tooltip string `json:"tooltip_text"`
					} `json:"data"`
				} `json:"series"`
			}
			if err := json.Unmarshal([]byte(html.UnescapeString(opts[1])), &doc); err != nil {
				t.Fatalf("%s %s: %v", path, name, err)
			}
			marks := doc.Series[0].Data
			// 25 years, three kinds: bounded by time, not by figures.
			if len(marks) == 0 || len(marks) > 25*3 {
				t.Errorf("%s %s: %d marks", path, name, len(marks))
			}
			for _, mk := range marks {
				if !strings.HasPrefix(mk.URL, "/figures?") || !strings.Contains(mk.URL, "starts=") {
					t.Errorf("%s %s: mark links to %q, not to a list over its step", path, name, mk.URL)
					continue
				}
				// The list the mark links to holds exactly the figures it
				// says: those stating numbers, and those giving only words.
				said := markCount(t, mk.Tooltip)
				var list struct {
					Total int `json:"total"`
				}
				r := get(t, s, "/api/v1/figures?limit=1&"+strings.TrimPrefix(mk.URL, "/figures?"))
				if err := json.Unmarshal([]byte(body(t, r)), &list); err != nil || r.StatusCode != http.StatusOK {
					t.Fatalf("%s %s: the API list of %s: %d, %v", path, name, mk.URL, r.StatusCode, err)
				}
				if said == 0 || list.Total != said {
					t.Errorf("%s %s: the mark says %d figures (%q), its list %s holds %d", path, name, said, mk.Tooltip, mk.URL, list.Total)
				}
				if r := get(t, s, mk.URL); r.StatusCode != http.StatusOK {
					t.Errorf("%s %s: %s answers %d", path, name, mk.URL, r.StatusCode)
				}
				listed++
			}
			csv := pageCSV.FindStringSubmatch(block)
			if csv == nil || !strings.HasPrefix(html.UnescapeString(csv[1]), "/figures.csv?") {
				t.Errorf("%s %s: CSV link %v, want the list's", path, name, csv)
			} else if r := get(t, s, html.UnescapeString(csv[1])); r.StatusCode != http.StatusOK {
				t.Errorf("%s %s: CSV answers %d", path, name, r.StatusCode)
			} else {
				// The API's file of the chart's figures is that list too
				// (it answered 404 "no chart named" for a summarised chart).
				want, q := body(t, r), ""
				if i := strings.IndexByte(path, '?'); i >= 0 {
					q = path[i:]
				}
				api := get(t, s, "/api/v1/charts/"+name+"/figures.csv"+q)
				if got := body(t, api); api.StatusCode != http.StatusOK || got != want || strings.Count(got, "\n") < 2 {
					t.Errorf("%s %s: /api/v1/charts/%s/figures.csv%s answers %d with %d bytes, want the list's %d bytes",
						path, name, name, q, api.StatusCode, len(got), len(want))
				}
			}
		}
	}
	if listed < 50 {
		t.Errorf("only %d marks followed to their lists", listed)
	}
	// A source with more figures than a page lists: the first listed, no
	// chart of each, links to the list and the summaries.
	src := body(t, get(t, s, "/sources/synthetic-source-1"))
	if n := strings.Count(src, `<a href="/figures/syn-`); n != sourceFiguresMax || !strings.Contains(src, `class="more-figures"`) ||
		!strings.Contains(src, `href="/figures?source=synthetic-source-1"`) || strings.Contains(src, `data-chart="source"`) {
		t.Errorf("/sources/synthetic-source-1: %d figures listed, want %d, with links to all and no chart", n, sourceFiguresMax)
	}
	for path, code := range map[string]int{"/embed/charts/apprehensions": 200, "/embed/charts/timeline": 200, "/embed/charts/outcomes": 404,
		"/api/v1/charts/source/figures.csv?source=synthetic-source-1": 404, "/api/v1/charts/source?source=synthetic-source-1": 404} {
		if r := get(t, s, path); r.StatusCode != code {
			t.Errorf("%s: %d, want %d", path, r.StatusCode, code)
		}
	}
}

var (
	markFigures = regexp.MustCompile(`: ([0-9][0-9,]*) figures?, `)
	markWords   = regexp.MustCompile(`; ([0-9][0-9,]*) more gives? only words`)
)

// markCount is how many figures a summary mark's tooltip says it stands
// for: those stating numbers and those giving only words.
func markCount(t *testing.T, tooltip string) int {
	t.Helper()
	n := 0
	for _, re := range []*regexp.Regexp{markFigures, markWords} {
		if m := re.FindStringSubmatch(tooltip); m != nil {
			k, err := strconv.Atoi(strings.ReplaceAll(m[1], ",", ""))
			if err != nil {
				t.Fatal(err)
			}
			n += k
		}
	}
	return n
}
