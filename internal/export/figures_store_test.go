package export_test

import (
	"bytes"
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"forcedreturns/internal/export"
	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
	"forcedreturns/seeds"
)

// countedSeed is the seed with a draft report beside it and generated
// figures (subgroups across subjects, retracted and draft
// figures): what the tests of the stored countable columns export.
func countedSeed(t *testing.T, s *store.Store, generated int) {
	t.Helper()
	storetest.Apply(t, s, seedWithDraft(t))
	if err := s.GenerateFigures(context.Background(), generated, 7); err != nil {
		t.Fatal(err)
	}
}

// seedWithDraft is the seed with a draft report of its first figure.
func seedWithDraft(t *testing.T) models.Batch {
	t.Helper()
	seed, err := seeds.Batch()
	if err != nil {
		t.Fatal(err)
	}
	draft := seed.Figures[0]
	draft.Key, draft.Status = "a-draft-report", models.StatusDraft
	seed.Figures = append(seed.Figures, draft)
	return seed
}

var countedMeta = export.Meta{ExportedAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Generator: "test"}

// firstPass writes the export of f as it was written before the answer
// was stored: counted from a first pass over its rows.
func firstPass(t *testing.T, s *store.Store, format string, f models.FigureFilter) []byte {
	t.Helper()
	ctx := context.Background()
	var b bytes.Buffer
	it := func(yield func(*models.FigureView) error) error { return s.EachFigure(ctx, f, yield) }
	if err := export.Write(format, &b, countedMeta, it, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// viaFigures writes the export of f through export.Figures, storing at
// once any answer it works out.
func viaFigures(t *testing.T, s *store.Store, format string, f models.FigureFilter) []byte {
	t.Helper()
	ctx := context.Background()
	var b bytes.Buffer
	keep := &export.Keeper{Run: func(save func(context.Context) error) {
		if err := save(ctx); err != nil {
			t.Fatal(err)
		}
	}}
	if err := export.Write(format, &b, countedMeta, export.Pipelined(export.Figures(ctx, s, f, keep)), export.Counted); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// stored reports whether the store answers f with its stored answer.
func stored(t *testing.T, s *store.Store, f models.FigureFilter) bool {
	t.Helper()
	ok, err := s.EachFigureCounted(context.Background(), f, nil, func(*models.FigureView) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	return ok
}

// TestStoredCountsMatchFirstPass: on SQLite and PostgreSQL, every format
// of an export through export.Figures is byte for byte the export
// counting from a first pass over its rows: the first download of every
// public figure (which works the answer out and stores it), the next
// (which reads it stored), and filtered exports, counted among
// themselves, for the public and editors.
func TestStoredCountsMatchFirstPass(t *testing.T) {
	filters := map[string]models.FigureFilter{
		"editors, public figures": {Audience: models.AudienceEditors, Sort: "-value"},
		"editors, every figure":   models.AllFigures(models.AudienceEditors),
		"one metric":              {Metrics: []string{"deaths"}},
		"one source":              {Sources: []string{"unhcr-2017"}},
		"published only":          {Statuses: []models.Status{models.StatusPublished}},
	}
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		countedSeed(t, s, 300)
		public := models.FigureFilter{}
		if stored(t, s, public) {
			t.Fatal("a stored answer before any export")
		}
		for _, format := range export.Formats {
			want := firstPass(t, s, format.Name, public)
			if format.Name == "csv" && !bytes.Contains(want, []byte(",true,")) {
				t.Fatalf("%s: no figure is countable: the comparison proves nothing", format.Name)
			}
			for _, run := range []string{"first", "second"} {
				if got := viaFigures(t, s, format.Name, public); !bytes.Equal(got, want) {
					t.Errorf("%s, %s download: differs from the first pass's", format.Name, run)
				}
				if !stored(t, s, public) {
					t.Fatalf("%s, %s download: the answer is not stored", format.Name, run)
				}
			}
		}
		for name, f := range filters {
			if s.CountedFilter(f) != (name == "editors, public figures") {
				t.Errorf("%s: CountedFilter %v", name, s.CountedFilter(f))
			}
			for _, format := range []string{"csv", "ndjson"} {
				if got, want := viaFigures(t, s, format, f), firstPass(t, s, format, f); !bytes.Equal(got, want) {
					t.Errorf("%s, %s: differs from the first pass's", name, format)
				}
			}
		}
	})
}

// TestStoredCountsNeverStale: a write between the computation of the
// stored answer and a download, or during the computation, never leaves
// the answer beside figures it was not computed for: a public write (a
// retraction, a figure made a draft) puts the stored answer aside and the
// download works out the new one; an answer computed before a write is
// not stored; a draft's edit, which no public figure's answer depends on,
// keeps it.
func TestStoredCountsNeverStale(t *testing.T) {
	ctx := context.Background()
	public := models.FigureFilter{}
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		countedSeed(t, s, 300)
		viaFigures(t, s, "csv", public)
		if !stored(t, s, public) {
			t.Fatal("the answer is not stored")
		}
		before := firstPass(t, s, "csv", public)
		// A countable figure retracted: its answer changes, and that of
		// the other reports of its group.
		views, err := s.FigureViews(ctx, models.FigureFilter{Statuses: []models.Status{models.StatusPublished}, Sort: "id"})
		if err != nil {
			t.Fatal(err)
		}
		counts, err := export.Count(ctx, s, public)
		if err != nil {
			t.Fatal(err)
		}
		var countable []models.Figure
		for _, v := range views {
			if export.CountOf(counts, &v.Figure).Countable {
				countable = append(countable, v.Figure)
			}
		}
		if len(countable) < 2 {
			t.Fatalf("%d countable figures", len(countable))
		}
		f := countable[0]
		if err := s.RetractFigure(ctx, f.Key, f.Version, "a test", storetest.Change()); err != nil {
			t.Fatal(err)
		}
		if stored(t, s, public) {
			t.Fatal("after a retraction, the answer computed before it is still served")
		}
		after := firstPass(t, s, "csv", public)
		if bytes.Equal(before, after) {
			t.Fatal("the retraction changed nothing: the test proves nothing")
		}
		if got := viaFigures(t, s, "csv", public); !bytes.Equal(got, after) {
			t.Error("after a retraction: the download differs from the first pass's")
		}
		if !stored(t, s, public) {
			t.Fatal("after a retraction: the new answer is not stored")
		}

		// An answer worked out before a write is refused.
		version, _, err := s.CountsBase(ctx)
		if err != nil {
			t.Fatal(err)
		}
		g := countable[1]
		g.Status = models.StatusDraft
		if err := s.UpdateFigure(ctx, &g, storetest.Change()); err != nil {
			t.Fatal(err)
		}
		if stored(t, s, public) {
			t.Fatal("after a published figure became a draft, the answer computed before is still served")
		}
		none := ""
		saved, err := s.SaveFigureCounts(ctx, version, nil, 1, func(int) (int64, bool, *string, *string, *string) { return g.ID, true, nil, &none, nil })
		if err != nil {
			t.Fatal(err)
		}
		if saved || stored(t, s, public) {
			t.Fatal("an answer worked out before a write was stored as current")
		}
		want := firstPass(t, s, "csv", public)
		if got := viaFigures(t, s, "csv", public); !bytes.Equal(got, want) {
			t.Error("after a figure became a draft: the download differs from the first pass's")
		}

		// A draft's edit leaves the public figures' answer as it is.
		g.Notes = "still a draft"
		if err := s.UpdateFigure(ctx, &g, storetest.Change()); err != nil {
			t.Fatal(err)
		}
		if !stored(t, s, public) {
			t.Error("a draft's edit put the stored answer aside")
		}
		if got := viaFigures(t, s, "csv", public); !bytes.Equal(got, want) {
			t.Error("after a draft's edit: the download differs from the first pass's")
		}
	})
}

