package charts

import (
	"fmt"
	"net/url"
	"sort"
	"strings"
	"time"

	"forcedreturns/internal/checks"
	"forcedreturns/internal/i18n"
	"forcedreturns/models"
)

// SummaryCharts is how many subjects the overview draws when it
// summarises (Summaries); the others are listed in one table.
const SummaryCharts = 8

// maxSummaryMonths is the longest time a summary chart draws by month.
const maxSummaryMonths = 60

// summaryStep is the figures of one subject and kind whose periods start
// in one step (a month or a year): the months' summaries merged.
type summaryStep struct {
	models.MonthSummary
	Start, End models.Date // the step's first and last day
}

// subjectOf is the subject a summary describes.
func subjectOf(c models.MonthSummary) checks.Subject {
	return checks.Subject{Metric: c.Metric, Population: c.Population, ActingState: c.ActingState, ReceivingState: c.ReceivingState, Unit: c.Unit}
}

// monthStart reads a summary's month (YYYY-MM) or year (YYYY).
func monthStart(m string) models.Date {
	layout := "2006-01"
	if len(m) == 4 {
		layout = "2006"
	}
	t, err := time.Parse(layout, m)
	if err != nil {
		return models.Date{}
	}
	return models.DateOf(t)
}

// SummaryStep is the step of the summary charts of figures whose periods
// start from month first to month last (YYYY-MM) when asked is asked
// for: StepAuto as for every chart over time; months only up to
// maxSummaryMonths, else years, with byYear true.
func SummaryStep(first, last string, asked Step) (step Step, byYear bool) {
	span := checks.MonthsBetween(monthStart(first), monthStart(last))
	switch {
	case asked == StepAuto:
		return autoStep(monthStart(first), monthStart(last)), false
	case asked == StepMonth && span > maxSummaryMonths:
		return StepYear, true
	}
	return asked, false
}

// Summaries builds the overview's charts over time when there are too many
// figures to draw each one: one chart per subject, as OverTime, but each
// mark stands for the figures of one kind whose periods start in one
// step (models.MonthSummary): how many, and the lowest and highest numbers
// they state — a range, never a sum. The SummaryCharts subjects first in
// the story's order (then with the most figures) are drawn, the others
// listed in one table. The apprehended subject with the most figures is
// also drawn as the "apprehensions" chart. labels are the metrics' labels;
// step is SummaryStep's, and the cells by year (YYYY) when it is
// StepYear, by month otherwise; byYear says the reader asked for months
// and gets years (SummaryStep). q is the overview's filter, kept in the
// links to the figure lists.
func Summaries(l models.Lang, cells []models.MonthSummary, labels map[string]string, step Step, byYear bool, q url.Values) []Chart {
	bySubject := map[checks.Subject][]models.MonthSummary{}
	totals := map[checks.Subject]int64{}
	for _, c := range cells {
		s := subjectOf(c)
		bySubject[s] = append(bySubject[s], c)
		totals[s] += c.N + c.Words
	}
	if len(bySubject) == 0 {
		return nil
	}
	subjects := storyOrder(bySubject, func(s checks.Subject) int64 { return totals[s] })
	var out []Chart
	seen := map[string]bool{}
	var more Chart
	var app checks.Subject
	for _, s := range subjects {
		if s.Metric == models.MetricApprehended && s.Unit == models.UnitPeople && (app == checks.Subject{} || totals[s] > totals[app]) {
			app = s
		}
	}
	for i, s := range subjects {
		name := "timeline-" + slug(s.Metric)
		if seen[s.Metric] {
			name += "-" + slug(s.Population+" "+s.ActingState+" "+s.ReceivingState+" "+s.Unit)
		}
		seen[s.Metric] = true
		if i >= SummaryCharts {
			if more.Name == "" {
				title := i18n.T(l, "chart.summary.more_title")
				more = Chart{Name: "timeline-more", Title: title, Note: i18n.T(l, "chart.summary.more_note"),
					Table: Table{Caption: title, Columns: []string{i18n.T(l, "chart.summary.col_subject"), i18n.T(l, "chart.summary.col_figures"),
						i18n.T(l, "chart.summary.col_numbers"), i18n.T(l, "chart.summary.col_periods")}}}
			}
			more.Table.Rows = append(more.Table.Rows, subjectRow(l, s, labels[s.Metric], bySubject[s], q))
			continue
		}
		title := i18n.T(l, "chart.over_time.title_of", "Metric", labels[s.Metric], "Population", s.Population) + statesSuffix(s)
		ch := summaryChart(l, name, title, s, labels[s.Metric], bySubject[s], step, q)
		if byYear {
			ch.Note += i18n.T(l, "chart.summary.by_year", "Months", maxSummaryMonths)
		}
		out = append(out, ch)
	}
	if app != (checks.Subject{}) {
		ch := summaryChart(l, "apprehensions", i18n.T(l, "chart.apprehensions.title"), app, labels[app.Metric], bySubject[app], step, q)
		ch.Steps = false
		out = append(out, ch)
	}
	if more.Name != "" {
		out = append(out, more)
	}
	return out
}

