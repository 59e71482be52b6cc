package store

import (
	"context"
	"database/sql"
	"strconv"

	"gorm.io/gorm"
)

// A bulk load (a large import, dev generate) writes figures faster on
// SQLite by doing once, at the end of its transaction, what every row
// would otherwise do:
//
//   - the check_dirty triggers note each figure written, so that the
//     stored checks of its units are computed again; past bulkDirty notes
//     RefreshChecks computes everything again anyway. A bulk load drops
//     the triggers in its transaction, deletes the notes and leaves one
//     full-rebuild marker (fullRebuildKey) instead, and creates the
//     triggers again, from their own stored SQL, before it commits; the
//     count_dirty triggers likewise (the stored countable columns are then
//     counted again from every figure: see CountsDelta), and the
//     page_dirty triggers, the page anchors forgotten (deep pages walk
//     their offset until serve reads them again: pageanchors.go), and
//     the chart_dirty_cells triggers, every subject chart_dirty notes
//     (its triggers stay) marked whole at the end instead;
//   - the secondary indexes that only pages read (the orders and filters
//     of /figures, the revisions by entity) take a random insert each per
//     row; when the load is most of the table, they are dropped in its
//     transaction and built again from their stored SQL at its end, a
//     sort each.
//
// SQLite's DDL is transactional: a rollback (any problem, a dry run)
// brings back the triggers and the indexes with the rows, and readers,
// in WAL mode, keep seeing the committed schema until the commit. No other
// write path touches this: an ordinary write always fires the triggers.
// PostgreSQL keeps its triggers and indexes (dropping an index there
// locks the table against readers).

// fullRebuildKey is the key of a check_dirty note that stands for every
// figure: no figure has an empty key (models.Figure.Validate).
const fullRebuildKey = ""

// bulkKeepIndexes are the secondary indexes the write path itself reads
// (a figure's subgroups, shares and the derived figures, checked on every
// chunk): a bulk load keeps them.
var bulkKeepIndexes = map[string]bool{"figures_subgroup_of": true, "figures_share_of": true, "figures_derived": true}

// bulkLoad is what a bulk load dropped and creates again at its end.
type bulkLoad struct {
	triggers []string // the SQL of the dropped check_dirty triggers
	indexes  []string // the SQL of the dropped indexes
	// spilled says that end built the indexes with temporary files on
	// disk (see end).
	spilled bool
}

