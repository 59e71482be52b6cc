package checks

import (
	"strings"
	"testing"

	"forcedreturns/models"
)

// The invented sets are built with fig: a published figure about North
// Koreans apprehended in China and returned to North Korea, from source
// "src-a", changed by options.

type opt func(*models.Figure)

// fig builds a figure: kind "flow", "stock" or "cumulative"; period as
// "2017-07..2017-08", "2016" or "2017-09-18"; quantity as a report writes
// it ("at least 41", "24-99") or "documented 41".
func fig(t testing.TB, key, kind, period, quantity string, opts ...opt) models.Figure {
	t.Helper()
	start, end, _ := strings.Cut(period, "..")
	p, err := models.ParsePeriod(start, end)
	if err != nil {
		t.Fatalf("fig %s: %v", key, err)
	}
	var q models.Quantity
	if n, ok := strings.CutPrefix(quantity, "documented "); ok {
		q, err = models.ParseQuantity(n)
		q.Qualifier = models.QualDocumented
	} else {
		q, err = models.ParseQuantity(quantity)
	}
	if err != nil {
		t.Fatalf("fig %s: %v", key, err)
	}
	f := models.Figure{Key: key, Metric: "apprehended", Qualifier: q.Qualifier, Value: q.Value, ValueLow: q.Low, ValueHigh: q.High,
		Period: p, Kind: models.QuantityKind(kind), Population: "North Koreans", ActingState: "CN", ReceivingState: "KP",
		Source: "src-a", Quote: "a sentence", ReportedBy: "Org A", Unit: "people", Status: models.StatusPublished}
	for _, o := range opts {
		o(&f)
	}
	if err := f.Validate(); err != nil {
		t.Fatalf("fig %s does not validate: %v", key, err)
	}
	return f
}

func metric(m string) opt     { return func(f *models.Figure) { f.Metric = m } }
func population(p string) opt { return func(f *models.Figure) { f.Population = p } }
func subgroupOf(k string) opt { return func(f *models.Figure) { f.SubgroupOf = k } }
func id(n int64) opt          { return func(f *models.Figure) { f.ID = n } }

func source(key, by string) opt {
	return func(f *models.Figure) { f.Source, f.ReportedBy = key, by }
}

func derivedAs(formula string) opt {
	return func(f *models.Figure) { f.Derived, f.Formula = true, formula }
}

func retracted(reason string) opt {
	return func(f *models.Figure) { f.Status, f.RetractReason = models.StatusRetracted, reason }
}

func draft() opt { return func(f *models.Figure) { f.Status = models.StatusDraft } }

// period parses "2017-07..2017-08" as fig does.
func period(t testing.TB, s string) models.Period {
	t.Helper()
	start, end, _ := strings.Cut(s, "..")
	p, err := models.ParsePeriod(start, end)
	if err != nil {
		t.Fatalf("period %q: %v", s, err)
	}
	return p
}

// ofKind returns the results of one kind.
func ofKind(rs []Result, kind string) []Result {
	var out []Result
	for _, r := range rs {
		if r.Kind == kind {
			out = append(out, r)
		}
	}
	return out
}

// run checks the figures against each other with DefaultCohorts and no
// sources, as Options.Run does for a caller without them.
func run(figs []models.Figure) []Result { return Options{Cohorts: DefaultCohorts()}.Run(figs) }
