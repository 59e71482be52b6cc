package loadgen

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestPercentile(t *testing.T) {
	ms := func(ns ...int) []time.Duration {
		var ds []time.Duration
		for _, n := range ns {
			ds = append(ds, time.Duration(n)*time.Millisecond)
		}
		return ds
	}
	hundred := make([]int, 100)
	for i := range hundred {
		hundred[i] = i + 1
	}
	tests := []struct {
		name    string
		latency []time.Duration
		p       float64
		want    time.Duration
	}{
		{"no requests", nil, 0.5, 0},
		{"one request, p50", ms(7), 0.5, 7 * time.Millisecond},
		{"one request, max", ms(7), 1, 7 * time.Millisecond},
		{"1..100 p50 rounds to the nearest rank", ms(hundred...), 0.50, 51 * time.Millisecond},
		{"1..100 p99", ms(hundred...), 0.99, 99 * time.Millisecond},
		{"1..100 max", ms(hundred...), 1, 100 * time.Millisecond},
		{"1..100 min", ms(hundred...), 0, 1 * time.Millisecond},
		{"two, p50 takes the upper", ms(10, 20), 0.5, 20 * time.Millisecond},
		{"four, p25", ms(1, 2, 3, 4), 0.25, 2 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := (Stats{Latency: tt.latency}).Percentile(tt.p); got != tt.want {
				t.Errorf("Percentile(%v) = %v, want %v", tt.p, got, tt.want)
			}
		})
	}
}

func TestReadBack(t *testing.T) {
	tests := []struct {
		name    string
		acked   bool
		want    int
		found   bool
		version int
		expect  verdict
	}{
		{"acknowledged and there", true, 3, true, 3, verdictOK},
		{"acknowledged, a later version there", true, 3, true, 4, verdictOK},
		{"acknowledged, an older version there", true, 3, true, 2, verdictLost},
		{"acknowledged create, not there", true, 1, false, 0, verdictLost},
		{"not acknowledged, not there", false, 0, false, 0, verdictOK},
		{"not acknowledged, there", false, 0, true, 1, verdictUnacknowledged},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := readBack(tt.acked, tt.want, tt.found, tt.version); got != tt.expect {
				t.Errorf("readBack(acked %v, want %d, found %v, version %d) = %d, want %d",
					tt.acked, tt.want, tt.found, tt.version, got, tt.expect)
			}
		})
	}
}

// faultyAPI is a stand-in for the figure API that misbehaves on purpose,
// in a way it records: it acknowledges some creates it drops, stores some
// it answers 503, and acknowledges some updates it does not apply. What a
// real server does right is tested against the real one (make faults).
type faultyAPI struct {
	mu      sync.Mutex
	creates int
	stored  map[string]int // id → stored version
	acked   map[string]int // id → latest version acknowledged
	reads   int
}

func newFaultyAPI() *faultyAPI {
	return &faultyAPI{stored: map[string]int{}, acked: map[string]int{}}
}

func (f *faultyAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if r.Header.Get("Authorization") != "Bearer secret" {
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	answer := func(status, version int) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(map[string]int{"version": version})
	}
	var body struct {
		ID      string `json:"id"`
		Version int    `json:"version"`
	}
	if r.Method != http.MethodGet {
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
	}
	id, isFigure := strings.CutPrefix(r.URL.Path, "/api/v1/figures/")
	switch {
	case r.Method == http.MethodPost && r.URL.Path == "/api/v1/sources":
		answer(http.StatusCreated, 1)
	case r.Method == http.MethodPost && r.URL.Path == "/api/v1/figures":
		f.creates++
		switch f.creates % 4 {
		case 1: // acknowledged, dropped
			f.acked[body.ID] = 1
			answer(http.StatusCreated, 1)
		case 2: // stored, answered as failed
			f.stored[body.ID] = 1
			answer(http.StatusServiceUnavailable, 0)
		default:
			f.stored[body.ID], f.acked[body.ID] = 1, 1
			answer(http.StatusCreated, 1)
		}
	case r.Method == http.MethodPut && isFigure:
		v, ok := f.stored[id]
		if !ok || body.Version != f.acked[id] {
			answer(http.StatusConflict, 0)
			return
		}
		f.acked[id] = v + 1
		if len(id)%2 == 0 { // every other figure's updates are acknowledged but not applied
			f.stored[id] = v + 1
		}
		answer(http.StatusOK, v+1)
	case r.Method == http.MethodGet && isFigure:
		f.reads++
		if v, ok := f.stored[id]; ok {
			answer(http.StatusOK, v)
			return
		}
		answer(http.StatusNotFound, 0)
	case r.Method == http.MethodGet:
		w.WriteHeader(http.StatusOK)
	default:
		w.WriteHeader(http.StatusMethodNotAllowed)
	}
}