// beginBulk starts a bulk load in tx (SQLite only): it drops the
// check_dirty, count_dirty and page_dirty triggers, replacing the notes
// by a full-rebuild marker and forgetting the page anchors, and,
// with dropIndexes, the secondary indexes only readers use.
func beginBulk(tx *gorm.DB, dropIndexes bool) (*bulkLoad, error) {
	b := &bulkLoad{}
	var err error
	if b.triggers, err = dropSchema(tx, "trigger", "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'figures' AND (name LIKE 'figures_check_dirty%' OR name LIKE 'figures_count_dirty%' OR name LIKE 'figures_page_dirty%' OR name LIKE 'figures_chart_dirty_cells%') ORDER BY name"); err != nil {
		return nil, err
	}
	if err := markFullRebuild(tx); err != nil {
		return nil, err
	}
	// The page anchors too: deep pages walk their offset until they are
	// read again (as after too many notes), rather than a note a figure.
	if err := forgetPageAnchors(tx); err != nil {
		return nil, err
	}
	if dropIndexes {
		if err := b.dropIndexes(tx); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// dropIndexes drops the secondary indexes of figures and revisions that
// the write path does not read (not those of a constraint: they have no
// SQL).
func (b *bulkLoad) dropIndexes(tx *gorm.DB) error {
	if b.indexes != nil {
		return nil
	}
	var names []struct{ Name, SQL string }
	if err := tx.Raw("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('figures', 'revisions') AND sql IS NOT NULL ORDER BY name").Scan(&names).Error; err != nil {
		return err
	}
	b.indexes = []string{}
	for _, n := range names {
		if bulkKeepIndexes[n.Name] {
			continue
		}
		if err := tx.Exec("DROP INDEX " + strconv.Quote(n.Name)).Error; err != nil {
			return err
		}
		b.indexes = append(b.indexes, n.SQL)
	}
	return nil
}

// end creates again what beginBulk dropped. Building an index over the
// whole table takes a while by nature: like a streamed read's statement,
// it is not logged as a slow statement (streamingKey). Each build sorts
// the table's rows; it does so within the page cache and spills the rest
// to temporary files, unless temporary files are kept in memory
// (temp_store = MEMORY, as the writer and dev generate keep them for the
// statement journals of their inserts), when the whole sort stays in
// memory: at a million figures that took the peak past 500 MB. So the
// builds run with temp_store = FILE, set back afterwards: SQLite reads it
// when a sort begins, while a transaction's statement journals stay where
// they were when it began. SQLite refuses the change within a transaction
// once the connection has opened its temporary database (a temporary
// table; a streamed import closes it before it begins: withTempFilesLater):
// then the builds sort in memory as before, and spilled is false.
func (b *bulkLoad) end(tx *gorm.DB) error {
	tx = tx.WithContext(context.WithValue(tx.Statement.Context, streamingKey{}, true))
	if len(b.indexes) > 0 {
		restore, err := tempFiles(tx)
		if err != nil {
			return err
		}
		if restore != nil {
			defer restore()
			b.spilled = true
		}
	}
	for _, q := range append(b.indexes, b.triggers...) {
		if err := tx.Exec(q).Error; err != nil {
			return err
		}
	}
	b.indexes, b.triggers = nil, nil
	// The cells written while the chart_dirty_cells triggers were off
	// are not noted: every subject noted is marked whole instead (its
	// chart_dirty note was kept by its own trigger).
	return tx.Exec("INSERT OR IGNORE INTO chart_dirty_cells (population, acting_state, receiving_state, unit, metric, source, quantity_kind, period_start) " +
		"SELECT population, acting_state, receiving_state, unit, metric, '', '', '' FROM chart_dirty").Error
}

// tempFilesKey marks the context of an SQLite write whose sorts must be
// able to spill to temporary files on disk: true when the transaction
// switches temp_store to FILE itself, within (a streamed import,
// withTempFilesLater), false when it runs with FILE from its start
// (withTempFiles).
type tempFilesKey struct{}

// withTempFiles asks writeTx to set temp_store to FILE on the SQLite
// writer's connection before it begins the transaction, and back after
// it ends, for a transaction of few statements that sorts a whole table
// (a full RefreshChartCells): its sorts spill past the page cache, and so
// do the statement journals of its inserts, which hold the old content
// of every page they take back from the free list (of an import's
// staging table, say).
func withTempFiles(ctx context.Context) context.Context {
	return context.WithValue(ctx, tempFilesKey{}, false)
}

// withTempFilesLater asks writeTx to close the temporary database of the
// SQLite writer's connection before it begins the transaction
// (closeTempDatabase): within a transaction SQLite refuses to change
// temp_store once the connection has ever opened it (a migration run by
// the same process, any TEMP table), and the bulk load's index builds
// then sorted in memory (bulkLoad.end): 90 MB more at the end of a
// 1,000,000-figure import. The transaction itself begins with the
// writer's temp_store = MEMORY, so that the statement journal of each of
// its many inserts stays in memory: begun with FILE, every journal past
// 64 KiB went to a temporary file, a tenth of an import's CPU in system
// calls.
func withTempFilesLater(ctx context.Context) context.Context {
	return context.WithValue(ctx, tempFilesKey{}, true)
}

// tempFilesOn sets temp_store to FILE on conn, outside a transaction,
// and returns the function that sets it back.
func tempFilesOn(ctx context.Context, conn *sql.Conn) (func(), error) {
	var mode int
	if err := conn.QueryRowContext(ctx, "PRAGMA temp_store").Scan(&mode); err != nil {
		return nil, err
	}
	if _, err := conn.ExecContext(ctx, "PRAGMA temp_store = FILE"); err != nil {
		return nil, err
	}
	return func() {
		conn.ExecContext(context.WithoutCancel(ctx), "PRAGMA temp_store = "+strconv.Itoa(mode))
	}, nil
}

// closeTempDatabase closes the temporary database of conn, if it has one
// open, outside a transaction: SQLite closes it whenever temp_store
// changes, so it is changed and set back.
func closeTempDatabase(ctx context.Context, conn *sql.Conn) error {
	var mode int
	if err := conn.QueryRowContext(ctx, "PRAGMA temp_store").Scan(&mode); err != nil {
		return err
	}
	other := 1 // FILE
	if mode == other {
		other = 2 // MEMORY
	}
	for _, m := range []int{other, mode} {
		if _, err := conn.ExecContext(ctx, "PRAGMA temp_store = "+strconv.Itoa(m)); err != nil {
			return err
		}
	}
	return nil
}

// tempFiles sets temp_store to FILE on tx's connection when it is MEMORY
// and returns the function that sets it back, or nil when SQLite refused
// the change (see bulkLoad.end) or there was nothing to change.
func tempFiles(tx *gorm.DB) (func(), error) {
	var mode int
	if err := tx.Raw("PRAGMA temp_store").Row().Scan(&mode); err != nil {
		return nil, err
	}
	if mode != 2 {
		return func() {}, nil
	}
	if err := tx.Exec("PRAGMA temp_store = FILE").Error; err != nil {
		return nil, nil
	}
	return func() {
		tx.WithContext(context.WithoutCancel(tx.Statement.Context)).Exec("PRAGMA temp_store = MEMORY")
	}, nil
}

// dropSchema drops the schema objects of kind that query lists (name,
// sql) and returns their SQL.
func dropSchema(tx *gorm.DB, kind, query string) ([]string, error) {
	var objs []struct{ Name, SQL string }
	if err := tx.Raw(query).Scan(&objs).Error; err != nil {
		return nil, err
	}
	out := make([]string, len(objs))
	for i, o := range objs {
		if err := tx.Exec("DROP " + kind + " " + strconv.Quote(o.Name)).Error; err != nil {
			return nil, err
		}
		out[i] = o.SQL
	}
	return out, nil
}

// markFullRebuild replaces the notes of check_dirty by one marker telling
// RefreshChecks to compute everything again: the notes it replaces would
// have said no more. The marker is written first, so that its id is above
// every note's: a computation under way deletes, at its end, the notes it
// read by id, and SQLite gives an emptied table's next row the id 1 again,
// which would have let it delete a marker written since, as if the bulk
// load had been computed.
func markFullRebuild(tx *gorm.DB) error {
	for _, table := range []string{"check_dirty", "count_dirty"} {
		if err := tx.Exec("INSERT INTO "+table+" (key, population, acting_state, receiving_state, unit, metric) VALUES (?, '', '', '', '', '')", fullRebuildKey).Error; err != nil {
			return err
		}
		if err := tx.Exec("DELETE FROM " + table + " WHERE id < (SELECT MAX(id) FROM " + table + ")").Error; err != nil {
			return err
		}
	}
	return nil
}
