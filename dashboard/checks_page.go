package dashboard

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"forcedreturns/internal/checks"
	"forcedreturns/models"
)

// checkView is a check result with the figures it involves, for links.
type checkView struct {
	checks.Result
	Views []models.FigureView
}

// checksData is what the checks page shows.
type checksData struct {
	Results []checkView
	Counts  map[string]int
	Rule    string
}

func (s *Server) checksPage(c *gin.Context) error {
	ctx := c.Request.Context()
	aud, err := s.audience(c)
	if err != nil {
		return err
	}
	if done, err := s.unchanged(c, "checks"); err != nil || done {
		return err
	}
	var views []models.FigureView
	if err := s.store.EachFigure(ctx, models.AllFigures(aud), func(v *models.FigureView) error { views = append(views, *v); return nil }); err != nil {
		return err
	}
	byKey := map[string]models.FigureView{}
	for _, v := range views {
		byKey[v.Figure.Key] = v
	}
	carried, err := s.carried(ctx)
	if err != nil {
		return err
	}
	results := runChecks(views, carried)
	d := checksData{Counts: map[string]int{}, Rule: checks.Rule}
	for st, n := range checks.Counts(results) {
		d.Counts[string(st)] = n
	}
	for _, r := range results {
		cv := checkView{Result: r}
		for _, k := range r.Figures {
			if v, ok := byKey[k]; ok {
				cv.Views = append(cv.Views, v)
			}
		}
		d.Results = append(d.Results, cv)
	}
	s.renderPage(c, http.StatusOK, "checks.html", pageData{Title: "Checks", Nav: "checks", Canonical: "/checks", Data: d,
		Description: "How the figures fit together: totals and their parts, cohorts, subgroups, shares, derived figures, agreement between sources, periods that end after their source was published."})
	return nil
}
