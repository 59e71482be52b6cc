package checks

import (
	"slices"

	"forcedreturns/models"
)

// UnitsInvolving returns the units (Owner) whose results may involve f,
// so that a figure's page reads those units' results rather than the
// whole run's: f's subject (its checks among themselves, its share or
// derived check, its subgroups' check when it is a parent), its people
// when f is under a cohort rule's metric (the cohorts), the unit of
// f's parent when f is a subgroup (parent is the parent as the audience
// sees it, nil when it sees none: the unit is then the parent's key), and
// the subject of each figure in naming (the figures naming f, whose share
// or derived check names f). Every result involving f belongs to one of
// them; they may own others too, which the caller leaves out
// (Result.Involves).
func (o Options) UnitsInvolving(f models.Figure, parent *models.Figure, naming []models.Figure) []Owner {
	var out []Owner
	add := func(u Owner) {
		if !slices.Contains(out, u) {
			out = append(out, u)
		}
	}
	add(Owner{Subject: SubjectOf(f)})
	for _, rule := range o.Cohorts {
		if f.Metric == rule.Cohort || f.Metric == rule.Stock || f.Metric == rule.Outflow {
			add(Owner{Subject: SubjectOf(f).People()})
		}
	}
	if f.SubgroupOf != "" {
		if parent != nil && parent.Key == f.SubgroupOf {
			add(Owner{Subject: SubjectOf(*parent)})
		} else {
			add(Owner{Parent: f.SubgroupOf})
		}
	}
	for _, g := range naming {
		add(Owner{Subject: SubjectOf(g)})
	}
	return out
}

// Involving is what a figure's page shows of the checks: the results
// involving the figure, in the order of a run, from every unit that may
// involve it but the Pending ones, whose stored results are not up to
// date and were too large to compute for one page (their results are
// left out until the stored checks are brought up to date); Computed
// units were computed for the page rather than read.
type Involving struct {
	Results           []Result
	Computed, Pending int
}

// SortResults orders results as Run and RunUnit return them: by kind,
// then title, then figures.
func SortResults(rs []Result) { sortResults(rs) }
