package checks

import (
	"strconv"
	"strings"

	"forcedreturns/internal/i18n"
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
func agreement(ms Metrics, groups []Reported, carried Carried) []Result {
	var out []Result
	for _, g := range groups {
		if len(g.Sources()) >= 2 || (len(g.Figures) >= 2 && !g.Agree) {
			out = append(out, agreementResult(ms, g, carried))
		}
	}
	for _, same := range bucket(groups, subjectOf) {
		for i := range same {
			for j := i + 1; j < len(same); j++ {
				a, b := &same[i], &same[j]
				if a.Kind == b.Kind && sameDays(a.Period, b.Period) && !samePrecisions(a.Period, b.Period) &&
					a.Subgroup() == b.Subgroup() && a.ShareOf == b.ShareOf {
					out = append(out, precisionAgreement(ms, *a, *b))
				}
			}
		}
	}
	return out
}

func agreementResult(ms Metrics, g Reported, carried Carried) Result {
	read := readerFor(g.Figures)
	res := Result{Kind: KindAgreement, Figures: g.Keys()}
	res.setTitle(func(l models.Lang) string {
		return i18n.T(l, "result.agreement.title", "Subject", subjectIn(l, ms, g), "Period", periodIn(l, g.Period, g.Kind))
	})
	n := len(g.Sources())
	reports, repeated := carried.reports(g.Sources())
	who := func(l models.Lang) string {
		switch {
		case n == 1:
			return i18n.T(l, "result.agreement.one_source", "Figures", countIn(l, len(g.Figures), "figure"))
		case reports == 1:
			return i18n.T(l, "result.agreement.sources_one_report", "Sources", strconv.Itoa(n))
		case reports < n:
			return i18n.T(l, "result.agreement.sources_reports", "Sources", strconv.Itoa(n), "Reports", strconv.Itoa(reports))
		}
		return i18n.T(l, "result.agreement.sources", "Sources", strconv.Itoa(n))
	}
	in, agree := combine(g.Figures, read)
	allow := in.String()
	if g.Unit == models.UnitPercent {
		allow += " %"
	}
	if agree {
		res.Status = OK
		res.explain(func(l models.Lang) string {
			return i18n.T(l, "result.agreement.agree", "Said", whoSays(l, g.Figures, read), "Allow", allow, "Who", who(l))
		})
	} else {
		res.Status = Mismatch
		res.explain(func(l models.Lang) string {
			return i18n.T(l, "result.agreement.disagree", "Said", whoSays(l, g.Figures, read), "Allow", allow, "Who", who(l))
		})
	}
	for _, note := range repeated {
		res.note(note)
	}
	if read(models.Quantity{Qualifier: models.QualDocumented}).IsPoint() && len(g.Figures) > 1 {
		res.note(func(l models.Lang) string { return i18n.T(l, "result.agreement.documented") })
	}
	return res
}

func precisionAgreement(ms Metrics, a, b Reported) Result {
	figs := append(append([]models.Figure(nil), a.Figures...), b.Figures...)
	read := readerFor(figs)
	ai, _ := combine(a.Figures, read)
	bi, _ := combine(b.Figures, read)
	res := Result{Kind: KindAgreement, Status: Unknown, Figures: keysOf(a, b)}
	res.setTitle(func(l models.Lang) string {
		return i18n.T(l, "result.agreement.title", "Subject", subjectIn(l, ms, a), "Period", periodIn(l, a.Period, a.Kind))
	})
	res.explain(func(l models.Lang) string {
		args := []any{"A", whoSays(l, a.Figures, read), "B", whoSays(l, b.Figures, read),
			"PrecisionA", precisionText(l, a.Period), "PrecisionB", precisionText(l, b.Period),
			"Coarsest", precisionName(l, coarsest(a.Period, b.Period))}
		if !ai.Overlaps(bi) {
			return i18n.T(l, "result.agreement.precision_disagree", args...)
		}
		return i18n.T(l, "result.agreement.precision_agree", args...)
	})
	return res
}

// whoSays writes "Human Rights Watch (source x) says 41, UN (source y) says
// about 50 (45–55)".
func whoSays(l models.Lang, figs []models.Figure, read reader) string {
	parts := make([]string, len(figs))
	for i, f := range figs {
		parts[i] = i18n.T(l, "result.says", "Who", f.ReportedBy, "Source", f.Source, "Value", figText(l, f, read))
	}
	return strings.Join(parts, ", ")
}
