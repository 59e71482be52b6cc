package store_test

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
)

func TestSessions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ana := newEditor(t, s, "ana@example.org", models.RoleAdmin)
		start := time.Now()
		// Expiry in another time zone and with nanoseconds: compared as
		// instants on both databases, whatever the zone it was given in.
		tokyo := time.FixedZone("JST", 9*3600)
		expires := start.Add(time.Hour + 123456789*time.Nanosecond).In(tokyo)
		must(t, s.CreateSession(ctx, hashOf(1), ana.ID, expires, "Mozilla/5.0 (X11)"))

		got, err := s.GetSession(ctx, hashOf(1), start)
		must(t, err)
		if got.ID != ana.ID || got.Email != "ana@example.org" || got.Role != models.RoleAdmin || got.PasswordHash == "" {
			t.Errorf("GetSession = %+v", got)
		}
		sessions, err := s.ListSessions(ctx, ana.ID)
		must(t, err)
		if len(sessions) != 1 || sessions[0].UserAgent != "Mozilla/5.0 (X11)" ||
			!sessions[0].ExpiresAt.Equal(expires.Truncate(time.Microsecond)) || sessions[0].ExpiresAt.Location() != time.UTC {
			t.Errorf("ListSessions = %+v, want one expiring at %v", sessions, expires)
		}

		// Valid up to the instant before expiry, not at it.
		if _, err := s.GetSession(ctx, hashOf(1), expires.Truncate(time.Microsecond).Add(-time.Microsecond)); err != nil {
			t.Errorf("just before expiry: %v", err)
		}
		_, err = s.GetSession(ctx, hashOf(1), expires.Truncate(time.Microsecond))
		wantCode(t, err, models.EUnauthorized, "not signed in: the session expired")
		_, err = s.GetSession(ctx, hashOf(2), start)
		wantCode(t, err, models.EUnauthorized, "no such session")
		for _, bad := range []string{"", "not a hash", strings.ToUpper(hashOf(0xabcdef))} {
			_, err = s.GetSession(ctx, bad, start)
			wantCode(t, err, models.EUnauthorized, "not signed in")
		}

		wantCode(t, s.CreateSession(ctx, "cookie-token", ana.ID, expires, ""), models.EInvalid, "SHA-256")
		wantCode(t, s.CreateSession(ctx, hashOf(1), ana.ID, expires, ""), models.EConflict, "already in use")
		wantCode(t, s.CreateSession(ctx, hashOf(3), 987654, expires, ""), models.ENotFound, "no editor with id 987654")

		must(t, s.DeleteSession(ctx, hashOf(1)))
		must(t, s.DeleteSession(ctx, hashOf(1))) // signing out twice is fine
		_, err = s.GetSession(ctx, hashOf(1), start)
		wantCode(t, err, models.EUnauthorized, "no such session")
	})
}

// last_seen_at moves at most once a minute, so that page views do not
// each write.
func TestSessionLastSeen(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ana := newEditor(t, s, "ana@example.org", models.RoleEditor)
		must(t, s.CreateSession(ctx, hashOf(1), ana.ID, time.Now().Add(24*time.Hour), ""))
		lastSeen := func() time.Time {
			t.Helper()
			ss, err := s.ListSessions(ctx, ana.ID)
			must(t, err)
			return ss[0].LastSeenAt
		}
		created := lastSeen()
		if time.Since(created) > time.Minute {
			t.Fatalf("a new session was last seen at %v", created)
		}
		_, err := s.GetSession(ctx, hashOf(1), created.Add(59*time.Second))
		must(t, err)
		if got := lastSeen(); !got.Equal(created) {
			t.Errorf("seen 59 s later: last_seen_at moved from %v to %v", created, got)
		}
		later := created.Add(2*time.Minute + 500*time.Nanosecond)
		_, err = s.GetSession(ctx, hashOf(1), later)
		must(t, err)
		if got := lastSeen(); !got.Equal(later.Truncate(time.Microsecond)) {
			t.Errorf("seen 2 min later: last_seen_at = %v, want %v", got, later)
		}
		_, err = s.GetSession(ctx, hashOf(1), later.Add(30*time.Second))
		must(t, err)
		if got := lastSeen(); !got.Equal(later.Truncate(time.Microsecond)) {
			t.Errorf("seen 30 s after that: last_seen_at = %v, want %v", got, later)
		}
	})
}

func TestDeleteExpiredSessions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ana := newEditor(t, s, "ana@example.org", models.RoleEditor)
		base := time.Date(2030, 1, 1, 12, 0, 0, 0, time.UTC)
		for i, d := range []time.Duration{-time.Hour, -time.Second, 0, time.Microsecond, time.Hour} {
			must(t, s.CreateSession(ctx, hashOf(i+1), ana.ID, base.Add(d), ""))
		}
		// now given in another zone: the same instant.
		n, err := s.DeleteExpiredSessions(ctx, base.In(time.FixedZone("", -5*3600)))
		must(t, err)
		if n != 3 {
			t.Errorf("DeleteExpiredSessions removed %d sessions, want 3", n)
		}
		left, err := s.ListSessions(ctx, ana.ID)
		must(t, err)
		var ids []string
		for _, ss := range left {
			ids = append(ids, ss.ExpiresAt.Sub(base).String())
		}
		if len(left) != 2 {
			t.Errorf("left sessions expiring at base%+v, want +1µs and +1h", ids)
		}
	})
}

// What a browser sends as its user agent is stored safely on both
// databases: PostgreSQL refuses NUL and invalid UTF-8.
func TestSessionUserAgentCleaned(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ana := newEditor(t, s, "ana@example.org", models.RoleEditor)
		ua := "bad\x00byte\xff" + strings.Repeat("é", 400)
		must(t, s.CreateSession(ctx, hashOf(1), ana.ID, time.Now().Add(time.Hour), ua))
		ss, err := s.ListSessions(ctx, ana.ID)
		must(t, err)
		got := ss[0].UserAgent
		if !utf8.ValidString(got) || strings.ContainsRune(got, 0) || len(got) > store.MaxUserAgentLength || !strings.HasPrefix(got, "badbyte\uFFFDéé") {
			t.Errorf("stored user agent %q (%d bytes)", got, len(got))
		}
	})
}
