package dashboard

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"forcedreturns/dashboard/charts"
)

// overviewData is what the overview page shows.
type overviewData struct {
	Headlines []charts.Headline
	Charts    []chartView
}

func (s *Server) overview(c *gin.Context) error {
	f, step, err := chartQuery(c)
	if err != nil {
		return err
	}
	cs, err := s.chartSet(c.Request.Context(), f, step, s.site.BaseURL(c))
	if err != nil {
		return err
	}
	if s.notModified(c, "overview", cs.version, c.Request.URL.RawQuery, s.site.BaseURL(c)) {
		return nil
	}
	s.renderPage(c, http.StatusOK, "overview.html", pageData{
		Title:       "Overview",
		Description: "Sourced figures on forced returns of refugees, each linked to the sentence it comes from.",
		Nav:         "overview",
		Canonical:   "/",
		Charts:      len(cs.order) > 0,
		Data:        overviewData{Headlines: cs.headlines, Charts: cs.ordered(pageView(c))},
	})
	return nil
}
