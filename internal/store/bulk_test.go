package store_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
)

// schemaOf lists the indexes and triggers of s's database with their
// definitions (and, on PostgreSQL, whether each trigger is enabled).
func schemaOf(t *testing.T, s *store.Store) []string {
	t.Helper()
	q := "SELECT type || ' ' || name || ': ' || sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY type, name"
	if s.Dialect() == store.DialectPostgres {
		q = `SELECT 'index ' || indexname || ': ' || indexdef FROM pg_indexes WHERE schemaname = current_schema()
			UNION ALL SELECT 'trigger ' || tgname || ': ' || tgenabled::text FROM pg_trigger JOIN pg_class c ON c.oid = tgrelid
			JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND NOT tgisinternal ORDER BY 1`
	}
	out, err := s.QueryStringsForTest(ctx, q)
	must(t, err)
	if len(out) < 10 {
		t.Fatalf("schema: %d indexes and triggers, want the migrations' (%v)", len(out), out)
	}
	return out
}

func dirtyKeys(t *testing.T, s *store.Store) []string {
	t.Helper()
	keys, err := s.QueryStringsForTest(ctx, "SELECT key FROM check_dirty ORDER BY id")
	must(t, err)
	return keys
}

// bulkFigures is n figures "prefix0000"… of the Basics' metric and
// source, each a month of its own but the first, their total.
func bulkFigures(prefix string, n int) []models.Figure {
	out := make([]models.Figure, n)
	for i := range out {
		f := storetest.Figure(fmt.Sprintf("%s%05d", prefix, i), "apprehended", "src")
		d := models.NewDate(1900+i/12, time.Month(1+i%12), 1)
		f.Period = models.Period{Start: d, End: models.DateOf(d.Time().AddDate(0, 1, -1)), Precision: models.PrecisionMonth}
		f.Value, f.ValueText = int64(i+1), ""
		out[i] = f
	}
	// The first is a total over all of them, which they exceed: checks
	// compare it with its parts.
	out[0].Kind, out[0].Value = models.Cumulative, 5
	out[0].Period = models.Period{Start: models.NewDate(1900, 1, 1), End: models.NewDate(1999, 12, 31), Precision: models.PrecisionYear}
	return out
}

// streamChunks writes chunks through ApplyStream as an import does, the
// last one final, and says whether it rebuilt dropped indexes.
func streamChunks(s *store.Store, chunks ...[]models.Figure) (bool, error) {
	rebuilt := false
	_, err := s.ApplyStream(ctx, models.Batch{}, storetest.Change(), false, func(w *store.StreamWriter) error {
		w.OnRebuild = func() { rebuilt = true }
		for i, c := range chunks {
			if _, err := w.Apply(models.Batch{Figures: c}, i == len(chunks)-1); err != nil {
				return err
			}
		}
		return nil
	})
	return rebuilt, err
}

