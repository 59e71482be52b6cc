package export

import (
	"bytes"
	"strconv"
	"testing"

	"forcedreturns/internal/checks"
	"forcedreturns/internal/export/exporttest"
	"forcedreturns/models"
)

// multiReport is an invented tracker where a naive sum(value) counts
// people twice: two sources report one event, a cumulative total comes
// with its parts, a yearly total with one of its quarters, subgroups, a
// derived figure that restates others, two stocks of the same people, a
// retracted report and a draft.
func multiReport(t *testing.T) []models.Figure {
	t.Helper()
	type spec struct {
		key, metric, pop, kind, start, end, qual string
		value                                    int64
		opts                                     func(*models.Figure)
	}
	src := func(k string) func(*models.Figure) { return func(f *models.Figure) { f.Source = k } }
	sub := func(k string) func(*models.Figure) { return func(f *models.Figure) { f.SubgroupOf = k } }
	der := func(x string) func(*models.Figure) { return func(f *models.Figure) { f.Derived, f.Formula = true, x } }
	st := func(s models.Status) func(*models.Figure) {
		return func(f *models.Figure) {
			f.Status = s
			if s == models.StatusRetracted {
				f.RetractReason = "misread"
			}
		}
	}
	specs := []spec{
		{"p-2018-a", "apprehended", "P", "flow", "2018", "2018", "documented", 100, nil},
		{"p-2018-b", "apprehended", "P", "flow", "2018", "2018", "at_least", 90, src("example-ngo-2020")},
		{"p-2019", "apprehended", "P", "flow", "2019", "2019", "exact", 50, nil},
		{"p-2019-q1", "apprehended", "P", "flow", "2019-01", "2019-03", "exact", 10, nil},
		{"p-2020-wrong", "apprehended", "P", "flow", "2020", "2020", "exact", 999, st(models.StatusRetracted)},
		{"p-2020-draft", "apprehended", "P", "flow", "2020", "2020", "exact", 12, st(models.StatusDraft)},
		{"q-since-2018", "apprehended", "Q", "cumulative", "2018-01", "2018-12", "documented", 60, nil},
		{"q-h1", "apprehended", "Q", "flow", "2018-01", "2018-06", "documented", 25, nil},
		{"q-h2", "apprehended", "Q", "flow", "2018-07", "2018-12", "documented", 35, nil},
		{"q-h2-b", "apprehended", "Q", "flow", "2018-07", "2018-12", "at_least", 30, src("example-ngo-2020")},
		{"q-children", "apprehended", "Q children", "cumulative", "2018-01", "2018-12", "exact", 5, sub("q-since-2018")},
		{"q-sum", "apprehended", "Q", "flow", "2018-01", "2018-12", "exact", 60, der("{q-h1} + {q-h2}")},
		{"q-held-jun", "in_custody", "Q", "stock", "2018-06-30", "2018-06-30", "exact", 20, nil},
		{"q-held-dec", "in_custody", "Q", "stock", "2018-12-31", "2018-12-31", "exact", 15, nil},
		{"q-returned", "forcibly_returned", "Q", "cumulative", "2018-01", "2018-12", "exact", 45, der("{q-since-2018} - {q-held-dec}")},
	}
	var out []models.Figure
	for i, s := range specs {
		p, err := models.ParsePeriod(s.start, s.end)
		if err != nil {
			t.Fatalf("%s: %v", s.key, err)
		}
		f := models.Figure{ID: int64(i + 1), Key: s.key, Metric: s.metric, Qualifier: models.Qualifier(s.qual), Value: s.value,
			Unit: "people", Period: p, Kind: models.QuantityKind(s.kind), Population: s.pop, ActingState: "CN", ReceivingState: "KP",
			Source: "hrw-2017-dragnet", Quote: "a sentence", ReportedBy: "Org", Status: models.StatusPublished, Version: 1}
		if s.opts != nil {
			s.opts(&f)
		}
		if err := f.Validate(); err != nil {
			t.Fatalf("%s does not validate: %v", s.key, err)
		}
		out = append(out, f)
	}
	return out
}

func viewsOf(figs []models.Figure) []models.FigureView {
	sources := map[string]models.Source{}
	for _, s := range exporttest.Sources() {
		sources[s.Key] = s
	}
	out := make([]models.FigureView, len(figs))
	for i, f := range figs {
		out[i] = models.FigureView{Figure: f, Metric: models.Metric{Slug: f.Metric, Label: f.Metric, Unit: "people"}, Source: sources[f.Source]}
	}
	return out
}

