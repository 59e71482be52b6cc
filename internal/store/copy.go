package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"

	"github.com/jackc/pgx/v5"
	"gorm.io/gorm"
)

// On PostgreSQL a streamed import writes its new figures and their
// revisions with COPY (the protocol's bulk load, pgx's CopyFrom) instead of
// multi-row inserts: no statement of thousands of parameters to send,
// parse and plan, and one chart_dirty trigger per chunk. The rows go
// straight into figures and revisions inside the import's transaction,
// with every constraint, index and trigger of an insert (foreign keys are
// checked at the end of each COPY, so a subgroup may come before its
// parent); the figures' ids are taken from their sequence beforehand
// (copyIDs), since COPY returns none, so that each revision names its
// figure. Checks and updates of stored figures go the ordinary way.

// copyWantedKey marks the context of a write that may use COPY
// (withCopy); copyConnKey holds, in its transaction's context, the
// connection COPY runs on.
type (
	copyWantedKey struct{}
	copyConnKey   struct{}
)

// copyStreams says whether streamed imports use COPY on PostgreSQL (a
// variable for the tests, which compare both ways).
var copyStreams = true

// withCopy asks writeTx to run the transaction on a connection of its own
// that COPY can use (PostgreSQL; ignored on SQLite).
func withCopy(ctx context.Context) context.Context {
	if !copyStreams {
		return ctx
	}
	return context.WithValue(ctx, copyWantedKey{}, true)
}

// copyConn returns the connection of tx's transaction when COPY may be
// used on it, else nil.
func copyConn(tx *gorm.DB) *sql.Conn {
	c, _ := tx.Statement.Context.Value(copyConnKey{}).(*sql.Conn)
	return c
}

// copyRows copies n rows of cols (row(i) gives the values of row i) into
// table, on tx's connection, inside its transaction.
func copyRows(tx *gorm.DB, table string, cols []string, n int, row func(i int) ([]any, error)) error {
	conn := copyConn(tx)
	if conn == nil {
		return errors.New("store: COPY outside a transaction that asked for it")
	}
	return conn.Raw(func(dc any) error {
		pc, ok := dc.(*pgConn)
		if !ok {
			return errors.New("store: COPY needs a pgx connection")
		}
		_, err := pc.Conn.Conn().CopyFrom(tx.Statement.Context, pgx.Identifier{table}, cols, pgx.CopyFromSlice(n, row))
		return err
	})
}

// copyIDs takes n new figure ids from the figures' identity sequence, in
// increasing order, as inserts would have taken them.
func copyIDs(tx *gorm.DB, n int) ([]int64, error) {
	ids := make([]int64, 0, n)
	err := queryRows(tx, "SELECT nextval(pg_get_serial_sequence('figures', 'id')) FROM generate_series(1, $1)", []any{n}, func(rows *sql.Rows) error {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return err
		}
		ids = append(ids, id)
		return nil
	})
	slices.Sort(ids)
	return ids, err
}