// TestBulkLoad: a streamed import large enough to be a bulk load (bulk.go)
// is all or nothing, its dropped indexes and triggers included, whichever
// chunk fails; one that commits leaves the schema as the migrations made
// it, the stored checks equal to a computation from scratch, and the
// triggers noting every ordinary write again.
func TestBulkLoad(t *testing.T) {
	// Three chunks of 40: the second passes the bound of notes (a bulk
	// load begins) and the bound of rows (it drops the indexes). Few
	// figures, as the checks over a total and its parts grow with their
	// square.
	defer store.SetBulkForTest(60, 40)()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		storetest.Apply(t, s, storetest.Basics())
		for _, aud := range []models.Audience{models.AudiencePublic, models.AudienceEditors} {
			sameStoredChecks(t, s, aud, "before")
		}
		schema := schemaOf(t, s)
		figs := bulkFigures("bulk", 120)
		bad := append([]models.Figure(nil), figs[80:]...)
		bad[len(bad)-1].SubgroupOf = "nowhere"
		_, err := streamChunks(s, figs[:40], figs[40:80], bad)
		if !strings.Contains(fmt.Sprint(err), "nowhere") {
			t.Fatalf("a bad last chunk: %v, want its problem", err)
		}
		if n := storedFigures(t, s); n != 3 {
			t.Errorf("%d figures stored after a refused bulk import, want the 3 there before", n)
		}
		if diff := cmp.Diff(schema, schemaOf(t, s)); diff != "" {
			t.Errorf("indexes and triggers after a refused bulk import (-before +after):\n%s", diff)
		}
		if keys := dirtyKeys(t, s); len(keys) != 0 {
			t.Errorf("check notes after a refused import: %d, want none", len(keys))
		}

		// Page anchors read before: a bulk load forgets them (its figures
		// are not noted one by one), a large import on PostgreSQL too
		// (TestLargeImportForgetsPageAnchors).
		must(t, s.RefreshPageAnchors(ctx))
		rebuilt, err := streamChunks(s, figs[:40], figs[40:80], figs[80:])
		must(t, err)
		anchors, err := s.QueryStringsForTest(ctx, "SELECT (SELECT total FROM page_anchors_state) || ' ' || (SELECT COUNT(*) FROM page_dirty)")
		must(t, err)
		if want := "-1 0"; len(anchors) != 1 || anchors[0] != want {
			t.Errorf("page anchors' count and notes after a bulk import: %q, want %q (forgotten)", anchors, want)
		}
		if want := s.Dialect() == store.DialectSQLite; rebuilt != want {
			t.Errorf("indexes rebuilt: %v, want %v (SQLite drops them for a bulk load)", rebuilt, want)
		}
		if n := storedFigures(t, s); n != 123 {
			t.Errorf("%d figures stored, want 123", n)
		}
		if diff := cmp.Diff(schema, schemaOf(t, s)); diff != "" {
			t.Errorf("indexes and triggers after a bulk import (-before +after):\n%s", diff)
		}
		keys := dirtyKeys(t, s)
		dirtyKeysBefore := keys
		if s.Dialect() == store.DialectSQLite && !cmp.Equal(keys, []string{""}) {
			t.Errorf("check notes after a bulk import: %d (first %q), want the one full-rebuild marker", len(keys), keys[:min(3, len(keys))])
		}
		if s.Dialect() == store.DialectPostgres && len(keys) != 120 {
			t.Errorf("check notes after an import on PostgreSQL: %d, want one a figure", len(keys))
		}
		// The same chunks again change nothing: no bulk load, no note.
		rebuilt, err = streamChunks(s, figs[:40], figs[40:80], figs[80:])
		must(t, err)
		if keys := dirtyKeys(t, s); rebuilt || !cmp.Equal(keys, dirtyKeysBefore) {
			t.Errorf("an unchanged import: indexes rebuilt %v, notes %d (want %d as before)", rebuilt, len(keys), len(dirtyKeysBefore))
		}
		// The editors ask first: the public audience, whose stored checks
		// the marker made stale too, follows.
		for _, aud := range []models.Audience{models.AudienceEditors, models.AudiencePublic} {
			sameStoredChecks(t, s, aud, "after a bulk import")
		}
		if keys := dirtyKeys(t, s); len(keys) != 0 {
			t.Errorf("check notes once both audiences refreshed: %q, want none", keys)
		}
		// An ordinary write is noted again, by the triggers.
		v, err := s.GetFigure(ctx, "bulk00007", models.AudienceEditors)
		must(t, err)
		f := v.Figure
		f.Value, f.ValueText = 99, ""
		must(t, s.UpdateFigure(ctx, &f, storetest.Change()))
		if keys := dirtyKeys(t, s); !cmp.Equal(keys, []string{"bulk00007", "bulk00007"}) {
			t.Errorf("check notes after an update: %q, want the figure as it was and as it is", keys)
		}
		for _, aud := range []models.Audience{models.AudiencePublic, models.AudienceEditors} {
			sameStoredChecks(t, s, aud, "after an update")
		}
	})
}

// TestGenerateBulkLoad: dev generate into a small table is one bulk load:
// the schema comes back whole and the stored checks, computed before,
// follow its full-rebuild marker.
func TestGenerateBulkLoad(t *testing.T) {
	defer store.SetBulkForTest(150, 100)()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		// A first run adds the synthetic sources (which change every
		// stored check's stamp); the second is what is tested.
		must(t, s.GenerateFigures(ctx, 100, 8))
		for _, aud := range []models.Audience{models.AudiencePublic, models.AudienceEditors} {
			sameStoredChecks(t, s, aud, "before")
		}
		schema := schemaOf(t, s)
		must(t, s.GenerateFigures(ctx, 400, 9))
		if diff := cmp.Diff(schema, schemaOf(t, s)); diff != "" {
			t.Errorf("indexes and triggers after generate (-before +after):\n%s", diff)
		}
		if keys := dirtyKeys(t, s); s.Dialect() == store.DialectSQLite && !cmp.Equal(keys, []string{""}) {
			t.Errorf("check notes after generate: %d, want the one full-rebuild marker", len(keys))
		}
		for _, aud := range []models.Audience{models.AudiencePublic, models.AudienceEditors} {
			sameStoredChecks(t, s, aud, "after generate")
		}
	})
}

