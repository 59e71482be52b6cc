package dashboard

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"forcedreturns/models"
)

// figureListData is what the figures page shows.
type figureListData struct {
	Figures    []models.FigureView
	Total      int
	Page       int
	Pages      int
	PrevLink   string
	NextLink   string
	CSVLink    string
	JSONLink   string
	APILink    string
	Selected   map[string]string
	Metrics    []models.Metric
	Sources    []models.Source
	Qualifiers []models.Qualifier
	Statuses   []models.Status
	Sorts      []sortOption
}

type sortOption struct{ Value, Label string }

var sortOptions = []sortOption{
	{"", "Period (oldest first)"}, {"-period", "Period (newest first)"},
	{"-value", "Value (largest first)"}, {"value", "Value (smallest first)"},
	{"metric", "Metric"}, {"source", "Source"}, {"-updated", "Recently changed"}, {"id", "Figure id"},
}

func (s *Server) figureList(c *gin.Context) error {
	ctx := c.Request.Context()
	q := c.Request.URL.Query()
	f, err := models.ParseFigureFilter(q)
	if err != nil {
		return err
	}
	if f.Audience, err = s.audience(c); err != nil {
		return err
	}
	if f.Limit == 0 {
		f.Limit = models.DefaultPageSize
	}
	if done, err := s.unchanged(c, "figures", c.Request.URL.RawQuery); err != nil || done {
		return err
	}
	views, total, err := s.store.ListFigures(ctx, f)
	if err != nil {
		return err
	}
	metrics, err := s.store.ListMetrics(ctx)
	if err != nil {
		return err
	}
	sources, err := s.store.ListSources(ctx)
	if err != nil {
		return err
	}
	d := figureListData{Figures: views, Total: total, Metrics: metrics, Sources: sources,
		Qualifiers: models.Qualifiers, Statuses: f.Audience.Statuses(), Sorts: sortOptions, Selected: map[string]string{}}
	for _, p := range []string{"metric", "source", "from", "to", "acting", "receiving", "qualifier", "status", "sort"} {
		d.Selected[p] = q.Get(p)
	}
	d.Page = f.Offset/f.Limit + 1
	d.Pages = (total + f.Limit - 1) / f.Limit
	if d.Pages == 0 {
		d.Pages = 1
	}
	filterQuery := f.Values()
	pageLink := func(page int) string {
		v := url.Values{}
		for k, vs := range filterQuery {
			v[k] = vs
		}
		if f.Limit != models.DefaultPageSize {
			v.Set("limit", strconv.Itoa(f.Limit))
		}
		if page > 1 {
			v.Set("page", strconv.Itoa(page))
		}
		return "/figures" + encodeQuery(v)
	}
	if d.Page > 1 {
		d.PrevLink = pageLink(d.Page - 1)
	}
	if d.Page < d.Pages {
		d.NextLink = pageLink(d.Page + 1)
	}
	d.CSVLink = "/figures.csv" + encodeQuery(filterQuery)
	d.JSONLink = "/figures.json" + encodeQuery(filterQuery)
	d.APILink = "/api/v1/figures" + encodeQuery(filterQuery)
	s.renderPage(c, http.StatusOK, "figures.html", pageData{Title: "Figures", Nav: "figures", Canonical: pageLink(d.Page), Data: d,
		Description: "Every sourced figure, filterable, with downloads."})
	return nil
}

func encodeQuery(v url.Values) string {
	if len(v) == 0 {
		return ""
	}
	return "?" + v.Encode()
}
