package store_test

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"forcedreturns/internal/checks"
	"forcedreturns/internal/checks/checkstest"
	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
)

// sameStoredChecks refreshes aud's stored checks and fails unless every
// page and summary CheckPage answers is what checkstest.Index answers
// over checks.RunViews of every figure the audience sees: the stored path
// equals a whole run.
func sameStoredChecks(t *testing.T, s *store.Store, aud models.Audience, label string) {
	t.Helper()
	var views []models.FigureView
	must(t, s.EachFigure(ctx, models.AllFigures(aud), func(v *models.FigureView) error {
		views = append(views, *v)
		return nil
	}))
	srcs, err := s.ListSources(ctx)
	must(t, err)
	carried := checks.CarriedOf(srcs)
	want := checks.RunViews(views, carried)
	refs := map[string]checkstest.FigureRef{}
	for _, v := range views {
		refs[v.Figure.Key] = checkstest.FigureRef{Metric: v.Figure.Metric, Source: v.Figure.Source}
	}
	ix := checkstest.NewIndex(want, refs)
	must(t, s.RefreshChecks(ctx, aud, storetest.CheckOptions(t, s)))
	queries := []checks.Query{
		{Outcomes: []checks.Status{checks.Mismatch}},
		{Kinds: []string{checks.KindSubgroups, checks.KindShares, checks.KindDerived}, Limit: models.MaxPageSize},
		{Metrics: []string{"apprehended"}, Outcomes: []checks.Status{checks.OK, checks.Unknown}},
		{Sources: []string{"src", "other"}, Kinds: []string{checks.KindAgreement}},
		{Metrics: []string{"no_such_metric"}},
		{Metrics: []string{"apprehended", "apprehended"}, Sources: []string{"src"}},
		{Metrics: []string{"apprehended", "forcibly_returned"}, Outcomes: []checks.Status{checks.Mismatch}},
		{Sources: []string{"src"}, Kinds: []string{checks.KindCohort}, Limit: 10, Offset: 10},
		// A page of a filter walks the order index or sorts what matches
		// (CheckPage), by how far it reads: both.
		{Metrics: []string{"apprehended"}, Limit: 1},
		// The first pages of a filter that most results match: a walk
		// asking each result for its names.
		{Metrics: []string{"apprehended", "forcibly_returned", "in_custody"}, Limit: 1},
		{Metrics: []string{"apprehended", "forcibly_returned", "in_custody"}, Outcomes: []checks.Status{checks.OK, checks.Mismatch}, Limit: 2, Offset: 2},
		// Many values, some results naming several: counted once each.
		{Metrics: []string{"apprehended", "forcibly_returned", "in_custody", "deaths", "released"}, Limit: 2, Offset: 5},
		{Sources: []string{"src", "other", "synthetic-source-1", "synthetic-source-2"}, Limit: 2, Offset: 5},
		{Metrics: []string{"apprehended"}, Limit: models.MaxPageSize},
		{Metrics: []string{"apprehended"}, Sources: []string{"src", "synthetic-source-1"}, Limit: 2, Offset: 3},
	}
	stray, unnamed, err := s.StrayCheckNamesForTest(ctx, aud)
	must(t, err)
	if stray != 0 || unnamed != 0 {
		t.Errorf("%s, %v: %d stored names of results not stored, %d results naming no figure; want none", label, aud, stray, unnamed)
	}
	// The sets the filters are counted from say what the names say.
	named, sets, _, err := s.CheckSetsForTest(ctx, aud)
	must(t, err)
	if diff := cmp.Diff(named, sets); diff != "" {
		t.Errorf("%s, %v: check_sets (-from the names +stored):\n%s", label, aud, diff)
	}
	for off := 0; off < len(want)+100; off += 100 {
		queries = append(queries, checks.Query{Limit: 100, Offset: off})
	}
	// From the first page to past the last, a filter's page asks each
	// result walked for its names, then walks with the set of those
	// naming it, then sorts them (CheckPage): all three ways, once per
	// database and audience (the ways do not change with the writes).
	for off := 0; label == "at first" && off < len(want)/2; off += 1 + off/2 {
		queries = append(queries, checks.Query{Metrics: []string{"apprehended"}, Limit: 3, Offset: off},
			checks.Query{Sources: []string{"src"}, Outcomes: []checks.Status{checks.Mismatch, checks.OK}, Limit: 5, Offset: off})
	}
	asked0, set0, sorted0 := s.CheckPageWaysForTest()
	defer func() {
		asked, set, sorted := s.CheckPageWaysForTest()
		t.Logf("%s, %v: pages asked %d, set %d, sorted %d", label, aud, asked-asked0, set-set0, sorted-sorted0)
		if label == "at first" && (asked == asked0 || set == set0 || sorted == sorted0) {
			t.Errorf("%s, %v: filtered pages found by asking %d, with the set %d, sorted %d; want every way taken",
				label, aud, asked-asked0, set-set0, sorted-sorted0)
		}
	}()
	check := func(q checks.Query) bool {
		got, err := s.CheckPage(ctx, aud, q)
		must(t, err)
		if !got.Stored || got.AsOf.IsZero() || got.Computing {
			t.Errorf("%s, %v: CheckPage after RefreshChecks: stored %v, as of %v, computing %v; want stored, as of a time, not computing",
				label, aud, got.Stored, got.AsOf, got.Computing)
		}
		// cmp.Diff only to say how they differ: under the race detector
		// it cost more than the pages themselves.
		page := ix.Page(q)
		same := got // but for the fields the diff ignores
		same.Stored, same.AsOf = page.Stored, page.AsOf
		if !reflect.DeepEqual(page, same) {
			if diff := cmp.Diff(page, got, cmpopts.IgnoreFields(checks.Page{}, "Stored", "AsOf")); diff != "" {
				t.Errorf("%s, %v, %+v: CheckPage (-whole run +stored):\n%s", label, aud, q, diff)
				return false
			}
		}
		return true
	}
	for _, q := range queries {
		if !check(q) {
			return
		}
	}
}

