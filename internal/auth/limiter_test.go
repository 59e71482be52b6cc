package auth

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
)

var ctx = context.Background()

// t0 is a fixed clock: the limiter is given the time, never reads it.
var t0 = time.Date(2030, 5, 1, 9, 0, 0, 0, time.UTC)

// wantLimited checks that err is a refusal by the limiter saying to wait
// retry, in words and in RetryAfter.
func wantLimited(t *testing.T, err error, retry time.Duration, what string) {
	t.Helper()
	var rl *RateLimitError
	if !errors.Is(err, ErrRateLimited) || !errors.As(err, &rl) {
		t.Fatalf("%s: %v, want a *RateLimitError", what, err)
	}
	if want := "too many failed sign-in attempts: try again in " + humanDuration(retry); rl.RetryAfter != retry || err.Error() != want {
		t.Errorf("%s: %q, retry after %v; want %q", what, err, rl.RetryAfter, want)
	}
}

// One client may fail at one account five times in 15 minutes, whatever
// case the address is typed in; other clients are not refused for it.
func TestLimiterPerAccountAndAddress(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		l := NewLimiter(s)
		for i := range DefaultMaxPerAccountAndIP {
			if err := l.Allow(ctx, "ana@example.org", "192.0.2.1", t0); err != nil {
				t.Fatalf("attempt %d refused: %v", i+1, err)
			}
			if err := l.Failed(ctx, []string{"ana@example.org", "ANA@example.org "}[i%2], "192.0.2.1", t0.Add(time.Duration(i)*time.Minute)); err != nil {
				t.Fatal(err)
			}
		}
		now := t0.Add(10 * time.Minute)
		wantLimited(t, l.Allow(ctx, "Ana@Example.org", "192.0.2.1", now), DefaultWindow, "sixth attempt")
		if err := l.Allow(ctx, "ana@example.org", "198.51.100.7", now); err != nil {
			t.Errorf("another address refused: %v", err)
		}
		if err := l.Allow(ctx, "bo@example.org", "192.0.2.1", now); err != nil {
			t.Errorf("another account refused: %v", err)
		}
		// The first failure leaves the window 15 minutes after it.
		if err := l.Allow(ctx, "ana@example.org", "192.0.2.1", t0.Add(DefaultWindow+time.Microsecond)); err != nil {
			t.Errorf("after the first failure left the window: %v", err)
		}
		// A success (recorded as a failure first, as Authenticate does)
		// forgets the client's failures at the account.
		if err := l.Failed(ctx, "ana@example.org", "192.0.2.1", now); err != nil {
			t.Fatal(err)
		}
		if err := l.Succeeded(ctx, "ANA@example.org", "192.0.2.1", now); err != nil {
			t.Fatal(err)
		}
		if err := l.Allow(ctx, "ana@example.org", "192.0.2.1", now); err != nil {
			t.Errorf("after a success: %v", err)
		}
		// The account keeps its five failures (they are guesses still),
		// the address none for the success.
		for key, want := range map[string]int{"account:ana@example.org": 5, "ip:192.0.2.1": 5, "ip:192.0.2.1 account:ana@example.org": 0} {
			if n, err := s.CountLoginAttempts(ctx, key, t0); err != nil || n != want {
				t.Errorf("%s: %d failures after the success (%v), want %d", key, n, err, want)
			}
		}
	})
}

func TestLimiterDelay(t *testing.T) {
	l := NewLimiter(nil)
	for n, want := range map[int]time.Duration{
		0: 0, 4: 0, 5: time.Minute, 6: 2 * time.Minute, 7: 4 * time.Minute, 8: 8 * time.Minute,
		9: 15 * time.Minute, 10: 15 * time.Minute, 1 << 30: 15 * time.Minute,
	} {
		if got := l.delay(n); got != want {
			t.Errorf("delay(%d) = %v, want %v", n, got, want)
		}
	}
	l.AccountDelay = 0
	if got := l.delay(100); got != 0 {
		t.Errorf("delay with AccountDelay 0 = %v, want none", got)
	}
}

