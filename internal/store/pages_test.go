package store_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
)

// walkForward reads every page of f from the first, following Next, and
// checks the page numbers and links on the way.
func walkForward(t *testing.T, s *store.Store, f models.FigureFilter) (keys []string, pages [][]string) {
	t.Helper()
	f.Cursor = nil
	for n := 1; ; n++ {
		p, err := s.FigurePage(ctx, f)
		must(t, err)
		if p.Page != n {
			t.Fatalf("forward page %d says it is page %d", n, p.Page)
		}
		if (p.Prev == nil) != (n == 1) {
			t.Fatalf("forward page %d: previous link %+v", n, p.Prev)
		}
		keys = append(keys, keysOf(p.Items)...)
		pages = append(pages, keysOf(p.Items))
		if p.Next == nil {
			if n != p.Pages {
				t.Fatalf("no next link on page %d of %d", n, p.Pages)
			}
			return keys, pages
		}
		if n > p.Pages {
			t.Fatalf("a next link on page %d of %d", n, p.Pages)
		}
		// Through the text a link carries, as a request would.
		c, err := models.ParseCursor(p.Next.Encode())
		must(t, err)
		f.Cursor = &c
	}
}

// walkBackward reads every page of f from the last, following Prev.
func walkBackward(t *testing.T, s *store.Store, f models.FigureFilter) (keys []string, pages [][]string) {
	t.Helper()
	f.Cursor = &models.Cursor{Sort: f.Sort, Before: true}
	for i := 0; ; i++ {
		p, err := s.FigurePage(ctx, f)
		must(t, err)
		if p.Page != p.Pages-i {
			t.Fatalf("backward step %d says it is page %d of %d", i, p.Page, p.Pages)
		}
		if (p.Next == nil) != (i == 0) {
			t.Fatalf("backward step %d: next link %+v", i, p.Next)
		}
		keys = append(append([]string{}, keysOf(p.Items)...), keys...)
		pages = append([][]string{keysOf(p.Items)}, pages...)
		if p.Prev == nil {
			return keys, pages
		}
		c, err := models.ParseCursor(p.Prev.Encode())
		must(t, err)
		f.Cursor = &c
	}
}

