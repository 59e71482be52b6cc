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
	// Carried shows how a source carrying another's report is credited,
	// written by the function every caption uses (models.Carriage).
	Carried string
}

// carriedExample is the about page's example of a carried source.
func carriedExample() string {
	original := models.Source{Key: "monitor", Publisher: "Monitor Group", PublishedOn: models.NewDate(2021, 3, 3)}
	return models.Carriage(models.Source{Publisher: "Outlet", Original: original.Key}, original, nil)
}

func (s *Server) about(c *gin.Context) error {
	d := aboutData{Rule: checks.Rule, Carried: carriedExample()}
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
