package importer_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"regexp"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"forcedreturns/internal/export"
	"forcedreturns/internal/importer"
	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
	"forcedreturns/seeds"
)

// everything selects every figure, whatever its status.
var everything = models.FigureFilter{Audience: models.AudienceEditors, Statuses: models.Statuses}

func exportAll(t *testing.T, s *store.Store, format string, at time.Time) []byte {
	t.Helper()
	var buf bytes.Buffer
	meta := export.Meta{ExportedAt: at, Filter: everything.Describe(), Generator: "test",
		Originals: func(keys []string) ([]models.Source, error) { return s.GetSources(context.Background(), keys) }}
	it := func(yield func(*models.FigureView) error) error {
		return s.EachFigure(context.Background(), everything, yield)
	}
	if err := export.Write(format, &buf, meta, it, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// timestamps are the fields that say when, not what: the export's time
// and each figure's last change.
var timestamps = regexp.MustCompile(`"(exported_at|last_modified)":"[^"]*"`)

// TestRoundTripIntoEmptyDatabase is the promise that metrics travel with
// the data: on SQLite and PostgreSQL, the seed exported as JSON or as a
// data package imports into an empty database (no seed, no metrics), and
// that database exports the same bytes, apart from timestamps.
func TestRoundTripIntoEmptyDatabase(t *testing.T) {
	ctx := context.Background()
	seed, err := seeds.Batch()
	if err != nil {
		t.Fatal(err)
	}
	storetest.Each(t, func(t *testing.T, seeded *store.Store) {
		storetest.Apply(t, seeded, seed)
		at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
		for _, tt := range []struct{ format, file string }{{"json", "export.json"}, {"datapackage", "export.zip"}} {
			t.Run(tt.format, func(t *testing.T) {
				first := exportAll(t, seeded, tt.format, at)
				if len(batchOf(t, tt.file, first).Metrics) == 0 {
					t.Fatal("the export carries no metrics")
				}
				empty := storetest.OpenConfig(t, storetest.NewDatabase(t, seeded.Dialect()), true)
				batch, err := importer.Parse(tt.file, bytes.NewReader(first), importer.Options{})
				if err != nil {
					t.Fatal(err)
				}
				if _, err := empty.ApplyBatch(ctx, batch, storetest.Change(), false); err != nil {
					t.Fatalf("import into an empty database: %v", err)
				}
				second := exportAll(t, empty, tt.format, at.Add(time.Hour))
				if tt.format == "json" {
					a, b := timestamps.ReplaceAll(first, nil), timestamps.ReplaceAll(second, nil)
					if diff := cmp.Diff(string(a), string(b)); diff != "" {
						t.Errorf("the re-import exports differently (-first +second):\n%s", diff)
					}
					return
				}
				a, b := unzipped(t, first), unzipped(t, second)
				if len(a) != 5 || len(a["metrics.csv"]) == 0 {
					t.Fatalf("the package holds %d files", len(a))
				}
				for name := range a {
					if name == "figures.csv" {
						a[name], b[name] = dropLastModified(t, a[name]), dropLastModified(t, b[name])
					}
					if name == "README.md" || name == "datapackage.json" {
						// Only the export time differs.
						a[name] = bytes.ReplaceAll(a[name], []byte(at.Format(time.RFC3339)), []byte("T"))
						b[name] = bytes.ReplaceAll(b[name], []byte(at.Add(time.Hour).Format(time.RFC3339)), []byte("T"))
					}
				}
				if diff := cmp.Diff(a, b); diff != "" {
					t.Errorf("the re-import exports differently (-first +second):\n%s", diff)
				}
			})
		}
	})
}

// A JSON export made before exports carried metrics still imports into a
// database that has them (here the seeded one), changing nothing.
func TestOldJSONExportImports(t *testing.T) {
	ctx := context.Background()
	seed, err := seeds.Batch()
	if err != nil {
		t.Fatal(err)
	}
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		storetest.Apply(t, s, seed)
		var doc map[string]json.RawMessage
		if err := json.Unmarshal(exportAll(t, s, "json", time.Now()), &doc); err != nil {
			t.Fatal(err)
		}
		delete(doc, "metrics")
		old, err := json.Marshal(doc)
		if err != nil {
			t.Fatal(err)
		}
		b, err := importer.Parse("old.json", bytes.NewReader(old), importer.Options{})
		if err != nil {
			t.Fatal(err)
		}
		res, err := s.ApplyBatch(ctx, b, storetest.Change(), false)
		if err != nil {
			t.Fatal(err)
		}
		if res.Created != 0 || res.Updated != 0 || res.Unchanged != len(b.Figures)+len(b.Sources) {
			t.Errorf("re-importing the old export: %+v, want everything unchanged", res)
		}
	})
}

