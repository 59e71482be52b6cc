package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"forcedreturns/models"
)

// ListFigures returns one page of the figures matching filter, with their
// metric and source, and how many match in all: FigurePage without the
// links. A zero Limit means models.DefaultPageSize; to read everything,
// use EachFigure.
func (s *Store) ListFigures(ctx context.Context, filter models.FigureFilter) ([]models.FigureView, int, error) {
	page, err := s.FigurePage(ctx, filter)
	return page.Items, page.Total, err
}

// EachFigure calls fn for every figure matching filter, in the filter's
// order, streaming them from one query so that an export of a million
// figures holds one row in memory at a time. fn receives the same
// *FigureView on every call, overwritten by the next row: it must copy
// what it keeps. An error from fn stops the iteration and is returned as
// is. No limit applies unless filter.Limit is set.
func (s *Store) EachFigure(ctx context.Context, filter models.FigureFilter, fn func(*models.FigureView) error) error {
	return s.streamViews(ctx, "stream figures", filter, viewExtra{}, fn)
}

// viewExtra is what a stream of views reads besides them (streamViews).
type viewExtra struct {
	// cols are selected after the view's columns, from the further LEFT
	// JOIN join, and scanned into dest.
	cols, join string
	dest       []any
	// pre, if not nil, runs first, in the snapshot the rows are read in
	// (see streamAfter).
	pre func(tx *gorm.DB) error
	// each, if not nil, runs on every view once its row is scanned,
	// before it is handed on.
	each func(v *models.FigureView)
}

// errManyRefs: more metrics or sources than a stream keeps (loadViewRefs).
var errManyRefs = errors.New("store: too many sources to keep for a stream")

// streamViews streams the views filter selects (eachFigureQuery) with
// extra, calling fn with each. On SQLite each view's metric and source
// come from the metrics and sources read first in the same snapshot
// (viewRefs), unless there are more than it keeps; then, and on
// PostgreSQL, from the joined row.
func (s *Store) streamViews(ctx context.Context, op string, filter models.FigureFilter, extra viewExtra, fn func(*models.FigureView) error) error {
	run := func(withRefs bool, sc *viewScanner, pre func(tx *gorm.DB) error) error {
		q, args, err := s.eachFigureQuery(filter, withRefs, extra.cols, extra.join)
		if err != nil {
			return err
		}
		sc.dest = append(sc.dest, extra.dest...)
		send := func() error {
			if extra.each != nil {
				extra.each(&sc.v)
			}
			return fn(&sc.v)
		}
		if pre == nil {
			return s.stream(ctx, op, q, args, sc.scan, send)
		}
		return s.streamAfter(ctx, op, pre, q, args, sc.scan, send)
	}
	if s.dialect == DialectSQLite {
		sc := newRefsScanner(nil)
		err := run(false, sc, func(tx *gorm.DB) error {
			if extra.pre != nil {
				if err := extra.pre(tx); err != nil {
					return err
				}
			}
			refs, err := s.loadViewRefs(tx)
			if err == nil && refs == nil {
				err = errManyRefs
			}
			sc.refs = refs
			return err
		})
		if !errors.Is(err, errManyRefs) {
			return err
		}
	}
	return run(true, newViewScanner(true), extra.pre)
}

// eachFigureQuery is EachFigure's query (viewQueryWith), selecting the
// columns more after the view's, from the further LEFT JOIN join.
func (s *Store) eachFigureQuery(filter models.FigureFilter, withRefs bool, more, join string) (string, []any, error) {
	where, args := s.filterSQL(filter)
	order, err := orderSQL(filter.Sort)
	if err != nil {
		return "", nil, err
	}
	q := s.viewQueryWith(withRefs, more, join, where) + order
	switch {
	case filter.Limit > 0:
		q += " LIMIT ? OFFSET ?"
		args = append(args, filter.Limit, max(filter.Offset, 0))
	case filter.Offset > 0 && s.dialect == DialectSQLite:
		q += " LIMIT -1 OFFSET ?" // SQLite takes no OFFSET without LIMIT
		args = append(args, filter.Offset)
	case filter.Offset > 0:
		q += " OFFSET ?"
		args = append(args, filter.Offset)
	}
	return q, args, nil
}

