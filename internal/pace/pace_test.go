package pace

import (
	"context"
	"errors"
	"testing"
	"time"
)

// returned reports whether done is closed within d: used only where a
// correct GiveWay never returns (so the answer cannot be a late "yes").
func returned(done <-chan struct{}, d time.Duration) bool {
	select {
	case <-done:
		return true
	case <-time.After(d):
		return false
	}
}

// atOnce fails unless GiveWay returns nil without waiting: a Gate whose
// Wait is 10 s, where a wait that should not happen takes all of it.
func atOnce(t *testing.T, p *Pacer, what string) {
	t.Helper()
	start := time.Now()
	if err := p.GiveWay(context.Background()); err != nil || time.Since(start) >= 10*time.Second {
		t.Fatalf("%s: GiveWay = %v after %v, want nil at once", what, err, time.Since(start))
	}
}

func TestGiveWayWaitsForTheRequestsServed(t *testing.T) {
	g := &Gate{Wait: 10 * time.Second, Run: -1}
	p := g.Pacer()
	atOnce(t, p, "nothing served")
	g.Wait = time.Hour
	p = g.Pacer()
	_, done1 := g.Serve(context.Background())
	_, done2 := g.Serve(context.Background())
	if g.Serving() != 2 {
		t.Fatalf("Serving() = %d with two requests, want 2", g.Serving())
	}
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		if err := p.GiveWay(context.Background()); err != nil {
			t.Errorf("GiveWay: %v", err)
		}
	}()
	if returned(finished, 50*time.Millisecond) {
		t.Fatal("GiveWay returned while two requests were served")
	}
	done1()
	done1() // twice: counted once
	if returned(finished, 50*time.Millisecond) {
		t.Fatal("GiveWay returned while one request was still served")
	}
	done2()
	<-finished
	if g.Serving() != 0 {
		t.Errorf("Serving() = %d after both ended, want 0", g.Serving())
	}
}

func TestGiveWayWorksItsRunAndWaitsAtMostItsWait(t *testing.T) {
	g := &Gate{Wait: 10 * time.Second, Run: time.Hour}
	_, done := g.Serve(context.Background())
	defer done()
	// A new computation works its Run before it gives way.
	atOnce(t, g.Pacer(), "within its Run")
	g.Wait, g.Run = 20*time.Millisecond, -1
	start := time.Now()
	if err := g.Pacer().GiveWay(context.Background()); err != nil {
		t.Fatal(err)
	}
	if waited := time.Since(start); waited < g.Wait {
		t.Errorf("waited %v for a request never done, want its Wait (%v)", waited, g.Wait)
	}
}

func TestGiveWayEndsWithItsContext(t *testing.T) {
	g := &Gate{Wait: time.Hour, Run: -1}
	_, done := g.Serve(context.Background())
	defer done()
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- g.Pacer().GiveWay(ctx) }()
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Errorf("GiveWay after cancel = %v, want context.Canceled", err)
	}
}

func TestAsideStepsOutWhileWaiting(t *testing.T) {
	g := &Gate{Wait: 10 * time.Second, Run: -1}
	ctx, done := g.Serve(context.Background())
	back := Aside(ctx)
	if g.Serving() != 0 {
		t.Fatalf("Serving() = %d with the only request aside, want 0", g.Serving())
	}
	atOnce(t, g.Pacer(), "the only request aside")
	back()
	if g.Serving() != 1 {
		t.Fatalf("Serving() = %d after back, want 1", g.Serving())
	}
	done()
	back() // after done: counts nothing again
	Aside(ctx)()
	if g.Serving() != 0 {
		t.Errorf("Serving() = %d after done, want 0", g.Serving())
	}
	// A context no request counts, and a nil Gate, hold nothing back.
	Aside(context.Background())()
	var none *Gate
	ctx, done = none.Serve(context.Background())
	Aside(ctx)()
	done()
	if err := none.Pacer().GiveWay(ctx); err != nil {
		t.Error(err)
	}
}
