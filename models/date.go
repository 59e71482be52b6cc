package models

import (
	"database/sql/driver"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Precision says how precisely a period's bounds are known.
type Precision string

// The precisions a period can have.
const (
	PrecisionDay   Precision = "day"
	PrecisionMonth Precision = "month"
	PrecisionYear  Precision = "year"
)

// Precisions lists the valid precisions, finest first.
var Precisions = []Precision{PrecisionDay, PrecisionMonth, PrecisionYear}

// Valid reports whether p is one of Precisions.
func (p Precision) Valid() bool {
	return p == PrecisionDay || p == PrecisionMonth || p == PrecisionYear
}

// Rank orders precisions from finest to coarsest: day 0, month 1, year 2.
// An unknown precision ranks as day, the way Months and Label read it: the
// stated bounds are then all there is to go by, and a bound is never taken
// to be vaguer than it is written.
func (p Precision) Rank() int {
	switch p {
	case PrecisionMonth:
		return 1
	case PrecisionYear:
		return 2
	}
	return 0
}

// Coarser returns the coarser of p and q (p when they rank the same).
func (p Precision) Coarser(q Precision) Precision {
	if q.Rank() > p.Rank() {
		return q
	}
	return p
}

// Date is a calendar date without time zone, stored as "YYYY-MM-DD".
// The zero Date means "not set".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// NewDate returns the date y-m-d (normalised like time.Date).
func NewDate(y int, m time.Month, d int) Date {
	return DateOf(time.Date(y, m, d, 0, 0, 0, 0, time.UTC))
}

// DateOf returns the calendar date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// IsZero reports whether d is unset.
func (d Date) IsZero() bool { return d == Date{} }

// Time returns midnight UTC on d.
func (d Date) Time() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// String returns d as "YYYY-MM-DD", or "" when unset.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// Before reports whether d is strictly before e.
func (d Date) Before(e Date) bool {
	// Dates that exist (a month 1 to 12, a day of that month that year)
	// compare field by field without building a time.Time (the checks
	// compare periods millions of times); any other goes through Time,
	// which normalises an impossible day as before.
	if d.exists() && e.exists() {
		if d.Year != e.Year {
			return d.Year < e.Year
		}
		if d.Month != e.Month {
			return d.Month < e.Month
		}
		return d.Day < e.Day
	}
	return d.Time().Before(e.Time())
}

// exists says whether d is a day of the calendar, which time.Date keeps
// as it is.
func (d Date) exists() bool {
	if d.Month < 1 || d.Month > 12 || d.Day < 1 {
		return false
	}
	if d.Day <= 28 {
		return true
	}
	switch d.Month {
	case time.February:
		leap := d.Year%4 == 0 && (d.Year%100 != 0 || d.Year%400 == 0)
		return d.Day == 29 && leap
	case time.April, time.June, time.September, time.November:
		return d.Day <= 30
	}
	return d.Day <= 31
}

// AddDays returns d moved by n days.
func (d Date) AddDays(n int) Date { return DateOf(d.Time().AddDate(0, 0, n)) }

// MarshalText writes the ISO form.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText accepts only a full ISO date or the empty string.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	p, err := ParsePartialDate(string(b))
	if err != nil {
		return err
	}
	if p.Precision != PrecisionDay {
		return fmt.Errorf("%q is not a full date: expected YYYY-MM-DD", string(b))
	}
	*d = p.Start
	return nil
}

// Value stores d as text so that SQLite and PostgreSQL compare it the same way.
func (d Date) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	return d.String(), nil
}

// Scan reads a date stored as text or as a time.
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = Date{}
		return nil
	case time.Time:
		*d = DateOf(v.UTC())
		return nil
	case []byte:
		return d.UnmarshalText(v)
	case string:
		if len(v) > 10 { // some drivers hand back a timestamp for a DATE column
			v = v[:10]
		}
		return d.UnmarshalText([]byte(v))
	}
	return fmt.Errorf("cannot scan %T into a date", src)
}

// PartialDate is a date written with the precision the report gives it:
// "2017", "2017-07" or "2017-07-15". Start and End are the first and last
// day it covers.
type PartialDate struct {
	Start, End Date
	Precision  Precision
}

