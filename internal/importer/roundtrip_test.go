package importer

import (
	"archive/zip"
	"bytes"
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
	if err := export.Write(format, &buf, meta, exporttest.Iter(views)); err != nil {
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
