package store_test

import (
	"testing"
	"time"

	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
)

// The checks' full computation gives way to the requests being served
// (package pace): with no least run and an hour's wait, it does not end
// while a request is served, and ends once none is.
func TestFullChecksGiveWayToRequests(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		checksFixture(t, s, 40)
		g := s.Requests()
		g.Wait, g.Run = time.Hour, -1
		_, done := g.Serve(ctx)
		errc := make(chan error, 1)
		go func() { errc <- s.RefreshChecks(ctx, models.AudiencePublic, storetest.CheckOptions(t, s)) }()
		select {
		case err := <-errc:
			done()
			t.Fatalf("the full computation ended (err %v) while a request was served", err)
		case <-time.After(300 * time.Millisecond):
		}
		done()
		must(t, <-errc)
		st, err := s.CheckStatus(ctx, models.AudiencePublic, storetest.CheckOptions(t, s))
		must(t, err)
		if !st.Current {
			t.Errorf("CheckStatus after the computation = %+v, want current", st)
		}
	})
}
