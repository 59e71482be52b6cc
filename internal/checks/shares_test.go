package checks

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"forcedreturns/models"
)

func TestShares(t *testing.T) { runInvented(t, sharesCases()) }

// shareOf makes a figure a share of the figure key: a percentage.
func shareOf(key string) opt {
	return func(f *models.Figure) { f.ShareOf, f.Unit = key, models.UnitPercent }
}

func unit(u string) opt { return func(f *models.Figure) { f.Unit = u } }

// sharesCases are invented shares checked against the figure they are of.
func sharesCases() []invented {
	base := func(t *testing.T, o ...opt) models.Figure {
		return fig(t, "c", "cumulative", "2016-06..2017-08", "92", o...)
	}
	return []invented{
		{
			name: "a share of the 92",
			figs: func(t *testing.T) []models.Figure {
				return []models.Figure{base(t), fig(t, "w", "cumulative", "2016-06..2017-08", "more than 60", people("women"), shareOf("c"))}
			},
			want: []outcome{{KindShares, "more than 60 % of the 92 apprehended (North Koreans, Jun 2016 – Aug 2017) are women (Jun 2016 – Aug 2017): a percentage of that figure, never added to it or to anything else.", OK}},
		},
		{
			name: "a share of a shorter period within its base",
			figs: func(t *testing.T) []models.Figure {
				return []models.Figure{base(t), fig(t, "w", "cumulative", "2016-06..2016-12", "40-60", people("women"), shareOf("c"))}
			},
			want: []outcome{{KindShares, "40–60 % of the 92 apprehended (North Koreans, Jun 2016 – Aug 2017) are women (Jun 2016 – Dec 2016): a percentage of that figure, never added to it or to anything else.", OK}},
		},
		{
			name: "a stored share that no longer fits its base",
			figs: func(t *testing.T) []models.Figure {
				return []models.Figure{base(t), fig(t, "w", "flow", "2016-06..2017-09", "about 50", people("women"), shareOf("c"))}
			},
			want: []outcome{{KindShares, "about 50 % of the 92 apprehended (North Koreans, Jun 2016 – Aug 2017) are women (Jun 2016 – Sep 2017), but the share does not fit that figure: " +
				`quantity_kind must be cumulative, the kind of figure "c" it is a share of, got flow; ` +
				`period_end must not be after the end of figure "c"'s period (2017-08-31), got 2017-09-30: a share is of the people that figure counts.`, Mismatch}},
		},
		{
			name: "a share of a share",
			figs: func(t *testing.T) []models.Figure {
				return []models.Figure{base(t),
					fig(t, "w", "cumulative", "2016-06..2017-08", "60", people("women"), shareOf("c")),
					fig(t, "g", "cumulative", "2016-06..2017-08", "10", people("girls"), shareOf("w"))}
			},
			want: []outcome{
				{KindShares, "10 % of the 60 % apprehended (women, Jun 2016 – Aug 2017) are girls (Jun 2016 – Aug 2017), but the share does not fit that figure: " +
					`share_of figure "w" is itself a percentage (60 %): a share is a percentage of a count, not of another percentage.`, Mismatch},
				{KindShares, "60 % of the 92 apprehended (North Koreans, Jun 2016 – Aug 2017) are women (Jun 2016 – Aug 2017): a percentage of that figure, never added to it or to anything else.", OK},
			},
		},
		{
			name: "a share of a figure not in the tracker",
			figs: func(t *testing.T) []models.Figure {
				return []models.Figure{fig(t, "w", "cumulative", "2016-06..2017-08", "more than 60", people("women"), shareOf("gone"))}
			},
			want: []outcome{{KindShares, "more than 60 % women, but the figure it is a share of (gone) is not in the tracker.", Unknown}},
		},
		{
			name: "a share of a retracted figure",
			figs: func(t *testing.T) []models.Figure {
				return []models.Figure{base(t, retracted("misread")), fig(t, "w", "cumulative", "2016-06..2017-08", "more than 60", people("women"), shareOf("c"))}
			},
			want:  []outcome{{KindShares, "more than 60 % women, but the figure it is a share of (c) is retracted and counts for nothing.", Unknown}},
			notes: []string{"Retracted because: misread"},
		},
	}
}

// A share and a count of the same metric, population and period are never
// one quantity, never compared, never parts of one another: a percentage is
// not a number of people.
func TestShareNeverComparedWithCount(t *testing.T) {
	figs := []models.Figure{
		fig(t, "c", "cumulative", "2016-06..2017-08", "92"),
		// Two sources count the women: 60 and 50 disagree.
		fig(t, "women-a", "cumulative", "2016-06..2017-08", "60", people("women")),
		fig(t, "women-b", "cumulative", "2016-06..2017-08", "50", people("women"), source("src-b", "Org B")),
		// A third says 60 percent of the 92 were women: the same words, not the same quantity.
		fig(t, "women-share", "cumulative", "2016-06..2017-08", "60", people("women"), shareOf("c"), source("src-c", "Org C")),
		// A year's count of women and a share of a month inside it: no parts and whole.
		fig(t, "women-2016", "flow", "2016", "100", people("women")),
		fig(t, "women-2016-06", "flow", "2016-06", "70", people("women"), shareOf("c")),
	}
	for _, g := range Group(figs) {
		hasShare, hasCount := false, false
		for _, f := range g.Figures {
			hasShare = hasShare || f.Share()
			hasCount = hasCount || !f.Share()
		}
		if hasShare && hasCount {
			t.Errorf("Group merged a share with a count: %v", g.Keys())
		}
	}
	for _, r := range run(figs) {
		if r.Kind == KindShares {
			continue
		}
		for _, k := range []string{"women-share", "women-2016-06"} {
			if r.Involves(k) {
				t.Errorf("%s result involves the share %s: %s", r.Kind, k, r.Explanation)
			}
		}
		if r.Kind == KindAgreement && !strings.Contains(r.Explanation, "no number fits them all") {
			t.Errorf("the two counts of women should disagree: %s", r.Explanation)
		}
	}
	kinds := map[string]int{}
	for _, r := range run(figs) {
		kinds[r.Kind]++
	}
	// The agreement of the two counts, and each share against the 92
	// (women-2016-06 is a flow of a cumulative figure: a mismatch there).
	if want := map[string]int{KindAgreement: 1, KindShares: 2}; !cmp.Equal(want, kinds) {
		t.Errorf("result kinds = %v, want %v", kinds, want)
	}
}

