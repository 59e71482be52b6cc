package dashboard

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"forcedreturns/internal/checks"
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
	Revisions []revisionView
	Citation  string
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
	d := figureShowData{View: v, KindText: kindText(f.Kind)}
	if f.Derived {
		if expr, err := models.ParseFormula(f.Formula); err == nil {
			values := map[string]int64{}
			for _, ref := range expr.Refs() {
				in, err := s.store.GetFigure(ctx, ref, aud)
				if err != nil {
					if models.ErrorCode(err) == models.ENotFound {
						continue
					}
					return err
				}
				d.Inputs = append(d.Inputs, in)
				if in.Figure.Qualifier.HasNumber() {
					values[ref] = in.Figure.Value
				}
			}
			d.Explain = expr.Explain(values)
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
	amount := f.AmountLabel()
	if f.ShareOf != "" {
		b, err := s.store.GetFigure(ctx, f.ShareOf, aud)
		if err != nil && models.ErrorCode(err) != models.ENotFound {
			return err
		}
		if err == nil {
			d.Base, d.ShareBase = &b, models.ShareBaseText(b.Figure, b.Metric.Label)
			amount = f.ShareText(b.Figure, b.Metric.Label)
		}
	}
	related, err := s.relatedFigures(c, f, aud)
	if err != nil {
		return err
	}
	for _, r := range related {
		if r.Figure.SubgroupOf == f.Key {
			d.Subgroups = append(d.Subgroups, r)
		}
		if r.Figure.ShareOf == f.Key {
			d.Shares = append(d.Shares, r)
		}
	}
	carried, err := s.carried(ctx)
	if err != nil {
		return err
	}
	d.Checks = checksFor(related, carried, f.Key)
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
	d.Citation = amount + " (" + v.Metric.Label + ", " + f.Population + ", " + f.Period.Label() + "), reported by " +
		f.ReportedBy + ". " + v.Source.Citation(v.Original)
	title := f.ValueLabel() + " " + v.Metric.Label
	if f.Share() {
		title = f.ValueLabel() + " " + f.Population + ", a share of " + v.Metric.Label
	}
	s.renderPage(c, http.StatusOK, "figure.html", pageData{Title: title, Nav: "figures",
		Canonical: "/figures/" + f.Key, Data: d, Description: f.Evidence()})
	return nil
}

// relatedFigures returns the figures the checks may relate to this one —
// those about the same people (population and states) and its subgroup
// and share family, whatever their status the audience may see, so that a retracted
// input is named as retracted rather than as missing — plus its derivation
// inputs, wherever they are. Reading only this group keeps a figure page
// cheap however large the database grows.
func (s *Server) relatedFigures(c *gin.Context, f models.Figure, aud models.Audience) ([]models.FigureView, error) {
	filter := models.AllFigures(aud)
	if f.ActingState != "" {
		filter.ActingStates = []string{f.ActingState}
	}
	if f.ReceivingState != "" {
		filter.ReceivingStates = []string{f.ReceivingState}
	}
	var out []models.FigureView
	seen := map[string]bool{}
	err := s.store.EachFigure(c.Request.Context(), filter, func(v *models.FigureView) error {
		g := v.Figure
		samePeople := checks.SamePeople(g, f)
		// Subgroups and shares name their own population; they belong
		// with the figure they are part or a share of.
		family := g.SubgroupOf == f.Key || g.Key == f.SubgroupOf || (f.SubgroupOf != "" && g.SubgroupOf == f.SubgroupOf) ||
			g.ShareOf == f.Key || g.Key == f.ShareOf
		if samePeople || family {
			out = append(out, *v)
			seen[v.Figure.Key] = true
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if expr, err := models.ParseFormula(f.Formula); f.Derived && err == nil {
		for _, ref := range expr.Refs() {
			if seen[ref] {
				continue
			}
			in, err := s.store.GetFigure(c.Request.Context(), ref, aud)
			if err != nil && models.ErrorCode(err) != models.ENotFound {
				return nil, err
			}
			if err == nil {
				out = append(out, in)
			}
		}
	}
	return out, nil
}

// kindText explains a quantity kind on the figure page.
func kindText(k models.QuantityKind) string {
	switch k {
	case models.Flow:
		return "flow — people counted over the period"
	case models.Stock:
		return "stock — people in that situation at that date"
	case models.Cumulative:
		return "cumulative — everyone counted since the period's start"
	}
	return string(k)
}
