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

// Migration 3 (editors) keeps every row of a database at version 1 or 2,
// and the new tables work on the upgraded data: a text can be attached
// to a source written before them.
func TestMigrateToEditorsKeepsData(t *testing.T) {
	for _, from := range []int{1, 2} {
		t.Run(fmt.Sprintf("from%d", from), func(t *testing.T) {
			storetest.EachDatabase(t, func(t *testing.T, cfg store.Config) {
				s := storetest.OpenConfig(t, cfg, false)
				must(t, s.MigrateTo(ctx, from))
				writeAtOldVersion(t, s, func() {
					storetest.Apply(t, s, oldBatch())
					editAt(t, s, "custody", fmt.Sprintf("edited at version %d", from))
				})
				before := snapshot(t, s)

				must(t, s.Migrate(ctx))
				if v, err := s.SchemaVersion(ctx); err != nil || v != store.LatestVersion() || v < 3 {
					t.Fatalf("after Migrate: version %d, %v", v, err)
				}
				if diff := cmp.Diff(before, snapshot(t, s)); diff != "" {
					t.Errorf("data changed by migrating (-before +after):\n%s", diff)
				}
				laterDefaults(t, s)
				// The server restarts after a migration (it refuses an old
				// schema): a connection that cached a SELECT * of sources
				// before migration 6 added a column cannot run it again.
				s = storetest.OpenConfig(t, cfg, false)

				eds, err := s.ListEditors(ctx)
				must(t, err)
				if len(eds) != 0 {
					t.Errorf("a migrated database has editors: %+v", eds)
				}
				ana := newEditor(t, s, "ana@example.org", models.RoleAdmin)
				must(t, s.CreateSession(ctx, hashOf(1), ana.ID, time.Now().Add(time.Hour), ""))
				must(t, s.AttachSourceText(ctx, "src", articleText, sha(articleText),
					offsets(t, articleText, s, "total", "custody"), models.Change{Editor: ana.Email}))
				if v := versions(t, s, "total", "custody"); v["src"] != 2 || v["total"] != 2 || v["custody"] != 3 {
					t.Errorf("versions after attaching a text: %v", v)
				}
			})
		})
	}
}

// laterWriteColumns are the columns later migrations add that today's
// code writes, by the migration that adds each (a source's original is
// added here without its foreign key, which SQLite would not let the test
// drop again). writeAtOldVersion adds those the database lacks around
// write, so that it can put rows into a database at an older version, then
// drops them, leaving the rows an older release would have written.
var laterWriteColumns = []struct {
	version int
	table   string
	column  string
	def     string
}{
	{5, "data_version", "public_n", "BIGINT NOT NULL DEFAULT 0"},
	{6, "figures", "paraphrase", "TEXT NOT NULL DEFAULT ''"},
	{6, "figures", "paraphrased_by", "TEXT NOT NULL DEFAULT ''"},
	{9, "figures", "period_end_precision", "TEXT NOT NULL DEFAULT 'day'"},
	{10, "figures", "share_of", "TEXT"},
	{11, "sources", "original", "TEXT"},
	{15, "metrics", "label_ko", "TEXT NOT NULL DEFAULT ''"},
	{15, "metrics", "definition_ko", "TEXT NOT NULL DEFAULT ''"},
	{15, "sources", "title_en", "TEXT NOT NULL DEFAULT ''"},
	{15, "sources", "title_ko", "TEXT NOT NULL DEFAULT ''"},
}

func writeAtOldVersion(t *testing.T, s *store.Store, write func()) {
	t.Helper()
	v, err := s.SchemaVersion(ctx)
	must(t, err)
	var add, drop strings.Builder
	for _, c := range laterWriteColumns {
		if c.version > v {
			fmt.Fprintf(&add, "ALTER TABLE %s ADD COLUMN %s %s;\n", c.table, c.column, c.def)
			fmt.Fprintf(&drop, "ALTER TABLE %s DROP COLUMN %s;\n", c.table, c.column)
		}
	}
	if add.Len() > 0 {
		must(t, s.ExecScriptForTest(ctx, add.String()))
	}
	write()
	if drop.Len() > 0 {
		must(t, s.ExecScriptForTest(ctx, drop.String()))
	}
}
