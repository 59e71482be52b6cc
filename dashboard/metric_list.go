package dashboard

import (
	"net/http"

	"github.com/gin-gonic/gin"
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
	s.renderPage(c, http.StatusOK, "metrics.html", pageData{Title: "Metrics", Nav: "metrics", Canonical: "/metrics", Data: ms})
	return nil
}
