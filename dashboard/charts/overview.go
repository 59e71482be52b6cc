package charts

import (
	"strings"

	"forcedreturns/internal/checks"
	"forcedreturns/internal/i18n"
	"forcedreturns/models"
)

// countable keeps the figures a chart may draw (models.Figure.Countable):
// retracted and draft ones never enter a chart, nor one that gives no
// number.
func countable(views []models.FigureView) []models.FigureView {
	return keep(views, (*models.Figure).Countable)
}

// listed keeps the published figures, with and without a number: those a
// chart's table lists. A figure without a number (Qualifier.HasNumber) is
// a row there, never a mark.
func listed(views []models.FigureView) []models.FigureView {
	return keep(views, (*models.Figure).Published)
}

// keep returns the views whose figure passes ok: views itself when all do
// (the charts never change a view), else a copy of the exact size, since
// views are large and growing a slice of many would copy them again and
// again.
func keep(views []models.FigureView, ok func(*models.Figure) bool) []models.FigureView {
	n := 0
	for i := range views {
		if ok(&views[i].Figure) {
			n++
		}
	}
	if n == len(views) {
		return views[:n:n]
	}
	out := make([]models.FigureView, 0, n)
	for i := range views {
		if ok(&views[i].Figure) {
			out = append(out, views[i])
		}
	}
	return out
}

// notDrawnNote is what a chart's note adds when its table lists figures
// it does not draw (onPeopleAxis).
func notDrawnNote(l models.Lang) string { return " " + i18n.T(l, "chart.not_drawn_note") }

// noNumberText is a table's words for a figure without a number where a
// number would be: “dozens” (no number given), not drawn.
func noNumberText(l models.Lang, f models.Figure) string {
	return i18n.T(l, "chart.no_number_not_drawn", "Value", f.ValueLabelIn(l))
}

// ApprehensionsIn charts, in language l, apprehensions reported as flows for one subject
// (population and states), one bar per reported period, labelled with its
// real period. It follows checks.Rule: reports of the same period by
// several sources are one bar ("reported by 2 sources", or the range they
// span when they differ); cumulative totals, stocks and subgroups are left
// out, since a total "since June 2016" contains the flows; a period nested
// in another is drawn beside it, never stacked. The alternative view
// divides each flow by the months of its period, so periods of different
// length compare honestly.
//
// c is the cohort the overview describes (FindCohort of the same views),
// found once for this chart and the cohort's own.
func ApprehensionsIn(l models.Lang, all []models.FigureView, c Cohort) Chart {
	views := countable(all)
	byKey := map[string]*models.FigureView{}
	figs := make([]models.Figure, len(views))
	for i := range views {
		figs[i] = views[i].Figure
		byKey[views[i].Figure.Key] = &views[i]
	}
	groups := checks.Group(figs)
	subject, ok := apprehensionSubject(c, groups)
	title := i18n.T(l, "chart.apprehensions.title")
	ch := Chart{
		Name:        "apprehensions",
		Title:       title,
		Description: i18n.T(l, "chart.apprehensions.aria"),
		Note:        i18n.T(l, "chart.apprehensions.note"),
		Table: Table{Caption: title, Columns: []string{i18n.T(l, "chart.col.period"), i18n.T(l, "chart.col.apprehended"),
			i18n.T(l, "chart.col.months"), i18n.T(l, "chart.col.per_month"), i18n.T(l, "chart.col.reported_by")}},
	}
	if !ok {
		return ch
	}
	points := checks.Series(groups, subject)
	var shown []models.FigureView
	var counts, rates []bar
	for _, p := range points {
		first := byKey[p.Figures[0].Key]
		for _, f := range p.Figures {
			shown = append(shown, *byKey[f.Key])
		}
		label := p.Period.LabelIn(l, models.Flow)
		in := func(key string) *models.FigureView { return byKey[key] }
		count, rate := barFor(l, label, first, in), rateBar(l, label, first, in)
		value, perMonth := derivedLabel(l, first.Figure.ValueLabelIn(l), first.Figure.Derived), ""
		if r, ok := first.Figure.PerMonth(); ok {
			perMonth = r.ShortIn(l)
		}
		if len(p.Figures) > 1 {
			count, value = groupBar(l, label, p, p.Interval, p.Text(), byKey), p.Text()
			if p.PerMonth != nil {
				rate, perMonth = groupBar(l, label, p, *p.PerMonth, i18n.T(l, "chart.per_month_label", "Value", perMonthText(*p.PerMonth)), byKey), perMonthText(*p.PerMonth)
			} else {
				rate, perMonth = noRateBar(l, groupBar(l, label, p, p.Interval, p.Text(), byKey), p.Period), ""
			}
		}
		if p.Role == checks.RolePart || p.Role == checks.RoleTotal || p.Role == checks.RoleOverlapping {
			note := "\n" + i18n.T(l, "chart.shown_beside", "Role", roleText(l, p.Role))
			count.Tooltip += note
			rate.Tooltip += note
		}
		counts, rates = append(counts, count), append(rates, rate)
		months := models.MonthsIn(l, p.Period.Months())
		if p.Period.Mixed() {
			months = i18n.T(l, "chart.up_to", "Months", months) // the stated bounds are the longest reading (models.Period.Months)
		}
		ch.Table.Rows = append(ch.Table.Rows, Row{Link: figureURL(first.Figure), Cells: []string{
			label, value, months, perMonth, p.AttributionIn(l),
		}})
	}
	if len(points) == 0 {
		return ch
	}
	// Flows of the subject that give no number are listed, never drawn.
	var words int
	for _, v := range listed(all) {
		f := v.Figure
		if f.Qualifier.HasNumber() || checks.SubjectOf(f) != subject || f.Kind != models.Flow || f.SubgroupOf != "" {
			continue
		}
		words++
		shown = append(shown, v)
		ch.Table.Rows = append(ch.Table.Rows, Row{Link: figureURL(f), Cells: []string{
			f.Period.LabelIn(l, f.Kind), noNumberText(l, f), models.MonthsIn(l, f.Period.Months()), "", reportedBy(l, f.ReportedBy),
		}})
	}
	if words > 0 {
		ch.Note += notDrawnNote(l)
	}
	ch.SourceLine, ch.SourceURL = SourceLineIn(l, shown)
	ch.Description = i18n.T(l, "chart.apprehensions.aria_of", "Population", subject.Population, "Count", len(points))
	ch.Options = barOptions(l, ch.Title, ch.SourceLine, ch.SourceURL, i18n.T(l, "chart.axis.people"), false, counts)
	ch.AltOptions = barOptions(l, i18n.T(l, "chart.apprehensions.title_per_month", "Title", ch.Title), ch.SourceLine, ch.SourceURL, i18n.T(l, "chart.axis.people_per_month"), false, rates)
	return ch
}

