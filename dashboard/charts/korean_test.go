package charts

import (
	"strings"
	"testing"
	"unicode"

	"forcedreturns/models"
)

// TestGoldenKorean keeps the overview's charts of the seed in Korean as
// golden files (testdata/ko-*.golden.json): titles, notes, axes, tables,
// tooltips and source lines from the Korean catalogue, dates, periods and
// qualifiers in their Korean forms (models …In). The English goldens are
// TestGolden's and TestOverTimeSeed's, unchanged by the language.
func TestGoldenKorean(t *testing.T) {
	views := seedViews(t)
	cohort := FindCohort(views)
	l := models.Korean
	all := []any{}
	for _, c := range OverTimeIn(l, views, StepAuto) {
		all = append(all, goldenEntry(t, c))
	}
	var heads []string
	for _, h := range HeadlinesIn(l, views) {
		heads = append(heads, h.View.Metric.Label+": "+h.Value+" · "+h.Period+" · "+h.Credit)
	}
	for name, c := range map[string]Chart{
		"ko-overtime-seed": {Name: "overtime", Table: Table{Caption: "headlines", Columns: heads}, Options: map[string]any{"charts": all}},
		"ko-apprehensions": ApprehensionsIn(l, views, cohort),
		"ko-outcomes":      OutcomesIn(l, cohort),
		"ko-groups":        GroupsIn(l, cohort),
		"ko-source":        SourceFiguresIn(l, views[0].Source, views),
	} {
		t.Run(name, func(t *testing.T) { golden(t, name, c) })
	}
}

// TestKoreanChartWords: the words a Korean chart shows around its data
// are Korean; what stays English is data (metric labels, populations,
// who reported, quotes) and codes.
func TestKoreanChartWords(t *testing.T) {
	views := seedViews(t)
	cohort := FindCohort(views)
	hasHangul := func(s string) bool {
		return strings.IndexFunc(s, func(r rune) bool { return unicode.Is(unicode.Hangul, r) }) >= 0
	}
	for _, c := range append(OverTimeIn(models.Korean, views, StepAuto), ApprehensionsIn(models.Korean, views, cohort),
		OutcomesIn(models.Korean, cohort), GroupsIn(models.Korean, cohort), SourceFiguresIn(models.Korean, views[0].Source, views)) {
		for what, s := range map[string]string{"note": c.Note, "description": c.Description, "source line": c.SourceLine} {
			if !hasHangul(s) && (what != "description" || c.Options != nil) { // a list, not drawn, has no description
				t.Errorf("%s: the %s is not Korean: %q", c.Name, what, s)
			}
		}
		for _, col := range c.Table.Columns {
			if !hasHangul(col) {
				t.Errorf("%s: column %q is not Korean", c.Name, col)
			}
		}
		if !strings.HasPrefix(c.SourceLine, "출처: ") || !strings.Contains(c.SourceLine, "2017년 9월 18일") {
			t.Errorf("%s: source line %q", c.Name, c.SourceLine)
		}
	}
	a := ApprehensionsIn(models.Korean, views, cohort)
	for _, want := range []string{`"2017년 7월–8월"`, `"확인된 41"`, `"월별 인원(명)"`, `"인원(명)"`, `확인된 20.5/월`} {
		b := string(mustJSON(t, a.Options)) + string(mustJSON(t, a.AltOptions))
		if !strings.Contains(b, want) {
			t.Errorf("the Korean apprehensions chart has no %s", want)
		}
	}
}
