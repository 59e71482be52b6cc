package store_test

import (
	"testing"

	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
)

// A paraphrase is stored and read back on SQLite and PostgreSQL, through
// a create and an update, with no quote and no offsets; turning it back
// into a quote clears it.
func TestParaphraseStored(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		b := storetest.Basics()
		f := &b.Figures[0]
		f.Quote, f.QuoteStart, f.QuoteEnd = "", nil, nil
		f.Paraphrase, f.ParaphrasedBy = "About 60 were sent back, the agency said.", "Example Wire"
		storetest.Apply(t, s, b)
		got, err := s.GetFigure(ctx, f.Key, models.AudienceEditors)
		must(t, err)
		if g := got.Figure; g.Quote != "" || g.QuoteStart != nil || g.Paraphrase != f.Paraphrase || g.ParaphrasedBy != "Example Wire" || !g.Paraphrased() {
			t.Fatalf("created: quote %q at %v, paraphrase %q by %q", g.Quote, g.QuoteStart, g.Paraphrase, g.ParaphrasedBy)
		}
		g := got.Figure
		g.ParaphrasedBy = "Another Wire"
		must(t, s.UpdateFigure(ctx, &g, storetest.Change()))
		if got, err = s.GetFigure(ctx, f.Key, models.AudienceEditors); err != nil || got.Figure.ParaphrasedBy != "Another Wire" {
			t.Fatalf("updated: by %q, %v", got.Figure.ParaphrasedBy, err)
		}
		g = got.Figure
		g.Quote, g.Paraphrase, g.ParaphrasedBy = "About 60 were sent back.", "", ""
		must(t, s.UpdateFigure(ctx, &g, storetest.Change()))
		if got, err = s.GetFigure(ctx, f.Key, models.AudienceEditors); err != nil || got.Figure.Paraphrased() || got.Figure.Quote != "About 60 were sent back." {
			t.Fatalf("made a quote: %+v, %v", got.Figure, err)
		}
	})
}
