package checks

import (
	"errors"
	"fmt"
	"sort"

	"forcedreturns/models"
)

// Subject names one series: a metric of a population between two states,
// in one unit. A chart, a total or a check never mixes subjects, so
// figures of different units ("41 people", "more than 60 %") are never
// compared or added: the unit is part of what a figure is about.
type Subject struct {
	Metric         string `json:"metric"`
	Population     string `json:"population"`
	ActingState    string `json:"acting_state"`
	ReceivingState string `json:"receiving_state"`
	Unit           string `json:"unit"`
}

// Role says how a point of a series stands to the others, so a chart knows
// what it may stack.
type Role string

// The roles of a point in a series.
const (
	// RoleAlone shares no day with any other point: it may be stacked or
	// added with the other alone points.
	RoleAlone Role = "alone"
	// RolePart lies within a longer point of the series (a month of a year):
	// it may be stacked with other parts that share no day with it, never
	// with the total it lies in.
	RolePart Role = "part"
	// RoleTotal covers shorter points of the series (the year of its months):
	// show it beside its parts, never stacked on them.
	RoleTotal Role = "total"
	// RoleOverlapping shares days with another point without either holding
	// the other, or the precision of the periods leaves that open: it is
	// never stacked or added with that point.
	RoleOverlapping Role = "overlapping"
)

// SeriesPoint is one reported quantity in a series of flows over time.
type SeriesPoint struct {
	Reported
	Role Role `json:"role"`
	// PartOf, Covers and Overlaps index other points of the series: the
	// totals this point lies in, the parts it covers, and the points it
	// shares (or may share) days with otherwise.
	PartOf   []int `json:"part_of,omitempty"`
	Covers   []int `json:"covers,omitempty"`
	Overlaps []int `json:"overlaps,omitempty"`
	// PerMonth is the rate per month: the reported quantity's interval
	// divided by the months of its period (models.Period.RateMonths, the
	// rule models.Figure.PerMonth follows for one figure); empty, as for
	// one figure, for a period shorter than a month or whose ends are known
	// to different precisions: nil (null) then.
	PerMonth *Interval `json:"per_month"`
}

// Subjects lists the subjects that have flows to chart, sorted.
// groups are the figures grouped (Group), so that a caller that needs
// several subjects' series groups the figures once.
func Subjects(groups []Reported) []Subject {
	seen := map[Subject]bool{}
	var out []Subject
	for _, r := range groups {
		s := subjectOf(r)
		if r.Kind == models.Flow && !r.Subgroup() && !r.Share() && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Metric != b.Metric {
			return a.Metric < b.Metric
		}
		if a.Population != b.Population {
			return a.Population < b.Population
		}
		if a.ActingState != b.ActingState {
			return a.ActingState < b.ActingState
		}
		if a.ReceivingState != b.ReceivingState {
			return a.ReceivingState < b.ReceivingState
		}
		return a.Unit < b.Unit
	})
	return out
}

// SubjectOf is the subject a figure counts: its metric, population,
// states and unit. Figures of one subject are the ones a series or a total
// may hold, and the only ones a check compares.
func SubjectOf(f models.Figure) Subject {
	return Subject{Metric: f.Metric, Population: f.Population, ActingState: f.ActingState, ReceivingState: f.ReceivingState, Unit: f.Unit}
}

// People is the subject without its metric: a population between two
// states, whatever is counted about them, in one unit. A cohort and the
// quantities that split it are about the same people under different
// metrics.
func (s Subject) People() Subject {
	s.Metric = ""
	return s
}

// subjectOf is the subject of a reported quantity; Group builds each from
// figures of one subject, so it is SubjectOf any of them.
func subjectOf(r Reported) Subject {
	return Subject{Metric: r.Metric, Population: r.Population, ActingState: r.ActingState, ReceivingState: r.ReceivingState, Unit: r.Unit}
}

// Series selects what a chart of flows over time may show for one subject,
// following Rule: corroborating reports are one point (Group); cumulative
// totals and stocks are left out, since they are not counts over their
// period; subgroups are left out, since they are part of another point;
// shares are left out, since they are percentages, not counts; and
// each point's Role says whether it nests in or overlaps another, so that a
// chart never stacks a total on its parts. Points are sorted by period.
//
// groups are the figures grouped (Group), or any part of that result in its
// order (such as the quantities of one subject), so that a caller charting
// many subjects groups the figures once. Each point is related only to the
// points whose days it may share (relatedPairs), not to every other point.
func Series(groups []Reported, s Subject) []SeriesPoint { return series(groups, s, relatedPairs) }

