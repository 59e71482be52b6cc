package charts

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"forcedreturns/models"
	"forcedreturns/seeds"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// seedViews joins the seed batch into FigureViews, as the store would.
func seedViews(t *testing.T) []models.FigureView {
	t.Helper()
	b, err := seeds.Batch()
	if err != nil {
		t.Fatal(err)
	}
	return batchViews(b)
}

// batchViews joins an import batch's figures to their metrics and sources
// as the store would.
func batchViews(b models.Batch) []models.FigureView {
	metrics := map[string]models.Metric{}
	for _, m := range b.Metrics {
		metrics[m.Slug] = m
	}
	sources := map[string]models.Source{}
	for _, s := range b.Sources {
		sources[s.Key] = s
	}
	var out []models.FigureView
	for _, f := range b.Figures {
		f.Normalize()
		f.Version = 1
		f.UpdatedAt = time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
		out = append(out, models.FigureView{Figure: f, Metric: metrics[f.Metric], Source: sources[f.Source]})
	}
	return out
}

func golden(t *testing.T, name string, c Chart) {
	t.Helper()
	got, err := json.MarshalIndent(goldenEntry(t, c), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", name+".golden.json")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from %s; run go test ./dashboard/charts -update and review the diff", name, path)
	}
}

// goldenEntry is a chart as its golden file keeps it: the options once,
// as the JSON a page gets.
func goldenEntry(t *testing.T, c Chart) any {
	t.Helper()
	opts := mustJSON(t, c.Options)
	c.Options = nil
	return struct {
		Chart   Chart
		Options json.RawMessage
	}{c, opts}
}

