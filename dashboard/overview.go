package dashboard

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"forcedreturns/dashboard/charts"
	"forcedreturns/dashboard/httpx"
	"forcedreturns/internal/i18n"
	"forcedreturns/models"
)

// overviewData is what the overview page shows. Filter names the filters
// the charts and headlines keep to (chartFilter), or is
// empty when they show every published figure.
type overviewData struct {
	Headlines []charts.Headline
	Charts    []chartView
	Filter    string
}

func (s *Server) overview(c *gin.Context) error {
	f, step, view, err := s.chartPageQuery(c)
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
		Data:        overviewData{Headlines: cs.headlines, Charts: cs.ordered(view), Filter: cs.words},
	})
	return nil
}

// chartFilter describes, in language l, the filters of f a page of charts
// keeps to (the charts show published figures only, whatever status was
// asked for, and a page or order of the list means nothing to them), or
// "" for none; n names its metrics and sources (filterWords).
func chartFilter(l models.Lang, f models.FigureFilter, n filterNames) string {
	f.Statuses, f.Limit, f.Offset, f.Sort, f.Cursor = nil, 0, 0, "", nil
	return filterWords(l, f, n)
}

// chartFilterLine is chartFilter as the overview words it, in language l,
// or "" for none: the line under a filtered chart's title.
func chartFilterLine(l models.Lang, f models.FigureFilter, n filterNames) string {
	if d := chartFilter(l, f, n); d != "" {
		return i18n.T(l, "overview.filtered", "Filter", d)
	}
	return ""
}
