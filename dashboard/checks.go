package dashboard

import (
	"context"

	"forcedreturns/internal/checks"
	"forcedreturns/models"
)

// runChecks runs every consistency check over all figures and their
// sources, knowing which sources carry others (carried).
func runChecks(views []models.FigureView, carried checks.Carried) []checks.Result {
	return checks.RunViews(views, carried)
}

// carried reads which sources carry others, for the checks.
func (s *Server) carried(ctx context.Context) (checks.Carried, error) {
	srcs, err := s.store.ListSources(ctx)
	if err != nil {
		return nil, err
	}
	return checks.CarriedOf(srcs), nil
}

// checksFor keeps the results a figure takes part in.
func checksFor(views []models.FigureView, carried checks.Carried, key string) []checks.Result {
	var out []checks.Result
	for _, r := range runChecks(views, carried) {
		if r.Involves(key) {
			out = append(out, r)
		}
	}
	return out
}
