package store

import (
	"context"
	"reflect"
	"strings"
	"time"

	"gorm.io/gorm"

	"forcedreturns/models"
)

// CreateFigure normalises and validates f, checks what it refers to (its
// metric, source, parent figure and formula) and stores it at version 1
// with a "create" revision. Every problem is reported at once in an
// EInvalid error; an existing key is an EConflict. On success f holds the
// stored values (ID, Version, timestamps).
func (s *Store) CreateFigure(ctx context.Context, f *models.Figure, c models.Change) error {
	f.Normalize()
	err := s.write(ctx, func(tx *gorm.DB) error {
		w := s.newWorld(tx)
		if models.ValidKey(f.Key) {
			old, err := w.figure(f.Key)
			if err != nil {
				return err
			}
			if old != nil {
				return models.Errorf(models.EConflict, "figure %q already exists: update it instead", f.Key)
			}
		}
		w.figures[f.Key] = f
		var p models.Problems
		if err := w.checkFigure(f, nil, "", &p, nil); err != nil {
			return err
		}
		if err := p.Err("figure"); err != nil {
			return err
		}
		return s.insertFigure(tx, f, new(snapshotRefs), c, now())
	})
	return wrap(err, "create figure")
}

// UpdateFigure replaces the stored figure with the same key by f. f.Version
// must be the version the editor started from: if someone saved in
// between, the update is refused with EConflict and nothing changes. On
// success the version goes up by one and a revision records the change
// (action "retract" or "restore" when the status crosses retracted). An
// update that changes nothing writes nothing.
func (s *Store) UpdateFigure(ctx context.Context, f *models.Figure, c models.Change) error {
	f.Normalize()
	err := s.write(ctx, func(tx *gorm.DB) error {
		old, err := s.loadFigure(tx, f.Key, true)
		if err != nil {
			return err
		}
		if err := checkVersion("figure", f.Key, f.Version, old.Version); err != nil {
			return err
		}
		if sameFigure(old, *f) {
			f.ID, f.CreatedAt, f.UpdatedAt = old.ID, old.CreatedAt, old.UpdatedAt
			noteWrite(tx, false) // nothing written: readers' caches stay valid
			return nil
		}
		w := s.newWorld(tx)
		w.figures[f.Key] = f
		var p models.Problems
		if err := w.checkFigure(f, &old, "", &p, nil); err != nil {
			return err
		}
		if err := p.Err("figure"); err != nil {
			return err
		}
		return s.replaceFigure(tx, f, &old, new(snapshotRefs), statusAction(old.Status, f.Status), c, now())
	})
	return wrap(err, "update figure")
}

// RetractFigure marks a published figure retracted with a reason
// a reader will see. The figure stays stored and reachable; it no longer
// counts in charts and totals. version is the version the editor saw. A
// draft is refused (models.CheckStatusChange): retracting would publish it.
func (s *Store) RetractFigure(ctx context.Context, key string, version int, reason string, c models.Change) error {
	err := s.write(ctx, func(tx *gorm.DB) error {
		old, err := s.loadFigure(tx, key, true)
		if err != nil {
			return err
		}
		if err := checkVersion("figure", key, version, old.Version); err != nil {
			return err
		}
		if old.Status == models.StatusRetracted {
			return models.Errorf(models.EConflict, "figure %q is already retracted", key)
		}
		f := old
		f.Status, f.RetractReason = models.StatusRetracted, strings.TrimSpace(reason)
		if err := f.Validate(); err != nil {
			return err
		}
		if c.Reason == "" {
			c.Reason = f.RetractReason
		}
		return s.replaceFigure(tx, &f, &old, new(snapshotRefs), models.ActionRetract, c, now())
	})
	return wrap(err, "retract figure")
}

