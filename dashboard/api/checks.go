package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"forcedreturns/internal/checks"
	"forcedreturns/models"
)

// Checks answers GET /checks: the result of every consistency check.
func (h *Handler) Checks(c *gin.Context) error {
	ctx := c.Request.Context()
	aud, err := h.audience(c)
	if err != nil {
		return err
	}
	if done, err := h.unchanged(c, "api-checks"); err != nil || done {
		return err
	}
	var views []models.FigureView
	if err := h.store.EachFigure(ctx, models.AllFigures(aud), func(v *models.FigureView) error { views = append(views, *v); return nil }); err != nil {
		return err
	}
	srcs, err := h.store.ListSources(ctx)
	if err != nil {
		return err
	}
	results := checks.RunViews(views, checks.CarriedOf(srcs))
	if results == nil {
		results = []checks.Result{}
	}
	return h.resp.JSON(c, http.StatusOK, list[checks.Result]{Items: results, Total: len(results)})
}
