package charts

import (
	"fmt"
	"sort"
	"strings"

	"forcedreturns/internal/checks"
	"forcedreturns/internal/i18n"
	"forcedreturns/models"
)

// Step is how finely the time axis of the charts over time is marked: by
// month or by year. Marks are never summed into steps: each reported
// quantity keeps its own period, and the step only sets the axis ticks.
type Step string

// The steps of a chart over time.
const (
	StepAuto  Step = ""
	StepMonth Step = "month"
	StepYear  Step = "year"
)

// StepParams names the query parameters ParseStep reads: what a chart
// takes besides its figure filter (models.FilterParams).
var StepParams = []string{"step"}

// ParseStep reads the step query parameter: empty (chosen by the data),
// "month" or "year".
func ParseStep(s string) (Step, error) {
	switch Step(s) {
	case StepAuto, StepMonth, StepYear:
		return Step(s), nil
	}
	return "", models.Errorf(models.EInvalid, "step must be month or year (or left out to let the data choose), got %q", s)
}

// autoStep chooses the step from the time the marks span: months up to
// three years, years beyond.
func autoStep(first, last models.Date) Step {
	if checks.MonthsBetween(first, last) > 36 {
		return StepYear
	}
	return StepMonth
}

// Mark kinds and flags, read by the front end's "periodSpan" series: each
// mark's value is [start, end (exclusive), low, high, kind, flags].
const (
	markFlow       = 0 // a bar over the period
	markCumulative = 1 // a span at the total's height over its period
	markStock      = 2 // a point at its date

	flagOpen    = 1  // the true number may be higher: open, dashed
	flagAbout   = 2  // "about": dotted outline, "~" in the label
	flagRange   = 4  // a range: a whisker from low to high
	flagAtMost  = 8  // an upper bound: a whisker from 0 to high
	flagDerived = 16 // every report derived: the derived colour
)

// OverTimeIn builds, in language l, the charts of the story over time: one chart per subject
// (metric, population, states, unit), so that different metrics and units
// never share an axis and unrelated magnitudes never squeeze each other, on
// a linear axis over the whole time range. It draws what the checks'
// no-double-counting rule allows (checks.Group, checks.Series): each
// reported quantity once however many reports carry it ("· 3 sources",
// spanning their values when they differ); a cumulative total as a span
// over its period at its value, never added to the flows within it; a stock
// as a point at its date. Subgroups and shares are not drawn (they are part
// of, or a percentage of, another mark). Figures that give no number are
// listed beside the chart of their metric, never drawn; a metric with only
// such figures has a list and no chart. step sets the axis ticks (StepAuto:
// chosen by the data).
func OverTimeIn(l models.Lang, all []models.FigureView, step Step) []Chart {
	views := countable(all)
	figs := make([]models.Figure, len(views))
	byKey := map[string]*models.FigureView{}
	labels := map[string]string{} // metric slug → label
	for i := range views {
		figs[i] = views[i].Figure
		byKey[views[i].Figure.Key] = &views[i]
		labels[views[i].Figure.Metric] = views[i].Metric.LabelIn(l).Text
	}
	bySubject := map[checks.Subject][]checks.Reported{}
	for _, r := range checks.Group(figs) {
		if r.Subgroup() || r.Share() {
			continue
		}
		s := checks.SubjectOf(r.Figures[0])
		bySubject[s] = append(bySubject[s], r)
	}
	subjects := storyOrder(bySubject, func(s checks.Subject) int64 { return int64(len(bySubject[s])) })
	// Figures without a number, by metric: listed beside its first chart.
	words := map[string][]models.FigureView{}
	var wordMetrics []string
	for _, v := range listed(all) {
		f := v.Figure
		if f.Qualifier.HasNumber() || f.SubgroupOf != "" || f.Share() {
			continue
		}
		if _, ok := words[f.Metric]; !ok {
			wordMetrics = append(wordMetrics, f.Metric)
			labels[f.Metric] = v.Metric.LabelIn(l).Text
		}
		words[f.Metric] = append(words[f.Metric], v)
	}
	var out []Chart
	seen := map[string]bool{}
	for _, s := range subjects {
		name := "timeline-" + slug(s.Metric)
		if seen[s.Metric] {
			name += "-" + slug(s.Population+" "+s.ActingState+" "+s.ReceivingState+" "+s.Unit)
		}
		ch := subjectChart(l, name, s, labels[s.Metric], bySubject[s], byKey, step)
		if !seen[s.Metric] {
			ch = withListed(l, ch, words[s.Metric])
		}
		seen[s.Metric] = true
		out = append(out, ch)
	}
	for _, m := range wordMetrics {
		if seen[m] {
			continue
		}
		title := i18n.T(l, "chart.over_time.title", "Metric", labels[m])
		ch := Chart{Name: "timeline-" + slug(m), Title: title,
			Note:  i18n.T(l, "chart.over_time.words_only"),
			Table: Table{Caption: title, Columns: storyColumns(l)}}
		ch = withListed(l, ch, words[m])
		ch.SourceLine, ch.SourceURL = SourceLineIn(l, words[m])
		out = append(out, ch)
	}
	return out
}

