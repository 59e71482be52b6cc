package store

import (
	"context"
	"fmt"
)

// DataVersion returns a token that changes whenever any source, metric,
// figure or revision is written. Every edit appends a revision and every
// insert takes a new id, so the largest ids identify the data; each MAX(id)
// reads one end of a primary-key index, so the call stays cheap however
// large the tables grow. Caches and ETags are keyed on it, which keeps
// several app instances over one database consistent without coordination.
func (s *Store) DataVersion(ctx context.Context) (string, error) {
	var rev, fig, src, met int64
	err := s.sqlDB.QueryRowContext(ctx, `SELECT
		(SELECT COALESCE(MAX(id), 0) FROM revisions),
		(SELECT COALESCE(MAX(id), 0) FROM figures),
		(SELECT COALESCE(MAX(id), 0) FROM sources),
		(SELECT COALESCE(MAX(id), 0) FROM metrics)`).Scan(&rev, &fig, &src, &met)
	if err != nil {
		return "", wrap(err, "data version")
	}
	return fmt.Sprintf("%d.%d.%d.%d", rev, fig, src, met), nil
}
