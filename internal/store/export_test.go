package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"gorm.io/gorm"

	"forcedreturns/internal/checks"
	"forcedreturns/internal/store/internal/bulksize"
	"forcedreturns/models"
)

// Hooks for the external tests (package store_test), which cannot reach
// unexported helpers; compiled only into the test binary.

// ExecForTest runs raw SQL, for tests that must break the rules the store
// keeps (a future schema version, a dangling reference).
func (s *Store) ExecForTest(ctx context.Context, q string, args ...any) error {
	return s.wdb.WithContext(ctx).Exec(q, args...).Error
}

// WriterTempStoreForTest reads temp_store on the SQLite writer's
// connection (2: MEMORY, 1: FILE).
func (s *Store) WriterTempStoreForTest(ctx context.Context) (int, error) {
	var mode int
	err := s.wdb.WithContext(ctx).Raw("PRAGMA temp_store").Row().Scan(&mode)
	return mode, err
}

// QueryStringsForTest returns the first column of every row of q, as text.
func (s *Store) QueryStringsForTest(ctx context.Context, q string, args ...any) ([]string, error) {
	rows, err := s.db.WithContext(ctx).Raw(q, args...).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v any
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, fmt.Sprint(v))
	}
	return out, rows.Err()
}

// InsertFigureRowForTest inserts f as is (at version 1), skipping every check the store
// makes, so that a test sees what the database itself enforces.
func (s *Store) InsertFigureRowForTest(ctx context.Context, f models.Figure) error {
	f.Version, f.CreatedAt, f.UpdatedAt = 1, now(), now()
	var id int64
	return s.wdb.WithContext(ctx).Raw(figureInsertSQL, figureArgs(nil, &f)...).Scan(&id).Error
}

// IncrementFigureForTest adds one to a figure's value in one transaction
// that reads the figure and writes it back, the store's read-then-write
// pattern, with no retry: concurrent calls must serialise, not fail or
// lose an increment.
func (s *Store) IncrementFigureForTest(ctx context.Context, key string) error {
	return s.write(ctx, func(tx *gorm.DB) error {
		old, err := s.loadFigure(tx, key, true)
		if err != nil {
			return err
		}
		f := old
		f.Value++
		f.ValueText = ""
		return s.replaceFigure(tx, &f, &old, new(snapshotRefs), models.ActionUpdate, models.Change{Editor: "test", Reason: "increment"}, now())
	})
}

