package dashboard

import (
	"context"
	"strings"
	"testing"

	"forcedreturns/internal/checks"
	"forcedreturns/internal/i18n"
	"forcedreturns/internal/intake"
	"forcedreturns/models"
)

// TestKoreanPagesNoEnglishLeft: English that Korean pages used to show
// beyond the data's own words stays gone. A metric with a Korean label is
// named by it everywhere (charts, checks, lists, a figure's page, the
// overview's headlines), not by its English label; the figure list names
// qualifiers, statuses and kinds in Korean; the intake review says why a
// figure is close, its status, each problem and each guess's reason in
// Korean.
func TestKoreanPagesNoEnglishLeft(t *testing.T) {
	s, st := newTestServer(t)
	ms, err := st.ListMetrics(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var labels []string
	for _, m := range ms {
		if m.LabelKo != "" {
			labels = append(labels, m.Label)
		}
	}
	if len(labels) < 5 {
		t.Fatalf("the seed has %d metrics with a Korean label", len(labels))
	}
	pages := map[string][]string{
		"/ko":                       labels,
		"/ko/checks":                labels,
		"/ko/metrics":               labels,
		"/ko/sources/" + seedSource: labels,
		"/ko/figures/hrw-2017-apprehended-2017-07-to-08":       labels,
		"/ko/figures/hrw-2017-forcibly-returned-since-2016-06": labels,
		"/ko/embed/charts/apprehensions":                       labels,
		"/ko/embed/charts/outcomes":                            labels,
		"/ko/figures": append([]string{"<td>cumulative</td>", "<td>flow</td>", "<td>stock</td>", ">at_least</option>", ">at least</option>", ">documented</option>", ">documented count</option>",
			">published</option>", ">retracted</option>", ">cumulative</option>"}, labels...),
	}
	for path, absent := range pages {
		r := get(t, s, path)
		if r.StatusCode != 200 {
			t.Errorf("%s: %d", path, r.StatusCode)
			continue
		}
		page := body(t, r)
		for _, a := range absent {
			if strings.Contains(page, a) {
				t.Errorf("%s shows %q", path, a)
			}
		}
	}
	// The English pages are as they were.
	for path, want := range map[string][]string{
		"/figures": {"<td>cumulative</td>", ">at least</option>", ">published</option>", ">flow over the period</option>"},
		"/checks":  {`<span lang="en">Apprehended</span>, Jun 2016 – 18 Sep 2017`, "Still in custody"},
		"/":        {`<span lang="en">Apprehended</span> · North Koreans`},
	} {
		page := body(t, get(t, s, path))
		for _, w := range want {
			if !strings.Contains(page, w) {
				t.Errorf("the English %s lost %q", path, w)
			}
		}
	}

	// The intake review in Korean.
	src := models.Source{Key: "border-2020", Title: "Border report", Language: "en"}
	close := models.Figure{Key: "ngo-2020-july", Metric: "apprehended", Source: "ngo-2020", Population: "North Koreans", Status: models.StatusDraft,
		Qualifier: models.QualAtLeast, Value: 41, Kind: models.Flow,
		Period: models.Period{Start: models.NewDate(2020, 7, 1), End: models.NewDate(2020, 7, 31), Precision: models.PrecisionMonth}}
	src.SetPublished(models.PartialDate{Start: models.NewDate(2020, 8, 3), End: models.NewDate(2020, 8, 3), Precision: models.PrecisionDay})
	ps := intake.Propose("At least 41 North Koreans were apprehended in July 2020, according to the border police.", src, intake.Options{})
	if len(ps) != 1 || len(ps[0].Guesses) < 5 {
		t.Fatalf("intake proposed %d figures", len(ps))
	}
	p := ps[0]
	p.Problems = []models.FieldError{{Field: "period_start", Message: "required"}}
	it := newIntakeItem(models.Korean, p, values{}, decideLater, figureChoices{})
	var metric models.Metric
	for _, m := range ms {
		if m.Slug == close.Metric {
			metric = m
		}
	}
	// The same number in the source, and a figure of the same metric and
	// people over July 2020 (as the proposal, over the whole year).
	p.Figure = close
	p.Figure.Key, p.Figure.Value = "border-2020-p", 7
	p.Figure.Period = models.Period{Start: models.NewDate(2020, 1, 1), End: models.NewDate(2020, 12, 31), Precision: models.PrecisionYear}
	cf, err := s.closestFigures(context.Background(), models.Korean, p.Figure, []models.Figure{close}, map[string]models.Metric{close.Metric: metric})
	if err != nil {
		t.Fatal(err)
	}
	cf = append(cf, closeFigure{Figure: close, Metric: metric, Why: i18n.T(models.Korean, "intake.why_shares_days", "Relation", checks.RelationIn(models.Korean, checks.Contains|checks.Overlapping))})
	it.Closest = cf
	page := intakePage{Source: src, HasText: true, SHA256: strings.Repeat("a", 64), Items: []intakeItem{it}}
	out, err := s.pages[models.Korean].Render("intake.html", "layout", pageData{Lang: models.Korean, Assets: s.assets, Data: page})
	if err != nil {
		t.Fatal(err)
	}
	html := string(out)
	for _, a := range []string{"the same", "a possible duplicate", "required", "apprehended</a>", ", draft)", "contains", "overlapping", `<ul lang="en">`, "before the number", "in the sentence"} {
		if strings.Contains(html, a) {
			t.Errorf("the Korean intake review shows %q", a)
		}
	}
	for _, w := range []string{"필수 항목입니다", "초안)", ">체포</span>", "포함함 또는 일부 겹침", "숫자 앞의 “At least”", "본문의 “according to the border police”"} {
		if !strings.Contains(html, w) {
			t.Errorf("the Korean intake review does not have %q", w)
		}
	}

	// In English too the nearby figure's metric is its label, and the comma
	// follows it directly.
	out, err = s.pages[models.English].Render("intake.html", "layout", pageData{Lang: models.English, Assets: s.assets, Data: page})
	if err != nil {
		t.Fatal(err)
	}
	if html := string(out); !strings.Contains(html, `<span lang="en">Apprehended</span></a>, North Koreans`) || strings.Contains(html, "apprehended</a>") {
		t.Errorf("the English intake review shows the nearby figure's metric as its slug, or a space before the comma")
	}

	// A period whose precision leaves open whether it shares days is said
	// to maybe share them, naming only the relations that do.
	rel := checks.Equal | checks.Contains | checks.Adjacent | checks.Disjoint
	for l, want := range map[models.Lang]string{
		models.English: "may share days with this one (equal or contains), or none",
		models.Korean:  "겹칠 수 있는 기간(같음 또는 포함함; 기간의 정밀도로는 겹치지 않을 수도 있습니다)",
	} {
		if got := sharesDaysWhy(l, rel); got != want && !strings.Contains(got, want) {
			t.Errorf("%s: %q, want %q", l, got, want)
		}
	}
	if got := sharesDaysWhy(models.English, checks.Contains|checks.Overlapping); !strings.Contains(got, "shares days with this one (contains or overlapping)") {
		t.Errorf("a period that surely shares days: %q", got)
	}
}
