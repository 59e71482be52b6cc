package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"slices"

	"gorm.io/gorm"

	"forcedreturns/internal/checks"
	"forcedreturns/models"
)

// inlineUnitFigures is the number of figures beyond which the stale
// units of a figure's page are left for RefreshChecks rather than
// computed for the page (a variable for the tests): a subject of a
// million generated figures holds 17,000 figures, and its checks take
// seconds to minutes. A unit's checks cost about 0.27 ms of CPU a figure
// (a 1,647-figure subject: 0.45 s, two thirds of it wording results that
// do not involve the page's figure), and reading its figures from
// PostgreSQL as much again (4,984 figures: 1.5 s at load 30), so 5,000
// (tuned on SQLite) made such a page take 9-22 s at a million figures on
// PostgreSQL, and 1,500 still let a 1,450-figure subject take 0.56 s of
// CPU (2.7 s at load 37) on SQLite; at 1,000 a unit computed for the
// page costs under 0.4 s of CPU.
var inlineUnitFigures = 1000

// ChecksInvolving returns the results of aud's checks that involve f, in
// the order of a run (checks.SortResults): a figure's page. They are the
// results of the units that may involve f (checks.Options.UnitsInvolving;
// naming are the figures naming f, FiguresNaming), read from aud's stored
// generation for each unit that is up to date there, and computed from
// the unit's own figures, read by index (checks.Options.RunUnit, as
// RefreshChecks would compute it), for each that is not: every unit when
// aud has no stored generation or one under another stamp, or when a
// bulk load left its marker or more notes wait than RefreshChecks follows
// unit by unit (a generation being rebuilt is that of the marker); the
// units the waiting notes touch otherwise. Stale units holding more than
// inlineUnitFigures figures in all are not computed but counted Pending:
// their results are left out, never shown stale. Nothing is written: the
// page needs no write lock, and RefreshChecks stores them.
func (s *Store) ChecksInvolving(ctx context.Context, aud models.Audience, o checks.Options, f models.Figure, naming []models.Figure) (checks.Involving, error) {
	var out checks.Involving
	var parent *models.Figure
	if f.SubgroupOf != "" {
		ps, err := s.FiguresOfKeys(ctx, []string{f.SubgroupOf}, aud)
		if err != nil {
			return out, err
		}
		if len(ps) > 0 {
			parent = &ps[0]
		}
	}
	units := o.UnitsInvolving(f, parent, naming)
	gen, stale, err := s.staleUnits(ctx, aud, o, units)
	if err != nil {
		return out, err
	}
	var fresh []string
	for _, u := range units {
		if !stale[u] {
			fresh = append(fresh, ownerKey(u))
		}
	}
	var rs []checks.Result
	if len(fresh) > 0 {
		stored, ok, err := s.storedResults(ctx, aud, gen, fresh, f.Key)
		if err != nil {
			return out, err
		}
		if ok {
			rs = stored
		} else {
			// A full computation replaced the generation meanwhile:
			// compute them all here.
			for _, u := range units {
				stale[u] = true
			}
		}
	}
	cohort := cohortMetrics(o)
	var todo []checks.Owner
	size := int64(0)
	for _, u := range units {
		if !stale[u] {
			continue
		}
		// Counted only as far as the bound: past it every stale unit
		// is pending, whatever its size.
		if size <= int64(inlineUnitFigures) {
			n, err := s.unitSize(ctx, aud, u, cohort, int64(inlineUnitFigures)+1-size)
			if err != nil {
				return out, err
			}
			size += n
		}
		todo = append(todo, u)
	}
	if size > int64(inlineUnitFigures) {
		out.Pending, todo = len(todo), nil
	}
	look := s.CheckLookup(aud)
	for _, u := range todo {
		figs, err := s.unitFigures(ctx, aud, u, cohort)
		if err != nil {
			return out, err
		}
		got, err := o.RunUnit(ctx, u, figs, look)
		if err != nil {
			return out, err
		}
		rs = append(rs, got...)
		out.Computed++
	}
	out.Results = slices.DeleteFunc(rs, func(r checks.Result) bool { return !r.Involves(f.Key) })
	checks.SortResults(out.Results)
	return out, nil
}

