package checks

import (
	"testing"

	"forcedreturns/models"
)

func TestCohorts(t *testing.T)   { runInvented(t, cohortCases()) }
func TestSubgroups(t *testing.T) { runInvented(t, subgroupsCases()) }
func TestDerived(t *testing.T)   { runInvented(t, derivedCases()) }
func TestAgreement(t *testing.T) { runInvented(t, agreementCases()) }

// cohortCases are invented stock + outflow splits of a cohort.
func cohortCases() []invented {
	return []invented{
		{
			name: "cohort splits exactly, reported (not derived)",
			figs: func(t *testing.T) []models.Figure {
				return []models.Figure{
					fig(t, "c", "cumulative", "2016-06..2017-08", "92"),
					fig(t, "s", "stock", "2017-09-18", "46", metric("in_custody")),
					fig(t, "o", "cumulative", "2016-06..2017-09", "46", metric("forcibly_returned")),
				}
			},
			want: []outcome{{KindCohort, "46 in custody (18 Sep 2017) + 46 forcibly returned (Jun 2016 – Sep 2017) = 92, equal to the 92 apprehended (Jun 2016 – Aug 2017).", OK}},
		},
		{
			name: "cohort with some unaccounted for",
			figs: func(t *testing.T) []models.Figure {
				return []models.Figure{
					fig(t, "c", "cumulative", "2016-06..2017-08", "92"),
					fig(t, "s", "stock", "2017-09-18", "40", metric("in_custody")),
					fig(t, "o", "cumulative", "2016-06..2017-09", "at least 46", metric("forcibly_returned")),
				}
			},
			want:  []outcome{{KindCohort, "40 in custody (18 Sep 2017) + at least 46 forcibly returned (Jun 2016 – Sep 2017) = ≥ 86, consistent with the 92 apprehended (Jun 2016 – Aug 2017).", OK}},
			notes: nil,
		},
		{
			name: "cohort short: stated plainly",
			figs: func(t *testing.T) []models.Figure {
				return []models.Figure{
					fig(t, "c", "cumulative", "2016-06..2017-08", "92"),
					fig(t, "s", "stock", "2017-09-18", "40", metric("in_custody")),
					fig(t, "o", "cumulative", "2016-06..2017-09", "46", metric("forcibly_returned")),
				}
			},
			want:  []outcome{{KindCohort, "40 in custody (18 Sep 2017) + 46 forcibly returned (Jun 2016 – Sep 2017) = 86, less than the 92 apprehended (Jun 2016 – Aug 2017).", OK}},
			notes: []string{"At least 6 of the cohort are neither held nor reported returned"},
		},
		{
			name: "cohort exceeded",
			figs: func(t *testing.T) []models.Figure {
				return []models.Figure{
					fig(t, "c", "cumulative", "2016-06..2017-08", "92"),
					fig(t, "s", "stock", "2017-09-18", "50", metric("in_custody")),
					fig(t, "o", "cumulative", "2016-06..2017-09", "50", metric("forcibly_returned")),
				}
			},
			want:  []outcome{{KindCohort, "50 in custody (18 Sep 2017) + 50 forcibly returned (Jun 2016 – Sep 2017) = 100, more than the 92 apprehended (Jun 2016 – Aug 2017): at least 8 too many.", Mismatch}},
			notes: []string{"or the stock includes people apprehended after Jun 2016 – Aug 2017"},
		},
		{
			name: "stock inside the cohort's last month",
			figs: func(t *testing.T) []models.Figure {
				return []models.Figure{
					fig(t, "c", "cumulative", "2016-06..2017-08", "92"),
					fig(t, "s", "stock", "2017-08-20", "46", metric("in_custody")),
					fig(t, "o", "cumulative", "2016-06..2017-08", "46", metric("forcibly_returned")),
				}
			},
			want:  []outcome{{KindCohort, "46 in custody (20 Aug 2017) + 46 forcibly returned (Jun 2016 – Aug 2017) = 92, equal to the 92 apprehended (Jun 2016 – Aug 2017).", OK}},
			notes: []string{"The stock is counted on 20 Aug 2017, inside the cohort's last month (Aug 2017)"},
		},
		{
			name: "no cohort: the stock predates the cohort's end, or the outflow runs past the stock",
			figs: func(t *testing.T) []models.Figure {
				return []models.Figure{
					fig(t, "c", "cumulative", "2016-06..2017-08", "92"),
					fig(t, "s", "stock", "2017-07-20", "46", metric("in_custody")),
					fig(t, "s2", "stock", "2017-09-18", "46", metric("in_custody"), source("src-b", "Org B")),
					fig(t, "o", "cumulative", "2016-06..2017-12", "46", metric("forcibly_returned")),
				}
			},
		},
	}
}

