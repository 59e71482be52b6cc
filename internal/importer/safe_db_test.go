package importer_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
)

// sourceYAML is a YAML file describing the source "src" of
// storetest.Basics at version 1 with a new title, and notes as given: a
// line such as `notes: ""`, or nothing.
func sourceYAML(version, notes string) string {
	src := storetest.Source("src")
	return "sources:\n" +
		"  - id: src\n" +
		"    title: A corrected title\n" +
		"    kind: " + string(src.Kind) + "\n" +
		"    publisher: " + src.Publisher + "\n" +
		"    authors: " + src.Authors + "\n" +
		"    author_affiliation: " + src.AuthorAffiliation + "\n" +
		"    published_on: " + src.PublishedOn.String() + "\n" +
		"    url: " + src.URL + "\n" +
		"    language: " + src.Language + "\n" +
		"    accessed_on: " + src.AccessedOn.String() + "\n" +
		"    version: " + version + "\n" +
		notes
}

// TestYAMLOmittedNotesKept: in YAML a field left out leaves the stored
// value as it is, one given empty clears it (on SQLite and PostgreSQL).
func TestYAMLOmittedNotesKept(t *testing.T) {
	ctx := context.Background()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		b := storetest.Basics()
		b.Sources[0].Notes = "Checked against the archive."
		storetest.Apply(t, s, b)

		storetest.Apply(t, s, batchOf(t, "fix.yaml", []byte(sourceYAML("1", ""))))
		got, err := s.GetSource(ctx, "src")
		if err != nil {
			t.Fatal(err)
		}
		if got.Title != "A corrected title" || got.Notes != "Checked against the archive." {
			t.Errorf("without notes: title %q, notes %q; want the new title and the notes kept", got.Title, got.Notes)
		}

		storetest.Apply(t, s, batchOf(t, "fix.yaml", []byte(sourceYAML("2", "    notes: \"\"\n"))))
		if got, err = s.GetSource(ctx, "src"); err != nil || got.Notes != "" {
			t.Errorf("with notes: \"\": notes %q (%v), want cleared", got.Notes, err)
		}
	})
}

// TestOldExportKeepsRetraction: re-importing an export made before a
// figure was retracted refuses the file and leaves the figure retracted,
// its verification in place; re-importing a current export changes
// nothing.
func TestOldExportKeepsRetraction(t *testing.T) {
	ctx := context.Background()
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		b := storetest.Basics()
		start, end := 3, 40
		b.Figures[1].QuoteStart, b.Figures[1].QuoteEnd = &start, &end
		storetest.Apply(t, s, b)
		old := map[string][]byte{"json": exportAll(t, s, "json", at), "csv": dropLastModified(t, exportAll(t, s, "csv", at))}
		if err := s.RetractFigure(ctx, "custody", 1, "Counted twice.", storetest.Change()); err != nil {
			t.Fatal(err)
		}
		for _, format := range []string{"json", "csv"} {
			_, err := s.ApplyBatch(ctx, batchOf(t, "old."+format, old[format]), storetest.Change(), false)
			if models.ErrorCode(err) != models.EInvalid {
				t.Fatalf("%s: re-import of an old export: err = %v, want EInvalid", format, err)
			}
			v, err := s.GetFigure(ctx, "custody", models.AudienceEditors)
			if err != nil {
				t.Fatal(err)
			}
			if v.Figure.Status != models.StatusRetracted || v.Figure.QuoteStart == nil || *v.Figure.QuoteStart != 3 {
				t.Errorf("%s: after the old export: %s, offsets %v; want retracted with offsets 3–40", format, v.Figure.Status, v.Figure.QuoteStart)
			}
		}
		// An export of an older release, without versions, even with
		// --overwrite: a row does not restore a figure it never saw
		// retracted.
		unversioned := batchOf(t, "old.csv", old["csv"])
		for i := range unversioned.Figures {
			unversioned.Figures[i].Version = 0
		}
		for i := range unversioned.Sources {
			unversioned.Sources[i].Version = 0
		}
		unversioned.Overwrite, unversioned.Restore = true, true
		_, err := s.ApplyBatch(ctx, unversioned, storetest.Change(), false)
		if models.ErrorCode(err) != models.EInvalid || !strings.Contains(err.Error(), `figure "custody" is retracted in the tracker (Counted twice.)`) {
			t.Fatalf("re-import of an unversioned old export with overwrite: err = %v, want the retraction kept", err)
		}
		if v, err := s.GetFigure(ctx, "custody", models.AudienceEditors); err != nil || v.Figure.Status != models.StatusRetracted {
			t.Errorf("after the unversioned export: %s (%v), want retracted", v.Figure.Status, err)
		}

		current := exportAll(t, s, "json", at)
		res, err := s.ApplyBatch(ctx, batchOf(t, "now.json", current), storetest.Change(), false)
		if err != nil || res.Updated != 0 || res.Created != 0 {
			t.Errorf("re-import of a current export: %+v, %v; want nothing changed", res, err)
		}
	})
}
