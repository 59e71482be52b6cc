// Package api is the tracker's JSON API under /api/v1: reads of figures,
// sources, metrics, checks and charts, editors' writes, and the OpenAPI
// document that describes them (openapi.json). Its routes are listed with
// every other in dashboard/routes.go, behind the dashboard's
// authentication; responses, errors and caching go through
// httpx.Responder, so an API error is the same JSON body as anywhere.
package api

import (
	"context"
	"encoding/json"

	"github.com/gin-gonic/gin"

	"forcedreturns/dashboard/charts"
	"forcedreturns/dashboard/edit"
	"forcedreturns/dashboard/httpx"
	"forcedreturns/internal/checks"
	"forcedreturns/models"
)

// Store is what the API reads and writes. internal/store implements it.
type Store interface {
	edit.Store
	DataVersion(ctx context.Context) (string, error)
	FigurePage(ctx context.Context, f models.FigureFilter) (models.FigurePage, error)
	EachFigure(ctx context.Context, f models.FigureFilter, fn func(*models.FigureView) error) error
	Revisions(ctx context.Context, entityType, key string, aud models.Audience) ([]models.Revision, error)
	ListSources(ctx context.Context) ([]models.Source, error)
	ListMetrics(ctx context.Context) ([]models.Metric, error)
	// CheckFilterNames refuses (EInvalid) the metric slugs and source ids
	// of a filter that are not stored (models.FilterNames), by index.
	CheckFilterNames(ctx context.Context, what string, metrics, sources []string) error
	CreateSource(ctx context.Context, src *models.Source, c models.Change) error
	UpdateSource(ctx context.Context, src *models.Source, c models.Change) error
	RetractFigure(ctx context.Context, key string, version int, reason string, c models.Change) error
	RestoreFigure(ctx context.Context, key string, version int, c models.Change) error
}

// Deps are what the API takes from the dashboard it is mounted in.
type Deps struct {
	Store     Store
	Responder *httpx.Responder
	Site      *httpx.Site
	// Audience says who a read is for, from the request's session or
	// token; an error (a revoked token) is the response.
	Audience func(*gin.Context) (models.Audience, error)
	// Chart returns the option document of the overview chart name for a
	// filter, written in language l, and the data version it was built
	// from (the dashboard's chart cache, which the overview page shares).
	Chart func(ctx context.Context, l models.Lang, f models.FigureFilter, step charts.Step, baseURL, name string) (options json.RawMessage, version string, err error)
	// Checks returns the summary of every check the audience may see and
	// the page of results q selects (the dashboard's, which the /checks
	// page shares: computed once per data version).
	Checks func(ctx context.Context, aud models.Audience, q checks.Query) (checks.Page, error)
	// RefreshChecks brings the audience's stored checks up to date,
	// waiting a bounded time: computing means it has not ended (then the
	// answer has no ETag, which would keep it once it has).
	RefreshChecks func(ctx context.Context, aud models.Audience) (computing bool, err error)
}

// Handler serves the API; its methods are the routes' handlers.
type Handler struct {
	store    Store
	resp     *httpx.Responder
	site     *httpx.Site
	audience func(*gin.Context) (models.Audience, error)
	chart    func(ctx context.Context, l models.Lang, f models.FigureFilter, step charts.Step, baseURL, name string) (json.RawMessage, string, error)
	checks   func(ctx context.Context, aud models.Audience, q checks.Query) (checks.Page, error)
	refresh  func(ctx context.Context, aud models.Audience) (bool, error)
}

// New returns the API's handler over d.
func New(d Deps) *Handler {
	return &Handler{store: d.Store, resp: d.Responder, site: d.Site, audience: d.Audience, chart: d.Chart, checks: d.Checks, refresh: d.RefreshChecks}
}

// unchanged reads the data version and asks the Responder whether the
// client (or the response cache) already has this response: true means
// it was written and the handler has nothing left to do.
func (h *Handler) unchanged(c *gin.Context, parts ...string) (bool, error) {
	version, err := h.store.DataVersion(c.Request.Context())
	if err != nil {
		return false, err
	}
	return h.resp.NotModified(c, append([]string{version}, parts...)...), nil
}
