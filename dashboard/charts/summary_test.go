package charts

import (
	"net/url"
	"strings"
	"testing"

	"forcedreturns/models"
)

// TestSummaryText: a summary states how many figures and the range of
// their numbers, with their bounds, and never adds them up.
func TestSummaryText(t *testing.T) {
	for _, tc := range []struct {
		s      models.MonthSummary
		en, ko string
	}{
		{models.MonthSummary{Unit: "people", N: 3, Low: 5, High: 1900, LowerBounds: 1}, "3 figures, stated numbers from 5 to 1,900 people (1 may be higher)",
			"수치 3개, 밝힌 수 5–1,900명 (1개는 더 많을 수 있음)"},
		{models.MonthSummary{Unit: "people", N: 1, Low: 7, High: 7, UpperBounds: 1}, "1 figure, stating 7 people (1 upper bound)",
			"수치 1개, 7명 (상한 1개)"},
		{models.MonthSummary{Unit: "people", N: 1, Low: 1, High: 1}, "1 figure, stating 1 person", "수치 1개, 1명"},
		{models.MonthSummary{Unit: "people", N: 2, Low: 51, High: 51, LowerBounds: 2}, "2 figures, each stating 51 people (2 may be higher)",
			"수치 2개, 모두 51명 (2개는 더 많을 수 있음)"},
		{models.MonthSummary{Unit: "people", N: 2, Low: 7, High: 7, Words: 1}, "2 figures, each stating 7 people; 1 more gives only words",
			"수치 2개, 모두 7명; 그 밖에 1개는 숫자 없이 말로만 밝힘"},
		{models.MonthSummary{Unit: "people", Words: 4}, "4 figures give only words, no number", "수치 4개가 숫자 없이 말로만 밝힘"},
	} {
		if got := summaryText(models.English, tc.s); got != tc.en {
			t.Errorf("summaryText(%+v) = %q, want %q", tc.s, got, tc.en)
		}
		if got := summaryText(models.Korean, tc.s); got != tc.ko {
			t.Errorf("summaryText in Korean (%+v) = %q, want %q", tc.s, got, tc.ko)
		}
	}
}

// TestSummariesInKorean: a summary chart's words are the page's language:
// its title, note, table and marks; a Korean chart holds no English word
// of the English one's.
func TestSummariesInKorean(t *testing.T) {
	var cells []models.MonthSummary
	for i := range SummaryCharts + 2 {
		cells = append(cells, models.MonthSummary{Population: "P" + string(rune('A'+i)), ActingState: "CN", ReceivingState: "KP", Unit: "people",
			Metric: "apprehended", Kind: models.Flow, Month: "2015-03", N: 2, Low: 1, High: 50, LowerBounds: 1,
			FirstStart: models.NewDate(2015, 3, 1), LastEnd: models.NewDate(2015, 3, 31)})
	}
	labels := map[string]string{"apprehended": "체포"}
	en := Summaries(models.English, cells, labels, StepMonth, false, url.Values{})
	ko := Summaries(models.Korean, cells, labels, StepMonth, false, url.Values{})
	if len(en) != len(ko) || len(ko) == 0 {
		t.Fatalf("%d English charts, %d Korean", len(en), len(ko))
	}
	for i, c := range ko {
		words := []string{c.Title, c.Note, c.Description, c.Table.Caption}
		words = append(words, c.Table.Columns...)
		for _, r := range c.Table.Rows {
			words = append(words, r.Cells...)
		}
		text := strings.Join(words, "\n")
		for _, w := range []string{"figure", "over time", "stated", "Other subjects", "see the list", "Mar 2015", "lower bound", "Subject"} {
			if strings.Contains(text, w) {
				t.Errorf("%s: Korean chart has %q:\n%s", c.Name, w, text)
			}
		}
		if !strings.Contains(text, "수치") {
			t.Errorf("%s: no Korean in the Korean chart:\n%s", c.Name, text)
		}
		if en[i].Name != c.Name || len(en[i].Table.Rows) != len(c.Table.Rows) {
			t.Errorf("%s: the Korean chart is not the English one's (%s, %d rows vs %d)", c.Name, en[i].Name, len(c.Table.Rows), len(en[i].Table.Rows))
		}
	}
	if !strings.Contains(ko[0].Table.Rows[0].Cells[0], "2015년 3월") {
		t.Errorf("a Korean step is written %q, want 2015년 3월", ko[0].Table.Rows[0].Cells[0])
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
	out := Summaries(models.English, cells, map[string]string{"apprehended": "Apprehended"}, StepYear, false, url.Values{})
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
