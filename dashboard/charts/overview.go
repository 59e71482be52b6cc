package charts

import (
	"fmt"
	"strings"

	"forcedreturns/internal/checks"
	"forcedreturns/models"
)

// Metric slugs the overview charts are about.
const (
	MetricApprehended = "apprehended"
	MetricInCustody   = "in_custody"
	MetricReturned    = "forcibly_returned"
)

// countable keeps the published figures: retracted and draft ones never
// enter a chart.
func countable(views []models.FigureView) []models.FigureView {
	var out []models.FigureView
	for _, v := range views {
		if v.Figure.Countable() {
			out = append(out, v)
		}
	}
	return out
}

func sameGroup(a, b models.Figure) bool {
	return a.Population == b.Population && a.ActingState == b.ActingState && a.ReceivingState == b.ReceivingState
}

// Apprehensions charts apprehensions reported as flows for one subject
// (population and states), one bar per reported period, labelled with its
// real period. It follows checks.Rule: reports of the same period by
// several sources are one bar ("reported by 2 sources", or the range they
// span when they differ); cumulative totals, stocks and subgroups are left
// out, since a total "since June 2016" contains the flows; a period nested
// in another is drawn beside it, never stacked. The alternative view
// divides each flow by the months of its period, so periods of different
// length compare honestly.
func Apprehensions(all []models.FigureView) Chart {
	views := countable(all)
	byKey := map[string]*models.FigureView{}
	figs := make([]models.Figure, len(views))
	for i := range views {
		figs[i] = views[i].Figure
		byKey[views[i].Figure.Key] = &views[i]
	}
	subject, ok := apprehensionSubject(all, figs)
	ch := Chart{
		Name:        "apprehensions",
		Title:       "Apprehensions by period",
		Description: "Bar chart of apprehensions reported for each period.",
		Note: "Each bar is one reported period; reports of the same period by several sources are one bar. " +
			"Dashed, lighter bars are documented counts or lower bounds: the true number may be higher. " +
			"Periods inside a longer one are drawn beside it, never added to it. Use “Per month” to compare periods of different length.",
		Table: Table{Caption: "Apprehensions by period", Columns: []string{"Period", "Apprehended", "Months", "Per month", "Reported by"}},
	}
	if !ok {
		return ch
	}
	points := checks.Series(figs, subject)
	var shown []models.FigureView
	var counts, rates []bar
	for _, p := range points {
		first := byKey[p.Figures[0].Key]
		for _, f := range p.Figures {
			shown = append(shown, *byKey[f.Key])
		}
		label := p.Period.Label()
		months := p.Period.Months()
		count, rate := barFor(label, first, 1), barFor(label, first, months)
		value := first.Figure.ValueLabel()
		if len(p.Figures) > 1 {
			count, rate = groupBar(label, p, 1, byKey), groupBar(label, p, months, byKey)
			value = p.Text()
		}
		if p.Role == checks.RolePart || p.Role == checks.RoleTotal || p.Role == checks.RoleOverlapping {
			note := "\nShown beside the periods it overlaps; never added to them (" + string(p.Role) + ")."
			count.Tooltip += note
			rate.Tooltip += note
		}
		counts, rates = append(counts, count), append(rates, rate)
		ch.Table.Rows = append(ch.Table.Rows, Row{Link: figureURL(first.Figure), Cells: []string{
			label, value, monthsLabel(months), perMonthText(p.PerMonth), p.Attribution(),
		}})
	}
	if len(points) == 0 {
		return ch
	}
	ch.SourceLine, ch.SourceURL = SourceLine(shown)
	ch.Description = fmt.Sprintf("Bar chart of apprehensions of %s in %d reported periods.", subject.Population, len(points))
	ch.Options = barOptions(ch.Title, ch.SourceLine, ch.SourceURL, "people", false, counts)
	ch.AltOptions = barOptions(ch.Title+" — per month", ch.SourceLine, ch.SourceURL, "people per month", false, rates)
	return ch
}

