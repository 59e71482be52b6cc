package store_test

import (
	"context"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
)

// countingFixture is filterFixture with what counting follows across
// figures: a formula over two published figures and a draft, a subgroup,
// a share of a1 beside a count of the same people (one subject but for
// the unit), and figures of other states and populations.
func countingFixture(t *testing.T, s *store.Store) {
	t.Helper()
	filterFixture(t, s)
	sum := storetest.Figure("sum", "apprehended", "src")
	sum.Period = models.Period{Start: models.NewDate(2016, 7, 1), End: models.NewDate(2017, 8, 31), Precision: models.PrecisionMonth}
	sum.Value, sum.ValueText, sum.Derived, sum.Formula = 92, "92", true, "{a1} + {a2}"
	kids := storetest.Figure("kids", "apprehended", "src")
	kids.Population, kids.Value, kids.ValueText, kids.SubgroupOf = "North Korean children", 5, "5", "a1"
	fromDraft := storetest.Figure("from-draft", "forcibly_returned", "src")
	fromDraft.Value, fromDraft.ValueText, fromDraft.Derived, fromDraft.Formula = 41, "41", true, "{r1}"
	fromDraft.Status = models.StatusDraft
	share := storetest.Share("a1-women", storetest.Figure("a1", "apprehended", "src"))
	women := storetest.Figure("a1-women-count", "apprehended", "src")
	women.Population, women.Value, women.ValueText = share.Population, 25, "25"
	storetest.Apply(t, s, models.Batch{Figures: []models.Figure{sum, kids, fromDraft, share, women}})
}

// countingFields keeps of f what EachFigureBySubject reads.
func countingFields(f models.Figure) models.Figure {
	return models.Figure{
		ID: f.ID, Key: f.Key, Metric: f.Metric, Population: f.Population, ActingState: f.ActingState, ReceivingState: f.ReceivingState,
		Unit: f.Unit, Qualifier: f.Qualifier, Value: f.Value, ValueLow: f.ValueLow, ValueHigh: f.ValueHigh, Period: f.Period,
		Kind: f.Kind, SubgroupOf: f.SubgroupOf, ShareOf: f.ShareOf, Derived: f.Derived, Formula: f.Formula, Source: f.Source, Status: f.Status,
	}
}

type subject struct{ metric, population, acting, receiving, unit string }

// TestEachFigureBySubject: for the same filter, the narrow read gives the
// very figures EachFigure gives (the audience rule included: the public
// never gets a draft), with the fields counting reads, every subject's
// figures together and in key order within it, whatever the filter's sort.
func TestEachFigureBySubject(t *testing.T) {
	tests := []struct {
		name   string
		filter models.FigureFilter
	}{
		{"public default", models.FigureFilter{}},
		{"public asking for every status", models.FigureFilter{Statuses: models.Statuses}},
		{"editors, every status", models.AllFigures(models.AudienceEditors)},
		{"one metric, sorted by value", models.FigureFilter{Metrics: []string{"apprehended"}, Sort: "-value"}},
		{"one source and a date", models.FigureFilter{Sources: []string{"src"}, From: models.NewDate(2017, 8, 1), Audience: models.AudienceEditors, Statuses: models.Statuses}},
	}
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		countingFixture(t, s)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				var want []models.Figure
				must(t, s.EachFigure(ctx, tt.filter, func(v *models.FigureView) error {
					want = append(want, countingFields(v.Figure))
					return nil
				}))
				if len(want) == 0 {
					t.Fatal("the filter matches nothing: the test would prove nothing")
				}
				var got []models.Figure
				must(t, s.EachFigureBySubject(ctx, tt.filter, func(f *models.Figure) error {
					got = append(got, *f)
					return nil
				}))
				seen := map[subject]bool{}
				for i, f := range got {
					subj := subject{f.Metric, f.Population, f.ActingState, f.ReceivingState, f.Unit}
					if i > 0 && subj == (subject{got[i-1].Metric, got[i-1].Population, got[i-1].ActingState, got[i-1].ReceivingState, got[i-1].Unit}) {
						if got[i-1].Key >= f.Key {
							t.Errorf("%s after %s within one subject: want key order", f.Key, got[i-1].Key)
						}
						continue
					}
					if seen[subj] {
						t.Errorf("%s: its subject %v came before, apart from it", f.Key, subj)
					}
					seen[subj] = true
				}
				byKey := func(fs []models.Figure) { sort.Slice(fs, func(i, j int) bool { return fs[i].Key < fs[j].Key }) }
				byKey(want)
				byKey(got)
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("EachFigureBySubject (-EachFigure +got):\n%s", diff)
				}
				for _, f := range got {
					if f.Status == models.StatusDraft && !tt.filter.Audience.Sees(models.StatusDraft) {
						t.Errorf("the public got draft %s", f.Key)
					}
				}
			})
		}
	})
}

