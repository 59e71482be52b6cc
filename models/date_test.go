package models

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func ymd(y int, m time.Month, day int) Date { return Date{y, m, day} }

func TestParsePartialDate(t *testing.T) {
	tests := []struct {
		in      string
		want    PartialDate
		wantErr string
	}{
		{in: "2017", want: PartialDate{ymd(2017, 1, 1), ymd(2017, 12, 31), PrecisionYear}},
		{in: "2017-07", want: PartialDate{ymd(2017, 7, 1), ymd(2017, 7, 31), PrecisionMonth}},
		{in: "2017-06", want: PartialDate{ymd(2017, 6, 1), ymd(2017, 6, 30), PrecisionMonth}},
		{in: "2017-02", want: PartialDate{ymd(2017, 2, 1), ymd(2017, 2, 28), PrecisionMonth}},
		{in: "2016-02", want: PartialDate{ymd(2016, 2, 1), ymd(2016, 2, 29), PrecisionMonth}},
		{in: "2017-12", want: PartialDate{ymd(2017, 12, 1), ymd(2017, 12, 31), PrecisionMonth}},
		{in: "2017-07-15", want: PartialDate{ymd(2017, 7, 15), ymd(2017, 7, 15), PrecisionDay}},
		{in: "2016-02-29", want: PartialDate{ymd(2016, 2, 29), ymd(2016, 2, 29), PrecisionDay}},
		{in: "2000-02-29", want: PartialDate{ymd(2000, 2, 29), ymd(2000, 2, 29), PrecisionDay}},
		{in: " 2017-07 ", want: PartialDate{ymd(2017, 7, 1), ymd(2017, 7, 31), PrecisionMonth}},
		{in: "1000", want: PartialDate{ymd(1000, 1, 1), ymd(1000, 12, 31), PrecisionYear}},
		{in: "9999-12-31", want: PartialDate{ymd(9999, 12, 31), ymd(9999, 12, 31), PrecisionDay}},

		{in: "2017-02-29", wantErr: `"2017-02-29": day 29 does not exist in 2017-02`},
		{in: "1900-02-29", wantErr: "day 29 does not exist in 1900-02"},
		{in: "2017-04-31", wantErr: "day 31 does not exist in 2017-04"},
		{in: "2017-01-32", wantErr: "day 32 does not exist"},
		{in: "2017-01-00", wantErr: "day 0 does not exist"},
		{in: "2017-13", wantErr: `"2017-13": month must be 01 to 12`},
		{in: "2017-00", wantErr: "month must be 01 to 12"},
		{in: "2017-13-01", wantErr: "month must be 01 to 12"},
		{in: "0999", wantErr: `"0999": year must be between 1000 and 9999`},
		{in: "0000-01-01", wantErr: "year must be between 1000 and 9999"},
		{in: "17-07", wantErr: `"17-07" is not a date: expected YYYY, YYYY-MM or YYYY-MM-DD`},
		{in: "2017-7", wantErr: "expected YYYY, YYYY-MM or YYYY-MM-DD"},
		{in: "2017-07-1", wantErr: "is not a date"},
		{in: "2017/07", wantErr: "is not a date"},
		{in: "2017-07-15-01", wantErr: "is not a date"},
		{in: "2017-07-15T00:00:00Z", wantErr: "is not a date"},
		{in: "-2017", wantErr: "is not a date"},
		{in: "20170", wantErr: "is not a date"},
		{in: "２０１７", wantErr: "is not a date"},
		{in: "July 2017", wantErr: "is not a date"},
		{in: "", wantErr: "is not a date"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParsePartialDate(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParsePartialDate(%q) = %+v, %v; want an error containing %q", tt.in, got, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParsePartialDate(%q): %v", tt.in, err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParsePartialDate(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestParsePeriod(t *testing.T) {
	tests := []struct {
		start, end string
		want       Period
		wantErr    string
	}{
		{start: "2017-07", end: "2017-08", want: UniformPeriod(ymd(2017, 7, 1), ymd(2017, 8, 31), PrecisionMonth)},
		{start: "2017-07", end: "", want: UniformPeriod(ymd(2017, 7, 1), ymd(2017, 7, 31), PrecisionMonth)},
		{start: "2017-07", end: "  ", want: UniformPeriod(ymd(2017, 7, 1), ymd(2017, 7, 31), PrecisionMonth)},
		{start: "2017-07", end: "2017-07", want: UniformPeriod(ymd(2017, 7, 1), ymd(2017, 7, 31), PrecisionMonth)},
		{start: "2016-07", end: "2017-06", want: UniformPeriod(ymd(2016, 7, 1), ymd(2017, 6, 30), PrecisionMonth)},
		{start: "1994", end: "1998", want: UniformPeriod(ymd(1994, 1, 1), ymd(1998, 12, 31), PrecisionYear)},
		{start: "2017", end: "", want: UniformPeriod(ymd(2017, 1, 1), ymd(2017, 12, 31), PrecisionYear)},
		{start: "2017-09-18", end: "", want: UniformPeriod(ymd(2017, 9, 18), ymd(2017, 9, 18), PrecisionDay)},
		{start: "2016-06-01", end: "2017-09-18", want: UniformPeriod(ymd(2016, 6, 1), ymd(2017, 9, 18), PrecisionDay)},

		// Each end at its own precision: "since early 2019", as of the report.
		{start: "2019", end: "2023-12-05", want: Period{ymd(2019, 1, 1), ymd(2023, 12, 5), PrecisionYear, PrecisionDay}},
		{start: "2016-06", end: "2017-09-18", want: Period{ymd(2016, 6, 1), ymd(2017, 9, 18), PrecisionMonth, PrecisionDay}},
		{start: "2017", end: "2017-07", want: Period{ymd(2017, 1, 1), ymd(2017, 7, 31), PrecisionYear, PrecisionMonth}},
		{start: "2017-07-15", end: "2018", want: Period{ymd(2017, 7, 15), ymd(2018, 12, 31), PrecisionDay, PrecisionYear}},
		{start: "2017-09", end: "2017-09-18", want: Period{ymd(2017, 9, 1), ymd(2017, 9, 18), PrecisionMonth, PrecisionDay}},
		{start: "2017-09-18", end: "2017-09", want: Period{ymd(2017, 9, 18), ymd(2017, 9, 30), PrecisionDay, PrecisionMonth}},
		{start: "2017-07", end: "2017-06-30", wantErr: "period ends (2017-06-30) before it starts (2017-07-01)"},
		{start: "2017-07-02", end: "2017-06", wantErr: "period ends (2017-06-30) before it starts (2017-07-02)"},
		{start: "2017-08", end: "2017-07", wantErr: "period ends (2017-07-31) before it starts (2017-08-01)"},
		{start: "2017-07-02", end: "2017-07-01", wantErr: "period ends (2017-07-01) before it starts (2017-07-02)"},
		{start: "1998", end: "1994", wantErr: "before it starts"},
		{start: "2017-13", end: "", wantErr: "month must be 01 to 12"},
		{start: "2017-07", end: "2017-13", wantErr: `"2017-13": month must be 01 to 12`},
		{start: "", end: "2017", wantErr: "is not a date"},
	}
	for _, tt := range tests {
		t.Run(tt.start+".."+tt.end, func(t *testing.T) {
			got, err := ParsePeriod(tt.start, tt.end)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParsePeriod(%q, %q) = %+v, %v; want an error containing %q", tt.start, tt.end, got, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParsePeriod(%q, %q): %v", tt.start, tt.end, err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParsePeriod(%q, %q) (-want +got):\n%s", tt.start, tt.end, diff)
			}
			var probs Problems
			got.Validate(&probs)
			if err := probs.Err("period"); err != nil {
				t.Errorf("parsed period does not validate: %v", err)
			}
		})
	}
}

func TestPeriodMonths(t *testing.T) {
	tests := []struct {
		name string
		p    Period
		want float64
	}{
		{"two months", UniformPeriod(ymd(2017, 7, 1), ymd(2017, 8, 31), PrecisionMonth), 2},
		{"one month", UniformPeriod(ymd(2017, 7, 1), ymd(2017, 7, 31), PrecisionMonth), 1},
		{"twelve months across a year", UniformPeriod(ymd(2016, 7, 1), ymd(2017, 6, 30), PrecisionMonth), 12},
		{"four months across a year end", UniformPeriod(ymd(2016, 11, 1), ymd(2017, 2, 28), PrecisionMonth), 4},
		{"five years", UniformPeriod(ymd(1994, 1, 1), ymd(1998, 12, 31), PrecisionYear), 60},
		{"one year", UniformPeriod(ymd(2017, 1, 1), ymd(2017, 12, 31), PrecisionYear), 12},
		{"a one-day stock", UniformPeriod(ymd(2017, 9, 18), ymd(2017, 9, 18), PrecisionDay), 1 / 30.4375},
		{"a day-precision week", UniformPeriod(ymd(2017, 9, 12), ymd(2017, 9, 18), PrecisionDay), 7 / 30.4375},
		{"a day-precision year", UniformPeriod(ymd(2017, 1, 1), ymd(2017, 12, 31), PrecisionDay), 365 / 30.4375},
		{"a day-precision leap year", UniformPeriod(ymd(2016, 1, 1), ymd(2016, 12, 31), PrecisionDay), 366 / 30.4375},
		{"day precision across four years is four years", UniformPeriod(ymd(2016, 1, 1), ymd(2019, 12, 31), PrecisionDay), 48},
		{"an unknown precision reads as days", UniformPeriod(ymd(2017, 9, 12), ymd(2017, 9, 18), ""), 7 / 30.4375},
		{"month to year: whole months", Period{ymd(2016, 6, 1), ymd(2017, 12, 31), PrecisionMonth, PrecisionYear}, 19},
		{"year to month: whole months", Period{ymd(2019, 1, 1), ymd(2019, 3, 31), PrecisionYear, PrecisionMonth}, 3},
		{"month to a day: days at the stated bounds", Period{ymd(2017, 7, 1), ymd(2017, 9, 18), PrecisionMonth, PrecisionDay}, 80 / 30.4375},
		{"year to a day: days at the stated bounds", Period{ymd(2019, 1, 1), ymd(2019, 1, 31), PrecisionYear, PrecisionDay}, 31 / 30.4375},
		{"no bounds: no length", Period{}, 0},
		{"no end: no length", Period{Start: ymd(2017, 9, 12), Precision: PrecisionDay}, 0},
		{"ends before it starts: no length", UniformPeriod(ymd(2017, 9, 18), ymd(2017, 9, 12), PrecisionMonth), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.p.Months(); math.Abs(got-tt.want) > 1e-9 {
				t.Errorf("Months() = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestPeriodLabelAndText(t *testing.T) {
	tests := []struct {
		p                 Period
		label, start, end string
	}{
		{UniformPeriod(ymd(2016, 7, 1), ymd(2017, 6, 30), PrecisionMonth), "Jul 2016 – Jun 2017", "2016-07", "2017-06"},
		{UniformPeriod(ymd(2017, 7, 1), ymd(2017, 7, 31), PrecisionMonth), "Jul 2017", "2017-07", "2017-07"},
		{UniformPeriod(ymd(1994, 1, 1), ymd(1998, 12, 31), PrecisionYear), "1994 – 1998", "1994", "1998"},
		{UniformPeriod(ymd(2017, 1, 1), ymd(2017, 12, 31), PrecisionYear), "2017", "2017", "2017"},
		{UniformPeriod(ymd(2017, 9, 18), ymd(2017, 9, 18), PrecisionDay), "18 Sep 2017", "2017-09-18", "2017-09-18"},
		{UniformPeriod(ymd(2016, 6, 1), ymd(2017, 9, 18), PrecisionDay), "1 Jun 2016 – 18 Sep 2017", "2016-06-01", "2017-09-18"},
		{Period{ymd(2019, 1, 1), ymd(2023, 12, 5), PrecisionYear, PrecisionDay}, "2019 – 5 Dec 2023", "2019", "2023-12-05"},
		{Period{ymd(2016, 6, 1), ymd(2017, 9, 18), PrecisionMonth, PrecisionDay}, "Jun 2016 – 18 Sep 2017", "2016-06", "2017-09-18"},
		{Period{ymd(2017, 9, 1), ymd(2017, 9, 18), PrecisionMonth, PrecisionDay}, "Sep 2017 – 18 Sep 2017", "2017-09", "2017-09-18"},
		{Period{ymd(2017, 7, 15), ymd(2018, 12, 31), PrecisionDay, PrecisionYear}, "15 Jul 2017 – 2018", "2017-07-15", "2018"},
		{Period{ymd(2017, 1, 1), ymd(2017, 7, 31), PrecisionYear, PrecisionMonth}, "2017 – Jul 2017", "2017", "2017-07"},
	}
	for _, tt := range tests {
		if got := tt.p.Label(); got != tt.label {
			t.Errorf("Label(%v) = %q, want %q", tt.p, got, tt.label)
		}
		if got := tt.p.StartText(); got != tt.start {
			t.Errorf("StartText(%v) = %q, want %q", tt.p, got, tt.start)
		}
		if got := tt.p.EndText(); got != tt.end {
			t.Errorf("EndText(%v) = %q, want %q", tt.p, got, tt.end)
		}
		again, err := ParsePeriod(tt.p.StartText(), tt.p.EndText())
		if err != nil || again != tt.p {
			t.Errorf("ParsePeriod(%q, %q) = %+v, %v; want %+v", tt.p.StartText(), tt.p.EndText(), again, err, tt.p)
		}
	}
}

// RateMonths is the one rule for a rate's divisor: Months, only for a
// period of a month or more whose two ends are known to one precision.
func TestPeriodRateMonths(t *testing.T) {
	tests := []struct {
		p      Period
		months float64
		ok     bool
	}{
		{UniformPeriod(ymd(2017, 7, 1), ymd(2017, 8, 31), PrecisionMonth), 2, true},
		{UniformPeriod(ymd(2017, 6, 1), ymd(2017, 6, 30), PrecisionDay), 30 / 30.4375, true},
		{UniformPeriod(ymd(2017, 6, 2), ymd(2017, 6, 30), PrecisionDay), 0, false},
		{Period{ymd(2019, 1, 1), ymd(2023, 12, 5), PrecisionYear, PrecisionDay}, 0, false},
		{Period{ymd(2016, 6, 1), ymd(2017, 12, 31), PrecisionMonth, PrecisionYear}, 0, false},
		{Period{ymd(2017, 6, 1), ymd(2017, 7, 31), PrecisionMonth, ""}, 2, true},
		{Period{}, 0, false},
	}
	for _, tt := range tests {
		m, ok := tt.p.RateMonths()
		if ok != tt.ok || math.Abs(m-tt.months) > 1e-9 {
			t.Errorf("%+v: RateMonths() = %v, %v; want %v, %v", tt.p, m, ok, tt.months, tt.ok)
		}
	}
}

// StartDate and EndDate are each end as the unit it was written as.
func TestPeriodEnds(t *testing.T) {
	p := Period{ymd(2019, 1, 1), ymd(2023, 12, 5), PrecisionYear, PrecisionDay}
	if got, want := p.StartDate(), (PartialDate{ymd(2019, 1, 1), ymd(2019, 12, 31), PrecisionYear}); got != want {
		t.Errorf("StartDate() = %+v, want %+v", got, want)
	}
	if got, want := p.EndDate(), (PartialDate{ymd(2023, 12, 5), ymd(2023, 12, 5), PrecisionDay}); got != want {
		t.Errorf("EndDate() = %+v, want %+v", got, want)
	}
	q := Period{Start: ymd(2016, 6, 1), End: ymd(2017, 8, 31), Precision: PrecisionMonth}
	if got, want := q.EndDate(), (PartialDate{ymd(2017, 8, 1), ymd(2017, 8, 31), PrecisionMonth}); got != want {
		t.Errorf("EndDate() of an unset end precision = %+v, want %+v", got, want)
	}
	if q.Mixed() || !p.Mixed() {
		t.Errorf("Mixed() = %v for %+v and %v for %+v", q.Mixed(), q, p.Mixed(), p)
	}
	for _, tt := range []struct {
		p    Period
		want string
	}{
		{p, "the year at its start and the day at its end"},
		{q, "the month"},
		{Period{ymd(2017, 7, 1), ymd(2017, 9, 30), PrecisionDay, PrecisionMonth}, "the day at its start and the month at its end"},
		{Period{ymd(2017, 7, 1), ymd(2017, 9, 30), "week", ""}, "the day"},
	} {
		if got := tt.p.PrecisionText(); got != tt.want {
			t.Errorf("PrecisionText(%+v) = %q, want %q", tt.p, got, tt.want)
		}
	}
	q.Normalize()
	if q.EndPrecision != PrecisionMonth {
		t.Errorf("Normalize left EndPrecision %q, want month", q.EndPrecision)
	}
}

func TestPeriodTextOfUnsetPeriod(t *testing.T) {
	for _, prec := range Precisions {
		p := Period{Precision: prec}
		if got := p.StartText() + p.EndText(); got != "" {
			t.Errorf("%s: StartText+EndText of an unset period = %q, want empty", prec, got)
		}
	}
}

func TestPeriodValidate(t *testing.T) {
	tests := []struct {
		name string
		p    Period
		want []wantProblem
	}{
		{"month aligned", UniformPeriod(ymd(2017, 7, 1), ymd(2017, 8, 31), PrecisionMonth), nil},
		{"month of a leap February", UniformPeriod(ymd(2016, 2, 1), ymd(2016, 2, 29), PrecisionMonth), nil},
		{"month of a common February", UniformPeriod(ymd(2017, 2, 1), ymd(2017, 2, 28), PrecisionMonth), nil},
		{"month starting on the 2nd", UniformPeriod(ymd(2017, 7, 2), ymd(2017, 8, 31), PrecisionMonth),
			[]wantProblem{{"period_precision", "month precision needs a period from the first to the last day of months, got 2017-07-02 to 2017-08-31"}}},
		{"month ending on the 30th of a 31-day month", UniformPeriod(ymd(2017, 7, 1), ymd(2017, 8, 30), PrecisionMonth),
			[]wantProblem{{"period_precision", "first to the last day of months"}}},
		{"month ending on the 28th of a leap February", UniformPeriod(ymd(2016, 2, 1), ymd(2016, 2, 28), PrecisionMonth),
			[]wantProblem{{"period_precision", "first to the last day of months"}}},
		{"year aligned", UniformPeriod(ymd(1994, 1, 1), ymd(1998, 12, 31), PrecisionYear), nil},
		{"year starting in February", UniformPeriod(ymd(1994, 2, 1), ymd(1998, 12, 31), PrecisionYear),
			[]wantProblem{{"period_precision", "year precision needs a period from 1 January to 31 December, got 1994-02-01 to 1998-12-31"}}},
		{"year starting on 2 January", UniformPeriod(ymd(1994, 1, 2), ymd(1998, 12, 31), PrecisionYear), []wantProblem{{"period_precision", "1 January to 31 December"}}},
		{"year ending on 30 December", UniformPeriod(ymd(1994, 1, 1), ymd(1998, 12, 30), PrecisionYear), []wantProblem{{"period_precision", "1 January to 31 December"}}},
		{"year ending in November", UniformPeriod(ymd(1994, 1, 1), ymd(1998, 11, 30), PrecisionYear), []wantProblem{{"period_precision", "1 January to 31 December"}}},
		{"day precision needs no alignment", UniformPeriod(ymd(2017, 7, 2), ymd(2017, 7, 5), PrecisionDay), nil},
		{"end before start", UniformPeriod(ymd(2017, 7, 5), ymd(2017, 7, 2), PrecisionDay),
			[]wantProblem{{"period_end", "must not be before period_start (2017-07-05), got 2017-07-02"}}},
		{"missing start", UniformPeriod(Date{}, ymd(2017, 7, 2), PrecisionDay), []wantProblem{{"period_start", "required"}}},
		{"missing end", UniformPeriod(ymd(2017, 7, 2), Date{}, PrecisionDay), []wantProblem{{"period_end", "required"}}},
		{"unknown precision", UniformPeriod(ymd(2017, 7, 2), ymd(2017, 7, 5), "week"), []wantProblem{{"period_precision", `must be day, month or year, got "week"`}}},
		{"since a year, as of a day", Period{ymd(2019, 1, 1), ymd(2023, 12, 5), PrecisionYear, PrecisionDay}, nil},
		{"since a month, to a month known to the year", Period{ymd(2016, 6, 1), ymd(2017, 12, 31), PrecisionMonth, PrecisionYear}, nil},
		{"an unset end precision is the start's", Period{ymd(2017, 7, 1), ymd(2017, 8, 31), PrecisionMonth, ""}, nil},
		{"an unset end precision is checked as the start's", Period{ymd(2017, 7, 1), ymd(2017, 8, 30), PrecisionMonth, ""},
			[]wantProblem{{"period_precision", "first to the last day of months"}}},
		{"a year start not on 1 January", Period{ymd(2019, 3, 1), ymd(2023, 12, 5), PrecisionYear, PrecisionDay},
			[]wantProblem{{"period_precision", "year precision of the start needs period_start on 2019-01-01, the first day of its year, got 2019-03-01"}}},
		{"a month end not on the month's last day", Period{ymd(2017, 9, 18), ymd(2017, 10, 18), PrecisionDay, PrecisionMonth},
			[]wantProblem{{"period_end_precision", "month precision of the end needs period_end on 2017-10-31, the last day of its month, got 2017-10-18"}}},
		{"a year end not on 31 December", Period{ymd(2017, 9, 1), ymd(2018, 6, 30), PrecisionMonth, PrecisionYear},
			[]wantProblem{{"period_end_precision", "year precision of the end needs period_end on 2018-12-31"}}},
		{"both ends misaligned", Period{ymd(2019, 2, 1), ymd(2019, 5, 5), PrecisionYear, PrecisionMonth},
			[]wantProblem{{"period_precision", "year precision of the start"}, {"period_end_precision", "month precision of the end"}}},
		{"unknown end precision", Period{ymd(2017, 7, 2), ymd(2017, 7, 5), PrecisionDay, "week"},
			[]wantProblem{{"period_end_precision", `must be day, month or year (or empty: the same as period_precision), got "week"`}}},
		{"empty period", Period{}, []wantProblem{{"period_start", "required"}, {"period_end", "required"}, {"period_precision", `got ""`}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var probs Problems
			tt.p.Validate(&probs)
			checkProblems(t, probs.Err("period"), tt.want)
		})
	}
}

func TestDate(t *testing.T) {
	t.Run("NewDate normalises like time.Date", func(t *testing.T) {
		if got, want := NewDate(2017, 2, 29), ymd(2017, 3, 1); got != want {
			t.Errorf("NewDate(2017, 2, 29) = %v, want %v", got, want)
		}
	})
	t.Run("String", func(t *testing.T) {
		if got := (Date{}).String(); got != "" {
			t.Errorf("zero String() = %q", got)
		}
		if got := ymd(1994, 1, 5).String(); got != "1994-01-05" {
			t.Errorf("String() = %q", got)
		}
	})
	t.Run("Before and AddDays", func(t *testing.T) {
		if !ymd(2017, 7, 31).Before(ymd(2017, 8, 1)) || ymd(2017, 8, 1).Before(ymd(2017, 8, 1)) || ymd(2017, 8, 2).Before(ymd(2017, 8, 1)) {
			t.Error("Before is not a strict order")
		}
		if got := ymd(2016, 2, 28).AddDays(1); got != ymd(2016, 2, 29) {
			t.Errorf("AddDays across a leap day = %v", got)
		}
		if got := ymd(2017, 12, 31).AddDays(1); got != ymd(2018, 1, 1) {
			t.Errorf("AddDays across a year = %v", got)
		}
		if got := ymd(2017, 3, 1).AddDays(-1); got != ymd(2017, 2, 28) {
			t.Errorf("AddDays(-1) = %v", got)
		}
	})
	t.Run("JSON round trip", func(t *testing.T) {
		type doc struct {
			On  Date `json:"on"`
			Off Date `json:"off"`
		}
		b, err := json.Marshal(doc{On: ymd(2017, 9, 18)})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := string(b), `{"on":"2017-09-18","off":""}`; got != want {
			t.Errorf("Marshal = %s, want %s", got, want)
		}
		var back doc
		if err := json.Unmarshal(b, &back); err != nil || back != (doc{On: ymd(2017, 9, 18)}) {
			t.Errorf("Unmarshal = %+v, %v", back, err)
		}
	})
	t.Run("UnmarshalText wants a full date", func(t *testing.T) {
		for _, in := range []string{"2017-07", "2017", "2017-02-29", "18/09/2017"} {
			var x Date
			if err := x.UnmarshalText([]byte(in)); err == nil {
				t.Errorf("UnmarshalText(%q) = %v, want an error", in, x)
			}
		}
	})
	t.Run("Value and Scan", func(t *testing.T) {
		if v, err := (Date{}).Value(); v != nil || err != nil {
			t.Errorf("zero Value() = %v, %v; want NULL", v, err)
		}
		if v, err := ymd(2017, 9, 18).Value(); v != "2017-09-18" || err != nil {
			t.Errorf("Value() = %v, %v", v, err)
		}
		tests := []struct {
			src     any
			want    Date
			wantErr bool
		}{
			{nil, Date{}, false},
			{"2017-09-18", ymd(2017, 9, 18), false},
			{[]byte("2017-09-18"), ymd(2017, 9, 18), false},
			{"2017-09-18T00:00:00Z", ymd(2017, 9, 18), false},
			{"2017-09-18 00:00:00+00:00", ymd(2017, 9, 18), false},
			{time.Date(2017, 9, 18, 0, 0, 0, 0, time.UTC), ymd(2017, 9, 18), false},
			{"", Date{}, false},
			{"2017-09", Date{}, true},
			{int64(20170918), Date{}, true},
		}
		for _, tt := range tests {
			x := ymd(1999, 1, 1)
			err := x.Scan(tt.src)
			if (err != nil) != tt.wantErr || (!tt.wantErr && x != tt.want) {
				t.Errorf("Scan(%#v) = %v, %v; want %v (error %v)", tt.src, x, err, tt.want, tt.wantErr)
			}
		}
	})
}

// TestDateBeforeMatchesTime: the field-by-field comparison of Before
// agrees with comparing the days as times, for every pair of a spread of
// dates: every month's last days in leap years and others (1900, 2000,
// 2016, negative years), impossible days (31 April, 29 February 2017)
// and the zero date included.
func TestDateBeforeMatchesTime(t *testing.T) {
	var ds []Date
	for _, y := range []int{-4, -1, 0, 1900, 1999, 2000, 2016, 2017} {
		for m := time.Month(0); m <= 13; m++ {
			for _, d := range []int{0, 1, 15, 28, 29, 30, 31, 32} {
				ds = append(ds, Date{y, m, d})
			}
		}
	}
	for _, a := range ds {
		for _, b := range ds {
			if got, want := a.Before(b), a.Time().Before(b.Time()); got != want {
				t.Fatalf("%+v.Before(%+v) = %v, want %v", a, b, got, want)
			}
		}
	}
}
