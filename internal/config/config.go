// Package config gathers the settings of the forcedreturns binary from
// command-line flags and FORCEDRETURNS_* environment variables (flags win),
// so that constructors receive plain values and nothing reads globals.
//
// Parsing is strict: a number, duration or boolean that is not written in
// the expected form is an error naming the variable or flag and the form,
// never a silent default. An environment variable is checked even when a
// flag overrides it, so that a wrong setting in a unit file is found the
// first time anything runs, not the day the flag is dropped.
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

// RegisterDatabase adds the database flags to fs, with defaults taken from
// env; a malformed variable is reported by Check after parsing.
func RegisterDatabase(fs *flag.FlagSet, env Env, d *Database) {
	fs.StringVar(&d.URL, "database-url", env("FORCEDRETURNS_DATABASE_URL"),
		"PostgreSQL URL, e.g. postgres://user@host:5432/db?sslmode=disable (env FORCEDRETURNS_DATABASE_URL); empty uses SQLite")
	fs.StringVar(&d.SQLitePath, "sqlite", orDefault(env("FORCEDRETURNS_SQLITE_PATH"), DefaultSQLitePath),
		"SQLite database file used when no database URL is given (env FORCEDRETURNS_SQLITE_PATH)")
	fs.Var(newIntValue(&d.MaxOpenConns, 10, 1, 10_000, env, "FORCEDRETURNS_DB_MAX_CONNS"), "db-max-conns",
		"PostgreSQL connection pool size, a whole number from 1 to 10000 (env FORCEDRETURNS_DB_MAX_CONNS)")
	fs.Var(newDurationValue(&d.StatementTimeout, 30*time.Second, env, "FORCEDRETURNS_DB_STATEMENT_TIMEOUT"), "db-statement-timeout",
		"PostgreSQL statement_timeout, a duration such as 30s or 2m (env FORCEDRETURNS_DB_STATEMENT_TIMEOUT)")
}

// Server holds the settings of `forcedreturns serve`.
type Server struct {
	Addr            string
	TrustedProxies  []string
	PublicURL       string
	ShutdownTimeout time.Duration
	Seed            bool
}

// RegisterServer adds the server flags to fs, with defaults taken from env;
// a malformed variable is reported by Check after parsing.
func RegisterServer(fs *flag.FlagSet, env Env, s *Server) {
	fs.StringVar(&s.Addr, "addr", orDefault(env("FORCEDRETURNS_ADDR"), "127.0.0.1:8080"),
		"address to listen on (env FORCEDRETURNS_ADDR); port 0 picks a free port")
	fs.Func("trusted-proxies", "comma-separated proxy IPs or CIDRs whose X-Forwarded-For is believed (env FORCEDRETURNS_TRUSTED_PROXIES; default none)",
		func(v string) error { s.TrustedProxies = splitList(v); return nil })
	s.TrustedProxies = splitList(env("FORCEDRETURNS_TRUSTED_PROXIES"))
	fs.StringVar(&s.PublicURL, "public-url", env("FORCEDRETURNS_PUBLIC_URL"),
		"the site's public base URL, used in embed snippets and permalinks (env FORCEDRETURNS_PUBLIC_URL)")
	fs.Var(newDurationValue(&s.ShutdownTimeout, 20*time.Second, env, ""), "shutdown-timeout",
		"how long in-flight requests may take to finish on shutdown, a duration such as 20s")
	// The variable says "no seed", so its truth turns seeding off:
	// FORCEDRETURNS_NO_SEED=0 (or false, no, off) keeps it on.
	fs.Var(newBoolValue(&s.Seed, true, env, "FORCEDRETURNS_NO_SEED"), "seed",
		"load the seed data into an empty database at start (env FORCEDRETURNS_NO_SEED=1 disables)")
}

// Check returns the first malformed environment variable behind a flag of
// fs, as a *VarError; call it after parsing.
func Check(fs *flag.FlagSet) error {
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		if ev, ok := f.Value.(interface{ envErr() error }); ok && err == nil {
			err = ev.envErr()
		}
	})
	return err
}

// VarError is a malformed environment variable: its name, the form
// expected and what it held.
type VarError struct {
	Name     string
	Expected string
	Got      string
}

func (e *VarError) Error() string {
	return fmt.Sprintf("%s: expected %s, got %q", e.Name, e.Expected, e.Got)
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
