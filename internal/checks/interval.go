package checks

import (
	"encoding/json"
	"math"

	"forcedreturns/models"
)

// Interval is the set of numbers a qualified figure allows: every check
// compares intervals, never single numbers, so that "at least 41" is never
// mistaken for 41. High is +Inf when the figure sets no upper bound; an open
// bound excludes its own value. Figures about people are whole numbers, so
// IntervalOf only produces closed bounds ("more than 500" is 501 or more);
// open bounds appear in rates, which are not whole.
type Interval struct {
	Low, High         float64
	LowOpen, HighOpen bool
}

// AboutTolerance is the relative tolerance of "about N": ±10% of N,
// rounded to a whole number and never less than 1, so "about 50" is 45–55
// and "about 5" is 4–6. Reports say "about" for rounded numbers; 10% is the
// widest rounding a careful reporter would still call "about", and a
// tighter reading would make honest roundings look like contradictions.
const AboutTolerance = 0.10

// IntervalOf returns the true numbers a quantity allows. The rules:
//
//   - exact N: N.
//   - documented N: N or more. A documented count is the cases someone could
//     document; the report says the true number is unknown and may be higher.
//     (When documented counts are compared with each other, or with figures
//     drawn from the cases they count, they are read as N; see countOf.)
//   - at least N: N or more.
//   - more than N: N+1 or more (people are counted in whole numbers).
//   - at most N / as many as N: 0 to N.
//   - about N: N ± AboutTolerance·N (rounded, at least ±1), never below 0.
//   - range L–H: L to H.
//
// An unknown qualifier allows any number, so that it can never make a check
// say "ok" or "mismatch" by accident.
func IntervalOf(q models.Quantity) Interval {
	n := float64(q.Value)
	switch q.Qualifier {
	case models.QualExact:
		return Point(n)
	case models.QualDocumented, models.QualAtLeast:
		return AtLeast(n)
	case models.QualMoreThan:
		return AtLeast(n + 1)
	case models.QualAtMost:
		return Interval{Low: 0, High: n}
	case models.QualAbout:
		tol := math.Max(1, math.Round(AboutTolerance*n))
		return Interval{Low: math.Max(0, n-tol), High: n + tol}
	case models.QualRange:
		return Interval{Low: float64(q.Low), High: float64(q.High)}
	}
	return AtLeast(0)
}

// percentOf returns the percentages a quantity stated in percent allows:
// as IntervalOf, but within 0–100 and not in whole numbers, so "more than
// 60 %" is any percentage above 60 up to 100 (60.5 included) and "at least
// 60 %" is 60–100.
func percentOf(q models.Quantity) Interval {
	all := Interval{Low: 0, High: models.MaxPercent}
	if q.Qualifier == models.QualMoreThan {
		return Interval{Low: float64(q.Value), LowOpen: true, High: models.MaxPercent}.Intersect(all)
	}
	return IntervalOf(q).Intersect(all)
}

// countOf reads a documented count as the number of cases it counts rather
// than as a lower bound on the truth. Checks use it where both sides count
// the same documented cases: two documented counts of one period (if they
// differ, the organisations documented different cases, and a critic will
// point at the difference, so the tracker shows it), subgroups drawn from a
// documented total, and the stock and outflow of a documented cohort.
// Every other qualifier reads as IntervalOf.
func countOf(q models.Quantity) Interval {
	if q.Qualifier == models.QualDocumented {
		return Point(float64(q.Value))
	}
	return IntervalOf(q)
}

// Point returns the interval holding n alone.
func Point(n float64) Interval { return Interval{Low: n, High: n} }

// AtLeast returns the interval from n (included) up, without bound.
func AtLeast(n float64) Interval { return Interval{Low: n, High: math.Inf(1), HighOpen: true} }

// Empty reports whether the interval holds no number (an intersection of
// intervals that do not meet).
func (i Interval) Empty() bool {
	return i.Low > i.High || (i.Low == i.High && (i.LowOpen || i.HighOpen))
}

// IsPoint reports whether the interval holds exactly one number.
func (i Interval) IsPoint() bool { return i.Low == i.High && !i.LowOpen && !i.HighOpen }

// Bounded reports whether the interval has an upper bound.
func (i Interval) Bounded() bool { return !math.IsInf(i.High, 1) }

// Contains reports whether x is in the interval.
func (i Interval) Contains(x float64) bool {
	if x < i.Low || (x == i.Low && i.LowOpen) {
		return false
	}
	return x < i.High || (x == i.High && !i.HighOpen)
}

