package store

import (
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
				return models.Errorf(models.ENotFound, "no %s %q", entityType, key)
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
	b, err := json.Marshal(snapshot)
	if err != nil {
		return err
	}
	rev := models.Revision{
		EntityType: entityType, EntityID: id, EntityKey: key, Version: version,
		Action: action, Snapshot: string(b), Editor: c.Editor, Reason: c.Reason, CreatedAt: ts,
	}
	return tx.Create(&rev).Error
}

// figureSnapshot is the figure with id as a revision records it: the API's
// JSON shape of a figure (format.FigureJSON), read back in the transaction
// that wrote it. Older revisions hold models.Figure's JSON instead;
// models.DiffSnapshots reads both.
func (s *Store) figureSnapshot(tx *gorm.DB, id int64) (format.FigureJSON, error) {
	rows, err := tx.Raw(s.viewQuery("f.id = ?"), id).Rows()
	if err != nil {
		return format.FigureJSON{}, err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return format.FigureJSON{}, err
		}
		return format.FigureJSON{}, fmt.Errorf("figure %d was written but cannot be read back", id)
	}
	sc := newViewScanner(true)
	if err := sc.scan(rows); err != nil {
		return format.FigureJSON{}, err
	}
	return format.NewFigureJSON(&sc.v, nil), rows.Err()
}

// nextRevisionVersion numbers the history of entities that keep no version
// column of their own (metrics).
func nextRevisionVersion(tx *gorm.DB, entityType string, id int64) (int, error) {
	var v int
	err := tx.Raw("SELECT COALESCE(MAX(version), 0) + 1 FROM revisions WHERE entity_type = ? AND entity_id = ?", entityType, id).
		Row().Scan(&v)
	return v, err
}
