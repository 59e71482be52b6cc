package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"gorm.io/gorm"

	"forcedreturns/models"
)

// Pages of figure lists are placed by keyset (a cursor: the sort values of
// the figure a link was made at) rather than by offset, so that the
// database seeks in the index of the order instead of stepping over every
// row before the page: the thousandth page costs what the first does. An
// offset (page=N) still works, for shallow pages and old links; the links
// a page gives are cursors.

// sortTerm is one column of a list's order.
type sortTerm struct {
	expr string // SQL over figures alias f
	desc bool
	kind termKind
}

// termKind says how a cursor value of a term is bound as a parameter.
type termKind int

const (
	termText termKind = iota
	termInt
	termTime
)

// sortTerms returns the columns of a models.SortKeys order ("-" for
// descending), ending with the figure's key so that the order is total:
// pages neither overlap nor skip rows, and a cursor names one position.
// Every column takes the order's direction, so that one index serves an
// order and its reverse (migration 12 has an index per order).
func sortTerms(sort string) ([]sortTerm, error) {
	desc := false
	key := sort
	if rest, ok := strings.CutPrefix(sort, "-"); ok {
		desc, key = true, rest
	}
	t := func(expr string, kind termKind) sortTerm { return sortTerm{expr: expr, desc: desc, kind: kind} }
	var terms []sortTerm
	switch key {
	case "", "period":
		terms = []sortTerm{t("f.period_start", termText), t("f.period_end", termText), t("f.metric", termText)}
	case "value":
		// A range sorts by its low bound (its value column is 0). A figure
		// that gives no number (models.QualUnquantified, whose 0 means
		// nothing) comes after every number whichever way, as a
		// spreadsheet puts its blanks, and never among the zeros: it
		// sorts as -1 when the largest come first (valueOrder, indexed by
		// migration 12), as the largest number there is when the smallest
		// do (valueOrderLast, migration 38), each expression word for word
		// the one indexed.
		order := valueOrderLast
		if desc {
			order = valueOrder
		}
		terms = []sortTerm{t(order, termInt)}
	case "metric":
		terms = []sortTerm{t("f.metric", termText), t("f.period_start", termText)}
	case "source":
		terms = []sortTerm{t("f.source", termText), t("f.period_start", termText)}
	case "updated":
		terms = []sortTerm{t("f.updated_at", termTime)}
	case "id":
	default:
		var p models.Problems
		p.Add("sort", "expected one of %s (prefix - for descending), got %q", strings.Join(models.SortKeys, ", "), sort)
		return nil, p.Err("filter")
	}
	return append(terms, t("f.key", termText)), nil
}

// valueOrder is the sort=-value expression, valueOrderLast sort=value's
// (sortTerms).
const (
	valueOrder     = "CASE WHEN f.qualifier = 'unquantified' THEN -1 WHEN f.qualifier = 'range' THEN f.value_low ELSE f.value END"
	valueOrderLast = "CASE WHEN f.qualifier = 'unquantified' THEN 9223372036854775807 WHEN f.qualifier = 'range' THEN f.value_low ELSE f.value END"
)

// orderBy writes the ORDER BY of terms, reversed when back is set.
func orderBy(terms []sortTerm, back bool) string {
	parts := make([]string, len(terms))
	for i, t := range terms {
		dir := " ASC"
		if t.desc != back {
			dir = " DESC"
		}
		parts[i] = t.expr + dir
	}
	return " ORDER BY " + strings.Join(parts, ", ")
}

