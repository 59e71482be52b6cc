// Package dashboard is the HTTP layer of the tracker: Gin routes (all in
// routes.go), handlers, html/template pages and forms, sign-in and
// downloads, with the templates and static assets embedded in the
// binary. Handlers parse the request, ask the Store for domain values and
// hand them to chart builders, templates and exporters; they never touch
// the database directly. The HTTP plumbing they answer through (responses,
// errors, caching, security headers, assets) is in dashboard/httpx, the
// JSON API in dashboard/api, and what every edit goes through, from a form
// or the API, in dashboard/edit.
package dashboard

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"forcedreturns/dashboard/api"
	"forcedreturns/dashboard/httpx"
	"forcedreturns/internal/auth"
	"forcedreturns/internal/checks"
	"forcedreturns/internal/export"
	"forcedreturns/internal/pace"
	"forcedreturns/models"
)

// Store is what the dashboard reads and writes. internal/store implements it.
type Store interface {
	Ping(ctx context.Context) error
	// Requests counts the requests being served, which the store's
	// background computations give way to (package pace).
	Requests() *pace.Gate
	DataVersion(ctx context.Context) (string, error)
	// DataVersionFor also follows drafts for editors: the key of what is
	// computed for them (checks), never an ETag.
	DataVersionFor(ctx context.Context, aud models.Audience) (string, error)
	// FigurePage is a page of a list with the cursors around it.
	FigurePage(ctx context.Context, f models.FigureFilter) (models.FigurePage, error)
	// FigureStamps reads the keys and last changes of a sitemap's figures.
	FigureStamps(ctx context.Context, f models.FigureFilter) ([]models.Figure, error)
	// FiguresByKey reads the figures a page of check results names.
	FiguresByKey(ctx context.Context, keys []string, aud models.Audience) ([]models.FigureView, error)
	EachFigure(ctx context.Context, f models.FigureFilter, fn func(*models.FigureView) error) error
	// RefreshChecks brings the stored checks of the audience up to date
	// (computing again the units writes touched), CheckPage reads a
	// summary and a page of them; FiguresNaming and ChecksInvolving
	// serve a figure page's checks, EachFigureOfPeople a proposal's
	// closest figures.
	RefreshChecks(ctx context.Context, aud models.Audience, o checks.Options) error
	CheckStatus(ctx context.Context, aud models.Audience, o checks.Options) (checks.Freshness, error)
	CheckPage(ctx context.Context, aud models.Audience, q checks.Query) (checks.Page, error)
	FiguresNaming(ctx context.Context, key string, aud models.Audience) ([]models.Figure, error)
	ChecksInvolving(ctx context.Context, aud models.Audience, o checks.Options, f models.Figure, naming []models.Figure) (checks.Involving, error)
	EachFigureOfPeople(ctx context.Context, aud models.Audience, p checks.Subject, metrics []string, fn func(*models.Figure) error) error
	// A download's rows with their countable columns (export.Figures):
	// read with the stored answer when it holds, else worked out by the
	// narrow reads of export.Count and stored.
	export.Source
	FigureViews(ctx context.Context, f models.FigureFilter) ([]models.FigureView, error)
	ChartSummary(ctx context.Context, f models.FigureFilter, atMost int64, byYear func(first, last string) bool) (models.ChartSummary, error)
	LatestFigures(ctx context.Context, f models.FigureFilter, cells []models.MonthSummary) ([]models.FigureView, error)
	// Reads of figures and their history say who they are for: the
	// public never sees drafts (models.Audience).
	GetFigure(ctx context.Context, key string, aud models.Audience) (models.FigureView, error)
	Revisions(ctx context.Context, entityType, key string, aud models.Audience) ([]models.Revision, error)
	// RecentFigureRevisions is the public's latest figure changes, newest
	// first (the feed and the recent changes page).
	RecentFigureRevisions(ctx context.Context, limit int) ([]models.Revision, error)
	ListSources(ctx context.Context) ([]models.Source, error)
	GetSource(ctx context.Context, key string) (models.Source, error)
	// GetSources reads the sources an export's sources carry
	// (export.Meta.Originals); SourcesCarrying the sources that carry
	// one, for its page.
	GetSources(ctx context.Context, keys []string) ([]models.Source, error)
	SourcesCarrying(ctx context.Context, key string) ([]models.Source, error)
	ListMetrics(ctx context.Context) ([]models.Metric, error)
	// FacetValues suggests the values of the list's free-text filters.
	FacetValues(ctx context.Context) (models.FacetValues, error)
	// CheckFilterNames refuses (EInvalid) the metric slugs and source ids
	// of a filter that are not stored (models.FilterNames), by index.
	CheckFilterNames(ctx context.Context, what string, metrics, sources []string) error

	// Writes. Each validates, checks references and the optimistic
	// Version (EConflict when stale), and records a revision with the
	// change's editor and reason.
	CreateSource(ctx context.Context, src *models.Source, c models.Change) error
	UpdateSource(ctx context.Context, src *models.Source, c models.Change) error
	CreateFigure(ctx context.Context, f *models.Figure, c models.Change) error
	UpdateFigure(ctx context.Context, f *models.Figure, c models.Change) error
	RetractFigure(ctx context.Context, key string, version int, reason string, c models.Change) error
	RestoreFigure(ctx context.Context, key string, version int, c models.Change) error
	CreateMetric(ctx context.Context, m *models.Metric, c models.Change) error
	GetMetric(ctx context.Context, slug string) (models.Metric, error)
	UpdateMetric(ctx context.Context, m *models.Metric, c models.Change) error
	GetSourceText(ctx context.Context, sourceKey string) (text, sha string, err error)
	AttachSourceText(ctx context.Context, sourceKey, text, sha256 string, quotes map[string][2]int, c models.Change) error
	// SourceFigures, IntakeRejections and SaveIntakeReview serve a
	// source's intake review page.
	SourceFigures(ctx context.Context, key string) ([]models.Figure, error)
	IntakeRejections(ctx context.Context, source, textSHA256 string) (map[string]bool, error)
	SaveIntakeReview(ctx context.Context, source, textSHA256 string, figures []models.Figure, rejected []string, c models.Change) (models.BatchResult, error)

	// Editors, sessions, API tokens and failed sign-ins (for auth).
	auth.EditorStore
	auth.AttemptStore
	CreateSession(ctx context.Context, sessionIDHash string, editorID int64, expires time.Time, userAgent string) error
	GetSession(ctx context.Context, sessionIDHash string, now time.Time) (models.Editor, error)
	DeleteSession(ctx context.Context, sessionIDHash string) error
	GetEditorByTokenHash(ctx context.Context, hash string) (models.Editor, error)
	CreateToken(ctx context.Context, editorID int64, name, prefix, hash string) (models.APIToken, error)
	ListTokens(ctx context.Context, editorID int64) ([]models.APIToken, error)
	RevokeToken(ctx context.Context, editorID int64, prefix string) error
}