// stream runs the query q, and for each row calls scan and then fn. An
// error from fn stops the iteration and is returned as is; any other is
// wrapped with op.
func (s *Store) stream(ctx context.Context, op, q string, args []any, scan func(*sql.Rows) error, fn func() error) error {
	return s.streamAfter(ctx, op, nil, q, args, scan, fn)
}

// streamAfter is stream, running first, if not nil, pre in the same
// snapshot as q (a read transaction on both databases): an error from pre
// stops it before any row is read and is returned as is.
func (s *Store) streamAfter(ctx context.Context, op string, pre func(tx *gorm.DB) error, q string, args []any, scan func(*sql.Rows) error, fn func() error) error {
	var fnErr error
	sent := false
	// The database's time is the stream's but the consumer's (fn), which
	// may be a slow download: slowStream judges that.
	var n int64
	var inFn time.Duration
	start := time.Now()
	defer func() { s.slowStream(ctx, op, q, n, time.Since(start)-inFn) }()
	ctx = context.WithValue(ctx, streamingKey{}, true)
	var preErr error
	// drain hands on the rows of one statement, and returns how many.
	drain := func(rows *sql.Rows) (int, error) {
		defer rows.Close()
		got := 0
		for rows.Next() {
			// The driver may hold rows already fetched when the caller
			// leaves: none of them is handed on after that.
			if err := ctx.Err(); err != nil {
				return got, err
			}
			if err := scan(rows); err != nil {
				return got, err
			}
			n++
			got++
			t := time.Now()
			fnErr = fn()
			inFn += time.Since(t)
			if fnErr != nil {
				return got, fnErr
			}
			sent = true
		}
		if err := rows.Err(); sent && err != nil {
			return got, delivered{err} // rows were handed on: a retry would repeat them
		}
		return got, rows.Err()
	}
	stream := func(tx *gorm.DB) error {
		if pre != nil && s.dialect == DialectPostgres {
			// Without JIT: compiling the plan of a million rows with
			// optimisation held the first row 3 s (86 ms without), and a
			// stream's time goes to sending rows, not to evaluating them.
			if err := tx.Exec("SET LOCAL jit = off").Error; err != nil {
				return err
			}
		}
		if pre != nil {
			if preErr = pre(tx); preErr != nil {
				return preErr
			}
		}
		if pre != nil && s.dialect == DialectPostgres {
			// Through a cursor, which PostgreSQL plans for its first rows
			// (cursor_tuple_fraction): a download of every figure then
			// walks the index of its order and sends its first row at
			// once, where the statement alone would sort every figure
			// first (5 s at a million).
			if err := tx.Exec("DECLARE stream_rows NO SCROLL CURSOR FOR "+q, args...).Error; err != nil {
				return err
			}
			for {
				rows, err := tx.Raw("FETCH " + strconv.Itoa(cursorRows) + " FROM stream_rows").Rows()
				if err != nil {
					if sent {
						return delivered{err}
					}
					return err
				}
				if got, err := drain(rows); err != nil || got == 0 {
					return err
				}
			}
		}
		rows, err := tx.Raw(q, args...).Rows()
		if err != nil {
			return err
		}
		_, err = drain(rows)
		return err
	}
	var err error
	if s.dialect == DialectPostgres {
		// The rows arrive as fast as the consumer (an HTTP download, say)
		// takes them, which can outlast the server-side statement timeout
		// meant for interactive queries. The caller's context bounds the
		// export instead. SET LOCAL ends with the transaction.
		err = s.read(ctx, func(tx *gorm.DB) error {
			if err := s.unbounded(tx); err != nil {
				return err
			}
			return stream(tx)
		})
	} else if pre != nil {
		// pre and the rows in one snapshot: a read transaction.
		err = s.read(ctx, stream)
	} else {
		// One statement is a consistent snapshot on SQLite; no transaction
		// needed.
		err = stream(s.db.WithContext(ctx))
	}
	if fnErr != nil {
		return fnErr
	}
	if preErr != nil {
		return preErr
	}
	return wrap(err, op)
}

// cursorRows is how many rows a FETCH from a stream's cursor reads:
// enough that its round trip costs little per row.
var cursorRows = 2000 // a variable for the tests

