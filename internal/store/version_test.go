package store_test

import (
	"testing"
	"time"

	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
)

// TestDataVersionIsPublic: the data version (anonymous ETags and caches)
// changes with every write the public can see, and with no write that
// touches drafts, sessions, tokens or passwords only — so a stranger
// polling an ETag cannot tell that a draft was edited.
func TestDataVersionIsPublic(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		storetest.Apply(t, s, storetest.Basics())
		ed := newEditor(t, s, "ana@example.org", models.RoleEditor)
		draft := storetest.Figure("draft-1", "apprehended", "src")
		draft.Status = models.StatusDraft

		steps := []struct {
			name   string
			public bool
			write  func() error
		}{
			{"create a draft", false, func() error { return s.CreateFigure(ctx, &draft, storetest.Change()) }},
			{"edit the draft", false, func() error {
				draft.Notes = "still working on it"
				return s.UpdateFigure(ctx, &draft, storetest.Change())
			}},
			{"a batch of drafts only", false, func() error {
				f := storetest.Figure("draft-2", "apprehended", "src")
				f.Status = models.StatusDraft
				_, err := s.ApplyBatch(ctx, models.Batch{Figures: []models.Figure{f}}, storetest.Change(), false)
				return err
			}},
			{"an update that changes nothing", false, func() error {
				v, err := s.GetFigure(ctx, "total", models.AudienceEditors)
				if err != nil {
					return err
				}
				return s.UpdateFigure(ctx, &v.Figure, storetest.Change())
			}},
			{"the same batch again", false, func() error {
				_, err := s.ApplyBatch(ctx, storetest.Basics(), storetest.Change(), false)
				return err
			}},
			{"sign in", false, func() error { return s.CreateSession(ctx, hashOf(7), ed.ID, time.Now().Add(time.Hour), "") }},
			{"sign out", false, func() error { return s.DeleteSession(ctx, hashOf(7)) }},
			{"publish the draft", true, func() error {
				draft.Status = models.StatusPublished
				return s.UpdateFigure(ctx, &draft, storetest.Change())
			}},
			{"send it back to draft", true, func() error {
				draft.Status = models.StatusDraft
				return s.UpdateFigure(ctx, &draft, storetest.Change())
			}},
			// An edited source, not a new one: a new source's id alone would
			// change the version even if sources noted nothing.
			{"a batch with a draft and an edited source", true, func() error {
				src, err := s.GetSource(ctx, "src")
				if err != nil {
					return err
				}
				src.Notes = "seen again"
				f := storetest.Figure("draft-3", "apprehended", "src")
				f.Status = models.StatusDraft
				_, err = s.ApplyBatch(ctx, models.Batch{Sources: []models.Source{src}, Figures: []models.Figure{f}}, storetest.Change(), false)
				return err
			}},
			{"edit a published figure", true, func() error {
				v, err := s.GetFigure(ctx, "total", models.AudienceEditors)
				if err != nil {
					return err
				}
				v.Figure.Notes = "checked again"
				return s.UpdateFigure(ctx, &v.Figure, storetest.Change())
			}},
			{"edit a source", true, func() error {
				src, err := s.GetSource(ctx, "src")
				if err != nil {
					return err
				}
				src.Notes = "archived"
				return s.UpdateSource(ctx, &src, storetest.Change())
			}},
		}
		for _, st := range steps {
			before, err := s.DataVersion(ctx)
			must(t, err)
			if err := st.write(); err != nil {
				t.Fatalf("%s: %v", st.name, err)
			}
			after, err := s.DataVersion(ctx)
			must(t, err)
			if changed := before != after; changed != st.public {
				t.Errorf("%s: data version %s → %s; want changed=%v", st.name, before, after, st.public)
			}
		}
	})
}