// keysetSQL is the condition "comes after the position vals" in the order
// of terms (before it when back is set), with its arguments: a row-value
// comparison when all terms go one way, nested comparisons otherwise. A
// first term that is an expression also leads on its own, so that the
// database seeks in the index even where it cannot use a row-value
// comparison (SQLite over an expression index). A first term that is a
// column does not: SQLite would then seek by that term alone and step
// over every figure sharing its value (the figures of one source, or a
// generation's, all updated at one time: 1.2 s past a million of them)
// instead of seeking by the whole row value.
func keysetSQL(terms []sortTerm, vals []any, back bool) (string, []any) {
	op := func(t sortTerm) string {
		if t.desc != back {
			return "<"
		}
		return ">"
	}
	uniform := true
	for _, t := range terms {
		uniform = uniform && t.desc == terms[0].desc
	}
	lead := terms[0].expr + " " + op(terms[0]) + "= ? AND "
	args := []any{vals[0]}
	if uniform {
		if isColumn(terms[0].expr) {
			lead, args = "", nil
		}
		exprs := make([]string, len(terms))
		marks := make([]string, len(terms))
		for i, t := range terms {
			exprs[i], marks[i] = t.expr, "?"
		}
		args = append(args, vals...)
		return "(" + lead + "(" + strings.Join(exprs, ", ") + ") " + op(terms[0]) + " (" + strings.Join(marks, ", ") + "))", args
	}
	// t1 > v1 OR (t1 = v1 AND (t2 < v2 OR (t2 = v2 AND …)))
	cond := ""
	for i := len(terms) - 1; i >= 0; i-- {
		c := terms[i].expr + " " + op(terms[i]) + " ?"
		if cond != "" {
			c = "(" + c + " OR (" + terms[i].expr + " = ? AND " + cond + "))"
		}
		cond = c
	}
	for i := range terms {
		args = append(args, vals[i])
		if i < len(terms)-1 {
			args = append(args, vals[i])
		}
	}
	return "(" + lead + cond + ")", args
}

// isColumn reports whether a sort term's expression is a column of
// figures f.
func isColumn(expr string) bool {
	name, ok := strings.CutPrefix(expr, "f.")
	return ok && !strings.ContainsAny(name, " ()")
}

// cursorColumn is what a page selects of a term to write a cursor from:
// SQLite timestamps as the stored text, which is what they sort by.
func (s *Store) cursorColumn(t sortTerm) string {
	if t.kind == termTime && s.dialect == DialectSQLite {
		return "CAST(" + t.expr + " AS TEXT)"
	}
	return t.expr
}

// bindCursor converts a cursor's values to parameters of terms, refusing
// values no figure could have written.
func (s *Store) bindCursor(terms []sortTerm, vals []string) ([]any, error) {
	var p models.Problems
	if len(vals) != len(terms) {
		p.Add("cursor", "expected a cursor of this list's order (%d values), got %d values: follow the links of this list", len(terms), len(vals))
		return nil, p.Err("filter")
	}
	out := make([]any, len(vals))
	for i, t := range terms {
		out[i] = vals[i]
		switch {
		case t.kind == termInt:
			n, err := strconv.ParseInt(vals[i], 10, 64)
			if err != nil {
				p.Add("cursor", "expected a whole number as value %d of the cursor, got %q", i+1, models.Clip(vals[i], 30))
			}
			out[i] = n
		case t.kind == termTime && s.dialect == DialectPostgres:
			tm, err := time.Parse(time.RFC3339Nano, vals[i])
			if err != nil {
				p.Add("cursor", "expected a time as value %d of the cursor, got %q", i+1, models.Clip(vals[i], 30))
			}
			out[i] = tm
		}
	}
	return out, p.Err("filter")
}

// cursorText writes a value read for a cursor.
func cursorText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case []byte:
		return string(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case time.Time:
		return x.UTC().Format(time.RFC3339Nano)
	}
	return fmt.Sprint(v)
}

// walkOrderAbove is the number of matching figures above which a page on
// SQLite walks the index of its order, skipping what the filter refuses,
// rather than collecting every match through the index of a filter and
// sorting it. SQLite keeps no statistics here and would take the filter's
// index for any equality; the count, known before the page is read, tells
// which way is short.
var walkOrderAbove = 5000

