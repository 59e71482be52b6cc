package dashboard

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"forcedreturns/internal/checks"
	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
	"forcedreturns/seeds"
)

// TestFigureChecksAreTheWholeRunsOwn: a figure page reads only the
// stored results of the units that may involve the figure, or computes
// those units from their own figures where the stored ones are not up to
// date (store.ChecksInvolving), yet shows exactly the results of the
// checks over every figure that involve it, for every figure of the
// seed, the multi-report set and generated figures (with subgroups in
// other populations), for the public and for editors, on SQLite and
// PostgreSQL: with no stored checks, with stored checks up to date (read,
// none computed), after writes not yet stored (the units they touch
// computed, results the writes changed), and after a bulk write (its
// marker, or more notes than are followed one by one: all computed).
func TestFigureChecksAreTheWholeRunsOwn(t *testing.T) {
	ctx := context.Background()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		if _, err := seeds.Load(ctx, st); err != nil {
			t.Fatal(err)
		}
		loadMultiReport(t, st)
		if err := st.GenerateFigures(ctx, 200, 5); err != nil {
			t.Fatal(err)
		}
		s := newServerOn(t, st)
		enc := storetest.ResultTexts
		options := func() checks.Options { return storetest.CheckOptions(t, st) }
		// wholeRun is every result of aud's checks over every figure.
		wholeRun := func(aud models.Audience) ([]models.FigureView, []checks.Result) {
			var views []models.FigureView
			if err := st.EachFigure(ctx, models.AllFigures(aud), func(v *models.FigureView) error {
				views = append(views, *v)
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			srcs, err := st.ListSources(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return views, checks.RunViews(views, checks.CarriedOf(srcs))
		}
		// current is wholeRun kept until the next write (clear(runs)): a
		// refresh of the stored checks writes no figure.
		type run struct {
			views []models.FigureView
			all   []checks.Result
		}
		runs := map[models.Audience]run{}
		current := func(aud models.Audience) ([]models.FigureView, []checks.Result) {
			r, ok := runs[aud]
			if !ok {
				r.views, r.all = wholeRun(aud)
				runs[aud] = r
			}
			return r.views, r.all
		}
		involving := func(all []checks.Result, key string) []checks.Result {
			var want []checks.Result
			for _, r := range all {
				if r.Involves(key) {
					want = append(want, r)
				}
			}
			return want
		}
		// compare checks the pages of every figure of the seed and the
		// multi-report set, and every every-th generated one (all are
		// in the whole run the pages are compared with: each page costs
		// queries), expecting at least least results among them, and
		// returns how many units they computed. Which every-th turns
		// from one pass to the next, so that the eight passes compare
		// the pages of different generated figures: over the passes,
		// 200 generated figures reach more of the results (115 of 136 on
		// SQLite, 282 figures' pages) than the same fifth of 400 did (156
		// of 213, 345 pages), at two thirds of the pages.
		pass := 0
		compare := func(label string, aud models.Audience, every, least int) int {
			t.Helper()
			pass++
			views, all := current(aud)
			involved, computed := 0, 0
			for i, v := range views {
				if strings.HasPrefix(v.Figure.Key, "syn-") && (i+pass)%every != 0 {
					continue
				}
				want := involving(all, v.Figure.Key)
				involved += len(want)
				mine, subs, shares, err := s.figureChecks(ctx, v.Figure, aud)
				if err != nil {
					t.Fatal(err)
				}
				if mine.Pending != 0 {
					t.Fatalf("%s, %v, figure %s: %d units pending on a small database", label, aud, v.Figure.Key, mine.Pending)
				}
				got := mine.Results
				// cmp.Diff only to say how they differ: under the race
				// detector it costs more than comparing.
				if w, g := enc(want), enc(got); !slices.Equal(w, g) {
					t.Fatalf("%s, %v, figure %s: page checks (-whole run +page):\n%s", label, aud, v.Figure.Key, cmp.Diff(w, g))
				}
				// In the order of the whole run, which the page shows.
				if !reflect.DeepEqual(want, got) {
					if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
						t.Fatalf("%s, %v, figure %s: page checks in another order (-whole run +page):\n%s", label, aud, v.Figure.Key, diff)
					}
				}
				for _, sub := range subs {
					if sub.Figure.SubgroupOf != v.Figure.Key {
						t.Fatalf("%s: figure %s lists %s as its subgroup", label, v.Figure.Key, sub.Figure.Key)
					}
				}
				for _, sh := range shares {
					if sh.Figure.ShareOf != v.Figure.Key {
						t.Fatalf("%s: figure %s lists %s as its share", label, v.Figure.Key, sh.Figure.Key)
					}
				}
				computed += mine.Computed
			}
			if involved < least {
				t.Errorf("%s, %v: only %d results involve the %d figures: the test proves little", label, aud, involved, len(views))
			}
			return computed
		}
		auds := []models.Audience{models.AudiencePublic, models.AudienceEditors}
		for _, aud := range auds {
			if n := compare("no stored checks", aud, 5, 45); n == 0 {
				t.Errorf("%v: with no stored checks, no unit was computed", aud)
			}
			if err := st.RefreshChecks(ctx, aud, options()); err != nil {
				t.Fatal(err)
			}
			if n := compare("stored checks", aud, 5, 45); n != 0 {
				t.Errorf("%v: with the stored checks up to date, %d units were computed rather than read", aud, n)
			}
		}
		// Writes reaching across units: a figure of an agreement, the base
		// of a share and the parent of subgroups retracted, their results
		// changed, nothing refreshed.
		_, before := current(models.AudienceEditors)
		var retracted []string
		for _, kind := range []string{checks.KindAgreement, checks.KindShares, checks.KindSubgroups} {
		next:
			for _, r := range before {
				if r.Kind != kind {
					continue
				}
				for _, k := range r.Figures {
					v, err := st.GetFigure(ctx, k, models.AudienceEditors)
					if err != nil {
						t.Fatal(err)
					}
					if v.Figure.Status != models.StatusPublished || slices.Contains(retracted, k) {
						continue
					}
					if err := st.RetractFigure(ctx, k, v.Figure.Version, "wrong", storetest.Change()); err != nil {
						t.Fatal(err)
					}
					retracted = append(retracted, k)
					break next
				}
			}
		}
		if len(retracted) != 3 {
			t.Fatalf("retracted %v: expected a figure of each of three kinds of check", retracted)
		}
		clear(runs)
		_, after := current(models.AudienceEditors)
		for _, k := range retracted {
			if slices.Equal(enc(involving(before, k)), enc(involving(after, k))) {
				t.Errorf("retracting %s changed none of its results: stale stored results would pass", k)
			}
		}
		for _, aud := range auds {
			if n := compare("after writes", aud, 5, 45); n == 0 {
				t.Errorf("%v: after writes, no unit was computed", aud)
			}
		}
		// A bulk write: every unit is computed until the next refresh. It
		// writes more figures than are followed one by one (on SQLite a
		// bulk load and its marker, on PostgreSQL that many notes), at a
		// lower bound than in production so that they stay few.
		storetest.SetBulk(t, 100, 0)
		if err := st.GenerateFigures(ctx, 150, 9); err != nil {
			t.Fatal(err)
		}
		clear(runs)
		for _, aud := range auds {
			compare("after a bulk write", aud, 4, 65)
			naming, err := st.FiguresNaming(ctx, retracted[0], aud)
			if err != nil {
				t.Fatal(err)
			}
			v, err := st.GetFigure(ctx, retracted[0], aud)
			if err != nil {
				t.Fatal(err)
			}
			units := options().UnitsInvolving(v.Figure, nil, naming)
			if got, err := st.ChecksInvolving(ctx, aud, options(), v.Figure, naming); err != nil || got.Computed != len(units) {
				t.Errorf("%v: after a bulk write, %d units computed (%v), expected all %d", aud, got.Computed, err, len(units))
			}
		}
	})
}

