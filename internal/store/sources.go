package store

import (
	"context"
	"slices"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"forcedreturns/models"
)

// CreateSource validates src and stores it at version 1 with a "create"
// revision. An existing key is an EConflict. On success src holds the
// stored values.
func (s *Store) CreateSource(ctx context.Context, src *models.Source, c models.Change) error {
	err := s.write(ctx, func(tx *gorm.DB) error {
		if err := src.Validate(); err != nil {
			return err
		}
		if _, err := loadSource(tx, src.Key, false); err == nil {
			return models.Errorf(models.EConflict, "source %q already exists: update it instead", src.Key)
		} else if models.ErrorCode(err) != models.ENotFound {
			return err
		}
		if err := checkOneOriginal(s.newWorld(tx), src); err != nil {
			return err
		}
		return insertSource(tx, src, c, now())
	})
	return wrap(err, "create source")
}

// UpdateSource replaces the stored source with the same key (keys never
// change: figures and files cite them). src.Version must be the version
// the editor started from, else EConflict and nothing changes; on success
// the version goes up by one and a revision records the change. An update
// that changes nothing writes nothing.
func (s *Store) UpdateSource(ctx context.Context, src *models.Source, c models.Change) error {
	err := s.write(ctx, func(tx *gorm.DB) error {
		old, err := loadSource(tx, src.Key, true)
		if err != nil {
			return err
		}
		if err := checkVersion("source", src.Key, src.Version, old.Version); err != nil {
			return err
		}
		if sameSource(old, *src) {
			src.ID, src.CreatedAt, src.UpdatedAt = old.ID, old.CreatedAt, old.UpdatedAt
			return nil
		}
		if err := src.Validate(); err != nil {
			return err
		}
		if err := checkOneOriginal(s.newWorld(tx), src); err != nil {
			return err
		}
		return replaceSource(tx, src, &old, c, now())
	})
	return wrap(err, "update source")
}

// GetSource returns the source with key.
func (s *Store) GetSource(ctx context.Context, key string) (models.Source, error) {
	src, err := loadSource(s.db.WithContext(ctx), key, false)
	return src, wrap(err, "get source")
}

// ListSources returns every source, most recently published first.
func (s *Store) ListSources(ctx context.Context) ([]models.Source, error) {
	var srcs []models.Source
	if err := s.db.WithContext(ctx).Order("published_on DESC, key").Find(&srcs).Error; err != nil {
		return nil, wrap(err, "list sources")
	}
	for i := range srcs {
		utcSource(&srcs[i])
	}
	return srcs, nil
}

// GetSources returns the stored sources among keys, sorted by key; keys
// not stored are left out. Exports read with it the sources the exported
// ones carry (export.Meta.Originals).
func (s *Store) GetSources(ctx context.Context, keys []string) ([]models.Source, error) {
	keys = slices.Clone(keys)
	slices.Sort(keys)
	var out []models.Source
	for chunk := range slices.Chunk(slices.Compact(keys), 500) {
		var found []models.Source
		if err := s.db.WithContext(ctx).Where("key IN ?", chunk).Order("key").Find(&found).Error; err != nil {
			return nil, wrap(err, "get sources")
		}
		out = append(out, found...)
	}
	for i := range out {
		utcSource(&out[i])
	}
	return out, nil
}

// SourcesCarrying returns the sources that carry the source with key
// (their Original is key), earliest published first.
func (s *Store) SourcesCarrying(ctx context.Context, key string) ([]models.Source, error) {
	var srcs []models.Source
	if err := s.db.WithContext(ctx).Where("original = ?", key).Order("published_on, key").Find(&srcs).Error; err != nil {
		return nil, wrap(err, "sources carrying "+key)
	}
	for i := range srcs {
		utcSource(&srcs[i])
	}
	return srcs, nil
}