// FigurePage returns one page of the figures matching filter, with their
// metric and source, how many match in all, and cursors to the pages
// around it. The page is placed by filter.Cursor when set (a keyset seek,
// as fast on the last page as on the first), else by filter.Offset. A zero
// Limit means models.DefaultPageSize; to read everything, use EachFigure.
func (s *Store) FigurePage(ctx context.Context, filter models.FigureFilter) (models.FigurePage, error) {
	terms, err := sortTerms(filter.Sort)
	if err != nil {
		return models.FigurePage{}, err
	}
	limit := filter.Limit
	if limit <= 0 {
		limit = models.DefaultPageSize
	}
	c := filter.Cursor
	var bound []any
	if c != nil {
		if !models.SameOrder(c.Sort, filter.Sort) {
			var p models.Problems
			p.Add("cursor", "the cursor was made for another order (sort=%s): follow the links of this list", c.Sort)
			return models.FigurePage{}, p.Err("filter")
		}
		if len(c.Values) > 0 {
			if bound, err = s.bindCursor(terms, c.Values); err != nil {
				return models.FigurePage{}, err
			}
		}
	}
	var page models.FigurePage
	err = s.read(ctx, func(tx *gorm.DB) error {
		var err error
		where, args := s.filterSQL(filter)
		// The count of a list with anchors is stored with them, for the
		// version they hold at.
		list, anchored := s.anchorListOf(filter, where, args)
		total, stale := -1, false
		if anchored {
			if total, stale, err = s.anchorsHeld(tx, list); err != nil {
				return err
			}
		}
		held := total >= 0
		if !held {
			var faceted bool
			if total, faceted, err = s.facetCount(tx, filter, where, args); err != nil {
				return err
			}
			if !faceted {
				if total, err = s.countFigures(tx, filter, where, args); err != nil {
					return err
				}
			}
		}
		page = models.FigurePage{Total: total, Limit: limit, Pages: max(1, (total+limit-1)/limit)}
		if total == 0 || c == nil && filter.Offset >= total {
			// Nothing to read: a walk of the order's index would look at
			// every figure for one it keeps (12 s at a million figures
			// for a state no figure names), or step over every figure of
			// the list to find none past its end (3.5 s for the 2,000th
			// page of a list of 1,400): the count is exact, read in this
			// transaction or held with anchors of this version.
			page.Page = 1
			if c != nil && c.Page > 0 {
				page.Page = c.Page
			} else if c == nil {
				page.Page = max(filter.Offset, 0)/limit + 1
			}
			return nil
		}
		whole, wholeArgs := where, args                               // every filter on its index
		walks := s.dialect == DialectSQLite && total > walkOrderAbove // the order's index, not the filter's
		if walks {
			lead := terms[0].expr
			// The period's end stays on the index too when the order is
			// the period's: the order's index holds it after the start,
			// and SQLite seeks it within each start (a skip-scan) instead
			// of testing every figure before the period (a state from
			// 2017, its 1,000th page at a million figures: 0.87 → 0.22 s
			// in sqlite3; `summarised` from 2016, its first page 57 → 8 ms).
			where, args = s.filterSQLWith(filter, func(col string) bool {
				return col != lead && (lead != "f.period_start" || col != "f.period_end")
			})
		}
		l := pageQuery{s: s, tx: tx, where: where, args: args, terms: terms, lead: leadValue(terms, filter)}
		var vals [][]string
		var hasNext, hasPrev bool
		var version int64
		var placeList string // the list's key in s.places, for a page by offset
		switch {
		case c == nil:
			offset := max(filter.Offset, 0)
			page.Page = offset/limit + 1
			var from []any
			step := offset
			// Whether the people index may place the page (peopleStart).
			peopleMay := walks && peopleOrder(terms) && walkReadsRows(filter, terms)
			// A page read by offset before, of this list at this
			// version, may have left a place to start at (places.go).
			if offset > 0 {
				if version, err = dataVersion(tx); err != nil {
					return err
				}
				placeList = filter.Sort + "\x00" + whole + "\x00" + fmt.Sprintf("%q", wholeArgs)
				end := min(offset+limit, total)
				if p, back, d, ok := s.places.nearest(version, placeList, offset, end); ok && (!back || !held || !stale) && placeFirst(d, offset, total, limit, held && !stale, peopleMay) {
					var bound []any
					if bound, err = s.bindCursor(terms, p.vals); err != nil {
						return err
					}
					s.placedPages.Add(1)
					if back {
						// Read backward from the place, stepping over
						// the figures between the page's end and it
						// (the total is exact, as for a read from the
						// list's end below): the place's figure follows
						// the page.
						page.Items, vals, err = l.rowsBefore(bound, end-offset, d)
						hasNext, hasPrev = true, true
						break
					}
					from, step = bound, d
				}
			}
			// A deep page of a list with anchors starts at the anchor
			// before it; without anchors that hold, it walks its
			// offset, and the anchors are read again meanwhile.
			if from == nil && anchored && offset >= anchorEvery {
				var at []string
				if held {
					if at, step, err = s.pageAnchor(tx, list, terms, filter.Sort, offset); err != nil {
						return err
					}
				}
				if stale {
					s.refreshPageAnchorsLater()
				}
				if at == nil {
					step = offset
				} else if from, err = s.bindCursor(terms, at); err != nil {
					return err
				} else {
					s.anchoredPages.Add(1)
				}
			}
			if from == nil && peopleMay {
				var cond string
				var cargs []any
				if cond, cargs, step, err = l.peopleStart(whole, wholeArgs, offset, total); err != nil {
					return err
				}
				if cond != "" {
					s.peoplePages.Add(1)
					at := l
					at.where, at.args = l.where+" AND "+cond, append(slices.Clone(l.args), cargs...)
					page.Items, vals, err = at.rows(nil, false, limit+1, step)
					hasNext, hasPrev = len(page.Items) > limit, offset > 0
					page.Items, vals = page.Items[:min(limit, len(page.Items))], vals[:min(limit, len(vals))]
					break
				}
				step = offset
			}
			if end := min(offset+limit, total); from == nil && offset < total && offset > total-end && (!held || !stale) {
				// Nearer the end than the start, and no anchor to start
				// at: read from the end, in the reverse order, stepping
				// over what follows the page instead of what precedes it
				// (the total is exact: counted in this read, or held
				// with anchors of this version).
				page.Items, vals, err = l.rowsBefore(nil, end-offset, total-end)
				hasNext, hasPrev = end < total, true
				break
			}
			page.Items, vals, err = l.rows(from, false, limit+1, step)
			hasNext, hasPrev = len(page.Items) > limit, offset > 0
			page.Items, vals = page.Items[:min(limit, len(page.Items))], vals[:min(limit, len(vals))]
		case c.Before:
			n := limit
			page.Page = c.Page
			if bound == nil {
				// The last page holds what a walk from the first would
				// leave on it, so that the pages before it line up.
				page.Page = page.Pages
				if rest := total - (page.Pages-1)*limit; rest > 0 {
					n = rest
				}
			}
			page.Items, vals, err = l.rowsBefore(bound, n+1, 0)
			hasPrev = len(page.Items) > n
			page.Items, vals = page.Items[max(0, len(page.Items)-n):], vals[max(0, len(vals)-n):]
			if err == nil && bound != nil {
				hasNext, err = l.beyond(vals, false)
			}
		default:
			page.Page = c.Page
			page.Items, vals, err = l.rows(bound, false, limit+1, 0)
			hasNext = len(page.Items) > limit
			page.Items, vals = page.Items[:min(limit, len(page.Items))], vals[:min(limit, len(vals))]
			if err == nil && bound != nil {
				hasPrev, err = l.beyond(vals, true)
			}
		}
		if err != nil {
			return err
		}
		if placeList != "" && len(vals) > 0 {
			// The places of this page: after its first figure, and
			// after its last (where the next page starts).
			offset := max(filter.Offset, 0)
			s.places.put(version, placeList, place{at: offset + 1, vals: vals[0]}, place{at: offset + len(vals), vals: vals[len(vals)-1]})
		}
		number := func(d int) int {
			if page.Page == 0 {
				return 0
			}
			return page.Page + d
		}
		if hasNext && len(vals) > 0 {
			page.Next = &models.Cursor{Sort: filter.Sort, Values: vals[len(vals)-1], Page: number(1)}
		}
		if hasPrev && len(vals) > 0 {
			page.Prev = &models.Cursor{Sort: filter.Sort, Values: vals[0], Before: true, Page: number(-1)}
		}
		return nil
	})
	if err != nil {
		return models.FigurePage{}, wrap(err, "list figures")
	}
	return page, nil
}

