package dashboard

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// healthz answers a liveness probe: the process is up and serving.
func (s *Server) healthz(c *gin.Context) {
	c.Header("Cache-Control", "no-store")
	c.String(http.StatusOK, "ok\n")
}

// readyz answers a readiness probe: the database answers, so requests can
// be served.
func (s *Server) readyz(c *gin.Context) error {
	c.Header("Cache-Control", "no-store")
	if err := s.store.Ping(c.Request.Context()); err != nil {
		s.log.Error("readiness", "error", err.Error())
		c.String(http.StatusServiceUnavailable, "database unavailable\n")
		return nil
	}
	c.String(http.StatusOK, "ok\n")
	return nil
}
