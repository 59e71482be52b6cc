package dashboard

import "forcedreturns/models"

// The history of a figure or a source as its page shows it.

// revisionView is a revision with the fields it changed.
type revisionView struct {
	models.Revision
	Changes []models.FieldChange
}

// revisionViews pairs each revision with what it changed, newest first.
func revisionViews(revs []models.Revision) []revisionView {
	out := make([]revisionView, len(revs))
	prev := ""
	for i, r := range revs {
		out[i].Revision = r
		if r.Snapshot == "" {
			// Withheld (models.ActionDraft): the next change is shown
			// against the last version this reader saw, never a draft.
			continue
		}
		if prev != "" && r.Action != models.ActionCreate {
			if changes, err := models.DiffSnapshots(prev, r.Snapshot); err == nil {
				out[i].Changes = changes
			}
		}
		prev = r.Snapshot
	}
	// Newest first: readers look for the latest change.
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}
