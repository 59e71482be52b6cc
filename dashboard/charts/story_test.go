package charts

import (
	"encoding/json"
	"strings"
	"testing"

	"forcedreturns/internal/importer/importertest"
	"forcedreturns/models"
)

// multiReportViews joins the invented multi-report test set into
// FigureViews, as the store would.
func multiReportViews(t *testing.T) []models.FigureView {
	t.Helper()
	return batchViews(importertest.MultiReport(t))
}

// storyGolden compares every chart over time and the headlines with one
// golden file.
func storyGolden(t *testing.T, name string, views []models.FigureView) []Chart {
	t.Helper()
	charts := OverTimeIn(models.English, views, StepAuto)
	var all []any
	for _, c := range charts {
		all = append(all, goldenEntry(t, c))
	}
	var heads []string
	for _, h := range HeadlinesIn(models.English, views) {
		heads = append(heads, h.View.Metric.Label+": "+h.Value+" · "+h.Period+" · "+h.Credit)
	}
	golden(t, name, Chart{Name: name, Table: Table{Caption: "headlines", Columns: heads}, Options: map[string]any{"charts": all}})
	return charts
}

// marksOf reads the marks of a chart over time: value and label.
type storyMarkJSON struct {
	Value []any  `json:"value"`
	URL   string `json:"url"`
	Label struct {
		Formatter string `json:"formatter"`
	} `json:"label"`
}

func storyMarks(t *testing.T, c Chart) (spans, labels []storyMarkJSON) {
	t.Helper()
	var o struct {
		Series []struct {
			Type string          `json:"type"`
			Data []storyMarkJSON `json:"data"`
		} `json:"series"`
	}
	if err := json.Unmarshal(mustJSON(t, c.Options), &o); err != nil {
		t.Fatal(err)
	}
	for _, s := range o.Series {
		if s.Type == "custom" {
			spans = s.Data
		} else {
			labels = s.Data
		}
	}
	return spans, labels
}

func TestOverTimeSeed(t *testing.T) {
	charts := storyGolden(t, "overtime-seed", seedViews(t))
	byName := map[string]Chart{}
	for _, c := range charts {
		byName[c.Name] = c
		if c.Options == nil {
			continue
		}
		if y := c.Options["yAxis"].([]any)[0].(map[string]any); y["type"] != "value" {
			t.Errorf("%s: axis %v, want a linear value axis", c.Name, y["type"])
		}
	}
	app := byName["timeline-apprehended"]
	spans, labels := storyMarks(t, app)
	// 51 (Jul 2016 – Jun 2017), 41 (Jul – Aug 2017) and the cumulative 92
	// since June 2016, each once; the 92 is a span, not added to them.
	if len(spans) != 3 || len(labels) != 3 {
		t.Fatalf("apprehended marks: %d spans, %d labels, want 3", len(spans), len(labels))
	}
	kinds := map[float64]int{}
	for _, s := range spans {
		kinds[s.Value[4].(float64)]++
		if s.Value[5].(float64) != flagOpen {
			t.Errorf("documented count %v drawn with flags %v, want open (dashed)", s.Value, s.Value[5])
		}
	}
	if kinds[markFlow] != 2 || kinds[markCumulative] != 1 {
		t.Errorf("apprehended kinds %v, want 2 flows and 1 cumulative span", kinds)
	}
	// The famine deaths give no number: listed, never drawn, no axis.
	deaths := byName["timeline-deaths"]
	if deaths.Options != nil || len(deaths.Listed) != 1 {
		t.Errorf("deaths: options %v, listed %v; want a list of one and no chart", deaths.Options != nil, deaths.Listed)
	}
}

func TestOverTimeMultiReport(t *testing.T) {
	views := multiReportViews(t)
	charts := storyGolden(t, "overtime-multireport", views)
	var returned Chart
	for _, c := range charts {
		if c.Name == "timeline-forcibly-returned" {
			returned = c
		}
	}
	spans, labels := storyMarks(t, returned)
	// One day's event, three reports: one mark.
	var day []string
	for i, s := range spans {
		if s.Value[0] == "2019-07-14" {
			day = append(day, labels[i].Label.Formatter)
		}
	}
	if len(day) != 1 || !strings.HasSuffix(day[0], "· 3 sources") {
		t.Errorf("the event of 14 Jul 2019 is drawn as %q, want one mark “… · 3 sources”", day)
	}
	// The cumulative 212 of the monitor and the wire carrying its
	// statement: one span, never added, and one report, not "2 sources"
	// (a carried copy counts once).
	var cum []string
	for i, s := range spans {
		if s.Value[4].(float64) == markCumulative {
			cum = append(cum, labels[i].Label.Formatter)
		}
	}
	if len(cum) != 1 || cum[0] != "212 in all" {
		t.Errorf("cumulative returns drawn as %q, want one span “212 in all” (the wire carries the monitor's statement: one report)", cum)
	}
	// "about 20" is marked.
	var about bool
	for i, s := range spans {
		if int(s.Value[5].(float64))&flagAbout != 0 && strings.HasPrefix(labels[i].Label.Formatter, "~20") {
			about = true
		}
	}
	if !about {
		t.Error("about 20 is not marked as approximate")
	}
	// Headlines: the latest per metric, not the first article's.
	for _, h := range HeadlinesIn(models.English, views) {
		if h.View.Figure.Metric == models.MetricApprehended && h.Period != "2019" {
			t.Errorf("apprehended headline %q (%s), want the latest: 2019", h.Value, h.Period)
		}
	}
}

func TestParseStep(t *testing.T) {
	for _, s := range []string{"", "month", "year"} {
		if _, err := ParseStep(s); err != nil {
			t.Errorf("ParseStep(%q): %v", s, err)
		}
	}
	if _, err := ParseStep("week"); err == nil || !strings.Contains(err.Error(), "step must be month or year") {
		t.Errorf("ParseStep(week): %v", err)
	}
}
