package models

import (
	"math"
	"testing"
)

// The rules other packages call instead of writing their own: precision
// order, qualifier wording in short labels, and the rate per month.

func TestPrecisionRankAndCoarser(t *testing.T) {
	tests := []struct {
		a, b    Precision
		coarser Precision
		rankA   int
	}{
		{PrecisionDay, PrecisionMonth, PrecisionMonth, 0},
		{PrecisionMonth, PrecisionDay, PrecisionMonth, 1},
		{PrecisionYear, PrecisionMonth, PrecisionYear, 2},
		{PrecisionDay, PrecisionYear, PrecisionYear, 0},
		{PrecisionMonth, PrecisionMonth, PrecisionMonth, 1},
		// An unknown precision reads as day, as Months and Label read it:
		// it never makes a bound vaguer than written.
		{"", PrecisionMonth, PrecisionMonth, 0},
		{"fortnight", PrecisionDay, "fortnight", 0},
		{PrecisionYear, "", PrecisionYear, 2},
	}
	for _, tt := range tests {
		if got := tt.a.Rank(); got != tt.rankA {
			t.Errorf("%q.Rank() = %d, want %d", tt.a, got, tt.rankA)
		}
		if got := tt.a.Coarser(tt.b); got != tt.coarser {
			t.Errorf("%q.Coarser(%q) = %q, want %q", tt.a, tt.b, got, tt.coarser)
		}
	}
	for i := 1; i < len(Precisions); i++ {
		if Precisions[i-1].Rank() >= Precisions[i].Rank() {
			t.Errorf("Precisions are listed finest first, but %s ranks at or above %s", Precisions[i-1], Precisions[i])
		}
	}
}

func TestQualifierShort(t *testing.T) {
	tests := []struct {
		q           Qualifier
		symbol      string
		short       string // Quantity{q, 41, 24, 99}.Short()
		mayBeHigher bool
	}{
		{QualExact, "", "41", false},
		{QualDocumented, "", "41 documented", true},
		{QualAtLeast, "≥ ", "≥ 41", true},
		{QualMoreThan, "> ", "> 41", true},
		{QualAbout, "~", "~41", false},
		{QualAtMost, "≤ ", "≤ 41", false},
		{QualRange, "", "24–99", false},
		// Words only: never a number, not even the 41 left in Value.
		{QualUnquantified, "", "“dozens” (no number given)", false},
	}
	if len(tests) != len(Qualifiers) {
		t.Fatalf("%d cases for %d qualifiers: add the new one", len(tests), len(Qualifiers))
	}
	for _, tt := range tests {
		if got := tt.q.Symbol(); got != tt.symbol {
			t.Errorf("%s.Symbol() = %q, want %q", tt.q, got, tt.symbol)
		}
		q := Quantity{Qualifier: tt.q, Value: 41}
		if tt.q == QualRange {
			q = Quantity{Qualifier: tt.q, Low: 24, High: 99}
		}
		if tt.q == QualUnquantified {
			q.Words = "dozens"
		}
		if got := q.Short(); got != tt.short {
			t.Errorf("%s: Short() = %q, want %q", tt.q, got, tt.short)
		}
		if got := tt.q.MayBeHigher(); got != tt.mayBeHigher {
			t.Errorf("%s.MayBeHigher() = %v, want %v", tt.q, got, tt.mayBeHigher)
		}
	}
}

