package checks

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"forcedreturns/models"
)

// noNumber makes a figure that gives no number: the source's words only.
func noNumber(words string) opt {
	return func(f *models.Figure) {
		f.Qualifier, f.Value, f.ValueLow, f.ValueHigh, f.ValueText = models.QualUnquantified, 0, 0, 0, words
	}
}

// A figure that gives no number is never summed: it is not countable, it
// belongs to no group, no series holds it and no total adds it, whatever
// its period; the figures with a number add up as if it were not there.
func TestUnquantifiedIsNeverSummed(t *testing.T) {
	figs := []models.Figure{
		fig(t, "y-2018", "flow", "2018", "50"),
		// A part of the 2018 total, and a period of its own: with a number,
		// the first would be counted in the total and the second countable.
		fig(t, "y-2018-q1-words", "flow", "2018-01..2018-03", "1", noNumber("a number of")),
		fig(t, "y-2019-words", "flow", "2019", "1", noNumber("dozens")),
		// A subgroup with a number of a figure without one: its people are
		// counted in that figure, which no sum adds.
		fig(t, "y-2019-children", "flow", "2019", "3", population("children"), subgroupOf("y-2019-words")),
		fig(t, "y-2020", "flow", "2020", "7"),
	}
	got := Countability(figs)
	want := map[string]Count{
		"y-2018-q1-words": {},
		"y-2019-words":    {},
		"y-2018":          countable("y-2018"),
		"y-2020":          countable("y-2020"),
		"y-2019-children": countedIn("y-2019-children", "y-2019-words"),
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Countability (-want +got):\n%s", d)
	}
	if d := cmp.Diff(map[string]int64{"apprehended": 57}, sumCountable(figs, got)); d != "" {
		t.Errorf("sum(value where countable) (-want +got):\n%s", d)
	}
	subject := SubjectOf(figs[0])
	var periods []string
	for _, p := range Series(Group(figs), subject) {
		periods = append(periods, p.Period.Label()+": "+p.Text())
		if p.Role != RoleAlone {
			t.Errorf("%s has role %s: a figure without a number made it a part or a total", p.Period.Label(), p.Role)
		}
	}
	if d := cmp.Diff([]string{"2018: 50", "2020: 7"}, periods); d != "" {
		t.Errorf("Series (-want +got):\n%s", d)
	}
	for _, g := range Group(figs) {
		for _, f := range g.Figures {
			if !f.Qualifier.HasNumber() {
				t.Errorf("Group holds %s, which gives no number", f.Key)
			}
		}
	}
	var flows []Reported
	for _, p := range Series(Group(figs), subject) {
		flows = append(flows, p.Reported)
	}
	in, err := Total(flows)
	if err != nil || in.String() != "57" {
		t.Errorf("Total = %s, %v; want 57", in, err)
	}
	// Two reports of one quantity, one without a number: no agreement to
	// judge, and the one with a number stands alone.
	two := []models.Figure{fig(t, "a", "flow", "2018", "50"), fig(t, "b", "flow", "2018", "1", noNumber("dozens"), source("src-b", "Org B"))}
	if rs := ofKind(run(two), KindAgreement); len(rs) != 0 {
		t.Errorf("agreement results with a figure that gives no number: %+v", rs)
	}
}