// TestDerivedFigureReadsAsDerived: the seed's “forcibly returned”, 92 − 46
// (the report states neither 46 nor a sum), says so wherever it is read:
// its page gives the formula with its inputs' numbers and each input by
// the name the formula gives it, the overview's
// headline is marked derived, so is its row of a chart's table, and the
// outcomes chart writes the formula with numbers, never the figures' keys.
func TestDerivedFigureReadsAsDerived(t *testing.T) {
	s, _ := newTestServer(t)
	const key = "hrw-2017-forcibly-returned-since-2016-06"
	answers(t, s, "/figures/"+key, 200, "text/html", []string{
		"This number is not stated in the report; it is derived:",
		"<code>{hrw-2017-apprehended-since-2016-06} - {hrw-2017-in-custody-2017-09-18}</code> = 92 − 46.",
		// Each input by the name the formula gives it.
		`<li><code>{hrw-2017-apprehended-since-2016-06}</code> = <a href="/figures/hrw-2017-apprehended-since-2016-06">`,
		`<li><code>{hrw-2017-in-custody-2017-09-18}</code> = <a href="/figures/hrw-2017-in-custody-2017-09-18">`,
	}, nil)
	// Every chart's tooltips and tables, the source's too: the formula
	// with numbers, never the figures' keys in braces. (The lists' badge
	// "derived" keeps the stored formula as its title: a list is not
	// drawn from the figures it names.)
	answers(t, s, "/", 200, "text/html", []string{"46 documented (derived)", "derived: 92 − 46", "Derived, not stated: 92 − 46"},
		[]string{"{hrw-2017"})
	answers(t, s, "/sources/refugees-deeply-2017-09-18-china-dragnet", 200, "text/html", []string{"Derived, not stated: 92 − 46",
		"<td>46 documented (derived)</td>"}, // the chart's table, as its mark
		[]string{"not stated: {hrw-2017"})
}
