package importer_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"slices"
	"strings"
	"testing"
	"time"

	"forcedreturns/internal/importer"
	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
	"forcedreturns/seeds"
)

// seededWithShare is the seed plus a share of its 92 apprehended: "more
// than 60 percent" of them were women.
func seededWithShare(t *testing.T, s *store.Store) models.Figure {
	t.Helper()
	seed, err := seeds.Batch()
	if err != nil {
		t.Fatal(err)
	}
	storetest.Apply(t, s, seed)
	base, err := s.GetFigure(context.Background(), "hrw-2017-apprehended-since-2016-06", models.AudienceEditors)
	if err != nil {
		t.Fatal(err)
	}
	share := storetest.Share("hrw-2017-apprehended-women-share", base.Figure)
	storetest.Apply(t, s, models.Batch{Figures: []models.Figure{share}})
	return share
}

// TestShareRoundTripIntoEmptyDatabase: on SQLite and PostgreSQL, a share
// exported as JSON and as a data package imports into an empty database as
// the same share of the same figure, and that database exports the same
// bytes.
func TestShareRoundTripIntoEmptyDatabase(t *testing.T) {
	ctx := context.Background()
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		share := seededWithShare(t, s)
		roundTripIntoEmpty(t, s, nil)
		for _, file := range []string{"export.json", "export.zip"} {
			format := map[string]string{"export.json": "json", "export.zip": "datapackage"}[file]
			first := exportAll(t, s, format, at)
			if format == "json" && !bytes.Contains(first, []byte(`"value_label":"more than 60 %","unit":"percent"`)) {
				t.Errorf("the JSON export does not label the share as a percentage")
			}
			empty := storetest.OpenConfig(t, storetest.NewDatabase(t, s.Dialect()), true)
			storetest.Apply(t, empty, batchOf(t, file, first))
			back, err := empty.GetFigure(ctx, share.Key, models.AudienceEditors)
			if err != nil {
				t.Fatal(err)
			}
			if f := back.Figure; f.ShareOf != share.ShareOf || f.Unit != models.UnitPercent || f.Value != 60 || f.Qualifier != models.QualMoreThan || f.Population != "women" {
				t.Errorf("%s: imported share_of %q, unit %q, %s, population %q", file, f.ShareOf, f.Unit, f.ValueLabel(), f.Population)
			}
		}
	})
}

// A file exported before shares existed (no share_of column or key)
// imports into an empty database, and re-importing it into a database
// where a figure has since become a share leaves the share as it is.
func TestExportWithoutShareOfImports(t *testing.T) {
	ctx := context.Background()
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		share := seededWithShare(t, s)
		// The old CSV: the figures.csv of a data package, without share_of.
		files := unzipped(t, exportAll(t, s, "datapackage", at))
		rows, err := csv.NewReader(bytes.NewReader(files["figures.csv"])).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		col := slices.Index(rows[0], "share_of")
		if col < 0 {
			t.Fatal("the CSV export has no share_of column")
		}
		var old bytes.Buffer
		w := csv.NewWriter(&old)
		for _, r := range rows {
			if err := w.Write(slices.Delete(r, col, col+1)); err != nil {
				t.Fatal(err)
			}
		}
		w.Flush()
		b, err := importer.Parse("figures.csv", bytes.NewReader(old.Bytes()), importer.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if res, err := s.ApplyBatch(ctx, b, storetest.Change(), false); err != nil || res.Created+res.Updated != 0 {
			t.Errorf("re-importing the CSV without share_of: %+v, %v; want everything unchanged", res, err)
		}
		got, err := s.GetFigure(ctx, share.Key, models.AudienceEditors)
		if err != nil || got.Figure.ShareOf != share.ShareOf {
			t.Errorf("after re-importing: share_of %q, %v", got.Figure.ShareOf, err)
		}

		// The old JSON, of the figures that are no shares, into an empty
		// database: no share_of anywhere.
		doc := string(exportAll(t, s, "json", at))
		oldJSON := strings.ReplaceAll(doc, `"share_of":"",`, "")
		if strings.Contains(oldJSON, `"share_of":""`) || oldJSON == doc {
			t.Fatal("the JSON export does not write share_of after subgroup_of")
		}
		jb, err := importer.Parse("old.json", strings.NewReader(oldJSON), importer.Options{})
		if err != nil {
			t.Fatal(err)
		}
		jb.Figures = slices.DeleteFunc(jb.Figures, func(f models.Figure) bool { return f.Key == share.Key })
		if len(jb.Metrics) == 0 {
			t.Fatal("the JSON export carries no metrics")
		}
		empty := storetest.OpenConfig(t, storetest.NewDatabase(t, s.Dialect()), true)
		res, err := empty.ApplyBatch(ctx, jb, storetest.Change(), false)
		if err != nil || res.Created != len(jb.Figures)+len(jb.Sources)+len(jb.Metrics) {
			t.Errorf("an old JSON export into an empty database: %+v, %v", res, err)
		}
	})
}
