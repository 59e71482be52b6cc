package store

import (
	"context"
	"errors"
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
// states content, not bookkeeping. A figure's or a source's Version, when
// not 0, is an optimistic lock: an entry based on another version than
// the stored one is refused if it would change the entity.
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
		// A batch of more figures than a bulk load's bound (a JSON or
		// YAML import) forgets the page anchors if it writes any, rather
		// than noting each figure (PostgreSQL; as a large stream).
		forget := s.dialect == DialectPostgres && len(b.Figures) > bulkDirty()
		if forget {
			if err := pageNotesOff(tx); err != nil {
				return err
			}
		}
		var err error
		if res, err = s.applyBatch(tx, b, c, now()); err != nil {
			return err
		}
		if dryRun {
			return errDryRun
		}
		if forget && res.Created+res.Updated > 0 {
			return forgetPageAnchors(tx)
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

// applyBatch does ApplyBatch's work in the transaction tx, stamping what
// it writes with ts: copy the entries, check them all, then write.
func (s *Store) applyBatch(tx *gorm.DB, b models.Batch, c models.Change, ts time.Time) (models.BatchResult, error) {
	var res models.BatchResult
	pb, skipped, err := batchEntries(tx, b)
	if err != nil {
		return res, err
	}
	res.Unchanged += skipped
	if err := s.checkBatch(tx, pb); err != nil {
		return res, err
	}
	err = s.writeBatch(tx, pb, c, ts, &res)
	if res.Created+res.Updated == 0 {
		noteWrite(tx, false) // re-importing the same file: readers' caches stay valid
	}
	return res, err
}

// pendingBatch is a batch on its way into the database: copies of its
// entries and, once checkBatch has read them, the stored entities they
// would replace.
type pendingBatch struct {
	metrics []models.Metric
	sources []models.Source
	figures []models.Figure
	// opts is the batch as given: its options (Overwrite, Restore), the
	// fields its entries left out, the Report callback.
	opts models.Batch

	oldMetrics map[string]models.Metric
	oldSources map[string]models.Source
	oldFigures map[string]*models.Figure // by key; nil: not stored
	// firstFigure maps a figure key to its first entry in figures; a
	// later entry with the same key is a duplicate.
	firstFigure map[string]int
	inBatch     map[string]bool // the keys of figures
}

// batchEntries copies the batch's entries (Normalize rewrites figures,
// and the caller may reuse the batch: to report rows, to retry), drops
// those already stored from a create-only batch, saying how many, and
// normalises the figures.
func batchEntries(tx *gorm.DB, b models.Batch) (*pendingBatch, int, error) {
	pb := &pendingBatch{metrics: slices.Clone(b.Metrics), sources: slices.Clone(b.Sources), figures: slices.Clone(b.Figures), opts: b}
	var skipped int
	if b.CreateOnly {
		var err error
		if pb.metrics, pb.sources, pb.figures, skipped, err = dropStored(tx, pb.metrics, pb.sources, pb.figures); err != nil {
			return nil, 0, err
		}
	}
	for i := range pb.figures {
		pb.figures[i].Normalize()
	}
	return pb, skipped, nil
}

// batchAction is what applying one entry of a batch does.
type batchAction int

const (
	actionCreate    batchAction = iota // the key is new
	actionUpdate                       // the stored entity gets the next version
	actionUnchanged                    // the stored entity says the same: no write, no revision
)

// entryAction decides what applying an entry does, given whether its key
// is stored and, if so, whether the stored entity has the same content
// (bookkeeping aside): idempotency by key.
func entryAction(stored, same bool) batchAction {
	switch {
	case !stored:
		return actionCreate
	case same:
		return actionUnchanged
	}
	return actionUpdate
}

// count adds a to the batch's result.
func (a batchAction) count(res *models.BatchResult) {
	switch a {
	case actionCreate:
		res.Created++
	case actionUnchanged:
		res.Unchanged++
	default:
		res.Updated++
	}
}

// writeBatch writes a checked batch, counting what each entry did:
// metrics and sources first, since figures refer to them, each source
// after the source it carries, then figures, each after the figure it is
// a subgroup or a share of.
func (s *Store) writeBatch(tx *gorm.DB, pb *pendingBatch, c models.Change, ts time.Time, res *models.BatchResult) error {
	for i := range pb.metrics {
		a, err := pb.writeMetric(tx, &pb.metrics[i], c, ts)
		if err != nil {
			return err
		}
		a.count(res)
	}
	for _, i := range originalsFirst(pb.sources) {
		a, err := pb.writeSource(tx, &pb.sources[i], c, ts)
		if err != nil {
			return err
		}
		a.count(res)
	}
	if err := s.lockFigures(tx, pb.oldFigures); err != nil {
		return err
	}
	refs := new(snapshotRefs)
	// New figures wait to be inserted together (insertFigures), in order,
	// until a replacement comes or there are enough for a statement.
	var created []*models.Figure
	flush := func() error {
		err := s.insertFigures(tx, created, refs, c, ts)
		created = created[:0]
		return err
	}
	// Enough for the snapshots made meanwhile (insertFigures) to run on
	// the other core; one COPY for them all.
	per := 1000
	if copyConn(tx) != nil {
		per = max(1, len(pb.figures))
	}
	for _, i := range parentsFirst(pb.figures) {
		f := &pb.figures[i]
		old := pb.oldFigures[f.Key]
		if old == nil {
			created = append(created, f)
			actionCreate.count(res)
			if len(created) < per {
				continue
			}
			if err := flush(); err != nil {
				return err
			}
			continue
		}
		if err := flush(); err != nil {
			return err
		}
		a, err := s.writeFigure(tx, f, old, refs, c, ts, pb.opts.Report)
		if err != nil {
			return err
		}
		a.count(res)
	}
	return flush()
}

// writeMetric creates or updates m unless the stored metric says the same.
func (pb *pendingBatch) writeMetric(tx *gorm.DB, m *models.Metric, c models.Change, ts time.Time) (batchAction, error) {
	old, ok := pb.oldMetrics[m.Slug]
	if ok {
		mergeMetric(m, &old, pb.opts.MetricOmitted[m.Slug])
	}
	a := entryAction(ok, ok && sameMetric(old, *m))
	switch a {
	case actionCreate:
		return a, insertMetric(tx, m, c, ts)
	case actionUpdate:
		if err := reportChange(pb.opts.Report, models.EntityMetric, m.Slug, old, m); err != nil {
			return a, err
		}
		return a, updateMetric(tx, m, &old, c, ts)
	}
	return a, nil
}

// writeSource creates or replaces src unless the stored source says the
// same.
func (pb *pendingBatch) writeSource(tx *gorm.DB, src *models.Source, c models.Change, ts time.Time) (batchAction, error) {
	old, ok := pb.oldSources[src.Key]
	a := entryAction(ok, ok && sameSource(old, *src))
	switch a {
	case actionCreate:
		return a, insertSource(tx, src, c, ts)
	case actionUpdate:
		if err := reportChange(pb.opts.Report, models.EntitySource, src.Key, old, src); err != nil {
			return a, err
		}
		return a, replaceSource(tx, src, &old, changeReason(c, src.Version), ts)
	}
	return a, nil
}

// writeFigure creates f, or replaces the stored figure old unless it says
// the same; a replacement that retracts or restores is recorded as such,
// and one by an entry without a version as an overwrite. report, if not
// nil, is told the fields a replacement changes.
func (s *Store) writeFigure(tx *gorm.DB, f, old *models.Figure, refs *snapshotRefs, c models.Change, ts time.Time, report func(models.EntryChange)) (batchAction, error) {
	a := entryAction(old != nil, old != nil && sameFigure(*old, *f))
	switch a {
	case actionCreate:
		return a, s.insertFigure(tx, f, refs, c, ts)
	case actionUpdate:
		if err := reportChange(report, models.EntityFigure, f.Key, old, f); err != nil {
			return a, err
		}
		return a, s.replaceFigure(tx, f, old, refs, statusAction(old.Status, f.Status), changeReason(c, f.Version), ts)
	}
	return a, nil
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
// figure it is a subgroup or a share of, when that one is in the batch too: the
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
		if j, ok := index[figures[i].ShareOf]; ok && figures[i].ShareOf != "" {
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