// subgroupsCases are invented subgroups against their parent.
func subgroupsCases() []invented {
	return []invented{
		{
			name: "subgroups fit",
			figs: func(t *testing.T) []models.Figure {
				return []models.Figure{
					fig(t, "p", "cumulative", "2016-06..2017-08", "documented 92", id(1)),
					fig(t, "k1", "cumulative", "2016-06..2017-08", "at least 10", population("children"), subgroupOf("p"), id(2)),
					fig(t, "k2", "cumulative", "2016-06..2017-08", "about 50", population("women"), subgroupOf("p"), id(3)),
				}
			},
			want: []outcome{{KindSubgroups, "at least 10 + about 50 = ≥ 55 can fit within 92: the subgroups fit within the 92 apprehended (North Koreans, Jun 2016 – Aug 2017).", OK}},
		},
		{
			name: "an exact subgroup of a documented count",
			figs: func(t *testing.T) []models.Figure {
				return []models.Figure{
					fig(t, "p", "cumulative", "2016-06..2017-08", "documented 92", id(1)),
					fig(t, "k1", "cumulative", "2016-06..2017-08", "11", population("other children"), subgroupOf("p"), id(2)),
					fig(t, "k2", "cumulative", "2016-06..2017-08", "documented 4", population("older women"), subgroupOf("p"), id(3)),
				}
			},
			want:  []outcome{{KindSubgroups, "11 + 4 = 15 ≤ 92: the subgroups fit within the 92 apprehended (North Koreans, Jun 2016 – Aug 2017).", OK}},
			notes: []string{"other children is given as exact, but it is part of a documented count"},
		},
		{
			name: "a subgroup exceeds its parent",
			figs: func(t *testing.T) []models.Figure {
				return []models.Figure{
					fig(t, "p", "cumulative", "2016-06..2017-08", "documented 92"),
					fig(t, "k1", "cumulative", "2016-06..2017-08", "more than 92", population("children"), subgroupOf("p")),
				}
			},
			want: []outcome{{KindSubgroups, "more than 92 children alone exceeds the 92 apprehended (North Koreans, Jun 2016 – Aug 2017).", Mismatch}},
		},
		{
			name: "subgroups add up to more than their parent",
			figs: func(t *testing.T) []models.Figure {
				return []models.Figure{
					fig(t, "p", "cumulative", "2016-06..2017-08", "92", id(1)),
					fig(t, "k1", "cumulative", "2016-06..2017-08", "60", population("children"), subgroupOf("p"), id(2)),
					fig(t, "k2", "cumulative", "2016-06..2017-08", "40", population("girls"), subgroupOf("p"), id(3)),
				}
			},
			want:  []outcome{{KindSubgroups, "60 + 40 = 100, more than the 92 apprehended (North Koreans, Jun 2016 – Aug 2017).", Mismatch}},
			notes: []string{"If these groups overlap"},
		},
		{
			name: "a subgroup over another period",
			figs: func(t *testing.T) []models.Figure {
				return []models.Figure{
					fig(t, "p", "cumulative", "2016-06..2017-08", "92"),
					fig(t, "k1", "flow", "2018-01..2018-02", "3", population("children"), subgroupOf("p")),
				}
			},
			want: []outcome{{KindSubgroups, "3: subgroups counted over a period outside the 92 apprehended (North Koreans, Jun 2016 – Aug 2017) (children (Jan 2018 – Feb 2018)) cannot be part of it.", Mismatch}},
		},
		{
			name: "cannot tell: the subgroup's days against the parent's months",
			figs: func(t *testing.T) []models.Figure {
				return []models.Figure{
					fig(t, "p", "cumulative", "2016-06..2017-08", "92"),
					fig(t, "k1", "flow", "2016-06-10..2016-06-20", "3", population("children"), subgroupOf("p")),
				}
			},
			want: []outcome{{KindSubgroups, "3, against the 92 apprehended (North Koreans, Jun 2016 – Aug 2017); the periods' precision leaves open whether children (10 Jun 2016 – 20 Jun 2016) lie within the parent's period.", Unknown}},
		},
		{
			name: "cannot tell: the parent was retracted",
			figs: func(t *testing.T) []models.Figure {
				return []models.Figure{
					fig(t, "p", "cumulative", "2016-06..2017-08", "92", retracted("double-counted")),
					fig(t, "k1", "cumulative", "2016-06..2017-08", "11", population("children"), subgroupOf("p")),
				}
			},
			want:  []outcome{{KindSubgroups, "11, but the figure they are subgroups of (p) is retracted and counts for nothing.", Unknown}},
			notes: []string{"Retracted because: double-counted"},
		},
		{
			name: "cannot tell: the parent is not in the tracker",
			figs: func(t *testing.T) []models.Figure {
				return []models.Figure{
					fig(t, "k1", "cumulative", "2016-06..2017-08", "11", population("children"), subgroupOf("p")),
				}
			},
			want: []outcome{{KindSubgroups, "11, but the figure they are subgroups of (p) is not in the tracker.", Unknown}},
		},
	}
}

