package store_test

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"forcedreturns/internal/checks"
	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
)

// resultSet writes results as a sorted list of their JSON, to compare
// them as sets.
func resultSet(t *testing.T, rs []checks.Result) []string {
	t.Helper()
	out := make([]string, len(rs))
	for i, r := range rs {
		b, err := json.Marshal(r)
		must(t, err)
		out[i] = string(b)
	}
	slices.Sort(out)
	return out
}

// checksFixture is the counting fixture with an agreement (a1 as another
// source reports it) and n generated figures (every tenth a subgroup of
// the one before).
func checksFixture(t *testing.T, s *store.Store, n int) {
	t.Helper()
	countingFixture(t, s)
	again := storetest.Figure("a1-again", "apprehended", "other")
	again.Period = models.Period{Start: models.NewDate(2017, 7, 1), End: models.NewDate(2017, 8, 31), Precision: models.PrecisionMonth}
	again.ActingState, again.ReceivingState, again.Value, again.ValueText = "CN", "KP", 45, ""
	storetest.Apply(t, s, models.Batch{Figures: []models.Figure{again}})
	must(t, s.GenerateFigures(ctx, n, 3))
}

// TestRunChecksBySubject: the checks run one subject at a time from the
// store give, for each audience, the very results of checks.RunViews over
// every figure the audience sees, on the counting fixture (a formula, a
// draft input, a subgroup and a share across subjects) and on generated
// figures (every tenth a subgroup of the one before), with an agreement;
// and the stream comes
// by people, then metric.
func TestRunChecksBySubject(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		checksFixture(t, s, 1500)
		srcs, err := s.ListSources(ctx)
		must(t, err)
		carried := checks.CarriedOf(srcs)
		for _, aud := range []models.Audience{models.AudiencePublic, models.AudienceEditors} {
			var views []models.FigureView
			must(t, s.EachFigure(ctx, models.AllFigures(aud), func(v *models.FigureView) error {
				views = append(views, *v)
				return nil
			}))
			want := checks.RunViews(views, carried)
			kinds := map[string]bool{}
			for _, r := range want {
				kinds[r.Kind] = true
			}
			for _, k := range []string{checks.KindPartsWhole, checks.KindCohort, checks.KindSubgroups, checks.KindShares, checks.KindDerived, checks.KindAgreement} {
				if !kinds[k] {
					t.Errorf("%v: no %s check in the fixture: the test would not cover it", aud, k)
				}
			}
			got, err := s.RunChecks(ctx, aud, storetest.CheckOptions(t, s), nil)
			must(t, err)
			if diff := cmp.Diff(resultSet(t, want), resultSet(t, got)); diff != "" {
				t.Errorf("%v: RunChecks (-RunViews +RunChecks):\n%s", aud, diff)
			}

			var order []models.Figure
			must(t, s.EachFigureByPeople(ctx, models.AllFigures(aud), func(f *models.Figure) error {
				order = append(order, *f)
				return nil
			}))
			if len(order) != len(views) {
				t.Errorf("%v: EachFigureByPeople gave %d figures, EachFigure %d", aud, len(order), len(views))
			}
			// Contiguous, whatever the database's collation orders first.
			seenSubject, seenPeople := map[checks.Subject]bool{}, map[checks.Subject]bool{}
			for i, f := range order {
				subj := checks.SubjectOf(f)
				if i > 0 && subj == checks.SubjectOf(order[i-1]) {
					continue
				}
				if seenSubject[subj] {
					t.Errorf("%v: %s: its subject %v came before, apart from it", aud, f.Key, subj)
				}
				seenSubject[subj] = true
				if i > 0 && subj.People() == checks.SubjectOf(order[i-1]).People() {
					continue
				}
				if seenPeople[subj.People()] {
					t.Errorf("%v: %s: its people %v came before, apart from it", aud, f.Key, subj.People())
				}
				seenPeople[subj.People()] = true
			}
		}
	})
}
