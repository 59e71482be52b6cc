package dashboard

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// routes lists every route of the site in one place.
func (s *Server) routes() {
	e := s.engine
	e.NoRoute(s.handle(s.notFound))
	e.NoMethod(s.handle(s.methodNotAllowed))

	e.GET("/healthz", s.healthz)
	e.GET("/readyz", s.handle(s.readyz))
	e.GET("/static/*path", s.serveAsset)
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

	api := e.Group("/api/v1")
	api.GET("/figures", s.handle(s.apiFigureList))
	api.GET("/figures/:key", s.handle(s.apiFigureShow))
	api.GET("/sources", s.handle(s.apiSourceList))
	api.GET("/sources/:key", s.handle(s.apiSourceShow))
	api.GET("/metrics", s.handle(s.apiMetricList))
	api.GET("/checks", s.handle(s.apiChecks))
	api.GET("/charts/:name", s.handle(s.apiChart))
}
