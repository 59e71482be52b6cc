package export

import (
	"io"

	"forcedreturns/internal/format"
	"forcedreturns/models"
)

// Every export carries the definitions of the metrics its figures use, in
// order of first use, so that it re-imports into an empty database. Only
// the metrics used, as with a data package's sources: a filtered export
// describes itself without the rest of the vocabulary, and the metrics come
// from the same rows as the figures, so a metric edited during a long
// export cannot disagree with the labels already written.

// metricSet collects the distinct metrics of the figures passing through.
type metricSet struct {
	seen map[string]bool
	list []models.Metric
}

func (s *metricSet) add(v *models.FigureView) {
	if s.seen == nil {
		s.seen = map[string]bool{}
	}
	slug := v.Figure.Metric
	if s.seen[slug] {
		return
	}
	s.seen[slug] = true
	m := v.Metric // a copy: v is reused for the next row
	m.Slug = slug
	s.list = append(s.list, m)
}

// CollectMetrics returns an iterator that yields the figures of it and
// appends to *into each metric they use the first time it is used, for
// the companion metrics file of a CSV export (WriteMetricsCSV). Every
// export reads its iterator twice (see countFigures): each pass replaces
// what the previous one appended, so every metric is listed once.
func CollectMetrics(it Iterator, into *[]models.Metric) Iterator {
	base := len(*into)
	return func(yield func(*models.FigureView) error) error {
		var set metricSet
		defer func() { *into = append((*into)[:base], set.list...) }()
		return it(func(v *models.FigureView) error {
			set.add(v)
			return yield(v)
		})
	}
}

// WriteMetricsCSV writes a metrics file: a header (format.MetricColumnNames)
// and one row per metric, text neutralised as in WriteCSV. It is the
// companion of a CSV export and a data package's metrics.csv.
func WriteMetricsCSV(w io.Writer, metrics []models.Metric) error {
	e := newCSVEncoder(w)
	if err := e.write(format.MetricColumnNames); err != nil {
		return err
	}
	for i := range metrics {
		m := &metrics[i]
		e.rec = append(e.rec[:0], format.Neutralise(m.Slug), format.Neutralise(m.Label),
			format.Neutralise(m.Definition), format.Neutralise(m.Unit),
			format.Neutralise(m.LabelKo), format.Neutralise(m.DefinitionKo))
		if err := e.write(e.rec); err != nil {
			return err
		}
	}
	return e.flush()
}
