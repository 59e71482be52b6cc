package store

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"gorm.io/gorm"
)

// ErrMigrationChanged is returned (wrapped) when the database recorded a
// checksum for an applied migration that differs from this program's copy
// of that migration: the program was built from edited migrations (or the
// record was altered), so the schema it expects may not be the one the
// database has. The store refuses rather than guess.
var ErrMigrationChanged = errors.New("store: an applied migration differs from this program's copy")

// checksumsSince is the first migration applied by a release that records
// checksums. Only rows of earlier migrations may lack one; they are the
// rows a release recorded before checksums existed.
const checksumsSince = 4

// checkApplied makes sure schema_migrations exists with its checksum
// column, records the checksum of every migration applied before
// checksums were kept, and verifies the others, all under the migration
// lock in one transaction.
func (s *Store) checkApplied(ctx context.Context) error {
	err := s.wdb.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := s.lockMigrations(tx); err != nil {
			return err
		}
		if err := s.ensureBookkeeping(tx); err != nil {
			return err
		}
		return s.verifyChecksums(ctx, tx, true)
	})
	if err != nil && !errors.Is(err, ErrMigrationChanged) && !errors.Is(err, ErrSchemaTooNew) {
		return fmt.Errorf("store: check the applied migrations: %w", err)
	}
	return err
}

// lockMigrations serialises migrating instances for the rest of tx. On
// SQLite the transaction itself does (BEGIN IMMEDIATE, see openSQLite).
func (s *Store) lockMigrations(tx *gorm.DB) error {
	if s.dialect != DialectPostgres {
		return nil
	}
	// Keyed by schema so that databases sharing a server (and parallel
	// test schemas) do not wait for one another.
	return tx.Exec("SELECT pg_advisory_xact_lock(hashtextextended('forcedreturns.migrate.' || current_schema(), 0))").Error
}

// ensureBookkeeping creates schema_migrations, or adds the checksum column
// to one created by a release that did not keep checksums.
func (s *Store) ensureBookkeeping(tx *gorm.DB) error {
	if err := tx.Exec(s.dialectSQL(`CREATE TABLE IF NOT EXISTS schema_migrations (
		version     INTEGER PRIMARY KEY,
		name        TEXT NOT NULL,
		applied_at  {{timestamp}} NOT NULL,
		checksum    TEXT NOT NULL DEFAULT '')`)).Error; err != nil {
		return err
	}
	if ok, err := s.hasChecksums(tx); ok || err != nil {
		return err
	}
	return tx.Exec("ALTER TABLE schema_migrations ADD COLUMN checksum TEXT NOT NULL DEFAULT ''").Error
}

// hasChecksums reports whether schema_migrations has its checksum column.
func (s *Store) hasChecksums(tx *gorm.DB) (bool, error) {
	q := "SELECT COUNT(*) FROM pragma_table_info('schema_migrations') WHERE name = 'checksum'"
	if s.dialect == DialectPostgres {
		q = `SELECT COUNT(*) FROM information_schema.columns
			WHERE table_schema = current_schema() AND table_name = 'schema_migrations' AND column_name = 'checksum'`
	}
	var n int
	err := tx.Raw(q).Row().Scan(&n)
	return n > 0, err
}

// verifyChecksums compares the checksum recorded for each applied
// migration with this program's. A row of a migration before
// checksumsSince without one was written by a release that did not keep
// checksums: with backfill it gets this program's checksum (logged; from
// then on it is verified), without it the database needs the migrate
// command. That trusts, once, that those releases applied the committed
// text; the one known exception, 0001 before b200f09, is repaired by 0004.
// Rows of migrations newer than this program are left to tooNew.
func (s *Store) verifyChecksums(ctx context.Context, tx *gorm.DB, backfill bool) error {
	if !backfill {
		ok, err := s.hasChecksums(tx)
		if err != nil {
			return err
		}
		if !ok {
			return errors.New("store: the database has no migration checksums yet: run the migrate command")
		}
	}
	rows, err := tx.Raw("SELECT version, checksum FROM schema_migrations ORDER BY version").Rows()
	if err != nil {
		return fmt.Errorf("read schema_migrations: %w", err)
	}
	recorded := map[int]string{}
	for rows.Next() {
		var v int
		var sum string
		if err := rows.Scan(&v, &sum); err != nil {
			rows.Close()
			return err
		}
		recorded[v] = sum
	}
	if err := rows.Close(); err != nil {
		return err
	}
	var missing []migration
	for _, m := range migrations {
		sum, ok := recorded[m.Version]
		switch {
		case !ok:
		case sum == "" && m.Version < checksumsSince:
			missing = append(missing, m)
		case sum == "":
			return fmt.Errorf("%w: migration %d (%s) has no recorded checksum, yet every release that applies it records one: "+
				"schema_migrations was altered. Check the schema against this migration, then record its checksum %s",
				ErrMigrationChanged, m.Version, m.Name, m.Checksum)
		case sum != m.Checksum:
			return fmt.Errorf("%w: migration %d (%s) was applied with checksum %s, but this program's copy has checksum %s. "+
				"Migrations must never change once applied: run a build whose migrations match this database "+
				"(an official release), or restore the edited file from version control and put its change in a new migration. "+
				"The database was not changed",
				ErrMigrationChanged, m.Version, m.Name, sum, m.Checksum)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	versions := make([]string, len(missing))
	for i, m := range missing {
		versions[i] = fmt.Sprint(m.Version)
	}
	if !backfill {
		return fmt.Errorf("store: migrations %s have no recorded checksum: run the migrate command", strings.Join(versions, ", "))
	}
	for _, m := range missing {
		if err := tx.Exec("UPDATE schema_migrations SET checksum = ? WHERE version = ? AND checksum = ''", m.Checksum, m.Version).Error; err != nil {
			return err
		}
	}
	s.log.WarnContext(ctx, "recorded the checksums of migrations applied before checksums were kept; they are verified from now on",
		"versions", strings.Join(versions, ","), "dialect", s.dialect)
	return nil
}
