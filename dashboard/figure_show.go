package dashboard

import (
	"cmp"
	"context"
	"net/http"
	"slices"
	"strconv"

	"github.com/gin-gonic/gin"

	"forcedreturns/dashboard/httpx"
	"forcedreturns/internal/checks"
	"forcedreturns/internal/i18n"
	"forcedreturns/models"
)

// figureShowData is what a figure's page shows.
type figureShowData struct {
	View      models.FigureView
	KindText  string
	Explain   string
	Inputs    []models.FigureView
	Parent    *models.FigureView
	Subgroups []models.FigureView
	// Base is the figure a share is a percentage of, if the audience
	// sees it; ShareBase names it ("the 92 apprehended").
	Base      *models.FigureView
	ShareBase string
	Shares    []models.FigureView
	Checks    []checks.Result
	// ChecksPending says that some checks the figure may take part in
	// are being brought up to date and are not shown yet.
	ChecksPending bool
	Revisions     []revisionView
	Citation      string
	// Old is the earlier version asked for with ?version=N, if any.
	Old *oldVersion
}

// oldVersion is one recorded version of a figure, as ?version=N shows it:
// every field its revision recorded.
type oldVersion struct {
	models.Revision
	Latest int // the figure's current version
	Fields []models.FieldChange
}

// versionParam reads ?version=N: 0 when absent.
func versionParam(c *gin.Context) (int, error) {
	raw, ok := c.GetQuery("version")
	if !ok {
		return 0, nil
	}
	n, err := models.ParseWholeNumber(raw)
	if err != nil || n < 1 || n > 1<<30 {
		return 0, models.Errorf(models.EInvalid, "version: expected a whole number from 1, got %q", raw)
	}
	return int(n), nil
}

func (s *Server) figureShow(c *gin.Context) error {
	ctx := c.Request.Context()
	key := c.Param("key")
	if !models.ValidKey(key) {
		return models.Errorf(models.ENotFound, "There is no figure with id %q.", key)
	}
	aud, err := s.audience(c)
	if err != nil {
		return err
	}
	version, err := versionParam(c)
	if err != nil {
		return err
	}
	if done, err := s.unchanged(c, "figure", key, strconv.Itoa(version)); err != nil || done {
		return err
	}
	v, err := s.store.GetFigure(ctx, key, aud)
	if err != nil {
		return err
	}
	f := v.Figure
	d := figureShowData{View: v, KindText: kindText(httpx.Lang(c), f.Kind)}
	if f.Derived {
		if expr, err := models.ParseFormula(f.Formula); err == nil {
			var inputs []*models.FigureView
			for _, ref := range expr.Refs() {
				in, err := s.store.GetFigure(ctx, ref, aud)
				if err != nil {
					if models.ErrorCode(err) == models.ENotFound {
						continue
					}
					return err
				}
				d.Inputs = append(d.Inputs, in)
				inputs = append(inputs, &in)
			}
			d.Explain = expr.Explain(models.InputValues(inputs...))
		}
	}
	if f.SubgroupOf != "" {
		p, err := s.store.GetFigure(ctx, f.SubgroupOf, aud)
		if err != nil && models.ErrorCode(err) != models.ENotFound {
			return err
		}
		if err == nil {
			d.Parent = &p
		}
	}
	l := httpx.Lang(c)
	amount := f.AmountLabelIn(l) // for the citation
	if f.ShareOf != "" {
		b, err := s.store.GetFigure(ctx, f.ShareOf, aud)
		if err != nil && models.ErrorCode(err) != models.ENotFound {
			return err
		}
		if err == nil {
			d.Base, d.ShareBase = &b, models.ShareBaseTextIn(l, b.Figure, b.Metric.LabelIn(l).Text)
			amount = f.ShareTextIn(l, b.Figure, b.Metric.LabelIn(l).Text)
		}
	}
	mine, subs, shares, err := s.figureChecks(ctx, f, aud)
	if err != nil {
		return err
	}
	d.Checks, d.ChecksPending, d.Subgroups, d.Shares = checks.In(httpx.Lang(c), mine.Results), mine.Pending > 0, subs, shares
	if d.ChecksPending {
		// Not kept nor revalidated under the data version's ETag: the
		// page changes once the stored checks are up to date.
		c.Writer.Header().Del("ETag")
		c.Header("Cache-Control", "no-store")
		s.refreshChecksLater(aud)
	}
	revs, err := s.store.Revisions(ctx, models.EntityFigure, key, aud)
	if err != nil {
		return err
	}
	d.Revisions = revisionViews(revs)
	if version > 0 {
		// The audience's history: a version recorded while the figure
		// was a draft has no snapshot for the public, so it is not found.
		for _, r := range revs {
			if r.Version == version && r.Snapshot != "" {
				fields, err := models.DiffSnapshots("", r.Snapshot)
				if err != nil {
					return err
				}
				d.Old = &oldVersion{Revision: r, Latest: f.Version, Fields: fields}
			}
		}
		if d.Old == nil {
			return models.Errorf(models.ENotFound, "Figure %q has no version %d to show: see its history for the versions there are.", key, version)
		}
	}
	d.Citation = v.CitationIn(l, amount)
	label := v.Metric.LabelIn(l).Text
	title := f.ValueLabelIn(l) + " " + label
	if f.Share() {
		title = f.ValueLabelIn(l) + " " + f.Population + ", " + i18n.T(l, "figure.share_of") + " " + label
	}
	s.renderPage(c, http.StatusOK, "figure.html", pageData{Title: title, Nav: "figures",
		Canonical: "/figures/" + f.Key, Data: d, Description: f.Evidence()})
	return nil
}