// peopleCount is what one figure of a list counted in the people index
// by the order's terms up to the period's start (peopleStart) costs, in
// figures walked in the order's index, each a table row read to test the
// filter: about half on SQLite at a million figures, between 0.36 and
// 0.67 from pages measured both ways (the 100th page of one state's
// figures from 2017, 118,345, walked 42,000 rows in 0.20 s and was
// counted in 0.37 s; the 2,000th of a list of 387,439 walked 258,000
// rows in 1.45 s and was counted in 0.70 s). A variable for the tests.
var peopleCount = 0.5

// peopleOrder reports whether the terms of an order but the key are
// columns the people index holds (the period, the metric, the source),
// of one direction, as sortTerms makes them.
func peopleOrder(terms []sortTerm) bool {
	for _, t := range terms[:len(terms)-1] {
		switch t.expr {
		case "f.period_start", "f.period_end", "f.metric", "f.source":
		default:
			return false
		}
	}
	return len(terms) > 1
}

// walkReadsRows reports whether a walk of the index of an order
// peopleOrder accepts reads a table row for each figure it steps over to
// test filter f, one the people index holds every column of (not
// summarised): whether f filters on a column other than the status
// that the order's index does not hold (migration 18: the period's
// index holds the period and the metric, the metric's and the source's
// theirs and the period's start).
func walkReadsRows(f models.FigureFilter, terms []sortTerm) bool {
	if f.Summarised {
		return false
	}
	held := []string{terms[0].expr, "f.period_start"}
	if terms[0].expr == "f.period_start" {
		held = []string{"f.period_start", "f.period_end", "f.metric"}
	}
	vals := anchorListVals(f)
	for i, col := range anchorListCols {
		if len(vals[i]) > 0 && !slices.Contains(held, "f."+col) {
			return true
		}
	}
	return !f.From.IsZero() && !slices.Contains(held, "f.period_end") ||
		(!f.To.IsZero() || !f.Starts.Start.IsZero()) && !slices.Contains(held, "f.period_start")
}

