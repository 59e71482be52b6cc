package checks

import (
	"cmp"
	"math/bits"
	"strings"

	"forcedreturns/models"
)

// Relation says how period a stands to period b. It is a set: a single
// member is a certain relation; several members mean the periods' precision
// leaves the relation open ("cannot tell"), and the set says between what.
// The zero Relation means nothing is known (a period without valid bounds).
//
// The precision rule. Each end of a period is known to its own precision
// (a start and an end usually share one; "since 2019, as of 5 December
// 2023" does not). Two ends known to the same precision name the same
// calendar units (two reports by month both mean whole months, and "July
// 2017" is the same July in both), so they are compared as stated, day
// for day, and their order is certain. An end compared with an end known
// to a different precision is, if known only to the month or the year, a
// range of possible days: a start may be any day of its first month (or
// year), an end any day of its last; a day-precision end is that day. The
// relation is certain only if it holds for every choice of days that keeps
// the ends of the same precision in their stated order. So "July–August
// 2017" is certainly adjacent to "September 2017"; "2017" against
// 15 December 2017 – 10 January 2018 cannot tell whether they share days,
// because the year's count may have stopped before 15 December; and
// "since June 2016" against a count starting 15 June 2016 cannot tell
// whether the total covers 15–30 June. Periods whose ends all share one
// precision are read exactly as before ends had their own.
//
// This makes nesting transitive and every period equal to itself, and never
// calls a relation certain that a finer reading of the bounds could break.
// A report that means a whole calendar year should be entered as the months
// it covers (2017-01 to 2017-12) when it is compared with finer periods.
type Relation uint8

// The relations of period a to period b. Adjacent and Disjoint share no
// day; the others share at least one.
const (
	// Equal: the same days.
	Equal Relation = 1 << iota
	// Contains: a holds every day of b and more (a ⊃ b).
	Contains
	// Within: b holds every day of a and more (a ⊂ b).
	Within
	// Overlapping: some days shared, neither holds the other.
	Overlapping
	// Adjacent: no day shared, b starts the day after a ends or a the day
	// after b ends.
	Adjacent
	// Disjoint: no day shared, at least one day between them.
	Disjoint
)

// Relation sets the checks ask about.
const (
	// Separate relations share no day: flows over separate periods may be
	// added.
	Separate = Adjacent | Disjoint
	// SharesDays relations have at least one day in common.
	SharesDays = Equal | Contains | Within | Overlapping
	// Nested relations: a holds b (or is b).
	Nested = Equal | Contains
	// Inside relations: a lies in b (or is b).
	Inside = Equal | Within
)

var relationNames = []struct {
	r    Relation
	name string
}{
	{Equal, "equal"}, {Contains, "contains"}, {Within, "within"},
	{Overlapping, "overlapping"}, {Adjacent, "adjacent"}, {Disjoint, "disjoint"},
}

// Certain reports whether the relation is known: exactly one member.
func (r Relation) Certain() bool { return bits.OnesCount8(uint8(r)) == 1 }

// Has reports whether x is possible.
func (r Relation) Has(x Relation) bool { return r&x != 0 }

// Only reports whether r is known and every possible relation is in set:
// "certainly one of these".
func (r Relation) Only(set Relation) bool { return r != 0 && r&^set == 0 }

// String writes the possible relations joined by "or", or "cannot tell"
// when nothing is known.
func (r Relation) String() string {
	var names []string
	for _, n := range relationNames {
		if r.Has(n.r) {
			names = append(names, n.name)
		}
	}
	if len(names) == 0 {
		return "cannot tell"
	}
	return strings.Join(names, " or ")
}

// Relate returns the relation of period a to period b under the precision
// rule of Relation. Stocks are periods of one day.
func Relate(a, b models.Period) Relation {
	if !validPeriod(a) || !validPeriod(b) {
		return 0
	}
	ends := [4]end{startOf(a), endOf(a), startOf(b), endOf(b)}
	bs := [4]bound{ends[0].b, ends[1].b, ends[2].b, ends[3].b}
	var out Relation
	for _, ranks := range weakOrders {
		if !asStated(ranks, ends) {
			continue
		}
		vals, ok := realize(ranks, bs)
		if ok {
			out |= exactRelation(vals[0], vals[1], vals[2], vals[3])
		}
	}
	return out
}

// separate reports Relate(a, b).Only(Separate): whether a and b
// certainly share no day. When the latest day one may end on comes no
// later than the earliest the other may start on (bounds as Relate reads
// them: startOf, endOf), every order of the four ends that Relate tries
// is one of Separate's, and one exists (the stated days are one), so the
// answer is known without trying them: counting a subject (countSubject)
// compares each flow with every kept one before it, most of them long
// over, and Relate's 75 orders were a third of counting a million
// figures.
func separate(a, b models.Period) bool {
	if validPeriod(a) && validPeriod(b) && (endOf(a).b.hi <= startOf(b).b.lo || endOf(b).b.hi <= startOf(a).b.lo) {
		return true
	}
	return Relate(a, b).Only(Separate)
}

// asStated reports whether ranks (an order of a's start and end and b's
// start and end) keeps each end of a in its stated order with each end of
// b known to the same precision.
func asStated(ranks [4]int, ends [4]end) bool {
	for i := 0; i < 2; i++ {
		for j := 2; j < 4; j++ {
			if ends[i].prec == ends[j].prec && cmp.Compare(ranks[i], ranks[j]) != cmp.Compare(ends[i].stated, ends[j].stated) {
				return false
			}
		}
	}
	return true
}

