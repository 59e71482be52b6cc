package store

import (
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"

	"gorm.io/gorm"
)

// The schema is changed only by these numbered, forward-only migrations,
// never by GORM's AutoMigrate (which cannot rename or drop and may re-alter
// tables on every start). Each file is applied in its own transaction
// together with its row in schema_migrations, so a failed migration leaves
// the database at the previous version.
//
// A migration is history once committed: it is never edited, only
// followed by a new one. migrations/SHA256SUMS lists the checksum of each
// file (a test and .ci/check-migrations.sh hold the files to it), and the
// database records the checksum of each migration it applied, so that a
// binary built from edited migrations refuses to start (checksums.go).
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

// MigrationInfo describes one migration this program knows.
type MigrationInfo struct {
	Version int    `json:"version"`
	Name    string `json:"name"`
	// Checksum is the SHA-256 of the migration file, in hex, as
	// sha256sum prints it and schema_migrations records it.
	Checksum string `json:"checksum"`
}

type migration struct {
	MigrationInfo
	sql string
}

var migrations = loadMigrations()

// loadMigrations reads migrations/NNNN_name.sql. A malformed or missing
// number is a mistake in this package, caught by any test run.
func loadMigrations() []migration {
	entries, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		panic(err)
	}
	var out []migration
	for _, e := range entries {
		base := strings.TrimSuffix(e.Name(), ".sql")
		num, name, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			panic("store: migration file " + e.Name() + " is not named NNNN_name.sql")
		}
		b, err := migrationFiles.ReadFile("migrations/" + e.Name())
		if err != nil {
			panic(err)
		}
		sum := sha256.Sum256(b)
		out = append(out, migration{MigrationInfo{v, strings.ReplaceAll(name, "_", " "), hex.EncodeToString(sum[:])}, string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	for i, m := range out {
		if m.Version != i+1 {
			panic(fmt.Sprintf("store: migrations must be numbered 1, 2, 3…; found %d at position %d", m.Version, i+1))
		}
	}
	return out
}

// LatestVersion is the schema version this program needs.
func LatestVersion() int { return len(migrations) }

// Migrate brings the database to the latest schema version. It is a no-op
// on an up-to-date database and safe to run from several instances at
// once: migrations are serialised by a lock (PostgreSQL: an advisory
// transaction lock; SQLite: the immediate write transaction).
func (s *Store) Migrate(ctx context.Context) error { return s.MigrateTo(ctx, LatestVersion()) }

// MigrateTo applies the migrations up to and including version. Migrations
// only go forward: asking for a version below the current one is an error,
// as is a database already migrated beyond what this program knows.
func (s *Store) MigrateTo(ctx context.Context, version int) error {
	if version < 0 || version > LatestVersion() {
		return fmt.Errorf("store: no schema version %d: this program knows versions 1 to %d", version, LatestVersion())
	}
	cur, err := s.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	if err := tooNew(cur); err != nil {
		return err
	}
	if err := s.checkApplied(ctx); err != nil {
		return err
	}
	if version < cur {
		return fmt.Errorf("store: the database is at schema version %d; migrations only go forward, not back to %d", cur, version)
	}
	for _, m := range migrations[cur:version] {
		if err := s.apply(ctx, m); err != nil {
			return err
		}
	}
	return nil
}

// SchemaVersion returns the version of the last migration applied, 0 for
// an empty database.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	db := s.db.WithContext(ctx)
	if !db.Migrator().HasTable("schema_migrations") {
		return 0, nil
	}
	return schemaVersion(db)
}

// CheckSchema returns an error unless the database is at exactly the
// version this program needs, applied from the same migrations (their
// recorded checksums match); it changes nothing, unlike Migrate.
func (s *Store) CheckSchema(ctx context.Context) error {
	v, err := s.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	if err := tooNew(v); err != nil {
		return err
	}
	if v > 0 {
		// Before the version: a changed migration is the graver problem,
		// and migrating would not cure it.
		if err := s.read(ctx, func(tx *gorm.DB) error { return s.verifyChecksums(ctx, tx, false) }); err != nil {
			return err
		}
	}
	if v < LatestVersion() {
		return fmt.Errorf("store: the database is at schema version %d, this program needs %d: run the migrate command", v, LatestVersion())
	}
	return nil
}

func schemaVersion(tx *gorm.DB) (int, error) {
	var v int
	if err := tx.Raw("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").Row().Scan(&v); err != nil {
		return 0, fmt.Errorf("store: read the schema version: %w", err)
	}
	return v, nil
}

func tooNew(v int) error {
	if v > LatestVersion() {
		return fmt.Errorf("%w: the database is at version %d, this program knows up to %d; run a newer release", ErrSchemaTooNew, v, LatestVersion())
	}
	return nil
}

