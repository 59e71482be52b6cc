package export

import (
	"bufio"
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"forcedreturns/internal/export/exporttest"
	"forcedreturns/internal/format"
)

func TestWriteJSON(t *testing.T) {
	var buf bytes.Buffer
	n, err := WriteJSON(&buf, goldenMeta, exporttest.Iter(exporttest.Views()), nil)
	if err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(buf.String(), "<>&") {
		t.Error("the JSON output contains <, > or & unescaped: it is not safe to embed in HTML")
	}
	var doc struct {
		ExportedAt string                 `json:"exported_at"`
		Filter     string                 `json:"filter"`
		Generator  string                 `json:"generator"`
		Figures    []map[string]any       `json:"figures"`
		Metrics    []format.MetricDefJSON `json:"metrics"`
	}
	dec := json.NewDecoder(&buf)
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("not one JSON document: %v", err)
	}
	if doc.ExportedAt != "2024-06-01T12:00:00Z" || doc.Filter != goldenMeta.Filter || doc.Generator != goldenMeta.Generator {
		t.Errorf("header = %q, %q, %q", doc.ExportedAt, doc.Filter, doc.Generator)
	}
	if n != len(doc.Figures) || n != len(exporttest.Views()) {
		t.Fatalf("%d figures written, %d read", n, len(doc.Figures))
	}
	byID := map[string]map[string]any{}
	for _, f := range doc.Figures {
		byID[f["id"].(string)] = f
	}
	check := func(id, key string, want any) {
		t.Helper()
		if diff := cmp.Diff(want, byID[id][key]); diff != "" {
			t.Errorf("%s.%s (-want +got):\n%s", id, key, diff)
		}
	}
	check("famine-deaths-1994-1998", "value", nil)
	check("famine-deaths-1994-1998", "value_low", json.Number("200000"))
	check("famine-deaths-1994-1998", "value_high", json.Number("3000000"))
	check("famine-deaths-1994-1998", "value_label", "200,000–3,000,000")
	check("apprehended-2016-07-2017-06", "value", json.Number("51"))
	check("apprehended-2016-07-2017-06", "value_low", nil)
	check("apprehended-2016-07-2017-06", "value_label", "at least 51")
	check("apprehended-2016-07-2017-06", "quote_start", nil)
	check("apprehended-2017-07-08", "quote_start", json.Number("2741"))
	check("apprehended-2017-07-08", "derived", false)
	check("apprehended-2017-07-08", "metric", map[string]any{"slug": "apprehended", "label": "Apprehended", "label_ko": "체포", "unit": "people"})
	check("forcibly-returned-since-2016-06", "derived", true)
	check("awkward-1", "quote", "=HYPERLINK(\"http://evil.example\",\"click\")\nsecond line, \"quoted\"") // JSON is not neutralised
	check("awkward-2", "period_start", "2020-01-01")
	src := byID["awkward-2"]["source"].(map[string]any)
	if src["id"] != "example-ngo-2020" || src["accessed_on"] != nil || src["notes"] != "line one\nline two, with a comma" {
		t.Errorf("source = %v", src)
	}
	if len(src) != len(format.SourceColumns) {
		t.Errorf("source has %d fields, want the %d source columns", len(src), len(format.SourceColumns))
	}
	// The metrics the figures use, once each, in order of first use, with
	// their definitions.
	var slugs []string
	for _, m := range doc.Metrics {
		slugs = append(slugs, m.Slug)
	}
	if diff := cmp.Diff([]string{"apprehended", "in_custody", "forcibly_returned", "deaths"}, slugs); diff != "" {
		t.Errorf("metrics (-want +got):\n%s", diff)
	}
	if want := (format.MetricDefJSON{Slug: "deaths", Label: "Deaths", Definition: "People who died.", Unit: "people"}); len(doc.Metrics) != 4 || doc.Metrics[3] != want {
		t.Errorf("metrics = %+v, want the last to be %+v", doc.Metrics, want)
	}
}

func TestWriteNDJSON(t *testing.T) {
	var buf bytes.Buffer
	n, err := WriteNDJSON(&buf, exporttest.Iter(exporttest.Views()), nil)
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(&buf)
	sc.Buffer(nil, 1<<20)
	lines := 0
	for sc.Scan() {
		var f ndjsonFigure
		dec := json.NewDecoder(strings.NewReader(sc.Text()))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&f); err != nil {
			t.Fatalf("line %d: %v", lines+1, err)
		}
		if f.Metric.Definition == "" || f.Metric.Slug == "" {
			t.Errorf("line %d: metric %+v, want a slug and a definition", lines+1, f.Metric)
		}
		// Decoding and re-encoding gives the line back: the shape round-trips.
		again, err := json.Marshal(f)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(sc.Text(), string(again)); diff != "" {
			t.Errorf("line %d (-written +re-encoded):\n%s", lines+1, diff)
		}
		lines++
	}
	if lines != n || n != len(exporttest.Views()) {
		t.Errorf("%d lines, %d written", lines, n)
	}
}

func TestWriteJSONEmpty(t *testing.T) {
	var buf bytes.Buffer
	if _, err := WriteJSON(&buf, Meta{}, exporttest.Iter(nil), nil); err != nil {
		t.Fatal(err)
	}
	want := `{"exported_at":null,"filter":"","generator":"","figures":[` + "\n],\"sources\":[\n],\"metrics\":[\n]}\n"
	if buf.String() != want {
		t.Errorf("got %q, want %q", buf.String(), want)
	}
}