// RestoreFigure publishes a retracted figure again and clears its
// retraction reason; the revision history keeps both.
func (s *Store) RestoreFigure(ctx context.Context, key string, version int, c models.Change) error {
	err := s.write(ctx, func(tx *gorm.DB) error {
		old, err := s.loadFigure(tx, key, true)
		if err != nil {
			return err
		}
		if err := checkVersion("figure", key, version, old.Version); err != nil {
			return err
		}
		if old.Status != models.StatusRetracted {
			return models.Errorf(models.EConflict, "figure %q is not retracted (it is %s)", key, old.Status)
		}
		f := old
		f.Status, f.RetractReason = models.StatusPublished, ""
		if err := f.Validate(); err != nil {
			return err
		}
		return s.replaceFigure(tx, &f, &old, new(snapshotRefs), models.ActionRestore, c, now())
	})
	return wrap(err, "restore figure")
}

// GetFigure returns the figure with key, with its metric and source, if
// the audience may see it. A figure it may not see (a draft, for the
// public) is not found, with the same error as one that does not exist,
// so that no one learns which drafts exist.
func (s *Store) GetFigure(ctx context.Context, key string, aud models.Audience) (models.FigureView, error) {
	var v models.FigureView
	err := s.read(ctx, func(tx *gorm.DB) error {
		rows, err := tx.Raw(s.viewQuery("f.key = ?"), key).Rows()
		if err != nil {
			return err
		}
		defer rows.Close()
		if !rows.Next() {
			if err := rows.Err(); err != nil {
				return err
			}
			return models.Errorf(models.ENotFound, "no figure %q", key)
		}
		sc := newViewScanner(true)
		if err := sc.scan(rows); err != nil {
			return err
		}
		v = sc.v
		if !aud.Sees(v.Figure.Status) {
			v = models.FigureView{}
			return models.Errorf(models.ENotFound, "no figure %q", key)
		}
		return rows.Err()
	})
	return v, wrap(err, "get figure")
}

func checkVersion(what, key string, given, stored int) error {
	if given != stored {
		return models.Errorf(models.EConflict,
			"%s %q has changed since you loaded it: you edited version %d, the current version is %d; reload it and apply your change again",
			what, key, given, stored)
	}
	return nil
}

// statusAction names the revision of an update that moves a figure into
// or out of retraction, so that the history reads as what happened.
func statusAction(from, to models.Status) string {
	switch {
	case from != models.StatusRetracted && to == models.StatusRetracted:
		return models.ActionRetract
	case from == models.StatusRetracted && to != models.StatusRetracted:
		return models.ActionRestore
	}
	return models.ActionUpdate
}

// sameFigure compares what an editor can change, not the bookkeeping.
func sameFigure(a, b models.Figure) bool {
	a.ID, a.Version, a.CreatedAt, a.UpdatedAt = 0, 0, time.Time{}, time.Time{}
	b.ID, b.Version, b.CreatedAt, b.UpdatedAt = 0, 0, time.Time{}, time.Time{}
	a.Period.Normalize()
	b.Period.Normalize()
	return reflect.DeepEqual(a, b)
}

var (
	figureInsertSQL = "INSERT INTO figures (" + strings.Join(figureWriteColumns, ", ") + ") VALUES (" +
		strings.TrimSuffix(strings.Repeat("?, ", len(figureWriteColumns)), ", ") + ") RETURNING id"
	// Every column but key and created_at, which never change.
	figureUpdateSQL = func() string {
		var set []string
		for _, c := range figureWriteColumns {
			if c != "key" && c != "created_at" {
				set = append(set, c+" = ?")
			}
		}
		return "UPDATE figures SET " + strings.Join(set, ", ") + " WHERE id = ? AND version = ?"
	}()
)

// insertFigure stores a new figure at version 1 and its "create" revision.
// refs (one per transaction) reads the metrics and sources snapshots name.
func (s *Store) insertFigure(tx *gorm.DB, f *models.Figure, refs *snapshotRefs, c models.Change, ts time.Time) error {
	f.ID, f.Version, f.CreatedAt, f.UpdatedAt = 0, 1, ts, ts
	noteWrite(tx, f.Status.Public())
	id, err := insertReturningID(tx, figureInsertSQL, figureArgs(nil, f)...)
	if err != nil {
		return conflictOnDuplicate(err, "figure", f.Key)
	}
	f.ID = id
	snap, err := refs.figureSnapshot(tx, f)
	if err != nil {
		return err
	}
	return writeRevision(tx, models.EntityFigure, f.ID, f.Key, f.Version, models.ActionCreate, snap, c, ts)
}

