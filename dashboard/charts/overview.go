package charts

import (
	"fmt"
	"sort"

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

// Apprehensions charts apprehensions reported as flows, one bar per period,
// labelled with its real period. Cumulative totals and subgroups are left
// out: a total "since June 2016" contains the flows and must never stand
// beside them as if it were another period. The alternative view divides
// each flow by the months of its period, so periods of different length
// compare honestly.
func Apprehensions(all []models.FigureView) Chart {
	var flows []models.FigureView
	for _, v := range countable(all) {
		f := v.Figure
		if f.Metric == MetricApprehended && f.Kind == models.Flow && f.SubgroupOf == "" {
			flows = append(flows, v)
		}
	}
	sort.SliceStable(flows, func(i, j int) bool {
		a, b := flows[i].Figure.Period, flows[j].Figure.Period
		if a.Start != b.Start {
			return a.Start.Before(b.Start)
		}
		return a.End.Before(b.End)
	})
	line, link := SourceLine(flows)
	ch := Chart{
		Name:        "apprehensions",
		Title:       "Apprehensions by period",
		Description: "Bar chart of apprehensions reported for each period.",
		Note:        "Each bar is one reported period. Dashed, lighter bars are documented counts or lower bounds: the true number may be higher. Use “Per month” to compare periods of different length.",
		SourceLine:  line,
		SourceURL:   link,
		Table:       Table{Caption: "Apprehensions by period", Columns: []string{"Period", "Apprehended", "Months", "Per month", "Reported by"}},
	}
	labels := periodLabels(flows)
	var counts, rates []bar
	for i := range flows {
		v := &flows[i]
		months := v.Figure.Period.Months()
		counts = append(counts, barFor(labels[i], v, 1))
		rates = append(rates, barFor(labels[i], v, months))
		ch.Table.Rows = append(ch.Table.Rows, Row{Link: figureURL(v.Figure), Cells: []string{
			labels[i], v.Figure.ValueLabel(), monthsLabel(months), rateLabel(v.Figure, months), v.Figure.ReportedBy + ", via " + v.Source.Publisher,
		}})
	}
	if len(flows) == 0 {
		return ch
	}
	ch.Description = fmt.Sprintf("Bar chart of apprehensions in %d reported periods.", len(flows))
	ch.Options = barOptions(ch.Title, line, link, "people", false, counts)
	ch.AltOptions = barOptions(ch.Title+" — per month", line, link, "people per month", false, rates)
	return ch
}

// periodLabels names each figure's period; two reports of the same period
// from different sources get the reporter added, so bars never merge.
func periodLabels(views []models.FigureView) []string {
	count := map[string]int{}
	for _, v := range views {
		count[v.Figure.Period.Label()]++
	}
	out := make([]string, len(views))
	for i, v := range views {
		l := v.Figure.Period.Label()
		if count[l] > 1 {
			l += " (" + v.Figure.ReportedBy + ", " + v.Source.PublishedOn.String() + ")"
		}
		out[i] = l
	}
	return out
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
	var best Cohort
	for i := range views {
		t := &views[i]
		f := t.Figure
		if f.Metric != MetricApprehended || f.Kind != models.Cumulative || f.SubgroupOf != "" {
			continue
		}
		c := Cohort{Total: t}
		for j := range views {
			o := &views[j]
			g := o.Figure
			switch {
			case g.SubgroupOf == f.Key:
				c.Subgroups = append(c.Subgroups, *o)
			case g.Metric == MetricInCustody && g.Kind == models.Stock && sameGroup(f, g) && !g.Period.Start.Before(f.Period.End):
				if c.InCustody == nil || c.InCustody.Figure.Period.Start.Before(g.Period.Start) {
					c.InCustody = o
				}
			case g.Metric == MetricReturned && sameGroup(f, g) && g.Period.Start == f.Period.Start:
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
