package dashboard

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"forcedreturns/dashboard/httpx"
	"forcedreturns/internal/i18n"
)

// metricList shows the vocabulary of metrics figures count in.
func (s *Server) metricList(c *gin.Context) error {
	ctx := c.Request.Context()
	if done, err := s.unchanged(c, "metrics"); err != nil || done {
		return err
	}
	ms, err := s.store.ListMetrics(ctx)
	if err != nil {
		return err
	}
	s.renderPage(c, http.StatusOK, "metrics.html", pageData{Title: i18n.T(httpx.Lang(c), "nav.metrics"), Nav: "metrics", Canonical: "/metrics", Data: ms})
	return nil
}
