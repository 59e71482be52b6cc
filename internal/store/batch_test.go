package store_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
)

func TestApplyBatchIsIdempotent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		b := storetest.Basics()
		if got := storetest.Apply(t, s, b); got != (models.BatchResult{Created: 7}) {
			t.Errorf("first apply = %+v, want 7 created", got)
		}
		if got := storetest.Apply(t, s, b); got != (models.BatchResult{Unchanged: 7}) {
			t.Errorf("second apply = %+v, want 7 unchanged", got)
		}
		// What an export gives back (stored bookkeeping, normalised text)
		// is unchanged too.
		v, err := s.GetFigure(ctx, "total", models.AudienceEditors)
		must(t, err)
		src, err := s.GetSource(ctx, "src")
		must(t, err)
		again := models.Batch{Sources: []models.Source{src}, Figures: []models.Figure{v.Figure}}
		again.Figures[0].Quote += "  "
		if got := storetest.Apply(t, s, again); got != (models.BatchResult{Unchanged: 2}) {
			t.Errorf("re-applying stored entities = %+v, want 2 unchanged", got)
		}

		b.Metrics[0].Definition = "A sharper definition."
		b.Sources[0].Notes = "Checked against the archive."
		b.Figures[1].Status, b.Figures[1].RetractReason = models.StatusRetracted, "Superseded."
		c := models.Change{Editor: "importer", Reason: "import of corrections.csv"}
		b.Overwrite = true // the entries carry no version
		got, err := s.ApplyBatch(ctx, b, c, false)
		must(t, err)
		if got != (models.BatchResult{Updated: 3, Unchanged: 4}) {
			t.Errorf("apply with changes = %+v, want 3 updated, 4 unchanged", got)
		}
		revs, err := s.Revisions(ctx, models.EntityFigure, "custody", models.AudienceEditors)
		must(t, err)
		if len(revs) != 2 || revs[1].Action != models.ActionRetract || revs[1].Reason != models.ReasonOverwrite || revs[1].Version != 2 {
			t.Errorf("custody revisions = %+v", revs)
		}
		revs, err = s.Revisions(ctx, models.EntityMetric, "apprehended", models.AudienceEditors)
		must(t, err)
		if len(revs) != 2 || revs[1].Action != models.ActionUpdate || revs[1].Version != 2 {
			t.Errorf("metric revisions = %+v", revs)
		}
		src, err = s.GetSource(ctx, "src")
		must(t, err)
		if src.Version != 2 || src.Notes != "Checked against the archive." {
			t.Errorf("source after update: v%d %q", src.Version, src.Notes)
		}
	})
}

func TestApplyBatchDryRun(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		got, err := s.ApplyBatch(ctx, storetest.Basics(), storetest.Change(), true)
		must(t, err)
		if got != (models.BatchResult{Created: 7}) {
			t.Errorf("dry run = %+v, want 7 created", got)
		}
		assertEmpty(t, s)
	})
}

func assertEmpty(t *testing.T, s *store.Store) {
	t.Helper()
	ms, err := s.ListMetrics(ctx)
	must(t, err)
	srcs, err := s.ListSources(ctx)
	must(t, err)
	_, n, err := s.ListFigures(ctx, models.FigureFilter{Audience: models.AudienceEditors, Statuses: models.Statuses})
	must(t, err)
	if len(ms) != 0 || len(srcs) != 0 || n != 0 {
		t.Errorf("the database holds %d metrics, %d sources, %d figures; want nothing", len(ms), len(srcs), n)
	}
}

// The importer maps problems to file rows, so every entry is checked and
// every problem reported, under the entry's index, before anything is
// written.
func TestApplyBatchReportsAllProblems(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		b := storetest.Basics()
		b.Metrics = append(b.Metrics, storetest.Metric("apprehended"), models.Metric{Slug: "Bad", Label: "x", Definition: "x", Unit: "x"})
		b.Sources[0].URL = "ftp://example.org/x"
		b.Figures[2].Value = 45 // returned = total − custody = 46
		unknown := storetest.Figure("orphan", "deaths", "elsewhere")
		unknown.SubgroupOf = "nobody"
		b.Figures = append(b.Figures, storetest.Figure("total", "apprehended", "src"), unknown)
		_, err := s.ApplyBatch(ctx, b, storetest.Change(), false)
		wantCode(t, err, models.EInvalid)
		want := []string{
			"metrics[3].slug",
			"metrics[4].slug",
			"sources[0].url",
			"figures[3].id",
			"figures[2].value",
			"figures[4].metric",
			"figures[4].source",
			"figures[4].subgroup_of",
		}
		if diff := cmp.Diff(want, fieldNames(err)); diff != "" {
			t.Errorf("problem fields (-want +got):\n%s\n%v", diff, err)
		}
		assertEmpty(t, s)
		wantCode(t, err, models.EInvalid, "expected 46 = 92 − 46")
	})
}