// apprehensionSubject picks the subject the overview charts: that of the
// cohort the overview describes when there is one, else the subject with
// the most reported flows.
// groups are the countable figures grouped (checks.Group).
func apprehensionSubject(c Cohort, groups []checks.Reported) (checks.Subject, bool) {
	bySubject := map[checks.Subject][]checks.Reported{}
	for _, r := range groups {
		s := checks.SubjectOf(r.Figures[0])
		bySubject[s] = append(bySubject[s], r)
	}
	if c.Total != nil {
		f := c.Total.Figure
		s := checks.SubjectOf(f)
		if s.Unit == models.UnitPeople && len(checks.Series(bySubject[s], s)) > 0 {
			return s, true
		}
	}
	best, n := checks.Subject{}, 0
	for _, s := range checks.Subjects(groups) {
		if s.Metric != models.MetricApprehended || s.Unit != models.UnitPeople {
			continue
		}
		if k := len(checks.Series(bySubject[s], s)); k > n {
			best, n = s, k
		}
	}
	return best, n > 0
}

// groupBar draws a quantity reported by several sources as one bar over
// the interval the checks give it (the count, or its rate per month): the
// value they agree on, or the range from the lowest to the highest report
// when they differ, with who said what in the tooltip. text labels it.
func groupBar(l models.Lang, label string, p checks.SeriesPoint, in checks.Interval, text string, byKey map[string]*models.FigureView) bar {
	b := bar{Category: label, URL: figureURL(p.Figures[0]), Figures: mergedKeys(p.Figures), Open: !in.Bounded()}
	low, high := in.Low, in.High
	if !in.Bounded() {
		high = low // a lower bound: drawn at the bound, dashed
	}
	b.Low, b.High = low, high
	if b.Low == b.High {
		b.Low = 0
	}
	b.Label = text + sourcesSuffix(l, reportCount(p.Figures, byKey))
	lines := []string{label + ": " + p.Text() + " — " + p.AttributionIn(l)}
	for _, f := range p.Figures {
		line := f.ValueLabelIn(l) + " — " + f.ReportedBy
		if v := byKey[f.Key]; v != nil {
			line = f.ValueLabelIn(l) + " — " + v.CreditIn(l, nil)
		}
		lines = append(lines, line+": "+EvidenceTextIn(l, &f, 160, func(s string) string { return s }))
	}
	b.Tooltip = strings.Join(lines, "\n")
	return b
}

