package store

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"
)

// TestSlowStream: a streamed read is judged by its rate over the
// database's time, so a large export is not slow for its size and a read
// of few rows that takes long is.
func TestSlowStream(t *testing.T) {
	tests := []struct {
		name   string
		rows   int64
		dbTime time.Duration
		slow   bool
	}{
		{"quick", 10, 100 * time.Millisecond, false},
		{"a million rows in 20 s", 1_000_000, 20 * time.Second, false},
		{"few rows slowly", 100, 2 * time.Second, true},
		{"a large read below the rate", 10_000, 5 * time.Second, true},
		{"no rows slowly", 0, time.Second, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			s := &Store{log: slog.New(slog.NewTextHandler(&buf, nil))}
			s.slowStream(context.Background(), "stream figures", "SELECT 1", tt.rows, tt.dbTime)
			if got := strings.Contains(buf.String(), "slow sql"); got != tt.slow {
				t.Errorf("logged %q, want slow %v", buf.String(), tt.slow)
			}
		})
	}
	// The statement of a stream is not judged by its time to the first row.
	var buf bytes.Buffer
	l := newGormLogger(slog.New(slog.NewTextHandler(&buf, nil)), time.Millisecond)
	fc := func() (string, int64) { return "SELECT 1", -1 }
	l.Trace(context.WithValue(context.Background(), streamingKey{}, true), time.Now().Add(-time.Second), fc, nil)
	if buf.Len() != 0 {
		t.Errorf("a stream's statement logged %q, want nothing", buf.String())
	}
	l.Trace(context.Background(), time.Now().Add(-time.Second), fc, nil)
	if !strings.Contains(buf.String(), "slow sql") {
		t.Errorf("a slow statement logged %q, want slow sql", buf.String())
	}
}
