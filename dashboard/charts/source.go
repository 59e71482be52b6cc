package charts

import (
	"fmt"

	"forcedreturns/models"
)

// SourceFigures charts every published figure of one source, one bar per
// figure, labelled by metric and period. Bars are never stacked: a source's
// figures often overlap (a total and its parts). When values span more
// than three orders of magnitude the axis is logarithmic and says so.
// Figures without a number, shares and figures in another unit than people
// are listed in the table, never drawn on the axis of people (onPeopleAxis).
func SourceFigures(src models.Source, all []models.FigureView) Chart {
	views := listed(all)
	ch := Chart{Name: "source", Title: "Figures in this source",
		Note:  "One bar per figure. Bars are not added together: a source's figures may overlap (a total and its parts).",
		Table: Table{Caption: "Figures in " + src.Title, Columns: []string{"Figure", "Value", "Period", "Kind"}}}
	if len(views) == 0 {
		return ch
	}
	line, link := SourceLine(views)
	ch.SourceLine, ch.SourceURL = line, link
	var bars []bar
	lo, hi := int64(-1), int64(0)
	drawn := 0
	for i := range views {
		v := &views[i]
		f := v.Figure
		cat := fmt.Sprintf("%s, %s (%s)", v.Metric.Label, f.Period.Label(), f.Population)
		ch.Table.Rows = append(ch.Table.Rows, Row{Link: figureURL(f), Cells: []string{cat, valueCell(f), f.Period.Label(), string(f.Kind)}})
		if !onPeopleAxis(f) {
			continue
		}
		drawn++
		bars = append(bars, barFor(cat, v))
		for _, x := range []int64{f.Value, f.ValueLow, f.ValueHigh} {
			if x > 0 && (lo < 0 || x < lo) {
				lo = x
			}
			if x > hi {
				hi = x
			}
		}
	}
	ch.Description = fmt.Sprintf("Bar chart of the %d published figures with a number of people in %s.", drawn, src.Title)
	if drawn < len(views) {
		ch.Note += notDrawnNote
	}
	m := barOptions(ch.Title, line, link, "people", true, bars)
	if lo > 0 && hi/lo > 1000 {
		for i := range bars {
			if bars[i].Low == 0 && bars[i].High < 1 {
				bars[i].High = 1
			}
		}
		m = barOptions(ch.Title, line, link, "people", true, bars)
		m["xAxis"] = []any{map[string]any{"type": "log", "name": "people (log scale)", "logBase": 10, "min": 1}}
		ch.Note += " The value axis is logarithmic: each step is ten times the one before."
	}
	ch.Options = m
	return ch
}
