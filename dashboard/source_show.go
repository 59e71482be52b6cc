package dashboard

import (
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"forcedreturns/dashboard/charts"
	"forcedreturns/dashboard/httpx"
	"forcedreturns/models"
)

// sourceShowData is what a source's page shows.
type sourceShowData struct {
	Source models.Source
	// Original is the source it carries (Source.Original), nil for none;
	// CarriedBy the sources that carry it.
	Original  *models.Source
	CarriedBy []models.Source
	Citation  string
	Figures   []models.FigureView
	More      *moreFigures // the source has more figures than are listed
	Chart     *chartView
	Revisions []revisionView
}

// sourceFiguresMax is how many figures a source's page lists and draws
// at most: a source reporting more is listed in part, with links to the
// list of all of them and to the overview of them (which summarises).
const sourceFiguresMax = 200

// moreFigures links a page that lists some of a source's figures to all.
type moreFigures struct {
	Shown          int
	List, Overview string
}

func (s *Server) sourceShow(c *gin.Context) error {
	ctx := c.Request.Context()
	key := c.Param("key")
	if !models.ValidKey(key) {
		return models.Errorf(models.ENotFound, "There is no source with id %q.", key)
	}
	aud, err := s.audience(c)
	if err != nil {
		return err
	}
	if done, err := s.unchanged(c, "source", key); err != nil || done {
		return err
	}
	src, err := s.store.GetSource(ctx, key)
	if err != nil {
		return err
	}
	l := httpx.Lang(c)
	d := sourceShowData{Source: src}
	var original models.Source
	if src.Original != "" {
		if original, err = s.store.GetSource(ctx, src.Original); err != nil {
			return err
		}
		d.Original = &original
	}
	d.Citation = src.CitationIn(l, original)
	if d.CarriedBy, err = s.store.SourcesCarrying(ctx, key); err != nil {
		return err
	}
	f := models.FigureFilter{Sources: []string{key}, Audience: aud, Limit: sourceFiguresMax + 1}
	err = s.store.EachFigure(ctx, f, func(v *models.FigureView) error { d.Figures = append(d.Figures, *v); return nil })
	if err != nil {
		return err
	}
	if len(d.Figures) > sourceFiguresMax {
		// Too many to list or draw each: the first are listed, and the
		// list and the overview (which summarises) take the rest.
		d.Figures = d.Figures[:sourceFiguresMax]
		q := url.Values{"source": {key}}.Encode()
		d.More = &moreFigures{Shown: sourceFiguresMax, List: "/figures?" + q, Overview: "/?" + q}
	} else if ch := charts.SourceFiguresIn(l, src, d.Figures); !ch.Empty() {
		cv, err := newChartView(l, ch, s.site.BaseURL(c), url.Values{"source": {key}})

		if err != nil {
			return err
		}
		cv.Permalink = httpx.LangPath(l, "/sources/"+key) + "#chart-source"
		cv.EmbedSnippet = ""
		cv.Embedded = true // a source chart has no embed of its own
		d.Chart = &cv
	}
	revs, err := s.store.Revisions(ctx, models.EntitySource, key, aud)
	if err != nil {
		return err
	}
	d.Revisions = revisionViews(revs)
	s.renderPage(c, http.StatusOK, "source.html", pageData{Title: src.TitleIn(httpx.Lang(c)).Text, Nav: "sources", Canonical: "/sources/" + key, Charts: d.Chart != nil, Data: d})
	return nil
}
