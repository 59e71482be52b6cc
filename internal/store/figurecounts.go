package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"time"

	"gorm.io/gorm"

	"forcedreturns/internal/checks"
	"forcedreturns/internal/store/internal/bulksize"
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
//
// It looks for one selected figure that names a public figure outside
// the selection, and reads only the figures that name one: the selected
// subgroups and shares through the partial indexes of subgroup_of and
// share_of, which hold their subject and status (migration 28), each
// with the figure it names by the unique key, and the formulas through
// the partial index of the derived figures (on SQLite the selection's
// own terms are kept off the indexes, so that it walks those). Reading
// every selected figure instead, and every figure outside, took 4–12 s
// for one metric at a million figures.
func (s *Store) closedUnder(tx *gorm.DB, filter models.FigureFilter) (bool, error) {
	where, args := s.filterSQLWith(filter, func(string) bool { return true })
	sel, selArgs := s.filterSQL(filter)
	base, bargs := s.filterSQL(models.FigureFilter{Audience: filter.Audience})
	// g: a public figure outside the selection.
	g := func(cond string) string { return strings.ReplaceAll(cond, "f.", "g.") }
	outside := g(base) + " AND NOT (" + g(sel) + ")"
	outArgs := append(append([]any{}, bargs...), selArgs...)
	var n int
	for _, col := range []string{"f.subgroup_of", "f.share_of"} {
		q := "SELECT COUNT(*) FROM (SELECT 1 FROM figures f CROSS JOIN figures g WHERE " + col + " IS NOT NULL AND " + where +
			" AND g.key = " + col + " AND " + outside + " LIMIT 1) x"
		if err := tx.Raw(q, append(append([]any{}, args...), outArgs...)...).Row().Scan(&n); err != nil || n > 0 {
			return false, err
		}
	}
	// The figures formulas name (only a derived figure has one: the
	// partial index of the derived figures finds them).
	keys, err := formulaRefs(tx, where, args)
	if err != nil {
		return false, err
	}
	for chunk := range slices.Chunk(keys, 500) {
		q := "SELECT COUNT(*) FROM (SELECT 1 FROM figures g WHERE g.key IN ? AND " + outside + " LIMIT 1) x"
		if err := tx.Raw(q, append([]any{chunk}, outArgs...)...).Row().Scan(&n); err != nil || n > 0 {
			return false, err
		}
	}
	return true, nil
}

// CountedFilter is the function CountedFilter, for export.Source.
func (s *Store) CountedFilter(f models.FigureFilter) bool { return CountedFilter(f) }

// CountsMayHold reports whether EachFigureCounted may read the stored
// answer for f: every public figure, or whole subjects (subjectFilter).
func (s *Store) CountsMayHold(f models.FigureFilter) bool {
	return CountedFilter(f) || subjectFilter(f)
}

// CountsBase returns the counter of the writes the public sees
// (data_version.public_n) and the notes of written figures
// (count_dirty), read in one snapshot: read before working out an answer
// to store, and given to SaveFigureCounts, which stores the answer as of
// that version and deletes those notes (a write after it keeps its
// note, and CountsDelta counts its subjects again).
func (s *Store) CountsBase(ctx context.Context) (version int64, notes []int64, err error) {
	err = s.read(ctx, func(tx *gorm.DB) error {
		notes = notes[:0]
		if err := tx.Raw("SELECT public_n FROM data_version WHERE id = 1").Row().Scan(&version); err != nil {
			return err
		}
		rows, err := tx.Raw("SELECT id FROM count_dirty").Rows()
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return err
			}
			notes = append(notes, id)
		}
		return rows.Err()
	})
	return version, notes, wrap(err, "read the data version")
}

// countsChunk is how many answers SaveFigureCounts writes a transaction:
// SQLite's one writer is held a fraction of a second at a time, so an
// editor's write waits that long at most, not for a million rows (fewer
// in tests: bulksize).
func countsChunk() int {
	if n := bulksize.CountsChunk.Load(); n > 0 {
		return int(n)
	}
	return 20000
}