// TestCursorPagesWalkEveryFigureOnce: following the next links from the
// first page, or the previous links from the last, in every order and
// under filters, finds every figure exactly once, in the order of the
// whole list, on the same pages either way, which are also the pages
// read by offset; on SQLite both through the filter's indexes and by
// walking the order's index.
func TestCursorPagesWalkEveryFigureOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		// 120 figures, not 240: every walk reads all of a list's pages,
		// so the test's time grew with them. Page boundaries still fall
		// inside runs of equal values (a handful of metrics, sources and
		// qualifiers), every list still walks two pages at least (the
		// test fails otherwise), and over a hundred pages by offset a
		// list still start at an anchor (every 5th figure) or not; a
		// seek by the first term alone, an anchor's position off by one
		// and stale anchors taken as held all still fail it.
		must(t, s.GenerateFigures(ctx, 120, 11))
		// The other ways a page is placed: read in turn, each page by
		// offset would start where the one before it ended
		// (TestOffsetPagesStartWhereOthersEnded).
		defer store.SetPlacesForTest(false)()
		filters := map[string]models.FigureFilter{
			"public":        {},
			"every status":  {Statuses: models.Statuses, Audience: models.AudienceEditors},
			"metric+period": {Metrics: []string{"apprehended", "in_custody"}, From: date(2005, 1, 1), To: date(2020, 12, 31)},
			// The filtered lists with anchors of their own.
			"one metric":    {Metrics: []string{"apprehended"}},
			"one source":    {Sources: []string{"synthetic-source-2"}},
			"one qualifier": {Qualifiers: []models.Qualifier{models.QualExact}},
		}
		// The lists whose pages by offset start at an anchor of their own
		// when the anchors hold.
		anchoredLists := map[string]bool{"public": true, "one metric": true, "one source": true, "one qualifier": true}
		// Walking the order's index is SQLite's alone: PostgreSQL pages
		// the same way under either bound, so it walks once. On SQLite a
		// deep page by offset of a list the people index holds may also
		// start where that index places it (-1 here: always).
		walks := []int{5000}
		if s.Dialect() == store.DialectSQLite {
			walks = append(walks, 0, -1)
		}
		// A page by offset of a list with anchors starts at the page
		// anchor before it when the anchors hold (every 5th figure here), else
		// walks its offset: the same figures either way, also after a
		// write (the anchors no longer hold, and are read again in the
		// background meanwhile).
		for _, anchors := range []string{"none", "held", "stale"} {
			switch anchors {
			case "held":
				every := store.SetAnchorEveryForTest(5)
				defer every()
				must(t, s.RefreshPageAnchors(ctx))
			case "stale":
				// Figures added, moved across anchors in every order and
				// taken out of the public list, all noted since.
				must(t, s.GenerateFigures(ctx, 7, 12))
				must(t, s.ExecForTest(ctx, "UPDATE figures SET value = value + 100000 WHERE id % 9 = 0 AND qualifier NOT IN ('unquantified', 'range')"))
				must(t, s.ExecForTest(ctx, "UPDATE figures SET period_start = '1990-01-01', metric = 'deaths', source = (SELECT MIN(key) FROM sources) WHERE id % 17 = 0"))
				must(t, s.ExecForTest(ctx, "UPDATE figures SET status = 'draft' WHERE id % 13 = 0 AND status = 'published' AND key NOT IN (SELECT subgroup_of FROM figures WHERE subgroup_of IS NOT NULL)"))
			}
			anchored := s.AnchoredPagesForTest()
			for _, walk := range walks {
				if anchors != "none" && len(walks) > 1 && walk != 0 {
					continue // with anchors, SQLite as at a million figures: walking the order's index
				}
				restore := store.SetWalkOrderAboveForTest(max(walk, 0))
				if walk < 0 {
					walkBack, people := restore, store.SetPeopleCountForTest(0)
					restore = func() { people(); walkBack() }
				}
				placed := s.PeoplePagesForTest()
				for name, f := range filters {
					if anchors != "none" && !anchoredLists[name] {
						continue // a list without anchors pages alike either way
					}
					listAnchored := s.AnchoredPagesForTest()
					keys := models.SortKeys
					if strings.HasPrefix(name, "one ") {
						// A list of one value pages alike in every order
						// but its own column's (which seeks by the rest
						// of the row value): that one and three others.
						keys = []string{"period", "value", "metric", "source"}
					}
					for _, key := range keys {
						if walk < 0 && !slices.Contains([]string{"period", "metric", "source"}, key) {
							continue // the people index holds no other order: it walks, as above
						}
						for _, sort := range []string{key, "-" + key} {
							f.Sort, f.Limit = sort, 23
							if anchors != "none" {
								f.Limit = 8 + len(sort)%3 // pages across the anchors (every 5th) every which way
							}
							what := fmt.Sprintf("%s, sort=%s, walk above %d, anchors %s", name, sort, walk, anchors)
							var want []string
							var words []bool // whether each figure gives only words, no number
							whole := f
							whole.Limit = 0
							must(t, s.EachFigure(ctx, whole, func(v *models.FigureView) error {
								want, words = append(want, v.Figure.Key), append(words, !v.Figure.Qualifier.HasNumber())
								return nil
							}))
							// By value, either way, the figures without a number
							// come last (the public list has some).
							if i := slices.Index(words, true); key == "value" && (i < 0 && name == "public" || i >= 0 && slices.Contains(words[i:], false)) {
								t.Errorf("%s: the figures without a number are not all at the end (the first at %d of %d)", what, i, len(words))
							}
							f.Limit = min(f.Limit, len(want)/3) // the lists of one value are short
							if len(want) < 2*f.Limit {
								t.Fatalf("%s: only %d figures; the test needs several pages", what, len(want))
							}
							// cmp.Diff below only to say how lists differ: it
							// costs more than a comparison under the race detector.
							fwd, fwdPages := walkForward(t, s, f)
							if !reflect.DeepEqual(want, fwd) {
								t.Errorf("%s: next links (-whole list +walked):\n%s", what, cmp.Diff(want, fwd))
							}
							// The cursors' links backward are the anchors' concern
							// no more than forward, nor the people index's: walked
							// once, without them.
							if anchors == "none" && walk >= 0 {
								back, backPages := walkBackward(t, s, f)
								if !reflect.DeepEqual(want, back) {
									t.Errorf("%s: previous links from the last page (-whole list +walked):\n%s", what, cmp.Diff(want, back))
								}
								if !reflect.DeepEqual(fwdPages, backPages) {
									t.Errorf("%s: pages differ walked forward and backward (-forward +backward):\n%s", what, cmp.Diff(fwdPages, backPages))
								}
							}
							// Every page by offset (page=N: the first by a plain
							// read, the others by a deferred join through the
							// index of the order, from an anchor or not) and
							// the cursor page of the same number agree, links
							// included; past the last, none.
							for i := 0; i <= len(fwdPages); i++ {
								if anchors == "none" && i > 1 && i != len(fwdPages)/2 && i < len(fwdPages)-1 {
									continue // without anchors, every deep page is read alike
								}
								off := f
								off.Offset = i * f.Limit
								p, err := s.FigurePage(ctx, off)
								must(t, err)
								var cursor []string
								if i < len(fwdPages) {
									cursor = fwdPages[i]
								}
								if byOffset := keysOf(p.Items); !slices.Equal(cursor, byOffset) || p.Page != i+1 {
									t.Errorf("%s: page=%d by offset is page %d (-by cursor +by offset):\n%s", what, i+1, p.Page, cmp.Diff(cursor, byOffset, cmpopts.EquateEmpty()))
								}
								if p.Total != len(want) {
									t.Errorf("%s: page=%d counts %d figures, want %d", what, i+1, p.Total, len(want))
								}
								if i < len(fwdPages) && ((p.Prev != nil) != (i > 0) || (p.Next != nil) != (i < len(fwdPages)-1)) {
									t.Errorf("%s: page=%d by offset links previous %v, next %v", what, i+1, p.Prev != nil, p.Next != nil)
								}
							}
						}
					}
					if anchors == "held" && anchoredLists[name] && s.AnchoredPagesForTest() == listAnchored {
						t.Errorf("%s, anchors held: no page by offset started at an anchor of the list", name)
					}
				}
				if n := s.PeoplePagesForTest() - placed; walk < 0 && n == 0 {
					t.Errorf("anchors %s: no page placed by the people index", anchors)
				}
				restore()
			}
			s.WaitPageAnchorsForTest()
			if n := s.AnchoredPagesForTest() - anchored; anchors != "none" && n == 0 {
				t.Errorf("anchors %s: no page by offset started at an anchor", anchors)
			}
		}
	})
}

func TestCursorRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		must(t, s.GenerateFigures(ctx, 20, 5))
		for _, tc := range []struct {
			name string
			f    models.FigureFilter
		}{
			{"another order", models.FigureFilter{Sort: "value", Cursor: &models.Cursor{Sort: "-value", Values: []string{"1", "k"}}}},
			{"too few values", models.FigureFilter{Sort: "value", Cursor: &models.Cursor{Sort: "value", Values: []string{"k"}}}},
			{"too many values", models.FigureFilter{Cursor: &models.Cursor{Values: []string{"2017-01-01", "2017-01-31", "m", "k", "x"}}}},
			{"not a number", models.FigureFilter{Sort: "value", Cursor: &models.Cursor{Sort: "value", Values: []string{"many", "k"}}}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, err := s.FigurePage(ctx, tc.f)
				wantCode(t, err, models.EInvalid, "cursor")
			})
		}
		// A time the database cannot read is refused on PostgreSQL, and on
		// SQLite compares as the text it is: never a server error.
		_, err := s.FigurePage(ctx, models.FigureFilter{Sort: "updated", Cursor: &models.Cursor{Sort: "updated", Values: []string{"yesterday", "k"}}})
		if err != nil && models.ErrorCode(err) != models.EInvalid {
			t.Errorf("a cursor with a bad time: %v", err)
		}
	})
}