// unitSize counts, by index, the figures unitFigures reads, up to most:
// a subject of 100,000 figures took 0.5–0.8 s to count in full at a
// million figures under 8 clients, where the caller needs to know only
// whether the units pass inlineUnitFigures.
func (s *Store) unitSize(ctx context.Context, aud models.Audience, u checks.Owner, cohort []string, most int64) (int64, error) {
	if u.Parent != "" {
		return 0, nil
	}
	filter := models.AllFigures(aud)
	filter.Metrics = []string{u.Subject.Metric}
	if u.Subject.Metric == "" {
		filter.Metrics = cohort
	}
	where, args := s.filterSQL(filter)
	var n int64
	err := s.db.WithContext(ctx).Raw("SELECT COUNT(*) FROM (SELECT 1 FROM figures f WHERE "+where+
		" AND f.population = ? AND f.acting_state = ? AND f.receiving_state = ? AND f.unit = ? LIMIT ?) t",
		append(args, u.Subject.Population, u.Subject.ActingState, u.Subject.ReceivingState, u.Subject.Unit, most)...).Row().Scan(&n)
	return n, wrap(err, "count the figures of a check unit")
}

// staleUnits returns aud's stored generation and which of units it does
// not hold up to date (see ChecksInvolving): all of them if there is
// none to read.
func (s *Store) staleUnits(ctx context.Context, aud models.Audience, o checks.Options, units []checks.Owner) (int64, map[checks.Owner]bool, error) {
	stale := map[checks.Owner]bool{}
	all := func() (int64, map[checks.Owner]bool, error) {
		for _, u := range units {
			stale[u] = true
		}
		return 0, stale, nil
	}
	states, err := s.checkStates(ctx)
	if err != nil {
		return 0, nil, err
	}
	st, ok := states[audienceName(aud)]
	if !ok || st.stamp != checkStamp(o) {
		return all()
	}
	var n int64
	if err := s.sqlDB.QueryRowContext(ctx, "SELECT COUNT(*) FROM check_dirty").Scan(&n); err != nil {
		return 0, nil, wrap(err, "count the checks to compute again")
	}
	if n == 0 {
		return st.gen, stale, nil
	}
	if n > int64(bulkDirty()) {
		return all()
	}
	dirty, err := s.dirtyRows(ctx)
	if err != nil {
		return 0, nil, err
	}
	if slices.ContainsFunc(dirty, func(d dirtyRow) bool { return d.key == fullRebuildKey }) {
		return all()
	}
	touched, err := s.dirtyUnits(ctx, o, dirty)
	if err != nil {
		return 0, nil, err
	}
	for _, u := range touched {
		if slices.Contains(units, u) {
			stale[u] = true
		}
	}
	return st.gen, stale, nil
}

// storedResults reads the stored results of the units owners in aud's
// generation gen that name the figure key, found by the names' index
// (migration 23: a unit of a million figures holds up to 132,000
// results, which LIKE read every one of); ok is false when gen is no
// longer aud's.
func (s *Store) storedResults(ctx context.Context, aud models.Audience, gen int64, owners []string, key string) (out []checks.Result, ok bool, err error) {
	name := audienceName(aud)
	err = s.read(ctx, func(tx *gorm.DB) error {
		out, ok = nil, false
		var now int64
		err := tx.Raw("SELECT gen FROM check_state WHERE audience = ?", name).Row().Scan(&now)
		if err == sql.ErrNoRows || err == nil && now != gen {
			return nil // none, or another: computed by the caller
		}
		if err != nil {
			return err
		}
		ok = true
		rows, err := tx.Raw("SELECT result FROM "+resultsTable(aud, gen)+" WHERE owner IN ? AND id IN (SELECT result FROM "+namesTable(aud, gen)+" WHERE what = ? AND name = ?)",
			owners, namesFigure, key).Rows()
		if err != nil {
			return err
		}
		out, err = scanResults(rows, out)
		return err
	})
	return out, ok, wrap(err, "read the stored checks")
}

// scanResults appends to out the stored results (their JSON) rows
// holds, and closes rows.
func scanResults(rows *sql.Rows, out []checks.Result) ([]checks.Result, error) {
	defer rows.Close()
	for rows.Next() {
		var b []byte
		if err := rows.Scan(&b); err != nil {
			return out, err
		}
		var r storedResult
		if err := json.Unmarshal(b, &r); err != nil {
			return out, err
		}
		r.Result.Korean = r.Korean
		out = append(out, r.Result)
	}
	return out, rows.Err()
}