func unzipped(t *testing.T, b []byte) map[string][]byte {
	t.Helper()
	zr, err := zipReader(b)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		out[f.Name], err = io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func batchOf(t *testing.T, name string, data []byte) models.Batch {
	t.Helper()
	b, err := importer.Parse(name, bytes.NewReader(data), importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// dropLastModified blanks the last_modified cells of a figures.csv.
func dropLastModified(t *testing.T, b []byte) []byte {
	t.Helper()
	return regexp.MustCompile(`,\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ,(\d+)\r\n`).ReplaceAll(b, []byte(",,$1\r\n"))
}

func zipReader(b []byte) (*zip.Reader, error) {
	return zip.NewReader(bytes.NewReader(b), int64(len(b)))
}

// TestParaphraseRoundTrip: on SQLite and PostgreSQL, a figure known only
// through someone else's summary is stored, exported (JSON and data
// package) without a quote or quote link, and imported into an empty
// database as the same paraphrase.
func TestParaphraseRoundTrip(t *testing.T) {
	ctx := context.Background()
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		b := storetest.Basics()
		f := &b.Figures[0]
		f.Quote, f.QuoteStart, f.QuoteEnd = "", nil, nil
		f.Paraphrase, f.ParaphrasedBy = "About 60 were sent back, the agency said.", "Example Wire"
		storetest.Apply(t, s, b)
		got, err := s.GetFigure(ctx, f.Key, models.AudienceEditors)
		if err != nil {
			t.Fatal(err)
		}
		if got.Figure.Quote != "" || got.Figure.Paraphrase != f.Paraphrase || got.Figure.ParaphrasedBy != "Example Wire" {
			t.Fatalf("stored: quote %q, paraphrase %q by %q", got.Figure.Quote, got.Figure.Paraphrase, got.Figure.ParaphrasedBy)
		}
		for _, file := range []string{"export.json", "export.zip"} {
			format := map[string]string{"export.json": "json", "export.zip": "datapackage"}[file]
			first := exportAll(t, s, format, at)
			if format == "json" && !bytes.Contains(first, []byte(`"quote":"","quote_start":null,"quote_end":null,"quote_link":"","archive_quote_link":"","paraphrase":"About 60 were sent back, the agency said.","paraphrased_by":"Example Wire"`)) {
				t.Errorf("the JSON export does not carry the paraphrase without a quote link:\n%s", first)
			}
			empty := storetest.OpenConfig(t, storetest.NewDatabase(t, s.Dialect()), true)
			storetest.Apply(t, empty, batchOf(t, file, first))
			back, err := empty.GetFigure(ctx, f.Key, models.AudienceEditors)
			if err != nil {
				t.Fatal(err)
			}
			if back.Figure.Quote != "" || back.Figure.Paraphrase != f.Paraphrase || back.Figure.ParaphrasedBy != f.ParaphrasedBy {
				t.Errorf("%s: imported quote %q, paraphrase %q by %q", file, back.Figure.Quote, back.Figure.Paraphrase, back.Figure.ParaphrasedBy)
			}
		}
	})
}