// TestStoredCountsFilteredAmongThemselves: a filtered download still
// counts its figures among themselves, from the stored answer only where
// that is the same answer: a metric whose figures name no figure outside
// it. With the input of a derived figure retracted, the derived figure's
// metric alone counts it (its retracted input is not among its figures),
// where every figure together counts it for nothing; a subgroup's
// population alone counts it in its parent, named but absent, where every
// figure together counts it where its parent is counted.
func TestStoredCountsFilteredAmongThemselves(t *testing.T) {
	ctx := context.Background()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		// 1,000 generated figures: with fewer, the subgroup's parent is
		// counted alike among its population's figures and all of them.
		countedSeed(t, s, 1000)
		v, err := s.GetFigure(ctx, "hrw-2017-in-custody-2017-09-18", models.AudiencePublic)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.RetractFigure(ctx, v.Figure.Key, v.Figure.Version, "a test", storetest.Change()); err != nil {
			t.Fatal(err)
		}
		viaFigures(t, s, "csv", models.FigureFilter{})
		for _, c := range []struct {
			name   string
			f      models.FigureFilter
			stored bool
			key    string // a figure counted otherwise among its own than among every figure
		}{
			{"deaths", models.FigureFilter{Metrics: []string{"deaths"}, Sort: "-period"}, true, ""},
			{"two metrics", models.FigureFilter{Metrics: []string{"deaths", "released"}, Audience: models.AudienceEditors}, true, ""},
			{"a formula's metric", models.FigureFilter{Metrics: []string{"forcibly_returned"}}, false, "hrw-2017-forcibly-returned-since-2016-06"},
			{"a subgroup's population", models.FigureFilter{Populations: []string{"North Korean newborn babies"}}, false, "hrw-2017-apprehended-newborn"},
		} {
			if got := stored(t, s, c.f); got != c.stored {
				t.Errorf("%s: answered from the stored answer %v, want %v", c.name, got, c.stored)
			}
			for _, format := range []string{"csv", "json"} {
				want := firstPass(t, s, format, c.f)
				if got := viaFigures(t, s, format, c.f); !bytes.Equal(got, want) {
					t.Errorf("%s, %s: differs from the first pass's", c.name, format)
				}
			}
			if c.key == "" {
				continue
			}
			f, err := s.GetFigure(ctx, c.key, models.AudiencePublic)
			if err != nil {
				t.Fatal(err)
			}
			among, err := export.Count(ctx, s, c.f)
			if err != nil {
				t.Fatal(err)
			}
			all, err := export.Count(ctx, s, models.FigureFilter{})
			if err != nil {
				t.Fatal(err)
			}
			if a, b := export.CountOf(among, &f.Figure), export.CountOf(all, &f.Figure); a == b {
				t.Errorf("%s: %s is counted alike among its own and among every figure (%+v): the case proves nothing", c.name, c.key, a)
			}
		}
	})
}

