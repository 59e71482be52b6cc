package dashboard

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"forcedreturns/dashboard/httpx"
	"forcedreturns/internal/i18n"
	"forcedreturns/models"
)

// figureListData is what the figures page shows.
type figureListData struct {
	Figures []models.FigureView
	Total   int
	// Filter is the filters in words (filterWords), "" for none: the
	// lead says the list is filtered, and by what.
	Filter string
	Page   int // 0: not known (a cursor without a page number)
	Pages  int
	// The pager's links; empty where there is nowhere to go. Previous,
	// next and last are cursors (keyset pages, as fast deep as shallow).
	FirstLink string
	PrevLink  string
	NextLink  string
	LastLink  string
	CSVLink   string
	JSONLink  string
	APILink   string
	Selected  map[string]string
	Metrics   []models.Metric
	// Suggest holds the stored values of the free-text filters, offered
	// as the inputs' suggestions (a datalist each).
	Suggest    models.FacetValues
	Sources    []models.Source
	Qualifiers []models.Qualifier
	Statuses   []models.Status
	Kinds      []models.QuantityKind
	Sorts      []sortOption
}

// sortOption is a choice of the sort menu: its value in the address and
// its label.
type sortOption struct{ Value, Label string }

// sortOptionsIn is the sort menu in language l.
func sortOptionsIn(l models.Lang) []sortOption {
	return []sortOption{
		{"", i18n.T(l, "figures.sort_period")}, {"-period", i18n.T(l, "figures.sort_period_desc")},
		{"-value", i18n.T(l, "figures.sort_value_desc")}, {"value", i18n.T(l, "figures.sort_value")},
		{"metric", i18n.T(l, "figures.sort_metric")}, {"source", i18n.T(l, "figures.sort_source")},
		{"-updated", i18n.T(l, "figures.sort_updated")}, {"id", i18n.T(l, "figures.sort_id")},
	}
}

func (s *Server) figureList(c *gin.Context) error {
	ctx := c.Request.Context()
	q := c.Request.URL.Query()
	f, err := httpx.FigureFilter(c, s.store)
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
	page, err := s.store.FigurePage(ctx, f)
	if err != nil {
		return err
	}
	filterQuery := f.Values()
	pageLink := func(c *models.Cursor) string {
		return "/figures" + encodeQuery(pageQuery(filterQuery, f.Limit, c))
	}
	if f.Cursor == nil && f.Offset > 0 && len(page.Items) == 0 {
		last := page.LastPage(f.Sort)
		return httpx.PastEnd(f.Offset/f.Limit+1, page.Pages, pageLink(&last))
	}
	metrics, err := s.store.ListMetrics(ctx)
	if err != nil {
		return err
	}
	sources, err := s.store.ListSources(ctx)
	if err != nil {
		return err
	}
	suggest, err := s.store.FacetValues(ctx)
	if err != nil {
		return err
	}
	// A state none is stated for is "none" in the filter (models.FigureFilter).
	for _, states := range [][]string{suggest.ActingStates, suggest.ReceivingStates} {
		for i, v := range states {
			if v == "" {
				states[i] = "none"
			}
		}
	}
	d := figureListData{Suggest: suggest, Figures: page.Items, Total: page.Total, Page: page.Page, Pages: page.Pages, Metrics: metrics, Sources: sources,
		Qualifiers: models.Qualifiers, Statuses: f.Audience.Statuses(), Kinds: models.QuantityKinds, Sorts: sortOptionsIn(httpx.Lang(c)), Selected: map[string]string{}}
	for _, p := range []string{"metric", "source", "from", "to", "acting", "receiving", "qualifier", "status", "population", "unit", "kind", "starts", "summarised", "sort"} {
		d.Selected[p] = q.Get(p)
	}
	if page.Prev != nil || f.Offset > 0 || f.Cursor != nil {
		d.FirstLink = pageLink(nil)
	}
	if page.Prev != nil {
		d.PrevLink = pageLink(page.Prev)
	}
	if page.Next != nil {
		last := page.LastPage(f.Sort)
		d.NextLink, d.LastLink = pageLink(page.Next), pageLink(&last)
	}
	canon := pageQuery(filterQuery, f.Limit, f.Cursor)
	if f.Cursor == nil && page.Page > 1 {
		canon.Set("page", strconv.Itoa(page.Page))
	}
	d.CSVLink = "/figures.csv" + encodeQuery(filterQuery)
	d.JSONLink = "/figures.json" + encodeQuery(filterQuery)
	d.APILink = "/api/v1/figures" + encodeQuery(filterQuery)
	l := httpx.Lang(c)
	d.Filter = filterWords(l, f)
	s.renderPage(c, http.StatusOK, "figures.html", pageData{Title: i18n.T(l, "nav.figures"), Nav: "figures", Canonical: "/figures" + encodeQuery(canon), Data: d,
		Description: i18n.T(l, "figures.summary")})
	return nil
}

// pageQuery is the query of one page of a list: the filter's parameters,
// the page size unless the default, and the cursor of the page, if any.
func pageQuery(filter url.Values, limit int, c *models.Cursor) url.Values {
	v := url.Values{}
	for k, vs := range filter {
		v[k] = vs
	}
	if limit != 0 && limit != models.DefaultPageSize {
		v.Set("limit", strconv.Itoa(limit))
	}
	if c != nil {
		v.Set("cursor", c.Encode())
	}
	return v
}

func encodeQuery(v url.Values) string {
	if len(v) == 0 {
		return ""
	}
	return "?" + v.Encode()
}
