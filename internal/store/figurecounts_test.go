package store_test

import (
	"context"
	"testing"

	"forcedreturns/internal/export"
	"forcedreturns/internal/export/exporttest"
	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
)

// TestEachFigureCountedAsEachFigure: the figures EachFigureCounted streams
// (on PostgreSQL through a cursor, read here seven rows at a time) are
// EachFigure's, in its order, each with the answer checks.Counting gives
// it among them (exporttest.Countability).
func TestEachFigureCountedAsEachFigure(t *testing.T) {
	defer store.SetCursorRows(7)()
	ctx := context.Background()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		storetest.Apply(t, s, storetest.Basics())
		if err := s.GenerateFigures(ctx, 300, 3); err != nil {
			t.Fatal(err)
		}
		if ok, err := (&export.Keeper{}).Store(ctx, s); err != nil || !ok {
			t.Fatalf("Keeper.Store: %v, %v", ok, err)
		}
		for _, f := range []models.FigureFilter{{}, {Sort: "-value", Audience: models.AudienceEditors}} {
			want, err := s.FigureViews(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			counts := exporttest.ViewsCountability(want)
			i, countable := 0, 0
			ok, err := s.EachFigureCounted(ctx, f, nil, func(v *models.FigureView) error {
				if i >= len(want) || v.Figure.Key != want[i].Figure.Key {
					t.Fatalf("row %d: %s, want %s", i, v.Figure.Key, want[i].Figure.Key)
				}
				if c := counts[v.Figure.Key]; v.Count != c {
					t.Errorf("%s: stored %+v, Count %+v", v.Figure.Key, v.Count, c)
				}
				if v.Count.Countable {
					countable++
				}
				i++
				return nil
			})
			if err != nil || !ok {
				t.Fatalf("EachFigureCounted: %v, %v", ok, err)
			}
			if i != len(want) || countable == 0 {
				t.Errorf("%d rows of %d, %d countable", i, len(want), countable)
			}
		}
	})
}

// TestStoredCountsOfAnotherRule: an answer stored under another counting
// rule (checks.CountingRule, figure_counts_state.rule: an older build's,
// or none, as every answer stored before migration 27) is not served as
// current though no figure changed, nor brought up to date from: it is
// counted again and stored under this build's rule.
func TestStoredCountsOfAnotherRule(t *testing.T) {
	ctx := context.Background()
	storetest.EachDatabase(t, func(t *testing.T, cfg store.Config) {
		s := storetest.OpenConfig(t, cfg, true)
		storetest.Apply(t, s, storetest.Basics())
		if ok, err := (&export.Keeper{}).Store(ctx, s); err != nil || !ok {
			t.Fatalf("Keeper.Store: %v, %v", ok, err)
		}
		for _, older := range []string{"'counting 1'", "NULL"} {
			storetest.Exec(t, cfg, "UPDATE figure_counts_state SET rule = "+older)
			if ok, err := s.CountsCurrent(ctx); err != nil || ok {
				t.Fatalf("rule %s: CountsCurrent %v, %v; want false", older, ok, err)
			}
			if u, err := s.CountsDelta(ctx); err != nil || u != nil {
				t.Fatalf("rule %s: CountsDelta %v, %v; want none (count every figure)", older, u, err)
			}
			ok, err := s.EachFigureCounted(ctx, models.FigureFilter{}, nil, func(*models.FigureView) error { return nil })
			if err != nil || ok {
				t.Fatalf("rule %s: EachFigureCounted %v, %v; want false", older, ok, err)
			}
			if ok, err := (&export.Keeper{}).Store(ctx, s); err != nil || !ok {
				t.Fatalf("rule %s: Keeper.Store: %v, %v", older, ok, err)
			}
			if ok, err := s.CountsCurrent(ctx); err != nil || !ok {
				t.Fatalf("rule %s: stored again, CountsCurrent %v, %v", older, ok, err)
			}
		}
	})
}