// peopleStart places a page by offset of a list of total figures whose
// every filter the people index holds (where and args, on their indexes:
// all but summarised), by that index alone, when walking the order's
// index would cost more: the list's entries in the people index are
// counted by the values of the order's terms up to the period's start (a
// histogram: by the period's start, of a list sorted by period; by the
// source and the period's start, of a list sorted by source), the values
// the page's first figure has found there, with how many figures come
// before them. It returns the condition that a figure is at or after
// those values and the figures to step over from there (those of the
// list with those values before the page: the walk reads a row for each
// figure with those values at most); an empty condition when the walk
// costs less. The walk steps over every figure before the page in the
// order's index, reading a table row for each to test the filter: at a
// million figures, the 600th page of one state's exact figures (39,101)
// walked 684,000 figures (1.1–2.5 s). Sorting the list's entries by the
// whole order to find the page's values, and counting those before them,
// took 0.37 s of the 0.49 s of the 1,000th page of a state's figures
// from 2017 (118,345); with the counts, the page takes 0.23–0.26 s.
func (l pageQuery) peopleStart(where string, args []any, offset, total int) (string, []any, int, error) {
	var size int64 // the table's rows, about: its last rowid
	if err := l.tx.Raw("SELECT COALESCE(MAX(id), 0) FROM figures").Row().Scan(&size); err != nil {
		return "", nil, 0, err
	}
	if float64(offset)*float64(size) <= peopleCount*float64(total)*float64(total) {
		return "", nil, 0, nil
	}
	// The figures are counted by the order's terms up to the period's
	// start: a few hundred figures share a start at most (11,640 at a
	// million figures), where hundreds of thousands share a metric or a
	// source (the walk from one source's first figure read 125,000 rows).
	n := slices.IndexFunc(l.terms, func(t sortTerm) bool { return t.expr == "f.period_start" }) + 1
	if n == 0 {
		return "", nil, 0, nil
	}
	cols := make([]string, n)
	for i, t := range l.terms[:n] {
		cols[i] = t.expr
	}
	rows, err := l.tx.Raw("SELECT "+strings.Join(cols, ", ")+", COUNT(*) FROM figures f INDEXED BY figures_people WHERE "+where+
		" GROUP BY "+strings.Join(cols, ", ")+orderBy(l.terms[:n], false), args...).Rows()
	if err != nil {
		return "", nil, 0, err
	}
	defer rows.Close()
	var before, count int
	vals := make([]sql.NullString, n)
	dest := make([]any, n+1)
	for i := range vals {
		dest[i] = &vals[i]
	}
	dest[n] = &count
	found := false
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return "", nil, 0, err
		}
		if before+count > offset {
			found = true
			break
		}
		before += count
	}
	if err := rows.Err(); err != nil {
		return "", nil, 0, err
	}
	if !found { // written since the count: walk
		return "", nil, 0, nil
	}
	at := make([]any, n)
	for i, v := range vals {
		if !v.Valid { // no value to seek by: walk
			return "", nil, 0, nil
		}
		at[i] = v.String
	}
	op := ">="
	if l.terms[0].desc {
		op = "<="
	}
	marks := strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
	return "(" + strings.Join(cols, ", ") + ") " + op + " (" + marks + ")", at, offset - before, nil
}

