package importer

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"forcedreturns/internal/export/exporttest"
	"forcedreturns/models"
)

// table is a CSV file as cells: the header, then rows 2, 3 and 4 as a
// spreadsheet numbers them: a figure with offsets, a stock, a range, all
// from one source.
type table [][]string

func baseTable(t *testing.T) table {
	t.Helper()
	v := exporttest.Views()
	out := exportTo(t, "csv", []models.FigureView{v[0], v[4], v[6]})
	rows, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// set sets the cell of column col on spreadsheet row n (2 is the first data row).
func (tb table) set(n int, col, v string) table {
	tb[n-1][slices.Index(tb[0], col)] = v
	return tb
}

func (tb table) bytes() []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.WriteAll(tb)
	return buf.Bytes()
}

// problems returns the field problems of err as "field: message" lines,
// or the error itself if it is not an EInvalid *models.Error with fields.
func problems(t *testing.T, err error) []string {
	t.Helper()
	var e *models.Error
	if !errors.As(err, &e) || e.Code != models.EInvalid || len(e.Fields) == 0 {
		t.Fatalf("want an EInvalid *models.Error with fields, got %#v", err)
	}
	var out []string
	for _, f := range e.Fields {
		out = append(out, f.Field+": "+f.Message)
	}
	return out
}

