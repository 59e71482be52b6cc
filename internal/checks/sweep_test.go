package checks

import (
	"fmt"
	"math/rand"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"

	"forcedreturns/models"
)

// allPairs relates every period with every other, as Series did before
// relatedPairs.
func allPairs(periods []models.Period) [][]int {
	out := make([][]int, len(periods))
	for i := range periods {
		for j := range periods {
			if i != j {
				out[i] = append(out[i], j)
			}
		}
	}
	return out
}

// splitsAllPairs is CohortRule.splits as it was before the outflows were
// sorted by end: every stock against every outflow.
func splitsAllPairs(rule CohortRule, groups []Reported) []CohortSplit {
	var out []CohortSplit
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
		for _, s := range ss {
			date := s.Period.End
			for _, o := range os {
				if date.Before(lastUnitStart(o.Period)) || o.Period.End.Before(date) {
					continue
				}
				best := -1
				for i, c := range cs {
					if c.Period.Start != o.Period.Start || date.Before(lastUnitStart(c.Period)) {
						continue
					}
					if best < 0 || cs[best].Period.End.Before(c.Period.End) {
						best = i
					}
				}
				if best >= 0 {
					out = append(out, CohortSplit{Cohort: cs[best], Stock: s, Outflow: o})
				}
			}
		}
	}
	return out
}

// TestSweepsMatchAllPairs compares Series and the cohort splits with the
// all-pairs versions on 200 random sets: the same points, roles and
// relations, the same splits in the same order. Half the sets draw a
// period per figure (many distinct, nested and overlapping periods), and
// some figures have no valid period.
func TestSweepsMatchAllPairs(t *testing.T) {
	rule := DefaultCohorts()[0]
	var related, splits int
	for seed := range int64(200) {
		r := rand.New(rand.NewSource(seed))
		figs := randomFigures(r, 5+r.Intn(80))
		if seed%2 == 1 {
			// Cohorts and outflows from a few shared starts, stocks at
			// days near their ends, so that splits are found and missed.
			starts := []models.Date{randomPeriod(r).Start, randomPeriod(r).Start, randomPeriod(r).Start}
			for i := range figs {
				figs[i].Population, figs[i].ActingState = "North Koreans", "CN"
				if figs[i].Kind != models.Stock {
					figs[i].Metric = []string{models.MetricApprehended, models.MetricReturned}[r.Intn(2)]
				}
				p := randomPeriod(r)
				if figs[i].Kind == models.Stock {
					p.Start, p.Precision, p.EndPrecision = p.End, models.PrecisionDay, models.PrecisionDay
				} else if r.Intn(3) > 0 {
					p.Start = starts[r.Intn(len(starts))]
					if p.End.Before(p.Start) {
						p.End = p.Start.AddDays(r.Intn(500))
					}
				}
				figs[i].Period = p
			}
			for i := range figs {
				if figs[i].Kind == models.Stock {
					d := figs[r.Intn(len(figs))].Period.End.AddDays(-r.Intn(40))
					figs[i].Period = models.Period{Start: d, End: d, Precision: models.PrecisionDay}
					if r.Intn(3) > 0 {
						figs[i].Metric = models.MetricInCustody
					}
				}
			}
		}
		if seed%5 == 0 {
			figs[r.Intn(len(figs))].Period = models.Period{}
		}
		groups := Group(figs)
		for _, s := range Subjects(groups) {
			want := series(groups, s, allPairs)
			for _, p := range want {
				related += len(p.PartOf) + len(p.Covers) + len(p.Overlaps)
			}
			if diff := gocmp.Diff(want, Series(groups, s)); diff != "" {
				t.Fatalf("seed %d, %v: Series differs from all pairs (-want +got):\n%s", seed, s, diff)
			}
		}
		want := splitsAllPairs(rule, groups)
		splits += len(want)
		if diff := gocmp.Diff(want, rule.splits(groups)); diff != "" {
			t.Fatalf("seed %d: splits differ from all pairs (-want +got):\n%s", seed, diff)
		}
	}
	if related < 200 || splits < 50 {
		t.Errorf("only %d related pairs and %d splits in all the random sets: the test proves little", related, splits)
	}
	t.Log(fmt.Sprint(related, " related pairs, ", splits, " splits"))
}