// pageQuery reads the rows of one page in one read transaction.
type pageQuery struct {
	s     *Store
	tx    *gorm.DB
	where string
	args  []any
	terms []sortTerm
	// lead is the one value the filter allows the order's first column,
	// if it allows one (leadValue), else nil.
	lead any
}

// leadValue returns the one value filter f allows the first column of
// the order terms, if it allows one: a list of one metric sorted by
// metric, of one source by source. Else nil.
func leadValue(terms []sortTerm, f models.FigureFilter) any {
	var vals []string
	switch terms[0].expr {
	case "f.metric":
		vals = f.Metrics
	case "f.source":
		vals = f.Sources
	}
	if len(vals) != 1 {
		return nil
	}
	return vals[0]
}

// keyset is keysetSQL for the page's order. Where the filter holds the
// order's first column at the bound's value, the figures after the bound
// are those after the rest of its row value, which SQLite seeks by within
// the index's entries of that value, where it would seek by the value
// alone (filter and order's first column) and step over every figure of
// it before the bound: a deep page of one source sorted by source.
func (l pageQuery) keyset(bound []any, back bool) (string, []any) {
	if l.lead != nil && len(l.terms) > 1 && bound[0] == l.lead {
		return keysetSQL(l.terms[1:], bound[1:], back)
	}
	return keysetSQL(l.terms, bound, back)
}

// rows reads n figure views after the position bound (from the start when
// nil) in the order, or before it going backwards when back is set, with
// each row's cursor values.
func (l pageQuery) rows(bound []any, back bool, n, offset int) ([]models.FigureView, [][]string, error) {
	where, args := l.where, slices.Clone(l.args)
	if bound != nil {
		cond, cargs := l.keyset(bound, back)
		where += " AND " + cond
		args = append(args, cargs...)
	}
	extra := make([]string, len(l.terms))
	for i, t := range l.terms {
		extra[i] = l.s.cursorColumn(t)
	}
	order := orderBy(l.terms, back)
	args = append(args, n, offset)
	var q string
	if offset > 0 {
		// A deferred join: the keys of the page are found in the index
		// of the order, which holds the status (migration 18), stepping
		// over the rows before it there; only the page's rows are read.
		q = l.s.viewQuery("f.key IN (SELECT f.key FROM figures f WHERE " + where + order + " LIMIT ? OFFSET ?)")
	} else {
		q = l.s.viewQuery(where)
	}
	from := strings.Index(q, " FROM figures f ")
	if from < 0 {
		panic("store: viewQuery without FROM figures f")
	}
	q = q[:from] + ", " + strings.Join(extra, ", ") + q[from:] + order
	if offset == 0 {
		q += " LIMIT ?"
		args = args[:len(args)-1]
	}
	rows, err := l.tx.Raw(q, args...).Rows()
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	sc := newViewScanner(true)
	raw := make([]any, len(l.terms))
	for i := range raw {
		sc.dest = append(sc.dest, &raw[i])
	}
	var views []models.FigureView
	var vals [][]string
	for rows.Next() {
		if err := sc.scan(rows); err != nil {
			return nil, nil, err
		}
		views = append(views, sc.v)
		v := make([]string, len(raw))
		for i, r := range raw {
			v[i] = cursorText(r)
		}
		vals = append(vals, v)
	}
	return views, vals, rows.Err()
}