// bound is the possible positions of one end of a period, as day numbers
// of the boundary: a start is the first day counted, an end the day after
// the last (half-open spans make adjacency an equality).
type bound struct{ lo, hi int64 }

// end is one end of a period: the day it is stated as (a start's first
// day, the day after an end's last), the days it may be (bound) when
// compared with an end of another precision, and its precision.
type end struct {
	stated int64
	b      bound
	prec   models.Precision
}

// startOf returns the start of p: any day of its first month or year.
func startOf(p models.Period) end {
	s := dayNum(p.Start)
	e := end{stated: s, b: bound{s, s}, prec: precisionOf(p.PrecisionOfStart())}
	switch e.prec {
	case models.PrecisionMonth:
		e.b.hi = dayNum(models.NewDate(p.Start.Year, p.Start.Month+1, 0))
	case models.PrecisionYear:
		e.b.hi = dayNum(models.NewDate(p.Start.Year, 12, 31))
	}
	// A malformed period (not aligned to its precision) must not produce an
	// empty range.
	e.b.hi = max(e.b.hi, e.b.lo)
	return e
}

// endOf returns the end of p (the day after its last day): any day of
// its last month or year.
func endOf(p models.Period) end {
	x := dayNum(p.End) + 1
	e := end{stated: x, b: bound{x, x}, prec: precisionOf(p.PrecisionOfEnd())}
	switch e.prec {
	case models.PrecisionMonth:
		e.b.lo = dayNum(models.NewDate(p.End.Year, p.End.Month, 1)) + 1
	case models.PrecisionYear:
		e.b.lo = dayNum(models.NewDate(p.End.Year, 1, 1)) + 1
	}
	e.b.lo = min(e.b.lo, e.b.hi)
	return e
}

// order is the set of possible outcomes of comparing two bounds.
type order uint8

const (
	before order = 1 << iota
	same
	after
)

// compareEnds returns what x can be to y: before, the same, after. Ends
// of the same precision are compared as stated; otherwise as ranges.
func compareEnds(x, y end) order {
	if x.prec == y.prec {
		switch cmp.Compare(x.stated, y.stated) {
		case -1:
			return before
		case 0:
			return same
		}
		return after
	}
	var o order
	if x.b.lo < y.b.hi {
		o |= before
	}
	if x.b.lo <= y.b.hi && y.b.lo <= x.b.hi {
		o |= same
	}
	if x.b.hi > y.b.lo {
		o |= after
	}
	return o
}

// weakOrders lists every way to order a.start, a.end, b.start, b.end
// allowing ties, with each start before its end: Relate asks for each
// whether the bounds' ranges allow it.
var weakOrders = func() [][4]int {
	var out [][4]int
	for n := 0; n < 256; n++ {
		r := [4]int{n & 3, n >> 2 & 3, n >> 4 & 3, n >> 6 & 3}
		if r[0] >= r[1] || r[2] >= r[3] {
			continue
		}
		var used [4]bool
		top := 0
		for _, x := range r {
			used[x] = true
			top = max(top, x)
		}
		contiguous := true
		for k := 0; k <= top; k++ {
			contiguous = contiguous && used[k]
		}
		if contiguous {
			out = append(out, r)
		}
	}
	return out
}()

// realize picks days for the four bounds that follow the order ranks and
// stay in their ranges, or reports that none exist. Giving each rank the
// smallest day it allows is optimal: any solution can be shifted down to it.
func realize(ranks [4]int, bs [4]bound) ([4]int64, bool) {
	var vals [4]int64
	prev := int64(0)
	for k := 0; k < 4; k++ {
		lo, hi, any := int64(0), int64(0), false
		for i, r := range ranks {
			if r != k {
				continue
			}
			if !any {
				lo, hi, any = bs[i].lo, bs[i].hi, true
				continue
			}
			lo, hi = max(lo, bs[i].lo), min(hi, bs[i].hi)
		}
		if !any {
			break
		}
		v := lo
		if k > 0 {
			v = max(v, prev+1)
		}
		if v > hi {
			return vals, false
		}
		for i, r := range ranks {
			if r == k {
				vals[i] = v
			}
		}
		prev = v
	}
	return vals, true
}

// exactRelation relates half-open day spans [as, ae) and [bs, be).
func exactRelation(as, ae, bs, be int64) Relation {
	switch {
	case as == bs && ae == be:
		return Equal
	case ae < bs || be < as:
		return Disjoint
	case ae == bs || be == as:
		return Adjacent
	case as <= bs && ae >= be:
		return Contains
	case bs <= as && be >= ae:
		return Within
	}
	return Overlapping
}

func validPeriod(p models.Period) bool {
	return !p.Start.IsZero() && !p.End.IsZero() && !p.End.Before(p.Start)
}

// precisionOf treats an unknown precision as day: the stated bounds are
// then all there is to go by.
func precisionOf(p models.Precision) models.Precision {
	if p.Valid() {
		return p
	}
	return models.PrecisionDay
}

// dayNum counts days since 1970-01-01 (negative before).
func dayNum(d models.Date) int64 {
	return d.Time().Unix() / 86400
}

// dateOfNum is the inverse of dayNum.
func dateOfNum(n int64) models.Date { return models.NewDate(1970, 1, 1).AddDays(int(n)) }