// Label writes d for a reader at its precision: the year alone, or the
// start formatted with month (for month precision) or day (for day).
func (d PartialDate) Label(month, day string) string {
	switch {
	case d.Start.IsZero():
		return ""
	case d.Precision == PrecisionYear:
		return strconv.Itoa(d.Start.Year)
	case d.Precision == PrecisionMonth:
		return d.Start.Time().Format(month)
	}
	return d.Start.Time().Format(day)
}

// Short is Label with short month names, as periods are written: "Dec
// 2023", "5 Dec 2023", "2023".
func (d PartialDate) Short() string { return d.Label("Jan 2006", "2 Jan 2006") }

// ParsePartialDate parses "YYYY", "YYYY-MM" or "YYYY-MM-DD" (years 1000-9999)
// and reports what it expected when it fails.
func ParsePartialDate(s string) (PartialDate, error) {
	s = strings.TrimSpace(s)
	parts := strings.Split(s, "-")
	bad := fmt.Errorf("%q is not a date: expected YYYY, YYYY-MM or YYYY-MM-DD", s)
	if len(parts) > 3 {
		return PartialDate{}, bad
	}
	nums := make([]int, len(parts))
	widths := []int{4, 2, 2}
	for i, p := range parts {
		if len(p) != widths[i] {
			return PartialDate{}, bad
		}
		for _, r := range p {
			if r < '0' || r > '9' {
				return PartialDate{}, bad
			}
		}
		nums[i], _ = strconv.Atoi(p)
	}
	y := nums[0]
	if y < 1000 {
		return PartialDate{}, fmt.Errorf("%q: year must be between 1000 and 9999", s)
	}
	switch len(nums) {
	case 1:
		return PartialDate{NewDate(y, 1, 1), NewDate(y, 12, 31), PrecisionYear}, nil
	case 2:
		m := nums[1]
		if m < 1 || m > 12 {
			return PartialDate{}, fmt.Errorf("%q: month must be 01 to 12", s)
		}
		start := NewDate(y, time.Month(m), 1)
		return PartialDate{start, NewDate(y, time.Month(m)+1, 0), PrecisionMonth}, nil
	default:
		m, dd := nums[1], nums[2]
		if m < 1 || m > 12 {
			return PartialDate{}, fmt.Errorf("%q: month must be 01 to 12", s)
		}
		d := NewDate(y, time.Month(m), dd)
		if dd < 1 || d.Month != time.Month(m) {
			return PartialDate{}, fmt.Errorf("%q: day %d does not exist in %04d-%02d", s, dd, y, m)
		}
		return PartialDate{d, d, PrecisionDay}, nil
	}
}

// Period is the time a figure covers: from Start to End inclusive. Each
// end is known to its own precision, as reports give them: "since early
// 2019" as of a report of 5 December 2023 starts at year precision and
// ends at day precision. Start is the first day of its unit (month or
// year) and End the last day of its unit, so the stated bounds are the
// widest reading. A stock has Start == End (the "as of" date) and one
// precision.
type Period struct {
	Start Date `json:"start"`
	End   Date `json:"end"`
	// Precision is how precisely the start is known, and the end too
	// unless EndPrecision says otherwise.
	Precision Precision `json:"precision"`
	// EndPrecision is how precisely the end is known. Empty means the
	// same as Precision (a period written before each end had its own);
	// Normalize sets it, and every reader goes through PrecisionOfEnd.
	EndPrecision Precision `json:"end_precision"`
}

// UniformPeriod returns the period from start to end with both ends known
// to precision.
func UniformPeriod(start, end Date, precision Precision) Period {
	return Period{Start: start, End: end, Precision: precision, EndPrecision: precision}
}

// PrecisionOfStart is how precisely the start is known.
func (p Period) PrecisionOfStart() Precision { return p.Precision }

// PrecisionOfEnd is how precisely the end is known: EndPrecision, or
// Precision when it is unset.
func (p Period) PrecisionOfEnd() Precision {
	if p.EndPrecision == "" {
		return p.Precision
	}
	return p.EndPrecision
}

// Mixed reports whether the two ends are known to different precisions.
func (p Period) Mixed() bool { return p.PrecisionOfStart() != p.PrecisionOfEnd() }

// Normalize sets an unset EndPrecision to Precision, so that a period
// built before ends had their own precision compares equal to the same
// period read back from the store.
func (p *Period) Normalize() {
	if p.EndPrecision == "" {
		p.EndPrecision = p.Precision
	}
}

