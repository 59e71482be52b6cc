package dashboard

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"forcedreturns/internal/format"
	"forcedreturns/models"
)

// apiList is the envelope of every API list: the items, the total matching
// the filter, and the paging that produced them.
type apiList[T any] struct {
	Items  []T `json:"items"`
	Total  int `json:"total"`
	Limit  int `json:"limit,omitempty"`
	Offset int `json:"offset"`
}

func (s *Server) apiFigureList(c *gin.Context) error {
	ctx := c.Request.Context()
	f, err := models.ParseFigureFilter(c.Request.URL.Query())
	if err != nil {
		return err
	}
	if f.Audience, err = s.audience(c); err != nil {
		return err
	}
	if f.Limit == 0 {
		f.Limit = models.DefaultPageSize
	}
	if done, err := s.unchanged(c, "api-figures", c.Request.URL.RawQuery); err != nil || done {
		return err
	}
	views, total, err := s.store.ListFigures(ctx, f)
	if err != nil {
		return err
	}
	items := make([]format.FigureJSON, len(views))
	for i := range views {
		items[i] = format.NewFigureJSON(&views[i], nil)
	}
	return s.respondJSON(c, http.StatusOK, apiList[format.FigureJSON]{Items: items, Total: total, Limit: f.Limit, Offset: f.Offset})
}

// apiFigure is one figure with its history.
type apiFigure struct {
	format.FigureJSON
	Revisions []models.Revision `json:"revisions"`
}

func (s *Server) apiFigureShow(c *gin.Context) error {
	ctx := c.Request.Context()
	key := c.Param("key")
	if !models.ValidKey(key) {
		return models.Errorf(models.ENotFound, "There is no figure with id %q.", key)
	}
	aud, err := s.audience(c)
	if err != nil {
		return err
	}
	if done, err := s.unchanged(c, "api-figure", key); err != nil || done {
		return err
	}
	v, err := s.store.GetFigure(ctx, key, aud)
	if err != nil {
		return err
	}
	revs, err := s.store.Revisions(ctx, models.EntityFigure, key, aud)
	if err != nil {
		return err
	}
	if revs == nil {
		revs = []models.Revision{}
	}
	return s.respondJSON(c, http.StatusOK, apiFigure{FigureJSON: format.NewFigureJSON(&v, nil), Revisions: revs})
}

func (s *Server) apiSourceList(c *gin.Context) error {
	ctx := c.Request.Context()
	if done, err := s.unchanged(c, "api-sources"); err != nil || done {
		return err
	}
	src, err := s.store.ListSources(ctx)
	if err != nil {
		return err
	}
	items := make([]apiSourceItem, len(src))
	for i := range src {
		items[i] = newAPISourceItem(&src[i])
	}
	return s.respondJSON(c, http.StatusOK, apiList[apiSourceItem]{Items: items, Total: len(items)})
}

// apiSourceItem is a source as the API shows it: the export's fields and
// the version an update must name.
type apiSourceItem struct {
	format.SourceJSON
	Version int `json:"version"`
}

func newAPISourceItem(s *models.Source) apiSourceItem {
	return apiSourceItem{SourceJSON: format.NewSourceJSON(s), Version: s.Version}
}

// apiSource is one source with its history.
type apiSource struct {
	apiSourceItem
	Revisions []models.Revision `json:"revisions"`
}

func (s *Server) apiSourceShow(c *gin.Context) error {
	ctx := c.Request.Context()
	key := c.Param("key")
	if !models.ValidKey(key) {
		return models.Errorf(models.ENotFound, "There is no source with id %q.", key)
	}
	if done, err := s.unchanged(c, "api-source", key); err != nil || done {
		return err
	}
	src, err := s.store.GetSource(ctx, key)
	if err != nil {
		return err
	}
	revs, err := s.store.Revisions(ctx, models.EntitySource, key, models.AudiencePublic)
	if err != nil {
		return err
	}
	if revs == nil {
		revs = []models.Revision{}
	}
	return s.respondJSON(c, http.StatusOK, apiSource{apiSourceItem: newAPISourceItem(&src), Revisions: revs})
}

func (s *Server) apiMetricList(c *gin.Context) error {
	ctx := c.Request.Context()
	if done, err := s.unchanged(c, "api-metrics"); err != nil || done {
		return err
	}
	ms, err := s.store.ListMetrics(ctx)
	if err != nil {
		return err
	}
	return s.respondJSON(c, http.StatusOK, apiList[models.Metric]{Items: ms, Total: len(ms)})
}
