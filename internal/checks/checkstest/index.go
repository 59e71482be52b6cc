// Package checkstest holds what tests of the checks compare with: Index,
// the summary and pages of the checks computed from every result of one
// run in memory, which the stored checks (store.CheckPage) must equal.
package checkstest

import (
	"slices"
	"sort"

	"forcedreturns/internal/checks"
)

// Index is every result of one run, ordered for reading: mismatches
// first, then those that cannot tell, then the ok ones, each in Run's
// order; with the metrics and sources of each result's figures, which
// queries filter on.
type Index struct {
	results []checks.Result
	metrics [][]string
	sources [][]string
}

// FigureRef is what an index needs of a figure: its metric and source.
type FigureRef struct{ Metric, Source string }

// NewIndex orders results for reading. refs gives the metric and source
// of the figures the results name (a figure it does not give is matched
// by no metric or source filter).
func NewIndex(results []checks.Result, refs map[string]FigureRef) *Index {
	rank := map[checks.Status]int{}
	for i, o := range checks.Outcomes {
		rank[o] = i
	}
	ordered := slices.Clone(results)
	sort.SliceStable(ordered, func(i, j int) bool { return rank[ordered[i].Status] < rank[ordered[j].Status] })
	ix := &Index{results: ordered, metrics: make([][]string, len(ordered)), sources: make([][]string, len(ordered))}
	intern := map[string]string{}
	in := func(s string) string {
		if v, ok := intern[s]; ok {
			return v
		}
		intern[s] = s
		return s
	}
	for i, r := range ordered {
		for _, k := range r.Figures {
			ref, ok := refs[k]
			if !ok {
				continue
			}
			if !slices.Contains(ix.metrics[i], ref.Metric) {
				ix.metrics[i] = append(ix.metrics[i], in(ref.Metric))
			}
			if !slices.Contains(ix.sources[i], ref.Source) {
				ix.sources[i] = append(ix.sources[i], in(ref.Source))
			}
		}
	}
	return ix
}

// Page answers q: the summary and the page of results it asks for.
func (ix *Index) Page(q checks.Query) checks.Page {
	if q.Limit <= 0 {
		q.Limit = checks.DefaultPageSize
	}
	p := checks.Page{All: len(ix.results), Limit: q.Limit, Offset: max(q.Offset, 0), Items: []checks.Result{}}
	byOutcome := map[checks.Status]int{}
	byKind := map[string]int{}
	for i, r := range ix.results {
		if !ix.matchesRefs(i, q) {
			continue
		}
		inKind := len(q.Kinds) == 0 || slices.Contains(q.Kinds, r.Kind)
		inOutcome := len(q.Outcomes) == 0 || slices.Contains(q.Outcomes, r.Status)
		if inKind {
			byOutcome[r.Status]++
		}
		if inOutcome {
			byKind[r.Kind]++
		}
		if inKind && inOutcome {
			if p.Total >= p.Offset && len(p.Items) < p.Limit {
				p.Items = append(p.Items, r)
			}
			p.Total++
		}
	}
	for _, o := range checks.Outcomes {
		p.Outcomes = append(p.Outcomes, checks.Tally{Name: string(o), Label: o.Label(), Count: byOutcome[o]})
	}
	for _, k := range checks.Kinds {
		p.Kinds = append(p.Kinds, checks.Tally{Name: k, Label: checks.KindLabel(k), Count: byKind[k]})
	}
	return p
}

func (ix *Index) matchesRefs(i int, q checks.Query) bool {
	anyOf := func(have, want []string) bool {
		if len(want) == 0 {
			return true
		}
		for _, h := range have {
			if slices.Contains(want, h) {
				return true
			}
		}
		return false
	}
	return anyOf(ix.metrics[i], q.Metrics) && anyOf(ix.sources[i], q.Sources)
}
