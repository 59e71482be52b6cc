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
	ClearLoginAttempts(ctx context.Context, key string) error
	PruneLoginAttempts(ctx context.Context, before time.Time) (int64, error)
}

// Limiter defaults: at most 5 failed sign-ins per account and 20 per
// client address in any 15 minutes.
const (
	DefaultWindow        = 15 * time.Minute
	DefaultMaxPerAccount = 5
	DefaultMaxPerIP      = 20
)

// ErrRateLimited is what a refusal by the Limiter is (errors.Is); the
// error itself is a *RateLimitError. The dashboard answers it with 429
// Too Many Requests and a Retry-After header of RetryAfter seconds, and
// the JSON API likewise.
var ErrRateLimited = errors.New("too many failed sign-in attempts")

// RateLimitError is a sign-in refused because of too many recent
// failures, for the account or from the client's address. It does not
// say which: both apply to unknown accounts too, so it reveals nothing.
type RateLimitError struct {
	// RetryAfter is when trying again may succeed: the limiter's window,
	// an upper bound (the oldest failure may leave it sooner).
	RetryAfter time.Duration
}

// Error says what a person can do: wait.
func (e *RateLimitError) Error() string {
	return fmt.Sprintf("too many failed sign-in attempts: try again in %s", humanDuration(e.RetryAfter))
}

// Is makes errors.Is(err, ErrRateLimited) true.
func (e *RateLimitError) Is(target error) bool { return target == ErrRateLimited }

// Limiter limits failed sign-ins per account and per client address over
// a sliding window, counting in the store so that all app instances
// share the count. Keys are "account:<normalised email>" and
// "ip:<address>", IPv6 addresses grouped by /64 (what one client is
// usually given). Unknown accounts are counted like real ones.
//
// Its fields may be changed before use; NewLimiter sets the defaults.
type Limiter struct {
	Store         AttemptStore
	Window        time.Duration
	MaxPerAccount int
	MaxPerIP      int
}

// NewLimiter returns a Limiter over s with the default limits.
func NewLimiter(s AttemptStore) *Limiter {
	return &Limiter{Store: s, Window: DefaultWindow, MaxPerAccount: DefaultMaxPerAccount, MaxPerIP: DefaultMaxPerIP}
}

// Allow returns nil if a sign-in to email from clientIP may be tried at
// now, a *RateLimitError if the account or the address failed too often
// within the window, or the store's error. An empty clientIP is not
// limited by address.
func (l *Limiter) Allow(ctx context.Context, email, clientIP string, now time.Time) error {
	return l.check(ctx, email, clientIP, now, 0)
}

// Failed records a failed sign-in to email from clientIP at now.
func (l *Limiter) Failed(ctx context.Context, email, clientIP string, now time.Time) error {
	for _, k := range l.keys(email, clientIP) {
		if err := l.Store.RecordLoginAttempt(ctx, k.key, now); err != nil {
			return err
		}
	}
	return nil
}

// Succeeded forgets the failures of the account after a successful
// sign-in (not those of the address: a valid account must not reset the
// count of guesses at others).
func (l *Limiter) Succeeded(ctx context.Context, email string) error {
	return l.Store.ClearLoginAttempts(ctx, accountKey(email))
}

// Prune removes failures older than the window, which no longer count;
// call it periodically (with store.DeleteExpiredSessions, say).
func (l *Limiter) Prune(ctx context.Context, now time.Time) (int64, error) {
	return l.Store.PruneLoginAttempts(ctx, now.Add(-l.Window))
}

// check refuses when a key has more than its limit of failures less the
// `recorded` ones the caller already counted for this very attempt.
func (l *Limiter) check(ctx context.Context, email, clientIP string, now time.Time, recorded int) error {
	since := now.Add(-l.Window)
	for _, k := range l.keys(email, clientIP) {
		n, err := l.Store.CountLoginAttempts(ctx, k.key, since)
		if err != nil {
			return err
		}
		if n-recorded >= k.max {
			return &RateLimitError{RetryAfter: l.Window}
		}
	}
	return nil
}

type limitKey struct {
	key string
	max int
}

func (l *Limiter) keys(email, clientIP string) []limitKey {
	keys := []limitKey{{accountKey(email), l.MaxPerAccount}}
	if k := ipKey(clientIP); k != "" {
		keys = append(keys, limitKey{k, l.MaxPerIP})
	}
	return keys
}

// accountKey names the account as the store does (models.NormalizeEmail),
// cut to a valid address's length: longer input names no account, and
// still shares one key per 254-byte start.
func accountKey(email string) string {
	return "account:" + clean(models.NormalizeEmail(email), models.MaxEmailLength)
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
