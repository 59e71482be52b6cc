package auth

import (
	"context"
	"log/slog"
	"time"
)

// HousekeepingStore is what Housekeep clears; *store.Store implements it.
type HousekeepingStore interface {
	AttemptStore
	DeleteExpiredSessions(ctx context.Context, now time.Time) (int64, error)
}

// HousekeepingInterval is how often `serve` runs Housekeep's clean-up:
// often enough that expired sessions and stale failures stay few, rarely
// enough to cost nothing.
const HousekeepingInterval = 10 * time.Minute

// Housekeep removes expired sessions and sign-in failures older than the
// Limiter's window, at once and then every interval, until ctx ends. It
// logs what it removed and what failed; a failure does not stop it.
// Several app instances may run it at once: both deletions are
// idempotent.
func Housekeep(ctx context.Context, s HousekeepingStore, log *slog.Logger, every time.Duration) {
	limiter := NewLimiter(s)
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		sweep(ctx, s, limiter, log, time.Now())
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// sweep is one round of Housekeep at the time now.
func sweep(ctx context.Context, s HousekeepingStore, limiter *Limiter, log *slog.Logger, now time.Time) {
	if n, err := s.DeleteExpiredSessions(ctx, now); err != nil && ctx.Err() == nil {
		log.Warn("housekeeping: expired sessions", "error", err.Error())
	} else if n > 0 {
		log.Info("housekeeping: expired sessions removed", "count", n)
	}
	if _, err := limiter.Prune(ctx, now); err != nil && ctx.Err() == nil {
		log.Warn("housekeeping: sign-in attempts", "error", err.Error())
	}
}
