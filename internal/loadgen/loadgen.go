// Package loadgen sends a mixed load of page and API reads and
// authenticated API writes to one or more running servers for a while,
// then reads back every write a server acknowledged: a write answered 201
// or 200 must be there, on any instance. It counts the answers by status,
// the writes lost and the latencies. It measures; it never retries a
// write. `forcedreturns dev load` runs it and prints the Result.
package loadgen

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"
)

// Config is one load run.
type Config struct {
	Targets    []string      // base URLs of the servers, used in turn
	Token      string        // API token of an editor
	Duration   time.Duration // how long to send requests
	Workers    int           // concurrent clients, at least 1
	WriteShare float64       // share of requests that write, 0 to 1
	// MaxRequests, when above 0, stops each worker after that many
	// requests even before Duration ends, so that a run's size does not
	// depend on the machine's speed.
	MaxRequests int
	Client      *http.Client // nil: a client with a one-minute timeout
}

// Stats are the answers to one kind of request.
type Stats struct {
	Status  map[int]int     // HTTP status (0: no answer) → count
	Latency []time.Duration // every request's, sorted ascending
}

// Percentile returns the latency below which the share p (0 to 1) of
// the requests fall: the nearest rank, so 1 is the maximum; 0 when there
// was no request.
func (s Stats) Percentile(p float64) time.Duration {
	if len(s.Latency) == 0 {
		return 0
	}
	return s.Latency[int(p*float64(len(s.Latency)-1)+0.5)]
}

// Result is what a run measured.
type Result struct {
	Reads, Writes Stats
	Acknowledged  int // figures with at least one acknowledged write
	// Lost counts the figures whose acknowledged write is missing: not
	// there, or at an older version than a server acknowledged.
	Lost int
	// Unacknowledged counts the figures stored although the client was
	// told the create failed, or got no answer: not wrong, but worth
	// knowing.
	Unacknowledged int
}

// Source is the id of the source every generated figure cites; it has no
// text, so quotes are not checked against one.
const Source = "load-test-source"

// Run prepares the source the figures cite, sends the load until
// cfg.Duration has passed (or ctx ends), then reads back every figure a
// create was sent for. An error means the run could not be measured; lost
// writes are reported in the Result, not as an error.
func Run(ctx context.Context, cfg Config) (Result, error) {
	if cfg.Workers < 1 || cfg.WriteShare < 0 || cfg.WriteShare > 1 || len(cfg.Targets) == 0 {
		return Result{}, fmt.Errorf("loadgen: %d workers, write share %v, %d targets: want at least 1 worker and target, a share from 0 to 1",
			cfg.Workers, cfg.WriteShare, len(cfg.Targets))
	}
	l := &run{bases: cfg.Targets, token: cfg.Token, client: cfg.Client,
		prefix: fmt.Sprintf("load-%x", time.Now().UnixNano()&0xffffffff),
		status: map[string]map[int]int{}, latency: map[string][]time.Duration{}, acked: map[string]int{}}
	if l.client == nil {
		l.client = &http.Client{Timeout: time.Minute}
	}
	if err := l.prepare(ctx); err != nil {
		return Result{}, err
	}
	end := time.Now().Add(cfg.Duration)
	var wg sync.WaitGroup
	for w := range cfg.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			l.work(ctx, w, end, cfg.WriteShare, cfg.MaxRequests)
		}()
	}
	wg.Wait()
	res := Result{Reads: l.stats("read"), Writes: l.stats("write"), Acknowledged: len(l.acked)}
	var err error
	res.Lost, res.Unacknowledged, err = l.verify(ctx)
	if err != nil {
		return Result{}, err
	}
	return res, nil
}

// run is the state of one load run, shared by its workers.
type run struct {
	bases  []string
	token  string
	client *http.Client
	prefix string // of every id this run creates

	mu      sync.Mutex
	status  map[string]map[int]int // "read"/"write" → status (0: no answer) → count
	latency map[string][]time.Duration
	acked   map[string]int // figure id → last acknowledged version
	tried   []string       // every figure id a create was sent for
}

func (l *run) prepare(ctx context.Context) error {
	body := map[string]any{"id": Source, "title": "Load test", "kind": "ngo_report", "publisher": "Load", "authors": "Load",
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

func (l *run) work(ctx context.Context, w int, end time.Time, writeShare float64, maxRequests int) {
	rng := rand.New(rand.NewPCG(uint64(w), uint64(time.Now().UnixNano())))
	var mine []string // figures this worker created: only it updates them
	reads := []string{"/", "/figures", "/api/v1/figures?limit=50", "/figures?metric=apprehended&sort=-value"}
	for n := 0; time.Now().Before(end) && ctx.Err() == nil && (maxRequests <= 0 || n < maxRequests); n++ {
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
			id := fmt.Sprintf("%s-%d-%d", l.prefix, w, n)
			l.mu.Lock()
			l.tried = append(l.tried, id)
			l.mu.Unlock()
			start := time.Now()
			st, v, _ := l.do(ctx, base, http.MethodPost, "/api/v1/figures", figure(id, 1+rng.IntN(500), ""))
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
		body := figure(id, 1+rng.IntN(500), fmt.Sprintf("update %d", n))
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
				l.ack(id, v.Version)
			}
		}
	}
}

// figure is the body of a figure write: valid, citing Source.
func figure(id string, value int, notes string) map[string]any {
	return map[string]any{"id": id, "metric": "apprehended", "qualifier": "at_least", "value": value,
		"period_start": "2020-03", "quantity_kind": "flow", "population": "North Koreans", "acting_state": "CN",
		"receiving_state": "KP", "source": Source, "quote": fmt.Sprintf("at least %d people were detained", value),
		"reported_by": "Load", "notes": notes, "reason": "load test"}
}

func (l *run) ack(id string, version int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.acked[id] = max(l.acked[id], version)
}

func (l *run) record(kind string, status int, d time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.status[kind] == nil {
		l.status[kind] = map[int]int{}
	}
	l.status[kind][status]++
	l.latency[kind] = append(l.latency[kind], d)
}

func (l *run) stats(kind string) Stats {
	lat := slices.Clone(l.latency[kind])
	slices.Sort(lat)
	return Stats{Status: l.status[kind], Latency: lat}
}

// do sends one request and returns the status (0 when no answer came)
// and, for a figure, its version.
func (l *run) do(ctx context.Context, base int, method, path string, body any) (int, struct{ Version int }, error) {
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
// in turn, and judges each with readBack.
func (l *run) verify(ctx context.Context) (lost, unacked int, err error) {
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
		switch readBack(acked, want, st == http.StatusOK, v.Version) {
		case verdictLost:
			lost++
		case verdictUnacknowledged:
			unacked++
		}
	}
	return lost, unacked, nil
}

// verdict is what reading a figure back tells about the writes sent for it.
type verdict int

const (
	verdictOK             verdict = iota
	verdictLost                   // acknowledged, but missing or older than acknowledged
	verdictUnacknowledged         // stored, though no write of it was acknowledged
)

// readBack judges one figure: acked and want say whether a write of it
// was acknowledged and the latest version acknowledged; found and version
// what reading it back gave. A later version than acknowledged is fine
// (an update applied without an answer).
func readBack(acked bool, want int, found bool, version int) verdict {
	switch {
	case acked && (!found || version < want):
		return verdictLost
	case !acked && found:
		return verdictUnacknowledged
	}
	return verdictOK
}
