package charts

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"forcedreturns/internal/checks"
	"forcedreturns/internal/i18n"
	"forcedreturns/models"
)

// OutcomesIn charts, in language l, what became of the people in a cohort: the total caught
// on one bar, and below it, one bar each, "of them" the people still in
// custody and those forced back — they split the same people, so they are
// never added to the total. Each bar has its own row and its label beside
// it, so no label sits in another's segment, however narrow the chart. A
// derived part is drawn in the derived colour with its formula in the
// tooltip.
func OutcomesIn(l models.Lang, c Cohort) Chart {
	title := i18n.T(l, "chart.outcomes.title")
	ch := Chart{Name: "outcomes", Title: title,
		Note: i18n.T(l, "chart.outcomes.note"),
		Table: Table{Caption: title, Columns: []string{i18n.T(l, "chart.col.group"), i18n.T(l, "chart.col.people"),
			i18n.T(l, "chart.col.as_of"), i18n.T(l, "chart.col.how_known")}}}
	if c.Total == nil || (c.InCustody == nil && c.Returned == nil) {
		return ch
	}
	views := []models.FigureView{*c.Total}
	totalPeriod := c.Total.Figure.Period.LabelIn(l, c.Total.Figure.Kind)
	totalCat := i18n.T(l, "chart.outcomes.caught", "Period", totalPeriod)
	// A part derived from the others (those forced back: the total less
	// those still held) shows its formula with their numbers.
	known := c.known()
	bars := []bar{barFor(l, totalCat, c.Total, known)}
	ch.Table.Rows = append(ch.Table.Rows, cohortRow(l, totalCat, c.Total, known))
	for _, v := range []*models.FigureView{c.InCustody, c.Returned} {
		if v == nil {
			continue
		}
		views = append(views, *v)
		metric := v.Metric.LabelIn(l).Text
		if l == models.English {
			metric = lowerFirst(metric) // mid-sentence; Korean has no case
		}
		bars = append(bars, barFor(l, i18n.T(l, "chart.outcomes.of_them", "Metric", metric, "Period", v.Figure.Period.LabelIn(l, v.Figure.Kind)), v, known))
		ch.Table.Rows = append(ch.Table.Rows, cohortRow(l, v.Metric.LabelIn(l).Text, v, known))
	}
	ch.SourceLine, ch.SourceURL = SourceLineIn(l, views)
	ch.Description = i18n.T(l, "chart.outcomes.aria", "Value", c.Total.Figure.ValueLabelIn(l), "Period", totalPeriod)
	ch.Options = barOptions(l, ch.Title, ch.SourceLine, ch.SourceURL, i18n.T(l, "chart.axis.people"), true, bars)
	return ch
}

// stated is a table's "how known" for a figure the source states, with its
// qualifier: "stated (exact)".
func stated(l models.Lang, f models.Figure) string {
	return i18n.T(l, "chart.stated", "Qualifier", f.Qualifier.NameIn(l))
}

// known is the cohort's total and its parts, as known to formulaShown.
func (c Cohort) known() known { return knownOf(c.Total, c.InCustody, c.Returned) }

// cohortRow is a cohort table's row of v, a derived figure's formula
// written with the numbers of those of known it names (formulaShown).
func cohortRow(l models.Lang, name string, v *models.FigureView, known known) Row {
	how := stated(l, v.Figure)
	if v.Figure.Derived {
		how = i18n.T(l, "chart.derived_how", "Formula", formulaShown(v.Figure, known))
	}
	return Row{Link: figureURL(v.Figure), Cells: []string{name, v.Figure.ValueLabelIn(l), v.Figure.Period.LabelIn(l, v.Figure.Kind), how}}
}

// notNamed names the derived remainder of a cohort for what it is: the
// people the report's named groups leave out. (A report's own "the rest"
// may mean something else, such as those forced back.)
func notNamed(l models.Lang) string { return i18n.T(l, "chart.groups.not_named") }