func TestUnquantifiedInChecks(t *testing.T) {
	runInvented(t, []invented{
		{
			name: "a subgroup without a number is not added",
			figs: func(t *testing.T) []models.Figure {
				return []models.Figure{
					fig(t, "p", "cumulative", "2016-06..2017-08", "documented 92", id(1)),
					fig(t, "k1", "cumulative", "2016-06..2017-08", "documented 11", population("children"), subgroupOf("p"), id(2)),
					fig(t, "k2", "cumulative", "2016-06..2017-08", "1", population("women"), subgroupOf("p"), id(3), noNumber("dozens")),
				}
			},
			want: []outcome{{KindSubgroups, "11, against the 92 apprehended (North Koreans, Jun 2016 – Aug 2017): their periods lie within its period, " +
				"but no number is given for women, so the tracker cannot tell whether all the subgroups fit within it.", Unknown}},
			notes: []string{"“dozens” (no number given): women."},
		},
		{
			name: "a subgroup without a number is still held to its parent's period",
			figs: func(t *testing.T) []models.Figure {
				return []models.Figure{
					fig(t, "p", "cumulative", "2016-06..2017-08", "documented 92", id(1)),
					fig(t, "k1", "cumulative", "2018", "1", population("women"), subgroupOf("p"), id(2), noNumber("a number of")),
				}
			},
			want: []outcome{{KindSubgroups, "“a number of” (no number given) women: subgroups counted over a period outside the 92 apprehended " +
				"(North Koreans, Jun 2016 – Aug 2017) (women (2018)) cannot be part of it.", Mismatch}},
		},
		{
			name: "a subgroup with a number still cannot exceed its parent",
			figs: func(t *testing.T) []models.Figure {
				return []models.Figure{
					fig(t, "p", "cumulative", "2016-06..2017-08", "documented 92", id(1)),
					fig(t, "k1", "cumulative", "2016-06..2017-08", "more than 92", population("children"), subgroupOf("p"), id(2)),
					fig(t, "k2", "cumulative", "2016-06..2017-08", "1", population("women"), subgroupOf("p"), id(3), noNumber("dozens")),
				}
			},
			want: []outcome{{KindSubgroups, "more than 92 children alone exceeds the 92 apprehended (North Koreans, Jun 2016 – Aug 2017).", Mismatch}},
		},
		{
			name: "a parent without a number",
			figs: func(t *testing.T) []models.Figure {
				return []models.Figure{
					fig(t, "p", "cumulative", "2016-06..2017-08", "1", id(1), noNumber("dozens")),
					fig(t, "k1", "cumulative", "2016-06..2017-08", "5", population("children"), subgroupOf("p"), id(2)),
				}
			},
			want: []outcome{{KindSubgroups, "5, against the “dozens” (no number given) apprehended (North Koreans, Jun 2016 – Aug 2017): " +
				"their periods lie within its period, but the parent gives no number, so the tracker cannot tell whether the subgroups' numbers fit within it.", Unknown}},
		},
		{
			name: "a parent without a number is still there",
			figs: func(t *testing.T) []models.Figure {
				return []models.Figure{
					fig(t, "p", "cumulative", "2016-06..2017-08", "1", noNumber("dozens"), draft()),
					fig(t, "k1", "cumulative", "2016-06..2017-08", "5", population("children"), subgroupOf("p")),
				}
			},
			want: []outcome{{KindSubgroups, "5, but the figure they are subgroups of (p) is draft and counts for nothing.", Unknown}},
		},
		{
			name: "a formula cannot use a figure without a number",
			figs: func(t *testing.T) []models.Figure {
				return []models.Figure{
					fig(t, "a", "flow", "2018-01..2018-06", "1", noNumber("a number of")),
					fig(t, "b", "flow", "2018-01..2018-03", "25", metric("arrested")),
					fig(t, "d", "flow", "2018-04..2018-06", "35", metric("deaths"), derivedAs("{a} - {b}")),
				}
			},
			want: []outcome{{KindDerived, "? − 25: a formula over single numbers cannot use a (“a number of” (no number given)).", Unknown}},
		},
	})
}

// IntervalOf reads a quantity without a number as any number, so that if
// it ever reached a comparison it could make no check say ok or mismatch.
func TestIntervalOfNoNumber(t *testing.T) {
	in := IntervalOf(models.Quantity{Qualifier: models.QualUnquantified, Words: "dozens"})
	if in != AtLeast(0) {
		t.Errorf("IntervalOf(unquantified) = %s, want ≥ 0", in)
	}
	if got := plainIn(models.English, fig(t, "w", "flow", "2018", "1", noNumber("dozens"))); !strings.Contains(got, "dozens") || strings.ContainsAny(got, "0123456789") {
		t.Errorf("plainIn(unquantified) = %q: want the words and no number", got)
	}
}