// PragmaOnConnsForTest holds n pooled connections at once and reads
// PRAGMA name on each, proving a per-connection setting reached them all.
func (s *Store) PragmaOnConnsForTest(ctx context.Context, name string, n int) ([]string, error) {
	conns := make([]*sql.Conn, 0, n)
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	var out []string
	for range n {
		c, err := s.sqlDB.Conn(ctx)
		if err != nil {
			return nil, err
		}
		conns = append(conns, c)
		var v string
		if err := c.QueryRowContext(ctx, "PRAGMA "+name).Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// ExecScriptForTest runs a whole SQL script (several statements) in one
// call, as a dump tool wrote it: the upgrade tests load the databases of
// past releases this way.
func (s *Store) ExecScriptForTest(ctx context.Context, script string) error {
	_, err := s.wsqlDB.ExecContext(ctx, script)
	return err
}

// Migrations lists the migrations this program knows, oldest first; the
// last one's version is the schema version it needs.
func Migrations() []MigrationInfo {
	out := make([]MigrationInfo, len(migrations))
	for i, m := range migrations {
		out[i] = m.MigrationInfo
	}
	return out
}

var tableRowsCalls atomic.Int64

// TableRowsForTest returns every row of table, ordered by id, as column
// → value, without the columns named in omit: a migration test compares
// the rows of a database written at an early schema, which the store's
// queries (reading every column of the latest one) cannot read.
func (s *Store) TableRowsForTest(ctx context.Context, table string, omit ...string) ([]map[string]any, error) {
	var rows []map[string]any
	// A new statement text each call: PostgreSQL refuses to run a cached
	// SELECT * plan once a migration has changed the table's columns.
	q := fmt.Sprintf("SELECT * FROM %s ORDER BY id /* %d */", table, tableRowsCalls.Add(1))
	if err := s.db.WithContext(ctx).Raw(q).Find(&rows).Error; err != nil {
		return nil, err
	}
	for _, r := range rows {
		for _, c := range omit {
			delete(r, c)
		}
	}
	return rows, nil
}

// SetBulkForTest lowers the number of noted writes past which the
// checks are computed again from scratch (and a stream is a bulk load),
// and the number of figures past which a bulk load drops the readers'
// indexes, so that a small test takes those paths; it returns the
// function that restores them. Not for parallel tests.
func SetBulkForTest(dirty, indexRows int) (restore func()) {
	d, r := bulksize.Dirty.Swap(int64(dirty)), bulksize.IndexRows.Swap(int64(indexRows))
	return func() { bulksize.Dirty.Store(d); bulksize.IndexRows.Store(r) }
}

// SpilledForTest says whether the stream's bulk load built its indexes
// with temporary files on disk (bulkLoad.end).
func (w *StreamWriter) SpilledForTest() bool { return w.spilled }

// TempStoreForTest reads temp_store within the stream's transaction
// (SQLite: 1 FILE, 2 MEMORY).
func (w *StreamWriter) TempStoreForTest() (int, error) {
	var mode int
	err := w.tx.Raw("PRAGMA temp_store").Row().Scan(&mode)
	return mode, err
}

// SetAnalyzeForTest lowers the number of figures a stream creates on
// PostgreSQL before it gathers statistics; it returns the function that
// restores it. Not for parallel tests.
func SetAnalyzeForTest(n int) (restore func()) {
	old := analyzeRows
	analyzeRows = n
	return func() { analyzeRows = old }
}

// SetStatsMinRowsForTest lowers the size from which FreshStatistics
// gathers a table's statistics; it returns the function that restores it.
// Not for parallel tests.
func SetStatsMinRowsForTest(n int64) (restore func()) {
	old := statsMinRows
	statsMinRows = n
	return func() { statsMinRows = old }
}

// SetCopyForTest says whether streamed imports write with COPY on
// PostgreSQL (else with multi-row inserts, as before); it returns the
// function that restores the default. Not for parallel tests.
func SetCopyForTest(on bool) (restore func()) {
	old := copyStreams
	copyStreams = on
	return func() { copyStreams = old }
}

// DeepPagePlanForTest is PostgreSQL's plan for the keys of a page of the
// public list in order sort, placed by offset (the deferred join's inner
// query, pageQuery.rows), with sorts and scans of the whole table ruled
// out, as the planner would rule them out for a big table.
func (s *Store) DeepPagePlanForTest(ctx context.Context, sort string) (string, error) {
	terms, err := sortTerms(sort)
	if err != nil {
		return "", err
	}
	where, args := s.filterSQL(models.FigureFilter{Audience: models.AudiencePublic})
	var plan []string
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		for _, set := range []string{"enable_seqscan", "enable_sort", "enable_bitmapscan"} {
			if err := tx.Exec("SET LOCAL " + set + " = off").Error; err != nil {
				return err
			}
		}
		rows, err := tx.Raw("EXPLAIN SELECT f.key FROM figures f WHERE "+where+orderBy(terms, false)+" LIMIT 51 OFFSET 100", args...).Rows()
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var line string
			if err := rows.Scan(&line); err != nil {
				return err
			}
			plan = append(plan, line)
		}
		return rows.Err()
	})
	return strings.Join(plan, "\n"), err
}

// StrayCheckNamesForTest counts, in aud's stored generation, the rows of
// its names table (migration 23) whose result is not stored, and the
// stored results naming no figure there: both are zero when every write
// replaced a unit's names with its results.
func (s *Store) StrayCheckNamesForTest(ctx context.Context, aud models.Audience) (stray, unnamed int64, err error) {
	var gen int64
	if err := s.db.WithContext(ctx).Raw("SELECT gen FROM check_state WHERE audience = ?", audienceName(aud)).Row().Scan(&gen); err != nil {
		return 0, 0, err
	}
	table, names := resultsTable(aud, gen), namesTable(aud, gen)
	if err := s.db.WithContext(ctx).Raw("SELECT COUNT(*) FROM " + names + " n WHERE NOT EXISTS (SELECT 1 FROM " + table + " r WHERE r.id = n.result)").Row().Scan(&stray); err != nil {
		return 0, 0, err
	}
	err = s.db.WithContext(ctx).Raw("SELECT COUNT(*) FROM "+table+" r WHERE NOT EXISTS (SELECT 1 FROM "+names+" n WHERE n.result = r.id AND n.what = ?)", namesFigure).Row().Scan(&unnamed)
	return stray, unnamed, err
}

