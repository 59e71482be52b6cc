package checks

import (
	"math/rand/v2"
	"testing"
	"time"

	"forcedreturns/models"
)

// TestSeparateIsRelate: separate, which answers without Relate's orders
// when one period certainly ends before the other starts, answers as
// Relate(a, b).Only(Separate) for periods near one another at every mix of
// precisions, aligned to them or not, stocks (one day), invalid ones
// (open, reversed) and an unknown precision; and it takes that shortcut
// for many of them (or the comparison would prove nothing about it).
func TestSeparateIsRelate(t *testing.T) {
	r := rand.New(rand.NewPCG(12, 2026))
	precs := []models.Precision{models.PrecisionDay, models.PrecisionMonth, models.PrecisionYear, "", "week"}
	date := func() models.Date {
		if r.IntN(40) == 0 {
			return models.Date{} // open
		}
		return models.NewDate(2015+r.IntN(4), time.Month(r.IntN(12)+1), r.IntN(28)+1)
	}
	period := func() models.Period {
		p := models.Period{Start: date(), Precision: precs[r.IntN(len(precs))]}
		switch r.IntN(4) {
		case 0:
			p.End = p.Start // a stock's day
		case 1:
			p.End = date() // maybe before the start
		default:
			if !p.Start.IsZero() {
				p.End = p.Start.AddDays(r.IntN(500))
			}
		}
		if r.IntN(2) == 0 {
			p.EndPrecision = precs[r.IntN(len(precs))]
		}
		if r.IntN(2) == 0 { // aligned to its precisions
			if p.Precision == models.PrecisionMonth && !p.Start.IsZero() {
				p.Start.Day = 1
			}
			if p.PrecisionOfEnd() == models.PrecisionYear && !p.End.IsZero() {
				p.End = models.NewDate(p.End.Year, 12, 31)
			}
		}
		return p
	}
	shortcut := 0
	for range 200000 {
		a, b := period(), period()
		if got, want := separate(a, b), Relate(a, b).Only(Separate); got != want {
			t.Fatalf("separate(%+v, %+v) = %v, Relate says %v (%s)", a, b, got, want, Relate(a, b))
		}
		if validPeriod(a) && validPeriod(b) && (endOf(a).b.hi <= startOf(b).b.lo || endOf(b).b.hi <= startOf(a).b.lo) {
			shortcut++
		}
	}
	if shortcut < 10000 {
		t.Fatalf("the shortcut answered %d of 200,000 pairs: the comparison proves little", shortcut)
	}
}
