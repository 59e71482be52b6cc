package charts

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"forcedreturns/models"
)

// Outcomes charts what became of the people in a cohort: the total caught
// on one bar, and below it, one bar each, "of them" the people still in
// custody and those forced back — they split the same people, so they are
// never added to the total. Each bar has its own row and its label beside
// it, so no label sits in another's segment, however narrow the chart. A
// derived part is drawn in the derived colour with its formula in the
// tooltip.
func Outcomes(c Cohort) Chart {
	ch := Chart{Name: "outcomes", Title: "What became of those caught",
		Note:  "Those still in custody and those forced back are among those caught: never added to them. Orange marks a derived figure: not stated by the source but computed from figures that are (see its formula). Dashed, lighter bars are documented counts: the true number may be higher.",
		Table: Table{Caption: "What became of those caught", Columns: []string{"Group", "People", "As of", "How known"}}}
	if c.Total == nil || (c.InCustody == nil && c.Returned == nil) {
		return ch
	}
	views := []models.FigureView{*c.Total}
	totalCat := "Caught, " + c.Total.Figure.Period.Label()
	bars := []bar{barFor(totalCat, c.Total)}
	ch.Table.Rows = append(ch.Table.Rows, cohortRow(totalCat, c.Total))
	for _, v := range []*models.FigureView{c.InCustody, c.Returned} {
		if v == nil {
			continue
		}
		views = append(views, *v)
		bars = append(bars, barFor("Of them: "+lowerFirst(v.Metric.Label)+", "+v.Figure.Period.Label(), v))
		ch.Table.Rows = append(ch.Table.Rows, cohortRow(v.Metric.Label, v))
	}
	ch.SourceLine, ch.SourceURL = SourceLine(views)
	ch.Description = fmt.Sprintf("Of %s people caught (%s), the chart shows how many are still in custody and how many were forced back.",
		c.Total.Figure.ValueLabel(), c.Total.Figure.Period.Label())
	ch.Options = barOptions(ch.Title, ch.SourceLine, ch.SourceURL, "people", true, bars)
	return ch
}

func cohortRow(name string, v *models.FigureView) Row {
	how := "stated (" + string(v.Figure.Qualifier) + ")"
	if v.Figure.Derived {
		how = "derived: " + v.Figure.Formula
	}
	return Row{Link: figureURL(v.Figure), Cells: []string{name, v.Figure.ValueLabel(), v.Figure.Period.Label(), how}}
}

// notNamed names the derived remainder of a cohort for what it is: the
// people the report's named groups leave out. (A report's own "the rest"
// may mean something else, such as those forced back.)
const notNamed = "Not named in the report"

// Groups charts the named groups among a cohort (a newborn, other
// children, older women) and the rest: the remainder is derived (total
// minus the named groups), marked as such, and only drawn when every number
// involved is a single value (a range or bound leaves the rest unknown). A
// group that gives no number is listed in the table, never drawn, and
// leaves the rest unknown too. Shares of the cohort ("more than 60 % were
// women") are listed in the table in their words, never drawn: a
// percentage is not a number of people, and the tracker never turns one
// into one.
func Groups(c Cohort) Chart {
	ch := Chart{Name: "groups", Title: "Who was among them",
		Note:  "Named groups among those caught. “" + notNamed + "” is derived: the total minus the named groups, whoever they were.",
		Table: Table{Caption: "Who was among them", Columns: []string{"Group", "People", "How known"}}}
	if c.Total == nil || len(c.Subgroups) == 0 {
		return ch
	}
	views := append([]models.FigureView{*c.Total}, c.Subgroups...)
	var bars []bar
	var sum int64
	exact := c.Total.Figure.Qualifier != models.QualRange
	var terms []string
	drawn := 0
	for i := range c.Subgroups {
		v := &c.Subgroups[i]
		if !v.Figure.Qualifier.HasNumber() {
			exact = false
			ch.Table.Rows = append(ch.Table.Rows, Row{Link: figureURL(v.Figure), Cells: []string{v.Figure.Population, noNumberText(v.Figure), "stated (" + string(v.Figure.Qualifier) + ")"}})
			continue
		}
		drawn++
		bars = append(bars, barFor(v.Figure.Population, v))
		ch.Table.Rows = append(ch.Table.Rows, Row{Link: figureURL(v.Figure), Cells: []string{v.Figure.Population, v.Figure.ValueLabel(), "stated (" + string(v.Figure.Qualifier) + ")"}})
		sum += v.Figure.Value
		terms = append(terms, models.FormatInt(v.Figure.Value))
		if v.Figure.Qualifier != models.QualExact && v.Figure.Qualifier != models.QualDocumented {
			exact = false
		}
	}
	for i := range c.Shares {
		v := &c.Shares[i]
		views = append(views, *v)
		ch.Table.Rows = append(ch.Table.Rows, Row{Link: figureURL(v.Figure), Cells: []string{v.Figure.Population,
			v.Figure.ShareText(c.Total.Figure, c.Total.Metric.Label), "stated share (" + string(v.Figure.Qualifier) + "), not drawn"}})
	}
	if len(c.Shares) > 0 {
		ch.Note += " Shares of the total are in the table, not drawn: a percentage is not a number of people."
	}
	if rest := c.Total.Figure.Value - sum; exact && rest >= 0 {
		formula := fmt.Sprintf("%s − (%s) = %s", models.FormatInt(c.Total.Figure.Value), strings.Join(terms, " + "), models.FormatInt(rest))
		tip := fmt.Sprintf("%s %s — %s (derived)\n%s\nNot stated by the source: the total of %s minus the named groups.\nOpens the total's page.",
			models.FormatInt(rest), models.UnitLabel(models.Quantity{Qualifier: models.QualExact, Value: rest}, models.UnitPeople), lowerFirst(notNamed), formula, c.Total.Figure.ValueLabel())
		bars = append(bars, bar{Category: notNamed + " (derived)", High: float64(rest), Label: models.FormatInt(rest) + " (derived)",
			Tooltip: tip, URL: figureURL(c.Total.Figure), Derived: true})
		ch.Table.Rows = append(ch.Table.Rows, Row{Link: figureURL(c.Total.Figure), Cells: []string{notNamed, models.FormatInt(rest), "derived: " + formula}})
	}
	if drawn < len(c.Subgroups) {
		ch.Note += notDrawnNote
	}
	ch.SourceLine, ch.SourceURL = SourceLine(views)
	ch.Description = fmt.Sprintf("Bar chart of %d named groups among the %s people caught.", drawn, c.Total.Figure.ValueLabel())
	ch.Options = barOptions(ch.Title, ch.SourceLine, ch.SourceURL, "people", true, bars)
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
