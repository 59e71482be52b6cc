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
// its answer. The first pass holds about 250 bytes per figure (strings
// that repeat, such as metrics, populations and sources, are shared), so
// a million figures need some 250 MB; quotes, notes and sources are never
// held. The countability describes the exported figures: a filtered export
// is counted among itself, and a figure changed between the two passes is
// written with what the first pass saw of it (or, if it is new, as not
// countable, in no group).

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
