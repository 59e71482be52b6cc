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
// heldBack fails unless run does not end while a request is served, with
// no least run and an hour's wait between its steps (package pace), and
// ends without error once none is.
func heldBack(t *testing.T, s *store.Store, what string, run func() error) {
	t.Helper()
	g := s.Requests()
	g.Wait, g.Run = time.Hour, -1
	defer func() { g.Wait, g.Run = 0, 0 }()
	_, done := g.Serve(ctx)
	errc := make(chan error, 1)
	go func() { errc <- run() }()
	select {
	case err := <-errc:
		done()
		t.Fatalf("%s ended (err %v) while a request was served", what, err)
	case <-time.After(300 * time.Millisecond):
	}
	done()
	if err := <-errc; err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// The checks' full computation and the page anchors' reading give way
// to the requests being served.
func TestBackgroundWorkGivesWayToRequests(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		checksFixture(t, s, 40)
		o := storetest.CheckOptions(t, s)
		heldBack(t, s, "the checks' full computation", func() error { return s.RefreshChecks(ctx, models.AudiencePublic, o) })
		st, err := s.CheckStatus(ctx, models.AudiencePublic, o)
		must(t, err)
		if !st.Current {
			t.Errorf("CheckStatus after the computation = %+v, want current", st)
		}
		heldBack(t, s, "the page anchors' reading", func() error { return s.RefreshPageAnchors(ctx) })
	})
}
