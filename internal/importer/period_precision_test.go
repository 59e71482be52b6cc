package importer

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"forcedreturns/models"
)

// Each end of a period at its own precision, written the way the import
// files let a person write it: partial dates, flat or nested, with or
// without precisions.
func TestPeriodEndPrecisionYAML(t *testing.T) {
	d := models.NewDate
	tests := []struct {
		name, period string
		want         models.Period
	}{
		{"since 2019, as of a day", "period: {start: 2019, end: 2023-12-05}",
			models.Period{Start: d(2019, 1, 1), End: d(2023, 12, 5), Precision: models.PrecisionYear, EndPrecision: models.PrecisionDay}},
		{"since a month, as of a day", "period: {start: 2016-06, end: 2017-09-18}",
			models.Period{Start: d(2016, 6, 1), End: d(2017, 9, 18), Precision: models.PrecisionMonth, EndPrecision: models.PrecisionDay}},
		{"full dates, each end's precision given", "period: {start: 2019-01-01, end: 2023-12-31, precision: year, end_precision: month}",
			models.Period{Start: d(2019, 1, 1), End: d(2023, 12, 31), Precision: models.PrecisionYear, EndPrecision: models.PrecisionMonth}},
		{"flat", "period_start: 2019\n    period_end: 2023-12-05",
			models.Period{Start: d(2019, 1, 1), End: d(2023, 12, 5), Precision: models.PrecisionYear, EndPrecision: models.PrecisionDay}},
		{"flat, the end's precision alone", "period_start: 2019-01-01\n    period_end: 2023-12-05\n    period_end_precision: day",
			models.Period{Start: d(2019, 1, 1), End: d(2023, 12, 5), Precision: models.PrecisionDay, EndPrecision: models.PrecisionDay}},
		{"one precision, as files before end precisions", "period: {start: 2017-07-01, end: 2017-08-31, precision: month}",
			models.UniformPeriod(d(2017, 7, 1), d(2017, 8, 31), models.PrecisionMonth)},
		{"no end: the start's", "period: {start: 2017-07}",
			models.UniformPeriod(d(2017, 7, 1), d(2017, 7, 31), models.PrecisionMonth)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := ParseYAML(strings.NewReader(periodFile(tt.period)), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if got := b.Figures[0].Period; got != tt.want {
				t.Errorf("period %+v, want %+v", got, tt.want)
			}
		})
	}
	for _, tt := range []struct{ name, period, want string }{
		{"an end precision finer than the end", "period: {start: 2019, end: 2023-12, end_precision: day}",
			"figures[0].period.end_precision: day is finer than the date 2023-12, which is written to month precision: write a full date or use month"},
		{"an end precision that is not one", "period: {start: 2019, end: 2023-12-05, end_precision: weekly}",
			`figures[0].period.end_precision: must be day, month or year (or empty: the same as period_precision), got "weekly"`},
		{"a year end not on 31 December", "period_start: 2019-06\n    period_end: 2023-12-05\n    period_end_precision: year",
			"figures[0].period_end_precision: year precision of the end needs period_end on 2023-12-31, the last day of its year, got 2023-12-05"},
		{"ends before it starts", "period: {start: 2019-06, end: 2019-05-31}",
			"figures[0].period.end: must not be before period_start (2019-06-01), got 2019-05-31"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseYAML(strings.NewReader(periodFile(tt.period)), Options{})
			if got := strings.Join(problems(t, err), "\n"); got != tt.want {
				t.Errorf("problems:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

// periodFile is a YAML file of one valid figure with period given as
// period (one or more lines of its fields).
func periodFile(period string) string {
	return `figures:
  - id: since-2019
    metric: apprehended
    qualifier: at_least
    value: 600
    ` + period + `
    quantity_kind: flow
    population: North Koreans
    source: monitor
    quote: At least 600 have been sent back since early 2019.
    reported_by: Monitor
`
}

// Files exported by the release before each end had its own precision
// (testdata/release-dcca635: that release's CSV and JSON exports of the
// export fixtures) have no period_end_precision: they import as they did,
// each end at the period's one precision.
func TestReleaseExportWithoutEndPrecisionImports(t *testing.T) {
	d := models.NewDate
	want := map[string]models.Period{
		"apprehended-2017-07-08":    models.UniformPeriod(d(2017, 7, 1), d(2017, 8, 31), models.PrecisionMonth),
		"apprehended-since-2016-06": models.UniformPeriod(d(2016, 6, 1), d(2017, 9, 30), models.PrecisionMonth),
		"in-custody-2017-09-18":     models.UniformPeriod(d(2017, 9, 18), d(2017, 9, 18), models.PrecisionDay),
		"famine-deaths-1994-1998":   models.UniformPeriod(d(1994, 1, 1), d(1998, 12, 31), models.PrecisionYear),
		"awkward-1":                 models.UniformPeriod(d(2020, 1, 15), d(2020, 2, 29), models.PrecisionDay),
	}
	for _, name := range []string{"figures.csv", "figures.json"} {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile("testdata/release-dcca635/" + name)
			must(t, err)
			if bytes.Contains(data, []byte("period_end_precision")) {
				t.Fatal("the release's export already has period_end_precision")
			}
			b, err := Parse(name, bytes.NewReader(data), Options{})
			must(t, err)
			if len(b.Figures) != 10 {
				t.Fatalf("%d figures, want 10", len(b.Figures))
			}
			for _, f := range b.Figures {
				if f.Period.EndPrecision != f.Period.Precision {
					t.Errorf("%s: end precision %q, start %q: want the period's one precision", f.Key, f.Period.EndPrecision, f.Period.Precision)
				}
				if w, ok := want[f.Key]; ok && f.Period != w {
					t.Errorf("%s: period %+v, want %+v", f.Key, f.Period, w)
				}
			}
		})
	}
}

// A CSV column of end precisions may be left empty in some rows: each such
// end has its period's precision, as in a file without the column.
func TestCSVEmptyEndPrecisionIsThePeriods(t *testing.T) {
	tb := baseTable(t).set(2, "period_end_precision", "").set(4, "period_end_precision", "")
	b, err := ParseCSV(bytes.NewReader(tb.bytes()), Options{})
	must(t, err)
	for _, f := range b.Figures {
		if f.Period.EndPrecision != f.Period.Precision || f.Period.EndPrecision == "" {
			t.Errorf("%s: precisions %q and %q", f.Key, f.Period.Precision, f.Period.EndPrecision)
		}
	}
}
