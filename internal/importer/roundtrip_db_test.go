package importer_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
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

// carried adds to the seed a newsletter digest carrying a wire story that
// carries a monitor's report, known to the month: neither of the two is
// cited by a figure, so only the export's originals can bring them along.
// The carrier comes first, as in an export, which lists the originals
// after the figures.
func carried() models.Batch {
	digest, wire, monitor := storetest.Source("digest-2021-03-08"), storetest.Source("wire-2021-03-05"), storetest.Source("monitor-2021-03")
	digest.Publisher, digest.Original, digest.Kind = "Weekly Digest", "wire-2021-03-05", models.KindNews
	digest.PublishedOn, digest.AccessedOn = models.NewDate(2021, 3, 8), models.Date{}
	digest.ArchiveURL = "https://web.archive.org/web/2021/https://example.org/sources/digest-2021-03-08"
	wire.Publisher, wire.Original, wire.Kind = "Example Wire", "monitor-2021-03", models.KindNews
	wire.PublishedOn, wire.AccessedOn = models.NewDate(2021, 3, 5), models.Date{}
	monitor.Publisher, monitor.Kind, monitor.AccessedOn = "Monitor Group", models.KindNGOReport, models.Date{}
	monitor.PublishedOn, monitor.PublishedPrecision = models.NewDate(2021, 3, 1), models.PrecisionMonth
	f := storetest.Figure("digest-returned-2021-02", "forcibly_returned", digest.Key)
	f.Period = models.Period{Start: models.NewDate(2021, 2, 1), End: models.NewDate(2021, 2, 28), Precision: models.PrecisionMonth}
	f.Qualifier, f.Value, f.ValueText, f.ReportedBy = models.QualAtLeast, 12, "at least 12", "Monitor Group"
	f.Quote = "At least 12 North Koreans were sent back in February, the monitor said."
	return models.Batch{Sources: []models.Source{digest, wire, monitor}, Figures: []models.Figure{f}}
}

// TestRoundTripIntoEmptyDatabase is the promise that metrics and sources
// travel with the data: on SQLite and PostgreSQL, the seed and a source
// carrying others (carried) exported as JSON or as a data package import
// into an empty database (no seed, no metrics), and that database exports
// the same bytes, apart from timestamps.
func TestRoundTripIntoEmptyDatabase(t *testing.T) {
	seed, err := seeds.Batch()
	if err != nil {
		t.Fatal(err)
	}
	storetest.Each(t, func(t *testing.T, seeded *store.Store) {
		storetest.Apply(t, seeded, seed)
		storetest.Apply(t, seeded, carried())
		roundTripIntoEmpty(t, seeded, func(t *testing.T, empty *store.Store) {
			ctx := context.Background()
			for key, want := range map[string]string{"digest-2021-03-08": "wire-2021-03-05", "wire-2021-03-05": "monitor-2021-03", "monitor-2021-03": ""} {
				if src, err := empty.GetSource(ctx, key); err != nil || src.Original != want {
					t.Errorf("imported source %s: original %q, %v; want %q", key, src.Original, err, want)
				}
			}
			v, err := empty.GetFigure(ctx, "digest-returned-2021-02", models.AudienceEditors)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := v.CreditIn(models.English, nil), "Monitor Group, via Example Wire (5 Mar 2021), as carried by Weekly Digest"; got != want {
				t.Errorf("the imported figure's credit = %q, want %q", got, want)
			}
		})
	})
}

// roundTripIntoEmpty exports what seeded holds as JSON and as a data
// package, imports each into an empty database and requires that
// database to export the same bytes, apart from timestamps; check, if not
// nil, looks at the imported database first.
func roundTripIntoEmpty(t *testing.T, seeded *store.Store, check func(t *testing.T, empty *store.Store)) {
	t.Helper()
	ctx := context.Background()
	{
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
				if check != nil {
					check(t, empty)
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
	}
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

// A file exported by the release before sources named their originals
// (no source_original or archive_quote_link column, no original field,
// no sources list) still imports, and leaves the stored originals as they
// are: re-imported into the database it came from, it changes nothing.
func TestExportBeforeOriginalsImports(t *testing.T) {
	ctx := context.Background()
	seed, err := seeds.Batch()
	if err != nil {
		t.Fatal(err)
	}
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		storetest.Apply(t, s, seed)
		storetest.Apply(t, s, carried())
		at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

		// The CSV without the new columns.
		rows, err := csv.NewReader(bytes.NewReader(exportAll(t, s, "csv", at))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		var keep []int
		for i, name := range rows[0] {
			if name != "source_original" && name != "archive_quote_link" {
				keep = append(keep, i)
			}
		}
		var old bytes.Buffer
		w := csv.NewWriter(&old)
		for _, r := range rows {
			var out []string
			for _, i := range keep {
				out = append(out, r[i])
			}
			w.Write(out)
		}
		w.Flush()

		// The JSON without them either.
		var doc map[string]any
		if err := json.Unmarshal(exportAll(t, s, "json", at), &doc); err != nil {
			t.Fatal(err)
		}
		delete(doc, "sources")
		for _, f := range doc["figures"].([]any) {
			fig := f.(map[string]any)
			delete(fig, "archive_quote_link")
			delete(fig["source"].(map[string]any), "original")
		}
		oldJSON, err := json.Marshal(doc)
		if err != nil {
			t.Fatal(err)
		}

		for name, data := range map[string][]byte{"old.csv": old.Bytes(), "old.json": oldJSON} {
			b := batchOf(t, name, data)
			res, err := s.ApplyBatch(ctx, b, storetest.Change(), false)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if res.Created != 0 || res.Updated != 0 {
				t.Errorf("%s: %+v, want everything unchanged", name, res)
			}
			if src, err := s.GetSource(ctx, "digest-2021-03-08"); err != nil || src.Original != "wire-2021-03-05" {
				t.Errorf("%s: the carrier's original after the import: %q, %v", name, src.Original, err)
			}
		}
	})
}
