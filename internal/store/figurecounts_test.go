package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"forcedreturns/internal/checks"
	"forcedreturns/internal/export"
	"forcedreturns/internal/export/exporttest"
	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
)

// TestEachFigureCountedAsEachFigure: the figures EachFigureCounted streams
// (on PostgreSQL through a cursor, read here seven rows at a time) are
// EachFigure's, in its order, each with the answer checks.Counting gives
// it among them (exporttest.Countability).
func TestEachFigureCountedAsEachFigure(t *testing.T) {
	defer store.SetCursorRows(7)()
	ctx := context.Background()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		storetest.Apply(t, s, storetest.Basics())
		if err := s.GenerateFigures(ctx, 300, 3); err != nil {
			t.Fatal(err)
		}
		if ok, err := (&export.Keeper{}).Store(ctx, s); err != nil || !ok {
			t.Fatalf("Keeper.Store: %v, %v", ok, err)
		}
		for _, f := range []models.FigureFilter{{}, {Sort: "-value", Audience: models.AudienceEditors}} {
			want, err := s.FigureViews(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			counts := exporttest.ViewsCountability(want)
			i, countable := 0, 0
			ok, err := s.EachFigureCounted(ctx, f, nil, func(v *models.FigureView) error {
				if i >= len(want) || v.Figure.Key != want[i].Figure.Key {
					t.Fatalf("row %d: %s, want %s", i, v.Figure.Key, want[i].Figure.Key)
				}
				if c := counts[v.Figure.Key]; v.Count != c {
					t.Errorf("%s: stored %+v, Count %+v", v.Figure.Key, v.Count, c)
				}
				if v.Count.Countable {
					countable++
				}
				i++
				return nil
			})
			if err != nil || !ok {
				t.Fatalf("EachFigureCounted: %v, %v", ok, err)
			}
			if i != len(want) || countable == 0 {
				t.Errorf("%d rows of %d, %d countable", i, len(want), countable)
			}
		}
	})
}

// TestStoredCountsOfAnotherRule: an answer stored under another counting
// rule (checks.CountingRule, figure_counts_state.rule: an older build's,
// or none, as every answer stored before migration 27) is not served as
// current though no figure changed, nor brought up to date from: it is
// counted again and stored under this build's rule.
func TestStoredCountsOfAnotherRule(t *testing.T) {
	ctx := context.Background()
	storetest.EachDatabase(t, func(t *testing.T, cfg store.Config) {
		s := storetest.OpenConfig(t, cfg, true)
		storetest.Apply(t, s, storetest.Basics())
		if ok, err := (&export.Keeper{}).Store(ctx, s); err != nil || !ok {
			t.Fatalf("Keeper.Store: %v, %v", ok, err)
		}
		for _, older := range []string{"'counting 1'", "NULL"} {
			storetest.Exec(t, cfg, "UPDATE figure_counts_state SET rule = "+older)
			if ok, err := s.CountsCurrent(ctx); err != nil || ok {
				t.Fatalf("rule %s: CountsCurrent %v, %v; want false", older, ok, err)
			}
			if u, err := s.CountsDelta(ctx); err != nil || u != nil {
				t.Fatalf("rule %s: CountsDelta %v, %v; want none (count every figure)", older, u, err)
			}
			ok, err := s.EachFigureCounted(ctx, models.FigureFilter{}, nil, func(*models.FigureView) error { return nil })
			if err != nil || ok {
				t.Fatalf("rule %s: EachFigureCounted %v, %v; want false", older, ok, err)
			}
			if ok, err := (&export.Keeper{}).Store(ctx, s); err != nil || !ok {
				t.Fatalf("rule %s: Keeper.Store: %v, %v", older, ok, err)
			}
			if ok, err := s.CountsCurrent(ctx); err != nil || !ok {
				t.Fatalf("rule %s: stored again, CountsCurrent %v, %v", older, ok, err)
			}
		}
	})
}

