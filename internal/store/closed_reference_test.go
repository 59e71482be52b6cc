package store

import (
	"context"
	"slices"

	"gorm.io/gorm"

	"forcedreturns/models"
)

// ClosedUnderForTest returns closedUnder's answer for filter and that of
// closedUnderReference, read in one snapshot.
func (s *Store) ClosedUnderForTest(ctx context.Context, filter models.FigureFilter) (got, want bool, err error) {
	err = s.read(ctx, func(tx *gorm.DB) error {
		var err error
		if got, err = s.closedUnder(tx, filter); err != nil {
			return err
		}
		want, err = s.closedUnderReference(tx, filter)
		return err
	})
	return got, want, err
}

// closedUnderReference is closedUnder as it was before migration 28 (it
// read every selected figure and every figure outside the selection),
// kept as the reference TestClosedUnderAsReference compares closedUnder
// with. It reports whether every public figure that a figure filter
// selects names, by its subgroup_of, its share_of or its formula, is
// selected too. For a filter of whole subjects (subjectFilter) checks.Counting
// then gives its figures the answer it gives them among every public
// figure: what it reads of a figure is its subject, the figures the
// figure names and, along a chain, what those name, all selected, all
// the same; a named key that is no public figure is absent either way.
// A metric's figures are so in practice (a subgroup and a share keep the
// figure's metric); a population's are not when its figures are
// subgroups of another's.
func (s *Store) closedUnderReference(tx *gorm.DB, filter models.FigureFilter) (bool, error) {
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
	keys, err := formulaRefs(tx, where, args)
	if err != nil {
		return false, err
	}
	for chunk := range slices.Chunk(keys, 500) {
		q := "SELECT COUNT(*) FROM figures f WHERE f.key IN ? AND " + outside
		if err := tx.Raw(q, append([]any{chunk}, outArgs...)...).Row().Scan(&n); err != nil || n > 0 {
			return false, err
		}
	}
	return true, nil
}
