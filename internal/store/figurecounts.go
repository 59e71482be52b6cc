package store

import (
	"context"
	"database/sql"
	"errors"
	"maps"
	"slices"
	"strings"
	"sync"

	"gorm.io/gorm"

	"forcedreturns/models"
)

// An export's countable, group and counted_in columns (checks.Counting)
// depend on the other figures of a figure's subject, and through
// subgroups, shares and formulas on figures of other subjects: worked out
// when asked, they hold back a download's first row until every figure
// has been read once (two minutes at a million figures). The answer for
// the public figures, what a download without a filter holds, is stored
// instead (migration 25), with the data version it was computed at
// (data_version.public_n, which every write of a figure the public sees
// changes). EachFigureCounted streams the figures with it, in the same
// snapshot as the check that it is current; when it is not, the caller
// works the answer out (export.Figures) and stores it (SaveFigureCounts)
// for the downloads that follow, unless a write came in between.

// CountedFilter reports whether the stored answer is the one checks.Counting
// gives for the figures f selects: f selects the public figures (the
// default statuses, published and retracted, for any audience) with no
// other condition and no paging. Any other filter counts its figures among
// themselves (export.Count).
func CountedFilter(f models.FigureFilter) bool {
	return len(f.Metrics)+len(f.Sources)+len(f.ActingStates)+len(f.ReceivingStates)+len(f.Qualifiers)+
		len(f.Statuses)+len(f.Populations)+len(f.Units)+len(f.Kinds) == 0 &&
		f.From.IsZero() && f.To.IsZero() && f.Starts.Start.IsZero() && !f.Summarised &&
		f.Limit == 0 && f.Offset == 0 && f.Cursor == nil
}

// subjectFilter reports whether f selects whole subjects (checks.SubjectOf)
// of the public figures: by metric, population, acting and receiving state
// and unit alone, without paging. The stored answer then holds for its
// figures if, moreover, every figure they name is among them (see
// closedUnder).
func subjectFilter(f models.FigureFilter) bool {
	return len(f.Sources)+len(f.Qualifiers)+len(f.Statuses)+len(f.Kinds) == 0 &&
		f.From.IsZero() && f.To.IsZero() && f.Starts.Start.IsZero() && !f.Summarised &&
		f.Limit == 0 && f.Offset == 0 && f.Cursor == nil
}