// The unit is part of a figure's subject: figures in different units are
// different subjects, whatever else they share, and are never grouped.
func TestUnitIsPartOfSubject(t *testing.T) {
	people := fig(t, "p", "flow", "2018", "40")
	households := fig(t, "h", "flow", "2018", "12", unit("households"), source("src-b", "Org B"))
	if SubjectOf(people) == SubjectOf(households) {
		t.Errorf("SubjectOf ignores the unit: %+v", SubjectOf(people))
	}
	if SubjectOf(people).People() == SubjectOf(households).People() {
		t.Error("Subject.People holds across units")
	}
	if got := SubjectOf(people).Unit; got != "people" {
		t.Errorf("SubjectOf(...).Unit = %q", got)
	}
	if n := len(Group([]models.Figure{people, households})); n != 2 {
		t.Errorf("Group made %d quantities of a count in people and one in households, want 2", n)
	}
	if rs := run([]models.Figure{people, households}); len(rs) != 0 {
		t.Errorf("Run compared figures of different units: %+v", rs)
	}
	if _, err := Total(Group([]models.Figure{people, fig(t, "h2", "flow", "2019", "12", unit("households"))})); !errors.Is(err, ErrDoubleCount) {
		t.Errorf("Total added people and households: %v", err)
	}
	if n := len(Subjects(Group([]models.Figure{people, households}))); n != 2 {
		t.Errorf("Subjects = %d, want one per unit", n)
	}
	// A cohort is never split by a quantity in another unit.
	cohort := []models.Figure{
		fig(t, "c", "cumulative", "2016-06..2017-08", "92"),
		fig(t, "s", "stock", "2017-09-18", "46", metric("in_custody"), unit("households")),
		fig(t, "o", "cumulative", "2016-06..2017-09", "46", metric("forcibly_returned")),
	}
	if rs := ofKind(run(cohort), KindCohort); len(rs) != 0 {
		t.Errorf("a cohort in people split by a stock in households: %+v", rs)
	}
	cohort[1].Unit = "people"
	if rs := ofKind(run(cohort), KindCohort); len(rs) != 1 {
		t.Errorf("the same cohort in one unit gives %d cohort results, want 1: the test proves nothing", len(rs))
	}
}

// A share is never countable, never in a series or a total, and has no
// rate per month; it is counted in (points to) the figure it is a share of.
func TestShareNeverCounted(t *testing.T) {
	figs := []models.Figure{
		fig(t, "c", "flow", "2018", "92"),
		fig(t, "w", "flow", "2018", "more than 60", people("women"), shareOf("c")),
		fig(t, "w-b", "flow", "2018", "about 62", people("women"), shareOf("c"), source("src-b", "Org B")),
	}
	got := Countability(figs)
	want := map[string]Count{"c": countable("c"), "w": countedIn("w-b", "c"), "w-b": countedIn("w-b", "c")}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Countability (-want +got):\n%s", d)
	}
	shareSubject := SubjectOf(figs[1])
	for _, s := range Subjects(Group(figs)) {
		if s.Unit == models.UnitPercent {
			t.Errorf("Subjects lists a share's subject: %+v", s)
		}
	}
	if pts := Series(Group(figs), shareSubject); len(pts) != 0 {
		t.Errorf("Series of a share's subject = %+v, want none", pts)
	}
	var shareGroup Reported
	for _, g := range Group(figs) {
		if g.Share() {
			shareGroup = g
		}
	}
	if len(shareGroup.Figures) != 2 || !shareGroup.Agree {
		t.Fatalf("the two shares of one figure are one agreeing quantity: %+v", shareGroup)
	}
	// more than 60 % and about 62 % (56–68 %) agree on (60, 68] %: a
	// percentage is not a whole number of people, so 60.5 % is allowed.
	if in := shareGroup.Interval; in.Low != 60 || !in.LowOpen || in.High != 68 {
		t.Errorf("share interval = %v, want (60, 68]", in)
	}
	if _, err := Total([]Reported{shareGroup}); !errors.Is(err, ErrDoubleCount) {
		t.Errorf("Total added a share: %v", err)
	}
	rs := ofKind(run(figs), KindAgreement)
	if len(rs) != 1 || rs[0].Status != OK || !strings.Contains(rs[0].Explanation, "more than 60 % ((60, 100] %)") ||
		!strings.Contains(rs[0].Explanation, "together they allow (60, 68] %") {
		t.Errorf("agreement of the shares: %+v", rs)
	}
}
