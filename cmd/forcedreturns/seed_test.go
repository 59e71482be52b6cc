package main

import (
	"fmt"
	"strings"
	"testing"
)

// TestMigrateSeedFigures walks a new installation: migrate, seed twice (the
// second changes nothing), then list the figures the way a reader must see
// them — qualified, never a bare "41" for "41 documented".
func TestMigrateSeedFigures(t *testing.T) {
	c := newCLI(t)
	b := seedBatch(t)
	total := len(b.Metrics) + len(b.Sources) + len(b.Figures)

	contains(t, "migrate", c.ok("migrate"), "database migrated to version")
	contains(t, "second migrate", c.ok("migrate"), "database migrated to version")
	if got, want := c.ok("seed"), fmt.Sprintf("seed: %d created, 0 updated, 0 unchanged\n", total); got != want {
		t.Errorf("first seed printed %q, want %q", got, want)
	}
	if got, want := c.ok("seed"), fmt.Sprintf("seed: 0 created, 0 updated, %d unchanged\n", total); got != want {
		t.Errorf("second seed printed %q, want %q", got, want)
	}

	out := c.ok("figures")
	contains(t, "figures", out, "92 documented", "“dozens” (no number given)", "(derived)",
		fmt.Sprintf("%d of %d figures", len(b.Figures), len(b.Figures)))
	lines := map[string]string{}
	for _, line := range strings.Split(out, "\n") {
		if key, _, ok := strings.Cut(line, " "); ok {
			lines[key] = line
		}
	}
	rows := []struct{ key, value string }{
		{"hrw-2017-apprehended-2017-07-to-08", "41 documented"},
		{"hrw-2017-apprehended-2016-07-to-2017-06", "51 documented"},
		{"hrw-2017-apprehended-since-2016-06", "92 documented"},
		{"hrw-2017-in-custody-2017-09-18", "46"},
		{"hrw-2017-forcibly-returned-since-2016-06", "46 documented (derived)"},
		// Words without a number: the words, never a number.
		{"hrw-2017-imprisoned-after-return", "“dozens” (no number given)"},
		{"hrw-2017-guides-arrested", "“a number of” (no number given)"},
		{"famine-deaths-1994-to-1998", "“hundreds of thousands, if not millions” (no number given)"},
	}
	for _, r := range rows {
		line, ok := lines[r.key]
		if !ok {
			t.Errorf("figures does not list %s", r.key)
			continue
		}
		if !strings.Contains(line, "  "+r.value+"  ") {
			t.Errorf("figures shows %s without %q: %q", r.key, r.value, line)
		}
	}
	for _, f := range b.Figures {
		if _, ok := lines[f.Key]; !ok {
			t.Errorf("figures does not list seed figure %s", f.Key)
		}
	}

	contains(t, "figures --metric in_custody", c.ok("figures", "--metric", "in_custody"),
		"hrw-2017-in-custody-2017-09-18", "18 Sep 2017", "stock", "1 of 1 figures")
	contains(t, "figures --limit 2", c.ok("figures", "--limit", "2"), fmt.Sprintf("2 of %d figures", len(b.Figures)))
	contains(t, "figures --quotes", c.ok("figures", "--quotes", "--metric", "in_custody"), "“According to family members and activists, only 46")
	contains(t, "figures --status draft", c.ok("figures", "--status", "draft"), "0 of 0 figures")
}

// TestCommandsMigrateAnEmptyDatabase checks that a command run first on a
// new installation creates and migrates the database instead of failing
// on missing tables.
func TestCommandsMigrateAnEmptyDatabase(t *testing.T) {
	for _, args := range [][]string{{"figures"}, {"export"}, {"check"}} {
		t.Run(args[0], func(t *testing.T) {
			c := newCLI(t)
			r := c.run(args...)
			if r.code != exitOK {
				t.Fatalf("on an empty database: %s", r)
			}
		})
	}
}
