package dashboard

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"forcedreturns/internal/checks"
	"forcedreturns/models"
)

// qualifierDoc is one qualifier explained.
type qualifierDoc struct{ Name, Description string }

// aboutData is what the method page shows.
type aboutData struct {
	Qualifiers []qualifierDoc
	Rule       string
}

func (s *Server) about(c *gin.Context) error {
	d := aboutData{Rule: checks.Rule}
	for _, q := range models.Qualifiers {
		d.Qualifiers = append(d.Qualifiers, qualifierDoc{string(q), q.Describe()})
	}
	if s.notModified(c, "about", checks.Rule) {
		return nil
	}
	s.renderPage(c, http.StatusOK, "about.html", pageData{Title: "About the figures", Nav: "about", Canonical: "/about", Data: d,
		Description: "How the tracker reads, counts and cites figures."})
	return nil
}