// loadSource reads one source; lock takes its row lock on PostgreSQL (a
// no-op clause on SQLite, whose writers are already serialised). NO KEY
// UPDATE, as keys never change, lets figures citing the source be written
// meanwhile (their foreign key check takes a KEY SHARE lock).
func loadSource(tx *gorm.DB, key string, lock bool) (models.Source, error) {
	var src models.Source
	q := tx.Where("key = ?", key)
	if lock {
		q = q.Clauses(clause.Locking{Strength: noKeyUpdate})
	}
	if err := q.Take(&src).Error; err != nil {
		return src, notFound(err, "no source %q", key)
	}
	utcSource(&src)
	return src, nil
}

func insertSource(tx *gorm.DB, src *models.Source, c models.Change, ts time.Time) error {
	src.ID, src.Version, src.CreatedAt, src.UpdatedAt = 0, 1, ts, ts
	dayIfUnset(src)
	// The columns' defaults: a database at an earlier schema (the
	// upgrade tests fill one before migrating it) takes the row too, and
	// no original is NULL, not a reference to a source keyed "".
	var omit []string
	if src.PublishedPrecision == models.PrecisionDay {
		omit = append(omit, "published_precision")
	}
	if src.Original == "" {
		omit = append(omit, "original")
	}
	q := tx
	if len(omit) > 0 {
		q = tx.Omit(omit...)
	}
	if err := q.Create(src).Error; err != nil {
		return conflictOnDuplicate(err, "source", src.Key)
	}
	return writeRevision(tx, models.EntitySource, src.ID, src.Key, src.Version, models.ActionCreate, src, c, ts)
}

// replaceSource writes src over old as the next version, guarded by old's
// version against a concurrent writer.
func replaceSource(tx *gorm.DB, src, old *models.Source, c models.Change, ts time.Time) error {
	src.ID, src.CreatedAt, src.Version, src.UpdatedAt = old.ID, old.CreatedAt, old.Version+1, ts
	dayIfUnset(src)
	res := tx.Table("sources").Where("id = ? AND version = ?", old.ID, old.Version).Updates(map[string]any{
		"title": src.Title, "title_en": src.TitleEn, "title_ko": src.TitleKo, "kind": string(src.Kind), "publisher": src.Publisher, "authors": src.Authors,
		"author_affiliation": src.AuthorAffiliation, "published_on": src.PublishedOn,
		"published_precision": string(src.PublishedPrecision), "url": src.URL,
		"archive_url": src.ArchiveURL, "language": src.Language, "accessed_on": src.AccessedOn,
		"text_sha256": src.TextSHA256, "notes": src.Notes, "original": nullIfEmpty(src.Original),
		"version": src.Version, "updated_at": ts,
	})
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected != 1 {
		return models.Errorf(models.EConflict, "source %q was changed by someone else at the same time; reload it and try again", src.Key)
	}
	return writeRevision(tx, models.EntitySource, src.ID, src.Key, src.Version, models.ActionUpdate, src, c, ts)
}

// noKeyUpdate is PostgreSQL's row lock for an update that keeps the key.
const noKeyUpdate = "NO KEY UPDATE"

// dayIfUnset gives a source built without a precision (in code, or read
// from a revision written before precisions existed) the precision of the
// full date it has: day.
func dayIfUnset(s *models.Source) {
	if s.PublishedPrecision == "" {
		s.PublishedPrecision = models.PrecisionDay
	}
}

func sameSource(a, b models.Source) bool {
	dayIfUnset(&a)
	dayIfUnset(&b)
	a.ID, a.Version, a.CreatedAt, a.UpdatedAt = 0, 0, time.Time{}, time.Time{}
	b.ID, b.Version, b.CreatedAt, b.UpdatedAt = 0, 0, time.Time{}, time.Time{}
	return a == b
}

func utcSource(s *models.Source) {
	s.CreatedAt, s.UpdatedAt = s.CreatedAt.UTC(), s.UpdatedAt.UTC()
}
