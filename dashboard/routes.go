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
	e.GET("/favicon.ico", func(c *gin.Context) { c.Redirect(http.StatusMovedPermanently, "/static/favicon.svg") })

	e.GET("/", s.handle(s.overview))
	e.GET("/figures", s.handle(s.figureList))
	e.GET("/figures.csv", s.handle(s.figuresDownload("csv")))
	e.GET("/figures.json", s.handle(s.figuresDownload("json")))
	e.GET("/figures/:key", s.handle(s.figureShow))
	e.GET("/sources", s.handle(s.sourceList))
	e.GET("/sources/:key", s.handle(s.sourceShow))
	e.GET("/metrics", s.handle(s.metricList))
	e.GET("/checks", s.handle(s.checksPage))
	e.GET("/about", s.handle(s.about))
	e.GET("/embed/charts/:name", s.handle(s.embedChart))

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
	ed.GET("/figures/new", s.handle(s.figureNew))
	ed.POST("/figures/new", s.handle(s.figureCreate))
	ed.GET("/figures/:key/edit", s.handle(s.figureEdit))
	ed.POST("/figures/:key/edit", s.handle(s.figureUpdate))
	ed.POST("/figures/:key/retract", s.handle(s.figureRetract))
	ed.POST("/figures/:key/restore", s.handle(s.figureRestore))
	ed.GET("/metrics/new", s.requireAdmin, s.handle(s.metricNew))
	ed.POST("/metrics/new", s.requireAdmin, s.handle(s.metricCreate))
	ed.GET("/account", s.handle(s.account))
	ed.POST("/account/tokens", s.handle(s.tokenCreate))
	ed.POST("/account/tokens/:prefix/revoke", s.handle(s.tokenRevoke))

	// The JSON API (dashboard/api): reading is public.
	v1 := e.Group("/api/v1")
	v1.GET("/figures", s.handle(s.api.FigureList))
	v1.GET("/figures/:key", s.handle(s.api.FigureShow))
	v1.GET("/sources", s.handle(s.api.SourceList))
	v1.GET("/sources/:key", s.handle(s.api.SourceShow))
	v1.GET("/metrics", s.handle(s.api.MetricList))
	v1.GET("/checks", s.handle(s.api.Checks))
	v1.GET("/charts/:name", s.handle(s.api.Chart))
	v1.GET("/openapi.json", s.handle(s.api.OpenAPI))

	// Writes: a bearer token, or a session from the tracker's own pages.
	w := v1.Group("", s.requireAPIEditor)
	w.POST("/sources", s.handle(s.api.SourceCreate))
	w.PUT("/sources/:key", s.handle(s.api.SourceUpdate))
	w.POST("/figures", s.handle(s.api.FigureCreate))
	w.PUT("/figures/:key", s.handle(s.api.FigureUpdate))
	w.POST("/figures/:key/retract", s.handle(s.api.FigureRetract))
	w.POST("/figures/:key/restore", s.handle(s.api.FigureRestore))
}
