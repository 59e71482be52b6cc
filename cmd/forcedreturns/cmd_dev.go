package main

import (
	"context"
	"fmt"
	"runtime/debug"
	"time"

	"forcedreturns/internal/config"
)

func cmdDev(ctx context.Context, a *app, args []string) error {
	if len(args) > 0 && args[0] == "load" {
		return cmdDevLoad(ctx, a, args[1:])
	}
	if len(args) == 0 || args[0] != "generate" {
		if len(args) > 0 && (args[0] == "--help" || args[0] == "-h" || args[0] == "-help") {
			fmt.Fprintln(a.stdout, "Usage: forcedreturns dev generate --figures N [flags]\n       forcedreturns dev load --targets URL,… --token TOKEN [flags]\n\n"+
				"generate fills the database with N synthetic figures for load and export measurements;\n"+
				"load sends a mixed read/write load to running servers and checks that no acknowledged write was lost.")
			return nil
		}
		return usagef("expected: dev generate --figures N, or dev load --targets URL,… --token TOKEN")
	}
	fs := a.newFlagSet("dev generate", "--figures N [flags]", "Fill the database with N realistic synthetic figures (for benchmarks; never on a real database).")
	var db config.Database
	config.RegisterDatabase(fs, a.env, &db)
	var n int
	fs.Var(config.Int(&n, 0, 1, 10_000_000), "figures", "how many figures to generate (1 to 10000000)")
	seed := fs.Int64("seed", 1, "random seed, for reproducible data")
	if err := a.parse(fs, args[1:]); err != nil {
		return err
	}
	if n == 0 { // not given: the flag's own check refuses 0
		return usagef("-figures is required: a whole number from 1 to 10000000")
	}
	s, err := a.openStore(ctx, db, true)
	if err != nil {
		return err
	}
	defer s.Close()
	// The generator allocates a few short-lived strings per figure while
	// SQLite's memory is not Go's: collecting a quarter as often took 5%
	// off the run's CPU (200,000 figures), for a heap of a few tens of MB.
	debug.SetGCPercent(400)
	start := time.Now()
	if err := s.GenerateFigures(ctx, n, *seed); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "generated %d figures in %s\n", n, time.Since(start).Round(time.Millisecond))
	return nil
}
