package importer

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"forcedreturns/internal/export"
	"forcedreturns/internal/export/exporttest"
	"forcedreturns/models"
)

var ignoreMetricDB = cmpopts.IgnoreFields(models.Metric{}, "ID", "CreatedAt", "UpdatedAt")

// metricsFile is the metrics file of a CSV export of the fixture.
func metricsFile(t testing.TB) []byte {
	t.Helper()
	var ms []models.Metric
	it := export.CollectMetrics(exporttest.Iter(exporttest.Views()), &ms)
	if err := it(func(*models.FigureView) error { return nil }); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := export.WriteMetricsCSV(&buf, ms); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestParseMetricsCSV(t *testing.T) {
	ms, err := ParseMetricsCSV(bytes.NewReader(metricsFile(t)), "file metrics.csv")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(exporttest.Metrics(), ms.Metrics, ignoreMetricDB); diff != "" {
		t.Errorf("metrics (-exported +imported):\n%s", diff)
	}
	if ms.MetricOmitted != nil {
		t.Errorf("an export's metrics file omits %v", ms.MetricOmitted)
	}
	// Columns in any order, a byte order mark, neutralised text; a file
	// made before the Korean columns keeps the stored Korean texts.
	in := "\xef\xbb\xbfunit,definition,slug,label\r\npeople,'=counted twice,twice,Twice\r\n"
	ms, err = ParseMetricsCSV(strings.NewReader(in), "file m.csv")
	if err != nil {
		t.Fatal(err)
	}
	want := []models.Metric{{Slug: "twice", Label: "Twice", Definition: "=counted twice", Unit: "people"}}
	if diff := cmp.Diff(want, ms.Metrics); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string][]string{"twice": {"label_ko", "definition_ko"}}, ms.MetricOmitted); diff != "" {
		t.Errorf("omitted (-want +got):\n%s", diff)
	}
	// Korean texts, one column of them given.
	in = "slug,label,definition,unit,label_ko\nt,T,D,people,체포\n"
	if ms, err = ParseMetricsCSV(strings.NewReader(in), "file m.csv"); err != nil {
		t.Fatal(err)
	}
	want = []models.Metric{{Slug: "t", Label: "T", Definition: "D", Unit: "people", LabelKo: "체포"}}
	if diff := cmp.Diff(want, ms.Metrics); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string][]string{"t": {"definition_ko"}}, ms.MetricOmitted); diff != "" {
		t.Errorf("omitted (-want +got):\n%s", diff)
	}
}

