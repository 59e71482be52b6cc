package checks

import (
	"cmp"
	"errors"
	"math/rand"
	"reflect"
	"strings"
	"testing"
	"testing/quick"
	"time"

	"forcedreturns/models"
)

// Property tests for the interval and period logic the checks rest on.
// Periods are drawn from a few years around the seed article at every
// precision, so that shared boundary months and years are common.

var base = models.NewDate(2015, 1, 1)

// randomPeriod returns a valid period at a random precision, or with its
// ends at two random precisions.
func randomPeriod(r *rand.Rand) models.Period {
	switch r.Intn(4) {
	case 0:
		y := 2015 + r.Intn(4)
		return models.Period{Start: models.NewDate(y, 1, 1), End: models.NewDate(y+r.Intn(3), 12, 31), Precision: models.PrecisionYear}
	case 1:
		m := r.Intn(48)
		n := r.Intn(15)
		return models.Period{Start: models.NewDate(2015, 1+monthOf(m), 1), End: models.NewDate(2015, 1+monthOf(m+n+1), 0), Precision: models.PrecisionMonth}
	case 2:
		s := base.AddDays(r.Intn(4 * 365))
		return models.Period{Start: s, End: s.AddDays(r.Intn(400)), Precision: models.PrecisionDay}
	}
	s := base.AddDays(r.Intn(4 * 365))
	return roundOut(s, s.AddDays(r.Intn(600)), randomPrecision(r), randomPrecision(r))
}

func randomPrecision(r *rand.Rand) models.Precision {
	return models.Precisions[r.Intn(len(models.Precisions))]
}

func monthOf(n int) time.Month { return time.Month(n) }

// widen returns a period holding p's stated days, at a random precision,
// rounded out to whole units of it: the next link of a nested chain.
func widen(r *rand.Rand, p models.Period) models.Period {
	s, e := p.Start.AddDays(-r.Intn(90)), p.End.AddDays(r.Intn(90))
	switch r.Intn(4) {
	case 0:
		return models.Period{Start: models.NewDate(s.Year, 1, 1), End: models.NewDate(e.Year, 12, 31), Precision: models.PrecisionYear}
	case 1:
		return models.Period{Start: models.NewDate(s.Year, s.Month, 1), End: models.NewDate(e.Year, e.Month+1, 0), Precision: models.PrecisionMonth}
	case 2:
		return models.Period{Start: s, End: e, Precision: models.PrecisionDay}
	}
	return roundOut(s, e, randomPrecision(r), randomPrecision(r))
}

type anyPeriod struct{ P models.Period }

func (anyPeriod) Generate(r *rand.Rand, _ int) reflect.Value {
	return reflect.ValueOf(anyPeriod{randomPeriod(r)})
}

// chain is three periods, each widened from the next: c ⊆ b ⊆ a as stated.
type chain struct{ A, B, C models.Period }

func (chain) Generate(r *rand.Rand, _ int) reflect.Value {
	c := randomPeriod(r)
	b := widen(r, c)
	return reflect.ValueOf(chain{widen(r, b), b, c})
}

var many = &quick.Config{MaxCount: 5000}

func mirror(r Relation) Relation {
	out := r &^ (Contains | Within)
	if r.Has(Contains) {
		out |= Within
	}
	if r.Has(Within) {
		out |= Contains
	}
	return out
}

func TestPropertyPeriodContainsItself(t *testing.T) {
	f := func(a anyPeriod) bool { return Relate(a.P, a.P) == Equal }
	if err := quick.Check(f, many); err != nil {
		t.Error(err)
	}
}

func TestPropertyRelateIsSymmetric(t *testing.T) {
	f := func(a, b anyPeriod) bool { return Relate(b.P, a.P) == mirror(Relate(a.P, b.P)) }
	if err := quick.Check(f, many); err != nil {
		t.Error(err)
	}
}

// The stated days are one possible reading, so their relation is always
// among the possible ones: precision can only widen what Relate says.
func TestPropertyStatedRelationIsPossible(t *testing.T) {
	f := func(a, b anyPeriod) bool {
		stated := exactRelation(dayNum(a.P.Start), dayNum(a.P.End)+1, dayNum(b.P.Start), dayNum(b.P.End)+1)
		return Relate(a.P, b.P).Has(stated)
	}
	if err := quick.Check(f, many); err != nil {
		t.Error(err)
	}
}

func TestPropertyNestingIsTransitive(t *testing.T) {
	certainCount := 0
	f := func(c chain) bool {
		ab, bc, ac := Relate(c.A, c.B), Relate(c.B, c.C), Relate(c.A, c.C)
		if ab.Only(Nested) && bc.Only(Nested) {
			certainCount++
			return ac.Only(Nested)
		}
		// Read the other way round: lying within is transitive too.
		if Relate(c.C, c.B).Only(Inside) && Relate(c.B, c.A).Only(Inside) {
			return Relate(c.C, c.A).Only(Inside)
		}
		return true
	}
	if err := quick.Check(f, &quick.Config{MaxCount: 20000}); err != nil {
		t.Error(err)
	}
	if certainCount < 100 {
		t.Errorf("only %d chains were certainly nested; the generator no longer exercises the property", certainCount)
	}
	// Random triples too, not only built chains.
	g := func(a, b, c anyPeriod) bool {
		if Relate(a.P, b.P).Only(Nested) && Relate(b.P, c.P).Only(Nested) {
			return Relate(a.P, c.P).Only(Nested)
		}
		return true
	}
	if err := quick.Check(g, many); err != nil {
		t.Error(err)
	}
}

