package dashboard

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"forcedreturns/dashboard/httpx"
)

// routes lists every route of the site in one place.
func (s *Server) routes() {
	e := s.engine
	e.NoRoute(s.handle(httpx.NotFound))
	e.NoMethod(s.handle(httpx.MethodNotAllowed))

	e.GET("/healthz", s.healthz)
	e.GET("/readyz", s.handle(s.readyz))
	e.GET("/static/*path", s.handle(s.assets.Serve))
	e.GET("/robots.txt", s.handle(s.robots))
	e.GET("/sitemap.xml", s.handle(s.sitemapIndex))
	e.GET("/sitemaps/:name", s.handle(s.sitemap))
	e.GET("/favicon.ico", func(c *gin.Context) { c.Redirect(http.StatusMovedPermanently, "/static/favicon.svg") })

	e.GET("/", s.handle(s.overview))
	e.GET("/figures", s.handle(s.figureList))
	s.openRead(e, "/figures.csv", s.figuresDownload("csv"))
	s.openRead(e, "/figures.json", s.figuresDownload("json"))
	e.GET("/figures/:key", s.handle(s.figureShow))
	e.GET("/sources", s.handle(s.sourceList))
	e.GET("/sources/:key", s.handle(s.sourceShow))
	e.GET("/metrics", s.handle(s.metricList))
	e.GET("/checks", s.handle(s.checksPage))
	e.GET("/about", s.handle(s.about))
	e.GET("/changes", s.handle(s.changesPage))
	e.GET("/feed.atom", s.handle(s.feed))
	e.GET("/embed/charts/:name", s.handle(s.embedChart))
	e.GET("/language/:lang", s.handle(s.chooseLanguage))

	// Signing in and out; the forms are protected against other sites by
	// the cross-origin protection in front of the engine (httpx/csrf.go).
	e.GET("/signin", s.handle(s.signinForm))
	e.POST("/signin", s.handle(s.signin))
	e.POST("/signout", s.handle(s.signout))

	// Editing: a signed-in, enabled editor; metrics: an admin.
	ed := e.Group("", s.requireEditor)
	ed.GET("/sources/new", s.handle(s.sourceNew))
	ed.POST("/sources/new", s.handle(s.sourceCreate))
	ed.GET("/sources/:key/edit", s.handle(s.sourceEdit))
	ed.POST("/sources/:key/edit", s.handle(s.sourceUpdate))
	ed.GET("/sources/:key/text", s.handle(s.sourceTextForm))
	ed.POST("/sources/:key/text", s.handle(s.sourceTextAttach))
	ed.GET("/sources/:key/intake", s.handle(s.intakeForm))
	ed.POST("/sources/:key/intake", s.handle(s.intakeReview))
	ed.GET("/figures/new", s.handle(s.figureNew))
	ed.POST("/figures/new", s.handle(s.figureCreate))
	ed.GET("/figures/:key/edit", s.handle(s.figureEdit))
	ed.POST("/figures/:key/edit", s.handle(s.figureUpdate))
	ed.POST("/figures/:key/retract", s.handle(s.figureRetract))
	ed.POST("/figures/:key/restore", s.handle(s.figureRestore))
	ed.GET("/metrics/new", s.requireAdmin, s.handle(s.metricNew))
	ed.POST("/metrics/new", s.requireAdmin, s.handle(s.metricCreate))
	ed.GET("/metrics/:slug/edit", s.requireAdmin, s.handle(s.metricEdit))
	ed.POST("/metrics/:slug/edit", s.requireAdmin, s.handle(s.metricUpdate))
	ed.GET("/account", s.handle(s.account))
	ed.POST("/account/tokens", s.handle(s.tokenCreate))
	ed.POST("/account/tokens/:prefix/revoke", s.handle(s.tokenRevoke))

	// The JSON API (dashboard/api): reading is public.
	v1 := e.Group("/api/v1")
	// Any origin may read it (httpx/cors.go).
	s.openRead(v1, "/figures", s.api.FigureList)
	s.openRead(v1, "/figures/:key", s.api.FigureShow)
	s.openRead(v1, "/sources", s.api.SourceList)
	s.openRead(v1, "/sources/:key", s.api.SourceShow)
	s.openRead(v1, "/metrics", s.api.MetricList)
	s.openRead(v1, "/checks", s.api.Checks)
	s.openRead(v1, "/charts/:name", s.api.Chart)
	s.openRead(v1, "/charts/:name/figures.csv", s.chartFiguresCSV)
	s.openRead(v1, "/openapi.json", s.api.OpenAPI)
	// The API's root answers with the same document: where a reader looks first.
	s.openRead(v1, "", s.api.OpenAPI)

	// Writes: a bearer token, or a session from the tracker's own pages.
	w := v1.Group("", s.requireAPIEditor)
	w.POST("/sources", s.handle(s.api.SourceCreate))
	w.PUT("/sources/:key", s.handle(s.api.SourceUpdate))
	w.POST("/figures", s.handle(s.api.FigureCreate))
	w.PUT("/figures/:key", s.handle(s.api.FigureUpdate))
	w.POST("/figures/:key/retract", s.handle(s.api.FigureRetract))
	w.POST("/figures/:key/restore", s.handle(s.api.FigureRestore))
}

// openRead mounts a public read that any origin may fetch: GET with
// "Access-Control-Allow-Origin: *" for anonymous readers, and its CORS
// preflight.
func (s *Server) openRead(r gin.IRoutes, path string, h httpx.Handler) {
	r.GET(path, s.resp.AllowAnyOrigin, s.handle(h))
	r.OPTIONS(path, httpx.Preflight)
}
