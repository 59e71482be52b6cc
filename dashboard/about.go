package dashboard

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"forcedreturns/dashboard/httpx"
	"forcedreturns/internal/checks"
	"forcedreturns/internal/i18n"
	"forcedreturns/models"
)

// qualifierDoc is one qualifier explained.
type qualifierDoc struct{ Name, Description string }

// aboutData is what the method page shows.
type aboutData struct {
	Qualifiers []qualifierDoc
	Rule       string
	// Carried shows how a source carrying another's report is credited,
	// written in the page's language by the function every caption uses
	// (models.CarriageIn).
	Carried string
}

// carriedExample is the about page's example of a carried source, in
// language l.
func carriedExample(l models.Lang) string {
	original := models.Source{Key: "monitor", Publisher: "Monitor Group", PublishedOn: models.NewDate(2021, 3, 3)}
	return models.CarriageIn(l, models.Source{Publisher: "Outlet", Original: original.Key}, original, nil)
}

func (s *Server) about(c *gin.Context) error {
	l := httpx.Lang(c)
	d := aboutData{Rule: checks.Rule, Carried: carriedExample(l)}
	if l != models.English {
		// The catalogue's about.rule is checks.Rule in each language
		// (its English is checks.Rule itself: i18n_test.go).
		d.Rule = i18n.T(l, "about.rule")
	}
	for _, q := range models.Qualifiers {
		d.Qualifiers = append(d.Qualifiers, qualifierDoc{string(q), q.DescribeIn(l)})
	}
	if s.notModified(c, "about", checks.Rule) {
		return nil
	}
	s.renderPage(c, http.StatusOK, "about.html", pageData{Title: i18n.T(l, "about.title"), Nav: "about", Canonical: "/about", Data: d,
		Description: i18n.T(l, "about.summary")})
	return nil
}
