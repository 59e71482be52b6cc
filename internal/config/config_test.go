package config

import (
	"errors"
	"flag"
	"io"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// parse registers every flag with env, parses args and checks the
// environment, as a command does.
func parse(env map[string]string, args ...string) (Database, Server, error) {
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var d Database
	var s Server
	getenv := func(k string) string { return env[k] }
	RegisterDatabase(fs, getenv, &d)
	RegisterServer(fs, getenv, &s)
	err := fs.Parse(args)
	if err == nil {
		err = Check(fs)
	}
	return d, s, err
}

func TestDefaults(t *testing.T) {
	d, s, err := parse(nil)
	if err != nil {
		t.Fatal(err)
	}
	wantD := Database{SQLitePath: DefaultSQLitePath, MaxOpenConns: 10, StatementTimeout: 30 * time.Second}
	wantS := Server{Addr: "127.0.0.1:8080", ShutdownTimeout: 20 * time.Second, Seed: true}
	if diff := cmp.Diff(wantD, d); diff != "" {
		t.Errorf("database (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(wantS, s); diff != "" {
		t.Errorf("server (-want +got):\n%s", diff)
	}
}

func TestEnvAndFlags(t *testing.T) {
	type want struct {
		conns   int
		timeout time.Duration
		seed    bool
	}
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want want
	}{
		{"defaults", nil, nil, want{10, 30 * time.Second, true}},
		{"env", map[string]string{"FORCEDRETURNS_DB_MAX_CONNS": "25", "FORCEDRETURNS_DB_STATEMENT_TIMEOUT": "1m30s"}, nil, want{25, 90 * time.Second, true}},
		{"flags win over env", map[string]string{"FORCEDRETURNS_DB_MAX_CONNS": "25", "FORCEDRETURNS_DB_STATEMENT_TIMEOUT": "2m"},
			[]string{"--db-max-conns", "3", "--db-statement-timeout", "500ms"}, want{3, 500 * time.Millisecond, true}},
		{"no seed 1", map[string]string{"FORCEDRETURNS_NO_SEED": "1"}, nil, want{10, 30 * time.Second, false}},
		{"no seed true", map[string]string{"FORCEDRETURNS_NO_SEED": "TRUE"}, nil, want{10, 30 * time.Second, false}},
		{"no seed yes", map[string]string{"FORCEDRETURNS_NO_SEED": "yes"}, nil, want{10, 30 * time.Second, false}},
		{"no seed 0 keeps seeding", map[string]string{"FORCEDRETURNS_NO_SEED": "0"}, nil, want{10, 30 * time.Second, true}},
		{"no seed false keeps seeding", map[string]string{"FORCEDRETURNS_NO_SEED": "false"}, nil, want{10, 30 * time.Second, true}},
		{"no seed off keeps seeding", map[string]string{"FORCEDRETURNS_NO_SEED": "off"}, nil, want{10, 30 * time.Second, true}},
		{"seed flag beats no seed", map[string]string{"FORCEDRETURNS_NO_SEED": "1"}, []string{"--seed"}, want{10, 30 * time.Second, true}},
		{"seed=false", nil, []string{"--seed=false"}, want{10, 30 * time.Second, false}},
		{"seed=no", nil, []string{"--seed=no"}, want{10, 30 * time.Second, false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, s, err := parse(tt.env, tt.args...)
			if err != nil {
				t.Fatal(err)
			}
			got := want{d.MaxOpenConns, d.StatementTimeout, s.Seed}
			if got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestMalformed(t *testing.T) {
	const (
		conns    = "a whole number from 1 to 10000"
		duration = "a duration such as 30s or 2m"
		boolean  = "1, true, yes or on, or 0, false, no or off"
	)
	tests := []struct {
		name     string
		value    string
		expected string
	}{
		{"FORCEDRETURNS_DB_MAX_CONNS", "ten", conns},
		{"FORCEDRETURNS_DB_MAX_CONNS", "0", conns},
		{"FORCEDRETURNS_DB_MAX_CONNS", "-3", conns},
		{"FORCEDRETURNS_DB_MAX_CONNS", "+5", conns},
		{"FORCEDRETURNS_DB_MAX_CONNS", "010", conns},
		{"FORCEDRETURNS_DB_MAX_CONNS", "0x10", conns},
		{"FORCEDRETURNS_DB_MAX_CONNS", "1e3", conns},
		{"FORCEDRETURNS_DB_MAX_CONNS", "5.0", conns},
		{"FORCEDRETURNS_DB_MAX_CONNS", "1,000", conns},
		{"FORCEDRETURNS_DB_MAX_CONNS", " 5", conns},
		{"FORCEDRETURNS_DB_MAX_CONNS", "10001", conns},
		{"FORCEDRETURNS_DB_MAX_CONNS", "99999999999999999999", conns},
		{"FORCEDRETURNS_DB_STATEMENT_TIMEOUT", "30", duration},
		{"FORCEDRETURNS_DB_STATEMENT_TIMEOUT", "0", duration},
		{"FORCEDRETURNS_DB_STATEMENT_TIMEOUT", "0s", duration},
		{"FORCEDRETURNS_DB_STATEMENT_TIMEOUT", "-5s", duration},
		{"FORCEDRETURNS_DB_STATEMENT_TIMEOUT", "30 s", duration},
		{"FORCEDRETURNS_DB_STATEMENT_TIMEOUT", "thirty seconds", duration},
		{"FORCEDRETURNS_NO_SEED", "2", boolean},
		{"FORCEDRETURNS_NO_SEED", "nope", boolean},
		{"FORCEDRETURNS_NO_SEED", " 1", boolean},
	}
	for _, tt := range tests {
		t.Run(tt.name+"="+tt.value, func(t *testing.T) {
			_, _, err := parse(map[string]string{tt.name: tt.value})
			want := tt.name + ": expected " + tt.expected + `, got "` + tt.value + `"`
			if err == nil || err.Error() != want {
				t.Fatalf("error %v, want %s", err, want)
			}
			if ve := (*VarError)(nil); !errors.As(err, &ve) {
				t.Errorf("%T is not a *VarError", err)
			}
			// A flag does not hide the malformed variable.
			if _, _, err := parse(map[string]string{tt.name: tt.value}, "--db-max-conns", "4", "--db-statement-timeout", "4s", "--seed"); err == nil {
				t.Errorf("no error when a flag overrides the malformed variable")
			}
		})
	}
}

func TestMalformedFlags(t *testing.T) {
	for _, args := range [][]string{
		{"--db-max-conns", "010"},
		{"--db-max-conns", "+5"},
		{"--db-max-conns", "0"},
		{"--db-max-conns", ""},
		{"--db-statement-timeout", "30"},
		{"--db-statement-timeout", "0"},
		{"--shutdown-timeout", "-1s"},
		{"--seed=2"},
	} {
		if _, _, err := parse(nil, args...); err == nil {
			t.Errorf("%q: no error", args)
		}
	}
}

func TestParseInt(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"0", 0, true}, {"7", 7, true}, {"10000", 10000, true},
		{"", 0, false}, {"00", 0, false}, {"07", 0, false}, {"-1", 0, false}, {"+1", 0, false},
		{"1_000", 0, false}, {"1 000", 0, false}, {"10001", 0, false}, {"٣", 0, false},
	}
	for _, tt := range tests {
		got, err := ParseInt(tt.in, 0, 10000)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseInt(%q) = %d, %v; want %d, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}
