package charts

import (
	"fmt"

	"forcedreturns/models"
)

// SourceFigures charts every published figure of one source, one bar per
// figure, labelled by metric and period. Bars are never stacked: a source's
// figures often overlap (a total and its parts). When values span more
// than three orders of magnitude the axis is logarithmic and says so. A
// figure that gives no number is listed in the table and gets no bar.
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
	for i := range views {
		v := &views[i]
		f := v.Figure
		cat := fmt.Sprintf("%s, %s (%s)", v.Metric.Label, f.Period.Label(), f.Population)
		if !f.Countable() {
			ch.Table.Rows = append(ch.Table.Rows, Row{Link: figureURL(f), Cells: []string{cat, noNumberText(f), f.Period.Label(), string(f.Kind)}})
			continue
		}
		bars = append(bars, barFor(cat, v))
		ch.Table.Rows = append(ch.Table.Rows, Row{Link: figureURL(f), Cells: []string{cat, f.ValueLabel(), f.Period.Label(), string(f.Kind)}})
		for _, x := range []int64{f.Value, f.ValueLow, f.ValueHigh} {
			if x > 0 && (lo < 0 || x < lo) {
				lo = x
			}
			if x > hi {
				hi = x
			}
		}
	}
	if len(bars) < len(views) {
		ch.Note += notDrawnNote
	}
	ch.Description = fmt.Sprintf("Bar chart of the %d published figures with a number in %s.", len(bars), src.Title)
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