// storyColumns are the columns of a chart over time's table.
func storyColumns(l models.Lang) []string {
	return []string{i18n.T(l, "chart.col.period"), i18n.T(l, "chart.col.value"), i18n.T(l, "chart.col.kind"), i18n.T(l, "chart.col.reported_by")}
}

// metricRank puts the story's main metrics first: apprehensions, then
// returns, then those held; others follow by slug.
func metricRank(m string) int {
	switch m {
	case models.MetricApprehended:
		return 0
	case models.MetricReturned:
		return 1
	case models.MetricInCustody:
		return 2
	}
	return 3
}

// withListed adds figures that give no number to a chart: listed beside
// it and in its table, never drawn.
func withListed(l models.Lang, ch Chart, vs []models.FigureView) Chart {
	if len(vs) > 0 && ch.Options != nil {
		ch.Note += notDrawnNote(l)
	}
	for _, v := range vs {
		f := v.Figure
		period := f.Period.LabelIn(l, f.Kind)
		ch.Listed = append(ch.Listed, Listed{Text: period + ": " + f.Population + " — " + f.ValueLabelIn(l) + ", " + v.CreditIn(l, nil), URL: figureURL(f)})
		ch.Table.Rows = append(ch.Table.Rows, Row{Link: figureURL(f), Cells: []string{period, noNumberText(l, f), models.KindTextIn(l, f.Kind), reportedBy(l, f.ReportedBy)}})
	}
	return ch
}

// subjectChart draws the reported quantities of one subject.
func subjectChart(l models.Lang, name string, s checks.Subject, metricLabel string, reps []checks.Reported, byKey map[string]*models.FigureView, step Step) Chart {
	title := i18n.T(l, "chart.over_time.title_of", "Metric", metricLabel, "Population", s.Population) + statesSuffix(s)
	ch := Chart{Name: name, Title: title, Steps: true,
		Note:  i18n.T(l, "chart.over_time.note"),
		Table: Table{Caption: title, Columns: storyColumns(l)}}
	// Flows come from the checks' series (roles: totals and their parts are
	// drawn side by side, never stacked); cumulative totals and stocks from
	// the grouped reports.
	var marks []storyMark
	for _, p := range checks.Series(reps, s) {
		m := markOf(l, p.Reported, markFlow, byKey)
		if p.Role == checks.RolePart || p.Role == checks.RoleTotal || p.Role == checks.RoleOverlapping {
			m.Tooltip += "\n" + i18n.T(l, "chart.drawn_over", "Role", roleText(l, p.Role))
		}
		marks = append(marks, m)
	}
	for _, r := range reps {
		switch r.Kind {
		case models.Cumulative:
			marks = append(marks, markOf(l, r, markCumulative, byKey))
		case models.Stock:
			marks = append(marks, markOf(l, r, markStock, byKey))
		}
	}
	sort.SliceStable(marks, func(i, j int) bool { return marks[i].Start.Before(marks[j].Start) })
	var shown []models.FigureView
	first, last := models.Date{}, models.Date{}
	for i, m := range marks {
		for _, f := range m.Reported.Figures {
			shown = append(shown, *byKey[f.Key])
		}
		if i == 0 || m.Start.Before(first) {
			first = m.Start
		}
		if i == 0 || last.Before(m.End) {
			last = m.End
		}
		ch.Table.Rows = append(ch.Table.Rows, Row{Link: m.URL, Cells: []string{m.Period, derivedLabel(l, m.Value, m.Flags&flagDerived != 0), models.KindTextIn(l, m.Reported.Kind), m.Reported.AttributionIn(l)}})
	}
	if len(marks) == 0 {
		return ch
	}
	if step == StepAuto {
		step = autoStep(first, last)
	}
	ch.Step = step
	ch.SourceLine, ch.SourceURL = SourceLineIn(l, shown)
	from, to, metric := first.String(), last.String(), strings.ToLower(metricLabel)
	if l != models.English { // Korean has no case; its dates in its own form
		from, to, metric = dayIn(l, first), dayIn(l, last), metricLabel
	}
	ch.Description = i18n.T(l, "chart.over_time.aria", "Metric", metric, "Population", s.Population,
		"First", from, "Last", to, "Count", len(marks))
	ch.Options = storyOptions(l, ch.Title, ch.SourceLine, ch.SourceURL, unitName(l, s.Unit), step, marks)
	return ch
}

