package dashboard

import (
	"forcedreturns/internal/checks"
	"forcedreturns/models"
)

// runChecks runs every consistency check over all figures and their
// sources.
func runChecks(views []models.FigureView) []checks.Result { return checks.RunViews(views) }

// checksFor keeps the results a figure takes part in.
func checksFor(views []models.FigureView, key string) []checks.Result {
	var out []checks.Result
	for _, r := range runChecks(views) {
		if r.Involves(key) {
			out = append(out, r)
		}
	}
	return out
}
