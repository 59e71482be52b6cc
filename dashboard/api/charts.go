package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"forcedreturns/models"
)

// Chart answers GET /charts/{name}: one overview chart's option document.
func (h *Handler) Chart(c *gin.Context) error {
	f, err := models.ParseFigureFilter(c.Request.URL.Query())
	if err != nil {
		return err
	}
	raw, version, err := h.chart(c.Request.Context(), f, h.site.BaseURL(c), c.Param("name"))
	if err != nil {
		return err
	}
	if h.resp.NotModified(c, "api-chart-"+c.Param("name"), version, c.Request.URL.RawQuery) {
		return nil
	}
	h.resp.Respond(c, http.StatusOK, "application/json; charset=utf-8", raw)
	return nil
}
