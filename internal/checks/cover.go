package checks

import (
	"sort"

	"forcedreturns/internal/i18n"
	"forcedreturns/models"
)

// Span is a run of whole days, first and last day included: a stretch of a
// total that no part covers, or that two parts both cover.
type Span struct {
	Start, End models.Date
}

// Days returns the number of days in the span.
func (s Span) Days() int { return int(dayNum(s.End) - dayNum(s.Start) + 1) }

// Period returns the span as a period at the coarsest precision its bounds
// fall on (whole years, whole months, or days), so it is labelled the way a
// person would say it: "Jun 2016", not "1 Jun 2016 – 30 Jun 2016".
func (s Span) Period() models.Period {
	pr := models.PrecisionDay
	monthly := s.Start.Day == 1 && s.End.AddDays(1).Day == 1
	switch {
	case monthly && s.Start.Month == 1 && s.End.Month == 12:
		pr = models.PrecisionYear
	case monthly:
		pr = models.PrecisionMonth
	}
	return models.UniformPeriod(s.Start, s.End, pr)
}

// Label writes the span as Period.Label does.
func (s Span) Label() string { return s.Period().Label() }

// Length writes how long the span is in the unit it is labelled in: "one
// month", "14 months", "12 days".
func (s Span) Length() string { return s.LengthIn(models.English) }

// LengthIn is Length in language l: "1개월", "12일간".
func (s Span) LengthIn(l models.Lang) string {
	n, days := s.count()
	if days {
		return countIn(l, n, "day")
	}
	return countIn(l, n, "month")
}

// count is how long the span is in the unit it is labelled in, and
// whether that unit is the day (else the month).
func (s Span) count() (n int, days bool) {
	if s.Period().Precision == models.PrecisionDay {
		return s.Days(), true
	}
	return MonthsBetween(s.Start, s.End), false
}

// LabelIn is Label in language l.
func (s Span) LabelIn(l models.Lang) string { return periodIn(l, s.Period(), models.Flow) }

// MonthsBetween counts the calendar months from the month of from to the
// month of to, both included: July 2016 to June 2017 is 12. It is the
// whole-month count Period.Months gives at month precision; a date before
// from's month gives 0 or less.
func MonthsBetween(from, to models.Date) int {
	return (to.Year-from.Year)*12 + int(to.Month-from.Month) + 1
}

// Merge returns the days of the periods, read as stated, as sorted spans
// that neither overlap nor touch. It never loses or invents a day: a day is
// in the result exactly when it is in some period. Periods without valid
// bounds are skipped.
func Merge(periods []models.Period) []Span {
	var in []Span
	for _, p := range periods {
		if validPeriod(p) {
			in = append(in, Span{p.Start, p.End})
		}
	}
	return mergeSpans(in)
}

func mergeSpans(in []Span) []Span {
	in = append([]Span(nil), in...)
	sort.Slice(in, func(i, j int) bool { return dayNum(in[i].Start) < dayNum(in[j].Start) })
	var out []Span
	for _, s := range in {
		if n := len(out); n > 0 && dayNum(s.Start) <= dayNum(out[n-1].End)+1 {
			if dayNum(s.End) > dayNum(out[n-1].End) {
				out[n-1].End = s.End
			}
			continue
		}
		out = append(out, s)
	}
	return out
}

// subtract returns the days of whole that no span of cut (sorted, merged)
// holds.
func subtract(whole Span, cut []Span) []Span {
	var out []Span
	next := dayNum(whole.Start)
	last := dayNum(whole.End)
	for _, c := range cut {
		cs, ce := dayNum(c.Start), dayNum(c.End)
		if ce < next || cs > last {
			continue
		}
		if cs > next {
			out = append(out, Span{dateOfNum(next), dateOfNum(cs - 1)})
		}
		next = max(next, ce+1)
	}
	if next <= last {
		out = append(out, Span{dateOfNum(next), whole.End})
	}
	return out
}

// Coverage is how a set of parts covers a whole, read at the stated
// periods, together with what the periods' precision leaves open.
type Coverage struct {
	Whole models.Period
	// Parts are the parts' periods, sorted by start then end.
	Parts []models.Period
	// Before is the stretch of the whole before the first part starts, and
	// After the stretch after the last part ends; zero when there is none.
	Before, After Span
	// Gaps are stretches of the whole between parts that no part covers.
	Gaps []Span
	// Overlaps are days more than one part covers: adding those parts would
	// count them twice.
	Overlaps []Span
	// Outside are days of parts that lie outside the whole.
	Outside []Span
	// Doubts say where precision leaves open whether a part lies within the
	// whole or whether two parts share days: sums cannot be trusted then.
	Doubts []string
	// GapDoubts say where precision leaves open whether the parts reach the
	// whole's bounds or each other: whether anything is uncovered.
	GapDoubts []string
}

// Uncovered returns every stretch of the whole no part covers, in order.
func (c Coverage) Uncovered() []Span {
	var out []Span
	if c.Before != (Span{}) {
		out = append(out, c.Before)
	}
	out = append(out, c.Gaps...)
	if c.After != (Span{}) {
		out = append(out, c.After)
	}
	return out
}

