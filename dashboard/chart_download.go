package dashboard

import (
	"context"
	"net/url"

	"github.com/gin-gonic/gin"

	"forcedreturns/dashboard/charts"
	"forcedreturns/models"
)

// chartFiguresCSV answers GET /api/v1/charts/{name}/figures.csv: exactly
// the figures the chart draws (charts.Chart.Drawn) for the same filters
// and step, written by the figures export (same columns, same escaping).
func (s *Server) chartFiguresCSV(c *gin.Context) error {
	name := c.Param("name")
	f, step, err := s.chartQuery(c)
	if err != nil {
		return err
	}
	ch, err := s.namedChart(c.Request.Context(), models.English, name, f, step, s.site.BaseURL(c))
	if err != nil {
		return err
	}
	// Charts draw published figures only, whoever asks.
	f.Statuses = []models.Status{models.StatusPublished}
	f.Sort, f.Cursor = "", nil
	if ch.NoneMatch {
		// The filters leave the chart empty: the header row alone.
		return s.download(c, "csv", "forced-returns-"+name, f, map[string]bool{})
	}
	if ch.ListURL != "" {
		// A chart that summarises its figures by month draws no figure
		// of its own: its file is the list of the figures it summarises,
		// as the chart's page offers it.
		list, err := url.Parse(ch.ListURL)
		if err != nil {
			return err
		}
		lf, err := models.ParseFigureFilter(list.Query())
		if err != nil {
			return err
		}
		return s.download(c, "csv", "forced-returns-"+name, lf, nil)
	}
	keys, err := ch.Drawn()
	if err != nil {
		return err
	}
	if len(keys) == 0 {
		return noChart(name)
	}
	keep := make(map[string]bool, len(keys))
	for _, k := range keys {
		keep[k] = true
	}
	return s.download(c, "csv", "forced-returns-"+name, f, keep)
}

// namedChart is the chart called name for filter f, in language l: an
// overview chart (lookupChart: NoneMatch when f leaves it empty), or
// "source", the chart of the one source f names (its page's chart) drawn
// from the figures f selects: NoneMatch, as an overview chart, when the
// filters besides the source leave it empty; noSourceChart when the
// source alone draws nothing.
func (s *Server) namedChart(ctx context.Context, l models.Lang, name string, f models.FigureFilter, step charts.Step, baseURL string) (chartView, error) {
	if name != "source" {
		cv, _, err := s.lookupChart(ctx, l, name, f, step, baseURL)
		return cv, err
	}
	ch, err := s.sourceChart(ctx, l, f)
	if err != nil {
		return chartView{}, err
	}
	drawn, err := ch.Drawn()
	if err != nil || len(drawn) > 0 {
		return chartView{Chart: ch}, err
	}
	rest := f
	rest.Sources = nil
	if chartFilter(l, rest, filterNames{}) == "" {
		return chartView{}, noSourceChart(f.Sources[0])
	}
	// Filtered to nothing: "nothing matches" if the source alone draws a
	// chart, as lookupChart answers for an overview chart.
	all, err := s.sourceChart(ctx, l, models.FigureFilter{Sources: f.Sources, Audience: f.Audience})
	if err != nil {
		return chartView{}, err
	}
	if drawn, err = all.Drawn(); err != nil || len(drawn) == 0 {
		if err == nil {
			err = noSourceChart(f.Sources[0])
		}
		return chartView{}, err
	}
	names, err := s.filterNamesOf(ctx, l, f)
	if err != nil {
		return chartView{}, err
	}
	return chartView{Chart: ch, Filter: chartFilterLine(l, f, names), NoneMatch: true}, nil
}

// noSourceChart is the 404 of the chart of a source none of whose
// figures a chart draws (whatever the filters).
func noSourceChart(key string) error {
	return models.Errorf(models.ENotFound, "The source %q has no figure a chart draws: figures given only in words, drafts and retracted figures are not drawn.", key)
}

// sourceChart is the chart of the one source f names, in language l,
// drawn from its published figures that f's other filters select.
func (s *Server) sourceChart(ctx context.Context, l models.Lang, f models.FigureFilter) (charts.Chart, error) {
	if len(f.Sources) != 1 {
		return charts.Chart{}, models.Errorf(models.EInvalid, "source: the chart of a source needs exactly one source id, got %d.", len(f.Sources))
	}
	src, err := s.store.GetSource(ctx, f.Sources[0])
	if err != nil {
		return charts.Chart{}, err
	}
	var views []models.FigureView
	pub := f
	pub.Statuses = []models.Status{models.StatusPublished}
	pub.Sort, pub.Cursor, pub.Offset, pub.Limit = "", nil, 0, sourceFiguresMax+1
	if err := s.store.EachFigure(ctx, pub, func(v *models.FigureView) error { views = append(views, *v); return nil }); err != nil {
		return charts.Chart{}, err
	}
	if len(views) > sourceFiguresMax {
		return charts.Chart{}, models.Errorf(models.ENotFound, "The source %q reports more than %d figures: its page draws no chart of them. Download them all from /figures.csv?source=%s.",
			src.Key, sourceFiguresMax, url.QueryEscape(src.Key))
	}
	return charts.SourceFiguresIn(l, src, views), nil
}
