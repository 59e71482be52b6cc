package dashboard

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"forcedreturns/dashboard/httpx"
	"forcedreturns/internal/i18n"
	"forcedreturns/models"
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
	byKey := make(map[string]models.Source, len(sources))
	for _, src := range sources {
		byKey[src.Key] = src
	}
	l := httpx.Lang(c)
	items := make([]sourceListItem, len(sources))
	for i, src := range sources {
		items[i] = sourceListItem{Source: src, Publisher: models.CarriageIn(l, src, byKey[src.Original], nil)}
	}
	s.renderPage(c, http.StatusOK, "sources.html", pageData{Title: i18n.T(l, "nav.sources"), Nav: "sources", Canonical: "/sources", Data: items})
	return nil
}

// sourceListItem is a source on the list, with who published it: its
// publisher, or for a source carrying another's report, the original's
// publisher and date first ("Monitor Group (3 Mar 2021), as carried by
// Outlet").
type sourceListItem struct {
	Source    models.Source
	Publisher string
}
