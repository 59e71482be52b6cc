package export_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"forcedreturns/internal/export"
	"forcedreturns/internal/export/exporttest"
	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
	"forcedreturns/seeds"
)

// TestCountFromStoreMatchesFirstPass: on SQLite and PostgreSQL, an export
// whose countable columns come from Count (the store's narrow read, one
// subject at a time) is byte for byte the export that counts from a first
// pass over its rows, for every format and for the public (no drafts) and
// editors alike.
func TestCountFromStoreMatchesFirstPass(t *testing.T) {
	ctx := context.Background()
	seed := seedWithDraft(t)
	filters := map[string]models.FigureFilter{
		"public":         {},
		"editors":        models.AllFigures(models.AudienceEditors),
		"one metric":     {Metrics: []string{seed.Figures[0].Metric}, Sort: "-value"},
		"from July 2017": {From: models.NewDate(2017, 7, 1), Audience: models.AudienceEditors, Statuses: models.Statuses},
		"matching none":  {Metrics: []string{"no-such-metric"}},
	}
	meta := export.Meta{ExportedAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Generator: "test"}
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		storetest.Apply(t, s, seed)
		for name, f := range filters {
			it := func(yield func(*models.FigureView) error) error { return s.EachFigure(ctx, f, yield) }
			counts, err := export.Count(ctx, s, f)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			for _, format := range export.Formats {
				var want, got bytes.Buffer
				if err := export.Write(format.Name, &want, meta, it, nil); err != nil {
					t.Fatal(err)
				}
				if err := export.Write(format.Name, &got, meta, it, counts); err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(want.Bytes(), got.Bytes()) {
					t.Errorf("%s, %s: Write with Count's counts differs from Write counting itself", name, format.Name)
				}
				if name != "matching none" && format.Name == "csv" && !bytes.Contains(got.Bytes(), []byte(",true,")) {
					t.Errorf("%s: no figure is countable: the comparison proves nothing", name)
				}
			}
		}
	})
}

// TestCountByIDMatchesCountability: on generated figures (subgroups
// across subjects, retracted and draft figures) beside the seed (derived
// figures, a share), Count's answer, handed on subject by subject and kept
// by figure id with only the targets of subgroups, shares and formulas
// remembered between subjects, is for every figure what
// exporttest.Countability gives it over all of them at once, and the
// exports written with it are byte for byte those counting from a first
// pass over the rows.
func TestCountByIDMatchesCountability(t *testing.T) {
	ctx := context.Background()
	seed, err := seeds.Batch()
	if err != nil {
		t.Fatal(err)
	}
	meta := export.Meta{ExportedAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Generator: "test"}
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		storetest.Apply(t, s, seed)
		// 1,000 generated figures hold 18 subgroups counted past their
		// parent (3,000 held 93, at three times the cost): enough for a
		// Count that forgets the targets between subjects to fail.
		if err := s.GenerateFigures(ctx, 1000, 7); err != nil {
			t.Fatal(err)
		}
		for name, f := range map[string]models.FigureFilter{
			"public":  {},
			"editors": models.AllFigures(models.AudienceEditors),
		} {
			views, err := s.FigureViews(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			figs := make([]models.Figure, len(views))
			for i := range views {
				figs[i] = views[i].Figure
			}
			want := exporttest.Countability(figs)
			counts, err := export.Count(ctx, s, f)
			if err != nil {
				t.Fatal(err)
			}
			var chained, countable int
			for i := range figs {
				fig := &figs[i]
				if got := export.CountOf(counts, fig); got != want[fig.Key] {
					t.Errorf("%s, %s: Count %+v, Countability %+v", name, fig.Key, got, want[fig.Key])
				}
				if fig.SubgroupOf != "" && want[fig.Key].CountedIn != "" && want[fig.Key].CountedIn != fig.SubgroupOf {
					chained++ // counted where its parent is: the chain went on
				}
				if want[fig.Key].Countable {
					countable++
				}
			}
			if chained == 0 || countable == 0 {
				t.Fatalf("%s: %d subgroups counted past their parent, %d countable figures: the comparison proves little", name, chained, countable)
			}
			it := func(yield func(*models.FigureView) error) error { return s.EachFigure(ctx, f, yield) }
			for _, format := range []string{"csv", "ndjson"} {
				var first, byID bytes.Buffer
				if err := export.Write(format, &first, meta, it, nil); err != nil {
					t.Fatal(err)
				}
				if err := export.Write(format, &byID, meta, it, counts); err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(first.Bytes(), byID.Bytes()) {
					t.Errorf("%s, %s: the export with Count's answer differs from the one counting its rows", name, format)
				}
			}
		}
	})
}
