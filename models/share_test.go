package models

import "testing"

// validShare is "more than 60 percent were women" of validFigure's count.
func validShare() Figure {
	f := validFigure()
	f.Key, f.ShareOf = "hrw-2017-women-share", validFigure().Key
	f.Qualifier, f.Value, f.Unit, f.Population = QualMoreThan, 60, UnitPercent, "women"
	return f
}

func TestShareValidate(t *testing.T) {
	tests := []struct {
		name      string
		edit      func(f *Figure)
		normalize bool
		want      []wantProblem
	}{
		{name: "valid share", edit: func(f *Figure) {}},
		{name: "valid share of 100 percent", edit: func(f *Figure) { f.Qualifier, f.Value = QualExact, 100 }},
		{name: "valid share as a range", edit: func(f *Figure) { f.Qualifier, f.Value, f.ValueLow, f.ValueHigh = QualRange, 0, 40, 60 }},
		{name: "an empty unit is percent for a share", edit: func(f *Figure) { f.Unit = "" }, normalize: true},
		{name: "share in people", edit: func(f *Figure) { f.Unit = UnitPeople },
			want: []wantProblem{{"unit", `a share is a percentage: its unit must be "percent", got "people"`}}},
		{name: "share over 100 percent", edit: func(f *Figure) { f.Value = 101 },
			want: []wantProblem{{"value", "a percentage is from 0 to 100, got 101"}}},
		{name: "share range above 100 percent", edit: func(f *Figure) { f.Qualifier, f.Value, f.ValueLow, f.ValueHigh = QualRange, 0, 60, 120 },
			want: []wantProblem{{"value_high", "a percentage is from 0 to 100, got 120"}}},
		{name: "share of itself", edit: func(f *Figure) { f.ShareOf = f.Key },
			want: []wantProblem{{"share_of", "a figure cannot be a share of itself"}}},
		{name: "share of a bad key", edit: func(f *Figure) { f.ShareOf = "Other Figure" },
			want: []wantProblem{{"share_of", `expected the id of the figure this one is a percentage of, got "Other Figure"`}}},
		{name: "share and subgroup", edit: func(f *Figure) { f.SubgroupOf = "another" },
			want: []wantProblem{{"share_of", "a share (a percentage of share_of) or a subgroup (people counted among subgroup_of), not both"}}},
		{name: "documented share", edit: func(f *Figure) { f.Qualifier = QualDocumented },
			want: []wantProblem{{"qualifier", "a share is a percentage, not a count of documented cases"}}},
		{name: "derived share", edit: func(f *Figure) { f.Derived, f.Formula = true, "{a} - {b}" },
			want: []wantProblem{{"derived", "a share is stated by its source, never derived"}}},
		{name: "a percent figure that is no share is bounded too", edit: func(f *Figure) { f.ShareOf, f.Value = "", 150 },
			want: []wantProblem{{"value", "a percentage is from 0 to 100, got 150"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := validShare()
			tt.edit(&f)
			if tt.normalize {
				f.Normalize()
			}
			checkProblems(t, f.Validate(), tt.want)
		})
	}
	t.Run("a count's empty unit stays people", func(t *testing.T) {
		f := validFigure()
		f.Unit = ""
		f.Normalize()
		if f.Unit != UnitPeople {
			t.Errorf("Normalize gave unit %q, want people", f.Unit)
		}
	})
}

func TestCheckUnit(t *testing.T) {
	count := validFigure()
	tests := []struct {
		name       string
		f          Figure
		metricUnit string
		want       []wantProblem
	}{
		{"a count in its metric's unit", count, UnitPeople, nil},
		{"a count in another unit than its metric's", count, "households",
			[]wantProblem{{"unit", `must be the unit of metric apprehended, "households", got "people"`}}},
		{"a count in percent under a metric of people", func() Figure { f := count; f.Unit, f.Value = UnitPercent, 60; return f }(), UnitPeople,
			[]wantProblem{{"unit", `"people", got "percent": a figure is counted in its metric's unit (a percentage of another figure is a share: give share_of)`}}},
		{"a share under a metric of people", validShare(), UnitPeople, nil},
		{"a share under a metric of households", validShare(), "households", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkProblems(t, tt.f.CheckUnit(tt.metricUnit), tt.want) })
	}
}

