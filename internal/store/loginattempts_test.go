package store_test

import (
	"testing"
	"time"

	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
)

// Forgetting takes back one attempt, the one at that time under that key.
func TestForgetLoginAttempt(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		at := time.Date(2030, 1, 1, 12, 0, 0, 123456789, time.UTC)
		const k, other = "ip:192.0.2.1 account:ana@example.org", "account:ana@example.org"
		for _, key := range []string{k, k, other} {
			must(t, s.RecordLoginAttempt(ctx, key, at))
		}
		must(t, s.RecordLoginAttempt(ctx, k, at.Add(-time.Minute)))
		count := func(key string) int {
			t.Helper()
			n, err := s.CountLoginAttempts(ctx, key, at.Add(-time.Hour))
			must(t, err)
			return n
		}
		// The time is given in another zone and with nanoseconds, as a
		// caller's clock may give it; it names the stored attempt still.
		must(t, s.ForgetLoginAttempt(ctx, k, at.In(time.FixedZone("", -5*3600))))
		if n := count(k); n != 2 {
			t.Errorf("after forgetting one of three: %d attempts, want 2", n)
		}
		must(t, s.ForgetLoginAttempt(ctx, k, at.Add(time.Second)))
		must(t, s.ForgetLoginAttempt(ctx, "ip:203.0.113.1", at))
		if n, m := count(k), count(other); n != 2 || m != 1 {
			t.Errorf("forgetting what was never recorded removed something: %d and %d left, want 2 and 1", n, m)
		}
		must(t, s.ForgetLoginAttempt(ctx, k, at))
		must(t, s.ForgetLoginAttempt(ctx, k, at))
		if n, m := count(k), count(other); n != 1 || m != 1 {
			t.Errorf("after forgetting the attempts at one time: %d and %d left, want 1 (the earlier one) and 1", n, m)
		}
	})
}

// Failed sign-ins are not data: recording, clearing and pruning them
// leaves the data version, and so every cache and ETag, as it was.
// Otherwise anyone could empty the chart caches with wrong passwords.
func TestLoginAttemptsKeepDataVersion(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		before, err := s.DataVersion(ctx)
		must(t, err)
		at := time.Date(2030, 1, 1, 12, 0, 0, 0, time.UTC)
		must(t, s.RecordLoginAttempt(ctx, "account:ana@example.org", at))
		must(t, s.RecordLoginAttempt(ctx, "ip:192.0.2.1", at))
		must(t, s.ClearLoginAttempts(ctx, "ip:192.0.2.1"))
		_, err = s.PruneLoginAttempts(ctx, at.Add(time.Hour))
		must(t, err)
		after, err := s.DataVersion(ctx)
		must(t, err)
		if after != before {
			t.Errorf("data version %s became %s after sign-in attempts alone", before, after)
		}
	})
}
