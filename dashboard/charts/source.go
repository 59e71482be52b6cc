package charts

import (
	"forcedreturns/internal/checks"
	"forcedreturns/internal/i18n"
	"forcedreturns/models"
)

// SourceFiguresIn charts, in language l, every published figure of one
// source, one bar per figure, labelled by metric and period. Bars are
// never stacked: a source's figures often overlap (a total and its parts).
// When values span more than three orders of magnitude the axis is
// logarithmic and says so. Figures without a number, shares and figures in
// another unit than people are listed in the table, never drawn on the
// axis of people (onPeopleAxis).
func SourceFiguresIn(l models.Lang, src models.Source, all []models.FigureView) Chart {
	views := listed(all)
	ch := Chart{Name: "source", Title: i18n.T(l, "chart.source.title"),
		Note: i18n.T(l, "chart.source.note"),
		Table: Table{Caption: i18n.T(l, "chart.source.caption", "Title", src.Title), Columns: []string{i18n.T(l, "chart.col.figure"),
			i18n.T(l, "chart.col.value"), i18n.T(l, "chart.col.period"), i18n.T(l, "chart.col.kind")}}}
	if len(views) == 0 {
		return ch
	}
	line, link := SourceLineIn(l, views)
	ch.SourceLine, ch.SourceURL = line, link
	var bars []bar
	lo, hi := int64(-1), int64(0)
	drawn := 0
	cats := sourceCategories(l, views)
	byKey := make(map[string]*models.FigureView, len(views))
	for i := range views {
		byKey[views[i].Figure.Key] = &views[i]
	}
	inSource := func(key string) *models.FigureView { return byKey[key] }
	for i := range views {
		v := &views[i]
		f := v.Figure
		period := f.Period.LabelIn(l, f.Kind)
		cat := cats[i]
		kind := string(f.Kind)
		if l != models.English {
			kind = models.KindTextIn(l, f.Kind)
		}
		ch.Table.Rows = append(ch.Table.Rows, Row{Link: figureURL(f), Cells: []string{cat, valueCell(l, f), period, kind}})
		if !onPeopleAxis(f) {
			continue
		}
		drawn++
		bars = append(bars, barFor(l, cat, v, inSource))
		for _, x := range []int64{f.Value, f.ValueLow, f.ValueHigh} {
			if x > 0 && (lo < 0 || x < lo) {
				lo = x
			}
			if x > hi {
				hi = x
			}
		}
	}
	ch.Description = i18n.T(l, "chart.source.aria", "Count", drawn, "Title", src.Title)
	if drawn < len(views) {
		ch.Note += notDrawnNote(l)
	}
	m := barOptions(l, ch.Title, line, link, i18n.T(l, "chart.axis.people"), true, bars)
	if lo > 0 && hi/lo > 1000 {
		for i := range bars {
			if bars[i].Low == 0 && bars[i].High < 1 {
				bars[i].High = 1
			}
		}
		m = barOptions(l, ch.Title, line, link, i18n.T(l, "chart.axis.people"), true, bars)
		m["xAxis"] = []any{map[string]any{"type": "log", "name": i18n.T(l, "chart.axis.people_log"), "logBase": 10, "min": 1}}
		ch.Note += " " + i18n.T(l, "chart.source.log_note")
	}
	ch.Options = m
	return ch
}

// sourceCategories labels each of a source's figures by metric, period
// and people. barOptions draws bars of one category end to end, as parts
// of one whole, so two figures of the same label (a report giving the
// same quantity for two pairs of states, or twice) would read as a sum:
// labels that repeat name the states too, and those that still repeat
// the figure's key, so that every figure has a category of its own.
func sourceCategories(l models.Lang, views []models.FigureView) []string {
	cats := make([]string, len(views))
	for i := range views {
		v := &views[i]
		cats[i] = v.Metric.LabelIn(l).Text + ", " + v.Figure.Period.LabelIn(l, v.Figure.Kind) + " (" + v.Figure.Population + ")"
	}
	for _, more := range []func(f *models.Figure) string{
		func(f *models.Figure) string {
			return statesSuffix(checks.Subject{ActingState: f.ActingState, ReceivingState: f.ReceivingState})
		},
		func(f *models.Figure) string { return " · " + f.Key },
	} {
		n := map[string]int{}
		for _, c := range cats {
			n[c]++
		}
		for i := range cats {
			if n[cats[i]] > 1 {
				cats[i] += more(&views[i].Figure)
			}
		}
	}
	return cats
}