// Config holds the dashboard's settings.
type Config struct {
	TrustedProxies []string // proxies whose X-Forwarded-For is believed
	PublicURL      string   // base URL for embed snippets; empty derives it from the request
	Logger         *slog.Logger
	// SessionTTL is how long a sign-in lasts; DefaultSessionTTL if zero.
	SessionTTL time.Duration
	// ChecksWait is how long a request waits for the checks being
	// computed before answering from the last computation completed,
	// saying so (checks.go); DefaultChecksWait if zero, no wait if
	// negative.
	ChecksWait time.Duration
}

// Server is the dashboard's HTTP handler with its dependencies.
type Server struct {
	cfg    Config
	store  Store
	log    *slog.Logger
	engine *gin.Engine
	pages  map[models.Lang]*httpx.Templates // one set per language
	assets *httpx.Assets
	cache  *chartCache
	// chartWork runs the chart sets once per data version, shared by the
	// requests that need them, one at a time.
	chartWork *sharedWork
	// checks keeps the data version the stored checks are up to, and
	// checkRuns computes them in the background (checks.go), for at most
	// checksWait of a request.
	checks    *checksFresh
	checkRuns *checkRuns
	// counts stores the downloads' countable columns and shares a count
	// of every figure among the requests that need one (figures_download.go).
	counts     *export.Keeper
	checksWait time.Duration
	// resp writes responses and errors, and keeps rendered bodies by ETag.
	resp *httpx.Responder
	// handler is the engine behind the cross-origin protection.
	handler http.Handler
	// limiter limits failed sign-ins per account and client address.
	limiter *auth.Limiter
	// site is how browsers reach us: https or not, and the base URL.
	site *httpx.Site
	// api answers /api/v1 (routes.go mounts its handlers).
	api *api.Handler
}

