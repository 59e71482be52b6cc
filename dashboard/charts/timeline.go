package charts

import (
	"fmt"
	"sort"

	echarts "github.com/go-echarts/go-echarts/v2/charts"

	"forcedreturns/models"
)

// MaxTimelinePoints bounds the timeline, so the overview stays small and
// fast however many figures the database holds.
const MaxTimelinePoints = 1000

// Timeline places every published figure from every source on a time
// axis at the end of its period, one series per metric. Points are never
// summed or joined, so figures of different kinds can share the axis; the
// axis is logarithmic when values span more than three orders of
// magnitude, and the note says so. Figures without a number, shares and
// figures in another unit than people are rows of the table, in their
// place by date, and no point (onPeopleAxis).
func Timeline(all []models.FigureView) Chart {
	views := listed(all)
	sort.SliceStable(views, func(i, j int) bool { return views[i].Figure.Period.End.Before(views[j].Figure.Period.End) })
	ch := Chart{Name: "timeline", Title: "All figures over time",
		Note:  "Each point is one figure at the end of its period; it grows as sources are added. Points are never added together.",
		Table: Table{Caption: "All figures over time", Columns: []string{"Period end", "Metric", "Value", "Kind", "Source"}}}
	if n := len(views); n > MaxTimelinePoints {
		// A page cannot carry every point of a large database; the latest
		// ones are shown and the note says so (/figures lists them all).
		views = views[n-MaxTimelinePoints:]
		ch.Note += fmt.Sprintf(" Showing the latest %d of %d figures; the figures page lists them all.", MaxTimelinePoints, n)
	}
	if len(views) == 0 {
		return ch
	}
	c := echarts.NewScatter()
	line, link := SourceLine(views)
	ch.SourceLine, ch.SourceURL = line, link
	base(&c.BaseConfiguration, ch.Title, line, link)
	var order []string
	bySeries := map[string][]any{}
	lo, hi := int64(-1), int64(0)
	notDrawn := 0
	for i := range views {
		v := &views[i]
		f := v.Figure
		if !onPeopleAxis(f) {
			notDrawn++
			continue
		}
		y := f.Value
		if f.Qualifier == models.QualRange {
			y = f.ValueLow
		}
		if y <= 0 {
			continue // a zero has no place on a log axis; it stays in the table
		}
		if lo < 0 || y < lo {
			lo = y
		}
		if y > hi {
			hi = y
		}
		name := v.Metric.Label
		if _, ok := bySeries[name]; !ok {
			order = append(order, name)
		}
		bySeries[name] = append(bySeries[name], item{Name: f.Period.Label(), Value: []any{f.Period.End.String(), y}, URL: figureURL(f),
			TooltipText: tooltipText(*v), Label: &itemLabel{Show: false, Formatter: markLabel(f)}})
	}
	for i := range views {
		f := views[i].Figure
		ch.Table.Rows = append(ch.Table.Rows, Row{Link: figureURL(f), Cells: []string{f.Period.End.String(), views[i].Metric.Label, valueCell(f), string(f.Kind), views[i].Source.Publisher}})
	}
	if notDrawn > 0 {
		ch.Note += notDrawnNote
	}
	for _, name := range order {
		c.MultiSeries = append(c.MultiSeries, echarts.SingleSeries{Name: name, Type: "scatter", Data: bySeries[name], SymbolSize: 12})
	}
	m := finish(c, line)
	yAxis := map[string]any{"type": "value", "name": "people"}
	if lo > 0 && hi/lo > 1000 {
		yAxis = map[string]any{"type": "log", "name": "people (log scale)", "logBase": 10}
		ch.Note += " The vertical axis is logarithmic: each step is ten times the one below."
	}
	m["xAxis"] = []any{map[string]any{"type": "time", "name": "period end"}}
	m["yAxis"] = []any{yAxis}
	m["legend"] = map[string]any{"show": true, "top": 28, "type": "plain"}
	ch.Description = "Scatter chart of every published figure that gives a number, by the end date of its period."
	ch.Options = m
	return ch
}