// TestStoredChecks: the stored checks equal a whole run for both
// audiences on the counting fixture and generated figures, and again
// after each of a sequence of writes that reach across units (a subgroup
// moved to another people and back, the parent and base of others
// changed, a draft published, a subgroup retracted, a formula's input
// moved, a source's date, a bulk write), whichever audience asks.
func TestStoredChecks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		checksFixture(t, s, 600)
		both := func(label string) {
			for _, aud := range []models.Audience{models.AudiencePublic, models.AudienceEditors} {
				sameStoredChecks(t, s, aud, label)
			}
		}
		both("at first")
		edit := func(key string, fn func(f *models.Figure)) {
			t.Helper()
			v, err := s.GetFigure(ctx, key, models.AudienceEditors)
			must(t, err)
			f := v.Figure
			fn(&f)
			must(t, s.UpdateFigure(ctx, &f, storetest.Change()))
		}
		steps := []struct {
			name  string
			write func()
		}{
			{"a subgroup moved to another people", func() { edit("kids", func(f *models.Figure) { f.ActingState = "RU" }) }},
			{"the parent and base changed", func() { edit("a1", func(f *models.Figure) { f.Qualifier, f.ValueText = models.QualAbout, "about 41" }) }},
			{"a draft published", func() {
				edit("r1", func(f *models.Figure) { f.Status = models.StatusPublished })
				edit("from-draft", func(f *models.Figure) { f.Status = models.StatusPublished })
			}},
			{"a subgroup moved back", func() { edit("kids", func(f *models.Figure) { f.ActingState = "CN" }) }},
			{"a subgroup retracted", func() {
				v, err := s.GetFigure(ctx, "kids", models.AudienceEditors)
				must(t, err)
				must(t, s.RetractFigure(ctx, "kids", v.Figure.Version, "wrong", storetest.Change()))
			}},
			{"a formula's input moved to another people", func() { edit("a2", func(f *models.Figure) { f.ActingState = "RU" }) }},
			{"a share's base to another period", func() {
				edit("a1", func(f *models.Figure) { f.Period.End = models.NewDate(2017, 9, 30) })
			}},
			{"a source's date", func() {
				srcs, err := s.ListSources(ctx)
				must(t, err)
				for _, src := range srcs {
					if src.Key == "src" {
						src.SetPublished(models.PartialDate{Start: models.NewDate(2017, 8, 1), End: models.NewDate(2017, 8, 1), Precision: models.PrecisionDay})
						must(t, s.UpdateSource(ctx, &src, storetest.Change()))
					}
				}
			}},
			{"a bulk write", func() {
				// More writes than are followed unit by unit (an import's
				// marker on SQLite, that many notes on PostgreSQL), at a
				// lower bound than in production so that they stay few.
				t.Cleanup(store.SetBulkForTest(100, 1<<30))
				must(t, s.GenerateFigures(ctx, 150, 5))
			}},
		}
		for i, st := range steps {
			st.write()
			if i%2 == 0 {
				both(st.name)
				continue
			}
			// One audience asks first; the other follows later.
			for _, aud := range []models.Audience{models.AudienceEditors, models.AudiencePublic} {
				sameStoredChecks(t, s, aud, fmt.Sprintf("%s (editors first)", st.name))
			}
		}
	})
}

