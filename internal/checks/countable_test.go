package checks

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"forcedreturns/models"
)

func countable(group string) Count      { return Count{Countable: true, Group: group} }
func countedIn(group, in string) Count  { return Count{Group: group, CountedIn: in} }
func people(pop string) opt             { return population(pop) }
func inMetric(m string, o ...opt) []opt { return append([]opt{metric(m)}, o...) }
func sumCountable(figs []models.Figure, cs map[string]Count) map[string]int64 {
	out := map[string]int64{}
	for _, f := range figs {
		if cs[f.Key].Countable {
			out[f.Metric] += f.Value // a range's value is 0 here, empty in the CSV
		}
	}
	return out
}

// multiReport is a multi-report set: two sources reporting one event, a
// cumulative total with its parts, a total with only part of its parts, a
// derived figure and a derived duplicate, subgroups, overlapping periods,
// stocks at two dates, a retracted report and a draft.
func multiReport(t *testing.T) []models.Figure {
	return []models.Figure{
		// Two sources, one event (they agree: 100 or more).
		fig(t, "a-2018-hrw", "flow", "2018", "documented 100", people("P")),
		fig(t, "a-2018-ngo", "flow", "2018", "at least 90", people("P"), source("src-b", "Org B")),
		// Two sources that differ (41 against 45): the low end is counted.
		fig(t, "a-2019-x", "flow", "2019", "45", people("P")),
		fig(t, "a-2019-y", "flow", "2019", "41", people("P"), source("src-b", "Org B")),
		// A total whose parts are partly present.
		fig(t, "a-2020", "flow", "2020", "50", people("P")),
		fig(t, "a-2020-q1", "flow", "2020-01..2020-03", "10", people("P")),
		// A retracted report and a draft of the same subject.
		fig(t, "a-2021-wrong", "flow", "2021", "999", people("P"), retracted("misread")),
		fig(t, "a-2021-draft", "flow", "2021", "12", people("P"), draft()),
		// A cumulative total with all its parts, subgroups of it and of a part.
		fig(t, "q-since-2018", "cumulative", "2018-01..2018-12", "60", people("Q")),
		fig(t, "q-h1", "flow", "2018-01..2018-06", "25", people("Q")),
		fig(t, "q-h2", "flow", "2018-07..2018-12", "35", people("Q")),
		fig(t, "q-children", "cumulative", "2018-01..2018-12", "5", people("Q children"), subgroupOf("q-since-2018")),
		fig(t, "q-h1-women", "flow", "2018-01..2018-06", "3", people("Q women"), subgroupOf("q-h1")),
		// A derived duplicate of the parts, and a derived figure nothing else counts.
		fig(t, "q-sum", "flow", "2018-01..2018-12", "60", people("Q"), derivedAs("{q-h1} + {q-h2}")),
		fig(t, "q-held-jun", "stock", "2018-06-30", "20", inMetric(models.MetricInCustody, people("Q"))...),
		fig(t, "q-held-dec", "stock", "2018-12-31", "15", inMetric(models.MetricInCustody, people("Q"))...),
		fig(t, "q-returned", "cumulative", "2018-01..2018-12", "45",
			inMetric(models.MetricReturned, people("Q"), derivedAs("{q-since-2018} - {q-held-dec}"))...),
		// A derived figure resting on a retracted input counts for nothing.
		fig(t, "a-2021-returned", "flow", "2021", "900",
			inMetric(models.MetricReturned, people("P"), derivedAs("{a-2021-wrong} - {q-held-dec}"))...),
		// Overlapping periods: the earlier one is counted.
		fig(t, "r-h1", "flow", "2022-01..2022-06", "10", people("R")),
		fig(t, "r-mid", "flow", "2022-04..2022-09", "8", people("R")),
	}
}