// GroupsIn charts, in language l, the named groups among a cohort (a newborn, other
// children, older women) and the rest: the remainder is derived (total
// minus the named groups), marked as such, qualified as the total is, and
// only drawn when checks.NotNamed knows it (every group a count, the
// total a number with at most one bound: "about", a range, a bound on a
// group or a group that gives no number leave the rest unknown). A group
// that gives no number is listed in the table, never drawn. Shares of the
// cohort ("more than 60 % were women") are listed in the table in their
// words, never drawn: a percentage is not a number of people, and the
// tracker never turns one into one.
func GroupsIn(l models.Lang, c Cohort) Chart {
	title := i18n.T(l, "chart.groups.title")
	ch := Chart{Name: "groups", Title: title,
		Note:  i18n.T(l, "chart.groups.note", "NotNamed", notNamed(l)),
		Table: Table{Caption: title, Columns: []string{i18n.T(l, "chart.col.group"), i18n.T(l, "chart.col.people"), i18n.T(l, "chart.col.how_known")}}}
	if c.Total == nil || len(c.Subgroups) == 0 {
		return ch
	}
	views := append([]models.FigureView{*c.Total}, c.Subgroups...)
	var bars []bar
	var named []models.Quantity
	var terms []string
	drawn := 0
	for i := range c.Subgroups {
		v := &c.Subgroups[i]
		named = append(named, v.Figure.Quantity())
		if !v.Figure.Qualifier.HasNumber() {
			ch.Table.Rows = append(ch.Table.Rows, Row{Link: figureURL(v.Figure), Cells: []string{v.Figure.Population, noNumberText(l, v.Figure), stated(l, v.Figure)}})
			continue
		}
		drawn++
		bars = append(bars, barFor(l, v.Figure.Population, v, c.known()))
		ch.Table.Rows = append(ch.Table.Rows, Row{Link: figureURL(v.Figure), Cells: []string{v.Figure.Population, v.Figure.ValueLabelIn(l), stated(l, v.Figure)}})
		terms = append(terms, models.FormatIntIn(l, v.Figure.Value))
	}
	for i := range c.Shares {
		v := &c.Shares[i]
		views = append(views, *v)
		ch.Table.Rows = append(ch.Table.Rows, Row{Link: figureURL(v.Figure), Cells: []string{v.Figure.Population,
			v.Figure.ShareTextIn(l, c.Total.Figure, c.Total.Metric.LabelIn(l).Text), i18n.T(l, "chart.stated_share", "Qualifier", v.Figure.Qualifier.NameIn(l))}})
	}
	if len(c.Shares) > 0 {
		ch.Note += " " + i18n.T(l, "chart.groups.shares_note")
	}
	if q, ok := checks.NotNamed(c.Total.Figure.Quantity(), named); ok {
		rest := models.Figure{Qualifier: q.Qualifier, Value: q.Value, Unit: c.Total.Figure.Unit}
		restText := rest.ValueLabelIn(l)
		formula := fmt.Sprintf("%s − (%s) = %s", models.FormatIntIn(l, c.Total.Figure.Value), strings.Join(terms, " + "), models.FormatIntIn(l, q.Value))
		amount := rest.AmountLabelIn(l)
		nn := notNamed(l)
		if l == models.English {
			nn = lowerFirst(nn)
		}
		tip := i18n.T(l, "chart.groups.rest_tooltip", "Amount", amount, "NotNamed", nn, "Formula", formula, "Total", c.Total.Figure.ValueLabelIn(l))
		derived := i18n.T(l, "chart.derived_label", "Value", restText)
		bars = append(bars, bar{Category: i18n.T(l, "chart.derived_label", "Value", notNamed(l)), High: float64(q.Value), Label: derived,
			Tooltip: tip, URL: figureURL(c.Total.Figure), Derived: true})
		ch.Table.Rows = append(ch.Table.Rows, Row{Link: figureURL(c.Total.Figure), Cells: []string{notNamed(l), restText, i18n.T(l, "chart.derived_how", "Formula", formula)}})
	}
	if drawn < len(c.Subgroups) {
		ch.Note += notDrawnNote(l)
	}
	ch.SourceLine, ch.SourceURL = SourceLineIn(l, views)
	ch.Description = i18n.T(l, "chart.groups.aria", "Count", drawn, "Value", c.Total.Figure.ValueLabelIn(l))
	ch.Options = barOptions(l, ch.Title, ch.SourceLine, ch.SourceURL, i18n.T(l, "chart.axis.people"), true, bars)
	return ch
}

// lowerFirst lower-cases the first letter of a label, for use mid-phrase.
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	return string(unicode.ToLower(r)) + s[n:]
}
