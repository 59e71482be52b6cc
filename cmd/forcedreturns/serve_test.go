package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a buffer the server's goroutine writes while the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

var listening = regexp.MustCompile(`on (http://\S+) `)

// serve starts `forcedreturns serve` on a free port and returns its base
// URL and a function that stops it and returns its exit code and stderr.
func (c *cli) serve(args ...string) (base string, stop func() (int, string)) {
	c.t.Helper()
	ctx, cancel := context.WithCancel(ctx)
	var stdout, stderr syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), c.getenv, strings.NewReader(""), &stdout, &stderr)
	}()
	stop = func() (int, string) {
		cancel()
		select {
		case code := <-done:
			return code, stderr.String()
		case <-time.After(30 * time.Second):
			c.t.Fatalf("serve did not stop within 30 s of its context ending")
			return 0, ""
		}
	}
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if m := listening.FindStringSubmatch(stdout.String()); m != nil {
			return m[1], stop
		}
		select {
		case code := <-done:
			c.t.Fatalf("serve exited %d before listening: %s", code, stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	cancel()
	c.t.Fatalf("serve did not print its address within 30 s: %q", stdout.String())
	return "", nil
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, string(b)
}

// TestServeSeedsAnEmptyDatabase checks DESIGN's first run: serve creates,
// migrates and seeds the database, serves the figures, and stops cleanly
// (exit 0) when its context ends.
func TestServeSeedsAnEmptyDatabase(t *testing.T) {
	c := newCLI(t)
	base, stop := c.serve()
	if code, _ := get(t, base+"/healthz"); code != http.StatusOK {
		t.Errorf("GET /healthz: %d", code)
	}
	code, body := get(t, base+"/figures.csv")
	if code != http.StatusOK {
		t.Fatalf("GET /figures.csv: %d %.300s", code, body)
	}
	if got, want := len(parseCSV(t, body).rows), len(seedBatch(t).Figures); got != want {
		t.Errorf("the first serve offers %d figures, want the %d of the seed", got, want)
	}
	if code, stderr := stop(); code != exitOK {
		t.Errorf("serve exited %d after its context ended: %s", code, stderr)
	}
	// A second start finds the data and does not seed again.
	base, stop = c.serve()
	get(t, base+"/healthz")
	if code, stderr := stop(); code != exitOK || strings.Contains(stderr, "seeded an empty database") {
		t.Errorf("second serve: exit %d, stderr %s", code, stderr)
	}
	contains(t, "seed", c.ok("seed"), "0 created, 0 updated")
}

// TestServeWithoutSeed checks FORCEDRETURNS_NO_SEED=1 and a port in use.
func TestServeWithoutSeed(t *testing.T) {
	c := newCLI(t)
	c.env["FORCEDRETURNS_NO_SEED"] = "1"
	base, stop := c.serve()
	if code, body := get(t, base+"/figures.csv"); code != http.StatusOK || len(parseCSV(t, body).rows) != 0 {
		t.Errorf("with FORCEDRETURNS_NO_SEED=1: %d, %.300s; want no figures", code, body)
	}
	if code, stderr := stop(); code != exitOK {
		t.Errorf("serve exited %d: %s", code, stderr)
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	r := c.run("serve", "--addr", ln.Addr().String())
	if r.code != exitFailure {
		t.Fatalf("serve on a port in use: %s", r)
	}
	contains(t, "stderr", r.stderr, "listen on "+ln.Addr().String())
}

// TestServeNoSeedZero checks that FORCEDRETURNS_NO_SEED=0 keeps seeding on:
// the variable is read as a boolean, not as "set or not".
func TestServeNoSeedZero(t *testing.T) {
	c := newCLI(t)
	c.env["FORCEDRETURNS_NO_SEED"] = "0"
	base, stop := c.serve()
	get(t, base+"/healthz")
	if code, stderr := stop(); code != exitOK || !strings.Contains(stderr, "seeded an empty database") {
		t.Errorf("with FORCEDRETURNS_NO_SEED=0: exit %d, stderr %s; want the database seeded", code, stderr)
	}
}
