// Command forcedreturns is the Forced Returns Tracker: it serves the
// dashboard and JSON API, and imports, exports and checks sourced figures
// from the command line. Run `forcedreturns help` for the commands.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