// series is Series with the pairs of points to relate found by near
// (relatedPairs; the tests compare it with every pair).
func series(groups []Reported, s Subject, near func([]models.Period) [][]int) []SeriesPoint {
	var pts []SeriesPoint
	for _, r := range groups {
		if r.Kind != models.Flow || r.Subgroup() || r.Share() || subjectOf(r) != s {
			continue
		}
		p := SeriesPoint{Reported: r}
		if m, ok := r.Period.RateMonths(); ok {
			in := r.Interval.Scale(1 / m)
			p.PerMonth = &in
		}
		pts = append(pts, p)
	}
	sort.SliceStable(pts, func(i, j int) bool {
		a, b := pts[i].Period, pts[j].Period
		if a.Start != b.Start {
			return a.Start.Before(b.Start)
		}
		return b.End.Before(a.End) // longer first: the total before its parts
	})
	periods := make([]models.Period, len(pts))
	for i := range pts {
		periods[i] = pts[i].Period
	}
	for i, js := range near(periods) {
		for _, j := range js {
			switch r := Relate(pts[i].Period, pts[j].Period); {
			case r.Only(Separate):
			case r == Within:
				pts[i].PartOf = append(pts[i].PartOf, j)
			case r == Contains:
				pts[i].Covers = append(pts[i].Covers, j)
			default:
				pts[i].Overlaps = append(pts[i].Overlaps, j)
			}
		}
	}
	for i := range pts {
		p := &pts[i]
		switch {
		case len(p.PartOf) > 0:
			p.Role = RolePart
		case len(p.Covers) > 0:
			p.Role = RoleTotal
		case len(p.Overlaps) > 0:
			p.Role = RoleOverlapping
		default:
			p.Role = RoleAlone
		}
	}
	return pts
}

// relatedPairs lists, for each period, the others (by index, ascending)
// whose relation to it is not certainly Separate: those whose possible
// days (from the first day its start may be to the last its end may be,
// at their precisions) meet its own. Periods whose possible days do not
// meet share no day under any reading, so Relate calls them Separate; an
// invalid period, which Relate cannot place, is listed with every other.
// A sweep over the periods sorted by their first possible day finds the
// pairs in O(n log n) plus the pairs found.
func relatedPairs(periods []models.Period) [][]int {
	type span struct {
		lo, hi int64
		i      int
	}
	near := make([][]int, len(periods))
	var spans []span
	var invalid []int
	for i, p := range periods {
		if !validPeriod(p) {
			invalid = append(invalid, i)
			continue
		}
		spans = append(spans, span{lo: dayNum(p.StartDate().Start), hi: dayNum(p.EndDate().End), i: i})
	}
	sort.Slice(spans, func(a, b int) bool { return spans[a].lo < spans[b].lo })
	for a := range spans {
		for b := a + 1; b < len(spans) && spans[b].lo <= spans[a].hi; b++ {
			i, j := spans[a].i, spans[b].i
			near[i] = append(near[i], j)
			near[j] = append(near[j], i)
		}
	}
	for _, i := range invalid {
		for j := range periods {
			if j != i && validPeriod(periods[j]) {
				near[i] = append(near[i], j)
				near[j] = append(near[j], i)
			}
		}
		for _, j := range invalid {
			if j != i {
				near[i] = append(near[i], j)
			}
		}
	}
	for i := range near {
		sort.Ints(near[i])
	}
	return near
}

// ErrDoubleCount is returned, wrapped, by Total when adding the quantities
// would count some people twice or add things that are not flows.
var ErrDoubleCount = errors.New("adding these figures would count people twice")

// Total adds reported flows of one subject whose periods certainly share no
// day, and refuses anything else with an error wrapping ErrDoubleCount:
// cumulative totals and stocks (never added to flows), subgroups (already
// in their group), shares (percentages, not counts), different subjects
// (another metric, population, states or unit), and periods that overlap, nest or
// may do so at their precision. Corroborating reports were already merged
// by Group, so each quantity enters once, as its Interval: a documented
// count adds as "that many or more", and sources that differ add their
// range.
func Total(reps []Reported) (Interval, error) {
	var ins []Interval
	for i, r := range reps {
		switch {
		case r.Kind != models.Flow:
			return Interval{}, fmt.Errorf("%w: %s is a %s quantity; only flows are added", ErrDoubleCount, repText(r), r.Kind)
		case r.Subgroup():
			return Interval{}, fmt.Errorf("%w: %s is a subgroup of another figure", ErrDoubleCount, repText(r))
		case r.Share():
			return Interval{}, fmt.Errorf("%w: %s is a share of another figure (a percentage): percentages are never added", ErrDoubleCount, repText(r))
		case !validPeriod(r.Period):
			return Interval{}, fmt.Errorf("%w: %s has no valid period", ErrDoubleCount, r.Text())
		case i > 0 && subjectOf(r) != subjectOf(reps[0]):
			return Interval{}, fmt.Errorf("%w: %s and %s count different things", ErrDoubleCount, subjectText(reps[0]), subjectText(r))
		}
		for _, q := range reps[:i] {
			if rel := Relate(q.Period, r.Period); !rel.Only(Separate) {
				return Interval{}, fmt.Errorf("%w: %s and %s are %s", ErrDoubleCount, repText(q), repText(r), relationWords(rel))
			}
		}
		ins = append(ins, r.Interval)
	}
	return Sum(ins...), nil
}

func relationWords(r Relation) string {
	if r.Certain() {
		switch r {
		case Contains, Within:
			return "nested (one period holds the other)"
		case Equal:
			return "the same period"
		}
		return r.String()
	}
	return "possibly sharing days (" + r.String() + ", at their precision)"
}
