package dashboard

import (
	"context"
	"fmt"
	"runtime/debug"
	"sync"
	"time"

	"forcedreturns/internal/checks"
	"forcedreturns/internal/pace"
	"forcedreturns/models"
)

// The checks are stored in the database by unit and computed again only
// for the units a write touched (store.RefreshChecks); /checks and the
// API read a summary and a page of them (store.CheckPage). checksFresh
// remembers the data version, per audience (editors' checks see
// drafts), that the stored checks were last brought up to, so that a
// request at that version reads them without asking.
//
// Bringing them up to date can take minutes on a large database (after
// an import, or a new version of the checks: everything is computed
// again), so it is not a request's work: it runs in the background
// (checkRuns), once per audience at a time, and a request waits for it
// at most Config.ChecksWait, then answers from the last computation
// completed, saying that the checks are being computed again and what
// they are as of (checks.Page.Computing, AsOf).
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

// DefaultChecksWait is how long a request waits for the checks being
// computed before it answers from the last computation completed.
const DefaultChecksWait = 300 * time.Millisecond

// checkRuns runs the computations of the stored checks: at most one per
// audience (a request that needs one under way joins it), one at a time
// (two would compute the same units twice), under the server's lifetime
// rather than a request's (a request that leaves does not stop what the
// next will need); Close stops them and waits for them.
type checkRuns struct {
	mu      sync.Mutex
	running map[models.Audience]*checkRun
	turn    sync.Mutex // held by the computation under way: the checks', or storing the countable columns (keep)
	keeping sync.Mutex // held while a download's countable columns are stored (keepCounts)
	ctx     context.Context
	stop    context.CancelFunc
	wg      sync.WaitGroup
}

// checkRun is one computation: done is closed when it ends, with err.
type checkRun struct {
	done chan struct{}
	err  error
}

func newCheckRuns() *checkRuns {
	ctx, stop := context.WithCancel(context.Background())
	return &checkRuns{running: map[models.Audience]*checkRun{}, ctx: ctx, stop: stop}
}

// close stops the computations under way and waits for them to end.
func (r *checkRuns) close() {
	r.mu.Lock()
	r.stop()
	r.mu.Unlock()
	r.wg.Wait()
}

// Close stops the work the server runs in the background (the checks'
// computation, storing the countable columns) and waits for it to end: call it once the server no
// longer serves, before closing the store.
func (s *Server) Close() { s.checkRuns.close() }

// startChecks returns the computation of the audience's checks under
// way, starting one if there is none.
func (s *Server) startChecks(aud models.Audience) *checkRun {
	r := s.checkRuns
	r.mu.Lock()
	defer r.mu.Unlock()
	if run := r.running[aud]; run != nil {
		return run
	}
	run := &checkRun{done: make(chan struct{})}
	if err := r.ctx.Err(); err != nil { // closed
		run.err = err
		close(run.done)
		return run
	}
	r.running[aud] = run
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		defer func() {
			// The server's recovery does not reach this goroutine.
			if p := recover(); p != nil {
				run.err = fmt.Errorf("computing the checks: panic: %v\n%s", p, debug.Stack())
			}
			if run.err != nil && r.ctx.Err() == nil {
				s.log.Error("computing the checks failed", "audience", audienceLabel(aud), "err", run.err)
			}
			r.mu.Lock()
			delete(r.running, aud)
			r.mu.Unlock()
			close(run.done)
		}()
		run.err = s.computeChecksRetrying(r.ctx, aud)
	}()
	return run
}

// checksRetryWait is how long a computation of the checks refused by a
// busy database (another writer holds SQLite's write lock: an import,
// the start-up build of the chart cells) waits before trying again; it
// doubles at each try, up to checksRetries tries. A variable for the tests.
var checksRetryWait = time.Second

const checksRetries = 6 // 1+2+4+8+16 s of waiting at most

// computeChecksRetrying is computeChecks, tried again while the database
// is busy, so that a computation started in the background (by a figure
// page) does not end for good on a lock held for a few seconds with
// nobody to start it again.
func (s *Server) computeChecksRetrying(ctx context.Context, aud models.Audience) error {
	wait := checksRetryWait
	for try := 1; ; try++ {
		err := s.computeChecks(ctx, aud)
		if err == nil || !unavailable(err) || try == checksRetries {
			return err
		}
		s.log.Warn("computing the checks: the database is busy; trying again", "audience", audienceLabel(aud), "in", wait, "err", err)
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		}
		wait *= 2
	}
}