// FigureViews returns every figure view EachFigure would stream, in
// memory. Because nothing is handed on before the end, a read that loses
// its connection midway (PostgreSQL restart, failover) is run once more
// from the start, which a stream cannot be.
func (s *Store) FigureViews(ctx context.Context, filter models.FigureFilter) ([]models.FigureView, error) {
	var out []models.FigureView
	collect := func(v *models.FigureView) error {
		out = append(out, *v)
		return nil
	}
	err := s.EachFigure(ctx, filter, collect)
	if err != nil && ctx.Err() == nil && connectionLost(err) {
		s.log.WarnContext(ctx, "database connection lost while reading figures; reading them again", "err", err)
		out = nil
		err = s.EachFigure(withPing(ctx), filter, collect)
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}

// filterSQL builds the conditions of filter over figures alias f, joined
// by AND (never empty: the status is always filtered, and only to the
// statuses filter.Audience may see), with every value
// bound as a parameter. Lists are alternatives (IN), fields
// must all hold, and the period test is an overlap: a figure for
// July–August 2017 matches From 2017-08-31 and To 2017-07-01 alike.
func (s *Store) filterSQL(f models.FigureFilter) (string, []any) {
	return s.filterSQLWith(f, nil)
}

// filterSQLWith is filterSQL where, on SQLite, the terms on the columns
// offIndex names are kept off indexes (see walkOrderAbove); a nil offIndex
// leaves the choice to SQLite but for the statuses (below).
func (s *Store) filterSQLWith(f models.FigureFilter, offIndex func(col string) bool) (string, []any) {
	var conds []string
	var args []any
	col := func(c string) string {
		if offIndex != nil && s.dialect == DialectSQLite && offIndex(c) {
			return "+" + c
		}
		return c
	}
	in := func(c string, vals []string) {
		if len(vals) > 0 {
			conds = append(conds, col(c)+" IN ?")
			args = append(args, vals)
		}
	}
	in("f.metric", f.Metrics)
	in("f.source", f.Sources)
	in("f.acting_state", f.ActingStates)
	in("f.receiving_state", f.ReceivingStates)
	in("f.qualifier", stringsOf(f.Qualifiers))
	in("f.population", f.Populations)
	in("f.unit", f.Units)
	in("f.quantity_kind", stringsOf(f.Kinds))
	if f.Summarised {
		// Its status off the status index too, when the others are: with
		// the planner's statistics gathered in full, SQLite took that
		// index for the summarised list and sorted every published figure
		// (1.0 s for a first page at a million figures).
		conds = append(conds, strings.Replace(summarisedSQL, "f.status", col("f.status"), 1))
	}
	if !f.Starts.Start.IsZero() {
		conds = append(conds, col("f.period_start")+" >= ?", col("f.period_start")+" <= ?")
		args = append(args, f.Starts.Start.String(), f.Starts.End.String())
	}
	asked := f.Statuses
	if len(asked) == 0 {
		asked = []models.Status{models.StatusPublished, models.StatusRetracted}
	}
	// The audience rule lives here, under every list, download, chart,
	// check and count: a status the audience may not see matches nothing.
	var statuses []string
	for _, st := range asked {
		if f.Audience.Sees(st) {
			statuses = append(statuses, string(st))
		}
	}
	if len(statuses) == 0 {
		conds = append(conds, "1 = 0")
	}
	if offIndex == nil && len(statuses) > 1 && s.dialect == DialectSQLite {
		// Several statuses match most figures, yet without statistics
		// SQLite would pick the status index and then sort every row in a
		// temporary B-tree. The unary + (SQLite's documented way to keep
		// a term off an index) lets it walk the index of the sort order
		// instead: exports stream from the first row, in bounded memory.
		in("+f.status", statuses)
	} else {
		in("f.status", statuses)
	}
	if !f.From.IsZero() {
		conds = append(conds, col("f.period_end")+" >= ?")
		args = append(args, f.From.String())
	}
	if !f.To.IsZero() {
		conds = append(conds, col("f.period_start")+" <= ?")
		args = append(args, f.To.String())
	}
	return strings.Join(conds, " AND "), args
}

func stringsOf[T ~string](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

// orderSQL turns a models.SortKeys entry ("-" for descending) into an
// ORDER BY that always ends with the figure's key, so that the order is
// total and pages neither overlap nor skip rows (sortTerms).
func orderSQL(sort string) (string, error) {
	terms, err := sortTerms(sort)
	if err != nil {
		return "", err
	}
	return orderBy(terms, false), nil
}