func TestCheckShareBase(t *testing.T) {
	base := validFigure() // apprehended, flow, Jul–Aug 2017 by month
	tests := []struct {
		name string
		edit func(s, b *Figure)
		want []wantProblem
	}{
		{"same metric, kind and period", func(s, b *Figure) {}, nil},
		{"a period within the base's", func(s, b *Figure) {
			s.Period = Period{Start: NewDate(2017, 7, 1), End: NewDate(2017, 7, 31), Precision: PrecisionMonth}
		}, nil},
		{"another metric", func(s, b *Figure) { s.Metric = "forcibly_returned" },
			[]wantProblem{{"metric", `must be apprehended, the metric of figure "hrw-2017-apprehended-2017-07"`}}},
		{"another receiving state", func(s, b *Figure) { s.ReceivingState = "" },
			[]wantProblem{{"receiving_state", `must be "KP", the receiving state of figure "hrw-2017-apprehended-2017-07": a share is of that figure's people, got ""`}}},
		{"another kind", func(s, b *Figure) { s.Kind = Cumulative },
			[]wantProblem{{"quantity_kind", "must be flow, the kind of figure"}}},
		{"starting before the base", func(s, b *Figure) { s.Period.Start = NewDate(2017, 6, 1) },
			[]wantProblem{{"period_start", "must not be before the start of figure \"hrw-2017-apprehended-2017-07\"'s period (2017-07-01), got 2017-06-01"}}},
		{"ending after the base", func(s, b *Figure) { s.Period.End = NewDate(2017, 9, 30) },
			[]wantProblem{{"period_end", "must not be after the end of figure \"hrw-2017-apprehended-2017-07\"'s period (2017-08-31), got 2017-09-30"}}},
		{"a share of a share", func(s, b *Figure) { b.ShareOf, b.Unit, b.Value = "x", UnitPercent, 50 },
			[]wantProblem{{"share_of", "is itself a percentage (at least 50 %): a share is a percentage of a count, not of another percentage"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, b := validShare(), base
			tt.edit(&s, &b)
			checkProblems(t, s.CheckShareBase(b), tt.want)
		})
	}
}

func TestShareLabels(t *testing.T) {
	base := validFigure()
	base.Qualifier, base.Value = QualExact, 92
	s := validShare()
	tests := []struct{ name, got, want string }{
		{"share value", s.ValueLabel(), "more than 60 %"},
		{"share range", func() string {
			f := s
			f.Qualifier, f.Value, f.ValueLow, f.ValueHigh = QualRange, 0, 40, 60
			return f.ValueLabel()
		}(), "40–60 %"},
		{"about a share", func() string { f := s; f.Qualifier, f.Value = QualAbout, 50; return f.ValueLabel() }(), "about 50 %"},
		{"share amount", s.AmountLabel(), "more than 60 %"},
		{"count amount", base.AmountLabel(), "92 people"},
		{"count value has no sign", base.ValueLabel(), "92"},
		{"share with its base", s.ShareText(base, "Apprehended"), "more than 60 % of the 92 apprehended"},
		{"an acronym keeps its capitals", ShareBaseText(base, "UNHCR registrations"), "the 92 UNHCR registrations"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}

func TestShareHasNoRate(t *testing.T) {
	s := validShare()
	s.Period = Period{Start: NewDate(2017, 1, 1), End: NewDate(2017, 12, 31), Precision: PrecisionYear}
	if r, ok := s.PerMonth(); ok {
		t.Errorf("a share of a year has a rate per month: %+v", r)
	}
	c := s
	c.ShareOf, c.Unit, c.Value = "", UnitPeople, 60
	if _, ok := c.PerMonth(); !ok {
		t.Error("the same figure as a count has no rate: the test no longer tells shares apart")
	}
}