// CheckSetsForTest returns, for aud's current generation, how many
// results each unit, outcome, kind, set of metrics and set of sources
// (as "owner|outcome|kind|metrics|sources", the sets as check_sets
// writes them) holds, counted from the results and their names, and as
// check_sets holds them, with the number of its rows.
func (s *Store) CheckSetsForTest(ctx context.Context, aud models.Audience) (named, sets map[string]int64, rowsOfSets int, err error) {
	named, sets, rowsOfSets, err = s.checkSets(ctx, aud)
	return
}

func (s *Store) checkSets(ctx context.Context, aud models.Audience) (named, sets map[string]int64, n int, err error) {
	var gen int64
	db := s.db.WithContext(ctx)
	if err := db.Raw("SELECT gen FROM check_state WHERE audience = ?", audienceName(aud)).Row().Scan(&gen); err != nil {
		return nil, nil, 0, err
	}
	table, names := resultsTable(aud, gen), namesTable(aud, gen)
	type res struct {
		cell string
		of   [3][]string
	}
	byID := map[int64]*res{}
	rows, err := db.Raw("SELECT r.id, r.owner, r.outcome_rank, r.kind_rank, n.what, n.name FROM " + table + " r JOIN " + names + " n ON n.result = r.id").Rows()
	if err != nil {
		return nil, nil, 0, err
	}
	for rows.Next() {
		var id int64
		var owner, name string
		var o, k, what int
		if err := rows.Scan(&id, &owner, &o, &k, &what, &name); err != nil {
			rows.Close()
			return nil, nil, 0, err
		}
		r := byID[id]
		if r == nil {
			r = &res{cell: fmt.Sprintf("%s|%d|%d", owner, o, k)}
			byID[id] = r
		}
		r.of[what] = append(r.of[what], name)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, 0, err
	}
	set := func(names []string) string {
		slices.Sort(names)
		return "\n" + strings.Join(append(names, ""), "\n")
	}
	named = map[string]int64{}
	for _, r := range byID {
		named[r.cell+"|"+set(r.of[namesMetric])+"|"+set(r.of[namesSource])]++
	}
	sets = map[string]int64{}
	rows, err = db.Raw("SELECT owner, outcome_rank, kind_rank, metrics, sources, n FROM check_sets WHERE audience = ? AND gen = ?", audienceName(aud), gen).Rows()
	if err != nil {
		return nil, nil, 0, err
	}
	defer rows.Close()
	for rows.Next() {
		var owner, metrics, sources string
		var o, k int
		var count int64
		if err := rows.Scan(&owner, &o, &k, &metrics, &sources, &count); err != nil {
			return nil, nil, 0, err
		}
		sets[fmt.Sprintf("%s|%d|%d|%s|%s", owner, o, k, metrics, sources)] += count
		n++
	}
	return named, sets, n, rows.Err()
}

// SetCursorRows sets how many rows a FETCH from a stream's cursor reads,
// until the returned function sets it back.
func SetCursorRows(n int) func() {
	old := cursorRows
	cursorRows = n
	return func() { cursorRows = old }
}

// SetGenerateJournalForTest says whether GenerateFigures into a new
// SQLite database keeps its journal in memory; it returns the function
// that restores the setting. Not for parallel tests.
func SetGenerateJournalForTest(inMemory bool) (restore func()) {
	old := generateJournalInMemory
	generateJournalInMemory = inMemory
	return func() { generateJournalInMemory = old }
}

// GeneratedForTest returns the n figures GenerateFigures writes with
// seed, made one by one, as the generator makes them.
func GeneratedForTest(n int, seed int64) []models.Figure {
	g := newGenerator(n, seed)
	out := make([]models.Figure, n)
	for i := range out {
		g.figure(&out[i], i, time.Time{})
	}
	return out
}

// GenerateJournalForTest is the journal mode the last GenerateFigures
// into a new SQLite database ran with ("" if it did not ask).
func (s *Store) GenerateJournalForTest() string { return s.generateJournal }

// SetViewRefsMax sets how many sources a stream of views on SQLite keeps
// in memory rather than read joined to each row (maxViewRefs; 0: always
// joined), until the returned function sets it back. Not for parallel
// tests.
func SetViewRefsMax(n int) func() {
	old := maxViewRefs
	maxViewRefs = n
	return func() { maxViewRefs = old }
}

