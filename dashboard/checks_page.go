package dashboard

import (
	"maps"
	"net/http"
	"net/url"
	"slices"
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
	metrics, err := s.store.ListMetrics(ctx)
	if err != nil {
		return err
	}
	sources, err := s.store.ListSources(ctx)
	if err != nil {
		return err
	}
	d := checksData{Page: page, Rule: checks.Rule, Metrics: metrics, Sources: sources, Selected: map[string]string{},
		OutcomeLinks: map[string]string{}, KindLinks: map[string]string{}}
	for _, p := range checksFormParams {
		d.Selected[p] = c.Query(p)
	}
	l := httpx.Lang(c)
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
	if l != models.English {
		d.Rule = i18n.T(l, "about.rule") // checks.Rule in l (see about)
	}
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
	metrics, err := s.store.ListMetrics(ctx)
	if err != nil {
		return err
	}
	sources, err := s.store.ListSources(ctx)
	if err != nil {
		return err
	}
	d := checksData{Metrics: metrics, Sources: sources, Rule: checks.Rule, Selected: map[string]string{}, Problems: map[string]*filterProblem{}}
	for _, o := range checks.Outcomes {
		d.Outcomes = append(d.Outcomes, checks.Tally{Name: string(o), Label: o.Label()})
	}
	for _, k := range checks.Kinds {
		d.Kinds = append(d.Kinds, checks.Tally{Name: k, Label: checks.KindLabel(k)})
	}
	q := c.Request.URL.Query()
	// The query is read in steps (the parameters' names, their values,
	// the names they give), each refusing only when the one before
	// passed: what is left once the refused are taken out is read again
	// until it passes, so that every problem is named at once.
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
		_, err := httpx.ChecksQueryOf(ctx, kept, s.store)
		if step = models.FieldErrors(err); models.ErrorCode(err) != models.EInvalid {
			step = nil
		}
		refused = append(refused, step...)
	}
	l := httpx.Lang(c)
	d.Refused = refused
	for _, p := range checksFormParams {
		d.Selected[p] = q.Get(p)
	}
	for _, fe := range refused {
		if !slices.Contains(checksFormParams, fe.Field) {
			continue
		}
		p := d.Problems[fe.Field]
		if p == nil {
			p = &filterProblem{ID: "c-" + fe.Field + "-problem"}
			d.Problems[fe.Field] = p
		}
		p.Messages = append(p.Messages, i18n.Problem(l, fe.Message))
	}
	for _, k := range []string{"page", "offset"} {
		kept.Del(k)
	}
	d.KeptLink = "/checks" + encodeQuery(kept)
	if l != models.English {
		d.Rule = i18n.T(l, "about.rule")
	}
	c.Header("Cache-Control", "no-store")
	s.renderPage(c, http.StatusBadRequest, "checks.html", pageData{Title: httpx.StatusTitle(l, http.StatusBadRequest) + " · " + i18n.T(l, "nav.checks"),
		Nav: "checks", Data: d})
	return nil
}
