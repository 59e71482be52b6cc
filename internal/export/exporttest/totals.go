package exporttest

import (
	"fmt"

	"forcedreturns/internal/checks"
	"forcedreturns/models"
)

// Sum names one sum a reader of an export may make: the figures of one
// metric in one unit, stocks apart from flows and cumulative figures.
type Sum struct {
	Metric string
	Unit   string
	Stock  bool
}

// SumOf is the sum a figure may enter.
func SumOf(f models.Figure) Sum {
	return Sum{Metric: f.Metric, Unit: f.Unit, Stock: f.Kind == models.Stock}
}

// TrackerTotals is the tracker's own no-double-counting total of figs, per
// Sum: corroborating reports are one quantity (checks.Group); of each
// subject, the quantities Countability keeps must pass checks.Total (a
// cumulative count over its span is a count of events over that span, so
// it enters as a flow), or be the one stock that stands for the others,
// and each adds the stated number of its countable report (a range its
// low end: the interval's low end would read "about 60" as 54, which no
// reader of the export would add up). It is an error, wrapping
// checks.ErrDoubleCount, when Total refuses the countable quantities of a
// subject, and an error when a subject has more than one countable stock.
func TrackerTotals(figs []models.Figure) (map[Sum]float64, error) {
	cs := Countability(figs)
	bySubject := map[checks.Subject][]checks.Reported{}
	var order []checks.Subject
	for _, r := range checks.Group(figs) {
		for _, f := range r.Figures {
			if !cs[f.Key].Countable {
				continue
			}
			if r.Kind == models.Cumulative {
				r.Kind = models.Flow
			}
			s := checks.SubjectOf(f)
			if _, seen := bySubject[s]; !seen {
				order = append(order, s)
			}
			bySubject[s] = append(bySubject[s], r)
		}
	}
	out := map[Sum]float64{}
	for _, s := range order {
		reps := bySubject[s]
		var stocks, events []checks.Reported
		for _, r := range reps {
			if r.Kind == models.Stock {
				stocks = append(stocks, r)
			} else {
				events = append(events, r)
			}
		}
		if len(stocks) > 1 {
			return nil, fmt.Errorf("%v: %d stocks countable, want the latest only", s, len(stocks))
		}
		if len(events) > 0 {
			if _, err := checks.Total(events); err != nil {
				return nil, fmt.Errorf("%v: the countable figures do not add up: %w", s, err)
			}
		}
		for _, r := range reps {
			f := countableOf(r, cs)
			out[SumOf(f)] += stated(f)
		}
	}
	return out, nil
}

// countableOf is the countable report that stands for r.
func countableOf(r checks.Reported, cs map[string]checks.Count) models.Figure {
	for _, f := range r.Figures {
		if cs[f.Key].Countable {
			return f
		}
	}
	return models.Figure{}
}

// stated is the number a reader adds for f: its value, or the low end of
// a range.
func stated(f models.Figure) float64 {
	if f.Qualifier == models.QualRange {
		return float64(f.ValueLow)
	}
	return float64(f.Value)
}