func audienceLabel(aud models.Audience) string {
	if aud.Sees(models.StatusDraft) {
		return "editors"
	}
	return "public"
}

// computeChecks brings the audience's stored checks up to the current
// data version, when its turn comes.
func (s *Server) computeChecks(ctx context.Context, aud models.Audience) error {
	s.checkRuns.turn.Lock()
	defer s.checkRuns.turn.Unlock()
	version, err := s.store.DataVersionFor(ctx, aud)
	if err != nil {
		return err
	}
	if s.checks.is(aud, version) {
		return nil
	}
	o, err := s.checkOptions(ctx)
	if err != nil {
		return err
	}
	if err := s.store.RefreshChecks(ctx, aud, o); err != nil {
		return err
	}
	// Whatever was written since version was read left its notes for the
	// next computation.
	s.checks.put(aud, version)
	return nil
}

// checkOptions are the checks' options over the current sources and
// metrics (whose labels name them in the results' Korean).
func (s *Server) checkOptions(ctx context.Context) (checks.Options, error) {
	srcs, err := s.store.ListSources(ctx)
	if err != nil {
		return checks.Options{}, err
	}
	ms, err := s.store.ListMetrics(ctx)
	if err != nil {
		return checks.Options{}, err
	}
	sources := make(map[string]models.Source, len(srcs))
	for _, src := range srcs {
		sources[src.Key] = src
	}
	return checks.Default(sources, checks.CarriedOf(srcs), checks.MetricsOf(ms)), nil
}

// refreshChecks brings the audience's stored checks up to the current
// data version, waiting for their computation at most s.checksWait:
// computing is true when it has not ended by then (it goes on in the
// background). A request that leaves stops waiting, not the computation.
func (s *Server) refreshChecks(ctx context.Context, aud models.Audience) (computing bool, err error) {
	version, err := s.store.DataVersionFor(ctx, aud)
	if err != nil {
		return false, err
	}
	if s.checks.is(aud, version) {
		return false, nil
	}
	var timeout <-chan time.Time
	if s.checksWait >= 0 {
		t := time.NewTimer(s.checksWait)
		defer t.Stop()
		timeout = t.C
	}
	for {
		o, err := s.checkOptions(ctx)
		if err != nil {
			return false, err
		}
		st, err := s.store.CheckStatus(ctx, aud, o)
		if err != nil {
			return false, err
		}
		if st.Current {
			// Up to date (with version or later: put is only a hint).
			s.checks.put(aud, version)
			return false, nil
		}
		run := s.startChecks(aud)
		if timeout == nil {
			return true, nil
		}
		// The computation gives way to the requests served (package
		// pace), but not to one that waits for it.
		back := pace.Aside(ctx)
		ended := false // the computation, else the wait or the request
		select {
		case <-run.done:
			ended = true
		case <-timeout:
		case <-ctx.Done():
		}
		back()
		if !ended {
			if err := ctx.Err(); err != nil {
				return false, err
			}
			return true, nil
		}
		if run.err != nil {
			return false, run.err
		}
		// It may have begun before a write this request sees: ask again.
	}
}

// refreshChecksLater starts bringing the audience's stored checks up to
// date in the background (one computation per audience, shared; see
// startChecks): a figure page whose checks are pending
// (store.ChecksInvolving) does not wait for it.
func (s *Server) refreshChecksLater(aud models.Audience) { s.startChecks(aud) }

// checkPage is the summary and one page of the checks the query selects,
// for the audience (api.Deps.Checks and the /checks page): from the last
// computation completed, Computing if another is under way.
func (s *Server) checkPage(ctx context.Context, aud models.Audience, q checks.Query) (checks.Page, error) {
	computing, err := s.refreshChecks(ctx, aud)
	if err != nil {
		return checks.Page{}, err
	}
	p, err := s.store.CheckPage(ctx, aud, q)
	p.Computing = computing
	return p, err
}
