package store

import (
	"context"
	"sync/atomic"
)

// heavyTurn has the store's two long reads that hold much memory take
// turns instead of running beside each other: the checks' full
// computation (rebuildChecks: a subject's figures and their results, 100
// MB at a million figures) and the page anchors' reading
// (RefreshPageAnchors: every public figure's key and lists, 46 MB). A
// write asks for the anchors while the checks are computed; side by side
// they took serve's peak past 300 MB. The computation, which takes
// minutes, lets a reading that waits go first between two subjects
// (handOver), when the subject before is written and its memory free; a
// reading waits at most for the subject under way, seconds.
type heavyTurn struct {
	sem     chan struct{} // holds a token while the turn is taken
	waiting atomic.Int32
}

// afterSubject, if set (the tests), is called by the checks' full
// computation at the first figure of each subject, before it looks for a
// reading waiting for the turn.
var afterSubject func()

func newHeavyTurn() heavyTurn { return heavyTurn{sem: make(chan struct{}, 1)} }

// take waits for the turn, or for ctx to end.
func (h *heavyTurn) take(ctx context.Context) error {
	h.waiting.Add(1)
	defer h.waiting.Add(-1)
	select {
	case h.sem <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// give hands the turn back.
func (h *heavyTurn) give() { <-h.sem }

// handOver lets the work waiting for the turn, if any, go first, takes
// the turn again after it, and reports whether it did. The holder calls
// it; on an error (ctx ended) it no longer holds the turn.
func (h *heavyTurn) handOver(ctx context.Context) (bool, error) {
	if h.waiting.Load() == 0 {
		return false, nil
	}
	h.give() // a sender waiting on the full channel takes the freed slot first
	return true, h.take(ctx)
}
