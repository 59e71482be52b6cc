package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"maps"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"gorm.io/gorm"

	"forcedreturns/models"
)

// The overview's summaries (migration 15): per subject, kind and month in
// which periods start, the published figures counted and their lowest and
// highest numbers (models.MonthSummary), stored in chart_cells and
// computed again only for the subjects a write touched: every write to a
// figure notes its subject as it was and as it is in chart_dirty (a
// trigger), and RefreshChartCells computes those subjects again, writing
// only the cells whose figures changed (refreshChanged): of each, only the
// cells the writes touched when they noted few (chart_dirty_cells,
// migration 31), each read by source and period, else every cell, read
// through the subject index. With no stored cells, cells of another
// version of the rule (chartCellsStamp), or more dirty subjects than
// bulkChartSubjects (an import, a generation), every cell is computed
// again in one pass over the figures. The same cells split by source are
// stored in chart_source_cells (migration 24), which a chart filtered by
// source reads; chart_cells is their sum over sources (regroup), computed
// in the same refresh.

// chartCellsStamp names the rule the cells were computed under: change it
// when cellAggregate changes, and every stored cell is computed again.
// ("month-summary 2": the cells by source, migration 24; "month-summary
// 3": the cells by qualifier and every cell's max_end, migration 30.)
const chartCellsStamp = "month-summary 3"

// bulkChartSubjects is the number of dirty subjects beyond which
// RefreshChartCells computes every cell again in one pass.
const bulkChartSubjects = 64

// cellColumns are chart_cells' columns in the order cellAggregate
// selects them.
const cellColumns = "population, acting_state, receiving_state, unit, metric, quantity_kind, month, n, words, lower_bounds, upper_bounds, low, high, first_start, last_end, max_end"

// cellsBy is a table of stored cells and the column of figures (alias f)
// it splits chart_cells' by, first among its columns: each source's
// cells, or each qualifier's.
type cellsBy struct{ table, column string }

var (
	bySource    = cellsBy{"chart_source_cells", "source"}
	byQualifier = cellsBy{"chart_qualifier_cells", "qualifier"}
	// byNothing is chart_cells itself.
	byNothing = cellsBy{"chart_cells", ""}
	// bySourceAndQualifier splits cells by both, never stored: diffCells
	// sums it up by each.
	bySourceAndQualifier = cellsBy{"", "source, qualifier"}
)

// of is the column over alias a ("f", "c", or "" for none) followed by a
// comma, or "" for chart_cells.
func (b cellsBy) of(a string) string {
	if b.column == "" {
		return ""
	}
	if a == "" {
		return b.column + ", "
	}
	return a + "." + strings.ReplaceAll(b.column, ", ", ", "+a+".") + ", "
}

// cellAggregate is the query that summarises the published figures that
// also meet where (conditions on figures alias f, or ""), by subject, kind
// and month, and first by the column of by (its first column then):
// models.MonthSummary's rule (models.Figure.Summarised and
// MonthSummary.Summarise) in SQL. max_end, which the summaries do not
// show, is the last day of any period the cell counts (migration 30).
func cellAggregate(where string, by cellsBy) string { return cellAggregateOver("figures f", where, by) }

// cellAggregateOver is cellAggregate over the figures as the table
// expression figures names them (alias f).
func cellAggregateOver(figures, where string, by cellsBy) string {
	var open []string
	for _, q := range models.Qualifiers {
		if q.MayBeHigher() {
			open = append(open, "'"+string(q)+"'")
		}
	}
	words := "f.qualifier = '" + string(models.QualUnquantified) + "'"
	rng := "f.qualifier = '" + string(models.QualRange) + "'"
	q := `SELECT ` + by.of("f") + `f.population, f.acting_state, f.receiving_state, f.unit, f.metric, f.quantity_kind, substr(f.period_start, 1, 7) AS month,
	SUM(CASE WHEN ` + words + ` THEN 0 ELSE 1 END) AS n,
	SUM(CASE WHEN ` + words + ` THEN 1 ELSE 0 END) AS words,
	SUM(CASE WHEN f.qualifier IN (` + strings.Join(open, ", ") + `) THEN 1 ELSE 0 END) AS lower_bounds,
	SUM(CASE WHEN f.qualifier = '` + string(models.QualAtMost) + `' THEN 1 ELSE 0 END) AS upper_bounds,
	MIN(CASE WHEN ` + rng + ` THEN f.value_low WHEN ` + words + ` THEN NULL ELSE f.value END) AS low,
	MAX(CASE WHEN ` + rng + ` THEN f.value_high WHEN ` + words + ` THEN NULL ELSE f.value END) AS high,
	MIN(CASE WHEN ` + words + ` THEN NULL ELSE f.period_start END) AS first_start,
	MAX(CASE WHEN ` + words + ` THEN NULL ELSE f.period_end END) AS last_end,
	MAX(f.period_end) AS max_end
FROM ` + figures + `
WHERE ` + summarisedSQL
	if where != "" {
		q += " AND " + where
	}
	return q + "\nGROUP BY " + by.of("f") + "f.population, f.acting_state, f.receiving_state, f.unit, f.metric, f.quantity_kind, substr(f.period_start, 1, 7)"
}

// summarisedSQL is models.Figure.Summarised over figures alias f: the
// figures the summaries count, and those a list with summarised=true
// shows.
const summarisedSQL = "f.status = '" + string(models.StatusPublished) + "' AND f.subgroup_of IS NULL AND f.share_of IS NULL"

// yearAggregate sums up the month summaries of src (a table or subquery
// with cellColumns, aliased c) by year: their months become YYYY.
func yearAggregate(src string) string { return regroup(src, yearOfMonth, byNothing) }

// yearOfMonth is the year of a cell's month (regroup).
const yearOfMonth = "substr(c.month, 1, 4)"

// regroup sums up the summaries of src (a table or subquery with
// cellColumns, and the column of by, aliased c) by subject, kind and
// month (the expression month over c), and by by's column first: a
// year's summary from its months' (yearOfMonth), or the summary of
// several sources' or qualifiers' figures from each one's (c.month, by
// byNothing). Counts add up; the lowest and highest numbers and periods
// are the least and greatest of the parts'.
func regroup(src, month string, by cellsBy) string {
	subject := by.of("c") + "c.population, c.acting_state, c.receiving_state, c.unit, c.metric, c.quantity_kind"
	return "SELECT " + subject + ", " + month + " AS month, SUM(c.n) AS n, SUM(c.words) AS words, SUM(c.lower_bounds) AS lower_bounds, " +
		"SUM(c.upper_bounds) AS upper_bounds, MIN(c.low) AS low, MAX(c.high) AS high, MIN(c.first_start) AS first_start, MAX(c.last_end) AS last_end, " +
		"MAX(c.max_end) AS max_end FROM " + src + " GROUP BY " + subject + ", " + month
}

const subjectWhere = "population = ? AND acting_state = ? AND receiving_state = ? AND unit = ? AND metric = ?"

type dirtySubject struct {
	s models.MonthSummary // its subject
	n int64
}

func (d dirtySubject) args() []any {
	return []any{d.s.Population, d.s.ActingState, d.s.ReceivingState, d.s.Unit, d.s.Metric}
}

