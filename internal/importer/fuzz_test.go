package importer

import (
	"bytes"
	"errors"
	"os"
	"testing"

	"forcedreturns/internal/export/exporttest"
	"forcedreturns/models"
)

// checkParse is the property every parser keeps, whatever its input: it
// does not panic, and it returns either a batch whose every entry is valid,
// or an EInvalid *models.Error listing at least one located problem.
func checkParse(t *testing.T, b models.Batch, err error) {
	t.Helper()
	if err != nil {
		var e *models.Error
		if !errors.As(err, &e) {
			t.Fatalf("not a *models.Error: %v", err)
		}
		if e.Code != models.EInvalid || len(e.Fields) == 0 || len(e.Fields) > maxProblems {
			t.Fatalf("code %s with %d fields: %v", e.Code, len(e.Fields), err)
		}
		for _, f := range e.Fields {
			if f.Field == "" || f.Message == "" {
				t.Fatalf("a problem without a location or a message: %+v", f)
			}
		}
		return
	}
	for i := range b.Metrics {
		if err := b.Metrics[i].Validate(); err != nil {
			t.Fatalf("accepted an invalid metric: %v", err)
		}
	}
	for i := range b.Sources {
		if err := b.Sources[i].Validate(); err != nil {
			t.Fatalf("accepted an invalid source: %v", err)
		}
	}
	for i := range b.Figures {
		if err := b.Figures[i].Validate(); err != nil {
			t.Fatalf("accepted an invalid figure: %v", err)
		}
	}
}

func addFile(f *testing.F, name string) {
	b, err := os.ReadFile(name)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
}

func FuzzParseCSV(f *testing.F) {
	f.Add(exportTo(f, "csv", exporttest.Views()))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := ParseCSV(bytes.NewReader(data), Options{})
		checkParse(t, b, err)
	})
}

func FuzzParseYAML(f *testing.F) {
	addFile(f, "testdata/valid.yaml")
	f.Add([]byte(yamlFigure))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := ParseYAML(bytes.NewReader(data), Options{})
		checkParse(t, b, err)
	})
}

func FuzzParseJSON(f *testing.F) {
	addFile(f, "testdata/valid.json")
	f.Add(exportTo(f, "json", exporttest.Views()))
	f.Add([]byte(jsonFigure))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := ParseJSON(bytes.NewReader(data), Options{})
		checkParse(t, b, err)
	})
}
