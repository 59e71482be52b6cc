package main

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"forcedreturns/internal/loadgen"
)

// cmdDevLoad runs a load (see package loadgen) and prints the answers by
// status, the writes lost and latency percentiles; it fails if an
// acknowledged write was lost.
func cmdDevLoad(ctx context.Context, a *app, args []string) error {
	fs := a.newFlagSet("dev load", "--targets URL,… --token TOKEN [flags]",
		"Send a mixed read/write load to running servers, then check that every acknowledged write is stored.")
	targets := fs.String("targets", "http://127.0.0.1:8080", "comma-separated base URLs of the servers, used in turn")
	token := fs.String("token", "", "API token of an editor (editor token create)")
	duration := fs.Duration("duration", 2*time.Minute, "how long to send requests")
	workers := fs.Int("workers", 8, "concurrent clients")
	writeShare := fs.Float64("writes", 0.25, "share of requests that write (0 to 1)")
	if err := a.parse(fs, args); err != nil {
		return err
	}
	if *token == "" {
		return usagef("-token: required, an API token (forcedreturns editor token create EMAIL --name load)")
	}
	if *workers < 1 || *writeShare < 0 || *writeShare > 1 {
		return usagef("-workers must be at least 1 and -writes between 0 and 1")
	}
	res, err := loadgen.Run(ctx, loadgen.Config{Targets: strings.Split(*targets, ","), Token: *token,
		Duration: *duration, Workers: *workers, WriteShare: *writeShare})
	if err != nil {
		return err
	}
	printLoad(a.stdout, res)
	if res.Lost > 0 {
		return fmt.Errorf("%d acknowledged writes were lost", res.Lost)
	}
	return nil
}

func printLoad(w io.Writer, res loadgen.Result) {
	for _, k := range []struct {
		name  string
		stats loadgen.Stats
	}{{"reads", res.Reads}, {"writes", res.Writes}} {
		var codes []int
		for c := range k.stats.Status {
			codes = append(codes, c)
		}
		sort.Ints(codes)
		var parts []string
		for _, c := range codes {
			name := fmt.Sprint(c)
			if c == 0 {
				name = "no answer"
			}
			parts = append(parts, fmt.Sprintf("%s: %d", name, k.stats.Status[c]))
		}
		ms := func(p float64) time.Duration { return k.stats.Percentile(p).Round(time.Millisecond) }
		fmt.Fprintf(w, "%-5s %6d requests  p50 %-8s p99 %-8s max %-8s  %s\n", k.name, len(k.stats.Latency),
			ms(0.50), ms(0.99), ms(1), strings.Join(parts, ", "))
	}
	fmt.Fprintf(w, "writes acknowledged: %d figures; lost: %d; applied without an acknowledgement: %d\n",
		res.Acknowledged, res.Lost, res.Unacknowledged)
}