// StartDate returns the start as the partial date it was written as:
// "Jun 2016" covers 1–30 June 2016.
func (p Period) StartDate() PartialDate { return unitOf(p.Start, p.PrecisionOfStart()) }

// EndDate returns the end as the partial date it was written as:
// "Aug 2017" covers 1–31 August 2017.
func (p Period) EndDate() PartialDate { return unitOf(p.End, p.PrecisionOfEnd()) }

// unitOf returns the month or year of d at precision (the day alone at day
// or an unknown precision).
func unitOf(d Date, pr Precision) PartialDate {
	out := PartialDate{Start: d, End: d, Precision: pr}
	if d.IsZero() {
		return out
	}
	switch pr {
	case PrecisionMonth:
		out.Start, out.End = NewDate(d.Year, d.Month, 1), NewDate(d.Year, d.Month+1, 0)
	case PrecisionYear:
		out.Start, out.End = NewDate(d.Year, 1, 1), NewDate(d.Year, 12, 31)
	}
	return out
}

// ParsePeriod builds a period from a start and an end written as partial
// dates, each to the precision the report gives it ("2019" to
// "2023-12-05": since 2019, as of 5 December 2023); an empty end means the
// same as start ("July 2017" is "2017-07").
func ParsePeriod(start, end string) (Period, error) {
	s, err := ParsePartialDate(start)
	if err != nil {
		return Period{}, err
	}
	e := s
	if strings.TrimSpace(end) != "" {
		if e, err = ParsePartialDate(end); err != nil {
			return Period{}, err
		}
	}
	p := Period{Start: s.Start, End: e.End, Precision: s.Precision, EndPrecision: e.Precision}
	if p.End.Before(p.Start) {
		return Period{}, fmt.Errorf("period ends (%s) before it starts (%s)", p.End, p.Start)
	}
	return p, nil
}

// coarse reports whether a precision is month or year: a bound known only
// to a calendar unit.
func coarse(pr Precision) bool { return pr == PrecisionMonth || pr == PrecisionYear }

// Months returns the length of the period in months, read at its stated
// bounds: whole calendar months when both ends are known to the month or
// the year, days/30.4375 otherwise (an end known to the day, or an unknown
// precision), so a rate per month is comparable across precisions. When
// the ends are known to different precisions, this is the longest the
// period may be (its start on the first day of its unit, its end on the
// last). A period without both bounds, or ending before it starts, has no
// length: 0.
func (p Period) Months() float64 {
	if p.Start.IsZero() || p.End.IsZero() || p.End.Before(p.Start) {
		return 0
	}
	if coarse(p.PrecisionOfStart()) && coarse(p.PrecisionOfEnd()) {
		return float64((p.End.Year-p.Start.Year)*12 + int(p.End.Month-p.Start.Month) + 1)
	}
	days := p.End.Time().Sub(p.Start.Time()).Hours()/24 + 1
	return days / 30.4375
}

// LastsAMonth reports whether the period is at least one calendar month
// long, the shortest period a rate per month may be given for (see
// RateMonths). A period whose two ends are known to the month or the year
// always is. Otherwise it is when it reaches the day before the same date
// a month after its start (the last day of that month if it is shorter):
// 1–30 June, 15 January – 14 February, 1–28 February; 1–27 February, a
// single day or 20 days are not. A period without both bounds, or ending
// before it starts, is not.
func (p Period) LastsAMonth() bool {
	if p.Start.IsZero() || p.End.IsZero() || p.End.Before(p.Start) {
		return false
	}
	if coarse(p.PrecisionOfStart()) && coarse(p.PrecisionOfEnd()) {
		return true
	}
	y, m := p.Start.Year, p.Start.Month+1
	if m > time.December {
		y, m = y+1, time.January
	}
	last := NewDate(y, m+1, 0).Day // day 0 of the next month: m's last day
	monthLater := NewDate(y, m, min(p.Start.Day, last))
	return !p.End.Before(monthLater.AddDays(-1))
}

// RateMonths returns what a count over the period is divided by to give a
// rate per month (Months), and whether a rate may be given at all: only
// for a period of a month or more (LastsAMonth), since a count of one day
// multiplied into a month states a pace nobody reported; and only when
// both ends are known to the same precision, since the length of "since
// 2019, as of 5 December 2023" is known only to within a year (anything
// from 4 to 5 years), and one number per month would claim more than the
// report does. This is the one rule: Figure.PerMonth, the exports'
// per_month column and the charts' per-month view follow it.
func (p Period) RateMonths() (float64, bool) {
	if p.NoRateReason() != "" {
		return 0, false
	}
	return p.Months(), true
}

