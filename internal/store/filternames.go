package store

import (
	"context"

	"forcedreturns/models"
)

// CheckFilterNames answers an EInvalid error naming each of metrics and
// sources (a filter's slugs and ids) that is not stored
// (models.FilterNames), or nil. Both reads go by the tables' unique
// indexes (metrics.slug, sources.key) and read no figure; none is made
// when the filter names nothing, and the whole vocabulary of metrics is
// read only to word a problem.
func (s *Store) CheckFilterNames(ctx context.Context, what string, metrics, sources []string) error {
	if len(metrics) == 0 && len(sources) == 0 {
		return nil
	}
	db := s.db.WithContext(ctx)
	known := map[string]bool{}
	missing := false
	find := func(table, column, kind string, names []string) error {
		if len(names) == 0 {
			return nil
		}
		var found []string
		if err := db.Table(table).Where(column+" IN ?", names).Pluck(column, &found).Error; err != nil {
			return wrap(err, "check the filter's "+kind+"s")
		}
		for _, n := range found {
			known[kind+":"+n] = true
		}
		for _, n := range names {
			missing = missing || !known[kind+":"+n]
		}
		return nil
	}
	if err := find("metrics", "slug", "metric", metrics); err != nil {
		return err
	}
	if err := find("sources", "key", "source", sources); err != nil {
		return err
	}
	if !missing {
		return nil
	}
	var all []string
	if err := db.Table("metrics").Order("slug").Pluck("slug", &all).Error; err != nil {
		return wrap(err, "list metrics")
	}
	return models.FilterNames(what, metrics, sources, known, all)
}
