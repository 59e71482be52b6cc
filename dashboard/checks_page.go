package dashboard

import (
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
}

func (s *Server) checksPage(c *gin.Context) error {
	ctx := c.Request.Context()
	q, err := httpx.ChecksQuery(c, s.store)
	if err != nil {
		return err
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
	for _, p := range []string{"outcome", "kind", "metric", "source"} {
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