func storedFigures(t *testing.T, s *store.Store) int {
	t.Helper()
	_, n, err := s.ListFigures(ctx, models.FigureFilter{Audience: models.AudienceEditors})
	must(t, err)
	return n
}

// TestBulkLoadSortsOnDisk: on SQLite, the index builds at the end of a
// streamed import that stages its ids (FirstRows, as every CSV import
// does) run with temporary files on disk, so that their sorts spill past
// the page cache instead of holding the whole table in memory: the staging
// table must not open the writer's temporary database, where SQLite would
// then refuse the change. The transaction itself begins with temporary
// files in memory, where the statement journals of its inserts then stay
// (SQLite decides that when a transaction begins).
func TestBulkLoadSortsOnDisk(t *testing.T) {
	defer store.SetBulkForTest(150, 100)()
	s := storetest.Open(t)
	storetest.Apply(t, s, storetest.Basics())
	// The writer's connection has opened its temporary database before,
	// as the import command's migrations do.
	must(t, s.ExecForTest(ctx, "CREATE TEMPORARY TABLE opened (a INTEGER)"))
	must(t, s.ExecForTest(ctx, "DROP TABLE opened"))
	figs := bulkFigures("disk", 300)
	var writer *store.StreamWriter
	rebuilt := false
	_, err := s.ApplyStream(ctx, models.Batch{}, storetest.Change(), false, func(w *store.StreamWriter) error {
		writer = w
		w.OnRebuild = func() { rebuilt = true }
		if mode, err := w.TempStoreForTest(); err != nil || mode != 2 {
			t.Errorf("the stream's transaction began with temp_store = %d (%v), want 2 (MEMORY): its statement journals go to files", mode, err)
		}
		for i, c := range [][]models.Figure{figs[:100], figs[100:200], figs[200:]} {
			keys, rows := make([]string, len(c)), make([]int, len(c))
			for j := range c {
				keys[j], rows[j] = c[j].Key, 100*i+j+1
			}
			first, err := w.FirstRows(keys, rows)
			if err != nil {
				return err
			}
			for j, r := range first {
				if r != 0 {
					t.Errorf("%s: first used on row %d, but no id repeats", keys[j], r)
				}
			}
			if _, err := w.Apply(models.Batch{Figures: c}, i == 2); err != nil {
				return err
			}
		}
		return nil
	})
	must(t, err)
	if !rebuilt {
		t.Fatal("the indexes were not dropped and built again: the test proves nothing")
	}
	if !writer.SpilledForTest() {
		t.Error("the index builds sorted with temporary files in memory (temp_store could not be changed)")
	}
	if n := storedFigures(t, s); n != 303 {
		t.Errorf("%d figures stored, want 303", n)
	}
}

// TestStreamAnalyzes: on PostgreSQL, a stream that creates many figures
// gathers the table's statistics within its transaction, so that the
// plans kept for its chunks' reads, made while the table was small, are
// made again for its size: after it, the statistics count its rows.
func TestStreamAnalyzes(t *testing.T) {
	defer store.SetAnalyzeForTest(100)()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		if s.Dialect() != store.DialectPostgres {
			return // SQLite's planner keeps no statistics unless asked, and no plans across statements
		}
		storetest.Apply(t, s, storetest.Basics())
		figs := bulkFigures("stats", 300)
		_, err := streamChunks(s, figs[:100], figs[100:200], figs[200:])
		must(t, err)
		n, err := s.QueryStringsForTest(ctx, "SELECT reltuples::bigint::text FROM pg_class WHERE oid = 'figures'::regclass")
		must(t, err)
		if len(n) != 1 || n[0] != "203" && n[0] != "303" {
			t.Errorf("figures' statistics count %v rows after the stream, want those of its last analysis (203) or more", n)
		}
		cols, err := s.QueryStringsForTest(ctx, "SELECT attname::text FROM pg_stats WHERE schemaname = current_schema() AND tablename = 'figures' AND attname IN ('key', 'subgroup_of') ORDER BY 1")
		must(t, err)
		if !cmp.Equal(cols, []string{"key", "subgroup_of"}) {
			t.Errorf("columns of figures with statistics after the stream: %v, want key and subgroup_of (its reads' and foreign keys')", cols)
		}
	})
}

// TestStreamSummarises: a streamed import computes the overview's
// summaries at its end (not the first overview after it).
func TestStreamSummarises(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		storetest.Apply(t, s, storetest.Basics())
		figs := bulkFigures("sum", 120)
		_, err := streamChunks(s, figs[:60], figs[60:])
		must(t, err)
		wantSummarised(t, s)
	})
}

