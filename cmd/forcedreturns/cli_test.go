package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestHelp checks that every command explains itself with --help (and -h),
// exits 0, and touches no database doing so.
func TestHelp(t *testing.T) {
	for _, cmd := range commands() {
		for _, flag := range []string{"--help", "-h"} {
			t.Run(cmd.name+flag, func(t *testing.T) {
				c := newCLI(t)
				r := c.run(cmd.name, flag)
				if r.code != exitOK {
					t.Fatalf("exit %d, want 0: %s", r.code, r)
				}
				contains(t, "stdout", r.stdout, "Usage", cmd.name)
				noDatabase(t, c)
			})
		}
	}
	t.Run("dev generate --help", func(t *testing.T) {
		c := newCLI(t)
		r := c.run("dev", "generate", "--help")
		if r.code != exitOK {
			t.Fatalf("exit %d, want 0: %s", r.code, r)
		}
		contains(t, "stdout", r.stdout, "Usage", "-figures")
	})
	for _, args := range [][]string{{"help"}, {"--help"}, {"-h"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			r := newCLI(t).run(args...)
			if r.code != exitOK {
				t.Fatalf("exit %d, want 0: %s", r.code, r)
			}
			contains(t, "stdout", r.stdout, "Usage")
			for _, cmd := range commands() {
				contains(t, "help", r.stdout, "  "+cmd.name+" ")
			}
		})
	}
	t.Run("no arguments", func(t *testing.T) {
		r := newCLI(t).run()
		if r.code != exitUsage {
			t.Fatalf("exit %d, want %d: %s", r.code, exitUsage, r)
		}
		contains(t, "output", r.stdout+r.stderr, "Usage")
	})
}

// noDatabase fails the test if the command created the database: help and
// usage errors must be answered before anything is opened.
func noDatabase(t *testing.T, c *cli) {
	t.Helper()
	if _, err := os.Stat(c.dbPath()); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the command created or opened the database %s (stat: %v)", c.dbPath(), err)
	}
}

// unlistenable is an address serve cannot listen on: should a usage error
// go unnoticed, serve fails instead of serving until the test times out.
const unlistenable = "256.0.0.1:0"

// TestUsageErrors checks that a caller's mistake exits 2 with a message that
// names what is wrong and how to get help, before any database is opened.
func TestUsageErrors(t *testing.T) {
	tests := []struct {
		args []string
		want []string // fragments of stderr
	}{
		{[]string{"nope"}, []string{`unknown command "nope"`, "Usage", "export"}},
		{[]string{"figures", "--bogus"}, []string{"unknown flag -bogus: expected one of ", "-metric, ", "-sort", "forcedreturns figures --help"}},
		{[]string{"export", "--formt", "csv"}, []string{"unknown flag -formt: did you mean -format?", "forcedreturns export --help"}},
		{[]string{"import", "--Dry-Run", "x.csv"}, []string{"unknown flag -Dry-Run: did you mean -dry-run?"}},
		{[]string{"export", "--format"}, []string{"flag needs an argument: -format"}},
		{[]string{"figures", "--limit", "0"}, []string{`invalid value "0" for flag -limit`, "1 to 500"}},
		{[]string{"figures", "--limit", "501"}, []string{`invalid value "501" for flag -limit`}},
		{[]string{"figures", "--limit", "010"}, []string{`invalid value "010" for flag -limit`, "whole number"}},
		{[]string{"figures", "--limit", "+5"}, []string{`invalid value "+5" for flag -limit`}},
		{[]string{"migrate", "--db-max-conns", "0x10"}, []string{`invalid value "0x10" for flag -db-max-conns`, "whole number from 1 to 10000"}},
		{[]string{"migrate", "--db-statement-timeout", "30"}, []string{`invalid value "30" for flag -db-statement-timeout`, "duration such as 30s or 2m"}},
		{[]string{"serve", "--addr", unlistenable, "--shutdown-timeout", "-1s"}, []string{`invalid value "-1s" for flag -shutdown-timeout`, "duration"}},
		{[]string{"serve", "--addr", unlistenable, "--seed=maybe"}, []string{`"maybe" for -seed`, "true"}},
		{[]string{"figures", "--limit", "ten"}, []string{"invalid value", "-limit"}},
		{[]string{"figures", "--qualifier", "roughly"}, []string{"-qualifier", "roughly"}},
		{[]string{"export", "--format", "xlsx"}, []string{"-format", "csv", "json", "ndjson", "datapackage", `"xlsx"`}},
		{[]string{"export", "--from", "2017-13"}, []string{"-from", "2017-13", "month"}},
		{[]string{"export", "--from", "2018", "--to", "2017"}, []string{"-to", "before"}},
		{[]string{"export", "--metric", "Not A Slug"}, []string{"-metric"}},
		{[]string{"export", "--acting", "China"}, []string{"-acting", `"China"`, "two-letter ISO 3166-1 code"}},
		{[]string{"export", "--sort", "size"}, []string{"-sort", "size"}},
		{[]string{"export", "--format", "datapackage"}, []string{"-out"}},
		{[]string{"export", "extra"}, []string{"unexpected arguments"}},
		{[]string{"import"}, []string{"exactly one FILE", "got 0"}},
		{[]string{"import", "a.csv", "b.csv"}, []string{"exactly one FILE", "got 2"}},
		{[]string{"check", "--format", "xml"}, []string{"-format", "text or json", `"xml"`}},
		{[]string{"migrate", "extra"}, []string{"unexpected arguments"}},
		{[]string{"seed", "extra"}, []string{"unexpected arguments"}},
		{[]string{"serve", "extra"}, []string{"unexpected arguments"}},
		{[]string{"dev"}, []string{"dev generate --figures N"}},
		{[]string{"dev", "nonsense"}, []string{"dev generate --figures N"}},
		{[]string{"dev", "generate"}, []string{"-figures", "required"}},
		{[]string{"dev", "generate", "--figures", "-5"}, []string{`invalid value "-5" for flag -figures`}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			c := newCLI(t)
			r := c.run(tt.args...)
			if r.code != exitUsage {
				t.Fatalf("exit %d, want %d: %s", r.code, exitUsage, r)
			}
			contains(t, "stderr", r.stderr, tt.want...)
			noDatabase(t, c)
		})
	}
}

