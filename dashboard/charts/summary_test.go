package charts

import (
	"net/url"
	"testing"

	"forcedreturns/models"
)

// TestSummaryText: a summary states how many figures and the range of
// their numbers, with their bounds, and never adds them up.
func TestSummaryText(t *testing.T) {
	for _, tc := range []struct {
		s    models.MonthSummary
		want string
	}{
		{models.MonthSummary{Unit: "people", N: 3, Low: 5, High: 900, LowerBounds: 1}, "3 figures, stated numbers from 5 to 900 people (1 lower bound)"},
		{models.MonthSummary{Unit: "people", N: 1, Low: 7, High: 7, UpperBounds: 1}, "1 figure, each stating 7 people (1 upper bound)"},
		{models.MonthSummary{Unit: "people", N: 2, Low: 7, High: 7, Words: 1}, "2 figures, each stating 7 people; 1 more gives only words"},
		{models.MonthSummary{Unit: "people", Words: 4}, "4 figures give only words, no number"},
	} {
		if got := summaryText(tc.s); got != tc.want {
			t.Errorf("summaryText(%+v) = %q, want %q", tc.s, got, tc.want)
		}
	}
}

// TestSummariesBounded: however many subjects, SummaryCharts are drawn,
// one mark per step and kind, and the rest listed in one table.
func TestSummariesBounded(t *testing.T) {
	var cells []models.MonthSummary
	for i := range 30 {
		for y := 2000; y < 2010; y++ {
			cells = append(cells, models.MonthSummary{Population: "P" + string(rune('A'+i)), ActingState: "CN", ReceivingState: "KP", Unit: "people",
				Metric: "apprehended", Kind: models.Flow, Month: models.NewDate(y, 1, 1).String()[:4], N: 10, Low: 1, High: 50,
				FirstStart: models.NewDate(y, 1, 1), LastEnd: models.NewDate(y, 12, 31)})
		}
	}
	out := Summaries(cells, map[string]string{"apprehended": "Apprehended"}, StepYear, false, url.Values{})
	drawn, listed := 0, 0
	for _, c := range out {
		if c.Options != nil {
			drawn++
			if n := len(c.Table.Rows); n != 10 {
				t.Errorf("%s: %d rows, want a row per year", c.Name, n)
			}
		} else {
			listed += len(c.Table.Rows)
		}
	}
	// SummaryCharts subjects and the apprehensions chart; the others listed.
	if drawn != SummaryCharts+1 || listed != 30-SummaryCharts {
		t.Errorf("%d charts drawn, %d subjects listed; want %d and %d", drawn, listed, SummaryCharts+1, 30-SummaryCharts)
	}
}