// replaceFigure writes f over old as the next version, guarded by old's
// version so that a concurrent writer that slipped in makes it fail.
func (s *Store) replaceFigure(tx *gorm.DB, f, old *models.Figure, refs *snapshotRefs, action string, c models.Change, ts time.Time) error {
	if err := models.CheckStatusChange(old.Status, f.Status); err != nil {
		return err
	}
	f.ID, f.CreatedAt, f.Version, f.UpdatedAt = old.ID, old.CreatedAt, old.Version+1, ts
	noteWrite(tx, old.Status.Public() || f.Status.Public())
	args := figureArgs(make([]any, 0, len(figureWriteColumns)+2), f)
	args = append(args[1:len(args)-2], f.UpdatedAt, f.ID, int64(old.Version)) // drop key and created_at
	res := tx.Exec(figureUpdateSQL, args...)
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected != 1 {
		return models.Errorf(models.EConflict, "figure %q was changed by someone else at the same time; reload it and try again", f.Key)
	}
	snap, err := refs.figureSnapshot(tx, f)
	if err != nil {
		return err
	}
	return writeRevision(tx, models.EntityFigure, f.ID, f.Key, f.Version, action, snap, c, ts)
}

// loadFigure reads one stored figure, locking its row on PostgreSQL when
// lock is set so that a read-then-write cannot interleave with another.
// (SQLite's immediate transactions already serialise writers.) The lock is
// NO KEY UPDATE because keys never change: inserting a subgroup, whose
// foreign key check takes a KEY SHARE lock, need not wait for it.
func (s *Store) loadFigure(tx *gorm.DB, key string, lock bool) (models.Figure, error) {
	q := "SELECT " + s.selectColumns(false) + " FROM figures f WHERE f.key = ?"
	if lock && s.dialect == DialectPostgres {
		q += " FOR NO KEY UPDATE"
	}
	figs, err := s.scanFigures(tx, q, key)
	if err != nil {
		return models.Figure{}, err
	}
	if len(figs) == 0 {
		return models.Figure{}, models.Errorf(models.ENotFound, "no figure %q", key)
	}
	return figs[0], nil
}

// loadFigures reads the stored figures among keys, in chunks that stay
// far below both databases' limits on bound parameters.
func (s *Store) loadFigures(tx *gorm.DB, keys []string, lock bool) ([]models.Figure, error) {
	const chunk = 500
	var out []models.Figure
	for len(keys) > 0 {
		n := min(chunk, len(keys))
		q := "SELECT " + s.selectColumns(false) + " FROM figures f WHERE f.key IN ?"
		if lock && s.dialect == DialectPostgres {
			q += " FOR NO KEY UPDATE"
		}
		figs, err := s.scanFigures(tx, q, keys[:n])
		if err != nil {
			return nil, err
		}
		out = append(out, figs...)
		keys = keys[n:]
	}
	return out, nil
}

// loadFiguresWhere reads the figures matching a condition on alias f.
func (s *Store) loadFiguresWhere(tx *gorm.DB, cond string, args ...any) ([]models.Figure, error) {
	return s.scanFigures(tx, "SELECT "+s.selectColumns(false)+" FROM figures f WHERE "+cond+" ORDER BY f.key", args...)
}

func (s *Store) scanFigures(tx *gorm.DB, q string, args ...any) ([]models.Figure, error) {
	rows, err := tx.Raw(q, args...).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []models.Figure
	sc := newViewScanner(false)
	for rows.Next() {
		if err := sc.scan(rows); err != nil {
			return nil, err
		}
		out = append(out, sc.v.Figure)
	}
	return out, rows.Err()
}