// rowsBefore reads the n figure views before the position bound (the
// end of the list when nil), stepping over the offset nearest it, in the
// list's order, with each row's cursor values.
func (l pageQuery) rowsBefore(bound []any, n, offset int) ([]models.FigureView, [][]string, error) {
	views, vals, err := l.rows(bound, true, n, offset)
	slices.Reverse(views)
	slices.Reverse(vals)
	return views, vals, err
}

// beyond reports whether a figure matches before the page whose rows have
// the cursor values vals (after it, when before is false): whether the
// page needs a link that way. An empty page has no edge to link from.
func (l pageQuery) beyond(vals [][]string, before bool) (bool, error) {
	if len(vals) == 0 {
		return false, nil
	}
	edge := vals[len(vals)-1]
	if before {
		edge = vals[0]
	}
	from, err := l.s.bindCursor(l.terms, edge)
	if err != nil {
		return false, err
	}
	cond, cargs := l.keyset(from, before)
	q := "SELECT 1 FROM figures f WHERE " + l.where + " AND " + cond + orderBy(l.terms, before) + " LIMIT 1"
	var one int
	err = l.tx.Raw(q, append(slices.Clone(l.args), cargs...)...).Row().Scan(&one)
	if err == sql.ErrNoRows {
		return false, nil
	}
	return err == nil, err
}

// countFigures counts the figures f selects (where and args being its
// filterSQL), remembering the answer for the data version it was read at
// (in the same snapshot), so that every page of a list after the first
// costs no count.
func (s *Store) countFigures(tx *gorm.DB, f models.FigureFilter, where string, args []any) (int, error) {
	version, err := dataVersion(tx)
	if err != nil {
		return 0, err
	}
	key := where + "\x00" + fmt.Sprintf("%q", args)
	if n, ok := s.counts.get(version, key); ok {
		return n, nil
	}
	var total int64
	q, qargs := s.countSQL(f, where, args)
	if err := tx.Raw(q, qargs...).Row().Scan(&total); err != nil {
		return 0, err
	}
	s.counts.put(version, key, int(total))
	return int(total), nil
}

// countSQL is the query that counts the figures f selects, where and
// args being its filterSQL, with its arguments.
func (s *Store) countSQL(f models.FigureFilter, where string, args []any) (string, []any) {
	if s.dialect != DialectSQLite {
		return "SELECT COUNT(*) FROM figures f WHERE " + where, args
	}
	if peopleCovers(f) {
		// SQLite would count through the period's index and read a table
		// row for each figure it finds.
		return "SELECT COUNT(*) FROM figures f INDEXED BY figures_people WHERE " + where, args
	}
	if g, ok := summarisedPeriod(f); ok {
		// The summarised figures of a period are the published ones,
		// counted over the people index alone, but for the subgroups
		// and shares among them, counted through their own (partial)
		// indexes, a table row each: SQLite read a table row for every
		// figure of the period (`summarised` up to 2012 at a million
		// figures: 1.04 s in sqlite3, now 0.25 s).
		gw, ga := s.filterSQL(g)
		q := "SELECT (SELECT COUNT(*) FROM figures f INDEXED BY figures_people WHERE " + gw +
			") - (SELECT COUNT(*) FROM figures f INDEXED BY figures_subgroup_of WHERE f.subgroup_of IS NOT NULL AND " + gw +
			") - (SELECT COUNT(*) FROM figures f INDEXED BY figures_share_of WHERE f.share_of IS NOT NULL AND f.subgroup_of IS NULL AND " + gw + ")"
		return q, slices.Concat(ga, ga, ga)
	}
	return "SELECT COUNT(*) FROM figures f WHERE " + where, args
}

// summarisedPeriod reports whether f is a list of the summarised figures
// of a period, which every filter but that one the people index holds,
// and returns f as the list of the published figures of the same filters
// (the summarised ones and the subgroups and shares among them; see
// summarisedSQL).
func summarisedPeriod(f models.FigureFilter) (models.FigureFilter, bool) {
	period := !f.From.IsZero() || !f.To.IsZero() || !f.Starts.Start.IsZero()
	published := len(f.Statuses) == 0 || slices.Contains(f.Statuses, models.StatusPublished)
	if !f.Summarised || !period || !published {
		return f, false
	}
	f.Summarised, f.Statuses = false, []models.Status{models.StatusPublished}
	return f, true
}