// TestCancelledContextStopsQueries: a request that goes away stops its
// reads: a list asked with a cancelled context is not read, and a stream
// stops at the next row once its context is cancelled.
func TestCancelledContextStopsQueries(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		must(t, s.GenerateFigures(ctx, 500, 9))
		gone, cancel := context.WithCancel(ctx)
		cancel()
		if _, err := s.FigurePage(gone, models.FigureFilter{Sort: "-value", Offset: 100}); !errors.Is(err, context.Canceled) {
			t.Errorf("FigurePage with a cancelled context: %v, want context.Canceled", err)
		}
		if _, err := s.FiguresByKey(gone, []string{"a"}, models.AudiencePublic); !errors.Is(err, context.Canceled) {
			t.Errorf("FiguresByKey with a cancelled context: %v, want context.Canceled", err)
		}
		leaving, cancel := context.WithCancel(ctx)
		defer cancel()
		rows := 0
		err := s.EachFigure(leaving, models.AllFigures(models.AudienceEditors), func(*models.FigureView) error {
			rows++
			if rows == 3 {
				cancel()
			}
			return nil
		})
		if !errors.Is(err, context.Canceled) {
			t.Errorf("EachFigure cancelled midway: %v, want context.Canceled", err)
		}
		if rows != 3 {
			t.Errorf("EachFigure handed on %d rows, the last %d after its context was cancelled", rows, rows-3)
		}
	})
}

// TestFiguresByKey: the figures a page of checks links to, only those the
// audience may see.
func TestFiguresByKey(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		filterFixture(t, s)
		for _, tc := range []struct {
			aud  models.Audience
			want []string
		}{
			{models.AudiencePublic, []string{"a1", "c2"}},
			{models.AudienceEditors, []string{"a1", "c2", "r1"}},
		} {
			got, err := s.FiguresByKey(ctx, []string{"r1", "c2", "a1", "nope"}, tc.aud)
			must(t, err)
			if diff := cmp.Diff(tc.want, keysOf(got)); diff != "" {
				t.Errorf("%v (-want +got):\n%s", tc.aud, diff)
			}
			for _, v := range got {
				if v.Metric.Slug != v.Figure.Metric || v.Source.Key != v.Figure.Source {
					t.Errorf("%s joined to %s, %s", v.Figure.Key, v.Metric.Slug, v.Source.Key)
				}
			}
		}
	})
}

// TestCountFollowsWrites: the count of a list is remembered per data
// version, so a write shows in the next count.
func TestCountFollowsWrites(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		filterFixture(t, s)
		f := models.FigureFilter{Metrics: []string{"apprehended"}}
		count := func() int {
			p, err := s.FigurePage(ctx, f)
			must(t, err)
			return p.Total
		}
		before := count()
		v, err := s.GetFigure(ctx, "a1", models.AudienceEditors)
		must(t, err)
		must(t, s.RetractFigure(ctx, "a1", v.Figure.Version, "wrong", storetest.Change()))
		if got := count(); got != before {
			t.Fatalf("a retracted figure still matches the default filter: %d, want %d", got, before)
		}
		f.Statuses = []models.Status{models.StatusPublished}
		pub := count()
		nf := storetest.Figure("a9", "apprehended", "src")
		must(t, s.CreateFigure(ctx, &nf, storetest.Change()))
		if got := count(); got != pub+1 {
			t.Errorf("after adding a figure: %d published, want %d", got, pub+1)
		}
	})
}

// TestDeepPagesIndexOnly: on PostgreSQL, the keys of a page placed by
// offset are read in every order by an index-only scan of the order's
// index (migrations 18 and 22), which steps over the rows before the page
// without reading them from the table: the value order's index carries
// the columns its expression reads, or PostgreSQL reads every row before
// the page from the table.
func TestDeepPagesIndexOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		if s.Dialect() != store.DialectPostgres {
			return // SQLite reads an expression from its index as it is
		}
		for _, sort := range []string{"", "-period", "value", "-value", "metric", "-source", "updated", "-id", "id"} {
			plan, err := s.DeepPagePlanForTest(ctx, sort)
			must(t, err)
			if !strings.Contains(plan, "Index Only Scan") {
				t.Errorf("sort %q: the deep page's keys are not read by an index-only scan:\n%s", sort, plan)
			}
		}
	})
}

