package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
)

// cmdDevLoad sends a mixed load of page and API reads and authenticated
// API writes to one or more running servers for a while, then reads back
// every write a server acknowledged: a write answered 201 or 200 must be
// there, on any instance. It prints the answers by status, the writes
// lost and latency percentiles. It measures; it never retries.
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
	l := &loadRun{bases: strings.Split(*targets, ","), token: *token, client: &http.Client{Timeout: time.Minute},
		run: fmt.Sprintf("load-%x", time.Now().UnixNano()&0xffffffff), status: map[string]map[int]int{}}
	if err := l.prepare(ctx); err != nil {
		return err
	}
	end := time.Now().Add(*duration)
	var wg sync.WaitGroup
	for w := range *workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			l.work(ctx, w, end, *writeShare)
		}()
	}
	wg.Wait()
	lost, extra, err := l.verify(ctx)
	if err != nil {
		return err
	}
	l.report(a.stdout, lost, extra)
	if lost > 0 {
		return fmt.Errorf("%d acknowledged writes were lost", lost)
	}
	return nil
}

// loadRun is the state of one load run, shared by its workers.
type loadRun struct {
	bases  []string
	token  string
	client *http.Client
	run    string // prefix of every id this run creates

	mu      sync.Mutex
	status  map[string]map[int]int // "read"/"write" → status (0: no answer) → count
	latency map[string][]time.Duration
	acked   map[string]int // figure id → last acknowledged version
	tried   []string       // every figure id a create was sent for
}

// loadSource is the source every generated figure cites; it has no text,
// so quotes are not checked against one.
const loadSource = "load-test-source"

func (l *loadRun) prepare(ctx context.Context) error {
	l.latency, l.acked = map[string][]time.Duration{}, map[string]int{}
	body := map[string]any{"id": loadSource, "title": "Load test", "kind": "ngo_report", "publisher": "Load", "authors": "Load",
		"published_on": "2020-01-01", "url": "https://example.org/load", "language": "en", "reason": "load test"}
	st, _, err := l.do(ctx, 0, http.MethodPost, "/api/v1/sources", body)
	if err != nil {
		return err
	}
	if st != http.StatusCreated && st != http.StatusConflict {
		return fmt.Errorf("create the load test source: status %d", st)
	}
	return nil
}

func (l *loadRun) work(ctx context.Context, w int, end time.Time, writeShare float64) {
	rng := rand.New(rand.NewPCG(uint64(w), uint64(time.Now().UnixNano())))
	var mine []string // figures this worker created: only it updates them
	reads := []string{"/", "/figures", "/api/v1/figures?limit=50", "/figures?metric=apprehended&sort=-value"}
	for n := 0; time.Now().Before(end) && ctx.Err() == nil; n++ {
		base := rng.IntN(len(l.bases))
		if rng.Float64() >= writeShare {
			path := reads[rng.IntN(len(reads))]
			if len(mine) > 0 && rng.IntN(4) == 0 {
				path = "/api/v1/figures/" + mine[rng.IntN(len(mine))]
			}
			start := time.Now()
			st, _, _ := l.do(ctx, base, http.MethodGet, path, nil)
			l.record("read", st, time.Since(start))
			continue
		}
		if len(mine) == 0 || rng.IntN(3) != 0 {
			id := fmt.Sprintf("%s-%d-%d", l.run, w, n)
			l.mu.Lock()
			l.tried = append(l.tried, id)
			l.mu.Unlock()
			start := time.Now()
			st, v, _ := l.do(ctx, base, http.MethodPost, "/api/v1/figures", loadFigure(id, 1+rng.IntN(500), ""))
			l.record("write", st, time.Since(start))
			if st == http.StatusCreated {
				l.ack(id, v.Version)
				mine = append(mine, id)
			}
			continue
		}
		id := mine[rng.IntN(len(mine))]
		l.mu.Lock()
		version := l.acked[id]
		l.mu.Unlock()
		body := loadFigure(id, 1+rng.IntN(500), fmt.Sprintf("update %d", n))
		body["version"] = version
		start := time.Now()
		st, v, _ := l.do(ctx, base, http.MethodPut, "/api/v1/figures/"+id, body)
		l.record("write", st, time.Since(start))
		switch st {
		case http.StatusOK:
			l.ack(id, v.Version)
		case http.StatusConflict, http.StatusServiceUnavailable:
			// The update may have been applied without an answer: learn the
			// current version, as a client following Retry-After would.
			if st, v, _ := l.do(ctx, base, http.MethodGet, "/api/v1/figures/"+id, nil); st == http.StatusOK {
				l.mu.Lock()
				l.acked[id] = max(l.acked[id], v.Version)
				l.mu.Unlock()
			}
		}
	}
}

