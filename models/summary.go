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

// ChartSummary is what a chart of many figures is drawn from: their
// span and their summaries (store.ChartSummary).
type ChartSummary struct {
	// First and Last are the months (YYYY-MM) the figures' periods start
	// in, N how many figures the summaries count.
	First, Last string
	N           int64
	// Cells are the figures' summaries, by year (Month holds YYYY) if
	// ByYear; nil when N is at most the bound the caller gave.
	Cells  []MonthSummary
	ByYear bool
}

// Summarised reports whether a figure enters a MonthSummary.
func (f Figure) Summarised() bool {
	return f.Published() && f.SubgroupOf == "" && !f.Share()
}

// Summarise adds f (Summarised) to s, whose subject, kind and month it
// has: the rule the stored summaries follow (store.ChartCells), written
// out for figures in memory.
func (s *MonthSummary) Summarise(f Figure) {
	var one MonthSummary
	if !f.Qualifier.HasNumber() {
		one.Words = 1
		s.Add(one)
		return
	}
	q := f.Quantity()
	one.N, one.Low, one.High = 1, q.Value, q.Value
	if q.Qualifier == QualRange {
		one.Low, one.High = q.Low, q.High
	}
	one.FirstStart, one.LastEnd = f.Period.StartDate().Start, f.Period.EndDate().End
	if q.Qualifier.MayBeHigher() {
		one.LowerBounds = 1
	}
	if q.Qualifier == QualAtMost {
		one.UpperBounds = 1
	}
	s.Add(one)
}

// Add adds o, a summary of other figures of s's subject and kind, to s:
// the counts add up, the lowest and highest numbers and periods are the
// least and greatest of both (a year's summary from its months', as the
// stored summaries are summed up by year).
func (s *MonthSummary) Add(o MonthSummary) {
	if o.N > 0 {
		if s.N == 0 || o.Low < s.Low {
			s.Low = o.Low
		}
		if s.N == 0 || o.High > s.High {
			s.High = o.High
		}
		if s.N == 0 || o.FirstStart.Before(s.FirstStart) {
			s.FirstStart = o.FirstStart
		}
		if s.N == 0 || s.LastEnd.Before(o.LastEnd) {
			s.LastEnd = o.LastEnd
		}
	}
	s.N += o.N
	s.Words += o.Words
	s.LowerBounds += o.LowerBounds
	s.UpperBounds += o.UpperBounds
}