// TestLargeImportForgetsPageAnchors: a streamed import of more figures
// than a bulk load's bound forgets the page anchors, on PostgreSQL too
// (migration 32: its triggers note nothing for the import's statements),
// instead of noting each figure in page_dirty; deep pages walk their
// offset meanwhile, and are right, and once a page has had the anchors
// read again, start at them again, right too. An import within the bound
// notes each figure, and keeps the anchors. On PostgreSQL a large batch
// (a JSON import) forgets them too.
func TestLargeImportForgetsPageAnchors(t *testing.T) {
	defer store.SetBulkForTest(60, 40)()
	defer store.SetAnchorEveryForTest(5)()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		must(t, s.GenerateFigures(ctx, 120, 3))
		storetest.Apply(t, s, storetest.Basics())
		must(t, s.RefreshPageAnchors(ctx))
		state := func() string {
			t.Helper()
			got, err := s.QueryStringsForTest(ctx, "SELECT (SELECT total FROM page_anchors_state) || ' ' || (SELECT COUNT(*) FROM page_dirty)")
			must(t, err)
			return got[0]
		}
		// deepPages fails unless every page by offset of the public list,
		// in every order, holds the figures of the whole list there, and
		// returns how many started at an anchor.
		deepPages := func(what string) int64 {
			t.Helper()
			anchored := s.AnchoredPagesForTest()
			for _, key := range models.SortKeys {
				for _, sort := range []string{key, "-" + key} {
					var want []string
					must(t, s.EachFigure(ctx, models.FigureFilter{Sort: sort}, func(v *models.FigureView) error {
						want = append(want, v.Figure.Key)
						return nil
					}))
					const limit = 7
					for off := limit; off < len(want); off += 3 * limit {
						p, err := s.FigurePage(ctx, models.FigureFilter{Sort: sort, Limit: limit, Offset: off})
						must(t, err)
						if diff := cmp.Diff(want[off:min(off+limit, len(want))], keysOf(p.Items)); diff != "" || p.Total != len(want) {
							t.Errorf("%s, sort=%s: page at offset %d of %d (counted %d) (-whole list +page):\n%s", what, sort, off, len(want), p.Total, diff)
						}
					}
				}
			}
			return s.AnchoredPagesForTest() - anchored
		}
		if n := deepPages("anchors read"); n == 0 {
			t.Fatal("anchors read: no page started at an anchor")
		}
		large := bulkFigures("large", 120)
		_, err := streamChunks(s, large[:40], large[40:80], large[80:])
		must(t, err)
		if got := state(); got != "-1 0" {
			t.Errorf("after an import of 120 figures (bound 60): anchors' count and notes %q, want \"-1 0\" (forgotten, none noted)", got)
		}
		// The first deep page walks its offset, and asks for the anchors
		// to be read again, in the background.
		before := s.AnchoredPagesForTest()
		_, err = s.FigurePage(ctx, models.FigureFilter{Limit: 7, Offset: 70})
		must(t, err)
		if n := s.AnchoredPagesForTest() - before; n != 0 {
			t.Errorf("anchors forgotten: the first deep page started at an anchor")
		}
		deepPages("anchors forgotten, then read again meanwhile")
		s.WaitPageAnchorsForTest()
		if n := deepPages("anchors read again"); n == 0 {
			t.Error("anchors read again: no page started at an anchor")
		}
		_, err = streamChunks(s, bulkFigures("small", 20))
		must(t, err)
		if got := state(); got != fmt.Sprint(storedPublic(t, s)-20, " 20") {
			t.Errorf("after an import of 20 figures: anchors' count and notes %q, want the count before and 20 notes", got)
		}
		if n := deepPages("a small import noted"); n == 0 {
			t.Error("a small import noted: no page started at an anchor")
		}
		// A batch (a JSON or YAML import) of as many: the same on
		// PostgreSQL (SQLite notes each figure of a batch).
		_, err = s.ApplyBatch(ctx, models.Batch{Figures: bulkFigures("batch", 120)}, storetest.Change(), false)
		must(t, err)
		if got := state(); s.Dialect() == store.DialectPostgres && got != "-1 0" {
			t.Errorf("after a batch of 120 figures (bound 60): anchors' count and notes %q, want \"-1 0\" (forgotten, none noted)", got)
		}
		deepPages("after a large batch")
	})
}

func storedPublic(t *testing.T, s *store.Store) int {
	t.Helper()
	_, n, err := s.ListFigures(ctx, models.FigureFilter{})
	must(t, err)
	return n
}
