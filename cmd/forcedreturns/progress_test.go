package main

import (
	"log/slog"
	"strings"
	"testing"
)

// TestProgressLineEndsBeforeLog: a log line written while a progress line
// is on stderr starts on a line of its own, and the progress goes on
// below it (a user saw "…checked 5000 figures…time=… level=WARN" on one
// line).
func TestProgressLineEndsBeforeLog(t *testing.T) {
	var out strings.Builder
	p := &progressLine{w: &out}
	logger := slog.New(slog.NewTextHandler(p, &slog.HandlerOptions{ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
		if a.Key == slog.TimeKey {
			return slog.Attr{}
		}
		return a
	}}))
	p.Update("read %d rows…", 5000)
	p.Append(" building the indexes…")
	logger.Warn("slow sql")
	logger.Warn("again")
	p.Update("read %d rows…", 10000)
	p.End()
	p.End()
	want := "\rread 5000 rows… building the indexes…\n" +
		"level=WARN msg=\"slow sql\"\n" +
		"level=WARN msg=again\n" +
		"\rread 10000 rows…\n"
	if got := out.String(); got != want {
		t.Errorf("stderr:\n%q\nwant\n%q", got, want)
	}
}