// TestStoredChecksAsWritten: a full computation stores, byte for byte,
// what a straightforward recomputation writes: every result of a whole
// run (store.RunChecks) as json.Marshal writes it, with its ranks, title
// and figures, ids 1, 2, … in the order written; for each, one name per
// figure and per metric and source of the figures the audience sees; and
// counts that sum to the results stored of each unit, outcome and kind.
// The computation writes in batches and transactions (here of 8 and 4
// results, so that a unit's results span batches), reusing its buffers
// from one to the next: whatever one batch leaves behind shows here; a
// unit's counts are then one row of each cell and set. Both audiences, then again after
// a bulk write (the other generation's slot).
func TestStoredChecksAsWritten(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		checksFixture(t, s, 600)
		defer store.SetCheckBatchForTest(8, 4)()
		check := func(label string) {
			t.Helper()
			for _, aud := range []models.Audience{models.AudiencePublic, models.AudienceEditors} {
				o := storetest.CheckOptions(t, s)
				must(t, s.RefreshChecks(ctx, aud, o))
				run, err := s.RunChecks(ctx, aud, o, nil)
				must(t, err)
				seen := map[string]checkstest.FigureRef{}
				must(t, s.EachFigure(ctx, models.AllFigures(aud), func(v *models.FigureView) error {
					seen[v.Figure.Key] = checkstest.FigureRef{Metric: v.Figure.Metric, Source: v.Figure.Source}
					return nil
				}))
				var wantResults, wantNames []string
				for _, r := range run {
					b, err := store.StoredResultJSONForTest(r)
					must(t, err)
					outcome, kind := max(slices.Index(checks.Outcomes, r.Status), 0), max(slices.Index(checks.Kinds, r.Kind), 0)
					wantResults = append(wantResults, fmt.Sprintf("%d|%d|%s|%s|%s", outcome, kind, r.Title, strings.Join(r.Figures, ","), b))
					var metrics, sources []string
					for _, k := range r.Figures {
						if f, ok := seen[k]; ok {
							metrics, sources = append(metrics, f.Metric), append(sources, f.Source)
						}
					}
					for what, names := range [][]string{slices.Clone(r.Figures), metrics, sources} {
						slices.Sort(names)
						for _, n := range slices.Compact(names) {
							wantNames = append(wantNames, fmt.Sprintf("%s|%d|%s|%d|%d", b, what, n, outcome, kind))
						}
					}
				}
				results, names, counted, counts, err := s.StoredChecksForTest(ctx, aud)
				must(t, err)
				if len(results) < 100 {
					t.Fatalf("%s, %v: %d results stored; want enough for several transactions", label, aud, len(results))
				}
				for _, l := range [][]string{wantResults, results, wantNames, names} {
					slices.Sort(l)
				}
				if diff := cmp.Diff(wantResults, results); diff != "" {
					t.Errorf("%s, %v: stored results (-recomputed +stored):\n%s", label, aud, diff)
				}
				if diff := cmp.Diff(wantNames, names); diff != "" {
					t.Errorf("%s, %v: stored names (-recomputed +stored):\n%s", label, aud, diff)
				}
				if diff := cmp.Diff(counts, counted); diff != "" {
					t.Errorf("%s, %v: check_counts summed (-results stored +counts):\n%s", label, aud, diff)
				}
				// Each set of each unit's cell is one row, though the
				// unit's results were written in several batches.
				named, sets, rows, err := s.CheckSetsForTest(ctx, aud)
				must(t, err)
				if diff := cmp.Diff(named, sets); diff != "" {
					t.Errorf("%s, %v: check_sets (-from the names +stored):\n%s", label, aud, diff)
				}
				if rows != len(sets) {
					t.Errorf("%s, %v: check_sets holds %d rows for %d sets; want one each", label, aud, rows, len(sets))
				}
			}
		}
		check("at first")
		t.Cleanup(store.SetBulkForTest(100, 1<<30))
		must(t, s.GenerateFigures(ctx, 150, 7))
		check("after a bulk write")
	})
}

