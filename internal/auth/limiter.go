package auth

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"time"

	"forcedreturns/models"
)

// AttemptStore keeps failed sign-ins where every app instance sees them;
// *store.Store implements it.
type AttemptStore interface {
	RecordLoginAttempt(ctx context.Context, key string, at time.Time) error
	CountLoginAttempts(ctx context.Context, key string, since time.Time) (int, error)
	ForgetLoginAttempt(ctx context.Context, key string, at time.Time) error
	ClearLoginAttempts(ctx context.Context, key string) error
	PruneLoginAttempts(ctx context.Context, before time.Time) (int64, error)
}

// Limiter defaults. In any 15 minutes: at most 5 failed sign-ins to one
// account from one client address (today's guess rate, 20 an hour) and
// 20 from one address to any accounts. Once an account has had 5
// failures in the window, from anywhere, a client that has itself
// failed at it waits a delay after its last failure: 1 minute, doubling
// with every further failure of the account, up to 15 minutes.
const (
	DefaultWindow              = 15 * time.Minute
	DefaultMaxPerAccountAndIP  = 5
	DefaultMaxPerIP            = 20
	DefaultAccountDelayAfter   = 5
	DefaultAccountDelay        = time.Minute
	DefaultAccountDelayMaximum = 15 * time.Minute
)

// ErrRateLimited is what a refusal by the Limiter is (errors.Is); the
// error itself is a *RateLimitError. The dashboard answers it with 429
// Too Many Requests and a Retry-After header of RetryAfter seconds, and
// the JSON API likewise.
var ErrRateLimited = errors.New("too many failed sign-in attempts")

// RateLimitError is a sign-in refused because of too many recent
// failures from the client. It does not say which limit: all apply to
// unknown accounts too, so it reveals nothing.
type RateLimitError struct {
	// RetryAfter is when trying again may succeed, an upper bound (the
	// failure that caused it may leave the window sooner).
	RetryAfter time.Duration
}

// Error says what a person can do: wait.
func (e *RateLimitError) Error() string {
	return fmt.Sprintf("too many failed sign-in attempts: try again in %s", humanDuration(e.RetryAfter))
}

// Minutes is the wait in whole minutes, at least 1, as Error rounds it.
func (e *RateLimitError) Minutes() int {
	return max(1, int(e.RetryAfter.Round(time.Minute)/time.Minute))
}

// Is makes errors.Is(err, ErrRateLimited) true.
func (e *RateLimitError) Is(target error) bool { return target == ErrRateLimited }

// Limiter throttles password guessing without letting anyone lock an
// account's owner out. It counts failed sign-ins in the store, so that
// all app instances share the counts, under three keys:
//
//   - "ip:<address> account:<email>", the account from one client: at
//     most MaxPerAccountAndIP failures per Window, then refused. This
//     bounds the guesses from one address at one account.
//   - "ip:<address>", the client at any account: at most MaxPerIP per
//     Window, then refused. This bounds spraying one password at many
//     accounts.
//   - "account:<email>", from every client: never a refusal by itself.
//     From AccountDelayAfter failures on, a client that has itself
//     failed at the account in the last d must wait out d, where d
//     starts at AccountDelay and doubles with every further failure of
//     the account, up to AccountDelayMaximum. This slows guessing spread
//     over many addresses to about one guess per address per
//     AccountDelayMaximum.
//
// So the right password from a client that has not failed at the
// account (nor MaxPerIP times at others) is always checked, however
// many other addresses are guessing; a stranger cannot lock the owner
// out. The delay is answered at once with a Retry-After, never by
// holding the request, so it costs the server nothing.
//
// A client is its address, an IPv6 one grouped by /64 (what one client
// is usually given). Clients behind one NAT share an address and so
// share the first two limits: a stranger there can throttle the owner.
// Unknown accounts are counted like real ones.
//
// Its fields may be changed before use; NewLimiter sets the defaults.
type Limiter struct {
	Store               AttemptStore
	Window              time.Duration
	MaxPerAccountAndIP  int
	MaxPerIP            int
	AccountDelayAfter   int
	AccountDelay        time.Duration
	AccountDelayMaximum time.Duration
}

// NewLimiter returns a Limiter over s with the default limits.
func NewLimiter(s AttemptStore) *Limiter {
	return &Limiter{Store: s, Window: DefaultWindow,
		MaxPerAccountAndIP: DefaultMaxPerAccountAndIP, MaxPerIP: DefaultMaxPerIP,
		AccountDelayAfter: DefaultAccountDelayAfter, AccountDelay: DefaultAccountDelay,
		AccountDelayMaximum: DefaultAccountDelayMaximum}
}

// Allow returns nil if a sign-in to email from clientIP may be tried at
// now, a *RateLimitError if that client failed too often or too
// recently, or the store's error. An empty clientIP is one client, the
// one without an address.
func (l *Limiter) Allow(ctx context.Context, email, clientIP string, now time.Time) error {
	return l.check(ctx, email, clientIP, now, 0)
}

// Failed records a failed sign-in to email from clientIP at now.
func (l *Limiter) Failed(ctx context.Context, email, clientIP string, now time.Time) error {
	for _, k := range l.keys(email, clientIP) {
		if err := l.Store.RecordLoginAttempt(ctx, k, now); err != nil {
			return err
		}
	}
	return nil
}

