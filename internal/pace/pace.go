// Package pace has the background computations (the checks' full
// computation above all: ten minutes at a million figures, on both
// cores) give way to the requests being served: a page read beside one
// took twice its time on two cores.
//
// Each request counts itself as served (Gate.Serve) while it runs; a
// computation, between two steps of its work, waits while any request is
// served (Pacer.GiveWay), up to DefaultWait, and then works at least
// DefaultRun before it waits again, so that it still ends under a steady stream of
// requests, at a sixth of its pace at worst. A request that waits for a
// computation steps aside while it waits (Aside), or the computation
// would wait for it.
package pace

import (
	"context"
	"sync/atomic"
	"time"
)

// DefaultWait is the longest a computation waits for the requests being
// served before it takes another step; DefaultRun the least it works
// between two waits.
const (
	DefaultWait = 250 * time.Millisecond
	DefaultRun  = 50 * time.Millisecond
)

// poll is how often a waiting computation looks again.
const poll = 2 * time.Millisecond

// Gate counts the requests being served. The zero Gate is ready; a nil
// *Gate counts nothing and holds no computation back.
type Gate struct {
	n atomic.Int64
	// Wait and Run replace DefaultWait and DefaultRun where set (the
	// tests), before any computation asks the Gate for a Pacer; a
	// negative Run is none.
	Wait, Run time.Duration
}

// Serving reports how many requests are being served.
func (g *Gate) Serving() int64 {
	if g == nil {
		return 0
	}
	return g.n.Load()
}

// serving is one request's count, held by its context: counted, aside
// (Aside) or ended (done).
type serving struct {
	g     *Gate
	state atomic.Int32
}

const (
	aside int32 = iota
	counted
	ended
)

type servingKey struct{}

// Serve counts a request as served until done is called, and returns
// ctx carrying the count, for Aside.
func (g *Gate) Serve(ctx context.Context) (context.Context, func()) {
	if g == nil {
		return ctx, func() {}
	}
	v := &serving{g: g}
	v.state.Store(counted)
	g.n.Add(1)
	return context.WithValue(ctx, servingKey{}, v), func() {
		if v.state.Swap(ended) == counted {
			g.n.Add(-1)
		}
	}
}

// move moves the count from state from to state to, if it is in from.
func (v *serving) move(from, to int32, d int64) bool {
	if v.state.CompareAndSwap(from, to) {
		v.g.n.Add(d)
		return true
	}
	return false
}

// Aside stops counting the request ctx belongs to (Serve) while it waits
// for a computation, until back is called (which counts nothing once the
// request is done).
func Aside(ctx context.Context) (back func()) {
	v, _ := ctx.Value(servingKey{}).(*serving)
	if v == nil || !v.move(counted, aside, -1) {
		return func() {}
	}
	return func() { v.move(aside, counted, 1) }
}

// Pacer is one computation's turns with the requests: one per goroutine.
type Pacer struct {
	g         *Gate
	wait, run time.Duration
	resumed   time.Time // when it last stopped waiting
}

// Pacer returns a new computation's turns with the requests g counts.
func (g *Gate) Pacer() *Pacer {
	p := &Pacer{g: g, wait: DefaultWait, run: DefaultRun, resumed: time.Now()}
	if g != nil && g.Wait > 0 {
		p.wait = g.Wait
	}
	if g != nil && g.Run != 0 {
		p.run = max(g.Run, 0)
	}
	return p
}

// GiveWay waits while requests are served, up to the Gate's Wait, if the
// computation has worked at least its Run since it last waited. It returns
// ctx's error if ctx ends while it waits.
func (p *Pacer) GiveWay(ctx context.Context) error {
	if p == nil || p.g.Serving() <= 0 {
		return nil
	}
	start := time.Now()
	if start.Sub(p.resumed) < p.run {
		return nil
	}
	t := time.NewTicker(poll)
	defer t.Stop()
	for p.g.Serving() > 0 && time.Since(start) < p.wait {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
	p.resumed = time.Now()
	return nil
}