// TestKeysetSeeksByRowValue: on SQLite a page placed by a cursor (or at a
// page anchor) seeks in the index of its order by the cursor's whole row
// value where the order starts with a column, not by that column alone,
// which would step over every figure sharing its value (all of a
// generation's figures share one updated_at). Sorting by value starts
// with an expression, which SQLite seeks by on its own. So do the lists
// of one metric, source or qualifier with anchors of their own, which
// seek to an anchor and step over the figures their filter refuses in
// the order's index, never collecting the filter's matches to sort them
// (a hundred thousand figures for one source of a million), and the lists
// of one value of the other columns and the summarised list.
func TestKeysetSeeksByRowValue(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		if s.Dialect() != store.DialectSQLite {
			return // PostgreSQL seeks by row values under either condition
		}
		must(t, s.GenerateFigures(ctx, 50, 3))
		for name, f := range map[string]models.FigureFilter{
			"public":        {},
			"one metric":    {Metrics: []string{"deaths"}},
			"one source":    {Sources: []string{"synthetic-source-1"}},
			"one qualifier": {Qualifiers: []models.Qualifier{models.QualAtLeast}},
			"one state":     {ActingStates: []string{"CN"}},
			"one kind":      {Kinds: []models.QuantityKind{models.Flow}},
			"summarised":    {Summarised: true},
		} {
			f.Audience = models.AudiencePublic
			for _, sort := range []string{"", "-period", "metric", "-metric", "source", "-source", "updated", "-updated", "id", "-id"} {
				plan, err := s.KeysetPlanForTest(ctx, sort, f)
				must(t, err)
				if !strings.Contains(plan, ",key)") && !strings.Contains(plan, "(key") {
					t.Errorf("%s, sort %q: the page does not seek by the cursor's row value:\n%s", name, sort, plan)
				}
			}
		}
	})
}

// TestPeriodCountsReadThePeopleIndex: on SQLite a list filtered on a
// period beside another column (which neither anchors nor facets count)
// is counted in one pass over the people index, which holds every column
// it filters on (migration 36), not through the period's index and a
// table row for each figure it finds (up to 5.4 s at a million figures);
// the count is the list's. A period alone, beside a metric or a source
// only (whose indexes hold the period's start), or beside summarised
// (which that index does not hold), is counted as before.
func TestPeriodCountsReadThePeopleIndex(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		must(t, s.GenerateFigures(ctx, 200, 9))
		// Some shares too (the generator makes none): summarised leaves
		// them out.
		must(t, s.ExecForTest(ctx, "UPDATE figures SET share_of = (SELECT MIN(b.key) FROM figures b WHERE b.subgroup_of IS NULL) "+
			"WHERE id % 7 = 0 AND subgroup_of IS NULL AND key <> (SELECT MIN(b.key) FROM figures b WHERE b.subgroup_of IS NULL)"))
		from, to := date(2012, 3, 1), date(2018, 6, 30)
		for _, c := range []struct {
			name   string
			f      models.FigureFilter
			people bool
		}{
			{"an acting state from a day", models.FigureFilter{ActingStates: []string{"RU"}, From: from}, true},
			{"a kind up to a day", models.FigureFilter{Kinds: []models.QuantityKind{models.Stock}, To: to}, true},
			{"a qualifier, states and a window", models.FigureFilter{Qualifiers: []models.Qualifier{models.QualExact}, ActingStates: []string{"CN", "LA"}, From: from, To: to}, true},
			{"a unit, a population and a start", models.FigureFilter{Units: []string{"people"}, Populations: []string{"North Koreans"}, Starts: models.PartialDate{Start: date(2015, 1, 1), End: date(2015, 12, 31)}}, true},
			{"a metric and a state in a window", models.FigureFilter{Metrics: []string{"deaths"}, ActingStates: []string{"CN"}, From: from, To: to}, true},
			{"a metric and a source up to a day (their own indexes hold the period's start)", models.FigureFilter{Metrics: []string{"deaths"}, Sources: []string{"synthetic-source-2"}, To: to}, false},
			{"a metric from a day (its index does not hold the period's end)", models.FigureFilter{Metrics: []string{"deaths"}, From: from}, true},
			{"two sources in a window", models.FigureFilter{Sources: []string{"synthetic-source-1", "synthetic-source-2"}, From: from, To: to}, true},
			{"a window alone", models.FigureFilter{From: from, To: to}, false},
			// The summarised figures of a period: the published ones over
			// the people index, less the subgroups and shares among them.
			{"summarised, a kind from a day", models.FigureFilter{Summarised: true, Kinds: []models.QuantityKind{models.Flow}, From: from}, true},
			{"summarised up to a day", models.FigureFilter{Summarised: true, To: to}, true},
			{"summarised in a window, an acting state, every status", models.FigureFilter{Summarised: true, ActingStates: []string{"CN"}, From: from, To: to,
				Statuses: models.Statuses, Audience: models.AudienceEditors}, true},
			{"summarised drafts in a window (none)", models.FigureFilter{Summarised: true, From: from, Statuses: []models.Status{models.StatusDraft}, Audience: models.AudienceEditors}, false},
		} {
			var want int
			must(t, s.EachFigure(ctx, c.f, func(*models.FigureView) error { want++; return nil }))
			p, err := s.FigurePage(ctx, c.f)
			must(t, err)
			if p.Total != want {
				t.Errorf("%s: counts %d figures, want %d", c.name, p.Total, want)
			}
			if s.Dialect() != store.DialectSQLite {
				continue
			}
			plan, err := s.CountPlanForTest(ctx, c.f)
			must(t, err)
			if covered := strings.Contains(plan, "COVERING INDEX figures_people"); covered != c.people {
				t.Errorf("%s: counted over the people index alone %v, want %v:\n%s", c.name, covered, c.people, plan)
			}
			// Never a walk of that whole index with a table row each.
			if strings.Contains(plan, "SCAN f USING INDEX figures_people") {
				t.Errorf("%s: counted by walking the people index and reading every figure:\n%s", c.name, plan)
			}
		}
	})
}