func TestParseMetricsCSVErrors(t *testing.T) {
	const header = "slug,label,definition,unit\n"
	for _, tt := range []struct {
		name, in string
		want     []string
	}{
		{"empty", "", []string{"header: the file is empty: expected a header row naming the columns slug, label, definition, unit, label_ko, definition_ko"}},
		{"unknown and missing columns", "slug,label,defintion\n", []string{
			`header: unknown column "defintion": a metrics file has the columns slug, label, definition, unit, label_ko, definition_ko`,
			"header: missing columns definition, unit: a metrics file has the columns slug, label, definition, unit, label_ko, definition_ko"}},
		{"bad Korean label", "slug,label,definition,unit,label_ko\nok,L,D,people,\u202e체포\n", []string{
			"row 2, label_ko: must not contain bidirectional control characters (found U+202E): they can make the text read in another order than it is stored"}},
		{"repeated column", "slug,label,definition,unit,slug\n", []string{"header: column slug appears twice (columns 1 and 5)"}},
		{"figures CSV given as metrics", "figure_id,metric\n", []string{
			`header: unknown columns "figure_id", "metric": a metrics file has the columns slug, label, definition, unit, label_ko, definition_ko`,
			"header: missing columns slug, label, definition, unit: a metrics file has the columns slug, label, definition, unit, label_ko, definition_ko"}},
		{"bad rows", header + "Bad Slug,L,D,people\nok,,D,people\nok,L,D,people\nok,L2,D,people\nx,y\n", []string{
			`row 2, slug: expected 1 to 60 lower-case letters, digits and underscores starting with a letter, got "Bad Slug"`,
			"row 3, label: required",
			`row 4, slug: duplicate metric "ok", first on row 3`,
			`row 5, slug: duplicate metric "ok", first on row 3`,
			"row 6: has 2 fields, the header has 4"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseMetricsCSV(strings.NewReader(tt.in), "file m.csv")
			if diff := cmp.Diff(tt.want, problems(t, err)); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

// A data package zip imports whole: its figures and sources from
// figures.csv, its metrics from metrics.csv; a package written before
// metrics.csv existed still imports, without metrics.
func TestParseDataPackage(t *testing.T) {
	zipped := exportTo(t, "datapackage", exporttest.Views())
	b, err := Parse("export.ZIP", bytes.NewReader(zipped), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(exporttest.Metrics(), b.Metrics, ignoreMetricDB); diff != "" {
		t.Errorf("metrics (-exported +imported):\n%s", diff)
	}
	if diff := cmp.Diff(exporttest.Figures(), b.Figures, ignoreFigureDB); diff != "" {
		t.Errorf("figures (-exported +imported):\n%s", diff)
	}
	if diff := cmp.Diff(exporttest.Sources(), b.Sources, ignoreSourceDB, ignoreSourceNotes); diff != "" {
		t.Errorf("sources (-exported +imported):\n%s", diff)
	}

	old := rezip(t, zipped, func(name string, data []byte) []byte {
		if name == "metrics.csv" {
			return nil
		}
		return data
	})
	b, err = Parse("old.zip", bytes.NewReader(old), Options{})
	if err != nil || len(b.Metrics) != 0 || len(b.Figures) != len(exporttest.Figures()) {
		t.Fatalf("a package without metrics.csv: %d metrics, %d figures, %v", len(b.Metrics), len(b.Figures), err)
	}
}

func TestParseDataPackageErrors(t *testing.T) {
	zipped := exportTo(t, "datapackage", exporttest.Views())
	for _, tt := range []struct {
		name string
		data []byte
		want []string
	}{
		{"not a zip", []byte("figure_id,metric\n"), []string{"file: not a zip archive (a data package as export -format datapackage writes it): zip: not a valid zip file"}},
		{"no figures.csv", rezip(t, zipped, func(name string, data []byte) []byte {
			if name == "figures.csv" {
				return nil
			}
			return data
		}), []string{"file: the archive has no figures.csv: expected a data package as export -format datapackage writes it"}},
		{"bad metric", rezip(t, zipped, func(name string, data []byte) []byte {
			if name == "metrics.csv" {
				return bytes.Replace(data, []byte("People who died."), nil, 1)
			}
			return data
		}), []string{"row 5, definition: required"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("p.zip", bytes.NewReader(tt.data), Options{})
			if diff := cmp.Diff(tt.want, problems(t, err)); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
			if tt.name == "bad metric" && !strings.Contains(err.Error(), "p.zip, metrics.csv") {
				t.Errorf("the error %q does not name the file in the package", err)
			}
		})
	}
}

// rezip rewrites a zip archive, each file through edit (nil drops it).
func rezip(t *testing.T, zipped []byte, edit func(name string, data []byte) []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(zipped), int64(len(zipped)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		var data bytes.Buffer
		data.ReadFrom(rc)
		rc.Close()
		out := edit(f.Name, data.Bytes())
		if out == nil {
			continue
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(out)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func FuzzParseMetricsCSV(f *testing.F) {
	f.Add(metricsFile(f))
	f.Add([]byte("unit,definition,slug,label\r\npeople,'=x,a,A\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ms, err := ParseMetricsCSV(bytes.NewReader(data), "file m.csv")
		checkParse(t, ms, err)
	})
}
