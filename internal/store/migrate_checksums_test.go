package store_test

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
)

// migrationsDir is where the migration files and their committed
// checksums (SHA256SUMS, in sha256sum's format) live.
const migrationsDir = "migrations"

// Every migration file has its committed checksum in SHA256SUMS, equal to
// the file's and to the one the binary records; a file edited after it was
// committed, or a new one without an entry, fails here.
func TestMigrationChecksumsCommitted(t *testing.T) {
	f, err := os.Open(filepath.Join(migrationsDir, "SHA256SUMS"))
	if err != nil {
		t.Fatalf("%v: list every migration's checksum with (cd internal/store/migrations && sha256sum *.sql > SHA256SUMS)", err)
	}
	defer f.Close()
	listed := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		sum, name, ok := strings.Cut(sc.Text(), "  ")
		if !ok || len(sum) != 64 {
			t.Fatalf("SHA256SUMS line %q: want \"<sha256 hex>  <file>\", as sha256sum prints", sc.Text())
		}
		listed[name] = sum
	}
	must(t, sc.Err())

	files, err := filepath.Glob(filepath.Join(migrationsDir, "*.sql"))
	must(t, err)
	if len(files) != store.LatestVersion() {
		t.Fatalf("%d migration files, the binary knows %d", len(files), store.LatestVersion())
	}
	for i, path := range files { // Glob sorts: 0001_…, 0002_…
		name := filepath.Base(path)
		b, err := os.ReadFile(path)
		must(t, err)
		sum := sha256.Sum256(b)
		got := hex.EncodeToString(sum[:])
		want, ok := listed[name]
		switch {
		case !ok:
			t.Errorf("migration %s has no entry in SHA256SUMS: add it with (cd internal/store/migrations && sha256sum %s >> SHA256SUMS)", name, name)
		case got != want:
			t.Errorf("migration %s was changed after it was committed: SHA256SUMS has %s, the file %s. "+
				"Migrations are history: restore it (git checkout main -- internal/store/migrations/%s) and add a new migration", name, want, got, name)
		}
		if m := store.Migrations()[i]; m.Checksum != got {
			t.Errorf("migration %d (%s): the binary's checksum %s, the file's %s", m.Version, name, m.Checksum, got)
		}
		delete(listed, name)
	}
	for name := range listed {
		t.Errorf("SHA256SUMS lists %s, which is not a migration file: committed migrations are never removed", name)
	}
}

func recordedChecksums(t *testing.T, s *store.Store) []string {
	t.Helper()
	got, err := s.QueryStringsForTest(ctx, "SELECT checksum FROM schema_migrations ORDER BY version")
	must(t, err)
	return got
}

func binaryChecksums() []string {
	var out []string
	for _, m := range store.Migrations() {
		out = append(out, m.Checksum)
	}
	return out
}

// Migrate records each migration's checksum as it applies it.
func TestMigrateRecordsChecksums(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		if diff := cmp.Diff(binaryChecksums(), recordedChecksums(t, s)); diff != "" {
			t.Errorf("recorded checksums (-binary +recorded):\n%s", diff)
		}
	})
}

// A database whose recorded checksum of an applied migration differs from
// the binary's is refused by Migrate and CheckSchema, with both checksums
// named, and left as it was.
func TestMigrateRefusesChangedMigration(t *testing.T) {
	const forged = "0000000000000000000000000000000000000000000000000000000000000002"
	storetest.EachDatabase(t, func(t *testing.T, cfg store.Config) {
		s := storetest.OpenConfig(t, cfg, false)
		must(t, s.MigrateTo(ctx, 3))
		storetest.Exec(t, cfg, "UPDATE schema_migrations SET checksum = '"+forged+"' WHERE version = 2")
		m := store.Migrations()[1]
		for name, err := range map[string]error{
			"Migrate":     s.Migrate(ctx),
			"MigrateTo":   s.MigrateTo(ctx, 3),
			"CheckSchema": s.CheckSchema(ctx),
		} {
			if !errors.Is(err, store.ErrMigrationChanged) {
				t.Errorf("%s: %v, want ErrMigrationChanged", name, err)
				continue
			}
			for _, want := range []string{"migration 2 (filter indexes)", forged, m.Checksum, "never change"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("%s: %q does not mention %q", name, err, want)
				}
			}
		}
		if v, err := s.SchemaVersion(ctx); err != nil || v != 3 {
			t.Errorf("a refused Migrate applied migrations: version %d, %v", v, err)
		}
		if got := recordedChecksums(t, s); got[1] != forged {
			t.Errorf("a refused Migrate rewrote the recorded checksum: %q", got)
		}
	})
}

// A database migrated before checksums were kept (no checksum column, as
// in the upgrade fixtures, or an empty one) gets the binary's checksums on
// its next Migrate; until then CheckSchema asks for the migrate command.
func TestMigrateRecordsMissingChecksums(t *testing.T) {
	storetest.EachDatabase(t, func(t *testing.T, cfg store.Config) {
		s := storetest.OpenConfig(t, cfg, true)
		storetest.Exec(t, cfg, "UPDATE schema_migrations SET checksum = '' WHERE version IN (1, 3)")
		err := s.CheckSchema(ctx)
		if err == nil || !strings.Contains(err.Error(), "migrations 1, 3 have no recorded checksum: run the migrate command") {
			t.Errorf("CheckSchema without checksums: %v", err)
		}
		must(t, s.Migrate(ctx))
		must(t, s.CheckSchema(ctx))
		if diff := cmp.Diff(binaryChecksums(), recordedChecksums(t, s)); diff != "" {
			t.Errorf("checksums after Migrate (-binary +recorded):\n%s", diff)
		}

		// Migration 4 was never applied without its checksum: a row
		// without one was altered, and is not taken on trust.
		storetest.Exec(t, cfg, "UPDATE schema_migrations SET checksum = '' WHERE version = 4")
		for name, err := range map[string]error{"Migrate": s.Migrate(ctx), "CheckSchema": s.CheckSchema(ctx)} {
			if !errors.Is(err, store.ErrMigrationChanged) || !strings.Contains(err.Error(), "migration 4 (data version for early databases) has no recorded checksum") {
				t.Errorf("%s with migration 4's checksum erased: %v", name, err)
			}
		}
	})
}
