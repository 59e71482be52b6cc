package store

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"time"

	"gorm.io/gorm"

	"forcedreturns/internal/format"
	"forcedreturns/models"
)

// Revisions returns the history of one metric, source or figure, oldest
// first, as the audience may read it (models.Audience.History): the
// public gets no history of a figure it may not see, and never the text
// of a revision made while a figure was unpublished. entityType is
// models.EntityMetric, EntitySource or EntityFigure; key is the entity's
// slug or key. An entity that exists but was never edited through the
// store (synthetic data) has an empty history.
func (s *Store) Revisions(ctx context.Context, entityType, key string, aud models.Audience) ([]models.Revision, error) {
	table, keyCol, ok := entityTable(entityType)
	if !ok {
		return nil, models.Errorf(models.EInvalid, "unknown entity type %q: expected metric, source or figure", entityType)
	}
	var revs []models.Revision
	err := s.read(ctx, func(tx *gorm.DB) error {
		if entityType == models.EntityFigure && aud != models.AudienceEditors {
			var st []string
			if err := tx.Raw("SELECT status FROM figures WHERE key = ?", key).Scan(&st).Error; err != nil {
				return err
			}
			if len(st) == 0 || !aud.Sees(models.Status(st[0])) {
				return models.Errorf(models.ENotFound, "no figure %q", key)
			}
		}
		if err := tx.Where("entity_type = ? AND entity_key = ?", entityType, key).
			Order("version, id").Find(&revs).Error; err != nil {
			return err
		}
		if len(revs) > 0 {
			return nil
		}
		var n int64
		if err := tx.Table(table).Where(keyCol+" = ?", key).Count(&n).Error; err != nil {
			return err
		}
		if n == 0 {
			return models.Errorf(models.ENotFound, "no %s %q", entityType, key)
		}
		return nil
	})
	if err != nil {
		return nil, wrap(err, "list revisions")
	}
	for i := range revs {
		revs[i].CreatedAt = revs[i].CreatedAt.UTC()
	}
	return aud.History(entityType, revs), nil
}

func entityTable(entityType string) (table, keyCol string, ok bool) {
	switch entityType {
	case models.EntityMetric:
		return "metrics", "slug", true
	case models.EntitySource:
		return "sources", "key", true
	case models.EntityFigure:
		return "figures", "key", true
	}
	return "", "", false
}

// writeRevision appends one entry to the history, in the transaction of
// the change it records, with the full snapshot of the entity after it.
func writeRevision(tx *gorm.DB, entityType string, id int64, key string, version int, action string, snapshot any, c models.Change, ts time.Time) error {
	if entityType != models.EntityFigure { // figures note their status themselves
		noteWrite(tx, true)
	}
	b, err := json.Marshal(snapshot)
	if err != nil {
		return err
	}
	rev := models.Revision{
		EntityType: entityType, EntityID: id, EntityKey: key, Version: version,
		Action: action, Snapshot: string(b), Editor: c.Editor, Reason: c.Reason, CreatedAt: ts,
	}
	st, err := stmt(tx, revisionInsertSQL)
	if err != nil || st == nil {
		if err == nil {
			err = tx.Create(&rev).Error
		}
		return err
	}
	_, err = st.ExecContext(tx.Statement.Context, rev.EntityType, rev.EntityID, rev.EntityKey, rev.Version,
		rev.Action, rev.Snapshot, rev.Editor, rev.Reason, rev.CreatedAt)
	return err
}

// snapshotRefs holds the metrics and sources the figure snapshots of one
// transaction name, each read once: a batch of many figures citing a few
// sources costs one write per figure, not an extra read.
type snapshotRefs struct {
	metrics map[string]models.Metric
	sources map[string]models.Source
	links   format.Links
}

// figureSnapshot is f, as just written in tx, as a revision records it:
// the API's JSON shape of a figure (format.FigureJSON). Older revisions
// hold models.Figure's JSON instead; models.DiffSnapshots reads both.
func (r *snapshotRefs) figureSnapshot(tx *gorm.DB, f *models.Figure) (format.FigureJSON, error) {
	if err := r.load(tx, []*models.Figure{f}); err != nil {
		return format.FigureJSON{}, err
	}
	return r.snapshot(f), nil
}

