package dashboard

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"forcedreturns/dashboard/httpx"
	"forcedreturns/internal/checks"
	"forcedreturns/internal/i18n"
	"forcedreturns/models"
)

// checkView is a check result with the figures it involves, for links.
type checkView struct {
	checks.Result
	Views []models.FigureView
}

// checksData is what the checks page shows: a summary of every check,
// the filters, and one page of the results they select.
type checksData struct {
	checks.Page
	Results  []checkView
	Selected map[string]string
	// Links of the summary's counts, by outcome and by kind: the current
	// filters with that one value.
	OutcomeLinks, KindLinks map[string]string
	Metrics                 []models.Metric
	Sources                 []models.Source
	First, Last             int // the positions of this page's results, from 1
	PrevLink, NextLink      string
	Number, Pages           int // this page's number, from 1, and how many
	Rule                    string
	// Filtered: the query has filters, so the count says "matching the
	// filters" even when they match every check.
	Filtered bool
	// Notice says that the checks are being computed again, and what is
	// shown meanwhile (httpx.ChecksNotice).
	Notice string
	// Refused, on a 400 (checksRefused), is every problem of the filters
	// sent, Problems those of each control of the form, by parameter,
	// and KeptLink the checks with the filters that were fine.
	Refused  []models.FieldError
	Problems map[string]*filterProblem
	KeptLink string
}

// checksFormParams are the parameters of the checks page's filter form.
var checksFormParams = []string{"outcome", "kind", "metric", "source"}

func (s *Server) checksPage(c *gin.Context) error {
	ctx := c.Request.Context()
	q, err := httpx.ChecksQuery(c, s.store)
	if err != nil {
		return s.checksRefused(c, err)
	}
	aud, err := s.audience(c)
	if err != nil {
		return err
	}
	// Only a page of current checks has an ETag: one of the last
	// computation, shown while the next runs, would be kept after it.
	computing, err := s.refreshChecks(ctx, aud)
	if err != nil {
		return err
	}
	if !computing {
		if done, err := s.unchanged(c, "checks", c.Request.URL.RawQuery); err != nil || done {
			return err
		}
	}
	page, err := s.store.CheckPage(ctx, aud, q)
	if err != nil {
		return err
	}
	page.Computing = computing
	var keys []string
	for _, r := range page.Items {
		keys = append(keys, r.Figures...)
	}
	views, err := s.store.FiguresByKey(ctx, keys, aud)
	if err != nil {
		return err
	}
	byKey := map[string]models.FigureView{}
	for _, v := range views {
		byKey[v.Figure.Key] = v
	}
	l := httpx.Lang(c)
	d, err := s.checksForm(ctx, l, c.Request.URL.Query())
	if err != nil {
		return err
	}
	d.Page, d.OutcomeLinks, d.KindLinks = page, map[string]string{}, map[string]string{}
	for _, r := range checks.In(l, page.Items) {
		cv := checkView{Result: r}
		for _, k := range r.Figures {
			if v, ok := byKey[k]; ok {
				cv.Views = append(cv.Views, v)
			}
		}
		d.Results = append(d.Results, cv)
	}
	link := func(v url.Values, offset int) string {
		if page.Limit != checks.DefaultPageSize {
			v.Set("limit", strconv.Itoa(page.Limit))
		}
		if offset > 0 {
			v.Set("page", strconv.Itoa(offset/page.Limit+1))
		}
		return "/checks" + encodeQuery(v)
	}
	for _, o := range page.Outcomes {
		v := q.Values()
		v.Set("outcome", o.Name)
		d.OutcomeLinks[o.Name] = link(v, 0)
	}
	for _, k := range page.Kinds {
		v := q.Values()
		v.Set("kind", k.Name)
		d.KindLinks[k.Name] = link(v, 0)
	}
	d.Number, d.Pages = page.Offset/page.Limit+1, max(1, (page.Total+page.Limit-1)/page.Limit)
	if page.Stored && page.Offset > 0 && len(page.Items) == 0 {
		return httpx.PastEnd(d.Number, d.Pages, link(q.Values(), (d.Pages-1)*page.Limit))
	}
	if len(page.Items) > 0 {
		d.First, d.Last = page.Offset+1, page.Offset+len(page.Items)
	}
	if page.Offset > 0 {
		d.PrevLink = link(q.Values(), max(0, page.Offset-page.Limit))
	}
	if page.Offset+page.Limit < page.Total {
		d.NextLink = link(q.Values(), page.Offset+page.Limit)
	}
	d.Filtered = len(q.Values()) > 0
	d.Notice = httpx.ChecksNotice(l, page)
	s.renderPage(c, http.StatusOK, "checks.html", pageData{Title: i18n.T(l, "nav.checks"), Nav: "checks", Canonical: link(q.Values(), page.Offset), Data: d,
		Description: i18n.T(l, "checks.summary")})
	return nil
}

// checksRefused answers a checks page whose filters were refused (err,
// EInvalid with its problems by parameter) as the figures page does
// (figureListRefused): a 400 with the filter form, each refused control
// marked with its problem, every problem listed above it, and a link to
// the checks with the filters that were fine. Any other error is
// returned as it is.
func (s *Server) checksRefused(c *gin.Context, err error) error {
	refused := models.FieldErrors(err)
	if models.ErrorCode(err) != models.EInvalid || len(refused) == 0 {
		return err
	}
	ctx := c.Request.Context()
	l := httpx.Lang(c)
	q := c.Request.URL.Query()
	d, err := s.checksForm(ctx, l, q)
	if err != nil {
		return err
	}
	for _, o := range checks.Outcomes {
		d.Outcomes = append(d.Outcomes, checks.Tally{Name: string(o), Label: o.Label()})
	}
	for _, k := range checks.Kinds {
		d.Kinds = append(d.Kinds, checks.Tally{Name: k, Label: checks.KindLabel(k)})
	}
	kept, refused := keptFilters(q, refused, func(kept url.Values) error {
		_, err := httpx.ChecksQueryOf(ctx, kept, s.store)
		return err
	})
	d.Refused, d.Problems = refused, formProblems(l, refused, checksFormParams, "c-")
	for _, k := range []string{"page", "offset"} {
		kept.Del(k)
	}
	d.KeptLink = "/checks" + encodeQuery(kept)
	c.Header("Cache-Control", "no-store")
	s.renderPage(c, http.StatusBadRequest, "checks.html", pageData{Title: httpx.StatusTitle(l, http.StatusBadRequest) + " · " + i18n.T(l, "nav.checks"),
		Nav: "checks", Data: d})
	return nil
}

// checksForm is what the checks page's filter form shows in language l:
// the metrics and sources to choose from and the values q selects, with
// the counting rule under it.
func (s *Server) checksForm(ctx context.Context, l models.Lang, q url.Values) (checksData, error) {
	metrics, err := s.store.ListMetrics(ctx)
	if err != nil {
		return checksData{}, err
	}
	sources, err := s.store.ListSources(ctx)
	if err != nil {
		return checksData{}, err
	}
	d := checksData{Rule: checks.Rule, Metrics: metrics, Sources: sources, Selected: map[string]string{}}
	for _, p := range checksFormParams {
		d.Selected[p] = q.Get(p)
	}
	if l != models.English {
		d.Rule = i18n.T(l, "about.rule") // checks.Rule in l (see about)
	}
	return d, nil
}