// Failures spread over many addresses make every client that failed wait
// longer before its next guess, and no other client.
func TestLimiterAccountDelay(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		l := NewLimiter(s)
		ip := func(i int) string { return fmt.Sprintf("2001:db8:%x::1", i) }
		// Failures 1 to 4 from four addresses: no delay yet.
		for i := range 4 {
			if err := l.Failed(ctx, "ana@example.org", ip(i), t0.Add(time.Duration(i)*time.Second)); err != nil {
				t.Fatal(err)
			}
		}
		now := t0.Add(time.Minute)
		if err := l.Allow(ctx, "ana@example.org", ip(0), now); err != nil {
			t.Errorf("four failures over the account: %v", err)
		}
		// The fifth: whoever failed waits a minute after its last failure.
		if err := l.Failed(ctx, "ana@example.org", ip(4), now); err != nil {
			t.Fatal(err)
		}
		wantLimited(t, l.Allow(ctx, "ana@example.org", ip(4), now.Add(30*time.Second)), time.Minute, "five failures, the last one's client")
		if err := l.Allow(ctx, "ana@example.org", ip(0), now.Add(30*time.Second)); err != nil {
			t.Errorf("a client whose failure is over a minute old: %v", err)
		}
		if err := l.Allow(ctx, "ana@example.org", ip(4), now.Add(time.Minute+time.Microsecond)); err != nil {
			t.Errorf("a minute after: %v", err)
		}
		// Five more: the delay reaches its cap.
		for i := 5; i < 10; i++ {
			if err := l.Failed(ctx, "ana@example.org", ip(i), now); err != nil {
				t.Fatal(err)
			}
		}
		later := now.Add(10 * time.Minute)
		// Every client that failed now waits 15 minutes after its failure,
		// those whose failure is ten minutes old too.
		for i := range 10 {
			wantLimited(t, l.Allow(ctx, "ana@example.org", ip(i), later), DefaultAccountDelayMaximum, fmt.Sprintf("ten failures, client %d", i))
		}
		if err := l.Allow(ctx, "ana@example.org", ip(0), t0.Add(DefaultAccountDelayMaximum+time.Microsecond)); err != nil {
			t.Errorf("15 minutes after its failure: %v", err)
		}
		// A client that has not failed at this account is not refused.
		if err := l.Allow(ctx, "ana@example.org", ip(99), later); err != nil {
			t.Errorf("a new client refused: %v", err)
		}
		if err := l.Allow(ctx, "ana@example.org", "", later); err != nil {
			t.Errorf("a client without an address refused: %v", err)
		}
		if err := l.Allow(ctx, "bo@example.org", ip(4), later); err != nil {
			t.Errorf("another account refused: %v", err)
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
		wantLimited(t, l.Allow(ctx, "new@example.org", "2001:db8:1:2:ffff::1", t0), DefaultWindow, "same /64")
		wantLimited(t, l.Allow(ctx, "x@example.org", "2001:db8:1:2:ffff::1", t0), DefaultWindow, "same /64, an account it failed at")
		if err := l.Allow(ctx, "new@example.org", "2001:db8:1:3::1", t0); err != nil {
			t.Errorf("another /64: %v", err)
		}
		if err := l.Allow(ctx, "new@example.org", "", t0); err != nil {
			t.Errorf("no address: %v", err)
		}
		// A success takes back its own attempt only, not the address's
		// count of guesses at other accounts.
		if err := l.Failed(ctx, "x@example.org", "2001:db8:1:2::1", t0.Add(time.Second)); err != nil {
			t.Fatal(err)
		}
		if err := l.Succeeded(ctx, "x@example.org", "2001:db8:1:2::1", t0.Add(time.Second)); err != nil {
			t.Fatal(err)
		}
		wantLimited(t, l.Allow(ctx, "new@example.org", "2001:db8:1:2::1", t0), DefaultWindow, "after another account's success")

		// Three rows a failure: the pair, the account, the address; the
		// success cleared one pair's.
		n, err := l.Prune(ctx, t0.Add(DefaultWindow+2*time.Second))
		if err != nil || n != int64(DefaultMaxPerIP*3-1) {
			t.Errorf("Prune = %d, %v; want every attempt (%d) gone", n, err, DefaultMaxPerIP*3-1)
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
	for _, tc := range []struct{ email, ip, want string }{
		{" Ana@Example.ORG", "2001:db8:1:2::9", "ip:2001:db8:1:2::/64 account:ana@example.org"},
		{"ana@example.org", "::ffff:192.0.2.1", "ip:192.0.2.1 account:ana@example.org"},
		{"ana@example.org", " ", "ip:- account:ana@example.org"},
	} {
		if got := pairKey(tc.email, tc.ip); got != tc.want {
			t.Errorf("pairKey(%q, %q) = %q, want %q", tc.email, tc.ip, got, tc.want)
		}
	}
	if long := pairKey(strings.Repeat("é", 300), strings.Repeat("9", 200)); len(long) > store.MaxAttemptKeyLength {
		t.Errorf("the longest pair key has %d bytes, over the store's %d", len(long), store.MaxAttemptKeyLength)
	}
}