// Figures may name each other in any order within a batch.
func TestApplyBatchDependencyOrder(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		b := storetest.Basics()
		child := storetest.Figure("newborn", "apprehended", "src")
		child.Value, child.ValueText, child.SubgroupOf = 1, "1", "total"
		grandchild := storetest.Figure("newborn-girl", "apprehended", "src")
		grandchild.Value, grandchild.ValueText, grandchild.SubgroupOf = 1, "1", "newborn"
		// Children first, the derived figure before what it uses.
		b.Figures = []models.Figure{grandchild, child, b.Figures[2], b.Figures[1], b.Figures[0]}
		orig := b.Figures[0]
		if got := storetest.Apply(t, s, b); got.Created != 9 {
			t.Errorf("apply = %+v, want 9 created", got)
		}
		if diff := cmp.Diff(orig, b.Figures[0]); diff != "" {
			t.Errorf("ApplyBatch modified the caller's batch (-before +after):\n%s", diff)
		}
		v, err := s.GetFigure(ctx, "newborn-girl", models.AudienceEditors)
		must(t, err)
		if v.Figure.SubgroupOf != "newborn" {
			t.Errorf("subgroup_of = %q", v.Figure.SubgroupOf)
		}
		// Changing a figure and the derived one in the same batch is fine.
		b = storetest.Basics()
		b.Figures[0].Value, b.Figures[0].ValueText = 100, "100"
		b.Figures[2].Value, b.Figures[2].ValueText = 54, "54"
		b.Overwrite = true
		if got := storetest.Apply(t, s, b); got.Updated != 2 {
			t.Errorf("apply = %+v, want 2 updated", got)
		}
		// …but not the figure alone.
		b.Figures = b.Figures[:1]
		b.Figures[0].Value = 101
		_, err = s.ApplyBatch(ctx, b, storetest.Change(), false)
		wantCode(t, err, models.EInvalid, `figures[0].value: figure "returned" is derived from this one`)
	})
}

// TestApplyBatchVersionLock checks that a file made from an older version
// of a figure cannot silently overwrite an edit made since.
func TestApplyBatchVersionLock(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		storetest.Apply(t, s, storetest.Basics())
		exported, err := s.GetFigure(ctx, "custody", models.AudienceEditors)
		must(t, err)
		// An editor corrects the figure after the export (version 1 → 2).
		edited := exported.Figure
		edited.Notes = "corrected by an editor"
		must(t, s.UpdateFigure(ctx, &edited, storetest.Change()))

		// The file, based on version 1, changes the same figure.
		stale := exported.Figure
		stale.Location = "Shenyang"
		_, err = s.ApplyBatch(ctx, models.Batch{Figures: []models.Figure{stale}}, storetest.Change(), false)
		if models.ErrorCode(err) != models.EInvalid || len(models.FieldErrors(err)) != 1 || models.FieldErrors(err)[0].Field != "figures[0].version" {
			t.Fatalf("stale batch: err = %v, want one problem on figures[0].version", err)
		}
		now, err := s.GetFigure(ctx, "custody", models.AudienceEditors)
		must(t, err)
		if now.Figure.Notes != "corrected by an editor" || now.Figure.Location == "Shenyang" || now.Figure.Version != 2 {
			t.Fatalf("after a refused stale batch the figure is %+v", now.Figure)
		}
		// Without a version the file may be as old: refused, naming
		// --overwrite…
		stale.Version = 0
		_, err = s.ApplyBatch(ctx, models.Batch{Figures: []models.Figure{stale}}, storetest.Change(), false)
		wantCode(t, err, models.EInvalid, `figures[0].version: figure "custody" is already in the tracker and this entry would change it, but the entry has no version`, "--overwrite")
		// …which applies it, each change recorded as an overwrite.
		if got := storetest.Apply(t, s, models.Batch{Figures: []models.Figure{stale}, Overwrite: true}); got.Updated != 1 {
			t.Fatalf("unversioned batch with overwrite = %+v, want 1 updated", got)
		}
		revs, err := s.Revisions(ctx, models.EntityFigure, "custody", models.AudienceEditors)
		must(t, err)
		if last := revs[len(revs)-1]; last.Version != 3 || last.Reason != models.ReasonOverwrite {
			t.Errorf("last revision = v%d %q, want v3 %q", last.Version, last.Reason, models.ReasonOverwrite)
		}
	})
}

func TestApplyBatchCreateOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		b := storetest.Basics()
		storetest.Apply(t, s, b)
		v, err := s.GetFigure(ctx, "custody", models.AudienceEditors)
		must(t, err)
		edited := v.Figure
		edited.Notes = "an editor's correction"
		must(t, s.UpdateFigure(ctx, &edited, storetest.Change()))

		again := storetest.Basics()
		extra := storetest.Figure("new-one", "apprehended", "src")
		again.Figures = append(again.Figures, extra)
		again.CreateOnly = true
		if got := storetest.Apply(t, s, again); got != (models.BatchResult{Created: 1, Unchanged: 7}) {
			t.Fatalf("create-only batch = %+v, want 1 created, 7 unchanged", got)
		}
		now, err := s.GetFigure(ctx, "custody", models.AudienceEditors)
		must(t, err)
		if now.Figure.Notes != "an editor's correction" {
			t.Fatalf("create-only batch reverted an edit: notes = %q", now.Figure.Notes)
		}
	})
}

// TestApplyBatchSourceVersion: a source entry from a file made before an
// edit of the source is refused, saying the file is older, and nothing of
// the batch is written; one at the current version applies, and one
// without a version states content only.
func TestApplyBatchSourceVersion(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		b := storetest.Basics()
		storetest.Apply(t, s, b)
		exported, err := s.GetSource(ctx, "src") // version 1, as a file would carry it
		must(t, err)
		edited := exported
		edited.Notes = "Edited in the tracker after the export."
		must(t, s.UpdateSource(ctx, &edited, models.Change{Editor: "e", Reason: "r"}))

		stale := exported
		stale.Title = "A title typed into the old file"
		figure := b.Figures[0]
		figure.Notes = "Also changed by the file."
		c := models.Change{Editor: "importer", Reason: "re-import"}
		_, err = s.ApplyBatch(ctx, models.Batch{Sources: []models.Source{stale}, Figures: []models.Figure{figure}}, c, false)
		if models.ErrorCode(err) != models.EInvalid {
			t.Fatalf("stale source: err = %v, want EInvalid", err)
		}
		var found bool
		for _, fe := range models.FieldErrors(err) {
			found = found || (fe.Field == "sources[0].version" && strings.Contains(fe.Message, "the file is older than the tracker"))
		}
		if !found {
			t.Errorf("stale source: problems %v, want sources[0].version saying the file is older than the tracker", models.FieldErrors(err))
		}
		got, err := s.GetSource(ctx, "src")
		must(t, err)
		if got.Version != 2 || got.Title != exported.Title || got.Notes != edited.Notes {
			t.Errorf("after the refused batch the source is v%d %q / %q, want v2 as edited", got.Version, got.Title, got.Notes)
		}
		v, err := s.GetFigure(ctx, figure.Key, models.AudienceEditors)
		must(t, err)
		if v.Figure.Notes == figure.Notes {
			t.Error("the refused batch wrote its figure")
		}

		current := got
		current.Title = "A corrected title"
		if res := storetest.Apply(t, s, models.Batch{Sources: []models.Source{current}}); res != (models.BatchResult{Updated: 1}) {
			t.Errorf("current version: %+v, want 1 updated", res)
		}
		noVersion := current
		noVersion.Version, noVersion.Title = 0, "Overwritten without a lock"
		if res := storetest.Apply(t, s, models.Batch{Sources: []models.Source{noVersion}, Overwrite: true}); res != (models.BatchResult{Updated: 1}) {
			t.Errorf("no version: %+v, want 1 updated", res)
		}
	})
}
