package store

import (
	"context"
	"fmt"

	"gorm.io/gorm"
)

// DataVersion returns a token that changes whenever any source, metric,
// figure or revision is written. Every edit appends a revision and every
// insert takes a new id, so the largest ids identify the data; each MAX(id)
// reads one end of a primary-key index, so the call stays cheap however
// large the tables grow. Caches and ETags are keyed on it, which keeps
// several app instances over one database consistent without coordination.
//
// The ids alone could lag on PostgreSQL, where a transaction holding a
// smaller id may commit after one holding a larger id; so every write
// transaction also bumps the data_version counter (created by migration 1,
// or by 4 in databases whose 1 predates it), whose row lock orders the
// bumps the way the commits happen. A write that does not go through
// Store.write (synthetic generation) still changes MAX(id).
func (s *Store) DataVersion(ctx context.Context) (string, error) {
	var n, rev, fig, src, met int64
	err := s.sqlDB.QueryRowContext(ctx, `SELECT
		(SELECT n FROM data_version WHERE id = 1),
		(SELECT COALESCE(MAX(id), 0) FROM revisions),
		(SELECT COALESCE(MAX(id), 0) FROM figures),
		(SELECT COALESCE(MAX(id), 0) FROM sources),
		(SELECT COALESCE(MAX(id), 0) FROM metrics)`).Scan(&n, &rev, &fig, &src, &met)
	if err != nil {
		return "", wrap(err, "data version")
	}
	return fmt.Sprintf("%d.%d.%d.%d.%d", n, rev, fig, src, met), nil
}

// bumpDataVersion increments the counter inside a write transaction.
func bumpDataVersion(tx *gorm.DB) error {
	return tx.Exec("UPDATE data_version SET n = n + 1 WHERE id = 1").Error
}