// storyMark is one mark of a chart over time.
type storyMark struct {
	Reported   checks.Reported
	Kind       int
	Flags      int
	Start, End models.Date // the days covered, End inclusive
	Low, High  float64
	Value      string // the value as the table and label write it
	Period     string // the period as the table and tooltip write it
	Label      string
	Tooltip    string
	URL        string
	Figures    []string // every figure of a merged mark (mergedKeys)
}

// markOf draws one reported quantity. Reports that word it alike are
// drawn as the first of them says it (its qualifier decides the style);
// reports that differ are drawn as the interval the checks give them
// (Reported.Interval): a range from the lowest to the highest report, or
// an open mark at their bound when the truth may be higher.
func markOf(l models.Lang, r checks.Reported, kind int, byKey map[string]*models.FigureView) storyMark {
	m := storyMark{Reported: r, Kind: kind, Start: r.Period.StartDate().Start, End: r.Period.EndDate().End,
		URL: figureURL(r.Figures[0]), Figures: mergedKeys(r.Figures), Value: r.Text(), Period: r.Period.LabelIn(l, r.Kind)}
	alike := true
	for _, f := range r.Figures[1:] {
		if f.Quantity() != r.Figures[0].Quantity() {
			alike = false
		}
	}
	derived := true
	for _, f := range r.Figures {
		derived = derived && f.Derived
	}
	if derived {
		m.Flags |= flagDerived
	}
	if alike {
		q := r.Figures[0].Quantity()
		m.Value = q.TextIn(l)
		switch {
		case q.Qualifier == models.QualRange:
			m.Low, m.High, m.Flags = float64(q.Low), float64(q.High), m.Flags|flagRange
		case q.Qualifier == models.QualAtMost:
			m.High, m.Flags = float64(q.Value), m.Flags|flagAtMost
		default:
			m.High = float64(q.Value)
			if q.Qualifier.MayBeHigher() {
				m.Flags |= flagOpen
			}
			if q.Qualifier == models.QualAbout {
				m.Flags |= flagAbout
			}
		}
		m.Label = q.ShortIn(l)
	} else {
		in := r.Interval
		switch {
		case !in.Bounded():
			m.High, m.Flags = in.Low, m.Flags|flagOpen
		case in.Low == in.High:
			m.High = in.Low
		default:
			m.Low, m.High, m.Flags = in.Low, in.High, m.Flags|flagRange
		}
		m.Label = r.Text()
	}
	if kind == markCumulative {
		m.Label = i18n.T(l, "chart.in_all", "Value", m.Label)
	}
	if n := reportCount(r.Figures, byKey); n > 1 {
		m.Label += sourcesSuffix(l, n)
	}
	if len(r.Figures) == 1 {
		m.Tooltip = tooltipText(l, *byKey[r.Figures[0].Key], func(key string) *models.FigureView { return byKey[key] })
	} else {
		lines := []string{m.Period + ": " + r.Text() + " — " + r.AttributionIn(l)}
		for _, f := range r.Figures {
			lines = append(lines, f.ValueLabelIn(l)+" — "+byKey[f.Key].CreditIn(l, nil)+": "+EvidenceTextIn(l, &f, 160, func(s string) string { return s }))
		}
		m.Tooltip = strings.Join(lines, "\n")
	}
	return m
}

