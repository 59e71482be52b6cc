package dashboard

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// sourceList shows every source.
func (s *Server) sourceList(c *gin.Context) error {
	ctx := c.Request.Context()
	if done, err := s.unchanged(c, "sources"); err != nil || done {
		return err
	}
	sources, err := s.store.ListSources(ctx)
	if err != nil {
		return err
	}
	s.renderPage(c, http.StatusOK, "sources.html", pageData{Title: "Sources", Nav: "sources", Canonical: "/sources", Data: sources})
	return nil
}
