package checks

import (
	"testing"

	"forcedreturns/models"
)

func TestPartsWhole(t *testing.T) { runInvented(t, partsCases()) }

// partsCases are invented totals and sub-period flows: every way parts can fit a
// total or not, including where precision leaves it open.
func partsCases() []invented {
	return []invented{
		{
			name: "parts tile the total",
			figs: func(t *testing.T) []models.Figure {
				return []models.Figure{
					fig(t, "h1", "flow", "2018-01..2018-06", "60"),
					fig(t, "q1", "flow", "2018-01..2018-03", "25"),
					fig(t, "q2", "flow", "2018-04..2018-06", "35"),
				}
			},
			want: []outcome{{KindPartsWhole, "25 (Jan 2018 – Mar 2018) + 35 (Apr 2018 – Jun 2018) = 60, equal to the total of 60 (Jan 2018 – Jun 2018).", OK}},
		},
		{
			name: "parts exceed the total",
			figs: func(t *testing.T) []models.Figure {
				return []models.Figure{
					fig(t, "h1", "flow", "2018-01..2018-06", "60"),
					fig(t, "q1", "flow", "2018-01..2018-03", "40"),
					fig(t, "q2", "flow", "2018-04..2018-06", "30"),
				}
			},
			want: []outcome{{KindPartsWhole, "40 (Jan 2018 – Mar 2018) + 30 (Apr 2018 – Jun 2018) = 70, more than the total of 60 (Jan 2018 – Jun 2018): the parts exceed it by at least 10.", Mismatch}},
		},
		{
			name: "parts cover the period but fall short",
			figs: func(t *testing.T) []models.Figure {
				return []models.Figure{
					fig(t, "h1", "flow", "2018-01..2018-06", "60"),
					fig(t, "q1", "flow", "2018-01..2018-03", "20"),
					fig(t, "q2", "flow", "2018-04..2018-06", "30"),
				}
			},
			want: []outcome{{KindPartsWhole, "20 (Jan 2018 – Mar 2018) + 30 (Apr 2018 – Jun 2018) = 50, less than the total of 60 (Jan 2018 – Jun 2018), though the parts cover its whole period: at least 10 are missing from the parts.", Mismatch}},
		},
		{
			name: "one part, the rest of the total in the months it leaves out",
			figs: func(t *testing.T) []models.Figure {
				return []models.Figure{
					fig(t, "h1", "cumulative", "2018-01..2018-06", "60"),
					fig(t, "q2", "flow", "2018-04..2018-06", "20"),
				}
			},
			want:  []outcome{{KindPartsWhole, "20 (Apr 2018 – Jun 2018), less than the total of 60 (Jan 2018 – Jun 2018); the other 40 would have to fall in Jan 2018 – Mar 2018, which no part covers.", OK}},
			notes: []string{"The total is said to run since Jan 2018, but its parts start in Apr 2018: 3 months (Jan 2018 – Mar 2018) are not covered by the parts."},
		},
		{
			name: "qualified parts fit an approximate total",
			figs: func(t *testing.T) []models.Figure {
				return []models.Figure{
					fig(t, "h1", "flow", "2018-01..2018-06", "about 60"),
					fig(t, "q1", "flow", "2018-01..2018-03", "at least 20"),
					fig(t, "q2", "flow", "2018-04..2018-06", "more than 29"),
				}
			},
			want: []outcome{{KindPartsWhole, "at least 20 (Jan 2018 – Mar 2018) + more than 29 (Apr 2018 – Jun 2018) = ≥ 50, consistent with the total of about 60 (Jan 2018 – Jun 2018).", OK}},
		},
		{
			name: "documented counts are compared as counts",
			figs: func(t *testing.T) []models.Figure {
				return []models.Figure{
					fig(t, "h1", "cumulative", "2016-07..2017-08", "documented 90"),
					fig(t, "y", "flow", "2016-07..2017-06", "documented 51"),
					fig(t, "m", "flow", "2017-07..2017-08", "documented 41"),
				}
			},
			want: []outcome{{KindPartsWhole, "51 (Jul 2016 – Jun 2017) + 41 (Jul 2017 – Aug 2017) = 92, more than the total of 90 (Jul 2016 – Aug 2017): the parts exceed it by at least 2.", Mismatch}},
		},
		{
			name: "documented parts are lower bounds against an exact total",
			figs: func(t *testing.T) []models.Figure {
				return []models.Figure{
					fig(t, "h1", "cumulative", "2016-07..2017-08", "100"),
					fig(t, "y", "flow", "2016-07..2017-06", "documented 51"),
					fig(t, "m", "flow", "2017-07..2017-08", "documented 41"),
				}
			},
			want: []outcome{{KindPartsWhole, "51 (Jul 2016 – Jun 2017) + 41 (Jul 2017 – Aug 2017) = ≥ 92, consistent with the total of 100 (Jul 2016 – Aug 2017).", OK}},
		},
		{
			name: "nested parts: only the outermost are added, the inner ones against their own total",
			figs: func(t *testing.T) []models.Figure {
				return []models.Figure{
					fig(t, "h1", "flow", "2018-01..2018-06", "60"),
					fig(t, "q1", "flow", "2018-01..2018-03", "30"),
					fig(t, "jan", "flow", "2018-01", "10"),
					fig(t, "feb", "flow", "2018-02", "10"),
					fig(t, "mar", "flow", "2018-03", "10"),
					fig(t, "q2", "flow", "2018-04..2018-06", "30"),
				}
			},
			want: []outcome{
				{KindPartsWhole, "30 (Jan 2018 – Mar 2018) + 30 (Apr 2018 – Jun 2018) = 60, equal to the total of 60 (Jan 2018 – Jun 2018).", OK},
				{KindPartsWhole, "10 (Jan 2018) + 10 (Feb 2018) + 10 (Mar 2018) = 30, equal to the total of 30 (Jan 2018 – Mar 2018).", OK},
			},
		},
		{
			name: "overlapping parts are not added",
			figs: func(t *testing.T) []models.Figure {
				return []models.Figure{
					fig(t, "h1", "flow", "2018-01..2018-06", "60"),
					fig(t, "a", "flow", "2018-01..2018-04", "40", source("src-b", "Org B")),
					fig(t, "b", "flow", "2018-03..2018-06", "40"),
				}
			},
			want:  []outcome{{KindPartsWhole, "The parts 40 (Jan 2018 – Apr 2018) and 40 (Mar 2018 – Jun 2018) overlap, so they are not added up against the total of 60 (Jan 2018 – Jun 2018).", Unknown}},
			notes: []string{"More than one part covers Mar 2018 – Apr 2018: adding them would count those people twice."},
		},
		{
			name: "cannot tell: a total by month against a part from the 15th",
			figs: func(t *testing.T) []models.Figure {
				return []models.Figure{
					fig(t, "h1", "cumulative", "2016-06..2016-12", "30"),
					fig(t, "p", "flow", "2016-06-15..2016-12-31", "30"),
				}
			},
			want:  []outcome{{KindPartsWhole, "30 (15 Jun 2016 – 31 Dec 2016), against the total of 30 (Jun 2016 – Dec 2016); the periods' precision leaves open whether the parts lie within the total and apart from each other.", Unknown}},
			notes: []string{"Cannot tell whether the part 15 Jun 2016 – 31 Dec 2016 lies within the total Jun 2016 – Dec 2016"},
		},
		{
			name: "cannot tell: a year known only to the year against its months",
			figs: func(t *testing.T) []models.Figure {
				var figs []models.Figure
				figs = append(figs, fig(t, "y", "flow", "2018", "12"))
				for _, m := range []string{"01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12"} {
					figs = append(figs, fig(t, "m"+m, "flow", "2018-"+m, "1"))
				}
				return figs
			},
			want: []outcome{{KindPartsWhole, "1 (Jan 2018) + 1 (Feb 2018) + 1 (Mar 2018) + 1 (Apr 2018) + 1 (May 2018) + 1 (Jun 2018) + 1 (Jul 2018) + 1 (Aug 2018) + 1 (Sep 2018) + 1 (Oct 2018) + 1 (Nov 2018) + 1 (Dec 2018) = 12, against the total of 12 (2018); the periods' precision leaves open whether the parts lie within the total and apart from each other.", Unknown}},
		},
		{
			name: "cannot tell: parts cover the total to the month, fall short, and a bound is only a month",
			figs: func(t *testing.T) []models.Figure {
				return []models.Figure{
					fig(t, "h1", "flow", "2018-01-01..2018-02-28", "60"),
					fig(t, "jan", "flow", "2018-01", "20"),
					fig(t, "feb", "flow", "2018-02-01..2018-02-28", "20"),
				}
			},
			want: []outcome{{KindPartsWhole, "20 (Jan 2018) + 20 (1 Feb 2018 – 28 Feb 2018) = 40, less than the total of 60 (1 Jan 2018 – 28 Feb 2018); the periods' precision leaves open whether the parts cover all of it.", Unknown}},
		},
		{
			name: "other populations, metrics and stocks are not parts",
			figs: func(t *testing.T) []models.Figure {
				return []models.Figure{
					fig(t, "h1", "flow", "2018-01..2018-06", "60"),
					fig(t, "q1", "flow", "2018-01..2018-03", "70", population("North Korean children")),
					fig(t, "q2", "flow", "2018-01..2018-03", "70", metric("forcibly_returned")),
					fig(t, "s", "stock", "2018-03-01", "70"),
					fig(t, "c", "cumulative", "2018-01..2018-03", "70"),
				}
			},
		},
	}
}