func mustJSON(t *testing.T, m map[string]any) json.RawMessage {
	t.Helper()
	b, err := JSON(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestGolden(t *testing.T) {
	views := seedViews(t)
	cohort := FindCohort(views)
	for name, c := range map[string]Chart{
		"apprehensions": ApprehensionsIn(models.English, views, FindCohort(views)),
		"outcomes":      OutcomesIn(models.English, cohort),
		"groups":        GroupsIn(models.English, cohort),
		"source":        SourceFiguresIn(models.English, views[0].Source, views),
	} {
		t.Run(name, func(t *testing.T) { golden(t, name, c) })
	}
}

// urls lists the figure links of every mark in a chart's options.
func urls(t *testing.T, c Chart) []string {
	t.Helper()
	var opt struct {
		Series []struct {
			Data []json.RawMessage `json:"data"`
		} `json:"series"`
	}
	if err := json.Unmarshal(mustJSON(t, c.Options), &opt); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, s := range opt.Series {
		for _, d := range s.Data {
			var it struct {
				URL string `json:"url"`
			}
			_ = json.Unmarshal(d, &it)
			if it.URL != "" {
				out = append(out, it.URL)
			}
		}
	}
	return out
}

func TestApprehensionsNeverMixKinds(t *testing.T) {
	views := seedViews(t)
	c := ApprehensionsIn(models.English, views, FindCohort(views))
	got := strings.Join(urls(t, c), " ")
	want := "/figures/hrw-2017-apprehended-2016-07-to-2017-06 /figures/hrw-2017-apprehended-2017-07-to-08"
	if got != want {
		t.Fatalf("bars link to %q, want only the two flows %q (never the cumulative total or subgroups)", got, want)
	}
	if c.AltOptions == nil {
		t.Fatal("no per-month view")
	}
	alt, _ := JSON(c.AltOptions)
	// A documented count's rate reads like the count ("41 documented"),
	// rounded as everywhere else on the dashboard: two decimals.
	for _, want := range []string{"4.25 documented / month", "20.5 documented / month"} {
		if !strings.Contains(string(alt), want) {
			t.Errorf("per-month view lacks %q", want)
		}
	}
	// The table and the bars say the same rate.
	for _, r := range c.Table.Rows {
		if !strings.Contains(string(alt), `"formatter":"`+r.Cells[3]+` / month"`) {
			t.Errorf("table says %q a month for %s, the per-month bars say otherwise", r.Cells[3], r.Cells[0])
		}
	}
	opt, _ := JSON(c.Options)
	for _, want := range []string{"51 documented", "41 documented", `"borderType":"dashed"`, "Jul 2016 – Jun 2017", "Jul 2017 – Aug 2017"} {
		if !strings.Contains(string(opt), want) {
			t.Errorf("options lack %q", want)
		}
	}
}

func TestOutcomesAndGroups(t *testing.T) {
	views := seedViews(t)
	cohort := FindCohort(views)
	if cohort.Total == nil || cohort.Total.Figure.Key != "hrw-2017-apprehended-since-2016-06" {
		t.Fatalf("cohort total = %+v", cohort.Total)
	}
	o := OutcomesIn(models.English, cohort)
	opt, _ := JSON(o.Options)
	// The derived part's formula with the numbers of the cohort's figures
	// it names, in the tooltip and the table, never the figures' keys.
	for _, want := range []string{"(derived)", "Derived, not stated: 92 − 46", colourDerived} {
		if !strings.Contains(string(opt), want) {
			t.Errorf("outcomes options lack %q", want)
		}
	}
	if strings.Contains(string(opt), "{hrw-2017") {
		t.Errorf("outcomes options name a formula's figures by key: %s", opt)
	}
	if rows := o.Table.Rows; len(rows) != 3 || rows[2].Cells[3] != "derived: 92 − 46" {
		t.Errorf("outcomes table rows = %+v, want the derived part's formula as derived: 92 − 46", rows)
	}
	// Without the figures it names, the formula as stored: nothing guessed.
	lone := OutcomesIn(models.English, Cohort{Total: cohort.Total, Returned: cohort.Returned})
	if rows := lone.Table.Rows; len(rows) != 2 || rows[1].Cells[3] != "derived: "+cohort.Returned.Figure.Formula {
		t.Errorf("outcomes table without the figure in custody = %+v, want the stored formula", rows)
	}
	// A headline that only a formula gives says so.
	var derivedHeadlines int
	for _, h := range HeadlinesIn(models.English, views) {
		if h.View.Figure.Derived {
			derivedHeadlines++
			if !strings.HasSuffix(h.Value, " (derived)") {
				t.Errorf("headline of the derived figure %s = %q, want it marked (derived)", h.View.Figure.Key, h.Value)
			}
		} else if strings.Contains(h.Value, "derived") {
			t.Errorf("headline of the stated figure %s = %q, marked derived", h.View.Figure.Key, h.Value)
		}
	}
	if derivedHeadlines == 0 {
		t.Error("no headline of the seed is derived: the test proves nothing")
	}
	g := GroupsIn(models.English, cohort)
	var rest *Row
	for i := range g.Table.Rows {
		if g.Table.Rows[i].Cells[0] == "Not named in the report" {
			rest = &g.Table.Rows[i]
		}
	}
	if rest == nil || rest.Cells[1] != "76 documented" || !strings.Contains(rest.Cells[2], "92 − (1 + 11 + 4) = 76") {
		t.Fatalf("the rest = %+v, want 76 documented, derived as 92 − (1 + 11 + 4)", rest)
	}
}

// TestGroupsRestCarriesTheTotalsQualifier: what the named groups leave
// of a total reads as the total does (checks.NotNamed), in the table, on
// the bar and in its tooltip, and is not drawn at all where it is not
// known; never a bare number where the report gave a bound.
func TestGroupsRestCarriesTheTotalsQualifier(t *testing.T) {
	tests := []struct {
		qual  models.Qualifier
		want  string // the rest's cell; "" not drawn
		label string // the bar's label
	}{
		{models.QualDocumented, "76 documented", "76 documented (derived)"},
		{models.QualExact, "76", "76 (derived)"},
		{models.QualAtLeast, "at least 76", "at least 76 (derived)"},
		{models.QualMoreThan, "more than 76", "more than 76 (derived)"},
		{models.QualAtMost, "at most 76", "at most 76 (derived)"},
		{models.QualAbout, "", ""},
	}
	for _, tt := range tests {
		t.Run(string(tt.qual), func(t *testing.T) {
			views := seedViews(t)
			for i := range views {
				if views[i].Figure.Key == "hrw-2017-apprehended-since-2016-06" {
					views[i].Figure.Qualifier = tt.qual
				}
			}
			cohort := FindCohort(views)
			if cohort.Total == nil || cohort.Total.Figure.Qualifier != tt.qual || len(cohort.Subgroups) != 3 {
				t.Fatalf("the cohort's total is %+v with %d groups: the test proves nothing", cohort.Total, len(cohort.Subgroups))
			}
			g := GroupsIn(models.English, cohort)
			var cells []string
			for _, r := range g.Table.Rows {
				if r.Cells[0] == notNamed(models.English) {
					cells = r.Cells
				}
			}
			options, err := json.Marshal(g.Options)
			if err != nil {
				t.Fatal(err)
			}
			if tt.want == "" {
				if cells != nil || strings.Contains(string(options), "(derived)") {
					t.Fatalf("the rest of %s 92 is shown: %q", tt.qual, cells)
				}
				return
			}
			if cells == nil || cells[1] != tt.want {
				t.Fatalf("the rest of %s 92 = %q, want %q", tt.qual, cells, tt.want)
			}
			if !strings.Contains(string(options), `"formatter":"`+tt.label+`"`) {
				t.Errorf("the rest's bar is not labelled %q: %s", tt.label, options)
			}
			if !strings.Contains(string(options), `"tooltip_text":"`+tt.want+` people`) {
				t.Errorf("the rest's tooltip does not begin with %q people: %s", tt.want, options)
			}
		})
	}
}

func TestRetractedFiguresLeaveCharts(t *testing.T) {
	views := seedViews(t)
	for i := range views {
		if views[i].Figure.Key == "hrw-2017-apprehended-2017-07-to-08" {
			views[i].Figure.Status = models.StatusRetracted
			views[i].Figure.RetractReason = "test"
		}
	}
	for _, c := range append([]Chart{ApprehensionsIn(models.English, views, FindCohort(views))}, drawnOverTime(views)...) {
		for _, u := range urls(t, c) {
			if strings.HasSuffix(u, "hrw-2017-apprehended-2017-07-to-08") {
				t.Errorf("%s still shows the retracted figure", c.Name)
			}
		}
	}
}

func TestHostileTextStaysData(t *testing.T) {
	views := seedViews(t)
	evil := `</script><script>alert(1)</script><img src=x onerror=alert(2)> __f__function(){alert(3)}__f__ {a|b}`
	for i := range views {
		views[i].Figure.Quote = evil
		views[i].Figure.ReportedBy = evil
		views[i].Source.Publisher = evil
		views[i].Metric.Label = evil
		views[i].Source.URL = "javascript:alert(4)"
	}
	cohort := FindCohort(views)
	for _, c := range append([]Chart{ApprehensionsIn(models.English, views, FindCohort(views)), OutcomesIn(models.English, cohort), GroupsIn(models.English, cohort), SourceFiguresIn(models.English, views[0].Source, views)}, drawnOverTime(views)...) {
		b, err := JSON(c.Options)
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		for _, bad := range []string{"</script>", "<img", "<script", "javascript:"} {
			if strings.Contains(s, bad) {
				t.Errorf("%s options contain raw %q", c.Name, bad)
			}
		}
		if c.SourceURL != "" {
			t.Errorf("%s links its title to %q, want no link for a javascript: URL", c.Name, c.SourceURL)
		}
		var back any
		if err := json.Unmarshal(b, &back); err != nil {
			t.Errorf("%s options are not valid JSON: %v", c.Name, err)
		}
	}
}

func TestSourceLine(t *testing.T) {
	line, link := SourceLineIn(models.English, seedViews(t)[:1])
	if line != "Source: Human Rights Watch, via Refugees Deeply (News Deeply), 18 Sep 2017" {
		t.Errorf("line = %q", line)
	}
	if !strings.HasPrefix(link, "https://deeply.thenewhumanitarian.org/") {
		t.Errorf("link = %q", link)
	}
}

// TestSourceLineHonest checks the caption of a source that published its
// own figures and of one dated only to the month: "Monitor Group, Dec
// 2023", never "Monitor Group, via Monitor Group" nor "1 Dec 2023"; and the
// tooltip of the same figure.
func TestSourceLineHonest(t *testing.T) {
	tests := []struct {
		name      string
		reporter  string
		precision models.Precision
		date      models.Date
		line, tip string
		original  models.Source
	}{
		{"own figures, month", "Monitor Group", models.PrecisionMonth, models.NewDate(2023, 12, 1),
			"Source: Monitor Group, Dec 2023", "— Monitor Group", models.Source{}},
		{"own figures, year", "monitor group", models.PrecisionYear, models.NewDate(2023, 1, 1),
			"Source: monitor group, 2023", "— monitor group", models.Source{}},
		{"carried, day", "Human Rights Watch", models.PrecisionDay, models.NewDate(2023, 12, 5),
			"Source: Human Rights Watch, via Monitor Group, 5 Dec 2023", "— Human Rights Watch, via Monitor Group", models.Source{}},
		{"carrying the original's report", "Field Monitor", models.PrecisionDay, models.NewDate(2023, 12, 5),
			"Source: Field Monitor (Nov 2023), as carried by Monitor Group, 5 Dec 2023",
			"— Field Monitor (Nov 2023), as carried by Monitor Group",
			models.Source{Key: "field-2023-11", Publisher: "Field Monitor", PublishedOn: models.NewDate(2023, 11, 1), PublishedPrecision: models.PrecisionMonth}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			views := seedViews(t)[:1]
			views[0].Figure.ReportedBy = tt.reporter
			views[0].Original = tt.original
			views[0].Source.Publisher = "Monitor Group"
			views[0].Source.PublishedOn, views[0].Source.PublishedPrecision = tt.date, tt.precision
			if line, _ := SourceLineIn(models.English, views); line != tt.line {
				t.Errorf("line = %q, want %q", line, tt.line)
			}
			tip := tooltipText(models.English, views[0], nil)
			if !strings.HasSuffix(tip, tt.tip) {
				t.Errorf("tooltip ends %q, want %q", tip[max(0, len(tip)-60):], tt.tip)
			}
		})
	}
}

// TestCorroboratingReportsAreOneBar adds a second source reporting the
// July–August 2017 flow: the chart shows one bar for the period, never two
// bars or their sum; when the sources differ the bar spans their range.
func TestCorroboratingReportsAreOneBar(t *testing.T) {
	for _, tc := range []struct {
		name      string
		value     int64
		qualifier models.Qualifier
		wantLabel string
	}{
		{"agree", 41, models.QualDocumented, "41 · 2 sources"},
		{"differ", 45, models.QualDocumented, "41–45 · 2 sources"},
		{"agree within a bound", 45, models.QualExact, "45 · 2 sources"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			views := seedViews(t)
			var second models.FigureView
			for _, v := range views {
				if v.Figure.Key == "hrw-2017-apprehended-2017-07-to-08" {
					second = v
				}
			}
			second.Figure.Key = "other-ngo-2017-07-to-08"
			second.Figure.Source = "other-ngo-report"
			second.Source.Key = "other-ngo-report"
			second.Source.Publisher = "Another NGO"
			second.Figure.ReportedBy = "Another NGO"
			second.Figure.Value, second.Figure.Qualifier = tc.value, tc.qualifier
			views = append(views, second)
			c := ApprehensionsIn(models.English, views, FindCohort(views))
			if len(c.Table.Rows) != 2 {
				t.Fatalf("%d rows, want 2 periods (the two reports of Jul–Aug 2017 are one)", len(c.Table.Rows))
			}
			opt, _ := JSON(c.Options)
			if !strings.Contains(string(opt), tc.wantLabel) {
				t.Errorf("options lack the label %q:\n%s", tc.wantLabel, opt)
			}
			if strings.Contains(string(opt), `"value":86`) || strings.Contains(string(opt), `"value":82`) {
				t.Errorf("the two reports were added together")
			}
			if !strings.Contains(c.SourceLine, "Another NGO") || !strings.Contains(c.SourceLine, "Human Rights Watch") {
				t.Errorf("source line %q does not credit both sources", c.SourceLine)
			}
		})
	}
}

