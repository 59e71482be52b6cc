package export

import (
	"bufio"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The CSV encoders write records as encoding/csv's Writer does with a
// comma and CRLF line ends (UseCRLF), byte for byte, but a whole record at
// a time into the bufio.Writer's free space (writeRecord): csv.Writer
// makes a call into the bufio.Writer for every cell, every separator and
// every quote, which was a tenth of a CSV export's CPU.
// TestRecordAsEncodingCSV holds the two equal.

// writeRecord writes record and its line end to w.
func writeRecord(w *bufio.Writer, record []string) error {
	_, err := w.Write(appendRecord(w.AvailableBuffer(), record))
	return err
}

// appendRecord appends record to b as csv.Writer (Comma ',', UseCRLF)
// writes it, with its line end.
func appendRecord(b []byte, record []string) []byte {
	for n, field := range record {
		if n > 0 {
			b = append(b, ',')
		}
		if !fieldNeedsQuotes(field) {
			b = append(b, field...)
			continue
		}
		b = append(b, '"')
		for len(field) > 0 {
			i := strings.IndexAny(field, "\"\r\n")
			if i < 0 {
				b = append(b, field...)
				break
			}
			b = append(b, field[:i]...)
			switch field[i] {
			case '"':
				b = append(b, '"', '"')
			case '\n':
				b = append(b, '\r', '\n')
			} // a '\r' is left out: with CRLF line ends every '\n' brings its own
			field = field[i+1:]
		}
		b = append(b, '"')
	}
	return append(b, '\r', '\n')
}

// fieldNeedsQuotes is csv.Writer's rule: a field is quoted when it holds
// the comma, a quote or a line break, starts with white space, or is the
// line `\.` (PostgreSQL's end of data); never when empty.
func fieldNeedsQuotes(field string) bool {
	if field == "" {
		return false
	}
	if field == `\.` {
		return true
	}
	for i := 0; i < len(field); i++ {
		switch field[i] {
		case '\n', '\r', '"', ',':
			return true
		}
	}
	r1, _ := utf8.DecodeRuneInString(field)
	return unicode.IsSpace(r1)
}
