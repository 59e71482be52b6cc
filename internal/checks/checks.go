package checks

import (
	"context"
	"sort"
	"strings"

	"forcedreturns/models"
)

// Status is the outcome of one check.
type Status string

// The outcomes of a check.
const (
	// OK: the figures fit together.
	OK Status = "ok"
	// Mismatch: the figures cannot all be right as stated.
	Mismatch Status = "mismatch"
	// Unknown: the tracker cannot tell, because a period's precision, an
	// overlap or a missing input leaves the relation open; shown as
	// "cannot tell".
	Unknown Status = "cannot_tell"
)

// Label writes the status for people: "ok", "mismatch", "cannot tell".
func (s Status) Label() string { return strings.ReplaceAll(string(s), "_", " ") }

// The kinds of check, in the order results are listed.
const (
	KindPartsWhole = "parts_whole"
	KindCohort     = "cohort"
	KindSubgroups  = "subgroups"
	KindDerived    = "derived"
	KindAgreement  = "agreement"
)

// Kinds lists the kinds of check in the order Run lists their results.
var Kinds = []string{KindPartsWhole, KindCohort, KindSubgroups, KindDerived, KindAgreement}

// Result is one relation among figures and whether it holds: the
// arithmetic in words and numbers, notes on what a reader must know (a
// boundary that differs, a figure that holds by construction), and the keys
// of every figure involved, so each can be linked.
type Result struct {
	Kind        string   `json:"kind"`
	Status      Status   `json:"status"`
	Title       string   `json:"title"`
	Explanation string   `json:"explanation"`
	Notes       []string `json:"notes,omitempty"`
	Figures     []string `json:"figures"`
}

// Involves reports whether the figure with key takes part in the result.
func (r Result) Involves(key string) bool {
	for _, k := range r.Figures {
		if k == key {
			return true
		}
	}
	return false
}

// CohortRule names the metrics of a cohort and the two quantities that
// split it: the people of the cohort still held at a date (a stock) and
// those who left it (an outflow). Editors can add metrics, so the rules are
// data, not code.
type CohortRule struct {
	Cohort, Stock, Outflow string
}

// DefaultCohorts returns the cohort rules of the seed vocabulary: the
// apprehended split into those still in custody and those forcibly
// returned.
func DefaultCohorts() []CohortRule {
	return []CohortRule{{Cohort: models.MetricApprehended, Stock: models.MetricInCustody, Outflow: models.MetricReturned}}
}

// Options configures Run.
type Options struct {
	// Cohorts are the cohort rules to apply.
	Cohorts []CohortRule
}

// Run checks the figures against each other with DefaultCohorts.
func Run(figs []models.Figure) []Result {
	return Options{Cohorts: DefaultCohorts()}.Run(figs)
}

// RunContext is Run with DefaultCohorts for a caller that may stop
// waiting (Options.RunContext).
func RunContext(ctx context.Context, figs []models.Figure) ([]Result, error) {
	return Options{Cohorts: DefaultCohorts()}.RunContext(ctx, figs)
}

// Run checks the figures against each other and returns one result per
// relation found: parts and whole, cohort, subgroups, derived figures and
// agreement between sources. Only countable (published) figures take part;
// pass the retracted and draft ones too, so that a derived figure or a
// subgroup whose input was retracted is named as such rather than as
// missing. The order is deterministic: by kind (as in Kinds), then title,
// then figures.
func (o Options) Run(figs []models.Figure) []Result {
	out, _ := o.RunContext(context.Background(), figs)
	return out
}

// RunContext is Run for a caller that may stop waiting (a request whose
// client went away): it stops between its kinds of check once ctx is
// done, and returns ctx's error.
func (o Options) RunContext(ctx context.Context, figs []models.Figure) ([]Result, error) {
	all := map[string]models.Figure{}
	var countable []models.Figure
	for _, f := range figs {
		// A countable figure wins over a stale copy under the same key.
		if _, seen := all[f.Key]; !seen || f.Countable() {
			all[f.Key] = f
		}
		if f.Countable() {
			countable = append(countable, f)
		}
	}
	sort.SliceStable(countable, func(i, j int) bool { return lessFigure(countable[i], countable[j]) })
	groups := Group(countable)
	var out []Result
	stages := []func() []Result{func() []Result { return partsWhole(groups) }}
	for _, rule := range o.Cohorts {
		stages = append(stages, func() []Result { return cohorts(groups, rule) })
	}
	stages = append(stages,
		func() []Result { return subgroups(countable, all) },
		func() []Result { return derived(countable, all) },
		func() []Result { return agreement(groups) })
	for _, stage := range stages {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		out = append(out, stage()...)
	}
	rank := map[string]int{}
	for i, k := range Kinds {
		rank[k] = i
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Kind != b.Kind {
			return rank[a.Kind] < rank[b.Kind]
		}
		if a.Title != b.Title {
			return a.Title < b.Title
		}
		return strings.Join(a.Figures, ",") < strings.Join(b.Figures, ",")
	})
	return out, nil
}

// Counts returns how many results have each status.
func Counts(rs []Result) map[Status]int {
	out := map[Status]int{}
	for _, r := range rs {
		out[r.Status]++
	}
	return out
}

// lessFigure orders figures the way they were entered (database id), then
// by key, so that "1 + 11 + 4" reads in the order of the source.
func lessFigure(a, b models.Figure) bool {
	if a.ID != b.ID {
		return a.ID < b.ID
	}
	return a.Key < b.Key
}

// keysOf returns the keys of the groups' figures, in order, without repeats.
func keysOf(groups ...Reported) []string {
	var out []string
	seen := map[string]bool{}
	for _, g := range groups {
		for _, k := range g.Keys() {
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	return out
}
