package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"gorm.io/gorm"

	"forcedreturns/models"
)

// TestLoginAttemptWaitsOnlyTheBusyTimeout: while another write of this
// process holds SQLite's single writer connection (a long import, say), a
// failed sign-in is recorded or refused as busy within the busy timeout;
// it used to queue for the connection until the request's deadline.
func TestLoginAttemptWaitsOnlyTheBusyTimeout(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, Config{SQLitePath: filepath.Join(t.TempDir(), "a.db"), BusyTimeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	started, release, done := make(chan struct{}), make(chan struct{}), make(chan error)
	go func() {
		done <- s.write(ctx, func(*gorm.DB) error { close(started); <-release; return nil })
	}()
	<-started
	deadline, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	err = s.RecordLoginAttempt(deadline, "ip:192.0.2.1", time.Now())
	if deadline.Err() != nil || models.ErrorCode(err) != models.EUnavailable {
		t.Errorf("RecordLoginAttempt behind a held writer: %v (deadline %v); want unavailable within the busy timeout", err, deadline.Err())
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if err := s.RecordLoginAttempt(ctx, "ip:192.0.2.1", time.Now()); err != nil {
		t.Errorf("after the writer is free: %v", err)
	}
}