// peopleCovers reports whether f is a list to count in one pass over the
// people index, which holds every column it filters on (migration 36): a
// period beside a state, a qualifier, a population, a unit or a kind, or
// beside a metric or a source when it names the period's end (from),
// which their own indexes do not hold (a metric from 2018 at a million
// figures: 0.55 s through its index, reading a table row per figure of
// the metric, 0.03 s over the people index); a metric or a source up to
// a date (the period's start) is counted by its own index alone (3 ms,
// 29 ms over the people index). And no condition on subgroups or shares
// (summarised), which that index does not hold. Without its period such
// a list is counted from the facets (facetCount); with it, the period's
// index finds its figures but cannot tell which to keep without a table
// row each.
func peopleCovers(f models.FigureFilter) bool {
	period := !f.From.IsZero() || !f.To.IsZero() || !f.Starts.Start.IsZero()
	other := false
	vals := anchorListVals(f)
	for i, vs := range vals {
		// the metric and the source hold the period's start, not its end
		other = other || len(vs) > 0 && (i >= 2 || !f.From.IsZero())
	}
	return period && other && !f.Summarised
}

// countCache keeps the counts of figure lists read at one data version
// (data_version.n, which every write changes, drafts included).
type countCache struct {
	mu      sync.Mutex
	version int64
	counts  map[string]int
}

const maxCachedCounts = 4096

func (c *countCache) get(version int64, key string) (int, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version != version {
		return 0, false
	}
	n, ok := c.counts[key]
	return n, ok
}

func (c *countCache) put(version int64, key string, n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version != version || c.counts == nil || len(c.counts) >= maxCachedCounts {
		if version < c.version {
			return // a slower reader of an older snapshot
		}
		c.version, c.counts = version, map[string]int{}
	}
	c.counts[key] = n
}

// dataVersion is the version of the data tx reads: one more at each
// write of figures.
func dataVersion(tx *gorm.DB) (int64, error) {
	var version int64
	err := tx.Raw("SELECT n FROM data_version WHERE id = 1").Row().Scan(&version)
	return version, err
}

// FiguresByKey returns the figures with these keys that the audience may
// see, with their metric and source, in key order: the figures a page of
// check results links to. Keys it does not find are left out.
func (s *Store) FiguresByKey(ctx context.Context, keys []string, aud models.Audience) ([]models.FigureView, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	where, args := s.filterSQL(models.AllFigures(aud))
	q := s.viewQuery(where+" AND f.key IN ?") + " ORDER BY f.key"
	var out []models.FigureView
	err := s.read(ctx, func(tx *gorm.DB) error {
		out = nil
		rows, err := tx.Raw(q, append(args, keys)...).Rows()
		if err != nil {
			return err
		}
		defer rows.Close()
		sc := newViewScanner(true)
		for rows.Next() {
			if err := sc.scan(rows); err != nil {
				return err
			}
			out = append(out, sc.v)
		}
		return rows.Err()
	})
	return out, wrap(err, "read figures by id")
}

// FigureStamps returns the key and the time of the last change
// (UpdatedAt) of the figures f selects, f.Limit of them from f.Offset in
// the order of their keys: the sitemaps' lists, which need neither the
// figures' other columns nor the count a page of the list reads (at a
// million figures on PostgreSQL, a sitemap's 10,000 figures read through
// FigurePage took 6.7 s at the machine's load).
func (s *Store) FigureStamps(ctx context.Context, f models.FigureFilter) ([]models.Figure, error) {
	terms, err := sortTerms("id")
	if err != nil {
		return nil, err
	}
	where, args := s.filterSQL(f)
	var out []models.Figure
	err = s.read(ctx, func(tx *gorm.DB) error {
		out = out[:0]
		rows, err := tx.Raw("SELECT f.key, f.updated_at FROM figures f WHERE "+where+orderBy(terms, false)+" LIMIT ? OFFSET ?",
			append(args, f.Limit, max(f.Offset, 0))...).Rows()
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var fig models.Figure
			if err := rows.Scan(&fig.Key, timeDest{&fig.UpdatedAt}); err != nil {
				return err
			}
			out = append(out, fig)
		}
		return rows.Err()
	})
	return out, wrap(err, "list figure stamps")
}
