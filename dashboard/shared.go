package dashboard

import (
	"context"
	"fmt"
	"runtime/debug"
	"sync"
)

// sharedWork runs the expensive computations of pages (a chart set, every
// check of every figure) once per key, a key naming the data version it
// is computed from: requests that ask for a key already being computed
// wait for that computation instead of starting their own. Each waiter
// can leave (its client went away) without stopping the computation for
// the others; when the last one leaves, the computation's context is
// cancelled, so that its queries stop. Computations of different keys
// (another filter, a newer version) take turns, one at a time: together
// they would hold as much memory as each.
type sharedWork struct {
	mu    sync.Mutex
	calls map[string]*sharedCall
	turn  chan struct{} // holds a token while a computation runs
}

type sharedCall struct {
	done    chan struct{}
	val     any
	err     error
	waiters int
	cancel  context.CancelFunc
}

func newSharedWork() *sharedWork {
	return &sharedWork{calls: map[string]*sharedCall{}, turn: make(chan struct{}, 1)}
}

// do returns the result of fn for key, running it unless a computation of
// the same key is under way, whose result it then shares. fn runs in its
// own goroutine with a context of its own, which keeps ctx's values but
// is cancelled only when every request waiting for it has left. The
// error is ctx's when this request leaves first.
func (w *sharedWork) do(ctx context.Context, key string, fn func(ctx context.Context) (any, error)) (any, error) {
	w.mu.Lock()
	c := w.calls[key]
	if c == nil {
		cctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		c = &sharedCall{done: make(chan struct{}), cancel: cancel}
		w.calls[key] = c
		go w.run(cctx, key, c, fn)
	}
	c.waiters++
	w.mu.Unlock()
	select {
	case <-c.done:
		return c.val, c.err
	case <-ctx.Done():
		w.mu.Lock()
		c.waiters--
		if c.waiters == 0 {
			// Nobody wants it any more: stop it, and let a later request
			// start afresh rather than join a cancelled computation.
			c.cancel()
			if w.calls[key] == c {
				delete(w.calls, key)
			}
		}
		w.mu.Unlock()
		return nil, ctx.Err()
	}
}

// run waits its turn, then computes; a panic becomes the waiters' error
// (the server's recovery does not reach this goroutine).
func (w *sharedWork) run(ctx context.Context, key string, c *sharedCall, fn func(ctx context.Context) (any, error)) {
	defer func() {
		if r := recover(); r != nil {
			c.val, c.err = nil, fmt.Errorf("computing %s: panic: %v\n%s", key, r, debug.Stack())
		}
		w.mu.Lock()
		if w.calls[key] == c {
			delete(w.calls, key)
		}
		w.mu.Unlock()
		c.cancel()
		close(c.done)
	}()
	select {
	case w.turn <- struct{}{}:
		defer func() { <-w.turn }()
	case <-ctx.Done():
		c.err = ctx.Err()
		return
	}
	if err := ctx.Err(); err != nil {
		c.err = err
		return
	}
	c.val, c.err = fn(ctx)
}

// sharedResult is sharedWork.do for a computation of type T.
func sharedResult[T any](ctx context.Context, w *sharedWork, key string, fn func(ctx context.Context) (T, error)) (T, error) {
	v, err := w.do(ctx, key, func(ctx context.Context) (any, error) { return fn(ctx) })
	if err != nil {
		var zero T
		return zero, err
	}
	return v.(T), nil
}
