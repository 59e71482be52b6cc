package store_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
)

// TestPublicNeverListsDrafts: whatever statuses a filter asks for, the
// public audience gets only published and retracted figures, in lists,
// counts and streams alike; editors get what they ask for.
func TestPublicNeverListsDrafts(t *testing.T) {
	draft := []models.Status{models.StatusDraft}
	tests := []struct {
		name   string
		filter models.FigureFilter
		want   []string
	}{
		{"public, status draft", models.FigureFilter{Statuses: draft}, nil},
		{"public, every status", models.FigureFilter{Statuses: models.Statuses}, []string{"a2", "a3", "a1", "a4", "c1", "c2"}},
		{"public, draft and retracted", models.FigureFilter{Statuses: []models.Status{models.StatusDraft, models.StatusRetracted}}, []string{"c2"}},
		{"public, draft of one metric", models.FigureFilter{Statuses: draft, Metrics: []string{"forcibly_returned"}}, nil},
		{"editors, status draft", models.FigureFilter{Statuses: draft, Audience: models.AudienceEditors}, []string{"r1"}},
		{"editors, default", models.FigureFilter{Audience: models.AudienceEditors}, []string{"a2", "a3", "a1", "a4", "c1", "c2"}},
	}
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		filterFixture(t, s)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				views, total, err := s.ListFigures(ctx, tt.filter)
				must(t, err)
				if diff := cmp.Diff(tt.want, keysOf(views), emptyIsNil); diff != "" {
					t.Errorf("ListFigures (-want +got):\n%s", diff)
				}
				if total != len(tt.want) {
					t.Errorf("total %d, want %d", total, len(tt.want))
				}
				var streamed []string
				must(t, s.EachFigure(ctx, tt.filter, func(v *models.FigureView) error {
					streamed = append(streamed, v.Figure.Key)
					return nil
				}))
				if diff := cmp.Diff(tt.want, streamed, emptyIsNil); diff != "" {
					t.Errorf("EachFigure (-want +got):\n%s", diff)
				}
			})
		}
	})
}

var emptyIsNil = cmp.Transformer("nil", func(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s
})

// TestPublicGetsNoDraft: a draft is not found for the public, with the
// very error of a figure that does not exist, and has no history.
func TestPublicGetsNoDraft(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		filterFixture(t, s)
		_, errDraft := s.GetFigure(ctx, "r1", models.AudiencePublic)
		wantCode(t, errDraft, models.ENotFound)
		_, errMissing := s.GetFigure(ctx, "r9", models.AudiencePublic)
		if strings.ReplaceAll(errDraft.Error(), "r1", "r9") != errMissing.Error() {
			t.Errorf("a draft's error %q tells it apart from a missing figure's %q", errDraft, errMissing)
		}
		_, err := s.Revisions(ctx, models.EntityFigure, "r1", models.AudiencePublic)
		wantCode(t, err, models.ENotFound)
		v, err := s.GetFigure(ctx, "r1", models.AudienceEditors)
		must(t, err)
		if v.Figure.Status != models.StatusDraft {
			t.Errorf("editors got %s", v.Figure.Status)
		}
		if _, err := s.GetFigure(ctx, "c2", models.AudiencePublic); err != nil {
			t.Errorf("a retracted figure is public: %v", err)
		}
	})
}

// TestDraftCannotBeRetracted: retracted figures are public, so retracting
// a draft would publish it; the store refuses and leaves it a draft.
func TestDraftCannotBeRetracted(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		filterFixture(t, s)
		v, err := s.GetFigure(ctx, "r1", models.AudienceEditors)
		must(t, err)
		wantCode(t, s.RetractFigure(ctx, "r1", v.Figure.Version, "wrong number", storetest.Change()), models.EInvalid, "never published")
		f := v.Figure
		f.Status, f.RetractReason = models.StatusRetracted, "wrong number"
		wantCode(t, s.UpdateFigure(ctx, &f, storetest.Change()), models.EInvalid, "status")
		if _, err := s.GetFigure(ctx, "r1", models.AudiencePublic); models.ErrorCode(err) != models.ENotFound {
			t.Errorf("after a refused retraction the public reads the draft: %v", err)
		}
	})
}