func TestParseCSVErrors(t *testing.T) {
	tests := []struct {
		name string
		file func(table) []byte
		want []string
	}{
		{"empty file", func(table) []byte { return nil }, []string{
			"header: the file is empty: expected a header row naming the columns of an export",
		}},
		{"unknown and missing columns", func(tb table) []byte {
			tb[0][slices.Index(tb[0], "quote")] = "qoute"
			tb[0][slices.Index(tb[0], "notes")] = "remarks"
			return tb.bytes()
		}, []string{
			`header: unknown columns "qoute", "remarks": the header may only name the columns of an export`,
			"header: missing columns quote, notes: every column of an export is required except metric_label, period_end_precision, period_months, per_month, share_of, countable, group, counted_in, source_title_en, source_title_ko, source_original, source_version, quote_link, archive_quote_link, paraphrase, paraphrased_by, last_modified, version",
		}},
		{"repeated column", func(tb table) []byte {
			tb[0][slices.Index(tb[0], "metric_label")] = "value"
			return tb.bytes()
		}, []string{"header: column value appears twice (columns 3 and 4)"}},
		{"wrong number of fields", func(tb table) []byte {
			tb[1] = tb[1][:40]
			return tb.bytes()
		}, []string{"row 2: has 40 fields, the header has 57"}},
		{"not a number", func(tb table) []byte {
			return tb.set(2, "value", "4l").set(3, "quote_start", "x").set(3, "quote_end", "12").set(4, "version", "1.5").bytes()
		}, []string{
			`row 2, value: expected a whole number such as 41 or 1,204, got "4l" (digits only)`,
			`row 3, quote_start: expected a whole number such as 41 or 1,204, got "x" (digits only)`,
			`row 4, version: expected a whole number such as 41 or 1,204, got "1.5" (no decimals)`,
		}},
		{"numbers that are not strict", func(tb table) []byte {
			return tb.set(2, "value", "007").set(3, "value", "0,123").set(3, "quote_start", "+5").set(3, "quote_end", "12").set(4, "version", "1.0").bytes()
		}, []string{
			`row 2, value: expected a whole number such as 41 or 1,204, got "007" (no leading zeros)`,
			`row 3, value: expected a whole number such as 41 or 1,204, got "0,123" (commas must separate groups of three digits)`,
			`row 3, quote_start: expected a whole number such as 41 or 1,204, got "+5" (no sign)`,
			`row 4, version: expected a whole number such as 41 or 1,204, got "1.0" (no decimals)`,
		}},
		{"qualifier words in the value", func(tb table) []byte { return tb.set(2, "value", "at least 41").bytes() }, []string{
			`row 2, value: expected a whole number such as 41 or 1,204, got "at least 41" (digits only) (write the words in qualifier, e.g. at_least)`,
		}},
		{"missing numbers", func(tb table) []byte { return tb.set(2, "value", "").set(4, "value_high", "").bytes() }, []string{
			"row 2, value: required unless qualifier is range or unquantified",
			"row 4, value_high: required for a range",
		}},
		{"words in the value", func(tb table) []byte { return tb.set(2, "value", "dozens").bytes() }, []string{
			`row 2, value: expected a whole number such as 41 or 1,204, got "dozens" (digits only) (when the source gives only words such as “dozens”, leave value empty, put the words in value_text and set qualifier unquantified)`,
		}},
		{"no number given, but a number written", func(tb table) []byte {
			return tb.set(2, "qualifier", "unquantified").set(2, "value_text", "dozens").set(4, "qualifier", "unquantified").set(4, "value_text", "dozens").bytes()
		}, []string{
			"row 2, value: must be empty when qualifier is unquantified: the source gives no number, got 41",
			"row 4, value_low: must be empty when qualifier is unquantified: the source gives no number, got 200000",
			"row 4, value_high: must be empty when qualifier is unquantified: the source gives no number, got 3000000",
		}},
		{"no number given, nor words", func(tb table) []byte {
			return tb.set(2, "qualifier", "unquantified").set(2, "value", "").set(2, "value_text", "").bytes()
		}, []string{
			"row 2, value_text: required when qualifier is unquantified: the source's own words, such as “a number of” or “dozens”",
		}},
		{"bad dates", func(tb table) []byte {
			return tb.set(2, "period_start", "2017-13-01").set(3, "period_end", "18/09/2017").set(2, "source_published_on", "Sept 2017").bytes()
		}, []string{
			`row 2, period_start: "2017-13-01": month must be 01 to 12`,
			`row 2, source_published_on: "Sept 2017" is not a date: expected YYYY, YYYY-MM or YYYY-MM-DD`,
			`row 3, period_end: "18/09/2017" is not a date: expected YYYY, YYYY-MM or YYYY-MM-DD`,
			// The source's later rows must describe it as its first did.
			`row 3, source_published_on: differs from row 2, which has the same source_id "hrw-2017-dragnet": "Sept 2017" there, "2017-09-18" here`,
			`row 4, source_published_on: differs from row 2, which has the same source_id "hrw-2017-dragnet": "Sept 2017" there, "2017-09-18" here`,
		}},
		{"a publication month differs from its day", func(tb table) []byte {
			return tb.set(2, "source_published_on", "2017-09").bytes()
		}, []string{
			`row 3, source_published_on: differs from row 2, which has the same source_id "hrw-2017-dragnet": "2017-09" there, "2017-09-18" here`,
			`row 4, source_published_on: differs from row 2, which has the same source_id "hrw-2017-dragnet": "2017-09" there, "2017-09-18" here`,
		}},
		{"bad boolean", func(tb table) []byte { return tb.set(2, "derived", "yes").bytes() }, []string{
			`row 2, derived: expected true or false, got "yes"`,
		}},
		{"duplicate figure id", func(tb table) []byte { return tb.set(4, "figure_id", "apprehended-2017-07-08").bytes() }, []string{
			`row 4, figure_id: duplicate figure id "apprehended-2017-07-08", first used on row 2`,
		}},
		{"a source described two ways", func(tb table) []byte {
			return tb.set(3, "source_title", "Another title").set(3, "source_url", "https://example.org/x").bytes()
		}, []string{
			`row 3, source_title: differs from row 2, which has the same source_id "hrw-2017-dragnet": "North Korean Refugees Trapped by China’s Expanding Dragnet" there, "Another title" here`,
			`row 3, source_url: differs from row 2, which has the same source_id "hrw-2017-dragnet": "https://deeply.thenewhumanitarian.org/refugees/community/201…" there, "https://example.org/x" here`,
		}},
		{"precision finer than the dates", func(tb table) []byte {
			return tb.set(2, "period_start", "2017-07").set(2, "period_end", "2017-08").set(2, "period_precision", "day").
				set(2, "period_end_precision", "").bytes()
		}, []string{
			"row 2, period_precision: day is finer than the dates, which are written to month precision (2017-07 to 2017-08): write full dates or use month",
		}},
		{"precision finer than dates of two precisions", func(tb table) []byte {
			return tb.set(2, "period_start", "2017").set(2, "period_end", "2017-08-15").set(2, "period_precision", "month").
				set(2, "period_end_precision", "").bytes()
		}, []string{
			"row 2, period_precision: month is finer than the dates, which are written to year and day precision (2017 to 2017-08-15): write full dates, or give the end's precision as period_end_precision",
		}},
		{"each end's precision finer than its date", func(tb table) []byte {
			return tb.set(2, "period_start", "2017").set(2, "period_end", "2017-08").set(2, "period_precision", "month").
				set(2, "period_end_precision", "day").bytes()
		}, []string{
			"row 2, period_precision: month is finer than the date 2017, which is written to year precision: write a full date or use year",
			"row 2, period_end_precision: day is finer than the date 2017-08, which is written to month precision: write a full date or use month",
		}},
		{"an end precision that is not one", func(tb table) []byte {
			return tb.set(2, "period_end_precision", "fortnight").bytes()
		}, []string{
			`row 2, period_end_precision: must be day, month or year (or empty: the same as period_precision), got "fortnight"`,
		}},
		{"an end precision the end does not span", func(tb table) []byte {
			return tb.set(2, "period_end", "2017-08-15").set(2, "period_precision", "day").set(2, "period_end_precision", "month").bytes()
		}, []string{
			"row 2, period_end_precision: month precision of the end needs period_end on 2017-08-31, the last day of its month, got 2017-08-15",
		}},
		{"precision that the full dates do not span", func(tb table) []byte {
			return tb.set(2, "period_end", "2017-08-30").bytes()
		}, []string{
			"row 2, period_precision: month precision needs a period from the first to the last day of months, got 2017-07-01 to 2017-08-30",
		}},
		{"the models' own checks, named by column", func(tb table) []byte {
			return tb.set(2, "acting_state", "XX").set(2, "figure_id", "Bad Id").set(3, "source_id", "").
				set(4, "source_url", "javascript:alert(1)").set(4, "qualifier", "roughly").bytes()
		}, []string{
			`row 2, figure_id: expected 1 to 100 lower-case letters, digits and hyphens, not starting or ending with a hyphen, got "Bad Id"`,
			`row 2, acting_state: expected an ISO 3166-1 alpha-2 country code such as CN or KP, got "XX"`,
			`row 3, source_id: expected the id of a source, got ""`,
			`row 4, qualifier: must be one of exact, documented, at_least, more_than, about, at_most, range, unquantified; got "roughly"`,
			`row 4, source_url: differs from row 2, which has the same source_id "hrw-2017-dragnet": "https://deeply.thenewhumanitarian.org/refugees/community/201…" there, "javascript:alert(1)" here`,
		}},
		{"the source's own checks, on its first row", func(tb table) []byte {
			for n := 2; n <= 4; n++ {
				tb.set(n, "source_kind", "blog").set(n, "source_url", "javascript:alert(1)")
			}
			return tb.bytes()
		}, []string{
			`row 2, source_kind: must be one of news, commentary, ngo_report, press_release, un, government, dataset; got "blog"`,
			`row 2, source_url: must start with http:// or https:// (got scheme "javascript")`,
		}},
		{"CSV syntax", func(tb table) []byte {
			b := tb.bytes()
			return append(b, []byte("a\"b,c\r\n")...)
		}, []string{`row 5: not valid CSV (line 5, column 2): bare " in non-quoted-field`}},
		{"a field over the limit", func(tb table) []byte { return tb.set(3, "notes", strings.Repeat("n", 70000)).bytes() }, []string{
			"row 3, notes: is 70000 bytes long; the limit is 64 KB",
		}},
		{"a quote left open", func(tb table) []byte {
			return append(tb.bytes(), []byte("\"open"+strings.Repeat(" and on", 1<<20))...)
		}, []string{"row 5: is longer than 4 MB (is a quote left open?): no field may exceed 64 KB"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseCSV(bytes.NewReader(tt.file(baseTable(t))), Options{})
			if diff := cmp.Diff(tt.want, problems(t, err)); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
			if !strings.HasPrefix(err.Error(), "invalid CSV file: ") {
				t.Errorf("message %q", err.Error())
			}
		})
	}
}