func loadFigure(id string, value int, notes string) map[string]any {
	return map[string]any{"id": id, "metric": "apprehended", "qualifier": "at_least", "value": value,
		"period_start": "2020-03", "quantity_kind": "flow", "population": "North Koreans", "acting_state": "CN",
		"receiving_state": "KP", "source": loadSource, "quote": fmt.Sprintf("at least %d people were detained", value),
		"reported_by": "Load", "notes": notes, "reason": "load test"}
}

func (l *loadRun) ack(id string, version int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.acked[id] = max(l.acked[id], version)
}

func (l *loadRun) record(kind string, status int, d time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.status[kind] == nil {
		l.status[kind] = map[int]int{}
	}
	l.status[kind][status]++
	l.latency[kind] = append(l.latency[kind], d)
}

// do sends one request and returns the status (0 when no answer came)
// and, for a figure, its version.
func (l *loadRun) do(ctx context.Context, base int, method, path string, body any) (int, struct{ Version int }, error) {
	var v struct{ Version int }
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return 0, v, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, strings.TrimRight(l.bases[base], "/")+path, rd)
	if err != nil {
		return 0, v, err
	}
	req.Header.Set("Authorization", "Bearer "+l.token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := l.client.Do(req)
	if err != nil {
		return 0, v, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, v, err
	}
	if strings.HasPrefix(path, "/api/v1/figures") && resp.StatusCode < 300 {
		_ = json.Unmarshal(b, &v)
	}
	return resp.StatusCode, v, nil
}

// verify reads back every figure a create was sent for, from each server
// in turn: an acknowledged one must exist at its acknowledged version or
// later (lost otherwise); one that exists without an acknowledgement was
// applied although the client was told it failed or got no answer.
func (l *loadRun) verify(ctx context.Context) (lost, extra int, err error) {
	for i, id := range l.tried {
		st, v, err := l.do(ctx, i%len(l.bases), http.MethodGet, "/api/v1/figures/"+id, nil)
		for try := 0; (err != nil || st >= 500) && try < 10; try++ { // the check itself waits out a busy database
			time.Sleep(time.Second)
			st, v, err = l.do(ctx, i%len(l.bases), http.MethodGet, "/api/v1/figures/"+id, nil)
		}
		if err != nil || (st != http.StatusOK && st != http.StatusNotFound) {
			return 0, 0, fmt.Errorf("read back %s: status %d, %v", id, st, err)
		}
		want, acked := l.acked[id]
		switch {
		case acked && (st != http.StatusOK || v.Version < want):
			lost++
		case !acked && st == http.StatusOK:
			extra++
		}
	}
	return lost, extra, nil
}

func (l *loadRun) report(w io.Writer, lost, extra int) {
	for _, kind := range []string{"read", "write"} {
		lat := slices.Clone(l.latency[kind])
		sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
		var codes []int
		for c := range l.status[kind] {
			codes = append(codes, c)
		}
		sort.Ints(codes)
		var parts []string
		for _, c := range codes {
			name := fmt.Sprint(c)
			if c == 0 {
				name = "no answer"
			}
			parts = append(parts, fmt.Sprintf("%s: %d", name, l.status[kind][c]))
		}
		fmt.Fprintf(w, "%-5s %6d requests  p50 %-8s p99 %-8s max %-8s  %s\n", kind+"s", len(lat),
			pct(lat, 0.50), pct(lat, 0.99), pct(lat, 1), strings.Join(parts, ", "))
	}
	fmt.Fprintf(w, "writes acknowledged: %d figures; lost: %d; applied without an acknowledgement: %d\n", len(l.acked), lost, extra)
}

func pct(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(p*float64(len(sorted)-1) + 0.5)
	return sorted[i].Round(time.Millisecond)
}
