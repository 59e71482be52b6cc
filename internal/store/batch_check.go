package store

import (
	"fmt"
	"slices"

	"gorm.io/gorm"

	"forcedreturns/models"
)

// checkBatch reads the stored entities the batch's entries name and checks
// every entry, on its own and against the others and the database, before
// anything is written. All problems come back in one EInvalid error whose
// field names locate the entry ("figures[3].value"); only database failures
// come back otherwise.
func (s *Store) checkBatch(tx *gorm.DB, pb *pendingBatch) error {
	w := s.newWorld(tx)
	var p models.Problems
	var err error
	if pb.oldMetrics, err = loadMetricsByKey(tx, pb.metrics); err != nil {
		return err
	}
	checkBatchMetrics(pb.metrics, w, &p)
	if pb.oldSources, err = loadSourcesByKey(tx, pb.sources); err != nil {
		return err
	}
	for i := range pb.sources {
		src := &pb.sources[i]
		if o, ok := pb.oldSources[src.Key]; ok {
			mergeSource(src, &o, pb.opts.SourceOmitted[src.Key])
		}
	}
	if err := checkBatchSources(pb.sources, pb.oldSources, pb.opts.Overwrite, w, &p); err != nil {
		return err
	}
	if err := pb.checkFigures(w, &p); err != nil {
		return err
	}
	if err := pb.checkMetricUnits(tx, &p); err != nil {
		return err
	}
	return p.Err("batch")
}

// checkBatchMetrics validates the batch's metrics and refuses a slug given
// twice; every metric of the batch then exists for the figures' checks.
func checkBatchMetrics(metrics []models.Metric, w *world, p *models.Problems) {
	seen := map[string]int{}
	for i := range metrics {
		m, prefix := &metrics[i], fmt.Sprintf("metrics[%d].", i)
		p.Prefix(prefix, m.Validate())
		if j, dup := seen[m.Slug]; dup {
			p.Add(prefix+"slug", "metric %q is already in this batch as metrics[%d]", m.Slug, j)
		}
		seen[m.Slug] = i
		w.metrics[m.Slug] = &m.Unit
	}
}

// checkBatchSources validates the batch's sources, refuses a key given
// twice, a stale version (checkSourceVersion) and an original that is
// neither stored nor in the batch or that makes a circle (checkOriginal:
// a source may carry one listed after it); every source of the batch then
// exists for the figures' checks. Only database failures are returned.
func checkBatchSources(sources []models.Source, old map[string]models.Source, overwrite bool, w *world, p *models.Problems) error {
	seen := map[string]int{}
	for i := range sources {
		src, prefix := &sources[i], fmt.Sprintf("sources[%d].", i)
		p.Prefix(prefix, src.Validate())
		if j, dup := seen[src.Key]; dup {
			p.Add(prefix+"id", "source %q is already in this batch as sources[%d]", src.Key, j)
		}
		seen[src.Key] = i
		w.pendingSource(src)
		if o, ok := old[src.Key]; ok {
			checkSourceVersion(src, &o, overwrite, prefix, p)
		}
	}
	for i := range sources {
		if err := w.checkOriginal(&sources[i], fmt.Sprintf("sources[%d].", i), p); err != nil {
			return err
		}
	}
	return nil
}

// checkFigures checks the batch's figures as they will be once written:
// each against the stored figure it replaces, the figures it refers to
// and the figures that refer to it, wherever in the batch or the database
// those are. It keeps the stored figures in pb.oldFigures for writing.
func (pb *pendingBatch) checkFigures(w *world, p *models.Problems) error {
	if err := w.preloadFigures(figureKeysNamed(pb.figures)); err != nil {
		return err
	}
	pb.placeFigures(w, p)
	for i := range pb.figures {
		f := &pb.figures[i]
		if old := pb.oldFigures[f.Key]; old != nil && pb.firstFigure[f.Key] == i {
			mergeFigure(f, old, pb.opts.FigureOmitted[f.Key])
		}
	}
	for i := range pb.figures {
		f, prefix := &pb.figures[i], fmt.Sprintf("figures[%d].", i)
		old := pb.oldFigures[f.Key]
		if pb.firstFigure[f.Key] != i {
			old = nil // a duplicate, already reported
		}
		if err := w.checkFigure(f, old, prefix, p, pb.inBatch); err != nil {
			return err
		}
		checkFigureVersion(f, old, pb.opts, prefix, p)
	}
	return nil
}

