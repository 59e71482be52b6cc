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

// Closest returns the name of names closest to a mistyped one (compared
// in lower case), or "" when every name is more than two edits away: a
// typo, not another word. Import files' unknown keys and the command
// line's unknown flags say "did you mean" with it.
func Closest(name string, names []string) string {
	best, bestDist := "", 3
	for _, n := range names {
		if d := editDistance(strings.ToLower(name), n); d < bestDist {
			best, bestDist = n, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between two short names.
func editDistance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 64
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