// TestCheckStatus: CheckStatus tells, without computing, whether the
// stored checks are current, and whether bringing them up to date
// computes everything again; CheckPage meanwhile answers from the last
// generation completed, with when its figures were read, and an empty
// page, not an error, before the first. A full computation of one
// audience keeps the other's generation, out of date, for it to be
// shown until that audience's own computation replaces it.
func TestCheckStatus(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		checksFixture(t, s, 200)
		o := storetest.CheckOptions(t, s)
		status := func(aud models.Audience, want checks.Freshness, label string) {
			t.Helper()
			got, err := s.CheckStatus(ctx, aud, o)
			must(t, err)
			if got != want {
				t.Errorf("%s: CheckStatus(%v) = %+v, want %+v", label, aud, got, want)
			}
		}
		page := func(aud models.Audience) checks.Page {
			t.Helper()
			p, err := s.CheckPage(ctx, aud, checks.Query{})
			must(t, err)
			return p
		}
		none := checks.Freshness{Full: true}
		status(models.AudiencePublic, none, "before any computation")
		if p := page(models.AudiencePublic); p.Stored || p.All != 0 || len(p.Items) != 0 || !p.AsOf.IsZero() {
			t.Errorf("before any computation: CheckPage = stored %v, %d results, as of %v; want an empty page", p.Stored, p.All, p.AsOf)
		}
		before := time.Now().Add(-time.Millisecond)
		for _, aud := range []models.Audience{models.AudiencePublic, models.AudienceEditors} {
			must(t, s.RefreshChecks(ctx, aud, o))
		}
		current := checks.Freshness{Stored: true, Current: true}
		status(models.AudiencePublic, current, "computed")
		status(models.AudienceEditors, current, "computed")
		old := page(models.AudiencePublic)
		if !old.Stored || old.All == 0 || old.AsOf.Before(before) || old.AsOf.After(time.Now()) {
			t.Fatalf("computed: CheckPage = stored %v, %d results, as of %v; want stored results as of after %v", old.Stored, old.All, old.AsOf, before)
		}

		// One edit: only its units are computed again.
		v, err := s.GetFigure(ctx, "a1", models.AudienceEditors)
		must(t, err)
		f := v.Figure
		f.Qualifier, f.ValueText = models.QualAbout, "about 41"
		must(t, s.UpdateFigure(ctx, &f, storetest.Change()))
		status(models.AudiencePublic, checks.Freshness{Stored: true}, "after an edit")

		// A bulk write: everything is computed again, and until then the
		// last generation is what CheckPage reads.
		defer store.SetBulkForTest(100, 1<<30)()
		must(t, s.GenerateFigures(ctx, 150, 9))
		stale := checks.Freshness{Stored: true, Full: true}
		status(models.AudiencePublic, stale, "after a bulk write")
		status(models.AudienceEditors, stale, "after a bulk write")
		if p := page(models.AudiencePublic); !p.Stored || p.All != old.All || !p.AsOf.Equal(old.AsOf) {
			t.Errorf("after a bulk write: CheckPage = stored %v, %d results as of %v; want the last generation's %d as of %v", p.Stored, p.All, p.AsOf, old.All, old.AsOf)
		}
		must(t, s.RefreshChecks(ctx, models.AudienceEditors, o))
		status(models.AudienceEditors, current, "editors computed again")
		status(models.AudiencePublic, stale, "editors computed again")
		if p := page(models.AudiencePublic); !p.Stored || p.All != old.All || !p.AsOf.Equal(old.AsOf) {
			t.Errorf("editors computed again: the public's CheckPage = stored %v, %d results as of %v; want its last generation's %d as of %v", p.Stored, p.All, p.AsOf, old.All, old.AsOf)
		}
		must(t, s.RefreshChecks(ctx, models.AudiencePublic, o))
		status(models.AudiencePublic, current, "public computed again")
		if p := page(models.AudiencePublic); p.All <= old.All || !p.AsOf.After(old.AsOf) {
			t.Errorf("public computed again: CheckPage = %d results as of %v; want more than %d, after %v", p.All, p.AsOf, old.All, old.AsOf)
		}
		sameStoredChecks(t, s, models.AudiencePublic, "public computed again")
	})
}

