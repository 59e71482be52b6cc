package store

import (
	"context"
	"slices"
	"strings"

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

// eachFigureBySubjects calls fn for every figure aud sees, in the order
// of EachFigureByPeople, with the large texts (quote, notes, paraphrase)
// left out, reading one subject at a time by index, each whole in a read
// transaction of its own before fn sees its first figure. A full
// computation of the checks (rebuildChecks) reads so: one transaction
// over the whole stream, open as long as the checks take (half an hour
// at a million figures), kept SQLite from checkpointing its WAL, which
// grew to the size of every result written meanwhile (3.5 GB). The
// checks of a subject (and of a people, the longest) run when the next
// subject's first figure comes: read so, no transaction is open while
// they run, and the WAL is checkpointed and started over meanwhile
// (streamed straight from each subject's transaction instead, which
// saves a copy of the largest subject, 10 MB, one transaction or
// another was always open: the WAL could not start over and passed
// 1 GB). A write between two subjects is seen by those read after it:
// it leaves its note (check_dirty), after which the units it touches
// are computed again.
func (s *Store) eachFigureBySubjects(ctx context.Context, aud models.Audience, fn func(*models.Figure) error) error {
	where, args := s.filterSQL(models.AllFigures(aud))
	var subjects []checks.Subject
	err := s.read(ctx, func(tx *gorm.DB) error {
		subjects = nil
		rows, err := tx.Raw("SELECT DISTINCT f.population, f.acting_state, f.receiving_state, f.unit, f.metric FROM figures f WHERE "+where+
			" ORDER BY f.population, f.acting_state, f.receiving_state, f.unit, f.metric", args...).Rows()
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var p checks.Subject
			if err := rows.Scan(&p.Population, &p.ActingState, &p.ReceivingState, &p.Unit, &p.Metric); err != nil {
				return err
			}
			subjects = append(subjects, p)
		}
		return rows.Err()
	})
	if err != nil {
		return wrap(err, "read the figures' subjects")
	}
	var figs []models.Figure
	for _, subj := range subjects {
		figs = figs[:0]
		err := s.EachFigureOfPeople(ctx, aud, subj.People(), []string{subj.Metric}, func(f *models.Figure) error {
			f.Quote, f.Notes, f.Paraphrase = "", "", ""
			figs = append(figs, *f)
			return nil
		})
		if err != nil {
			return err
		}
		for i := range figs {
			if err := fn(&figs[i]); err != nil {
				return err
			}
		}
	}
	return nil
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
// them all, holding one subject's figures at a time. seen, unless nil, is
// called with every figure as it is read (the same *Figure each time).
// The large text of each figure (quote, notes, paraphrase), which no check
// reads, is dropped as it is read.
func (s *Store) RunChecks(ctx context.Context, aud models.Audience, o checks.Options, seen func(*models.Figure)) ([]checks.Result, error) {
	return o.RunBySubject(ctx, func(fn func(*models.Figure) error) error {
		return s.EachFigureByPeople(ctx, models.AllFigures(aud), func(f *models.Figure) error {
			f.Quote, f.Notes, f.Paraphrase = "", "", ""
			if seen != nil {
				seen(f)
			}
			return fn(f)
		})
	}, s.CheckLookup(aud))
}

// EachFigureOfPeople calls fn for every figure the audience may see about
// one people (p's population, states and unit) under one of metrics (any
// metric if none): what a figure page's checks relate it to
// (checks.Options.RunFor). fn receives the same *Figure on every call.
func (s *Store) EachFigureOfPeople(ctx context.Context, aud models.Audience, p checks.Subject, metrics []string, fn func(*models.Figure) error) error {
	filter := models.AllFigures(aud)
	filter.Metrics = metrics
	where, args := s.filterSQL(filter)
	q := "SELECT " + s.selectColumns(false) + " FROM figures f WHERE " + where +
		" AND f.population = ? AND f.acting_state = ? AND f.receiving_state = ? AND f.unit = ? ORDER BY " + peopleColumns
	args = append(args, p.Population, p.ActingState, p.ReceivingState, p.Unit)
	sc := newViewScanner(false)
	return s.stream(ctx, "stream figures of one people", q, args, sc.scan, func() error { return fn(&sc.v.Figure) })
}

// FiguresNaming returns the figures the audience may see that name the
// figure with key: its subgroups, its shares and the derived figures
// whose formula uses it, in key order.
func (s *Store) FiguresNaming(ctx context.Context, key string, aud models.Audience) ([]models.Figure, error) {
	where, args := s.filterSQL(models.AllFigures(aud))
	sel := "SELECT " + s.selectColumns(false) + " FROM figures f WHERE " + where + " AND "
	// LIKE finds candidates ('_' in a key matches any character); the
	// parsed formula decides.
	like := "%{" + likeEscape(key) + "}%"
	var out []models.Figure
	err := s.read(ctx, func(tx *gorm.DB) error {
		out = nil
		seen := map[string]bool{}
		sc := newViewScanner(false)
		for _, q := range []struct {
			cond string
			arg  any
		}{{"f.subgroup_of = ?", key}, {"f.share_of = ?", key}, {`f.derived AND f.formula LIKE ? ESCAPE '\'`, like}} {
			rows, err := tx.Raw(sel+q.cond, append(slices.Clone(args), q.arg)...).Rows()
			if err != nil {
				return err
			}
			for rows.Next() {
				if err := sc.scan(rows); err != nil {
					rows.Close()
					return err
				}
				f := sc.v.Figure
				if f.Derived && f.SubgroupOf != key && f.ShareOf != key {
					expr, err := models.ParseFormula(f.Formula)
					if err != nil || !slices.Contains(expr.Refs(), key) {
						continue
					}
				}
				if !seen[f.Key] {
					seen[f.Key] = true
					out = append(out, f)
				}
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
		}
		return nil
	})
	slices.SortFunc(out, func(a, b models.Figure) int { return strings.Compare(a.Key, b.Key) })
	return out, wrap(err, "read figures naming "+key)
}
