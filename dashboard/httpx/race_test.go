//go:build race

package httpx

// raceEnabled: under the race detector sync.Pool drops some of what is
// put back, so allocation counts say nothing of reuse.
const raceEnabled = true