// TestFigureStamps: the sitemaps' narrow read lists the figures, and
// their last changes, that the list ordered by id shows at the same
// offset, drafts left out for the public.
func TestFigureStamps(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		must(t, s.GenerateFigures(ctx, 300, 7))
		for _, aud := range []models.Audience{models.AudiencePublic, models.AudienceEditors} {
			for _, off := range []int{0, 50, 280} {
				f := models.FigureFilter{Audience: aud, Limit: 100, Offset: off}
				got, err := s.FigureStamps(ctx, f)
				must(t, err)
				f.Sort = "id"
				p, err := s.FigurePage(ctx, f)
				must(t, err)
				if len(got) != len(p.Items) || len(got) == 0 && off == 0 {
					t.Fatalf("%v, offset %d: %d stamps, %d figures in the page", aud, off, len(got), len(p.Items))
				}
				for i := range got {
					w := p.Items[i].Figure
					if got[i].Key != w.Key || !got[i].UpdatedAt.Equal(w.UpdatedAt) {
						t.Errorf("%v, offset %d, #%d: %s %v, the page has %s %v", aud, off, i, got[i].Key, got[i].UpdatedAt, w.Key, w.UpdatedAt)
					}
				}
			}
		}
	})
}

// TestListsOfEveryColumnHaveAnchors: a list of one value of any column a
// list is anchored on (a metric, a source, a qualifier, an acting or
// receiving state, a population, a unit, a kind), and the summarised
// list, reads its pages by
// offset from an anchor of its own, on the same figures as a walk of the
// whole list, with the right count, both when the anchors were just read
// and after writes that move figures into and out of every such list
// (noted since).
func TestListsOfEveryColumnHaveAnchors(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		must(t, s.GenerateFigures(ctx, 120, 11))
		every := store.SetAnchorEveryForTest(5)
		defer every()
		// The anchors' pages, not those placed where the page before
		// ended; the writes below are the database's own, which no
		// place would see (the store's writes change the data version).
		defer store.SetPlacesForTest(false)()
		must(t, s.RefreshPageAnchors(ctx))
		// The most common value of each column among the public figures.
		common := map[string]map[string]int{}
		must(t, s.EachFigure(ctx, models.FigureFilter{}, func(v *models.FigureView) error {
			f := v.Figure
			for col, val := range map[string]string{"metric": f.Metric, "source": f.Source, "qualifier": string(f.Qualifier),
				"acting": f.ActingState, "receiving": f.ReceivingState, "population": f.Population, "unit": f.Unit, "kind": string(f.Kind)} {
				if common[col] == nil {
					common[col] = map[string]int{}
				}
				common[col][val]++
			}
			return nil
		}))
		top := func(col string) []string {
			best, n := "", 0
			for v, c := range common[col] {
				if c > n || (c == n && v < best) {
					best, n = v, c
				}
			}
			return []string{best}
		}
		lists := map[string]models.FigureFilter{
			"metric":     {Metrics: top("metric")},
			"source":     {Sources: top("source")},
			"qualifier":  {Qualifiers: []models.Qualifier{models.Qualifier(top("qualifier")[0])}},
			"acting":     {ActingStates: top("acting")},
			"receiving":  {ReceivingStates: top("receiving")},
			"population": {Populations: top("population")},
			"unit":       {Units: top("unit")},
			"kind":       {Kinds: []models.QuantityKind{models.QuantityKind(top("kind")[0])}},
			"summarised": {Summarised: true},
		}
		counted := map[string]int{}
		check := func(when string) {
			t.Helper()
			for name, f := range lists {
				before := s.AnchoredPagesForTest()
				for _, sort := range []string{"period", "-value"} {
					f.Sort, f.Limit, f.Offset = sort, 0, 0
					var want []string
					must(t, s.EachFigure(ctx, f, func(v *models.FigureView) error { want = append(want, v.Figure.Key); return nil }))
					f.Limit = 4 // across the anchors (every 5th)
					if len(want) < 3*f.Limit {
						t.Fatalf("%s %s: only %d figures; the test needs several pages", when, name, len(want))
					}
					if n, ok := counted[name]; ok && n <= len(want) {
						t.Fatalf("%s, %s: %d figures, %d before the writes: the writes moved none out", when, name, len(want), n)
					}
					for off := 0; off < len(want)+f.Limit; off += f.Limit {
						if off > 8*f.Limit && off < len(want)-2*f.Limit {
							continue // the pages cross the anchors every which way by then
						}
						f.Offset = off
						p, err := s.FigurePage(ctx, f)
						must(t, err)
						if got, w := keysOf(p.Items), want[min(off, len(want)):min(off+f.Limit, len(want))]; !slices.Equal(got, w) {
							t.Errorf("%s, %s sorted by %s, offset %d (-walk +page):\n%s", when, name, sort, off, cmp.Diff(w, got, cmpopts.EquateEmpty()))
						}
						if p.Total != len(want) {
							t.Errorf("%s, %s sorted by %s, offset %d: counts %d figures, want %d", when, name, sort, off, p.Total, len(want))
						}
					}
				}
				if s.AnchoredPagesForTest() == before {
					t.Errorf("%s, %s: no page by offset started at an anchor of the list", when, name)
				}
			}
		}
		record := func() {
			for name, f := range lists {
				n := 0
				must(t, s.EachFigure(ctx, f, func(*models.FigureView) error { n++; return nil }))
				counted[name] = n
			}
		}
		check("just read")
		record()
		// Writes, noted: two figures of every list move out of it, one
		// figure out of the summarised list, and no refresh reads the
		// anchors again meanwhile, so that the pages place them by the
		// notes.
		hold := s.HoldPageAnchorsForTest()
		defer hold()
		for _, w := range []struct{ col, list, to string }{
			{"metric", "metric", "(SELECT MIN(slug) FROM metrics WHERE slug <> ?)"},
			{"source", "source", "(SELECT MIN(key) FROM sources WHERE key <> ?)"},
			{"qualifier", "qualifier", "CASE WHEN ? = 'at_least' THEN 'exact' ELSE 'at_least' END"},
			{"acting_state", "acting", "CASE WHEN ? = 'ZZ' THEN 'ZY' ELSE 'ZZ' END"},
			{"receiving_state", "receiving", "CASE WHEN ? = 'ZZ' THEN 'ZY' ELSE 'ZZ' END"},
			{"population", "population", "'elsewhere' || ?"},
			{"unit", "unit", "'families' || ?"},
			{"quantity_kind", "kind", "CASE WHEN ? = 'cumulative' THEN 'flow' ELSE 'cumulative' END"},
		} {
			v := top(w.list)[0]
			must(t, s.ExecForTest(ctx, "UPDATE figures SET "+w.col+" = "+w.to+" WHERE id IN (SELECT id FROM figures WHERE status = 'published' AND "+w.col+" = ? ORDER BY id LIMIT 2)", v, v))
		}
		must(t, s.ExecForTest(ctx, "UPDATE figures SET status = 'retracted', retract_reason = 'a test' WHERE id = (SELECT MIN(id) FROM figures WHERE status = 'published' AND subgroup_of IS NULL AND share_of IS NULL AND key NOT IN (SELECT subgroup_of FROM figures WHERE subgroup_of IS NOT NULL) AND key NOT IN (SELECT share_of FROM figures WHERE share_of IS NOT NULL))"))
		check("after writes")
	})
}