// storyOptions builds a chart over time: a custom "periodSpan" series the
// front end draws (bars, spans, points, whiskers, dashed outlines) and a
// series of labels, hidden where they would overlap (the table has them).
func storyOptions(l models.Lang, title, sourceLine, sourceURL, unit string, step Step, marks []storyMark) map[string]any {
	var spans, labels []any
	for _, m := range marks {
		v := []any{m.Start.String(), m.End.AddDays(1).String(), m.Low, m.High, m.Kind, m.Flags}
		spans = append(spans, item{Name: m.Period, Value: v, URL: m.URL, Figures: m.Figures, TooltipText: m.Tooltip})
		mid := m.Start.AddDays(int(m.End.Time().Sub(m.Start.Time()).Hours()/24) / 2)
		labels = append(labels, item{Name: m.Period, Value: []any{mid.String(), m.High}, URL: m.URL, TooltipText: m.Tooltip,
			Label: &itemLabel{Show: true, Formatter: m.Label, Position: "top"}})
	}
	t := map[string]any{"text": title, "left": "8", "top": "0"}
	if models.CheckURL(sourceURL) == nil {
		t["link"], t["target"] = sourceURL, "blank"
	}
	titles := []any{t}
	if sourceLine != "" {
		titles = append(titles, map[string]any{
			"text": sourceLine, "left": "center", "bottom": "0",
			"textStyle": map[string]any{"fontSize": 11, "fontWeight": "normal", "color": "#444", "width": 560, "overflow": "break", "lineHeight": 14},
		})
	}
	// The axis runs a little beyond the first and last day, so that no
	// mark sits on the value axis, and labels no tick at its ends, where
	// it would meet the value axis' labels.
	first, last := marks[0].Start, marks[0].End
	for _, m := range marks {
		if m.Start.Before(first) {
			first = m.Start
		}
		if last.Before(m.End) {
			last = m.End
		}
	}
	pad := max(15, int(last.Time().Sub(first.Time()).Hours()/24/20))
	xAxis := map[string]any{"type": "time", "min": first.AddDays(-pad).String(), "max": last.AddDays(1 + pad).String()}
	label := map[string]any{"hideOverlap": true, "showMinLabel": false, "showMaxLabel": false}
	const day = 86400000
	// ECharts' time templates ({yyyy}, {MMM}, {M}, {d}) in the
	// language's order: "Jul 2017", "2017년 7월".
	year := i18n.T(l, "chart.axis.year")
	if step == StepYear {
		xAxis["minInterval"] = 365 * day
		label["formatter"] = year
	} else {
		xAxis["minInterval"] = 28 * day
		label["formatter"] = map[string]any{"year": year, "month": i18n.T(l, "chart.axis.month"), "day": i18n.T(l, "chart.axis.day")}
	}
	xAxis["axisLabel"] = label
	return map[string]any{
		"title":   titles,
		"tooltip": map[string]any{"show": true, "trigger": "item"},
		"aria":    map[string]any{"enabled": true},
		"legend":  map[string]any{"show": false},
		"grid":    map[string]any{"left": 16, "right": 24, "top": 64, "bottom": 84, "containLabel": true},
		"xAxis":   []any{xAxis},
		"yAxis":   []any{map[string]any{"type": "value", "name": unit, "min": 0, "nameLocation": "end", "nameTextStyle": map[string]any{"align": "left"}}},
		"series": []any{
			map[string]any{"name": i18n.T(l, "chart.series.reported"), "type": "custom", "renderItem": "periodSpan", "data": spans,
				"encode": map[string]any{"x": []int{0, 1}, "y": []int{2, 3}}, "color": colourReported},
			map[string]any{"name": i18n.T(l, "chart.series.labels"), "type": "scatter", "data": labels, "symbolSize": 1, "itemStyle": map[string]any{"color": "transparent"},
				"labelLayout": map[string]any{"hideOverlap": true}, "label": map[string]any{"show": true, "position": "top", "color": "#222"}, "z": 3},
		},
	}
}