// closedUnder reports whether every public figure that a figure filter
// selects names, by its subgroup_of, its share_of or its formula, is
// selected too. For a filter of whole subjects (subjectFilter) checks.Counting
// then gives its figures the answer it gives them among every public
// figure: what it reads of a figure is its subject, the figures the
// figure names and, along a chain, what those name, all selected, all
// the same; a named key that is no public figure is absent either way.
// A metric's figures are so in practice (a subgroup and a share keep the
// figure's metric); a population's are not when its figures are
// subgroups of another's.
func (s *Store) closedUnder(tx *gorm.DB, filter models.FigureFilter) (bool, error) {
	where, args := s.filterSQL(filter)
	base, bargs := s.filterSQL(models.FigureFilter{Audience: filter.Audience})
	outside := base + " AND NOT (" + where + ")"
	outArgs := append(append([]any{}, bargs...), args...)
	var n int64
	q := "SELECT COUNT(*) FROM figures f WHERE " + outside + " AND f.key IN (" +
		"SELECT f.subgroup_of FROM figures f WHERE f.subgroup_of IS NOT NULL AND " + where +
		" UNION SELECT f.share_of FROM figures f WHERE f.share_of IS NOT NULL AND " + where + ")"
	if err := tx.Raw(q, append(append(outArgs, args...), args...)...).Row().Scan(&n); err != nil || n > 0 {
		return false, err
	}
	// The figures formulas name (only a derived figure has one: the
	// partial index of the derived figures finds them).
	rows, err := tx.Raw("SELECT f.formula FROM figures f WHERE f.derived AND f.formula <> '' AND "+where, args...).Rows()
	if err != nil {
		return false, err
	}
	refs := map[string]bool{}
	var formula string
	for rows.Next() {
		if err := rows.Scan(&formula); err != nil {
			rows.Close()
			return false, err
		}
		if expr, err := models.ParseFormula(formula); err == nil {
			for _, k := range expr.Refs() {
				refs[k] = true
			}
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return false, err
	}
	keys := slices.Sorted(maps.Keys(refs))
	for chunk := range slices.Chunk(keys, 500) {
		q := "SELECT COUNT(*) FROM figures f WHERE f.key IN ? AND " + outside
		if err := tx.Raw(q, append([]any{chunk}, outArgs...)...).Row().Scan(&n); err != nil || n > 0 {
			return false, err
		}
	}
	return true, nil
}

// CountedFilter is the function CountedFilter, for export.Source.
func (s *Store) CountedFilter(f models.FigureFilter) bool { return CountedFilter(f) }

// PublicVersion returns the counter of the writes the public sees
// (data_version.public_n): read before working out an answer to store,
// and given to SaveFigureCounts.
func (s *Store) PublicVersion(ctx context.Context) (int64, error) {
	var n int64
	err := s.sqlDB.QueryRowContext(ctx, "SELECT public_n FROM data_version WHERE id = 1").Scan(&n)
	return n, wrap(err, "read the data version")
}

// SaveFigureCounts replaces the stored answer with the n rows row gives
// (a figure's id, whether it is countable, its group and counted_in, nil
// when they are the figure's own key):
// checks.Counting's answer for the figures CountedFilter selects, worked
// out from reads that all began after PublicVersion returned version. It
// stores nothing, and says so (false), if a public write has committed
// since: the answer may then describe figures that are no longer so. The
// check comes last, holding the counter's row (which every public write
// changes before it commits), so that no write commits between it and the
// commit of the answer.
func (s *Store) SaveFigureCounts(ctx context.Context, version int64, n int, row func(i int) (id int64, countable bool, group, countedIn *string)) (bool, error) {
	saved := false
	cols := []string{"figure_id", "countable", "grp", "counted_in"}
	args := func(i int) []any {
		id, countable, group, countedIn := row(i)
		out := []any{id, countable, nil, nil}
		if group != nil {
			out[2] = *group
		}
		if countedIn != nil {
			out[3] = *countedIn
		}
		return out
	}
	err := s.writeTx(withCopy(ctx), false, func(tx *gorm.DB) error {
		stored, now, err := countsVersions(tx)
		if err != nil {
			return err
		}
		switch {
		case now != version:
			return errCountsOutdated
		case stored == version:
			saved = true // another download stored it already
			return nil
		}
		// Not TRUNCATE: on PostgreSQL it would wait for, and then block,
		// every download reading the table.
		if err := tx.Exec("DELETE FROM figure_counts").Error; err != nil {
			return err
		}
		if copyConn(tx) != nil {
			if err := copyRows(tx, "figure_counts", cols, n, func(i int) ([]any, error) { return args(i), nil }); err != nil {
				return err
			}
		} else {
			tx, done := s.withPrepared(tx)
			defer done()
			per := s.rowsPerInsert(len(cols))
			q := "INSERT INTO figure_counts (figure_id, countable, grp, counted_in) VALUES " + s.valuesList(per, len(cols))
			vals := make([]any, 0, per*len(cols))
			for i := 0; i < n; i += per {
				k := min(per, n-i)
				vals = vals[:0]
				for j := range k {
					vals = append(vals, args(i+j)...)
				}
				stmt := q
				if k < per {
					stmt = "INSERT INTO figure_counts (figure_id, countable, grp, counted_in) VALUES " + s.valuesList(k, len(cols))
				}
				if err := execStmt(tx, stmt, vals); err != nil {
					return err
				}
			}
		}
		lock := "SELECT public_n FROM data_version WHERE id = 1"
		if s.dialect == DialectPostgres {
			lock += " FOR UPDATE"
		}
		if err := tx.Raw(lock).Row().Scan(&now); err != nil {
			return err
		}
		if now != version {
			return errCountsOutdated
		}
		if err := tx.Exec("DELETE FROM figure_counts_state").Error; err != nil {
			return err
		}
		saved = true
		return tx.Exec("INSERT INTO figure_counts_state (id, version) VALUES (1, ?)", version).Error
	})
	if errors.Is(err, errCountsOutdated) {
		return false, nil
	}
	if err != nil {
		return false, wrap(err, "store the countable columns")
	}
	return saved, nil
}

// errCountsOutdated: the stored answer, or the one worked out, is not that
// of the current figures (or of those a filter selects).
var errCountsOutdated = errors.New("store: the figures changed while they were counted")

// EachFigureCounted calls fn for every figure filter selects, as
// EachFigure does, with the stored answer of checks.Counting in the
// view's Count, and returns true; or, if the stored answer is not that of
// the current figures, or not the one checks.Counting gives the figures
// filter selects among themselves, returns false without calling fn. It
// is for every public figure (CountedFilter), and for the figures of
// whole subjects that name no public figure outside them (subjectFilter,
// closedUnder). The checks and the rows are one snapshot, so a write that
// commits meanwhile is in none of them.
func (s *Store) EachFigureCounted(ctx context.Context, filter models.FigureFilter, fn func(*models.FigureView) error) (bool, error) {
	whole := CountedFilter(filter)
	if !whole && !subjectFilter(filter) {
		return false, nil
	}
	var (
		countable        sql.NullBool // NULL: no stored row (countable is NOT NULL)
		group, countedIn sql.NullString
	)
	pre := func(tx *gorm.DB) error {
		stored, now, err := countsVersions(tx)
		if err != nil {
			return err
		}
		if stored != now {
			return errCountsOutdated
		}
		if !whole {
			closed, err := s.closed.of(now, filter, func() (bool, error) { return s.closedUnder(tx, filter) })
			if err != nil {
				return err
			}
			if !closed {
				return errCountsOutdated
			}
		}
		return nil
	}
	each := func(v *models.FigureView) {
		c := &v.Count
		if !countable.Valid {
			*c = models.FigureCount{}
			return
		}
		key := v.Figure.Key
		c.Countable, c.Group, c.CountedIn = countable.Bool, key, key
		if group.Valid {
			c.Group = group.String
		}
		if countedIn.Valid {
			c.CountedIn = countedIn.String
		}
	}
	err := s.streamViews(ctx, "stream counted figures", filter, viewExtra{
		cols: ", c.countable, c.grp, c.counted_in", join: " LEFT JOIN figure_counts c ON c.figure_id = f.id",
		dest: []any{&countable, &group, &countedIn}, pre: pre, each: each,
	}, fn)
	if errors.Is(err, errCountsOutdated) {
		return false, nil
	}
	return err == nil, err
}

// countsVersions returns the data version the stored answer was computed
// at (-1 if none is stored) and the current one.
func countsVersions(tx *gorm.DB) (stored, now int64, err error) {
	err = tx.Raw("SELECT COALESCE((SELECT version FROM figure_counts_state WHERE id = 1), -1), "+
		"(SELECT public_n FROM data_version WHERE id = 1)").Row().Scan(&stored, &now)
	return stored, now, err
}

// CountsCurrent reports whether the stored answer is that of the current
// figures (EachFigureCounted would use it).
func (s *Store) CountsCurrent(ctx context.Context) (bool, error) {
	var current bool
	err := s.read(ctx, func(tx *gorm.DB) error {
		stored, now, err := countsVersions(tx)
		current = stored == now
		return err
	})
	return current, wrap(err, "read the countable columns' version")
}

// closedCache remembers closedUnder's answer for the filters asked at one
// public data version (data_version.public_n, which every write it
// depends on changes): reading every subgroup, share and formula of a
// metric takes seconds at a million figures (4.3 s for one metric on
// PostgreSQL), paid by the first such download after a write only.
type closedCache struct {
	mu      sync.Mutex
	version int64
	answers map[string]bool
}

// closedCacheSize bounds the filters remembered at one version.
const closedCacheSize = 1000

// of returns the answer for filter at version, from compute the first time.
func (c *closedCache) of(version int64, filter models.FigureFilter, compute func() (bool, error)) (bool, error) {
	key := strings.Join([]string{strings.Join(filter.Metrics, "\x1f"), strings.Join(filter.Populations, "\x1f"),
		strings.Join(filter.ActingStates, "\x1f"), strings.Join(filter.ReceivingStates, "\x1f"), strings.Join(filter.Units, "\x1f")}, "\x1e")
	c.mu.Lock()
	if c.version == version {
		if ok, seen := c.answers[key]; seen {
			c.mu.Unlock()
			return ok, nil
		}
	}
	c.mu.Unlock()
	ok, err := compute()
	if err != nil {
		return false, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version != version || len(c.answers) >= closedCacheSize {
		c.version, c.answers = version, map[string]bool{}
	}
	c.answers[key] = ok
	return ok, nil
}
