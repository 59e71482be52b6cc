package httpx

import (
	"context"
	"net/url"

	"github.com/gin-gonic/gin"

	"forcedreturns/internal/checks"
	"forcedreturns/models"
)

// NameChecker refuses the metric slugs and source ids a request names
// that are not stored (store.CheckFilterNames, models.FilterNames).
type NameChecker interface {
	CheckFilterNames(ctx context.Context, what string, metrics, sources []string) error
}

// FigureFilter reads the figure filter of c's query, the one way every
// route that takes one reads it: refused (EInvalid, each problem under
// its parameter) when the query names a parameter that neither the
// filter nor more (the route's own: a chart's step, a page's view) take
// (models.KnownParams), when a value does not parse
// (models.ParseFigureFilter), or when it names a metric or source that
// is not stored.
func FigureFilter(c *gin.Context, names NameChecker, more ...[]string) (models.FigureFilter, error) {
	return FigureQuery(c.Request.Context(), c.Request.URL.Query(), names, more...)
}

// FigureQuery reads the figure filter of query q as FigureFilter reads a
// request's.
func FigureQuery(ctx context.Context, q url.Values, names NameChecker, more ...[]string) (models.FigureFilter, error) {
	if err := models.KnownParams("filter", q, append([][]string{models.FilterParams}, more...)...); err != nil {
		return models.FigureFilter{}, err
	}
	f, err := models.ParseFigureFilter(q)
	if err != nil {
		return f, err
	}
	return f, names.CheckFilterNames(ctx, "filter", f.Metrics, f.Sources)
}

// ChecksQuery reads the query of a page of check results (/checks, the
// API's) as FigureFilter reads a figure filter: unknown parameters,
// values that do not parse and metrics or sources that are not stored
// are refused.
func ChecksQuery(c *gin.Context, names NameChecker) (checks.Query, error) {
	return ChecksQueryOf(c.Request.Context(), c.Request.URL.Query(), names)
}

// ChecksQueryOf reads the checks query q as ChecksQuery reads a
// request's.
func ChecksQueryOf(ctx context.Context, q url.Values, names NameChecker) (checks.Query, error) {
	if err := models.KnownParams("query", q, checks.QueryParams); err != nil {
		return checks.Query{}, err
	}
	cq, err := checks.ParseQuery(q)
	if err != nil {
		return cq, err
	}
	return cq, names.CheckFilterNames(ctx, "query", cq.Metrics, cq.Sources)
}