// TestClosedUnderAsReference: the closure check of a download of whole
// subjects (closedUnder, through the indexes of migration 28) gives
// exactly the answer of the check it replaced (closedUnderReference,
// which read every selected figure and every figure outside), for every
// metric, population, state and unit alone, pairs of them, and each with
// a metric, for either audience, over generated figures (subgroups of
// other populations' figures) with subgroups, shares and formulas added
// across metrics and subjects, named figures retracted and made drafts,
// and a formula naming no figure.
func TestClosedUnderAsReference(t *testing.T) {
	ctx := context.Background()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		storetest.Apply(t, s, storetest.Basics())
		if err := s.GenerateFigures(ctx, 400, 11); err != nil {
			t.Fatal(err)
		}
		all := models.FigureFilter{Audience: models.AudienceEditors,
			Statuses: []models.Status{models.StatusDraft, models.StatusPublished, models.StatusRetracted}, Sort: "id"}
		views, err := s.FigureViews(ctx, all)
		if err != nil {
			t.Fatal(err)
		}
		r := rand.New(rand.NewPCG(5, 6))
		pick := func() models.Figure { return views[r.IntN(len(views))].Figure }
		// A figure of another subject than f: every other time among the
		// first 40, which are made drafts and retracted below.
		others := 0
		other := func(f models.Figure) models.Figure {
			others++
			for {
				g := pick()
				if others%2 == 0 {
					g = views[r.IntN(40)].Figure
				}
				if checks.SubjectOf(g) != checks.SubjectOf(f) {
					return g
				}
			}
		}
		add := func(i int, f models.Figure, edit func(*models.Figure)) {
			f.ID, f.Key = 0, fmt.Sprintf("closure-%03d", i)
			f.SubgroupOf, f.ShareOf, f.Derived, f.Formula = "", "", false, ""
			edit(&f)
			f.RetractReason = ""
			if f.Status == models.StatusRetracted {
				f.RetractReason = "a test"
			}
			if err := s.InsertFigureRowForTest(ctx, f); err != nil {
				t.Fatal(err)
			}
		}
		statuses := []models.Status{models.StatusPublished, models.StatusPublished, models.StatusRetracted, models.StatusDraft}
		type added struct {
			key    string
			kind   int // 0 subgroup, 1 share, 2 formula
			status models.Status
		}
		var made []added
		for i := range 24 {
			f, kind, st := pick(), i%3, statuses[(i/3)%4]
			add(i, f, func(n *models.Figure) {
				n.Status = st
				switch kind {
				case 0: // a subgroup of a figure of another subject, often of another metric
					n.SubgroupOf = other(f).Key
				case 1: // a share of one
					n.ShareOf = other(f).Key
				default: // a formula naming figures of other subjects, or none
					n.Derived = true
					n.Formula = "{" + other(f).Key + "} - {" + pick().Key + "}"
					if i%5 == 0 {
						n.Formula += " + {no-such-figure}"
					}
				}
			})
			made = append(made, added{fmt.Sprintf("closure-%03d", i), kind, st})
		}
		// A subgroup, a share and a formula naming a draft of another
		// metric (kind 3: the selection stays closed), then a retracted
		// one (kind 4: it does not).
		for j, st := range []models.Status{models.StatusDraft, models.StatusRetracted} {
			var f, named models.Figure
			for _, v := range views {
				if v.Figure.Metric == "deaths" && v.Figure.Status.Public() {
					f = v.Figure // a metric no seed formula names
				}
			}
			for _, v := range views {
				if v.Figure.Metric != f.Metric {
					named = v.Figure
					break
				}
			}
			i := 100 + 10*j
			add(i, named, func(n *models.Figure) { n.Status = st })
			namedKey := fmt.Sprintf("closure-%03d", i)
			for k := range 3 {
				add(i+1+k, f, func(n *models.Figure) {
					n.Status = models.StatusPublished
					switch k {
					case 0:
						n.SubgroupOf = namedKey
					case 1:
						n.ShareOf = namedKey
					default:
						n.Derived, n.Formula = true, "{"+namedKey+"} - 1"
					}
				})
				made = append(made, added{fmt.Sprintf("closure-%03d", i+1+k), 3 + j, models.StatusPublished})
			}
		}
		setStatus := func(key string, st models.Status) {
			reason := ""
			if st == models.StatusRetracted {
				reason = "a test"
			}
			if err := s.ExecForTest(ctx, "UPDATE figures SET status = ?, retract_reason = ? WHERE key = ?", string(st), reason, key); err != nil {
				t.Fatal(err)
			}
		}
		// Named figures retracted and made drafts.
		for i, v := range views[:40] {
			setStatus(v.Figure.Key, []models.Status{models.StatusDraft, models.StatusRetracted}[i%2])
		}
		firstMetric := views[0].Figure.Metric
		by := []struct {
			of  func(models.Figure) string
			set func(*models.FigureFilter, []string)
		}{
			{func(f models.Figure) string { return f.Metric }, func(m *models.FigureFilter, v []string) { m.Metrics = v }},
			{func(f models.Figure) string { return f.Population }, func(m *models.FigureFilter, v []string) { m.Populations = v }},
			{func(f models.Figure) string { return f.ActingState }, func(m *models.FigureFilter, v []string) { m.ActingStates = v }},
			{func(f models.Figure) string { return f.ReceivingState }, func(m *models.FigureFilter, v []string) { m.ReceivingStates = v }},
			{func(f models.Figure) string { return f.Unit }, func(m *models.FigureFilter, v []string) { m.Units = v }},
		}
		var filters []models.FigureFilter
		for _, b := range by {
			var vals []string
			for _, v := range views {
				vals = append(vals, b.of(v.Figure))
			}
			slices.Sort(vals)
			vals = slices.Compact(vals)
			for i, v := range vals {
				for _, sel := range [][]string{{v}, {v, vals[(i+1)%len(vals)]}} {
					var f models.FigureFilter
					b.set(&f, sel)
					filters = append(filters, f)
					if f.Metrics == nil {
						f.Metrics = []string{firstMetric}
						filters = append(filters, f)
					}
				}
			}
		}
		// Every added figure, then those of one kind alone (the others
		// drafts, which name nothing a download selects).
		seen := map[bool]int{}
		for phase := -1; phase < 5; phase++ {
			for _, m := range made {
				st := m.status
				if phase >= 0 && m.kind != phase {
					st = models.StatusDraft
				}
				setStatus(m.key, st)
			}
			for _, f := range filters {
				for _, aud := range []models.Audience{models.AudiencePublic, models.AudienceEditors} {
					f.Audience = aud
					got, want, err := s.ClosedUnderForTest(ctx, f)
					if err != nil {
						t.Fatal(err)
					}
					if got != want {
						t.Errorf("kinds %d, %s (audience %d): closedUnder %v, the reference %v", phase, f.Describe(), aud, got, want)
					}
					seen[want]++
				}
			}
		}
		if seen[true] == 0 || seen[false] == 0 {
			t.Errorf("answers %v: the test needs both", seen)
		}
	})
}