func TestParseCSVFileTooLarge(t *testing.T) {
	defer func(old int64) { fileLimit = old }(fileLimit)
	fileLimit = 10000
	var file []byte
	tb := baseTable(t)
	for len(file) <= 10000 {
		tb = append(tb, tb[1])
		file = tb.bytes()
	}
	_, err := ParseCSV(bytes.NewReader(file), Options{})
	if diff := cmp.Diff([]string{"file: is larger than 10000 bytes: split it into smaller files"}, problems(t, err)[len(problems(t, err))-1:]); diff != "" {
		t.Error(diff)
	}
}

// Columns may come in any order; read-only and optional ones may be left
// out; a byte order mark is skipped; un-neutralising applies to text only.
func TestParseCSVLayout(t *testing.T) {
	tb := baseTable(t)
	keep := func(col string) bool { return col != "quote_link" && col != "metric_label" && col != "version" }
	var cut table
	for _, row := range tb {
		var out []string
		for j := len(row) - 1; j >= 0; j-- { // reversed
			if keep(tb[0][j]) {
				out = append(out, row[j])
			}
		}
		cut = append(cut, out)
	}
	b, err := ParseCSV(bytes.NewReader(append([]byte("\xef\xbb\xbf"), cut.bytes()...)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Figures) != 3 || b.Figures[0].Key != "apprehended-2017-07-08" || b.Figures[0].Version != 0 || b.Figures[2].ValueHigh != 3000000 {
		t.Errorf("figures = %+v", b.Figures)
	}
}

func TestParseCSVPartialDates(t *testing.T) {
	tb := baseTable(t).set(2, "period_start", "2017-07").set(2, "period_end", "2017-08").set(2, "period_precision", "").
		set(4, "period_start", "1994").set(4, "period_end", "1998").set(4, "period_precision", "year")
	b, err := ParseCSV(bytes.NewReader(tb.bytes()), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []models.Period{
		models.UniformPeriod(models.NewDate(2017, 7, 1), models.NewDate(2017, 8, 31), models.PrecisionMonth),
		models.UniformPeriod(models.NewDate(2017, 9, 18), models.NewDate(2017, 9, 18), models.PrecisionDay),
		models.UniformPeriod(models.NewDate(1994, 1, 1), models.NewDate(1998, 12, 31), models.PrecisionYear),
	}
	for i, f := range b.Figures {
		if f.Period != want[i] {
			t.Errorf("figure %d: period %+v, want %+v", i, f.Period, want[i])
		}
	}
}

func TestParseProgress(t *testing.T) {
	tb := baseTable(t)
	for i := 0; len(tb) <= ProgressEvery+1; i++ {
		row := slices.Clone(tb[1])
		row[0] = "figure-" + strconv.Itoa(i)
		tb = append(tb, row)
	}
	var calls []int
	b, err := Parse("many.CSV", bytes.NewReader(tb.bytes()), Options{Progress: func(n int) { calls = append(calls, n) }})
	if err != nil {
		t.Fatal(err)
	}
	if want := []int{ProgressEvery, len(b.Figures)}; !slices.Equal(calls, want) {
		t.Errorf("progress calls %v, want %v", calls, want)
	}
}

func TestParseUnknownExtension(t *testing.T) {
	_, err := Parse("figures.xlsx", strings.NewReader(""), Options{})
	want := `cannot import figures.xlsx: file: expected a name ending in .csv, .yaml, .yml, .json or .zip (a data package), got "figures.xlsx"`
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
}

type brokenReader struct{}

func (brokenReader) Read([]byte) (int, error) { return 0, io.ErrUnexpectedEOF }

// A failing reader is an internal error, not the file's fault.
func TestParseReadError(t *testing.T) {
	for _, name := range []string{"a.csv", "a.yaml", "a.json"} {
		_, err := Parse(name, brokenReader{}, Options{})
		if !errors.Is(err, io.ErrUnexpectedEOF) || models.ErrorCode(err) != models.EInternal {
			t.Errorf("%s: got %v", name, err)
		}
	}
}

// A file wrong throughout lists the first problems and counts the rest.
func TestParseCSVManyProblems(t *testing.T) {
	tb := baseTable(t).set(2, "value", "x")
	for i := 0; i < maxProblems+99; i++ {
		row := slices.Clone(tb[1])
		row[0] = "figure-" + strconv.Itoa(i)
		tb = append(tb, row)
	}
	got := problems(t, func() error { _, err := ParseCSV(bytes.NewReader(tb.bytes()), Options{}); return err }())
	if len(got) != maxProblems+1 || got[maxProblems] != "file: 100 more problems not listed; fix the ones above first" {
		t.Errorf("%d problems, the last %q", len(got), got[len(got)-1])
	}
}