// figureChecks returns the checks the figure takes part in, with its
// subgroups and shares: the results of the checks over every figure that
// involve this one, read from the stored checks of the units that may
// involve it (its subject, its people under a cohort rule, its parent's,
// those of the figures that name it), or computed from those units'
// figures where the stored ones are not up to date
// (store.ChecksInvolving): the page never reads the whole database. The
// units too large to compute for one page are pending (left out) until
// the stored checks are brought up to date, which the page then starts.
func (s *Server) figureChecks(ctx context.Context, f models.Figure, aud models.Audience) (checks.Involving, []models.FigureView, []models.FigureView, error) {
	var none checks.Involving
	o, err := s.checkOptions(ctx)
	if err != nil {
		return none, nil, nil, err
	}
	naming, err := s.store.FiguresNaming(ctx, f.Key, aud)
	if err != nil {
		return none, nil, nil, err
	}
	var subKeys, shareKeys []string
	for _, g := range naming {
		if g.SubgroupOf == f.Key {
			subKeys = append(subKeys, g.Key)
		}
		if g.ShareOf == f.Key {
			shareKeys = append(shareKeys, g.Key)
		}
	}
	mine, err := s.store.ChecksInvolving(ctx, aud, o, f, naming)
	if err != nil {
		return none, nil, nil, err
	}
	subs, err := s.viewsOf(ctx, subKeys, aud)
	if err != nil {
		return none, nil, nil, err
	}
	shares, err := s.viewsOf(ctx, shareKeys, aud)
	if err != nil {
		return none, nil, nil, err
	}
	return mine, subs, shares, nil
}

// viewsOf reads the figures with keys, in the order of figure lists
// (period, then metric, then key).
func (s *Server) viewsOf(ctx context.Context, keys []string, aud models.Audience) ([]models.FigureView, error) {
	vs, err := s.store.FiguresByKey(ctx, keys, aud)
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(vs, func(a, b models.FigureView) int {
		x, y := a.Figure, b.Figure
		return cmp.Or(cmp.Compare(x.Period.Start.String(), y.Period.Start.String()), cmp.Compare(x.Period.End.String(), y.Period.End.String()),
			cmp.Compare(x.Metric, y.Metric), cmp.Compare(x.Key, y.Key))
	})
	return vs, nil
}

// kindText explains a quantity kind on the figure page.
func kindText(l models.Lang, k models.QuantityKind) string {
	name := models.KindNameIn(l, k)
	switch k {
	case models.Flow:
		return i18n.T(l, "figure.kind_flow", "Kind", name)
	case models.Stock:
		return i18n.T(l, "figure.kind_stock", "Kind", name)
	case models.Cumulative:
		return i18n.T(l, "figure.kind_cumulative", "Kind", name)
	}
	return string(k)
}
