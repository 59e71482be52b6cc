package checks

import (
	"fmt"
	"strings"

	"forcedreturns/models"
)

// The wording of results lives here, so every check reads the same way.

// count writes "one month" or "14 months".
func count(n int, one, many string) string {
	if n == 1 {
		return "one " + one
	}
	return fmt.Sprintf("%s %s", models.FormatInt(int64(n)), many)
}

// metricText writes a metric slug as words: "forcibly returned".
func metricText(slug string) string { return strings.ReplaceAll(slug, "_", " ") }

// statesText writes "CN → KP", "CN" or "".
func statesText(acting, receiving string) string {
	switch {
	case acting != "" && receiving != "":
		return acting + " → " + receiving
	case receiving != "":
		return "→ " + receiving
	}
	return acting
}

// subjectText writes "apprehended, North Koreans (CN → KP)".
func subjectText(r Reported) string {
	s := metricText(r.Metric) + ", " + r.Population
	if st := statesText(r.ActingState, r.ReceivingState); st != "" {
		s += " (" + st + ")"
	}
	return s
}

// repText writes a reported quantity with its period: "41 (Jul 2017 – Aug 2017)".
func repText(r Reported) string { return r.Text() + " (" + r.Period.Label() + ")" }

// whenText writes one end of a period at its precision as "in Jun 2016",
// "in 2016" or "on 15 Jun 2016".
func whenText(d models.PartialDate) string {
	if precisionOf(d.Precision) == models.PrecisionDay {
		return "on " + d.Short()
	}
	return "in " + d.Short()
}

// precisionText says how precisely a period is known: "the month", or,
// when its ends differ, "the month at its start and the day at its end".
func precisionText(p models.Period) string { return p.PrecisionText() }

// samePrecisions reports whether the starts of a and b are known to the
// same precision, and their ends too.
func samePrecisions(a, b models.Period) bool {
	return precisionOf(a.PrecisionOfStart()) == precisionOf(b.PrecisionOfStart()) &&
		precisionOf(a.PrecisionOfEnd()) == precisionOf(b.PrecisionOfEnd())
}

// coarsest returns the coarsest precision of any end of the periods.
func coarsest(ps ...models.Period) models.Precision {
	out := models.PrecisionDay
	for _, p := range ps {
		out = out.Coarser(precisionOf(p.PrecisionOfStart())).Coarser(precisionOf(p.PrecisionOfEnd()))
	}
	return out
}

// sumText writes "51 (…) + 41 (…) = 92", or the single term alone.
func sumText(terms []string, sum Interval) string {
	if len(terms) == 1 {
		return terms[0]
	}
	return strings.Join(terms, " + ") + " = " + sum.String()
}

// qtyText writes a figure's value with the interval it allows when the
// wording alone does not say it: "about 50 (45–55)", "41 (documented: ≥ 41)",
// "41".
func qtyText(q models.Quantity, read reader) string {
	label := plainQ(q)
	in := read(q)
	switch q.Qualifier {
	case models.QualDocumented:
		if in.IsPoint() {
			return label + " (documented)"
		}
		return label + " (documented: " + in.String() + ")"
	case models.QualAtLeast, models.QualAtMost:
		return label
	}
	if in.String() != label {
		return label + " (" + in.String() + ")"
	}
	return label
}

// gapText says by how much two intervals miss each other.
func gapText(low, high Interval) string {
	return formatNum(low.Low - high.High)
}

// plain writes a figure's value for arithmetic: like ValueLabel (a
// percentage with its sign), but a documented count is its bare number,
// because the checks state what "documented" implies in their own words
// (see qtyText).
func plain(f models.Figure) string {
	if f.Percent() {
		return f.ValueLabel()
	}
	return plainQ(f.Quantity())
}

// figText is qtyText for a figure: a percentage with its sign and the
// percentages it allows, "more than 60 % ((60, 100] %)".
func figText(f models.Figure, read reader) string {
	if !f.Percent() {
		return qtyText(f.Quantity(), read)
	}
	label, in := f.ValueLabel(), read(f.Quantity()).String()+" %"
	if in == label {
		return label
	}
	return label + " (" + in + ")"
}

func plainQ(q models.Quantity) string {
	if q.Qualifier == models.QualDocumented {
		return models.FormatInt(q.Value)
	}
	return q.Text()
}
