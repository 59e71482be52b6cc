// Package config gathers the settings of the forcedreturns binary from
// command-line flags and FORCEDRETURNS_* environment variables (flags win),
// so that constructors receive plain values and nothing reads globals.
package config

import (
	"flag"
	"fmt"
	"strings"
	"time"
)

// Env is the process environment as a lookup function, passed in so that
// tests control it.
type Env func(key string) string

// Database holds the storage settings every command shares.
type Database struct {
	URL              string        // PostgreSQL URL; empty means the embedded SQLite file
	SQLitePath       string        // the SQLite file when URL is empty
	MaxOpenConns     int           // PostgreSQL pool size
	StatementTimeout time.Duration // PostgreSQL statement_timeout
}

// DefaultSQLitePath is where the embedded database lives unless told otherwise.
const DefaultSQLitePath = "./data/forcedreturns.db"

// RegisterDatabase adds the database flags to fs, with defaults taken from env.
func RegisterDatabase(fs *flag.FlagSet, env Env, d *Database) {
	fs.StringVar(&d.URL, "database-url", env("FORCEDRETURNS_DATABASE_URL"),
		"PostgreSQL URL, e.g. postgres://user@host:5432/db?sslmode=disable (env FORCEDRETURNS_DATABASE_URL); empty uses SQLite")
	fs.StringVar(&d.SQLitePath, "sqlite", orDefault(env("FORCEDRETURNS_SQLITE_PATH"), DefaultSQLitePath),
		"SQLite database file used when no database URL is given (env FORCEDRETURNS_SQLITE_PATH)")
	fs.IntVar(&d.MaxOpenConns, "db-max-conns", intOr(env("FORCEDRETURNS_DB_MAX_CONNS"), 10),
		"PostgreSQL connection pool size (env FORCEDRETURNS_DB_MAX_CONNS)")
	fs.DurationVar(&d.StatementTimeout, "db-statement-timeout", durationOr(env("FORCEDRETURNS_DB_STATEMENT_TIMEOUT"), 30*time.Second),
		"PostgreSQL statement_timeout (env FORCEDRETURNS_DB_STATEMENT_TIMEOUT)")
}

// Server holds the settings of `forcedreturns serve`.
type Server struct {
	Addr            string
	TrustedProxies  []string
	PublicURL       string
	ShutdownTimeout time.Duration
	Seed            bool
}

// RegisterServer adds the server flags to fs, with defaults taken from env.
func RegisterServer(fs *flag.FlagSet, env Env, s *Server) {
	fs.StringVar(&s.Addr, "addr", orDefault(env("FORCEDRETURNS_ADDR"), "127.0.0.1:8080"),
		"address to listen on (env FORCEDRETURNS_ADDR); port 0 picks a free port")
	fs.Func("trusted-proxies", "comma-separated proxy IPs or CIDRs whose X-Forwarded-For is believed (env FORCEDRETURNS_TRUSTED_PROXIES; default none)",
		func(v string) error { s.TrustedProxies = splitList(v); return nil })
	s.TrustedProxies = splitList(env("FORCEDRETURNS_TRUSTED_PROXIES"))
	fs.StringVar(&s.PublicURL, "public-url", env("FORCEDRETURNS_PUBLIC_URL"),
		"the site's public base URL, used in embed snippets and permalinks (env FORCEDRETURNS_PUBLIC_URL)")
	fs.DurationVar(&s.ShutdownTimeout, "shutdown-timeout", 20*time.Second, "how long in-flight requests may take to finish on shutdown")
	fs.BoolVar(&s.Seed, "seed", env("FORCEDRETURNS_NO_SEED") == "", "load the seed data into an empty database at start (env FORCEDRETURNS_NO_SEED=1 disables)")
}

func splitList(v string) []string {
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

func intOr(v string, def int) int {
	var n int
	if _, err := fmt.Sscan(v, &n); err != nil || n <= 0 {
		return def
	}
	return n
}

func durationOr(v string, def time.Duration) time.Duration {
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return def
	}
	return d
}
