package checks

import (
	"strings"
	"testing"

	"forcedreturns/models"
)

// TestCohortSplits is the cohort rule, in the one place it is written: the
// cohort check and the overview's outcomes chart both take their splits
// from CohortRule.EachSplit. The cases marked "chart differed" are those where
// the chart's own copy of the rule (before there was one) picked other
// figures than the check.
func TestCohortSplits(t *testing.T) {
	rule := DefaultCohorts()[0]
	stock := func(key, date, q string, opts ...opt) models.Figure {
		return fig(t, key, "stock", date, q, append([]opt{metric(models.MetricInCustody)}, opts...)...)
	}
	returned := func(key, kind, period, q string) models.Figure {
		return fig(t, key, kind, period, q, metric(models.MetricReturned))
	}
	since := fig(t, "since", "cumulative", "2016-06..2017-08", "92")
	held := stock("held", "2017-09-18", "46")
	back := returned("back", "cumulative", "2016-06..2017-09", "46")
	tests := []struct {
		name string
		figs []models.Figure
		want []string // "cohort|stock|outflow", keys joined by "+"
	}{
		{"a cumulative total, a later stock and the returns up to it", []models.Figure{since, held, back},
			[]string{"since|held|back"}},
		{"chart differed: a flow over the same span is a cohort too",
			[]models.Figure{fig(t, "flow", "flow", "2016-06..2017-08", "92"), held, back},
			[]string{"flow|held|back"}},
		{"chart differed: a stock inside the cohort's last month is taken (the check notes it)",
			[]models.Figure{fig(t, "to-sep", "cumulative", "2016-06..2017-09", "92"), held, back},
			[]string{"to-sep|held|back"}},
		{"a stock before the cohort's last month is not a split of it",
			[]models.Figure{fig(t, "to-sep", "cumulative", "2016-06..2017-09", "92"), stock("early", "2017-08-20", "46"), back},
			nil},
		{"chart differed: returns that stop long before the stock's date are not its other part",
			[]models.Figure{since, held, returned("back-2016", "cumulative", "2016-06..2016-12", "20")},
			nil},
		{"chart differed: a stock alone does not split a cohort", []models.Figure{since, held},
			nil},
		{"returns from another start are another cohort's",
			[]models.Figure{since, held, returned("back-jul", "cumulative", "2016-07..2017-09", "46")},
			nil},
		{"other people are not this cohort's",
			[]models.Figure{since, stock("others", "2017-09-18", "46", population("Others")), back},
			nil},
		{"of cohorts from one start, the outermost is split, not a shorter flow",
			[]models.Figure{fig(t, "june", "flow", "2016-06", "10"), since, held, back},
			[]string{"since|held|back"}},
		{"a subgroup is never a cohort",
			[]models.Figure{fig(t, "children", "cumulative", "2016-06..2017-08", "11", subgroupOf("since")), held, back},
			nil},
		{"corroborating reports of the cohort are one quantity",
			[]models.Figure{since, fig(t, "since-b", "cumulative", "2016-06..2017-08", "92", source("src-b", "Org B")), held, back},
			[]string{"since+since-b|held|back"}},
		{"drafts and retracted figures take no part",
			[]models.Figure{since, stock("held-draft", "2017-09-18", "46", draft()), returned("x", "cumulative", "2016-06..2017-09", "46")},
			nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, sp := range rule.splits(Group(tt.figs)) {
				got = append(got, strings.Join(sp.Cohort.Keys(), "+")+"|"+strings.Join(sp.Stock.Keys(), "+")+"|"+strings.Join(sp.Outflow.Keys(), "+"))
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("splits = %q, want %q", got, tt.want)
			}
			// The check reports exactly these splits, about these figures.
			var checked []string
			for _, r := range ofKind(run(tt.figs), KindCohort) {
				checked = append(checked, strings.Join(r.Figures, ","))
			}
			var want []string
			for _, sp := range rule.splits(Group(tt.figs)) {
				want = append(want, strings.Join(keysOf(sp.Cohort, sp.Stock, sp.Outflow), ","))
			}
			if strings.Join(checked, " ") != strings.Join(want, " ") {
				t.Errorf("the cohort check is about %q, the splits about %q", checked, want)
			}
		})
	}
}

func TestIsCohort(t *testing.T) {
	rule := DefaultCohorts()[0]
	for _, tt := range []struct {
		name string
		f    models.Figure
		want bool
	}{
		{"cumulative", fig(t, "a", "cumulative", "2016-06..2017-08", "92"), true},
		{"flow", fig(t, "a", "flow", "2016-06..2017-08", "92"), true},
		{"stock", fig(t, "a", "stock", "2017-09-18", "92"), false},
		{"subgroup", fig(t, "a", "cumulative", "2016-06..2017-08", "11", subgroupOf("b")), false},
		{"other metric", fig(t, "a", "cumulative", "2016-06..2017-08", "46", metric(models.MetricReturned)), false},
	} {
		if got := rule.IsCohort(tt.f); got != tt.want {
			t.Errorf("%s: IsCohort = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestMayBeHigherIsUnbounded ties the qualifier's wording (a dashed bar, "may
// be higher") to the interval the checks read: exactly the qualifiers with
// no upper bound. A quantity without a number is never drawn nor compared.
func TestMayBeHigherIsUnbounded(t *testing.T) {
	for _, q := range models.Qualifiers {
		if !q.HasNumber() {
			continue
		}
		in := IntervalOf(models.Quantity{Qualifier: q, Value: 41, Low: 24, High: 99})
		if q.MayBeHigher() == in.Bounded() {
			t.Errorf("%s: MayBeHigher = %v but the checks read it as %s", q, q.MayBeHigher(), in)
		}
	}
}

// TestSamePeople is the "same subject" rule figure pages, charts and checks
// share: a subject is metric, population and states; the same people are
// the subject without its metric.
func TestSamePeople(t *testing.T) {
	a := fig(t, "a", "cumulative", "2016-06..2017-08", "92")
	for _, tt := range []struct {
		name         string
		b            models.Figure
		people, subj bool
	}{
		{"same metric and people, other period", fig(t, "b", "flow", "2017-07..2017-08", "41"), true, true},
		{"another metric about the same people", fig(t, "b", "stock", "2017-09-18", "46", metric(models.MetricInCustody)), true, false},
		{"another population", fig(t, "b", "cumulative", "2016-06..2017-08", "92", population("Others")), false, false},
		{"another acting state", fig(t, "b", "cumulative", "2016-06..2017-08", "92", func(f *models.Figure) { f.ActingState = "RU" }), false, false},
		{"no receiving state", fig(t, "b", "cumulative", "2016-06..2017-08", "92", func(f *models.Figure) { f.ReceivingState = "" }), false, false},
	} {
		if got := SubjectOf(a).People() == SubjectOf(tt.b).People(); got != tt.people {
			t.Errorf("%s: same people = %v, want %v", tt.name, got, tt.people)
		}
		if got := SubjectOf(a) == SubjectOf(tt.b); got != tt.subj {
			t.Errorf("%s: same subject = %v, want %v", tt.name, got, tt.subj)
		}
	}
}
