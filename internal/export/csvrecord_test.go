package export

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestRecordAsEncodingCSV: writeRecord writes every record as
// encoding/csv's Writer does with CRLF line ends, byte for byte: empty
// fields, `\.`, commas, quotes, CR, LF and CRLF anywhere, white space of
// every kind first, multi-byte and invalid UTF-8, a record larger than
// the buffer.
func TestRecordAsEncodingCSV(t *testing.T) {
	records := [][]string{
		{}, {""}, {"", ""}, {`\.`}, {`\.x`, `x\.`}, {"a,b", `say "hi"`, "line\nbreak", "cr\ronly", "crlf\r\nend", "\r", "\n", `"`},
		{" lead", "\tlead", "\u00a0lead", "\u3000lead", "trail ", "mid dle", "\xffbad", "é,", "–"},
		{strings.Repeat(`x"y,z`+"\r\n", 30000)},
	}
	pieces := []string{"a", "Z", "0", ",", `"`, "\r", "\n", " ", "\t", "\u00a0", "\u2003", "é", "–", `\`, ".", "\xff", "'", "="}
	r := rand.New(rand.NewPCG(3, 4))
	for range 3000 {
		rec := make([]string, r.IntN(6))
		for i := range rec {
			var b strings.Builder
			for range r.IntN(8) {
				b.WriteString(pieces[r.IntN(len(pieces))])
			}
			rec[i] = b.String()
		}
		records = append(records, rec)
	}
	var want, got bytes.Buffer
	cw := csv.NewWriter(&want)
	cw.UseCRLF = true
	bw := bufio.NewWriterSize(&got, 64)
	for _, rec := range records {
		want.Reset()
		got.Reset()
		if err := cw.Write(rec); err != nil {
			t.Fatal(err)
		}
		cw.Flush()
		if err := writeRecord(bw, rec); err != nil {
			t.Fatal(err)
		}
		if err := bw.Flush(); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Fatalf("record %q:\nwrote      %q\ncsv.Writer %q", rec, got.Bytes(), want.Bytes())
		}
	}
}
