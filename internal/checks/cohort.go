package checks

import (
	"sort"

	"forcedreturns/internal/i18n"
	"forcedreturns/models"
)

// CohortSplit is a cohort and the two quantities that split it: the people
// of the cohort still held at a date and those who left it.
type CohortSplit struct {
	Cohort  Reported `json:"cohort"`
	Stock   Reported `json:"stock"`
	Outflow Reported `json:"outflow"`
}

// EachSplit calls fn with every cohort split the rule recognises among
// the figures, one at a time, so that a caller looking for one of them
// never holds them all (a people's splits grow with its stocks times its
// outflows):
// the people still held at a date (stock) plus the people who left
// (outflow), against the cohort they come from. The cohort check and the
// overview's outcomes chart both take their splits from here. Only
// countable figures take part, and corroborating reports are one quantity
// (Group).
//
// How a cohort split is recognised (all of these, for one population, the
// same acting and receiving states and one unit; never a share):
//
//   - the cohort is a flow or cumulative figure of rule.Cohort
//     ("92 apprehended since June 2016"): a flow over the same span counts
//     the same people as a total "since" its start, so either is a cohort;
//   - the stock is a stock figure of rule.Stock whose date is on or after
//     the last day of the cohort's period, so everyone in the cohort had been
//     apprehended by then ("46 still in custody on 18 September 2017"); a
//     stock dated inside the cohort's last month or year, before its last
//     day, is taken (the check notes it), since the cohort's true end may
//     lie on either side of it; an earlier stock is not a split of this
//     cohort;
//   - the outflow is a flow or cumulative figure of rule.Outflow that starts
//     when the cohort starts and ends in the unit (day, month or year) that
//     holds the stock's date, so it counts the returns up to that date
//     ("the rest have been forced back");
//   - of several cohorts from the same start, the outermost (ending last)
//     is the one split: a shorter flow from the same start ("10 in
//     June 2016") is a part of that cohort, not a cohort of its own.
func (rule CohortRule) EachSplit(figs []models.Figure, fn func(CohortSplit)) {
	rule.eachSplit(Group(figs), fn)
}

// IsCohort reports whether the figure may be a cohort of the rule on its
// own terms (metric, kind, not a subgroup, not a share, a valid period),
// whatever else is reported.
func (rule CohortRule) IsCohort(f models.Figure) bool {
	return f.Metric == rule.Cohort && (f.Kind == models.Flow || f.Kind == models.Cumulative) &&
		f.SubgroupOf == "" && !f.Share() && validPeriod(f.Period)
}

// splits lists the splits of EachSplit among grouped figures (Group).
func (rule CohortRule) splits(groups []Reported) []CohortSplit {
	var out []CohortSplit
	rule.eachSplit(groups, func(sp CohortSplit) { out = append(out, sp) })
	return out
}

func (rule CohortRule) eachSplit(groups []Reported, fn func(CohortSplit)) {
	for _, people := range bucket(groups, func(r Reported) Subject { return subjectOf(r).People() }) {
		var cs, ss, os []Reported
		for _, g := range people {
			if g.Subgroup() || g.Share() || !validPeriod(g.Period) {
				continue
			}
			switch {
			case g.Metric == rule.Cohort && (g.Kind == models.Flow || g.Kind == models.Cumulative):
				cs = append(cs, g)
			case g.Metric == rule.Stock && g.Kind == models.Stock:
				ss = append(ss, g)
			case g.Metric == rule.Outflow && (g.Kind == models.Flow || g.Kind == models.Cumulative):
				os = append(os, g)
			}
		}
		// The cohorts by start, in order: an outflow is matched only
		// with those starting when it does.
		byStart := map[models.Date][]int{}
		for i, c := range cs {
			byStart[c.Period.Start] = append(byStart[c.Period.Start], i)
		}
		// The outflows sorted by end: one whose last unit holds a stock's
		// date ends on that date or at most a year after it, so each stock
		// looks only at the outflows ending then, in their order.
		byEnd := make([]int, len(os))
		for i := range os {
			byEnd[i] = i
		}
		sort.SliceStable(byEnd, func(a, b int) bool { return os[byEnd[a]].Period.End.Before(os[byEnd[b]].Period.End) })
		for _, s := range ss {
			date := s.Period.End
			day := dayNum(date)
			var near []int
			for k := sort.Search(len(byEnd), func(k int) bool { return !os[byEnd[k]].Period.End.Before(date) }); k < len(byEnd) && dayNum(os[byEnd[k]].Period.End) <= day+lastUnitDays; k++ {
				if o := os[byEnd[k]]; !date.Before(lastUnitStart(o.Period)) {
					near = append(near, byEnd[k])
				}
			}
			sort.Ints(near)
			for _, oi := range near {
				o := os[oi]
				best := -1
				for _, i := range byStart[o.Period.Start] {
					c := cs[i]
					if date.Before(lastUnitStart(c.Period)) {
						continue
					}
					if best < 0 || cs[best].Period.End.Before(c.Period.End) {
						best = i
					}
				}
				if best >= 0 {
					fn(CohortSplit{Cohort: cs[best], Stock: s, Outflow: o})
				}
			}
		}
	}
}