func TestCountability(t *testing.T) {
	seedFigs := seedFigures(t)
	for i := range seedFigs {
		seedFigs[i].Status = models.StatusPublished
	}
	const total92 = "hrw-2017-apprehended-since-2016-06"
	tests := []struct {
		name string
		figs []models.Figure
		want map[string]Count
		sums map[string]int64
	}{
		{
			name: "seed",
			figs: seedFigs,
			want: map[string]Count{
				"hrw-2017-apprehended-2017-07-to-08":      countedIn("hrw-2017-apprehended-2017-07-to-08", total92),
				"hrw-2017-apprehended-2016-07-to-2017-06": countedIn("hrw-2017-apprehended-2016-07-to-2017-06", total92),
				total92:                                    countable(total92),
				"hrw-2017-apprehended-newborn":             countedIn("hrw-2017-apprehended-newborn", total92),
				"hrw-2017-apprehended-other-children":      countedIn("hrw-2017-apprehended-other-children", total92),
				"hrw-2017-apprehended-older-women":         countedIn("hrw-2017-apprehended-older-women", total92),
				"hrw-2017-in-custody-2017-09-18":           countable("hrw-2017-in-custody-2017-09-18"),
				"hrw-2017-forcibly-returned-since-2016-06": countable("hrw-2017-forcibly-returned-since-2016-06"),
				// "dozens", "a number of", "hundreds of thousands, if not
				// millions": no number, so in no group and no sum.
				"hrw-2017-imprisoned-after-return": {},
				"hrw-2017-guides-arrested":         {},
				"famine-deaths-1994-to-1998":       {},
			},
			sums: map[string]int64{"apprehended": 92, "in_custody": 46, "forcibly_returned": 46},
		},
		{
			name: "invented multi-report",
			figs: multiReport(t),
			want: map[string]Count{
				"a-2018-hrw":      countable("a-2018-hrw"),
				"a-2018-ngo":      countedIn("a-2018-hrw", "a-2018-hrw"),
				"a-2019-y":        countable("a-2019-y"),
				"a-2019-x":        countedIn("a-2019-y", "a-2019-y"),
				"a-2020":          countable("a-2020"),
				"a-2020-q1":       countedIn("a-2020-q1", "a-2020"),
				"a-2021-wrong":    {},
				"a-2021-draft":    {},
				"q-since-2018":    countable("q-since-2018"),
				"q-h1":            countedIn("q-h1", "q-since-2018"),
				"q-h2":            countedIn("q-h2", "q-since-2018"),
				"q-children":      countedIn("q-children", "q-since-2018"),
				"q-h1-women":      countedIn("q-h1-women", "q-since-2018"),
				"q-sum":           countedIn("q-sum", "q-since-2018"),
				"q-held-jun":      countedIn("q-held-jun", "q-held-dec"),
				"q-held-dec":      countable("q-held-dec"),
				"q-returned":      countable("q-returned"),
				"a-2021-returned": {Group: "a-2021-returned"},
				"r-h1":            countable("r-h1"),
				"r-mid":           countedIn("r-mid", "r-h1"),
			},
			// 100 + 41 + 50 (P) + 60 (Q) + 10 (R); 15 held; 45 returned.
			sums: map[string]int64{"apprehended": 261, "in_custody": 15, "forcibly_returned": 45},
		},
	}
	tests = append(tests, struct {
		name string
		figs []models.Figure
		want map[string]Count
		sums map[string]int64
	}{
		// A subgroup or share of a retracted or draft figure is counted
		// nowhere: counted_in names no withdrawn or unpublished report. A
		// subgroup of a figure without a number is counted in it
		// (TestUnquantifiedIsNeverSummed).
		name: "parts of figures counted nowhere",
		figs: []models.Figure{
			fig(t, "w-total", "flow", "2019", "80", people("W"), retracted("misread")),
			fig(t, "w-children", "flow", "2019", "12", people("W children"), subgroupOf("w-total")),
			fig(t, "v-total", "flow", "2019", "40", people("V"), draft()),
			fig(t, "v-women", "flow", "2019", "60", people("V"), shareOf("v-total")),
			fig(t, "u-total", "flow", "2019", "7", people("U"), func(f *models.Figure) { f.Qualifier, f.Value, f.ValueText = models.QualUnquantified, 0, "dozens" }),
			fig(t, "u-children", "flow", "2019", "7", people("U children"), subgroupOf("u-total")),
			fig(t, "t-total", "flow", "2019", "30", people("T")),
			fig(t, "t-children", "flow", "2019", "4", people("T children"), subgroupOf("t-total")),
			fig(t, "t-girls", "flow", "2019", "2", people("T girls"), subgroupOf("t-children")),
		},
		want: map[string]Count{
			"w-total": {}, "w-children": {Group: "w-children"},
			"v-total": {}, "v-women": {Group: "v-women"},
			"u-total": {}, "u-children": countedIn("u-children", "u-total"),
			"t-total":    countable("t-total"),
			"t-children": countedIn("t-children", "t-total"),
			"t-girls":    countedIn("t-girls", "t-total"),
		},
		sums: map[string]int64{"apprehended": 30},
	})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Countability(tt.figs)
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("Countability (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tt.sums, sumCountable(tt.figs, got)); d != "" {
				t.Errorf("sum(value where countable) per metric (-want +got):\n%s", d)
			}
		})
	}
}

// TestCountableFlowsTotal checks the countable flows against Total, the
// tracker's own rule for adding: for every subject whose countable figures
// are flows, Total accepts them (no double counting) and its low end is
// sum(value where countable).
func TestCountableFlowsTotal(t *testing.T) {
	for name, figs := range map[string][]models.Figure{"seed": seedFigures(t), "invented": multiReport(t)} {
		if name == "seed" {
			for i := range figs {
				figs[i].Status = models.StatusPublished
			}
		}
		cs := Countability(figs)
		bySubject := map[Subject][]Reported{}
		sums := map[Subject]int64{}
		for _, r := range Group(figs) {
			var kept []models.Figure
			for _, f := range r.Figures {
				if cs[f.Key].Countable {
					kept = append(kept, f)
					sums[subjectOf(r)] += f.Value
				}
			}
			if len(kept) > 0 && r.Kind == models.Flow {
				bySubject[subjectOf(r)] = append(bySubject[subjectOf(r)], r)
			}
		}
		if len(bySubject) == 0 && name != "seed" {
			// The seed's flows are parts of its cumulative 92 or give no
			// number: it has none to add.
			t.Fatalf("%s: no countable flows", name)
		}
		for s, reps := range bySubject {
			in, err := Total(reps)
			if errors.Is(err, ErrDoubleCount) {
				t.Errorf("%s %v: Total refuses the countable flows: %v", name, s, err)
				continue
			}
			if in.Low != float64(sums[s]) {
				t.Errorf("%s %v: Total %v, sum(value where countable) %d", name, s, in, sums[s])
			}
		}
	}
}
