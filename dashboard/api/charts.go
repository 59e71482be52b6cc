package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"forcedreturns/dashboard/charts"
	"forcedreturns/dashboard/httpx"
	"forcedreturns/models"
)

// Chart answers GET /charts/{name}: one overview chart's option document
// at the step asked for (step: month or year, or left to the data),
// its text (title, axis names, labels, tooltips, table) in the language the
// request asks for (httpx.Lang: Accept-Language or the lang cookie), as the
// overview page in that language draws it.
func (h *Handler) Chart(c *gin.Context) error {
	f, err := httpx.FigureFilter(c, h.store, charts.StepParams)
	if err != nil {
		return err
	}
	step, err := charts.ParseStep(c.Query("step"))
	if err != nil {
		return err
	}
	l := httpx.Lang(c)
	raw, version, err := h.chart(c.Request.Context(), l, f, step, h.site.BaseURL(c), c.Param("name"))
	if err != nil {
		return err
	}
	// The document varies by language: each its own ETag (English keeps
	// the one it always had), and caches are told what it varies by.
	parts := []string{"api-chart-" + c.Param("name"), version, c.Request.URL.RawQuery}
	if l != models.English {
		parts = append(parts, "lang="+string(l))
	}
	c.Writer.Header().Add("Vary", "Accept-Language")
	if h.resp.NotModified(c, parts...) {
		return nil
	}
	h.resp.Respond(c, http.StatusOK, "application/json; charset=utf-8", raw)
	return nil
}
