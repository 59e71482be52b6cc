package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"forcedreturns/models"
)

// errDryRun rolls back a dry run's transaction after it did everything.
var errDryRun = errors.New("dry run")

// ApplyBatch writes a batch of metrics, sources and figures in one
// transaction. Each entry is matched to a stored one by its key: a new key
// is created, a stored entity with the same content is left alone (no
// revision), a different one is updated to its next version with a
// revision giving c's reason. IDs and timestamps are ignored: a file
// states content, not bookkeeping. A figure's Version, when not 0, is an
// optimistic lock: an entry based on an older version than the stored one
// is refused if it would change the figure.
//
// Every entry is checked, on its own and against the others and the
// database (figures may refer to figures anywhere in the batch, in any
// order), before anything is written; all problems come back in one
// EInvalid error whose field names locate the entry, as
// "figures[3].value" (0-based indexes into the batch's slices). On any
// problem nothing is written. With dryRun, the batch is applied and then
// rolled back, so the counts say what it would do. Applying the same batch
// twice leaves the second result all unchanged.
func (s *Store) ApplyBatch(ctx context.Context, b models.Batch, c models.Change, dryRun bool) (models.BatchResult, error) {
	var res models.BatchResult
	err := s.write(ctx, func(tx *gorm.DB) error {
		var err error
		if res, err = s.applyBatch(tx, b, c, now()); err != nil {
			return err
		}
		if dryRun {
			return errDryRun
		}
		return nil
	})
	if errors.Is(err, errDryRun) {
		err = nil
	}
	if err != nil {
		return models.BatchResult{}, wrap(err, "apply batch")
	}
	return res, nil
}

func (s *Store) applyBatch(tx *gorm.DB, b models.Batch, c models.Change, ts time.Time) (models.BatchResult, error) {
	var res models.BatchResult
	// Work on copies: Normalize rewrites figures, and the caller may reuse
	// the batch (to report rows, to retry).
	metrics, sources, figures := slices.Clone(b.Metrics), slices.Clone(b.Sources), slices.Clone(b.Figures)
	if b.CreateOnly {
		var skipped int
		var err error
		if metrics, sources, figures, skipped, err = dropStored(tx, metrics, sources, figures); err != nil {
			return res, err
		}
		res.Unchanged += skipped
	}
	for i := range figures {
		figures[i].Normalize()
	}
	w := s.newWorld(tx)
	var p models.Problems

	oldMetrics, err := loadMetricsByKey(tx, metrics)
	if err != nil {
		return res, err
	}
	seen := map[string]int{}
	for i := range metrics {
		m, prefix := &metrics[i], fmt.Sprintf("metrics[%d].", i)
		p.Prefix(prefix, m.Validate())
		if j, dup := seen[m.Slug]; dup {
			p.Add(prefix+"slug", "metric %q is already in this batch as metrics[%d]", m.Slug, j)
		}
		seen[m.Slug] = i
		w.metrics[m.Slug] = true
	}

	oldSources, err := loadSourcesByKey(tx, sources)
	if err != nil {
		return res, err
	}
	clear(seen)
	for i := range sources {
		src, prefix := &sources[i], fmt.Sprintf("sources[%d].", i)
		p.Prefix(prefix, src.Validate())
		if j, dup := seen[src.Key]; dup {
			p.Add(prefix+"id", "source %q is already in this batch as sources[%d]", src.Key, j)
		}
		seen[src.Key] = i
		w.sources[src.Key] = true
	}

	// Read every stored figure the batch names or refers to in a few
	// queries, and keep the stored versions before the batch's entries
	// take their place in the world.
	var keys []string
	for _, f := range figures {
		keys = append(keys, f.Key)
		if f.SubgroupOf != "" {
			keys = append(keys, f.SubgroupOf)
		}
		if expr, err := models.ParseFormula(f.Formula); err == nil {
			keys = append(keys, expr.Refs()...)
		}
	}
	slices.Sort(keys)
	if err := w.preloadFigures(slices.Compact(keys)); err != nil {
		return res, err
	}
	oldFigures := map[string]*models.Figure{}
	inBatch := map[string]bool{}
	clear(seen)
	for i := range figures {
		f := &figures[i]
		if j, dup := seen[f.Key]; dup {
			p.Add(fmt.Sprintf("figures[%d].id", i), "figure %q is already in this batch as figures[%d]", f.Key, j)
			continue
		}
		seen[f.Key] = i
		oldFigures[f.Key] = w.figures[f.Key]
		w.figures[f.Key] = f
		inBatch[f.Key] = true
	}
	for i := range figures {
		f := &figures[i]
		old := oldFigures[f.Key]
		if seen[f.Key] != i {
			old = nil // a duplicate, already reported
		}
		if err := w.checkFigure(f, old, fmt.Sprintf("figures[%d].", i), &p, inBatch); err != nil {
			return res, err
		}
		// A file that carries versions (an edited export) is an optimistic
		// lock: it must not overwrite a figure changed since the export.
		if old != nil && f.Version != 0 && f.Version != old.Version && !sameFigure(*f, *old) {
			p.Add(fmt.Sprintf("figures[%d].version", i),
				"figure %q was changed in the tracker after this file was made (file has version %d, the tracker %d): export it again and re-apply your edits, or clear version to overwrite",
				f.Key, f.Version, old.Version)
		}
	}
	if err := p.Err("batch"); err != nil {
		return res, err
	}

	count := func(created, unchanged bool) {
		switch {
		case created:
			res.Created++
		case unchanged:
			res.Unchanged++
		default:
			res.Updated++
		}
	}
	for i := range metrics {
		m := &metrics[i]
		old, ok := oldMetrics[m.Slug]
		switch {
		case !ok:
			err = insertMetric(tx, m, c, ts)
		case sameMetric(old, *m):
		default:
			err = updateMetric(tx, m, &old, c, ts)
		}
		if err != nil {
			return res, err
		}
		count(!ok, ok && sameMetric(old, *m))
	}
	for i := range sources {
		src := &sources[i]
		old, ok := oldSources[src.Key]
		switch {
		case !ok:
			err = insertSource(tx, src, c, ts)
		case sameSource(old, *src):
		default:
			err = replaceSource(tx, src, &old, c, ts)
		}
		if err != nil {
			return res, err
		}
		count(!ok, ok && sameSource(old, *src))
	}
	if err := s.lockFigures(tx, oldFigures); err != nil {
		return res, err
	}
	refs := new(snapshotRefs)
	for _, i := range parentsFirst(figures) {
		f := &figures[i]
		old := oldFigures[f.Key]
		switch {
		case old == nil:
			err = s.insertFigure(tx, f, refs, c, ts)
		case sameFigure(*old, *f):
		default:
			err = s.replaceFigure(tx, f, old, refs, statusAction(old.Status, f.Status), c, ts)
		}
		if err != nil {
			return res, err
		}
		count(old == nil, old != nil && sameFigure(*old, *f))
	}
	return res, nil
}