// TestBulkMarkerOutlivesComputation: a full computation deletes, at its
// end, the notes it read when it began, by id; the notes of an import
// written meanwhile (on SQLite its full-rebuild marker) must outlive that
// (SQLite gives an emptied table's next row the id 1 again), or the
// import would be taken as computed and its checks never shown.
func TestBulkMarkerOutlivesComputation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		defer store.SetBulkForTest(100, 1<<30)()
		must(t, s.GenerateFigures(ctx, 150, 3))
		// What a computation that begins now reads, to delete at its end.
		held, err := s.QueryStringsForTest(ctx, "SELECT id FROM check_dirty")
		must(t, err)
		if len(held) == 0 {
			t.Fatal("no note after a bulk write")
		}
		must(t, s.GenerateFigures(ctx, 150, 4)) // an import meanwhile
		must(t, s.ExecForTest(ctx, "DELETE FROM check_dirty WHERE id IN ("+strings.Join(held, ", ")+")"))
		if left := dirtyKeys(t, s); len(left) == 0 {
			t.Errorf("the computation's end deleted the notes of the import written meanwhile (it read the ids %v)", held)
		}
	})
}

// TestCheckLabels: the stored results name each metric in Korean by the
// label a Korean reader is shown (its Korean label, else its English
// one), and an editor's new label makes them out of date (the stamp
// names it) until they are computed again: a page never shows a label
// replaced. Their English, the slug's words, stays as it was.
func TestCheckLabels(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		countingFixture(t, s)
		aud := models.AudiencePublic
		titles := func() (en, ko []string) {
			t.Helper()
			p, err := s.CheckPage(ctx, aud, checks.Query{Limit: 1000})
			must(t, err)
			for _, r := range p.Items {
				en, ko = append(en, r.Title), append(ko, r.In(models.Korean).Title)
			}
			return en, ko
		}
		has := func(ts []string, s string) bool {
			return slices.ContainsFunc(ts, func(t string) bool { return strings.Contains(t, s) })
		}
		o := storetest.CheckOptions(t, s)
		must(t, s.RefreshChecks(ctx, aud, o))
		en0, ko0 := titles()
		slug := slices.ContainsFunc(ko0, func(t string) bool {
			return strings.Contains(strings.ReplaceAll(t, "Label of apprehended", ""), "apprehended")
		})
		if !has(ko0, "Label of apprehended") || slug {
			t.Fatalf("without a Korean label: want the English label in the Korean titles, not the slug:\n%s", strings.Join(ko0, "\n"))
		}
		m, err := s.GetMetric(ctx, "apprehended")
		must(t, err)
		m.LabelKo = "체포"
		must(t, s.UpdateMetric(ctx, &m, storetest.Change()))
		o = storetest.CheckOptions(t, s)
		st, err := s.CheckStatus(ctx, aud, o)
		must(t, err)
		if st.Current || !st.Full {
			t.Errorf("after a new Korean label: CheckStatus = %+v, want everything computed again", st)
		}
		must(t, s.RefreshChecks(ctx, aud, o))
		en1, ko1 := titles()
		if !has(ko1, "체포, ") || has(ko1, "Label of apprehended") {
			t.Errorf("with the Korean label 체포: Korean titles\n%s", strings.Join(ko1, "\n"))
		}
		if !slices.Equal(en0, en1) {
			t.Errorf("the English titles changed with a Korean label:\n%v\n%v", en0, en1)
		}
	})
}