// cohorts checks every split of EachSplit: stock + outflow must fit the
// cohort. More is a mismatch (someone is counted twice, or the stock
// includes people apprehended later); less is no contradiction — the
// others may have been released, escaped or not yet reported — and is
// stated in a note. Documented counts are read as counts throughout: the
// stock and the outflow are drawn from the cohort's cases.
func cohorts(ms Metrics, groups []Reported, rule CohortRule) []Result {
	var out []Result
	for _, sp := range rule.splits(groups) {
		out = append(out, cohortResult(ms, sp.Cohort, sp.Stock, sp.Outflow))
	}
	return out
}

// lastUnitStart is the first day of the last unit of the period at the
// precision of its end: the earliest its true end can be.
func lastUnitStart(p models.Period) models.Date { return p.EndDate().Start }

// lastUnitDays bounds how many days a period's end lies after
// lastUnitStart: less than the longest unit, a year.
const lastUnitDays = 366

func cohortResult(ms Metrics, c, s, o Reported) Result {
	res := Result{Kind: KindCohort, Figures: keysOf(c, s, o)}
	res.setTitle(func(l models.Lang) string {
		return i18n.T(l, "result.cohort.title", "Subject", subjectIn(l, ms, c), "Stock", ms.Name(l, s.Metric), "Outflow", ms.Name(l, o.Metric))
	})
	ci, _ := combine(c.Figures, countOf)
	si, _ := combine(s.Figures, countOf)
	oi, _ := combine(o.Figures, countOf)
	for _, g := range []Reported{c, s, o} {
		if !g.Agree {
			res.note(func(l models.Lang) string {
				return i18n.T(l, "result.differ.metric", "Metric", ms.Name(l, g.Metric), "Said", joinSaid(l, g))
			})
		}
	}
	sum := si.Add(oi)
	expr := func(l models.Lang) string {
		return i18n.T(l, "result.cohort.sum", "Stock", s.TextIn(l), "StockMetric", ms.Name(l, s.Metric), "StockPeriod", periodIn(l, s.Period, s.Kind),
			"Outflow", o.TextIn(l), "OutflowMetric", ms.Name(l, o.Metric), "OutflowPeriod", periodIn(l, o.Period, o.Kind), "Sum", sum.String())
	}
	cohort := func(l models.Lang) string {
		return i18n.T(l, "result.cohort.cohort", "Value", c.TextIn(l), "Metric", ms.Name(l, c.Metric), "Period", periodIn(l, c.Period, c.Kind))
	}
	switch {
	case sum.Low > ci.High:
		res.Status = Mismatch
		res.explain(func(l models.Lang) string {
			return i18n.T(l, "result.cohort.more", "Sum", expr(l), "Cohort", cohort(l), "Gap", gapText(sum, ci))
		})
		res.note(func(l models.Lang) string {
			return i18n.T(l, "result.cohort.more_note", "Stock", models.KindNameIn(l, models.Stock), "Period", periodIn(l, c.Period, c.Kind))
		})
	case sum.High < ci.Low:
		res.Status = OK
		res.explain(func(l models.Lang) string {
			return i18n.T(l, "result.cohort.less", "Sum", expr(l), "Cohort", cohort(l))
		})
		res.note(func(l models.Lang) string { return i18n.T(l, "result.cohort.less_note", "Gap", gapText(ci, sum)) })
	case sum.IsPoint() && ci.IsPoint() && sum.Low == ci.Low:
		res.Status = OK
		res.explain(func(l models.Lang) string {
			return i18n.T(l, "result.cohort.equal", "Sum", expr(l), "Cohort", cohort(l))
		})
	default:
		res.Status = OK
		res.explain(func(l models.Lang) string {
			return i18n.T(l, "result.cohort.consistent", "Sum", expr(l), "Cohort", cohort(l))
		})
	}
	if date := s.Period.End; date.Before(c.Period.End) {
		res.note(func(l models.Lang) string {
			return i18n.T(l, "result.cohort.stock_day", "Stock", models.KindNameIn(l, models.Stock), "Day", dayText(l, date), "Unit", precisionName(l, precisionOf(c.Period.PrecisionOfEnd())),
				"End", c.Period.EndDate().ShortIn(l))
		})
	}
	if byConstruction(o, c, s) {
		res.note(func(l models.Lang) string {
			return i18n.T(l, "result.cohort.by_construction", "Value", o.TextIn(l), "Metric", ms.Name(l, o.Metric), "Formula", derivation(o, c, s))
		})
	}
	return res
}

// byConstruction reports whether every figure of the outflow is derived
// from the cohort and stock figures alone: the check then cannot fail
// unless the derivation is stale, which the derived check reports.
func byConstruction(o, c, s Reported) bool {
	inputs := map[string]bool{}
	for _, k := range keysOf(c, s) {
		inputs[k] = true
	}
	for _, f := range o.Figures {
		if !f.Derived {
			return false
		}
		expr, err := models.ParseFormula(f.Formula)
		if err != nil {
			return false
		}
		for _, k := range expr.Refs() {
			if !inputs[k] {
				return false
			}
		}
	}
	return len(o.Figures) > 0
}

// derivation writes the outflow's formula with values: "92 − 46".
func derivation(o, c, s Reported) string {
	values := map[string]int64{}
	for _, g := range []Reported{c, s} {
		for _, f := range g.Figures {
			values[f.Key] = f.Value
		}
	}
	expr, _ := models.ParseFormula(o.Figures[0].Formula)
	return expr.Explain(values)
}