// NoRateReason says, for a reader, why the period gives no rate per
// month (RateMonths), or "" when it gives one.
func (p Period) NoRateReason() string {
	switch {
	case p.Months() <= 0:
		return "the period has no valid bounds"
	case !p.LastsAMonth():
		return "the period is shorter than a month"
	case p.Mixed():
		return "its ends are known to different precisions (" + p.PrecisionText() + "), so its length is not known well enough for one rate"
	}
	return ""
}

// PrecisionText says how precisely the period is known, for a reader:
// "the month", or, when its ends differ, "the year at its start and the
// day at its end". An unknown precision reads as day, as Rank reads it.
func (p Period) PrecisionText() string {
	s, e := asKnown(p.PrecisionOfStart()), asKnown(p.PrecisionOfEnd())
	if s == e {
		return "the " + string(s)
	}
	return "the " + string(s) + " at its start and the " + string(e) + " at its end"
}

// asKnown is pr, or day when pr is not a precision.
func asKnown(pr Precision) Precision {
	if pr.Valid() {
		return pr
	}
	return PrecisionDay
}

// Label writes the period as a person reads it, each end at its
// precision: "Jul 2016 – Jun 2017", "18 Sep 2017", "1994 – 1998",
// "2019 – 5 Dec 2023".
func (p Period) Label() string {
	a, b := p.StartDate().Short(), p.EndDate().Short()
	if a == b {
		return a
	}
	return a + " – " + b
}

// StartText writes the start at its precision, the form the import
// formats accept back ("2017-07", "2017").
func (p Period) StartText() string { return textAt(p.Start, p.PrecisionOfStart()) }

// EndText writes the end at its precision ("2023-12-05", "2017-08").
func (p Period) EndText() string { return textAt(p.End, p.PrecisionOfEnd()) }

// textAt writes d cut to precision: "2017", "2017-07" or "2017-07-15".
func textAt(d Date, pr Precision) string {
	if d.IsZero() {
		return ""
	}
	s := d.String()
	switch pr {
	case PrecisionYear:
		return s[:4]
	case PrecisionMonth:
		return s[:7]
	}
	return s
}

// Validate checks the period's bounds and each end's precision: a start
// known to the month is the first day of a month, an end known to the
// month the last day of one (1 January and 31 December for the year).
func (p Period) Validate(probs *Problems) {
	if p.Start.IsZero() {
		probs.Add("period_start", "required: a date as YYYY, YYYY-MM or YYYY-MM-DD")
	}
	if p.End.IsZero() {
		probs.Add("period_end", "required: a date as YYYY, YYYY-MM or YYYY-MM-DD")
	}
	if !p.Precision.Valid() {
		probs.Add("period_precision", "must be day, month or year, got %q", p.Precision)
		return
	}
	if !p.PrecisionOfEnd().Valid() {
		probs.Add("period_end_precision", "must be day, month or year (or empty: the same as period_precision), got %q", p.EndPrecision)
		return
	}
	if p.Start.IsZero() || p.End.IsZero() {
		return
	}
	if p.End.Before(p.Start) {
		probs.Add("period_end", "must not be before period_start (%s), got %s", p.Start, p.End)
	}
	if !p.Mixed() {
		switch p.Precision {
		case PrecisionMonth:
			if p.Start.Day != 1 || p.End.AddDays(1).Day != 1 {
				probs.Add("period_precision", "month precision needs a period from the first to the last day of months, got %s to %s", p.Start, p.End)
			}
		case PrecisionYear:
			if p.Start.Month != 1 || p.Start.Day != 1 || p.End.Month != 12 || p.End.Day != 31 {
				probs.Add("period_precision", "year precision needs a period from 1 January to 31 December, got %s to %s", p.Start, p.End)
			}
		}
		return
	}
	if s := p.StartDate(); s.Start != p.Start {
		probs.Add("period_precision", "%s precision of the start needs period_start on %s, the first day of its %s, got %s", s.Precision, s.Start, s.Precision, p.Start)
	}
	if e := p.EndDate(); e.End != p.End {
		probs.Add("period_end_precision", "%s precision of the end needs period_end on %s, the last day of its %s, got %s", e.Precision, e.End, e.Precision, p.End)
	}
}