// TestPublicHistoryWithholdsDrafts: a figure created as a draft, edited,
// published, edited, sent back to draft and published again. The public
// history keeps the published versions and shows each draft period as
// one "draft" entry without snapshot, editor or reason.
func TestPublicHistoryWithholdsDrafts(t *testing.T) {
	const marker = "SECRET-DRAFT-MARKER"
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setup(t, s)
		f := storetest.Figure("h1", "apprehended", "src")
		f.Status, f.Notes = models.StatusDraft, marker+" notes v1"
		change := func(reason string) models.Change {
			return models.Change{Editor: "Editor " + reason, Reason: reason}
		}
		must(t, s.CreateFigure(ctx, &f, change(marker+" created")))
		edit := func(st models.Status, notes, reason string) {
			t.Helper()
			f.Status, f.Notes = st, notes
			must(t, s.UpdateFigure(ctx, &f, change(reason)))
		}
		edit(models.StatusDraft, marker+" notes v2", marker+" edited")    // v2
		edit(models.StatusPublished, "public v3", "published")            // v3
		edit(models.StatusPublished, "public v4", "corrected")            // v4
		edit(models.StatusDraft, marker+" notes v5", marker+" withdrawn") // v5
		_, err := s.Revisions(ctx, models.EntityFigure, "h1", models.AudiencePublic)
		wantCode(t, err, models.ENotFound)
		edit(models.StatusPublished, "public v6", "republished") // v6

		all, err := s.Revisions(ctx, models.EntityFigure, "h1", models.AudienceEditors)
		must(t, err)
		if len(all) != 6 {
			t.Fatalf("editors see %d revisions, want 6", len(all))
		}
		pub, err := s.Revisions(ctx, models.EntityFigure, "h1", models.AudiencePublic)
		must(t, err)
		type entry struct {
			Version        int
			Action, Reason string
			HasSnapshot    bool
		}
		var got []entry
		for _, r := range pub {
			got = append(got, entry{r.Version, r.Action, r.Reason, r.Snapshot != ""})
		}
		want := []entry{
			{2, models.ActionDraft, "", false},
			{3, models.ActionUpdate, "published", true},
			{4, models.ActionUpdate, "corrected", true},
			{5, models.ActionDraft, "", false},
			{6, models.ActionUpdate, "republished", true},
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("public history (-want +got):\n%s", diff)
		}
		b, err := json.Marshal(pub)
		must(t, err)
		if strings.Contains(string(b), marker) {
			t.Errorf("the public history shows a draft's text: %s", b)
		}
	})
}

// TestPublicNeverLeansOnDrafts: a published or retracted figure cannot be
// a subgroup of a draft or derived from one (its page would show the
// draft's key and its number), and a figure public figures lean on cannot
// go back to draft.
func TestPublicNeverLeansOnDrafts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		storetest.Apply(t, s, storetest.Basics())
		draft := storetest.Figure("draft-parent", "apprehended", "src")
		draft.Status = models.StatusDraft
		must(t, s.CreateFigure(ctx, &draft, storetest.Change()))

		kid := storetest.Figure("kid", "apprehended", "src")
		kid.SubgroupOf, kid.Value, kid.ValueText = "draft-parent", 4, "4"
		wantCode(t, s.CreateFigure(ctx, &kid, storetest.Change()), models.EInvalid, "subgroup_of")
		kid.Status = models.StatusDraft
		must(t, s.CreateFigure(ctx, &kid, storetest.Change())) // a draft may lean on a draft

		d := storetest.Figure("from-draft", "apprehended", "src")
		d.Derived, d.Formula, d.Value, d.ValueText = true, "{total} - {draft-parent}", 51, "51"
		wantCode(t, s.CreateFigure(ctx, &d, storetest.Change()), models.EInvalid, "formula")

		total, err := s.GetFigure(ctx, "custody", models.AudienceEditors)
		must(t, err)
		f := total.Figure
		f.Status = models.StatusDraft // "returned" is derived from it and published
		wantCode(t, s.UpdateFigure(ctx, &f, storetest.Change()), models.EInvalid, "status")
	})
}
