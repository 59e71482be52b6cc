package models

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestClip(t *testing.T) {
	for _, tt := range []struct {
		in   string
		max  int
		want string
	}{
		{"short", 40, "short"},
		{strings.Repeat("a", 40), 40, strings.Repeat("a", 40)},
		{strings.Repeat("a", 41), 40, strings.Repeat("a", 40) + "…"},
		// A cut inside a character backs up to its start: a message
		// never holds half a character (formula errors used to).
		{strings.Repeat("a", 39) + "한국", 40, strings.Repeat("a", 39) + "…"},
	} {
		got := Clip(tt.in, tt.max)
		if got != tt.want || !utf8.ValidString(got) {
			t.Errorf("Clip(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
		}
	}
}

func TestSizeText(t *testing.T) {
	for n, want := range map[int64]string{
		256 << 20: "256 MB", 64 << 10: "64 KB", 1<<20 + 1: "1048577 bytes", 12: "12 bytes",
	} {
		if got := SizeText(n); got != want {
			t.Errorf("SizeText(%d) = %q, want %q", n, got, want)
		}
	}
}
