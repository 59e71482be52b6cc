package store_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
)

// Imports never destroy silently: these are the ways re-importing an old
// file used to undo an editor's work.

// TestApplyBatchKeepsRetraction: an old export re-imported over a figure
// retracted since leaves it retracted, with or without --overwrite; only
// an entry made from the retracted figure, with a reason, restores it.
func TestApplyBatchKeepsRetraction(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		storetest.Apply(t, s, storetest.Basics())
		v, err := s.GetFigure(ctx, "custody", models.AudienceEditors)
		must(t, err)
		oldExport := v.Figure // version 1, published
		must(t, s.RetractFigure(ctx, "custody", 1, "Counted twice.", storetest.Change()))

		for _, tt := range []struct {
			name string
			f    func() models.Figure
			b    models.Batch
			want []string
		}{
			{"old export", func() models.Figure { return oldExport }, models.Batch{Restore: true},
				[]string{"figures[0].version", "figures[0].status"}},
			{"no version, overwrite", func() models.Figure { f := oldExport; f.Version = 0; return f }, models.Batch{Overwrite: true, Restore: true},
				[]string{"figures[0].status"}},
			{"current version, no reason", func() models.Figure {
				f := oldExport
				f.Version = 2
				return f
			}, models.Batch{}, []string{"figures[0].status"}},
		} {
			t.Run(tt.name, func(t *testing.T) {
				b := tt.b
				b.Figures = []models.Figure{tt.f()}
				_, err := s.ApplyBatch(ctx, b, storetest.Change(), false)
				wantCode(t, err, models.EInvalid, "is retracted in the tracker (Counted twice.)")
				if diff := cmp.Diff(tt.want, fieldNames(err)); diff != "" {
					t.Errorf("problem fields (-want +got):\n%s", diff)
				}
				now, err := s.GetFigure(ctx, "custody", models.AudienceEditors)
				must(t, err)
				if now.Figure.Status != models.StatusRetracted || now.Figure.Version != 2 {
					t.Errorf("figure is %s v%d, want retracted v2", now.Figure.Status, now.Figure.Version)
				}
			})
		}

		restored := oldExport
		restored.Version = 2
		if got := storetest.Apply(t, s, models.Batch{Figures: []models.Figure{restored}, Restore: true}); got.Updated != 1 {
			t.Fatalf("restore = %+v, want 1 updated", got)
		}
		revs, err := s.Revisions(ctx, models.EntityFigure, "custody", models.AudienceEditors)
		must(t, err)
		if last := revs[len(revs)-1]; last.Action != models.ActionRestore || last.Reason != storetest.Change().Reason {
			t.Errorf("last revision = %s %q, want restore %q", last.Action, last.Reason, storetest.Change().Reason)
		}
	})
}

// TestApplyBatchKeepsVerification: an entry quoting the same sentence
// without offsets keeps the stored ones; a changed quote drops them.
func TestApplyBatchKeepsVerification(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		b := storetest.Basics()
		start, end := 10, 50
		b.Figures[0].QuoteStart, b.Figures[0].QuoteEnd = &start, &end
		storetest.Apply(t, s, b)

		f := b.Figures[0]
		f.QuoteStart, f.QuoteEnd, f.Notes, f.Version = nil, nil, "Edited in the file.", 1
		storetest.Apply(t, s, models.Batch{Figures: []models.Figure{f}})
		v, err := s.GetFigure(ctx, "total", models.AudienceEditors)
		must(t, err)
		if v.Figure.QuoteStart == nil || *v.Figure.QuoteStart != 10 || v.Figure.QuoteEnd == nil || *v.Figure.QuoteEnd != 50 || v.Figure.Notes != f.Notes {
			t.Errorf("same quote: offsets %v–%v, notes %q; want 10–50 kept and the notes changed", v.Figure.QuoteStart, v.Figure.QuoteEnd, v.Figure.Notes)
		}

		f.Quote, f.Version = "Chinese authorities have apprehended 92 North Koreans since June 2016.", 2
		storetest.Apply(t, s, models.Batch{Figures: []models.Figure{f}})
		v, err = s.GetFigure(ctx, "total", models.AudienceEditors)
		must(t, err)
		if v.Figure.QuoteStart != nil || v.Figure.QuoteEnd != nil {
			t.Errorf("changed quote: offsets %d–%d kept, want none", *v.Figure.QuoteStart, *v.Figure.QuoteEnd)
		}
	})
}

// TestApplyBatchOmittedFields: a field an entry leaves out keeps its
// stored value; one given empty clears it. The source's recorded text hash
// survives an entry without one.
func TestApplyBatchOmittedFields(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		b := storetest.Basics()
		b.Sources[0].Notes = "Checked against the archive."
		b.Sources[0].TextSHA256 = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		b.Figures[1].Notes = "From the second paragraph."
		storetest.Apply(t, s, b)

		src := b.Sources[0]
		src.Notes, src.TextSHA256, src.Title, src.Version = "", "", "A corrected title", 1
		fig := b.Figures[1]
		fig.Notes, fig.Location, fig.Version = "", "Tumen", 1
		storetest.Apply(t, s, models.Batch{
			Sources: []models.Source{src}, Figures: []models.Figure{fig},
			SourceOmitted: map[string][]string{"src": {"notes"}},
			FigureOmitted: map[string][]string{"custody": {"notes", "status", "retract_reason"}},
		})
		got, err := s.GetSource(ctx, "src")
		must(t, err)
		if got.Notes != "Checked against the archive." || got.TextSHA256 != b.Sources[0].TextSHA256 || got.Title != src.Title {
			t.Errorf("source after omitted notes: %q / %q / %q", got.Title, got.Notes, got.TextSHA256)
		}
		v, err := s.GetFigure(ctx, "custody", models.AudienceEditors)
		must(t, err)
		if v.Figure.Notes != "From the second paragraph." || v.Figure.Location != "Tumen" {
			t.Errorf("figure after omitted notes: location %q, notes %q", v.Figure.Location, v.Figure.Notes)
		}

		// Given empty: cleared.
		src.Version = 2
		storetest.Apply(t, s, models.Batch{Sources: []models.Source{src}})
		if got, err = s.GetSource(ctx, "src"); err != nil || got.Notes != "" {
			t.Errorf("source after notes given empty: %q, %v", got.Notes, err)
		}
	})
}

// TestApplyBatchReportsChanges: every update is reported field by field,
// on a dry run too, and nothing else is.
func TestApplyBatchReportsChanges(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		b := storetest.Basics()
		storetest.Apply(t, s, b)
		b.Overwrite = true
		b.Sources[0].Notes = "New notes."
		b.Figures[1].Notes, b.Figures[1].Location = "Seen twice.", "Tumen"
		var got []models.EntryChange
		b.Report = func(c models.EntryChange) { got = append(got, c) }
		res, err := s.ApplyBatch(ctx, b, storetest.Change(), true)
		must(t, err)
		want := []models.EntryChange{
			{Entity: models.EntitySource, Key: "src", Fields: []models.FieldChange{{Field: "notes", New: "New notes."}}},
			{Entity: models.EntityFigure, Key: "custody", Fields: []models.FieldChange{
				{Field: "location", Old: "China", New: "Tumen"}, {Field: "notes", New: "Seen twice."}}},
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("reported changes (-want +got):\n%s", diff)
		}
		if res != (models.BatchResult{Updated: 2, Unchanged: 5}) {
			t.Errorf("dry run = %+v", res)
		}
	})
}
