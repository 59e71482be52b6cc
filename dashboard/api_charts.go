package dashboard

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"forcedreturns/models"
)

// apiChart answers one overview chart's option document as JSON.
func (s *Server) apiChart(c *gin.Context) error {
	f, err := models.ParseFigureFilter(c.Request.URL.Query())
	if err != nil {
		return err
	}
	cs, err := s.chartSet(c.Request.Context(), f, s.site.BaseURL(c))
	if err != nil {
		return err
	}
	raw, ok := cs.optionsJSON(c.Param("name"))
	if !ok {
		return noChart(c.Param("name"))
	}
	if s.notModified(c, "api-chart-"+c.Param("name"), cs.version, c.Request.URL.RawQuery) {
		return nil
	}
	s.respond(c, http.StatusOK, "application/json; charset=utf-8", raw)
	return nil
}
