package models

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzValidateEmail: an accepted address is in its stored form, bounded,
// and has one @ outside quotes at least; nothing panics.
func FuzzValidateEmail(f *testing.F) {
	for _, s := range []string{"ana@example.org", "Ana <ana@example.org>", `"a b"@example.org`, "a@b", "@", "a@@b", "\xff@x.org"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := NormalizeEmail(s)
		if ValidateEmail(n) != nil {
			return
		}
		if n != NormalizeEmail(n) || len(n) > MaxEmailLength || !utf8.ValidString(n) || !strings.Contains(n, "@") {
			t.Fatalf("ValidateEmail accepted %q", n)
		}
	})
}