// want counts what Run must find, from the server's own record.
func (f *faultyAPI) want() (acknowledged, lost, unacknowledged int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for id, v := range f.acked {
		acknowledged++
		if sv, ok := f.stored[id]; !ok || sv < v {
			lost++
		}
	}
	for id := range f.stored {
		if _, ok := f.acked[id]; !ok {
			unacknowledged++
		}
	}
	return acknowledged, lost, unacknowledged
}

// TestRunCountsLostWrites runs a load against two servers sharing one
// faulty API and checks that every write the API acknowledged but did not
// keep is counted lost, and every one it kept without acknowledging is
// counted.
func TestRunCountsLostWrites(t *testing.T) {
	api := newFaultyAPI()
	a, b := httptest.NewServer(api), httptest.NewServer(api)
	defer a.Close()
	defer b.Close()
	const workers, perWorker = 4, 60
	res, err := Run(context.Background(), Config{Targets: []string{a.URL, b.URL + "/"}, Token: "secret",
		Duration: time.Hour, Workers: workers, WriteShare: 0.8, MaxRequests: perWorker})
	if err != nil {
		t.Fatal(err)
	}
	acknowledged, lost, unacked := api.want()
	if lost == 0 || unacked == 0 {
		t.Fatalf("the faulty API lost %d and stored %d unacknowledged writes: the test needs both", lost, unacked)
	}
	if res.Acknowledged != acknowledged || res.Lost != lost || res.Unacknowledged != unacked {
		t.Errorf("Run: %d acknowledged, %d lost, %d unacknowledged; the API acknowledged %d, lost %d, stored %d unacknowledged",
			res.Acknowledged, res.Lost, res.Unacknowledged, acknowledged, lost, unacked)
	}
	total := 0
	for _, s := range []Stats{res.Reads, res.Writes} {
		for _, n := range s.Status {
			total += n
		}
		if len(s.Latency) != sumCounts(s.Status) {
			t.Errorf("%d latencies for %d answers", len(s.Latency), sumCounts(s.Status))
		}
		for i := 1; i < len(s.Latency); i++ {
			if s.Latency[i] < s.Latency[i-1] {
				t.Fatalf("latencies not sorted at %d: %v", i, s.Latency[i-1:i+1])
			}
		}
	}
	if total != workers*perWorker {
		t.Errorf("%d requests counted, want %d (%d workers × %d)", total, workers*perWorker, workers, perWorker)
	}
	if res.Writes.Status[http.StatusServiceUnavailable] == 0 || res.Writes.Status[http.StatusCreated] == 0 {
		t.Errorf("write answers by status: %v, want 201s and 503s", res.Writes.Status)
	}
}

func sumCounts(m map[int]int) int {
	n := 0
	for _, c := range m {
		n += c
	}
	return n
}

func TestRunRefuses(t *testing.T) {
	api := httptest.NewServer(newFaultyAPI())
	defer api.Close()
	tests := []struct {
		name string
		cfg  Config
		want string
	}{
		{"a wrong token", Config{Targets: []string{api.URL}, Token: "wrong", Duration: time.Second, Workers: 1}, "create the load test source: status 401"},
		{"no worker", Config{Targets: []string{api.URL}, Token: "secret", Workers: 0}, "want at least 1 worker"},
		{"a write share above 1", Config{Targets: []string{api.URL}, Token: "secret", Workers: 1, WriteShare: 1.5}, "a share from 0 to 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Run(context.Background(), tt.cfg)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Run: %v, want an error containing %q", err, tt.want)
			}
		})
	}
}
