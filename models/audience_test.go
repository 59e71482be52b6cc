package models

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestAudienceSees(t *testing.T) {
	if diff := cmp.Diff([]Status{StatusPublished, StatusRetracted}, AudiencePublic.Statuses()); diff != "" {
		t.Errorf("public statuses (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(Statuses, AudienceEditors.Statuses()); diff != "" {
		t.Errorf("editors' statuses (-want +got):\n%s", diff)
	}
	var zero Audience
	if zero.Sees(StatusDraft) || zero.Sees("") || zero.Sees("pending") {
		t.Error("the zero audience sees unpublished figures")
	}
}

// TestAudienceHistory: the public history keeps public snapshots, merges
// each run of unpublished (or unreadable) ones into one empty "draft"
// entry, and leaves other entities' histories alone.
func TestAudienceHistory(t *testing.T) {
	rev := func(v int, status, reason string) Revision {
		snap := `{"status":"` + status + `","notes":"` + reason + `"}`
		if status == "" {
			snap = "not json"
		}
		return Revision{EntityType: EntityFigure, EntityKey: "k", Version: v, Action: ActionUpdate, Snapshot: snap, Editor: "E", Reason: reason}
	}
	revs := []Revision{rev(1, "draft", "a"), rev(2, "", "b"), rev(3, "published", "c"), rev(4, "draft", "d"), rev(5, "retracted", "e")}
	got := AudiencePublic.History(EntityFigure, revs)
	want := []Revision{
		{EntityType: EntityFigure, EntityKey: "k", Version: 2, Action: ActionDraft},
		revs[2],
		{EntityType: EntityFigure, EntityKey: "k", Version: 4, Action: ActionDraft},
		revs[4],
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("public history (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(revs, AudienceEditors.History(EntityFigure, revs)); diff != "" {
		t.Errorf("editors' history (-want +got):\n%s", diff)
	}
	src := []Revision{{EntityType: EntitySource, Snapshot: `{"title":"x"}`, Reason: "r"}}
	if diff := cmp.Diff(src, AudiencePublic.History(EntitySource, src)); diff != "" {
		t.Errorf("a source's history (-want +got):\n%s", diff)
	}
}

func TestCheckStatusChange(t *testing.T) {
	for _, from := range Statuses {
		for _, to := range Statuses {
			err := CheckStatusChange(from, to)
			refused := from == StatusDraft && to == StatusRetracted
			if (err != nil) != refused {
				t.Errorf("%s → %s: error %v, want refused=%v", from, to, err, refused)
			}
			if refused && (ErrorCode(err) != EInvalid || len(FieldErrors(err)) != 1 || FieldErrors(err)[0].Field != "status") {
				t.Errorf("%s → %s: %#v, want an invalid status field", from, to, err)
			}
		}
	}
}