// New builds the handler. It fails if the templates or the asset manifest
// are broken, so a bad build never starts serving.
func New(cfg Config, st Store) (*Server, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.SessionTTL <= 0 {
		cfg.SessionTTL = DefaultSessionTTL
	}
	if cfg.ChecksWait == 0 {
		cfg.ChecksWait = DefaultChecksWait
	}
	gin.SetMode(gin.ReleaseMode)
	s := &Server{cfg: cfg, store: st, log: cfg.Logger, cache: newChartCache(), chartWork: newSharedWork(), checks: &checksFresh{},
		checkRuns: newCheckRuns(), checksWait: cfg.ChecksWait, limiter: auth.NewLimiter(st)}
	s.counts = &export.Keeper{Run: s.keepCounts}
	var err error
	if s.site, err = httpx.NewSite(cfg.PublicURL, cfg.TrustedProxies); err != nil {
		return nil, err
	}
	s.resp = httpx.NewResponder(s.log, s.site, s.personal, s.errorPage)
	s.api = api.New(api.Deps{Store: st, Responder: s.resp, Site: s.site, Audience: s.audience, Chart: s.chartJSON, Checks: s.checkPage,
		RefreshChecks: s.refreshChecks})
	staticFS, err := fs.Sub(static, "static")
	if err != nil {
		return nil, err
	}
	if s.assets, err = httpx.LoadAssets(staticFS); err != nil {
		return nil, err
	}
	if s.pages, err = loadPages(s.assets); err != nil {
		return nil, err
	}
	e := gin.New()
	if err := e.SetTrustedProxies(cfg.TrustedProxies); err != nil {
		return nil, fmt.Errorf("trusted proxies: %w", err)
	}
	e.RemoteIPHeaders = []string{"X-Forwarded-For", "X-Real-IP"}
	e.HandleMethodNotAllowed = true
	e.RedirectTrailingSlash = true
	e.Use(s.served, httpx.RequestLog(s.log), s.resp.Recovery(), httpx.SecurityHeaders(s.site), s.resp.RefuseCrossOrigin)
	s.engine = e
	s.routes()
	if s.handler, err = s.site.CrossOriginProtection(e); err != nil {
		return nil, err
	}
	return s, nil
}

// served counts the request as served while it runs: the store's
// background computations give way to it (package pace).
func (s *Server) served(c *gin.Context) {
	ctx, done := s.store.Requests().Serve(c.Request.Context())
	defer done()
	c.Request = c.Request.WithContext(ctx)
	c.Next()
}

// ServeHTTP serves a request. Every state-changing request passes
// http.CrossOriginProtection first (see httpx/csrf.go).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodHead {
		// HEAD is GET without the body, which net/http drops by itself;
		// monitors and link checkers use it.
		r = r.Clone(r.Context())
		r.Method = http.MethodGet
	}
	// /ko/about is /about in Korean (httpx.Lang).
	if target, ok := httpx.LangSlashTarget(r); ok {
		http.Redirect(w, r, target, http.StatusMovedPermanently)
		return
	}
	s.handler.ServeHTTP(w, httpx.WithLangPrefix(r))
}

// Serve runs an http.Server with timeouts on ln until ctx ends, then shuts
// down gracefully: in-flight requests get shutdownTimeout to finish.
func Serve(ctx context.Context, ln net.Listener, h http.Handler, shutdownTimeout time.Duration, log *slog.Logger) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      5 * time.Minute, // large exports stream for a while
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down", "grace", shutdownTimeout)
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