// slowSave is a store whose save of every public figure's answer says
// when it begins (saving) and waits until released, and which counts the
// subject-by-subject reads that working an answer out takes (Count).
type slowSave struct {
	*store.Store
	saving, release chan struct{}
	counts          atomic.Int64
}

func (s *slowSave) SaveFigureCounts(ctx context.Context, version int64, notes []int64, n int, row func(int) (int64, bool, *string, *string, *string)) (bool, error) {
	select {
	case <-s.saving:
	default:
		close(s.saving)
	}
	<-s.release
	return s.Store.SaveFigureCounts(ctx, version, notes, n, row)
}

func (s *slowSave) EachFigureBySubject(ctx context.Context, f models.FigureFilter, fn func(*models.Figure) error) error {
	s.counts.Add(1)
	return s.Store.EachFigureBySubject(ctx, f, fn)
}

// TestDownloadWaitsForTheAnswerBeingStored: a download after a write
// that finds the answer of every public figure, worked out before the
// write, still being stored (moments after a start on a generated or
// imported database) waits for it to be stored and lays the write over
// it, rather than working every figure out again beside it; what it
// writes is the first pass's after the write, whole and filtered. A
// download before the write reads the answer being stored from memory,
// without waiting for it.
func TestDownloadWaitsForTheAnswerBeingStored(t *testing.T) {
	ctx := context.Background()
	public := models.FigureFilter{}
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		countedSeed(t, st, 300)
		s := &slowSave{Store: st, saving: make(chan struct{}), release: make(chan struct{})}
		// One save at a time, in the background, as serve runs them: a
		// save asked for while one runs is left undone.
		saved := make(chan error, 1)
		var one sync.Mutex
		keep := &export.Keeper{Run: func(save func(context.Context) error) {
			if !one.TryLock() {
				return
			}
			go func() {
				defer one.Unlock()
				if err := save(ctx); err != nil {
					saved <- err
				}
			}()
		}}
		download := func(f models.FigureFilter) ([]byte, error) {
			var b bytes.Buffer
			err := export.Write("csv", &b, countedMeta, export.Pipelined(export.Figures(ctx, s, f, keep)), export.Counted)
			return b.Bytes(), err
		}
		before := firstPass(t, st, "csv", public)
		if got, err := download(public); err != nil || !bytes.Equal(got, before) {
			t.Fatalf("the first download differs from the first pass's (%v)", err)
		}
		<-s.saving
		// Read from memory while it is stored: no count, no wait (the
		// save waits for the test, which waits for the download).
		early, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		var b bytes.Buffer
		if err := export.Write("csv", &b, countedMeta, export.Pipelined(export.Figures(early, s, public, keep)), export.Counted); err != nil || !bytes.Equal(b.Bytes(), before) {
			t.Fatalf("a download before the write differs from the first pass's, or waited for the answer being stored (%v)", err)
		}
		if n := s.counts.Load(); n != 1 {
			t.Fatalf("%d counts before the write, want 1", n)
		}
		f := retractPublished(t, st, 2)
		after := firstPass(t, st, "csv", public)
		if bytes.Equal(before, after) {
			t.Fatal("the retraction changed nothing: the test proves nothing")
		}
		type result struct {
			b   []byte
			err error
		}
		got := make(chan result, 1)
		go func() {
			b, err := download(public)
			got <- result{b, err}
		}()
		select {
		case r := <-got:
			t.Fatalf("the download after the write did not wait for the answer being stored (%v)", r.err)
		case <-time.After(200 * time.Millisecond):
		}
		close(s.release)
		r := <-got
		if r.err != nil || !bytes.Equal(r.b, after) {
			t.Errorf("the download after the write differs from the first pass's (%v)", r.err)
		}
		if n := s.counts.Load(); n != 1 {
			t.Errorf("%d counts of every figure, want 1: the download after the write counted again", n)
		}
		metric := models.FigureFilter{Metrics: []string{f.Metric}}
		if b, err := download(metric); err != nil || !bytes.Equal(b, firstPass(t, st, "csv", metric)) {
			t.Errorf("a filtered download after the write differs from the first pass's (%v)", err)
		}
		one.Lock() // the saves done
		select {
		case err := <-saved:
			t.Fatal(err)
		default:
		}
	})
}