// subjectTitle names a chart of one subject: "Apprehended over time:
// North Koreans (CN → KP)".
func subjectTitle(prefix string, s checks.Subject) string {
	return prefix + ": " + s.Population + statesSuffix(s)
}

// statesSuffix names a subject's states after its people: " (CN → KP)".
func statesSuffix(s checks.Subject) string {
	if s.ActingState == "" {
		return ""
	}
	if s.ReceivingState == "" {
		return " (" + s.ActingState + ")"
	}
	return " (" + s.ActingState + " → " + s.ReceivingState + ")"
}

// listURL is the figure list of what a summary counts: a subject's
// figures (metric, population, states, unit) that the summaries count
// (summarised: published, neither subgroups nor shares), of one kind if
// kind is set, whose periods start in starts (a month YYYY-MM or a year
// YYYY) if set, under the overview's other filters: as many figures as
// the summary says.
func listURL(s checks.Subject, kind models.QuantityKind, starts string, q url.Values) string {
	v := url.Values{}
	for _, k := range []string{"source", "qualifier", "from", "to"} {
		if vs, ok := q[k]; ok {
			v[k] = vs
		}
	}
	state := func(code string) string {
		if code == "" {
			return "none"
		}
		return code
	}
	v.Set("metric", s.Metric)
	v.Set("population", s.Population)
	v.Set("acting", state(s.ActingState))
	v.Set("receiving", state(s.ReceivingState))
	v.Set("unit", s.Unit)
	if kind != "" {
		v.Set("kind", string(kind))
	}
	if starts != "" {
		v.Set("starts", starts)
	}
	v.Set("summarised", "true")
	return "/figures?" + v.Encode()
}

// year reports whether the step is a whole year.
func (s summaryStep) year() bool {
	return s.Start.Month == 1 && s.End.Month == 12 && s.Start.Year == s.End.Year
}

// stepStarts is a step as the list's starts parameter writes it: its
// year, or its month.
func stepStarts(st summaryStep) string {
	if st.year() {
		return st.Start.String()[:4]
	}
	return st.Start.String()[:7]
}

// steps merges a subject's month summaries into steps, by kind.
func steps(cells []models.MonthSummary, step Step) []summaryStep {
	type key struct {
		kind  models.QuantityKind
		start models.Date
	}
	at := map[key]*summaryStep{}
	var out []*summaryStep
	for _, c := range cells {
		m := monthStart(c.Month)
		start, end := m, models.NewDate(m.Year, m.Month+1, 0)
		if step == StepYear {
			start, end = models.NewDate(m.Year, 1, 1), models.NewDate(m.Year, 12, 31)
		}
		k := key{c.Kind, start}
		s := at[k]
		if s == nil {
			s = &summaryStep{Start: start, End: end}
			s.MonthSummary = models.MonthSummary{Population: c.Population, ActingState: c.ActingState, ReceivingState: c.ReceivingState,
				Unit: c.Unit, Metric: c.Metric, Kind: c.Kind, Month: c.Month}
			at[k] = s
			out = append(out, s)
		}
		s.Add(c)
	}
	res := make([]summaryStep, len(out))
	for i, s := range out {
		res[i] = *s
	}
	sort.SliceStable(res, func(i, j int) bool {
		if res[i].Start != res[j].Start {
			return res[i].Start.Before(res[j].Start)
		}
		return markKind(res[i].Kind) < markKind(res[j].Kind)
	})
	return res
}

func markKind(k models.QuantityKind) int {
	switch k {
	case models.Cumulative:
		return markCumulative
	case models.Stock:
		return markStock
	}
	return markFlow
}

// stepLabel is a step as the table writes it: "2015" or "Mar 2015"
// ("2015년", "2015년 3월").
func stepLabel(l models.Lang, s summaryStep) string {
	year := s.year()
	switch {
	case l != models.English && year:
		return models.PartialDate{Start: s.Start, End: s.End, Precision: models.PrecisionYear}.LabelIn(l)
	case l != models.English:
		return models.PartialDate{Start: s.Start, End: s.End, Precision: models.PrecisionMonth}.LabelIn(l)
	case year:
		return fmt.Sprint(s.Start.Year)
	}
	return s.Start.Time().Format("Jan 2006")
}

