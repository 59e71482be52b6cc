// Package dashboard is the HTTP layer of the tracker: Gin routes, handlers,
// html/template pages, the JSON read API, downloads, and the static assets,
// all embedded in the binary. Handlers parse the request, ask the Store for
// domain values and hand them to chart builders, templates and exporters;
// they never touch the database directly.
package dashboard

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"forcedreturns/models"
)

// Store is what the dashboard reads. internal/store implements it.
type Store interface {
	Ping(ctx context.Context) error
	DataVersion(ctx context.Context) (string, error)
	ListFigures(ctx context.Context, f models.FigureFilter) ([]models.FigureView, int, error)
	EachFigure(ctx context.Context, f models.FigureFilter, fn func(*models.FigureView) error) error
	GetFigure(ctx context.Context, key string) (models.FigureView, error)
	Revisions(ctx context.Context, entityType, key string) ([]models.Revision, error)
	ListSources(ctx context.Context) ([]models.Source, error)
	GetSource(ctx context.Context, key string) (models.Source, error)
	ListMetrics(ctx context.Context) ([]models.Metric, error)
}

// Config holds the dashboard's settings.
type Config struct {
	TrustedProxies []string // proxies whose X-Forwarded-For is believed
	PublicURL      string   // base URL for embed snippets; empty derives it from the request
	Logger         *slog.Logger
}

// Server is the dashboard's HTTP handler with its dependencies.
type Server struct {
	cfg    Config
	store  Store
	log    *slog.Logger
	engine *gin.Engine
	pages  *pages
	assets *assets
	cache  *chartCache
	// responses holds rendered bodies by ETag.
	responses *responseCache
}

// New builds the handler. It fails if the templates or the asset manifest
// are broken, so a bad build never starts serving.
func New(cfg Config, st Store) (*Server, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	gin.SetMode(gin.ReleaseMode)
	s := &Server{cfg: cfg, store: st, log: cfg.Logger, cache: newChartCache(), responses: newResponseCache()}
	var err error
	if s.assets, err = loadAssets(); err != nil {
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
	e.Use(s.requestLog(), s.recovery(), securityHeaders())
	s.engine = e
	s.routes()
	return s, nil
}

// ServeHTTP serves a request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.engine.ServeHTTP(w, r) }

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