// TestEnvUsageErrors checks that a malformed environment variable is a usage
// error naming the variable and the expected form, before any database is
// opened, whatever the command, and even when a flag overrides it.
func TestEnvUsageErrors(t *testing.T) {
	tests := []struct {
		env  map[string]string
		args []string
		want string
	}{
		{map[string]string{"FORCEDRETURNS_DB_MAX_CONNS": "ten"}, []string{"migrate"},
			`FORCEDRETURNS_DB_MAX_CONNS: expected a whole number from 1 to 10000, got "ten"`},
		{map[string]string{"FORCEDRETURNS_DB_MAX_CONNS": "0"}, []string{"figures"},
			`FORCEDRETURNS_DB_MAX_CONNS: expected a whole number from 1 to 10000, got "0"`},
		{map[string]string{"FORCEDRETURNS_DB_STATEMENT_TIMEOUT": "30"}, []string{"export"},
			`FORCEDRETURNS_DB_STATEMENT_TIMEOUT: expected a duration such as 30s or 2m, got "30"`},
		{map[string]string{"FORCEDRETURNS_DB_STATEMENT_TIMEOUT": "30"}, []string{"check", "--db-statement-timeout", "5s"},
			`FORCEDRETURNS_DB_STATEMENT_TIMEOUT: expected a duration such as 30s or 2m, got "30"`},
		{map[string]string{"FORCEDRETURNS_NO_SEED": "maybe"}, []string{"serve", "--addr", unlistenable},
			`FORCEDRETURNS_NO_SEED: expected 1, true, yes or on, or 0, false, no or off, got "maybe"`},
		{map[string]string{"FORCEDRETURNS_DB_MAX_CONNS": "5 "}, []string{"editor", "list"},
			`FORCEDRETURNS_DB_MAX_CONNS: expected a whole number from 1 to 10000, got "5 "`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " ")+" "+tt.want[:strings.Index(tt.want, ":")], func(t *testing.T) {
			c := newCLI(t)
			for k, v := range tt.env {
				c.env[k] = v
			}
			r := c.run(tt.args...)
			if r.code != exitUsage {
				t.Fatalf("exit %d, want %d: %s", r.code, exitUsage, r)
			}
			contains(t, "stderr", r.stderr, tt.want)
			noDatabase(t, c)
		})
	}
}

// TestDefaultDatabaseNamed: a command that creates the default database
// says where, once; one given a database does not.
func TestDefaultDatabaseNamed(t *testing.T) {
	c := newCLI(t)
	t.Chdir(c.dir)
	delete(c.env, "FORCEDRETURNS_SQLITE_PATH")
	want := "forcedreturns: no database at " + filepath.Join(c.dir, "data", "forcedreturns.db") + ": creating an empty one"
	r := c.run("figures")
	if r.code != exitOK || !strings.Contains(r.stderr, want) {
		t.Errorf("first run: exit %d, stderr %q, want %q", r.code, r.stderr, want)
	}
	if r := c.run("figures"); r.code != exitOK || strings.Contains(r.stderr, "no database") {
		t.Errorf("second run: exit %d, stderr %q, want no note", r.code, r.stderr)
	}
	if r := c.run("figures", "--sqlite", filepath.Join(c.dir, "other.db")); r.code != exitOK || strings.Contains(r.stderr, "no database") {
		t.Errorf("a named database: exit %d, stderr %q, want no note", r.code, r.stderr)
	}
}
