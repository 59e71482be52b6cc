package models

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Clip shortens s to at most max bytes, cut at a character boundary and
// marked with "…", for quoting a value in a message.
func Clip(s string, max int) string {
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// SizeText writes a byte count as people read it: 256 MB, 64 KB, or the
// bytes when it is not a whole number of either.
func SizeText(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return strconv.FormatInt(n>>20, 10) + " MB"
	case n >= 1<<10 && n%(1<<10) == 0:
		return strconv.FormatInt(n>>10, 10) + " KB"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}

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

// checkLine is checkText for a single-line field (a title, a name, a
// place), which must also be free of bidirectional controls.
func checkLine(p *Problems, field, s string, min, max int) {
	checkText(p, field, s, min, max)
	if r, ok := BidiControl(s); ok {
		p.Add(field, "must not contain bidirectional control characters (found U+%04X): they can make the text read in another order than it is stored", r)
	}
}

// BidiControl returns the first bidirectional embedding, override or
// isolate control in s (U+202A–U+202E, U+2066–U+2069). Such a character
// reorders everything after it up to the end of its paragraph, so a title
// holding one could show readers a different text than the one stored
// and searched ("Trojan Source"). The marks U+200E, U+200F and U+061C are
// not refused: they only set the direction of the neutral characters
// next to them, cannot reverse a run of letters, and right-to-left names
// copied from a report legitimately carry them.
func BidiControl(s string) (rune, bool) {
	for _, r := range s {
		if (r >= '\u202A' && r <= '\u202E') || (r >= '\u2066' && r <= '\u2069') {
			return r, true
		}
	}
	return 0, false
}

// IsolateBidi returns s ready to be shown inside other plain text (a
// chart tooltip, a label) where no <bdi> element can isolate it: when s
// holds bidirectional controls it is wrapped in FIRST STRONG ISOLATE …
// POP DIRECTIONAL ISOLATE, whose closing character ends every embedding
// and override opened inside, so that nothing in s reorders the text
// around it. A stray closing isolate in s, which would end the wrapper
// early, is dropped, and isolates s leaves open are closed first. Text without controls is returned as is.
func IsolateBidi(s string) string {
	if _, ok := BidiControl(s); !ok {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 6)
	b.WriteRune('\u2068')
	open := 0
	for _, r := range s {
		switch r {
		case '\u2066', '\u2067', '\u2068':
			open++
		case '\u2069':
			if open == 0 {
				continue
			}
			open--
		}
		b.WriteRune(r)
	}
	// Close what s left open, so that the last closer matches the wrapper.
	b.WriteString(strings.Repeat("\u2069", open+1))
	return b.String()
}