// summaryText says what a step's figures state, in words: "340 figures,
// stated numbers from 3 to 2,400 people (120 may be higher); 25 more
// give only words", "1 figure, stating 51 people".
func summaryText(l models.Lang, s models.MonthSummary) string {
	var b strings.Builder
	if s.N > 0 {
		b.WriteString(i18n.T(l, "chart.summary.figures", "Count", s.N))
		switch {
		case s.N == 1:
			b.WriteString(i18n.T(l, "chart.summary.stating", "Value", s.Low))
		case s.Low == s.High:
			b.WriteString(i18n.T(l, "chart.summary.each_stating", "Value", s.Low))
		default:
			b.WriteString(i18n.T(l, "chart.summary.stated_from", "Low", s.Low, "High", s.High))
		}
		b.WriteString(models.UnitAfterIn(l, s.Unit, s.High))
		var bounds []string
		if s.LowerBounds > 0 {
			bounds = append(bounds, i18n.T(l, "chart.summary.lower_bounds", "Count", s.LowerBounds))
		}
		if s.UpperBounds > 0 {
			bounds = append(bounds, i18n.T(l, "chart.summary.upper_bounds", "Count", s.UpperBounds))
		}
		if len(bounds) > 0 {
			b.WriteString(" (" + strings.Join(bounds, ", ") + ")")
		}
	}
	if s.Words > 0 {
		if b.Len() > 0 {
			b.WriteString(i18n.T(l, "chart.summary.more_words", "Count", s.Words))
		} else {
			b.WriteString(i18n.T(l, "chart.summary.only_words", "Count", s.Words))
		}
	}
	return b.String()
}

// subjectRow is a subject listed, not drawn: how many figures and the
// range of their numbers over all its periods.
func subjectRow(l models.Lang, s checks.Subject, metricLabel string, cells []models.MonthSummary, q url.Values) Row {
	all := summaryStep{}
	all.Unit = s.Unit
	for _, c := range cells {
		all.Add(c)
	}
	periods, rng := "", ""
	if all.N > 0 {
		periods = i18n.T(l, "chart.summary.range", "First", all.FirstStart.String(), "Last", all.LastEnd.String())
		rng = i18n.T(l, "chart.summary.range", "First", all.Low, "Last", all.High)
	}
	return Row{Link: listURL(s, "", "", q), Cells: []string{
		subjectTitle(metricLabel, s), models.FormatIntIn(l, all.N+all.Words), rng, periods}}
}

// summaryChart draws one subject's steps.
func summaryChart(l models.Lang, name, title string, s checks.Subject, metricLabel string, cells []models.MonthSummary, step Step, q url.Values) Chart {
	ch := Chart{Name: name, Title: title, Steps: true, Step: step, Note: i18n.T(l, "chart.summary.note"), ListURL: listURL(s, "", "", q),
		Table: Table{Caption: title, Columns: storyColumns(l)}}
	var marks []storyMark
	var figures int64
	for _, st := range steps(cells, step) {
		url := listURL(s, st.Kind, stepStarts(st), q)
		text := summaryText(l, st.MonthSummary)
		figures += st.N + st.Words
		ch.Table.Rows = append(ch.Table.Rows, Row{Link: url, Cells: []string{stepLabel(l, st), text, models.KindTextIn(l, st.Kind), i18n.T(l, "chart.summary.see_list")}})
		if st.N == 0 {
			continue
		}
		m := storyMark{Kind: markKind(st.Kind), Start: st.Start, End: st.End, High: float64(st.High), URL: url,
			Label: i18n.T(l, "chart.summary.figures", "Count", st.N)}
		m.Reported.Period = models.UniformPeriod(st.Start, st.End, models.PrecisionDay)
		if st.Low < st.High {
			m.Low, m.Flags = float64(st.Low), flagRange
		}
		if st.LowerBounds > 0 {
			m.Flags |= flagOpen
		}
		m.Tooltip = i18n.T(l, "chart.summary.tooltip", "Step", stepLabel(l, st), "Metric", metricLabel, "Kind", models.KindTextIn(l, st.Kind),
			"Text", text, "LastEnd", st.LastEnd.String())
		marks = append(marks, m)
	}
	stepName := i18n.T(l, "chart.summary.by_month")
	if step == StepYear {
		stepName = i18n.T(l, "chart.summary.by_year_step")
	}
	if l == models.English {
		metricLabel = strings.ToLower(metricLabel)
	}
	ch.Description = i18n.T(l, "chart.summary.aria", "Metric", metricLabel, "Population", s.Population, "Count", figures, "Step", stepName)
	if len(marks) > 0 {
		ch.Options = storyOptions(l, ch.Title, "", "", s.Unit, step, marks)
	}
	return ch
}
