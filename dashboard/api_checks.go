package dashboard

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"forcedreturns/internal/checks"
	"forcedreturns/models"
)

// apiChecks lists the result of every consistency check as JSON.
func (s *Server) apiChecks(c *gin.Context) error {
	ctx := c.Request.Context()
	aud, err := s.audience(c)
	if err != nil {
		return err
	}
	if done, err := s.unchanged(c, "api-checks"); err != nil || done {
		return err
	}
	var views []models.FigureView
	if err := s.store.EachFigure(ctx, models.AllFigures(aud), func(v *models.FigureView) error { views = append(views, *v); return nil }); err != nil {
		return err
	}
	results := runChecks(views)
	if results == nil {
		results = []checks.Result{}
	}
	return s.respondJSON(c, http.StatusOK, apiList[checks.Result]{Items: results, Total: len(results)})
}
