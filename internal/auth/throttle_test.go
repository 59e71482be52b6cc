package auth

// Tests of what the limiter promises an account's owner and what it
// allows a guesser, over simulated hours: the time is given to
// Authenticate, never slept.

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
)

// outcome names what a sign-in came to: "ok", "wrong" or "wait <d>".
func outcome(t *testing.T, err error) string {
	t.Helper()
	var rl *RateLimitError
	switch {
	case err == nil:
		return "ok"
	case errors.As(err, &rl):
		return "wait " + rl.RetryAfter.String()
	case models.ErrorCode(err) == models.EUnauthorized:
		return "wrong"
	}
	t.Fatalf("unexpected error: %v", err)
	return ""
}

// A stranger sending five wrong passwords every 15 minutes from address A
// used to keep the account locked for ever. Now the owner, from address B, signs
// in at once every time, and A stays throttled: refused every quarter
// hour, and never more than five guesses in 15 minutes. An unknown
// account answers the stranger exactly as the real one does.
func TestStrangerCannotLockOutOwner(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		addEditor(t, s, "ana@example.org", false)
		l := NewLimiter(s)
		c := countChecks(t)
		answers := map[string][]string{}
		for _, acct := range []struct{ email, stranger string }{
			{"ana@example.org", "203.0.113.5"},
			{"nobody@example.org", "203.0.113.6"},
		} {
			var guesses []time.Time
			for q := range 4 * 8 { // quarter hours in eight hours
				start := t0.Add(time.Duration(q) * DefaultWindow)
				refused := false
				for i := range 6 {
					at := start.Add(time.Duration(i) * time.Minute)
					_, err := Authenticate(ctx, s, l, acct.email, fmt.Sprintf("guess %d-%d", q, i), acct.stranger, at)
					o := outcome(t, err)
					answers[acct.email] = append(answers[acct.email], o)
					switch o {
					case "wrong":
						guesses = append(guesses, at)
					case "ok":
						t.Fatalf("a guess signed in")
					default:
						refused = true
					}
				}
				if !refused {
					t.Errorf("%s, quarter %d: the stranger was refused nothing", acct.email, q)
				}
				if acct.email != "ana@example.org" {
					continue
				}
				c.take()
				at := start.Add(7 * time.Minute)
				if e, err := Authenticate(ctx, s, l, "ana@example.org", goodPassword, "198.51.100.7", at); err != nil || e.Email != "ana@example.org" {
					t.Fatalf("quarter %d: the owner from another address: %v", q, err)
				}
				if real, _ := c.take(); real != 1 {
					t.Errorf("quarter %d: the owner's sign-in checked %d passwords, want 1", q, real)
				}
			}
			if max := maxIn(guesses, DefaultWindow); max > DefaultMaxPerAccountAndIP {
				t.Errorf("%s: %d guesses in 15 minutes from one address, want at most %d", acct.email, max, DefaultMaxPerAccountAndIP)
			}
		}
		a, b := answers["ana@example.org"], answers["nobody@example.org"]
		if fmt.Sprint(a) != fmt.Sprint(b) {
			t.Errorf("the stranger's answers differ between a real and an unknown account:\n%v\n%v", a, b)
		}
	})
}

// Failures from many addresses slow down every client that has failed,
// the owner too after a typo, but never refuse the first try of one
// that has not: the right password from a new address always works.
func TestOwnerUnderAttackFromManyAddresses(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		addEditor(t, s, "ana@example.org", false)
		l := NewLimiter(s)
		for i := range 50 {
			ip := fmt.Sprintf("192.0.2.%d", i+1)
			if _, err := Authenticate(ctx, s, l, "ana@example.org", "wrong guess", ip, t0.Add(time.Duration(i)*time.Second)); models.ErrorCode(err) != models.EUnauthorized {
				t.Fatalf("guess %d: %v", i+1, err)
			}
		}
		now := t0.Add(time.Minute)
		if _, err := Authenticate(ctx, s, l, "ana@example.org", goodPassword, "198.51.100.7", now); err != nil {
			t.Fatalf("the owner's first try: %v", err)
		}
		// A typo: the owner's address is now a failing client, and waits.
		const owner = "2001:db8:77::1"
		if _, err := Authenticate(ctx, s, l, "ana@example.org", "a typo", owner, now); models.ErrorCode(err) != models.EUnauthorized {
			t.Fatalf("the typo: %v", err)
		}
		_, err := Authenticate(ctx, s, l, "ana@example.org", goodPassword, owner, now.Add(time.Second))
		wantLimited(t, err, DefaultAccountDelayMaximum, "right after a typo")
		if _, err := Authenticate(ctx, s, l, "ana@example.org", goodPassword, owner, now.Add(DefaultAccountDelayMaximum+time.Second)); err != nil {
			t.Errorf("after the delay: %v", err)
		}
		// A stranger that failed waits as long, however it polls.
		_, err = Authenticate(ctx, s, l, "ana@example.org", "another guess", "192.0.2.50", now.Add(5*time.Minute))
		wantLimited(t, err, DefaultAccountDelayMaximum, "a stranger's next guess")
	})
}

