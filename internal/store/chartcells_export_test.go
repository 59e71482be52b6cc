package store

import (
	"context"
	"fmt"
	"math"
	"strings"

	"gorm.io/gorm"

	"forcedreturns/models"
)

// DirtyChartSubjects returns the subjects noted in chart_dirty, as
// "population|acting|receiving|unit|metric", for the tests of
// RefreshChartCells.
func (s *Store) DirtyChartSubjects(ctx context.Context) ([]string, error) {
	rows, err := s.sqlDB.QueryContext(ctx, "SELECT population, acting_state, receiving_state, unit, metric FROM chart_dirty ORDER BY 1, 2, 3, 4, 5")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var p [5]string
		if err := rows.Scan(&p[0], &p[1], &p[2], &p[3], &p[4]); err != nil {
			return nil, err
		}
		out = append(out, p[0]+"|"+p[1]+"|"+p[2]+"|"+p[3]+"|"+p[4])
	}
	return out, rows.Err()
}

// ChartSpanPlanForTest is the database's plan of ChartSpan's query for
// f (EXPLAIN QUERY PLAN on SQLite, EXPLAIN on PostgreSQL with scans of
// whole tables ruled out, as the planner would rule them out for big
// tables), after the cells are brought up to date: what a chart of f
// reads.
func (s *Store) ChartSpanPlanForTest(ctx context.Context, f models.FigureFilter) (string, error) {
	if err := s.RefreshChartCells(ctx); err != nil {
		return "", err
	}
	q, args, err := s.spanQuery(ctx, f, math.MaxInt64)
	if err != nil {
		return "", err
	}
	return s.planForTest(ctx, q, args)
}

// LatestMonthsPlanForTest is the database's plan (as ChartSpanPlanForTest)
// of the query by which LatestFigures reads, from year cells, the months
// of metrics whose latest end is last's, after the cells are brought up
// to date.
func (s *Store) LatestMonthsPlanForTest(ctx context.Context, f models.FigureFilter, metrics []string, last map[string]models.Date) (string, error) {
	if err := s.RefreshChartCells(ctx); err != nil {
		return "", err
	}
	q, args := latestMonthsQuery(f, metrics, last)
	return s.planForTest(ctx, q, args)
}

// MonthOfSourcesPlanForTest is the database's plan (as
// ChartSpanPlanForTest) of the query by which a refresh sums a subject's
// month of one kind over its sources, for the subject, kind and month of
// args.
func (s *Store) MonthOfSourcesPlanForTest(ctx context.Context, args ...any) (string, error) {
	return s.planForTest(ctx, monthOfSources(), args)
}

// planForTest is the database's plan of q (ChartSpanPlanForTest).
func (s *Store) planForTest(ctx context.Context, q string, args []any) (string, error) {
	explain := "EXPLAIN QUERY PLAN "
	var plan []string
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if s.dialect == DialectPostgres {
			explain = "EXPLAIN "
			if err := tx.Exec("SET LOCAL enable_seqscan = off").Error; err != nil {
				return err
			}
		}
		rows, err := tx.Raw(explain+q, args...).Rows()
		if err != nil {
			return err
		}
		defer rows.Close()
		cols, err := rows.Columns()
		if err != nil {
			return err
		}
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				return err
			}
			plan = append(plan, fmt.Sprint(vals...))
		}
		return rows.Err()
	})
	return strings.Join(plan, "\n"), err
}

// ChartCellsWrittenForTest is the number of cells RefreshChartCells has
// written since the store opened.
func (s *Store) ChartCellsWrittenForTest() int64 { return s.cellsWritten.Load() }

// ChartCellsComparedForTest is the number of month cells by source
// RefreshChartCells has summarised from the figures to compare them with
// those stored since the store opened.
func (s *Store) ChartCellsComparedForTest() int64 { return s.cellsCompared.Load() }

// ChartCellsSpilledForTest says whether the last full RefreshChartCells
// on SQLite sorted through temporary files on disk.
func (s *Store) ChartCellsSpilledForTest() bool { return s.cellsSpilled.Load() }

// SetChangedCellsAboveForTest sets changedCellsAbove and returns the
// function that puts it back.
func SetChangedCellsAboveForTest(n int) func() {
	old := changedCellsAbove
	changedCellsAbove = n
	return func() { changedCellsAbove = old }
}

// DatedFiguresFromForTest is the first day from which a chart of f (a
// filter with dates) reads the figures that start before the months its
// dates keep whole (datedParts), or "" if it reads none of them.
func (s *Store) DatedFiguresFromForTest(ctx context.Context, f models.FigureFilter) (string, error) {
	if err := s.RefreshChartCells(ctx); err != nil {
		return "", err
	}
	parts, err := s.datedParts(ctx, f, false)
	if err != nil {
		return "", err
	}
	for _, p := range parts {
		if p.step == "" && strings.HasPrefix(p.cond, "f.period_start >= ?") {
			return p.args[0].(string), nil
		}
	}
	return "", nil
}
