package checks

import (
	"math"
	"testing"

	"forcedreturns/models"
)

// Seed corpora live in testdata/fuzz/<target>/ so that plain `go test` runs
// them as regression cases; add a file there for every bug a fuzzer finds.

// fuzzPeriod builds a valid period from fuzzer input: a start within about
// eight years of 2015, a length, and the precisions of its start (prec % 3)
// and of its end (prec/3 further on), each end rounded out to whole months
// or years for those precisions. prec below 3 gives both ends one
// precision.
func fuzzPeriod(start, length uint16, prec uint8) models.Period {
	s := base.AddDays(int(start % 3000))
	e := s.AddDays(int(length % 800))
	ps := []models.Precision{models.PrecisionDay, models.PrecisionMonth, models.PrecisionYear}
	return roundOut(s, e, ps[prec%3], ps[(prec%3+prec/3)%3])
}

// roundOut returns the period from s to e with its start at precision sp
// (the first day of its month or year) and its end at ep (the last day).
func roundOut(s, e models.Date, sp, ep models.Precision) models.Period {
	p := models.Period{Start: s, End: e, Precision: sp, EndPrecision: ep}
	p.Start, p.End = p.StartDate().Start, p.EndDate().End
	return p
}

func FuzzRelate(f *testing.F) {
	f.Add(uint16(0), uint16(30), uint8(1), uint16(15), uint16(10), uint8(0))
	f.Fuzz(func(t *testing.T, as, al uint16, ap uint8, bs, bl uint16, bp uint8) {
		a, b := fuzzPeriod(as, al, ap), fuzzPeriod(bs, bl, bp)
		r := Relate(a, b)
		if r == 0 {
			t.Fatalf("Relate(%v, %v) knows nothing about valid periods", a, b)
		}
		if got := Relate(a, a); got != Equal {
			t.Fatalf("Relate(%v, itself) = %s", a, got)
		}
		if back := Relate(b, a); back != mirror(r) {
			t.Fatalf("Relate(%v, %v) = %s but the other way round %s", a, b, r, back)
		}
		stated := exactRelation(dayNum(a.Start), dayNum(a.End)+1, dayNum(b.Start), dayNum(b.End)+1)
		if !r.Has(stated) {
			t.Fatalf("Relate(%v, %v) = %s leaves out the stated relation %s", a, b, r, stated)
		}
		if !a.Mixed() && !b.Mixed() && samePrecisions(a, b) && !r.Certain() {
			t.Fatalf("Relate(%v, %v) = %s: same precision must be certain", a, b, r)
		}
		if want := bruteRelate(a, b, 40); want != 0 && r != want {
			t.Fatalf("Relate(%v, %v) = %s, trying every day gives %s", a, b, r, want)
		}
	})
}

func FuzzCover(f *testing.F) {
	f.Add([]byte{0, 0, 10, 0, 1, 0, 1, 5, 0, 1})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 5 {
			return
		}
		at := func(i int) (uint16, uint16, uint8) {
			return uint16(data[i])<<4 | uint16(data[i+1]), uint16(data[i+2])<<2 | uint16(data[i+3]), data[i+4]
		}
		whole := fuzzPeriod(at(0))
		var parts []models.Period
		for i := 5; i+5 <= len(data) && len(parts) < 8; i += 5 {
			parts = append(parts, fuzzPeriod(at(i)))
		}
		if !mergeHolds(t, parts) {
			t.Fatalf("Merge(%v) loses or invents days", parts)
		}
		if !coverHolds(t, whole, parts) {
			t.Fatalf("Cover(%v, %v) misaccounts days", whole, parts)
		}
	})
}

func FuzzIntervalSum(f *testing.F) {
	f.Add(uint8(4), uint32(50), uint8(0), uint32(80), uint32(3), uint32(0))
	f.Fuzz(func(t *testing.T, q1 uint8, v1 uint32, q2 uint8, v2 uint32, p1, p2 uint32) {
		qty := func(q uint8, v uint32) models.Quantity {
			x := models.Quantity{Qualifier: models.Qualifiers[int(q)%len(models.Qualifiers)], Value: int64(v % 1_000_000)}
			if x.Qualifier == models.QualRange {
				x.Value, x.Low, x.High = 0, int64(v%1000), int64(v%1000)+1+int64(v/1000%1000)
			}
			return x
		}
		member := func(in Interval, p uint32) float64 {
			hi := in.High
			if math.IsInf(hi, 1) {
				hi = in.Low + 1e6
			}
			return in.Low + float64(int64(p)%(int64(hi-in.Low)+1))
		}
		a, b := IntervalOf(qty(q1, v1)), IntervalOf(qty(q2, v2))
		x, y := member(a, p1), member(b, p2)
		if !a.Contains(x) || !b.Contains(y) {
			t.Fatalf("picked members %v of %v and %v of %v outside them", x, a, y, b)
		}
		if s := a.Add(b); !s.Contains(x + y) {
			t.Fatalf("%v + %v = %v does not hold %v + %v", a, b, s, x, y)
		}
		if a.Overlaps(b) != !a.Intersect(b).Empty() || a.Overlaps(b) != b.Overlaps(a) {
			t.Fatalf("Overlaps(%v, %v) is not symmetric or disagrees with Intersect", a, b)
		}
		if !a.Hull(b).ContainsInterval(a) || !a.Hull(b).ContainsInterval(b) {
			t.Fatalf("Hull(%v, %v) = %v loses a member", a, b, a.Hull(b))
		}
	})
}
