package checks

import (
	"fmt"
	"strings"

	"forcedreturns/models"
)

// agreement checks reports of one quantity against each other. Within a
// reported quantity (same metric, population, states, kind and period),
// the reports agree when some number fits them all: "at least 41" agrees
// with 41, "more than 500" with "as many as 600"; "about 50" (45–55) does
// not agree with 80. A result is given when at least two sources report the
// quantity, or when one source gives it twice with numbers that disagree.
//
// Reports whose periods are the same days at different precisions (July–
// August 2017 by month, 1 July – 31 August 2017 by day) may or may not be
// about the same period (see Relation), so they get a "cannot tell" result
// that still says whether the numbers would agree.
//
// Sources that go back to one report (carried) are counted as one: a
// wire story and the press release it runs agree, but they do not
// confirm each other, and the result says so.
func agreement(groups []Reported, carried Carried) []Result {
	var out []Result
	for _, g := range groups {
		if len(g.Sources()) >= 2 || (len(g.Figures) >= 2 && !g.Agree) {
			out = append(out, agreementResult(g, carried))
		}
	}
	for _, same := range bucket(groups, subjectOf) {
		for i := range same {
			for j := i + 1; j < len(same); j++ {
				a, b := &same[i], &same[j]
				if a.Kind == b.Kind && sameDays(a.Period, b.Period) && !samePrecisions(a.Period, b.Period) &&
					a.Subgroup() == b.Subgroup() && a.ShareOf == b.ShareOf {
					out = append(out, precisionAgreement(*a, *b))
				}
			}
		}
	}
	return out
}

func agreementResult(g Reported, carried Carried) Result {
	read := readerFor(g.Figures)
	res := Result{Kind: KindAgreement, Figures: g.Keys(),
		Title: "Agreement: " + subjectText(g) + ", " + g.Period.Label()}
	said := whoSays(g.Figures, read)
	n := len(g.Sources())
	reports, repeated := carried.reports(g.Sources())
	who := fmt.Sprintf("%d sources", n)
	switch {
	case n == 1:
		who = "one source, " + count(len(g.Figures), "figure", "figures")
	case reports < n:
		who = fmt.Sprintf("%d sources, %s", n, count(reports, "report", "independent reports"))
	}
	in, agree := combine(g.Figures, read)
	allow := in.String()
	if g.Unit == models.UnitPercent {
		allow += " %"
	}
	if agree {
		res.Status = OK
		res.Explanation = fmt.Sprintf("%s: they agree; together they allow %s (%s).", said, allow, who)
	} else {
		res.Status = Mismatch
		res.Explanation = fmt.Sprintf("%s: no number fits them all; they range over %s (%s).", said, allow, who)
	}
	res.Notes = append(res.Notes, repeated...)
	if read(models.Quantity{Qualifier: models.QualDocumented}).IsPoint() && len(g.Figures) > 1 {
		res.Notes = append(res.Notes, "All are documented counts, so they are compared as counts: a difference means the sources documented different cases.")
	}
	return res
}

func precisionAgreement(a, b Reported) Result {
	figs := append(append([]models.Figure(nil), a.Figures...), b.Figures...)
	read := readerFor(figs)
	ai, _ := combine(a.Figures, read)
	bi, _ := combine(b.Figures, read)
	would := "would agree"
	if !ai.Overlaps(bi) {
		would = "would not agree"
	}
	return Result{Kind: KindAgreement, Status: Unknown, Figures: keysOf(a, b),
		Title: "Agreement: " + subjectText(a) + ", " + a.Period.Label(),
		Explanation: fmt.Sprintf("%s; %s. The periods name the same days, one known to %s and one to %s: a bound known only to the %s may be any day of it, so they may not be the same period. If they are, the figures %s.",
			whoSays(a.Figures, read), whoSays(b.Figures, read), precisionText(a.Period), precisionText(b.Period),
			coarsest(a.Period, b.Period), would),
	}
}

// whoSays writes "Human Rights Watch (source x) says 41, UN (source y) says
// about 50 (45–55)".
func whoSays(figs []models.Figure, read reader) string {
	parts := make([]string, len(figs))
	for i, f := range figs {
		parts[i] = fmt.Sprintf("%s (source %s) says %s", f.ReportedBy, f.Source, figText(f, read))
	}
	return strings.Join(parts, ", ")
}
