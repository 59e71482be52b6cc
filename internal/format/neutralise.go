package format

import (
	"strings"
	"unicode/utf8"
)

// Spreadsheet formula injection.
//
// Excel, LibreOffice and Google Sheets run a CSV cell that starts with =, +,
// - or @ as a formula (and some strip a leading tab, CR or LF first, or fold
// the full-width forms ＝＋－＠ to ASCII), so a quote such as
// `=HYPERLINK("http://evil", "click")` would become live in an analyst's
// spreadsheet. Neutralise writes such a text cell with a leading apostrophe,
// which spreadsheets read as "this cell is text" and do not display.
//
// To keep exports lossless, the rule must be invertible, so a text that
// already starts with apostrophes followed by a dangerous character gets one
// more apostrophe too:
//
//	=1+2      → '=1+2
//	'=1+2     → ''=1+2
//	''-x      → '''-x
//	'quoted   → 'quoted (unchanged: no dangerous character after the apostrophes)
//	-5 (text) → '-5
//
// Unneutralise strips exactly one apostrophe from a cell of the form
// '+ followed by a dangerous character, and leaves every other cell alone;
// Unneutralise(Neutralise(s)) == s for every s. Numeric cells (value,
// value_low, value_high, quote_start, quote_end, version) are never
// neutralised: a spreadsheet reads -5 there as the number it is.

// Neutralise returns s made safe to open in a spreadsheet (see the rule
// above). It does not allocate when s needs no change.
func Neutralise(s string) string {
	if needsApostrophe(s) {
		return "'" + s
	}
	return s
}

// Unneutralise reverses Neutralise: the importer calls it on every text cell.
func Unneutralise(s string) string {
	if len(s) > 1 && s[0] == '\'' && needsApostrophe(s[1:]) {
		return s[1:]
	}
	return s
}

// needsApostrophe reports whether s, after any leading apostrophes, starts
// with a character a spreadsheet would treat as the start of a formula.
func needsApostrophe(s string) bool {
	rest := strings.TrimLeft(s, "'")
	if rest == "" {
		return false
	}
	switch rest[0] {
	case '=', '+', '-', '@', '\t', '\r', '\n':
		return true
	case 0xEF: // the full-width forms are U+FF0B, U+FF0D, U+FF1D, U+FF20
		r, _ := utf8.DecodeRuneInString(rest)
		return r == '＝' || r == '＋' || r == '－' || r == '＠'
	}
	return false
}