// retractPublished retracts the published figure 1/part of the way
// through them by id, and returns it as it was.
func retractPublished(t *testing.T, st *store.Store, part int) models.Figure {
	t.Helper()
	ctx := context.Background()
	views, err := st.FigureViews(ctx, models.FigureFilter{Statuses: []models.Status{models.StatusPublished}, Sort: "id"})
	if err != nil {
		t.Fatal(err)
	}
	f := views[len(views)/part].Figure
	if err := st.RetractFigure(ctx, f.Key, f.Version, "a test", storetest.Change()); err != nil {
		t.Fatal(err)
	}
	return f
}

// TestStoreKeepsADownloadsCount: the answer of every public figure that
// a download worked out and could not store (serve's start-up work held
// the turn) is what Store, when its turn comes after a write, stores and
// brings up to date, instead of counting every figure again; the
// downloads then read it, the same as a first pass's.
func TestStoreKeepsADownloadsCount(t *testing.T) {
	ctx := context.Background()
	public := models.FigureFilter{}
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		countedSeed(t, st, 300)
		s := &slowSave{Store: st, saving: make(chan struct{}), release: make(chan struct{})}
		close(s.release)
		keep := &export.Keeper{Run: func(func(context.Context) error) {}} // the turn is taken: nothing stored
		var b bytes.Buffer
		if err := export.Write("csv", &b, countedMeta, export.Pipelined(export.Figures(ctx, s, public, keep)), export.Counted); err != nil {
			t.Fatal(err)
		}
		if stored(t, st, public) {
			t.Fatal("the download's answer was stored though its save was left undone")
		}
		retractPublished(t, st, 3)
		if ok, err := keep.Store(ctx, s); err != nil || !ok {
			t.Fatalf("Store: %v, %v", ok, err)
		}
		if n := s.counts.Load(); n != 1 {
			t.Errorf("%d counts of every figure, want 1: Store counted again", n)
		}
		if got, want := viaFigures(t, st, "csv", public), firstPass(t, st, "csv", public); !bytes.Equal(got, want) {
			t.Error("after Store: the download differs from the first pass's")
		}
	})
}
