package importer

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"forcedreturns/internal/export/exporttest"
	"forcedreturns/models"
)

// precisionViews are the export fixtures with the first source known only
// to the month and the second only to the year.
func precisionViews() ([]models.FigureView, []models.Source) {
	srcs := exporttest.Sources()
	srcs[0].PublishedOn, srcs[0].PublishedPrecision = models.NewDate(2017, 9, 1), models.PrecisionMonth
	srcs[1].PublishedOn, srcs[1].PublishedPrecision = models.NewDate(2021, 1, 1), models.PrecisionYear
	views := exporttest.Views()
	for i := range views {
		for _, s := range srcs {
			if views[i].Source.Key == s.Key {
				views[i].Source = s
			}
		}
	}
	return views, srcs
}

// A publication date known to the month or the year is exported as it is
// known ("2017-09", "2020"), never as its first day, and imports back to
// the same date and precision from every export format.
func TestPublishedPrecisionRoundTrip(t *testing.T) {
	views, want := precisionViews()
	parsers := map[string]func(t *testing.T, b []byte) (models.Batch, []byte){
		"csv": func(t *testing.T, b []byte) (models.Batch, []byte) {
			got, err := ParseCSV(bytes.NewReader(b), Options{})
			must(t, err)
			return got, b
		},
		"json": func(t *testing.T, b []byte) (models.Batch, []byte) {
			got, err := ParseJSON(bytes.NewReader(b), Options{})
			must(t, err)
			return got, b
		},
		"datapackage": func(t *testing.T, b []byte) (models.Batch, []byte) {
			zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
			must(t, err)
			f, err := zr.Open("sources.csv")
			must(t, err)
			text, err := io.ReadAll(f)
			must(t, err)
			f.Close()
			f, err = zr.Open("figures.csv")
			must(t, err)
			defer f.Close()
			got, err := Parse("figures.csv", f, Options{})
			must(t, err)
			return got, text
		},
	}
	for name, parse := range parsers {
		t.Run(name, func(t *testing.T) {
			got, text := parse(t, exportTo(t, name, views))
			for _, w := range []string{"2017-09", "2021"} {
				w = "," + w + ","
				if name == "json" {
					w = `"published_on":"` + w[1:len(w)-1] + `"`
				}
				if !strings.Contains(string(text), w) {
					t.Errorf("the export does not write %q", w)
				}
			}
			for _, bad := range []string{"2017-09-01", "2021-01-01"} {
				if strings.Contains(string(text), bad) {
					t.Errorf("the export writes %q, a day the source does not give", bad)
				}
			}
			if name == "datapackage" {
				return // its figures.csv is the CSV export, checked above
			}
			opts := []cmp.Option{ignoreSourceDB}
			if name == "csv" {
				opts = append(opts, ignoreSourceNotes)
			}
			if diff := cmp.Diff(want, got.Sources, opts...); diff != "" {
				t.Errorf("sources (-exported +imported):\n%s", diff)
			}
		})
	}
}

// A file exported before publication precisions existed writes full dates
// and no precision: it imports as day precision, exactly as before.
func TestPublishedOnOldExportIsADay(t *testing.T) {
	b, err := ParseJSON(strings.NewReader(`{"sources": [{"id": "s1", "title": "T", "kind": "news", "publisher": "P",
		"published_on": "2017-09-18", "url": "https://example.org"}]}`), Options{})
	must(t, err)
	s := b.Sources[0]
	if s.PublishedOn != models.NewDate(2017, 9, 18) || s.PublishedPrecision != models.PrecisionDay {
		t.Errorf("published %s at %q, want 2017-09-18 at day", s.PublishedOn, s.PublishedPrecision)
	}
}

// YAML may write the year as a bare number, the month as text.
func TestPublishedOnYAML(t *testing.T) {
	for in, want := range map[string]string{"2023": "2023", `"2023"`: "2023", "2023-12": "2023-12", "2023-12-05": "2023-12-05"} {
		b, err := ParseYAML(strings.NewReader("sources:\n  - {id: s1, title: T, kind: news, publisher: P, published_on: "+in+`, url: "https://example.org"}`+"\n"), Options{})
		if err != nil {
			t.Errorf("published_on: %s: %v", in, err)
			continue
		}
		if got := b.Sources[0].PublishedText(); got != want {
			t.Errorf("published_on: %s read as %q, want %q", in, got, want)
		}
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// FuzzPublishedOnRoundTrip: any publication date the importer accepts is
// exported at its precision and reads back as the same date and precision,
// through the CSV and the JSON export.
func FuzzPublishedOnRoundTrip(f *testing.F) {
	for _, s := range []string{"2023", "2023-12", "2024-02", "2023-12-05", "2016-02-29", "1000", "9999-12-31", "2023-1", "2023-12-1", " 2023 "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := models.ParsePartialDate(s)
		if err != nil {
			return
		}
		views := exporttest.Views()[7:9]
		src := views[0].Source
		src.SetPublished(d)
		src.AccessedOn = models.Date{}
		views[0].Source, views[1].Source = src, src
		for _, name := range []string{"csv", "json"} {
			var b models.Batch
			if name == "csv" {
				b, err = ParseCSV(bytes.NewReader(exportTo(t, name, views)), Options{})
			} else {
				b, err = ParseJSON(bytes.NewReader(exportTo(t, name, views)), Options{})
			}
			if err != nil {
				t.Fatalf("%s, published %q: %v", name, s, err)
			}
			got := b.Sources[0]
			if got.PublishedOn != d.Start || got.PublishedPrecision != d.Precision {
				t.Errorf("%s: published %q (%+v) reads back as %s at %q", name, s, d, got.PublishedOn, got.PublishedPrecision)
			}
		}
	})
}