// trackerTotals is the tracker's own no-double-counting total per metric
// (exporttest.TrackerTotals, added over units and kinds: the metrics of
// these figures hold one unit and either stocks or events).
func trackerTotals(t *testing.T, figs []models.Figure) map[string]float64 {
	t.Helper()
	sums, err := exporttest.TrackerTotals(figs)
	if err != nil {
		t.Error(err)
	}
	out := map[string]float64{}
	for s, v := range sums {
		out[s.Metric] += v
	}
	return out
}

// TestCSVCountableSum reads the real CSV export back and checks that, per
// metric, sum(value where countable) is the tracker's own total, where a
// naive sum(value) is not.
func TestCSVCountableSum(t *testing.T) {
	for name, figs := range map[string][]models.Figure{"multi-report": multiReport(t), "fixture": exporttest.Figures()} {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if _, err := WriteCSV(&buf, exporttest.Iter(viewsOf(figs)), nil); err != nil {
				t.Fatal(err)
			}
			countable, naive := map[string]float64{}, map[string]float64{}
			for _, r := range readCSV(t, buf.Bytes()) {
				v, _ := strconv.ParseFloat(r["value"], 64) // empty for a range: skipped
				if r["qualifier"] == "range" {
					v, _ = strconv.ParseFloat(r["value_low"], 64) // the low end, as the tracker's total
				}
				naive[r["metric"]] += v
				switch r["countable"] {
				case "true":
					countable[r["metric"]] += v
				case "false":
				default:
					t.Errorf("%s: countable is %q, want true or false", r["figure_id"], r["countable"])
				}
			}
			want := trackerTotals(t, figs)
			for m, w := range want {
				if countable[m] != w {
					t.Errorf("%s: sum(value where countable) = %v, the tracker's total %v", m, countable[m], w)
				}
			}
			for m, got := range countable {
				if _, ok := want[m]; !ok && got != 0 {
					t.Errorf("%s: sum(value where countable) = %v, but the tracker counts nothing", m, got)
				}
			}
			if name == "multi-report" {
				for m, w := range map[string]float64{"apprehended": 210, "in_custody": 15, "forcibly_returned": 45} {
					if countable[m] != w {
						t.Errorf("%s: sum(value where countable) = %v, want %v", m, countable[m], w)
					}
				}
				if naive["apprehended"] == countable["apprehended"] {
					t.Error("the naive sum equals the countable one: the test data does not double count")
				}
			}
		})
	}
}

// TestCollectMetricsTwoPasses: every export reads its iterator twice (the
// countable columns first), and the companion metrics file must still list
// each metric once.
func TestCollectMetricsTwoPasses(t *testing.T) {
	var ms []models.Metric
	it := CollectMetrics(exporttest.Iter(exporttest.Views()), &ms)
	if _, err := WriteCSV(&bytes.Buffer{}, it, nil); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, m := range ms {
		if seen[m.Slug] {
			t.Errorf("metric %s listed twice", m.Slug)
		}
		seen[m.Slug] = true
	}
	if len(ms) == 0 {
		t.Error("no metrics collected")
	}
}

// TestCountFiguresMatchesCountability checks that the export's first pass,
// which keeps compact records and counts one subject at a time, gives
// every figure what exporttest.Countability gives it over all figures at once,
// whatever order the rows come in: chains cross subjects (a subgroup's
// parent, a derived figure's inputs), including one resting on a
// retracted input.
func TestCountFiguresMatchesCountability(t *testing.T) {
	figs := multiReport(t)
	extra := figs[0]
	extra.ID, extra.Key, extra.Metric, extra.Derived, extra.Formula = 99, "p-from-wrong", "forcibly_returned", true, "{p-2020-wrong} - {p-2019}"
	figs = append(figs, extra)
	want := exporttest.Countability(figs)
	for shift := range figs {
		rot := append(append([]models.Figure(nil), figs[shift:]...), figs[:shift]...)
		views := viewsOf(rot)
		got, err := countFigures(func(yield func(*models.FigureView) error) error {
			for i := range views {
				if err := yield(&views[i]); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range figs {
			if got[f.Key] != want[f.Key] {
				t.Errorf("rotation %d, %s: countFigures %+v, Countability %+v", shift, f.Key, got[f.Key], want[f.Key])
			}
		}
		if want["p-from-wrong"] != (checks.Count{Group: "p-from-wrong"}) {
			t.Errorf("a figure resting on a retracted input: %+v, want in its own group and counted in nothing", want["p-from-wrong"])
		}
	}
}
