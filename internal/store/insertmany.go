package store

import (
	"database/sql"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"forcedreturns/models"
)

// A batch's new figures and their revisions are written by multi-row
// inserts: one statement per few rows instead of two per figure, which
// on SQLite is mostly the driver's and the library's cost per statement,
// and on PostgreSQL a round trip each.

// rowsPerInsert is how many rows of cols columns one multi-row insert
// takes: on SQLite, whose driver binds each parameter by a linear search,
// a few hundred parameters (see newRowInserter); on PostgreSQL up to 500
// rows, far below its 65,535 parameters.
func (s *Store) rowsPerInsert(cols int) int {
	if s.dialect == DialectSQLite {
		return max(1, 280/cols)
	}
	return min(500, 20000/cols)
}

// insertFigures creates the figures figs, as insertFigure does each, in
// multi-row inserts (their ids come back by key), or with COPY when the
// transaction may use it (copyFigures). Their revisions' snapshots, a
// third of the client's work in a large import, are made on a goroutine
// of their own meanwhile (snapshotsAhead): a snapshot does not hold the
// figure's id, only what the figure is once stamped new (newFigure).
func (s *Store) insertFigures(tx *gorm.DB, figs []*models.Figure, refs *snapshotRefs, c models.Change, ts time.Time) error {
	if len(figs) == 0 {
		return nil
	}
	if err := refs.load(tx, figs); err != nil {
		return err
	}
	for _, f := range figs {
		newFigure(tx, f, ts)
	}
	snapshots := refs.snapshotsAhead(figs)
	var ids []int64
	var err error
	if copyConn(tx) != nil {
		ids, err = s.copyFigures(tx, figs)
	} else {
		ids, err = s.insertFigureRows(tx, figs)
	}
	snaps, snapErr := snapshots() // waited for in any case: it reads figs
	if err != nil {
		return err
	}
	if snapErr != nil {
		return snapErr
	}
	revs := make([]models.Revision, len(figs))
	for i, f := range figs {
		f.ID = ids[i]
		revs[i] = models.Revision{EntityType: models.EntityFigure, EntityID: f.ID, EntityKey: f.Key, Version: f.Version,
			Action: models.ActionCreate, Snapshot: snaps[i], Editor: c.Editor, Reason: c.Reason, CreatedAt: ts}
	}
	return s.insertRevisions(tx, revs)
}

// insertFigureRows inserts the new figures figs in multi-row inserts and
// returns their ids, in figs' order. It leaves figs as they are (their
// snapshots are being made meanwhile).
func (s *Store) insertFigureRows(tx *gorm.DB, figs []*models.Figure) ([]int64, error) {
	out := make([]int64, 0, len(figs))
	for part := range slices.Chunk(figs, s.rowsPerInsert(len(figureWriteColumns))) {
		args := make([]any, 0, len(part)*len(figureWriteColumns))
		for _, f := range part {
			args = figureArgs(args, f)
		}
		q := "INSERT INTO figures (" + strings.Join(figureWriteColumns, ", ") + ") VALUES " + s.valuesList(len(part), len(figureWriteColumns)) + " RETURNING id, key"
		ids := make(map[string]int64, len(part))
		err := queryRows(tx, q, args, func(rows *sql.Rows) error {
			var id int64
			var key string
			if err := rows.Scan(&id, &key); err != nil {
				return err
			}
			ids[key] = id
			return nil
		})
		if err != nil {
			return nil, conflictOnDuplicate(err, "figure", part[0].Key)
		}
		for _, f := range part {
			out = append(out, ids[f.Key])
		}
	}
	return out, nil
}

// copyFigures is insertFigureRows with COPY (see copy.go): the ids are
// taken first, then the figures copied with them.
func (s *Store) copyFigures(tx *gorm.DB, figs []*models.Figure) ([]int64, error) {
	ids, err := copyIDs(tx, len(figs))
	if err != nil {
		return nil, err
	}
	cols := append([]string{"id"}, figureWriteColumns...)
	row := make([]any, 0, len(cols))
	err = copyRows(tx, "figures", cols, len(figs), func(i int) ([]any, error) {
		return figureArgs(append(row[:0], ids[i]), figs[i]), nil
	})
	if err != nil {
		return nil, conflictOnDuplicate(err, "figure", figs[0].Key)
	}
	return ids, nil
}

// newFigure stamps f as a new figure at version 1, written at ts.
func newFigure(tx *gorm.DB, f *models.Figure, ts time.Time) {
	f.ID, f.Version, f.CreatedAt, f.UpdatedAt = 0, 1, ts, ts
	noteWrite(tx, f.Status.Public())
}

// insertRevisions writes revs (without their ids) in multi-row inserts,
// or with COPY when the transaction may use it.
func (s *Store) insertRevisions(tx *gorm.DB, revs []models.Revision) error {
	if copyConn(tx) != nil {
		row := make([]any, 0, len(revisionColumns))
		return copyRows(tx, "revisions", revisionColumns, len(revs), func(i int) ([]any, error) {
			r := &revs[i]
			return append(row[:0], r.EntityType, r.EntityID, r.EntityKey, r.Version, r.Action, r.Snapshot, r.Editor, r.Reason, r.CreatedAt), nil
		})
	}
	for part := range slices.Chunk(revs, s.rowsPerInsert(len(revisionColumns))) {
		args := make([]any, 0, len(part)*len(revisionColumns))
		for _, r := range part {
			args = append(args, r.EntityType, r.EntityID, r.EntityKey, r.Version, r.Action, r.Snapshot, r.Editor, r.Reason, r.CreatedAt)
		}
		q := "INSERT INTO revisions (" + strings.Join(revisionColumns, ", ") + ") VALUES " + s.valuesList(len(part), len(revisionColumns))
		if err := execStmt(tx, q, args); err != nil {
			return err
		}
	}
	return nil
}

// queryRows runs q in tx, through the transaction's prepared statement of
// it when there is a cache (SQLite), and calls fn for each row.
func queryRows(tx *gorm.DB, q string, args []any, fn func(*sql.Rows) error) error {
	st, err := stmt(tx, q)
	if err != nil {
		return err
	}
	var rows *sql.Rows
	if st != nil {
		rows, err = st.QueryContext(tx.Statement.Context, args...)
	} else {
		rows, err = tx.Statement.ConnPool.QueryContext(tx.Statement.Context, q, args...)
	}
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// execStmt is queryRows for a statement without rows.
func execStmt(tx *gorm.DB, q string, args []any) error {
	st, err := stmt(tx, q)
	if err != nil {
		return err
	}
	if st != nil {
		_, err = st.ExecContext(tx.Statement.Context, args...)
	} else {
		_, err = tx.Statement.ConnPool.ExecContext(tx.Statement.Context, q, args...)
	}
	return err
}
