package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"forcedreturns/models"
)

// gormLogger routes GORM's messages to slog. It never logs statement
// parameters: they carry whatever editors typed and, in sessions, secrets.
// Failed statements are logged at debug only, because the store returns
// them (often mapped to a conflict or a not-found that is no fault) and the
// caller decides whether they deserve an error line.
type gormLogger struct {
	log  *slog.Logger // nil: silent
	slow time.Duration
}

func newGormLogger(log *slog.Logger, slow time.Duration) logger.Interface {
	return &gormLogger{log: log, slow: slow}
}

// LogMode is ignored: the slog handler's level decides.
func (l *gormLogger) LogMode(logger.LogLevel) logger.Interface { return l }

func (l *gormLogger) Info(ctx context.Context, msg string, args ...any) {
	l.emit(ctx, slog.LevelDebug, fmt.Sprintf(msg, args...))
}

func (l *gormLogger) Warn(ctx context.Context, msg string, args ...any) {
	l.emit(ctx, slog.LevelWarn, fmt.Sprintf(msg, args...))
}

func (l *gormLogger) Error(ctx context.Context, msg string, args ...any) {
	l.emit(ctx, slog.LevelError, fmt.Sprintf(msg, args...))
}

func (l *gormLogger) Trace(ctx context.Context, begin time.Time, fc func() (string, int64), err error) {
	if l.log == nil {
		return
	}
	elapsed := time.Since(begin)
	switch {
	case err != nil && !errors.Is(err, gorm.ErrRecordNotFound):
		if l.log.Enabled(ctx, slog.LevelDebug) {
			sql, _ := fc()
			l.log.DebugContext(ctx, "sql failed", "sql", sql, "error", err, "duration", elapsed)
		}
	case l.slow > 0 && elapsed > l.slow && ctx.Value(streamingKey{}) == nil:
		sql, rows := fc()
		// A multi-row INSERT of an import repeats its placeholders for
		// every row: the start says which statement it is.
		l.log.WarnContext(ctx, "slow sql", "sql", models.Clip(sql, 300), "rows", rows, "duration", elapsed)
	}
}

// ParamsFilter drops the parameters so that fc() above renders the
// statement with its placeholders.
func (l *gormLogger) ParamsFilter(_ context.Context, sql string, _ ...any) (string, []any) {
	return sql, nil
}

func (l *gormLogger) emit(ctx context.Context, level slog.Level, msg string) {
	if l.log != nil {
		l.log.Log(ctx, level, "gorm: "+msg)
	}
}

// streamingKey marks the context of a streamed read (Store.stream): its
// statement's time to the first row grows with the rows it sorts, so
// Trace does not judge it; stream judges the whole read by its rate. A
// bulk load's index builds (bulkLoad.end) carry it too.
type streamingKey struct{}

// streamMinRate is the rate, in rows a second of the database's own time
// (the consumer's excluded), below which a streamed read that took longer
// than the slow threshold is logged as slow: an export of a million rows
// that spends a few seconds sorting is not, a read of a few rows that
// takes seconds is.
const streamMinRate = 5000

// slowStream logs a streamed read that spent dbTime in the database for
// rows rows when that is slow (see streamMinRate).
func (s *Store) slowStream(ctx context.Context, op, q string, rows int64, dbTime time.Duration) {
	if dbTime > DefaultSlowQuery && float64(rows) < streamMinRate*dbTime.Seconds() {
		s.log.WarnContext(ctx, "slow sql", "op", op, "sql", models.Clip(q, 300), "rows", rows, "duration", dbTime)
	}
}
