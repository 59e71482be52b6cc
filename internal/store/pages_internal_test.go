package store

import (
	"testing"

	"forcedreturns/models"
)

// TestWalkReadsRows: a deep page is placed by the people index only
// where a walk of the order's index would read a table row per figure
// to test the filter: a column that index does not hold.
func TestWalkReadsRows(t *testing.T) {
	day := models.NewDate(2017, 1, 1)
	for _, tc := range []struct {
		name string
		sort string
		f    models.FigureFilter
		want bool
	}{
		{"a period in its own order", "period", models.FigureFilter{From: day, To: day}, false},
		{"metrics and a period in the period's order", "-period", models.FigureFilter{Metrics: []string{"a", "b"}, From: day}, false},
		{"a state in the period's order", "period", models.FigureFilter{ActingStates: []string{"CN"}}, true},
		{"a source in the period's order", "period", models.FigureFilter{Sources: []string{"s"}}, true},
		{"the period's end in the metric's order", "metric", models.FigureFilter{Metrics: []string{"a"}, From: day}, true},
		{"the period's start in the metric's order", "metric", models.FigureFilter{Metrics: []string{"a"}, To: day}, false},
		{"the start's month in the source's order", "-source", models.FigureFilter{Sources: []string{"s"}, Starts: models.PartialDate{Start: day, End: day}}, false},
		{"a kind in the source's order", "source", models.FigureFilter{Kinds: []models.QuantityKind{models.Flow}}, true},
		{"summarised, which the people index does not hold", "period", models.FigureFilter{Summarised: true, ActingStates: []string{"CN"}}, false},
	} {
		terms, err := sortTerms(tc.sort)
		if err != nil {
			t.Fatal(err)
		}
		if got := walkReadsRows(tc.f, terms); got != tc.want {
			t.Errorf("%s: walkReadsRows = %v, want %v", tc.name, got, tc.want)
		}
	}
}
