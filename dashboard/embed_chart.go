package dashboard

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"forcedreturns/dashboard/httpx"
)

// embedChart shows one overview chart alone, for other sites to frame.
func (s *Server) embedChart(c *gin.Context) error {
	name := c.Param("name")
	f, step, err := chartQuery(c)
	if err != nil {
		return err
	}
	cs, err := s.chartSet(c.Request.Context(), httpx.Lang(c), f, step, s.site.BaseURL(c))
	if err != nil {
		return err
	}
	cv, ok := cs.chart(name)
	if !ok {
		return noChart(name)
	}
	httpx.AllowFraming(c)
	if s.notModified(c, "embed-"+name, cs.version, c.Request.URL.RawQuery, s.site.BaseURL(c)) {
		return nil
	}
	cv.Embedded, cv.Standalone = true, true
	s.renderPage(c, http.StatusOK, "embed.html", pageData{Title: cv.Title, Embed: true, Charts: true, Canonical: s.site.BaseURL(c) + cv.Permalink, Data: cv})
	return nil
}
