package auth

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
)

var ctx = context.Background()

// t0 is a fixed clock: the limiter is given the time, never reads it.
var t0 = time.Date(2030, 5, 1, 9, 0, 0, 0, time.UTC)

func wantLimited(t *testing.T, err error, what string) {
	t.Helper()
	var rl *RateLimitError
	if !errors.Is(err, ErrRateLimited) || !errors.As(err, &rl) {
		t.Fatalf("%s: %v, want a *RateLimitError", what, err)
	}
	if rl.RetryAfter != DefaultWindow || err.Error() != "too many failed sign-in attempts: try again in 15 minutes" {
		t.Errorf("%s: %q, retry after %v", what, err, rl.RetryAfter)
	}
}

func TestLimiterPerAccount(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		l := NewLimiter(s)
		// Failures from changing addresses still add up for the account,
		// whatever case the address is typed in.
		for i := range DefaultMaxPerAccount {
			if err := l.Allow(ctx, "ana@example.org", "", t0); err != nil {
				t.Fatalf("attempt %d refused: %v", i+1, err)
			}
			ip := "192.0.2." + string(rune('1'+i))
			if err := l.Failed(ctx, []string{"ana@example.org", "ANA@example.org "}[i%2], ip, t0.Add(time.Duration(i)*time.Minute)); err != nil {
				t.Fatal(err)
			}
		}
		now := t0.Add(10 * time.Minute)
		wantLimited(t, l.Allow(ctx, "Ana@Example.org", "198.51.100.7", now), "sixth attempt")
		if err := l.Allow(ctx, "bo@example.org", "198.51.100.7", now); err != nil {
			t.Errorf("another account refused: %v", err)
		}
		// The first failure leaves the window 15 minutes after it.
		if err := l.Allow(ctx, "ana@example.org", "", t0.Add(DefaultWindow+time.Microsecond)); err != nil {
			t.Errorf("after the first failure left the window: %v", err)
		}
		if err := l.Succeeded(ctx, "ANA@example.org"); err != nil {
			t.Fatal(err)
		}
		if err := l.Allow(ctx, "ana@example.org", "", now); err != nil {
			t.Errorf("after a success: %v", err)
		}
	})
}

func TestLimiterPerAddress(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		l := NewLimiter(s)
		// Spraying guesses at many accounts from one address: each
		// account stays under its limit, the address does not.
		for i := range DefaultMaxPerIP {
			email := strings.Repeat("x", i+1) + "@example.org"
			if err := l.Failed(ctx, email, "2001:db8:1:2::"+string(rune('a'+i%6)), t0); err != nil {
				t.Fatal(err)
			}
		}
		wantLimited(t, l.Allow(ctx, "new@example.org", "2001:db8:1:2:ffff::1", t0), "same /64")
		if err := l.Allow(ctx, "new@example.org", "2001:db8:1:3::1", t0); err != nil {
			t.Errorf("another /64: %v", err)
		}
		if err := l.Allow(ctx, "new@example.org", "", t0); err != nil {
			t.Errorf("no address: %v", err)
		}
		// A success does not reset the address's count.
		if err := l.Succeeded(ctx, "x@example.org"); err != nil {
			t.Fatal(err)
		}
		wantLimited(t, l.Allow(ctx, "new@example.org", "2001:db8:1:2::1", t0), "after another account's success")

		n, err := l.Prune(ctx, t0.Add(DefaultWindow+time.Second))
		if err != nil || n != int64(DefaultMaxPerIP*2-1) {
			t.Errorf("Prune = %d, %v; want every attempt (%d) gone", n, err, DefaultMaxPerIP*2-1)
		}
		if err := l.Allow(ctx, "new@example.org", "2001:db8:1:2::1", t0); err != nil {
			t.Errorf("after pruning: %v", err)
		}
	})
}

func TestLimitKeys(t *testing.T) {
	for in, want := range map[string]string{
		"":                         "",
		"  ":                       "",
		"192.0.2.1":                "ip:192.0.2.1",
		" 192.0.2.1 ":              "ip:192.0.2.1",
		"::ffff:192.0.2.1":         "ip:192.0.2.1",
		"2001:db8:1:2:3:4:5:6":     "ip:2001:db8:1:2::/64",
		"2001:DB8:1:2::9":          "ip:2001:db8:1:2::/64",
		"fe80::1%eth0":             "ip:fe80::/64",
		"unix socket":              "ip:unix socket",
		"bad\x00\xffvalue":         "ip:bad\uFFFDvalue",
		strings.Repeat("9", 200):   "ip:" + strings.Repeat("9", 100),
		"198.51.100.1:8080 (port)": "ip:198.51.100.1:8080 (port)",
	} {
		if got := ipKey(in); got != want {
			t.Errorf("ipKey(%q) = %q, want %q", in, got, want)
		}
	}
	if got := accountKey("  Ana@Example.ORG "); got != "account:ana@example.org" {
		t.Errorf("accountKey = %q", got)
	}
	if got := accountKey(strings.Repeat("é", 300)); len(got) > len("account:")+254 || !strings.HasPrefix(got, "account:éé") {
		t.Errorf("accountKey of a long input = %q (%d bytes)", got, len(got))
	}
}
