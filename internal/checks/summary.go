package checks

import (
	"net/url"
	"slices"
	"sort"
	"strings"

	"forcedreturns/models"
)

// A run over many figures finds about as many relations: a page cannot
// list them all. An Index holds the results of one run ordered for
// reading, and answers a summary (how many of each outcome and kind) with
// one page of the results a Query selects, so that /checks and the API
// show the same summary and pages.

// Outcomes lists the outcomes in the order a summary reads them: what
// needs a person's attention first.
var Outcomes = []Status{Mismatch, Unknown, OK}

// kindLabels name the kinds of check for people.
var kindLabels = map[string]string{
	KindPartsWhole: "parts and whole",
	KindCohort:     "cohort",
	KindSubgroups:  "subgroups",
	KindDerived:    "derived figures",
	KindAgreement:  "agreement between sources",
}

// KindLabel writes a kind of check for people: "parts and whole".
func KindLabel(kind string) string {
	if l, ok := kindLabels[kind]; ok {
		return l
	}
	return strings.ReplaceAll(kind, "_", " ")
}

// Index is every result of one run, ordered for reading: mismatches
// first, then those that cannot tell, then the ok ones, each in Run's
// order; with the metrics and sources of each result's figures, which
// queries filter on.
type Index struct {
	results []Result
	metrics [][]string
	sources [][]string
}

// FigureRef is what an index needs of a figure: its metric and source.
type FigureRef struct{ Metric, Source string }

// NewIndex orders results for reading. refs gives the metric and source
// of the figures the results name (a figure it does not give is matched
// by no metric or source filter).
func NewIndex(results []Result, refs map[string]FigureRef) *Index {
	rank := map[Status]int{}
	for i, o := range Outcomes {
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

// Query selects results: each list is alternatives (empty: any), the
// fields must all hold; a result matches a metric or a source when one of
// its figures has it.
type Query struct {
	Outcomes []Status
	Kinds    []string
	Metrics  []string
	Sources  []string
	Limit    int // 0: DefaultPageSize
	Offset   int
}

// DefaultPageSize is the number of results on a page of checks.
const DefaultPageSize = 50

// QueryParams names the query parameters ParseQuery reads.
var QueryParams = []string{"outcome", "kind", "metric", "source", "limit", "offset", "page"}

// ParseQuery reads a Query from the parameters of /checks: outcome, kind,
// metric and source, lists as a figure filter takes them, and limit,
// offset or page, with the limits of figure lists. Every problem names
// its parameter.
func ParseQuery(q url.Values) (Query, error) {
	var p models.Problems
	// metric, source and paging read as in a figure filter: one rule for
	// what a slug, an id and a page are.
	sub := url.Values{}
	for _, k := range []string{"metric", "source", "limit", "offset", "page"} {
		if v, ok := q[k]; ok {
			sub[k] = v
		}
	}
	f, err := models.ParseFigureFilter(sub)
	p.Prefix("", err)
	out := Query{Metrics: f.Metrics, Sources: f.Sources, Limit: f.Limit, Offset: f.Offset}
	for _, v := range list(q["outcome"]) {
		st := Status(v)
		if !slices.Contains(Outcomes, st) {
			p.Add("outcome", "expected mismatch, cannot_tell or ok, got %q", models.Clip(v, 40))
			continue
		}
		out.Outcomes = append(out.Outcomes, st)
	}
	for _, v := range list(q["kind"]) {
		if !slices.Contains(Kinds, v) {
			p.Add("kind", "expected one of %s, got %q", strings.Join(Kinds, ", "), models.Clip(v, 40))
			continue
		}
		out.Kinds = append(out.Kinds, v)
	}
	if err := p.Err("query"); err != nil {
		return Query{}, err
	}
	return out, nil
}

// list splits repeated and comma-separated values, dropping blanks.
func list(values []string) []string {
	var out []string
	for _, v := range values {
		for _, s := range strings.Split(v, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

// Values writes the query back as parameters, without paging: the links
// of a summary and of a pager.
func (q Query) Values() url.Values {
	v := url.Values{}
	set := func(name string, xs []string) {
		if len(xs) > 0 {
			v.Set(name, strings.Join(xs, ","))
		}
	}
	outcomes := make([]string, len(q.Outcomes))
	for i, o := range q.Outcomes {
		outcomes[i] = string(o)
	}
	set("outcome", outcomes)
	set("kind", q.Kinds)
	set("metric", q.Metrics)
	set("source", q.Sources)
	return v
}

// Tally is how many results have one outcome or kind.
type Tally struct {
	Name  string `json:"name"`
	Label string `json:"label"`
	Count int    `json:"count"`
}

// Page is a summary of an index under a query and one page of the
// results it selects.
type Page struct {
	// All is the number of results of the run, whatever the query.
	All int
	// Total is the number of results the query selects, over all pages.
	Total int
	// Outcomes counts, for each outcome (in the order of Outcomes), the
	// results that match the query but for its outcome filter; Kinds
	// likewise for each kind (in the order of Kinds). So the counts of
	// an unfiltered query are those of the whole run.
	Outcomes []Tally
	Kinds    []Tally
	// Items are the results on this page.
	Items         []Result
	Limit, Offset int
}

// Page answers q: the summary and the page of results it asks for.
func (ix *Index) Page(q Query) Page {
	if q.Limit <= 0 {
		q.Limit = DefaultPageSize
	}
	p := Page{All: len(ix.results), Limit: q.Limit, Offset: max(q.Offset, 0), Items: []Result{}}
	byOutcome := map[Status]int{}
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
	for _, o := range Outcomes {
		p.Outcomes = append(p.Outcomes, Tally{Name: string(o), Label: o.Label(), Count: byOutcome[o]})
	}
	for _, k := range Kinds {
		p.Kinds = append(p.Kinds, Tally{Name: k, Label: KindLabel(k), Count: byKind[k]})
	}
	return p
}

func (ix *Index) matchesRefs(i int, q Query) bool {
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
