package exporttest

import (
	"forcedreturns/internal/checks"
	"forcedreturns/models"
)

// Countability is checks.Counting over all of figs at once, in the order
// given, every figure an Input (so every chain is remembered, not only
// those through the figures subgroups, shares and formulas name), with
// the zero Count for every figure outside a group: the reference the
// export's compact, subject-at-a-time first pass must match.
func Countability(figs []models.Figure) map[string]checks.Count {
	out := make(map[string]checks.Count, len(figs))
	c := checks.NewCountingTo(func(f checks.FigureRef, n checks.Count) { out[f.Key] = n })
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
	c.Finish()
	for _, f := range figs {
		if _, ok := out[f.Key]; !ok {
			out[f.Key] = checks.Count{}
		}
	}
	return out
}

// ViewsCountability is Countability of the figures of views.
func ViewsCountability(views []models.FigureView) map[string]checks.Count {
	figs := make([]models.Figure, len(views))
	for i := range views {
		figs[i] = views[i].Figure
	}
	return Countability(figs)
}
