package models

import "strings"

// FilterNames is the rule for the metric slugs and source ids a filter
// names (FigureFilter.Metrics and .Sources, the checks' Query): each must
// be stored, else the filter is refused with a problem that names it and
// says what was expected, rather than answered with an empty list (an
// analyst's export with a typo would be an empty file). known holds the
// stored ones among them; metrics is every stored metric's slug, which the
// problem lists (the vocabulary is a few words; the sources are listed at
// /sources). Metrics and sources have no status: every one is public (the
// /metrics and /sources pages list them all), so a problem tells the
// public nothing those pages do not. what names the request in the
// error's message ("filter", "query"), as ParseFigureFilter's.
func FilterNames(what string, metrics, sources []string, known map[string]bool, allMetrics []string) error {
	var p Problems
	for _, m := range metrics {
		if !known["metric:"+m] {
			p.Add("metric", "no metric named %q: expected one of %s", Clip(m, 40), strings.Join(allMetrics, ", "))
		}
	}
	for _, s := range sources {
		if !known["source:"+s] {
			p.Add("source", "no source with id %q: the sources and their ids are listed at /sources", Clip(s, 40))
		}
	}
	return p.Err(what)
}
