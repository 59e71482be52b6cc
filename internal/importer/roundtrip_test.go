package importer

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"forcedreturns/internal/export"
	"forcedreturns/internal/export/exporttest"
	"forcedreturns/models"
)

// Fields that the database assigns and no file carries.
var (
	ignoreFigureDB = cmpopts.IgnoreFields(models.Figure{}, "ID", "CreatedAt", "UpdatedAt")
	ignoreSourceDB = cmpopts.IgnoreFields(models.Source{}, "ID", "Version", "CreatedAt", "UpdatedAt")
	// A CSV carries no source notes (see the package documentation).
	ignoreSourceNotes = cmpopts.IgnoreFields(models.Source{}, "Notes")
)

func exportTo(t testing.TB, format string, views []models.FigureView) []byte {
	t.Helper()
	var buf bytes.Buffer
	meta := export.Meta{ExportedAt: exporttest.ExportedAt, Filter: "none", Generator: "test"}
	if err := export.Write(format, &buf, meta, exporttest.Iter(views), nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestCSVRoundTrip(t *testing.T) {
	b, err := ParseCSV(bytes.NewReader(exportTo(t, "csv", exporttest.Views())), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(exporttest.Figures(), b.Figures, ignoreFigureDB); diff != "" {
		t.Errorf("figures (-exported +imported):\n%s", diff)
	}
	if diff := cmp.Diff(exporttest.Sources(), b.Sources, ignoreSourceDB, ignoreSourceNotes); diff != "" {
		t.Errorf("sources (-exported +imported):\n%s", diff)
	}
	if len(b.Metrics) != 0 {
		t.Errorf("a CSV defines no metrics, got %d", len(b.Metrics))
	}
}

func TestJSONRoundTrip(t *testing.T) {
	b, err := ParseJSON(bytes.NewReader(exportTo(t, "json", exporttest.Views())), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(exporttest.Figures(), b.Figures, ignoreFigureDB); diff != "" {
		t.Errorf("figures (-exported +imported):\n%s", diff)
	}
	if diff := cmp.Diff(exporttest.Sources(), b.Sources, ignoreSourceDB); diff != "" {
		t.Errorf("sources (-exported +imported):\n%s", diff)
	}
	if diff := cmp.Diff(exporttest.Metrics(), b.Metrics, ignoreMetricDB); diff != "" {
		t.Errorf("metrics (-exported +imported):\n%s", diff)
	}
}

// The data package's figures.csv re-imports like the CSV export.
func TestDataPackageRoundTrip(t *testing.T) {
	zipped := exportTo(t, "datapackage", exporttest.Views())
	zr, err := zip.NewReader(bytes.NewReader(zipped), int64(len(zipped)))
	if err != nil {
		t.Fatal(err)
	}
	f, err := zr.Open("figures.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, err := Parse("figures.csv", f, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(exporttest.Figures(), b.Figures, ignoreFigureDB); diff != "" {
		t.Errorf("figures (-exported +imported):\n%s", diff)
	}
}

// validText turns any string into a text that the models accept, so that
// the round trip must keep it exactly.
func validText(s string, max int) string {
	s = strings.ToValidUTF8(s, "?")
	s = strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return r
		}
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || r == utf8.RuneError {
			return -1
		}
		return r
	}, s)
	s = strings.TrimSpace(s)
	if n := []rune(s); len(n) > max {
		s = strings.TrimSpace(string(n[:max]))
	}
	if s == "" {
		s = "x"
	}
	return s
}

func FuzzCSVRoundTrip(f *testing.F) {
	for _, s := range []string{"=1+2", "'=x", "''-", "-5", "@a", "＝", "a,b\n\"c\"", "\ttab", "漢字", "'", "\r\n", `\.`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		views := exporttest.Views()[7:9] // the awkward ones, one of each source
		text := validText(s, 150)
		v := &views[0]
		v.Figure.Quote, v.Figure.Notes, v.Figure.ValueText, v.Figure.Location = text, text, text, text
		v.Figure.Population, v.Figure.ReportedBy, v.Figure.RetractReason = text, text, text
		v.Source.Title, v.Source.Publisher, v.Source.Authors, v.Source.AuthorAffiliation = text, text, text, text
		views[1].Source = v.Source
		b, err := ParseCSV(bytes.NewReader(exportTo(t, "csv", views)), Options{})
		if err != nil {
			t.Fatalf("text %q: %v", text, err)
		}
		want := []models.Figure{views[0].Figure, views[1].Figure}
		if diff := cmp.Diff(want, b.Figures, ignoreFigureDB); diff != "" {
			t.Errorf("figures (-exported +imported):\n%s", diff)
		}
		if diff := cmp.Diff([]models.Source{v.Source}, b.Sources, ignoreSourceDB, ignoreSourceNotes); diff != "" {
			t.Errorf("sources (-exported +imported):\n%s", diff)
		}
	})
}

// TestSourceVersion: the CSV and JSON exports carry each source's version
// (source_version; source.version), which the importer passes on as the
// lock; a file exported before that column existed still imports, its
// sources without a version (no lock).
func TestSourceVersion(t *testing.T) {
	views := exporttest.Views()
	for i := range views {
		views[i].Source.Version = 7
	}
	check := func(name string, b models.Batch, err error, want int) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(b.Sources) == 0 {
			t.Fatalf("%s: no sources", name)
		}
		for _, s := range b.Sources {
			if s.Version != want {
				t.Errorf("%s: source %s has version %d, want %d", name, s.Key, s.Version, want)
			}
		}
	}
	csvFile := exportTo(t, "csv", views)
	b, err := ParseCSV(bytes.NewReader(csvFile), Options{})
	check("csv", b, err, 7)
	jsonFile := exportTo(t, "json", views)
	b, err = ParseJSON(bytes.NewReader(jsonFile), Options{})
	check("json", b, err, 7)

	// The CSV as exported before: no source_version column.
	rows, err := csv.NewReader(bytes.NewReader(csvFile)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := slices.Index(rows[0], "source_version")
	if col < 0 {
		t.Fatal("the CSV export has no source_version column")
	}
	var old bytes.Buffer
	w := csv.NewWriter(&old)
	for _, r := range rows {
		if err := w.Write(slices.Delete(r, col, col+1)); err != nil {
			t.Fatal(err)
		}
	}
	w.Flush()
	b, err = ParseCSV(&old, Options{})
	check("csv without source_version", b, err, 0)

	// The JSON as exported before: no version in the nested source.
	oldJSON := strings.ReplaceAll(string(jsonFile), `,"version":7}`, "}")
	if oldJSON == string(jsonFile) {
		t.Fatal("the JSON export has no source version")
	}
	b, err = ParseJSON(strings.NewReader(oldJSON), Options{})
	check("json without source version", b, err, 0)
}