// apprehensionSubject picks the subject the overview charts: that of the
// cohort the overview describes when there is one, else the subject with
// the most reported flows.
func apprehensionSubject(all []models.FigureView, figs []models.Figure) (checks.Subject, bool) {
	if c := FindCohort(all); c.Total != nil {
		f := c.Total.Figure
		s := checks.Subject{Metric: MetricApprehended, Population: f.Population, ActingState: f.ActingState, ReceivingState: f.ReceivingState}
		if len(checks.Series(figs, s)) > 0 {
			return s, true
		}
	}
	best, n := checks.Subject{}, 0
	for _, s := range checks.Subjects(figs) {
		if s.Metric != MetricApprehended {
			continue
		}
		if k := len(checks.Series(figs, s)); k > n {
			best, n = s, k
		}
	}
	return best, n > 0
}

// groupBar draws a quantity reported by several sources as one bar: the
// value they agree on, or the range from the lowest to the highest report
// when they differ, with who said what in the tooltip.
func groupBar(label string, p checks.SeriesPoint, scale float64, byKey map[string]*models.FigureView) bar {
	in := p.Interval
	b := bar{Category: label, URL: figureURL(p.Figures[0])}
	low, high := in.Low, in.High
	if !in.Bounded() {
		high = low // a lower bound: drawn at the bound, dashed
	}
	b.Low, b.High = low/scale, high/scale
	if b.Low == b.High {
		b.Low = 0
	}
	b.Label = p.Text() + " · " + fmt.Sprint(len(p.Sources())) + " sources"
	if scale != 1 {
		b.Label = perMonthText(p.Interval.Scale(1/scale)) + " / month · " + fmt.Sprint(len(p.Sources())) + " sources"
	}
	lines := []string{label + ": " + p.Text() + " — " + p.Attribution()}
	for _, f := range p.Figures {
		line := f.ValueLabel() + " — " + f.ReportedBy
		if v := byKey[f.Key]; v != nil {
			line += ", via " + v.Source.Publisher
		}
		lines = append(lines, line+": “"+clip(f.Quote, 160)+"”")
	}
	b.Tooltip = strings.Join(lines, "\n")
	return b
}

func perMonthText(in checks.Interval) string {
	if in.Empty() {
		return ""
	}
	return in.String()
}

// Cohort is an apprehension total with what is known of its people: who is
// still in custody, who was forced back, and the named groups among them.
type Cohort struct {
	Total     *models.FigureView
	InCustody *models.FigureView
	Returned  *models.FigureView
	Subgroups []models.FigureView
}

// FindCohort picks the apprehension total the overview describes: among
// published apprehension totals that are not subgroups, the one with a
// custody count taken at or after its end (latest first), else the latest.
func FindCohort(all []models.FigureView) Cohort {
	views := countable(all)
	// Index once, so that finding each total's parts is not a scan of every
	// figure: the overview must stay cheap on a large database.
	subgroups := map[string][]models.FigureView{}
	var totals, stocks, returns []*models.FigureView
	for i := range views {
		v := &views[i]
		f := v.Figure
		switch {
		case f.SubgroupOf != "":
			subgroups[f.SubgroupOf] = append(subgroups[f.SubgroupOf], *v)
		case f.Metric == MetricApprehended && f.Kind == models.Cumulative:
			totals = append(totals, v)
		case f.Metric == MetricInCustody && f.Kind == models.Stock:
			stocks = append(stocks, v)
		case f.Metric == MetricReturned:
			returns = append(returns, v)
		}
	}
	var best Cohort
	for _, t := range totals {
		f := t.Figure
		c := Cohort{Total: t, Subgroups: subgroups[f.Key]}
		for _, o := range stocks {
			if g := o.Figure; sameGroup(f, g) && !g.Period.Start.Before(f.Period.End) {
				if c.InCustody == nil || c.InCustody.Figure.Period.Start.Before(g.Period.Start) {
					c.InCustody = o
				}
			}
		}
		for _, o := range returns {
			if g := o.Figure; sameGroup(f, g) && g.Period.Start == f.Period.Start {
				c.Returned = o
			}
		}
		if best.Total == nil || score(c) > score(best) ||
			(score(c) == score(best) && best.Total.Figure.Period.End.Before(f.Period.End)) {
			best = c
		}
	}
	return best
}

func score(c Cohort) int {
	s := len(c.Subgroups)
	if c.InCustody != nil {
		s += 100
	}
	return s
}
