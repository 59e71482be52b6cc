package store_test

import (
	"os"
	"runtime"
	"runtime/pprof"
	"strconv"
	"sync"
	"testing"
	"time"

	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
)

// BenchmarkRefreshChecks computes every stored check of the editors on
// generated figures (BENCH_CHECK_FIGURES, 20,000 by default) and reports
// its time against the whole run one subject at a time held in memory
// (store.RunChecks), measured in the same run, and the peak heap of
// each; BENCH_HEAP_PROFILE=FILE writes the heap profile at the stored
// computation's peak:
// go test ./internal/store -bench RefreshChecks -run '^$' -benchtime 1x.
func BenchmarkRefreshChecks(b *testing.B) {
	n := 20_000
	if v, err := strconv.Atoi(os.Getenv("BENCH_CHECK_FIGURES")); err == nil && v > 0 {
		n = v
	}
	for _, d := range storetest.Dialects {
		b.Run(d, func(b *testing.B) {
			s := storetest.OpenConfig(b, storetest.NewDatabase(b, d), true)
			must(b, s.GenerateFigures(ctx, n, 1))
			o := storetest.CheckOptions(b, s)
			var inMemory, stored time.Duration
			var peakMemory, peakStored uint64
			for b.Loop() {
				start := time.Now()
				peakMemory = max(peakMemory, peakHeap(b, "", func() {
					if _, err := s.RunChecks(ctx, models.AudienceEditors, o, nil); err != nil {
						b.Fatal(err)
					}
				}))
				inMemory += time.Since(start)
				must(b, s.ExecForTest(ctx, "DELETE FROM check_state")) // a full computation
				start = time.Now()
				peakStored = max(peakStored, peakHeap(b, os.Getenv("BENCH_HEAP_PROFILE"), func() {
					must(b, s.RefreshChecks(ctx, models.AudienceEditors, o))
				}))
				stored += time.Since(start)
			}
			b.ReportMetric(stored.Seconds()/inMemory.Seconds(), "stored/in-memory")
			b.Logf("%d figures: in memory %v (peak heap %d MB), stored %v (peak heap %d MB)",
				n, inMemory, peakMemory>>20, stored, peakStored>>20)
		})
	}
}

// peakHeap runs fn and returns the largest heap (runtime.MemStats.HeapAlloc,
// sampled every 50 ms) seen while it ran, writing the heap profile at
// that peak to profile unless empty.
func peakHeap(b *testing.B, profile string, fn func()) uint64 {
	b.Helper()
	runtime.GC()
	var peak uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
			}
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			if m.HeapAlloc > peak+peak/10 {
				peak = m.HeapAlloc
				if profile != "" {
					if f, err := os.Create(profile); err == nil {
						_ = pprof.WriteHeapProfile(f)
						f.Close()
					}
				}
			}
		}
	}()
	fn()
	close(done)
	wg.Wait()
	return peak
}