// Cover checks whether parts tile whole: it reports the stretches of the
// whole the parts leave uncovered (at its start, between parts, at its
// end), days the parts cover twice, days of parts outside the whole, and,
// under the precision rule of Relation, what cannot be told.
func Cover(whole models.Period, parts []models.Period) Coverage {
	c := Coverage{Whole: whole}
	for _, p := range parts {
		if validPeriod(p) {
			c.Parts = append(c.Parts, p)
		}
	}
	sort.SliceStable(c.Parts, func(i, j int) bool {
		a, b := c.Parts[i], c.Parts[j]
		if a.Start != b.Start {
			return a.Start.Before(b.Start)
		}
		return a.End.Before(b.End)
	})
	if !validPeriod(whole) {
		c.Doubts = append(c.Doubts, "the total has no valid period")
		return c
	}
	w := Span{whole.Start, whole.End}
	covered := Merge(c.Parts)
	for _, u := range subtract(w, covered) {
		switch {
		case len(covered) == 0 || u.Start == w.Start && dayNum(u.End) < dayNum(covered[0].Start):
			c.Before = u
		case u.End == w.End && dayNum(u.Start) > dayNum(covered[len(covered)-1].End):
			c.After = u
		default:
			c.Gaps = append(c.Gaps, u)
		}
	}
	for _, cv := range covered {
		c.Outside = append(c.Outside, subtract(cv, []Span{w})...)
	}
	c.Overlaps = overlaps(c.Parts)
	c.doubt(whole)
	return c
}

// overlaps returns the days at least two of the sorted periods share.
func overlaps(sorted []models.Period) []Span {
	var out []Span
	for i, p := range sorted {
		for _, q := range sorted[i+1:] {
			s := maxDate(p.Start, q.Start)
			e := minDate(p.End, q.End)
			if !e.Before(s) {
				out = append(out, Span{s, e})
			}
		}
	}
	return mergeSpans(out)
}

// doubt records what the precision rule leaves open about the parts.
func (c *Coverage) doubt(whole models.Period) {
	c.Doubts, c.GapDoubts = c.doubtsIn(models.English, whole)
}

// doubtsIn words what the precision rule leaves open about the parts in
// language l: whether they lie within the total and apart from each
// other (doubts), and whether they leave days of it out (gaps).
func (c *Coverage) doubtsIn(l models.Lang, whole models.Period) (doubts, gaps []string) {
	label := func(p models.Period) string { return periodIn(l, p, models.Flow) }
	for _, p := range c.Parts {
		r := Relate(p, whole)
		if r.Has(Inside) && !r.Only(Inside) {
			doubts = append(doubts, i18n.T(l, "result.cover.part_within", "Part", label(p), "Total", label(whole), "Reason", precisionReason(l, p, whole)))
		}
	}
	for i, p := range c.Parts {
		for j, q := range c.Parts[i+1:] {
			r := Relate(p, q)
			switch {
			case r.Has(SharesDays) && !r.Only(SharesDays):
				doubts = append(doubts, i18n.T(l, "result.cover.share_days", "A", label(p), "B", label(q), "Reason", precisionReason(l, p, q)))
			case r == Separate && j == 0: // only neighbours can leave a gap between them
				gaps = append(gaps, i18n.T(l, "result.cover.gap_between", "A", label(p), "B", label(q), "Reason", precisionReason(l, p, q)))
			}
		}
	}
	if len(c.Parts) == 0 {
		return doubts, gaps
	}
	first, last := c.Parts[0], c.Parts[0]
	for _, p := range c.Parts {
		if last.End.Before(p.End) {
			last = p
		}
	}
	if o := compareEnds(startOf(whole), startOf(first)); o&before != 0 && o != before {
		gaps = append(gaps, i18n.T(l, "result.cover.starts_before", "Total", label(whole), "Reason", precisionReason(l, whole, first)))
	}
	if o := compareEnds(endOf(whole), endOf(last)); o&after != 0 && o != after {
		gaps = append(gaps, i18n.T(l, "result.cover.ends_after", "Total", label(whole), "Reason", precisionReason(l, whole, last)))
	}
	return doubts, gaps
}

// precisionReason says why precision leaves a relation open.
func precisionReason(l models.Lang, a, b models.Period) string {
	ta, tb := precisionText(l, a), precisionText(l, b)
	unit := precisionName(l, coarsest(a, b))
	if ta == tb {
		return i18n.T(l, "result.cover.reason_same", "Precision", ta, "Unit", unit)
	}
	return i18n.T(l, "result.cover.reason_differ", "PrecisionA", ta, "PrecisionB", tb, "Unit", unit)
}

func maxDate(a, b models.Date) models.Date {
	if a.Before(b) {
		return b
	}
	return a
}

func minDate(a, b models.Date) models.Date {
	if a.Before(b) {
		return a
	}
	return b
}
