package dashboard

import (
	"maps"
	"net/http"
	"net/url"
	"slices"
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
	// Refused, on a 400 (figureListRefused), is every problem of the
	// filters sent, Problems those of each control of the form, by
	// parameter, and KeptLink the list with the filters that were fine.
	Refused  []models.FieldError
	Problems map[string]*filterProblem
	KeptLink string
}

// filterProblem is what the filter form says next to a control whose
// value was refused: its problems, in the page's language, in the
// element ID (aria-describedby).
type filterProblem struct {
	ID       string
	Messages []models.Shown
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
		return s.figureListRefused(c, err)
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
	d, err := s.filterForm(c, f.Audience, q)
	if err != nil {
		return err
	}
	d.Figures, d.Total, d.Page, d.Pages = page.Items, page.Total, page.Page, page.Pages
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
	names, err := s.filterNamesOf(ctx, l, f)
	if err != nil {
		return err
	}
	d.Filter = filterWords(l, f, names)
	s.renderPage(c, http.StatusOK, "figures.html", pageData{Title: i18n.T(l, "nav.figures"), Nav: "figures", Canonical: "/figures" + encodeQuery(canon), Data: d,
		Description: i18n.T(l, "figures.summary")})
	return nil
}

// filterForm is the figures page's filter form for audience, filled with
// the filters of query q as sent.
func (s *Server) filterForm(c *gin.Context, audience models.Audience, q url.Values) (figureListData, error) {
	ctx := c.Request.Context()
	metrics, err := s.store.ListMetrics(ctx)
	if err != nil {
		return figureListData{}, err
	}
	sources, err := s.store.ListSources(ctx)
	if err != nil {
		return figureListData{}, err
	}
	suggest, err := s.store.FacetValues(ctx)
	if err != nil {
		return figureListData{}, err
	}
	// A state none is stated for is "none" in the filter (models.FigureFilter).
	for _, states := range [][]string{suggest.ActingStates, suggest.ReceivingStates} {
		for i, v := range states {
			if v == "" {
				states[i] = "none"
			}
		}
	}
	d := figureListData{Suggest: suggest, Metrics: metrics, Sources: sources,
		Qualifiers: models.Qualifiers, Statuses: audience.Statuses(), Kinds: models.QuantityKinds, Sorts: sortOptionsIn(httpx.Lang(c)), Selected: map[string]string{}}
	for _, p := range filterFormParams {
		d.Selected[p] = q.Get(p)
	}
	return d, nil
}

// filterFormParams are the filters the figures page's form has a control
// for.
var filterFormParams = []string{"metric", "source", "from", "to", "acting", "receiving", "qualifier", "status", "population", "unit", "kind", "starts", "summarised", "sort"}

// figureListRefused answers a figures page whose filters were refused
// (err, EInvalid with its problems by parameter): a 400 with the form
// filled with what was sent, each refused control marked (aria-invalid)
// with its problem next to it, every problem listed above the form, and
// a link to the list with the filters that were fine, so that the reader
// corrects one field instead of typing every filter again. Any other
// error is returned as it is.
func (s *Server) figureListRefused(c *gin.Context, err error) error {
	refused := models.FieldErrors(err)
	if models.ErrorCode(err) != models.EInvalid || len(refused) == 0 {
		return err
	}
	audience, aerr := s.audience(c)
	if aerr != nil {
		return aerr
	}
	q := c.Request.URL.Query()
	d, ferr := s.filterForm(c, audience, q)
	if ferr != nil {
		return ferr
	}
	kept, refused := keptFilters(q, refused, func(kept url.Values) error {
		_, err := httpx.FigureQuery(c.Request.Context(), kept, s.store)
		return err
	})
	l := httpx.Lang(c)
	d.Refused, d.Problems = refused, formProblems(l, refused, filterFormParams, "f-")
	// The kept link starts the list again at its first page.
	for _, k := range []string{"page", "offset", "cursor"} {
		kept.Del(k)
	}
	d.KeptLink = "/figures" + encodeQuery(kept)
	c.Header("Cache-Control", "no-store")
	s.renderPage(c, http.StatusBadRequest, "figures.html", pageData{Title: httpx.StatusTitle(l, http.StatusBadRequest) + " · " + i18n.T(l, "nav.figures"),
		Nav: "figures", Data: d})
	return nil
}

// keptFilters returns what a refused filter form keeps of query q, and
// every problem of q. refused is what reading q said; read reads a query
// as the route does. A query is read in steps (the parameters' names,
// then their values, then the names they give), each refusing only when
// the one before passed: what is left once the refused are taken out is
// read again until it passes, so that every problem is named at once and
// the kept parameters select something.
func keptFilters(q url.Values, refused []models.FieldError, read func(url.Values) error) (url.Values, []models.FieldError) {
	kept := maps.Clone(q)
	for step := refused; len(step) > 0; {
		gone := false
		for _, fe := range step {
			gone = gone || kept.Has(fe.Field)
			kept.Del(fe.Field)
		}
		if !gone {
			break
		}
		err := read(kept)
		if step = models.FieldErrors(err); models.ErrorCode(err) != models.EInvalid {
			step = nil
		}
		refused = append(refused, step...)
	}
	return kept, refused
}

// formProblems are the problems of refused shown next to the controls of
// a filter form, by parameter, in language l, for the parameters params
// of the form; each control's ID is prefix followed by its parameter.
func formProblems(l models.Lang, refused []models.FieldError, params []string, prefix string) map[string]*filterProblem {
	out := map[string]*filterProblem{}
	for _, fe := range refused {
		if !slices.Contains(params, fe.Field) {
			continue
		}
		p := out[fe.Field]
		if p == nil {
			p = &filterProblem{ID: prefix + fe.Field + "-problem"}
			out[fe.Field] = p
		}
		p.Messages = append(p.Messages, i18n.Problem(l, fe.Message))
	}
	return out
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