// TestPropertyRelateMatchesBruteForce checks the order-type search against
// trying every possible day of every end, for periods in 2017 whose ends
// are known to the day or the month, in any mix (where the ranges are
// small enough to enumerate).
func TestPropertyRelateMatchesBruteForce(t *testing.T) {
	mixed := 0
	f := func(seed int64) bool {
		r := rand.New(rand.NewSource(seed))
		pick := func() models.Period {
			s := models.NewDate(2017, 1, 1).AddDays(r.Intn(200))
			ps := []models.Precision{models.PrecisionDay, models.PrecisionMonth}
			return roundOut(s, s.AddDays(r.Intn(60)), ps[r.Intn(2)], ps[r.Intn(2)])
		}
		a, b := pick(), pick()
		if a.Mixed() || b.Mixed() {
			mixed++
		}
		want := bruteRelate(a, b, 1<<20)
		if got := Relate(a, b); got != want {
			t.Logf("Relate(%v, %v) = %s, brute force %s", a, b, got, want)
			return false
		}
		return true
	}
	if err := quick.Check(f, &quick.Config{MaxCount: 300}); err != nil {
		t.Error(err)
	}
	if mixed < 100 {
		t.Errorf("only %d pairs had a period with ends of two precisions", mixed)
	}
}

// bruteRelate relates a and b by trying every day each end may be (see
// Relation): ends of the same precision in their stated order, a start
// before its end. It gives up (0) when that is more than limit readings.
func bruteRelate(a, b models.Period, limit int64) Relation {
	ends := [4]end{startOf(a), endOf(a), startOf(b), endOf(b)}
	n := int64(1)
	for _, e := range ends {
		n *= e.b.hi - e.b.lo + 1
	}
	if n > limit {
		return 0
	}
	var out Relation
	var v [4]int64
	var try func(k int)
	try = func(k int) {
		if k == 4 {
			if v[0] >= v[1] || v[2] >= v[3] {
				return
			}
			for i := 0; i < 2; i++ {
				for j := 2; j < 4; j++ {
					if ends[i].prec == ends[j].prec && cmp.Compare(v[i], v[j]) != cmp.Compare(ends[i].stated, ends[j].stated) {
						return
					}
				}
			}
			out |= exactRelation(v[0], v[1], v[2], v[3])
			return
		}
		for x := ends[k].b.lo; x <= ends[k].b.hi; x++ {
			v[k] = x
			try(k + 1)
		}
	}
	try(0)
	return out
}

// days returns the set of day numbers in the periods' stated days.
func days(ps []models.Period) map[int64]int {
	out := map[int64]int{}
	for _, p := range ps {
		for d := dayNum(p.Start); d <= dayNum(p.End); d++ {
			out[d]++
		}
	}
	return out
}

func spanDays(ss []Span) map[int64]int {
	out := map[int64]int{}
	for _, s := range ss {
		for d := dayNum(s.Start); d <= dayNum(s.End); d++ {
			out[d]++
		}
	}
	return out
}

type periods []models.Period

func (periods) Generate(r *rand.Rand, _ int) reflect.Value {
	out := make(periods, r.Intn(7))
	for i := range out {
		out[i] = randomPeriod(r)
	}
	return reflect.ValueOf(out)
}

func TestPropertyMergeNeverLosesADay(t *testing.T) {
	f := func(ps periods) bool { return mergeHolds(t, ps) }
	if err := quick.Check(f, &quick.Config{MaxCount: 1000}); err != nil {
		t.Error(err)
	}
}

// mergeHolds checks Merge: the same days, each once, in sorted spans that
// neither overlap nor touch.
func mergeHolds(t testing.TB, ps []models.Period) bool {
	in, got := days(ps), Merge(ps)
	out := spanDays(got)
	if len(in) != len(out) {
		t.Logf("Merge(%v): %d days in, %d out", ps, len(in), len(out))
		return false
	}
	for d, n := range out {
		if n != 1 || in[d] == 0 {
			t.Logf("Merge(%v): day %d out %d times, in %d times", ps, d, n, in[d])
			return false
		}
	}
	for i := 1; i < len(got); i++ {
		if dayNum(got[i].Start) <= dayNum(got[i-1].End)+1 {
			t.Logf("Merge(%v): spans %v and %v touch", ps, got[i-1], got[i])
			return false
		}
	}
	return true
}

func TestPropertyCoverAccountsForEveryDay(t *testing.T) {
	f := func(w anyPeriod, ps periods) bool { return coverHolds(t, w.P, ps) }
	if err := quick.Check(f, &quick.Config{MaxCount: 1000}); err != nil {
		t.Error(err)
	}
}

