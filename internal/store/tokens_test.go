package store_test

import (
	"testing"
	"time"

	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
)

func TestTokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ana := newEditor(t, s, "ana@example.org", models.RoleEditor)
		bo := newEditor(t, s, "bo@example.org", models.RoleEditor)
		before := time.Now().UTC().Add(-time.Second)
		ci, err := s.CreateToken(ctx, ana.ID, " ci ", "frt_aaaaaaaa", hashOf(1))
		must(t, err)
		if ci.ID == 0 || ci.EditorID != ana.ID || ci.Name != "ci" || ci.Prefix != "frt_aaaaaaaa" || ci.Hash != hashOf(1) ||
			ci.CreatedAt.Before(before) || ci.LastUsedAt != nil || ci.RevokedAt != nil {
			t.Errorf("CreateToken = %+v", ci)
		}
		_, err = s.CreateToken(ctx, ana.ID, "script", "frt_bbbbbbbb", hashOf(2))
		must(t, err)
		// Prefixes are unique per editor only.
		_, err = s.CreateToken(ctx, bo.ID, "ci", "frt_aaaaaaaa", hashOf(3))
		must(t, err)

		_, err = s.CreateToken(ctx, ana.ID, "again", "frt_aaaaaaaa", hashOf(4))
		wantCode(t, err, models.EConflict, "frt_aaaaaaaa")
		_, err = s.CreateToken(ctx, ana.ID, "again", "frt_cccccccc", hashOf(1))
		wantCode(t, err, models.EConflict)
		_, err = s.CreateToken(ctx, ana.ID, "", "frt bad", "plain-token")
		wantCode(t, err, models.EInvalid, "name", "prefix", "hash")
		_, err = s.CreateToken(ctx, 987654, "x", "frt_dddddddd", hashOf(5))
		wantCode(t, err, models.ENotFound)

		got, err := s.GetEditorByTokenHash(ctx, hashOf(1))
		must(t, err)
		if got.ID != ana.ID || got.Email != "ana@example.org" {
			t.Errorf("GetEditorByTokenHash = %+v", got)
		}
		toks, err := s.ListTokens(ctx, ana.ID)
		must(t, err)
		if len(toks) != 2 || toks[0].Name != "ci" || toks[1].Name != "script" {
			t.Fatalf("ListTokens = %+v", toks)
		}
		if toks[0].LastUsedAt == nil || toks[0].LastUsedAt.Before(before) || toks[1].LastUsedAt != nil {
			t.Errorf("last_used_at after one use of ci: %v, %v", toks[0].LastUsedAt, toks[1].LastUsedAt)
		}
		firstUse := *toks[0].LastUsedAt
		_, err = s.GetEditorByTokenHash(ctx, hashOf(1))
		must(t, err)
		toks, err = s.ListTokens(ctx, ana.ID)
		must(t, err)
		if !toks[0].LastUsedAt.Equal(firstUse) {
			t.Errorf("a second use within a minute moved last_used_at from %v to %v", firstUse, toks[0].LastUsedAt)
		}

		for _, h := range []string{hashOf(99), "frt_plaintoken", ""} {
			_, err = s.GetEditorByTokenHash(ctx, h)
			wantCode(t, err, models.EUnauthorized, "invalid API token")
		}

		must(t, s.RevokeToken(ctx, ana.ID, "frt_aaaaaaaa"))
		must(t, s.RevokeToken(ctx, ana.ID, "frt_aaaaaaaa")) // again: no change
		_, err = s.GetEditorByTokenHash(ctx, hashOf(1))
		wantCode(t, err, models.EUnauthorized, "revoked")
		if _, err := s.GetEditorByTokenHash(ctx, hashOf(3)); err != nil {
			t.Errorf("bo's token with the same prefix: %v", err)
		}
		wantCode(t, s.RevokeToken(ctx, ana.ID, "frt_zzzzzzzz"), models.ENotFound, "frt_zzzzzzzz")
		wantCode(t, s.RevokeToken(ctx, bo.ID, "frt_bbbbbbbb"), models.ENotFound) // ana's, not bo's
		toks, err = s.ListTokens(ctx, ana.ID)
		must(t, err)
		if toks[0].RevokedAt == nil || toks[0].RevokedAt.Location() != time.UTC || toks[1].RevokedAt != nil {
			t.Errorf("after revoking ci: %+v", toks)
		}
		none, err := s.ListTokens(ctx, 987654)
		must(t, err)
		if len(none) != 0 {
			t.Errorf("tokens of a missing editor: %+v", none)
		}
	})
}

func TestLoginAttempts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		base := time.Date(2030, 1, 1, 12, 0, 0, 0, time.UTC)
		const acct, ip = "account:ana@example.org", "ip:192.0.2.1"
		for _, d := range []time.Duration{-20 * time.Minute, -15 * time.Minute, -time.Minute, 0} {
			must(t, s.RecordLoginAttempt(ctx, acct, base.Add(d)))
		}
		must(t, s.RecordLoginAttempt(ctx, ip, base))
		count := func(key string, since time.Time) int {
			t.Helper()
			n, err := s.CountLoginAttempts(ctx, key, since)
			must(t, err)
			return n
		}
		if n := count(acct, base.Add(-15*time.Minute).In(time.FixedZone("", 3600))); n != 3 {
			t.Errorf("attempts in the last 15 minutes = %d, want 3 (the bound included)", n)
		}
		if n := count(acct, base.Add(-15*time.Minute+time.Microsecond)); n != 2 {
			t.Errorf("attempts after the bound = %d, want 2", n)
		}
		if n := count("account:other@example.org", base.Add(-time.Hour)); n != 0 {
			t.Errorf("another key has %d attempts", n)
		}

		must(t, s.ClearLoginAttempts(ctx, acct))
		if n := count(acct, base.Add(-time.Hour)); n != 0 {
			t.Errorf("after clearing: %d attempts", n)
		}
		if n := count(ip, base.Add(-time.Hour)); n != 1 {
			t.Errorf("clearing one key cleared another: %d attempts", n)
		}

		must(t, s.RecordLoginAttempt(ctx, acct, base.Add(-time.Hour)))
		n, err := s.PruneLoginAttempts(ctx, base.Add(-30*time.Minute))
		must(t, err)
		if n != 1 || count(ip, base.Add(-time.Hour)) != 1 {
			t.Errorf("PruneLoginAttempts removed %d, want 1 (and kept the recent one)", n)
		}

		wantCode(t, s.RecordLoginAttempt(ctx, "", base), models.EInvalid)
		wantCode(t, s.RecordLoginAttempt(ctx, "account:\xff", base), models.EInvalid)
	})
}
