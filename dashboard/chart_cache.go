package dashboard

import (
	"context"
	"encoding/json"
	"fmt"
	"html/template"
	"net/url"
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
	EmbedSnippet   string
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
}

// chartCache keeps the chart set of the current data version per filter,
// so a page view costs one cheap version query when nothing changed. Sets
// are built through the server's chartWork: a burst of visits after a
// change builds each set once, not once per visit, and a build nobody
// waits for any more stops.
type chartCache struct {
	mu   sync.Mutex
	sets map[string]*chartSet // by filter query string
}

func newChartCache() *chartCache { return &chartCache{sets: map[string]*chartSet{}} }

// chartNames are the charts the overview shows and embeds can name; the
// charts over time are named "timeline-<metric>" (charts.OverTimeIn), and
// "timeline" names the first of them.
var chartNames = []string{"apprehensions", "outcomes", "groups", "timeline", "timeline-<metric>"}

// noChart is the 404 for a chart name that does not exist or has no data.
func noChart(name string) error {
	return models.Errorf(models.ENotFound, "There is no chart named %q (or it has no data for these filters). Charts: %s.", name, strings.Join(chartNames, ", "))
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
// and the step of the charts over time.
func chartQuery(c *gin.Context) (models.FigureFilter, charts.Step, error) {
	q := c.Request.URL.Query()
	f, err := models.ParseFigureFilter(q)
	if err != nil {
		return f, "", err
	}
	step, err := charts.ParseStep(q.Get("step"))
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
		views, err := s.store.FigureViews(ctx, f)
		if err != nil {
			return nil, err
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		cs, err := buildChartSet(l, version, views, f, step, baseURL)
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

func buildChartSet(l models.Lang, version string, views []models.FigureView, f models.FigureFilter, step charts.Step, baseURL string) (*chartSet, error) {
	cohort := charts.FindCohort(views)
	built := append(charts.OverTimeIn(l, views, step), charts.ApprehensionsIn(l, views, cohort), charts.OutcomesIn(l, cohort), charts.GroupsIn(l, cohort))
	cs := &chartSet{version: version, charts: map[string]chartView{}, headlines: charts.HeadlinesIn(l, views)}
	q := f.Values()
	q.Del("status")
	if step != charts.StepAuto {
		q.Set("step", string(step))
	}
	for _, c := range built {
		if c.Empty() {
			continue
		}
		cv, err := newChartView(l, c, baseURL, q)
		if err != nil {
			return nil, err
		}
		if c.Steps {
			cv.StepLinks = stepLinks(l, c, q)
		}
		cs.charts[c.Name] = cv
		cs.order = append(cs.order, c.Name)
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
	cv.EmbedSnippet = `<iframe src="` + template.HTMLEscapeString(embedURL) + `" title="` + template.HTMLEscapeString(c.Title) +
		`" width="640" height="640" style="border:0" loading="lazy"></iframe>`
	return cv, nil
}

// ordered returns the set's charts in display order.
func (cs *chartSet) ordered() []chartView {
	out := make([]chartView, 0, len(cs.order))
	for _, n := range cs.order {
		out = append(out, cs.charts[n])
	}
	return out
}

// chartJSON is the option document of one chart for the API
// (api.Deps.Chart), with the data version it was built from.
func (s *Server) chartJSON(ctx context.Context, f models.FigureFilter, baseURL, name string) (json.RawMessage, string, error) {
	cs, err := s.chartSet(ctx, models.English, f, charts.StepAuto, baseURL)
	if err != nil {
		return nil, "", err
	}
	cv, ok := cs.chart(name)
	if !ok || cv.OptionsJSON == "" {
		return nil, "", noChart(name)
	}
	return json.RawMessage(cv.OptionsJSON), cs.version, nil
}