// Succeeded undoes Failed(ctx, email, clientIP, at), for a sign-in that
// was recorded as failed before its password was checked and then
// succeeded, and forgets the client's earlier failures at the account:
// it has shown it knows the password. The account's failures from
// other clients stay (they are still guesses, and the owner signing in
// must not reset the delay they earn), and so do the address's at other
// accounts (a valid account must not reset the count of guesses at
// others).
func (l *Limiter) Succeeded(ctx context.Context, email, clientIP string, at time.Time) error {
	if err := l.Store.ClearLoginAttempts(ctx, pairKey(email, clientIP)); err != nil {
		return err
	}
	if err := l.Store.ForgetLoginAttempt(ctx, accountKey(email), at); err != nil {
		return err
	}
	if k := ipKey(clientIP); k != "" {
		return l.Store.ForgetLoginAttempt(ctx, k, at)
	}
	return nil
}

// Prune removes failures older than the window, which no longer count;
// call it periodically (with store.DeleteExpiredSessions, say).
func (l *Limiter) Prune(ctx context.Context, now time.Time) (int64, error) {
	return l.Store.PruneLoginAttempts(ctx, now.Add(-l.Window))
}

// check refuses when the client has a limit's worth of failures, less
// the `recorded` ones the caller already counted for this very attempt,
// or failed at an account under attack too recently.
func (l *Limiter) check(ctx context.Context, email, clientIP string, now time.Time, recorded int) error {
	since := now.Add(-l.Window)
	count := func(key string, since time.Time) (int, error) {
		n, err := l.Store.CountLoginAttempts(ctx, key, since)
		return n - recorded, err
	}
	pair := pairKey(email, clientIP)
	n, err := count(pair, since)
	if err != nil {
		return err
	}
	if n == 0 {
		// A client that has not failed at the account in the window is
		// refused by nothing but its address's failures at others.
		return l.checkIP(ctx, clientIP, since, recorded)
	}
	if n >= l.MaxPerAccountAndIP {
		return &RateLimitError{RetryAfter: l.Window}
	}
	if err := l.checkIP(ctx, clientIP, since, recorded); err != nil {
		return err
	}
	total, err := count(accountKey(email), since)
	if err != nil {
		return err
	}
	d := l.delay(total)
	if d <= 0 {
		return nil
	}
	if recent, err := count(pair, now.Add(-d)); err != nil || recent > 0 {
		if err != nil {
			return err
		}
		return &RateLimitError{RetryAfter: d}
	}
	return nil
}

func (l *Limiter) checkIP(ctx context.Context, clientIP string, since time.Time, recorded int) error {
	k := ipKey(clientIP)
	if k == "" {
		return nil
	}
	n, err := l.Store.CountLoginAttempts(ctx, k, since)
	if err != nil {
		return err
	}
	if n-recorded >= l.MaxPerIP {
		return &RateLimitError{RetryAfter: l.Window}
	}
	return nil
}

// delay is how long a client that failed at an account with n failures
// in the window waits after its last failure.
func (l *Limiter) delay(n int) time.Duration {
	if n < l.AccountDelayAfter || l.AccountDelay <= 0 {
		return 0
	}
	d := l.AccountDelay
	for i := l.AccountDelayAfter; i < n && d < l.AccountDelayMaximum; i++ {
		d *= 2
	}
	return min(d, l.AccountDelayMaximum)
}

// keys are the keys a failure is recorded under.
func (l *Limiter) keys(email, clientIP string) []string {
	keys := []string{pairKey(email, clientIP), accountKey(email)}
	if k := ipKey(clientIP); k != "" {
		keys = append(keys, k)
	}
	return keys
}

// accountKey names the account as the store does (models.NormalizeEmail),
// cut to a valid address's length: longer input names no account, and
// still shares one key per 254-byte start.
func accountKey(email string) string {
	return "account:" + clean(models.NormalizeEmail(email), models.MaxEmailLength)
}

// pairKey names the account as seen from one client: "ip:<address>
// account:<email>", or "ip:- account:<email>" for no address.
func pairKey(email, clientIP string) string {
	ip := ipKey(clientIP)
	if ip == "" {
		ip = "ip:-"
	}
	return ip + " " + accountKey(email)
}

// ipKey returns "ip:<address>", an IPv6 address as its /64, or "" for no
// address. Something that does not parse as an address is kept as text.
func ipKey(ip string) string {
	ip = strings.TrimSpace(ip)
	if ip == "" {
		return ""
	}
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return "ip:" + clean(ip, 100)
	}
	a = a.WithZone("").Unmap()
	if a.Is6() {
		return "ip:" + netip.PrefixFrom(a, 64).Masked().String()
	}
	return "ip:" + a.String()
}

// clean makes s storable as a key: valid UTF-8 without NUL, at most n
// bytes, cut at a character boundary.
func clean(s string, n int) string {
	s = strings.ToValidUTF8(strings.ReplaceAll(s, "\x00", ""), "\uFFFD")
	for len(s) > n {
		s = strings.ToValidUTF8(s[:n], "")
	}
	return s
}

func humanDuration(d time.Duration) string {
	switch m := int(d.Round(time.Minute) / time.Minute); {
	case d < time.Minute:
		return "a minute"
	case m == 1:
		return "1 minute"
	default:
		return fmt.Sprintf("%d minutes", m)
	}
}
