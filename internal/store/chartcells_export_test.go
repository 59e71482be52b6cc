package store

import "context"

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
