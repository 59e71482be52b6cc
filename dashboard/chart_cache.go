package dashboard

import (
	"context"
	"encoding/json"
	"fmt"
	"html/template"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/gin-gonic/gin"

	"forcedreturns/dashboard/charts"
	"forcedreturns/dashboard/httpx"
	"forcedreturns/internal/i18n"
	"forcedreturns/models"
)

// chartView is a chart as a page shows it: the options as escaped JSON and
// the links to share it.
type chartView struct {
	charts.Chart
	OptionsJSON    template.JS
	AltOptionsJSON template.JS
	Permalink      string
	CSV            string // the figures the chart draws (chartFiguresCSV)
	EmbedURL       string // the chart alone, for an iframe (absolute)
	EmbedSnippet   string // the iframe of EmbedURL
	Filter         string // the filters the chart keeps to, in words, or ""
	NoneMatch      bool   // no published figure matches Filter: an embed says so instead of the chart
	Embedded       bool
	// Standalone: the chart is the whole page (an embed), so its title is
	// the page's first-level heading.
	Standalone bool
	// StepLinks switch a chart over time between month and year steps;
	// the step is kept in the page's URL.
	StepLinks []stepLink
}

// stepLink is a link to the same page with the charts over time in another
// step.
type stepLink struct {
	Label   string
	URL     string
	Current bool
}

// stepLinks links to the page in each step, in language l, keeping the
// filter q.
func stepLinks(l models.Lang, c charts.Chart, q url.Values) []stepLink {
	var out []stepLink
	for _, st := range []charts.Step{charts.StepMonth, charts.StepYear} {
		v := url.Values{}
		for k, vs := range q {
			v[k] = vs
		}
		v.Set("step", string(st))
		label := i18n.T(l, "chart.by_month")
		if st == charts.StepYear {
			label = i18n.T(l, "chart.by_year")
		}
		out = append(out, stepLink{Label: label, URL: httpx.LangPath(l, "/") + "?" + v.Encode() + "#chart-" + c.Name, Current: c.Step == st})
	}
	return out
}

// chartSet is every overview chart built from one version of the data.
type chartSet struct {
	version   string
	charts    map[string]chartView
	order     []string
	headlines []charts.Headline
	// filter is the filters the charts keep to in words, in the set's
	// language, under every chart's title ("" for none: chartFilterLine);
	// words the same filters as the overview lists them (chartFilter).
	filter, words string
}

// chartCache keeps the chart set of the current data version per filter,
// so a page view costs one cheap version query when nothing changed. Sets
// are built through the server's chartWork: a burst of visits after a
// change builds each set once, not once per visit, and a build nobody
// waits for any more stops.
type chartCache struct {
	mu   sync.Mutex
	sets map[string]*chartSet // by filter query string
	// data is what the sets of the current data version are built from,
	// by filter and step, whatever their language (chartData).
	data map[string]*chartData
}

func newChartCache() *chartCache {
	return &chartCache{sets: map[string]*chartSet{}, data: map[string]*chartData{}}
}

// chartData is what the summarised charts of a filter are built from,
// the same in every language: the stored summaries of the figures it
// selects, their latest figures and the metrics. Kept for the data
// version it was read at, so that the overview in a second language
// after a write builds its charts without reading them again.
type chartData struct {
	version     string
	first, last string
	n           int64
	drawn       charts.Step
	byYear      bool
	cells       []models.MonthSummary
	latest      []models.FigureView
	metrics     []models.Metric
}

// chartNames are the charts the overview shows and embeds can name; the
// charts over time are named "timeline-<metric>" (charts.OverTimeIn), and
// "timeline" names the first of them.
var chartNames = []string{"apprehensions", "outcomes", "groups", "timeline", "timeline-<metric>"}

// noChart is the 404 for a chart name that no chart has, whatever the
// filters (a chart the filters leave empty is found: lookupChart).
func noChart(name string) error {
	return models.Errorf(models.ENotFound, "There is no chart named %q. Charts: %s.", name, strings.Join(chartNames, ", "))
}

// lookupChart is the chart called name for the filter f, in language l,
// with the data version of the set it was looked up in: the one lookup of
// the embeds, the chart API and the chart CSV. A chart that f leaves
// empty but that exists without filters is that chart marked NoneMatch
// under f's filter line (its options are the unfiltered chart's: a
// caller shows none of its data); a name no chart has is noChart.
func (s *Server) lookupChart(ctx context.Context, l models.Lang, name string, f models.FigureFilter, step charts.Step, baseURL string) (chartView, string, error) {
	cs, err := s.chartSet(ctx, l, f, step, baseURL)
	if err != nil {
		return chartView{}, "", err
	}
	if cv, ok := cs.chart(name); ok {
		return cv, cs.version, nil
	}
	if cs.filter == "" {
		return chartView{}, "", noChart(name)
	}
	all, err := s.chartSet(ctx, l, models.FigureFilter{Audience: f.Audience}, step, baseURL)
	if err != nil {
		return chartView{}, "", err
	}
	cv, ok := all.chart(name)
	if !ok {
		return chartView{}, "", noChart(name)
	}
	cv.Filter, cv.NoneMatch = cs.filter, true
	return cv, cs.version, nil
}