// TestTooltipIsolatesBidiControls checks that a quote holding a
// right-to-left override reaches the tooltip wrapped in an isolate, so it
// cannot reverse the attribution line after it.
func TestTooltipIsolatesBidiControls(t *testing.T) {
	views := seedViews(t)
	const quote = "They said \u202Eten\u2069 people were returned."
	for i := range views {
		views[i].Figure.Quote = quote
	}
	for _, c := range append([]Chart{ApprehensionsIn(models.English, views, FindCohort(views))}, drawnOverTime(views)...) {
		b, err := JSON(c.Options)
		if err != nil {
			t.Fatal(err)
		}
		var found int
		for _, tip := range tooltipTexts(b) {
			if !strings.Contains(tip, "\u202E") {
				continue
			}
			found++
			if want := "“" + models.IsolateBidi(quote) + "”\n"; !strings.Contains(tip, want) {
				t.Errorf("%s tooltip %+q does not hold the quote isolated as %+q", c.Name, tip, want)
			}
		}
		if found == 0 {
			t.Errorf("%s: no tooltip shows the quote", c.Name)
		}
	}
}

// tooltipTexts returns every tooltip_text in chart options.
func tooltipTexts(options []byte) []string {
	var out []string
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				if s, ok := x.(string); ok && k == "tooltip_text" {
					out = append(out, s)
				}
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	var doc any
	_ = json.Unmarshal(options, &doc)
	walk(doc)
	return out
}

