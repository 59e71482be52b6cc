package dashboard

import (
	"context"

	"forcedreturns/models"
)

// conflictView explains a stale form: someone saved the entity after the
// editor opened the form. It lists who changed it, when and why, and the
// fields that changed between the version the form was based on and the
// current one. The form below it keeps what the editor typed, now based
// on the current version, so that saving again is a deliberate choice
// made having seen the other change.
type conflictView struct {
	What      string // "figure" or "source"
	WhatText  string // What in the page's language
	Key       string
	BasedOn   int
	Current   int
	Since     []models.Revision    // the revisions after BasedOn, oldest first
	Changes   []models.FieldChange // BasedOn → Current
	NoHistory bool                 // the version the form was based on is not in the history
}

// Latest is the last revision, whose editor and time the page names.
func (v *conflictView) Latest() *models.Revision {
	if len(v.Since) == 0 {
		return nil
	}
	return &v.Since[len(v.Since)-1]
}

// conflict builds the explanation of a stale edit of entity key.
func (s *Server) conflict(ctx context.Context, entityType, key string, basedOn, current int) (*conflictView, error) {
	v := &conflictView{What: entityType, Key: key, BasedOn: basedOn, Current: current}
	revs, err := s.store.Revisions(ctx, entityType, key, models.AudienceEditors)
	if err != nil {
		return nil, err
	}
	var base, last *models.Revision
	for i := range revs {
		r := &revs[i]
		switch {
		case r.Version == basedOn:
			base = r
		case r.Version > basedOn:
			v.Since = append(v.Since, *r)
		}
		last = r
	}
	if base == nil || last == nil || last == base {
		v.NoHistory = true
		return v, nil
	}
	if v.Changes, err = models.DiffSnapshots(base.Snapshot, last.Snapshot); err != nil {
		return nil, err
	}
	return v, nil
}
