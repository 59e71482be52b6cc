package dashboard

import (
	"context"
	"sync"

	"forcedreturns/internal/checks"
	"forcedreturns/models"
)

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
		srcs, err := s.store.ListSources(ctx)
		if err != nil {
			return nil, err
		}
		sources := make(map[string]models.Source, len(srcs))
		for _, src := range srcs {
			sources[src.Key] = src
		}
		// One subject at a time (store.RunChecks), keeping of each figure
		// only the metric and source the index filters on, with their
		// strings shared.
		refs := map[string]checks.FigureRef{}
		intern := map[string]string{}
		in := func(v string) string {
			if w, ok := intern[v]; ok {
				return w
			}
			intern[v] = v
			return v
		}
		results, err := s.store.RunChecks(ctx, aud, checks.Default(sources, checks.CarriedOf(srcs)), func(f *models.Figure) {
			refs[f.Key] = checks.FigureRef{Metric: in(f.Metric), Source: in(f.Source)}
		})
		if err != nil {
			return nil, err
		}
		ix := checks.NewIndex(results, refs)
		// The stream and the reads by key are separate reads: cache the
		// index only if no write came between them.
		if after, err := s.store.DataVersionFor(ctx, aud); err == nil && after == version {
			s.checks.put(aud, version, ix)
		}
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
