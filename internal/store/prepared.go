package store

import (
	"context"
	"database/sql"
	"strings"

	"gorm.io/gorm"
)

// prepared holds, for one long write transaction on SQLite (a streamed
// import), its most repeated statements compiled once: the driver
// otherwise compiles every statement on every call, which took a fifth of
// an import's time. PostgreSQL keeps GORM's path (its placeholders differ,
// and pgx caches statements itself).
type prepared struct {
	tx    *sql.Tx
	stmts map[string]*sql.Stmt
}

type preparedKey struct{}

// withPrepared returns tx with a cache of prepared statements, and the
// function that closes them; tx is returned as is when it is not an SQLite
// transaction.
func (s *Store) withPrepared(tx *gorm.DB) (*gorm.DB, func()) {
	stx, ok := tx.Statement.ConnPool.(*sql.Tx)
	if !ok || s.dialect != DialectSQLite {
		return tx, func() {}
	}
	p := &prepared{tx: stx, stmts: map[string]*sql.Stmt{}}
	return tx.WithContext(context.WithValue(tx.Statement.Context, preparedKey{}, p)), func() {
		for _, st := range p.stmts {
			st.Close()
		}
	}
}

// stmt returns the prepared statement of q in tx's cache, or nil when tx
// has none.
func stmt(tx *gorm.DB, q string) (*sql.Stmt, error) {
	p, _ := tx.Statement.Context.Value(preparedKey{}).(*prepared)
	if p == nil {
		return nil, nil
	}
	if st, ok := p.stmts[q]; ok {
		return st, nil
	}
	st, err := p.tx.PrepareContext(tx.Statement.Context, q)
	if err != nil {
		return nil, err
	}
	p.stmts[q] = st
	return st, nil
}

// insertReturningID runs q, an INSERT … RETURNING id, and returns the id.
func insertReturningID(tx *gorm.DB, q string, args ...any) (int64, error) {
	var id int64
	st, err := stmt(tx, q)
	if err != nil {
		return 0, err
	}
	if st == nil {
		err = tx.Raw(q, args...).Scan(&id).Error
	} else {
		err = st.QueryRowContext(tx.Statement.Context, args...).Scan(&id)
	}
	return id, err
}

// revisionInsertSQL writes a models.Revision (without its id).
var revisionInsertSQL = "INSERT INTO revisions (" + strings.Join(revisionColumns, ", ") + ") VALUES (" +
	strings.TrimSuffix(strings.Repeat("?, ", len(revisionColumns)), ", ") + ")"

var revisionColumns = []string{"entity_type", "entity_id", "entity_key", "version", "action", "snapshot", "editor", "reason", "created_at"}
