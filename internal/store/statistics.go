package store

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"gorm.io/gorm"

	"forcedreturns/models"
)

// SQLite's planner chooses among the indexes of figures by the statistics
// ANALYZE leaves in sqlite_stat1. A database that reached a million
// figures through imports and edits has none (an import does not gather
// them), and `dev generate` gathered them sampled (analysis_limit 1000),
// which says that each status matches about a thousand figures. Either
// way, a query with a plain status condition (status IN ('published',
// 'retracted')) and an order is planned through the status index, then
// sorts every public figure in a temporary B-tree: a page in the middle of
// a million figures took 2.7–19.9 s that way (sqlite3, 5 Dec 2026),
// against 0.2–1.0 s through the order's index, which the same query takes
// once the statistics are gathered in full. (The pages keep the status off
// the index themselves, filterSQL's unary +, but every other query would
// have to.) PostgreSQL's autovacuum gathers its own, and its imports and
// generation analyze as they go.
//
// FreshStatistics gathers them again, in full, for the tables whose
// statistics are missing or wrong: at serve's start and after every bulk
// write (summariseAfterWrite). At a million figures, ANALYZE of figures
// takes 0.8 s of CPU and of revisions about as much; checking whether it
// is needed, a count of each table, tens of milliseconds.

// statsMinRows is the size below which a table's statistics are not
// gathered: the planner's defaults serve a small table well.
var statsMinRows int64 = 1000 // a variable for the tests

// statsTables are the large tables whose statistics FreshStatistics keeps.
var statsTables = []string{"figures", "revisions"}

// FreshStatistics gathers SQLite's statistics, in full, of the large
// tables whose statistics are missing or no longer describe them (see
// staleStatistics), and returns the tables it analyzed. On PostgreSQL it
// does nothing.
func (s *Store) FreshStatistics(ctx context.Context) ([]string, error) {
	if s.dialect != DialectSQLite {
		return nil, nil
	}
	var stale []string
	err := s.read(ctx, func(tx *gorm.DB) error {
		stale = stale[:0]
		for _, t := range statsTables {
			ok, err := staleStatistics(tx, t)
			if err != nil {
				return err
			}
			if ok {
				stale = append(stale, t)
			}
		}
		return nil
	})
	if err != nil || len(stale) == 0 {
		return nil, wrap(err, "read the planner's statistics")
	}
	err = s.writeTx(ctx, false, func(tx *gorm.DB) error {
		// Like an index build, it takes a while by nature: not logged as a
		// slow statement.
		tx = tx.WithContext(context.WithValue(tx.Statement.Context, streamingKey{}, true))
		if err := tx.Exec("PRAGMA analysis_limit = 0").Error; err != nil {
			return err
		}
		for _, t := range stale {
			if err := tx.Exec("ANALYZE " + t).Error; err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, wrap(err, "gather the planner's statistics")
	}
	return stale, nil
}

// staleStatistics reports whether table (of statsMinRows rows or more)
// has no statistics, statistics of less than half or more than twice as
// many rows as it has, an index without any, or, for figures,
// statistics of its status index that are impossible:
// fewer rows for each status, on average, than its rows shared among
// every status there is (what a sampled ANALYZE says).
func staleStatistics(tx *gorm.DB, table string) (bool, error) {
	var n int64
	if err := tx.Raw("SELECT COUNT(*) FROM " + table).Row().Scan(&n); err != nil {
		return false, err
	}
	if n < statsMinRows {
		return false, nil
	}
	rows, err := tx.Raw("SELECT idx, stat FROM sqlite_stat1 WHERE tbl = ?", table).Rows()
	if err != nil {
		if strings.Contains(err.Error(), "no such table") { // never analyzed
			return true, nil
		}
		return false, err
	}
	defer rows.Close()
	stats := map[string][]int64{}
	for rows.Next() {
		var idx sql.NullString // NULL: the row of a table without indexes
		var stat string
		if err := rows.Scan(&idx, &stat); err != nil {
			return false, err
		}
		var nums []int64
		for _, f := range strings.Fields(stat) {
			v, err := strconv.ParseInt(f, 10, 64)
			if err != nil {
				break // the options SQLite may append ("unordered", "sz=")
			}
			nums = append(nums, v)
		}
		stats[idx.String] = nums
	}
	if err := rows.Err(); err != nil {
		return false, err
	}
	if len(stats) == 0 {
		return true, nil
	}
	// The rows of the table are those of its largest index: a partial
	// index (the derived figures, the subgroups) counts its own.
	var described int64
	for _, nums := range stats {
		if len(nums) > 0 {
			described = max(described, nums[0])
		}
	}
	if described < n/2 || described > 2*n {
		return true, nil
	}
	// An index with none: a migration made it, or made it again (36, the
	// people index), after the table's were gathered. Without them SQLite
	// takes it for as selective as any, and skips none of its columns.
	var indexes []string
	if err := tx.Raw("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?", table).Scan(&indexes).Error; err != nil {
		return false, err
	}
	for _, idx := range indexes {
		if _, ok := stats[idx]; !ok {
			return true, nil
		}
	}
	if st, ok := stats["figures_status"]; table == "figures" && ok && len(st) > 1 {
		if st[1]*int64(len(models.Statuses)) < st[0] {
			return true, nil
		}
	}
	return false, nil
}
