package store

import (
	"context"
	"sort"

	"forcedreturns/models"
)

// SourceFigures returns every figure citing the source with key, drafts
// and retracted ones included, sorted by key (byte order, the same on
// every database): what verifying the source's quotes looks at. It
// returns ENotFound if there is no such source.
func (s *Store) SourceFigures(ctx context.Context, key string) ([]models.Figure, error) {
	if _, err := s.GetSource(ctx, key); err != nil {
		return nil, err
	}
	var figs []models.Figure
	err := s.EachFigure(ctx, models.FigureFilter{Sources: []string{key}, Statuses: models.Statuses, Audience: models.AudienceEditors}, func(v *models.FigureView) error {
		figs = append(figs, v.Figure)
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(figs, func(i, j int) bool { return figs[i].Key < figs[j].Key })
	return figs, nil
}
