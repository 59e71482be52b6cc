package storetest

import (
	"context"
	"encoding/json"
	"slices"
	"testing"

	"forcedreturns/internal/checks"
	"forcedreturns/internal/store"
	"forcedreturns/models"
)

// Change is the editor and reason fixtures are written with.
func Change() models.Change {
	return models.Change{Editor: "editor@example.org", Reason: "test fixture"}
}

// Metric returns a valid metric with slug.
func Metric(slug string) models.Metric {
	return models.Metric{
		Slug:       slug,
		Label:      "Label of " + slug,
		Definition: "Definition of " + slug + ", as counted by the report.",
		Unit:       "people",
	}
}

// Source returns a valid source with key, modelled on the seed article.
func Source(key string) models.Source {
	return models.Source{
		Key:                key,
		Title:              "North Korean Refugees Trapped by China's Expanding Dragnet",
		Kind:               models.KindCommentary,
		Publisher:          "Refugees Deeply",
		Authors:            "Phil Robertson",
		AuthorAffiliation:  "Human Rights Watch",
		PublishedOn:        models.NewDate(2017, 9, 18),
		PublishedPrecision: models.PrecisionDay,
		URL:                "https://example.org/sources/" + key,
		Language:           "en",
		AccessedOn:         models.NewDate(2024, 1, 15),
	}
}

// Figure returns a valid published figure counting metric, cited to
// source: exactly 41 people over July–August 2017, from CN to KP.
func Figure(key, metric, source string) models.Figure {
	return models.Figure{
		Key:            key,
		Metric:         metric,
		Qualifier:      models.QualExact,
		Value:          41,
		ValueText:      "41",
		Unit:           "people",
		Period:         models.Period{Start: models.NewDate(2017, 7, 1), End: models.NewDate(2017, 8, 31), Precision: models.PrecisionMonth},
		Kind:           models.Flow,
		Population:     "North Koreans",
		ActingState:    "CN",
		ReceivingState: "KP",
		Location:       "China",
		Source:         source,
		Quote:          "Chinese authorities have apprehended at least 41 North Koreans in July and August, 2017.",
		ReportedBy:     "Human Rights Watch",
		Status:         models.StatusPublished,
	}
}

// Share returns a valid share of base, named key: "more than 60 percent
// were women", a percentage of base's count (same metric, kind and
// period), cited to base's source.
func Share(key string, base models.Figure) models.Figure {
	f := base
	f.ID, f.Key, f.Version, f.ShareOf = 0, key, 0, base.Key
	f.Qualifier, f.Value, f.ValueLow, f.ValueHigh, f.ValueText = models.QualMoreThan, 60, 0, 0, "over 60 percent"
	f.Unit, f.Population, f.SubgroupOf, f.Derived, f.Formula = models.UnitPercent, "women", "", false, ""
	f.Quote, f.QuoteStart, f.QuoteEnd, f.Paraphrase, f.ParaphrasedBy = "Over 60 percent of them were women.", nil, nil, "", ""
	return f
}

// Basics is a small consistent batch: metrics apprehended, in_custody and
// forcibly_returned, source "src", and figures "total" (92 apprehended),
// "custody" (46 in custody) and the derived "returned" = total − custody.
func Basics() models.Batch {
	total := Figure("total", "apprehended", "src")
	total.Value, total.ValueText, total.Kind = 92, "92", models.Cumulative
	total.Period = models.Period{Start: models.NewDate(2016, 6, 1), End: models.NewDate(2017, 9, 18), Precision: models.PrecisionDay}
	custody := Figure("custody", "in_custody", "src")
	custody.Value, custody.ValueText, custody.Kind = 46, "46", models.Stock
	custody.Period = models.Period{Start: models.NewDate(2017, 9, 18), End: models.NewDate(2017, 9, 18), Precision: models.PrecisionDay}
	returned := Figure("returned", "forcibly_returned", "src")
	returned.Value, returned.ValueText, returned.Kind = 46, "46", models.Cumulative
	returned.Period = total.Period
	returned.Derived, returned.Formula = true, "{total} - {custody}"
	return models.Batch{
		Metrics: []models.Metric{Metric("apprehended"), Metric("in_custody"), Metric("forcibly_returned")},
		Sources: []models.Source{Source("src")},
		Figures: []models.Figure{total, custody, returned},
	}
}

// Apply writes b through ApplyBatch and fails the test on any error.
func Apply(t testing.TB, s *store.Store, b models.Batch) models.BatchResult {
	t.Helper()
	res, err := s.ApplyBatch(context.Background(), b, Change(), false)
	if err != nil {
		t.Fatalf("apply batch: %v", err)
	}
	return res
}

// CheckOptions are the checks' default options over the sources of s,
// as the dashboard runs them.
func CheckOptions(t testing.TB, s *store.Store) checks.Options {
	t.Helper()
	srcs, err := s.ListSources(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	ms, err := s.ListMetrics(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	sources := map[string]models.Source{}
	for _, src := range srcs {
		sources[src.Key] = src
	}
	return checks.Default(sources, checks.CarriedOf(srcs), checks.MetricsOf(ms))
}

// ResultTexts writes results as JSON, sorted: to compare them as sets.
func ResultTexts(rs []checks.Result) []string {
	var out []string
	for _, r := range rs {
		b, _ := json.Marshal(r)
		out = append(out, string(b))
	}
	slices.Sort(out)
	return out
}