// noneMatchJSON is the option document of a chart that the filters leave
// empty: its title, no series, and none_match with the filter line, so
// that a client tells "nothing matches" from a chart that does not exist.
func noneMatchJSON(cv chartView) (json.RawMessage, error) {
	return json.Marshal(map[string]any{
		"title":      map[string]string{"text": cv.Title},
		"series":     []any{},
		"none_match": true,
		"filter":     cv.Filter,
	})
}

// chart returns the set's chart called name; "timeline" is the first chart
// over time.
func (cs *chartSet) chart(name string) (chartView, bool) {
	if name == "timeline" {
		for _, n := range cs.order {
			if strings.HasPrefix(n, "timeline-") {
				name = n
				break
			}
		}
	}
	cv, ok := cs.charts[name]
	return cv, ok
}

// chartQuery reads what a page of charts is asked for: the figure filter
// and the step of the charts over time (httpx.FigureFilter, which also
// takes more: the route's own parameters, a page's view).
func (s *Server) chartQuery(c *gin.Context, more ...string) (models.FigureFilter, charts.Step, error) {
	f, err := httpx.FigureFilter(c, s.store, charts.StepParams, more)
	if err != nil {
		return f, "", err
	}
	step, err := charts.ParseStep(c.Query("step"))
	return f, step, err
}

// chartSet returns the charts for the filter at the current data version,
// in language l.
func (s *Server) chartSet(ctx context.Context, l models.Lang, f models.FigureFilter, step charts.Step, baseURL string) (*chartSet, error) {
	version, err := s.store.DataVersion(ctx)
	if err != nil {
		return nil, err
	}
	// Charts only ever show published figures, whatever status was asked for.
	f.Statuses = []models.Status{models.StatusPublished}
	f.Limit, f.Offset, f.Sort = 0, 0, ""
	key := string(l) + "|" + f.Values().Encode() + "|" + string(step) + "|" + baseURL
	cached := func() *chartSet {
		s.cache.mu.Lock()
		defer s.cache.mu.Unlock()
		if cs := s.cache.sets[key]; cs != nil && cs.version == version {
			return cs
		}
		return nil
	}
	if cs := cached(); cs != nil {
		return cs, nil
	}
	return sharedResult(ctx, s.chartWork, "charts\x00"+version+"\x00"+key, func(ctx context.Context) (*chartSet, error) {
		if cs := cached(); cs != nil {
			return cs, nil // built by the computation this one queued behind
		}
		cs, err := s.computeChartSet(ctx, l, version, f, step, baseURL)
		if err != nil {
			return nil, err
		}
		s.cache.mu.Lock()
		if len(s.cache.sets) > 256 { // many distinct filters: start over rather than grow
			s.cache.sets = map[string]*chartSet{}
		}
		s.cache.sets[key] = cs
		s.cache.mu.Unlock()
		return cs, nil
	})
}

// summaryAbove is the number of figures (models.MonthSummary's) beyond
// which the overview summarises (charts.Summaries) instead of drawing
// each figure: reading and drawing every figure costs time and memory in
// proportion to them, and a page of a mark per figure is too big to read.
const summaryAbove = 500

