package export

import (
	"forcedreturns/internal/checks"
	"forcedreturns/models"
)

// Whether a figure may be added up (the countable, group and counted_in
// columns) depends on the other figures of its subject: its parts, the
// total it lies in, the other reports of its event. So every export reads
// the figures twice: a first pass keeps, of each figure, only what
// checks.Countability looks at (keys, metric, population, states, period,
// kind, quantity, status, formula), and the second writes the rows with
// its answer. Quotes, notes and sources are never held, and strings that
// repeat (metrics, populations, sources) are shared, but the figures and
// the grouping's copies of them are all in memory at once: measured on
// 200,000 figures, the heap peaks at about 2.2 KB per figure during the
// first pass (garbage included), so a million figures need some 2 GB for
// a moment; only the answer, about 85 bytes per figure, is kept while the
// rows are written. The countability describes the exported figures: a
// filtered export is counted among itself, and a figure changed between
// the two passes is written with what the first pass saw of it (or, if it
// is new, as not countable, in no group).

// countFigures reads it once and returns checks.Countability of its
// figures.
func countFigures(it Iterator) (map[string]checks.Count, error) {
	var figs []models.Figure
	strs := map[string]string{}
	intern := func(s string) string {
		if v, ok := strs[s]; ok {
			return v
		}
		strs[s] = s
		return s
	}
	err := it(func(v *models.FigureView) error {
		f := &v.Figure
		figs = append(figs, models.Figure{
			ID: f.ID, Key: f.Key, Metric: intern(f.Metric), Qualifier: f.Qualifier,
			Value: f.Value, ValueLow: f.ValueLow, ValueHigh: f.ValueHigh,
			Period: f.Period, Kind: f.Kind, Population: intern(f.Population),
			ActingState: intern(f.ActingState), ReceivingState: intern(f.ReceivingState),
			SubgroupOf: f.SubgroupOf, Derived: f.Derived, Formula: f.Formula,
			Source: intern(f.Source), Status: f.Status,
		})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return checks.Countability(figs), nil
}

// countCells returns the countable, group and counted_in cells of the
// figure with key (neither countable nor grouped if the first pass did not
// see it).
func countCells(counts map[string]checks.Count, key string) (string, string, string) {
	c := counts[key]
	countable := "false"
	if c.Countable {
		countable = "true"
	}
	return countable, c.Group, c.CountedIn
}
