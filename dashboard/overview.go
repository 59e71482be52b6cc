package dashboard

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"forcedreturns/dashboard/charts"
	"forcedreturns/dashboard/httpx"
	"forcedreturns/internal/i18n"
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
	cs, err := s.chartSet(c.Request.Context(), httpx.Lang(c), f, step, s.site.BaseURL(c))
	if err != nil {
		return err
	}
	if s.notModified(c, "overview", cs.version, c.Request.URL.RawQuery, s.site.BaseURL(c)) {
		return nil
	}
	s.renderPage(c, http.StatusOK, "overview.html", pageData{
		Title:       i18n.T(httpx.Lang(c), "nav.overview"),
		Description: i18n.T(httpx.Lang(c), "overview.summary"),
		Nav:         "overview",
		Canonical:   "/",
		Charts:      len(cs.order) > 0,
		Data:        overviewData{Headlines: cs.headlines, Charts: cs.ordered(pageView(c))},
	})
	return nil
}
