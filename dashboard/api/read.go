package api

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"forcedreturns/dashboard/httpx"
	"forcedreturns/internal/format"
	"forcedreturns/models"
)

// FigureList answers GET /figures: a page of figures matching the filter.
func (h *Handler) FigureList(c *gin.Context) error {
	ctx := c.Request.Context()
	f, err := httpx.FigureFilter(c, h.store)
	if err != nil {
		return err
	}
	if f.Audience, err = h.audience(c); err != nil {
		return err
	}
	if f.Limit == 0 {
		f.Limit = models.DefaultPageSize
	}
	if done, err := h.unchanged(c, "api-figures", c.Request.URL.RawQuery); err != nil || done {
		return err
	}
	page, err := h.store.FigurePage(ctx, f)
	if err != nil {
		return err
	}
	items := make([]format.FigureJSON, len(page.Items))
	for i := range page.Items {
		items[i] = format.NewFigureJSON(&page.Items[i], nil)
	}
	out := figurePage{list: list[format.FigureJSON]{Items: items, Total: page.Total, Limit: f.Limit, Offset: f.Offset}}
	if f.Cursor != nil {
		out.Offset = page.Offset()
	}
	link := func(c *models.Cursor) string {
		q := f.Values()
		q.Set("limit", strconv.Itoa(f.Limit))
		q.Set("cursor", c.Encode())
		return "/api/v1/figures?" + q.Encode()
	}
	if page.Next != nil {
		out.Next = link(page.Next)
	}
	if page.Prev != nil {
		out.Prev = link(page.Prev)
	}
	httpx.PageLinks(c, h.site.BaseURL(c), out.Next, out.Prev)
	return h.resp.JSON(c, http.StatusOK, out)
}

// FigureShow answers GET /figures/{id}: one figure with its history.
func (h *Handler) FigureShow(c *gin.Context) error {
	ctx := c.Request.Context()
	key := c.Param("key")
	if !models.ValidKey(key) {
		return models.Errorf(models.ENotFound, "There is no figure with id %q.", key)
	}
	aud, err := h.audience(c)
	if err != nil {
		return err
	}
	if done, err := h.unchanged(c, "api-figure", key); err != nil || done {
		return err
	}
	v, err := h.store.GetFigure(ctx, key, aud)
	if err != nil {
		return err
	}
	revs, err := h.store.Revisions(ctx, models.EntityFigure, key, aud)
	if err != nil {
		return err
	}
	if revs == nil {
		revs = []models.Revision{}
	}
	return h.resp.JSON(c, http.StatusOK, figureDetail{FigureJSON: format.NewFigureJSON(&v, nil), Revisions: revs})
}

// SourceList answers GET /sources: every source.
func (h *Handler) SourceList(c *gin.Context) error {
	ctx := c.Request.Context()
	if done, err := h.unchanged(c, "api-sources"); err != nil || done {
		return err
	}
	src, err := h.store.ListSources(ctx)
	if err != nil {
		return err
	}
	items := make([]sourceItem, len(src))
	for i := range src {
		items[i] = newSourceItem(&src[i])
	}
	return h.resp.JSON(c, http.StatusOK, list[sourceItem]{Items: items, Total: len(items)})
}

// SourceShow answers GET /sources/{id}: one source with its history.
func (h *Handler) SourceShow(c *gin.Context) error {
	ctx := c.Request.Context()
	key := c.Param("key")
	if !models.ValidKey(key) {
		return models.Errorf(models.ENotFound, "There is no source with id %q.", key)
	}
	if done, err := h.unchanged(c, "api-source", key); err != nil || done {
		return err
	}
	src, err := h.store.GetSource(ctx, key)
	if err != nil {
		return err
	}
	revs, err := h.store.Revisions(ctx, models.EntitySource, key, models.AudiencePublic)
	if err != nil {
		return err
	}
	if revs == nil {
		revs = []models.Revision{}
	}
	return h.resp.JSON(c, http.StatusOK, sourceDetail{sourceItem: newSourceItem(&src), Revisions: revs})
}

// MetricList answers GET /metrics: the vocabulary of metrics.
func (h *Handler) MetricList(c *gin.Context) error {
	ctx := c.Request.Context()
	if done, err := h.unchanged(c, "api-metrics"); err != nil || done {
		return err
	}
	ms, err := h.store.ListMetrics(ctx)
	if err != nil {
		return err
	}
	return h.resp.JSON(c, http.StatusOK, list[models.Metric]{Items: ms, Total: len(ms)})
}