// RefreshChartCells brings the stored summaries up to date with the
// figures (see above). A store runs one refresh at a time.
func (s *Store) RefreshChartCells(ctx context.Context) error {
	s.chartRefresh.Lock()
	defer s.chartRefresh.Unlock()
	var stamp string
	err := s.sqlDB.QueryRowContext(ctx, "SELECT stamp FROM chart_state WHERE id = 1").Scan(&stamp)
	if err != nil && err != sql.ErrNoRows {
		return wrap(err, "read the summaries' state")
	}
	// The notes are read before the figures are: a write after this
	// either adds a note or counts one more on a note read here, which
	// then stays.
	rows, err := s.sqlDB.QueryContext(ctx, "SELECT population, acting_state, receiving_state, unit, metric, n FROM chart_dirty")
	if err != nil {
		return wrap(err, "read the summaries to compute again")
	}
	var dirty []dirtySubject
	for rows.Next() {
		var d dirtySubject
		if err := rows.Scan(&d.s.Population, &d.s.ActingState, &d.s.ReceivingState, &d.s.Unit, &d.s.Metric, &d.n); err != nil {
			rows.Close()
			return wrap(err, "read the summaries to compute again")
		}
		dirty = append(dirty, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return wrap(err, "read the summaries to compute again")
	}
	full := stamp != chartCellsStamp || len(dirty) > bulkChartSubjects
	if !full && len(dirty) == 0 {
		return nil
	}
	// Each source's and each qualifier's months from the figures, then
	// each one's years from its months, the months of all sources from
	// each source's, and their years from their months.
	into := func(b cellsBy, step string) string {
		return "INSERT INTO " + b.table + " (" + b.of("") + cellColumns + ", step) SELECT c.*, '" + step + "' FROM ("
	}
	var written int64  // the cells the transaction wrote (ChartCellsWrittenForTest)
	var compared int64 // the cells it compared (ChartCellsComparedForTest)
	fill := func(tx *gorm.DB, where string, args []any) error {
		cells := "c WHERE c.step = 'month'"
		if where != "" {
			cells += " AND " + strings.ReplaceAll(where, "f.", "c.")
		}
		// The figures are read once, summarised by source and qualifier
		// both into a temporary table, which each split sums up: at a
		// million figures, reading them once for each split cost 7.4 s
		// of CPU more than the cells by source alone.
		fine := "chart_fine_cells c"
		steps := []struct {
			q    string
			args bool // where's arguments
		}{
			{"CREATE TEMPORARY TABLE chart_fine_cells AS " + cellAggregate(where, bySourceAndQualifier), true},
			{into(bySource, "month") + regroup(fine, "c.month", bySource) + ") c", false},
			{into(byQualifier, "month") + regroup(fine, "c.month", byQualifier) + ") c", false},
			{"DROP TABLE chart_fine_cells", false},
			{into(bySource, "year") + regroup(bySource.table+" "+cells, yearOfMonth, bySource) + ") c", true},
			{into(byQualifier, "year") + regroup(byQualifier.table+" "+cells, yearOfMonth, byQualifier) + ") c", true},
			{into(byNothing, "month") + regroup(bySource.table+" "+cells, "c.month", byNothing) + ") c", true},
			{into(byNothing, "year") + yearAggregate(byNothing.table+" "+cells) + ") c", true},
		}
		for _, st := range steps {
			var a []any
			if st.args {
				a = args
			}
			res := tx.Exec(st.q, a...)
			if res.Error != nil {
				return res.Error
			}
			if strings.HasPrefix(st.q, "INSERT") {
				written += res.RowsAffected
			}
		}
		return nil
	}
	// A note is dropped only if no write came after the refresh read it
	// (n), and then the subject's cell notes with it: a write since holds
	// its chart_dirty row until it commits, and notes its cells after it
	// (migration 31).
	drop := func(tx *gorm.DB, d dirtySubject) error {
		res := tx.Exec("DELETE FROM chart_dirty WHERE "+subjectWhere+" AND n = ?", append(d.args(), d.n)...)
		if res.Error != nil || res.RowsAffected == 0 {
			return res.Error
		}
		return tx.Exec("DELETE FROM chart_dirty_cells WHERE "+subjectWhere, d.args()...).Error
	}
	wctx := ctx
	if full {
		// Every figure summarised is one sort of the whole table, which
		// the writer's connection would keep in memory with its other
		// temporary files (temp_store = MEMORY): 180 MB at a million
		// figures, the peak of an import's run. On SQLite it spills past
		// the page cache to temporary files instead, as a bulk load's
		// index builds do.
		wctx = withTempFiles(ctx)
	}
	err = s.writeTx(wctx, false, func(tx *gorm.DB) error {
		written, compared = 0, 0
		if full {
			if s.dialect == DialectSQLite {
				var mode int
				if err := tx.Raw("PRAGMA temp_store").Row().Scan(&mode); err != nil {
					return err
				}
				s.cellsSpilled.Store(mode == 1) // FILE
			}
			// Every figure summarised by source, subject, kind and month
			// takes longer than the statement timeout meant for
			// interactive queries at a million figures on PostgreSQL (11 s
			// for the SELECT alone at load 30, 323,000 cells).
			if err := s.unbounded(tx); err != nil {
				return err
			}
			for _, q := range []string{"DELETE FROM chart_cells", "DELETE FROM chart_source_cells", "DELETE FROM chart_qualifier_cells", "DELETE FROM chart_state"} {
				if err := tx.Exec(q).Error; err != nil {
					return err
				}
			}
			// On SQLite the emptied tables' indexes are built again after
			// the fill, each by one sort, rather than kept up row by row
			// (29% of a whole refresh's CPU at a million figures went to
			// those inserts). Readers see the tables as they were until
			// the commit. PostgreSQL keeps them: dropping one would lock
			// the table against every reader of the cells until then.
			var indexes []string
			if s.dialect == DialectSQLite {
				var err error
				if indexes, err = dropSchema(tx, "index", "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('chart_cells', 'chart_source_cells', 'chart_qualifier_cells') AND sql IS NOT NULL ORDER BY name"); err != nil {
					return err
				}
			}
			if err := fill(tx, "", nil); err != nil {
				return err
			}
			for _, ix := range indexes {
				if err := tx.Exec(ix).Error; err != nil {
					return err
				}
			}
			if err := tx.Exec("INSERT INTO chart_state (id, stamp) VALUES (1, ?)", chartCellsStamp).Error; err != nil {
				return err
			}
			// The tables were emptied and filled: without statistics
			// PostgreSQL's planner expects a hundred cells, not 69,000 (a
			// million figures), and reads them through the index, 8×
			// slower than a scan (0.88 s against 0.11 s for the
			// overview's span); autovacuum would gather them later, if it
			// is on. SQLite has none until asked (dev generate's ANALYZE
			// runs before the cells are computed, an import has none):
			// with them, a subject's month summed over its sources
			// (refreshChanged) is sought through the cells' source index
			// for each source, not read among the subject's every cell
			// (0.07 ms against 0.5 ms at a million figures); the overview's
			// reads keep their plans.
			if s.dialect == DialectPostgres {
				if err := tx.Exec("ANALYZE chart_cells, chart_source_cells, chart_qualifier_cells").Error; err != nil {
					return err
				}
			} else {
				for _, q := range []string{"PRAGMA analysis_limit = 1000", "ANALYZE chart_cells", "ANALYZE chart_source_cells", "ANALYZE chart_qualifier_cells"} {
					if err := tx.Exec(q).Error; err != nil {
						return err
					}
				}
			}
		}
		for _, d := range dirty {
			if !full {
				n, c, whole, err := refreshChanged(tx, d)
				if err != nil {
					return err
				}
				written += n
				compared += c
				if whole {
					if err := refreshSubject(tx, d, fill); err != nil {
						return err
					}
				}
			}
			if err := drop(tx, d); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil {
		s.cellsWritten.Add(written)
		s.cellsCompared.Add(compared)
	}
	return wrap(err, "compute the summaries")
}

// subjectFigures is subjectWhere over figures alias f.
const subjectFigures = "f.population = ? AND f.acting_state = ? AND f.receiving_state = ? AND f.unit = ? AND f.metric = ?"

// refreshSubject computes every cell of subject d again: its cells
// deleted, then filled from its figures.
func refreshSubject(tx *gorm.DB, d dirtySubject, fill func(tx *gorm.DB, where string, args []any) error) error {
	// The steps named, so that the subject's cells are found through
	// chart_cells' index, which leads with the step (without them
	// PostgreSQL read every cell: 0.2 s at 100,000 figures, 0.5 s at a
	// million).
	for _, q := range []string{"DELETE FROM chart_cells WHERE step IN ('month', 'year') AND " + subjectWhere,
		"DELETE FROM chart_source_cells WHERE " + subjectWhere, "DELETE FROM chart_qualifier_cells WHERE " + subjectWhere} {
		if err := tx.Exec(q, d.args()...).Error; err != nil {
			return err
		}
	}
	return fill(tx, subjectFigures, d.args())
}

// changedCellsAbove is the number of a subject's month cells by source,
// or by qualifier, whose figures changed beyond which refreshChanged
// leaves the subject to refreshSubject: each changed cell costs it a few
// statements. A variable for the tests.
var changedCellsAbove = 16

// cellValue is what a stored cell says, beside its place (cellPlace).
type cellValue struct {
	n, words, lower, upper int64
	low, high              sql.NullInt64
	first, last, maxEnd    sql.NullString
}

// cellPlace is where a month cell by source or by qualifier (split) is,
// within its subject: in chart_source_cells (of 0) or
// chart_qualifier_cells (of 1).
type cellPlace struct {
	of                 int
	split, kind, month string
}

// subjectMonths reads q's month cells by source and by qualifier of one
// subject: q selects which (0 or 1), that column, quantity_kind, month,
// then cellColumns' counts, numbers and periods.
func subjectMonths(tx *gorm.DB, q string, args []any) (map[cellPlace]cellValue, error) {
	rows, err := tx.Raw(q, args...).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[cellPlace]cellValue{}
	for rows.Next() {
		var p cellPlace
		var v cellValue
		if err := rows.Scan(&p.of, &p.split, &p.kind, &p.month, &v.n, &v.words, &v.lower, &v.upper, &v.low, &v.high, &v.first, &v.last, &v.maxEnd); err != nil {
			return nil, err
		}
		out[p] = v
	}
	return out, rows.Err()
}

// changedCells are the month cells of one subject in one table of cells
// split by source or qualifier whose figures changed, in order, and what
// they hold now (absent: no figure left).
type changedCells struct {
	by      cellsBy
	changed []cellPlace
	now     map[cellPlace]cellValue
}

// writtenCells returns the month cells by source of subject d that the
// writes noted in chart_dirty_cells (migration 31) touched, when they are
// changedCellsAbove or fewer and none stands for every cell of the
// subject; else nil: every cell of the subject is to be compared.
func writtenCells(tx *gorm.DB, d dirtySubject) ([]cellPlace, error) {
	rows, err := tx.Raw("SELECT DISTINCT source, quantity_kind, substr(period_start, 1, 7) FROM chart_dirty_cells WHERE "+subjectWhere+" LIMIT ?",
		append(d.args(), changedCellsAbove+1)...).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []cellPlace
	for rows.Next() {
		var p cellPlace
		if err := rows.Scan(&p.split, &p.kind, &p.month); err != nil {
			return nil, err
		}
		// The whole subject (an empty source), or a month that is not
		// YYYY-MM, which a period's range would not find.
		if p.split == "" || len(p.month) != 7 || p.month[4] != '-' {
			return nil, rows.Close()
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil || len(out) > changedCellsAbove {
		return nil, err
	}
	// No cell noted: not expected (every write notes its cells, and the
	// migration marked whole the subjects noted before it): compared
	// whole, which is always right.
	if len(out) == 0 {
		return nil, nil
	}
	slices.SortFunc(out, func(a, b cellPlace) int {
		return cmp.Or(cmp.Compare(a.split, b.split), cmp.Compare(a.kind, b.kind), cmp.Compare(a.month, b.month))
	})
	return out, nil
}

// diffCells summarises subject d's month cells by source and by
// qualifier from its figures and compares them with those stored, in
// chart_source_cells' and chart_qualifier_cells' order: with places nil,
// every cell of the subject, its figures read once (cellAggregate by
// both, summed up by each by regroup); else only the cells by source of
// places and the cells by qualifier of their kinds and months, each
// summarised from the figures of its source (or of every source) and
// period.
func diffCells(tx *gorm.DB, d dirtySubject, places []cellPlace) ([2]changedCells, error) {
	counts := "quantity_kind, month, n, words, lower_bounds, upper_bounds, low, high, first_start, last_end, max_end"
	split := [2]cellsBy{bySource, byQualifier}
	fresh, old := map[cellPlace]cellValue{}, map[cellPlace]cellValue{}
	read := func(into map[cellPlace]cellValue, q string, args []any) error {
		part, err := subjectMonths(tx, q, args)
		maps.Copy(into, part)
		return err
	}
	var out [2]changedCells
	if places == nil {
		var now, stored []string
		for i, b := range split {
			now = append(now, "SELECT "+strconv.Itoa(i)+", c."+b.column+", c."+strings.ReplaceAll(counts, ", ", ", c.")+" FROM ("+regroup("fine c", "c.month", b)+") c")
			stored = append(stored, "SELECT "+strconv.Itoa(i)+", "+b.column+", "+counts+" FROM "+b.table+" WHERE step = 'month' AND "+subjectWhere)
		}
		if err := read(fresh, "WITH fine AS MATERIALIZED ("+cellAggregate(subjectFigures, bySourceAndQualifier)+") "+strings.Join(now, " UNION ALL "), d.args()); err != nil {
			return out, err
		}
		if err := read(old, strings.Join(stored, " UNION ALL "), append(d.args(), d.args()...)); err != nil {
			return out, err
		}
	}
	// Only the cells the writes touched: each source's summarised from
	// its figures, read by source and period (the source's page index),
	// and read stored through the cells' index; each of their months' by
	// qualifier likewise, from the figures of every source.
	type month struct{ kind, month string }
	var months []month
	for _, p := range places {
		period := []any{p.kind, p.month + "-01", p.month + "-31"}
		where := " AND f.quantity_kind = ? AND f.period_start BETWEEN ? AND ?"
		if err := read(fresh, "SELECT 0, c.source, c."+strings.ReplaceAll(counts, ", ", ", c.")+" FROM ("+cellAggregate(subjectFigures+" AND f.source = ?"+where, bySource)+") c",
			append(d.args(), append([]any{p.split}, period...)...)); err != nil {
			return out, err
		}
		if err := read(old, "SELECT 0, source, "+counts+" FROM chart_source_cells WHERE step = 'month' AND "+subjectWhere+" AND source = ? AND quantity_kind = ? AND month = ?",
			append(d.args(), p.split, p.kind, p.month)); err != nil {
			return out, err
		}
		if m := (month{p.kind, p.month}); !slices.Contains(months, m) {
			months = append(months, m)
			if err := read(fresh, "SELECT 1, c.qualifier, c."+strings.ReplaceAll(counts, ", ", ", c.")+" FROM ("+cellAggregate(subjectFigures+where, byQualifier)+") c",
				append(d.args(), period...)); err != nil {
				return out, err
			}
			if err := read(old, "SELECT 1, qualifier, "+counts+" FROM chart_qualifier_cells WHERE step = 'month' AND "+subjectWhere+" AND quantity_kind = ? AND month = ?",
				append(d.args(), p.kind, p.month)); err != nil {
				return out, err
			}
		}
	}
	for i, b := range split {
		out[i] = changedCells{by: b, now: map[cellPlace]cellValue{}}
	}
	for p, v := range fresh {
		out[p.of].now[p] = v
		if o, ok := old[p]; !ok || o != v {
			out[p.of].changed = append(out[p.of].changed, p)
		}
	}
	for p := range old {
		if _, ok := fresh[p]; !ok {
			out[p.of].changed = append(out[p.of].changed, p)
		}
	}
	for i := range out {
		// The statements run in one order, whatever the maps'.
		slices.SortFunc(out[i].changed, func(a, b cellPlace) int {
			return cmp.Or(cmp.Compare(a.split, b.split), cmp.Compare(a.kind, b.kind), cmp.Compare(a.month, b.month))
		})
	}
	return out, nil
}

// refreshChanged brings subject d's cells up to date by writing only
// those whose figures changed, and returns how many cells it wrote and
// how many cells by source it compared: the subject's month cells by
// source that the writes touched (writtenCells), and their months by
// qualifier, or all of them, are summarised from its figures and compared
// with those stored (diffCells); a cell that differs is replaced, and the
// cells summed from it (its source's or qualifier's year; for a
// source's, its month and year of every source) are summed again by the
// same queries as in a whole refresh (regroup). A write to one figure
// then writes six cells instead of every cell of its subject (3,600 at a
// million figures, 0.3–0.8 s of the first overview after a write). With
// more than changedCellsAbove changed in either table, it writes nothing
// and says the subject is to be computed whole (refreshSubject).
func refreshChanged(tx *gorm.DB, d dirtySubject) (written, compared int64, whole bool, err error) {
	places, err := writtenCells(tx, d)
	if err != nil {
		return 0, 0, false, err
	}
	diffs, err := diffCells(tx, d, places)
	if err != nil {
		return 0, 0, false, err
	}
	// The places by source compared: those noted, or every place of the
	// subject.
	compared = int64(len(places))
	if places == nil {
		compared = int64(len(diffs[0].now))
		for _, p := range diffs[0].changed {
			if _, ok := diffs[0].now[p]; !ok {
				compared++
			}
		}
	}
	for _, c := range diffs {
		if len(c.changed) > changedCellsAbove {
			return 0, compared, true, nil
		}
	}
	exec := func(count bool, q string, args ...any) error {
		res := tx.Exec(q, args...)
		if count {
			written += res.RowsAffected
		}
		return res.Error
	}
	subject := strings.ReplaceAll(subjectFigures, "f.", "c.")
	with := func(args ...any) []any { return append(d.args(), args...) }
	// The cells summed from the changed ones, each once, in order.
	type sum struct {
		by                  cellsBy
		split, kind, period string
	}
	var sums [3][]sum // split years, months, years
	seen := map[sum]bool{}
	add := func(i int, x sum) {
		if !seen[x] {
			seen[x] = true
			sums[i] = append(sums[i], x)
		}
	}
	for _, c := range diffs {
		b := c.by
		for _, p := range c.changed {
			if err := exec(false, "DELETE FROM "+b.table+" WHERE step = 'month' AND "+subjectWhere+" AND "+b.column+" = ? AND quantity_kind = ? AND month = ?",
				with(p.split, p.kind, p.month)...); err != nil {
				return 0, 0, false, err
			}
			if v, ok := c.now[p]; ok {
				if err := exec(true, "INSERT INTO "+b.table+" ("+b.of("")+cellColumns+", step) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'month')",
					p.split, d.s.Population, d.s.ActingState, d.s.ReceivingState, d.s.Unit, d.s.Metric, p.kind, p.month,
					v.n, v.words, v.lower, v.upper, v.low, v.high, v.first, v.last, v.maxEnd); err != nil {
					return 0, 0, false, err
				}
			}
			add(0, sum{b, p.split, p.kind, p.month[:4]})
			if b == bySource {
				add(1, sum{byNothing, "", p.kind, p.month})
				add(2, sum{byNothing, "", p.kind, p.month[:4]})
			}
		}
	}
	for _, y := range sums[0] {
		b := y.by
		if err := exec(false, "DELETE FROM "+b.table+" WHERE step = 'year' AND "+subjectWhere+" AND "+b.column+" = ? AND quantity_kind = ? AND month = ?",
			with(y.split, y.kind, y.period)...); err != nil {
			return 0, 0, false, err
		}
		if err := exec(true, "INSERT INTO "+b.table+" ("+b.of("")+cellColumns+", step) SELECT y.*, 'year' FROM ("+
			regroup(b.table+" c WHERE c.step = 'month' AND "+subject+" AND c."+b.column+" = ? AND c.quantity_kind = ? AND "+yearOfMonth+" = ?", yearOfMonth, b)+") y",
			with(y.split, y.kind, y.period)...); err != nil {
			return 0, 0, false, err
		}
	}
	for _, m := range sums[1] {
		if err := exec(false, "DELETE FROM chart_cells WHERE step = 'month' AND "+subjectWhere+" AND quantity_kind = ? AND month = ?", with(m.kind, m.period)...); err != nil {
			return 0, 0, false, err
		}
		if err := exec(true, "INSERT INTO chart_cells ("+cellColumns+", step) SELECT c.*, 'month' FROM ("+monthOfSources()+") c",
			with(m.kind, m.period)...); err != nil {
			return 0, 0, false, err
		}
	}
	for _, y := range sums[2] {
		if err := exec(false, "DELETE FROM chart_cells WHERE step = 'year' AND "+subjectWhere+" AND quantity_kind = ? AND month = ?", with(y.kind, y.period)...); err != nil {
			return 0, 0, false, err
		}
		if err := exec(true, "INSERT INTO chart_cells ("+cellColumns+", step) SELECT y.*, 'year' FROM ("+
			yearAggregate("chart_cells c WHERE c.step = 'month' AND "+subject+" AND c.quantity_kind = ? AND "+yearOfMonth+" = ?")+") y",
			with(y.kind, y.period)...); err != nil {
			return 0, 0, false, err
		}
	}
	return written, compared, false, nil
}

// monthOfSources is the query of a subject's month of one kind summed
// over its sources' cells (refreshChanged): subjectWhere's arguments,
// then the kind and the month; one seek of chart_source_cells_cell
// (migration 33).
func monthOfSources() string {
	return regroup("chart_source_cells c WHERE c.step = 'month' AND "+strings.ReplaceAll(subjectFigures, "f.", "c.")+" AND c.quantity_kind = ? AND c.month = ?", "c.month", byNothing)
}

// summariseAfterWrite brings the overview's summaries up to date at the
// end of a write of many figures (a generation, a streamed import), so
// that the first overview after it, in this process or in a server
// started later, reads them instead of computing them while a reader
// waits (after a bulk write, every subject again: 20 s at a million
// figures on PostgreSQL), after the planner's statistics of the tables it
// grew (FreshStatistics). The write has committed: a failure here is only
// logged, and the overview computes them when asked.
func (s *Store) summariseAfterWrite(ctx context.Context) {
	if _, err := s.FreshStatistics(ctx); err != nil && ctx.Err() == nil {
		s.log.WarnContext(ctx, "gathering the planner's statistics after a write failed", "err", err)
	}
	if err := s.RefreshChartCells(ctx); err != nil && ctx.Err() == nil {
		s.log.WarnContext(ctx, "computing the overview's summaries after a write failed; the overview computes them when asked", "err", err)
	}
}

// cellSource is what the summaries of the figures f selects are read
// from, by month or by year (step "month" or "year"), with cellColumns'
// names, aliased c, and whether that is stored cells alone (whose span
// spanQuery seeks through their indexes). When stored cells answer for f
// (storedCells), they are brought up to date first (RefreshChartCells)
// and read from the table split the way f filters (cellTable), summed up
// over the sources or qualifiers it names; if f names dates, only the
// months whose every figure they keep, with the figures of the other
// months summarised (datedCells). Else the figures f selects, summarised
// by the same queries as the stored cells (cellAggregate,
// yearAggregate).
func (s *Store) cellSource(ctx context.Context, f models.FigureFilter, step string) (string, []any, bool, error) {
	f.Statuses = []models.Status{models.StatusPublished}
	aggregate := func() (string, []any, bool, error) {
		where, args := s.filterSQL(f)
		src := "(" + cellAggregate(where, byNothing) + ") c"
		if step == "year" {
			src = "(" + yearAggregate(src) + ") c"
		}
		return src, args, false, nil
	}
	if !storedCells(f) {
		return aggregate()
	}
	if ready, err := s.cellsReady(ctx); err != nil || !ready {
		if err != nil {
			return "", nil, false, err
		}
		return aggregate()
	}
	if dated(f) {
		src, args, err := s.datedCells(ctx, f, step)
		return src, args, false, err
	}
	by, conds, args := cellTable(f)
	src := "(SELECT " + cellColumns + " FROM " + by.table + " c WHERE c.step = ? AND " + conds + ") c"
	if by != byNothing {
		src = "(" + regroup(src, "c.month", byNothing) + ") c"
	}
	return src, append([]any{step}, args...), true, nil
}

// cellsReady brings the stored cells up to date (RefreshChartCells) and
// reports whether they may be read: not while another writer holds the
// database (an import). Readers are not blocked then: they summarise the
// figures themselves, as stored now, and a later request brings the cells
// up to date.
func (s *Store) cellsReady(ctx context.Context) (bool, error) {
	err := s.RefreshChartCells(ctx)
	if err != nil && models.ErrorCode(err) == models.EUnavailable {
		return false, nil
	}
	return err == nil, err
}

// storedCells reports whether the stored cells answer for f: it filters
// on subjects (metrics, states, populations, units), kinds and dates, and
// on sources or on qualifiers, not both (the cells count only what
// Summarised keeps).
func storedCells(f models.FigureFilter) bool {
	return len(f.Sources) == 0 || len(f.Qualifiers) == 0
}

// dated reports whether f keeps figures by their periods (from, to,
// starts).
func dated(f models.FigureFilter) bool {
	return !f.From.IsZero() || !f.To.IsZero() || !f.Starts.Start.IsZero()
}

// cellTable is the table of stored cells that answers for f
// (storedCells), aliased c, and f's filter on it but for its dates:
// chart_source_cells when f names sources (each source's cells, one row
// per source, subject, kind and month), chart_qualifier_cells when it
// names qualifiers, else chart_cells.
func cellTable(f models.FigureFilter) (by cellsBy, conds string, args []any) {
	by = byNothing
	if len(f.Sources) > 0 {
		by = bySource
	} else if len(f.Qualifiers) > 0 {
		by = byQualifier
	}
	cs := []string{"1 = 1"}
	in := func(c string, vals []string) {
		if len(vals) > 0 {
			cs = append(cs, "c."+c+" IN ?")
			args = append(args, vals)
		}
	}
	in("source", f.Sources)
	in("qualifier", stringsOf(f.Qualifiers))
	in("metric", f.Metrics)
	in("acting_state", f.ActingStates)
	in("receiving_state", f.ReceivingStates)
	in("population", f.Populations)
	in("unit", f.Units)
	in("quantity_kind", stringsOf(f.Kinds))
	return by, strings.Join(cs, " AND "), args
}

// cellsAs is cellColumns over alias c with the month as the expression
// month.
func cellsAs(month string) string {
	cols := strings.Split(cellColumns, ", ")
	for i, c := range cols {
		cols[i] = "c." + c
		if c == "month" {
			cols[i] = month + " AS month"
		}
	}
	return strings.Join(cols, ", ")
}

// windowOf is the first and last months (YYYY-MM, "0000-01" and
// "9999-12" when open) in which every period starting is kept by f's
// dates: one starting in a month whose first day is on or after From ends
// on or after it, and one starting within a month wholly inside Starts
// and before To is kept whole. Of the periods starting in other months,
// only some are kept, found among the figures (datedParts).
func windowOf(f models.FigureFilter) [2]string {
	w := [2]string{"0000-01", "9999-12"}
	after := func(d models.Date) { // every day of the month from d's (the next if d is not its first day)
		m := models.NewDate(d.Year, d.Month, 1)
		if d.Day != 1 {
			m = models.NewDate(d.Year, d.Month+1, 1)
		}
		w[0] = max(w[0], m.String()[:7])
	}
	before := func(d models.Date) { // every day of the month to d's (the one before if d is not its last)
		m := models.NewDate(d.Year, d.Month, 1)
		if models.NewDate(d.Year, d.Month, d.Day+1).Day != 1 {
			m = models.NewDate(d.Year, d.Month-1, 1)
		}
		w[1] = min(w[1], m.String()[:7])
	}
	if !f.From.IsZero() {
		after(f.From)
	}
	if !f.Starts.Start.IsZero() {
		after(f.Starts.Start)
		before(f.Starts.End)
	}
	if !f.To.IsZero() {
		before(f.To)
	}
	return w
}

// nextYear is the year (YYYY) n years after y.
func nextYear(y string, n int) string {
	v, _ := strconv.Atoi(y)
	return fmt.Sprintf("%04d", v+n)
}

// datedPart is one part of what a filter with dates selects
// (datedParts): the stored cells of a step (month or year, from the
// table cellTable names, with its conditions) that also meet cond, or,
// with step "", the figures the filter selects (filterSQL) that also
// meet cond.
type datedPart struct {
	step string
	cond string
	args []any
}

// datedParts are the parts of what a filter f with dates selects (and
// storedCells): the stored cells of the months whose every figure they
// keep (windowOf), by year (if byYear) the year cells of the years wholly
// among them; and the figures f selects that start in other months.
// Those are the periods starting in the month of a date that is not a
// month's first or last day, or before From and ending on or after it:
// these are read only from the first year in which a period the cells
// count ends on or after From (chart_cells' max_end), not from the first
// figure. A chart of the figures from 2020 at a million figures then
// reads the cells since 2020 and the 11,000 periods reaching into it,
// not every figure (37 s on two busy cores).
func (s *Store) datedParts(ctx context.Context, f models.FigureFilter, byYear bool) ([]datedPart, error) {
	w := windowOf(f)
	var parts []datedPart
	inner := datedPart{"month", "c.month BETWEEN ? AND ?", []any{w[0], w[1]}}
	if byYear {
		// The years wholly inside from their year cells, the months
		// of the others from their month cells.
		first, last := w[0][:4], w[1][:4]
		if w[0][5:] != "01" {
			first = nextYear(first, 1)
		}
		if w[1][5:] != "12" {
			last = nextYear(last, -1)
		}
		if first <= last {
			inner.cond += " AND (c.month < ? OR c.month > ?)"
			inner.args = append(inner.args, first+"-01", last+"-12")
			parts = append(parts, datedPart{"year", "c.month BETWEEN ? AND ?", []any{first, last}})
		}
	}
	parts = append(parts, inner)
	from := ""
	if !f.From.IsZero() {
		// The first year in which a period the cells count ends on or
		// after From: none, and no figure before the window is kept.
		var y sql.NullString
		if err := s.db.WithContext(ctx).Raw("SELECT MIN(c.month) FROM chart_cells c WHERE c.step = 'year' AND c.max_end >= ?", f.From.String()).Row().Scan(&y); err != nil {
			return nil, wrap(err, "read the summaries")
		}
		from = "9999-12-31"
		if y.Valid {
			from = y.String + "-01-01"
		}
	}
	if w[0] > w[1] {
		// No month is kept whole: every figure kept is read.
		return append(parts, datedPart{"", "f.period_start >= ?", []any{from}}), nil
	}
	if w[0] != "0000-01" {
		parts = append(parts, datedPart{"", "f.period_start >= ? AND f.period_start < ?", []any{from, w[0] + "-01"}})
	}
	if w[1] != "9999-12" {
		parts = append(parts, datedPart{"", "f.period_start > ?", []any{w[1] + "-31"}})
	}
	return parts, nil
}

// datedQuery joins the parts of what f selects (datedParts) in a UNION
// ALL, each cells' part as cells(step, table and conditions) selects it
// and each figures' part as figures(table, conditions) does, the table
// being the figures (alias f) read by period (periodFigures), and returns
// it with its arguments.
func (s *Store) datedQuery(ctx context.Context, f models.FigureFilter, byYear bool, cells func(step, where string) string, figures func(table, where string) string) (string, []any, error) {
	parts, err := s.datedParts(ctx, f, byYear)
	if err != nil {
		return "", nil, err
	}
	by, conds, cargs := cellTable(f)
	where, fargs := s.filterSQL(f)
	var qs []string
	var args []any
	for _, p := range parts {
		if p.step == "" {
			qs = append(qs, figures(s.periodFigures(), where+" AND "+p.cond))
			args = append(append(args, fargs...), p.args...)
		} else {
			qs = append(qs, cells(p.step, by.table+" c WHERE c.step = '"+p.step+"' AND "+conds+" AND "+p.cond))
			args = append(append(args, cargs...), p.args...)
		}
	}
	return strings.Join(qs, " UNION ALL "), args, nil
}

// periodFigures is the figures (alias f) as datedParts' figures are read:
// by the index that leads with the period's start and holds its end and
// status, so that the periods before a window that do not reach it are
// passed over without reading their rows. SQLite's planner, left to
// itself, seeks each metric's or source's periods through their order
// indexes, which hold no end, and reads every row of the range: 205–270
// ms of CPU against 75–95 ms in modernc's SQLite at a million figures.
func (s *Store) periodFigures() string {
	if s.dialect == DialectSQLite {
		return "figures f INDEXED BY figures_period_page"
	}
	return "figures f"
}

// datedCells is cellSource's answer for a filter f with dates: the
// summaries of its parts (datedParts), the figures' summarised as the
// cells are (cellAggregate), summed up together (regroup).
func (s *Store) datedCells(ctx context.Context, f models.FigureFilter, step string) (string, []any, error) {
	month := "c.month"
	if step == "year" {
		month = yearOfMonth
	}
	q, args, err := s.datedQuery(ctx, f, step == "year",
		func(step, from string) string {
			if step == "year" {
				return "SELECT " + cellsAs("c.month") + " FROM " + from
			}
			return "SELECT " + cellsAs(month) + " FROM " + from
		},
		func(table, where string) string {
			return "SELECT " + cellsAs(month) + " FROM (" + cellAggregateOver(table, where, byNothing) + ") c"
		})
	return "(" + regroup("("+q+") c", "c.month", byNothing) + ") c", args, err
}

// spanQuery is ChartSpan's query for f and its arguments. From stored
// cells, the first and last months are found through the cells' month
// index and the count is summed over the year cells (the sums of the
// month cells), so that a chart does not walk every month cell it selects
// (36,000 of one source at a million figures) for them; for a filter with
// dates, over the parts of datedParts (the whole years' year cells, the
// other months' month cells, the figures at the edges one by one). When
// no stored cells answer for f (a source and a qualifier), the figures'
// months and count are read without summarising each month: the first
// and last months by the order of the periods' starts (a seek each in
// the source's order index, reading rows until one is kept), and the
// count up to atMost+1 (ChartSpan), where counting every figure read a
// row for each of the source's (0.46 s for a synthetic source of 125,000
// at a million figures, before the chart's cells read them all again);
// with dates, in one pass as before.
func (s *Store) spanQuery(ctx context.Context, f models.FigureFilter, atMost int64) (string, []any, error) {
	if !storedCells(f) {
		f.Statuses = []models.Status{models.StatusPublished}
		where, args := s.filterSQL(f)
		from := " FROM figures f WHERE " + summarisedSQL + " AND " + where
		if atMost == math.MaxInt64 || dated(f) {
			// With dates, the seeks and the count would each step over
			// the figures before the window: one pass over them all
			// costs less.
			return "SELECT MIN(substr(f.period_start, 1, 7)), MAX(substr(f.period_start, 1, 7)), COUNT(*)" + from, args, nil
		}
		return "SELECT (SELECT substr(f.period_start, 1, 7)" + from + " ORDER BY f.period_start LIMIT 1)," +
			" (SELECT substr(f.period_start, 1, 7)" + from + " ORDER BY f.period_start DESC LIMIT 1)," +
			" (SELECT COUNT(*) FROM (SELECT 1" + from + " LIMIT ?) c)", slices.Concat(args, args, args, []any{atMost + 1}), nil
	}
	ready := false
	if dated(f) {
		var err error
		if ready, err = s.cellsReady(ctx); err != nil {
			return "", nil, err
		}
	}
	if ready {
		// Each part's months and counts, without summing up each month
		// first: every figure of the summaries counts one.
		f.Statuses = []models.Status{models.StatusPublished}
		q, args, err := s.datedQuery(ctx, f, true,
			func(step, from string) string {
				if step == "year" { // counted; their first and last months are sought below
					return "SELECT NULL AS month, c.n + c.words AS n FROM " + from
				}
				return "SELECT c.month, c.n + c.words AS n FROM " + from
			},
			func(table, where string) string {
				return "SELECT substr(f.period_start, 1, 7) AS month, 1 AS n FROM " + table + " WHERE " + summarisedSQL + " AND " + where
			})
		// The first and last of the months kept whole, through the
		// cells' month index.
		by, conds, cargs := cellTable(f)
		inner := windowOf(f)
		from := " FROM " + by.table + " c WHERE c.step = 'month' AND " + conds + " AND c.month BETWEEN ? AND ?"
		for range 2 {
			args = append(append(args, cargs...), inner[0], inner[1])
		}
		q += " UNION ALL SELECT MIN(c.month), 0" + from + " UNION ALL SELECT MAX(c.month), 0" + from
		return "SELECT MIN(c.month), MAX(c.month), SUM(c.n) FROM (" + q + ") c", args, err
	}
	src, args, stored, err := s.cellSource(ctx, f, "month")
	if err != nil || !stored {
		return "SELECT MIN(month), MAX(month), SUM(n + words) FROM " + src, args, err
	}
	by, conds, cargs := cellTable(f)
	from := " FROM " + by.table + " c WHERE c.step = ? AND " + conds + ")"
	var all []any
	for _, step := range []string{"month", "month", "year"} {
		all = append(append(all, step), cargs...)
	}
	return "SELECT (SELECT MIN(c.month)" + from + ", (SELECT MAX(c.month)" + from + ", (SELECT SUM(c.n + c.words)" + from, all, nil
}

// ChartSpan returns the first and last months (YYYY-MM) in which the
// periods of the published figures f selects start, and how many of
// them the summaries count (models.Figure.Summarised): exactly, when
// they are at most atMost (math.MaxInt64: however many); else a number
// above atMost, where counting them all would read every figure (a
// source and a qualifier).
func (s *Store) ChartSpan(ctx context.Context, f models.FigureFilter, atMost int64) (first, last string, n int64, err error) {
	q, args, err := s.spanQuery(ctx, f, atMost)
	if err != nil {
		return "", "", 0, err
	}
	var a, b sql.NullString
	var m sql.NullInt64
	err = s.db.WithContext(ctx).Raw(q, args...).Row().Scan(&a, &b, &m)
	return a.String, b.String, m.Int64, wrap(err, "read the summaries")
}

// ChartSummary returns the span of the published figures f selects
// (ChartSpan, counted up to atMost) and, when they are more than atMost,
// their summaries (ChartCells), by year when byYear says so of the first
// and last months. Where no stored summaries answer for f and it has
// dates (a source and a qualifier in a window), the span and the
// summaries would each read every figure of the source: the summaries
// are read once, by month, and the span and the years are made from them.
func (s *Store) ChartSummary(ctx context.Context, f models.FigureFilter, atMost int64, byYear func(first, last string) bool) (models.ChartSummary, error) {
	var c models.ChartSummary
	if storedCells(f) || !dated(f) {
		var err error
		if c.First, c.Last, c.N, err = s.ChartSpan(ctx, f, atMost); err != nil || c.N <= atMost {
			return c, err
		}
		c.ByYear = byYear(c.First, c.Last)
		c.Cells, err = s.ChartCells(ctx, f, c.ByYear)
		return c, err
	}
	months, err := s.ChartCells(ctx, f, false)
	if err != nil {
		return c, err
	}
	for _, m := range months {
		if c.First == "" || m.Month < c.First {
			c.First = m.Month
		}
		c.Last = max(c.Last, m.Month)
		c.N += m.N + m.Words
	}
	if c.N <= atMost {
		return c, nil
	}
	if c.ByYear = byYear(c.First, c.Last); !c.ByYear {
		c.Cells = months
		return c, nil
	}
	years := map[models.MonthSummary]int{} // a year's cell: its index in c.Cells
	for _, m := range months {
		key := models.MonthSummary{Population: m.Population, ActingState: m.ActingState, ReceivingState: m.ReceivingState,
			Unit: m.Unit, Metric: m.Metric, Kind: m.Kind, Month: m.Month[:min(4, len(m.Month))]}
		i, ok := years[key]
		if !ok {
			i = len(c.Cells)
			years[key] = i
			c.Cells = append(c.Cells, key)
		}
		c.Cells[i].Add(m)
	}
	SortSummaries(c.Cells)
	return c, nil
}

// ChartCells returns the summaries (models.MonthSummary) of the published
// figures f selects, by month, or by year (Month then holds YYYY) if
// byYear, in subject, kind and month order.
func (s *Store) ChartCells(ctx context.Context, f models.FigureFilter, byYear bool) ([]models.MonthSummary, error) {
	step := "month"
	if byYear {
		step = "year"
	}
	src, args, _, err := s.cellSource(ctx, f, step)
	if err != nil {
		return nil, err
	}
	q := "SELECT " + cellColumns + " FROM " + src
	rows, err := s.db.WithContext(ctx).Raw(q, args...).Rows()
	if err != nil {
		return nil, wrap(err, "read the summaries")
	}
	defer rows.Close()
	var out []models.MonthSummary
	for rows.Next() {
		var c models.MonthSummary
		var low, high sql.NullInt64
		var first, last, maxEnd sql.NullString // max_end: for datedCells, not shown
		if err := rows.Scan(&c.Population, &c.ActingState, &c.ReceivingState, &c.Unit, &c.Metric, &c.Kind, &c.Month,
			&c.N, &c.Words, &c.LowerBounds, &c.UpperBounds, &low, &high, &first, &last, &maxEnd); err != nil {
			return nil, wrap(err, "read the summaries")
		}
		c.Low, c.High = low.Int64, high.Int64
		if err := c.FirstStart.Scan(first.String); err != nil {
			return nil, wrap(err, "read the summaries")
		}
		if err := c.LastEnd.Scan(last.String); err != nil {
			return nil, wrap(err, "read the summaries")
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap(err, "read the summaries")
	}
	SortSummaries(out)
	return out, nil
}

// SortSummaries orders summaries by subject, kind and month.
func SortSummaries(cs []models.MonthSummary) {
	slices.SortFunc(cs, func(a, b models.MonthSummary) int {
		return cmp.Or(cmp.Compare(a.Population, b.Population), cmp.Compare(a.ActingState, b.ActingState),
			cmp.Compare(a.ReceivingState, b.ReceivingState), cmp.Compare(a.Unit, b.Unit), cmp.Compare(a.Metric, b.Metric),
			cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Month, b.Month))
	})
}

// narrowYears returns, when cells are by year and stored cells answer
// for f (storedCells), the months of each of metrics in which, by the
// stored months, the periods start of the figures ending on its last day
// (last); else nil. They are read for every metric in one query, a
// UNION ALL of one seek a metric in the cells' latest index (step,
// source if the table has one, metric, last_end), the repeats dropped
// here. For an OR of the metrics SQLite walks every month cell f selects
// through that index (131 ms in modernc for five metrics at a million
// figures, against 1.5 ms); for a UNION modernc's SQLite merges the
// selects by walking the month index instead (1.2 s). PostgreSQL seeks
// for any of them (1 ms). Of the filters with dates, only those that
// bound the periods' ends from below (From) are narrowed so: the latest
// end of what they keep is the latest of all (every figure ending then
// is kept), so the stored months whose latest end it is are those of the
// figures kept that end then. An upper bound (To, Starts) may keep a
// month's earlier ends and drop its latest: there the years are read
// whole (40 ms a metric at a million figures).
func narrowYears(tx *gorm.DB, f models.FigureFilter, cells []models.MonthSummary, metrics []string, last map[string]models.Date) (map[string][]string, error) {
	upper := !f.To.IsZero() || !f.Starts.Start.IsZero()
	if len(cells) == 0 || len(cells[0].Month) != 4 || !storedCells(f) || upper || len(metrics) == 0 {
		return nil, nil
	}
	q, args := latestMonthsQuery(f, metrics, last)
	rows, err := tx.Raw(q, args...).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]string{}
	seen := map[[2]string]bool{} // a month comes once for each cell of it
	for rows.Next() {
		var m, month string
		if err := rows.Scan(&m, &month); err != nil {
			return nil, err
		}
		if !seen[[2]string{m, month}] {
			seen[[2]string{m, month}] = true
			out[m] = append(out[m], month)
		}
	}
	return out, rows.Err()
}

// latestMonthsQuery is narrowYears' query and its arguments.
func latestMonthsQuery(f models.FigureFilter, metrics []string, last map[string]models.Date) (string, []any) {
	by, conds, cargs := cellTable(f)
	selects := make([]string, len(metrics))
	var args []any
	for i, m := range metrics {
		selects[i] = "SELECT c.metric, c.month FROM " + by.table + " c WHERE c.step = 'month' AND c.n > 0 AND " + conds +
			" AND c.metric = ? AND c.last_end = ?"
		args = append(append(args, cargs...), m, last[m].String())
	}
	return strings.Join(selects, " UNION ALL "), args
}

// LatestFigures returns, for each metric of cells, the published figures
// with a number, neither subgroups nor shares, whose period ends last and,
// of those, starts last (charts.Headlines' candidates: the reported
// quantity it picks is among them, with every report of it), found
// through the cells (by month or by year): the steps whose latest end is
// the metric's, read through the metric's period index. They come in the
// order FigureViews gives.
func (s *Store) LatestFigures(ctx context.Context, f models.FigureFilter, cells []models.MonthSummary) ([]models.FigureView, error) {
	last := map[string]models.Date{}
	var metrics []string
	for _, c := range cells {
		if c.N == 0 {
			continue
		}
		if _, ok := last[c.Metric]; !ok {
			metrics = append(metrics, c.Metric)
		}
		if last[c.Metric].Before(c.LastEnd) {
			last[c.Metric] = c.LastEnd
		}
	}
	f.Statuses = []models.Status{models.StatusPublished}
	fw, fargs := s.filterSQL(f)
	base := fw + " AND f.subgroup_of IS NULL AND f.share_of IS NULL AND f.qualifier <> '" +
		string(models.QualUnquantified) + "' AND f.metric = ? AND f.period_end = ?"
	with := func(args ...any) []any { return append(slices.Clip(fargs), args...) }
	view := s.viewQuery(base+" AND f.period_start = ? AND f.population = ? AND f.acting_state = ? AND f.receiving_state = ? AND f.unit = ?"+
		" AND f.quantity_kind = ? AND f.period_precision = ? AND f.period_end_precision = ?") + " ORDER BY f.key"
	var out []models.FigureView
	err := s.read(ctx, func(tx *gorm.DB) error {
		out = nil
		narrowed, err := narrowYears(tx, f, cells, metrics, last)
		if err != nil {
			return err
		}
		for _, m := range metrics {
			end := last[m].String()
			var months []string
			seen := map[string]bool{}
			for _, c := range cells {
				if c.Metric == m && c.N > 0 && c.LastEnd == last[m] && !seen[c.Month] {
					seen[c.Month] = true
					months = append(months, c.Month)
				}
			}
			if narrowed != nil {
				months = narrowed[m]
			}
			var ranges []string
			args := with(m, end)
			for _, month := range months {
				from, to := month+"-01", month+"-31"
				if len(month) == 4 { // a year's summary
					from, to = month+"-01-01", month+"-12-31"
				}
				ranges = append(ranges, "f.period_start BETWEEN ? AND ?")
				args = append(args, from, to)
			}
			if len(ranges) == 0 {
				continue
			}
			var start sql.NullString
			q := "SELECT MAX(f.period_start) FROM figures f WHERE " + base + " AND (" + strings.Join(ranges, " OR ") + ")"
			if err := tx.Raw(q, args...).Row().Scan(&start); err != nil {
				return err
			}
			if !start.Valid {
				continue
			}
			// Of the quantities reported for these days, the headline is
			// the first checks.Group gives, which orders them by its key
			// (metric, population, states, unit, kind, period and its
			// precisions, byte by byte): find that key, then read every
			// report of it whole.
			coll := ""
			if s.dialect == DialectPostgres {
				coll = ` COLLATE "C"`
			}
			cols := []string{"f.population", "f.acting_state", "f.receiving_state", "f.unit", "f.quantity_kind", "f.period_precision", "f.period_end_precision"}
			order := make([]string, len(cols))
			for i, c := range cols {
				order[i] = c + coll
			}
			var key [7]string
			err := tx.Raw("SELECT "+strings.Join(cols, ", ")+" FROM figures f WHERE "+base+" AND f.period_start = ? ORDER BY "+strings.Join(order, ", ")+" LIMIT 1",
				with(m, end, start.String)...).Row().Scan(&key[0], &key[1], &key[2], &key[3], &key[4], &key[5], &key[6])
			if err != nil {
				return err
			}
			args = with(m, end, start.String)
			for _, k := range key {
				args = append(args, k)
			}
			rows, err := tx.Raw(view, args...).Rows()
			if err != nil {
				return err
			}
			sc := newViewScanner(true)
			for rows.Next() {
				if err := sc.scan(rows); err != nil {
					rows.Close()
					return err
				}
				out = append(out, sc.v)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, wrap(err, "read the latest figures")
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Figure, out[j].Figure
		if a.Period.Start != b.Period.Start {
			return a.Period.Start.Before(b.Period.Start)
		}
		if a.Period.End != b.Period.End {
			return a.Period.End.Before(b.Period.End)
		}
		if a.Metric != b.Metric {
			return a.Metric < b.Metric
		}
		return a.Key < b.Key
	})
	return out, nil
}
