package checks

import (
	"strings"

	"forcedreturns/internal/i18n"
	"forcedreturns/models"
)

// The wording of results lives here, so every check reads the same way.

// metricText writes a metric slug as words: "forcibly returned".
func metricText(slug string) string { return strings.ReplaceAll(slug, "_", " ") }

// Metrics are the metrics by slug, whose labels name them in the
// results' wording (see Name).
type Metrics map[string]models.Metric

// MetricsOf returns ms by slug.
func MetricsOf(ms []models.Metric) Metrics {
	out := make(Metrics, len(ms))
	for _, m := range ms {
		out[m.Slug] = m
	}
	return out
}

// Name names the metric slug in results worded in language l. English
// says it by its slug's words ("forcibly returned"), as the checks
// always have: the English labels are names set apart ("Still in
// custody"), which would read wrongly inside a sentence. Another
// language names it by the label its readers are shown everywhere else
// (models.Metric.LabelIn: the Korean label an editor wrote, else the
// English label). A metric not in ms is its slug's words in any language.
func (ms Metrics) Name(l models.Lang, slug string) string {
	m, ok := ms[slug]
	if l == models.English || !ok {
		return metricText(slug)
	}
	return m.LabelIn(l).Text
}

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
func subjectText(r Reported) string { return subjectIn(models.English, nil, r) }

// subjectIn is subjectText in language l, the metric named by ms.
func subjectIn(l models.Lang, ms Metrics, r Reported) string {
	s := ms.Name(l, r.Metric) + ", " + r.Population
	if st := statesText(r.ActingState, r.ReceivingState); st != "" {
		s += " (" + st + ")"
	}
	return s
}

// repText writes a reported quantity with its period: "41 (Jul 2017 – Aug 2017)".
func repText(r Reported) string { return repTextIn(models.English, r) }

// repTextIn is repText in language l.
func repTextIn(l models.Lang, r Reported) string {
	return r.TextIn(l) + " (" + periodIn(l, r.Period, r.Kind) + ")"
}

// periodIn writes a period in language l: Period.Label in English,
// Period.LabelIn (which words a stock's day as "… 기준") in Korean.
func periodIn(l models.Lang, p models.Period, kind models.QuantityKind) string {
	return p.LabelIn(l, kind)
}

// whenText writes one end of a period at its precision as "in Jun 2016",
// "in 2016" or "on 15 Jun 2016"; in Korean the date alone ("2016년 6월"),
// the message adding its particle.
func whenText(l models.Lang, d models.PartialDate) string {
	if l != models.English {
		return d.ShortIn(l)
	}
	if precisionOf(d.Precision) == models.PrecisionDay {
		return "on " + d.Short()
	}
	return "in " + d.Short()
}

// precisionText says how precisely a period is known: "the month", or,
// when its ends differ, "the month at its start and the day at its end".
func precisionText(l models.Lang, p models.Period) string { return p.PrecisionTextIn(l) }

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

// sumText writes "51 (…) + 41 (…) = 92", or the single term alone (in
// any language: the terms are written in it).
func sumText(terms []string, sum Interval) string {
	if len(terms) == 1 {
		return terms[0]
	}
	return strings.Join(terms, " + ") + " = " + sum.String()
}

// qtyText writes a figure's value with the interval it allows when the
// wording alone does not say it: "about 50 (45–55)", "41 (documented: ≥ 41)",
// "41".
func qtyText(l models.Lang, q models.Quantity, read reader) string {
	label := plainQ(l, q)
	in := read(q)
	switch q.Qualifier {
	case models.QualDocumented:
		if in.IsPoint() {
			return i18n.T(l, "result.documented", "Value", label)
		}
		return i18n.T(l, "result.documented_as", "Value", label, "Interval", in.String())
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

// plainIn writes a figure's value for arithmetic in language l: like
// ValueLabelIn (a percentage with its sign), but a documented count is its
// bare number, because the checks state what "documented" implies in
// their own words (see qtyText).
func plainIn(l models.Lang, f models.Figure) string {
	if f.Percent() {
		return f.ValueLabelIn(l)
	}
	return plainQ(l, f.Quantity())
}

// figText is qtyText for a figure: a percentage with its sign and the
// percentages it allows, "more than 60 % ((60, 100] %)".
func figText(l models.Lang, f models.Figure, read reader) string {
	if !f.Percent() {
		return qtyText(l, f.Quantity(), read)
	}
	label, in := f.ValueLabelIn(l), read(f.Quantity()).String()+" %"
	if in == label {
		return label
	}
	return label + " (" + in + ")"
}

func plainQ(l models.Lang, q models.Quantity) string {
	if q.Qualifier == models.QualDocumented {
		return models.FormatIntIn(l, q.Value)
	}
	return q.TextIn(l)
}

// dayText writes a day in language l: "18 Sep 2017", "2017년 9월 18일".
func dayText(l models.Lang, d models.Date) string {
	return models.PartialDate{Start: d, End: d, Precision: models.PrecisionDay}.ShortIn(l)
}

// joinSaid writes who said what, in language l: "41 (…); 45 (…)".
func joinSaid(l models.Lang, r Reported) string { return strings.Join(r.WhoSaidWhatIn(l), "; ") }
