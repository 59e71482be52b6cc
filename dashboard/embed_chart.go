package dashboard

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"forcedreturns/dashboard/httpx"
)

// embedChart shows one overview chart alone, for other sites to frame.
func (s *Server) embedChart(c *gin.Context) error {
	name := c.Param("name")
	f, step, _, err := s.chartPageQuery(c) // the charts' script draws the view
	if err != nil {
		return err
	}
	// A chart that exists but that the filters leave empty is a page
	// saying so (NoneMatch), under its title and the filters, not a 404:
	// a framed chart stays in its frame.
	cv, version, err := s.lookupChart(c.Request.Context(), httpx.Lang(c), name, f, step, s.site.BaseURL(c))
	if err != nil {
		return err
	}
	if s.notModified(c, "embed-"+name, version, c.Request.URL.RawQuery, s.site.BaseURL(c)) {
		return nil
	}
	cv.Embedded, cv.Standalone = true, true
	s.renderPage(c, http.StatusOK, "embed.html", pageData{Title: cv.Title, Embed: true, Charts: true, Canonical: s.site.BaseURL(c) + cv.Permalink, Data: cv})
	return nil
}