// apply runs one migration and records it with its checksum, in one
// transaction. The version is read again under the lock because another
// instance may have applied the migration since MigrateTo looked.
func (s *Store) apply(ctx context.Context, m migration) error {
	// Not s.write: the data_version counter may not exist yet.
	db := s.wdb.WithContext(ctx)
	if s.dialect == DialectSQLite {
		// A migration that builds an index sorts the whole table: on the
		// writer's temp_store = MEMORY the sort stayed in memory (410 MB
		// at a million figures for migration 36); with FILE it spills
		// past the page cache to temporary files, as a bulk load's
		// builds do (bulkLoad.end).
		conn, err := s.writer(ctx)
		if err != nil {
			return fmt.Errorf("store: migration %d (%s): %w", m.Version, m.Name, err)
		}
		defer conn.Close()
		restore, err := tempFilesOn(ctx, conn)
		if err != nil {
			return fmt.Errorf("store: migration %d (%s): %w", m.Version, m.Name, err)
		}
		defer restore()
		db.Statement.ConnPool = conn
	}
	err := db.Transaction(func(tx *gorm.DB) error {
		// A migration rebuilds an index or rewrites a table: at a million
		// figures longer than the statement timeout meant for interactive
		// queries, which would roll the upgrade back every time.
		if err := s.unbounded(tx); err != nil {
			return err
		}
		// Another instance's migration is waited for as long as it
		// takes; a table's lock, held by a reader, no longer than the
		// statement timeout was (lockBounded).
		if err := s.lockMigrations(tx); err != nil {
			return err
		}
		if err := s.lockBounded(tx); err != nil {
			return err
		}
		cur, err := schemaVersion(tx)
		if err != nil {
			return err
		}
		if err := tooNew(cur); err != nil {
			return err
		}
		if cur >= m.Version {
			return nil
		}
		if cur != m.Version-1 {
			return fmt.Errorf("the database is at version %d, expected %d", cur, m.Version-1)
		}
		for _, stmt := range s.statements(m.sql) {
			if err := tx.Exec(stmt).Error; err != nil {
				return fmt.Errorf("%w\n%s", err, stmt)
			}
		}
		if err := tx.Exec("INSERT INTO schema_migrations (version, name, applied_at, checksum) VALUES (?, ?, ?, ?)",
			m.Version, m.Name, now(), m.Checksum).Error; err != nil {
			return err
		}
		s.log.InfoContext(ctx, "applied migration", "version", m.Version, "name", m.Name, "dialect", s.dialect)
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: migration %d (%s): %w", m.Version, m.Name, err)
	}
	return nil
}

// dialectTypes fills the placeholders of migration SQL. Keys are compared
// byte-wise on PostgreSQL too (COLLATE "C"), so both databases sort and
// paginate figures in the same order whatever the server's locale.
var dialectTypes = map[string]*strings.Replacer{
	DialectSQLite: strings.NewReplacer(
		"{{id}}", "INTEGER PRIMARY KEY",
		"{{timestamp}}", "DATETIME",
		"{{key}}", "TEXT"),
	DialectPostgres: strings.NewReplacer(
		"{{id}}", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
		"{{timestamp}}", "TIMESTAMPTZ",
		"{{key}}", `TEXT COLLATE "C"`),
}

// statements returns the statements of a migration that run on the store's
// database, placeholders filled. A statement that starts with {{sqlite}} or
// {{postgres}} runs on that database only: the marker is removed there and
// the statement skipped on the other, so that one migration can say what
// each database needs where their SQL differs (SQLite rebuilds a table
// to change a CHECK; PostgreSQL alters the constraint).
func (s *Store) statements(sql string) []string {
	var out []string
	for _, stmt := range splitStatements(sql) {
		if stmt, ok := forDialect(stmt, s.dialect); ok {
			out = append(out, s.dialectSQL(stmt))
		}
	}
	return out
}

// forDialect strips a leading {{sqlite}} or {{postgres}} marker from stmt
// and reports whether the statement runs on dialect; a statement without
// a marker runs on both.
func forDialect(stmt, dialect string) (string, bool) {
	for _, d := range []string{DialectSQLite, DialectPostgres} {
		if rest, ok := strings.CutPrefix(stmt, "{{"+d+"}}"); ok {
			return strings.TrimSpace(rest), d == dialect
		}
	}
	return stmt, true
}

func (s *Store) dialectSQL(q string) string {
	q = dialectTypes[s.dialect].Replace(q)
	if strings.Contains(q, "{{") {
		panic("store: unknown placeholder in migration SQL: " + q)
	}
	return q
}

// splitStatements cuts a migration into statements at semicolons that end
// a line, dropping comment lines; both drivers run one statement per Exec
// when parameters may be bound.
func splitStatements(sql string) []string {
	var out []string
	var cur strings.Builder
	for _, line := range strings.Split(sql, "\n") {
		t := strings.TrimSpace(line)
		if t == "" || strings.HasPrefix(t, "--") {
			continue
		}
		cur.WriteString(line)
		cur.WriteByte('\n')
		if strings.HasSuffix(t, ";") {
			out = append(out, strings.TrimSuffix(strings.TrimSpace(cur.String()), ";"))
			cur.Reset()
		}
	}
	if strings.TrimSpace(cur.String()) != "" {
		out = append(out, strings.TrimSpace(cur.String()))
	}
	return out
}
