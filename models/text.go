package models

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

var metricSlug = regexp.MustCompile(`^[a-z][a-z0-9_]{0,59}$`)

// checkText requires s to be valid UTF-8 without control characters (other
// than new lines and tabs), trimmed, and between min and max runes long;
// min 0 makes it optional.
func checkText(p *Problems, field, s string, min, max int) {
	if !utf8.ValidString(s) {
		p.Add(field, "must be valid UTF-8 text")
		return
	}
	n := utf8.RuneCountInString(s)
	switch {
	case n == 0 && min > 0:
		p.Add(field, "required")
		return
	case n < min:
		p.Add(field, "must be at least %d characters", min)
	case n > max:
		p.Add(field, "must be at most %d characters, got %d", max, n)
	}
	if strings.TrimSpace(s) != s {
		p.Add(field, "must not start or end with white space")
	}
	for _, r := range s {
		if r == '\n' || r == '\t' {
			continue
		}
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || r == utf8.RuneError {
			p.Add(field, "must not contain control characters (found U+%04X)", r)
			return
		}
	}
}
