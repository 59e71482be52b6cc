package models

import (
	"encoding/json"
	"fmt"
)

// Audience is who a read is for. Drafts (and any later unpublished
// status) are editors' work in progress: only editors — signed in, or
// holding an API token — and the command line, which has the database
// itself, may read them. The zero value is the public, so a read that
// forgets to say who it is for shows only what anyone may see.
type Audience int

// The audiences of a read.
const (
	// AudiencePublic is anyone: published and retracted figures only.
	AudiencePublic Audience = iota
	// AudienceEditors is a signed-in editor, an API token or the command
	// line: every figure, whatever its status.
	AudienceEditors
)

// Public reports whether figures with status s are shown to everyone.
// Retracted figures are public on purpose: a correction stays visible.
func (s Status) Public() bool { return s == StatusPublished || s == StatusRetracted }

// CheckStatusChange returns an error if a figure may not go from status
// from to status to. Retracted figures are public (a correction stays
// visible), so a draft that became retracted would publish work that was
// never published: it must be published first, or stay a draft.
func CheckStatusChange(from, to Status) error {
	if to == StatusRetracted && from != StatusRetracted && !from.Public() {
		return &Error{Code: EInvalid, Message: "this status change would publish unpublished work",
			Fields: []FieldError{{Field: "status", Message: fmt.Sprintf("a %s was never published, so it cannot be retracted: publish it first, or leave it a %s", from, from)}}}
	}
	return nil
}

// Sees reports whether the audience may read a figure with status s.
func (a Audience) Sees(s Status) bool { return a == AudienceEditors || s.Public() }

// Statuses lists the statuses the audience may see, in Statuses' order.
func (a Audience) Statuses() []Status {
	var out []Status
	for _, s := range Statuses {
		if a.Sees(s) {
			out = append(out, s)
		}
	}
	return out
}

// ActionDraft is the action of the entry a public history shows in
// place of revisions made while a figure was unpublished: it keeps their
// place in the history but none of their text.
const ActionDraft = "draft"

// History returns the revisions of one entity as the audience may read
// them. Editors see everything. The public never sees a figure's revision
// whose snapshot is not of a public status: its snapshot, editor and
// reason are withheld, and each run of such revisions becomes one
// ActionDraft entry carrying the run's last version and time. A snapshot
// that cannot be read is withheld too, so a fault never reveals a draft.
func (a Audience) History(entityType string, revs []Revision) []Revision {
	if a == AudienceEditors || entityType != EntityFigure {
		return revs
	}
	out := make([]Revision, 0, len(revs))
	for _, r := range revs {
		if PublicRevision(r) {
			out = append(out, r)
			continue
		}
		w := Revision{ID: r.ID, EntityType: r.EntityType, EntityID: r.EntityID, EntityKey: r.EntityKey,
			Version: r.Version, Action: ActionDraft, CreatedAt: r.CreatedAt}
		if n := len(out); n > 0 && out[n-1].Action == ActionDraft {
			out[n-1] = w
			continue
		}
		out = append(out, w)
	}
	return out
}

// PublicRevision reports whether the public may read a revision's text:
// any revision of a metric or source, and a figure's whose snapshot is of
// a public status (a snapshot that cannot be read is withheld).
func PublicRevision(r Revision) bool {
	return r.EntityType != EntityFigure || snapshotStatus(r.Snapshot).Public()
}

// snapshotStatus reads the status a figure snapshot records, or "".
func snapshotStatus(snapshot string) Status {
	var s struct {
		Status Status `json:"status"`
	}
	if json.Unmarshal([]byte(snapshot), &s) != nil {
		return ""
	}
	return s.Status
}