// figureKeysNamed lists, sorted and once each, the keys of the figures
// and of the figures they refer to (as subgroups, shares or in formulas), so that
// the stored ones are read in a few queries rather than one per reference.
func figureKeysNamed(figures []models.Figure) []string {
	var keys []string
	for _, f := range figures {
		keys = append(keys, f.Key)
		if f.SubgroupOf != "" {
			keys = append(keys, f.SubgroupOf)
		}
		if f.ShareOf != "" {
			keys = append(keys, f.ShareOf)
		}
		if expr, err := models.ParseFormula(f.Formula); err == nil {
			keys = append(keys, expr.Refs()...)
		}
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}

// checkMetricUnits refuses to change the unit of a stored metric while
// stored figures outside the batch are counted in its old unit: they
// would be in another unit than their metric's (models.Figure.CheckUnit).
// Figures of the batch were checked against the new unit already.
func (pb *pendingBatch) checkMetricUnits(tx *gorm.DB, p *models.Problems) error {
	for i := range pb.metrics {
		m := &pb.metrics[i]
		old, ok := pb.oldMetrics[m.Slug]
		if !ok || old.Unit == m.Unit {
			continue
		}
		var keys []string
		if err := tx.Table("figures").Where("metric = ? AND share_of IS NULL AND unit <> ?", m.Slug, m.Unit).
			Order("key").Limit(len(pb.inBatch)+4).Pluck("key", &keys).Error; err != nil {
			return err
		}
		keys = slices.DeleteFunc(keys, func(k string) bool { return pb.inBatch[k] })
		if len(keys) > 0 {
			p.Add(fmt.Sprintf("metrics[%d].unit", i), "figure %q (and maybe others) is counted in %s under this metric: a metric's unit changes only with its figures' (give them in this batch with unit %s)",
				keys[0], old.Unit, m.Unit)
		}
	}
	return nil
}

// placeFigures keeps the stored versions of the batch's figures, then puts
// the entries in their place in w, reporting a key given twice (the first
// entry stands).
func (pb *pendingBatch) placeFigures(w *world, p *models.Problems) {
	pb.oldFigures = map[string]*models.Figure{}
	pb.inBatch = map[string]bool{}
	pb.firstFigure = map[string]int{}
	for i := range pb.figures {
		f := &pb.figures[i]
		if j, dup := pb.firstFigure[f.Key]; dup {
			p.Add(fmt.Sprintf("figures[%d].id", i), "figure %q is already in this batch as figures[%d]", f.Key, j)
			continue
		}
		pb.firstFigure[f.Key] = i
		pb.oldFigures[f.Key] = w.figures[f.Key]
		w.figures[f.Key] = f
		pb.inBatch[f.Key] = true
	}
}

// checkFigureVersion refuses an entry that carries a version (an edited
// export) older or newer than the stored figure's when it would change the
// figure: the version is an optimistic lock, so that a file does not
// overwrite a figure changed since the export. An entry without a version
// changes a stored figure only when the batch overwrites, and never
// restores a retracted one unless it asks for it (checkRestore).
func checkFigureVersion(f, old *models.Figure, b models.Batch, prefix string, p *models.Problems) {
	if old == nil || sameFigure(*f, *old) {
		return
	}
	if f.Version != 0 && f.Version != old.Version {
		p.Add(prefix+"version", "%s", staleVersion("figure", f.Key, f.Version, old.Version))
	} else {
		checkOverwrite("figure", f.Key, f.Version, b.Overwrite, prefix, p)
	}
	checkRestore(f, old, b.Restore, prefix, p)
}

// checkSourceVersion is checkFigureVersion for a source: the same lock,
// so that re-importing an old export cannot revert a newer edit to a
// source either.
func checkSourceVersion(src, old *models.Source, overwrite bool, prefix string, p *models.Problems) {
	switch {
	case sameSource(*src, *old):
	case src.Version != 0 && src.Version != old.Version:
		p.Add(prefix+"version", "%s", staleVersion("source", src.Key, src.Version, old.Version))
	default:
		checkOverwrite("source", src.Key, src.Version, overwrite, prefix, p)
	}
}

// staleVersion says why an entry whose version is not the stored one is
// refused, in the direction it is wrong: a file older than the tracker was
// made before someone's edit; a newer one was not made from this tracker's
// data (another database, or a version typed by hand).
func staleVersion(what, key string, file, stored int) string {
	if file < stored {
		return fmt.Sprintf("%s %q was changed in the tracker after this file was made: the file is older than the tracker (file has version %d, the tracker %d); export it again and re-apply your edits, or clear the version and import with --overwrite",
			what, key, file, stored)
	}
	return fmt.Sprintf("%s %q has a version the tracker has not reached: the file is newer than the tracker (file has version %d, the tracker %d), so it was not exported from this tracker's data; clear the version and import with --overwrite",
		what, key, file, stored)
}
