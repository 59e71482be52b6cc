package store

import (
	"context"
	"time"

	"gorm.io/gorm"

	"forcedreturns/models"
)

// CreateMetric adds a metric to the vocabulary with a "create" revision.
// An existing slug is an EConflict.
func (s *Store) CreateMetric(ctx context.Context, m *models.Metric, c models.Change) error {
	err := s.write(ctx, func(tx *gorm.DB) error {
		if err := m.Validate(); err != nil {
			return err
		}
		if _, err := loadMetric(tx, m.Slug); err == nil {
			return models.Errorf(models.EConflict, "metric %q already exists", m.Slug)
		} else if models.ErrorCode(err) != models.ENotFound {
			return err
		}
		return insertMetric(tx, m, c, now())
	})
	return wrap(err, "create metric")
}

// UpdateMetric rewrites the stored metric m.Slug with m's label,
// definition, unit and Korean texts, with an "update" revision; a metric
// that says the same is left alone. An unknown slug is ENotFound.
func (s *Store) UpdateMetric(ctx context.Context, m *models.Metric, c models.Change) error {
	err := s.write(ctx, func(tx *gorm.DB) error {
		if err := m.Validate(); err != nil {
			return err
		}
		old, err := loadMetric(tx, m.Slug)
		if err != nil {
			return err
		}
		if sameMetric(old, *m) {
			*m = old
			return nil
		}
		return updateMetric(tx, m, &old, c, now())
	})
	return wrap(err, "update metric")
}

// GetMetric returns the metric with slug.
func (s *Store) GetMetric(ctx context.Context, slug string) (models.Metric, error) {
	m, err := loadMetric(s.db.WithContext(ctx), slug)
	return m, wrap(err, "get metric")
}

// ListMetrics returns every metric, by slug.
func (s *Store) ListMetrics(ctx context.Context) ([]models.Metric, error) {
	var ms []models.Metric
	if err := s.db.WithContext(ctx).Order("slug").Find(&ms).Error; err != nil {
		return nil, wrap(err, "list metrics")
	}
	for i := range ms {
		utcMetric(&ms[i])
	}
	return ms, nil
}

func loadMetric(tx *gorm.DB, slug string) (models.Metric, error) {
	var m models.Metric
	if err := tx.Where("slug = ?", slug).Take(&m).Error; err != nil {
		return m, notFound(err, "no metric %q", slug)
	}
	utcMetric(&m)
	return m, nil
}

func insertMetric(tx *gorm.DB, m *models.Metric, c models.Change, ts time.Time) error {
	m.ID, m.CreatedAt, m.UpdatedAt = 0, ts, ts
	if err := tx.Create(m).Error; err != nil {
		return conflictOnDuplicate(err, "metric", m.Slug)
	}
	return writeRevision(tx, models.EntityMetric, m.ID, m.Slug, 1, models.ActionCreate, m, c, ts)
}

// updateMetric rewrites a metric's label, definition and unit, and their
// Korean text. Metrics
// carry no version column, so the revision number continues the history.
func updateMetric(tx *gorm.DB, m, old *models.Metric, c models.Change, ts time.Time) error {
	m.ID, m.CreatedAt, m.UpdatedAt = old.ID, old.CreatedAt, ts
	if err := tx.Table("metrics").Where("id = ?", m.ID).Updates(map[string]any{
		"label": m.Label, "definition": m.Definition, "unit": m.Unit,
		"label_ko": m.LabelKo, "definition_ko": m.DefinitionKo, "updated_at": ts,
	}).Error; err != nil {
		return err
	}
	v, err := nextRevisionVersion(tx, models.EntityMetric, m.ID)
	if err != nil {
		return err
	}
	return writeRevision(tx, models.EntityMetric, m.ID, m.Slug, v, models.ActionUpdate, m, c, ts)
}

func sameMetric(a, b models.Metric) bool {
	return a.Slug == b.Slug && a.Label == b.Label && a.Definition == b.Definition && a.Unit == b.Unit &&
		a.LabelKo == b.LabelKo && a.DefinitionKo == b.DefinitionKo
}

func utcMetric(m *models.Metric) {
	m.CreatedAt, m.UpdatedAt = m.CreatedAt.UTC(), m.UpdatedAt.UTC()
}