// computeChartSet builds the charts of the figures f selects: from the
// figures themselves when they are few (summaryAbove), else from their
// stored summaries (store.ChartCells) and the latest figures of each
// metric (store.LatestFigures), read by index: nothing on this path reads
// every figure.
func (s *Server) computeChartSet(ctx context.Context, l models.Lang, version string, f models.FigureFilter, step charts.Step, baseURL string) (*chartSet, error) {
	d, err := s.chartData(ctx, version, f, step)
	if err != nil {
		return nil, err
	}
	names, err := s.filterNamesOf(ctx, l, f)
	if err != nil {
		return nil, err
	}
	if d.n <= summaryAbove {
		views, err := s.store.FigureViews(ctx, f)
		if err != nil {
			return nil, err
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		return buildChartSet(l, version, views, f, step, baseURL, names)
	}
	labels := map[string]string{}
	for _, m := range d.metrics {
		labels[m.Slug] = m.LabelIn(l).Text
	}
	q := chartValues(f, step)
	// Copies: the data is shared with the sets of the other language.
	cs := &chartSet{version: version, charts: map[string]chartView{}, headlines: charts.HeadlinesIn(l, slices.Clone(d.latest)), filter: chartFilterLine(l, f, names), words: chartFilter(l, f, names)}
	for _, c := range charts.Summaries(l, slices.Clone(d.cells), labels, d.drawn, d.byYear, q) {
		if err := cs.add(l, c, baseURL, q); err != nil {
			return nil, err
		}
		if cv := cs.charts[c.Name]; cv.Options != nil {
			// The figures one mark stands for are too many for a file of
			// "the figures drawn": the download is the list's.
			cv.CSV = "/figures.csv?" + strings.TrimPrefix(c.ListURL, "/figures?")
			cs.charts[c.Name] = cv
		}
	}
	return cs, nil
}

// chartData reads what the charts of the figures f selects are built
// from at data version version, or finds it read for another language's
// set of the same version (computeChartSet runs one at a time, through
// chartWork). When the figures are few (summaryAbove), only their span.
func (s *Server) chartData(ctx context.Context, version string, f models.FigureFilter, step charts.Step) (*chartData, error) {
	key := f.Values().Encode() + "|" + string(step)
	s.cache.mu.Lock()
	d := s.cache.data[key]
	s.cache.mu.Unlock()
	if d != nil && d.version == version {
		return d, nil
	}
	d = &chartData{version: version}
	var err error
	sum, err := s.store.ChartSummary(ctx, f, summaryAbove, func(first, last string) bool {
		d.drawn, d.byYear = charts.SummaryStep(first, last, step)
		return d.drawn == charts.StepYear
	})
	if err != nil {
		return nil, err
	}
	d.first, d.last, d.n, d.cells = sum.First, sum.Last, sum.N, sum.Cells
	if d.n > summaryAbove {
		if d.latest, err = s.store.LatestFigures(ctx, f, d.cells); err != nil {
			return nil, err
		}
		if d.metrics, err = s.store.ListMetrics(ctx); err != nil {
			return nil, err
		}
	}
	s.cache.mu.Lock()
	defer s.cache.mu.Unlock()
	for k, old := range s.cache.data {
		if old.version != version || len(s.cache.data) > 256 {
			delete(s.cache.data, k) // an older version's, or too many filters
		}
	}
	s.cache.data[key] = d
	return d, nil
}

// chartValues is the query of the overview's links: the filter without
// its status, and the step if one was asked for.
func chartValues(f models.FigureFilter, step charts.Step) url.Values {
	q := f.Values()
	q.Del("status")
	if step != charts.StepAuto {
		q.Set("step", string(step))
	}
	return q
}

// add adds a chart to the set, unless it is empty.
func (cs *chartSet) add(l models.Lang, c charts.Chart, baseURL string, q url.Values) error {
	if c.Empty() {
		return nil
	}
	charts.WithFilterLine(c.Options, cs.filter)
	charts.WithFilterLine(c.AltOptions, cs.filter)
	cv, err := newChartView(l, c, baseURL, q)
	if err != nil {
		return err
	}
	cv.Filter = cs.filter
	if c.Steps {
		cv.StepLinks = stepLinks(l, c, q)
	}
	cs.charts[c.Name] = cv
	cs.order = append(cs.order, c.Name)
	return nil
}

func buildChartSet(l models.Lang, version string, views []models.FigureView, f models.FigureFilter, step charts.Step, baseURL string, names filterNames) (*chartSet, error) {
	cohort := charts.FindCohort(views)
	built := append(charts.OverTimeIn(l, views, step), charts.ApprehensionsIn(l, views, cohort), charts.OutcomesIn(l, cohort), charts.GroupsIn(l, cohort))
	cs := &chartSet{version: version, charts: map[string]chartView{}, headlines: charts.HeadlinesIn(l, views), filter: chartFilterLine(l, f, names), words: chartFilter(l, f, names)}
	q := chartValues(f, step)
	for _, c := range built {
		if err := cs.add(l, c, baseURL, q); err != nil {
			return nil, err
		}
	}
	return cs, nil
}

// newChartView marshals a chart's options and builds its share links, in
// language l. baseURL is the site's absolute origin, for snippets pasted
// elsewhere.
func newChartView(l models.Lang, c charts.Chart, baseURL string, q url.Values) (chartView, error) {
	opt, err := charts.JSON(c.Options)
	if err != nil {
		return chartView{}, fmt.Errorf("chart %s: %w", c.Name, err)
	}
	alt, err := charts.JSON(c.AltOptions)
	if err != nil {
		return chartView{}, fmt.Errorf("chart %s: %w", c.Name, err)
	}
	query := ""
	if len(q) > 0 {
		query = "?" + q.Encode()
	}
	embedURL := baseURL + httpx.LangPath(l, "/embed/charts/"+c.Name) + query
	cv := chartView{Chart: c, OptionsJSON: template.JS(opt), AltOptionsJSON: template.JS(alt),
		Permalink: httpx.LangPath(l, "/") + query + "#chart-" + c.Name}
	if c.Options != nil {
		cv.CSV = "/api/v1/charts/" + c.Name + "/figures.csv" + query
	}
	cv.EmbedURL = embedURL
	cv.EmbedSnippet = embedSnippet(embedURL, c.Title)
	return cv, nil
}

// embedSnippet is the HTML another site pastes to frame a chart.
func embedSnippet(embedURL, title string) string {
	return `<iframe src="` + template.HTMLEscapeString(embedURL) + `" title="` + template.HTMLEscapeString(title) +
		`" width="640" height="640" style="border:0" loading="lazy"></iframe>`
}

// altView is the name of a chart's second view (per month); the first one
// is the default and never named in a link.
const altView = "rate"

// viewParam is the query parameter of a page of charts that names its
// view (pageView); the charts' script keeps it in the address.
const viewParam = "view"

// firstView is the name of a chart's first view (the numbers as
// reported), the default, which the charts' script names "count" and
// leaves out of the address.
const firstView = "count"

// pageView is the view a page of charts was asked for: altView, or "" for
// the default (left out, or named). Any other value is refused, as a
// misspelt step is: shown as the default, `view=rates` would pass for
// the view asked for.
func pageView(c *gin.Context) (string, error) {
	switch v := c.Query(viewParam); v {
	case "", firstView:
		return "", nil
	case altView:
		return altView, nil
	default:
		return "", models.Errorf(models.EInvalid, "view must be count (the numbers as reported, the default) or rate (the numbers per month), got %q", v)
	}
}

// chartPageQuery is chartQuery for a page of charts (the overview, an
// embed), which also takes the view (pageView).
func (s *Server) chartPageQuery(c *gin.Context) (models.FigureFilter, charts.Step, string, error) {
	f, step, err := s.chartQuery(c, viewParam)
	if err != nil {
		return f, step, "", err
	}
	view, err := pageView(c)
	return f, step, view, err
}

// inView returns the chart with its share links (permalink, step links,
// embed snippet) keeping the page's view, so that a link followed before
// the chart is drawn, or without JavaScript, keeps it too; the charts'
// script keeps them up to date when the reader switches views.
func (cv chartView) inView(view string) chartView {
	if view == "" {
		return cv
	}
	keep := func(href string) string {
		u, err := url.Parse(href)
		if err != nil {
			return href
		}
		q := u.Query()
		q.Set(viewParam, view)
		u.RawQuery = q.Encode()
		return u.String()
	}
	cv.Permalink = keep(cv.Permalink)
	if cv.EmbedURL != "" {
		cv.EmbedURL = keep(cv.EmbedURL)
		cv.EmbedSnippet = embedSnippet(cv.EmbedURL, cv.Title)
	}
	links := make([]stepLink, len(cv.StepLinks))
	for i, l := range cv.StepLinks {
		l.URL = keep(l.URL)
		links[i] = l
	}
	cv.StepLinks = links
	return cv
}

// ordered returns the set's charts in display order, their links
// keeping view (pageView).
func (cs *chartSet) ordered(view string) []chartView {
	out := make([]chartView, 0, len(cs.order))
	for _, n := range cs.order {
		out = append(out, cs.charts[n].inView(view))
	}
	return out
}

// chartJSON is the option document of one chart in language l for the
// API (api.Deps.Chart), with the data version it was built from: the set
// the overview page in l is drawn from.
func (s *Server) chartJSON(ctx context.Context, l models.Lang, f models.FigureFilter, step charts.Step, baseURL, name string) (json.RawMessage, string, error) {
	if name == "source" {
		// A source page's chart: the version read first, so that its ETag
		// never names data newer than the chart was drawn from.
		version, err := s.store.DataVersion(ctx)
		if err != nil {
			return nil, "", err
		}
		cv, err := s.namedChart(ctx, l, name, f, step, baseURL)
		if err != nil {
			return nil, "", err
		}
		if cv.NoneMatch {
			opt, err := noneMatchJSON(cv)
			return opt, version, err
		}
		opt, err := charts.JSON(cv.Options)
		if err != nil {
			return nil, "", err
		}
		if opt == nil {
			return nil, "", noChart(name)
		}
		return opt, version, nil
	}
	cv, version, err := s.lookupChart(ctx, l, name, f, step, baseURL)
	if err != nil {
		return nil, "", err
	}
	if cv.NoneMatch {
		opt, err := noneMatchJSON(cv)
		return opt, version, err
	}
	if cv.OptionsJSON == "" {
		return nil, "", noChart(name)
	}
	return json.RawMessage(cv.OptionsJSON), version, nil
}
