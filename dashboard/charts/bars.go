package charts

import (
	echarts "github.com/go-echarts/go-echarts/v2/charts"

	"forcedreturns/internal/i18n"
	"forcedreturns/models"
)

// bar is one mark of a bar chart: a figure, or a derived remainder that has
// no figure of its own.
type bar struct {
	Category string
	View     *models.FigureView // nil for a computed remainder or a merged quantity
	Low      float64            // where the bar starts (0, or a range's low bound)
	High     float64            // where it ends
	Label    string
	Tooltip  string
	URL      string
	Figures  []string // every figure of a merged quantity (mergedKeys)
	Derived  bool
	Open     bool   // the true number may be higher: drawn with a dashed outline
	Stack    string // bars with the same non-empty Stack are drawn end to end
}

// barFor makes the bar of a figure, honest about its qualifier: a range is
// drawn from its low to its high bound, a number that may be higher
// (Qualifier.MayBeHigher) gets an open (dashed) outline, a derived value
// the derived colour.
func barFor(l models.Lang, category string, v *models.FigureView, known known) bar {
	f := v.Figure
	b := bar{Category: category, View: v, Label: markLabel(l, f), Tooltip: tooltipText(l, *v, known), URL: figureURL(f),
		Derived: f.Derived, Open: f.Qualifier.MayBeHigher()}
	if f.Qualifier == models.QualRange {
		b.Low, b.High = float64(f.ValueLow), float64(f.ValueHigh)
	} else {
		b.High = float64(f.Value)
	}
	return b
}

// rateBar is barFor for the figure's rate per month (Figure.PerMonth),
// labelled like the figure: "20.5 documented / month". A figure without a
// rate (see models.Period.RateMonths) keeps its category with no bar.
func rateBar(l models.Lang, category string, v *models.FigureView, known known) bar {
	b := barFor(l, category, v, known)
	r, ok := v.Figure.PerMonth()
	if !ok {
		return noRateBar(l, b, v.Figure.Period)
	}
	b.Low, b.High = 0, r.Value
	if r.Qualifier == models.QualRange {
		b.Low, b.High = r.Low, r.High
	}
	b.Label = i18n.T(l, "chart.per_month_label", "Value", r.ShortIn(l))
	return b
}

// noRateBar empties b for a chart of rates: the category stays, so the
// periods line up with the counts' chart, but nothing is drawn for a
// quantity over period p that has no rate per month, and the tooltip says
// why (models.Period.NoRateReason).
func noRateBar(l models.Lang, b bar, p models.Period) bar {
	b.Low, b.High, b.Open = 0, 0, false
	b.Label = i18n.T(l, "chart.no_rate")
	b.Tooltip += "\n" + i18n.T(l, "chart.no_rate_because", "Reason", p.NoRateReasonIn(l))
	return b
}

// labelRoom is the width, in pixels, a bar's label wraps to: the margin
// right of horizontal bars, and the most a label inside a segment takes.
const labelRoom = 96

// barOptions builds a category bar chart. Ranges are drawn with an
// invisible base bar underneath so the visible bar spans low..high; the base
// shows no tooltip and links nowhere. Bars in the same category are drawn
// end to end: builders put two bars in one category only when they are
// parts that split one whole, never overlapping counts.
func barOptions(l models.Lang, title, sourceLine, sourceURL, yName string, horizontal bool, bars []bar) map[string]any {
	c := echarts.NewBar()
	base(&c.BaseConfiguration, title, sourceLine, sourceURL)
	var cats []string
	idx := map[string]int{}
	for _, b := range bars {
		if _, ok := idx[b.Category]; !ok {
			idx[b.Category] = len(cats)
			cats = append(cats, b.Category)
		}
	}
	perCat := make([]int, len(cats))
	for _, b := range bars {
		perCat[idx[b.Category]]++
	}
	baseData := make([]any, len(cats))
	var layers [][]any // layer k holds the k-th bar of each category
	depth := make([]int, len(cats))
	hasRange := false
	pos := "top"
	if horizontal {
		pos = "right"
	}
	for _, b := range bars {
		i := idx[b.Category]
		if depth[i] == len(layers) {
			layers = append(layers, make([]any, len(cats)))
		}
		style := &itemStyle{Color: colourReported}
		if b.Derived {
			style.Color = colourDerived
		}
		if b.Open {
			// A lower bound keeps its fill colour (derived or not) and gets an
			// open, dashed outline: the true number may be higher.
			fill := colourBound
			if b.Derived {
				fill = colourDerived
			}
			style = &itemStyle{Color: fill, BorderColor: colourReported, BorderWidth: 2, BorderType: "dashed"}
		}
		if b.Low > 0 {
			hasRange = true
			baseData[i] = item{Value: b.Low, Tooltip: &showFalse, Emphasis: &disabled, ItemStyle: &itemStyle{Color: "transparent"}}
		}
		label := &itemLabel{Show: true, Formatter: b.Label, Position: pos}
		if horizontal {
			// Wrapped to the room right of the bars (the grid's right margin).
			label.Width, label.Overflow = labelRoom, "break"
		}
		if perCat[i] > 1 {
			// Parts drawn end to end: each label sits inside its own
			// segment, wrapped to fit, never across the next one.
			label.Position, label.Width, label.Overflow = "inside", labelRoom, "break"
			label.Color = "#000"
			if style.Color == colourReported {
				label.Color = "#fff"
			}
		}
		layers[depth[i]][i] = item{Name: b.Category, Value: b.High - b.Low, URL: b.URL, Figures: b.Figures, TooltipText: b.Tooltip, ItemStyle: style, Label: label}
		depth[i]++
	}
	var multi []echarts.SingleSeries
	if hasRange {
		multi = append(multi, echarts.SingleSeries{Name: i18n.T(l, "chart.series.range_base"), Type: "bar", Stack: "v", Data: baseData})
	}
	for _, layer := range layers {
		multi = append(multi, echarts.SingleSeries{Name: i18n.T(l, "chart.series.reported"), Type: "bar", Stack: "v", Data: layer, BarMaxWidth: "64"})
	}
	c.MultiSeries = multi
	catAxis := map[string]any{"type": "category", "data": cats,
		"axisLabel": map[string]any{"interval": 0, "width": 110, "overflow": "break", "lineHeight": 14}}
	valAxis := map[string]any{"type": "value", "name": yName, "min": 0, "axisLabel": map[string]any{"hideOverlap": true}}
	m := finish(c, sourceLine)
	if horizontal {
		// Categories read top to bottom in the order given, with room on
		// the right for the value labels.
		catAxis["inverse"] = true
		catAxis["axisLabel"].(map[string]any)["width"] = 150
		valAxis["nameLocation"] = "middle"
		valAxis["nameGap"] = 24
		m["grid"].(map[string]any)["right"] = labelRoom + 8
		m["xAxis"], m["yAxis"] = []any{valAxis}, []any{catAxis}
	} else {
		m["xAxis"], m["yAxis"] = []any{catAxis}, []any{valAxis}
	}
	m["legend"] = map[string]any{"show": false}
	return m
}

// unitName names a value axis for its unit: "people" ("명" in Korean), or
// the unit as the metric names it.
func unitName(l models.Lang, unit string) string {
	if unit == models.UnitPeople {
		return i18n.T(l, "chart.axis.people")
	}
	return unit
}
