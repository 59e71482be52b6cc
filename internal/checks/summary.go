package checks

import (
	"net/url"
	"slices"
	"strings"
	"time"

	"forcedreturns/models"
)

// A run over many figures finds about as many relations: a page cannot
// list them all. The stored checks (store.CheckPage) answer a summary
// (how many of each outcome and kind) with one page of the results a
// Query selects, so that /checks and the API show the same summary and
// pages; checkstest.Index answers the same over the results of one run,
// for tests.

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

// Page is a summary of the checks under a query and one page of the
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
	// Where the page was read from, when the results are stored
	// (store.CheckPage): Stored is false while no computation of the
	// checks has completed (the page is then empty); AsOf is when the
	// figures of the one read were read (zero if not known); Computing
	// says they are being computed again, so the page may miss what was
	// written after AsOf.
	Stored    bool
	AsOf      time.Time
	Computing bool
}

// Freshness says what the stored results of an audience are against the
// figures (store.CheckStatus).
type Freshness struct {
	// Stored: a computation has completed, whose results are read.
	Stored bool
	// Current: they are up to date; nothing is to be computed.
	Current bool
	// Full: bringing them up to date computes everything again (nothing
	// stored, new options or checks, an import, many writes), which takes
	// minutes on a large database; else only the units the writes since
	// touched are computed again.
	Full bool
}
