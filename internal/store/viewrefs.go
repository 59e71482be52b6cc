package store

import (
	"fmt"
	"strings"

	"gorm.io/gorm"

	"forcedreturns/models"
)

// A stream of figure views (EachFigure, EachFigureCounted) on SQLite reads
// each figure's metric and source from a viewRefs, not from its row:
// the driver hands a row over one column at a time, a call into the
// transpiled library, under the connection's mutex, and an allocation for
// each text. The 35 columns of the metric, the source and its original
// were as many as the figure's own, for a few distinct values (8 sources
// and 5 metrics for 100,000 generated figures): half of an export's CPU.
// The rows are the same (metrics and sources still joined, through their
// unique keys alone), and the metrics and sources are read in the same
// snapshot, first. PostgreSQL sends the joined row whole, and a query
// cannot be run on its connection while a stream's rows are open: it
// keeps the join.

// viewRefs holds the metrics and the sources (each with the original it
// carries) of one snapshot, by key.
type viewRefs struct {
	metrics map[string]models.Metric
	sources map[string]sourceRef
}

// sourceRef is a source with the original it carries, as a view holds
// them (FigureView.Source and Original).
type sourceRef struct{ source, original models.Source }

// maxViewRefs is the number of sources past which a stream reads each
// figure's metric and source joined to its row again, so that what it
// holds stays bounded (a few MB at most; an installation keeps far fewer
// sources than figures).
var maxViewRefs = 4096 // a variable for the tests

// loadViewRefs reads every metric and every source in tx, or returns nil
// when there are more than maxViewRefs of either.
func (s *Store) loadViewRefs(tx *gorm.DB) (*viewRefs, error) {
	limit := fmt.Sprintf(" LIMIT %d", maxViewRefs+1)
	r := &viewRefs{metrics: map[string]models.Metric{}, sources: map[string]sourceRef{}}
	sc := &viewScanner{}
	rows, err := tx.Raw("SELECT " + strings.Join(s.metricColumns(), ", ") + " FROM metrics m" + limit).Rows()
	if err != nil {
		return nil, err
	}
	sc.dest = sc.metricDest()
	for rows.Next() {
		if err := rows.Scan(sc.dest...); err != nil {
			rows.Close()
			return nil, err
		}
		r.metrics[sc.v.Metric.Slug] = sc.v.Metric
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(r.metrics) > maxViewRefs {
		return nil, err
	}
	rows, err = tx.Raw("SELECT " + strings.Join(s.sourceColumns(), ", ") + " FROM sources s LEFT JOIN sources o ON o.key = s.original" + limit).Rows()
	if err != nil {
		return nil, err
	}
	sc.dest = sc.sourceDest()
	for rows.Next() {
		if err := rows.Scan(sc.dest...); err != nil {
			rows.Close()
			return nil, err
		}
		sc.sourceRead()
		r.sources[sc.v.Source.Key] = sourceRef{sc.v.Source, sc.v.Original}
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(r.sources) > maxViewRefs {
		return nil, err
	}
	return r, nil
}

// fill sets v's metric, source and original from r, by the figure's.
func (r *viewRefs) fill(v *models.FigureView) error {
	m, ok := r.metrics[v.Figure.Metric]
	src, ok2 := r.sources[v.Figure.Source]
	if !ok || !ok2 {
		// The row was joined to both in the snapshot they were read in.
		return fmt.Errorf("figure %s: metric %q or source %q not among those read before it", v.Figure.Key, v.Figure.Metric, v.Figure.Source)
	}
	v.Metric, v.Source, v.Original = m, src.source, src.original
	return nil
}
