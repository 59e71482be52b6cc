package store_test

import (
	"slices"
	"testing"

	"forcedreturns/internal/checks"
	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
)

// TestChecksInvolvingPending: the stale units of a figure page that are
// too large to compute for it (here: any) are pending, their results
// left out, never shown stale: with no stored checks, all of them;
// once stored, none; after a write, the units it touched, while those it
// did not (a parent's in another subject) are still read. Every result
// shown is one of the whole run's.
func TestChecksInvolvingPending(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		checksFixture(t, s, 600)
		restore := store.SetInlineUnitFiguresForTest(0)
		defer restore()
		aud := models.AudienceEditors
		o := storetest.CheckOptions(t, s)
		enc := storetest.ResultTexts
		// A subgroup whose parent is in another subject: its subgroups
		// check belongs to the parent's subject, not to its own.
		whole, err := s.RunChecks(ctx, aud, o, nil)
		must(t, err)
		var f models.Figure
		var naming []models.Figure
		var units []checks.Owner
		for _, r := range whole {
			if r.Kind != checks.KindSubgroups || f.Key != "" {
				continue
			}
			p, err := s.GetFigure(ctx, r.Figures[0], aud)
			must(t, err)
			for _, k := range r.Figures[1:] {
				v, err := s.GetFigure(ctx, k, aud)
				must(t, err)
				if checks.SubjectOf(v.Figure) != checks.SubjectOf(p.Figure) {
					naming, err = s.FiguresNaming(ctx, k, aud)
					must(t, err)
					f, units = v.Figure, o.UnitsInvolving(v.Figure, &p.Figure, naming)
					break
				}
			}
		}
		if f.Key == "" {
			t.Fatal("no subgroup of the fixture is in another subject than its parent")
		}
		involving := func(rs []checks.Result) []checks.Result {
			return slices.DeleteFunc(slices.Clone(rs), func(r checks.Result) bool { return !r.Involves(f.Key) })
		}
		got, err := s.ChecksInvolving(ctx, aud, o, f, naming)
		must(t, err)
		if got.Pending != len(units) || got.Computed != 0 || len(got.Results) != 0 {
			t.Fatalf("no stored checks: %d of %d units pending, %d computed, %d results shown", got.Pending, len(units), got.Computed, len(got.Results))
		}
		must(t, s.RefreshChecks(ctx, aud, o))
		got, err = s.ChecksInvolving(ctx, aud, o, f, naming)
		must(t, err)
		want := involving(whole)
		if got.Pending != 0 || got.Computed != 0 || !slices.Equal(enc(want), enc(got.Results)) || len(want) == 0 {
			t.Fatalf("stored checks: %d pending, %d computed, results %v, want %v", got.Pending, got.Computed, enc(got.Results), enc(want))
		}
		// A new figure in f's own subject, which names nothing: that unit
		// is pending, the parent's still read.
		added := storetest.Figure("added-beside", f.Metric, "src")
		added.Population, added.ActingState, added.ReceivingState, added.Unit = f.Population, f.ActingState, f.ReceivingState, f.Unit
		storetest.Apply(t, s, models.Batch{Figures: []models.Figure{added}})
		got, err = s.ChecksInvolving(ctx, aud, o, f, naming)
		must(t, err)
		if got.Pending == 0 || got.Pending == len(units) || got.Computed != 0 {
			t.Errorf("after a write to its subject: %d of %d units pending, %d computed", got.Pending, len(units), got.Computed)
		}
		after, err := s.RunChecks(ctx, aud, o, nil)
		must(t, err)
		now := enc(involving(after))
		for _, r := range enc(got.Results) {
			if !slices.Contains(now, r) {
				t.Errorf("after a write: a result shown is not the whole run's: %s", r)
			}
		}
		if len(got.Results) == 0 {
			t.Errorf("after a write: the units not touched show nothing")
		}
	})
}
