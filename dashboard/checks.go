package dashboard

import (
	"context"
	"sync"

	"forcedreturns/internal/checks"
	"forcedreturns/models"
)

// runChecks runs every consistency check over all figures and their
// sources, knowing which sources carry others (carried).
func runChecks(views []models.FigureView, carried checks.Carried) []checks.Result {
	return checks.RunViews(views, carried)
}

// carried reads which sources carry others, for the checks.
func (s *Server) carried(ctx context.Context) (checks.Carried, error) {
	srcs, err := s.store.ListSources(ctx)
	if err != nil {
		return nil, err
	}
	return checks.CarriedOf(srcs), nil
}

// checksFor keeps the results a figure takes part in.
func checksFor(views []models.FigureView, carried checks.Carried, key string) []checks.Result {
	var out []checks.Result
	for _, r := range runChecks(views, carried) {
		if r.Involves(key) {
			out = append(out, r)
		}
	}
	return out
}

// checksCache keeps the checks of every figure, computed once per data
// version and audience (editors' checks see drafts), for /checks and the
// API: each request then costs a pass over the results, not a run.
type checksCache struct {
	mu  sync.Mutex
	key string
	ix  *checks.Index
	// editors' index is kept apart, so that editors and the public
	// taking turns do not compute each other's out of the cache.
	edKey string
	edIx  *checks.Index
}

func (c *checksCache) get(aud models.Audience, key string) *checks.Index {
	c.mu.Lock()
	defer c.mu.Unlock()
	if aud == models.AudienceEditors {
		if c.edKey == key {
			return c.edIx
		}
		return nil
	}
	if c.key == key {
		return c.ix
	}
	return nil
}

func (c *checksCache) put(aud models.Audience, key string, ix *checks.Index) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if aud == models.AudienceEditors {
		c.edKey, c.edIx = key, ix
		return
	}
	c.key, c.ix = key, ix
}

// checksIndex returns the checks of every figure the audience may see, at
// the current data version: from the cache, or computed once for all the
// requests asking at the same time (sharedWork), stopping if they all
// leave.
func (s *Server) checksIndex(ctx context.Context, aud models.Audience) (*checks.Index, error) {
	version, err := s.store.DataVersionFor(ctx, aud)
	if err != nil {
		return nil, err
	}
	if ix := s.checks.get(aud, version); ix != nil {
		return ix, nil
	}
	return sharedResult(ctx, s.checkWork, "checks\x00"+version, func(ctx context.Context) (*checks.Index, error) {
		if ix := s.checks.get(aud, version); ix != nil {
			return ix, nil
		}
		var figs []models.Figure
		refs := map[string]checks.FigureRef{}
		sources := map[string]models.Source{}
		err := s.store.EachFigure(ctx, models.AllFigures(aud), func(v *models.FigureView) error {
			figs = append(figs, v.Figure)
			refs[v.Figure.Key] = checks.FigureRef{Metric: v.Figure.Metric, Source: v.Figure.Source}
			if _, ok := sources[v.Source.Key]; !ok {
				sources[v.Source.Key] = v.Source
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		carried, err := s.carried(ctx)
		if err != nil {
			return nil, err
		}
		results, err := checks.Default(sources, carried).RunContext(ctx, figs)
		if err != nil {
			return nil, err
		}
		ix := checks.NewIndex(results, refs)
		s.checks.put(aud, version, ix)
		return ix, nil
	})
}

// checkPage is the summary and one page of the checks the query selects,
// for the audience (api.Deps.Checks and the /checks page).
func (s *Server) checkPage(ctx context.Context, aud models.Audience, q checks.Query) (checks.Page, error) {
	ix, err := s.checksIndex(ctx, aud)
	if err != nil {
		return checks.Page{}, err
	}
	return ix.Page(q), nil
}