// CountsRow is one figure's stored answer: whether it is countable, its
// group and counted_in (nil when they are the figure's own key) and
// where its group is counted (checks.Link: nil when not pointed).
type CountsRow struct {
	ID                         int64
	Countable                  bool
	Group, CountedIn, PointsTo *string
}

func (r CountsRow) args() []any {
	out := []any{r.ID, r.Countable, nil, nil, nil}
	for i, p := range []*string{r.Group, r.CountedIn, r.PointsTo} {
		if p != nil {
			out[2+i] = *p
		}
	}
	return out
}

var countsColumns = []string{"figure_id", "countable", "grp", "counted_in", "points_to"}

// SaveFigureCounts replaces the stored answer with the n rows answer
// gives (a figure's id, whether it is countable, its group and
// counted_in, nil when they are the figure's own key, and where its
// group is counted, nil when it is not: checks.Link):
// checks.Counting's answer for the figures CountedFilter selects, worked
// out from reads that all began after CountsBase returned version and
// notes. The answer holds for the figures as of version, except where a
// write since then, which left a note that notes does not hold, touched
// them: CountsDelta counts those subjects again. It stores nothing, and
// says so (false), when the stored answer is of version or later.
//
// The rows are written countsChunk a transaction, never a million under
// one lock: the first empties the table and marks the stored answer as
// being filled (version -1, by a token of this call), each next one
// checks that no other computation took the table over since (then this
// one stops, false), and the last marks the answer as of version and
// deletes notes, all in one transaction. Readers see the old answer, no
// answer, or the new one, never a part of it as current.
func (s *Store) SaveFigureCounts(ctx context.Context, version int64, notes []int64, n int, answer func(i int) (id int64, countable bool, group, countedIn, pointsTo *string)) (bool, error) {
	row := func(i int) CountsRow {
		var r CountsRow
		r.ID, r.Countable, r.Group, r.CountedIn, r.PointsTo = answer(i)
		return r
	}
	token := fmt.Sprintf("%d.%d", time.Now().UnixNano(), rand.Int64())
	claimed := false
	err := s.writeTx(ctx, false, func(tx *gorm.DB) error {
		st, err := lockCountsState(tx, s.dialect)
		if err != nil {
			return err
		}
		if st.filler == "" && st.version >= version {
			return nil // as current, or more, already
		}
		// Not TRUNCATE: on PostgreSQL it would wait for, and then block,
		// every download reading the table.
		if err := tx.Exec("DELETE FROM figure_counts").Error; err != nil {
			return err
		}
		claimed = true
		return setCountsState(tx, -1, token)
	})
	if err != nil || !claimed {
		return false, wrap(err, "store the countable columns")
	}
	ours := func(tx *gorm.DB) error {
		st, err := lockCountsState(tx, s.dialect)
		if err != nil {
			return err
		}
		if st.filler != token {
			return errCountsOutdated
		}
		return nil
	}
	chunk := countsChunk()
	for i := 0; i < n; i += chunk {
		k := min(chunk, n-i)
		err := s.writeTx(withCopy(ctx), false, func(tx *gorm.DB) error {
			if err := ours(tx); err != nil {
				return err
			}
			return s.insertCounts(tx, k, func(j int) CountsRow { return row(i + j) })
		})
		if errors.Is(err, errCountsOutdated) {
			return false, nil
		}
		if err != nil {
			return false, wrap(err, "store the countable columns")
		}
	}
	err = s.writeTx(ctx, false, func(tx *gorm.DB) error {
		if err := ours(tx); err != nil {
			return err
		}
		if err := dropNotes(tx, notes); err != nil {
			return err
		}
		return setCountsState(tx, version, "")
	})
	if errors.Is(err, errCountsOutdated) {
		return false, nil
	}
	if err != nil {
		return false, wrap(err, "store the countable columns")
	}
	return true, nil
}

