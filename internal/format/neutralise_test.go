package format

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestNeutralise(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"plain", "plain"},
		{"41", "41"},
		{"=1+2", "'=1+2"},
		{"+1", "'+1"},
		{"-5", "'-5"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tx", "'\tx"},
		{"\rx", "'\rx"},
		{"\nx", "'\nx"},
		{"＝1", "'＝1"},
		{"＋1", "'＋1"},
		{"－1", "'－1"},
		{"＠x", "'＠x"},
		{"'=1", "''=1"},
		{"''-x", "'''-x"},
		{"'", "'"},
		{"''", "''"},
		{"'quoted'", "'quoted'"},
		{"a=b", "a=b"},
		{" =x", " =x"}, // a leading space makes it text in every spreadsheet
		{"ｘ", "ｘ"},     // another full-width character
		{"\xef", "\xef"},
	}
	for _, tt := range tests {
		if got := Neutralise(tt.in); got != tt.want {
			t.Errorf("Neutralise(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got := Unneutralise(tt.want); got != tt.in {
			t.Errorf("Unneutralise(%q) = %q, want %q", tt.want, got, tt.in)
		}
	}
}

func TestNeutraliseDoesNotAllocate(t *testing.T) {
	s := strings.Repeat("safe text ", 3)
	if n := testing.AllocsPerRun(100, func() { _ = Neutralise(s) }); n != 0 {
		t.Errorf("Neutralise of a safe text allocates %v times", n)
	}
}

// dangerous reports whether a spreadsheet could read s as a formula.
func dangerous(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return strings.ContainsRune("=+-@\t\r\n＝＋－＠", r) && s != ""
}

func FuzzNeutralise(f *testing.F) {
	for _, s := range []string{"", "=1", "'=1", "''", "-", "＋", "'\n", "plain"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Neutralise(s)
		if dangerous(n) {
			t.Fatalf("Neutralise(%q) = %q starts with a dangerous character", s, n)
		}
		if got := Unneutralise(n); got != s {
			t.Fatalf("Unneutralise(Neutralise(%q)) = %q", s, got)
		}
		if n != s && n != "'"+s {
			t.Fatalf("Neutralise(%q) = %q: may only add one apostrophe", s, n)
		}
	})
}