// From one address, an attacker gets no more guesses at one account in
// any hour than before (5 per 15 minutes: 20), however fast it tries.
func TestGuessRateFromOneAddress(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		addEditor(t, s, "ana@example.org", false)
		guesses := attack(t, s, "ana@example.org", 1, 3*time.Hour, 10*time.Second)
		const today = DefaultMaxPerAccountAndIP * int(time.Hour/DefaultWindow)
		max := maxIn(guesses, time.Hour)
		if max > today || max == 0 {
			t.Errorf("%d guesses in an hour from one address, want 1 to %d", max, today)
		}
		t.Logf("one address: at most %d guesses in an hour (%.2f a minute)", max, float64(max)/60)
	})
}

// From N addresses each trying every 30 seconds, the account delay holds
// each address to about one guess per 15 minutes once the attack is
// under way: about 4N an hour (20N without it). This reports the rates;
// it runs on SQLite only, the limiter's arithmetic being the same on
// PostgreSQL (the tests above run on both).
func TestGuessRateFromManyAddresses(t *testing.T) {
	// Up to 30 addresses: the bounds scale with n, and 100 addresses (24,000
	// sign-ins, two minutes under the race detector) showed nothing 30 does
	// not.
	ns := []int{1, 2, 3, 10, 30}
	for _, n := range ns {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			s := storetest.Open(t)
			addEditor(t, s, "ana@example.org", false)
			guesses := attack(t, s, "ana@example.org", n, 2*time.Hour, 30*time.Second)
			first := maxIn(guesses, time.Hour)
			var second int
			for _, g := range guesses {
				if !g.Before(t0.Add(time.Hour)) {
					second++
				}
			}
			t.Logf("%d addresses: at most %d guesses in any hour (%.1f a minute), %d in the second hour (%.1f per address)",
				n, first, float64(first)/60, second, float64(second)/float64(n))
			// Never more than the per-address limit allows ...
			if first > n*DefaultMaxPerAccountAndIP*int(time.Hour/DefaultWindow) {
				t.Errorf("%d guesses in an hour from %d addresses, over %d per address", first, n, DefaultMaxPerAccountAndIP*4)
			}
			// ... and, once the delay is at its cap, one guess per address
			// per 15 minutes (and a bit: the polling step).
			if n >= 10 && second > n*int(time.Hour/DefaultAccountDelayMaximum) {
				t.Errorf("%d guesses in the second hour from %d addresses, want at most %d", second, n, n*4)
			}
		})
	}
}

// attack has n addresses guess at email's password, each as soon as it is
// not refused when polling every step, for the given time from t0, and
// returns when each guess was checked.
func attack(t *testing.T, s *store.Store, email string, n int, d, step time.Duration) []time.Time {
	t.Helper()
	l := NewLimiter(s)
	var guesses []time.Time
	for at := t0; at.Before(t0.Add(d)); at = at.Add(step) {
		for i := range n {
			ip := fmt.Sprintf("2001:db8:%x::1", i)
			_, err := Authenticate(ctx, s, l, email, "wrong guess", ip, at)
			if outcome(t, err) == "wrong" {
				guesses = append(guesses, at)
			}
		}
	}
	return guesses
}

// maxIn returns the most times, sorted, in any closed interval of length d.
func maxIn(times []time.Time, d time.Duration) int {
	var best, lo int
	for hi, t := range times {
		for t.Sub(times[lo]) > d {
			lo++
		}
		best = max(best, hi-lo+1)
	}
	return best
}