// insertCounts writes n answers in tx: by COPY on PostgreSQL, else in
// multi-row inserts.
func (s *Store) insertCounts(tx *gorm.DB, n int, row func(i int) CountsRow) error {
	if copyConn(tx) != nil {
		return copyRows(tx, "figure_counts", countsColumns, n, func(i int) ([]any, error) { return row(i).args(), nil })
	}
	tx, done := s.withPrepared(tx)
	defer done()
	cols := len(countsColumns)
	head := "INSERT INTO figure_counts (" + strings.Join(countsColumns, ", ") + ") VALUES "
	per := s.rowsPerInsert(cols)
	q := head + s.valuesList(per, cols)
	vals := make([]any, 0, per*cols)
	for i := 0; i < n; i += per {
		k := min(per, n-i)
		vals = vals[:0]
		for j := range k {
			vals = append(vals, row(i+j).args()...)
		}
		stmt := q
		if k < per {
			stmt = head + s.valuesList(k, cols)
		}
		if err := execStmt(tx, stmt, vals); err != nil {
			return err
		}
	}
	return nil
}

// dropNotes deletes the notes with ids (count_dirty), 500 a statement.
func dropNotes(tx *gorm.DB, ids []int64) error {
	for chunk := range slices.Chunk(ids, 500) {
		if err := tx.Exec("DELETE FROM count_dirty WHERE id IN ?", chunk).Error; err != nil {
			return err
		}
	}
	return nil
}

// countsState is the stored answer's state: the version it holds for
// (-1 while a computation fills it, or when none is stored) and the
// token of that computation.
type countsState struct {
	version int64
	filler  string
}

// lockCountsState reads the state in a write transaction, holding its row
// on PostgreSQL until the commit (SQLite has one writer), so that two
// computations never both take the stored answer from one state.
func lockCountsState(tx *gorm.DB, dialect string) (countsState, error) {
	q := "SELECT version, COALESCE(filler, ''), COALESCE(rule, '') FROM figure_counts_state WHERE id = 1"
	if dialect == DialectPostgres {
		q += " FOR UPDATE"
	}
	st := countsState{version: -1}
	var rule string
	err := tx.Raw(q).Row().Scan(&st.version, &st.filler, &rule)
	if errors.Is(err, sql.ErrNoRows) {
		return countsState{version: -1}, nil
	}
	if err == nil && rule != checks.CountingRule && st.filler == "" {
		st.version = -1 // another rule's answer: none for this build
	}
	return st, err
}

func setCountsState(tx *gorm.DB, version int64, filler string) error {
	var f any
	if filler != "" {
		f = filler
	}
	res := tx.Exec("UPDATE figure_counts_state SET version = ?, filler = ?, rule = ? WHERE id = 1", version, f, checks.CountingRule)
	if res.Error != nil || res.RowsAffected > 0 {
		return res.Error
	}
	return tx.Exec("INSERT INTO figure_counts_state (id, version, filler, rule) VALUES (1, ?, ?, ?)", version, f, checks.CountingRule).Error
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
//
// With u (a CountsDelta), the stored answer is read with u laid over it:
// only if the stored answer is the one u was worked out from and the
// figures are still those of u's version.
func (s *Store) EachFigureCounted(ctx context.Context, filter models.FigureFilter, u models.CountsUpdate, fn func(*models.FigureView) error) (bool, error) {
	d, _ := u.(*CountsDelta)
	over := d // laid over the stored answer, unless stored meanwhile
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
		switch {
		case d != nil && stored == now && now == d.Version:
			over = nil // d is stored already
		case d != nil && (stored != d.Base || now != d.Version), d == nil && stored != now:
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
		if over != nil && over.Touched[v.Figure.ID] {
			r, ok := over.Rows[v.Figure.ID]
			*c = models.FigureCount{}
			if ok {
				key := v.Figure.Key
				c.Countable, c.Group, c.CountedIn = r.Countable, key, key
				if r.Group != nil {
					c.Group = *r.Group
				}
				if r.CountedIn != nil {
					c.CountedIn = *r.CountedIn
				}
			}
			return
		}
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
	err = tx.Raw("SELECT COALESCE((SELECT version FROM figure_counts_state WHERE id = 1 AND rule = ?), -1), "+
		"(SELECT public_n FROM data_version WHERE id = 1)", checks.CountingRule).Row().Scan(&stored, &now)
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
