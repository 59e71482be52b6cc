package models

import (
	"fmt"
	"strconv"
	"strings"
)

// WholeNumberForm names the form ParseWholeNumber accepts, for messages.
const WholeNumberForm = "a whole number such as 41 or 1,204"

// ParseWholeNumber reads a count as people write it: plain digits
// ("41"), or digits grouped in threes by commas ("1,204", "1,234,567").
// It is strict, because each lenient reading hides a mistake: "007" (a
// leading zero, perhaps a code), "0,123" and "1,23" (a decimal comma, or
// a misplaced separator), "1.0" and "4.1e1" (not a count), "+5" and "-5"
// (no count is signed), " 5" (callers trim form input first). The error
// names the expected form and, where it helps, what is wrong.
func ParseWholeNumber(s string) (int64, error) {
	if why := wholeNumberProblem(s); why != "" {
		return 0, fmt.Errorf("expected "+WholeNumberForm+", got %q (%s)", Clip(s, 40), why)
	}
	n, err := strconv.ParseInt(strings.ReplaceAll(s, ",", ""), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("expected "+WholeNumberForm+", got %q (too large)", s)
	}
	return n, nil
}

// QuotedNumber adds, through add (a problem list's Add, for its field),
// the problem of a number sent as a JSON string, text being the string
// without its quotes (literal, as received, with them): what to write
// instead when it is a whole number ("value": "5"), else what a number
// looks like. Said the same by the import formats and the API.
func QuotedNumber(text, literal string, add func(format string, args ...any)) {
	if n, err := ParseWholeNumber(text); err == nil {
		add("expected a JSON number, not a string: write %d without the quotes", n)
		return
	}
	add("expected a JSON number such as 41, not a string: got %s", literal)
}

// wholeNumberProblem says what keeps s from being a whole number, or "".
func wholeNumberProblem(s string) string {
	switch {
	case s == "":
		return "empty"
	case s[0] == '+' || s[0] == '-':
		return "no sign"
	case strings.TrimSpace(s) != s:
		return "no spaces"
	}
	spaced := false
	for _, r := range s {
		switch {
		case r == '.':
			return "no decimals"
		case r == 'e' || r == 'E':
			return "no exponent"
		case r == ' ':
			spaced = true
		case r != ',' && (r < '0' || r > '9'):
			return "digits only"
		}
	}
	if spaced {
		return "no spaces"
	}
	groups := strings.Split(s, ",")
	first := groups[0]
	switch {
	case first == "":
		return "digits first"
	case len(first) > 1 && first[0] == '0':
		return "no leading zeros"
	case len(groups) > 1 && (len(first) > 3 || first == "0"):
		return "commas must separate groups of three digits"
	}
	for _, g := range groups[1:] {
		if len(g) != 3 {
			return "commas must separate groups of three digits"
		}
	}
	return ""
}