// NamingPlanForTest is SQLite's plan for a read of the figures filter
// selects that match partial (namingWhere: the subgroups, the shares, the
// derived figures), as CountingTargets and FormulaInputs read them.
func (s *Store) NamingPlanForTest(ctx context.Context, partial string, filter models.FigureFilter) (string, error) {
	_, args := s.filterSQL(filter)
	var where string
	err := s.read(ctx, func(tx *gorm.DB) error {
		var err error
		where, err = s.namingWhere(tx, partial, filter)
		return err
	})
	if err != nil {
		return "", err
	}
	return s.planForTest(ctx, "SELECT 1 FROM figures f WHERE "+partial+" AND "+where, args)
}

// StoredResultJSONForTest is result r as check_results.result holds it,
// written by json.Marshal: what the stored column must equal byte for byte.
func StoredResultJSONForTest(r checks.Result) (string, error) {
	b, err := json.Marshal(storedResult{Result: r, Korean: r.Korean})
	return string(b), err
}

// StoredChecksForTest reads aud's stored generation as rows of text:
// its results by id ("outcome|kind|title|figures|result", ids checked to
// run 1, 2, … in order), their names ("result|what|name|outcome|kind",
// result by its stored JSON), and, by "owner|outcome|kind", the counts
// of check_counts summed and the results counted.
func (s *Store) StoredChecksForTest(ctx context.Context, aud models.Audience) (results, names []string, counted, counts map[string]int64, err error) {
	var gen int64
	if err := s.db.WithContext(ctx).Raw("SELECT gen FROM check_state WHERE audience = ?", audienceName(aud)).Row().Scan(&gen); err != nil {
		return nil, nil, nil, nil, err
	}
	table, namesOf := resultsTable(aud, gen), namesTable(aud, gen)
	db := s.db.WithContext(ctx)
	rows, err := db.Raw("SELECT id, outcome_rank, kind_rank, title, figures, result FROM " + table + " ORDER BY id").Rows()
	if err != nil {
		return nil, nil, nil, nil, err
	}
	for rows.Next() {
		var id, outcome, kind int64
		var title, figures, result string
		if err := rows.Scan(&id, &outcome, &kind, &title, &figures, &result); err != nil {
			rows.Close()
			return nil, nil, nil, nil, err
		}
		if id != int64(len(results))+1 {
			rows.Close()
			return nil, nil, nil, nil, fmt.Errorf("result %d stored as id %d", len(results)+1, id)
		}
		results = append(results, fmt.Sprintf("%d|%d|%s|%s|%s", outcome, kind, title, figures, result))
	}
	rows.Close()
	rows, err = db.Raw("SELECT r.result, n.what, n.name, n.outcome_rank, n.kind_rank FROM " + namesOf + " n JOIN " + table + " r ON r.id = n.result").Rows()
	if err != nil {
		return nil, nil, nil, nil, err
	}
	for rows.Next() {
		var result, name string
		var what, outcome, kind int64
		if err := rows.Scan(&result, &what, &name, &outcome, &kind); err != nil {
			rows.Close()
			return nil, nil, nil, nil, err
		}
		names = append(names, fmt.Sprintf("%s|%d|%s|%d|%d", result, what, name, outcome, kind))
	}
	rows.Close()
	counted, counts = map[string]int64{}, map[string]int64{}
	for _, q := range []struct {
		sql  string
		args []any
		into map[string]int64
	}{
		{"SELECT owner, outcome_rank, kind_rank, SUM(n) FROM check_counts WHERE audience = ? AND gen = ? GROUP BY owner, outcome_rank, kind_rank", []any{audienceName(aud), gen}, counted},
		{"SELECT owner, outcome_rank, kind_rank, COUNT(*) FROM " + table + " GROUP BY owner, outcome_rank, kind_rank", nil, counts},
	} {
		rows, err := db.Raw(q.sql, q.args...).Rows()
		if err != nil {
			return nil, nil, nil, nil, err
		}
		for rows.Next() {
			var owner string
			var outcome, kind, n int64
			if err := rows.Scan(&owner, &outcome, &kind, &n); err != nil {
				rows.Close()
				return nil, nil, nil, nil, err
			}
			q.into[fmt.Sprintf("%s|%d|%d", owner, outcome, kind)] = n
		}
		rows.Close()
	}
	return results, names, counted, counts, nil
}

// SetCheckBatchForTest sets how many results a full computation of the
// checks writes a batch and a transaction, until the returned function
// sets them back.
func SetCheckBatchForTest(batch, tx int) (restore func()) {
	oldBatch, oldTx := rebuildBatch, flushTxResults
	rebuildBatch, flushTxResults = batch, tx
	return func() { rebuildBatch, flushTxResults = oldBatch, oldTx }
}
