package models

import (
	"net/url"
	"slices"
	"strings"
)

// KnownParams is the rule for the names of a query's parameters: a name
// that none of known lists is refused, with a problem that names it and
// lists the parameters the request takes, rather than ignored (an
// analyst's misspelt metirc=apprehended would download every figure as if
// it were filtered). known are the names the request's parsers read
// (FilterParams, the checks' QueryParams, a chart's step…); what names
// the request in the error's message ("filter", "query"), as the
// parsers' errors do. A name that starts with "_" is the caller's own and
// never read (the cache-busting "_=1733472000" some HTTP clients add,
// the benchmarks' labels): no filter name does, so no misspelling of one
// hides there.
func KnownParams(what string, q url.Values, known ...[]string) error {
	var all []string
	for _, k := range known {
		for _, n := range k {
			if !slices.Contains(all, n) {
				all = append(all, n)
			}
		}
	}
	var unknown []string
	for n := range q {
		if !strings.HasPrefix(n, "_") && !slices.Contains(all, n) {
			unknown = append(unknown, n)
		}
	}
	slices.Sort(unknown) // the same answer for the same query
	var p Problems
	for _, n := range unknown {
		n = Clip(n, 40) // a long name is not repeated whole
		p.Add(n, "unknown parameter %q: expected one of %s", n, strings.Join(all, ", "))
	}
	return p.Err(what)
}