// Headline is the latest reported quantity of a metric, for the overview's
// cards: one reported quantity (checks.Group) however many reports carry it.
type Headline struct {
	View    models.FigureView // the first report, for its metric, population and link
	Value   string            // the quantity as the reports word it (Reported.Text)
	Period  string
	Kind    models.QuantityKind
	Sources int
	Credit  string // who reports it: a name, or "2 sources"
}

// HeadlinesIn gives, in language l, per metric, the reported quantity whose period ends
// last (then starts last: the most recent news), in the story's order.
// Subgroups and shares are parts of other figures, never headlines.
func HeadlinesIn(l models.Lang, all []models.FigureView) []Headline {
	views := countable(all)
	figs := make([]models.Figure, len(views))
	byKey := map[string]*models.FigureView{}
	for i := range views {
		figs[i] = views[i].Figure
		byKey[views[i].Figure.Key] = &views[i]
	}
	best := map[string]checks.Reported{}
	var metrics []string
	for _, r := range checks.Group(figs) {
		if r.Subgroup() || r.Share() {
			continue
		}
		b, ok := best[r.Metric]
		if !ok {
			metrics = append(metrics, r.Metric)
		}
		if !ok || b.Period.EndDate().End.Before(r.Period.EndDate().End) ||
			b.Period.EndDate().End == r.Period.EndDate().End && b.Period.StartDate().Start.Before(r.Period.StartDate().Start) {
			best[r.Metric] = r
		}
	}
	sort.SliceStable(metrics, func(i, j int) bool {
		a, b := metrics[i], metrics[j]
		return metricRank(a) < metricRank(b) || metricRank(a) == metricRank(b) && a < b
	})
	var out []Headline
	for _, m := range metrics {
		r := best[m]
		v := *byKey[r.Figures[0].Key]
		h := Headline{View: v, Value: r.Text(), Period: r.Period.LabelIn(l, r.Kind), Kind: r.Kind, Sources: len(r.Sources()), Credit: v.CreditIn(l, nil)}
		if len(r.Figures) == 1 {
			h.Value = r.Figures[0].ValueLabelIn(l)
		}
		derived := true // every report of it derives it: none states it
		for _, f := range r.Figures {
			derived = derived && f.Derived
		}
		h.Value = derivedLabel(l, h.Value, derived)
		if h.Sources > 1 {
			h.Credit = i18n.T(l, "chart.sources", "Count", h.Sources)
		}
		out = append(out, h)
	}
	return out
}

// storyOrder is the order charts of subjects follow: the story's metrics
// first (metricRank), then, within a metric, the subject with the most
// (size) first, then by name.
func storyOrder[T any](bySubject map[checks.Subject]T, size func(checks.Subject) int64) []checks.Subject {
	subjects := make([]checks.Subject, 0, len(bySubject))
	for s := range bySubject {
		subjects = append(subjects, s)
	}
	sort.Slice(subjects, func(i, j int) bool {
		a, b := subjects[i], subjects[j]
		if a.Metric != b.Metric {
			return metricRank(a.Metric) < metricRank(b.Metric) || metricRank(a.Metric) == metricRank(b.Metric) && a.Metric < b.Metric
		}
		if na, nb := size(a), size(b); na != nb {
			return na > nb
		}
		return fmt.Sprint(a) < fmt.Sprint(b)
	})
	return subjects
}

// dayIn writes a day in language l: "2017년 9월 18일".
func dayIn(l models.Lang, d models.Date) string {
	return models.PartialDate{Start: d, End: d, Precision: models.PrecisionDay}.ShortIn(l)
}
