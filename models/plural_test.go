package models

import "testing"

func TestPluralPeople(t *testing.T) {
	for _, c := range []struct {
		q    Quantity
		want string
	}{
		{Quantity{Qualifier: QualExact, Value: 1}, "1 person"},
		{Quantity{Qualifier: QualDocumented, Value: 1}, "1 documented person"},
		{Quantity{Qualifier: QualAtLeast, Value: 1}, "at least 1 person"},
		{Quantity{Qualifier: QualExact, Value: 0}, "0 people"},
		{Quantity{Qualifier: QualExact, Value: 2}, "2 people"},
		{Quantity{Qualifier: QualRange, Low: 1, High: 3}, "1–3 people"},
	} {
		f := Figure{Qualifier: c.q.Qualifier, Value: c.q.Value, ValueLow: c.q.Low, ValueHigh: c.q.High, Unit: UnitPeople}
		if got := f.AmountLabel(); got != c.want {
			t.Errorf("AmountLabel of %+v = %q, want %q", c.q, got, c.want)
		}
	}
	if Plural(1.5, "month", "months") != "months" || Plural(1, "month", "months") != "month" {
		t.Error("Plural: only exactly 1 is singular")
	}
}
