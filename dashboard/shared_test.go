package dashboard

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
)

// TestSharedWorkRunsOncePerKey: requests asking for one key at the same
// time share one computation.
func TestSharedWorkRunsOncePerKey(t *testing.T) {
	w := newSharedWork()
	var runs atomic.Int32
	release := make(chan struct{})
	started := make(chan struct{})
	fn := func(ctx context.Context) (int, error) {
		if runs.Add(1) == 1 {
			close(started)
		}
		<-release
		return 42, nil
	}
	var wg sync.WaitGroup
	results := make([]int, 8)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, err := sharedResult(context.Background(), w, "k", fn)
			if err != nil {
				t.Error(err)
			}
			results[i] = v
		}()
	}
	<-started
	// Let every request reach the computation before it ends.
	for {
		w.mu.Lock()
		c := w.calls["k"]
		n := 0
		if c != nil {
			n = c.waiters
		}
		w.mu.Unlock()
		if n == len(results) {
			break
		}
		runtime.Gosched()
	}
	close(release)
	wg.Wait()
	if runs.Load() != 1 {
		t.Errorf("%d computations for one key, want 1", runs.Load())
	}
	for i, v := range results {
		if v != 42 {
			t.Errorf("request %d got %d", i, v)
		}
	}
	// Once done, the next request computes again (the callers cache).
	if _, err := sharedResult(context.Background(), w, "k", func(context.Context) (int, error) { runs.Add(1); return 1, nil }); err != nil || runs.Load() != 2 {
		t.Errorf("after the first computation ended: %v, %d runs", err, runs.Load())
	}
}

// TestSharedWorkWaiterLeaves: a request that leaves gets its context's
// error at once and does not stop the computation for another waiting
// one; when the last waiter leaves, the computation's context is
// cancelled.
func TestSharedWorkWaiterLeaves(t *testing.T) {
	w := newSharedWork()
	computing := make(chan struct{})
	cancelled := make(chan struct{})
	release := make(chan struct{})
	fn := func(ctx context.Context) (string, error) {
		close(computing)
		select {
		case <-release:
			return "done", nil
		case <-ctx.Done():
			close(cancelled)
			return "", ctx.Err()
		}
	}
	first, leave := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		_, err := sharedResult(first, w, "k", fn)
		errc <- err
	}()
	<-computing
	second, leaveToo := context.WithCancel(context.Background())
	defer leaveToo()
	got := make(chan string, 1)
	go func() {
		v, _ := sharedResult(second, w, "k", fn)
		got <- v
	}()
	for {
		w.mu.Lock()
		n := w.calls["k"].waiters
		w.mu.Unlock()
		if n == 2 {
			break
		}
		runtime.Gosched()
	}
	leave()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Fatalf("the request that left got %v, want context.Canceled", err)
	}
	select {
	case <-cancelled:
		t.Fatal("the computation was cancelled while a request still waited for it")
	default:
	}
	close(release)
	if v := <-got; v != "done" {
		t.Errorf("the request that stayed got %q", v)
	}

	// Alone, a request that leaves stops the computation.
	computing = make(chan struct{})
	cancelled = make(chan struct{})
	release = make(chan struct{})
	alone, leaveAlone := context.WithCancel(context.Background())
	go func() {
		_, err := sharedResult(alone, w, "k2", fn)
		errc <- err
	}()
	<-computing
	leaveAlone()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	<-cancelled // hangs (and the test times out) if it runs on
}

// TestSharedWorkOneAtATime: computations of different keys take turns,
// and a panic in one is its waiters' error, not the server's end.
func TestSharedWorkOneAtATime(t *testing.T) {
	w := newSharedWork()
	var running, most atomic.Int32
	var wg sync.WaitGroup
	for _, k := range []string{"a", "b", "c", "d"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := sharedResult(context.Background(), w, k, func(context.Context) (int, error) {
				n := running.Add(1)
				for {
					m := most.Load()
					if n <= m || most.CompareAndSwap(m, n) {
						break
					}
				}
				for range 1000 {
					_ = running.Load()
				}
				running.Add(-1)
				return 0, nil
			})
			if err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if most.Load() != 1 {
		t.Errorf("%d computations ran at once, want 1", most.Load())
	}
	if _, err := sharedResult(context.Background(), w, "p", func(context.Context) (int, error) { panic("boom") }); err == nil {
		t.Error("a panicking computation returned no error")
	}
}
