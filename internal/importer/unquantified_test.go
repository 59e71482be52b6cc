package importer

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"forcedreturns/models"
)

// A figure that gives no number is entered with its words and nothing else:
// YAML, JSON (null or absent numbers) and CSV (empty cells) all read it as
// the same figure, with no number invented.
func TestParseUnquantified(t *testing.T) {
	want := models.Figure{Key: "f1", Metric: "apprehended", Qualifier: models.QualUnquantified, ValueText: "a number of",
		Unit: "people", Period: models.Period{Start: models.NewDate(2017, 7, 1), End: models.NewDate(2017, 7, 31), Precision: models.PrecisionMonth, EndPrecision: models.PrecisionMonth},
		Kind: models.Flow, Population: "North Koreans", Source: "s1", Quote: "a quote", ReportedBy: "HRW", Status: models.StatusPublished}
	yaml := strings.Replace(yamlFigure, "qualifier: exact\n    value: 41", "qualifier: unquantified\n    value_text: a number of", 1)
	jsonNull := `{"figures": [{"id": "f1", "metric": "apprehended", "qualifier": "unquantified", "value": null, "value_low": null,
		"value_high": null, "value_text": "a number of", "period": {"start": "2017-07"}, "quantity_kind": "flow",
		"population": "North Koreans", "source": "s1", "quote": "a quote", "reported_by": "HRW"}]}`
	for name, parse := range map[string]func() (models.Batch, error){
		"yaml":      func() (models.Batch, error) { return ParseYAML(strings.NewReader(yaml), Options{}) },
		"json null": func() (models.Batch, error) { return ParseJSON(strings.NewReader(jsonNull), Options{}) },
	} {
		b, err := parse()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(b.Figures) != 1 {
			t.Fatalf("%s: %d figures", name, len(b.Figures))
		}
		if diff := cmp.Diff(want, b.Figures[0], ignoreFigureDB); diff != "" {
			t.Errorf("%s (-want +got):\n%s", name, diff)
		}
	}
}

// Files exported by the release before unquantified figures (dcca635)
// still import: the value columns mean what they meant, and every figure
// reads as it was written.
func TestReleaseExportsStillImport(t *testing.T) {
	var got []map[string]string
	for _, name := range []string{"figures.csv", "figures.json"} {
		data, err := os.ReadFile("testdata/release-dcca635/" + name)
		if err != nil {
			t.Fatal(err)
		}
		b, err := Parse(name, bytes.NewReader(data), Options{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		byKey := map[string]string{}
		for _, f := range b.Figures {
			if !f.Qualifier.HasNumber() {
				t.Errorf("%s: %s reads as a figure without a number", name, f.Key)
			}
			byKey[f.Key] = string(f.Qualifier) + " " + f.ValueLabel()
		}
		if len(byKey) != 10 {
			t.Errorf("%s: %d figures, want the 10 exported", name, len(byKey))
		}
		got = append(got, byKey)
	}
	if diff := cmp.Diff(got[0], got[1]); diff != "" {
		t.Errorf("the release's CSV and JSON exports read differently (-csv +json):\n%s", diff)
	}
	if got[0]["famine-deaths-1994-1998"] != "range 200,000–3,000,000" || got[0]["apprehended-2017-07-08"] != "documented 41 documented" {
		t.Errorf("figures of the release's export: %v", got[0])
	}
}
