package dashboard

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"forcedreturns/models"
)

// overviewData is what the overview page shows.
type overviewData struct {
	Headlines []models.FigureView
	Charts    []chartView
}

func (s *Server) overview(c *gin.Context) error {
	f, err := models.ParseFigureFilter(c.Request.URL.Query())
	if err != nil {
		return err
	}
	cs, err := s.chartSet(c.Request.Context(), f, s.baseURL(c))
	if err != nil {
		return err
	}
	if s.notModified(c, "overview", cs.version, c.Request.URL.RawQuery, s.baseURL(c)) {
		return nil
	}
	s.renderPage(c, http.StatusOK, "overview.html", pageData{
		Title:       "Overview",
		Description: "Sourced figures on forced returns of refugees, each linked to the sentence it comes from.",
		Nav:         "overview",
		Data:        overviewData{Headlines: cs.headlines, Charts: cs.ordered()},
	})
	return nil
}

func (s *Server) embedChart(c *gin.Context) error {
	name := c.Param("name")
	f, err := models.ParseFigureFilter(c.Request.URL.Query())
	if err != nil {
		return err
	}
	cs, err := s.chartSet(c.Request.Context(), f, s.baseURL(c))
	if err != nil {
		return err
	}
	cv, ok := cs.charts[name]
	if !ok {
		return noChart(name)
	}
	allowFraming(c)
	if s.notModified(c, "embed-"+name, cs.version, c.Request.URL.RawQuery, s.baseURL(c)) {
		return nil
	}
	cv.Embedded = true
	s.renderPage(c, http.StatusOK, "embed.html", pageData{Title: cv.Title, Embed: true, Canonical: s.baseURL(c) + cv.Permalink, Data: cv})
	return nil
}

func (s *Server) apiChart(c *gin.Context) error {
	f, err := models.ParseFigureFilter(c.Request.URL.Query())
	if err != nil {
		return err
	}
	cs, err := s.chartSet(c.Request.Context(), f, s.baseURL(c))
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

// noChart is the 404 for a chart name that does not exist or has no data.
func noChart(name string) error {
	return models.Errorf(models.ENotFound, "There is no chart named %q (or it has no data for these filters). Charts: %s.", name, strings.Join(chartNames, ", "))
}
