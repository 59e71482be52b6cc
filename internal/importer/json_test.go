package importer

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"forcedreturns/internal/export/exporttest"
)

const jsonFigure = `{"figures": [{
  "id": "f1", "metric": "apprehended", "qualifier": "exact", "value": 41,
  "period": {"start": "2017-07"}, "quantity_kind": "flow", "population": "North Koreans",
  "source": "s1", "quote": "a quote", "reported_by": "HRW"
}]}`

func TestParseJSONErrors(t *testing.T) {
	r := strings.NewReplacer
	tests := []struct {
		name, file string
		want       []string
	}{
		{"empty", " \n", []string{"file: the file is empty: expected an object with metrics, sources and figures lists"}},
		{"syntax", "{\"figures\": [\n  {\"id\": \"a\",}\n]}", []string{
			"file: not valid JSON at line 2, column 14: invalid character '}' looking for beginning of object key string",
		}},
		{"data after the document", jsonFigure + " {}", []string{
			"file: not valid JSON at line 5, column 5: invalid character '{' after top-level value",
		}},
		{"a repeated key", r(`"quote": "a quote"`, `"quote": "a quote", "quote": "another quote"`).Replace(jsonFigure), []string{
			"figures[0].quote: given more than once in the same object: keep one (JSON keys must be unique)",
		}},
		{"a repeated key, escaped", r(`"start": "2017-07"`, `"start": "2017-07", "st\u0061rt": "2018"`).Replace(jsonFigure), []string{
			"figures[0].period.start: given more than once in the same object: keep one (JSON keys must be unique)",
		}},
		{"a repeated list", `{"figures": [], "sources": [], "figures": []}`, []string{
			"figures: given more than once in the same object: keep one (JSON keys must be unique)",
		}},
		{"not an object", `[1]`, []string{"file: expected an object with metrics, sources and figures lists, got a list"}},
		{"unknown fields, in any case", r(`"value": 41`, `"Value": 41, "qoute": "x"`, `"figures"`, `"Figures": [], "figures"`).Replace(jsonFigure), []string{
			"Figures: unknown field; did you mean figures?",
			"figures[0].Value: unknown field; did you mean value?",
			"figures[0].qoute: unknown field; did you mean quote?",
		}},
		{"wrong kinds", r(`"value": 41`, `"value": "41", "derived": "true"`, `"population": "North Koreans"`, `"population": 7`,
			`{"start": "2017-07"}`, `{"start": 2017}`).Replace(jsonFigure), []string{
			"figures[0].value: expected a JSON number, not a string: write 41 without the quotes",
			"figures[0].period.start: expected a string, got 2017",
			"figures[0].population: expected a string, got 7",
			`figures[0].derived: expected true or false, got "true"`,
		}},
		{"numbers that are not whole", r(`"value": 41`, `"value": 4.1e1, "quote_start": -0, "quote_end": 1e400`).Replace(jsonFigure), []string{
			`figures[0].value: expected a whole number such as 41 or 1,204, got "4.1e1" (no decimals)`,
			`figures[0].quote_start: expected a whole number such as 41 or 1,204, got "-0" (no sign)`,
			`figures[0].quote_end: expected a whole number such as 41 or 1,204, got "1e400" (no exponent)`,
		}},
		{"a count written 1.0", r(`"value": 41`, `"value": 41.0`).Replace(jsonFigure), []string{
			`figures[0].value: expected a whole number such as 41 or 1,204, got "41.0" (no decimals)`,
		}},
		{"a nested source that differs", `{
  "sources": [{"id": "s1", "title": "T", "kind": "news", "publisher": "P", "published_on": "2020-01-01", "url": "https://example.org"}],
  "figures": [` + r(`"source": "s1"`, `"source": {"id": "s1", "title": "T2", "kind": "news", "publisher": "P", "published_on": "2020-01-01", "url": "https://example.org", "colour": 1}`).Replace(jsonFigure[13:len(jsonFigure)-2]) + `]}`, []string{
			"figures[0].source.colour: unknown field; expected one of id, title, title_en, title_ko, kind, publisher, authors, author_affiliation, published_on, url, archive_url, language, accessed_on, text_sha256, notes, original, version",
			`figures[0].source.title: differs from sources[0], which has the same id "s1": "T" there, "T2" here`,
		}},
		{"a nested metric", r(`"metric": "apprehended"`, `"metric": {"slug": "Bad", "label": "x", "colour": 1}`).Replace(jsonFigure), []string{
			"figures[0].metric.colour: unknown field; expected one of slug, label, definition, unit, label_ko, definition_ko",
			`figures[0].metric: expected a metric slug such as apprehended, got "Bad"`,
		}},
		{"a nested source without an id", r(`"source": "s1"`, `"source": {"title": "T"}`).Replace(jsonFigure), []string{
			`figures[0].source.id: expected 1 to 100 lower-case letters, digits and hyphens, not starting or ending with a hyphen, got ""`,
			"figures[0].source.kind: must be one of news, commentary, ngo_report, press_release, un, government, dataset; got \"\"",
			"figures[0].source.publisher: required",
			"figures[0].source.published_on: required: the publication date as YYYY, YYYY-MM or YYYY-MM-DD",
			`figures[0].source.url: must start with http:// or https:// (got scheme "")`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseJSON(strings.NewReader(tt.file), Options{})
			if diff := cmp.Diff(tt.want, problems(t, err)); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

// A JSON export whose figures embed their source re-imports even when one
// of them was edited, as long as every copy of the source agrees.
func TestParseJSONExportEdited(t *testing.T) {
	var doc map[string]any
	if err := json.Unmarshal(exportTo(t, "json", exporttest.Views()), &doc); err != nil {
		t.Fatal(err)
	}
	figs := doc["figures"].([]any)
	figs[1].(map[string]any)["source"].(map[string]any)["title"] = "Edited"
	b, _ := json.Marshal(doc)
	_, err := ParseJSON(bytes.NewReader(b), Options{})
	want := []string{`figures[1].source.title: differs from figures[0].source, which has the same id "hrw-2017-dragnet": "North Korean Refugees Trapped by China’s Expanding Dragnet" there, "Edited" here`}
	if diff := cmp.Diff(want, problems(t, err)); diff != "" {
		t.Error(diff)
	}
}

func TestParseJSONTooLarge(t *testing.T) {
	defer func(old int64) { fileLimit = old }(fileLimit)
	fileLimit = 100
	_, err := ParseJSON(strings.NewReader(jsonFigure), Options{})
	if diff := cmp.Diff([]string{"file: is larger than 100 bytes: split it into smaller files"}, problems(t, err)); diff != "" {
		t.Error(diff)
	}
}
