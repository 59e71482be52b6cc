package exporttest

import (
	"forcedreturns/internal/checks"
	"forcedreturns/models"
)

// Countability is checks.Counting over all of figs at once, in the order
// given, with the zero Count for every figure outside a group: the
// reference the export's compact, subject-at-a-time first pass must match.
func Countability(figs []models.Figure) map[string]checks.Count {
	c := checks.NewCounting(len(figs))
	for _, f := range figs {
		c.Input(f.Key, f.Metric, f.Status)
	}
	at := map[checks.Subject]int{}
	var subjects [][]models.Figure
	for _, f := range figs {
		s := checks.SubjectOf(f)
		i, ok := at[s]
		if !ok {
			i = len(subjects)
			at[s] = i
			subjects = append(subjects, nil)
		}
		subjects[i] = append(subjects[i], f)
	}
	for _, same := range subjects {
		c.Subject(same)
	}
	out := c.Counts()
	for _, f := range figs {
		if _, ok := out[f.Key]; !ok {
			out[f.Key] = checks.Count{}
		}
	}
	return out
}