// derivedCases are invented derived figures and their inputs.
func derivedCases() []invented {
	return []invented{
		{
			name: "derived figure recomputed",
			figs: func(t *testing.T) []models.Figure {
				return []models.Figure{
					fig(t, "a", "flow", "2018-01..2018-06", "60"),
					fig(t, "b", "flow", "2018-01..2018-03", "25", metric("arrested")),
					fig(t, "d", "flow", "2018-04..2018-06", "35", metric("arrested"), derivedAs("{a} - {b}")),
				}
			},
			want: []outcome{{KindDerived, "60 − 25 = 35, as stored.", OK}},
		},
		{
			name: "derived figure out of date",
			figs: func(t *testing.T) []models.Figure {
				return []models.Figure{
					fig(t, "a", "flow", "2018-01..2018-06", "60", metric("arrested")),
					fig(t, "b", "flow", "2018-01..2018-03", "25", metric("deaths")),
					fig(t, "d", "flow", "2018-04..2018-06", "30", metric("in_custody"), derivedAs("{a} - {b}")),
				}
			},
			want: []outcome{{KindDerived, "60 − 25 = 35, but the figure says 30: an input changed after it was derived, or the value is mistyped.", Mismatch}},
		},
		{
			name: "derived from a retracted input",
			figs: func(t *testing.T) []models.Figure {
				return []models.Figure{
					fig(t, "a", "flow", "2018-01..2018-06", "60", metric("arrested"), retracted("wrong")),
					fig(t, "d", "flow", "2018-04..2018-06", "60", metric("deaths"), derivedAs("{a}")),
				}
			},
			want: []outcome{{KindDerived, "?: the input a was retracted, so this figure rests on a figure that counts for nothing; retract or re-derive it.", Mismatch}},
		},
		{
			name: "cannot tell: derived from a missing, a draft or a vague input",
			figs: func(t *testing.T) []models.Figure {
				return []models.Figure{
					fig(t, "b", "flow", "2018-01..2018-03", "25", metric("arrested"), draft()),
					fig(t, "v", "flow", "2018-01..2018-03", "about 25", metric("deaths")),
					fig(t, "d1", "flow", "2018-04..2018-06", "35", metric("in_custody"), derivedAs("{gone} - {b}")),
					fig(t, "d2", "flow", "2018-04..2018-06", "35", metric("imprisoned"), derivedAs("{b} + 10")),
					fig(t, "d3", "flow", "2018-04..2018-06", "35", metric("imprisoned"), population("others"), derivedAs("{v} + 10")),
				}
			},
			want: []outcome{
				{KindDerived, "? + 10: the input b is not published yet.", Unknown},
				{KindDerived, "? + 10: a formula over single numbers cannot use v (about 25).", Unknown},
				{KindDerived, "? − ?: the input gone is not in the tracker.", Unknown},
			},
		},
	}
}

