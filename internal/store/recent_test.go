package store_test

import (
	"testing"

	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
)

// RecentFigureRevisions lists the public's figure changes newest first:
// never a draft, nor a revision made while a figure was a draft, and stops
// at the limit even when drafts crowd the newest revisions.
func TestRecentFigureRevisions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setup(t, s)
		pub := storetest.Figure("pub", "apprehended", "src")
		must(t, s.CreateFigure(ctx, &pub, storetest.Change()))
		later := storetest.Figure("later", "apprehended", "src")
		later.Status = models.StatusDraft
		must(t, s.CreateFigure(ctx, &later, storetest.Change()))
		later.Status = models.StatusPublished
		must(t, s.UpdateFigure(ctx, &later, storetest.Change()))
		for i := range 5 { // a run of draft work, newest
			d := storetest.Figure("draft-"+string(rune('a'+i)), "apprehended", "src")
			d.Status = models.StatusDraft
			must(t, s.CreateFigure(ctx, &d, storetest.Change()))
		}
		revs, err := s.RecentFigureRevisions(ctx, 2)
		must(t, err)
		var got []string
		for _, r := range revs {
			got = append(got, r.EntityKey+"@"+string(rune('0'+r.Version)))
		}
		if len(got) != 2 || got[0] != "later@2" || got[1] != "pub@1" {
			t.Errorf("recent changes %v, want [later@2 pub@1]", got)
		}
		all, err := s.RecentFigureRevisions(ctx, 50)
		must(t, err)
		if len(all) != 2 {
			t.Errorf("%d public changes, want 2", len(all))
		}
	})
}
