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
// units the waiting notes touch otherwise. Nothing is written: the page
// needs no write lock, and the next RefreshChecks stores them. computed
// is how many units were computed here rather than read.
func (s *Store) ChecksInvolving(ctx context.Context, aud models.Audience, o checks.Options, f models.Figure, naming []models.Figure) (rs []checks.Result, computed int, err error) {
	var parent *models.Figure
	if f.SubgroupOf != "" {
		ps, err := s.FiguresOfKeys(ctx, []string{f.SubgroupOf}, aud)
		if err != nil {
			return nil, 0, err
		}
		if len(ps) > 0 {
			parent = &ps[0]
		}
	}
	units := o.UnitsInvolving(f, parent, naming)
	gen, stale, err := s.staleUnits(ctx, aud, o, units)
	if err != nil {
		return nil, 0, err
	}
	var fresh []string
	for _, u := range units {
		if !stale[u] {
			fresh = append(fresh, ownerKey(u))
		}
	}
	if len(fresh) > 0 {
		stored, ok, err := s.storedResults(ctx, aud, gen, fresh)
		if err != nil {
			return nil, 0, err
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
	look := s.CheckLookup(aud)
	cohort := cohortMetrics(o)
	for _, u := range units {
		if !stale[u] {
			continue
		}
		figs, err := s.unitFigures(ctx, aud, u, cohort)
		if err != nil {
			return nil, 0, err
		}
		got, err := o.RunUnit(ctx, u, figs, look)
		if err != nil {
			return nil, 0, err
		}
		rs = append(rs, got...)
		computed++
	}
	rs = slices.DeleteFunc(rs, func(r checks.Result) bool { return !r.Involves(f.Key) })
	checks.SortResults(rs)
	return rs, computed, nil
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
	if n > int64(bulkDirty) {
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
// generation gen; ok is false when gen is no longer aud's.
func (s *Store) storedResults(ctx context.Context, aud models.Audience, gen int64, owners []string) (out []checks.Result, ok bool, err error) {
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
		rows, err := tx.Raw("SELECT result FROM check_results WHERE audience = ? AND gen = ? AND owner IN ?", name, gen, owners).Rows()
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var b []byte
			if err := rows.Scan(&b); err != nil {
				return err
			}
			var r checks.Result
			if err := json.Unmarshal(b, &r); err != nil {
				return err
			}
			out = append(out, r)
		}
		return rows.Err()
	})
	return out, ok, wrap(err, "read the stored checks")
}
