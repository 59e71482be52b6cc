package dashboard

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"forcedreturns/dashboard/charts"
	"forcedreturns/dashboard/httpx"
	"forcedreturns/models"
)

// embedChart shows one overview chart alone, for other sites to frame.
func (s *Server) embedChart(c *gin.Context) error {
	name := c.Param("name")
	f, step, err := s.chartQuery(c)
	if err != nil {
		return err
	}
	cs, err := s.chartSet(c.Request.Context(), httpx.Lang(c), f, step, s.site.BaseURL(c))
	if err != nil {
		return err
	}
	cv, ok := cs.chart(name)
	if !ok {
		// A chart that exists but that the filters leave empty is a
		// page saying so, under its title and the filters, not a 404:
		// a framed chart stays in its frame.
		if cv, ok, err = s.emptyChart(c, name, f, step); err != nil {
			return err
		} else if !ok {
			return noChart(name)
		}
	}
	httpx.AllowFraming(c)
	if s.notModified(c, "embed-"+name, cs.version, c.Request.URL.RawQuery, s.site.BaseURL(c)) {
		return nil
	}
	cv.Embedded, cv.Standalone = true, true
	s.renderPage(c, http.StatusOK, "embed.html", pageData{Title: cv.Title, Embed: true, Charts: true, Canonical: s.site.BaseURL(c) + cv.Permalink, Data: cv})
	return nil
}

// emptyChart is the chart called name as it is without filters, marked
// as having no figure under the filters f, when f filters and such a
// chart exists.
func (s *Server) emptyChart(c *gin.Context, name string, f models.FigureFilter, step charts.Step) (chartView, bool, error) {
	line := chartFilterLine(httpx.Lang(c), f)
	if line == "" {
		return chartView{}, false, nil
	}
	all, err := s.chartSet(c.Request.Context(), httpx.Lang(c), models.FigureFilter{Audience: f.Audience}, step, s.site.BaseURL(c))
	if err != nil {
		return chartView{}, false, err
	}
	cv, ok := all.chart(name)
	cv.Filter, cv.NoneMatch = line, true
	return cv, ok, nil
}
