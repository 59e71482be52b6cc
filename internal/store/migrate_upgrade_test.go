package store_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"forcedreturns/internal/export"
	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
)

// upgradeFixtures are databases made by past releases, with rows in every
// table, dumped as SQL by testdata/upgrade/generate.sh (named by the
// commit that made them). Add one for every release that changes the
// schema; never regenerate one.
var upgradeFixtures = []struct{ rev, about string }{
	{"058335e", "the first released schema: 0001 before it grew data_version (b200f09)"},
	{"5a176ce", "0001 with data_version, applied before migration checksums were recorded"},
}

// dataTables are the tables whose rows a migration must keep.
var dataTables = []string{"metrics", "sources", "figures", "revisions", "editors",
	"sessions", "api_tokens", "login_attempts", "source_texts"}

// A database made by any past release migrates to today's schema keeping
// every row, and then takes writes, answers reads and exports. A database
// whose 0001 predates data_version used to migrate "successfully" and then
// fail every write with "no such table: data_version".
func TestUpgradeFromReleasedDatabase(t *testing.T) {
	for _, fx := range upgradeFixtures {
		t.Run(fx.rev, func(t *testing.T) {
			storetest.EachDatabase(t, func(t *testing.T, cfg store.Config) {
				s := storetest.OpenConfig(t, cfg, false)
				dump, err := os.ReadFile(filepath.Join("testdata", "upgrade", fx.rev, s.Dialect()+".sql"))
				must(t, err)
				must(t, s.ExecScriptForTest(ctx, string(dump)))
				if v, err := s.SchemaVersion(ctx); err != nil || v != 3 {
					t.Fatalf("fixture at schema version %d, %v; want 3", v, err)
				}
				before := rowCounts(t, s)
				for table, n := range before {
					if n == "0" {
						t.Errorf("fixture %s has no row in %s", fx.rev, table)
					}
				}
				counter, _ := s.QueryStringsForTest(ctx, "SELECT n FROM data_version")
				if err := s.CheckSchema(ctx); err == nil || !strings.Contains(err.Error(), "run the migrate command") {
					t.Errorf("CheckSchema before migrating: %v", err)
				}

				must(t, s.Migrate(ctx))
				must(t, s.CheckSchema(ctx))
				if v, err := s.SchemaVersion(ctx); err != nil || v != store.LatestVersion() {
					t.Fatalf("after Migrate: version %d, %v", v, err)
				}
				// Released before checksums were kept: each applied
				// migration gets the binary's.
				if diff := cmp.Diff(binaryChecksums(), recordedChecksums(t, s)); diff != "" {
					t.Errorf("checksums after upgrading (-binary +recorded):\n%s", diff)
				}
				if diff := cmp.Diff(before, rowCounts(t, s)); diff != "" {
					t.Errorf("rows changed by migrating (-before +after):\n%s", diff)
				}
				after, err := s.QueryStringsForTest(ctx, "SELECT n FROM data_version")
				must(t, err)
				if len(counter) == 0 {
					counter = []string{"0"} // created by the repair migration
				}
				if diff := cmp.Diff(counter, after); diff != "" {
					t.Errorf("data_version after migrating (-want +got):\n%s", diff)
				}

				endPrecisions(t, s)
				upgradedReads(t, s)
				upgradedWrites(t, s)
				// A second start of the upgraded database changes nothing.
				must(t, s.Migrate(ctx))
			})
		})
	}
}

