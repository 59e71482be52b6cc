package store

import (
	"context"
	"slices"

	"gorm.io/gorm"

	"forcedreturns/internal/checks"
	"forcedreturns/models"
)

// The checks run one subject at a time (checks.RunBySubject): a stream of
// the figures ordered by people (population, states, unit), then metric,
// and reads by key of the few figures a derived figure, a share or a
// subgroup names across subjects. Neither joins the metric or the source:
// the checks read only the figure.

// peopleColumns order figures by people, then metric (checks.SortBySubject).
const peopleColumns = "f.population, f.acting_state, f.receiving_state, f.unit, f.metric, f.key"

// EachFigureByPeople calls fn for every figure matching filter, ordered
// by population, acting state, receiving state, unit, metric and key, so
// that the figures of one subject (checks.SubjectOf) come one after
// another, and the subjects of one people too. Only the figure is set (no
// metric or source), and fn receives the same *Figure on every call: it
// must copy what it keeps. filter.Sort, Limit and Offset are ignored.
func (s *Store) EachFigureByPeople(ctx context.Context, filter models.FigureFilter, fn func(*models.Figure) error) error {
	where, args := s.filterSQL(filter)
	from := "figures f"
	if s.dialect == DialectSQLite && !narrows(filter) {
		// As for EachFigureBySubject: a scan in rowid order and one sort
		// beat a walk of an index with a lookup of every row.
		from = "figures f NOT INDEXED"
	}
	q := "SELECT " + s.selectColumns(false) + " FROM " + from + " WHERE " + where + " ORDER BY " + peopleColumns
	sc := newViewScanner(false)
	return s.stream(ctx, "stream figures by people", q, args, sc.scan, func() error { return fn(&sc.v.Figure) })
}

// FiguresOfKeys returns the figures with these keys that the audience
// may see (without metric or source), in key order; keys not stored are
// left out. It reads in chunks, to stay far below both databases' limits
// on bound parameters.
func (s *Store) FiguresOfKeys(ctx context.Context, keys []string, aud models.Audience) ([]models.Figure, error) {
	return s.figuresWhere(ctx, "f.key IN ?", keys, aud, "read figures by key")
}

// SubgroupsOf returns the figures the audience may see that are
// subgroups of one of parents (their subgroup_of), in key order.
func (s *Store) SubgroupsOf(ctx context.Context, parents []string, aud models.Audience) ([]models.Figure, error) {
	return s.figuresWhere(ctx, "f.subgroup_of IN ?", parents, aud, "read subgroups")
}

func (s *Store) figuresWhere(ctx context.Context, cond string, vals []string, aud models.Audience, op string) ([]models.Figure, error) {
	if len(vals) == 0 {
		return nil, nil
	}
	where, args := s.filterSQL(models.AllFigures(aud))
	q := "SELECT " + s.selectColumns(false) + " FROM figures f WHERE " + where + " AND " + cond + " ORDER BY f.key"
	var out []models.Figure
	err := s.read(ctx, func(tx *gorm.DB) error {
		out = nil
		sc := newViewScanner(false)
		for chunk := range slices.Chunk(vals, 500) {
			rows, err := tx.Raw(q, append(slices.Clone(args), chunk)...).Rows()
			if err != nil {
				return err
			}
			for rows.Next() {
				if err := sc.scan(rows); err != nil {
					rows.Close()
					return err
				}
				out = append(out, sc.v.Figure)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
		}
		return nil
	})
	return out, wrap(err, op)
}

// checkLookup is checks.Lookup over the figures an audience may see.
type checkLookup struct {
	s   *Store
	aud models.Audience
}

func (l checkLookup) FiguresByKey(ctx context.Context, keys []string) ([]models.Figure, error) {
	return l.s.FiguresOfKeys(ctx, keys, l.aud)
}

func (l checkLookup) SubgroupsOf(ctx context.Context, parents []string) ([]models.Figure, error) {
	return l.s.SubgroupsOf(ctx, parents, l.aud)
}

// CheckLookup reads, for checks.RunBySubject and checks.Options.RunFor,
// the figures the audience may see by key and by parent.
func (s *Store) CheckLookup(aud models.Audience) checks.Lookup { return checkLookup{s, aud} }

// RunChecks runs the checks of o over every figure the audience may see,
// one subject at a time (checks.RunBySubject): the results of o.Run over
// them all, holding one subject's figures at a time. The large text of
// each figure (quote, notes, paraphrase), which no check reads, is
// dropped as it is read.
func (s *Store) RunChecks(ctx context.Context, aud models.Audience, o checks.Options) ([]checks.Result, error) {
	return o.RunBySubject(ctx, func(fn func(*models.Figure) error) error {
		return s.EachFigureByPeople(ctx, models.AllFigures(aud), func(f *models.Figure) error {
			f.Quote, f.Notes, f.Paraphrase = "", "", ""
			return fn(f)
		})
	}, s.CheckLookup(aud))
}
