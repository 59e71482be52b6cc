package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"forcedreturns/models"
)

// liteErr stands for the SQLite driver's error, which has a Code method.
type liteErr int

func (e liteErr) Error() string { return fmt.Sprintf("sqlite error %d", int(e)) }
func (e liteErr) Code() int     { return int(e) }

// TestUnavailable checks which failures wrap turns into EUnavailable (a
// 503 the client may retry) and with which message, and that bugs and
// refusals keep their own meaning.
func TestUnavailable(t *testing.T) {
	pg := func(code string) error {
		return fmt.Errorf("query: %w", &pgconn.PgError{Severity: "FATAL", Code: code})
	}
	for _, tt := range []struct {
		name string
		err  error
		want string // a fragment of the message; "" when not unavailable
	}{
		{"SQLITE_BUSY", liteErr(5), "busy"},
		{"SQLITE_BUSY_SNAPSHOT (extended)", liteErr(5 | 2<<8), "busy"},
		{"SQLITE_LOCKED", liteErr(6), "busy"},
		{"writer queue timed out", errBusy, "busy"},
		{"unique violation (SQLite)", liteErr(2067), ""},
		{"terminated by an administrator", pg("57P01"), "nothing was saved"},
		{"connection failure", pg("08006"), "nothing was saved"},
		{"lost during the commit", commitError{pg("57P01")}, "may or may not have been saved"},
		{"unexpected EOF during the commit", commitError{io.ErrUnexpectedEOF}, "may or may not"},
		{"serialization failure", pg("40001"), "collided"},
		{"deadlock", pg("40P01"), "collided"},
		{"statement timeout", pg("57014"), "too long"},
		{"too many connections", pg("53300"), "overloaded"},
		{"unique violation (PostgreSQL)", pg("23505"), ""},
		{"syntax error (a bug)", pg("42601"), ""},
		{"the caller gave up", context.DeadlineExceeded, ""},
		{"the caller went away", context.Canceled, ""},
		{"anything else", errors.New("boom"), ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := wrap(tt.err, "op")
			if tt.want == "" {
				if models.ErrorCode(err) == models.EUnavailable {
					t.Fatalf("wrap(%v) = %v, want no EUnavailable", tt.err, err)
				}
				return
			}
			if models.ErrorCode(err) != models.EUnavailable || !strings.Contains(models.ErrorMessage(err), tt.want) {
				t.Fatalf("wrap(%v): code %s, message %q; want unavailable mentioning %q", tt.err, models.ErrorCode(err), models.ErrorMessage(err), tt.want)
			}
			if !errors.Is(err, tt.err) || !strings.Contains(err.Error(), tt.err.Error()) {
				t.Errorf("wrap(%v) = %v: the cause is lost for the logs", tt.err, err)
			}
		})
	}
}
