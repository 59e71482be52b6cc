package checks

import (
	"encoding/json"
	"math"
	"testing"

	"forcedreturns/models"
)

func TestIntervalOf(t *testing.T) {
	inf := math.Inf(1)
	tests := []struct {
		q    models.Quantity
		want Interval
		text string
	}{
		{models.Quantity{Qualifier: models.QualExact, Value: 41}, Interval{Low: 41, High: 41}, "41"},
		{models.Quantity{Qualifier: models.QualDocumented, Value: 41}, Interval{Low: 41, High: inf, HighOpen: true}, "≥ 41"},
		{models.Quantity{Qualifier: models.QualAtLeast, Value: 41}, Interval{Low: 41, High: inf, HighOpen: true}, "≥ 41"},
		{models.Quantity{Qualifier: models.QualMoreThan, Value: 500}, Interval{Low: 501, High: inf, HighOpen: true}, "≥ 501"},
		{models.Quantity{Qualifier: models.QualAtMost, Value: 600}, Interval{Low: 0, High: 600}, "≤ 600"},
		{models.Quantity{Qualifier: models.QualAbout, Value: 50}, Interval{Low: 45, High: 55}, "45–55"},
		{models.Quantity{Qualifier: models.QualAbout, Value: 1000}, Interval{Low: 900, High: 1100}, "900–1,100"},
		{models.Quantity{Qualifier: models.QualAbout, Value: 5}, Interval{Low: 4, High: 6}, "4–6"},      // ±0.5 rounds to ±1
		{models.Quantity{Qualifier: models.QualAbout, Value: 3}, Interval{Low: 2, High: 4}, "2–4"},      // never less than ±1
		{models.Quantity{Qualifier: models.QualAbout, Value: 0}, Interval{Low: 0, High: 1}, "≤ 1"},      // never below 0
		{models.Quantity{Qualifier: models.QualAbout, Value: 25}, Interval{Low: 22, High: 28}, "22–28"}, // 2.5 rounds away from zero
		{models.Quantity{Qualifier: models.QualRange, Low: 24, High: 99}, Interval{Low: 24, High: 99}, "24–99"},
		{models.Quantity{Qualifier: "dozens", Value: 24}, Interval{Low: 0, High: inf, HighOpen: true}, "≥ 0"},
	}
	for _, tt := range tests {
		got := IntervalOf(tt.q)
		if got != tt.want || got.String() != tt.text {
			t.Errorf("IntervalOf(%s %d) = %+v %q, want %+v %q", tt.q.Qualifier, tt.q.Value, got, got, tt.want, tt.text)
		}
	}
}

func TestCountOf(t *testing.T) {
	if got := countOf(models.Quantity{Qualifier: models.QualDocumented, Value: 92}); got != Point(92) {
		t.Errorf("countOf(documented 92) = %v, want 92", got)
	}
	if got := countOf(models.Quantity{Qualifier: models.QualAtLeast, Value: 92}); got != AtLeast(92) {
		t.Errorf("countOf(at least 92) = %v, want ≥ 92", got)
	}
}

// TestAgreementOfQualifiers is the list: qualifier-aware agreement.
func TestAgreementOfQualifiers(t *testing.T) {
	q := func(s string) Interval {
		x, err := models.ParseQuantity(s)
		if err != nil {
			t.Fatal(err)
		}
		return IntervalOf(x)
	}
	tests := []struct {
		a, b  string
		agree bool
	}{
		{"at least 41", "41", true},
		{"more than 500", "as many as 600", true},
		{"about 50", "80", false},
		{"about 50", "55", true},
		{"about 50", "56", false},
		{"more than 41", "41", false},
		{"as many as 40", "at least 41", false},
		{"24-99", "about 100", true},
		{"24-99", "100", false},
	}
	for _, tt := range tests {
		if got := q(tt.a).Overlaps(q(tt.b)); got != tt.agree {
			t.Errorf("%q agrees with %q = %v, want %v", tt.a, tt.b, got, tt.agree)
		}
	}
}

func TestIntervalOps(t *testing.T) {
	a, b := Interval{Low: 45, High: 55}, AtLeast(50)
	if got := a.Intersect(b); got != (Interval{Low: 50, High: 55}) {
		t.Errorf("Intersect = %v", got)
	}
	if got := a.Hull(Point(80)); got != (Interval{Low: 45, High: 80}) {
		t.Errorf("Hull = %v", got)
	}
	if got := Sum(Point(51), AtLeast(41)); got.String() != "≥ 92" {
		t.Errorf("Sum = %v", got)
	}
	if got := Sum(); got != Point(0) {
		t.Errorf("Sum() = %v, want 0", got)
	}
	open := Interval{Low: 1, High: 2, LowOpen: true}
	if open.Contains(1) || !open.Contains(2) || open.Empty() {
		t.Errorf("(1, 2]: Contains(1)=%v Contains(2)=%v Empty=%v", open.Contains(1), open.Contains(2), open.Empty())
	}
	if !(Interval{Low: 1, High: 1, HighOpen: true}).Empty() {
		t.Error("[1, 1) is not empty")
	}
	if !AtLeast(0).ContainsInterval(a) || a.ContainsInterval(AtLeast(0)) || !a.ContainsInterval(Interval{Low: 1, High: 0}) {
		t.Error("ContainsInterval")
	}
	if got := Point(41).Scale(0.5).String(); got != "20.5" {
		t.Errorf("41 / 2 = %q", got)
	}
	texts := map[Interval]string{
		{Low: 1, High: 0}:                                   "empty",
		{Low: 2, High: math.Inf(1), LowOpen: true}:          "> 2",
		{Low: 0, High: 5, HighOpen: true}:                   "< 5",
		{Low: 1, High: 2, LowOpen: true}:                    "(1, 2]",
		{Low: 1234.5678, High: 1234.5678}:                   "1,234.57",
		{Low: -0.25, High: -0.25}:                           "-0.25",
		{Low: 92.0 / 15, High: math.Inf(1), HighOpen: true}: "≥ 6.13",
	}
	for in, want := range texts {
		if got := in.String(); got != want {
			t.Errorf("%+v.String() = %q, want %q", in, got, want)
		}
	}
}

func TestIntervalJSON(t *testing.T) {
	b, err := json.Marshal([]Interval{AtLeast(41), {Low: 45, High: 55}})
	if err != nil {
		t.Fatal(err)
	}
	want := `[{"low":41,"high":null,"low_open":false,"high_open":true,"text":"≥ 41"},{"low":45,"high":55,"low_open":false,"high_open":false,"text":"45–55"}]`
	if string(b) != want {
		t.Errorf("JSON = %s\nwant   %s", b, want)
	}
}
