package store

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strings"

	"gorm.io/gorm"

	"forcedreturns/models"
)

// An export's countable, group and counted_in columns (checks.Counting)
// depend on every exported figure of the same subject, so they are worked
// out before the rows are written. The two reads below serve that first
// pass: they select only the columns counting looks at, with no join, and
// deliver the figures one subject after another, so that the counting
// holds one subject's figures at a time instead of the whole export.

// countingColumns are the columns of a figure that checks.Counting and
// checks.SubjectOf read, in the order countingScanner scans them. The
// driver spends more per column than per byte (on SQLite three calls into
// the library for each value of each row), so the columns that repeat from
// row to row are joined into two: the subject, and the enumerations with
// the source, each separated by unitSep, which no stored text contains
// (models rejects control characters); the scanner splits each distinct
// value once.
const countingColumns = "f.id, f.key, " + subjectJoined + ", " +
	"f.qualifier || '\x1f' || f.period_precision || '\x1f' || f.period_end_precision || '\x1f' || f.quantity_kind || '\x1f' || f.status || '\x1f' || f.source, " +
	"f.value, f.value_low, f.value_high, f.period_start, f.period_end, " +
	"COALESCE(f.subgroup_of, ''), COALESCE(f.share_of, ''), f.derived, f.formula"

const unitSep = "\x1f"

// subjectJoined is a figure's subject (checks.SubjectOf) as one text, its
// parts separated by unitSep. Ordered byte for byte (SQLite's BINARY,
// PostgreSQL's "C"), it orders figures as their parts do one after the
// other: unitSep sorts before every character a part may hold. The read
// by subject sorts on it, not on the five columns: on PostgreSQL the
// population, the states and the unit were compared under the
// database's collation, and the sort of a source's 111,663 figures at a
// million took 1.4 s of the query's 1.4 s, 0.6 s so; SQLite's sort holds
// and compares one column fewer than six.
const subjectJoined = "f.metric || '\x1f' || f.population || '\x1f' || f.acting_state || '\x1f' || f.receiving_state || '\x1f' || f.unit"

// EachFigureBySubject calls fn for every figure matching filter, like
// EachFigure, but with only the fields checks.Counting reads set (ID, Key,
// Metric, Population, ActingState, ReceivingState, Unit, Qualifier, Value,
// ValueLow, ValueHigh, Period, Kind, SubgroupOf, ShareOf, Derived, Formula,
// Source, Status) and ordered by subject (metric, population, acting
// state, receiving state, unit, compared byte for byte: subjectJoined),
// then by key; filter.Sort is ignored (counting does
// not depend on the order within a subject). fn receives the same
// *Figure on every call: it must copy what it keeps. The figures of a
// subject therefore come one after another. It reads every figure the
// filter matches: a Limit or Offset is an error.
func (s *Store) EachFigureBySubject(ctx context.Context, filter models.FigureFilter, fn func(*models.Figure) error) error {
	if filter.Limit > 0 || filter.Offset > 0 {
		var p models.Problems
		p.Add("limit", "counting reads every matching figure: expected no limit or offset, got limit %d, offset %d", filter.Limit, filter.Offset)
		return p.Err("filter")
	}
	where, args := s.filterSQL(filter)
	from := "figures f"
	if s.dialect == DialectSQLite && !narrows(filter) {
		// The rows are sorted anyway, and nearly all of them match: a scan
		// of the table in rowid order is cheaper than walking the index of
		// the metric and looking up each row from it, which SQLite would
		// otherwise pick. A filter on a column is left to its index.
		from = "figures f NOT INDEXED"
	}
	bytewise := ""
	if s.dialect == DialectPostgres {
		bytewise = ` COLLATE "C"`
	}
	q := "SELECT " + countingColumns + " FROM " + from + " WHERE " + where +
		" ORDER BY " + subjectJoined + bytewise + ", f.key" + bytewise
	sc := newCountingScanner()
	return s.stream(ctx, "stream figures by subject", q, args, sc.scan, func() error { return fn(&sc.f) })
}

