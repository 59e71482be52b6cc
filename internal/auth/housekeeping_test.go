package auth

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
)

// One round of housekeeping removes the expired sessions and the sign-in
// failures older than the window, keeps the rest, and logs what it removed.
func TestSweep(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ana := addEditor(t, s, "ana@example.org", false)
		for name, expires := range map[string]time.Time{"expired": t0.Add(-time.Minute), "at now": t0, "live": t0.Add(time.Hour)} {
			if err := s.CreateSession(ctx, HashToken(name), ana.ID, expires, "test"); err != nil {
				t.Fatal(err)
			}
		}
		for _, at := range []time.Time{t0.Add(-DefaultWindow - time.Second), t0.Add(-DefaultWindow + time.Second), t0} {
			if err := s.RecordLoginAttempt(ctx, "account:ana@example.org", at); err != nil {
				t.Fatal(err)
			}
		}
		var log bytes.Buffer
		sweep(ctx, s, NewLimiter(s), slog.New(slog.NewTextHandler(&log, nil)), t0)

		sessions, err := s.ListSessions(ctx, ana.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(sessions) != 1 || !sessions[0].ExpiresAt.Equal(t0.Add(time.Hour)) {
			t.Errorf("sessions left: %+v, want only the live one", sessions)
		}
		n, err := s.CountLoginAttempts(ctx, "account:ana@example.org", time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		if n != 2 {
			t.Errorf("%d sign-in failures left, want the 2 inside the window", n)
		}
		if !strings.Contains(log.String(), `msg="housekeeping: expired sessions removed" count=2`) {
			t.Errorf("log: %q, want the two expired sessions counted", log.String())
		}
	})
}

// Housekeep returns once its context ends, and a round cut short by the
// end (a server shutting down) logs no warning.
func TestHousekeepStops(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		var log bytes.Buffer
		done := make(chan struct{})
		go func() {
			defer close(done)
			Housekeep(cctx, s, slog.New(slog.NewTextHandler(&log, nil)), time.Hour)
		}()
		<-done
		if log.Len() > 0 {
			t.Errorf("a cancelled round logged: %q", log.String())
		}
	})
}
