package dashboard

import (
	"context"
	"sync"

	"forcedreturns/internal/checks"
	"forcedreturns/models"
)

// The checks are stored in the database by unit and computed again only
// for the units a write touched (store.RefreshChecks); /checks and the
// API read a summary and a page of them (store.CheckPage). checksFresh
// remembers the data version, per audience (editors' checks see
// drafts), that the stored checks were last brought up to, so that a
// request at that version reads them without asking.
type checksFresh struct {
	mu      sync.Mutex
	version map[models.Audience]string
}

func (c *checksFresh) is(aud models.Audience, version string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.version[aud] == version
}

func (c *checksFresh) put(aud models.Audience, version string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version == nil {
		c.version = map[models.Audience]string{}
	}
	c.version[aud] = version
}

// refreshChecks brings the audience's stored checks up to the current
// data version: once for all the requests asking at the same time
// (sharedWork), stopping if they all leave.
func (s *Server) refreshChecks(ctx context.Context, aud models.Audience) error {
	version, err := s.store.DataVersionFor(ctx, aud)
	if err != nil {
		return err
	}
	if s.checks.is(aud, version) {
		return nil
	}
	_, err = sharedResult(ctx, s.checkWork, "checks\x00"+version, func(ctx context.Context) (struct{}, error) {
		if s.checks.is(aud, version) {
			return struct{}{}, nil
		}
		srcs, err := s.store.ListSources(ctx)
		if err != nil {
			return struct{}{}, err
		}
		sources := make(map[string]models.Source, len(srcs))
		for _, src := range srcs {
			sources[src.Key] = src
		}
		if err := s.store.RefreshChecks(ctx, aud, checks.Default(sources, checks.CarriedOf(srcs))); err != nil {
			return struct{}{}, err
		}
		// Whatever was written since version was read left its notes
		// for the next refresh.
		s.checks.put(aud, version)
		return struct{}{}, nil
	})
	return err
}

// refreshChecksLater brings the audience's stored checks up to date in
// the background, once at a time, whoever leaves: a figure page whose
// checks are pending (store.ChecksInvolving) does not wait for it.
func (s *Server) refreshChecksLater(ctx context.Context, aud models.Audience) {
	if !s.checksLater.CompareAndSwap(false, true) {
		return
	}
	go func() {
		defer s.checksLater.Store(false)
		if err := s.refreshChecks(context.WithoutCancel(ctx), aud); err != nil {
			s.log.Error("bring the stored checks up to date", "err", err)
		}
	}()
}

// checkPage is the summary and one page of the checks the query selects,
// for the audience (api.Deps.Checks and the /checks page).
func (s *Server) checkPage(ctx context.Context, aud models.Audience, q checks.Query) (checks.Page, error) {
	if err := s.refreshChecks(ctx, aud); err != nil {
		return checks.Page{}, err
	}
	return s.store.CheckPage(ctx, aud, q)
}
