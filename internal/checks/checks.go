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
	KindShares     = "shares"
	KindDerived    = "derived"
	KindAgreement  = "agreement"
	// KindAfterPublication: a figure whose period ends after its source
	// was published (see afterPublication).
	KindAfterPublication = "after_publication"
)

// Kinds lists the kinds of check in the order Run lists their results.
var Kinds = []string{KindPartsWhole, KindCohort, KindSubgroups, KindShares, KindDerived, KindAgreement, KindAfterPublication}

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
	// Korean is the title, explanation and notes in Korean (see In);
	// the store keeps it beside the result.
	Korean *Text `json:"-"`
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
	// Sources are the figures' sources by key, for the check that no
	// period ends after its source was published; a figure whose source
	// is not here is not checked against it.
	Sources map[string]models.Source
	// Carried says which sources carry others' reports (see Carried):
	// agreement then counts them as one report. Nil: every source is
	// its own report.
	Carried Carried
	// Metrics name the metrics in the results' wording (Metrics.Name);
	// nil: each by its slug's words.
	Metrics Metrics
}

// Version names the checks' logic: results stored under one version
// (store.RefreshChecks) are computed again under another. Bump it with
// every change to what the checks return; TestVersion fails until then
// (the hashes of their results on the seed, the multi-report set and
// random figures, in testdata/version.golden).
const Version = 3

// RunViews checks the figures of views against each other and against
// their sources, with DefaultCohorts, knowing which sources carry others'
// reports (carried, see Carried; nil when none does), naming the metrics
// by the views' labels: what the /checks page, the figure page, the
// checks API and the check command show.
func RunViews(views []models.FigureView, carried Carried) []Result {
	figs := make([]models.Figure, len(views))
	sources := map[string]models.Source{}
	metrics := Metrics{}
	for i, v := range views {
		figs[i] = v.Figure
		sources[v.Source.Key] = v.Source
		if v.Metric.Slug != "" {
			metrics[v.Metric.Slug] = v.Metric
		}
	}
	return Default(sources, carried, metrics).Run(figs)
}

// Default is the checks every page runs: DefaultCohorts, the figures'
// sources (by key), which of them carry others' reports, and the metrics
// (by slug) whose labels name them.
func Default(sources map[string]models.Source, carried Carried, metrics Metrics) Options {
	return Options{Cohorts: DefaultCohorts(), Sources: sources, Carried: carried, Metrics: metrics}
}

// Run checks the figures against each other and returns one result per
// relation found: parts and whole, cohort, subgroups, shares, derived
// figures and agreement between sources; and, given their Sources, one per
// figure whose period ends after its source was published. Only countable
// figures (published, with a number) take part in the arithmetic; a
// published figure that gives no number takes part only where no number is
// needed (a subgroup's parent and period, a derived figure's input, named
// as unusable). Pass the retracted and draft ones too, so that a derived
// figure or a subgroup whose input was retracted is named as such rather
// than as missing. The order is deterministic: by kind (as in Kinds), then title,
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
	var countable, published []models.Figure
	for _, f := range figs {
		// A published figure wins over a stale copy under the same key.
		if _, seen := all[f.Key]; !seen || f.Published() {
			all[f.Key] = f
		}
		if f.Countable() {
			countable = append(countable, f)
		}
		if f.Published() {
			published = append(published, f)
		}
	}
	sort.SliceStable(countable, func(i, j int) bool { return lessFigure(countable[i], countable[j]) })
	groups := Group(countable)
	var out []Result
	stages := []func() []Result{func() []Result { return partsWhole(o.Metrics, groups) }}
	for _, rule := range o.Cohorts {
		stages = append(stages, func() []Result { return cohorts(o.Metrics, groups, rule) })
	}
	stages = append(stages,
		func() []Result { return subgroups(o.Metrics, published, all) },
		func() []Result { return shares(o.Metrics, countable, all) },
		func() []Result { return derived(o.Metrics, countable, all) },
		func() []Result { return agreement(o.Metrics, groups, o.Carried) },
		func() []Result { return afterPublication(o.Metrics, published, o.Sources) })
	for _, stage := range stages {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		out = append(out, stage()...)
	}
	sortResults(out)
	return out, nil
}

// sortResults puts results in Run's order: by kind (as in Kinds), then
// title, then figures.
func sortResults(out []Result) {
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
