package export

import (
	"forcedreturns/internal/checks"
	"forcedreturns/models"
)

// CountOf returns the answer counts holds for f, for the external tests.
func CountOf(counts Counts, f *models.Figure) checks.Count {
	return counts.of(&models.FigureView{Figure: *f})
}