// load reads the metrics and sources of figs that r does not hold yet.
func (r *snapshotRefs) load(tx *gorm.DB, figs []*models.Figure) error {
	if r.metrics == nil {
		r.metrics, r.sources = map[string]models.Metric{}, map[string]models.Source{}
	}
	for _, f := range figs {
		if _, ok := r.metrics[f.Metric]; !ok {
			m, err := loadMetric(tx, f.Metric)
			if err != nil {
				return err
			}
			r.metrics[f.Metric] = m
		}
		if _, ok := r.sources[f.Source]; !ok {
			src, err := loadSource(tx, f.Source, false)
			if err != nil {
				return err
			}
			r.sources[f.Source] = src
		}
	}
	return nil
}

// snapshot is figureSnapshot of a figure whose metric and source r holds
// (load).
func (r *snapshotRefs) snapshot(f *models.Figure) format.FigureJSON {
	v := models.FigureView{Figure: *f, Metric: r.metrics[f.Metric], Source: r.sources[f.Source]}
	return format.NewFigureJSON(&v, &r.links)
}

// snapshotsAhead starts making the JSON snapshots of figs, whose metrics
// and sources r holds (load), on a goroutine of its own, and returns the
// function that waits for them. Until it returns, figs are only read, and
// r is the goroutine's.
func (r *snapshotRefs) snapshotsAhead(figs []*models.Figure) func() ([]string, error) {
	type result struct {
		snaps []string
		err   error
	}
	done := make(chan result, 1)
	go func() {
		defer func() {
			// A panic here would end the process, past the server's
			// recovery of its handlers (the write API makes batches too).
			if p := recover(); p != nil {
				done <- result{err: fmt.Errorf("store: making the revisions' snapshots: %v", p)}
			}
		}()
		snaps := make([]string, len(figs))
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(true) // as json.Marshal
		for i, f := range figs {
			buf.Reset()
			if err := enc.Encode(r.snapshot(f)); err != nil {
				done <- result{err: err}
				return
			}
			snaps[i] = string(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
		}
		done <- result{snaps: snaps}
	}()
	return func() ([]string, error) {
		res := <-done
		return res.snaps, res.err
	}
}

// nextRevisionVersion numbers the history of entities that keep no version
// column of their own (metrics).
func nextRevisionVersion(tx *gorm.DB, entityType string, id int64) (int, error) {
	var v int
	err := tx.Raw("SELECT COALESCE(MAX(version), 0) + 1 FROM revisions WHERE entity_type = ? AND entity_id = ?", entityType, id).
		Row().Scan(&v)
	return v, err
}

// RecentFigureRevisions returns up to limit revisions of figures, newest
// first, that the public may read: of a figure the public sees now, and
// with a snapshot of a public status (models.PublicRevision). Drafts and
// the revisions made while a figure was a draft never appear. It reads
// newest first in batches and stops after maxRecentBatches of them, so a
// run of draft work costs a bounded read.
func (s *Store) RecentFigureRevisions(ctx context.Context, limit int) ([]models.Revision, error) {
	var public []models.Status
	for _, st := range models.Statuses {
		if st.Public() {
			public = append(public, st)
		}
	}
	var out []models.Revision
	err := s.read(ctx, func(tx *gorm.DB) error {
		var before int64 = 1<<63 - 1
		for batch := 0; batch < maxRecentBatches && len(out) < limit; batch++ {
			var revs []models.Revision
			if err := tx.Table("revisions AS r").Select("r.*").
				Joins("JOIN figures f ON f.key = r.entity_key").
				Where("r.entity_type = ? AND f.status IN ? AND r.id < ?", models.EntityFigure, public, before).
				Order("r.id DESC").Limit(2 * limit).Scan(&revs).Error; err != nil {
				return err
			}
			for _, r := range revs {
				if len(out) < limit && models.PublicRevision(r) {
					r.CreatedAt = r.CreatedAt.UTC()
					out = append(out, r)
				}
			}
			if len(revs) < 2*limit {
				break
			}
			before = revs[len(revs)-1].ID
		}
		return nil
	})
	if err != nil {
		return nil, wrap(err, "list recent revisions")
	}
	return out, nil
}

// maxRecentBatches bounds RecentFigureRevisions' reads.
const maxRecentBatches = 10
