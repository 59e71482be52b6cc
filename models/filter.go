package models

import (
	"fmt"
	"net/url"
	"strings"
)

// FigureFilter selects figures. The same filter drives the figures page,
// the JSON API, the CSV export and the command line, so that a permalink,
// a download and a script all see the same rows.
type FigureFilter struct {
	Metrics         []string    // metric slugs; any of them
	Sources         []string    // source keys; any of them
	From, To        Date        // the figure's period overlaps [From, To]; zero = open
	ActingStates    []string    // ISO codes; any of them
	ReceivingStates []string    // ISO codes; any of them
	Qualifiers      []Qualifier // any of them
	Statuses        []Status    // any of them; empty = published and retracted (all public figures)
	Sort            string      // one of SortKeys, "-" prefix for descending
	Limit           int         // 0 = no limit
	Offset          int
	// Audience is who the list is for, never read from the query: the
	// store keeps only the statuses it may see, so for the public a
	// status=draft filter matches nothing.
	Audience Audience
}

// SortKeys are the orders a figure list can take; every order ends with the
// figure's key so that pages never overlap or skip rows.
var SortKeys = []string{"period", "value", "metric", "source", "updated", "id"}

// MaxPageSize bounds one page of a list.
const MaxPageSize = 500

// FilterParams names the query parameters ParseFigureFilter reads.
var FilterParams = []string{"metric", "source", "from", "to", "acting", "receiving", "qualifier", "status", "sort", "limit", "offset", "page"}

// ParseFigureFilter reads a filter from query parameters. Lists may repeat a
// parameter or separate values by commas. Every error names the parameter
// and what it expects.
func ParseFigureFilter(q url.Values) (FigureFilter, error) {
	var f FigureFilter
	var p Problems
	list := func(name string) []string {
		var out []string
		for _, v := range q[name] {
			for _, s := range strings.Split(v, ",") {
				if s = strings.TrimSpace(s); s != "" {
					out = append(out, s)
				}
			}
		}
		return out
	}
	for _, m := range list("metric") {
		if !metricSlug.MatchString(m) {
			p.Add("metric", "expected metric slugs such as apprehended, got %q", m)
		}
		f.Metrics = append(f.Metrics, m)
	}
	for _, s := range list("source") {
		if !ValidKey(s) {
			p.Add("source", "expected source ids (%s), got %q", keyExpected, s)
		}
		f.Sources = append(f.Sources, s)
	}
	if v := strings.TrimSpace(q.Get("from")); v != "" {
		d, err := ParsePartialDate(v)
		if err != nil {
			p.Add("from", "%v", err)
		}
		f.From = d.Start
	}
	if v := strings.TrimSpace(q.Get("to")); v != "" {
		d, err := ParsePartialDate(v)
		if err != nil {
			p.Add("to", "%v", err)
		}
		f.To = d.End
	}
	if !f.From.IsZero() && !f.To.IsZero() && f.To.Before(f.From) {
		p.Add("to", "must not be before from (%s)", f.From)
	}
	states := func(name string) []string {
		var out []string
		for _, s := range list(name) {
			s = strings.ToUpper(s)
			if !ValidState(s) {
				p.Add(name, "expected ISO 3166-1 alpha-2 codes such as CN, got %q", s)
			}
			out = append(out, s)
		}
		return out
	}
	f.ActingStates = states("acting")
	f.ReceivingStates = states("receiving")
	for _, s := range list("qualifier") {
		q := Qualifier(s)
		if !q.Valid() {
			p.Add("qualifier", "expected exact, documented, at_least, more_than, about, at_most or range, got %q", s)
		}
		f.Qualifiers = append(f.Qualifiers, q)
	}
	for _, s := range list("status") {
		st := Status(s)
		if st != StatusDraft && st != StatusPublished && st != StatusRetracted {
			p.Add("status", "expected draft, published or retracted, got %q", s)
		}
		f.Statuses = append(f.Statuses, st)
	}
	if v := strings.TrimSpace(q.Get("sort")); v != "" {
		if !validSort(v) {
			p.Add("sort", "expected one of %s (prefix - for descending), got %q", strings.Join(SortKeys, ", "), v)
		}
		f.Sort = v
	}
	num := func(name string, min, max int) int {
		v := strings.TrimSpace(q.Get(name))
		if v == "" {
			return 0
		}
		n, err := ParseWholeNumber(v)
		if err != nil || n < int64(min) || n > int64(max) {
			p.Add(name, "expected a whole number from %d to %d, got %q", min, max, v)
			return 0
		}
		return int(n)
	}
	f.Limit = num("limit", 1, MaxPageSize)
	f.Offset = num("offset", 0, 1<<30)
	if page := num("page", 1, 1<<20); page > 1 {
		size := f.Limit
		if size == 0 {
			size = DefaultPageSize
		}
		f.Offset = (page - 1) * size
	}
	return f, p.Err("filter")
}

// DefaultPageSize is the page size of lists when none is asked for.
const DefaultPageSize = 50

func validSort(s string) bool {
	s = strings.TrimPrefix(s, "-")
	for _, k := range SortKeys {
		if s == k {
			return true
		}
	}
	return false
}

// Values writes the filter back as query parameters (without paging), the
// inverse of ParseFigureFilter: used for permalinks and download links.
func (f FigureFilter) Values() url.Values {
	v := url.Values{}
	join := func(name string, xs []string) {
		if len(xs) > 0 {
			v.Set(name, strings.Join(xs, ","))
		}
	}
	join("metric", f.Metrics)
	join("source", f.Sources)
	if !f.From.IsZero() {
		v.Set("from", f.From.String())
	}
	if !f.To.IsZero() {
		v.Set("to", f.To.String())
	}
	join("acting", f.ActingStates)
	join("receiving", f.ReceivingStates)
	qs := make([]string, len(f.Qualifiers))
	for i, q := range f.Qualifiers {
		qs[i] = string(q)
	}
	join("qualifier", qs)
	ss := make([]string, len(f.Statuses))
	for i, s := range f.Statuses {
		ss[i] = string(s)
	}
	join("status", ss)
	if f.Sort != "" {
		v.Set("sort", f.Sort)
	}
	return v
}

// Describe writes the filter in words for export metadata ("metric =
// apprehended; status = published").
func (f FigureFilter) Describe() string {
	v := f.Values()
	if len(v) == 0 {
		return "none (all published and retracted figures)"
	}
	var parts []string
	for _, k := range FilterParams {
		if x := v.Get(k); x != "" {
			parts = append(parts, fmt.Sprintf("%s = %s", k, x))
		}
	}
	return strings.Join(parts, "; ")
}