// narrows reports whether filter selects on anything but the status, so
// that an index may find its figures faster than a scan of them all.
func narrows(f models.FigureFilter) bool {
	return len(f.Metrics)+len(f.Sources)+len(f.ActingStates)+len(f.ReceivingStates)+len(f.Qualifiers)+
		len(f.Populations)+len(f.Units)+len(f.Kinds) > 0 || !f.From.IsZero() || !f.To.IsZero() || !f.Starts.Start.IsZero()
}

// FormulaInputs returns the figures matching filter that the formula of a
// figure matching filter refers to, with only Key, Metric and Status set,
// in key order: what checks.Counting.Input needs before the first subject.
func (s *Store) FormulaInputs(ctx context.Context, filter models.FigureFilter) ([]models.Figure, error) {
	where, args := s.filterSQL(filter)
	var out []models.Figure
	err := s.read(ctx, func(tx *gorm.DB) error {
		out = nil
		// Only a derived figure has a formula (models.Figure.Validate):
		// the partial index of the derived figures finds them.
		fwhere, err := s.namingWhere(tx, "f.derived", filter)
		if err != nil {
			return err
		}
		keys, err := formulaRefs(tx, fwhere, args)
		if err != nil {
			return err
		}
		// In slices, to stay far below both databases' limits on bound
		// parameters.
		const chunk = 500
		for len(keys) > 0 {
			part := keys[:min(chunk, len(keys))]
			keys = keys[len(part):]
			q := "SELECT f.key, f.metric, f.status FROM figures f WHERE f.key IN ? AND " + where + " ORDER BY f.key"
			rows, err := tx.Raw(q, append([]any{part}, args...)...).Rows()
			if err != nil {
				return err
			}
			for rows.Next() {
				var f models.Figure
				var status string
				if err := rows.Scan(&f.Key, &f.Metric, &status); err != nil {
					rows.Close()
					return err
				}
				f.Status = models.Status(status)
				out = append(out, f)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, wrap(err, "read formula inputs")
	}
	return out, nil
}

// CountingTargets returns the keys that the subgroup_of or share_of of a
// figure matching filter names, in key order, each once: with the keys
// formulas name (FormulaInputs), the figures a chain of checks.Counting may
// pass through. Both columns have partial indexes of the figures that set
// them.
func (s *Store) CountingTargets(ctx context.Context, filter models.FigureFilter) ([]string, error) {
	_, args := s.filterSQL(filter)
	var out []string
	err := s.read(ctx, func(tx *gorm.DB) error {
		out = nil
		sub, err := s.namingWhere(tx, "f.subgroup_of IS NOT NULL", filter)
		if err != nil {
			return err
		}
		share, err := s.namingWhere(tx, "f.share_of IS NOT NULL", filter)
		if err != nil {
			return err
		}
		q := "SELECT f.subgroup_of FROM figures f WHERE f.subgroup_of IS NOT NULL AND " + sub +
			" UNION SELECT f.share_of FROM figures f WHERE f.share_of IS NOT NULL AND " + share + " ORDER BY 1"
		rows, err := tx.Raw(q, append(args, args...)...).Rows()
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var k string
			if err := rows.Scan(&k); err != nil {
				return err
			}
			if k != "" {
				out = append(out, k)
			}
		}
		return rows.Err()
	})
	if err != nil {
		return nil, wrap(err, "read counting targets")
	}
	return out, nil
}

// formulaRefs returns, in order, the keys that the formulas of the derived
// figures matching where (with args) name. A formula that does not parse
// names nothing: counting treats its figure as resting on no input.
func formulaRefs(tx *gorm.DB, where string, args []any) ([]string, error) {
	rows, err := tx.Raw("SELECT f.formula FROM figures f WHERE f.derived AND f.formula <> '' AND "+where, args...).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	refs := map[string]bool{}
	var formula string
	for rows.Next() {
		if err := rows.Scan(&formula); err != nil {
			return nil, err
		}
		if expr, err := models.ParseFormula(formula); err == nil {
			for _, k := range expr.Refs() {
				refs[k] = true
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return slices.Sorted(maps.Keys(refs)), nil
}

// namingWhere returns filter's condition (filterSQL, the same arguments)
// for a read of the figures it selects that name others, those matching
// partial (the condition of a partial index: the subgroups, the shares,
// the derived figures). On SQLite, which has no statistics to choose by
// and took the selection's index (a source's: 125,000 rows read from the
// table at a million figures, for each of the three reads, where no
// figure was a share or derived), the selection's terms are kept off the
// indexes when fewer figures match partial than filter selects: the
// partial index is walked instead. Counting the selection stops there.
//
// A filter with no term that an index of figures begins with (a
// qualifier, a kind, a state, a unit, a period's end) leaves SQLite
// only the partial index to walk, so the two are not counted: counting
// the selection up to the partial index's size read the table (a
// qualifier's 125,000 figures among 700,000 at a million, 0.3 s) for
// nothing.
func (s *Store) namingWhere(tx *gorm.DB, partial string, filter models.FigureFilter) (string, error) {
	where, args := s.filterSQL(filter)
	if s.dialect != DialectSQLite || !narrows(filter) || !indexedTerm(filter) {
		return where, nil
	}
	var naming, selected int64
	if err := tx.Raw("SELECT COUNT(*) FROM figures f WHERE " + partial).Row().Scan(&naming); err != nil {
		return "", err
	}
	if err := tx.Raw("SELECT COUNT(*) FROM (SELECT 1 FROM figures f WHERE "+where+" LIMIT ?) x", append(args, naming+1)...).Row().Scan(&selected); err != nil {
		return "", err
	}
	if selected <= naming {
		return where, nil
	}
	off, _ := s.filterSQLWith(filter, func(string) bool { return true })
	return off, nil
}

// indexedTerm reports whether filter has a term that an index of figures
// begins with (migrations: figures_metric_page, figures_source_page,
// figures_people, figures_period_page, figures_status; the summarised
// figures' condition and any status asked for are taken as such too).
func indexedTerm(f models.FigureFilter) bool {
	return len(f.Metrics)+len(f.Sources)+len(f.Populations)+len(f.Statuses) > 0 || f.Summarised ||
		!f.To.IsZero() || !f.Starts.Start.IsZero()
}

// countingScanner scans rows of countingColumns into one Figure that it
// reuses. The joined columns are read as raw bytes and each distinct value
// is split once, so the figures of a subject share their strings and a row
// allocates only its key and, when set, its subgroup_of, share_of and
// formula.
type countingScanner struct {
	f    models.Figure
	dest []any

	subject, kinds sql.RawBytes
	subjects       map[string][]string
	kindsOf        map[string][]string
}

func newCountingScanner() *countingScanner {
	sc := &countingScanner{subjects: map[string][]string{}, kindsOf: map[string][]string{}}
	f := &sc.f
	sc.dest = []any{
		&f.ID, &f.Key, &sc.subject, &sc.kinds, &f.Value, &f.ValueLow, &f.ValueHigh,
		dateDest{&f.Period.Start}, dateDest{&f.Period.End}, &f.SubgroupOf, &f.ShareOf, &f.Derived, &f.Formula,
	}
	return sc
}

// split returns the n parts of a joined column, or an error naming the
// figure if a part holds the separator itself.
func split(key string, b []byte, n int, seen map[string][]string) ([]string, error) {
	if v, ok := seen[string(b)]; ok {
		return v, nil
	}
	v := strings.Split(string(b), unitSep)
	if len(v) != n {
		return nil, fmt.Errorf("figure %s: a text field holds the character U+001F, which no figure may contain", key)
	}
	seen[string(b)] = v
	return v, nil
}

// scan reads the current row into sc.f.
func (sc *countingScanner) scan(rows *sql.Rows) error {
	f := &sc.f
	if err := rows.Scan(sc.dest...); err != nil {
		return err
	}
	subj, err := split(f.Key, sc.subject, 5, sc.subjects)
	if err != nil {
		return err
	}
	k, err := split(f.Key, sc.kinds, 6, sc.kindsOf)
	if err != nil {
		return err
	}
	f.Metric, f.Population, f.ActingState, f.ReceivingState, f.Unit = subj[0], subj[1], subj[2], subj[3], subj[4]
	f.Qualifier, f.Period.Precision, f.Period.EndPrecision = models.Qualifier(k[0]), models.Precision(k[1]), models.Precision(k[2])
	f.Kind, f.Status, f.Source = models.QuantityKind(k[3]), models.Status(k[4]), k[5]
	return nil
}
