package dashboard

import (
	"context"
	"strings"

	"forcedreturns/internal/checks"
	"forcedreturns/internal/i18n"
	"forcedreturns/models"
)

// filterLabels are the catalogue keys of the figures form's labels of
// the filters filterWords names by value; paging and order are not
// filters, and summarised is named by its label alone.
var filterLabels = map[string]string{
	"metric": "figures.filter_metric", "source": "figures.filter_source", "from": "figures.filter_from", "to": "figures.filter_to",
	"acting": "figures.filter_acting", "receiving": "figures.filter_receiving", "qualifier": "figures.filter_qualifier",
	"status": "figures.filter_status", "population": "figures.filter_population", "unit": "figures.filter_unit",
	"kind": "figures.filter_kind", "starts": "figures.filter_starts",
}

// filterWords writes the filters of f for a reader in language l: each
// under the label the figures form gives it, its values as the site
// names them (a qualifier, a status, a kind: models.Qualifier.NameIn,
// checks.StatusName, models.KindTextIn; a metric by its label and a
// source by its title, from n), not as the address codes them
// ("Qualifier = at least; Period from = 2017-07-01"), or "" for none.
// Paging and order are not filters. The address and the exports'
// metadata keep the codes (models.FigureFilter.Values, Describe).
func filterWords(l models.Lang, f models.FigureFilter, n filterNames) string {
	v := f.Values()
	var parts []string
	add := func(name string, values []string) {
		if len(values) > 0 {
			parts = append(parts, i18n.T(l, filterLabels[name])+" = "+strings.Join(values, ", "))
		}
	}
	for _, name := range models.FilterParams {
		switch name {
		case "qualifier":
			var names []string
			for _, q := range f.Qualifiers {
				names = append(names, q.NameIn(l))
			}
			add(name, names)
		case "status":
			var names []string
			for _, st := range f.Statuses {
				names = append(names, checks.StatusName(l, st))
			}
			add(name, names)
		case "kind":
			var names []string
			for _, k := range f.Kinds {
				names = append(names, models.KindTextIn(l, k))
			}
			add(name, names)
		case "metric":
			add(name, n.of(n.metrics, f.Metrics))
		case "source":
			add(name, n.of(n.sources, f.Sources))
		case "summarised":
			if f.Summarised {
				parts = append(parts, i18n.T(l, "figures.filter_summarised"))
			}
		default:
			if filterLabels[name] != "" {
				add(name, v[name])
			}
		}
	}
	return strings.Join(parts, "; ")
}

// filterNames are the names filterWords gives the metrics (their labels)
// and sources (their titles) a filter names, by slug and id, in the
// page's language (Server.filterNamesOf); one it lacks is written as the
// address codes it.
type filterNames struct{ metrics, sources map[string]string }

// of is the names of codes in names, each code whose name is missing
// written as it is.
func (filterNames) of(names map[string]string, codes []string) []string {
	out := make([]string, len(codes))
	for i, c := range codes {
		if out[i] = names[c]; out[i] == "" {
			out[i] = c
		}
	}
	return out
}

// filterNamesOf reads the names filterWords gives the metrics and
// sources f names, in language l: the metrics' labels (a short list) and
// the titles of f's sources only.
func (s *Server) filterNamesOf(ctx context.Context, l models.Lang, f models.FigureFilter) (filterNames, error) {
	n := filterNames{metrics: map[string]string{}, sources: map[string]string{}}
	if len(f.Metrics) > 0 {
		ms, err := s.store.ListMetrics(ctx)
		if err != nil {
			return n, err
		}
		for _, m := range ms {
			n.metrics[m.Slug] = m.LabelIn(l).Text
		}
	}
	if len(f.Sources) > 0 {
		ss, err := s.store.GetSources(ctx, f.Sources)
		if err != nil {
			return n, err
		}
		for _, src := range ss {
			n.sources[src.Key] = src.TitleIn(l).Text
		}
	}
	return n, nil
}
