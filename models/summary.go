package models

// MonthSummary summarises the published figures of one subject (its
// population, acting and receiving state, unit and metric) of one kind
// whose periods start in one month: how many were reported and the
// lowest and highest numbers they state. It never adds their numbers:
// figures of one month may be reports of the same people, or periods of
// different length. Subgroups and shares are left out (they are part of,
// or a percentage of, another figure), as are figures not published.
type MonthSummary struct {
	Population, ActingState, ReceivingState, Unit, Metric string
	Kind                                                  QuantityKind
	Month                                                 string // YYYY-MM, the month the periods start in
	// N is how many give a number, Words how many give only words
	// ("dozens"); LowerBounds and UpperBounds how many of the N state a
	// bound ("at least", "at most").
	N, Words, LowerBounds, UpperBounds int64
	// Low and High are the lowest and highest numbers the N state (a
	// range's bounds); FirstStart and LastEnd their earliest period start
	// and latest period end. Zero when N is 0.
	Low, High           int64
	FirstStart, LastEnd Date
}

// Summarised reports whether a figure enters a MonthSummary.
func (f Figure) Summarised() bool {
	return f.Published() && f.SubgroupOf == "" && !f.Share()
}

// Summarise adds f (Summarised) to s, whose subject, kind and month it
// has: the rule the stored summaries follow (store.ChartCells), written
// out for figures in memory.
func (s *MonthSummary) Summarise(f Figure) {
	if !f.Qualifier.HasNumber() {
		s.Words++
		return
	}
	q := f.Quantity()
	low, high := q.Value, q.Value
	if q.Qualifier == QualRange {
		low, high = q.Low, q.High
	}
	start, end := f.Period.StartDate().Start, f.Period.EndDate().End
	if s.N == 0 || low < s.Low {
		s.Low = low
	}
	if s.N == 0 || high > s.High {
		s.High = high
	}
	if s.N == 0 || start.Before(s.FirstStart) {
		s.FirstStart = start
	}
	if s.N == 0 || s.LastEnd.Before(end) {
		s.LastEnd = end
	}
	s.N++
	if q.Qualifier.MayBeHigher() {
		s.LowerBounds++
	}
	if q.Qualifier == QualAtMost {
		s.UpperBounds++
	}
}
