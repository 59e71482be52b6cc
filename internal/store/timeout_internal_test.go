package store

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"
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
	for i := 0; i < 3; i++ { // more queries than connections: every connection has the setting
		_, err := s.sqlDB.ExecContext(ctx, "SELECT pg_sleep(3)")
		if err == nil || !strings.Contains(err.Error(), "statement timeout") {
			t.Fatalf("query %d: err = %v, want a statement timeout", i, err)
		}
	}
}