// lockFigures takes the row locks of the stored figures the batch will
// rewrite (PostgreSQL), so that a concurrent editor waits for the batch
// instead of making its version-guarded updates fail half way.
func (s *Store) lockFigures(tx *gorm.DB, old map[string]*models.Figure) error {
	if s.dialect != DialectPostgres {
		return nil
	}
	var keys []string
	for k, f := range old {
		if f != nil {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys) // one lock order for every batch: no deadlocks
	_, err := s.loadFigures(tx, keys, true)
	return err
}

// parentsFirst orders the batch's figures so that each comes after the
// figure it is a subgroup of, when that one is in the batch too: the
// foreign key is checked row by row. Otherwise the batch's order is kept.
func parentsFirst(figures []models.Figure) []int {
	index := make(map[string]int, len(figures))
	for i, f := range figures {
		if _, dup := index[f.Key]; !dup {
			index[f.Key] = i
		}
	}
	const visiting, done = 1, 2
	state := make([]int, len(figures))
	order := make([]int, 0, len(figures))
	var visit func(i int)
	visit = func(i int) {
		if state[i] != 0 {
			return // done, or a cycle (already refused by the checks)
		}
		state[i] = visiting
		if j, ok := index[figures[i].SubgroupOf]; ok && figures[i].SubgroupOf != "" {
			visit(j)
		}
		state[i] = done
		order = append(order, i)
	}
	for i := range figures {
		visit(i)
	}
	return order
}

func loadMetricsByKey(tx *gorm.DB, ms []models.Metric) (map[string]models.Metric, error) {
	slugs := make([]string, len(ms))
	for i, m := range ms {
		slugs[i] = m.Slug
	}
	out := map[string]models.Metric{}
	for chunk := range slices.Chunk(slugs, 500) {
		var found []models.Metric
		if err := tx.Where("slug IN ?", chunk).Find(&found).Error; err != nil {
			return nil, err
		}
		for _, m := range found {
			utcMetric(&m)
			out[m.Slug] = m
		}
	}
	return out, nil
}

func loadSourcesByKey(tx *gorm.DB, srcs []models.Source) (map[string]models.Source, error) {
	keys := make([]string, len(srcs))
	for i, s := range srcs {
		keys[i] = s.Key
	}
	slices.Sort(keys)
	out := map[string]models.Source{}
	for chunk := range slices.Chunk(slices.Compact(keys), 500) {
		var found []models.Source
		if err := tx.Where("key IN ?", chunk).Order("key").
			Clauses(clause.Locking{Strength: noKeyUpdate}).Find(&found).Error; err != nil {
			return nil, err
		}
		for _, s := range found {
			utcSource(&s)
			out[s.Key] = s
		}
	}
	return out, nil
}

// dropStored removes the entries whose key is already stored, for a
// create-only batch, and says how many it removed.
func dropStored(tx *gorm.DB, ms []models.Metric, ss []models.Source, fs []models.Figure) ([]models.Metric, []models.Source, []models.Figure, int, error) {
	stored := func(table, column string, keys []string) (map[string]bool, error) {
		out := map[string]bool{}
		if len(keys) == 0 {
			return out, nil
		}
		var found []string
		if err := tx.Table(table).Where(column+" IN ?", keys).Pluck(column, &found).Error; err != nil {
			return nil, err
		}
		for _, k := range found {
			out[k] = true
		}
		return out, nil
	}
	keys := func(n int, key func(int) string) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = key(i)
		}
		return out
	}
	before := len(ms) + len(ss) + len(fs)
	have, err := stored("metrics", "slug", keys(len(ms), func(i int) string { return ms[i].Slug }))
	if err != nil {
		return nil, nil, nil, 0, err
	}
	ms = slices.DeleteFunc(ms, func(m models.Metric) bool { return have[m.Slug] })
	if have, err = stored("sources", "key", keys(len(ss), func(i int) string { return ss[i].Key })); err != nil {
		return nil, nil, nil, 0, err
	}
	ss = slices.DeleteFunc(ss, func(s models.Source) bool { return have[s.Key] })
	if have, err = stored("figures", "key", keys(len(fs), func(i int) string { return fs[i].Key })); err != nil {
		return nil, nil, nil, 0, err
	}
	fs = slices.DeleteFunc(fs, func(f models.Figure) bool { return have[f.Key] })
	return ms, ss, fs, before - len(ms) - len(ss) - len(fs), nil
}