// agreementCases are invented reports of one quantity by several sources.
func agreementCases() []invented {
	return []invented{
		{
			name: "at least 41 agrees with 41",
			figs: func(t *testing.T) []models.Figure {
				return []models.Figure{
					fig(t, "a", "flow", "2017-07..2017-08", "41"),
					fig(t, "b", "flow", "2017-07..2017-08", "at least 41", source("src-b", "Org B")),
				}
			},
			want: []outcome{{KindAgreement, "Org A (source src-a) says 41, Org B (source src-b) says at least 41: they agree; together they allow 41 (2 sources).", OK}},
		},
		{
			name: "more than 500 and as many as 600 overlap",
			figs: func(t *testing.T) []models.Figure {
				return []models.Figure{
					fig(t, "a", "flow", "2017", "more than 500"),
					fig(t, "b", "flow", "2017", "as many as 600", source("src-b", "Org B")),
				}
			},
			want: []outcome{{KindAgreement, "Org A (source src-a) says more than 500 (≥ 501), Org B (source src-b) says at most 600: they agree; together they allow 501–600 (2 sources).", OK}},
		},
		{
			name: "about 50 and 80 disagree",
			figs: func(t *testing.T) []models.Figure {
				return []models.Figure{
					fig(t, "a", "flow", "2017-07..2017-08", "about 50"),
					fig(t, "b", "flow", "2017-07..2017-08", "80", source("src-b", "Org B")),
				}
			},
			want: []outcome{{KindAgreement, "Org A (source src-a) says about 50 (45–55), Org B (source src-b) says 80: no number fits them all; they range over 45–80 (2 sources).", Mismatch}},
		},
		{
			name: "two documented counts that differ",
			figs: func(t *testing.T) []models.Figure {
				return []models.Figure{
					fig(t, "a", "flow", "2017-07..2017-08", "documented 41"),
					fig(t, "b", "flow", "2017-07..2017-08", "documented 45", source("src-b", "Org B")),
				}
			},
			want:  []outcome{{KindAgreement, "Org A (source src-a) says 41 (documented), Org B (source src-b) says 45 (documented): no number fits them all; they range over 41–45 (2 sources).", Mismatch}},
			notes: []string{"compared as counts"},
		},
		{
			name: "a documented count against an exact one",
			figs: func(t *testing.T) []models.Figure {
				return []models.Figure{
					fig(t, "a", "flow", "2017-07..2017-08", "documented 41"),
					fig(t, "b", "flow", "2017-07..2017-08", "45", source("src-b", "Org B")),
				}
			},
			want: []outcome{{KindAgreement, "Org A (source src-a) says 41 (documented: ≥ 41), Org B (source src-b) says 45: they agree; together they allow 45 (2 sources).", OK}},
		},
		{
			name: "one source saying one number twice is not an agreement check",
			figs: func(t *testing.T) []models.Figure {
				return []models.Figure{
					fig(t, "a", "flow", "2017-07..2017-08", "41"),
					fig(t, "b", "flow", "2017-07..2017-08", "41"),
					fig(t, "c", "flow", "2017-07..2017-08", "99", source("src-b", "Org B"), retracted("typo")),
				}
			},
		},
		{
			name: "one source giving two numbers",
			figs: func(t *testing.T) []models.Figure {
				return []models.Figure{
					fig(t, "a", "flow", "2017-07..2017-08", "41"),
					fig(t, "b", "flow", "2017-07..2017-08", "44"),
				}
			},
			want: []outcome{{KindAgreement, "Org A (source src-a) says 41, Org A (source src-a) says 44: no number fits them all; they range over 41–44 (one source, 2 figures).", Mismatch}},
		},
		{
			name: "cannot tell: the same days by month and by day",
			figs: func(t *testing.T) []models.Figure {
				return []models.Figure{
					fig(t, "a", "flow", "2017-07..2017-08", "41"),
					fig(t, "b", "flow", "2017-07-01..2017-08-31", "at least 40", source("src-b", "Org B")),
				}
			},
			want: []outcome{{KindAgreement, "Org B (source src-b) says at least 40; Org A (source src-a) says 41. The periods name the same days, one known to the day and one to the month: a bound known only to the month may be any day of it, so they may not be the same period. If they are, the figures would agree.", Unknown}},
		},
		{
			name: "cannot tell: the same days, one ending by month and one as of a day",
			figs: func(t *testing.T) []models.Figure {
				return []models.Figure{
					fig(t, "a", "flow", "2017-07..2017-08", "41"),
					fig(t, "b", "flow", "2017-07..2017-08-31", "50", source("src-b", "Org B")),
				}
			},
			want: []outcome{{KindAgreement, "Org B (source src-b) says 50; Org A (source src-a) says 41. The periods name the same days, one known to the month at its start and the day at its end and one to the month: a bound known only to the month may be any day of it, so they may not be the same period. If they are, the figures would not agree.", Unknown}},
		},
		{
			name: "the same period with ends of two precisions is one quantity",
			figs: func(t *testing.T) []models.Figure {
				return []models.Figure{
					fig(t, "a", "flow", "2017-07..2017-09-18", "at least 41"),
					fig(t, "b", "flow", "2017-07..2017-09-18", "50", source("src-b", "Org B")),
				}
			},
			want: []outcome{{KindAgreement, "Org A (source src-a) says at least 41, Org B (source src-b) says 50: they agree; together they allow 50 (2 sources).", OK}},
		},
	}
}
