package checks

import "forcedreturns/models"

// Countability is Counting over all of figs at once, with the zero Count
// for every figure outside a group: the reference the tests state the
// rules against.
func Countability(figs []models.Figure) map[string]Count {
	out := make(map[string]Count, len(figs))
	c := NewCountingTo(func(f FigureRef, n Count) { out[f.Key] = n })
	for _, f := range figs {
		c.Input(f.Key, f.Metric, f.Status)
	}
	at := map[Subject]int{}
	var subjects [][]models.Figure
	for _, f := range figs {
		s := SubjectOf(f)
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
	c.Finish()
	for _, f := range figs {
		if _, ok := out[f.Key]; !ok {
			out[f.Key] = Count{}
		}
	}
	return out
}