// coverHolds checks Cover: every day of the whole is covered by a part or
// reported uncovered, never both; overlaps are exactly the days two parts
// share; outside are exactly the parts' days beyond the whole.
func coverHolds(t testing.TB, whole models.Period, ps []models.Period) bool {
	c := Cover(whole, ps)
	w := days([]models.Period{whole})
	parts := days(ps)
	unc := spanDays(c.Uncovered())
	for d := range w {
		if (parts[d] > 0) == (unc[d] > 0) {
			t.Logf("Cover(%v, %v): day %d covered %d times, reported uncovered %d times", whole, ps, d, parts[d], unc[d])
			return false
		}
	}
	for d := range unc {
		if w[d] == 0 || unc[d] != 1 {
			t.Logf("Cover(%v, %v): uncovered day %d is outside the whole or repeated", whole, ps, d)
			return false
		}
	}
	over, outside := spanDays(c.Overlaps), spanDays(c.Outside)
	for d, n := range parts {
		if (n > 1) != (over[d] == 1) || (w[d] == 0) != (outside[d] == 1) {
			t.Logf("Cover(%v, %v): day %d in %d parts, overlap %d, outside %d", whole, ps, d, n, over[d], outside[d])
			return false
		}
	}
	return len(over) <= len(parts) && len(outside) <= len(parts)
}

// The parts-and-whole check adds its parts with Total and explains a
// refusal with Cover's words: Total refuses flows over periods exactly
// when Cover finds days they share or doubts that they share none, so a
// refusal always has its reason on the page.
func TestPropertyTotalRefusesWhatCoverExplains(t *testing.T) {
	f := func(w anyPeriod, ps periods) bool {
		reps := make([]Reported, len(ps))
		for i, p := range ps {
			reps[i] = Reported{Metric: "apprehended", Kind: models.Flow, Period: p, Interval: Point(1)}
		}
		_, err := Total(reps)
		c := Cover(w.P, ps)
		sharing := len(c.Overlaps) > 0
		for _, d := range c.Doubts {
			sharing = sharing || strings.Contains(d, "share days")
		}
		if (err != nil) != sharing {
			t.Logf("Total(%v) = %v, but Cover finds overlaps %v and doubts %q", ps, err, c.Overlaps, c.Doubts)
			return false
		}
		return err == nil || errors.Is(err, ErrDoubleCount)
	}
	if err := quick.Check(f, &quick.Config{MaxCount: 1000}); err != nil {
		t.Error(err)
	}
}

type quantities []models.Quantity

func randomQuantity(r *rand.Rand) models.Quantity {
	q := models.Quantity{Qualifier: models.Qualifiers[r.Intn(len(models.Qualifiers))], Value: int64(r.Intn(2000))}
	if q.Qualifier == models.QualRange {
		q.Value, q.Low = 0, int64(r.Intn(1000))
		q.High = q.Low + 1 + int64(r.Intn(1000))
	}
	return q
}

func (quantities) Generate(r *rand.Rand, _ int) reflect.Value {
	out := make(quantities, 1+r.Intn(6))
	for i := range out {
		out[i] = randomQuantity(r)
	}
	return reflect.ValueOf(out)
}

// pick returns a whole number the interval holds.
func pick(r *rand.Rand, in Interval) float64 {
	hi := in.High
	if !in.Bounded() {
		hi = in.Low + 1000
	}
	return in.Low + float64(r.Int63n(int64(hi-in.Low)+1))
}

func TestPropertySumContainsSumOfMembers(t *testing.T) {
	f := func(qs quantities, seed int64) bool {
		r := rand.New(rand.NewSource(seed))
		var ins []Interval
		total := 0.0
		for _, q := range qs {
			in := IntervalOf(q)
			x := pick(r, in)
			if !in.Contains(x) || !in.Contains(float64(q.Value)) && q.Qualifier != models.QualRange && q.Qualifier != models.QualMoreThan {
				t.Logf("%+v: interval %v does not hold its member %v or its stated value", q, in, x)
				return false
			}
			ins = append(ins, in)
			total += x
		}
		return Sum(ins...).Contains(total)
	}
	if err := quick.Check(f, many); err != nil {
		t.Error(err)
	}
}

func TestPropertyIntersectAndHull(t *testing.T) {
	f := func(a, b quantities, seed int64) bool {
		r := rand.New(rand.NewSource(seed))
		x, y := IntervalOf(a[0]), IntervalOf(b[0])
		v := pick(r, x)
		in, h := x.Intersect(y), x.Hull(y)
		if y.Contains(v) != in.Contains(v) || !h.Contains(v) || !h.ContainsInterval(x) || !h.ContainsInterval(y) {
			return false
		}
		return x.Overlaps(y) == y.Overlaps(x) && (!y.Contains(v) || x.Overlaps(y))
	}
	if err := quick.Check(f, many); err != nil {
		t.Error(err)
	}
}