// TestEachFigureBySubjectReadsEverything: a limit or offset, which would
// count a page as if it were the whole export, is refused.
func TestEachFigureBySubjectReadsEverything(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		for _, f := range []models.FigureFilter{{Limit: 2}, {Offset: 1}} {
			err := s.EachFigureBySubject(ctx, f, func(*models.Figure) error { return nil })
			if models.ErrorCode(err) != models.EInvalid {
				t.Errorf("limit %d offset %d: got %v, want an EInvalid error", f.Limit, f.Offset, err)
			}
		}
	})
}

// TestFormulaInputs: the figures a formula refers to, among those the
// filter matches, with key, metric and status: a draft input only for
// editors, none when the filter leaves the inputs out.
func TestFormulaInputs(t *testing.T) {
	in := func(key, metric string, st models.Status) models.Figure {
		return models.Figure{Key: key, Metric: metric, Status: st}
	}
	tests := []struct {
		name   string
		filter models.FigureFilter
		want   []models.Figure
	}{
		{"public default", models.FigureFilter{}, []models.Figure{in("a1", "apprehended", models.StatusPublished), in("a2", "apprehended", models.StatusPublished)}},
		{"public asking for drafts", models.FigureFilter{Statuses: models.Statuses}, []models.Figure{in("a1", "apprehended", models.StatusPublished), in("a2", "apprehended", models.StatusPublished)}},
		{"editors, every status", models.AllFigures(models.AudienceEditors), []models.Figure{
			in("a1", "apprehended", models.StatusPublished), in("a2", "apprehended", models.StatusPublished), in("r1", "forcibly_returned", models.StatusDraft)}},
		{"the inputs filtered out", models.FigureFilter{Sources: []string{"src"}}, []models.Figure{in("a1", "apprehended", models.StatusPublished)}},
		{"no formula matches", models.FigureFilter{Metrics: []string{"in_custody"}}, nil},
	}
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		countingFixture(t, s)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, err := s.FormulaInputs(ctx, tt.filter)
				must(t, err)
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("FormulaInputs (-want +got):\n%s", diff)
				}
			})
		}
	})
}

// TestEachFigureBySubjectRefusesSeparator: a stored text holding the
// separator the narrow read joins columns with (which validation never
// lets in) is an error naming the figure, never a figure of another
// subject.
func TestEachFigureBySubjectRefusesSeparator(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		filterFixture(t, s)
		f := storetest.Figure("odd", "apprehended", "src")
		f.Population = "North\x1fKoreans"
		must(t, s.InsertFigureRowForTest(ctx, f))
		err := s.EachFigureBySubject(ctx, models.FigureFilter{}, func(*models.Figure) error { return nil })
		if err == nil || !strings.Contains(err.Error(), "figure odd") {
			t.Errorf("got %v, want an error naming figure odd", err)
		}
	})
}

// TestNamingReadsWalkTheSmallerIndex: on SQLite (no statistics to choose
// by), the reads of the selected subgroups, shares and derived figures
// that counting a filtered export begins with (CountingTargets,
// FormulaInputs) walk the partial index of those figures when it holds
// fewer than the filter selects, not the selection's own index (a
// source's 125,000 figures read from the table three times at a million
// figures, none a share or derived). It fails when the selection's terms
// are left on its indexes.
func TestNamingReadsWalkTheSmallerIndex(t *testing.T) {
	ctx := context.Background()
	s := storetest.Open(t)
	if s.Dialect() != store.DialectSQLite {
		t.Skip("SQLite's choice of index")
	}
	if err := s.GenerateFigures(ctx, 800, 3); err != nil {
		t.Fatal(err)
	}
	source := models.FigureFilter{Sources: []string{"synthetic-source-1"}}
	for _, tt := range []struct {
		partial string
		filter  models.FigureFilter
		want    string
	}{
		{"f.share_of IS NOT NULL", source, "figures_share_of"},
		{"f.derived", source, "figures_derived"},
		{"f.subgroup_of IS NOT NULL", source, "figures_subgroup_of"},
	} {
		plan, err := s.NamingPlanForTest(ctx, tt.partial, tt.filter)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(plan, tt.want) {
			t.Errorf("%s, %s: plan %q, want %s", tt.partial, tt.filter.Describe(), plan, tt.want)
		}
	}
}