// TestOffsetPagesStartWhereOthersEnded: a page by offset starts where a
// page of the same list read before by offset left a place (places.go):
// read in turn, in jumps back and forth, at offsets off the pages'
// boundaries, in orders with runs of equal values, each page holds the
// figures at its offset in the whole list, with the right links (read
// forward from a place before it or backward from one after it); after a
// write that moves figures, the places of the version before are not
// used.
func TestOffsetPagesStartWhereOthersEnded(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		must(t, s.GenerateFigures(ctx, 120, 11))
		filters := map[string]models.FigureFilter{
			"public":        {},
			"every status":  {Statuses: models.Statuses, Audience: models.AudienceEditors},
			"metric+period": {Metrics: []string{"apprehended", "in_custody"}, From: date(2005, 1, 1)},
		}
		check := func(what string, f models.FigureFilter, offsets []int) {
			t.Helper()
			var want []string
			whole := f
			whole.Limit, whole.Offset = 0, 0
			must(t, s.EachFigure(ctx, whole, func(v *models.FigureView) error {
				want = append(want, v.Figure.Key)
				return nil
			}))
			for _, off := range offsets {
				f.Offset = off
				p, err := s.FigurePage(ctx, f)
				must(t, err)
				end := min(off+f.Limit, len(want))
				if got := keysOf(p.Items); !slices.Equal(got, want[min(off, end):end]) {
					t.Errorf("%s: offset %d (-whole list +page):\n%s", what, off, cmp.Diff(want[min(off, end):end], got, cmpopts.EquateEmpty()))
				}
				if p.Total != len(want) || (p.Prev != nil) != (off > 0 && off < len(want)) || (p.Next != nil) != (end < len(want)) {
					t.Errorf("%s: offset %d: total %d (want %d), previous %v, next %v", what, off, p.Total, len(want), p.Prev != nil, p.Next != nil)
				}
			}
		}
		placed := s.PlacedPagesForTest()
		for _, version := range []string{"first", "after a write"} {
			if version != "first" {
				// Figures added across the whole list in every order
				// (their periods span the years, their keys sort first
				// by -id), with places of every list left at the
				// version before.
				must(t, s.GenerateFigures(ctx, 9, 12))
			}
			for name, f := range filters {
				for _, sort := range []string{"period", "-value", "value", "source", "-id", "updated"} {
					f.Sort, f.Limit = sort, 7
					what := fmt.Sprintf("%s, sort=%s, %s", name, sort, version)
					// Backward first: each page ends where the one
					// read before it began.
					offsets := []int{56, 49, 42, 35, 30, 3}
					for off := 0; off < 70; off += 7 {
						offsets = append(offsets, off) // in turn
					}
					// Back and forth, off the boundaries, past the end.
					offsets = append(offsets, 3, 50, 22, 22, 64, 1, 36, 29, 200)
					check(what, f, offsets)
				}
			}
		}
		if s.PlacedPagesForTest() == placed {
			t.Error("no page by offset started at a place left by another")
		}
	})
}
