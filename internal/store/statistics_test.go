package store_test

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
)

// TestFreshStatistics: SQLite's statistics of figures and revisions are
// gathered after an import into a database that had none, and again
// whenever they are missing, sampled (a status matching fewer figures than
// the statuses can share), missing for one index (made by a migration
// since) or of a table half or twice as large; statistics
// that still hold are left alone. Without them, an ordered query with a
// plain status condition sorts every figure (FreshStatistics).
func TestFreshStatistics(t *testing.T) {
	defer store.SetStatsMinRowsForTest(100)()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		if s.Dialect() == store.DialectPostgres {
			analyzed, err := s.FreshStatistics(ctx)
			must(t, err)
			if len(analyzed) != 0 {
				t.Errorf("PostgreSQL: analyzed %v, want nothing (autovacuum's)", analyzed)
			}
			return
		}
		storetest.Apply(t, s, storetest.Basics())
		figs := bulkFigures("stats", 150)
		_, err := streamChunks(s, figs[:75], figs[75:])
		must(t, err)
		n := int64(storedFigures(t, s))
		status := func() []int64 {
			t.Helper()
			r, err := s.QueryStringsForTest(ctx, "SELECT stat FROM sqlite_stat1 WHERE idx = 'figures_status'")
			must(t, err)
			if len(r) != 1 {
				t.Fatalf("figures_status statistics: %q, want one row", r)
			}
			var nums []int64
			for _, f := range strings.Fields(r[0]) {
				v, err := strconv.ParseInt(f, 10, 64)
				must(t, err)
				nums = append(nums, v)
			}
			return nums
		}
		sane := func(when string) {
			t.Helper()
			st := status()
			if len(st) != 2 || st[0] != n || st[1]*int64(len(models.Statuses)) < n {
				t.Errorf("%s: figures_status statistics %v, want %d rows and at least %d a status", when, st, n, n/int64(len(models.Statuses)))
			}
		}
		sane("after an import")
		tables, err := s.QueryStringsForTest(ctx, "SELECT DISTINCT tbl FROM sqlite_stat1 WHERE tbl IN ('figures', 'revisions') ORDER BY tbl")
		must(t, err)
		if !slices.Equal(tables, []string{"figures", "revisions"}) {
			t.Errorf("tables with statistics after an import: %q, want figures and revisions", tables)
		}
		fresh := func(when string, want ...string) {
			t.Helper()
			analyzed, err := s.FreshStatistics(ctx)
			must(t, err)
			if !slices.Equal(analyzed, want) {
				t.Errorf("%s: analyzed %q, want %q", when, analyzed, want)
			}
		}
		fresh("statistics that hold")
		// rows(m) makes every index of figures describe m rows.
		rows := func(m int64) string {
			return "UPDATE sqlite_stat1 SET stat = '" + strconv.FormatInt(m, 10) + "' || substr(stat, instr(stat, ' ')) WHERE tbl = 'figures'"
		}
		must(t, s.ExecForTest(ctx, rows(n/2)))
		fresh("of a table half as large")
		must(t, s.ExecForTest(ctx, rows(2*n)))
		fresh("of a table twice as large")
		for _, c := range []struct{ when, set string }{
			{"sampled", "UPDATE sqlite_stat1 SET stat = '" + strconv.FormatInt(n, 10) + " 1' WHERE idx = 'figures_status'"},
			{"of a table less than half as large", rows(n/2 - 1)},
			{"of a table more than twice as large", rows(2*n + 1)},
			{"missing", "DELETE FROM sqlite_stat1 WHERE tbl = 'figures'"},
			{"missing for one index (made again by a migration)", "DELETE FROM sqlite_stat1 WHERE idx = 'figures_people'"},
		} {
			must(t, s.ExecForTest(ctx, c.set))
			fresh(c.when, "figures")
			sane(c.when)
		}
		must(t, s.ExecForTest(ctx, "DELETE FROM sqlite_stat1 WHERE tbl = 'revisions'"))
		fresh("revisions missing", "revisions")
	})
}

// TestSummarisedPagesWalkTheirOrder: with the planner's statistics
// gathered in full (as serve does at start), the first page of the
// summarised list with a period still walks the index of its order: the
// summarised condition's status is kept off the status index like the
// filter's own, where SQLite took that index and sorted every published
// figure in a temporary B-tree (1.0 s at a million figures).
func TestSummarisedPagesWalkTheirOrder(t *testing.T) {
	defer store.SetStatsMinRowsForTest(100)()
	s := storetest.Open(t)
	must(t, s.GenerateFigures(ctx, 3000, 5))
	must(t, s.ExecForTest(ctx, "DELETE FROM sqlite_stat1"))
	_, err := s.FreshStatistics(ctx)
	must(t, err)
	for _, sort := range []string{"", "-value", "updated"} {
		for _, from := range []models.Date{date(2003, 1, 1), date(2016, 2, 1), date(2024, 6, 1)} {
			plan, err := s.FirstPagePlanForTest(ctx, sort, models.FigureFilter{Summarised: true, From: from})
			must(t, err)
			if strings.Contains(plan, "TEMP B-TREE") {
				t.Errorf("sort %q, from %s: the summarised page sorts its figures:\n%s", sort, from, plan)
			}
		}
	}
}