// A paraphrase's tooltip says who summarised it and never puts the
// summary in quotation marks, as if it were the source's sentence.
func TestTooltipLabelsParaphrase(t *testing.T) {
	views := seedViews(t)
	const summary = "About forty were caught over the summer."
	for i := range views {
		f := &views[i].Figure
		f.Quote, f.QuoteStart, f.QuoteEnd, f.Paraphrase, f.ParaphrasedBy = "", nil, nil, summary, "Example Wire"
	}
	for _, c := range append([]Chart{ApprehensionsIn(models.English, views, FindCohort(views))}, drawnOverTime(views)...) {
		b, err := JSON(c.Options)
		if err != nil {
			t.Fatal(err)
		}
		var found int
		for _, tip := range tooltipTexts(b) {
			if !strings.Contains(tip, summary) {
				continue
			}
			found++
			if want := "As summarised by " + models.IsolateBidi("Example Wire") + ": " + models.IsolateBidi(summary) + "\n"; !strings.Contains(tip, want) || strings.Contains(tip, "“") {
				t.Errorf("%s tooltip %+q does not label the paraphrase as %+q, or quotes it", c.Name, tip, want)
			}
		}
		if found == 0 {
			t.Errorf("%s: no tooltip shows the paraphrase", c.Name)
		}
	}
}

