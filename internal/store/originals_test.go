package store_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
)

// monitor is an NGO's report that the fixture source "src" may carry.
func monitor(key string) models.Source {
	s := storetest.Source(key)
	s.Title, s.Kind, s.Publisher, s.Authors, s.AuthorAffiliation = "Monthly monitoring report", models.KindNGOReport, "Monitor Group", "", ""
	s.PublishedOn, s.PublishedPrecision = models.NewDate(2017, 9, 1), models.PrecisionMonth
	return s
}

// A source carrying another's report keeps the reference through every
// read: the source, the list, a figure's view (with what its caption
// needs), the sources carrying the original, and the history.
func TestSourceOriginalRoundTrip(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		b := storetest.Basics()
		b.Sources[0].Original = "monitor"
		// The carrier is listed before its original: the batch writes
		// the original first, whatever the order.
		b.Sources = append(b.Sources, monitor("monitor"))
		storetest.Apply(t, s, b)

		src, err := s.GetSource(ctx, "src")
		must(t, err)
		if src.Original != "monitor" {
			t.Errorf("GetSource: original %q", src.Original)
		}
		m, err := s.GetSource(ctx, "monitor")
		must(t, err)
		if m.Original != "" {
			t.Errorf("the original carries %q", m.Original)
		}
		v, err := s.GetFigure(ctx, "total", models.AudienceEditors)
		must(t, err)
		if v.Source.Original != "monitor" || v.Original.Key != "monitor" || v.Original.Publisher != "Monitor Group" ||
			v.Original.Title != "Monthly monitoring report" || v.Original.PublishedText() != "2017-09" {
			t.Errorf("GetFigure: source original %q, original %+v", v.Source.Original, v.Original)
		}
		if got, want := v.CreditIn(models.English, nil), "Human Rights Watch, via Monitor Group (Sep 2017), as carried by Refugees Deeply"; got != want {
			t.Errorf("Credit = %q, want %q", got, want)
		}
		var seen []string
		must(t, s.EachFigure(ctx, models.AllFigures(models.AudienceEditors), func(v *models.FigureView) error {
			seen = append(seen, v.Figure.Key+" "+v.Original.Key)
			return nil
		}))
		slices.Sort(seen)
		if diff := cmp.Diff([]string{"custody monitor", "returned monitor", "total monitor"}, seen); diff != "" {
			t.Errorf("EachFigure originals (-want +got):\n%s", diff)
		}
		carriers, err := s.SourcesCarrying(ctx, "monitor")
		must(t, err)
		if len(carriers) != 1 || carriers[0].Key != "src" {
			t.Errorf("SourcesCarrying(monitor) = %+v", carriers)
		}
		got, err := s.GetSources(ctx, []string{"monitor", "nothing", "monitor"})
		must(t, err)
		if len(got) != 1 || got[0].Key != "monitor" {
			t.Errorf("GetSources = %+v", got)
		}
		revs, err := s.Revisions(ctx, models.EntitySource, "src", models.AudienceEditors)
		must(t, err)
		if len(revs) == 0 || !strings.Contains(revs[len(revs)-1].Snapshot, `"original":"monitor"`) {
			t.Errorf("the revision does not record the original: %+v", revs)
		}

		// Leaving the field out of a batch keeps it; clearing it clears it.
		b = models.Batch{Sources: []models.Source{src}, SourceOmitted: map[string][]string{"src": {"original"}}}
		b.Sources[0].Original = ""
		if res := storetest.Apply(t, s, b); res.Unchanged != 1 {
			t.Errorf("a batch leaving original out: %+v, want unchanged", res)
		}
		src.Original = ""
		must(t, s.UpdateSource(ctx, &src, storetest.Change()))
		if v, err = s.GetFigure(ctx, "total", models.AudienceEditors); err != nil || v.Original != (models.Source{}) || v.Source.Original != "" {
			t.Errorf("after clearing: %+v, %v", v.Original, err)
		}
		if got, want := v.CreditIn(models.English, nil), "Human Rights Watch, via Refugees Deeply"; got != want {
			t.Errorf("Credit after clearing = %q, want %q", got, want)
		}
	})
}

// The store refuses, naming the field original, a source that carries a
// source that does not exist, itself, or one that carries it in turn,
// through a form or the API (CreateSource, UpdateSource) and a batch.
func TestSourceOriginalRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		storetest.Apply(t, s, storetest.Basics())
		a, b := monitor("a"), monitor("b")
		b.Original = "a"
		storetest.Apply(t, s, models.Batch{Sources: []models.Source{a, b}})

		missing := monitor("c")
		missing.Original = "nowhere"
		wantCode(t, s.CreateSource(ctx, &missing, storetest.Change()), models.EInvalid, `original: source "c" carries "nowhere", but there is no source "nowhere"`)

		self := monitor("c")
		self.Original = "c"
		wantCode(t, s.CreateSource(ctx, &self, storetest.Change()), models.EInvalid, "original: a source cannot carry itself")

		a, err := s.GetSource(ctx, "a")
		must(t, err)
		a.Original = "b"
		wantCode(t, s.UpdateSource(ctx, &a, storetest.Change()), models.EInvalid,
			`original: would make sources carry each other in a circle ("a" carries "b", which carries "a")`)
		c := monitor("c")
		c.Original = "b"
		must(t, s.CreateSource(ctx, &c, storetest.Change()))
		a.Original = "c"
		wantCode(t, s.UpdateSource(ctx, &a, storetest.Change()), models.EInvalid,
			`("a" carries "c", which carries "b", which carries "a")`)

		// In a batch: a circle within the batch, one through the stored
		// sources and a missing original, each at its entry.
		x, y, z := monitor("x"), monitor("y"), monitor("z")
		x.Original, y.Original, z.Original = "y", "x", "missing"
		a.Original = "c"
		_, err = s.ApplyBatch(ctx, models.Batch{Sources: []models.Source{x, y, z, a}, Overwrite: true}, storetest.Change(), false)
		want := []models.FieldError{
			{Field: "sources[0].original", Message: `would make sources carry each other in a circle ("x" carries "y", which carries "x"): the original must be a source that does not carry this one, directly or through others`},
			{Field: "sources[1].original", Message: `would make sources carry each other in a circle ("y" carries "x", which carries "y"): the original must be a source that does not carry this one, directly or through others`},
			{Field: "sources[2].original", Message: `source "z" carries "missing", but there is no source "missing": add the original first (or in the same file), then the source that carries it`},
			{Field: "sources[3].original", Message: `would make sources carry each other in a circle ("a" carries "c", which carries "b", which carries "a"): the original must be a source that does not carry this one, directly or through others`},
		}
		if diff := cmp.Diff(want, models.FieldErrors(err)); diff != "" {
			t.Errorf("batch problems (-want +got):\n%s", diff)
		}
		for _, k := range []string{"x", "y", "z"} {
			if _, err := s.GetSource(ctx, k); models.ErrorCode(err) != models.ENotFound {
				t.Errorf("source %s after a refused batch: %v", k, err)
			}
		}
		if a, err := s.GetSource(ctx, "a"); err != nil || a.Original != "" {
			t.Errorf("source a after a refused batch: original %q, %v", a.Original, err)
		}
	})
}

// The database itself refuses an original that is not a stored source,
// whatever wrote it.
func TestSourceOriginalForeignKey(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		storetest.Apply(t, s, storetest.Basics())
		if err := s.ExecForTest(ctx, "UPDATE sources SET original = 'nowhere'"); err == nil {
			t.Error("the database took an original that is not a source")
		}
	})
}
