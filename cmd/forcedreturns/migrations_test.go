package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"strings"
	"testing"
	"time"

	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
)

// A database whose record of an applied migration does not match this
// binary's copy of it is refused by serve, migrate and every other command
// that opens it: exit 1, naming the migration and both checksums.
func TestCommandsRefuseChangedMigration(t *testing.T) {
	const forged = "00000000000000000000000000000000000000000000000000000000000000ff"
	initial, err := os.ReadFile("../../internal/store/migrations/0001_initial_schema.sql")
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(initial)
	checksum := hex.EncodeToString(sum[:]) // the binary embeds this file
	storetest.EachDatabase(t, func(t *testing.T, cfg store.Config) {
		c := newCLI(t)
		if cfg.DatabaseURL != "" {
			c.env["FORCEDRETURNS_DATABASE_URL"] = cfg.DatabaseURL
		} else {
			c.env["FORCEDRETURNS_SQLITE_PATH"] = cfg.SQLitePath
		}
		contains(t, "migrate", c.ok("migrate"), "database migrated to version")
		storetest.Exec(t, cfg, "UPDATE schema_migrations SET checksum = '"+forged+"' WHERE version = 1")
		for _, args := range [][]string{{"migrate"}, {"serve", "--addr", "127.0.0.1:0"}, {"figures"}} {
			// A guard, not a timing: a serve that wrongly starts would
			// otherwise run until the test binary's timeout.
			ctx, cancel := context.WithTimeout(ctx, time.Minute)
			var stdout, stderr bytes.Buffer
			code := run(ctx, args, c.getenv, strings.NewReader(""), &stdout, &stderr)
			cancel()
			if code != exitFailure {
				t.Errorf("%s on a database with a changed migration: exit %d, want %d\n%s", args[0], code, exitFailure, stderr.String())
			}
			contains(t, args[0]+" stderr", stderr.String(),
				"forcedreturns "+args[0]+": store: an applied migration differs from this program's copy: migration 1 (initial schema)",
				forged, checksum, "The database was not changed")
		}
	})
}
