package export_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"forcedreturns/internal/checks"
	"forcedreturns/internal/export"
	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
)

// withDelta writes the export of every public figure from the stored
// answer with u laid over it (store.EachFigureCounted), or nil if the
// store declines it.
func withDelta(t *testing.T, s *store.Store, u models.CountsUpdate) []byte {
	t.Helper()
	var b bytes.Buffer
	ok := false
	it := func(yield func(*models.FigureView) error) error {
		var err error
		ok, err = s.EachFigureCounted(context.Background(), models.FigureFilter{}, u, yield)
		return err
	}
	if err := export.Write("csv", &b, countedMeta, it, export.Counted); err != nil {
		t.Fatal(err)
	}
	if !ok {
		return nil
	}
	return b.Bytes()
}

// TestStoredCountsIncremental: on SQLite and PostgreSQL, after each kind
// of public write (a value changed, a retraction, a draft published, a
// subgroup added, moved and removed across subjects, a share added, a
// formula's input retracted, a subject changed), the stored answer is
// brought up to date subject by subject (store.CountsDelta), and the
// download, read with it laid over the stored answer and then from the
// stored answer once it is saved, is byte for byte the export counted
// from a first pass over every figure. Counting again only the subjects
// written (not those whose figures name theirs, further and further)
// gives another answer after some of these writes: the test notices it.
func TestStoredCountsIncremental(t *testing.T) {
	ctx := context.Background()
	public := models.FigureFilter{}
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		// 200 generated figures beside the seed (not 300: each write
		// reads the whole export eight times, so the test's time grows
		// with them): every statement of the store and the exporter the
		// test ran over 300 it still runs (go test -cover; over 150 it
		// never follows a chain of counted_in links past the subjects
		// counted again), every write still changes the answer, and
		// counting only the written subjects is still wrong after the
		// same 5 of 15 writes.
		countedSeed(t, s, 200)
		viaFigures(t, s, "csv", public)
		if !stored(t, s, public) {
			t.Fatal("the answer is not stored")
		}
		get := func(key string) models.Figure {
			t.Helper()
			v, err := s.GetFigure(ctx, key, models.AudienceEditors)
			if err != nil {
				t.Fatal(err)
			}
			return v.Figure
		}
		update := func(f models.Figure) {
			t.Helper()
			if err := s.UpdateFigure(ctx, &f, storetest.Change()); err != nil {
				t.Fatal(err)
			}
		}
		views, err := s.FigureViews(ctx, models.FigureFilter{Statuses: []models.Status{models.StatusPublished}, Sort: "id"})
		if err != nil {
			t.Fatal(err)
		}
		counts, err := export.Count(ctx, s, public)
		if err != nil {
			t.Fatal(err)
		}
		// Parents in other subjects than the figure made their
		// subgroup: countable ones, whose parts' counted_in names them.
		var countable []models.Figure
		for _, v := range views {
			if export.CountOf(counts, &v.Figure).Countable && v.Figure.SubgroupOf == "" && v.Figure.ShareOf == "" && !v.Figure.Derived && !strings.HasPrefix(v.Figure.Key, "hrw-") {
				countable = append(countable, v.Figure)
			}
		}
		if len(countable) < 6 {
			t.Fatalf("%d countable figures", len(countable))
		}
		// A parent, and two figures of its metric in other subjects.
		var child, parent, other models.Figure
		for _, p := range countable {
			var found []models.Figure
			for _, f := range countable {
				if f.Metric == p.Metric && checks.SubjectOf(f) != checks.SubjectOf(p) &&
					(len(found) == 0 || checks.SubjectOf(f) != checks.SubjectOf(found[0])) {
					found = append(found, f)
				}
			}
			if len(found) >= 2 {
				parent, child, other = p, found[0], found[1]
				break
			}
		}
		if parent.Key == "" {
			t.Fatal("no three countable figures of one metric in three subjects")
		}
		var retracted models.Figure
		for _, f := range countable {
			if f.Key != parent.Key && f.Key != child.Key && f.Key != other.Key && !strings.HasPrefix(f.Key, "hrw-") {
				retracted = f
				break
			}
		}
		var parentOfMany, subOfMany models.Figure // a figure other subjects' figures are subgroups of, and one of them
		for _, v := range views {
			if v.Figure.SubgroupOf != "" {
				p := get(v.Figure.SubgroupOf)
				if checks.SubjectOf(p) != checks.SubjectOf(v.Figure) && p.Status == models.StatusPublished && !strings.HasPrefix(p.Key, "hrw-") && p.Kind != models.Stock {
					parentOfMany, subOfMany = p, v.Figure
					break
				}
			}
		}
		if parentOfMany.Key == "" {
			t.Fatal("no subgroup of a figure of another subject: the test proves nothing")
		}
		// A figure of the parent's subject, which a write makes a total
		// the parent is counted in: the subgroups of the parent, in other
		// subjects, are then counted in it, though neither they nor the
		// figure they name were written.
		var sibling models.Figure
		for _, v := range views {
			f := v.Figure
			if checks.SubjectOf(f) == checks.SubjectOf(parentOfMany) && f.Key != parentOfMany.Key && f.SubgroupOf == "" &&
				f.ShareOf == "" && !f.Derived && !strings.HasPrefix(f.Key, "hrw-") {
				sibling = f
				break
			}
		}
		if sibling.Key == "" {
			t.Fatal("no other figure in the parent's subject")
		}
		writes := []struct {
			name  string
			write func()
		}{
			{"a value changed", func() { f := get(parent.Key); f.Value += 1000; update(f) }},
			{"a figure made the total of a parent of other subjects' subgroups", func() {
				f, p := get(sibling.Key), get(parentOfMany.Key)
				f.Kind, f.Period = p.Kind, p.Period
				f.Period.Start.Year -= 20
				update(f)
			}},
			{"a parent of other subjects' subgroups made a total of its subject's figures", func() { f := get(parentOfMany.Key); f.Period.Start.Year -= 40; update(f) }},
			{"a retraction", func() {
				f := get(retracted.Key)
				if err := s.RetractFigure(ctx, f.Key, f.Version, "a test", storetest.Change()); err != nil {
					t.Fatal(err)
				}
			}},
			{"a draft published", func() { f := get("a-draft-report"); f.Status = models.StatusPublished; update(f) }},
			{"a subgroup added across subjects", func() { f := get(child.Key); f.SubgroupOf = parent.Key; update(f) }},
			{"a subgroup moved", func() { f := get(child.Key); f.SubgroupOf = other.Key; update(f) }},
			{"the new parent's value changed", func() { f := get(other.Key); f.Value += 7; update(f) }},
			{"a subgroup removed", func() { f := get(child.Key); f.SubgroupOf = ""; update(f) }},
			{"a share added", func() {
				f := storetest.Share("a-share-of-parent", get(parent.Key))
				if err := s.CreateFigure(ctx, &f, storetest.Change()); err != nil {
					t.Fatal(err)
				}
			}},
			{"a formula's input retracted", func() {
				f := get("hrw-2017-in-custody-2017-09-18")
				if err := s.RetractFigure(ctx, f.Key, f.Version, "a test", storetest.Change()); err != nil {
					t.Fatal(err)
				}
			}},
			{"a parent's subject changed", func() { f := get(parentOfMany.Key); f.Population = "someone else"; update(f) }},
			{"a subgroup's subject changed", func() { f := get(child.Key); f.Population = "another population"; update(f) }},
			// Its subgroups are then counted nowhere; a later write to one
			// of them counts its subject again, not the parent's.
			{"a parent of other subjects' subgroups retracted", func() {
				f := get(parentOfMany.Key)
				if err := s.RetractFigure(ctx, f.Key, f.Version, "a test", storetest.Change()); err != nil {
					t.Fatal(err)
				}
			}},
			{"a subgroup of a retracted parent written", func() { f := get(subOfMany.Key); f.Value++; update(f) }},
		}
		narrowMissed := 0
		// The first pass after one write is the one before the next:
		// nothing between them writes a figure (storing the answer
		// changes no first pass), so each is read once.
		want := firstPass(t, s, "csv", public)
		for _, w := range writes {
			before := want
			w.write()
			want = firstPass(t, s, "csv", public)
			if bytes.Equal(before, want) {
				t.Logf("%s: changed no answer", w.name)
			}
			if stored(t, s, public) {
				t.Fatalf("%s: the answer stored before it is still served as current", w.name)
			}
			// Only the written subjects counted again.
			restore := storetest.NarrowCounts(t, func(written int, sj []checks.Subject) []checks.Subject { return sj[:written] })
			u, err := s.CountsDelta(ctx)
			restore()
			if err != nil || u == nil {
				t.Fatalf("%s: CountsDelta %v, %v", w.name, u, err)
			}
			if got := withDelta(t, s, u); got == nil {
				t.Fatalf("%s: the narrowed update was declined", w.name)
			} else if !bytes.Equal(got, want) {
				narrowMissed++
			}
			u, err = s.CountsDelta(ctx)
			if err != nil || u == nil {
				t.Fatalf("%s: CountsDelta %v, %v", w.name, u, err)
			}
			if got := withDelta(t, s, u); !bytes.Equal(got, want) {
				t.Errorf("%s: the stored answer brought up to date differs from the first pass's", w.name)
			}
			// Through export.Figures, which saves it; then read as stored.
			if got := viaFigures(t, s, "csv", public); !bytes.Equal(got, want) {
				t.Errorf("%s, csv: the download differs from the first pass's", w.name)
			}
			if got, want := viaFigures(t, s, "json", public), firstPass(t, s, "json", public); !bytes.Equal(got, want) {
				t.Errorf("%s, json: the download differs from the first pass's", w.name)
			}
			if !stored(t, s, public) {
				t.Fatalf("%s: the answer brought up to date was not stored", w.name)
			}
			if got := viaFigures(t, s, "csv", public); !bytes.Equal(got, want) {
				t.Errorf("%s: the stored answer differs from the first pass's", w.name)
			}
		}
		if narrowMissed == 0 {
			t.Error("counting only the subjects written gave the right answer after every write: the test proves nothing about the subjects that name them")
		}
		t.Logf("counting only the written subjects was wrong after %d of %d writes", narrowMissed, len(writes))
	})
}

// TestStoredCountsChunked: the answer of every public figure stored a
// few rows a transaction is the whole answer.
func TestStoredCountsChunked(t *testing.T) {
	ctx := context.Background()
	public := models.FigureFilter{}
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		storetest.SetCountsChunk(t, 7)
		countedSeed(t, s, 100)
		want := firstPass(t, s, "csv", public)
		if ok, err := (&export.Keeper{}).Store(ctx, s); err != nil || !ok {
			t.Fatalf("Keeper.Store: %v, %v", ok, err)
		}
		if got := viaFigures(t, s, "csv", public); !bytes.Equal(got, want) {
			t.Error("the answer stored in chunks differs from the first pass's")
		}
	})
}
