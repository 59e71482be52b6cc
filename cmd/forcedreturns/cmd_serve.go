package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"runtime/debug"
	"time"

	"forcedreturns/dashboard"
	"forcedreturns/internal/auth"
	"forcedreturns/internal/config"
	"forcedreturns/seeds"
)

// serveMemoryLimit is the soft limit serve sets on the Go runtime's
// memory unless GOMEMLIMIT says otherwise: the garbage collector runs
// sooner as the heap nears it, instead of letting the heap grow to twice
// what is live. The checks computed in the background at a million
// figures keep up to 130 MB live (a subject's figures and results, a
// people's cohort figures, the batches being written), which took the
// heap to 290 MB and the process past 300 MB with SQLite's own memory.
const serveMemoryLimit = 200 << 20

func cmdServe(ctx context.Context, a *app, args []string) error {
	fs := a.newFlagSet("serve", "[flags]",
		"Serve the dashboard and the JSON API. The database is migrated first and, when it holds no source yet,\n"+
			"loaded with the seed data. Stops gracefully on SIGINT or SIGTERM, letting requests in flight finish.")
	var db config.Database
	var srv config.Server
	config.RegisterDatabase(fs, a.env, &db)
	config.RegisterServer(fs, a.env, &srv)
	if err := a.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected arguments: %v", fs.Args())
	}
	if a.env("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(serveMemoryLimit)
	}
	logger := slog.New(slog.NewJSONHandler(a.stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	if addr := a.env("FORCEDRETURNS_PPROF_ADDR"); addr != "" {
		stop, err := servePprof(addr, logger)
		if err != nil {
			return err
		}
		defer stop()
	}
	s, err := a.openStore(ctx, db, true)
	if err != nil {
		return err
	}
	defer s.Close()
	if srv.Seed {
		res, loaded, err := seeds.LoadIfEmpty(ctx, s)
		if err != nil {
			return err
		}
		if loaded {
			logger.Info("seeded an empty database", "created", res.Created)
		}
	}
	h, err := dashboard.New(dashboard.Config{TrustedProxies: srv.TrustedProxies, PublicURL: srv.PublicURL, Logger: logger}, s)
	if err != nil {
		return err
	}
	// The checks computed in the background stop, and are waited for,
	// before the store closes.
	defer h.Close()
	ln, err := net.Listen("tcp", srv.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", srv.Addr, err)
	}
	// Housekeeping stops, and is waited for, before serve returns: nothing
	// may write to the log or the database after that.
	hctx, stopHousekeeping := context.WithCancel(ctx)
	housekept := make(chan struct{})
	go func() { defer close(housekept); auth.Housekeep(hctx, s, logger, auth.HousekeepingInterval) }()
	defer func() { stopHousekeeping(); <-housekept }()
	// The overview's summaries, brought up to date before anyone asks
	// (after an import or a generation every one is computed again): the
	// first overview then reads them, or waits for this.
	summarised := make(chan struct{})
	// Then, in the checks' turn taken now, before any request can start
	// the checks' computation, one after the other: the anchors of the
	// deep pages, then the downloads' countable columns (h.Close waits
	// for them). Each holds tens of megabytes at a million figures
	// (the anchors 31 MB, the count 22 MB, the checks 70 MB): under 8
	// clients, all three at once took serve to 327 MB.
	countsStart := h.StoreCountsFirst()
	go func() {
		defer close(summarised)
		defer countsStart() // hands the turn on, whatever happened before
		if err := s.RefreshChartCells(hctx); err != nil && hctx.Err() == nil {
			logger.Warn("computing the overview's summaries failed; the overview computes them when asked", "err", err)
		}
		// The planner's statistics, if a large table has none or wrong
		// ones (the queries after plan with them), once the overview
		// that a reader may be waiting for is summarised.
		if analyzed, err := s.FreshStatistics(hctx); err != nil && hctx.Err() == nil {
			logger.Warn("gathering the planner's statistics failed", "err", err)
		} else if len(analyzed) > 0 {
			logger.Info("gathered the planner's statistics", "tables", analyzed)
		}
		// The anchors of the deep pages of /figures and the API's lists,
		// read again after the writes of an import or a generation
		// (until then such a page walks its offset).
		if err := s.RefreshPageAnchors(hctx); err != nil && hctx.Err() == nil {
			logger.Warn("reading the page anchors failed; deep pages walk their offset", "err", err)
		}
	}()
	defer func() { stopHousekeeping(); <-summarised }()
	where := "SQLite " + db.SQLitePath
	if db.URL != "" {
		where = "PostgreSQL"
	}
	fmt.Fprintf(a.stdout, "Forced Returns Tracker on http://%s (database: %s). Press Ctrl+C to stop.\n", ln.Addr(), where)
	return dashboard.Serve(ctx, ln, h, srv.ShutdownTimeout, logger)
}

// servePprof serves Go's profiles (/debug/pprof/: the heap, goroutines,
// CPU) on addr, apart from the site, for measuring serve (the heap at its
// peak while the checks are computed): only when
// FORCEDRETURNS_PPROF_ADDR names an address, never on the site's own.
func servePprof(addr string, logger *slog.Logger) (stop func(), err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("FORCEDRETURNS_PPROF_ADDR: listen on %s: %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	hs := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = hs.Serve(ln) }()
	logger.Info("profiles served", "addr", ln.Addr().String())
	return func() { _ = hs.Close() }, nil
}