// drawnOverTime is the charts over time that draw something.
func drawnOverTime(views []models.FigureView) []Chart {
	var out []Chart
	for _, c := range OverTimeIn(models.English, views, StepAuto) {
		if c.Options != nil {
			out = append(out, c)
		}
	}
	return out
}

// TestSourceChartGivesEveryFigureItsCategory: a source reporting the same
// quantity twice (for two pairs of states, or two figures of one label)
// gets a category per figure, so that no bar is drawn end to end with
// another as if they were parts of one whole.
func TestSourceChartGivesEveryFigureItsCategory(t *testing.T) {
	views := seedViews(t)
	var first *models.FigureView
	for i := range views {
		if onPeopleAxis(views[i].Figure) && views[i].Figure.Status == models.StatusPublished {
			first = &views[i]
			break
		}
	}
	if first == nil {
		t.Fatal("the seed has no figure drawn on the axis of people")
	}
	var ofSource []models.FigureView
	for _, v := range views {
		if v.Figure.Source == first.Figure.Source {
			ofSource = append(ofSource, v)
		}
	}
	again, elsewhere := *first, *first
	again.Figure.Key, again.Figure.Value = first.Figure.Key+"-again", first.Figure.Value+7
	elsewhere.Figure.Key, elsewhere.Figure.ActingState = first.Figure.Key+"-ru", "RU"
	ofSource = append(ofSource, again, elsewhere)

	for _, l := range []models.Lang{models.English, models.Korean} {
		c := SourceFiguresIn(l, first.Source, ofSource)
		var opt struct {
			YAxis []struct {
				Data []string `json:"data"`
			} `json:"yAxis"`
			Series []struct {
				Data []json.RawMessage `json:"data"`
			} `json:"series"`
		}
		if err := json.Unmarshal(mustJSON(t, c.Options), &opt); err != nil {
			t.Fatal(err)
		}
		cats := opt.YAxis[0].Data
		seen := map[string]bool{}
		for _, cat := range cats {
			if seen[cat] {
				t.Errorf("%s: category %q drawn twice", l, cat)
			}
			seen[cat] = true
		}
		marks := 0
		for _, s := range opt.Series {
			for _, d := range s.Data {
				if string(d) != "null" {
					marks++
				}
			}
		}
		if len(opt.Series) != 1 || marks != len(cats) {
			t.Errorf("%s: %d series with %d marks over %d categories; want one mark per category, none end to end", l, len(opt.Series), marks, len(cats))
		}
		rows := map[string]bool{}
		for _, r := range c.Table.Rows {
			rows[r.Cells[0]] = true
		}
		if len(rows) != len(c.Table.Rows) {
			t.Errorf("%s: the table repeats a figure's label: %v", l, c.Table.Rows)
		}
		for _, want := range []string{"(CN → KP)", "(RU → KP)", again.Figure.Key} {
			found := false
			for _, cat := range cats {
				found = found || strings.Contains(cat, want)
			}
			if !found {
				t.Errorf("%s: no category names %q: %q", l, want, cats)
			}
		}
	}
}
