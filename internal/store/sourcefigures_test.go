package store_test

import (
	"slices"
	"testing"

	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
)

// SourceFigures gives every figure of the source, a draft included, none
// of another source's, in byte order of their keys ("a-z" before "ab", whatever the database's collation).
func TestSourceFigures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		b := storetest.Basics()
		draft := storetest.Figure("a-draft", "apprehended", "src")
		draft.Status = models.StatusDraft
		hyphen := storetest.Figure("a-z", "apprehended", "src")
		letters := storetest.Figure("ab", "apprehended", "src")
		elsewhere := storetest.Figure("b-elsewhere", "apprehended", "other")
		b.Sources = append(b.Sources, storetest.Source("other"), storetest.Source("empty"))
		b.Figures = append(b.Figures, draft, hyphen, letters, elsewhere)
		storetest.Apply(t, s, b)

		figs, err := s.SourceFigures(ctx, "src")
		must(t, err)
		var keys []string
		for _, f := range figs {
			keys = append(keys, f.Key)
		}
		if want := []string{"a-draft", "a-z", "ab", "custody", "returned", "total"}; !slices.Equal(keys, want) {
			t.Errorf("SourceFigures(src) = %v, want %v", keys, want)
		}
		if figs, err := s.SourceFigures(ctx, "empty"); err != nil || len(figs) != 0 {
			t.Errorf("SourceFigures(empty) = %d figures, %v; want none", len(figs), err)
		}
		_, err = s.SourceFigures(ctx, "missing")
		wantCode(t, err, models.ENotFound)
	})
}
