package store_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
)

func TestGenerateFigures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		must(t, s.GenerateFigures(ctx, 2500, 42))
		all := models.FigureFilter{Audience: models.AudienceEditors, Statuses: models.Statuses}
		_, total, err := s.ListFigures(ctx, all)
		must(t, err)
		if total != 2500 {
			t.Fatalf("%d figures, want 2500", total)
		}
		qualifiers, statuses, subgroups := map[models.Qualifier]int{}, map[models.Status]int{}, 0
		must(t, s.EachFigure(ctx, all, func(v *models.FigureView) error {
			qualifiers[v.Figure.Qualifier]++
			statuses[v.Figure.Status]++
			if v.Figure.SubgroupOf != "" {
				subgroups++
			}
			return nil
		}))
		if len(qualifiers) != len(models.Qualifiers) || len(statuses) != len(models.Statuses) || subgroups == 0 {
			t.Errorf("not varied enough: qualifiers %v, statuses %v, %d subgroups", qualifiers, statuses, subgroups)
		}
		if s.Dialect() == store.DialectPostgres {
			// The summaries, computed anew, have statistics.
			r, err := s.QueryStringsForTest(ctx, "SELECT (reltuples > 0)::text FROM pg_class WHERE oid = 'chart_cells'::regclass")
			must(t, err)
			if len(r) != 1 || r[0] != "true" {
				t.Errorf("chart_cells not analysed after its cells were computed anew (reltuples > 0: %v)", r)
			}
			// Vacuumed, not only analysed, so that the table's pages are
			// marked all-visible, which the deep pages' index-only scans
			// need (whether they are depends on other sessions' snapshots).
			v, err := s.QueryStringsForTest(ctx, "SELECT vacuum_count::text FROM pg_stat_user_tables WHERE relid = 'figures'::regclass")
			must(t, err)
			if len(v) != 1 || v[0] == "0" {
				t.Errorf("figures vacuumed %v times after generating, want once", v)
			}
		}
		wantSummarised(t, s)
		wantCode(t, s.GenerateFigures(ctx, 10, 42), models.EConflict)
		must(t, s.GenerateFigures(ctx, 10, 43))
		wantCode(t, s.GenerateFigures(ctx, -1, 1), models.EInvalid)
	})
}

// wantSummarised fails unless the overview's summaries are up to date
// (no subject noted as written since) and there are some: a bulk write
// computes them at its end, so that no reader waits for them.
func wantSummarised(t *testing.T, s *store.Store) {
	t.Helper()
	n, err := s.QueryStringsForTest(ctx, "SELECT (SELECT COUNT(*) FROM chart_dirty) || ' ' || (SELECT COUNT(*) FROM chart_cells)")
	must(t, err)
	if len(n) != 1 || !strings.HasPrefix(n[0], "0 ") || n[0] == "0 0" {
		t.Errorf("subjects to summarise again and summaries after a bulk write: %v, want none and some", n)
	}
}

// BenchmarkEachFigure streams 100,000 generated figures per iteration and
// reports rows per second (go test -bench EachFigure -run '^$').
func BenchmarkEachFigure(b *testing.B) {
	const n = 100_000
	for _, d := range storetest.Dialects {
		b.Run(d, func(b *testing.B) {
			s := storetest.OpenConfig(b, storetest.NewDatabase(b, d), true)
			start := time.Now()
			must(b, s.GenerateFigures(ctx, n, 1))
			b.Logf("generated %d figures in %v", n, time.Since(start))
			rows := 0
			for b.Loop() { // b.Loop excludes the set-up above from the timing
				must(b, s.EachFigure(ctx, models.FigureFilter{Audience: models.AudienceEditors, Statuses: models.Statuses}, func(*models.FigureView) error {
					rows++
					return nil
				}))
			}
			b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

// TestGenerateNewFile: dev generate into a new SQLite database (no
// figures) keeps its journal in memory for the run and makes the figures
// on a goroutine of their own; it writes the same figures, in the same
// order, as the generator makes them one by one, with its journal in
// memory or not, and leaves the file in WAL mode and whole.
func TestGenerateNewFile(t *testing.T) {
	defer store.SetBulkForTest(150, 100)()
	const n, seed = 700, 5
	want := store.GeneratedForTest(n, seed)
	for i := range want {
		want[i].Period.EndPrecision = want[i].Period.PrecisionOfEnd() // as stored
	}
	for _, inMemory := range []bool{false, true} {
		t.Run(map[bool]string{false: "wal", true: "memory"}[inMemory], func(t *testing.T) {
			defer store.SetGenerateJournalForTest(inMemory)()
			s := storetest.Open(t)
			must(t, s.GenerateFigures(ctx, n, seed))
			if mode, want := s.GenerateJournalForTest(), map[bool]string{true: "memory"}[inMemory]; mode != want {
				t.Errorf("journal of the run: %q, want %q", mode, want)
			}
			var got []models.Figure
			must(t, s.EachFigure(ctx, models.FigureFilter{Audience: models.AudienceEditors, Statuses: models.Statuses}, func(v *models.FigureView) error {
				got = append(got, v.Figure)
				return nil
			}))
			slices.SortFunc(got, func(a, b models.Figure) int { return strings.Compare(a.Key, b.Key) })
			if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(models.Figure{}, "ID", "CreatedAt", "UpdatedAt"), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("generated figures differ from the generator's, one by one (-want +got):\n%s", diff)
			}
			for q, want := range map[string]string{"PRAGMA journal_mode": "wal", "PRAGMA integrity_check": "ok", "PRAGMA foreign_key_check": ""} {
				got, err := s.QueryStringsForTest(ctx, q)
				must(t, err)
				if strings.Join(got, ",") != want {
					t.Errorf("%s after generate: %q, want %q", q, got, want)
				}
			}
		})
	}
}

// TestGenerateNewFileOpenElsewhere: dev generate into a new SQLite file
// that another process has open (a serve on it) cannot switch the
// journal out of WAL: the run goes on under WAL, and writes every figure,
// instead of failing as busy.
func TestGenerateNewFileOpenElsewhere(t *testing.T) {
	defer store.SetBulkForTest(150, 100)()
	defer store.SetGenerateJournalForTest(true)()
	cfg := storetest.NewDatabase(t, store.DialectSQLite)
	s := storetest.OpenConfig(t, cfg, true)
	other := storetest.OpenConfig(t, cfg, false)
	if _, err := other.QueryStringsForTest(ctx, "SELECT COUNT(*) FROM figures"); err != nil {
		t.Fatal(err)
	}
	const n = 300
	must(t, s.GenerateFigures(ctx, n, 5))
	if mode := s.GenerateJournalForTest(); mode != "wal" {
		t.Errorf("journal of the run: %q, want \"wal\" (the file is open elsewhere)", mode)
	}
	got, err := other.QueryStringsForTest(ctx, "SELECT COUNT(*) FROM figures")
	must(t, err)
	if strings.Join(got, "") != "300" {
		t.Errorf("figures seen by the other process: %v, want %d", got, n)
	}
}
