package store

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"
)

// TestPostgresStatementTimeout checks that the configured statement_timeout
// reaches every pooled connection: a query running longer is cancelled by
// the server.
func TestPostgresStatementTimeout(t *testing.T) {
	url := os.Getenv("FORCEDRETURNS_TEST_DATABASE_URL")
	if url == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true but FORCEDRETURNS_TEST_DATABASE_URL is not set")
		}
		t.Skip("FORCEDRETURNS_TEST_DATABASE_URL not set: no PostgreSQL to test against")
	}
	ctx := context.Background()
	s, err := Open(ctx, Config{DatabaseURL: url, StatementTimeout: 200 * time.Millisecond, MaxOpenConns: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	timesOut := func(when string) {
		t.Helper()
		for i := 0; i < 3; i++ { // more queries than connections: every connection has the setting
			_, err := s.sqlDB.ExecContext(ctx, "SELECT pg_sleep(3)")
			if err == nil || !strings.Contains(err.Error(), "statement timeout") {
				t.Fatalf("%s, query %d: err = %v, want a statement timeout", when, i, err)
			}
		}
	}
	timesOut("at first")
	// Work that is long by nature runs without it, in a transaction
	// (writeTxUnbounded) or on a connection of its own (execUnbounded),
	// which goes back to the pool with its timeout.
	if err := s.writeTxUnbounded(ctx, false, func(tx *gorm.DB) error { return tx.Exec("SELECT pg_sleep(0.5)").Error }); err != nil {
		t.Fatalf("writeTxUnbounded: %v", err)
	}
	if err := s.execUnbounded(ctx, "SELECT pg_sleep(0.5)"); err != nil {
		t.Fatalf("execUnbounded: %v", err)
	}
	timesOut("after the unbounded statements")
}
