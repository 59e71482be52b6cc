package export

import (
	"bytes"
	"encoding/csv"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"forcedreturns/internal/export/exporttest"
	"forcedreturns/internal/format"
	"forcedreturns/models"
)

func readCSV(t *testing.T, b []byte) []map[string]string {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatalf("the output is not CSV: %v", err)
	}
	if diff := cmp.Diff(format.Columns, rows[0]); diff != "" {
		t.Fatalf("header (-want +got):\n%s", diff)
	}
	var out []map[string]string
	for _, r := range rows[1:] {
		m := map[string]string{}
		for i, c := range rows[0] {
			m[c] = r[i]
		}
		out = append(out, m)
	}
	return out
}

func TestWriteCSV(t *testing.T) {
	var buf bytes.Buffer
	n, err := WriteCSV(&buf, exporttest.Iter(exporttest.Views()), nil)
	if err != nil {
		t.Fatal(err)
	}
	if n != len(exporttest.Views()) {
		t.Errorf("WriteCSV returned %d rows, want %d", n, len(exporttest.Views()))
	}
	out := buf.Bytes()
	if bytes.HasPrefix(out, []byte("\xef\xbb\xbf")) {
		t.Error("the output starts with a byte order mark")
	}
	if !bytes.HasSuffix(out, []byte("\r\n")) || bytes.Count(out, []byte("\r\n")) < n+1 {
		t.Error("rows must end with CRLF (RFC 4180)")
	}
	rows := readCSV(t, out)
	if len(rows) != n {
		t.Fatalf("%d rows read back, want %d", len(rows), n)
	}
	byID := map[string]map[string]string{}
	for _, r := range rows {
		byID[r["figure_id"]] = r
	}

	want := map[string]map[string]string{
		"apprehended-2017-07-08": {
			"metric": "apprehended", "metric_label": "Apprehended", "value": "41", "value_low": "", "value_high": "",
			"qualifier": "documented", "unit": "people", "period_start": "2017-07-01", "period_end": "2017-08-31",
			"period_precision": "month", "quantity_kind": "flow", "acting_state": "CN", "receiving_state": "KP",
			"derived": "false", "status": "published", "source_id": "hrw-2017-dragnet",
			"source_title": "North Korean Refugees Trapped by China’s Expanding Dragnet", "source_kind": "commentary",
			"source_published_on": "2017-09-18", "source_accessed_on": "2024-05-02", "source_language": "en",
			"quote_start": "2741", "quote_end": "3001", "last_modified": "2024-05-02T00:30:15Z", "version": "3",
		},
		"famine-deaths-1994-1998": {
			"value": "", "value_low": "200000", "value_high": "3000000", "qualifier": "range",
			"period_start": "1994-01-01", "period_end": "1998-12-31", "period_precision": "year",
			"acting_state": "", "quote_start": "", "quote_end": "",
		},
		"forcibly-returned-since-2016-06": {
			"derived": "true", "formula": "{apprehended-since-2016-06} - {in-custody-2017-09-18}",
		},
		"awkward-1": {
			"value": "0", "value_text": "'-5", "unit": "'+people", "population": `'@everyone, "quoted", and 'others'`,
			"location": "''=not a formula", "source_title": `'=Report, "quoted" & <b>tagged</b>`,
			"source_publisher": "'-Example NGO, Inc.", "source_authors": "'@someone; 'quoted'",
			"source_published_on": "2020-02-29", "source_accessed_on": "", "source_archive_url": "https://web.archive.org/web/2020/https://example.org/reports/2020",
			"quote":          "'=HYPERLINK(\"http://evil.example\",\"click\")\nsecond line, \"quoted\"",
			"reported_by":    "'＝full-width equals",
			"retract_reason": "'-1 was a typo; see <script>alert(1)</script> & more",
			"status":         "retracted", "source_text_sha256": "",
		},
		"awkward-2": {
			"value": "1000000000000", "value_text": "'''=two apostrophes then equals", "reported_by": "'-",
			"quote": "'quoted at the start and the end'", "quote_start": "0", "quote_end": "33", "version": "7",
		},
	}
	for id, cells := range want {
		got, ok := byID[id]
		if !ok {
			t.Errorf("no row for %s", id)
			continue
		}
		for col, w := range cells {
			if _, ok := got[col]; !ok {
				t.Errorf("%s: no column %s", id, col)
			} else if got[col] != w {
				t.Errorf("%s: %s = %q, want %q", id, col, got[col], w)
			}
		}
	}
	if link := byID["in-custody-2017-09-18"]["quote_link"]; !strings.HasPrefix(link, exporttest.Sources()[0].URL+"#:~:text=According%20to%20family") {
		t.Errorf("quote_link = %q", link)
	}
}

// Numeric cells are never neutralised, even when they look like formulas.
func TestWriteCSVNumbersUntouched(t *testing.T) {
	v := exporttest.Views()[0]
	v.Figure.Value = -5
	v.Figure.QuoteStart = new(-1)
	var buf bytes.Buffer
	if _, err := WriteCSV(&buf, exporttest.Iter([]models.FigureView{v}), nil); err != nil {
		t.Fatal(err)
	}
	row := readCSV(t, buf.Bytes())[0]
	if row["value"] != "-5" || row["quote_start"] != "-1" {
		t.Errorf("value = %q, quote_start = %q: numbers must be written as they are", row["value"], row["quote_start"])
	}
}

func TestWriteCSVEmpty(t *testing.T) {
	var buf bytes.Buffer
	n, err := WriteCSV(&buf, exporttest.Iter(nil), nil)
	if err != nil || n != 0 {
		t.Fatalf("WriteCSV = %d, %v", n, err)
	}
	if want := strings.Join(format.Columns, ",") + "\r\n"; buf.String() != want {
		t.Errorf("got %q, want the header only", buf.String())
	}
}

type failingWriter struct{ after int }

func (w *failingWriter) Write(p []byte) (int, error) {
	if w.after < len(p) {
		return 0, errors.New("disk full")
	}
	w.after -= len(p)
	return len(p), nil
}

// Errors of the writer and of the iterator reach the caller.
func TestWriteErrors(t *testing.T) {
	many := func(yield func(*models.FigureView) error) error {
		v := exporttest.Views()[0]
		for i := 0; i < 10000; i++ {
			if err := yield(&v); err != nil {
				return err
			}
		}
		return nil
	}
	broken := func(yield func(*models.FigureView) error) error {
		v := exporttest.Views()[0]
		if err := yield(&v); err != nil {
			return err
		}
		return errors.New("database gone")
	}
	for _, format := range []string{"csv", "json", "ndjson", "datapackage"} {
		if err := Write(format, &failingWriter{after: 1000}, Meta{}, many, nil); err == nil || !strings.Contains(err.Error(), "disk full") {
			t.Errorf("%s: writer error: got %v", format, err)
		}
		if err := Write(format, &bytes.Buffer{}, Meta{}, broken, nil); err == nil || err.Error() != "database gone" {
			t.Errorf("%s: iterator error: got %v", format, err)
		}
	}
}

func TestWriteUnknownFormat(t *testing.T) {
	err := Write("xlsx", &bytes.Buffer{}, Meta{}, exporttest.Iter(nil), nil)
	want := `unknown export format: format: expected one of csv, json, ndjson, datapackage, got "xlsx"`
	if err == nil || err.Error() != want {
		t.Fatalf("got %v, want %s", err, want)
	}
	if models.ErrorCode(err) != models.EInvalid {
		t.Errorf("code %s, want %s", models.ErrorCode(err), models.EInvalid)
	}
}
