package dashboard

import (
	"context"
	"errors"
	"log/slog"
	"testing"
	"time"

	"forcedreturns/internal/checks"
	"forcedreturns/internal/store"
	"forcedreturns/models"
)

// leavingStore's reads of a download's rows and of a page of checks are
// the long reads before a first byte (at a million figures, counting a
// source's figures or the checks naming a metric takes seconds): each
// blocks until its context ends and says how it ended.
type leavingStore struct {
	*store.Store
	reading chan struct{} // closed when the long read began
	ended   chan error    // its context's error
}

func (l *leavingStore) wait(ctx context.Context) error {
	close(l.reading)
	select {
	case <-ctx.Done():
		l.ended <- ctx.Err()
		return ctx.Err()
	case <-time.After(time.Minute):
		// Only when the request's context never reached the read: the
		// test fails then, instead of hanging.
		l.ended <- nil
		return errors.New("the read was never cancelled")
	}
}

func (l *leavingStore) EachFigureCounted(ctx context.Context, _ models.FigureFilter, _ models.CountsUpdate, _ func(*models.FigureView) error) (bool, error) {
	return true, l.wait(ctx)
}

// CheckStatus says the stored checks are current, so that /checks goes
// straight to its page.
func (l *leavingStore) CheckStatus(context.Context, models.Audience, checks.Options) (checks.Freshness, error) {
	return checks.Freshness{Stored: true, Current: true}, nil
}

func (l *leavingStore) CheckPage(ctx context.Context, _ models.Audience, _ checks.Query) (checks.Page, error) {
	return checks.Page{}, l.wait(ctx)
}

// TestAbandonedRequestsCancelTheirReads: a client that leaves a download
// or a filtered page of checks before the first byte stops the read
// doing its work (issue 12: abandoned requests cancel their work), and
// the request ends with 499. It fails when a handler reads with a
// context of its own instead of the request's.
func TestAbandonedRequestsCancelTheirReads(t *testing.T) {
	_, st := newTestServer(t)
	for _, path := range []string{
		"/figures.csv", "/figures.json", "/figures.csv?metric=deaths",
		"/checks?metric=deaths", "/api/v1/checks?metric=deaths",
	} {
		ls := &leavingStore{Store: st, reading: make(chan struct{}), ended: make(chan error, 1)}
		s, err := New(Config{Logger: testLogger(t, slog.LevelWarn), ChecksWait: time.Hour}, ls)
		if err != nil {
			t.Fatal(err)
		}
		done := serveThenLeave(s, path, ls.reading)
		if err := <-ls.ended; !errors.Is(err, context.Canceled) {
			t.Errorf("%s: the read went on after the client left (ended with %v, want context.Canceled)", path, err)
		}
		if code := <-done; code != 499 {
			t.Errorf("%s: an abandoned request answered %d, want 499", path, code)
		}
		s.Close()
	}
}