// ContainsInterval reports whether every number of j is in i.
func (i Interval) ContainsInterval(j Interval) bool {
	if j.Empty() {
		return true
	}
	lowOK := i.Low < j.Low || (i.Low == j.Low && (!i.LowOpen || j.LowOpen))
	highOK := i.High > j.High || (i.High == j.High && (!i.HighOpen || j.HighOpen))
	return lowOK && highOK
}

// Overlaps reports whether some number is in both intervals: two figures
// about one quantity agree exactly when their intervals overlap.
func (i Interval) Overlaps(j Interval) bool { return !i.Intersect(j).Empty() }

// Intersect returns the numbers in both intervals (possibly Empty).
func (i Interval) Intersect(j Interval) Interval {
	out := i
	if j.Low > out.Low || (j.Low == out.Low && j.LowOpen) {
		out.Low, out.LowOpen = j.Low, j.LowOpen
	}
	if j.High < out.High || (j.High == out.High && j.HighOpen) {
		out.High, out.HighOpen = j.High, j.HighOpen
	}
	return out
}

// Hull returns the smallest interval holding both: the range of what
// disagreeing sources say.
func (i Interval) Hull(j Interval) Interval {
	if i.Empty() {
		return j
	}
	if j.Empty() {
		return i
	}
	out := i
	if j.Low < out.Low || (j.Low == out.Low && !j.LowOpen) {
		out.Low, out.LowOpen = j.Low, j.LowOpen
	}
	if j.High > out.High || (j.High == out.High && !j.HighOpen) {
		out.High, out.HighOpen = j.High, j.HighOpen
	}
	return out
}

// Add returns the interval of every a+b with a in i and b in j: the sum of
// two counts is known no better than its least precise term.
func (i Interval) Add(j Interval) Interval {
	return Interval{
		Low: i.Low + j.Low, High: i.High + j.High,
		LowOpen: i.LowOpen || j.LowOpen, HighOpen: i.HighOpen || j.HighOpen,
	}
}

// Sum adds intervals; the sum of none is 0.
func Sum(xs ...Interval) Interval {
	s := Point(0)
	for _, x := range xs {
		s = s.Add(x)
	}
	return s
}

// Scale returns the interval of every a·k with a in i, for k > 0 (a rate is
// a count scaled by one over the months).
func (i Interval) Scale(k float64) Interval {
	return Interval{Low: i.Low * k, High: i.High * k, LowOpen: i.LowOpen, HighOpen: i.HighOpen}
}

// String writes the interval for people: "41", "≥ 41", "> 20.5",
// "≤ 600", "45–55", or "empty". Numbers that are not whole (rates) are
// rounded to two decimals.
func (i Interval) String() string {
	switch {
	case i.Empty():
		return "empty"
	case i.IsPoint():
		return formatNum(i.Low)
	case !i.Bounded() && i.LowOpen:
		return "> " + formatNum(i.Low)
	case !i.Bounded():
		return "≥ " + formatNum(i.Low)
	case i.Low == 0 && !i.LowOpen:
		if i.HighOpen {
			return "< " + formatNum(i.High)
		}
		return "≤ " + formatNum(i.High)
	case !i.LowOpen && !i.HighOpen:
		return formatNum(i.Low) + "–" + formatNum(i.High)
	}
	lb, hb := "[", "]"
	if i.LowOpen {
		lb = "("
	}
	if i.HighOpen {
		hb = ")"
	}
	return lb + formatNum(i.Low) + ", " + formatNum(i.High) + hb
}

// MarshalJSON writes the interval with a null high bound when unbounded,
// since JSON has no infinity, and with its text for people.
func (i Interval) MarshalJSON() ([]byte, error) {
	type out struct {
		Low      float64  `json:"low"`
		High     *float64 `json:"high"`
		LowOpen  bool     `json:"low_open"`
		HighOpen bool     `json:"high_open"`
		Text     string   `json:"text"`
	}
	o := out{Low: i.Low, LowOpen: i.LowOpen, HighOpen: i.HighOpen, Text: i.String()}
	if i.Bounded() {
		h := i.High
		o.High = &h
	}
	return json.Marshal(o)
}

// formatNum writes a number of an interval the way the dashboard writes
// every fractional number (models.FormatDecimal).
func formatNum(x float64) string { return models.FormatDecimal(x) }