func TestFigurePerMonth(t *testing.T) {
	period := func(start, end string) Period {
		p, err := ParsePeriod(start, end)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name   string
		f      Figure
		value  float64 // or Low for a range
		high   float64 // ranges only
		months float64
		short  string
		ok     bool
	}{
		{"documented 41 over two months", Figure{Kind: Flow, Qualifier: QualDocumented, Value: 41, Period: period("2017-07", "2017-08")},
			20.5, 0, 2, "20.5 documented", true},
		{"51 over twelve months, unrounded", Figure{Kind: Flow, Qualifier: QualAtLeast, Value: 51, Period: period("2016-07", "2017-06")},
			4.25, 0, 12, "≥ 4.25", true},
		{"a year is twelve months", Figure{Kind: Flow, Qualifier: QualExact, Value: 120, Period: period("2017", "")},
			10, 0, 12, "10", true},
		{"about 50 over a year rounds for display only", Figure{Kind: Flow, Qualifier: QualAbout, Value: 50, Period: period("2017", "")},
			50.0 / 12, 0, 12, "~4.17", true},
		{"days over the mean month", Figure{Kind: Flow, Qualifier: QualExact, Value: 31, Period: period("2017-01-01", "2017-01-31")},
			31 / (31 / 30.4375), 0, 31 / 30.4375, "30.44", true},
		{"a range divides both bounds", Figure{Kind: Flow, Qualifier: QualRange, ValueLow: 24, ValueHigh: 99, Period: period("2017-01", "2017-02")},
			12, 49.5, 2, "12–49.5", true},
		{"a stock has no rate", Figure{Kind: Stock, Qualifier: QualExact, Value: 46, Period: period("2017-09-18", "")}, 0, 0, 0, "", false},
		{"a cumulative total has no rate", Figure{Kind: Cumulative, Qualifier: QualExact, Value: 92, Period: period("2016-06", "2017-08")}, 0, 0, 0, "", false},
		{"a flow without a period has none", Figure{Kind: Flow, Qualifier: QualExact, Value: 9}, 0, 0, 0, "", false},
		{"words without a number have no rate", Figure{Kind: Flow, Qualifier: QualUnquantified, ValueText: "dozens", Period: period("2017", "")}, 0, 0, 0, "", false},
		// Shorter than a month: no rate (it was 18,262.5 for 600 on one day).
		{"a single day has no rate", Figure{Kind: Flow, Qualifier: QualExact, Value: 600, Period: period("2017-09-18", "2017-09-18")}, 0, 0, 0, "", false},
		{"twenty days have no rate", Figure{Kind: Flow, Qualifier: QualAtLeast, Value: 41, Period: period("2017-09-01", "2017-09-20")}, 0, 0, 0, "", false},
		{"a day short of a month has no rate", Figure{Kind: Flow, Qualifier: QualExact, Value: 41, Period: period("2017-06-02", "2017-06-30")}, 0, 0, 0, "", false},
		{"exactly one month at day precision", Figure{Kind: Flow, Qualifier: QualExact, Value: 30, Period: period("2017-06-01", "2017-06-30")},
			30 / (30 / 30.4375), 0, 30 / 30.4375, "30.44", true},
		{"one month at month precision", Figure{Kind: Flow, Qualifier: QualExact, Value: 30, Period: period("2017-06", "")},
			30, 0, 1, "30", true},
		// Ends known to different precisions: the length is uncertain by up
		// to a unit of the coarser end, so no one rate is stated.
		{"since 2019 as of a day has no rate", Figure{Kind: Flow, Qualifier: QualAtLeast, Value: 600, Period: period("2019", "2023-12-05")}, 0, 0, 0, "", false},
		{"since July as of a day has no rate", Figure{Kind: Flow, Qualifier: QualAtLeast, Value: 2, Period: period("2017-07", "2017-09-18")}, 0, 0, 0, "", false},
		{"a month to a year has no rate", Figure{Kind: Flow, Qualifier: QualExact, Value: 30, Period: period("2017-06", "2018")}, 0, 0, 0, "", false},
		{"a day to a month has no rate", Figure{Kind: Flow, Qualifier: QualExact, Value: 30, Period: period("2017-06-15", "2017-08")}, 0, 0, 0, "", false},
		// An unset end precision is the start's: the rate is the uniform one.
		{"an unset end precision is the start's", Figure{Kind: Flow, Qualifier: QualExact, Value: 30,
			Period: Period{Start: NewDate(2017, 6, 1), End: NewDate(2017, 7, 31), Precision: PrecisionMonth}}, 15, 0, 2, "15", true},
	}
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
	for _, tt := range tests {
		r, ok := tt.f.PerMonth()
		if ok != tt.ok {
			t.Errorf("%s: ok = %v, want %v", tt.name, ok, tt.ok)
			continue
		}
		if !ok {
			continue
		}
		got := r.Value
		if r.Qualifier == QualRange {
			got = r.Low
		}
		if !near(got, tt.value) || !near(r.High, tt.high) || !near(r.Months, tt.months) {
			t.Errorf("%s: PerMonth = %+v, want value %v, high %v over %v months", tt.name, r, tt.value, tt.high, tt.months)
		}
		if s := r.Short(); s != tt.short {
			t.Errorf("%s: Short() = %q, want %q", tt.name, s, tt.short)
		}
	}
}

func TestPeriodLastsAMonth(t *testing.T) {
	for _, tt := range []struct {
		start, end string
		want       bool
	}{
		{"2017-09-18", "2017-09-18", false}, // one day
		{"2017-09-01", "2017-09-20", false}, // twenty days
		{"2017-06-01", "2017-06-30", true},  // a whole 30-day month
		{"2017-06-02", "2017-06-30", false}, // a day short
		{"2017-01-15", "2017-02-14", true},  // a month across two
		{"2017-01-15", "2017-02-13", false},
		{"2017-02-01", "2017-02-28", true}, // February is a month
		{"2017-02-01", "2017-02-27", false},
		{"2017-01-31", "2017-02-27", true}, // a month after 31 January is 28 February
		{"2017-01-31", "2017-02-26", false},
		{"2017-12-15", "2018-01-14", true}, // across the year
		{"2017-12-15", "2018-01-13", false},
		{"2017-06", "", true},            // month precision
		{"2017", "", true},               // year precision
		{"2017-06", "2018", true},        // month to year: whole units
		{"2019", "2019-03", true},        // year to month: whole units
		{"2017-07", "2017-09-18", true},  // month to a day: the stated bounds, 1 July – 18 September
		{"2017-09", "2017-09-18", false}, // 1–18 September at the stated bounds
		{"2017-09-18", "2017-10", true},  // 18 September – 31 October
		{"2017-09-18", "2017-09", false}, // 18–30 September
		{"", "", false},                  // no period
	} {
		var p Period
		if tt.start != "" {
			var err error
			if p, err = ParsePeriod(tt.start, tt.end); err != nil {
				t.Fatal(err)
			}
		}
		if got := p.LastsAMonth(); got != tt.want {
			t.Errorf("%s to %s: LastsAMonth() = %v, want %v", tt.start, tt.end, got, tt.want)
		}
	}
}

func TestFormatDecimal(t *testing.T) {
	for _, tt := range []struct {
		x    float64
		want string
	}{
		{41, "41"}, {1234567, "1,234,567"}, {4.25, "4.25"}, {4.166666, "4.17"}, {20.5, "20.5"},
		{1234.5, "1,234.5"}, {0.004, "0"}, {-2.5, "-2.5"}, {-0.001, "0"}, {math.Inf(1), "∞"},
	} {
		if got := FormatDecimal(tt.x); got != tt.want {
			t.Errorf("FormatDecimal(%v) = %q, want %q", tt.x, got, tt.want)
		}
	}
}