// sourcesSuffix is what a mark standing for n reports adds to its label:
// " · 3 sources", " · 출처 3곳".
func sourcesSuffix(l models.Lang, n int) string {
	return " · " + i18n.T(l, "chart.sources", "Count", n)
}

// reportedBy is a table's "reported by Human Rights Watch".
func reportedBy(l models.Lang, who string) string {
	return i18n.T(l, "chart.reported_by", "Who", who)
}

// roleText names a period's role among the periods it overlaps (part,
// total, overlapping) for a reader.
func roleText(l models.Lang, r checks.Role) string {
	switch r {
	case checks.RolePart:
		return i18n.T(l, "chart.role.part")
	case checks.RoleTotal:
		return i18n.T(l, "chart.role.total")
	case checks.RoleOverlapping:
		return i18n.T(l, "chart.role.overlapping")
	}
	return string(r)
}

func perMonthText(in checks.Interval) string {
	if in.Empty() {
		return ""
	}
	return in.String()
}

// Cohort is an apprehension total with what is known of its people: who is
// still in custody, who was forced back, the named groups among them and
// the shares of it ("more than 60 % were women"), which are never drawn.
type Cohort struct {
	Total     *models.FigureView
	InCustody *models.FigureView
	Returned  *models.FigureView
	Subgroups []models.FigureView
	Shares    []models.FigureView
}

// FindCohort picks the cohort the overview describes. The checks decide
// what a cohort and its split are (checks.CohortRule.EachSplit, with the
// default rule: the apprehended, those still in custody and those forcibly
// returned), so the chart and the cohort check on /checks always show the
// same figures. Of several splits, the one whose cohort has the most named
// subgroups is shown, then the one ending last, then the latest stock and
// outflow. With no split, the cohort is the figure the rule may take as
// one (checks.CohortRule.IsCohort) with the most subgroups, then ending
// last, then starting first, without parts. Corroborating reports are one
// quantity; the first report (by source) stands for it.
func FindCohort(all []models.FigureView) Cohort {
	views := countable(all)
	rule := checks.DefaultCohorts()[0]
	// Index once, so that finding each total's parts is not a scan of every
	// figure: the overview must stay cheap on a large database.
	byKey := map[string]*models.FigureView{}
	subgroups := map[string][]models.FigureView{}
	shares := map[string][]models.FigureView{}
	figs := make([]models.Figure, len(views))
	for i := range views {
		f := views[i].Figure
		figs[i] = f
		byKey[f.Key] = &views[i]
	}
	// A named group that gives no number is still among the people: Groups
	// lists it, and it keeps "the rest" from being drawn.
	for _, v := range listed(all) {
		f := v.Figure
		if f.SubgroupOf != "" {
			subgroups[f.SubgroupOf] = append(subgroups[f.SubgroupOf], v)
		}
		if f.ShareOf != "" {
			shares[f.ShareOf] = append(shares[f.ShareOf], v)
		}
	}
	subgroupsOf := func(r checks.Reported) []models.FigureView {
		var out []models.FigureView
		for _, k := range r.Keys() {
			out = append(out, subgroups[k]...)
		}
		return out
	}
	var best Cohort
	var bestRank []int
	rule.EachSplit(figs, func(sp checks.CohortSplit) {
		named := 0
		for i := range sp.Cohort.Figures {
			named += len(subgroups[sp.Cohort.Figures[i].Key])
		}
		rank := []int{named, dayOf(sp.Cohort.Period.End), dayOf(sp.Stock.Period.End), dayOf(sp.Outflow.Period.End)}
		if best.Total == nil || later(rank, bestRank) {
			best = Cohort{Total: byKey[sp.Cohort.Keys()[0]], InCustody: byKey[sp.Stock.Keys()[0]],
				Returned: byKey[sp.Outflow.Keys()[0]], Subgroups: subgroupsOf(sp.Cohort)}
			bestRank = rank
		}
	})
	if best.Total != nil {
		best.Shares = shares[best.Total.Figure.Key]
		return best
	}
	for i := range views {
		f := views[i].Figure
		if !rule.IsCohort(f) {
			continue
		}
		c := Cohort{Total: &views[i], Subgroups: subgroups[f.Key], Shares: shares[f.Key]}
		rank := []int{len(c.Subgroups), dayOf(f.Period.End), -dayOf(f.Period.Start)}
		if best.Total == nil || later(rank, bestRank) {
			best, bestRank = c, rank
		}
	}
	return best
}

// dayOf orders dates.
func dayOf(d models.Date) int { return int(d.Time().Unix() / 86400) }

// later compares ranks element by element: the first difference decides.
func later(a, b []int) bool {
	for i := range a {
		if a[i] != b[i] {
			return a[i] > b[i]
		}
	}
	return false
}