func rowCounts(t *testing.T, s *store.Store) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, table := range dataTables {
		n, err := s.QueryStringsForTest(ctx, "SELECT COUNT(*) FROM "+table)
		must(t, err)
		out[table] = n[0]
	}
	return out
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// upgradedReads reads back what the old release wrote (testdata/upgrade/gen):
// the editor, her session and token, the failed sign-in, the source text
// and the retracted figure.
func upgradedReads(t *testing.T, s *store.Store) {
	t.Helper()
	ana, err := s.GetEditorByEmail(ctx, "ana@example.org")
	must(t, err)
	if ana.Role != models.RoleAdmin || ana.Disabled {
		t.Errorf("editor after upgrade: %+v", ana)
	}
	if e, err := s.GetSession(ctx, hashToken("session-1"), time.Now()); err != nil || e.ID != ana.ID {
		t.Errorf("session after upgrade: %+v, %v", e, err)
	}
	if e, err := s.GetEditorByTokenHash(ctx, hashToken("token-1")); err != nil || e.ID != ana.ID {
		t.Errorf("API token after upgrade: %+v, %v", e, err)
	}
	if n, err := s.CountLoginAttempts(ctx, "account:ana@example.org", time.Time{}); err != nil || n != 1 {
		t.Errorf("login attempts after upgrade: %d, %v", n, err)
	}
	retracted, _, err := s.ListFigures(ctx, models.FigureFilter{Statuses: []models.Status{models.StatusRetracted}, Limit: 10})
	must(t, err)
	if len(retracted) != 1 || retracted[0].Figure.RetractReason == "" {
		t.Fatalf("retracted figures after upgrade: %+v", retracted)
	}
	src := retracted[0].Figure.Source
	text, sum, err := s.GetSourceText(ctx, src)
	must(t, err)
	if text == "" || sum != hashToken(text) {
		t.Errorf("source text of %s after upgrade: sha256 %s of %q", src, sum, text)
	}
}

// upgradedWrites creates and updates a figure and adds an editor, each a
// write transaction that bumps data_version, then exports every figure.
func upgradedWrites(t *testing.T, s *store.Store) {
	t.Helper()
	dv0, err := s.DataVersion(ctx)
	must(t, err)
	views, total, err := s.ListFigures(ctx, models.FigureFilter{Statuses: models.Statuses, Limit: models.MaxPageSize})
	must(t, err)
	var base models.Figure
	for _, v := range views {
		if !v.Figure.Derived && v.Figure.Status == models.StatusPublished {
			base = v.Figure
			break
		}
	}
	f := base
	f.ID, f.Key, f.Version, f.SubgroupOf = 0, "after-upgrade", 0, ""
	f.QuoteStart, f.QuoteEnd = nil, nil
	must(t, s.CreateFigure(ctx, &f, storetest.Change()))
	got, err := s.GetFigure(ctx, base.Key, models.AudienceEditors)
	must(t, err)
	got.Figure.Notes = "edited after the upgrade"
	must(t, s.UpdateFigure(ctx, &got.Figure, storetest.Change()))
	newEditor(t, s, "bo@example.org", models.RoleEditor)
	dv1, err := s.DataVersion(ctx)
	must(t, err)
	if dv0 == dv1 {
		t.Errorf("DataVersion %s unchanged by three writes", dv0)
	}
	if eds, err := s.ListEditors(ctx); err != nil || len(eds) != 2 {
		t.Errorf("editors after a write: %+v, %v", eds, err)
	}
	if revs, err := s.Revisions(ctx, models.EntityFigure, base.Key, models.AudienceEditors); err != nil || revs[len(revs)-1].Reason != storetest.Change().Reason {
		t.Errorf("revisions of %s after an update: %+v, %v", base.Key, revs, err)
	}
	// The revisions written before the upgrade hold models.Figure's JSON,
	// the new one the API's shape: the history still diffs them field by
	// field, showing the one edit and nothing else.
	revs, err := s.Revisions(ctx, models.EntityFigure, base.Key, models.AudienceEditors)
	must(t, err)
	if len(revs) < 2 {
		t.Fatalf("%s has %d revisions after an update; the fixture should hold its older ones", base.Key, len(revs))
	}
	prev, last := revs[len(revs)-2].Snapshot, revs[len(revs)-1].Snapshot
	if !strings.Contains(prev, `"period":{`) || !strings.Contains(last, `"period_start":`) {
		t.Errorf("expected an older snapshot before a new one:\n%s\n%s", prev, last)
	}
	changes, err := models.DiffSnapshots(prev, last)
	must(t, err)
	if want := []models.FieldChange{{Field: "notes", Old: base.Notes, New: "edited after the upgrade"}}; !slices.Equal(changes, want) {
		t.Errorf("diff across the upgrade = %+v, want %+v", changes, want)
	}

	var buf bytes.Buffer
	it := func(yield func(*models.FigureView) error) error {
		return s.EachFigure(ctx, models.FigureFilter{Statuses: models.Statuses}, yield)
	}
	must(t, export.Write("ndjson", &buf, export.Meta{}, it, nil))
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != total+1 {
		t.Errorf("export has %d lines, want %d figures", len(lines), total+1)
	}
	for _, want := range []string{`"after-upgrade"`, `"edited after the upgrade"`, `"retracted"`} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("export lacks %s", want)
		}
	}
}
